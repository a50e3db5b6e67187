/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-pruning"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dt-blas.h"
#include "dt-lock.h"
#include "dt-data.h"
#include "dt-error.h"
#include "dt-estimate.h"
#include "dt-mlp.h"
#include "dt-parallel.h"
#include "dt-prune.h"
#include "dt-pruning.h"
#include "dt-record.h"
#include "dt-subset-sum.h"
#include "dt-train.h"

/*
 * Lottery tickets, in two modes.
 *
 * mode=strong (Malach et al., ICML 2020): a target network F (width w,
 * depth d, ReLU, a random teacher with every layer of spectral norm 1, as
 * in the theorems) and a random network N of depth 2d and
 * width W = overparam·w whose weights are drawn uniformly from [−1, 1] and
 * never trained. A binary mask B is searched so that N with weights B⊙W
 * approximates F on Gaussian inputs; the error is the test MSE to F.
 * - subset-sum (Pensia et al. 2020): each layer of F becomes two layers of
 *   N. Intermediate neuron g of the pair belongs to one input i of the
 *   layer (only its weight u from i is kept); since x = σ(x) − σ(−x), the
 *   products v·|u| of the neurons with u > 0 are summed to approximate
 *   F's weight w_ji, and those with u < 0 to approximate −w_ji (the latter
 *   only in the first layer, whose inputs can be negative). Each sum is an
 *   exact subset-sum search over the neuron's candidates, whose error falls
 *   exponentially with their number.
 * - edge-popup (Ramanujan et al. 2020): one score per weight; the forward
 *   pass keeps the weights with the top `density` fraction of |score| per
 *   layer; scores follow straight-through gradients of the MSE to F (the
 *   gradient of a kept-or-not weight times the weight), with Adam.
 *
 * mode=imp (Frankle et al. 2019, 2020): a dense MLP is trained on the data
 * set; each round removes the `rate` fraction of the remaining weights of
 * smallest magnitude per layer (the output layer at half the rate), rewinds
 * the survivors to their values at iteration k and retrains; one sequence
 * of masks per rewind point k. The control trains the masks of the first
 * rewind point from a fresh random initialisation. Data, initialisation and
 * data order are drawn as in the connectivity experiment, so that with the
 * same seed and settings its parent network is the one pruned here.
 */

/* Synthetic data of mode=imp: the connectivity experiment's task. */
#define SYNTH_DIM       32
#define SYNTH_CLASSES   10
#define SYNTH_CLUSTERS  3
#define SYNTH_NOISE     1.0

/* The largest random network N of mode=strong, in weights. */
#define MAX_NET_WEIGHTS (8u << 20)

/* Train accuracy is measured on at most this many training points. */
#define TRAIN_EVAL_MAX  2000

/* Candidates per weight and sign that the subset-sum search uses. */
#define MAX_CANDIDATES  24

/* Steps between progress reports and cancellation checks. */
#define CHUNK_STEPS     50

/* Adam for the edge-popup scores. */
#define ADAM_BETA1      0.9
#define ADAM_BETA2      0.999
#define ADAM_EPS        1e-8

/* Streams of the run's seed. The IMP ones match dt-connectivity.c. */
enum
{
  STREAM_IMP_INIT = 1,
  STREAM_IMP_ORDER = 2,
  STREAM_TARGET = 10,
  STREAM_TRAIN_X = 11,
  STREAM_TEST_X = 12,
  STREAM_NET = 1000,          /* + overparam */
  STREAM_REINIT = 5000,       /* + round */
  STREAM_SCORES = 1 << 20,    /* + 1024 · overparam + density index */
  STREAM_BATCHES = 2 << 20,   /* + 1024 · overparam + density index */
};

static const char * const mode_choices[] = { "strong", "imp", NULL };
static const char * const finder_choices[] = { "edge-popup", "subset-sum", NULL };

static const DtParamSpec pruning_params[] = {
  { "seed", N_("Seed"), N_("Seed of every random draw: the same seed gives the same run"),
    DT_PARAM_INT, 0, 2147483647, 1 },
  { "dataset", N_("Data set"),
    N_("IMP mode: “synthetic” (a Gaussian mixture, 10 classes in 32 dimensions), “fashion-mnist”, or the path of an IDX images file with its labels file beside it; strong mode draws Gaussian inputs"),
    DT_PARAM_STRING, .def_str = "synthetic" },
  { "n_train", N_("Training points"), N_("Size of the training set (strong mode: the random inputs edge-popup learns its scores on)"),
    DT_PARAM_INT, 100, 60000, 20000, .log_scale = TRUE },
  { "n_test", N_("Test points"), N_("Size of the test set errors and accuracies are measured on"),
    DT_PARAM_INT, 100, 10000, 5000, .log_scale = TRUE },
  { "threads", N_("Threads"), N_("Worker threads: widths, densities and the networks of a round run in parallel; the result does not depend on it"),
    DT_PARAM_INT, 1, 64, 2 },
  { "mode", N_("Mode"),
    N_("“strong”: find a subnetwork of a random network that approximates a target without training; “imp”: iterative magnitude pruning of a trained network, with rewinding"),
    DT_PARAM_CHOICE, .def_str = "strong", .choices = mode_choices },
  { "finder", N_("Mask finder"),
    N_("Strong mode: “edge-popup” learns a score per weight and keeps the top fraction; “subset-sum” builds the mask from exact subset sums of products of random weights"),
    DT_PARAM_CHOICE, .def_str = "subset-sum", .choices = finder_choices },
  { "target_width", N_("Target width w"), N_("Width of the hidden layers of the target network F"),
    DT_PARAM_INT, 1, 256, 8 },
  { "target_depth", N_("Target depth d"), N_("Weight layers of F; the random network N has 2d"),
    DT_PARAM_INT, 1, 6, 2 },
  { "input_dim", N_("Input dimension"), N_("Inputs of F and N (strong mode), standard Gaussian"),
    DT_PARAM_INT, 1, 256, 8 },
  { "overparam", N_("Overparameterisation W/w"),
    N_("Widths of N as multiples of w, comma-separated or min:max:count; subset-sum gives each weight about W/w candidates"),
    DT_PARAM_INT_LIST, 1, 64, .def_str = "1,2,4,8,16,24,32" },
  { "density", N_("Density"),
    N_("Edge-popup: fraction of N's weights kept per layer; the first value is used for every width, all of them at the largest width"),
    DT_PARAM_DOUBLE_LIST, 0.001, 1, .def_str = "0.1,0.03,0.3", .digits = 3 },
  { "score_steps", N_("Score steps"), N_("Edge-popup: Adam steps on the scores"),
    DT_PARAM_INT, 1, 1000000, 1500, .log_scale = TRUE },
  { "score_lr", N_("Score learning rate"), N_("Edge-popup: Adam learning rate of the scores (cosine decay to 0)"),
    DT_PARAM_DOUBLE, 1e-5, 1, 0.03, .log_scale = TRUE, .digits = 4 },
  { "score_batch", N_("Score batch"), N_("Edge-popup: minibatch size"),
    DT_PARAM_INT, 1, 4096, 128, .log_scale = TRUE },
  { "mask_layer", N_("Layer shown"), N_("The layer whose mask is drawn as a heat map (0 = the first)"),
    DT_PARAM_INT, 0, 63, 1 },
  { "hidden", N_("Hidden widths"), N_("IMP: widths of the hidden layers of the dense network, comma-separated"),
    DT_PARAM_INT_LIST, 1, 4096, .def_str = "300,100" },
  { "rounds", N_("Rounds"), N_("IMP: pruning rounds; after r rounds about (1 − rate)^r of the weights remain"),
    DT_PARAM_INT, 0, 60, 15 },
  { "rate", N_("Pruning rate"), N_("IMP: fraction of the remaining weights of each layer removed per round (the output layer: half of it)"),
    DT_PARAM_DOUBLE, 0.01, 0.9, 0.2, .digits = 2 },
  { "rewind", N_("Rewind iterations k"),
    N_("IMP: the iterations the survivors are rewound to, comma-separated; 0 is the initialisation"),
    DT_PARAM_INT_LIST, 0, 1000000, .def_str = "0,100" },
  { "steps", N_("Training iterations"), N_("IMP: SGD iterations of the dense run and of every retraining (counted from iteration 0)"),
    DT_PARAM_INT, 1, 1000000, 2000, .log_scale = TRUE },
  { "lr", N_("Learning rate"), N_("IMP: SGD learning rate"),
    DT_PARAM_DOUBLE, 1e-5, 10, 0.05, .log_scale = TRUE, .digits = 4 },
  { "momentum", N_("Momentum"), N_("IMP: heavy-ball momentum of SGD"),
    DT_PARAM_DOUBLE, 0, 0.99, 0.9, .digits = 2 },
  { "batch", N_("Batch size"), N_("IMP: minibatch size of SGD"),
    DT_PARAM_INT, 1, 4096, 60, .log_scale = TRUE },
};

/* ---- shared by both modes ---------------------------------------------- */

typedef struct
{
  const DtParams *params;
  DtRecord       *record;
  DtProgressFunc  progress;
  gpointer        progress_data;
  GCancellable   *cancellable;
  guint           n_threads;
  guint64         seed;
  guint64         total_work;
  gint            done_work;   /* atomic */
  GMutex          lock;        /* orders the updates of the record by jobs */
} Run;

static void
report (Run        *run,
        const char *message)
{
  double fraction;

  if (run->progress == NULL)
    return;
  fraction = run->total_work > 0 ? (double) g_atomic_int_get (&run->done_work) / run->total_work : 0;
  run->progress (CLAMP (fraction, 0.0, 1.0), message, run->progress_data);
}

