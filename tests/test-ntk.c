/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ntk"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dt-blas.h"
#include "dt-error.h"
#include "dt-ntk-net.h"
#include "dt-ntk.h"
#include "dt-record.h"
#include "dt-registry.h"
#include "dt-rng.h"

/* LAPACK's symmetric eigensolver, provided by OpenBLAS (Fortran, column-major). */
extern void dsyevd_ (const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
                     double *w, double *work, const int *lwork, int *iwork, const int *liwork,
                     int *info);

/* ---- helpers ------------------------------------------------------------- */

/* n points on the unit sphere of R^d and targets of order one. */
static void
sphere_data (guint    n,
             guint    d,
             guint64  seed,
             double  *x,
             double  *y)
{
  DtRng rng;

  dt_rng_init (&rng, seed, 7);
  for (guint i = 0; i < n; i++)
    {
      double norm = 0;

      for (guint e = 0; e < d; e++)
        {
          x[i * d + e] = dt_rng_normal (&rng);
          norm += x[i * d + e] * x[i * d + e];
        }
      for (guint e = 0; e < d; e++)
        x[i * d + e] /= sqrt (norm);
      y[i] = sin (3 * x[i * d]) + x[i * d + 1];
    }
}

static DtNtkNet *
random_net (guint            d,
            guint            m,
            guint            depth,
            DtNtkActivation  activation,
            guint64          seed)
{
  DtNtkNet *net = dt_ntk_net_new (d, m, depth, activation);
  DtRng rng;

  dt_rng_init (&rng, seed, 3);
  dt_ntk_net_init (net, &rng);
  return net;
}

static double
rel_distance (const double *a,
              const double *b,
              gsize         size)
{
  double diff = 0, norm = 0;

  for (gsize e = 0; e < size; e++)
    {
      diff += (a[e] - b[e]) * (a[e] - b[e]);
      norm += b[e] * b[e];
    }
  return sqrt (diff / norm);
}

static double
frobenius (const double *a,
           gsize         size)
{
  double s = 0;

  for (gsize e = 0; e < size; e++)
    s += a[e] * a[e];
  return sqrt (s);
}

/* ---- the network ------------------------------------------------------- */

/* Every row of the Jacobian against central differences of f, for each
 * activation and depth; and K² by layer Grams against J Jᵀ. */
static void
test_jacobian (void)
{
  const guint n = 5, d = 4, m = 12;
  double x[5 * 4], y[5];

  sphere_data (n, d, 11, x, y);
  for (guint act = DT_NTK_TANH; act <= DT_NTK_RELU; act++)
    for (guint depth = 1; depth <= 3; depth++)
      {
        g_autoptr(DtNtkNet) net = random_net (d, m, depth, act, 100 + depth);
        g_autoptr(DtNtkWork) work = dt_ntk_work_new (net, n);
        gsize p = net->n_params;
        g_autofree double *jac = g_new (double, n * p);
        g_autofree double *k2 = g_new (double, n * n);
        g_autofree double *jjt = g_new0 (double, n * n);
        double f_plus[5], f_minus[5], worst = 0, scale = 0;
        const double h = 1e-6;

        dt_ntk_net_jacobian (net, work, x, n, jac);
        for (gsize q = 0; q < p; q++)
          {
            double keep = net->theta[q];

            net->theta[q] = keep + h;
            dt_ntk_net_forward (net, work, x, n, f_plus);
            net->theta[q] = keep - h;
            dt_ntk_net_forward (net, work, x, n, f_minus);
            net->theta[q] = keep;
            for (guint i = 0; i < n; i++)
              {
                double fd = (f_plus[i] - f_minus[i]) / (2 * h);

                worst = MAX (worst, fabs (fd - jac[i * p + q]));
                scale = MAX (scale, fabs (jac[i * p + q]));
              }
          }
        g_test_message ("activation %u depth %u: max |J - FD| = %.2e (max |J| %.2f)",
                        act, depth, worst, scale);
        g_assert_cmpfloat (worst, <, 1e-7 * MAX (scale, 1.0));

        dt_ntk_net_kernel (net, work, x, n, NULL, k2);
        for (guint i = 0; i < n; i++)
          for (guint j = 0; j < n; j++)
            for (gsize q = 0; q < p; q++)
              jjt[i * n + j] += jac[i * p + q] * jac[j * p + q];
        g_assert_cmpfloat (rel_distance (k2, jjt, n * n), <, 1e-12);
      }
}

