/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-connectivity"

#include "config.h"

#include <math.h>

#include "dt-error.h"
#include "dt-registry.h"

/* A size that trains in a few seconds and still shows the effects. */
static DtParams *
small_params (const char *init)
{
  const DtExperiment *exp = dt_registry_lookup ("connectivity");
  DtParams *params = dt_params_new (exp->params, exp->n_params);
  static const char *settings[][2] = {
    { "n_train", "1000" },
    { "n_test", "500" },
    { "hidden", "64,32" },
    { "steps", "600" },
    { "spawn", "0,20,300" },
    { "alpha_points", "11" },
    { "batch", "50" },
    { "threads", "2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    g_assert_true (dt_params_set_from_string (params, settings[i][0], settings[i][1], NULL));
  g_assert_true (dt_params_set_from_string (params, "init", init, NULL));
  return params;
}

static DtRecord *
run (DtParams *params,
     GError  **error)
{
  const DtExperiment *exp = dt_registry_lookup ("connectivity");
  DtRecord *record = dt_experiment_prepare_record (exp, params);

  dt_experiment_run (exp, params, record, NULL, NULL, NULL, error);
  return record;
}

static double
spawn_value (DtRecord   *record,
             guint64     k,
             const char *member)
{
  JsonNode *node = dt_record_get_extra (record, "spawns");
  JsonArray *array;

  g_assert_nonnull (node);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      if ((guint64) json_object_get_int_member (o, "k") == k)
        return json_object_get_double_member (o, member);
    }
  g_assert_not_reached ();
  return NAN;
}

static double
instability_at (DtRecord *record,
                guint64   k)
{
  const DtSeries *s = dt_record_lookup_series (record, "instability");

  for (guint i = 0; i < s->x->len; i++)
    if (g_array_index (s->x, double, i) == (double) k)
      return g_array_index (s->y, double, i);
  g_assert_not_reached ();
  return NAN;
}

static DtRecord *shared_record;
static DtRecord *independent_record;

static void
ensure_runs (void)
{
  if (shared_record == NULL)
    {
      g_autoptr(DtParams) p = small_params ("shared");
      g_autoptr(GError) error = NULL;

      shared_record = run (p, &error);
      g_assert_no_error (error);
    }
  if (independent_record == NULL)
    {
      g_autoptr(DtParams) p = small_params ("independent");
      g_autoptr(GError) error = NULL;

      independent_record = run (p, &error);
      g_assert_no_error (error);
    }
}

/* Instability is a max minus a mean of points on the path: never negative. */
static void
test_instability_nonnegative (void)
{
  ensure_runs ();
  for (guint r = 0; r < 2; r++)
    {
      DtRecord *record = r ? independent_record : shared_record;
      const DtSeries *s = dt_record_lookup_series (record, "instability");

      g_assert_cmpuint (s->x->len, ==, 3);
      for (guint i = 0; i < s->y->len; i++)
        {
          g_assert_true (isfinite (g_array_index (s->y, double, i)));
          g_assert_cmpfloat (g_array_index (s->y, double, i), >=, 0.0);
        }
    }
}

/* α = 0 is the second run and α = 1 the first, exactly as evaluated alone. */
static void
test_endpoints (void)
{
  static const guint64 ks[] = { 0, 20, 300 };

  ensure_runs ();
  for (guint i = 0; i < G_N_ELEMENTS (ks); i++)
    {
      g_autofree char *id = g_strdup_printf ("path/k=%" G_GUINT64_FORMAT, ks[i]);
      const DtSeries *s = dt_record_lookup_series (shared_record, id);
      guint n = s->y->len;

      g_assert_cmpuint (n, ==, 11);
      g_assert_cmpfloat (g_array_index (s->x, double, 0), ==, 0.0);
      g_assert_cmpfloat (g_array_index (s->x, double, n - 1), ==, 1.0);
      g_assert_cmpfloat (g_array_index (s->y, double, 0), ==, spawn_value (shared_record, ks[i], "test_error_2"));
      g_assert_cmpfloat (g_array_index (s->y, double, n - 1), ==, spawn_value (shared_record, ks[i], "test_error_1"));
    }
}

/* Runs from different initialisations have a clear barrier; runs spawned
 * late from a shared trajectory do not. */
static void
test_independent_barrier (void)
{
  double shared, independent;

  ensure_runs ();
  shared = instability_at (shared_record, 300);
  independent = instability_at (independent_record, 300);
  g_test_message ("instability at k=300: shared %.2f %%, independent %.2f %%", shared, independent);
  g_assert_cmpfloat (independent, >, 5.0);
  g_assert_cmpfloat (independent, >, 3 * shared + 2.0);
  g_assert_cmpfloat (shared, <=, 2.0);
}

/* The same parameters and seed give the same series, bit for bit, whatever
 * the thread count. */
static void
test_determinism (void)
{
  g_autoptr(DtParams) p = small_params ("shared");
  g_autoptr(DtRecord) again = NULL;
  g_autoptr(GError) error = NULL;

  ensure_runs ();
  g_assert_true (dt_params_set_from_string (p, "threads", "1", NULL));
  again = run (p, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dt_record_get_n_series (again), ==, dt_record_get_n_series (shared_record));
  for (guint i = 0; i < dt_record_get_n_series (again); i++)
    {
      const DtSeries *a = dt_record_get_series (again, i);
      const DtSeries *b = dt_record_lookup_series (shared_record, a->id);

      g_assert_nonnull (b);
      g_assert_cmpuint (a->y->len, ==, b->y->len);
      g_assert_cmpmem (a->x->data, a->x->len * sizeof (double), b->x->data, b->x->len * sizeof (double));
      g_assert_cmpmem (a->y->data, a->y->len * sizeof (double), b->y->data, b->y->len * sizeof (double));
    }
}

static void
cancel_soon (double      fraction,
             const char *message,
             gpointer    data)
{
  if (fraction > 0.3)
    g_cancellable_cancel (data);
}

/* A stopped run keeps the spawn points it finished and says it was stopped. */
static void
test_cancel_keeps_finished (void)
{
  const DtExperiment *exp = dt_registry_lookup ("connectivity");
  g_autoptr(DtParams) p = small_params ("shared");
  g_autoptr(DtRecord) record = dt_experiment_prepare_record (exp, p);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  const DtSeries *s;

  g_assert_false (dt_experiment_run (exp, p, record, cancel_soon, cancellable, cancellable, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_CANCELLED);
  g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_CANCELLED);
  s = dt_record_lookup_series (record, "instability");
  g_assert_cmpuint (s->y->len, <, 3);
}

/* A learning rate that makes training diverge fails the run with a reason,
 * and no NaN reaches a series. */
static void
test_divergence_fails_cleanly (void)
{
  const DtExperiment *exp = dt_registry_lookup ("connectivity");
  g_autoptr(DtParams) p = small_params ("shared");
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_params_set_from_string (p, "lr", "10", NULL));
  g_assert_true (dt_params_set_from_string (p, "momentum", "0.99", NULL));
  record = dt_experiment_prepare_record (exp, p);
  g_assert_false (dt_experiment_run (exp, p, record, NULL, NULL, NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_DIVERGED);
  g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_FAILED);
  g_assert_nonnull (strstr (dt_record_get_message (record), "diverged"));
  for (guint i = 0; i < dt_record_get_n_series (record); i++)
    {
      const DtSeries *s = dt_record_get_series (record, i);

      for (guint j = 0; j < s->y->len; j++)
        g_assert_true (isfinite (g_array_index (s->y, double, j)));
    }
}

static void
test_spawn_beyond_steps (void)
{
  g_autoptr(DtParams) p = small_params ("shared");
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_params_set_from_string (p, "spawn", "0,700", NULL));
  record = run (p, &error);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM);
  g_assert_nonnull (strstr (error->message, "spawn"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/connectivity/instability-nonnegative", test_instability_nonnegative);
  g_test_add_func ("/connectivity/endpoints", test_endpoints);
  g_test_add_func ("/connectivity/independent-barrier", test_independent_barrier);
  g_test_add_func ("/connectivity/determinism", test_determinism);
  g_test_add_func ("/connectivity/cancel-keeps-finished", test_cancel_keeps_finished);
  g_test_add_func ("/connectivity/divergence", test_divergence_fails_cleanly);
  g_test_add_func ("/connectivity/spawn-beyond-steps", test_spawn_beyond_steps);
  status = g_test_run ();

  g_clear_pointer (&shared_record, dt_record_unref);
  g_clear_pointer (&independent_record, dt_record_unref);
  return status;
}
