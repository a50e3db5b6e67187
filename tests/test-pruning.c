/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-pruning"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dt-error.h"
#include "dt-mlp.h"
#include "dt-plot.h"
#include "dt-prune.h"
#include "dt-pruning.h"
#include "dt-registry.h"
#include "dt-subset-sum.h"

/* ---- helpers ------------------------------------------------------------ */

static DtParams *
params_with (const char * const *settings)
{
  const DtExperiment *exp = dt_registry_lookup ("pruning");
  DtParams *params = dt_params_new (exp->params, exp->n_params);

  for (guint i = 0; settings != NULL && settings[i] != NULL; i += 2)
    {
      g_autoptr(GError) error = NULL;

      if (!dt_params_set_from_string (params, settings[i], settings[i + 1], &error))
        g_error ("%s=%s: %s", settings[i], settings[i + 1], error->message);
    }
  return params;
}

static DtRecord *
run_experiment (const char  *id,
                DtParams    *params,
                GError     **error)
{
  const DtExperiment *exp = dt_registry_lookup (id);
  DtRecord *record = dt_experiment_prepare_record (exp, params);

  dt_experiment_run (exp, params, record, NULL, NULL, NULL, error);
  return record;
}

static DtRecord *
run_pruning (const char * const *settings)
{
  g_autoptr(DtParams) params = params_with (settings);
  g_autoptr(GError) error = NULL;
  DtRecord *record = run_experiment ("pruning", params, &error);

  g_assert_no_error (error);
  g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_COMPLETE);
  return record;
}

static JsonArray *
strong_runs (DtRecord *record)
{
  JsonNode *node = dt_record_get_extra (record, "strong");

  g_assert_nonnull (node);
  return json_object_get_array_member (json_node_get_object (node), "runs");
}

static JsonObject *
strong_run_for (DtRecord *record,
                gint64    overparam,
                double    density)
{
  JsonArray *runs = strong_runs (record);

  for (guint i = 0; i < json_array_get_length (runs); i++)
    {
      JsonObject *o = json_array_get_object_element (runs, i);

      if (json_object_get_int_member (o, "overparam") == overparam &&
          (isnan (density) || json_object_get_double_member (o, "density") == density))
        return o;
    }
  g_error ("no run at W/w = %" G_GINT64_FORMAT, overparam);
  return NULL;
}

static double
series_y_at (DtRecord   *record,
             const char *id,
             double      x)
{
  const DtSeries *s = dt_record_lookup_series (record, id);

  g_assert_nonnull (s);
  for (guint i = 0; i < s->x->len; i++)
    if (g_array_index (s->x, double, i) == x)
      return g_array_index (s->y, double, i);
  g_error ("series %s has no point at x = %g", id, x);
  return NAN;
}