/* ∇L = (1/n) Jᵀ (f − y). */
static void
test_loss_gradient (void)
{
  const guint n = 6, d = 3, m = 16;
  double x[6 * 3], y[6], f[6];
  g_autoptr(DtNtkNet) net = random_net (d, m, 2, DT_NTK_ERF, 5);
  g_autoptr(DtNtkWork) work = dt_ntk_work_new (net, n);
  gsize p = net->n_params;
  g_autofree double *jac = g_new (double, n * p);
  g_autofree double *grad = g_new (double, p);
  g_autofree double *expect = g_new0 (double, p);

  sphere_data (n, d, 12, x, y);
  dt_ntk_net_forward (net, work, x, n, f);
  dt_ntk_net_jacobian (net, work, x, n, jac);
  for (guint i = 0; i < n; i++)
    for (gsize q = 0; q < p; q++)
      expect[q] += (f[i] - y[i]) / n * jac[i * p + q];
  dt_ntk_net_loss_gradient (net, work, x, y, n, grad);
  g_assert_cmpfloat (rel_distance (grad, expect, p), <, 1e-12);
}

/* A quantity measured along the real gradient flow, differentiated at
 * t = 0 by the one-sided second-order formula (−3 q(0) + 4 q(τ) − q(2τ)) / 2τ. */
static void
flow_derivative (const double *q0,
                 const double *q1,
                 const double *q2,
                 gsize         size,
                 double        tau,
                 double       *out)
{
  for (gsize e = 0; e < size; e++)
    out[e] = (-3 * q0[e] + 4 * q1[e] - q2[e]) / (2 * tau);
}