static void
add_work (Run    *run,
          guint64 amount)
{
  g_atomic_int_add (&run->done_work, (gint) amount);
}

static gboolean
is_strong (const DtParams *params)
{
  return g_str_equal (dt_params_get_string (params, "mode"), "strong");
}

static gboolean
uses_edge_popup (const DtParams *params)
{
  return g_str_equal (dt_params_get_string (params, "finder"), "edge-popup");
}

/* Densities in the order given, without repeats. */
static GArray *
density_list (const DtParams *params)
{
  guint n;
  const double *values = dt_params_get_list (params, "density", &n);
  GArray *list = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < n; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < list->len; j++)
        seen |= g_array_index (list, double, j) == values[i];
      if (!seen)
        g_array_append_val (list, values[i]);
    }
  return list;
}

static gsize
layer_weights (const DtMlp *mlp,
               guint        l)
{
  return (gsize) mlp->sizes[l] * mlp->sizes[l + 1];
}

static gsize
total_weights (const DtMlp *mlp)
{
  gsize n = 0;

  for (guint l = 0; l < mlp->n_layers; l++)
    n += layer_weights (mlp, l);
  return n;
}

static gsize
layer_kept (const DtMlp  *mlp,
            const guint8 *mask,
            guint         l)
{
  return dt_prune_count (mask + mlp->w_offset[l], layer_weights (mlp, l));
}

static gsize
total_kept (const DtMlp  *mlp,
            const guint8 *mask)
{
  gsize n = 0;

  for (guint l = 0; l < mlp->n_layers; l++)
    n += layer_kept (mlp, mask, l);
  return n;
}

static char *
describe_sizes (const guint *sizes,
                guint        n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, i ? "-%u" : "%u", sizes[i]);
  return g_string_free (text, FALSE);
}

static gboolean
check_mask_layer (const DtParams  *params,
                  guint            n_layers,
                  const char      *network,
                  GError         **error)
{
  gint64 l = dt_params_get_int (params, "mask_layer");

  if (l < n_layers)
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
               _("“mask_layer” is %u, but %s has layers 0 to %u only"),
               (guint) l, network, n_layers - 1);
  return FALSE;
}

/* ---- before the run: constraints and cost -------------------------------- */

static void
strong_net_sizes (const DtParams *params,
                  guint           overparam,
                  guint          *sizes)
{
  guint depth = dt_params_get_int (params, "target_depth");

  sizes[0] = dt_params_get_int (params, "input_dim");
  for (guint l = 1; l < 2 * depth; l++)
    sizes[l] = overparam * (guint) dt_params_get_int (params, "target_width");
  sizes[2 * depth] = 1;
}

static gboolean
strong_check (const DtParams  *params,
              GError         **error)
{
  g_autoptr(GArray) overparam = dt_params_dup_sorted_list (params, "overparam");
  guint depth = dt_params_get_int (params, "target_depth");
  guint width = dt_params_get_int (params, "target_width");
  guint input_dim = dt_params_get_int (params, "input_dim");
  guint smallest = (guint) g_array_index (overparam, guint64, 0);
  guint64 largest = g_array_index (overparam, guint64, overparam->len - 1);
  guint64 wide = largest * width;
  guint64 n_weights = wide * (input_dim + 1) + (2 * depth - 2) * wide * wide;
  g_autofree char *what = g_strdup_printf (_("N (%u layers)"), 2 * depth);

  if (!check_mask_layer (params, 2 * depth, what, error))
    return FALSE;
  if (n_weights > MAX_NET_WEIGHTS)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   _("N would have %.0f million weights at W/w = %u, more than the %u million allowed: lower “overparam”, “target_width” or “target_depth”"),
                   n_weights / 1e6, (guint) largest, MAX_NET_WEIGHTS >> 20);
      return FALSE;
    }
  if (!uses_edge_popup (params) && (guint64) smallest * width < input_dim)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   _("N is %u wide at W/w = %u, narrower than the %u inputs of F's layer %u: raise “overparam” or lower “input_dim”"),
                   smallest * width, smallest, input_dim, 0);
      return FALSE;
    }
  return TRUE;
}

static gboolean
imp_check (const DtParams  *params,
           GError         **error)
{
  guint n_hidden;

  dt_params_get_list (params, "hidden", &n_hidden);
  if (!dt_estimate_check_before_end (params, "rewind", error) ||
      !dt_estimate_check_batch (params, error))
    return FALSE;
  if (!check_mask_layer (params, n_hidden + 1, _("the network"), error))
    return FALSE;
  return dt_estimate_check_sizes (params, error);
}

static gboolean
pruning_check (const DtParams  *params,
               GError         **error)
{
  return is_strong (params) ? strong_check (params, error) : imp_check (params, error);
}

/* Strong mode: every N of the sweep (built before the jobs start) with
 * its mask, F's random inputs, and per worker the copy the error is
 * measured on and, for edge-popup, the scores, Adam's moments and a
 * 32-bit copy of N. */
static void
strong_estimate (const DtParams *params,
                 DtRunEstimate  *estimate)
{
  g_autoptr(GArray) overparam = dt_params_dup_sorted_list (params, "overparam");
  g_autoptr(GArray) densities = density_list (params);
  guint depth = dt_params_get_int (params, "target_depth");
  guint n_train = dt_params_get_int (params, "n_train");
  guint n_test = dt_params_get_int (params, "n_test");
  guint input_dim = dt_params_get_int (params, "input_dim");
  gboolean edge = uses_edge_popup (params);
  g_autofree guint *sizes = g_new (guint, 2 * depth + 1);
  guint64 largest = g_array_index (overparam, guint64, overparam->len - 1);
  guint n_jobs = 0, workers;
  DtCost cost = { 0, }, one = { 0, };
  double np;

  for (guint i = 0; i < overparam->len; i++)
    {
      guint r = (guint) g_array_index (overparam, guint64, i);
      guint copies = edge && r == largest ? densities->len : 1;

      strong_net_sizes (params, r, sizes);
      np = (double) dt_estimate_mlp_params (sizes, 2 * depth + 1);
      dt_cost_add (&cost, "overparam", copies * np * (sizeof (double) + 1));
      n_jobs += copies;
    }
  dt_cost_add (&cost, "n_train", (double) n_train * (input_dim + 1) * sizeof (float));
  dt_cost_add (&cost, "n_test", (double) n_test * ((input_dim + 1) * sizeof (float) + sizeof (double)));

  workers = MIN ((guint) dt_params_get_int (params, "threads"), n_jobs);
  dt_cost_add_base (&cost, workers);
  strong_net_sizes (params, (guint) largest, sizes);
  np = (double) dt_estimate_mlp_params (sizes, 2 * depth + 1);
  dt_cost_add (&one, "overparam", np * sizeof (double) + dt_estimate_mlp_work (sizes, 2 * depth + 1, 512, sizeof (double)));
  if (edge)
    dt_cost_add (&one, "overparam", 7.0 * np * sizeof (float) +
                 dt_estimate_mlp_work (sizes, 2 * depth + 1, dt_params_get_int (params, "score_batch"), sizeof (float)));
  dt_cost_add_workers (&cost, &one, workers);

  estimate->peak_bytes = dt_cost_total (&cost);
  estimate->n_units = n_jobs;
  estimate->main_key = dt_cost_main_key (&cost);
}

/* IMP: the data sets, then either loading them or the networks: per
 * rewind point the rewound and the trained network and the mask, and the
 * trainers of the round's jobs. */
static void
imp_estimate (const DtParams *params,
              DtRunEstimate  *estimate)
{
  g_autoptr(GArray) ks = dt_params_dup_sorted_list (params, "rewind");
  guint n_train = dt_params_get_int (params, "n_train");
  guint batch = dt_params_get_int (params, "batch");
  guint n_hidden, d, k, workers;
  const double *hidden = dt_params_get_list (params, "hidden", &n_hidden);
  g_autofree guint *sizes = g_new (guint, n_hidden + 2);
  DtCost cost = { 0, }, load = { 0, }, nets = { 0, }, one = { 0, };
  double np;

  dt_estimate_data (params, SYNTH_DIM, SYNTH_CLASSES, 1, &d, &k, &cost, &load);
  dt_cost_add (&cost, "n_train", dt_estimate_dataset (MIN (n_train, TRAIN_EVAL_MAX), d, k, TRUE));
  workers = MIN ((guint) dt_params_get_int (params, "threads"), ks->len + 1);
  dt_cost_add_base (&cost, workers);

  sizes[0] = d;
  for (guint i = 0; i < n_hidden; i++)
    sizes[i + 1] = (guint) hidden[i];
  sizes[n_hidden + 1] = k;
  np = (double) dt_estimate_mlp_params (sizes, n_hidden + 2);

  dt_cost_add (&nets, "hidden", ks->len * np * (2.0 * sizeof (float) + 2.0));
  dt_cost_add (&one, "hidden", dt_estimate_trainer (sizes, n_hidden + 2, batch, n_train, sizeof (float)) +
               np * (sizeof (float) + 1) + dt_estimate_mlp_work (sizes, n_hidden + 2, 500, sizeof (float)));
  dt_cost_add_workers (&nets, &one, workers);
  dt_cost_add (&nets, "hidden", (ks->len + 1.0 - workers) * np * (sizeof (float) + 1));
  dt_cost_add_larger (&cost, &load, &nets);

  estimate->peak_bytes = dt_cost_total (&cost);
  estimate->n_units = (guint64) (ks->len + 1) * (dt_params_get_int (params, "rounds") + 1);
  estimate->main_key = dt_cost_main_key (&cost);
}