static char *
temp_path (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("descent-pruning-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

/* ---- masks and the subset-sum solver ------------------------------------ */

/* The solver is exact: it finds the same best error as trying every subset. */
static void
test_subset_sum_exact (void)
{
  DtRng rng;

  dt_rng_init (&rng, 7, 1);
  for (guint trial = 0; trial < 300; trial++)
    {
      guint n = trial % 15;
      double values[16], target = 3.0 * dt_rng_uniform (&rng) - 1.5, best = fabs (target), sum = 0;
      guint8 chosen[16];
      double got;

      for (guint i = 0; i < n; i++)
        values[i] = 2.0 * dt_rng_uniform (&rng) - 1.0;
      if (trial % 7 == 0 && n > 2)
        values[1] = values[0];   /* ties */

      for (guint subset = 0; subset < (1u << n); subset++)
        {
          double s = 0;

          for (guint i = 0; i < n; i++)
            if (subset & (1u << i))
              s += values[i];
          best = MIN (best, fabs (s - target));
        }

      got = dt_subset_sum_best (values, n, target, chosen);
      for (guint i = 0; i < n; i++)
        {
          g_assert_true (chosen[i] == 0 || chosen[i] == 1);
          if (chosen[i])
            sum += values[i];
        }
      g_assert_cmpfloat (fabs (got - sum), <, 1e-12);
      g_assert_cmpfloat (fabs (fabs (got - target) - best), <, 1e-12);
    }
}

/* Top-k keeps exactly k entries, the largest in magnitude, earlier ones on
 * ties; magnitude pruning removes exactly the smallest of the kept. */
static void
test_masks_exact_counts (void)
{
  enum { N = 1000 };
  float scores[N], scratch[N];
  guint8 keep[N], mask[N];
  DtRng rng;

  dt_rng_init (&rng, 3, 1);
  for (guint i = 0; i < N; i++)
    scores[i] = (float) (dt_rng_normal (&rng) * (i % 5 == 0 ? 0 : 1));   /* many ties at 0 */
  scores[17] = NAN;

  for (gsize k = 0; k <= N; k += 37)
    {
      float smallest_kept = G_MAXFLOAT, largest_dropped = -1;

      g_assert_cmpuint (dt_prune_top_k (scores, N, k, keep, k % 2 ? scratch : NULL), ==, k);
      g_assert_cmpuint (dt_prune_count (keep, N), ==, k);
      for (guint i = 0; i < N; i++)
        {
          float a = isnan (scores[i]) ? -1.0f : fabsf (scores[i]);

          if (keep[i])
            smallest_kept = MIN (smallest_kept, a);
          else
            largest_dropped = MAX (largest_dropped, a);
        }
      if (k > 0 && k < N)
        g_assert_cmpfloat (smallest_kept, >=, largest_dropped);
    }

  /* ties: the first zeros are kept */
  {
    gsize n_nonzero = 0, k;

    for (guint i = 0; i < N; i++)
      n_nonzero += scores[i] != 0 && !isnan (scores[i]);
    k = n_nonzero + 10;
    dt_prune_top_k (scores, N, k, keep, NULL);
    for (guint i = 0, zeros = 0; i < N; i++)
      if (scores[i] == 0)
        {
          g_assert_cmpint (keep[i], ==, zeros < 10);
          zeros++;
        }
  }

  memset (mask, 1, N);
  for (guint round = 0; round < 5; round++)
    {
      gsize before = dt_prune_count (mask, N);
      gsize remove = before / 5;
      float largest_removed = -1, smallest_left = G_MAXFLOAT;
      guint8 old[N];

      memcpy (old, mask, N);
      g_assert_cmpuint (dt_prune_by_magnitude (scores, N, remove, mask), ==, before - remove);
      g_assert_cmpuint (dt_prune_count (mask, N), ==, before - remove);
      for (guint i = 0; i < N; i++)
        {
          float a = isnan (scores[i]) ? 0.0f : fabsf (scores[i]);

          g_assert_true (mask[i] <= old[i]);
          if (old[i] && !mask[i])
            largest_removed = MAX (largest_removed, a);
          else if (mask[i])
            smallest_left = MIN (smallest_left, a);
        }
      g_assert_cmpfloat (largest_removed, <=, smallest_left);
    }
}

/* A mask of all ones (biases included) reproduces the network exactly. */
static void
test_all_ones_mask (void)
{
  static const guint sizes[] = { 8, 64, 64, 64, 1 };
  g_autoptr(DtMlp) net = dt_mlp_new (DT_F64, sizes, G_N_ELEMENTS (sizes), DT_ACT_RELU,
                                     DT_PARAMETERISATION_STANDARD);
  g_autoptr(DtMlp) masked = NULL;
  g_autoptr(DtMlpWork) work = dt_mlp_work_new (net, 50);
  g_autofree guint8 *ones = g_new (guint8, net->n_params);
  g_autofree double *plain = g_new (double, 50);
  float x[50 * 8];
  DtRng rng;

  dt_rng_init (&rng, 1, 1);
  dt_mlp_init (net, &rng);
  for (guint i = 0; i < G_N_ELEMENTS (x); i++)
    x[i] = (float) dt_rng_normal (&rng);
  memcpy (plain, dt_mlp_forward (net, work, x, 50), 50 * sizeof (double));

  memset (ones, 1, net->n_params);
  masked = dt_mlp_copy (net);
  dt_mlp_set_mask (masked, ones);
  g_assert_cmpmem (masked->params, net->n_params * sizeof (double), net->params, net->n_params * sizeof (double));
  g_assert_cmpmem (dt_mlp_forward (masked, work, x, 50), 50 * sizeof (double), plain, 50 * sizeof (double));
}

/* ---- mode=strong ------------------------------------------------------------ */

/* In the experiment, edge-popup at density 1 keeps every weight: the
 * subnetwork is N, and its error is N's to the bit. */
static void
test_density_one_is_unpruned (void)
{
  static const char * const settings[] = {
    "finder", "edge-popup", "overparam", "2,4", "density", "1", "score_steps", "3", "n_train", "200",
    "n_test", "300", NULL,
  };
  g_autoptr(DtRecord) record = run_pruning (settings);
  JsonArray *runs = strong_runs (record);

  g_assert_cmpuint (json_array_get_length (runs), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *o = json_array_get_object_element (runs, i);

      g_assert_cmpfloat (json_object_get_double_member (o, "kept"), ==, 1.0);
      g_assert_cmpfloat (json_object_get_double_member (o, "error"), ==,
                         json_object_get_double_member (o, "unpruned_error"));
    }
}

/* Edge-popup masks keep exactly the requested fraction of every layer. */
static void
test_edge_popup_density (void)
{
  static const char * const settings[] = {
    "finder", "edge-popup", "overparam", "1,3", "density", "0.37,0.05", "score_steps", "20",
    "n_train", "200", "n_test", "200", "target_width", "5", "input_dim", "3", NULL,
  };
  g_autoptr(DtRecord) record = run_pruning (settings);
  JsonArray *runs = strong_runs (record);

  /* 0.37 at both widths, 0.05 at the largest */
  g_assert_cmpuint (json_array_get_length (runs), ==, 3);
  for (guint i = 0; i < json_array_get_length (runs); i++)
    {
      JsonObject *o = json_array_get_object_element (runs, i);
      double density = json_object_get_double_member (o, "density");
      JsonArray *kept = json_object_get_array_member (o, "layer_kept");
      JsonArray *total = json_object_get_array_member (o, "layer_weights");

      g_assert_cmpuint (json_array_get_length (kept), ==, 4);
      for (guint l = 0; l < 4; l++)
        {
          gint64 n = json_array_get_int_element (total, l);
          gint64 want = MAX (1, llround (density * n));

          g_assert_cmpint (json_array_get_int_element (kept, l), ==, want);
        }
    }
}

/* Subset-sum on the defaults: the error falls by far more than 10× from
 * the fewest candidates to the most, and lies orders of magnitude below
 * N unpruned. */
static void
test_subset_sum_falls (void)
{
  g_autoptr(DtRecord) record = run_pruning (NULL);
  const DtSeries *curve = dt_record_lookup_series (record, "error_vs_overparam");
  JsonArray *runs = strong_runs (record);
  double first, last;
  guint n;

  n = curve->y->len;
  g_assert_cmpuint (n, ==, 7);
  first = g_array_index (curve->y, double, 0);
  last = g_array_index (curve->y, double, n - 1);
  g_test_message ("subset-sum: error %.3g at W/w = %g, %.3g at W/w = %g", first,
                  g_array_index (curve->x, double, 0), last, g_array_index (curve->x, double, n - 1));
  g_assert_cmpfloat (first, >=, 10 * last);
  g_assert_cmpfloat (last, <, 1e-3 * series_y_at (record, "reference/zero", g_array_index (curve->x, double, n - 1)));
  g_assert_cmpfloat (last, <, 1e-6 * series_y_at (record, "reference/unpruned", g_array_index (curve->x, double, n - 1)));

  /* more width, more candidates per weight */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (runs, 0), "candidates"), <,
                   json_object_get_int_member (json_array_get_object_element (runs, json_array_get_length (runs) - 1),
                                               "candidates"));

  /* the densities per layer, the error against density and the mask are filled */
  g_assert_cmpuint (dt_record_lookup_series (record, "density/layer=3")->y->len, ==, 7);
  g_assert_cmpuint (dt_record_lookup_series (record, "error_vs_density")->y->len, ==, 7);
  g_assert_cmpint (dt_record_lookup_plot (record, "mask")->kind, ==, DT_PLOT_HEATMAP);
  g_assert_cmpuint (dt_record_lookup_plot (record, "mask")->matrix.rows, ==, 32 * 8);
}

