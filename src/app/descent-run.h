/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dt-experiment.h"
#include "dt-record.h"

G_BEGIN_DECLS

/*
 * One experiment run on a dedicated worker thread. The worker touches only
 * this struct, the record and the cancellable; the front end polls it from
 * the main thread and learns about the end through @done, called from an
 * idle callback on the main context.
 */
typedef struct _DescentRun DescentRun;

typedef void (*DescentRunDoneFunc) (DescentRun *run,
                                    gpointer    owner);

DescentRun *descent_run_start          (const DtExperiment *experiment,
                                        const DtParams     *params,
                                        DtRecord           *record,
                                        GObject            *owner,
                                        DescentRunDoneFunc  done);
DescentRun *descent_run_ref            (DescentRun         *run);
void        descent_run_unref          (DescentRun         *run);
void        descent_run_cancel         (DescentRun         *run);
gboolean    descent_run_is_cancelled   (DescentRun         *run);
DtRecord   *descent_run_get_record     (DescentRun         *run);
double      descent_run_get_progress   (DescentRun         *run,
                                        char              **message);
double      descent_run_get_elapsed    (DescentRun         *run);
gboolean    descent_run_get_finished   (DescentRun         *run);
gboolean    descent_run_propagate_error (DescentRun        *run,
                                        GError            **error);
guint       descent_run_get_n_active   (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DescentRun, descent_run_unref)

G_END_DECLS
