/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The experiment contract, for every registered experiment: its id, its
 * parameter table (the common parameters, defaults inside their ranges),
 * the plots prepare() lays out, a tiny run, its source in po/POTFILES, and
 * that records of its earlier parameter versions still open. */
#define G_LOG_DOMAIN "test-registry"

#include "config.h"

#include <string.h>

#include "dt-registry.h"

/* A run of each experiment that takes a fraction of a second. A new
 * experiment needs a line here, or the test fails. */
static const struct
{
  const char *id;
  const char *settings[24];
} tiny[] = {
  { "bias-variance", { "widths", "4,16", "trials", "2", "n_train", "40", "n_test", "50", NULL } },
  { "connectivity", { "n_train", "200", "n_test", "100", "hidden", "8", "steps", "20",
                      "spawn", "0,5", "alpha_points", "3", "batch", "20", NULL } },
  { "ntk", { "widths", "32", "n_train", "8", "orders", "2", "t_max", "5", "t_points", "3", NULL } },
  { "pruning", { "overparam", "1,2", "n_train", "200", "n_test", "100", NULL } },
};

static const char *const *
tiny_settings (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (tiny); i++)
    if (g_str_equal (tiny[i].id, id))
      return tiny[i].settings;
  return NULL;
}

static void
test_ids (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (dt_registry_get_n_experiments (), >=, 4);
  for (guint i = 0; i < dt_registry_get_n_experiments (); i++)
    {
      const DtExperiment *exp = dt_registry_get_experiment (i);

      g_assert_nonnull (exp->id);
      for (const char *c = exp->id; *c != '\0'; c++)
        g_assert_true (g_ascii_islower (*c) || g_ascii_isdigit (*c) || *c == '-');
      g_assert_true (g_hash_table_add (seen, (gpointer) exp->id));
      g_assert_true (dt_registry_lookup (exp->id) == exp);
      g_assert_true (exp->title != NULL && exp->title[0] != '\0');
      g_assert_true (exp->summary != NULL && exp->summary[0] != '\0');
      g_assert_nonnull (exp->prepare);
      g_assert_nonnull (exp->run);
      g_assert_nonnull (exp->estimate);
    }
  g_assert_null (dt_registry_lookup ("no-such-experiment"));
}

static void
assert_common (const DtExperiment *exp,
               const char         *key,
               const char         *label,
               DtParamType         type)
{
  for (guint j = 0; j < exp->n_params; j++)
    if (g_str_equal (exp->params[j].key, key))
      {
        g_assert_cmpstr (exp->params[j].label, ==, label);
        g_assert_cmpint (exp->params[j].type, ==, type);
        return;
      }
  g_error ("%s has no parameter “%s”", exp->id, key);
}

static void
test_params (void)
{
  for (guint i = 0; i < dt_registry_get_n_experiments (); i++)
    {
      const DtExperiment *exp = dt_registry_get_experiment (i);
      g_autoptr(DtParams) defaults = dt_params_new (exp->params, exp->n_params);
      g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GError) error = NULL;

      assert_common (exp, "seed", "Seed", DT_PARAM_INT);
      assert_common (exp, "threads", "Threads", DT_PARAM_INT);
      assert_common (exp, "dataset", "Data set", DT_PARAM_STRING);
      assert_common (exp, "n_train", "Training points", DT_PARAM_INT);
      assert_common (exp, "n_test", "Test points", DT_PARAM_INT);

      for (guint j = 0; j < exp->n_params; j++)
        {
          const DtParamSpec *spec = &exp->params[j];
          g_autofree char *def = dt_params_to_string (defaults, spec->key);

          g_assert_true (g_hash_table_add (keys, (gpointer) spec->key));
          g_assert_true (spec->label != NULL && spec->label[0] != '\0');
          g_assert_true (spec->help != NULL && spec->help[0] != '\0');
          if (spec->type == DT_PARAM_INT || spec->type == DT_PARAM_DOUBLE)
            {
              g_assert_cmpfloat (spec->min, <=, spec->def);
              g_assert_cmpfloat (spec->def, <=, spec->max);
            }
          if (spec->type == DT_PARAM_CHOICE)
            g_assert_true (g_strv_contains ((const char * const *) spec->choices, spec->def_str));
          /* a label for every choice, or none */
          if (spec->choice_labels != NULL)
            g_assert_cmpuint (g_strv_length ((char **) spec->choice_labels), ==,
                              g_strv_length ((char **) spec->choices));
          /* when it applies is said in other parameters' terms */
          if (!dt_param_spec_check_applies (exp->params, exp->n_params, spec, &error))
            g_error ("%s: %s", exp->id, error->message);
          /* the default, as text, is a value the parameter accepts */
          if (!dt_params_set_from_string (defaults, spec->key, def, &error))
            g_error ("%s: the default of %s, “%s”, is refused: %s",
                     exp->id, spec->key, def, error->message);
        }

      /* the defaults pass the checks between parameters */
      g_assert_true (dt_experiment_check (exp, defaults, &error));
      g_assert_no_error (error);
    }
}

/* Each experiment lays out its headline plot first: the one the paper's
 * finding is read from, shown at the top of the page. */
