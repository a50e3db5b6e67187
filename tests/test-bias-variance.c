/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-bias-variance"

#include "config.h"

#include <math.h>

#include "dt-bias-variance.h"
#include "dt-error.h"
#include "dt-registry.h"
#include "dt-rng.h"

static DtRecord *
run_bv (const char * const *settings,
        GError            **error)
{
  const DtExperiment *exp = dt_registry_lookup ("bias-variance");
  g_autoptr(DtParams) params = dt_params_new (exp->params, exp->n_params);
  DtRecord *record;

  for (guint i = 0; settings[i]; i += 2)
    g_assert_true (dt_params_set_from_string (params, settings[i], settings[i + 1], NULL));
  record = dt_experiment_prepare_record (exp, params);
  dt_experiment_run (exp, params, record, NULL, NULL, NULL, error);
  return record;
}

#define RF_SMALL "n_train", "200", "n_test", "500", "widths", "4:2000:14", "trials", "12", "threads", "2"

static DtRecord *rf_noisy;   /* label noise 0.2 */
static DtRecord *rf_clean;   /* label noise 0   */
static DtRecord *rf_noisier; /* label noise 0.3 */

static DtRecord *
rf_run (double noise)
{
  g_autofree char *text = g_strdup_printf ("%g", noise);
  const char *settings[] = { RF_SMALL, "label_noise", text, NULL };
  g_autoptr(GError) error = NULL;
  DtRecord *record = run_bv (settings, &error);

  g_assert_no_error (error);
  return record;
}

static void
ensure_runs (void)
{
  if (rf_noisy == NULL)
    {
      rf_noisy = rf_run (0.2);
      rf_clean = rf_run (0.0);
      rf_noisier = rf_run (0.3);
    }
}

static double
y_at (const DtSeries *s,
      guint           i)
{
  return g_array_index (s->y, double, i);
}

static double
err_at (const DtSeries *s,
        guint           i)
{
  return g_array_index (s->err, double, i);
}

static guint
argmax (const DtSeries *s)
{
  guint best = 0;

  for (guint i = 1; i < s->y->len; i++)
    if (y_at (s, i) > y_at (s, best))
      best = i;
  return best;
}

/* Bias² + Variance = Risk at every width, to rounding. */
static void
test_sum (void)
{
  const DtSeries *risk, *bias, *var;

  ensure_runs ();
  risk = dt_record_lookup_series (rf_noisy, "risk");
  bias = dt_record_lookup_series (rf_noisy, "bias2");
  var = dt_record_lookup_series (rf_noisy, "variance");
  g_assert_cmpuint (risk->y->len, ==, 14);
  for (guint i = 0; i < risk->y->len; i++)
    g_assert_cmpfloat (fabs (y_at (bias, i) + y_at (var, i) - y_at (risk, i)), <=,
                       1e-12 * MAX (1.0, y_at (risk, i)));
}

/* Unimodal variance peaking at p ≈ n/2, a second descent of the risk, and a
 * bias that falls with width (no rise beyond two standard errors). */
static void
test_double_descent (void)
{
  const DtSeries *risk, *bias, *var;
  double threshold = 100;   /* n_train / 2 */
  double p_var, p_risk, risk_max, last;
  guint iv, ir, n;

  ensure_runs ();
  risk = dt_record_lookup_series (rf_noisy, "risk");
  bias = dt_record_lookup_series (rf_noisy, "bias2");
  var = dt_record_lookup_series (rf_noisy, "variance");
  n = risk->y->len;

  iv = argmax (var);
  p_var = g_array_index (var->x, double, iv);
  g_test_message ("variance peaks at p = %g", p_var);
  g_assert_cmpfloat (p_var, >=, threshold / 1.5);
  g_assert_cmpfloat (p_var, <=, threshold * 1.5);

  ir = argmax (risk);
  p_risk = g_array_index (risk->x, double, ir);
  risk_max = y_at (risk, ir);
  last = y_at (risk, n - 1);
  g_test_message ("risk peaks at p = %g (%.3f); at the largest width %.3f", p_risk, risk_max, last);
  g_assert_cmpuint (ir, >, 0);
  g_assert_cmpuint (ir, <, n - 1);
  g_assert_cmpfloat (y_at (risk, ir - 1), <, risk_max);
  g_assert_cmpfloat (y_at (risk, ir + 1), <, risk_max);
  g_assert_cmpfloat (p_risk, >=, threshold / 1.5);
  g_assert_cmpfloat (p_risk, <=, threshold * 1.5);
  g_assert_cmpfloat (last, <=, 0.8 * risk_max);

  g_test_message ("bias² %.4f at the smallest width, %.4f at the largest", y_at (bias, 0), y_at (bias, n - 1));
  g_assert_cmpfloat (y_at (bias, n - 1), <=, 0.7 * y_at (bias, 0));
  for (guint i = 1; i < n; i++)
    {
      double rise = y_at (bias, i) - y_at (bias, i - 1);
      double se = sqrt (err_at (bias, i) * err_at (bias, i) + err_at (bias, i - 1) * err_at (bias, i - 1));

      g_assert_cmpfloat (rise, <=, 2 * se);
    }
}

/* More label noise, a higher variance peak. */
static void
test_peak_grows_with_noise (void)
{
  const DtSeries *clean, *noisy, *noisier;
  double a, b, c;

  ensure_runs ();
  clean = dt_record_lookup_series (rf_clean, "variance");
  noisy = dt_record_lookup_series (rf_noisy, "variance");
  noisier = dt_record_lookup_series (rf_noisier, "variance");
  a = y_at (clean, argmax (clean));
  b = y_at (noisy, argmax (noisy));
  c = y_at (noisier, argmax (noisier));
  g_test_message ("variance peak: noise 0 → %.3f, 0.2 → %.3f, 0.3 → %.3f", a, b, c);
  g_assert_cmpfloat (b, >, a);
  g_assert_cmpfloat (c, >, 1.2 * a);
}

