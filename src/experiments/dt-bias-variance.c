/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-bias-variance"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dt-bias-variance.h"
#include "dt-blas.h"
#include "dt-common-params.h"
#include "dt-data.h"
#include "dt-error.h"
#include "dt-experiment-data.h"
#include "dt-estimate.h"
#include "dt-linalg.h"
#include "dt-mlp.h"
#include "dt-parallel.h"
#include "dt-record.h"
#include "dt-train.h"

/*
 * Bias–variance decomposition across width (Yang et al., ICML 2020).
 *
 * The split estimator: each trial shuffles the training set and splits it into
 * halves; one model is fitted on each half with its own initialisation. For
 * the squared loss, Variance = mean over test points of ½‖f₁ − f₂‖² (an
 * unbiased estimate of E‖f − E f‖²), Risk = the mean test loss of the two
 * models, Bias² = Risk − Variance. For the cross-entropy, the average model is
 * the normalised geometric mean p̄ of all models' softmax outputs; Variance =
 * E_x mean_j KL(p̄ ‖ p_j), Bias² = E_x KL(y ‖ p̄), Risk = their sum.
 * Every model sees n/2 points, so the interpolation threshold is at n/2.
 */

/* Synthetic tasks */
#define TEACHER_DIM      16
#define TEACHER_HIDDEN   32
#define TEACHER_NOISE    0.1
#define MIXTURE_DIM      16
#define MIXTURE_CLASSES  4
#define MIXTURE_CLUSTERS 2
#define MIXTURE_NOISE    1.0

/* A trained network counts as converged when its training loss is below this. */
#define CONVERGED_LOSS   1e-5
#define CHUNK_STEPS      50

enum
{
  STREAM_DATA_NOISE = 1,
  STREAM_SPLIT = 100,
  STREAM_MODEL = 100000,
};

static const char * const model_choices[] = { "random-features", "two-layer", "mlp", NULL };
static const char * const loss_choices[] = { "mse", "ce", NULL };
static const char * const synthetic_choices[] = { "teacher", "mixture", NULL };
static const char * const activation_choices[] = { "relu", "tanh", NULL };
static const char * const model_labels[] = { N_("Random features"), N_("Two-layer network"), N_("Deep network (MLP)"), NULL };
static const char * const loss_labels[] = { N_("Squared error"), N_("Cross-entropy"), NULL };
static const char * const synthetic_labels[] = { N_("Teacher network (regression)"), N_("Gaussian mixture (classes)"), NULL };
static const char * const activation_labels[] = { N_("ReLU"), N_("tanh"), NULL };

