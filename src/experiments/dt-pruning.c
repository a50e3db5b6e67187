/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-pruning"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "dt-blas.h"
#include "dt-common-params.h"
#include "dt-error.h"
#include "dt-pruning.h"
#include "dt-pruning-private.h"

/*
 * Lottery tickets, in two modes: mode=strong (Malach et al., ICML 2020)
 * finds a subnetwork of a random network that approximates a target
 * without training (dt-pruning-strong.c); mode=imp (Frankle et al. 2019,
 * 2020) prunes a trained network by magnitude, round after round, with
 * rewinding (dt-pruning-imp.c). dt-pruning-mask.c reads the masks of an
 * IMP record back for the connectivity experiment.
 *
 * This file holds what the modes share: the parameters, the checks, cost
 * estimates and preparation that pick the mode, the plots both draw, and
 * the experiment itself.
 */

static const char * const mode_choices[] = { "strong", "imp", NULL };
static const char * const finder_choices[] = { "edge-popup", "subset-sum", NULL };
static const char * const mode_labels[] = { N_("Strong tickets (no training)"), N_("Iterative magnitude pruning"), NULL };
static const char * const finder_labels[] = { N_("Edge-popup scores"), N_("Subset sums"), NULL };

static const DtParamSpec pruning_params[] = {
  DT_PARAM_SEED_SPEC,
  DT_PARAM_DATASET_SPEC_WHEN (N_("IMP mode: “synthetic” (a Gaussian mixture, 10 classes in 32 dimensions), “fashion-mnist”, or the path of an IDX images file with its labels file beside it; strong mode draws Gaussian inputs"),
                              "mode=imp"),
  DT_PARAM_N_TRAIN_SPEC (N_("Size of the training set (strong mode: the random inputs edge-popup learns its scores on)"),
                         100, 60000, 20000, .log_scale = TRUE),
  DT_PARAM_N_TEST_SPEC (N_("Size of the test set errors and accuracies are measured on"),
                        100, 10000, 5000, .log_scale = TRUE),
  DT_PARAM_THREADS_SPEC (N_("Worker threads: widths, densities and the networks of a round run in parallel; the result does not depend on it")),
  { "mode", N_("Mode"),
    N_("“strong”: find a subnetwork of a random network that approximates a target without training; “imp”: iterative magnitude pruning of a trained network, with rewinding"),
    DT_PARAM_CHOICE, .def_str = "strong", .choices = mode_choices, .choice_labels = mode_labels },
  { "finder", N_("Mask finder"),
    N_("Strong mode: “edge-popup” learns a score per weight and keeps the top fraction; “subset-sum” builds the mask from exact subset sums of products of random weights"),
    DT_PARAM_CHOICE, .def_str = "subset-sum", .choices = finder_choices, .applies = "mode=strong", .choice_labels = finder_labels },
  { "target_width", N_("Target width w"), N_("Width of the hidden layers of the target network F"),
    DT_PARAM_INT, 1, 256, 8, .applies = "mode=strong" },
  { "target_depth", N_("Target depth d"), N_("Weight layers of F; the random network N has 2d"),
    DT_PARAM_INT, 1, 6, 2, .applies = "mode=strong" },
  { "input_dim", N_("Input dimension"), N_("Inputs of F and N (strong mode), standard Gaussian"),
    DT_PARAM_INT, 1, 256, 8, .applies = "mode=strong" },
  { "overparam", N_("Overparameterisation W/w"),
    N_("Widths of N as multiples of w, comma-separated or min:max:count; subset-sum gives each weight about W/w candidates"),
    DT_PARAM_INT_LIST, 1, 64, .def_str = "1,2,4,8,16,24,32", .applies = "mode=strong" },
  { "density", N_("Density"),
    N_("Edge-popup: fraction of N's weights kept per layer; the first value is used for every width, all of them at the largest width"),
    DT_PARAM_DOUBLE_LIST, 0.001, 1, .def_str = "0.1,0.03,0.3", .digits = 3, .applies = "mode=strong,finder=edge-popup" },
  { "score_steps", N_("Score steps"), N_("Edge-popup: Adam steps on the scores"),
    DT_PARAM_INT, 1, 1000000, 1500, .log_scale = TRUE, .applies = "mode=strong,finder=edge-popup" },
  { "score_lr", N_("Score learning rate"), N_("Edge-popup: Adam learning rate of the scores (cosine decay to 0)"),
    DT_PARAM_DOUBLE, 1e-5, 1, 0.03, .log_scale = TRUE, .digits = 4, .applies = "mode=strong,finder=edge-popup" },
  { "score_batch", N_("Score batch"), N_("Edge-popup: minibatch size"),
    DT_PARAM_INT, 1, 4096, 128, .log_scale = TRUE, .applies = "mode=strong,finder=edge-popup" },
  { "mask_layer", N_("Layer shown"), N_("The layer whose mask is drawn as a heat map (0 = the first)"),
    DT_PARAM_INT, 0, 63, 1 },
  { "hidden", N_("Hidden widths"), N_("IMP: widths of the hidden layers of the dense network, comma-separated"),
    DT_PARAM_INT_LIST, 1, 4096, .def_str = "300,100", .applies = "mode=imp" },
  { "rounds", N_("Rounds"), N_("IMP: pruning rounds; after r rounds about (1 − rate)^r of the weights remain"),
    DT_PARAM_INT, 0, 60, 15, .applies = "mode=imp" },
  { "rate", N_("Pruning rate"), N_("IMP: fraction of the remaining weights of each layer removed per round (the output layer: half of it)"),
    DT_PARAM_DOUBLE, 0.01, 0.9, 0.2, .digits = 2, .applies = "mode=imp" },
  { "rewind", N_("Rewind iterations k"),
    N_("IMP: the iterations the survivors are rewound to, comma-separated; 0 is the initialisation"),
    DT_PARAM_INT_LIST, 0, 1000000, .def_str = "0,100", .applies = "mode=imp" },
  { "steps", N_("Training iterations"), N_("IMP: SGD iterations of the dense run and of every retraining (counted from iteration 0)"),
    DT_PARAM_INT, 1, 1000000, 2000, .log_scale = TRUE, .applies = "mode=imp" },
  { "lr", N_("Learning rate"), N_("IMP: SGD learning rate"),
    DT_PARAM_DOUBLE, 1e-5, 10, 0.05, .log_scale = TRUE, .digits = 4, .applies = "mode=imp" },
  { "momentum", N_("Momentum"), N_("IMP: heavy-ball momentum of SGD"),
    DT_PARAM_DOUBLE, 0, 0.99, 0.9, .digits = 2, .applies = "mode=imp" },
  { "batch", N_("Batch size"), N_("IMP: minibatch size of SGD"),
    DT_PARAM_INT, 1, 4096, 60, .log_scale = TRUE, .applies = "mode=imp" },
};

