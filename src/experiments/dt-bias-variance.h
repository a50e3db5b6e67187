/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dt-experiment.h"

G_BEGIN_DECLS

extern const DtExperiment dt_experiment_bias_variance;

void dt_bv_mse_pair   (const double  *f1,
                       const double  *f2,
                       const float   *y,
                       const guint32 *labels,
                       guint          n,
                       guint          k,
                       double        *risk,
                       double        *variance);
void dt_bv_ce_models  (const double  *log_probs,
                       const guint32 *labels,
                       guint          n_models,
                       guint          n,
                       guint          k,
                       double        *risk,
                       double        *variance);

G_END_DECLS