static const DtParamSpec bias_variance_params[] = {
  DT_PARAM_SEED_SPEC,
  DT_PARAM_DATASET_SPEC (N_("“synthetic” (see “Synthetic task”), “fashion-mnist”, or the path of an IDX images file with its labels file beside it")),
  { "synthetic", N_("Synthetic task"),
    N_("“teacher”: regression on a random tanh network plus noise; “mixture”: 4 Gaussian-mixture classes"),
    DT_PARAM_CHOICE, .def_str = "teacher", .choices = synthetic_choices, .applies = "dataset=synthetic", .choice_labels = synthetic_labels },
  DT_PARAM_N_TRAIN_SPEC (N_("Size of the training set; every model is fitted on half of it"),
                         20, 60000, 400, .log_scale = TRUE),
  DT_PARAM_N_TEST_SPEC (N_("Size of the test set the risk is measured on"),
                        50, 10000, 1000, .log_scale = TRUE),
  DT_PARAM_THREADS_SPEC (N_("Worker threads: the models of a width are fitted in parallel; the result does not depend on it")),
  { "model", N_("Model"),
    N_("“random-features”: fixed random first layer, last layer by least squares; “two-layer”: one hidden layer trained by gradient descent; “mlp”: a deeper network trained the same way"),
    DT_PARAM_CHOICE, .def_str = "random-features", .choices = model_choices, .choice_labels = model_labels },
  { "loss", N_("Loss"), N_("Squared error (“mse”) or cross-entropy (“ce”, classification with a trained network)"),
    DT_PARAM_CHOICE, .def_str = "mse", .choices = loss_choices, .choice_labels = loss_labels },
  { "widths", N_("Widths"),
    N_("Number of random features p, or hidden width k, comma-separated or min:max:count on a log grid"),
    DT_PARAM_INT_LIST, 1, 20000, .def_str = "4:4000:16", .log_scale = TRUE },
  { "trials", N_("Trials"), N_("Random splits of the training set; each fits two models"),
    DT_PARAM_INT, 1, 200, 10 },
  { "label_noise", N_("Label noise"),
    N_("Fraction of training points whose label is replaced by a random class (or whose target is redrawn, for regression)"),
    DT_PARAM_DOUBLE, 0, 0.5, 0.2, .digits = 2 },
  { "epochs", N_("Epochs"), N_("Full-batch gradient steps of a trained network (it stops early once the training loss is below 1e-5)"),
    DT_PARAM_INT, 1, 1000000, 3000, .log_scale = TRUE, .applies = "model!=random-features" },
  { "lr", N_("Learning rate"),
    N_("Learning rate of gradient descent (momentum 0.9) for trained networks, which use the NTK parameterisation so that one rate suits every width"),
    DT_PARAM_DOUBLE, 1e-5, 10, 0.5, .log_scale = TRUE, .digits = 4, .applies = "model!=random-features" },
  { "ridge", N_("Ridge"), N_("Ridge penalty λ of the random-features fit; 0 is the minimum-norm interpolator"),
    DT_PARAM_DOUBLE, 0, 10, 0, .digits = 4, .applies = "model=random-features" },
  { "activation", N_("Activation"), N_("Activation of the hidden (or random-feature) layer"),
    DT_PARAM_CHOICE, .def_str = "relu", .choices = activation_choices, .choice_labels = activation_labels },
  { "depth", N_("Depth"), N_("Hidden layers of the “mlp” model"),
    DT_PARAM_INT, 2, 3, 2, .applies = "model=mlp" },
  { "downsample", N_("Down-sampling"), N_("Average-pool image inputs by this factor (2: 28×28 → 14×14)"),
    DT_PARAM_INT, 1, 4, 1, .applies = "dataset!=synthetic" },
};

typedef struct
{
  /* inputs, shared read-only */
  const DtParams *params;
  DtDataset      *train;
  DtDataset      *test;
  guint32       **splits;     /* per trial: a permutation of the training set */
  guint           n_half;
  guint           k;          /* outputs */
  gboolean        ce;
  gboolean        classification;
  guint           width;
  guint           width_index;
  GCancellable   *cancellable;
  DtRecord       *record;
  DtProgressFunc  progress;
  gpointer        progress_data;
  gint           *jobs_done;  /* over the whole run */
  guint           jobs_total;

  /* outputs, one slot per model j = 2·trial + half */
  double        **pred;       /* n_test × k: outputs (mse) or log-probabilities (ce) */
  double         *train_err;  /* % error or MSE on the model's own half */
  double         *train_loss;
  GError        **errors;
} Width;

/* ---- the estimators ---------------------------------------------------- */

/**
 * dt_bv_mse_pair:
 * @f1: (array): n × k outputs of the first model
 * @f2: (array): n × k outputs of the second model
 * @y: (nullable) (array): n × k targets (regression)
 * @labels: (nullable) (array): classes, compared as one-hot (classification)
 * @n: test points
 * @k: outputs
 * @risk: (out): mean of the two models' test losses ‖f − y‖²
 * @variance: (out): mean over points of ½‖f₁ − f₂‖²
 */
void
dt_bv_mse_pair (const double  *f1,
                const double  *f2,
                const float   *y,
                const guint32 *labels,
                guint          n,
                guint          k,
                double        *risk,
                double        *variance)
{
  double r = 0, v = 0;

  for (guint i = 0; i < n; i++)
    for (guint c = 0; c < k; c++)
      {
        gsize at = (gsize) i * k + c;
        double t = y ? y[at] : (labels[i] == c ? 1.0 : 0.0);
        double d1 = f1[at] - t, d2 = f2[at] - t, d = f1[at] - f2[at];

        r += 0.5 * (d1 * d1 + d2 * d2);
        v += 0.5 * d * d;
      }
  *risk = r / n;
  *variance = v / n;
}

/**
 * dt_bv_ce_models:
 * @log_probs: (array): n_models × n × k log-softmax outputs
 * @labels: (array): n classes
 * @n_models: number of models
 * @n: test points
 * @k: classes
 * @risk: (out) (array): per model, the mean cross-entropy
 * @variance: (out) (array): per model, E_x KL(p̄(x) ‖ p_j(x))
 *
 * p̄ is the normalised geometric mean of the models' predictions, so that
 * mean_j risk − mean_j variance = E_x −log p̄_y(x) = Bias².
 */