static void
pruning_estimate (const DtParams *params,
                  DtRunEstimate  *estimate)
{
  if (is_strong (params))
    strong_estimate (params, estimate);
  else
    imp_estimate (params, estimate);
}

/* The weights of layer @l as a rows × cols heat map of 0s and 1s. */
static void
set_mask_plot (DtRecord     *record,
               const DtMlp  *mlp,
               const guint8 *mask,
               guint         l,
               const char   *title)
{
  guint rows = mlp->sizes[l + 1], cols = mlp->sizes[l];
  g_autofree double *values = NULL;
  const guint8 *m = mask + mlp->w_offset[l];

  /* a layer too large for a heat map keeps the placeholder */
  if ((guint64) rows * cols > DT_PLOT_MATRIX_MAX_CELLS)
    return;
  values = g_new (double, (gsize) rows * cols);
  for (gsize i = 0; i < (gsize) rows * cols; i++)
    values[i] = m[i] ? 1.0 : 0.0;
  dt_record_add_plot (record, dt_plot_spec_new_heatmap ("mask", title, _("input neuron (column)"),
                                                        _("output neuron (row)"), rows, cols, values));
}

/* A heat map of the right size without values, until a mask is found. */
static void
add_empty_mask_plot (DtRecord   *record,
                     guint       rows,
                     guint       cols,
                     const char *title)
{
  g_autofree double *values = NULL;

  if (rows == 0 || cols == 0 || (guint64) rows * cols > DT_PLOT_MATRIX_MAX_CELLS)
    return;
  values = g_new (double, (gsize) rows * cols);
  for (gsize i = 0; i < (gsize) rows * cols; i++)
    values[i] = NAN;
  dt_record_add_plot (record, dt_plot_spec_new_heatmap ("mask", title, _("input neuron (column)"),
                                                        _("output neuron (row)"), rows, cols, values));
}

static void
add_density_plot (DtRecord   *record,
                  guint       n_layers,
                  const char *x_label,
                  DtScale     x_scale)
{
  DtPlotSpec *spec = dt_plot_spec_new ("density", _("Mask density per layer"), x_label, x_scale,
                                       _("fraction of the layer's weights kept"), DT_SCALE_LOG);

  for (guint l = 0; l < n_layers; l++)
    {
      g_autofree char *id = g_strdup_printf ("density/layer=%u", l);
      g_autofree char *label = g_strdup_printf (_("layer %u"), l);

      dt_record_add_plot_series (record, spec, id, label, DT_STYLE_LINE);
    }
  dt_record_add_plot (record, spec);
}

/* ---- mode=strong --------------------------------------------------------- */

typedef struct
{
  guint     stream;           /* 1024 · overparam + density index */
  guint     overparam;
  double    density;          /* requested (edge-popup); NaN for subset-sum */
  gboolean  main;             /* on the error-vs-width curve */
  gboolean  done;
  DtMlp    *net;              /* N, F64 */
  guint8   *mask;
  double    error;
  double    unpruned_error;
  double    kept;             /* fraction of N's weights kept */
  guint     candidates;       /* subset-sum: fewest candidates of a weight */
  GError   *error_out;
} StrongJob;

typedef struct
{
  Run        *run;
  gboolean    edge_popup;
  guint       input_dim;
  guint       width;
  guint       depth;
  DtMlp      *target;         /* F, F64 */
  DtDataset  *train;          /* regression on F's outputs */
  DtDataset  *test;
  double     *test_y;         /* F on the test inputs, in double */
  double      zero_error;     /* E F², the error of predicting 0 */
  GPtrArray  *jobs;           /* StrongJob* */
  guint64     largest;
} Strong;

static void
strong_job_free (gpointer data)
{
  StrongJob *job = data;

  g_clear_pointer (&job->net, dt_mlp_free);
  g_free (job->mask);
  g_clear_error (&job->error_out);
  g_free (job);
}

/* The largest singular value of the rows × cols matrix @w, by power
 * iteration from a fixed start. */
static double
spectral_norm (const double *w,
               guint         rows,
               guint         cols)
{
  g_autofree double *v = g_new (double, cols);
  g_autofree double *u = g_new (double, rows);
  double sigma = 0;

  for (guint k = 0; k < cols; k++)
    v[k] = 1.0 / sqrt (cols) * (1.0 + 0.01 * k);
  for (guint it = 0; it < 500; it++)
    {
      double nu = 0, nv = 0;

      for (guint i = 0; i < rows; i++)
        {
          u[i] = 0;
          for (guint k = 0; k < cols; k++)
            u[i] += w[(gsize) i * cols + k] * v[k];
          nu += u[i] * u[i];
        }
      nu = sqrt (nu);
      if (!(nu > 0))
        return 0;
      sigma = nu;
      for (guint k = 0; k < cols; k++)
        {
          v[k] = 0;
          for (guint i = 0; i < rows; i++)
            v[k] += w[(gsize) i * cols + k] * u[i] / nu;
          nv += v[k] * v[k];
        }
      nv = sqrt (nv);
      for (guint k = 0; k < cols; k++)
        v[k] /= nv;
    }
  return sigma;
}

/* Weights uniform in [−1, 1], biases 0 (and masked out by every mask).
 * With @unit_norm every layer is then scaled to spectral norm 1, the
 * targets of Malach et al. and Pensia et al. */
static DtMlp *
uniform_network (const guint *sizes,
                 guint        n_sizes,
                 gboolean     unit_norm,
                 DtRng       *rng)
{
  DtMlp *mlp = dt_mlp_new (DT_F64, sizes, n_sizes, DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);
  double *p = mlp->params;

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      double *w = p + mlp->w_offset[l];
      double norm;

      for (gsize i = 0; i < layer_weights (mlp, l); i++)
        w[i] = 2.0 * dt_rng_uniform (rng) - 1.0;
      if (!unit_norm)
        continue;
      norm = spectral_norm (w, sizes[l + 1], sizes[l]);
      for (gsize i = 0; norm > 0 && i < layer_weights (mlp, l); i++)
        w[i] /= norm;
    }
  return mlp;
}

/* F (or any F64 network) on every input of @data, one output each. */
static void
forward_all (const DtMlp     *mlp,
             const DtDataset *data,
             double          *out)
{
  g_autoptr(DtMlpWork) work = dt_mlp_work_new (mlp, 512);

  for (guint first = 0; first < data->n; first += 512)
    {
      guint batch = MIN (512, data->n - first);
      const double *y = dt_mlp_forward (mlp, work, data->x + (gsize) first * data->d, batch);

      memcpy (out + first, y, batch * sizeof (double));
    }
}

/* Test MSE of N masked by @mask (all of N when %NULL) against F. */
static double
masked_error (const Strong *s,
              const DtMlp  *net,
              const guint8 *mask)
{
  g_autoptr(DtMlp) copy = dt_mlp_copy (net);
  g_autofree double *out = g_new (double, s->test->n);
  double sum = 0;

  if (mask != NULL)
    dt_mlp_set_mask (copy, mask);
  forward_all (copy, s->test, out);
  for (guint i = 0; i < s->test->n; i++)
    sum += (out[i] - s->test_y[i]) * (out[i] - s->test_y[i]);
  return sum / s->test->n;
}

static DtDataset *
gaussian_inputs (guint    n,
                 guint    d,
                 guint64  seed,
                 guint64  stream)
{
  DtDataset *data = dt_dataset_new (DT_TASK_REGRESSION, n, d, 1);
  DtRng rng;

  dt_rng_init (&rng, seed, stream);
  for (gsize i = 0; i < (gsize) n * d; i++)
    data->x[i] = (float) dt_rng_normal (&rng);
  return data;
}

/*
 * The subset-sum construction. Layer l of F (m_out × m_in) is realised by
 * layers 2l (u) and 2l+1 (v) of N: intermediate neuron g = i·C + c
 * (C = W / m_in) listens to input i only, and output j of the pair keeps
 * the v weights of a subset of the neurons of group i.
 */
static gboolean
subset_sum_mask (Strong     *s,
                 StrongJob  *job,
                 GError    **error)
{
  const DtMlp *f = s->target;
  const DtMlp *net = job->net;
  const double *np = net->params;
  const double *fp = f->params;
  guint min_candidates = G_MAXUINT;

  job->mask = g_new0 (guint8, net->n_params);

  for (guint l = 0; l < f->n_layers; l++)
    {
      guint m_in = f->sizes[l], m_out = f->sizes[l + 1];
      guint prev = net->sizes[2 * l], wide = net->sizes[2 * l + 1];
      guint group = wide / m_in;
      const double *u = np + net->w_offset[2 * l];         /* wide × prev */
      const double *v = np + net->w_offset[2 * l + 1];     /* next × wide */
      guint8 *mu = job->mask + net->w_offset[2 * l];
      guint8 *mv = job->mask + net->w_offset[2 * l + 1];
      g_autofree guint8 *used = g_new0 (guint8, wide);
      /* the first layer's inputs have both signs; later ones are ≥ 0 */
      guint n_signs = l == 0 ? 2 : 1;

      if (group == 0)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                       _("N is %u wide at W/w = %u, narrower than the %u inputs of F's layer %u: raise “overparam” or lower “input_dim”"),
                       wide, job->overparam, m_in, l);
          return FALSE;
        }

      for (guint j = 0; j < m_out; j++)
        for (guint i = 0; i < m_in; i++)
          for (guint sgn = 0; sgn < n_signs; sgn++)
            {
              double want = sgn == 0 ? fp[f->w_offset[l] + (gsize) j * m_in + i]
                                     : -fp[f->w_offset[l] + (gsize) j * m_in + i];
              double values[MAX_CANDIDATES];
              guint neurons[MAX_CANDIDATES];
              guint8 chosen[MAX_CANDIDATES];
              guint n = 0;

              for (guint c = 0; c < group && n < MAX_CANDIDATES; c++)
                {
                  guint g = i * group + c;
                  double ug = u[(gsize) g * prev + i];

                  if ((sgn == 0 && ug > 0) || (sgn == 1 && ug < 0))
                    {
                      values[n] = v[(gsize) j * wide + g] * fabs (ug);
                      neurons[n++] = g;
                    }
                }
              min_candidates = MIN (min_candidates, n);
              dt_subset_sum_best (values, n, want, chosen);
              for (guint c = 0; c < n; c++)
                if (chosen[c])
                  {
                    mv[(gsize) j * wide + neurons[c]] = 1;
                    used[neurons[c]] = 1;
                  }
            }

      /* an intermediate neuron keeps its input weight only if it is used */
      for (guint g = 0; g < group * m_in; g++)
        if (used[g])
          mu[(gsize) g * prev + g / group] = 1;

      if (dt_check_cancelled (s->run->cancellable, error))
        return FALSE;
    }

  job->candidates = min_candidates;
  return TRUE;
}