/* ---- shared by both modes ------------------------------------------------ */

/* Whether “mask_layer” is one of the @n_layers layers of @network (its
 * name in the error). */
gboolean
dt_pruning_check_mask_layer (const DtParams  *params,
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

/* The weights of layer @l as a rows × cols heat map of 0s and 1s. */
void
dt_pruning_set_mask_plot (DtRecord     *record,
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
void
dt_pruning_add_empty_mask_plot (DtRecord   *record,
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

/* The plot of each layer's mask density, a series per layer. */
void
dt_pruning_add_density_plot (DtRecord   *record,
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

/* ---- the experiment -------------------------------------------------------- */

/* mode=strong or mode=imp does the work */
static const DtPruningMode *
mode_of (const DtParams *params)
{
  return g_str_equal (dt_params_get_string (params, "mode"), "strong") ? &dt_pruning_strong : &dt_pruning_imp;
}

static gboolean
pruning_check (const DtParams  *params,
               GError         **error)
{
  return mode_of (params)->check (params, error);
}

static void
pruning_estimate (const DtParams *params,
                  DtRunEstimate  *estimate)
{
  mode_of (params)->estimate (params, estimate);
}

static void
pruning_prepare (const DtParams *params,
                 DtRecord       *record)
{
  mode_of (params)->prepare (params, record);
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

  ok = mode_of (params)->run (&run, error);

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
  .description = N_("Finds a subnetwork of a random network that approximates a target network without any training, or prunes a trained network by iterative magnitude pruning with rewinding. Malach et al. prove that a wide enough random network holds such a subnetwork."),
  .citation = "Eran Malach, Gilad Yehudai, Shai Shalev-Shwartz, Ohad Shamir. Proving the Lottery Ticket Hypothesis: Pruning is All You Need. ICML 2020",
  .url = "https://arxiv.org/abs/2002.00585",
};
