/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-connectivity"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "dt-blas.h"
#include "dt-common-params.h"
#include "dt-connectivity.h"
#include "dt-data.h"
#include "dt-error.h"
#include "dt-experiment-data.h"
#include "dt-estimate.h"
#include "dt-mlp.h"
#include "dt-pruning.h"
#include "dt-record.h"
#include "dt-train.h"

/*
 * Linear mode connectivity (Frankle et al., ICML 2020).
 *
 * A parent network is trained for k iterations (the spawn point); two copies
 * then train to the end with different data orders. Along the segment
 * W(α) = α·W₁ + (1 − α)·W₂ the test and train error and loss are measured;
 * instability = max_α E(W(α)) − ½(E(W₁) + E(W₂)). With init=independent the
 * two runs come from different initialisations (each trained k steps on the
 * same data order before they part), the control that shows a large barrier.
 *
 * With mask_from, a mask found by iterative magnitude pruning (a record of
 * the pruning experiment in IMP mode) is applied to both children: the
 * parent trains dense to the spawn point k and the two copies train the
 * sparse subnetwork from there, as IMP with rewinding to k does. This is
 * the instability of sparse subnetworks (Frankle et al. 2020, section 5).
 */

/* Synthetic task: a Gaussian mixture with several clusters per class. */
#define SYNTH_DIM       32
#define SYNTH_CLASSES   10
#define SYNTH_CLUSTERS  3
#define SYNTH_NOISE     1.0

/* Train error along the path is measured on at most this many training points. */
#define TRAIN_EVAL_MAX  2000

/* Steps between progress reports and cancellation checks of a whole chunk. */
#define CHUNK_STEPS     25

/* Streams of the run's seed. */
enum
{
  STREAM_INIT_A = 1,
  STREAM_ORDER_PARENT = 2,
  STREAM_INIT_B = 3,
  STREAM_ORDER_CHILD = 1000,
};

static const char * const init_choices[] = { "shared", "independent", NULL };
static const char * const init_labels[] = { N_("Shared until the spawn point"), N_("Independent (the control)"), NULL };

static const DtParamSpec connectivity_params[] = {
  DT_PARAM_SEED_SPEC,
  DT_PARAM_DATASET_SPEC (N_("“synthetic” (a Gaussian mixture, 10 classes in 32 dimensions), “fashion-mnist”, or the path of an IDX images file with its labels file beside it")),
  DT_PARAM_N_TRAIN_SPEC (N_("Size of the training set"),
                         100, 60000, 4000, .log_scale = TRUE),
  DT_PARAM_N_TEST_SPEC (N_("Size of the test set the path is evaluated on"),
                        100, 10000, 2000, .log_scale = TRUE),
  DT_PARAM_THREADS_SPEC (N_("Worker threads: the two runs of a pair train in parallel; the result does not depend on it")),
  { "hidden", N_("Hidden widths"), N_("Widths of the hidden layers, comma-separated; 300,100 is the paper's LeNet"),
    DT_PARAM_INT_LIST, 1, 4096, .def_str = "300,100" },
  { "spawn", N_("Spawn iterations k"),
    N_("Iterations of shared training before the two copies part, comma-separated or min:max:count"),
    DT_PARAM_INT_LIST, 0, 1000000, .def_str = "0,1,2,4,8,16,32,64,128,256,512" },
  { "steps", N_("Training iterations"), N_("Total SGD iterations of each run, spawn included"),
    DT_PARAM_INT, 1, 1000000, 2000, .log_scale = TRUE },
  { "alpha_points", N_("Points on the path"), N_("Number of values of α in [0, 1] at which the interpolated network is evaluated"),
    DT_PARAM_INT, 3, 201, 30 },
  { "lr", N_("Learning rate"), N_("SGD learning rate"),
    DT_PARAM_DOUBLE, 1e-5, 10, 0.05, .log_scale = TRUE, .digits = 4 },
  { "momentum", N_("Momentum"), N_("Heavy-ball momentum of SGD"),
    DT_PARAM_DOUBLE, 0, 0.99, 0.9, .digits = 2 },
  { "batch", N_("Batch size"), N_("Minibatch size of SGD"),
    DT_PARAM_INT, 1, 4096, 60, .log_scale = TRUE },
  { "init", N_("Initialisation"),
    N_("“shared”: both runs start from the same network at iteration k; “independent”: from different initialisations (the control)"),
    DT_PARAM_CHOICE, .def_str = "shared", .choices = init_choices, .choice_labels = init_labels },
  { "mask_from", N_("Mask from"),
    N_("“none” for dense networks, or the path of a pruning record made with mode=imp: its mask is applied to both copies after the spawn point (same data set and hidden widths needed)"),
    DT_PARAM_STRING, .def_str = "none", .path = TRUE },
  { "mask_rewind", N_("Mask rewind point"),
    N_("Which of the record's rewind points k the mask was found with; −1: the first one it has"),
    DT_PARAM_INT, -1, 1000000, -1, .applies = "mask_from!=none" },
  { "mask_round", N_("Mask round"),
    N_("Which pruning round of the record the mask comes from; 0: the last"),
    DT_PARAM_INT, 0, 1000, 0, .applies = "mask_from!=none" },
};