/* Keeps the top fraction @density of |score| in every layer. */
static void
top_k_mask (const DtMlp *net,
            const float *score,
            double       density,
            guint8      *mask,
            float       *scratch)
{
  for (guint l = 0; l < net->n_layers; l++)
    {
      gsize n = layer_weights (net, l);
      gsize k = (gsize) CLAMP (llround (density * n), 1, (long long) n);

      dt_prune_top_k (score + net->w_offset[l], n, k, mask + net->w_offset[l], scratch);
    }
}

/* Edge-popup: scores trained by straight-through gradients with Adam. */
static gboolean
edge_popup_mask (Strong     *s,
                 StrongJob  *job,
                 GError    **error)
{
  const DtParams *params = s->run->params;
  guint64 steps = dt_params_get_int (params, "score_steps");
  double lr = dt_params_get_double (params, "score_lr");
  guint batch = MIN ((guint) dt_params_get_int (params, "score_batch"), s->train->n);
  const DtMlp *net64 = job->net;
  g_autoptr(DtMlp) net = dt_mlp_new (DT_F32, net64->sizes, net64->n_layers + 1,
                                     DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);
  gsize np = net->n_params;
  g_autofree float *w = g_new0 (float, np);
  g_autofree float *score = g_new0 (float, np);
  g_autofree float *m1 = g_new0 (float, np);
  g_autofree float *m2 = g_new0 (float, np);
  g_autofree float *grad = g_new0 (float, np);
  g_autofree float *scratch = g_new (float, np);
  g_autofree float *bx = g_new (float, (gsize) batch * s->train->d);
  g_autofree float *by = g_new (float, batch);
  g_autoptr(DtMlpWork) work = dt_mlp_work_new (net, batch);
  float *p = net->params;
  DtRng init, order;

  job->mask = g_new0 (guint8, np);
  dt_rng_init (&init, s->run->seed, STREAM_SCORES + job->stream);
  dt_rng_init (&order, s->run->seed, STREAM_BATCHES + job->stream);
  for (guint l = 0; l < net->n_layers; l++)
    for (gsize i = net->w_offset[l]; i < net->w_offset[l] + layer_weights (net, l); i++)
      {
        w[i] = (float) dt_mlp_get_param (net64, i);
        score[i] = (float) dt_rng_uniform (&init);
      }

  for (guint64 t = 0; t < steps; t++)
    {
      double lr_t = lr * 0.5 * (1.0 + cos (G_PI * t / steps));
      double c1 = 1.0 - pow (ADAM_BETA1, t + 1), c2 = 1.0 - pow (ADAM_BETA2, t + 1);
      double loss;

      if (t % CHUNK_STEPS == 0)
        {
          if (dt_check_cancelled (s->run->cancellable, error))
            return FALSE;
          if (t > 0)
            add_work (s->run, CHUNK_STEPS);
        }

      top_k_mask (net, score, job->density, job->mask, scratch);
      for (gsize i = 0; i < np; i++)
        p[i] = job->mask[i] ? w[i] : 0.0f;

      for (guint b = 0; b < batch; b++)
        {
          guint32 k = dt_rng_below (&order, s->train->n);

          memcpy (bx + (gsize) b * s->train->d, s->train->x + (gsize) k * s->train->d,
                  s->train->d * sizeof (float));
          by[b] = s->train->y[k];
        }
      loss = dt_mlp_loss_grad (net, work, bx, batch, DT_LOSS_MSE, NULL, by, grad);
      if (!isfinite (loss))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_DIVERGED,
                       _("Edge-popup diverged at step %u (loss %g); try a smaller “score_lr”"),
                       (guint) (t + 1), loss);
          return FALSE;
        }

      /* straight through the mask: d loss / d score = d loss / d (kept weight) · weight */
      for (guint l = 0; l < net->n_layers; l++)
        for (gsize i = net->w_offset[l]; i < net->w_offset[l] + layer_weights (net, l); i++)
          {
            double g = (double) grad[i] * w[i] * (score[i] < 0 ? -1.0 : 1.0);

            m1[i] = (float) (ADAM_BETA1 * m1[i] + (1 - ADAM_BETA1) * g);
            m2[i] = (float) (ADAM_BETA2 * m2[i] + (1 - ADAM_BETA2) * g * g);
            score[i] -= (float) (lr_t * (m1[i] / c1) / (sqrt (m2[i] / c2) + ADAM_EPS));
          }
    }
  add_work (s->run, steps % CHUNK_STEPS ? steps % CHUNK_STEPS : CHUNK_STEPS);

  top_k_mask (net, score, job->density, job->mask, scratch);
  return TRUE;
}

static int
compare_jobs_by_overparam (gconstpointer a,
                           gconstpointer b)
{
  const StrongJob *x = *(StrongJob * const *) a;
  const StrongJob *y = *(StrongJob * const *) b;

  return (int) x->overparam - (int) y->overparam;
}

static int
compare_jobs_by_density (gconstpointer a,
                         gconstpointer b)
{
  const StrongJob *x = *(StrongJob * const *) a;
  const StrongJob *y = *(StrongJob * const *) b;
  double dx = x->main || isnan (x->density) ? x->kept : x->density;
  double dy = y->main || isnan (y->density) ? y->kept : y->density;

  return dx < dy ? -1 : dx > dy;
}

static JsonNode *
strong_summary (Strong *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "finder");
  json_builder_add_string_value (b, s->edge_popup ? "edge-popup" : "subset-sum");
  json_builder_set_member_name (b, "target_sizes");
  json_builder_begin_array (b);
  for (guint i = 0; i <= s->target->n_layers; i++)
    json_builder_add_int_value (b, s->target->sizes[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "zero_error");
  json_builder_add_double_value (b, s->zero_error);
  json_builder_set_member_name (b, "runs");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->jobs->len; i++)
    {
      StrongJob *job = g_ptr_array_index (s->jobs, i);

      if (!job->done)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "overparam");
      json_builder_add_int_value (b, job->overparam);
      json_builder_set_member_name (b, "width");
      json_builder_add_int_value (b, job->net->sizes[1]);
      if (!isnan (job->density))
        {
          json_builder_set_member_name (b, "density");
          json_builder_add_double_value (b, job->density);
        }
      else
        {
          json_builder_set_member_name (b, "candidates");
          json_builder_add_int_value (b, job->candidates);
        }
      json_builder_set_member_name (b, "error");
      json_builder_add_double_value (b, job->error);
      json_builder_set_member_name (b, "unpruned_error");
      json_builder_add_double_value (b, job->unpruned_error);
      json_builder_set_member_name (b, "kept");
      json_builder_add_double_value (b, job->kept);
      json_builder_set_member_name (b, "layer_kept");
      json_builder_begin_array (b);
      for (guint l = 0; l < job->net->n_layers; l++)
        json_builder_add_int_value (b, (gint64) layer_kept (job->net, job->mask, l));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "layer_weights");
      json_builder_begin_array (b);
      for (guint l = 0; l < job->net->n_layers; l++)
        json_builder_add_int_value (b, (gint64) layer_weights (job->net, l));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Rewrites every strong-mode series from the finished jobs, in order of
 * their abscissae, so that jobs finishing out of order draw clean lines. */