void
dt_bv_ce_models (const double  *log_probs,
                 const guint32 *labels,
                 guint          n_models,
                 guint          n,
                 guint          k,
                 double        *risk,
                 double        *variance)
{
  g_autofree double *log_bar = g_new (double, k);

  for (guint j = 0; j < n_models; j++)
    risk[j] = variance[j] = 0;

  for (guint i = 0; i < n; i++)
    {
      double mx = -INFINITY, z = 0;

      for (guint c = 0; c < k; c++)
        {
          double s = 0;

          for (guint j = 0; j < n_models; j++)
            s += log_probs[((gsize) j * n + i) * k + c];
          log_bar[c] = s / n_models;
          mx = MAX (mx, log_bar[c]);
        }
      for (guint c = 0; c < k; c++)
        z += exp (log_bar[c] - mx);
      for (guint c = 0; c < k; c++)
        log_bar[c] -= mx + log (z);   /* normalised log p̄ */

      for (guint j = 0; j < n_models; j++)
        {
          const double *lp = log_probs + ((gsize) j * n + i) * k;
          double kl = 0;

          risk[j] -= lp[labels[i]];
          for (guint c = 0; c < k; c++)
            kl += exp (log_bar[c]) * (log_bar[c] - lp[c]);
          variance[j] += kl;
        }
    }
  for (guint j = 0; j < n_models; j++)
    {
      risk[j] /= n;
      variance[j] /= n;
    }
}

/* ---- fitting one model -------------------------------------------------- */

static DtDataset *
half_dataset (Width *w,
              guint  trial,
              guint  half)
{
  return dt_dataset_subset (w->train, w->splits[trial] + half * w->n_half, w->n_half);
}

static double
activation_apply (gboolean relu,
                  double   z)
{
  return relu ? (z > 0 ? z : 0) : tanh (z);
}

/* Random features φ(x) = σ(W x / √d), as an n × p row-major matrix. */
static double *
features (const DtDataset *data,
          const double    *wt,
          guint            p,
          gboolean         relu)
{
  g_autofree double *x = g_new (double, (gsize) data->n * data->d);
  double *phi = g_new (double, (gsize) data->n * p);

  for (gsize i = 0; i < (gsize) data->n * data->d; i++)
    x[i] = data->x[i];
  dt_dgemm (FALSE, FALSE, data->n, p, data->d, 1.0 / sqrt (data->d), x, data->d, wt, p, 0.0, phi, p);
  for (gsize i = 0; i < (gsize) data->n * p; i++)
    phi[i] = activation_apply (relu, phi[i]);
  return phi;
}

static double *
targets_of (const DtDataset *data,
            guint            k)
{
  double *y = g_new0 (double, (gsize) data->n * k);

  for (guint i = 0; i < data->n; i++)
    for (guint c = 0; c < k; c++)
      y[(gsize) i * k + c] = data->y ? data->y[(gsize) i * k + c] : (data->labels[i] == c);
  return y;
}

/* Squared error, or % misclassified, of outputs @f on @data. */
static double
error_of (const Width     *w,
          const double    *f,
          const DtDataset *data)
{
  double total = 0;

  for (guint i = 0; i < data->n; i++)
    {
      const double *o = f + (gsize) i * w->k;

      if (w->classification)
        {
          guint best = 0;

          for (guint c = 1; c < w->k; c++)
            if (o[c] > o[best])
              best = c;
          total += best != data->labels[i];
        }
      else
        for (guint c = 0; c < w->k; c++)
          {
            double d = o[c] - data->y[(gsize) i * w->k + c];
            total += d * d;
          }
    }
  return w->classification ? 100.0 * total / data->n : total / data->n;
}