/* Identical models: no variance, bias equals risk (squared error). */
static void
test_no_randomness_mse (void)
{
  double f[12], y_risk, var;
  float y[12];

  for (guint i = 0; i < 12; i++)
    {
      f[i] = sin (i);
      y[i] = (float) cos (i);
    }
  dt_bv_mse_pair (f, f, y, NULL, 4, 3, &y_risk, &var);
  g_assert_cmpfloat (var, ==, 0.0);
  g_assert_cmpfloat (y_risk, >, 0.0);
}

static void
log_softmax (double *row,
             guint   k)
{
  double mx = row[0], z = 0;

  for (guint c = 1; c < k; c++)
    mx = MAX (mx, row[c]);
  for (guint c = 0; c < k; c++)
    z += exp (row[c] - mx);
  for (guint c = 0; c < k; c++)
    row[c] -= mx + log (z);
}

/* The CE terms are non-negative and sum to the CE risk; identical models
 * have no variance. */
static void
test_ce_decomposition (void)
{
  enum { M = 6, N = 40, K = 4 };
  g_autofree double *lp = g_new (double, M * N * K);
  guint32 labels[N];
  double risk[M], var[M], mean_risk = 0, mean_var = 0, bias = 0;
  DtRng rng;

  dt_rng_init (&rng, 11, 0);
  for (guint i = 0; i < N; i++)
    labels[i] = dt_rng_below (&rng, K);
  for (guint j = 0; j < M; j++)
    for (guint i = 0; i < N; i++)
      {
        double *row = lp + ((gsize) j * N + i) * K;

        for (guint c = 0; c < K; c++)
          row[c] = 2 * dt_rng_normal (&rng);
        log_softmax (row, K);
      }

  dt_bv_ce_models (lp, labels, M, N, K, risk, var);
  for (guint j = 0; j < M; j++)
    {
      g_assert_cmpfloat (var[j], >=, 0.0);
      mean_risk += risk[j] / M;
      mean_var += var[j] / M;
    }
  /* Bias² computed independently: −log of the normalised geometric mean */
  for (guint i = 0; i < N; i++)
    {
      double bar[K], mx = -INFINITY, z = 0;

      for (guint c = 0; c < K; c++)
        {
          bar[c] = 0;
          for (guint j = 0; j < M; j++)
            bar[c] += lp[((gsize) j * N + i) * K + c] / M;
          mx = MAX (mx, bar[c]);
        }
      for (guint c = 0; c < K; c++)
        z += exp (bar[c] - mx);
      bias += -(bar[labels[i]] - mx - log (z)) / N;
    }
  g_assert_cmpfloat (bias, >=, 0.0);
  g_assert_cmpfloat (mean_var, >, 0.0);
  g_assert_cmpfloat_with_epsilon (bias + mean_var, mean_risk, 1e-12);

  /* all models the same as model 0 */
  for (guint j = 1; j < M; j++)
    memcpy (lp + (gsize) j * N * K, lp, sizeof (double) * N * K);
  dt_bv_ce_models (lp, labels, M, N, K, risk, var);
  for (guint j = 0; j < M; j++)
    g_assert_cmpfloat (fabs (var[j]), <, 1e-12);
}

/* A trained two-layer network with cross-entropy: every width's terms are
 * non-negative and sum to the risk. */
static void
test_ce_run (void)
{
  const char *settings[] = {
    "model", "two-layer", "loss", "ce", "synthetic", "mixture", "n_train", "200",
    "n_test", "200", "widths", "2,8,32", "trials", "3", "epochs", "300", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRecord) record = run_bv (settings, &error);
  const DtSeries *risk, *bias, *var;

  g_assert_no_error (error);
  risk = dt_record_lookup_series (record, "risk");
  bias = dt_record_lookup_series (record, "bias2");
  var = dt_record_lookup_series (record, "variance");
  g_assert_cmpuint (risk->y->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpfloat (y_at (bias, i), >=, 0.0);
      g_assert_cmpfloat (y_at (var, i), >=, 0.0);
      g_assert_cmpfloat (fabs (y_at (bias, i) + y_at (var, i) - y_at (risk, i)), <, 1e-12);
    }
}

static void
test_ce_needs_network (void)
{
  const char *settings[] = { "loss", "ce", "synthetic", "mixture", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRecord) record = run_bv (settings, &error);

  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM);
  g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_FAILED);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bias-variance/sum", test_sum);
  g_test_add_func ("/bias-variance/double-descent", test_double_descent);
  g_test_add_func ("/bias-variance/peak-grows-with-noise", test_peak_grows_with_noise);
  g_test_add_func ("/bias-variance/no-randomness-mse", test_no_randomness_mse);
  g_test_add_func ("/bias-variance/ce-decomposition", test_ce_decomposition);
  g_test_add_func ("/bias-variance/ce-run", test_ce_run);
  g_test_add_func ("/bias-variance/ce-needs-network", test_ce_needs_network);
  status = g_test_run ();

  g_clear_pointer (&rf_noisy, dt_record_unref);
  g_clear_pointer (&rf_clean, dt_record_unref);
  g_clear_pointer (&rf_noisier, dt_record_unref);
  return status;
}