typedef struct
{
  double test_error;   /* % */
  double test_loss;
  double train_error;  /* % */
  double train_loss;
} Eval;

typedef struct
{
  const DtParams  *params;
  DtRecord        *record;
  DtProgressFunc   progress;
  gpointer         progress_data;
  GCancellable    *cancellable;
  DtDataset       *train;
  DtDataset       *test;
  DtDataset       *train_eval;
  guint            n_threads;
  guint64          total_work;
  gint             done_work;    /* atomic: steps trained + points evaluated / 1000 */
  DtImpMask       *mask;         /* nullable: applied to the children */
} Run;

static char *
series_id (const char *prefix,
           guint64     k)
{
  return g_strdup_printf ("%s/k=%" G_GUINT64_FORMAT, prefix, k);
}

static void
connectivity_prepare (const DtParams *params,
                      DtRecord       *record)
{
  static const struct { const char *id, *title, *prefix, *y_label; } path_plots[] = {
    { "path", N_("Test error along the path"), "path", N_("test error (%)") },
    { "path_train", N_("Train error along the path"), "path_train", N_("train error (%)") },
    { "path_loss", N_("Test loss along the path"), "path_loss", N_("test loss (cross-entropy)") },
    { "path_train_loss", N_("Train loss along the path"), "path_train_loss", N_("train loss (cross-entropy)") },
  };
  g_autoptr(GArray) ks = dt_params_dup_sorted_list (params, "spawn");
  DtPlotSpec *spec;

  /* the headline first: instability against the spawn point */
  spec = dt_plot_spec_new ("instability", _("Instability vs spawn iteration"),
                           _("spawn iteration k"), DT_SCALE_SYMLOG,
                           _("instability (% error)"), DT_SCALE_LINEAR);
  dt_record_add_plot_series (record, spec, "instability", _("test"), DT_STYLE_LINE);
  dt_record_add_plot_series (record, spec, "instability_train", _("train"), DT_STYLE_LINE);
  dt_record_add_plot (record, spec);

  for (guint p = 0; p < G_N_ELEMENTS (path_plots); p++)
    {
      spec = dt_plot_spec_new (path_plots[p].id, _(path_plots[p].title),
                               _("interpolation α  (W = α·W₁ + (1−α)·W₂)"), DT_SCALE_LINEAR,
                               _(path_plots[p].y_label), DT_SCALE_LINEAR);
      for (guint i = 0; i < ks->len; i++)
        {
          guint64 k = g_array_index (ks, guint64, i);
          g_autofree char *id = series_id (path_plots[p].prefix, k);
          g_autofree char *label = g_strdup_printf ("k = %" G_GUINT64_FORMAT, k);

          dt_record_add_plot_series (record, spec, id, label, DT_STYLE_LINE);
        }
      dt_record_add_plot (record, spec);
    }

}