static gboolean
fit_random_features (Width           *w,
                     guint            j,
                     const DtDataset *half,
                     DtRng           *rng,
                     GError         **error)
{
  guint p = w->width, d = w->train->d, k = w->k;
  gboolean relu = g_str_equal (dt_params_get_string (w->params, "activation"), "relu");
  double ridge = dt_params_get_double (w->params, "ridge");
  g_autofree double *wt = g_new (double, (gsize) d * p);   /* Wᵀ, d × p */
  g_autofree double *phi = NULL;
  g_autofree double *phi_test = NULL;
  g_autofree double *y = NULL;
  g_autofree double *a = g_new (double, (gsize) p * k);
  g_autofree double *fit = g_new (double, (gsize) half->n * k);

  for (gsize i = 0; i < (gsize) d * p; i++)
    wt[i] = dt_rng_normal (rng);
  phi = features (half, wt, p, relu);
  y = targets_of (half, k);
  if (!dt_least_squares (phi, half->n, p, y, k, ridge * half->n, a, error))
    return FALSE;

  dt_dgemm (FALSE, FALSE, half->n, k, p, 1.0, phi, p, a, k, 0.0, fit, k);
  w->train_err[j] = error_of (w, fit, half);
  w->train_loss[j] = 0;
  for (gsize i = 0; i < (gsize) half->n * k; i++)
    w->train_loss[j] += 0.5 * (fit[i] - y[i]) * (fit[i] - y[i]) / half->n;

  phi_test = features (w->test, wt, p, relu);
  w->pred[j] = g_new (double, (gsize) w->test->n * k);
  dt_dgemm (FALSE, FALSE, w->test->n, k, p, 1.0, phi_test, p, a, k, 0.0, w->pred[j], k);
  return TRUE;
}

static double *
network_outputs (Width           *w,
                 DtMlp           *mlp,
                 const DtDataset *data)
{
  g_autoptr(DtMlpWork) work = dt_mlp_work_new (mlp, 256);
  double *out = g_new (double, (gsize) data->n * w->k);

  for (guint first = 0; first < data->n; first += 256)
    {
      guint batch = MIN (256, data->n - first);
      const float *o = dt_mlp_forward (mlp, work, data->x + (gsize) first * data->d, batch);

      for (gsize i = 0; i < (gsize) batch * w->k; i++)
        out[(gsize) first * w->k + i] = o[i];
    }
  if (w->ce)
    for (guint i = 0; i < data->n; i++)
      {
        double *row = out + (gsize) i * w->k;
        double mx = row[0], z = 0;

        for (guint c = 1; c < w->k; c++)
          mx = MAX (mx, row[c]);
        for (guint c = 0; c < w->k; c++)
          z += exp (row[c] - mx);
        for (guint c = 0; c < w->k; c++)
          row[c] -= mx + log (z);
      }
  return out;
}

static gboolean
fit_network (Width           *w,
             guint            j,
             const DtDataset *half,
             DtRng           *rng,
             GError         **error)
{
  const char *model = dt_params_get_string (w->params, "model");
  gboolean relu = g_str_equal (dt_params_get_string (w->params, "activation"), "relu");
  guint depth = g_str_equal (model, "mlp") ? dt_params_get_int (w->params, "depth") : 1;
  guint64 epochs = dt_params_get_int (w->params, "epochs");
  DtSgdConfig sgd = { dt_params_get_double (w->params, "lr"), 0.9, 0 };
  g_autofree guint *sizes = g_new (guint, depth + 2);
  g_autoptr(DtTrainer) trainer = NULL;
  g_autofree double *fit = NULL;
  DtMlp *mlp;

  sizes[0] = w->train->d;
  for (guint l = 1; l <= depth; l++)
    sizes[l] = w->width;
  sizes[depth + 1] = w->k;
  mlp = dt_mlp_new (DT_F32, sizes, depth + 2, relu ? DT_ACT_RELU : DT_ACT_TANH,
                    DT_PARAMETERISATION_NTK);
  dt_mlp_init (mlp, rng);
  trainer = dt_trainer_new (mlp, half, w->ce ? DT_LOSS_CE : DT_LOSS_MSE, half->n, &sgd,
                            dt_rng_next (rng), 0);

  while (dt_trainer_get_step (trainer) < epochs)
    {
      guint64 n = MIN (CHUNK_STEPS, epochs - dt_trainer_get_step (trainer));

      if (!dt_trainer_run (trainer, n, w->cancellable, error))
        return FALSE;
      if (dt_trainer_get_last_loss (trainer) < CONVERGED_LOSS)
        break;
    }

  mlp = dt_trainer_get_mlp (trainer);
  fit = network_outputs (w, mlp, half);
  w->train_err[j] = error_of (w, fit, half);
  w->train_loss[j] = dt_trainer_get_last_loss (trainer);
  w->pred[j] = network_outputs (w, mlp, w->test);
  return TRUE;
}

