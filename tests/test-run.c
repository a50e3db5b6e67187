/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The run driver: a run ends once for its owner, on the starting thread's
 * main context, with the status and error of the experiment; a stop ends
 * it within a second, detaching from a worker stuck in one long call. */
#define G_LOG_DOMAIN "test-run"

#include "config.h"

#include <string.h>

#include "dt-error.h"
#include "dt-registry.h"
#include "dt-run.h"

typedef struct
{
  GMainLoop *loop;
  guint      n_done;
  GThread   *thread;
  gint64     done_time;
} Done;

static void
done_cb (DtRun    *run,
         gpointer  data)
{
  Done *done = data;

  g_assert_true (dt_run_get_finished (run));
  done->n_done++;
  done->thread = g_thread_self ();
  done->done_time = g_get_monotonic_time ();
  g_main_loop_quit (done->loop);
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("the run did not end in time");
  return G_SOURCE_REMOVE;
}

static DtParams *
params_of (const char        *id,
           const char *const *settings)
{
  const DtExperiment *exp = dt_registry_lookup (id);
  DtParams *params = dt_params_new (exp->params, exp->n_params);

  for (guint i = 0; settings[i] != NULL; i += 2)
    g_assert_true (dt_params_set_from_string (params, settings[i], settings[i + 1], NULL));
  return params;
}

/* Iterates until every worker has been joined. */
static void
wait_for_workers (void)
{
  guint id = g_timeout_add_seconds (120, timeout_cb, NULL);

  while (dt_run_get_n_active () > 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static void
test_complete (void)
{
  static const char *const settings[] = {
    "widths", "32,64", "n_train", "8", "orders", "2", "t_max", "5", "t_points", "3", NULL
  };
  const DtExperiment *exp = dt_registry_lookup ("ntk");
  g_autoptr(DtParams) params = params_of ("ntk", settings);
  g_autoptr(DtRecord) record = dt_experiment_prepare_record (exp, params);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRun) run = NULL;
  Done done = { loop, };
  guint id;

  run = dt_run_start (exp, params, record, NULL, done_cb, &done);
  g_assert_false (dt_run_get_finished (run));
  id = g_timeout_add_seconds (120, timeout_cb, NULL);
  g_main_loop_run (loop);
  g_source_remove (id);

  g_assert_cmpuint (done.n_done, ==, 1);
  g_assert_true (done.thread == g_thread_self ());
  g_assert_cmpuint (dt_run_get_n_active (), ==, 0);
  g_assert_false (dt_run_get_detached (run));
  g_assert_true (dt_run_propagate_error (run, &error));
  g_assert_no_error (error);
  g_assert_true (dt_run_get_record (run) == record);
  g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_COMPLETE);
  g_assert_cmpfloat (dt_run_get_progress (run, NULL), ==, 1.0);
  g_assert_cmpfloat (dt_run_get_remaining (run), ==, -1.0);
  g_assert_cmpfloat (dt_run_get_elapsed (run), >, 0.0);
  g_assert_cmpfloat (dt_run_get_elapsed (run), ==, dt_run_get_elapsed (run));
}

/* A failure of the experiment is the run's error and the record's status. */
static void
test_failed (void)
{
  static const char *const settings[] = { "dataset", "/nonexistent/images-idx3-ubyte", NULL };
  const DtExperiment *exp = dt_registry_lookup ("connectivity");
  g_autoptr(DtParams) params = params_of ("connectivity", settings);
  g_autoptr(DtRecord) record = dt_experiment_prepare_record (exp, params);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRun) run = NULL;
  Done done = { loop, };

  run = dt_run_start (exp, params, record, NULL, done_cb, &done);
  g_main_loop_run (loop);

  g_assert_cmpuint (done.n_done, ==, 1);
  g_assert_false (dt_run_propagate_error (run, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "/nonexistent"));
  g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_FAILED);
}

/* Stopped inside a long least-squares fit (LAPACK, no cancellation check)
 * or between two: the run ends within a second either way, marked
 * cancelled; a detached worker is joined once its call returns. */
static void
test_stop (void)
{
  static const char *const settings[] = {
    "widths", "2000", "n_train", "8000", "n_test", "50", "trials", "1", "threads", "1", NULL
  };
  const DtExperiment *exp = dt_registry_lookup ("bias-variance");
  g_autoptr(DtParams) params = params_of ("bias-variance", settings);
  g_autoptr(DtRecord) record = dt_experiment_prepare_record (exp, params);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRun) run = NULL;
  Done done = { loop, };
  gint64 cancel_time;

  run = dt_run_start (exp, params, record, NULL, done_cb, &done);
  g_usleep (G_USEC_PER_SEC);
  cancel_time = g_get_monotonic_time ();
  dt_run_cancel (run);
  g_assert_true (dt_run_is_cancelled (run));
  g_main_loop_run (loop);

  g_assert_cmpuint (done.n_done, ==, 1);
  g_test_message ("ended %.0f ms after the stop, %s", (done.done_time - cancel_time) / 1e3,
                  dt_run_get_detached (run) ? "detached" : "joined");
  g_assert_cmpint (done.done_time - cancel_time, <, G_USEC_PER_SEC);
  g_assert_false (dt_run_propagate_error (run, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_CANCELLED);
  g_assert_cmpint (dt_record_get_status (dt_run_get_record (run)), ==, DT_STATUS_CANCELLED);

  wait_for_workers ();
  g_assert_cmpuint (done.n_done, ==, 1);
}

/* Once its owner is gone a run tells no one, and still joins its worker. */
static void
test_owner_gone (void)
{
  static const char *const settings[] = {
    "widths", "32", "n_train", "8", "orders", "2", "t_max", "5", "t_points", "3", NULL
  };
  const DtExperiment *exp = dt_registry_lookup ("ntk");
  g_autoptr(DtParams) params = params_of ("ntk", settings);
  g_autoptr(DtRecord) record = dt_experiment_prepare_record (exp, params);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GObject *owner = g_object_new (G_TYPE_OBJECT, NULL);
  DtRun *run;
  Done done = { loop, };

  run = dt_run_start (exp, params, record, owner, done_cb, &done);
  g_object_unref (owner);
  dt_run_unref (run);
  wait_for_workers ();
  g_assert_cmpuint (done.n_done, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/run/complete", test_complete);
  g_test_add_func ("/run/failed", test_failed);
  g_test_add_func ("/run/stop", test_stop);
  g_test_add_func ("/run/owner-gone", test_owner_gone);

  return g_test_run ();
}