static void
report (Run        *run,
        const char *message)
{
  double fraction;

  if (run->progress == NULL)
    return;
  fraction = (double) g_atomic_int_get (&run->done_work) / run->total_work;
  run->progress (CLAMP (fraction, 0.0, 1.0), message, run->progress_data);
}

static void
add_work (Run    *run,
          gint64  amount)
{
  g_atomic_int_add (&run->done_work, (gint) amount);
}

static void
synthetic_data (const DtParams  *params,
                guint64          seed,
                guint            n_train,
                guint            n_test,
                DtDataset      **train,
                DtDataset      **test)
{
  dt_synthetic_gaussian_mixture (seed, n_train, n_test, SYNTH_DIM, SYNTH_CLASSES,
                                 SYNTH_CLUSTERS, SYNTH_NOISE, train, test);
}

static gboolean
load_data (Run           *run,
           GError       **error)
{
  if (!dt_experiment_load_data (run->params, dt_params_get_int (run->params, "seed"), 1,
                                synthetic_data, &run->train, &run->test, run->cancellable, error))
    return FALSE;

  /* the training set is in random order already: its head is a fair sample */
  run->train_eval = dt_experiment_data_head (run->train, TRAIN_EVAL_MAX);
  return TRUE;
}

static void
evaluate (const DtMlp *mlp,
          DtMlpWork   *work,
          Run         *run,
          Eval        *out)
{
  dt_mlp_evaluate (mlp, work, run->test, DT_LOSS_CE, &out->test_loss, &out->test_error);
  dt_mlp_evaluate (mlp, work, run->train_eval, DT_LOSS_CE, &out->train_loss, &out->train_error);
  out->test_error *= 100;
  out->train_error *= 100;
}

/* One child run trained to the end, possibly on its own thread. */
typedef struct
{
  Run       *run;
  DtTrainer *trainer;
  guint64    steps;
  GError    *error;
  gboolean   ok;
} ChildJob;

static gpointer
child_job_run (gpointer data)
{
  ChildJob *job = data;

  job->ok = TRUE;
  while (dt_trainer_get_step (job->trainer) < job->steps)
    {
      guint64 n = MIN (CHUNK_STEPS, job->steps - dt_trainer_get_step (job->trainer));

      if (!dt_trainer_run (job->trainer, n, job->run->cancellable, &job->error))
        {
          job->ok = FALSE;
          break;
        }
      add_work (job->run, n);
    }
  return NULL;
}

/* Evaluates the path at every other α, starting at @first. */
typedef struct
{
  Run         *run;
  const DtMlp *w1;
  const DtMlp *w2;
  guint        first;
  guint        stride;
  guint        n_alpha;
  Eval        *evals;
} PathJob;

static gpointer
path_job_run (gpointer data)
{
  PathJob *job = data;
  g_autoptr(DtMlp) mix = dt_mlp_copy (job->w1);
  g_autoptr(DtMlpWork) work = dt_mlp_work_new (mix, 500);
  gint64 per_point = (job->run->test->n + job->run->train_eval->n) / 1000 + 1;

  for (guint j = job->first; j < job->n_alpha; j += job->stride)
    {
      double alpha = (double) j / (job->n_alpha - 1);

      if (g_cancellable_is_cancelled (job->run->cancellable))
        break;
      dt_mlp_interpolate (mix, job->w1, job->w2, alpha);
      evaluate (mix, work, job->run, &job->evals[j]);
      add_work (job->run, per_point);
    }
  return NULL;
}

/* Runs @n jobs, all but the first on threads of their own when allowed. */
static void
run_parallel (Run         *run,
              GThreadFunc  func,
              gpointer    *jobs,
              guint        n)
{
  GThread *threads[8] = { NULL, };
  guint n_threads = MIN (MIN (run->n_threads, n), G_N_ELEMENTS (threads));

  if (n_threads <= 1)
    {
      for (guint i = 0; i < n; i++)
        func (jobs[i]);
      return;
    }
  for (guint i = 1; i < n; i++)
    threads[i] = g_thread_new ("descent-worker", func, jobs[i]);
  func (jobs[0]);
  for (guint i = 1; i < n; i++)
    g_thread_join (threads[i]);
}

