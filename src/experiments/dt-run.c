/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The run driver of both front ends: an experiment on a worker thread with
 * its progress, elapsed and remaining time, cancellation, and the end of
 * the run told on the main context of the thread that started it. A worker
 * stopped inside one long computation (a BLAS or LAPACK call can take
 * minutes) is detached after half a second: the run then ends with what
 * was finished, and the worker is joined whenever that call returns.
 */
#define G_LOG_DOMAIN "descent-run"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "dt-error.h"
#include "dt-lock.h"
#include "dt-registry.h"
#include "dt-run.h"

struct _DtRun
{
  gatomicrefcount     ref_count;

  /* Set before the thread starts, read-only afterwards. */
  const DtExperiment *experiment;
  DtParams           *params;
  DtRecord           *record;
  GCancellable       *cancellable;
  GMainContext       *context;
  gint64              start_time;

  /* The starting thread only. */
  GThread            *thread;
  gboolean            has_owner;
  GWeakRef            owner;
  DtRunDoneFunc       done;
  gpointer            done_data;
  GApplication       *application;
  gboolean            finished;
  GSource            *detach_source;
  DtRecord           *snapshot;

  /* Set by the worker as its last act, read by the finished source. */
  gint                worker_done;   /* atomic */

  /* Shared with the worker, guarded by @mutex. */
  GMutex              mutex;
  double              fraction;
  char               *message;
  gint64              end_time;
  gboolean            ok;
  GError             *error;
  gboolean            detached;
};

#define DETACH_DELAY_MS 500

/* Worker threads not yet joined; tests wait for this to reach zero. */
static gint n_active;

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  DtRun *run = user_data;

  if (!isfinite (fraction))
    fraction = 0.0;

  dt_mutex_lock (&run->mutex);
  run->fraction = CLAMP (fraction, 0.0, 1.0);
  if (message != NULL && g_strcmp0 (message, run->message) != 0)
    {
      g_free (run->message);
      run->message = g_strdup (message);
    }
  dt_mutex_unlock (&run->mutex);
}

/* Tells the owner the run has ended (once) and lets the application go. */
static void
run_end (DtRun *run)
{
  g_autoptr(GObject) owner = run->has_owner ? g_weak_ref_get (&run->owner) : NULL;
  DtRunDoneFunc done = run->done;

  run->finished = TRUE;
  run->done = NULL;
  if (run->detach_source != NULL)
    {
      g_source_destroy (run->detach_source);
      g_clear_pointer (&run->detach_source, g_source_unref);
    }
  if (done != NULL && (!run->has_owner || owner != NULL))
    done (run, run->done_data);

  if (run->application != NULL)
    {
      g_application_release (run->application);
      g_clear_object (&run->application);
    }
}

/*
 * The worker's end reaches the starting thread through an atomic flag and
 * a wakeup of its main context, seen by this source, which that thread
 * made: nothing the main loop frees is allocated by the worker (GLib locks
 * its main contexts with futexes, which ThreadSanitizer does not see).
 */
typedef struct
{
  GSource  source;
  DtRun   *run;
} FinishedSource;

static gboolean
finished_source_prepare (GSource *source,
                         int     *timeout)
{
  *timeout = -1;
  return g_atomic_int_get (&((FinishedSource *) source)->run->worker_done);
}

static gboolean
finished_source_check (GSource *source)
{
  return g_atomic_int_get (&((FinishedSource *) source)->run->worker_done);
}

static gboolean
finished_source_dispatch (GSource     *source,
                          GSourceFunc  callback,
                          gpointer     data)
{
  DtRun *run = ((FinishedSource *) source)->run;

  /* The flag was the worker's last act, so the join returns at once. */
  g_thread_join (run->thread);
  run->thread = NULL;
  g_atomic_int_add (&n_active, -1);

  if (!run->finished)
    run_end (run);

  return G_SOURCE_REMOVE;
}

static void
finished_source_finalize (GSource *source)
{
  dt_run_unref (((FinishedSource *) source)->run);
}

static GSourceFuncs finished_source_funcs = {
  finished_source_prepare, finished_source_check, finished_source_dispatch,
  finished_source_finalize, NULL, NULL
};

static gboolean
detach_cb (gpointer data)
{
  DtRun *run = data;
  double seconds = (g_get_monotonic_time () - run->start_time) / (double) G_USEC_PER_SEC;
  gboolean ended;

  g_clear_pointer (&run->detach_source, g_source_unref);

  /* The worker has just ended; its own notice is on the way. */
  dt_mutex_lock (&run->mutex);
  ended = run->end_time != 0;
  dt_mutex_unlock (&run->mutex);
  if (ended)
    return G_SOURCE_REMOVE;

  run->snapshot = dt_experiment_snapshot_stopped (run->record, seconds);

  dt_mutex_lock (&run->mutex);
  run->detached = TRUE;
  run->ok = FALSE;
  g_clear_error (&run->error);
  dt_check_cancelled (run->cancellable, &run->error);
  run->end_time = g_get_monotonic_time ();
  dt_mutex_unlock (&run->mutex);

  run_end (run);

  return G_SOURCE_REMOVE;
}

