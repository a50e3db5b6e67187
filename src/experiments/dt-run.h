/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dt-experiment.h"
#include "dt-record.h"

G_BEGIN_DECLS

/*
 * One experiment run on a worker thread, for both front ends. The worker
 * touches only the run's guarded state, the record and the cancellable;
 * the front end polls progress from the thread that started the run and
 * learns about the end through @done, dispatched on that thread's main
 * context.
 */
typedef struct _DtRun DtRun;

typedef void (*DtRunDoneFunc) (DtRun    *run,
                               gpointer  data);

DtRun    *dt_run_start            (const DtExperiment *experiment,
                                   const DtParams     *params,
                                   DtRecord           *record,
                                   GObject            *owner,
                                   DtRunDoneFunc       done,
                                   gpointer            data);
DtRun    *dt_run_ref              (DtRun              *run);
void      dt_run_unref            (DtRun              *run);
void      dt_run_cancel           (DtRun              *run);
gboolean  dt_run_is_cancelled     (DtRun              *run);
DtRecord *dt_run_get_record       (DtRun              *run);
double    dt_run_get_progress     (DtRun              *run,
                                   char              **message);
double    dt_run_get_elapsed      (DtRun              *run);
double    dt_run_get_remaining    (DtRun              *run);
gboolean  dt_run_get_finished     (DtRun              *run);
gboolean  dt_run_get_detached     (DtRun              *run);
gboolean  dt_run_propagate_error  (DtRun              *run,
                                   GError            **error);
guint     dt_run_get_n_active     (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtRun, dt_run_unref)

G_END_DECLS
