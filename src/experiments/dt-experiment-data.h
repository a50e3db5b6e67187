/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dt-data.h"
#include "dt-params.h"

G_BEGIN_DECLS

/* Makes an experiment's synthetic data set of @n_train and @n_test points. */
typedef void (*DtSyntheticFunc) (const DtParams  *params,
                                 guint64          seed,
                                 guint            n_train,
                                 guint            n_test,
                                 DtDataset      **train,
                                 DtDataset      **test);

gboolean   dt_experiment_load_data (const DtParams   *params,
                                    guint64           seed,
                                    guint             downsample,
                                    DtSyntheticFunc   synthetic,
                                    DtDataset       **train,
                                    DtDataset       **test,
                                    GCancellable     *cancellable,
                                    GError          **error);
DtDataset *dt_experiment_data_head (const DtDataset  *data,
                                    guint             n);

G_END_DECLS