/* Edge-popup finds a subnetwork far better than N itself, and better than
 * predicting 0. */
static void
test_edge_popup_beats_unpruned (void)
{
  static const char * const settings[] = {
    "finder", "edge-popup", "overparam", "4", "density", "0.1", "score_steps", "400",
    "n_train", "2000", "n_test", "1000", NULL,
  };
  g_autoptr(DtRecord) record = run_pruning (settings);
  JsonObject *o = strong_run_for (record, 4, 0.1);
  double error = json_object_get_double_member (o, "error");
  double unpruned = json_object_get_double_member (o, "unpruned_error");
  double zero = json_object_get_double_member (json_node_get_object (dt_record_get_extra (record, "strong")),
                                               "zero_error");

  g_test_message ("edge-popup: %.3g, N unpruned %.3g, predicting 0 %.3g", error, unpruned, zero);
  g_assert_cmpfloat (10 * error, <=, unpruned);
  g_assert_cmpfloat (3 * error, <=, zero);
}

/* The same seed gives the same masks and errors whatever the threads. */
static void
test_strong_determinism (void)
{
  static const char * const one[] = {
    "finder", "edge-popup", "overparam", "1,2", "density", "0.2", "score_steps", "60",
    "n_train", "300", "n_test", "300", "threads", "1", NULL,
  };
  static const char * const two[] = {
    "finder", "edge-popup", "overparam", "1,2", "density", "0.2", "score_steps", "60",
    "n_train", "300", "n_test", "300", "threads", "2", NULL,
  };
  g_autoptr(DtRecord) a = run_pruning (one);
  g_autoptr(DtRecord) b = run_pruning (two);
  const DtSeries *sa = dt_record_lookup_series (a, "error_vs_overparam");
  const DtSeries *sb = dt_record_lookup_series (b, "error_vs_overparam");
  const DtPlotSpec *ma = dt_record_lookup_plot (a, "mask");
  const DtPlotSpec *mb = dt_record_lookup_plot (b, "mask");

  g_assert_cmpmem (sa->y->data, sa->y->len * sizeof (double), sb->y->data, sb->y->len * sizeof (double));
  g_assert_cmpmem (ma->matrix.values->data, ma->matrix.values->len * sizeof (double),
                   mb->matrix.values->data, mb->matrix.values->len * sizeof (double));
}

