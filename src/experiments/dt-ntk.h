/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dt-experiment.h"

G_BEGIN_DECLS

extern const DtExperiment dt_experiment_ntk;

double dt_ntk_log_log_slope (const double *x,
                             const double *y,
                             guint         n);

G_END_DECLS
