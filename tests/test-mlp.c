/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-mlp"

#include "config.h"

#include <math.h>

#include "dt-blas.h"
#include "dt-mlp.h"

#define BATCH 6

typedef struct
{
  DtActivation       act;
  DtParameterisation par;
  DtLoss             loss;
  guint              depth;   /* hidden layers */
} GradCase;

static void
fill_inputs (float   *x,
             guint32 *labels,
             float   *targets,
             guint    d,
             guint    k)
{
  DtRng rng;

  dt_rng_init (&rng, 7, 0);
  for (guint i = 0; i < BATCH * d; i++)
    x[i] = (float) dt_rng_normal (&rng);
  for (guint i = 0; i < BATCH; i++)
    labels[i] = dt_rng_below (&rng, k);
  for (guint i = 0; i < BATCH * k; i++)
    targets[i] = (float) dt_rng_normal (&rng);
}

/* Backward pass against central differences of the loss, in double. */
static void
check_gradient (gconstpointer data)
{
  const GradCase *c = data;
  guint sizes[5] = { 5, 7, 6, 4, 3 };
  guint n_sizes = c->depth + 2;
  guint k;
  float x[BATCH * 5];
  guint32 labels[BATCH];
  float targets[BATCH * 3];
  g_autoptr(DtMlp) mlp = NULL;
  g_autoptr(DtMlpWork) work = NULL;
  g_autofree double *grad = NULL;
  DtRng rng;
  double worst = 0;

  sizes[n_sizes - 1] = 3;
  k = sizes[n_sizes - 1];
  mlp = dt_mlp_new (DT_F64, sizes, n_sizes, c->act, c->par);
  dt_rng_init (&rng, 42, 1);
  dt_mlp_init (mlp, &rng);
  /* non-zero biases so their gradients are exercised away from zero too */
  for (guint l = 0; l < mlp->n_layers; l++)
    for (guint j = 0; j < mlp->sizes[l + 1]; j++)
      dt_mlp_set_param (mlp, mlp->b_offset[l] + j, 0.3 * dt_rng_normal (&rng));

  work = dt_mlp_work_new (mlp, BATCH);
  fill_inputs (x, labels, targets, sizes[0], k);
  grad = g_new0 (double, mlp->n_params);
  dt_mlp_loss_grad (mlp, work, x, BATCH, c->loss, labels,
                    c->loss == DT_LOSS_MSE ? targets : NULL, grad);

  for (gsize i = 0; i < mlp->n_params; i++)
    {
      double w = dt_mlp_get_param (mlp, i);
      double h = 1e-6 * MAX (1.0, fabs (w));
      double lp, lm, numeric, err;

      dt_mlp_set_param (mlp, i, w + h);
      lp = dt_mlp_loss_grad (mlp, work, x, BATCH, c->loss, labels,
                             c->loss == DT_LOSS_MSE ? targets : NULL, NULL);
      dt_mlp_set_param (mlp, i, w - h);
      lm = dt_mlp_loss_grad (mlp, work, x, BATCH, c->loss, labels,
                             c->loss == DT_LOSS_MSE ? targets : NULL, NULL);
      dt_mlp_set_param (mlp, i, w);
      numeric = (lp - lm) / (2 * h);
      err = fabs (numeric - grad[i]) / MAX (1e-4, fabs (numeric) + fabs (grad[i]));
      worst = MAX (worst, err);
    }

  g_test_message ("worst relative gradient error %.3g over %" G_GSIZE_FORMAT " parameters",
                  worst, mlp->n_params);
  g_assert_cmpfloat (worst, <, 1e-5);
}

/* The float network computes what the double network computes, to float precision. */
static void
test_f32_matches_f64 (void)
{
  guint sizes[] = { 5, 16, 16, 3 };
  g_autoptr(DtMlp) m64 = dt_mlp_new (DT_F64, sizes, 4, DT_ACT_TANH, DT_PARAMETERISATION_STANDARD);
  g_autoptr(DtMlp) m32 = dt_mlp_new (DT_F32, sizes, 4, DT_ACT_TANH, DT_PARAMETERISATION_STANDARD);
  g_autoptr(DtMlpWork) w64 = dt_mlp_work_new (m64, BATCH);
  g_autoptr(DtMlpWork) w32 = dt_mlp_work_new (m32, BATCH);
  g_autofree double *g64 = g_new0 (double, m64->n_params);
  g_autofree float *g32 = g_new0 (float, m32->n_params);
  float x[BATCH * 5];
  guint32 labels[BATCH];
  float targets[BATCH * 3];
  double l64, l32;
  DtRng rng;

  dt_rng_init (&rng, 3, 0);
  dt_mlp_init (m64, &rng);
  for (gsize i = 0; i < m64->n_params; i++)
    dt_mlp_set_param (m32, i, dt_mlp_get_param (m64, i));
  fill_inputs (x, labels, targets, 5, 3);

  l64 = dt_mlp_loss_grad (m64, w64, x, BATCH, DT_LOSS_CE, labels, NULL, g64);
  l32 = dt_mlp_loss_grad (m32, w32, x, BATCH, DT_LOSS_CE, labels, NULL, g32);
  g_assert_cmpfloat_with_epsilon (l32, l64, 1e-5);
  for (gsize i = 0; i < m64->n_params; i++)
    g_assert_cmpfloat_with_epsilon (g32[i], g64[i], 1e-5);
}