static double
max_minus_mean (const double *path,
                guint         n,
                double        end1,
                double        end2)
{
  double max = path[0];

  for (guint j = 1; j < n; j++)
    max = MAX (max, path[j]);
  return max - 0.5 * (end1 + end2);
}

/* Weights (not biases) of @mlp that are not zero. */
static gint64
nonzero_weights (const DtMlp *mlp)
{
  gint64 n = 0;

  for (guint l = 0; l < mlp->n_layers; l++)
    for (gsize i = 0; i < (gsize) mlp->sizes[l] * mlp->sizes[l + 1]; i++)
      n += dt_mlp_get_param (mlp, mlp->w_offset[l] + i) != 0.0;
  return n;
}

static JsonNode *
spawn_summary (guint64      k,
               const Eval  *e1,
               const Eval  *e2,
               double       instability,
               double       instability_train,
               const DtMlp *w1,
               const DtMlp *w2)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "k");
  json_builder_add_int_value (b, (gint64) k);
  json_builder_set_member_name (b, "test_error_1");
  json_builder_add_double_value (b, e1->test_error);
  json_builder_set_member_name (b, "test_error_2");
  json_builder_add_double_value (b, e2->test_error);
  json_builder_set_member_name (b, "train_error_1");
  json_builder_add_double_value (b, e1->train_error);
  json_builder_set_member_name (b, "train_error_2");
  json_builder_add_double_value (b, e2->train_error);
  json_builder_set_member_name (b, "test_loss_1");
  json_builder_add_double_value (b, e1->test_loss);
  json_builder_set_member_name (b, "test_loss_2");
  json_builder_add_double_value (b, e2->test_loss);
  json_builder_set_member_name (b, "instability");
  json_builder_add_double_value (b, instability);
  json_builder_set_member_name (b, "instability_train");
  json_builder_add_double_value (b, instability_train);
  json_builder_set_member_name (b, "nonzero_weights_1");
  json_builder_add_int_value (b, nonzero_weights (w1));
  json_builder_set_member_name (b, "nonzero_weights_2");
  json_builder_add_int_value (b, nonzero_weights (w2));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static JsonNode *
mask_summary (const DtParams  *params,
              const DtImpMask *mask)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "from");
  json_builder_add_string_value (b, dt_params_get_string (params, "mask_from"));
  json_builder_set_member_name (b, "rewind");
  json_builder_add_int_value (b, (gint64) mask->rewind);
  json_builder_set_member_name (b, "round");
  json_builder_add_int_value (b, mask->round);
  json_builder_set_member_name (b, "fraction");
  json_builder_add_double_value (b, mask->fraction);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Trains the pair spawned at @k to the end and records its path. */