static void
strong_publish (Strong *s)
{
  DtRecord *record = s->run->record;
  guint n_layers = 2 * s->depth;
  g_autoptr(GPtrArray) main_jobs = g_ptr_array_new ();
  g_autoptr(GPtrArray) density_jobs = g_ptr_array_new ();
  g_autofree double *x = g_new (double, s->jobs->len + 1);
  g_autofree double *y = g_new (double, s->jobs->len + 1);
  StrongJob *widest = NULL;

  for (guint i = 0; i < s->jobs->len; i++)
    {
      StrongJob *job = g_ptr_array_index (s->jobs, i);

      if (!job->done)
        continue;
      if (job->main)
        g_ptr_array_add (main_jobs, job);
      if (!s->edge_popup || job->overparam == s->largest)
        g_ptr_array_add (density_jobs, job);
    }
  g_ptr_array_sort (main_jobs, compare_jobs_by_overparam);
  g_ptr_array_sort (density_jobs, compare_jobs_by_density);

  for (guint i = 0; i < main_jobs->len; i++)
    {
      StrongJob *job = g_ptr_array_index (main_jobs, i);

      x[i] = job->overparam;
      y[i] = job->error;
    }
  dt_record_set_points (record, "error_vs_overparam", x, y, NULL, main_jobs->len);
  for (guint i = 0; i < main_jobs->len; i++)
    y[i] = ((StrongJob *) g_ptr_array_index (main_jobs, i))->unpruned_error;
  dt_record_set_points (record, "reference/unpruned", x, y, NULL, main_jobs->len);

  for (guint l = 0; l < n_layers; l++)
    {
      g_autofree char *id = g_strdup_printf ("density/layer=%u", l);

      for (guint i = 0; i < main_jobs->len; i++)
        {
          StrongJob *job = g_ptr_array_index (main_jobs, i);

          y[i] = (double) layer_kept (job->net, job->mask, l) / layer_weights (job->net, l);
        }
      dt_record_set_points (record, id, x, y, NULL, main_jobs->len);
    }

  for (guint i = 0; i < density_jobs->len; i++)
    {
      StrongJob *job = g_ptr_array_index (density_jobs, i);

      x[i] = job->kept;
      y[i] = job->error;
    }
  dt_record_set_points (record, "error_vs_density", x, y, NULL, density_jobs->len);

  if (main_jobs->len > 0)
    {
      guint l = (guint) dt_params_get_int (s->run->params, "mask_layer");
      g_autofree char *title = NULL;

      widest = g_ptr_array_index (main_jobs, main_jobs->len - 1);
      if (s->edge_popup)
        title = g_strdup_printf (_("Mask of layer %u of N (edge-popup, W/w = %u, density %g)"),
                                 l, widest->overparam, widest->density);
      else
        title = g_strdup_printf (_("Mask of layer %u of N (subset-sum, W/w = %u)"), l, widest->overparam);
      set_mask_plot (record, widest->net, widest->mask, l, title);
    }

  dt_record_set_extra (record, "strong", strong_summary (s));
}

/* Notes on the error plot: for subset-sum the least-squares rate at
 * which log10(error) falls with W/w (past W/w = 1), and the best error
 * beside N unpruned at the same width. */
static void
strong_notes (Strong *s)
{
  const DtSeries *curve = dt_record_lookup_series (s->run->record, "error_vs_overparam");
  const DtSeries *unpruned = dt_record_lookup_series (s->run->record, "reference/unpruned");
  double sx = 0, sy = 0, sxx = 0, sxy = 0, best = G_MAXDOUBLE, best_ref = NAN;
  guint n = 0;

  if (curve == NULL || curve->x->len == 0)
    return;

  for (guint i = 0; i < curve->x->len; i++)
    {
      double xi = g_array_index (curve->x, double, i);
      double yi = g_array_index (curve->y, double, i);

      if (yi < best)
        {
          best = yi;
          best_ref = g_array_index (unpruned->y, double, i);
        }
      if (xi < 2 || !(yi > 0))
        continue;
      sx += xi;
      sy += log10 (yi);
      sxx += xi * xi;
      sxy += xi * log10 (yi);
      n++;
    }

  if (!s->edge_popup && n >= 3 && sxx * n - sx * sx > 0)
    {
      double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);

      if (slope < 0)
        {
          g_autofree char *note = g_strdup_printf (_("fit: error ÷10 every %.1f of W/w"), -1.0 / slope);

          dt_record_add_plot_note (s->run->record, "error_vs_overparam", note);
        }
    }
  if (best > 0 && best_ref > 0)
    {
      g_autofree char *note = g_strdup_printf (_("best %.2g; N unpruned %.2g"), best, best_ref);

      dt_record_add_plot_note (s->run->record, "error_vs_overparam", note);
    }
}

static void
strong_job_run (guint    index,
                gpointer data)
{
  Strong *s = data;
  StrongJob *job = g_ptr_array_index (s->jobs, index);
  Run *run = s->run;
  gboolean ok;

  if (dt_check_cancelled (run->cancellable, &job->error_out))
    return;

  {
    g_autofree char *msg = NULL;

    if (s->edge_popup)
      msg = g_strdup_printf (_("Edge-popup at W/w = %u, density %g"), job->overparam, job->density);
    else
      msg = g_strdup_printf (_("Subset-sum mask at W/w = %u"), job->overparam);
    report (run, msg);
  }

  ok = s->edge_popup ? edge_popup_mask (s, job, &job->error_out)
                     : subset_sum_mask (s, job, &job->error_out);
  if (!ok)
    return;

  job->error = masked_error (s, job->net, job->mask);
  job->unpruned_error = masked_error (s, job->net, NULL);
  job->kept = (double) total_kept (job->net, job->mask) / total_weights (job->net);
  if (!s->edge_popup)
    add_work (run, 1);

  dt_mutex_lock (&run->lock);
  job->done = TRUE;
  strong_publish (s);
  dt_mutex_unlock (&run->lock);
}

static void
strong_prepare (const DtParams *params,
                DtRecord       *record)
{
  guint depth = dt_params_get_int (params, "target_depth");
  guint width = dt_params_get_int (params, "target_width");
  guint input_dim = dt_params_get_int (params, "input_dim");
  guint l = (guint) dt_params_get_int (params, "mask_layer");
  g_autoptr(GArray) overparam = dt_params_dup_sorted_list (params, "overparam");
  guint64 largest = g_array_index (overparam, guint64, overparam->len - 1);
  gboolean edge = uses_edge_popup (params);
  DtPlotSpec *spec;

  spec = dt_plot_spec_new ("error_vs_overparam", _("Approximation error vs width"),
                           _("overparameterisation W/w"), DT_SCALE_LINEAR,
                           _("test MSE to the target F"), DT_SCALE_LOG);
  dt_record_add_plot_series (record, spec, "error_vs_overparam",
                             edge ? _("pruned N (edge-popup)") : _("pruned N (subset-sum)"), DT_STYLE_LINE);
  dt_record_add_plot_series (record, spec, "reference/unpruned", _("N unpruned"), DT_STYLE_DASHED);
  dt_record_add_plot_series (record, spec, "reference/zero", _("predicting 0"), DT_STYLE_DASHED);
  dt_record_add_plot (record, spec);

  spec = dt_plot_spec_new ("error_vs_density",
                           edge ? _("Approximation error vs mask density (largest width)")
                                : _("Approximation error vs mask density"),
                           _("mask density (fraction of N's weights kept)"), DT_SCALE_LOG,
                           _("test MSE to the target F"), DT_SCALE_LOG);
  dt_record_add_plot_series (record, spec, "error_vs_density", edge ? _("edge-popup") : _("subset-sum"), DT_STYLE_LINE);
  dt_record_add_plot (record, spec);

  add_density_plot (record, 2 * depth, _("overparameterisation W/w"), DT_SCALE_LINEAR);

  if (l < 2 * depth)
    {
      guint wide = (guint) largest * width;
      guint rows = l + 1 == 2 * depth ? 1 : wide;
      guint cols = l == 0 ? input_dim : wide;

      add_empty_mask_plot (record, rows, cols, _("Mask of a layer of N"));
    }
}

static gboolean
strong_run (Run     *run,
            GError **error)
{
  const DtParams *params = run->params;
  g_autoptr(GArray) overparam = dt_params_dup_sorted_list (params, "overparam");
  g_autoptr(GArray) densities = density_list (params);
  g_autofree guint *target_sizes = NULL;
  g_autofree guint *net_sizes = NULL;
  g_autofree double *train_y = NULL;
  Strong s = { run };
  gboolean ok = FALSE;
  DtRng rng;

  s.edge_popup = uses_edge_popup (params);
  s.input_dim = dt_params_get_int (params, "input_dim");
  s.width = dt_params_get_int (params, "target_width");
  s.depth = dt_params_get_int (params, "target_depth");
  s.largest = g_array_index (overparam, guint64, overparam->len - 1);
  s.jobs = g_ptr_array_new_with_free_func (strong_job_free);

  if (!strong_check (params, error))
    goto out;

  /* the target F and its data */
  target_sizes = g_new (guint, s.depth + 1);
  target_sizes[0] = s.input_dim;
  for (guint l = 1; l < s.depth; l++)
    target_sizes[l] = s.width;
  target_sizes[s.depth] = 1;
  dt_rng_init (&rng, run->seed, STREAM_TARGET);
  s.target = uniform_network (target_sizes, s.depth + 1, TRUE, &rng);

  s.train = gaussian_inputs (dt_params_get_int (params, "n_train"), s.input_dim, run->seed, STREAM_TRAIN_X);
  s.test = gaussian_inputs (dt_params_get_int (params, "n_test"), s.input_dim, run->seed, STREAM_TEST_X);
  train_y = g_new (double, s.train->n);
  s.test_y = g_new (double, s.test->n);
  forward_all (s.target, s.train, train_y);
  forward_all (s.target, s.test, s.test_y);
  for (guint i = 0; i < s.train->n; i++)
    s.train->y[i] = (float) train_y[i];
  for (guint i = 0; i < s.test->n; i++)
    s.zero_error += s.test_y[i] * s.test_y[i] / s.test->n;
  {
    double xs[2] = { (double) g_array_index (overparam, guint64, 0), (double) s.largest };
    double ys[2] = { s.zero_error, s.zero_error };

    dt_record_set_points (run->record, "reference/zero", xs, ys, NULL, 2);
  }

  /* one job per width; edge-popup adds the other densities at the largest */
  net_sizes = g_new (guint, 2 * s.depth + 1);
  for (guint i = 0; i < overparam->len; i++)
    {
      guint r = (guint) g_array_index (overparam, guint64, i);
      guint n_density = s.edge_popup && r == s.largest ? densities->len : 1;

      net_sizes[0] = s.input_dim;
      for (guint l = 1; l < 2 * s.depth; l++)
        net_sizes[l] = r * s.width;
      net_sizes[2 * s.depth] = 1;

      for (guint d = 0; d < n_density; d++)
        {
          StrongJob *job = g_new0 (StrongJob, 1);

          job->stream = 1024 * r + d;
          job->overparam = r;
          job->density = s.edge_popup ? g_array_index (densities, double, d) : NAN;
          job->main = d == 0;
          dt_rng_init (&rng, run->seed, STREAM_NET + r);
          job->net = uniform_network (net_sizes, 2 * s.depth + 1, FALSE, &rng);
          g_ptr_array_add (s.jobs, job);
        }
    }

  run->total_work = s.edge_popup ? s.jobs->len * (guint64) dt_params_get_int (params, "score_steps")
                                 : s.jobs->len;

  dt_parallel_for (s.jobs->len, run->n_threads, strong_job_run, &s);

  for (guint i = 0; i < s.jobs->len; i++)
    {
      StrongJob *job = g_ptr_array_index (s.jobs, i);

      if (job->error_out != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&job->error_out));
          goto out;
        }
    }

  strong_notes (&s);
  report (run, _("Done"));
  ok = TRUE;