/* Interpolation reproduces the end points exactly. */
static void
test_interpolate_ends (void)
{
  guint sizes[] = { 4, 8, 2 };
  g_autoptr(DtMlp) a = dt_mlp_new (DT_F32, sizes, 3, DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);
  g_autoptr(DtMlp) b = dt_mlp_new (DT_F32, sizes, 3, DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);
  g_autoptr(DtMlp) m = dt_mlp_new (DT_F32, sizes, 3, DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);
  DtRng rng;

  dt_rng_init (&rng, 1, 0);
  dt_mlp_init (a, &rng);
  dt_mlp_init (b, &rng);
  dt_mlp_interpolate (m, a, b, 1.0);
  g_assert_cmpmem (m->params, m->n_params * 4, a->params, a->n_params * 4);
  dt_mlp_interpolate (m, a, b, 0.0);
  g_assert_cmpmem (m->params, m->n_params * 4, b->params, b->n_params * 4);
  dt_mlp_interpolate (m, a, b, 0.5);
  g_assert_cmpfloat_with_epsilon (dt_mlp_get_param (m, 3),
                                  0.5 * (dt_mlp_get_param (a, 3) + dt_mlp_get_param (b, 3)), 1e-6);
}

/* A mask zeroes exactly the masked parameters. */
static void
test_mask (void)
{
  guint sizes[] = { 3, 5, 2 };
  g_autoptr(DtMlp) m = dt_mlp_new (DT_F32, sizes, 3, DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);
  g_autofree guint8 *mask = g_new (guint8, m->n_params);
  DtRng rng;

  dt_rng_init (&rng, 1, 0);
  dt_mlp_init (m, &rng);
  for (gsize i = 0; i < m->n_params; i++)
    mask[i] = i % 3 != 0;
  dt_mlp_set_mask (m, mask);
  for (gsize i = 0; i < m->n_params; i++)
    if (i % 3 == 0)
      g_assert_cmpfloat (dt_mlp_get_param (m, i), ==, 0.0);
}

int
main (int   argc,
      char *argv[])
{
  static const struct { const char *name; GradCase c; } cases[] = {
    { "tanh-standard-mse-1", { DT_ACT_TANH, DT_PARAMETERISATION_STANDARD, DT_LOSS_MSE, 1 } },
    { "tanh-ntk-mse-3", { DT_ACT_TANH, DT_PARAMETERISATION_NTK, DT_LOSS_MSE, 3 } },
    { "relu-standard-ce-2", { DT_ACT_RELU, DT_PARAMETERISATION_STANDARD, DT_LOSS_CE, 2 } },
    { "relu-ntk-ce-1", { DT_ACT_RELU, DT_PARAMETERISATION_NTK, DT_LOSS_CE, 1 } },
    { "softplus-standard-ce-3", { DT_ACT_SOFTPLUS, DT_PARAMETERISATION_STANDARD, DT_LOSS_CE, 3 } },
    { "softplus-ntk-mse-2", { DT_ACT_SOFTPLUS, DT_PARAMETERISATION_NTK, DT_LOSS_MSE, 2 } },
    { "erf-standard-mse-2", { DT_ACT_ERF, DT_PARAMETERISATION_STANDARD, DT_LOSS_MSE, 2 } },
    { "erf-ntk-ce-3", { DT_ACT_ERF, DT_PARAMETERISATION_NTK, DT_LOSS_CE, 3 } },
  };

  /* the gradient check runs under the kernel the programs would choose */
  dt_blas_select_kernel (argv);
  g_test_init (&argc, &argv, NULL);
  g_test_message ("BLAS: %s", dt_blas_describe ());

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mlp/gradient/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i].c, check_gradient);
    }
  g_test_add_func ("/mlp/f32-matches-f64", test_f32_matches_f64);
  g_test_add_func ("/mlp/interpolate-ends", test_interpolate_ends);
  g_test_add_func ("/mlp/mask", test_mask);

  return g_test_run ();
}
