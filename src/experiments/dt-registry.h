/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dt-experiment.h"
#include "dt-record.h"

G_BEGIN_DECLS

guint               dt_registry_get_n_experiments (void);
const DtExperiment *dt_registry_get_experiment    (guint        index);
const DtExperiment *dt_registry_lookup            (const char  *id);

void                dt_experiment_estimate        (const DtExperiment *experiment,
                                                   const DtParams     *params,
                                                   DtRunEstimate      *estimate);
gboolean            dt_experiment_check           (const DtExperiment *experiment,
                                                   const DtParams     *params,
                                                   GError            **error);
DtRecord           *dt_experiment_prepare_record  (const DtExperiment *experiment,
                                                   const DtParams     *params);
gboolean            dt_experiment_run             (const DtExperiment *experiment,
                                                   const DtParams     *params,
                                                   DtRecord           *record,
                                                   DtProgressFunc      progress,
                                                   gpointer            progress_data,
                                                   GCancellable       *cancellable,
                                                   GError            **error);

DtRecord           *dt_experiment_snapshot_stopped (DtRecord          *record,
                                                    double             wall_seconds);

G_END_DECLS