static gboolean
run_spawn (Run        *run,
           DtTrainer  *parent_a,
           DtTrainer  *parent_b,
           guint       index,
           guint64     k,
           JsonArray  *summaries,
           GError    **error)
{
  guint64 seed = dt_params_get_int (run->params, "seed");
  guint64 steps = dt_params_get_int (run->params, "steps");
  guint n_alpha = dt_params_get_int (run->params, "alpha_points");
  g_autoptr(DtTrainer) child1 = dt_trainer_fork (parent_a, seed, STREAM_ORDER_CHILD + 2 * index);
  g_autoptr(DtTrainer) child2 = dt_trainer_fork (parent_b, seed, STREAM_ORDER_CHILD + 2 * index + 1);
  ChildJob jobs[2] = { { run, child1, steps }, { run, child2, steps } };
  gpointer job_ptrs[2] = { &jobs[0], &jobs[1] };
  g_autofree Eval *evals = g_new0 (Eval, n_alpha);
  PathJob path_jobs[2];
  gpointer path_ptrs[2] = { &path_jobs[0], &path_jobs[1] };
  g_autofree double *xs = g_new (double, n_alpha);
  g_autofree double *buf = g_new (double, n_alpha);
  g_autoptr(DtMlpWork) work = NULL;
  Eval e1, e2;
  double inst, inst_train;
  static const struct { const char *prefix; gsize offset; } columns[] = {
    { "path", G_STRUCT_OFFSET (Eval, test_error) },
    { "path_train", G_STRUCT_OFFSET (Eval, train_error) },
    { "path_loss", G_STRUCT_OFFSET (Eval, test_loss) },
    { "path_train_loss", G_STRUCT_OFFSET (Eval, train_loss) },
  };

  {
    g_autofree char *msg = g_strdup_printf (_("Training the pair spawned at k = %u"), (guint) k);
    report (run, msg);
  }

  /* the sparse subnetwork starts from the dense weights at k */
  if (run->mask != NULL)
    {
      dt_mlp_set_mask (dt_trainer_get_mlp (child1), run->mask->mask);
      dt_mlp_set_mask (dt_trainer_get_mlp (child2), run->mask->mask);
    }

  run_parallel (run, child_job_run, job_ptrs, 2);
  for (guint i = 0; i < 2; i++)
    if (!jobs[i].ok)
      {
        g_propagate_error (error, jobs[i].error);
        g_clear_error (&jobs[1 - i].error);
        return FALSE;
      }

  {
    g_autofree char *msg = g_strdup_printf (_("Evaluating the path for k = %u"), (guint) k);
    report (run, msg);
  }

  /* the end points evaluated on their own, not through the interpolation */
  work = dt_mlp_work_new (dt_trainer_get_mlp (child1), 500);
  evaluate (dt_trainer_get_mlp (child1), work, run, &e1);
  evaluate (dt_trainer_get_mlp (child2), work, run, &e2);

  for (guint t = 0; t < 2; t++)
    {
      path_jobs[t] = (PathJob) { run, dt_trainer_get_mlp (child1), dt_trainer_get_mlp (child2),
                                 t, MIN (run->n_threads, 2), n_alpha, evals };
    }
  run_parallel (run, path_job_run, path_ptrs, MIN (run->n_threads, 2));
  if (dt_check_cancelled (run->cancellable, error))
    return FALSE;

  for (guint j = 0; j < n_alpha; j++)
    xs[j] = (double) j / (n_alpha - 1);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      g_autofree char *id = series_id (columns[c].prefix, k);

      for (guint j = 0; j < n_alpha; j++)
        buf[j] = G_STRUCT_MEMBER (double, &evals[j], columns[c].offset);
      dt_record_set_points (run->record, id, xs, buf, NULL, n_alpha);
    }

  for (guint j = 0; j < n_alpha; j++)
    buf[j] = evals[j].test_error;
  inst = max_minus_mean (buf, n_alpha, e1.test_error, e2.test_error);
  for (guint j = 0; j < n_alpha; j++)
    buf[j] = evals[j].train_error;
  inst_train = max_minus_mean (buf, n_alpha, e1.train_error, e2.train_error);

  dt_record_append_point (run->record, "instability", k, inst, NAN);
  dt_record_append_point (run->record, "instability_train", k, inst_train, NAN);
  json_array_add_element (summaries, spawn_summary (k, &e1, &e2, inst, inst_train,
                                                    dt_trainer_get_mlp (child1),
                                                    dt_trainer_get_mlp (child2)));
  dt_record_set_extra (run->record, "spawns", json_node_init_array (json_node_alloc (), summaries));
  return TRUE;
}

static gboolean
connectivity_check (const DtParams  *params,
                    GError         **error)
{
  return dt_estimate_check_before_end (params, "spawn", error) &&
         dt_estimate_check_batch (params, error) &&
         dt_estimate_check_sizes (params, error);
}

/* Peak memory: the data sets, then either loading them or the networks:
 * the parent (two with init=independent), the two children training at
 * once, and the interpolated networks evaluated along the path. */
