/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-pruning"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dt-data.h"
#include "dt-error.h"
#include "dt-experiment-data.h"
#include "dt-estimate.h"
#include "dt-parallel.h"
#include "dt-pruning-private.h"
#include "dt-train.h"

/*
 * Iterative magnitude pruning with rewinding, mode=imp of the pruning
 * experiment (Frankle et al. 2019, 2020): a dense MLP is trained on the data
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

/* Train accuracy is measured on at most this many training points. */
#define TRAIN_EVAL_MAX  2000

/* ---- before the run: constraints and cost -------------------------------- */

static gboolean
imp_check (const DtParams  *params,
           GError         **error)
{
  guint n_hidden;

  dt_params_get_list (params, "hidden", &n_hidden);
  if (!dt_estimate_check_before_end (params, "rewind", error) ||
      !dt_estimate_check_batch (params, error))
    return FALSE;
  if (!dt_pruning_check_mask_layer (params, n_hidden + 1, _("the network"), error))
    return FALSE;
  return dt_estimate_check_sizes (params, error);
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

/* ---- the run -------------------------------------------------------------- */

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

    dt_pruning_set_mask_plot (record, shape, imp->masks[0], l, title);
  }

  json_array_add_element (imp->rounds, imp_round_summary (imp, fraction));
  dt_record_set_extra (record, "imp", imp_summary (imp));
}

static void
imp_synthetic_data (const DtParams  *params,
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
imp_load_data (Imp     *imp,
               GError **error)
{
  if (!dt_experiment_load_data (imp->run->params, imp->run->seed, 1, imp_synthetic_data,
                                &imp->train, &imp->test, imp->run->cancellable, error))
    return FALSE;

  /* the training set is in random order already: its head is a fair sample */
  imp->train_eval = dt_experiment_data_head (imp->train, TRAIN_EVAL_MAX);
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

  dt_pruning_add_density_plot (record, n_hidden + 1, _("fraction of weights remaining"), DT_SCALE_LOG);

  /* the widths of other data sets are known once they are loaded */
  if (l <= n_hidden && g_str_equal (dt_params_get_string (params, "dataset"), "synthetic"))
    {
      guint rows = l < n_hidden ? (guint) hidden[l] : SYNTH_CLASSES;
      guint cols = l == 0 ? SYNTH_DIM : (guint) hidden[l - 1];

      dt_pruning_add_empty_mask_plot (record, rows, cols, _("Mask of a layer"));
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

const DtPruningMode dt_pruning_imp = {
  .check = imp_check,
  .estimate = imp_estimate,
  .prepare = imp_prepare,
  .run = imp_run,
};