static void
test_headline_first (void)
{
  static const struct
  {
    const char *experiment;
    const char *set;
    const char *plot;
  } headlines[] = {
    { "bias-variance", NULL, "risk" },
    { "connectivity", NULL, "instability" },
    { "ntk", NULL, "drift" },
    { "pruning", "mode=strong", "error_vs_overparam" },
    { "pruning", "mode=imp", "imp" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (headlines); i++)
    {
      const DtExperiment *exp = dt_registry_lookup (headlines[i].experiment);
      g_autoptr(DtParams) params = NULL;
      g_autoptr(DtRecord) record = NULL;

      g_assert_nonnull (exp);
      params = dt_params_new (exp->params, exp->n_params);
      if (headlines[i].set != NULL)
        {
          g_auto(GStrv) kv = g_strsplit (headlines[i].set, "=", 2);

          g_assert_true (dt_params_set_from_string (params, kv[0], kv[1], NULL));
        }
      record = dt_experiment_prepare_record (exp, params);
      g_assert_cmpstr (dt_record_get_plot (record, 0)->id, ==, headlines[i].plot);
    }
}

static void
test_prepare (void)
{
  for (guint i = 0; i < dt_registry_get_n_experiments (); i++)
    {
      const DtExperiment *exp = dt_registry_get_experiment (i);
      g_autoptr(DtParams) params = dt_params_new (exp->params, exp->n_params);
      g_autoptr(DtRecord) record = dt_experiment_prepare_record (exp, params);

      g_assert_nonnull (record);
      g_assert_cmpstr (dt_record_get_experiment (record), ==, exp->id);
      g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_RUNNING);
      g_assert_cmpuint (dt_record_get_n_plots (record), >, 0);
      for (guint p = 0; p < dt_record_get_n_plots (record); p++)
        {
          const DtPlotSpec *spec = dt_record_get_plot (record, p);

          if (spec->kind == DT_PLOT_HEATMAP)
            continue;
          g_assert_cmpuint (spec->series->len, >, 0);
          for (guint s = 0; s < spec->series->len; s++)
            if (dt_record_lookup_series (record, g_ptr_array_index (spec->series, s)) == NULL)
              g_error ("%s: plot “%s” shows the series “%s”, which prepare() did not add",
                       exp->id, spec->id, (const char *) g_ptr_array_index (spec->series, s));
        }
    }
}

static void
test_tiny_run (void)
{
  for (guint i = 0; i < dt_registry_get_n_experiments (); i++)
    {
      const DtExperiment *exp = dt_registry_get_experiment (i);
      const char *const *settings = tiny_settings (exp->id);
      g_autoptr(DtParams) params = dt_params_new (exp->params, exp->n_params);
      g_autoptr(DtRecord) record = NULL;
      g_autoptr(GError) error = NULL;
      DtRunEstimate estimate = { 0, };

      if (settings == NULL)
        g_error ("%s has no tiny run in tests/test-registry.c", exp->id);
      for (guint s = 0; settings[s] != NULL; s += 2)
        {
          dt_params_set_from_string (params, settings[s], settings[s + 1], &error);
          g_assert_no_error (error);
        }
      g_assert_true (dt_experiment_check (exp, params, &error));
      dt_experiment_estimate (exp, params, &estimate);
      g_assert_cmpfloat (estimate.peak_bytes, >, 0);
      g_assert_cmpfloat (estimate.n_units, >, 0);

      record = dt_experiment_prepare_record (exp, params);
      if (!dt_experiment_run (exp, params, record, NULL, NULL, NULL, &error))
        g_error ("the tiny run of %s failed: %s", exp->id, error->message);
      g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_COMPLETE);
      g_assert_cmpfloat (dt_record_get_provenance (record)->wall_seconds, >, 0);
      for (guint p = 0; p < dt_record_get_n_series (record); p++)
        g_test_message ("%s: series %s, %u points", exp->id, dt_record_get_series (record, p)->id,
                        dt_record_get_series (record, p)->x->len);
    }
}

/* Every experiment's source file is listed for translation. */
static void
test_potfiles (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "po", "POTFILES", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < dt_registry_get_n_experiments (); i++)
    {
      const DtExperiment *exp = dt_registry_get_experiment (i);
      g_autofree char *line = g_strdup_printf ("\nsrc/experiments/dt-%s.c\n", exp->id);

      if (strstr (contents, line) == NULL)
        g_error ("po/POTFILES does not list src/experiments/dt-%s.c", exp->id);
    }
}

/* Records written by earlier versions of each experiment's parameter
 * table still give parameters, through its migration when the table has
 * changed since: tests/records/old/ keeps one of every version. */
static void
test_old_records (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "records", "old", NULL);

  for (guint i = 0; i < dt_registry_get_n_experiments (); i++)
    {
      const DtExperiment *exp = dt_registry_get_experiment (i);
      guint current = MAX (exp->params_version, 1);

      for (guint version = 1; version <= current; version++)
        {
          g_autofree char *name = g_strdup_printf ("%s-params-v%u.json", exp->id, version);
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_autoptr(GError) error = NULL;
          g_autoptr(DtRecord) record = dt_record_load (path, &error);
          g_autoptr(DtParams) params = NULL;

          if (record == NULL)
            g_error ("%s: %s (keep a record of every parameter version in tests/records/old/)",
                     name, error->message);
          g_assert_cmpuint (dt_record_get_params_version (record), ==, version);
          params = dt_record_dup_params (record, exp, &error);
          if (params == NULL)
            g_error ("%s no longer opens: %s", name, error->message);
          g_assert_true (dt_experiment_check (exp, params, &error));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/registry/ids", test_ids);
  g_test_add_func ("/registry/params", test_params);
  g_test_add_func ("/registry/prepare", test_prepare);
  g_test_add_func ("/registry/headline-first", test_headline_first);
  g_test_add_func ("/registry/tiny-run", test_tiny_run);
  g_test_add_func ("/registry/potfiles", test_potfiles);
  g_test_add_func ("/registry/old-records", test_old_records);

  return g_test_run ();
}