static void
connectivity_estimate (const DtParams *params,
                       DtRunEstimate  *estimate)
{
  g_autoptr(GArray) ks = dt_params_dup_sorted_list (params, "spawn");
  gboolean independent = g_str_equal (dt_params_get_string (params, "init"), "independent");
  gboolean masked = !g_str_equal (dt_params_get_string (params, "mask_from"), "none");
  guint n_train = dt_params_get_int (params, "n_train");
  guint batch = dt_params_get_int (params, "batch");
  guint n_hidden, d, k;
  const double *hidden = dt_params_get_list (params, "hidden", &n_hidden);
  g_autofree guint *sizes = g_new (guint, n_hidden + 2);
  DtCost cost = { 0, }, load = { 0, }, nets = { 0, };
  double params_bytes;

  dt_estimate_data (params, SYNTH_DIM, SYNTH_CLASSES, 1, &d, &k, &cost, &load);
  dt_cost_add (&cost, "n_train", dt_estimate_dataset (MIN (n_train, TRAIN_EVAL_MAX), d, k, TRUE));
  dt_cost_add_base (&cost, MIN ((guint) dt_params_get_int (params, "threads"), 2));

  sizes[0] = d;
  for (guint i = 0; i < n_hidden; i++)
    sizes[i + 1] = (guint) hidden[i];
  sizes[n_hidden + 1] = k;
  params_bytes = (double) dt_estimate_mlp_params (sizes, n_hidden + 2) * sizeof (float);

  /* trainers: parents and children; then the end points' and two path workspaces */
  dt_cost_add (&nets, "hidden", (independent ? 4.0 : 3.0) *
               dt_estimate_trainer (sizes, n_hidden + 2, batch, n_train, sizeof (float)));
  dt_cost_add (&nets, "hidden", 2.0 * params_bytes +
               3.0 * dt_estimate_mlp_work (sizes, n_hidden + 2, 500, sizeof (float)));
  if (masked)
    dt_cost_add (&nets, "hidden", params_bytes / sizeof (float));
  dt_cost_add_larger (&cost, &load, &nets);

  estimate->peak_bytes = dt_cost_total (&cost);
  estimate->n_units = 2 * (guint64) ks->len;
  estimate->main_key = dt_cost_main_key (&cost);
}