out:
  g_clear_pointer (&s.jobs, g_ptr_array_unref);
  g_clear_pointer (&s.target, dt_mlp_free);
  g_clear_pointer (&s.train, dt_dataset_free);
  g_clear_pointer (&s.test, dt_dataset_free);
  g_free (s.test_y);
  return ok;
}

/* ---- mode=imp -------------------------------------------------------------- */

typedef struct
{
  Run          *run;
  DtDataset    *train;
  DtDataset    *test;
  DtDataset    *train_eval;   /* the head of the training set */
  GArray       *sizes;        /* guint */
  GArray       *ks;           /* guint64, sorted */
  DtSgdConfig   sgd;
  guint         batch;
  guint64       steps;
  double        rate;
  DtMlp        *shape;        /* the architecture, for offsets */
  DtMlp       **rewound;      /* per k: the dense network at iteration k */
  DtMlp       **trained;      /* per k: the network the next round prunes */
  guint8      **masks;        /* per k: the current mask */
  double        dense_accuracy;
  JsonArray    *rounds;       /* summaries of the finished rounds */

  /* the round being trained: a job per rewind point, then the control */
  guint         round;
  double       *accuracy;
  double       *train_accuracy;
  DtMlp       **results;
  GError      **errors;
} Imp;

static DtMlp *
imp_network (Imp     *imp,
             guint64  stream)
{
  DtMlp *mlp = dt_mlp_new (DT_F32, (guint *) imp->sizes->data, imp->sizes->len,
                           DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);
  DtRng rng;

  dt_rng_init (&rng, imp->run->seed, stream);
  dt_mlp_init (mlp, &rng);
  return mlp;
}

static double
accuracy (const DtMlp     *mlp,
          const DtDataset *data)
{
  g_autoptr(DtMlpWork) work = dt_mlp_work_new (mlp, 500);
  double error;

  dt_mlp_evaluate (mlp, work, data, DT_LOSS_CE, NULL, &error);
  return 100.0 * (1.0 - error);
}

/* Trains @mlp (taken) for @steps in chunks, reporting progress. */
static DtMlp *
imp_train (Imp      *imp,
           DtMlp    *mlp,
           guint64   steps,
           GError  **error)
{
  g_autoptr(DtTrainer) trainer = dt_trainer_new (mlp, imp->train, DT_LOSS_CE, imp->batch,
                                                 &imp->sgd, imp->run->seed, STREAM_IMP_ORDER);

  while (dt_trainer_get_step (trainer) < steps)
    {
      guint64 n = MIN (CHUNK_STEPS * 4, steps - dt_trainer_get_step (trainer));

      if (!dt_trainer_run (trainer, n, imp->run->cancellable, error))
        return NULL;
      add_work (imp->run, n);
    }
  return dt_mlp_copy (dt_trainer_get_mlp (trainer));
}

/* Job of round 0: the dense run, keeping the rewind points on the way. */
static void
imp_dense_job (Imp *imp)
{
  DtMlp *mlp = imp_network (imp, STREAM_IMP_INIT);
  g_autoptr(DtTrainer) trainer = dt_trainer_new (mlp, imp->train, DT_LOSS_CE, imp->batch,
                                                 &imp->sgd, imp->run->seed, STREAM_IMP_ORDER);
  GError **error = &imp->errors[0];

  for (guint i = 0; i <= imp->ks->len; i++)
    {
      guint64 until = i < imp->ks->len ? g_array_index (imp->ks, guint64, i) : imp->steps;

      while (dt_trainer_get_step (trainer) < until)
        {
          guint64 n = MIN (CHUNK_STEPS * 4, until - dt_trainer_get_step (trainer));

          if (!dt_trainer_run (trainer, n, imp->run->cancellable, error))
            return;
          add_work (imp->run, n);
        }
      if (i < imp->ks->len)
        imp->rewound[i] = dt_mlp_copy (dt_trainer_get_mlp (trainer));
    }
  imp->results[0] = dt_mlp_copy (dt_trainer_get_mlp (trainer));
  imp->accuracy[0] = accuracy (imp->results[0], imp->test);
  imp->train_accuracy[0] = accuracy (imp->results[0], imp->train_eval);
}

/* Job @index of a round: the network of rewind point @index, or the
 * control after them. Round 0 has two jobs: the dense run and a dense
 * control from a fresh initialisation. */
static void
imp_job (guint    index,
         gpointer data)
{
  Imp *imp = data;
  guint n_k = imp->ks->len;
  DtMlp *start;

  if (imp->round == 0)
    index = index == 0 ? 0 : n_k;

  if (dt_check_cancelled (imp->run->cancellable, &imp->errors[index]))
    return;

  if (imp->round == 0 && index == 0)
    {
      imp_dense_job (imp);
      return;
    }

  if (index < n_k)
    {
      /* the survivors, rewound to iteration k, trained the rest of the way */
      start = dt_mlp_copy (imp->rewound[index]);
      dt_mlp_set_mask (start, imp->masks[index]);
      imp->results[index] = imp_train (imp, start, imp->steps - g_array_index (imp->ks, guint64, index),
                                       &imp->errors[index]);
    }
  else
    {
      /* the control: the first rewind point's mask on a fresh network */
      start = imp_network (imp, STREAM_REINIT + imp->round);
      if (imp->round > 0)
        dt_mlp_set_mask (start, imp->masks[0]);
      imp->results[index] = imp_train (imp, start, imp->steps, &imp->errors[index]);
    }
  if (imp->results[index] != NULL)
    {
      imp->accuracy[index] = accuracy (imp->results[index], imp->test);
      imp->train_accuracy[index] = accuracy (imp->results[index], imp->train_eval);
    }
}

/* One round of magnitude pruning of every mask, by the weights its
 * network ended the last round with. */
static void
imp_prune (Imp *imp)
{
  const DtMlp *shape = imp->shape;

  for (guint i = 0; i < imp->ks->len; i++)
    for (guint l = 0; l < shape->n_layers; l++)
      {
        double rate = l + 1 == shape->n_layers ? 0.5 * imp->rate : imp->rate;
        gsize n = layer_weights (shape, l);
        guint8 *mask = imp->masks[i] + shape->w_offset[l];
        gsize kept = dt_prune_count (mask, n);
        const float *w = (const float *) imp->trained[i]->params + shape->w_offset[l];

        dt_prune_by_magnitude (w, n, (gsize) llround (rate * kept), mask);
      }
}

/* A layer's weights in the mask as bits, least significant first, base64. */
static char *
encode_bits (const guint8 *mask,
             gsize         n)
{
  g_autofree guchar *bits = g_new0 (guchar, (n + 7) / 8 + 1);

  for (gsize i = 0; i < n; i++)
    if (mask[i])
      bits[i / 8] |= (guchar) (1u << (i % 8));
  return g_base64_encode (bits, (n + 7) / 8);
}