/* ∂ₜK² along training equals −(1/n) Σⱼ K³(·, ·, j)(fⱼ − yⱼ). */
static void
test_kernel3_vs_training (void)
{
  const guint n = 6, d = 4, m = 48;
  const double tau = 1e-3;
  double x[6 * 4], y[6], f[6];
  g_autoptr(DtNtkNet) net = random_net (d, m, 2, DT_NTK_TANH, 21);
  g_autoptr(DtNtkWork) work = dt_ntk_work_new (net, n);
  g_autoptr(DtNtkFlow) flow = NULL;
  double k[3][36], measured[36], predicted[36] = { 0, };
  double k3[6 * 6 * 6];
  g_autoptr(GError) error = NULL;

  sphere_data (n, d, 13, x, y);
  dt_ntk_net_kernel (net, work, x, n, f, k[0]);
  g_assert_true (dt_ntk_kernel3 (net, x, n, 1e-3, 2, k3, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  flow = dt_ntk_flow_new (net, x, y, n);
  for (guint s = 1; s <= 2; s++)
    {
      g_assert_true (dt_ntk_flow_advance (flow, tau, tau, NULL, &error));
      dt_ntk_net_kernel (net, work, x, n, NULL, k[s]);
    }
  flow_derivative (k[0], k[1], k[2], n * n, tau, measured);

  for (guint ij = 0; ij < n * n; ij++)
    for (guint j = 0; j < n; j++)
      predicted[ij] -= k3[ij * n + j] * (f[j] - y[j]) / n;

  g_test_message ("|dK2/dt| = %.3e, relative mismatch %.2e", frobenius (measured, n * n),
                  rel_distance (predicted, measured, n * n));
  g_assert_cmpfloat (frobenius (measured, n * n), >, 1e-4);
  g_assert_cmpfloat (rel_distance (predicted, measured, n * n), <, 1e-4);

  /* K³ is symmetric in its first two indices */
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      for (guint l = 0; l < n; l++)
        g_assert_cmpfloat (fabs (k3[(i * n + j) * n + l] - k3[(j * n + i) * n + l]), <, 1e-9);
}

/* ∂ₜK³ along training equals −(1/n) Σₗ K⁴(·, ·, ·, l)(f_l − y_l). */
static void
test_kernel4_vs_training (void)
{
  const guint n = 5, d = 3, m = 40;
  const gsize n3 = 5 * 5 * 5;
  const double tau = 1e-2;
  double x[5 * 3], y[5], f[5];
  g_autoptr(DtNtkNet) net = random_net (d, m, 1, DT_NTK_SOFTPLUS, 31);
  g_autoptr(DtNtkWork) work = dt_ntk_work_new (net, n);
  g_autoptr(DtNtkFlow) flow = NULL;
  g_autofree double *k3 = g_new (double, 3 * n3);
  g_autofree double *k4 = g_new (double, n3 * n);
  double measured[125], predicted[125] = { 0, };
  g_autoptr(GError) error = NULL;

  sphere_data (n, d, 14, x, y);
  dt_ntk_net_forward (net, work, x, n, f);
  g_assert_true (dt_ntk_kernel4 (net, x, n, 1e-3, 1e-3, 2, k4, NULL, NULL, NULL, &error));
  g_assert_true (dt_ntk_kernel3 (net, x, n, 1e-3, 1, k3, NULL, NULL, NULL, &error));

  flow = dt_ntk_flow_new (net, x, y, n);
  for (guint s = 1; s <= 2; s++)
    {
      g_assert_true (dt_ntk_flow_advance (flow, tau, tau, NULL, &error));
      g_assert_true (dt_ntk_kernel3 (net, x, n, 1e-3, 1, k3 + s * n3, NULL, NULL, NULL, &error));
    }
  g_assert_no_error (error);
  flow_derivative (k3, k3 + n3, k3 + 2 * n3, n3, tau, measured);

  for (gsize ijk = 0; ijk < n3; ijk++)
    for (guint l = 0; l < n; l++)
      predicted[ijk] -= k4[ijk * n + l] * (f[l] - y[l]) / n;

  g_test_message ("|dK3/dt| = %.3e, relative mismatch %.2e", frobenius (measured, n3),
                  rel_distance (predicted, measured, n3));
  g_assert_cmpfloat (frobenius (measured, n3), >, 1e-5);
  g_assert_cmpfloat (rel_distance (predicted, measured, n3), <, 1e-3);
}

/* y + V exp(−Λt/n) Vᵀ (f₀ − y), with K = V Λ Vᵀ from dsyevd. */
static void
linear_closed_form (const double *k,
                    const double *f0,
                    const double *y,
                    guint         n,
                    double        t,
                    double       *out)
{
  g_autofree double *v = g_memdup2 (k, n * n * sizeof (double));
  g_autofree double *w = g_new (double, n);
  g_autofree double *c = g_new (double, n);
  int nn = n, lwork = -1, liwork = -1, info, iquery;
  double query;
  g_autofree double *work = NULL;
  g_autofree int *iwork = NULL;

  dsyevd_ ("V", "U", &nn, v, &nn, w, &query, &lwork, &iquery, &liwork, &info);
  lwork = (int) query;
  liwork = iquery;
  work = g_new (double, lwork);
  iwork = g_new (int, liwork);
  dsyevd_ ("V", "U", &nn, v, &nn, w, work, &lwork, iwork, &liwork, &info);
  g_assert_cmpint (info, ==, 0);

  /* column a of v (column-major) is the a-th eigenvector */
  for (guint a = 0; a < n; a++)
    {
      double s = 0;

      for (guint i = 0; i < n; i++)
        s += v[i + a * n] * (f0[i] - y[i]);
      c[a] = s * exp (-w[a] * t / n);
    }
  for (guint i = 0; i < n; i++)
    {
      double s = y[i];

      for (guint a = 0; a < n; a++)
        s += v[i + a * n] * c[a];
      out[i] = s;
    }
}

/* The order-2 hierarchy is the linearised model, solved in closed form;
 * orders 3 and 4 with a vanishing top kernel reduce to the order below. */
static void
test_hierarchy_linear (void)
{
  const guint n = 8, d = 5;
  double x[8 * 5], y[8], f0[8], k2[64], k3[512] = { 0, };
  double times[] = { 0.013, 0.5, 2, 7.5, 40 };
  const guint n_times = G_N_ELEMENTS (times);
  g_autofree double *k4 = g_new0 (double, 4096);
  double f2[5 * 8], f3[5 * 8], f4[5 * 8], exact[8];
  g_autoptr(DtNtkNet) net = random_net (d, 64, 1, DT_NTK_TANH, 41);
  g_autoptr(DtNtkWork) work = dt_ntk_work_new (net, n);
  g_autoptr(GError) error = NULL;

  sphere_data (n, d, 15, x, y);
  dt_ntk_net_kernel (net, work, x, n, f0, k2);
  g_assert_true (dt_ntk_hierarchy_solve (2, n, k2, NULL, NULL, f0, y, times, n_times, 0.05, f2,
                                         NULL, &error));
  g_assert_true (dt_ntk_hierarchy_solve (3, n, k2, k3, NULL, f0, y, times, n_times, 0.05, f3,
                                         NULL, &error));
  g_assert_true (dt_ntk_hierarchy_solve (4, n, k2, k3, k4, f0, y, times, n_times, 0.05, f4,
                                         NULL, &error));
  g_assert_no_error (error);

  for (guint q = 0; q < n_times; q++)
    {
      linear_closed_form (k2, f0, y, n, times[q], exact);
      g_assert_cmpfloat (rel_distance (f2 + q * n, exact, n), <, 1e-9);
      g_assert_cmpfloat (rel_distance (f3 + q * n, f2 + q * n, n), <, 1e-14);
      g_assert_cmpfloat (rel_distance (f4 + q * n, f2 + q * n, n), <, 1e-14);
    }
}

/* With a nonzero K³ the order-3 solution follows its Taylor series:
 * f̈ = −(1/n)(K̇ r + K ṙ) with K̇ = −(1/n) K³ r and ṙ = −(1/n) K r. */
static void
test_hierarchy_taylor (void)
{
  const guint n = 4;
  double k2[16], k3[64], f0[4] = { 0.3, -0.2, 0.9, 0.1 }, y[4] = { 1, 0, -1, 0.5 };
  double r[4], rdot[4], kdot[16], f[4], t = 1e-3;
  DtRng rng;
  g_autoptr(GError) error = NULL;

  dt_rng_init (&rng, 3, 0);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j <= i; j++)
      k2[i * n + j] = k2[j * n + i] = (i == j ? 2.0 : 0.0) + 0.3 * dt_rng_normal (&rng);
  for (guint e = 0; e < 64; e++)
    k3[e] = dt_rng_normal (&rng);

  g_assert_true (dt_ntk_hierarchy_solve (3, n, k2, k3, NULL, f0, y, &t, 1, 0.05, f, NULL, &error));
  for (guint i = 0; i < n; i++)
    r[i] = f0[i] - y[i];
  for (guint i = 0; i < n; i++)
    {
      rdot[i] = 0;
      for (guint j = 0; j < n; j++)
        rdot[i] -= k2[i * n + j] * r[j] / n;
    }
  for (guint ij = 0; ij < n * n; ij++)
    {
      kdot[ij] = 0;
      for (guint l = 0; l < n; l++)
        kdot[ij] -= k3[ij * n + l] * r[l] / n;
    }
  for (guint i = 0; i < n; i++)
    {
      double fddot = 0, from_k3 = 0, taylor;

      for (guint j = 0; j < n; j++)
        {
          fddot -= (kdot[i * n + j] * r[j] + k2[i * n + j] * rdot[j]) / n;
          from_k3 -= kdot[i * n + j] * r[j] / n;
        }
      taylor = f0[i] + t * rdot[i] + 0.5 * t * t * fddot;
      /* the remainder is O(t³); K³'s share of the t² term is far above it */
      g_assert_cmpfloat (fabs (f[i] - taylor), <, 1e-3 * t * t);
      g_assert_cmpfloat (fabs (0.5 * t * t * from_k3), >, 1e-2 * t * t);
    }
}

/* One hidden ReLU layer at m = 4096: K²₀ within 5 % of the closed-form
 * limit, and the mean of several draws within 1.5 %. */
static void
test_relu_infinite_width (void)
{
  const guint n = 12, d = 8, m = 4096, draws = 12;
  double x[12 * 8], y[12], k_inf[144], k0[144], mean[144] = { 0, };
  g_autoptr(DtNtkNet) net = dt_ntk_net_new (d, m, 1, DT_NTK_RELU);
  g_autoptr(DtNtkWork) work = dt_ntk_work_new (net, n);

  sphere_data (n, d, 16, x, y);
  dt_ntk_relu_kernel_infinite (x, n, d, k_inf);
  for (guint s = 0; s < draws; s++)
    {
      DtRng rng;
      double rel;

      dt_rng_init (&rng, 50 + s, 0);
      dt_ntk_net_init (net, &rng);
      dt_ntk_net_kernel (net, work, x, n, NULL, k0);
      rel = rel_distance (k0, k_inf, n * n);
      if (s == 0)
        {
          g_test_message ("one draw: |K2_0 - K_inf| / |K_inf| = %.4f", rel);
          g_assert_cmpfloat (rel, <, 0.05);
        }
      for (guint e = 0; e < n * n; e++)
        mean[e] += k0[e] / draws;
    }
  g_test_message ("mean of %u draws: %.4f", draws, rel_distance (mean, k_inf, n * n));
  g_assert_cmpfloat (rel_distance (mean, k_inf, n * n), <, 0.015);
}

static void
test_slope (void)
{
  double x[] = { 1, 2, 4, 8 }, y[4], bad[] = { 1, -1, 0, 3 };

  for (guint i = 0; i < 4; i++)
    y[i] = 3 * pow (x[i], -0.75);
  g_assert_cmpfloat (fabs (dt_ntk_log_log_slope (x, y, 4) + 0.75), <, 1e-12);
  /* only the points with y > 0 count: (1, 1) and (8, 3) */
  g_assert_cmpfloat (fabs (dt_ntk_log_log_slope (x, bad, 4) - log (3) / log (8)), <, 1e-12);
  g_assert_true (isnan (dt_ntk_log_log_slope (x, y, 1)));
}

/* ---- the experiment -------------------------------------------------------- */

static DtRecord *
run_ntk (const char * const *settings,
         DtProgressFunc      progress,
         gpointer            progress_data,
         GCancellable       *cancellable,
         GError            **error)
{
  const DtExperiment *exp = dt_registry_lookup ("ntk");
  g_autoptr(DtParams) params = NULL;
  DtRecord *record;

  g_assert_nonnull (exp);
  params = dt_params_new (exp->params, exp->n_params);
  for (guint i = 0; settings[i]; i += 2)
    g_assert_true (dt_params_set_from_string (params, settings[i], settings[i + 1], NULL));
  record = dt_experiment_prepare_record (exp, params);
  dt_experiment_run (exp, params, record, progress, progress_data, cancellable, error);
  return record;
}

static double
point (const DtSeries *s,
       guint           i)
{
  return g_array_index (s->y, double, i);
}

/* The acceptance behaviours on the default settings with the widest width
 * left out (to keep the test short). */
static void
test_representative_run (void)
{
  const char *settings[] = { "widths", "64,128,256,512,1024", "threads", "2", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRecord) record = run_ntk (settings, NULL, NULL, NULL, &error);
  const DtSeries *drift_vs_width, *fluct, *gaps[5];
  double xs[5], ys[5], drift_slope, fluct_slope;
  guint mid, n_times;
  JsonNode *node;

  g_assert_no_error (error);
  g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_COMPLETE);

  /* drift grows with t for every width */
  for (guint i = 0; i < 5; i++)
    {
      static const guint widths[] = { 64, 128, 256, 512, 1024 };
      g_autofree char *id = g_strdup_printf ("drift/m=%u", widths[i]);
      const DtSeries *s = dt_record_lookup_series (record, id);

      g_assert_nonnull (s);
      g_assert_cmpuint (s->y->len, ==, 21);
      for (guint q = 1; q < s->y->len; q++)
        g_assert_cmpfloat (point (s, q), >, point (s, q - 1));
    }

  /* and shrinks with m, with an exponent between −1.2 and −0.4 */
  drift_vs_width = dt_record_lookup_series (record, "drift_vs_width");
  g_assert_cmpuint (drift_vs_width->y->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      xs[i] = g_array_index (drift_vs_width->x, double, i);
      ys[i] = point (drift_vs_width, i);
    }
  drift_slope = dt_ntk_log_log_slope (xs, ys, 5);
  g_test_message ("drift exponent %.3f", drift_slope);
  g_assert_cmpfloat (drift_slope, >=, -1.2);
  g_assert_cmpfloat (drift_slope, <=, -0.4);
  g_assert_cmpfloat (ys[4], <, ys[0] / 4);

  fluct = dt_record_lookup_series (record, "fluctuation_vs_width");
  g_assert_cmpuint (fluct->y->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    ys[i] = point (fluct, i);
  fluct_slope = dt_ntk_log_log_slope (xs, ys, 5);
  g_test_message ("fluctuation exponent %.3f", fluct_slope);
  g_assert_cmpfloat (fluct_slope, >=, -0.7);
  g_assert_cmpfloat (fluct_slope, <=, -0.3);

  /* gap ordering at the middle of the logged times, widest network */
  for (guint p = 2; p <= 4; p++)
    {
      g_autofree char *id = g_strdup_printf ("gap/p=%u", p);

      gaps[p] = dt_record_lookup_series (record, id);
      g_assert_nonnull (gaps[p]);
    }
  n_times = gaps[2]->y->len;
  g_assert_cmpuint (n_times, ==, 21);
  mid = (n_times - 1) / 2;
  g_test_message ("gaps at t = %.3g: %.3e %.3e %.3e", g_array_index (gaps[2]->x, double, mid),
                  point (gaps[2], mid), point (gaps[3], mid), point (gaps[4], mid));
  for (guint q = 0; q <= mid; q++)
    {
      g_assert_cmpfloat (point (gaps[3], q), <, point (gaps[2], q));
      g_assert_cmpfloat (point (gaps[4], q), <, point (gaps[3], q));
    }

  /* the saved kernels and data, and the notes with the slopes */
  node = dt_record_get_extra (record, "k2_initial");
  g_assert_nonnull (node);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 16);
  g_assert_nonnull (dt_record_get_extra (record, "k2_final"));
  node = dt_record_get_extra (record, "inputs");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 16);
  g_assert_nonnull (dt_record_get_extra (record, "targets"));
  g_assert_cmpuint (dt_record_lookup_plot (record, "drift_vs_width")->notes->len, >=, 2);
}

