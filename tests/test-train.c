/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-train"

#include "config.h"

#include <math.h>

#include "dt-error.h"
#include "dt-train.h"

static DtMlp *
small_mlp (guint d,
           guint k,
           guint64 seed)
{
  guint sizes[] = { d, 32, k };
  DtMlp *mlp = dt_mlp_new (DT_F32, sizes, 3, DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);
  DtRng rng;

  dt_rng_init (&rng, seed, 0);
  dt_mlp_init (mlp, &rng);
  return mlp;
}

/* SGD with momentum learns a Gaussian-mixture task well above chance. */
static void
test_learns (void)
{
  g_autoptr(DtDataset) train = NULL;
  g_autoptr(DtDataset) test = NULL;
  g_autoptr(DtTrainer) trainer = NULL;
  g_autoptr(DtMlpWork) work = NULL;
  DtSgdConfig sgd = { 0.05, 0.9, 0 };
  double loss0, loss1, err0, err1;

  dt_synthetic_gaussian_mixture (3, 800, 400, 16, 4, 2, 1.0, &train, &test);
  dt_dataset_standardize (train, test);
  trainer = dt_trainer_new (small_mlp (16, 4, 1), train, DT_LOSS_CE, 32, &sgd, 3, 1);
  work = dt_mlp_work_new (dt_trainer_get_mlp (trainer), 256);

  dt_mlp_evaluate (dt_trainer_get_mlp (trainer), work, test, DT_LOSS_CE, &loss0, &err0);
  g_assert_true (dt_trainer_run (trainer, 400, NULL, NULL));
  dt_mlp_evaluate (dt_trainer_get_mlp (trainer), work, test, DT_LOSS_CE, &loss1, &err1);
  g_test_message ("test error %.3f -> %.3f, loss %.3f -> %.3f", err0, err1, loss0, loss1);
  g_assert_cmpfloat (loss1, <, 0.6 * loss0);
  g_assert_cmpfloat (err1, <, 0.5 * err0);
  g_assert_cmpuint (dt_trainer_get_step (trainer), ==, 400);
}

/* A fork continues from the same state; with the same order stream it
 * stays identical to the original, with another it departs. */
static void
test_fork (void)
{
  g_autoptr(DtDataset) train = NULL;
  g_autoptr(DtTrainer) a = NULL;
  g_autoptr(DtTrainer) b = NULL;
  g_autoptr(DtTrainer) c = NULL;
  DtSgdConfig sgd = { 0.05, 0.9, 0 };
  DtMlp *ma, *mb, *mc;

  dt_synthetic_gaussian_mixture (4, 500, 100, 8, 3, 1, 1.0, &train, NULL);
  a = dt_trainer_new (small_mlp (8, 3, 2), train, DT_LOSS_CE, 25, &sgd, 9, 1);
  g_assert_true (dt_trainer_run (a, 30, NULL, NULL));
  b = dt_trainer_fork (a, 9, 5);
  c = dt_trainer_fork (a, 9, 5);
  ma = dt_trainer_get_mlp (a);
  mb = dt_trainer_get_mlp (b);
  mc = dt_trainer_get_mlp (c);
  g_assert_cmpmem (ma->params, ma->n_params * 4, mb->params, mb->n_params * 4);
  g_assert_true (dt_trainer_run (b, 20, NULL, NULL));
  g_assert_true (dt_trainer_run (c, 20, NULL, NULL));
  g_assert_cmpmem (mb->params, mb->n_params * 4, mc->params, mc->n_params * 4);
  g_assert_true (dt_trainer_run (a, 20, NULL, NULL));
  g_assert_true (memcmp (ma->params, mb->params, ma->n_params * 4) != 0);
}

/* A learning rate far too large is reported as divergence, not trained on. */
static void
test_divergence (void)
{
  g_autoptr(DtDataset) train = NULL;
  g_autoptr(DtTrainer) trainer = NULL;
  g_autoptr(GError) error = NULL;
  DtSgdConfig sgd = { 1e4, 0.9, 0 };

  dt_synthetic_gaussian_mixture (4, 200, 100, 8, 3, 1, 1.0, &train, NULL);
  trainer = dt_trainer_new (small_mlp (8, 3, 2), train, DT_LOSS_MSE, 20, &sgd, 1, 1);
  g_assert_false (dt_trainer_run (trainer, 500, NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_DIVERGED);
  g_assert_nonnull (strstr (error->message, "learning rate"));
}

static void
test_cancel (void)
{
  g_autoptr(DtDataset) train = NULL;
  g_autoptr(DtTrainer) trainer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  DtSgdConfig sgd = { 0.01, 0, 0 };

  dt_synthetic_gaussian_mixture (4, 200, 100, 8, 3, 1, 1.0, &train, NULL);
  trainer = dt_trainer_new (small_mlp (8, 3, 2), train, DT_LOSS_CE, 20, &sgd, 1, 1);
  g_cancellable_cancel (cancellable);
  g_assert_false (dt_trainer_run (trainer, 500, cancellable, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_CANCELLED);
  g_assert_cmpuint (dt_trainer_get_step (trainer), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/train/learns", test_learns);
  g_test_add_func ("/train/fork", test_fork);
  g_test_add_func ("/train/divergence", test_divergence);
  g_test_add_func ("/train/cancel", test_cancel);
  return g_test_run ();
}
