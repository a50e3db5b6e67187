/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-run"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "descent-run.h"
#include "dt-blas.h"
#include "dt-error.h"
#include "dt-registry.h"

struct _DescentRun
{
  gatomicrefcount     ref_count;

  /* Set before the thread starts, read-only afterwards. */
  const DtExperiment *experiment;
  DtParams           *params;
  DtRecord           *record;
  GCancellable       *cancellable;
  gint64              start_time;

  /* Main thread only. */
  GThread            *thread;
  GWeakRef            owner;
  DescentRunDoneFunc  done;
  GApplication       *application;
  gboolean            finished;
  guint               detach_id;
  DtRecord           *snapshot;

  /* Shared with the worker, guarded by @mutex. */
  GMutex              mutex;
  double              fraction;
  char               *message;
  gint64              end_time;
  gboolean            ok;
  GError             *error;
  gboolean            detached;
};

/* How long a stopped worker may take to reach its next cancellation check
 * before the run detaches from it: the run then ends for its owner with
 * what was finished, and the worker is joined and freed whenever its
 * current computation (a BLAS or LAPACK call can take minutes) returns. */
#define DETACH_DELAY_MS 500

/* Worker threads not yet joined; tests wait for this to reach zero. */
static gint n_active;

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  DescentRun *run = user_data;

  if (!isfinite (fraction))
    fraction = 0.0;

  g_mutex_lock (&run->mutex);
  run->fraction = CLAMP (fraction, 0.0, 1.0);
  if (message != NULL && g_strcmp0 (message, run->message) != 0)
    {
      g_free (run->message);
      run->message = g_strdup (message);
    }
  g_mutex_unlock (&run->mutex);
}

/* Tells the owner the run has ended (once) and lets the application go. */
static void
descent_run_end (DescentRun *run)
{
  g_autoptr(GObject) owner = g_weak_ref_get (&run->owner);

  run->finished = TRUE;
  g_clear_handle_id (&run->detach_id, g_source_remove);
  if (owner != NULL && run->done != NULL)
    run->done (run, owner);
  run->done = NULL;

  if (run->application != NULL)
    {
      g_application_release (run->application);
      g_clear_object (&run->application);
    }
}

static gboolean
run_finished_idle (gpointer data)
{
  DescentRun *run = data;

  /* The worker queued this as its last act, so the join returns at once. */
  g_thread_join (run->thread);
  run->thread = NULL;
  g_atomic_int_add (&n_active, -1);

  if (!run->finished)
    descent_run_end (run);

  descent_run_unref (run);

  return G_SOURCE_REMOVE;
}

static gboolean
detach_cb (gpointer data)
{
  DescentRun *run = data;
  double seconds = (g_get_monotonic_time () - run->start_time) / (double) G_USEC_PER_SEC;

  run->detach_id = 0;

  /* The worker has just ended; its own callback is on the way. */
  g_mutex_lock (&run->mutex);
  if (run->end_time != 0)
    {
      g_mutex_unlock (&run->mutex);
      return G_SOURCE_REMOVE;
    }
  g_mutex_unlock (&run->mutex);

  run->snapshot = dt_experiment_snapshot_stopped (run->record, seconds);

  g_mutex_lock (&run->mutex);
  run->detached = TRUE;
  run->ok = FALSE;
  g_clear_error (&run->error);
  dt_check_cancelled (run->cancellable, &run->error);
  run->end_time = g_get_monotonic_time ();
  g_mutex_unlock (&run->mutex);

  descent_run_end (run);

  return G_SOURCE_REMOVE;
}