static void
cancel_when_started (double      fraction,
                     const char *message,
                     gpointer    data)
{
  (void) message;
  if (fraction > 0.1)
    g_cancellable_cancel (data);
}

static void
test_cancel (void)
{
  const char *settings[] = { "widths", "64,128,256", "threads", "2", NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRecord) record = run_ntk (settings, cancel_when_started, cancellable, cancellable,
                                        &error);
  guint points = 0;

  g_assert_error (error, DT_ERROR, DT_ERROR_CANCELLED);
  g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_CANCELLED);
  for (guint i = 0; i < dt_record_get_n_series (record); i++)
    if (g_str_has_prefix (dt_record_get_series (record, i)->id, "drift/"))
      points += dt_record_get_series (record, i)->y->len;
  g_assert_cmpuint (points, >, 0);
  /* stopped well before the end: not every width finished its drift curve */
  g_assert_cmpuint (points, <, 3 * 21);
}

static void
test_relu_orders (void)
{
  const char *refused[] = { "activation", "relu", "orders", "2,3", "widths", "32", NULL };
  const char *allowed[] = { "activation", "relu", "orders", "2", "widths", "32,64",
                            "t_max", "2", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRecord) bad = run_ntk (refused, NULL, NULL, NULL, &error);
  g_autoptr(DtRecord) good = NULL;

  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM);
  g_assert_nonnull (strstr (error->message, "ReLU"));
  g_clear_error (&error);

  good = run_ntk (allowed, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dt_record_lookup_series (good, "gap/p=2")->y->len, ==, 21);
  g_assert_null (dt_record_lookup_series (good, "gap/p=3"));
}