static gpointer
run_thread (gpointer data)
{
  DtRun *run = data;
  GError *error = NULL;
  gboolean ok;

  /* It sets the record's final status and wall time itself. */
  ok = dt_experiment_run (run->experiment, run->params, run->record,
                          progress_cb, run, run->cancellable, &error);

  dt_mutex_lock (&run->mutex);
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
  dt_mutex_unlock (&run->mutex);

  g_atomic_int_set (&run->worker_done, TRUE);
  g_main_context_wakeup (run->context);

  return NULL;
}

/**
 * dt_run_start:
 * @experiment: the experiment to run
 * @params: its parameters (copied)
 * @record: the record the run fills, from dt_experiment_prepare_record()
 * @owner: (nullable): if given, @done is called only while it is alive
 *   (it is held weakly)
 * @done: (nullable): called on the thread-default main context of the
 *   caller once the worker has ended and been joined, or once the run has
 *   detached from it after a stop
 * @data: the data passed to @done
 *
 * Starts @experiment on a new thread. The default #GApplication, if any, is
 * held until the run has ended, so quitting never abandons a worker.
 *
 * Returns: (transfer full): the run
 */
DtRun *
dt_run_start (const DtExperiment *experiment,
              const DtParams     *params,
              DtRecord           *record,
              GObject            *owner,
              DtRunDoneFunc       done,
              gpointer            data)
{
  DtRun *run;
  GApplication *application;
  GSource *source;

  g_return_val_if_fail (experiment != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (owner == NULL || G_IS_OBJECT (owner), NULL);

  run = g_new0 (DtRun, 1);
  g_atomic_ref_count_init (&run->ref_count);
  g_mutex_init (&run->mutex);
  g_weak_ref_init (&run->owner, owner);
  run->has_owner = owner != NULL;
  run->experiment = experiment;
  run->params = dt_params_copy (params);
  run->record = dt_record_ref (record);
  run->cancellable = g_cancellable_new ();
  run->context = g_main_context_ref_thread_default ();
  run->done = done;
  run->done_data = data;

  application = g_application_get_default ();
  if (application != NULL)
    {
      run->application = g_object_ref (application);
      g_application_hold (application);
    }

  source = g_source_new (&finished_source_funcs, sizeof (FinishedSource));
  ((FinishedSource *) source)->run = dt_run_ref (run);
  g_source_set_static_name (source, "[descent] run finished");
  g_source_attach (source, run->context);
  g_source_unref (source);

  g_atomic_int_inc (&n_active);
  run->start_time = g_get_monotonic_time ();
  run->thread = g_thread_new ("descent-run", run_thread, run);

  return run;
}

/**
 * dt_run_ref:
 * @run: a run
 *
 * Returns: (transfer full): @run
 */
DtRun *
dt_run_ref (DtRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  g_atomic_ref_count_inc (&run->ref_count);

  return run;
}

/**
 * dt_run_unref:
 * @run: (transfer full): a run
 *
 * Drops a reference. The run keeps its own until its worker has been joined.
 */
void
dt_run_unref (DtRun *run)
{
  g_return_if_fail (run != NULL);

  if (!g_atomic_ref_count_dec (&run->ref_count))
    return;

  g_assert (run->thread == NULL);
  g_assert (run->detach_source == NULL);

  dt_params_free (run->params);
  dt_record_unref (run->record);
  g_clear_pointer (&run->snapshot, dt_record_unref);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->application);
  g_main_context_unref (run->context);
  g_weak_ref_clear (&run->owner);
  g_clear_pointer (&run->message, g_free);
  g_clear_error (&run->error);
  g_mutex_clear (&run->mutex);
  g_free (run);
}

/**
 * dt_run_cancel:
 * @run: a run
 *
 * Asks the worker to stop; it ends at its next cancellation check. If
 * that takes longer than half a second, the run detaches from the worker
 * and ends at once with what was finished, marked cancelled.
 */
void
dt_run_cancel (DtRun *run)
{
  g_return_if_fail (run != NULL);

  g_cancellable_cancel (run->cancellable);
  if (!run->finished && run->detach_source == NULL)
    {
      run->detach_source = g_timeout_source_new (DETACH_DELAY_MS);
      g_source_set_callback (run->detach_source, detach_cb, dt_run_ref (run),
                             (GDestroyNotify) dt_run_unref);
      g_source_attach (run->detach_source, run->context);
    }
}