static void
fit_job (guint    j,
         gpointer data)
{
  Width *w = data;
  guint trial = j / 2, half = j % 2;
  guint64 seed = dt_params_get_int (w->params, "seed");
  g_autoptr(DtDataset) subset = NULL;
  DtRng rng;
  gboolean ok;

  if (dt_check_cancelled (w->cancellable, &w->errors[j]))
    return;

  subset = half_dataset (w, trial, half);
  dt_rng_init (&rng, seed, STREAM_MODEL + ((guint64) w->width_index * 1000 + trial) * 2 + half);
  if (g_str_equal (dt_params_get_string (w->params, "model"), "random-features"))
    ok = fit_random_features (w, j, subset, &rng, &w->errors[j]);
  else
    ok = fit_network (w, j, subset, &rng, &w->errors[j]);

  if (ok && w->progress)
    {
      guint done = (guint) g_atomic_int_add (w->jobs_done, 1) + 1;
      g_autofree char *msg = g_strdup_printf (_("Width %u: model %u of %u"), w->width, j + 1,
                                              2 * (guint) dt_params_get_int (w->params, "trials"));

      w->progress ((double) done / w->jobs_total, msg, w->progress_data);
    }
}

/* ---- the run ------------------------------------------------------------ */

static gboolean
is_classification (const DtParams *params)
{
  return !g_str_equal (dt_params_get_string (params, "dataset"), "synthetic") ||
         g_str_equal (dt_params_get_string (params, "synthetic"), "mixture");
}

static gboolean
is_random_features (const DtParams *params)
{
  return g_str_equal (dt_params_get_string (params, "model"), "random-features");
}

/* ---- before the run: constraints and cost -------------------------------- */

static gboolean
bias_variance_check (const DtParams  *params,
                     GError         **error)
{
  gboolean ce = g_str_equal (dt_params_get_string (params, "loss"), "ce");

  if (ce && is_random_features (params))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   _("The cross-entropy loss needs a trained network: choose model “two-layer” or “mlp”, or loss “mse”"));
      return FALSE;
    }
  if (ce && !is_classification (params))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   _("The cross-entropy loss needs a classification task: set “synthetic” to “mixture” or use an image data set"));
      return FALSE;
    }
  return dt_estimate_check_sizes (params, error);
}

/* One random-features fit of @p features on @m points: the features of
 * the half and of the test set, and the least-squares solver. */
static void
random_features_cost (const DtParams *params,
                      guint           m,
                      guint           p,
                      guint           d,
                      guint           k,
                      DtCost         *cost)
{
  guint n_test = dt_params_get_int (params, "n_test");
  gboolean ridge = dt_params_get_double (params, "ridge") > 0;
  double phi = (double) m * p * sizeof (double);
  double solver = dt_estimate_least_squares (m, p, k, ridge);
  DtCost fit = { 0, }, test = { 0, };

  dt_cost_add (cost, "widths", (double) d * p * sizeof (double) + phi);
  dt_cost_add (cost, "widths", (double) p * k * sizeof (double));
  dt_cost_add (cost, "n_train", 2.0 * m * k * sizeof (double));

  /* the solver copies the features; LAPACK's workspace grows with the points */
  dt_cost_add (&fit, "widths", MIN (solver, phi));
  dt_cost_add (&fit, "n_train", solver - MIN (solver, phi));
  dt_cost_add (&fit, "n_train", (double) m * d * sizeof (double));
  dt_cost_add (&test, "widths", (double) n_test * p * sizeof (double));
  dt_cost_add (&test, "n_test", (double) n_test * (d + k) * sizeof (double));
  dt_cost_add_larger (cost, &fit, &test);
}

/* One network of width @w trained full-batch on @m points. */
static void
network_cost (const DtParams *params,
              guint           m,
              guint           w,
              guint           d,
              guint           k,
              DtCost         *cost)
{
  gboolean mlp = g_str_equal (dt_params_get_string (params, "model"), "mlp");
  guint depth = mlp ? dt_params_get_int (params, "depth") : 1;
  guint n_test = dt_params_get_int (params, "n_test");
  guint sizes[5] = { d, w, w, w, k };

  sizes[depth + 1] = k;
  dt_cost_add (cost, "widths", dt_estimate_trainer (sizes, depth + 2, m, m, sizeof (float)));
  dt_cost_add (cost, "widths", dt_estimate_mlp_work (sizes, depth + 2, 256, sizeof (float)));
  dt_cost_add (cost, "n_test", (double) MAX (m, n_test) * k * sizeof (double));
}

