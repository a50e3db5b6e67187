/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-pruning"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dt-data.h"
#include "dt-error.h"
#include "dt-estimate.h"
#include "dt-lock.h"
#include "dt-parallel.h"
#include "dt-pruning-private.h"
#include "dt-subset-sum.h"

/*
 * The strong lottery ticket, mode=strong of the pruning experiment
 * (Malach et al., ICML 2020): a target network F (width w,
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
 */

/* The largest random network N of mode=strong, in weights. */
#define MAX_NET_WEIGHTS (8u << 20)

/* Candidates per weight and sign that the subset-sum search uses. */
#define MAX_CANDIDATES  24

/* Adam for the edge-popup scores. */
#define ADAM_BETA1      0.9
#define ADAM_BETA2      0.999
#define ADAM_EPS        1e-8

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

  if (!dt_pruning_check_mask_layer (params, 2 * depth, what, error))
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

/* ---- the run -------------------------------------------------------------- */

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
      dt_pruning_set_mask_plot (record, widest->net, widest->mask, l, title);
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

  dt_pruning_add_density_plot (record, 2 * depth, _("overparameterisation W/w"), DT_SCALE_LINEAR);

  if (l < 2 * depth)
    {
      guint wide = (guint) largest * width;
      guint rows = l + 1 == 2 * depth ? 1 : wide;
      guint cols = l == 0 ? input_dim : wide;

      dt_pruning_add_empty_mask_plot (record, rows, cols, _("Mask of a layer of N"));
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

const DtPruningMode dt_pruning_strong = {
  .check = strong_check,
  .estimate = strong_estimate,
  .prepare = strong_prepare,
  .run = strong_run,
};