static gboolean
error_is_cancellation (const GError *error)
{
  return g_error_matches (error, DT_ERROR, DT_ERROR_CANCELLED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static gpointer
run_thread (gpointer data)
{
  DescentRun *run = data;
  GError *error = NULL;
  gboolean ok;
  double seconds;

  ok = dt_experiment_run (run->experiment, run->params, run->record,
                          progress_cb, run, run->cancellable, &error);

  if (ok && g_cancellable_is_cancelled (run->cancellable))
    {
      /* Cancelled after the last check: what finished is complete. */
      g_clear_error (&error);
    }

  /* The experiments set the final status; make sure a record never stays
   * "running" if one of them forgot. */
  if (dt_record_get_status (run->record) == DT_STATUS_RUNNING)
    {
      if (ok)
        dt_record_set_status (run->record, DT_STATUS_COMPLETE, NULL);
      else if (error_is_cancellation (error))
        dt_record_set_status (run->record, DT_STATUS_CANCELLED, error->message);
      else
        dt_record_set_status (run->record, DT_STATUS_FAILED,
                              error != NULL ? error->message : NULL);
    }

  seconds = (g_get_monotonic_time () - run->start_time) / (double) G_USEC_PER_SEC;
  if (dt_record_get_provenance (run->record)->wall_seconds <= 0.0)
    dt_record_set_wall_seconds (run->record, seconds);

  g_mutex_lock (&run->mutex);
  if (run->detached)
    g_clear_error (&error);
  else
    {
      run->ok = ok;
      run->error = error;
      run->end_time = g_get_monotonic_time ();
      if (ok)
        run->fraction = 1.0;
    }
  g_mutex_unlock (&run->mutex);

  /* Hand our reference to the main thread, which joins us. */
  g_idle_add_full (G_PRIORITY_DEFAULT, run_finished_idle, run, NULL);

  return NULL;
}

/**
 * descent_run_start:
 * @experiment: the experiment to run
 * @params: its parameters (copied)
 * @record: the record the run fills, from dt_experiment_prepare_record()
 * @owner: (nullable): the object @done is called for, held weakly
 * @done: (nullable): called on the main thread once the worker has ended
 *   and been joined, unless @owner is gone by then
 *
 * Starts @experiment on a new thread. The default #GApplication, if any, is
 * held until the thread has been joined, so quitting never abandons a worker.
 *
 * Returns: (transfer full): the run
 */
DescentRun *
descent_run_start (const DtExperiment *experiment,
                   const DtParams     *params,
                   DtRecord           *record,
                   GObject            *owner,
                   DescentRunDoneFunc  done)
{
  DescentRun *run;
  GApplication *application;

  g_return_val_if_fail (experiment != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (owner == NULL || G_IS_OBJECT (owner), NULL);

  run = g_new0 (DescentRun, 1);
  g_atomic_ref_count_init (&run->ref_count);
  g_mutex_init (&run->mutex);
  g_weak_ref_init (&run->owner, owner);
  run->experiment = experiment;
  run->params = dt_params_copy (params);
  run->record = dt_record_ref (record);
  run->cancellable = g_cancellable_new ();
  run->done = done;

  application = g_application_get_default ();
  if (application != NULL)
    {
      run->application = g_object_ref (application);
      g_application_hold (application);
    }

  /* One worker: leave a core to the main loop, unless the user chose. */
  if (g_getenv ("OPENBLAS_NUM_THREADS") == NULL)
    dt_blas_set_threads (MAX (1, dt_cpu_count () - 1));

  g_atomic_int_inc (&n_active);
  run->start_time = g_get_monotonic_time ();
  run->thread = g_thread_new ("descent-run", run_thread, descent_run_ref (run));

  return run;
}

/**
 * descent_run_ref:
 * @run: a run
 *
 * Returns: (transfer full): @run
 */
DescentRun *
descent_run_ref (DescentRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  g_atomic_ref_count_inc (&run->ref_count);

  return run;
}

/**
 * descent_run_unref:
 * @run: (transfer full): a run
 *
 * Drops a reference. The worker holds its own until it has been joined.
 */
void
descent_run_unref (DescentRun *run)
{
  g_return_if_fail (run != NULL);

  if (!g_atomic_ref_count_dec (&run->ref_count))
    return;

  g_assert (run->thread == NULL);
  g_assert (run->detach_id == 0);

  dt_params_free (run->params);
  dt_record_unref (run->record);
  g_clear_pointer (&run->snapshot, dt_record_unref);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->application);
  g_weak_ref_clear (&run->owner);
  g_clear_pointer (&run->message, g_free);
  g_clear_error (&run->error);
  g_mutex_clear (&run->mutex);
  g_free (run);
}

/**
 * descent_run_cancel:
 * @run: a run
 *
 * Asks the worker to stop; it ends at its next cancellation check. If
 * that takes longer than half a second, the run detaches from the worker
 * and ends for its owner at once with what was finished, marked cancelled.
 */
void
descent_run_cancel (DescentRun *run)
{
  g_return_if_fail (run != NULL);

  g_cancellable_cancel (run->cancellable);
  if (!run->finished && run->detach_id == 0)
    run->detach_id = g_timeout_add_full (G_PRIORITY_DEFAULT, DETACH_DELAY_MS, detach_cb,
                                         descent_run_ref (run),
                                         (GDestroyNotify) descent_run_unref);
}

/**
 * descent_run_is_cancelled:
 * @run: a run
 *
 * Returns: whether descent_run_cancel() was called
 */
gboolean
descent_run_is_cancelled (DescentRun *run)
{
  g_return_val_if_fail (run != NULL, FALSE);

  return g_cancellable_is_cancelled (run->cancellable);
}

/**
 * descent_run_get_record:
 * @run: a run
 *
 * Returns: (transfer none): the record the worker fills; read it only with
 *   the record's thread-safe functions (dt_record_copy(), the generation)
 *   until the run has finished. A run that detached from its worker gives
 *   the copy it made then, which no longer changes.
 */
DtRecord *
descent_run_get_record (DescentRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  return run->snapshot != NULL ? run->snapshot : run->record;
}

/**
 * descent_run_get_progress:
 * @run: a run
 * @message: (out) (optional) (transfer full) (nullable): the latest progress
 *   message
 *
 * Returns: the fraction done, in [0, 1]
 */
double
descent_run_get_progress (DescentRun  *run,
                          char       **message)
{
  double fraction;

  g_return_val_if_fail (run != NULL, 0.0);

  g_mutex_lock (&run->mutex);
  fraction = run->fraction;
  if (message != NULL)
    *message = g_strdup (run->message);
  g_mutex_unlock (&run->mutex);

  return fraction;
}

/**
 * descent_run_get_elapsed:
 * @run: a run
 *
 * Returns: seconds since the start, or the run's duration once it ended
 */
double
descent_run_get_elapsed (DescentRun *run)
{
  gint64 end;

  g_return_val_if_fail (run != NULL, 0.0);

  g_mutex_lock (&run->mutex);
  end = run->end_time != 0 ? run->end_time : g_get_monotonic_time ();
  g_mutex_unlock (&run->mutex);

  return (end - run->start_time) / (double) G_USEC_PER_SEC;
}

/**
 * descent_run_get_finished:
 * @run: a run
 *
 * Returns: whether the run has ended for its owner: the worker has been
 *   joined, or the run detached from it after a stop
 */
gboolean
descent_run_get_finished (DescentRun *run)
{
  g_return_val_if_fail (run != NULL, FALSE);

  return run->finished;
}

/**
 * descent_run_propagate_error:
 * @run: a finished run
 * @error: return location for the run's error
 *
 * Returns: %TRUE if the run succeeded, otherwise %FALSE with @error set
 *   (%DT_ERROR_CANCELLED when it was stopped)
 */
gboolean
descent_run_propagate_error (DescentRun  *run,
                             GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (run != NULL, FALSE);

  g_mutex_lock (&run->mutex);
  ok = run->ok;
  if (!ok)
    {
      if (run->error != NULL)
        g_propagate_error (error, g_error_copy (run->error));
      else
        g_set_error_literal (error, DT_ERROR, DT_ERROR_FAILED,
                             _("The experiment failed without giving a reason"));
    }
  g_mutex_unlock (&run->mutex);

  return ok;
}

/**
 * descent_run_get_n_active:
 *
 * Returns: how many worker threads have started and not yet been joined
 */
guint
descent_run_get_n_active (void)
{
  return (guint) g_atomic_int_get (&n_active);
}