static void
test_fashion_mnist (void)
{
  const char *settings[] = { "dataset", "fashion-mnist", "n_train", "8", "n_test", "20",
                             "widths", "32,64", "t_max", "1", "orders", "2,3", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRecord) record = NULL;
  JsonNode *inputs;

  if (!g_file_test ("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
                    G_FILE_TEST_EXISTS))
    {
      g_test_skip ("Fashion-MNIST is not installed");
      return;
    }
  record = run_ntk (settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  inputs = dt_record_get_extra (record, "inputs");
  /* 28 × 28 pooled by 4 */
  g_assert_cmpuint (json_array_get_length (json_array_get_array_element (json_node_get_array (inputs), 0)),
                    ==, 49);
  g_assert_cmpuint (dt_record_lookup_series (record, "gap/p=3")->y->len, ==, 21);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  dt_blas_set_threads (1);

  g_test_add_func ("/ntk/jacobian", test_jacobian);
  g_test_add_func ("/ntk/loss-gradient", test_loss_gradient);
  g_test_add_func ("/ntk/kernel3-vs-training", test_kernel3_vs_training);
  g_test_add_func ("/ntk/kernel4-vs-training", test_kernel4_vs_training);
  g_test_add_func ("/ntk/hierarchy-linear", test_hierarchy_linear);
  g_test_add_func ("/ntk/hierarchy-taylor", test_hierarchy_taylor);
  g_test_add_func ("/ntk/relu-infinite-width", test_relu_infinite_width);
  g_test_add_func ("/ntk/slope", test_slope);
  g_test_add_func ("/ntk/relu-orders", test_relu_orders);
  g_test_add_func ("/ntk/cancel", test_cancel);
  g_test_add_func ("/ntk/fashion-mnist", test_fashion_mnist);
  g_test_add_func ("/ntk/representative-run", test_representative_run);
  return g_test_run ();
}