/* Peak memory: the data sets, then either loading them or, for the
 * widest width, the models fitted at once (one per thread), each with its
 * half of the training set, and the test outputs of every model. */
static void
bias_variance_estimate (const DtParams *params,
                        DtRunEstimate  *estimate)
{
  guint n_train = dt_params_get_int (params, "n_train");
  guint n_test = dt_params_get_int (params, "n_test");
  guint trials = dt_params_get_int (params, "trials");
  guint n_models = 2 * trials;
  guint workers = MIN ((guint) dt_params_get_int (params, "threads"), n_models);
  gboolean ce = g_str_equal (dt_params_get_string (params, "loss"), "ce");
  gboolean mixture = is_classification (params);
  g_autoptr(GArray) widths = dt_params_dup_sorted_list (params, "widths");
  guint widest = widths->len ? (guint) g_array_index (widths, guint64, widths->len - 1) : 1;
  guint m = n_train / 2, d, k;
  DtCost cost = { 0, }, load = { 0, }, fits = { 0, }, one = { 0, };

  dt_estimate_data (params, mixture ? MIXTURE_DIM : TEACHER_DIM, mixture ? MIXTURE_CLASSES : 1,
                    dt_params_get_int (params, "downsample"), &d, &k, &cost, &load);
  dt_cost_add_base (&cost, workers);
  dt_cost_add (&cost, "n_train", (double) trials * n_train * sizeof (guint32));

  dt_cost_add (&one, "n_train", dt_estimate_dataset (m, d, k, FALSE));
  if (is_random_features (params))
    random_features_cost (params, m, widest, d, k, &one);
  else
    network_cost (params, m, widest, d, k, &one);
  dt_cost_add_workers (&fits, &one, workers);
  dt_cost_add (&fits, "n_test", (ce ? 2.0 : 1.0) * n_models * n_test * k * sizeof (double));
  dt_cost_add_larger (&cost, &load, &fits);

  estimate->peak_bytes = dt_cost_total (&cost);
  estimate->n_units = (guint64) widths->len * n_models;
  estimate->main_key = dt_cost_main_key (&cost);
}

static void
bias_variance_prepare (const DtParams *params,
                       DtRecord       *record)
{
  gboolean ce = g_str_equal (dt_params_get_string (params, "loss"), "ce");
  gboolean classification = is_classification (params);
  const char *x_label = is_random_features (params) ? _("random features p") : _("hidden width k");
  DtPlotSpec *spec;

  spec = dt_plot_spec_new ("risk", _("Risk = Bias² + Variance"), x_label, DT_SCALE_LOG,
                           ce ? _("test cross-entropy") : _("test squared error"), DT_SCALE_LINEAR);
  dt_record_add_plot_series (record, spec, "risk", _("risk"), DT_STYLE_LINE);
  dt_record_add_plot_series (record, spec, "bias2", _("bias²"), DT_STYLE_LINE);
  dt_record_add_plot_series (record, spec, "variance", _("variance"), DT_STYLE_LINE);
  dt_record_add_plot (record, spec);
  /* each model sees half the training set: random features interpolate from p = n/2 */
  if (is_random_features (params))
    dt_record_add_plot_vline (record, "risk", (double) (dt_params_get_int (params, "n_train") / 2),
                              _("p = n/2"));

  spec = dt_plot_spec_new ("error", _("Train and test error"), x_label, DT_SCALE_LOG,
                           classification ? _("error (%)") : _("squared error"), DT_SCALE_LINEAR);
  dt_record_add_plot_series (record, spec, "train_error", _("train"), DT_STYLE_LINE);
  dt_record_add_plot_series (record, spec, "test_error", _("test"), DT_STYLE_LINE);
  dt_record_add_plot (record, spec);
}

static void
synthetic_data (const DtParams  *params,
                guint64          seed,
                guint            n_train,
                guint            n_test,
                DtDataset      **train,
                DtDataset      **test)
{
  if (g_str_equal (dt_params_get_string (params, "synthetic"), "mixture"))
    dt_synthetic_gaussian_mixture (seed, n_train, n_test, MIXTURE_DIM, MIXTURE_CLASSES,
                                   MIXTURE_CLUSTERS, MIXTURE_NOISE, train, test);
  else
    dt_synthetic_teacher (seed, n_train, n_test, TEACHER_DIM, TEACHER_HIDDEN, TEACHER_NOISE,
                          train, test);
}