/**
 * dt_run_is_cancelled:
 * @run: a run
 *
 * Returns: whether dt_run_cancel() was called
 */
gboolean
dt_run_is_cancelled (DtRun *run)
{
  g_return_val_if_fail (run != NULL, FALSE);

  return g_cancellable_is_cancelled (run->cancellable);
}

/**
 * dt_run_get_record:
 * @run: a run
 *
 * Returns: (transfer none): the record the worker fills; read it only with
 *   the record's thread-safe functions (dt_record_copy(), the generation)
 *   until the run has finished. A run that detached from its worker gives
 *   the copy it made then, which no longer changes.
 */
DtRecord *
dt_run_get_record (DtRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  return run->snapshot != NULL ? run->snapshot : run->record;
}

/**
 * dt_run_get_progress:
 * @run: a run
 * @message: (out) (optional) (transfer full) (nullable): the latest progress
 *   message
 *
 * Returns: the fraction done, in [0, 1]
 */
double
dt_run_get_progress (DtRun  *run,
                     char  **message)
{
  double fraction;

  g_return_val_if_fail (run != NULL, 0.0);

  dt_mutex_lock (&run->mutex);
  fraction = run->fraction;
  if (message != NULL)
    *message = g_strdup (run->message);
  dt_mutex_unlock (&run->mutex);

  return fraction;
}

/**
 * dt_run_get_elapsed:
 * @run: a run
 *
 * Returns: seconds since the start, or the run's duration once it ended
 */
double
dt_run_get_elapsed (DtRun *run)
{
  gint64 end;

  g_return_val_if_fail (run != NULL, 0.0);

  dt_mutex_lock (&run->mutex);
  end = run->end_time != 0 ? run->end_time : g_get_monotonic_time ();
  dt_mutex_unlock (&run->mutex);

  return (end - run->start_time) / (double) G_USEC_PER_SEC;
}

/**
 * dt_run_get_remaining:
 * @run: a run
 *
 * Estimates the time left from the fraction done and the time taken so
 * far, once there is enough of both to go by (2 % and one second).
 *
 * Returns: the seconds left, or -1 if it cannot be told yet or the run
 *   has ended
 */
double
dt_run_get_remaining (DtRun *run)
{
  double fraction = dt_run_get_progress (run, NULL);
  double elapsed = dt_run_get_elapsed (run);
  gboolean ended;

  dt_mutex_lock (&run->mutex);
  ended = run->end_time != 0;
  dt_mutex_unlock (&run->mutex);

  if (ended || fraction < 0.02 || fraction >= 1.0 || elapsed < 1.0)
    return -1.0;
  return elapsed * (1.0 - fraction) / fraction;
}

/**
 * dt_run_get_finished:
 * @run: a run
 *
 * Returns: whether the run has ended: the worker has been joined, or the
 *   run detached from it after a stop
 */
gboolean
dt_run_get_finished (DtRun *run)
{
  g_return_val_if_fail (run != NULL, FALSE);

  return run->finished;
}

/**
 * dt_run_get_detached:
 * @run: a run
 *
 * Returns: whether the run ended without its worker, which was still
 *   inside one long computation half a second after the stop
 */
gboolean
dt_run_get_detached (DtRun *run)
{
  gboolean detached;

  g_return_val_if_fail (run != NULL, FALSE);

  dt_mutex_lock (&run->mutex);
  detached = run->detached;
  dt_mutex_unlock (&run->mutex);

  return detached;
}

/**
 * dt_run_propagate_error:
 * @run: a finished run
 * @error: return location for the run's error
 *
 * Returns: %TRUE if the run succeeded, otherwise %FALSE with @error set
 *   (%DT_ERROR_CANCELLED when it was stopped)
 */
gboolean
dt_run_propagate_error (DtRun   *run,
                        GError **error)
{
  gboolean ok;

  g_return_val_if_fail (run != NULL, FALSE);

  dt_mutex_lock (&run->mutex);
  ok = run->ok;
  if (!ok)
    {
      if (run->error != NULL)
        g_propagate_error (error, g_error_copy (run->error));
      else
        g_set_error_literal (error, DT_ERROR, DT_ERROR_FAILED,
                             _("The experiment failed without giving a reason"));
    }
  dt_mutex_unlock (&run->mutex);

  return ok;
}

/**
 * dt_run_get_n_active:
 *
 * Returns: how many worker threads have started and not yet been joined
 */
guint
dt_run_get_n_active (void)
{
  return (guint) g_atomic_int_get (&n_active);
}
