/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dt-experiment.h"
#include "dt-record.h"

G_BEGIN_DECLS

guint               dt_registry_get_n_experiments (void);
const DtExperiment *dt_registry_get_experiment    (guint        index);
const DtExperiment *dt_registry_lookup            (const char  *id);

DtRecord           *dt_experiment_prepare_record  (const DtExperiment *experiment,
                                                   const DtParams     *params);
gboolean            dt_experiment_run             (const DtExperiment *experiment,
                                                   const DtParams     *params,
                                                   DtRecord           *record,
                                                   DtProgressFunc      progress,
                                                   gpointer            progress_data,
                                                   GCancellable       *cancellable,
                                                   GError            **error);

G_END_DECLS