static gboolean
load_data (const DtParams  *params,
           DtDataset      **train,
           DtDataset      **test,
           GCancellable    *cancellable,
           GError         **error)
{
  guint64 seed = dt_params_get_int (params, "seed");
  double noise = dt_params_get_double (params, "label_noise");
  DtRng rng;

  if (!dt_experiment_load_data (params, seed, dt_params_get_int (params, "downsample"),
                                synthetic_data, train, test, cancellable, error))
    return FALSE;

  dt_rng_init (&rng, seed, STREAM_DATA_NOISE);
  dt_dataset_label_noise (*train, noise, &rng);
  return TRUE;
}

static void
mean_se (const double *v,
         guint         n,
         double       *mean,
         double       *se)
{
  double m = 0, ss = 0;

  for (guint i = 0; i < n; i++)
    m += v[i];
  m /= n;
  for (guint i = 0; i < n; i++)
    ss += (v[i] - m) * (v[i] - m);
  *mean = m;
  *se = n > 1 ? sqrt (ss / (n - 1) / n) : 0.0;
}

static JsonNode *
width_summary (guint        width,
               const double *stats,
               double        train_loss_mean,
               double        train_loss_max)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  static const char *names[] = { "risk", "risk_se", "bias2", "bias2_se", "variance", "variance_se",
                                 "train_error", "test_error" };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, width);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      json_builder_set_member_name (b, names[i]);
      json_builder_add_double_value (b, stats[i]);
    }
  json_builder_set_member_name (b, "train_loss_mean");
  json_builder_add_double_value (b, train_loss_mean);
  json_builder_set_member_name (b, "train_loss_max");
  json_builder_add_double_value (b, train_loss_max);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Decomposes the fitted models of one width and appends its points. */
static void
summarise_width (Width     *w,
                 guint      trials,
                 JsonArray *summaries)
{
  g_autofree double *risk = g_new (double, trials);
  g_autofree double *var = g_new (double, trials);
  g_autofree double *bias = g_new (double, trials);
  double stats[8], loss_mean = 0, loss_max = 0, train_err = 0, test_err = 0;

  if (w->ce)
    {
      guint n_models = 2 * trials;
      gsize per = (gsize) w->test->n * w->k;
      g_autofree double *all = g_new (double, per * n_models);
      g_autofree double *r = g_new (double, n_models);
      g_autofree double *v = g_new (double, n_models);

      for (guint j = 0; j < n_models; j++)
        memcpy (all + per * j, w->pred[j], per * sizeof (double));
      dt_bv_ce_models (all, w->test->labels, n_models, w->test->n, w->k, r, v);
      for (guint t = 0; t < trials; t++)
        {
          risk[t] = 0.5 * (r[2 * t] + r[2 * t + 1]);
          var[t] = 0.5 * (v[2 * t] + v[2 * t + 1]);
        }
    }
  else
    for (guint t = 0; t < trials; t++)
      dt_bv_mse_pair (w->pred[2 * t], w->pred[2 * t + 1], w->test->y, w->test->labels,
                      w->test->n, w->k, &risk[t], &var[t]);

  for (guint t = 0; t < trials; t++)
    bias[t] = risk[t] - var[t];
  mean_se (risk, trials, &stats[0], &stats[1]);
  mean_se (bias, trials, &stats[2], &stats[3]);
  mean_se (var, trials, &stats[4], &stats[5]);

  for (guint j = 0; j < 2 * trials; j++)
    {
      train_err += w->train_err[j] / (2 * trials);
      test_err += error_of (w, w->pred[j], w->test) / (2 * trials);
      loss_mean += w->train_loss[j] / (2 * trials);
      loss_max = MAX (loss_max, w->train_loss[j]);
    }
  stats[6] = train_err;
  stats[7] = test_err;

  dt_record_append_point (w->record, "risk", w->width, stats[0], stats[1]);
  dt_record_append_point (w->record, "bias2", w->width, stats[2], stats[3]);
  dt_record_append_point (w->record, "variance", w->width, stats[4], stats[5]);
  dt_record_append_point (w->record, "train_error", w->width, train_err, NAN);
  dt_record_append_point (w->record, "test_error", w->width, test_err, NAN);
  json_array_add_element (summaries, width_summary (w->width, stats, loss_mean, loss_max));
  dt_record_set_extra (w->record, "widths", json_node_init_array (json_node_alloc (), summaries));
}