/* A strong record saves, loads with its heat map, and exports. */
static void
test_strong_record (void)
{
  g_autoptr(DtRecord) record = run_pruning (NULL);
  g_autoptr(DtRecord) loaded = NULL;
  g_autoptr(DtParams) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_path ("strong.json");
  g_autofree char *png = g_strconcat (path, ".png", NULL);
  const DtPlotSpec *mask;
  guint ones = 0;

  g_assert_true (dt_record_save (record, path, &error));
  g_assert_no_error (error);
  loaded = dt_record_load (path, &error);
  g_assert_no_error (error);
  params = dt_record_dup_params (loaded, dt_registry_lookup ("pruning"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dt_params_get_string (params, "finder"), ==, "subset-sum");

  mask = dt_record_lookup_plot (loaded, "mask");
  g_assert_nonnull (mask);
  g_assert_cmpint (mask->kind, ==, DT_PLOT_HEATMAP);
  for (guint i = 0; i < mask->matrix.values->len; i++)
    {
      double v = g_array_index (mask->matrix.values, double, i);

      g_assert_true (v == 0.0 || v == 1.0);
      ones += v == 1.0;
    }
  g_assert_cmpuint (ones, >, 0);

  g_assert_true (dt_plot_export_record (loaded, NULL, png, 400, 300, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_unlink (png);
  remove_temp (path);
}

static void
test_bad_mask_layer (void)
{
  static const char * const settings[] = { "mask_layer", "4", "target_depth", "2", NULL };
  g_autoptr(DtParams) params = params_with (settings);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRecord) record = run_experiment ("pruning", params, &error);

  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM);
  g_assert_nonnull (strstr (error->message, "mask_layer"));
}

/* ---- mode=imp ------------------------------------------------------------- */

/* On the synthetic default, IMP with rewinding at about 10 % of the weights
 * stays within 2 points of the dense network and beats the same masks
 * trained from a fresh initialisation. */
static void
test_imp_rewinding (void)
{
  static const char * const settings[] = {
    "mode", "imp", "rounds", "11", "rewind", "100", "n_test", "10000", NULL,
  };
  g_autoptr(DtRecord) record = run_pruning (settings);
  const DtSeries *rewound = dt_record_lookup_series (record, "imp/k=100");
  const DtSeries *reinit = dt_record_lookup_series (record, "imp/reinit");
  guint last = rewound->x->len - 1;
  double fraction = g_array_index (rewound->x, double, last);
  double dense = g_array_index (rewound->y, double, 0);
  double sparse = g_array_index (rewound->y, double, last);
  double control = g_array_index (reinit->y, double, last);

  g_test_message ("IMP at %.1f %%: rewound %.2f %%, reinit %.2f %%, dense %.2f %%",
                  100 * fraction, sparse, control, dense);
  g_assert_cmpuint (rewound->x->len, ==, 12);
  g_assert_cmpfloat (g_array_index (rewound->x, double, 0), ==, 1.0);
  g_assert_cmpfloat (fabs (fraction - 0.1), <, 0.02);
  g_assert_cmpfloat (sparse, >=, dense - 2.0);
  g_assert_cmpfloat (sparse, >, control);
}

/* Pruning removes the rate of each layer's remaining weights per round, the
 * output layer at half the rate, and the masks in the record say so. */
static DtRecord *imp_small;
static char *imp_small_path;

static void
ensure_imp_small (void)
{
  static const char * const settings[] = {
    "mode", "imp", "hidden", "48,24", "rounds", "3", "rewind", "0,20", "steps", "200",
    "n_train", "800", "n_test", "400", "rate", "0.3", NULL,
  };
  g_autoptr(GError) error = NULL;

  if (imp_small != NULL)
    return;
  imp_small = run_pruning (settings);
  imp_small_path = temp_path ("imp.json");
  g_assert_true (dt_record_save (imp_small, imp_small_path, &error));
  g_assert_no_error (error);
}

static void
test_imp_layer_counts (void)
{
  JsonObject *imp;
  JsonArray *rounds;
  gint64 expect[3] = { 32 * 48, 48 * 24, 24 * 10 };

  ensure_imp_small ();
  imp = json_node_get_object (dt_record_get_extra (imp_small, "imp"));
  rounds = json_object_get_array_member (imp, "rounds");
  g_assert_cmpuint (json_array_get_length (rounds), ==, 4);
  for (guint r = 0; r < 4; r++)
    {
      JsonObject *o = json_array_get_object_element (rounds, r);
      JsonArray *kept = json_object_get_array_member (o, "layer_kept");

      for (guint l = 0; l < 3; l++)
        {
          if (r > 0)
            expect[l] -= llround ((l == 2 ? 0.15 : 0.3) * expect[l]);
          g_assert_cmpint (json_array_get_int_element (kept, l), ==, expect[l]);
        }
      g_assert_cmpfloat (fabs (json_object_get_double_member (o, "fraction") -
                               (double) (expect[0] + expect[1] + expect[2]) / (32 * 48 + 48 * 24 + 24 * 10)),
                         <, 1e-12);
    }
  g_assert_cmpuint (dt_record_lookup_series (imp_small, "imp/k=20")->y->len, ==, 4);
  g_assert_cmpuint (dt_record_lookup_series (imp_small, "imp/reinit")->y->len, ==, 4);
  g_assert_cmpuint (dt_record_lookup_series (imp_small, "density/layer=2")->y->len, ==, 4);
}

/* The masks read back are the ones the record's counts describe. */
static void
test_imp_mask_load (void)
{
  static const guint sizes[] = { 32, 48, 24, 10 };
  static const guint other[] = { 32, 64, 24, 10 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtImpMask) last = NULL;
  g_autoptr(DtImpMask) first = NULL;
  g_autoptr(DtMlp) shape = dt_mlp_new (DT_F32, sizes, 4, DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);
  JsonArray *rounds;
  JsonArray *kept;

  ensure_imp_small ();
  rounds = json_object_get_array_member (json_node_get_object (dt_record_get_extra (imp_small, "imp")), "rounds");

  last = dt_pruning_load_imp_mask (imp_small_path, 20, 0, sizes, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (last->round, ==, 3);
  g_assert_cmpuint (last->rewind, ==, 20);
  g_assert_cmpuint (last->n_params, ==, shape->n_params);
  kept = json_object_get_array_member (json_array_get_object_element (rounds, 3), "layer_kept");
  for (guint l = 0; l < 3; l++)
    {
      g_assert_cmpuint (dt_prune_count (last->mask + shape->w_offset[l], sizes[l] * sizes[l + 1]), ==,
                        json_array_get_int_element (kept, l));
      /* biases are never pruned */
      g_assert_cmpuint (dt_prune_count (last->mask + shape->b_offset[l], sizes[l + 1]), ==, sizes[l + 1]);
    }

  first = dt_pruning_load_imp_mask (imp_small_path, -1, 1, sizes, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->rewind, ==, 0);
  g_assert_cmpuint (first->round, ==, 1);
  g_assert_cmpfloat (first->fraction, >, last->fraction);

  /* what is not there is a clear error */
  g_assert_null (dt_pruning_load_imp_mask (imp_small_path, 50, 0, sizes, 4, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM);
  g_assert_nonnull (strstr (error->message, "0, 20"));
  g_clear_error (&error);
  g_assert_null (dt_pruning_load_imp_mask (imp_small_path, 0, 4, sizes, 4, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM);
  g_assert_nonnull (strstr (error->message, "rounds 1 to 3"));
  g_clear_error (&error);
  g_assert_null (dt_pruning_load_imp_mask (imp_small_path, 0, 0, other, 4, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM);
  g_assert_nonnull (strstr (error->message, "32-48-24-10"));
  g_assert_nonnull (strstr (error->message, "32-64-24-10"));
}

/* ---- masks in the connectivity experiment --------------------------------- */

static DtParams *
connectivity_params (const char *mask_from,
                     const char *hidden)
{
  const DtExperiment *exp = dt_registry_lookup ("connectivity");
  DtParams *params = dt_params_new (exp->params, exp->n_params);
  const char *settings[][2] = {
    { "n_train", "800" }, { "n_test", "400" }, { "hidden", hidden }, { "steps", "200" },
    { "spawn", "0,20" }, { "alpha_points", "5" }, { "batch", "60" }, { "mask_from", mask_from },
  };

  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    g_assert_true (dt_params_set_from_string (params, settings[i][0], settings[i][1], NULL));
  return params;
}

/* The children of a connectivity run train the IMP subnetwork: its pruned
 * weights stay zero through training, and the record says which mask. */
static void
test_connectivity_mask_from (void)
{
  g_autoptr(DtParams) params = NULL;
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(DtImpMask) mask = NULL;
  g_autoptr(GError) error = NULL;
  static const guint sizes[] = { 32, 48, 24, 10 };
  JsonObject *info;
  JsonArray *spawns;
  gint64 kept;
  gint64 total = 32 * 48 + 48 * 24 + 24 * 10;

  ensure_imp_small ();
  mask = dt_pruning_load_imp_mask (imp_small_path, -1, 0, sizes, 4, &error);
  g_assert_no_error (error);
  kept = llround (mask->fraction * total);

  params = connectivity_params (imp_small_path, "48,24");
  record = run_experiment ("connectivity", params, &error);
  g_assert_no_error (error);

  info = json_node_get_object (dt_record_get_extra (record, "mask"));
  g_assert_cmpint (json_object_get_int_member (info, "rewind"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (info, "round"), ==, 3);
  g_assert_cmpfloat (json_object_get_double_member (info, "fraction"), ==, mask->fraction);

  spawns = json_node_get_array (dt_record_get_extra (record, "spawns"));
  g_assert_cmpuint (json_array_get_length (spawns), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *o = json_array_get_object_element (spawns, i);

      g_test_message ("k = %" G_GINT64_FORMAT ": instability %.2f %%, %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " weights",
                      json_object_get_int_member (o, "k"), json_object_get_double_member (o, "instability"),
                      json_object_get_int_member (o, "nonzero_weights_1"), total);
      g_assert_cmpint (json_object_get_int_member (o, "nonzero_weights_1"), <=, kept);
      g_assert_cmpint (json_object_get_int_member (o, "nonzero_weights_2"), <=, kept);
      g_assert_cmpint (json_object_get_int_member (o, "nonzero_weights_1"), >, kept / 2);
      g_assert_cmpfloat (json_object_get_double_member (o, "instability"), >=, 0);
    }

  /* without a mask the children are dense */
  {
    g_autoptr(DtParams) dense = connectivity_params ("none", "48,24");
    g_autoptr(DtRecord) dense_record = run_experiment ("connectivity", dense, &error);
    JsonObject *o;

    g_assert_no_error (error);
    g_assert_null (dt_record_get_extra (dense_record, "mask"));
    o = json_array_get_object_element (json_node_get_array (dt_record_get_extra (dense_record, "spawns")), 0);
    g_assert_cmpint (json_object_get_int_member (o, "nonzero_weights_1"), >, kept);
  }
}

/* A file that holds no IMP masks, or masks of another architecture, is a
 * clear error before anything is trained. */
static void
test_connectivity_mask_errors (void)
{
  g_autofree char *strong_path = temp_path ("strong.json");
  g_autofree char *missing = temp_path ("missing.json");
  g_autoptr(DtRecord) strong = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const strong_settings[] = { "overparam", "1,2", NULL };
  struct { const char *path; const char *hidden; const char *needle; } cases[] = {
    { strong_path, "48,24", "mode=imp" },
    { imp_small_path, "64,24", "32-48-24-10" },
    { missing, "48,24", "missing.json" },
  };

  ensure_imp_small ();
  strong = run_pruning (strong_settings);
  g_assert_true (dt_record_save (strong, strong_path, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DtParams) params = connectivity_params (cases[i].path, cases[i].hidden);
      g_autoptr(DtRecord) record = run_experiment ("connectivity", params, &error);
      const DtSeries *s = dt_record_lookup_series (record, "instability");

      g_assert_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("“%s” is not in “%s”", cases[i].needle, error->message);
      g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_FAILED);
      g_assert_cmpuint (s->y->len, ==, 0);
      g_clear_error (&error);
    }

  /* a record of another experiment */
  {
    g_autoptr(DtParams) params = connectivity_params ("none", "48,24");
    g_autoptr(DtRecord) other = run_experiment ("connectivity", params, &error);
    g_autoptr(DtParams) again = NULL;
    g_autoptr(DtRecord) record = NULL;
    g_autofree char *other_path = temp_path ("connectivity.json");

    g_assert_no_error (error);
    g_assert_true (dt_record_save (other, other_path, &error));
    g_assert_no_error (error);
    again = connectivity_params (other_path, "48,24");
    record = run_experiment ("connectivity", again, &error);
    g_assert_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM);
    g_assert_nonnull (strstr (error->message, "a record of “connectivity”"));
    g_clear_error (&error);
    remove_temp (other_path);
  }

  remove_temp (strong_path);
  remove_temp (missing);
}

static void
cancel_after_dense (double      fraction,
                    const char *message,
                    gpointer    data)
{
  if (message != NULL && strstr (message, "round 2") != NULL)
    g_cancellable_cancel (data);
}

/* A stopped IMP run keeps the rounds it finished. */
static void
test_imp_cancel (void)
{
  static const char * const settings[] = {
    "mode", "imp", "hidden", "48,24", "rounds", "5", "rewind", "0", "steps", "200",
    "n_train", "800", "n_test", "400", NULL,
  };
  const DtExperiment *exp = dt_registry_lookup ("pruning");
  g_autoptr(DtParams) params = params_with (settings);
  g_autoptr(DtRecord) record = dt_experiment_prepare_record (exp, params);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint n;

  g_assert_false (dt_experiment_run (exp, params, record, cancel_after_dense, cancellable, cancellable, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_CANCELLED);
  g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_CANCELLED);
  n = dt_record_lookup_series (record, "imp/k=0")->y->len;
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (dt_record_lookup_series (record, "imp/reinit")->y->len, ==, n);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pruning/subset-sum-exact", test_subset_sum_exact);
  g_test_add_func ("/pruning/mask-counts", test_masks_exact_counts);
  g_test_add_func ("/pruning/all-ones-mask", test_all_ones_mask);
  g_test_add_func ("/pruning/strong/density-one", test_density_one_is_unpruned);
  g_test_add_func ("/pruning/strong/edge-popup-density", test_edge_popup_density);
  g_test_add_func ("/pruning/strong/subset-sum-falls", test_subset_sum_falls);
  g_test_add_func ("/pruning/strong/edge-popup-beats-unpruned", test_edge_popup_beats_unpruned);
  g_test_add_func ("/pruning/strong/determinism", test_strong_determinism);
  g_test_add_func ("/pruning/strong/record", test_strong_record);
  g_test_add_func ("/pruning/strong/bad-mask-layer", test_bad_mask_layer);
  g_test_add_func ("/pruning/imp/rewinding", test_imp_rewinding);
  g_test_add_func ("/pruning/imp/layer-counts", test_imp_layer_counts);
  g_test_add_func ("/pruning/imp/mask-load", test_imp_mask_load);
  g_test_add_func ("/pruning/imp/cancel", test_imp_cancel);
  g_test_add_func ("/pruning/connectivity/mask-from", test_connectivity_mask_from);
  g_test_add_func ("/pruning/connectivity/mask-errors", test_connectivity_mask_errors);
  status = g_test_run ();

  if (imp_small_path != NULL)
    remove_temp (imp_small_path);
  g_free (imp_small_path);
  g_clear_pointer (&imp_small, dt_record_unref);
  return status;
}