static gboolean
connectivity_run (const DtParams *params,
                  DtRecord       *record,
                  DtProgressFunc  progress,
                  gpointer        progress_data,
                  GCancellable   *cancellable,
                  GError        **error)
{
  Run run = { params, record, progress, progress_data, cancellable };
  guint64 seed = dt_params_get_int (params, "seed");
  guint64 steps = dt_params_get_int (params, "steps");
  guint batch = dt_params_get_int (params, "batch");
  gboolean independent = g_str_equal (dt_params_get_string (params, "init"), "independent");
  g_autoptr(GArray) ks = dt_params_dup_sorted_list (params, "spawn");
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(JsonArray) summaries = json_array_new ();
  g_autoptr(DtTrainer) parent_a = NULL;
  g_autoptr(DtTrainer) parent_b = NULL;
  DtSgdConfig sgd = {
    .lr = dt_params_get_double (params, "lr"),
    .momentum = dt_params_get_double (params, "momentum"),
    .weight_decay = 0,
  };
  const double *hidden;
  guint n_hidden;
  gboolean ok = FALSE;
  DtRng rng;
  DtMlp *mlp;

  if (!connectivity_check (params, error))
    return FALSE;

  run.n_threads = dt_params_get_int (params, "threads");
  /* parallelism is across runs; one BLAS thread each keeps results independent of it */
  dt_blas_set_threads (1);

  report (&run, _("Loading data"));
  if (!load_data (&run, error))
    goto out;

  g_array_append_val (sizes, run.train->d);
  hidden = dt_params_get_list (params, "hidden", &n_hidden);
  for (guint i = 0; i < n_hidden; i++)
    {
      guint w = (guint) hidden[i];
      g_array_append_val (sizes, w);
    }
  g_array_append_val (sizes, run.train->n_out);

  if (!g_str_equal (dt_params_get_string (params, "mask_from"), "none"))
    {
      run.mask = dt_pruning_load_imp_mask (dt_params_get_string (params, "mask_from"),
                                           dt_params_get_int (params, "mask_rewind"),
                                           dt_params_get_int (params, "mask_round"),
                                           (guint *) sizes->data, sizes->len, error);
      if (run.mask == NULL)
        goto out;
      dt_record_set_extra (record, "mask", mask_summary (params, run.mask));
      {
        g_autofree char *note = g_strdup_printf (_("IMP mask k = %u, round %u: %.1f %% kept"),
                                                 (guint) run.mask->rewind, run.mask->round, 100 * run.mask->fraction);

        dt_record_add_plot_note (record, "instability", note);
      }
    }

  run.total_work = g_array_index (ks, guint64, ks->len - 1);
  for (guint i = 0; i < ks->len; i++)
    run.total_work += 2 * (steps - g_array_index (ks, guint64, i)) +
                      (guint64) dt_params_get_int (params, "alpha_points") * ((run.test->n + run.train_eval->n) / 1000 + 1);
  if (independent)
    run.total_work += g_array_index (ks, guint64, ks->len - 1);

  mlp = dt_mlp_new (DT_F32, (guint *) sizes->data, sizes->len, DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);
  dt_rng_init (&rng, seed, STREAM_INIT_A);
  dt_mlp_init (mlp, &rng);
  parent_a = dt_trainer_new (mlp, run.train, DT_LOSS_CE, batch, &sgd, seed, STREAM_ORDER_PARENT);
  if (independent)
    {
      mlp = dt_mlp_new (DT_F32, (guint *) sizes->data, sizes->len, DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);
      dt_rng_init (&rng, seed, STREAM_INIT_B);
      dt_mlp_init (mlp, &rng);
      parent_b = dt_trainer_new (mlp, run.train, DT_LOSS_CE, batch, &sgd, seed, STREAM_ORDER_PARENT);
    }

  for (guint i = 0; i < ks->len; i++)
    {
      guint64 k = g_array_index (ks, guint64, i);
      guint64 todo = k - dt_trainer_get_step (parent_a);

      report (&run, _("Training to the spawn point"));
      if (!dt_trainer_run (parent_a, todo, cancellable, error))
        goto out;
      add_work (&run, todo);
      if (parent_b)
        {
          if (!dt_trainer_run (parent_b, todo, cancellable, error))
            goto out;
          add_work (&run, todo);
        }
      if (!run_spawn (&run, parent_a, parent_b ? parent_b : parent_a, i, k, summaries, error))
        goto out;
    }

  report (&run, _("Done"));
  ok = TRUE;

out:
  g_clear_pointer (&run.train, dt_dataset_free);
  g_clear_pointer (&run.test, dt_dataset_free);
  g_clear_pointer (&run.train_eval, dt_dataset_free);
  g_clear_pointer (&run.mask, dt_imp_mask_free);
  return ok;
}

const DtExperiment dt_experiment_connectivity = {
  .id = "connectivity",
  .title = N_("Linear mode connectivity"),
  .summary = N_("Frankle et al. 2020: is the path between two SGD runs flat?"),
  .params = connectivity_params,
  .n_params = G_N_ELEMENTS (connectivity_params),
  .prepare = connectivity_prepare,
  .run = connectivity_run,
  .check = connectivity_check,
  .estimate = connectivity_estimate,
  .description = N_("Trains two copies of a network from a shared point with different orders of the data, and measures the error along the straight line between the two results. Frankle et al. find that the line becomes flat, the copies stable, only after some early training."),
  .citation = "Jonathan Frankle, Gintare Karolina Dziugaite, Daniel M. Roy, Michael Carbin. Linear Mode Connectivity and the Lottery Ticket Hypothesis. ICML 2020",
  .url = "https://arxiv.org/abs/1912.05671",
};