static gboolean
bias_variance_run (const DtParams *params,
                   DtRecord       *record,
                   DtProgressFunc  progress,
                   gpointer        progress_data,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autoptr(DtDataset) train = NULL;
  g_autoptr(DtDataset) test = NULL;
  g_autoptr(JsonArray) summaries = json_array_new ();
  guint trials = dt_params_get_int (params, "trials");
  guint n_threads = dt_params_get_int (params, "threads");
  guint64 seed = dt_params_get_int (params, "seed");
  gboolean ce = g_str_equal (dt_params_get_string (params, "loss"), "ce");
  guint n_widths;
  const double *widths = dt_params_get_list (params, "widths", &n_widths);
  guint32 **splits = NULL;
  gint jobs_done = 0;
  gboolean ok = FALSE;
  guint n_half;

  if (!bias_variance_check (params, error))
    return FALSE;

  /* parallelism is across models; one BLAS thread each keeps results independent of it */
  dt_blas_set_threads (1);
  if (progress)
    progress (0, _("Loading data"), progress_data);
  if (!load_data (params, &train, &test, cancellable, error))
    return FALSE;

  n_half = train->n / 2;
  splits = g_new0 (guint32 *, trials);
  for (guint t = 0; t < trials; t++)
    {
      DtRng rng;

      splits[t] = g_new (guint32, train->n);
      dt_rng_init (&rng, seed, STREAM_SPLIT + t);
      dt_rng_permutation (&rng, splits[t], train->n);
    }

  for (guint i = 0; i < n_widths; i++)
    {
      Width w = {
        .params = params, .train = train, .test = test, .splits = splits, .n_half = n_half,
        .k = train->n_out, .ce = ce, .classification = train->task == DT_TASK_CLASSIFICATION,
        .width = (guint) widths[i], .width_index = i, .cancellable = cancellable,
        .record = record, .progress = progress, .progress_data = progress_data,
        .jobs_done = &jobs_done, .jobs_total = 2 * trials * n_widths,
      };
      guint n_models = 2 * trials;
      gboolean failed = FALSE;

      w.pred = g_new0 (double *, n_models);
      w.train_err = g_new0 (double, n_models);
      w.train_loss = g_new0 (double, n_models);
      w.errors = g_new0 (GError *, n_models);

      dt_parallel_for (n_models, n_threads, fit_job, &w);

      for (guint j = 0; j < n_models; j++)
        if (w.errors[j] && !failed)
          {
            g_propagate_error (error, g_steal_pointer (&w.errors[j]));
            failed = TRUE;
          }
      if (!failed)
        summarise_width (&w, trials, summaries);

      for (guint j = 0; j < n_models; j++)
        {
          g_free (w.pred[j]);
          g_clear_error (&w.errors[j]);
        }
      g_free (w.pred);
      g_free (w.train_err);
      g_free (w.train_loss);
      g_free (w.errors);
      if (failed)
        goto out;
    }
  ok = TRUE;

out:
  for (guint t = 0; t < trials; t++)
    g_free (splits[t]);
  g_free (splits);
  return ok;
}

const DtExperiment dt_experiment_bias_variance = {
  .id = "bias-variance",
  .title = N_("Bias–variance and double descent"),
  .summary = N_("Yang et al. 2020: unimodal variance and the double-descent risk"),
  .params = bias_variance_params,
  .n_params = G_N_ELEMENTS (bias_variance_params),
  .prepare = bias_variance_prepare,
  .run = bias_variance_run,
  .check = bias_variance_check,
  .estimate = bias_variance_estimate,
  .description = N_("Fits models of growing width on halves of the training set, many times over, and splits their test risk into bias² and variance. Yang et al. find that the variance rises and then falls with width while the bias falls, so the risk can descend twice."),
  .citation = "Zitong Yang, Yaodong Yu, Chong You, Jacob Steinhardt, Yi Ma. Rethinking Bias-Variance Trade-off for Generalization of Neural Networks. ICML 2020",
  .url = "https://arxiv.org/abs/2002.11328",
};