static JsonNode *
imp_round_summary (Imp    *imp,
                   double  fraction)
{
  const DtMlp *shape = imp->shape;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint n_k = imp->ks->len;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "round");
  json_builder_add_int_value (b, imp->round);
  json_builder_set_member_name (b, "fraction");
  json_builder_add_double_value (b, fraction);
  json_builder_set_member_name (b, "layer_kept");
  json_builder_begin_array (b);
  for (guint l = 0; l < shape->n_layers; l++)
    json_builder_add_int_value (b, (gint64) layer_kept (shape, imp->masks[0], l));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "accuracy");
  json_builder_begin_object (b);
  for (guint i = 0; i <= n_k; i++)
    {
      g_autofree char *name = i < n_k ? g_strdup_printf ("k=%" G_GUINT64_FORMAT, g_array_index (imp->ks, guint64, i))
                                      : g_strdup ("reinit");

      json_builder_set_member_name (b, name);
      json_builder_add_double_value (b, imp->accuracy[i]);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "train_accuracy");
  json_builder_begin_object (b);
  for (guint i = 0; i <= n_k; i++)
    {
      g_autofree char *name = i < n_k ? g_strdup_printf ("k=%" G_GUINT64_FORMAT, g_array_index (imp->ks, guint64, i))
                                      : g_strdup ("reinit");

      json_builder_set_member_name (b, name);
      json_builder_add_double_value (b, imp->train_accuracy[i]);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "masks");
  json_builder_begin_object (b);
  for (guint i = 0; i < n_k; i++)
    {
      g_autofree char *name = g_strdup_printf ("k=%" G_GUINT64_FORMAT, g_array_index (imp->ks, guint64, i));

      json_builder_set_member_name (b, name);
      json_builder_begin_array (b);
      for (guint l = 0; l < shape->n_layers; l++)
        {
          g_autofree char *bits = encode_bits (imp->masks[i] + shape->w_offset[l], layer_weights (shape, l));

          json_builder_add_string_value (b, bits);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static JsonNode *
imp_summary (Imp *imp)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sizes");
  json_builder_begin_array (b);
  for (guint i = 0; i < imp->sizes->len; i++)
    json_builder_add_int_value (b, g_array_index (imp->sizes, guint, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "rewind");
  json_builder_begin_array (b);
  for (guint i = 0; i < imp->ks->len; i++)
    json_builder_add_int_value (b, (gint64) g_array_index (imp->ks, guint64, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "rate");
  json_builder_add_double_value (b, imp->rate);
  json_builder_set_member_name (b, "output_rate");
  json_builder_add_double_value (b, 0.5 * imp->rate);
  json_builder_set_member_name (b, "dense_accuracy");
  json_builder_add_double_value (b, imp->dense_accuracy);
  json_builder_set_member_name (b, "mask_encoding");
  json_builder_add_string_value (b, "per layer: the weights (rows = outputs, row-major), one bit each, least significant bit first, base64");
  json_builder_set_member_name (b, "rounds");
  json_builder_add_value (b, json_node_init_array (json_node_alloc (), imp->rounds));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
imp_publish (Imp *imp)
{
  const DtMlp *shape = imp->shape;
  DtRecord *record = imp->run->record;
  guint n_k = imp->ks->len;
  double fraction = (double) total_kept (shape, imp->masks[0]) / total_weights (shape);
  guint l = (guint) dt_params_get_int (imp->run->params, "mask_layer");

  for (guint i = 0; i <= n_k; i++)
    {
      g_autofree char *id = i < n_k ? g_strdup_printf ("imp/k=%" G_GUINT64_FORMAT, g_array_index (imp->ks, guint64, i))
                                    : g_strdup ("imp/reinit");

      dt_record_append_point (record, id, fraction, imp->accuracy[i], NAN);
    }

  {
    double xs[2] = { fraction, 1.0 };
    double ys[2] = { imp->dense_accuracy, imp->dense_accuracy };

    dt_record_set_points (record, "imp/dense", xs, ys, NULL, 2);
  }

  for (guint layer = 0; layer < shape->n_layers; layer++)
    {
      g_autofree char *id = g_strdup_printf ("density/layer=%u", layer);

      dt_record_append_point (record, id, fraction,
                              (double) layer_kept (shape, imp->masks[0], layer) / layer_weights (shape, layer), NAN);
    }

  {
    g_autofree char *title = g_strdup_printf (_("Mask of layer %u after round %u (k = %u, %.1f %% of weights left)"),
                                              l, imp->round, (guint) g_array_index (imp->ks, guint64, 0), 100 * fraction);

    set_mask_plot (record, shape, imp->masks[0], l, title);
  }

  json_array_add_element (imp->rounds, imp_round_summary (imp, fraction));
  dt_record_set_extra (record, "imp", imp_summary (imp));
}

static gboolean
imp_load_data (Imp     *imp,
               GError **error)
{
  const DtParams *params = imp->run->params;
  const char *name = dt_params_get_string (params, "dataset");
  guint n_train = dt_params_get_int (params, "n_train");
  guint n_test = dt_params_get_int (params, "n_test");

  if (g_str_equal (name, "synthetic"))
    dt_synthetic_gaussian_mixture (imp->run->seed, n_train, n_test, SYNTH_DIM, SYNTH_CLASSES,
                                   SYNTH_CLUSTERS, SYNTH_NOISE, &imp->train, &imp->test);
  else if (!dt_dataset_load (name, n_train, n_test, imp->run->seed, &imp->train, &imp->test,
                             imp->run->cancellable, error))
    return FALSE;

  dt_dataset_standardize (imp->train, imp->test);

  /* the training set is in random order already: its head is a fair sample */
  {
    guint n = MIN (imp->train->n, TRAIN_EVAL_MAX);
    g_autofree guint32 *first = g_new (guint32, n);

    for (guint i = 0; i < n; i++)
      first[i] = i;
    imp->train_eval = dt_dataset_subset (imp->train, first, n);
  }
  return TRUE;
}

static void
imp_prepare (const DtParams *params,
             DtRecord       *record)
{
  g_autoptr(GArray) ks = dt_params_dup_sorted_list (params, "rewind");
  guint n_hidden;
  const double *hidden = dt_params_get_list (params, "hidden", &n_hidden);
  guint l = (guint) dt_params_get_int (params, "mask_layer");
  DtPlotSpec *spec;

  spec = dt_plot_spec_new ("imp", _("Iterative magnitude pruning: test accuracy"),
                           _("fraction of weights remaining"), DT_SCALE_LOG,
                           _("test accuracy (%)"), DT_SCALE_LINEAR);
  for (guint i = 0; i < ks->len; i++)
    {
      guint64 k = g_array_index (ks, guint64, i);
      g_autofree char *id = g_strdup_printf ("imp/k=%" G_GUINT64_FORMAT, k);
      g_autofree char *label = k == 0 ? g_strdup (_("rewind to init (k = 0)"))
                                      : g_strdup_printf (_("rewind to k = %u"), (guint) k);

      dt_record_add_plot_series (record, spec, id, label, DT_STYLE_LINE);
    }
  {
    g_autofree char *label = g_strdup_printf (_("random reinit (masks of k = %u)"),
                                              (guint) g_array_index (ks, guint64, 0));

    dt_record_add_plot_series (record, spec, "imp/reinit", label, DT_STYLE_LINE);
  }
  dt_record_add_plot_series (record, spec, "imp/dense", _("dense network"), DT_STYLE_DASHED);
  dt_record_add_plot (record, spec);

  add_density_plot (record, n_hidden + 1, _("fraction of weights remaining"), DT_SCALE_LOG);

  /* the widths of other data sets are known once they are loaded */
  if (l <= n_hidden && g_str_equal (dt_params_get_string (params, "dataset"), "synthetic"))
    {
      guint rows = l < n_hidden ? (guint) hidden[l] : SYNTH_CLASSES;
      guint cols = l == 0 ? SYNTH_DIM : (guint) hidden[l - 1];

      add_empty_mask_plot (record, rows, cols, _("Mask of a layer"));
    }
}

static gboolean
imp_run (Run     *run,
         GError **error)
{
  const DtParams *params = run->params;
  guint rounds = dt_params_get_int (params, "rounds");
  Imp imp = { run };
  const double *hidden;
  guint n_hidden, n_k, n_jobs;
  gboolean ok = FALSE;

  imp.ks = dt_params_dup_sorted_list (params, "rewind");
  imp.steps = dt_params_get_int (params, "steps");
  imp.batch = dt_params_get_int (params, "batch");
  imp.rate = dt_params_get_double (params, "rate");
  imp.sgd = (DtSgdConfig) {
    .lr = dt_params_get_double (params, "lr"),
    .momentum = dt_params_get_double (params, "momentum"),
  };
  imp.rounds = json_array_new ();
  n_k = imp.ks->len;
  n_jobs = n_k + 1;

  if (!imp_check (params, error))
    goto out;

  report (run, _("Loading data"));
  if (!imp_load_data (&imp, error))
    goto out;

  imp.sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (imp.sizes, imp.train->d);
  hidden = dt_params_get_list (params, "hidden", &n_hidden);
  for (guint i = 0; i < n_hidden; i++)
    {
      guint w = (guint) hidden[i];
      g_array_append_val (imp.sizes, w);
    }
  g_array_append_val (imp.sizes, imp.train->n_out);
  imp.shape = dt_mlp_new (DT_F32, (guint *) imp.sizes->data, imp.sizes->len,
                          DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);

  run->total_work = 2 * imp.steps;
  for (guint i = 0; i < n_k; i++)
    run->total_work += rounds * (imp.steps - g_array_index (imp.ks, guint64, i));
  run->total_work += rounds * imp.steps;

  imp.rewound = g_new0 (DtMlp *, n_k);
  imp.trained = g_new0 (DtMlp *, n_k);
  imp.masks = g_new0 (guint8 *, n_k);
  imp.accuracy = g_new0 (double, n_jobs);
  imp.train_accuracy = g_new0 (double, n_jobs);
  imp.results = g_new0 (DtMlp *, n_jobs);
  imp.errors = g_new0 (GError *, n_jobs);

  /* round 0 is the dense network: every mask keeps everything */
  for (guint i = 0; i < n_k; i++)
    {
      imp.masks[i] = g_new (guint8, imp.shape->n_params);
      memset (imp.masks[i], 1, imp.shape->n_params);
    }

  for (imp.round = 0; imp.round <= rounds; imp.round++)
    {
      {
        g_autofree char *msg = imp.round == 0 ? g_strdup (_("Training the dense network"))
                                              : g_strdup_printf (_("Pruning round %u of %u"), imp.round, rounds);
        report (run, msg);
      }

      if (imp.round > 0)
        imp_prune (&imp);

      dt_parallel_for (imp.round == 0 ? 2 : n_jobs, run->n_threads, imp_job, &imp);
      for (guint i = 0; i < n_jobs; i++)
        if (imp.errors[i] != NULL)
          {
            g_propagate_error (error, g_steal_pointer (&imp.errors[i]));
            goto out;
          }

      if (imp.round == 0)
        {
          /* every rewind point starts from the dense run */
          imp.dense_accuracy = imp.accuracy[0];
          for (guint i = 0; i < n_k; i++)
            {
              imp.trained[i] = dt_mlp_copy (imp.results[0]);
              imp.accuracy[i] = imp.dense_accuracy;
              imp.train_accuracy[i] = imp.train_accuracy[0];
            }
          imp_publish (&imp);
        }
      else
        {
          for (guint i = 0; i < n_k; i++)
            {
              dt_mlp_free (imp.trained[i]);
              imp.trained[i] = g_steal_pointer (&imp.results[i]);
            }
          imp_publish (&imp);
        }
      for (guint i = 0; i < n_jobs; i++)
        g_clear_pointer (&imp.results[i], dt_mlp_free);
    }

  report (run, _("Done"));
  ok = TRUE;

out:
  for (guint i = 0; imp.rewound != NULL && i < n_k; i++)
    {
      dt_mlp_free (imp.rewound[i]);
      dt_mlp_free (imp.trained[i]);
      g_free (imp.masks[i]);
    }
  for (guint i = 0; imp.results != NULL && i < n_jobs; i++)
    {
      dt_mlp_free (imp.results[i]);
      g_clear_error (&imp.errors[i]);
    }
  g_free (imp.rewound);
  g_free (imp.trained);
  g_free (imp.masks);
  g_free (imp.accuracy);
  g_free (imp.train_accuracy);
  g_free (imp.results);
  g_free (imp.errors);
  g_clear_pointer (&imp.shape, dt_mlp_free);
  g_clear_pointer (&imp.sizes, g_array_unref);
  g_clear_pointer (&imp.ks, g_array_unref);
  g_clear_pointer (&imp.rounds, json_array_unref);
  g_clear_pointer (&imp.train, dt_dataset_free);
  g_clear_pointer (&imp.test, dt_dataset_free);
  g_clear_pointer (&imp.train_eval, dt_dataset_free);
  return ok;
}

/* ---- the experiment -------------------------------------------------------- */

static void
pruning_prepare (const DtParams *params,
                 DtRecord       *record)
{
  if (is_strong (params))
    strong_prepare (params, record);
  else
    imp_prepare (params, record);
}

static gboolean
pruning_run (const DtParams *params,
             DtRecord       *record,
             DtProgressFunc  progress,
             gpointer        progress_data,
             GCancellable   *cancellable,
             GError        **error)
{
  Run run = { params, record, progress, progress_data, cancellable };
  gboolean ok;

  run.n_threads = dt_params_get_int (params, "threads");
  run.seed = dt_params_get_int (params, "seed");
  g_mutex_init (&run.lock);
  /* parallelism is across networks; one BLAS thread each keeps results independent of it */
  dt_blas_set_threads (1);

  ok = is_strong (params) ? strong_run (&run, error) : imp_run (&run, error);

  g_mutex_clear (&run.lock);
  return ok;
}

const DtExperiment dt_experiment_pruning = {
  .id = "pruning",
  .title = N_("Lottery tickets"),
  .summary = N_("Malach et al. 2020: pruning a random network approximates any target; IMP with rewinding"),
  .params = pruning_params,
  .n_params = G_N_ELEMENTS (pruning_params),
  .prepare = pruning_prepare,
  .run = pruning_run,
  .check = pruning_check,
  .estimate = pruning_estimate,
};

/* ---- masks for other experiments -------------------------------------------- */

/**
 * dt_imp_mask_free:
 * @mask: (nullable) (transfer full): a mask
 */
void
dt_imp_mask_free (DtImpMask *mask)
{
  if (mask == NULL)
    return;
  g_free (mask->mask);
  g_free (mask);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
int_array (JsonArray *array)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_INT64)
        return FALSE;
    }
  return TRUE;
}

static gboolean
mask_invalid (GError     **error,
              const char  *name,
              const char  *what)
{
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
               _("“%s” is not a record of the pruning experiment in IMP mode with masks (%s); make one with “descent-cli run pruning --set mode=imp --out FILE.json”"),
               name, what);
  return FALSE;
}

/**
 * dt_pruning_load_imp_mask:
 * @path: (type filename): a record saved by the pruning experiment in IMP mode
 * @rewind: the rewind point whose masks to take, or -1 for the first one
 *   the record has
 * @round: the pruning round (1 = after the first pruning), or 0 for the last
 * @sizes: (array length=n_sizes): the widths of the network the mask is for
 * @n_sizes: their number
 * @error: return location for a %DT_ERROR_INVALID_PARAM error
 *
 * Reads a mask found by iterative magnitude pruning, checking that it
 * belongs to a network of exactly these widths.
 *
 * Returns: (transfer full) (nullable): the mask, or %NULL with @error set
 *   (a file that cannot be read or is no IMP record, a different
 *   architecture, a rewind point or round it does not have)
 */
DtImpMask *
dt_pruning_load_imp_mask (const char  *path,
                          gint64       rewind,
                          gint64       round,
                          const guint *sizes,
                          guint        n_sizes,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(DtMlp) shape = NULL;
  g_autoptr(DtImpMask) result = NULL;
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  JsonObject *imp, *chosen = NULL;
  JsonArray *stored_sizes, *ks, *rounds, *layers;
  JsonNode *node;
  guint n_rounds;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (sizes != NULL && n_sizes >= 2, NULL);

  name = g_filename_display_name (path);
  record = dt_record_load (path, &local_error);
  if (record == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM, "%s", local_error->message);
      return NULL;
    }
  if (!g_str_equal (dt_record_get_experiment (record), "pruning"))
    {
      g_autofree char *what = g_strdup_printf (_("it is a record of “%s”"), dt_record_get_experiment (record));

      mask_invalid (error, name, what);
      return NULL;
    }
  node = dt_record_get_extra (record, "imp");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      mask_invalid (error, name, _("it holds no IMP masks; was it run with mode=strong?"));
      return NULL;
    }
  imp = json_node_get_object (node);
  stored_sizes = member_array (imp, "sizes");
  ks = member_array (imp, "rewind");
  rounds = member_array (imp, "rounds");
  if (stored_sizes == NULL || ks == NULL || rounds == NULL ||
      !int_array (stored_sizes) || !int_array (ks) || json_array_get_length (ks) == 0)
    {
      mask_invalid (error, name, _("its “imp” extra lacks sizes, rewind points or rounds"));
      return NULL;
    }

  /* the architecture must be the same, widths and all */
  {
    gboolean same = json_array_get_length (stored_sizes) == n_sizes;

    for (guint i = 0; same && i < n_sizes; i++)
      same = json_array_get_int_element (stored_sizes, i) == sizes[i];
    if (!same)
      {
        g_autoptr(GString) theirs = g_string_new (NULL);
        g_autofree char *ours = describe_sizes (sizes, n_sizes);

        for (guint i = 0; i < json_array_get_length (stored_sizes); i++)
          g_string_append_printf (theirs, i ? "-%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
                                  json_array_get_int_element (stored_sizes, i));
        g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                     _("The masks in “%s” are for a %s network, but this run builds %s: use the same data set and hidden widths"),
                     name, theirs->str, ours);
        return NULL;
      }
  }

  if (rewind < 0)
    rewind = json_array_get_int_element (ks, 0);
  key = g_strdup_printf ("k=%" G_GINT64_FORMAT, rewind);

  n_rounds = json_array_get_length (rounds);
  if (n_rounds < 2)
    {
      mask_invalid (error, name, _("it has no pruning round"));
      return NULL;
    }
  if (round == 0)
    round = n_rounds - 1;
  if (round < 1 || round >= n_rounds)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   _("“%s” has pruning rounds 1 to %u, not %d"), name, n_rounds - 1, (int) round);
      return NULL;
    }
  node = json_array_get_element (rounds, (guint) round);
  if (JSON_NODE_HOLDS_OBJECT (node))
    chosen = json_node_get_object (node);
  if (chosen == NULL || (node = json_object_get_member (chosen, "masks")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (node))
    {
      mask_invalid (error, name, _("a round has no masks"));
      return NULL;
    }
  node = json_object_get_member (json_node_get_object (node), key);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autoptr(GString) have = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (ks); i++)
        g_string_append_printf (have, i ? ", %" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
                                json_array_get_int_element (ks, i));
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   _("“%s” has masks for the rewind points %s, not for k = %u"),
                   name, have->str, (guint) rewind);
      return NULL;
    }
  layers = json_node_get_array (node);

  shape = dt_mlp_new (DT_F32, sizes, n_sizes, DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);
  if (json_array_get_length (layers) != shape->n_layers)
    {
      mask_invalid (error, name, _("a mask has the wrong number of layers"));
      return NULL;
    }

  result = g_new0 (DtImpMask, 1);
  result->rewind = (guint64) rewind;
  result->round = (guint) round;
  result->n_params = shape->n_params;
  result->mask = g_new (guint8, shape->n_params);
  memset (result->mask, 1, shape->n_params);
  for (guint l = 0; l < shape->n_layers; l++)
    {
      JsonNode *e = json_array_get_element (layers, l);
      gsize n = layer_weights (shape, l), n_bytes = 0;
      g_autofree guchar *bits = NULL;

      if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
        bits = g_base64_decode (json_node_get_string (e), &n_bytes);
      if (bits == NULL || n_bytes != (n + 7) / 8)
        {
          mask_invalid (error, name, _("a mask does not match its layer's size"));
          return NULL;
        }
      for (gsize i = 0; i < n; i++)
        result->mask[shape->w_offset[l] + i] = (bits[i / 8] >> (i % 8)) & 1;
    }
  result->fraction = (double) total_kept (shape, result->mask) / total_weights (shape);
  return g_steal_pointer (&result);
}
