/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-ntk"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dt-blas.h"
#include "dt-common-params.h"
#include "dt-lock.h"
#include "dt-data.h"
#include "dt-error.h"
#include "dt-experiment-data.h"
#include "dt-estimate.h"
#include "dt-ntk-net.h"
#include "dt-ntk.h"
#include "dt-parallel.h"
#include "dt-record.h"

/*
 * Dynamics of the neural tangent kernel (Huang & Yau, ICML 2020).
 *
 * Networks x⁽ˡ⁾ = σ(W⁽ˡ⁾x⁽ˡ⁻¹⁾)/√m, f = aᵀx⁽ᴴ⁾ of several widths m are
 * trained by gradient flow on L = (1/2n) Σ (f(xᵢ) − yᵢ)², integrated by RK4
 * on θ. At every logged time the empirical kernel K²ₜ = J Jᵀ gives the drift
 * ‖K²ₜ − K²₀‖/‖K²₀‖. For every width the hierarchy truncated at order p
 * (K^(p) frozen at t = 0; K³ and K⁴ by central differences of K²) is
 * integrated by RK4 with the very same steps, and its outputs are compared
 * with the network's. The plots show the widest network's gaps against
 * time with the bound (t/√m)^p·min(t, n), and every width's gap at the
 * middle logged time. Separately, the kernel of one hidden ReLU layer at
 * initialisation is compared with its closed-form infinite-width limit.
 *
 * Data: n points uniform on the unit sphere of R^d with targets from a fixed
 * random teacher Σᵣ bᵣ tanh(2 wᵣ·x), scaled to unit RMS on the training set;
 * or an image set, average-pooled, standardised, each input scaled to unit
 * norm, with target +1 for an even class and −1 for an odd one. n_test
 * further points measure the widest network's test error along training.
 */

#define TEACHER_UNITS 8

/* Streams of the run's seed. */
enum
{
  STREAM_DATA = 1,
  STREAM_TEACHER = 2,
  STREAM_NET = 1000,            /* + width: each width's network */
  STREAM_FLUCTUATION = 1000000, /* + width·1000 + draw */
};

static const char * const activation_choices[] = { "tanh", "softplus", "erf", "relu", NULL };

static const DtParamSpec ntk_params[] = {
  DT_PARAM_SEED_SPEC,
  DT_PARAM_DATASET_SPEC (N_("“synthetic” (points on the unit sphere, targets from a random teacher), “fashion-mnist”, or the path of an IDX images file with its labels file beside it (target ±1 by the parity of the class)")),
  DT_PARAM_N_TRAIN_SPEC (N_("Number n of training points (K⁴ has n⁴ entries)"),
                         2, 64, 16),
  DT_PARAM_N_TEST_SPEC (N_("Fresh points on which the widest network's test error is followed during training"),
                        1, 10000, 200, .log_scale = TRUE),
  DT_PARAM_THREADS_SPEC (N_("Worker threads: the widths are trained in parallel; the result does not depend on it")),
  { "widths", N_("Widths"), N_("Hidden widths m, comma-separated or min:max:count on a log grid"),
    DT_PARAM_INT_LIST, 4, 4096, .def_str = "64,128,256,512,1024,2048" },
  { "depth", N_("Depth"), N_("Number H of hidden layers"),
    DT_PARAM_INT, 1, 3, 1 },
  { "activation", N_("Activation"),
    N_("The activation σ; ReLU is not smooth, so only the order p = 2 is available with it"),
    DT_PARAM_CHOICE, .def_str = "tanh", .choices = activation_choices },
  { "t_max", N_("Training time"), N_("Time t of gradient flow at the end of training"),
    DT_PARAM_DOUBLE, 0.01, 10000, 100, .log_scale = TRUE, .digits = 2 },
  { "orders", N_("Truncation orders"), N_("Orders p of the truncated hierarchy, among 2, 3 and 4"),
    DT_PARAM_INT_LIST, 2, 4, .def_str = "2,3,4" },
  { "t_min", N_("First logged time"), N_("The earliest time logged; the others follow geometrically up to the training time"),
    DT_PARAM_DOUBLE, 1e-3, 100, 0.1, .log_scale = TRUE, .digits = 3 },
  { "t_points", N_("Logged times"), N_("Number of logged times on the geometric grid"),
    DT_PARAM_INT, 2, 200, 21 },
  { "step", N_("Time step"), N_("Largest RK4 step of both the network's gradient flow and the hierarchy"),
    DT_PARAM_DOUBLE, 1e-3, 0.05, 0.05, .log_scale = TRUE, .digits = 3 },
  { "input_dim", N_("Input dimension"), N_("Dimension d of the synthetic inputs"),
    DT_PARAM_INT, 2, 256, 8 },
  { "init_seeds", N_("Initialisations"), N_("Initialisations averaged at each width for the fluctuation of the initial kernel"),
    DT_PARAM_INT, 1, 200, 10 },
  { "fd_step", N_("Difference step"), N_("Central-difference step for K³ and K⁴, in units of flow time"),
    DT_PARAM_DOUBLE, 1e-6, 0.1, 1e-3, .log_scale = TRUE, .digits = 6 },
  { "downsample", N_("Down-sampling"), N_("Average-pool image inputs by this factor (4: 28×28 → 7×7)"),
    DT_PARAM_INT, 1, 7, 4 },
};

typedef struct
{
  double  drift_end;     /* drift at t_max */
  double  gap_mid[5];    /* RMS gap at the middle time, by order */
  double  train_rms;     /* at t_max */
  double  k3_norm;       /* Frobenius norms at t = 0 */
  double  k4_norm;
  gboolean trained;
  gboolean gaps_done;
} WidthResult;

typedef struct
{
  const DtParams  *params;
  DtRecord        *record;
  DtProgressFunc   progress;
  gpointer         progress_data;
  GCancellable    *cancellable;
  guint64          seed;
  guint            n_threads;

  /* data, row-major doubles */
  guint            n;
  guint            n_test;
  guint            d;
  double          *x;
  double          *y;
  double          *x_test;
  double          *y_test;

  /* the experiment */
  guint            depth;
  DtNtkActivation  activation;
  GArray          *widths;       /* guint64, ascending */
  GArray          *orders;       /* guint64, ascending */
  gboolean         need_k3;
  gboolean         need_k4;
  double          *times;
  guint            n_times;
  guint            mid;
  double           step;
  double           fd_step;

  /* results, guarded by lock */
  GMutex           lock;
  WidthResult     *results;
  GError         **errors;
  double          *k2_initial;   /* widest network */
  double          *k2_final;
  double           test_rms_end;
  double           work_done;
  double           work_total;
} Run;

/* ---- parameters --------------------------------------------------------- */

static guint
widest (const DtParams *params)
{
  g_autoptr(GArray) widths = dt_params_dup_sorted_list (params, "widths");

  return widths->len ? (guint) g_array_index (widths, guint64, widths->len - 1) : 0;
}

/* The logged times: t_points values from t_min to t_max, geometrically. */
static double *
log_times (const DtParams *params,
           guint          *n_times)
{
  double t_min = dt_params_get_double (params, "t_min");
  double t_max = dt_params_get_double (params, "t_max");
  guint n = dt_params_get_int (params, "t_points");
  double *times = g_new (double, n);

  for (guint q = 0; q < n; q++)
    times[q] = t_min * pow (t_max / t_min, (double) q / (n - 1));
  times[n - 1] = t_max;
  *n_times = n;
  return times;
}

static double
middle_time (const DtParams *params)
{
  guint n;
  g_autofree double *times = log_times (params, &n);

  return times[(n - 1) / 2];
}

/* "−0.97": a slope with a real minus sign. */
static char *
format_signed (double value)
{
  return g_strdup_printf ("%s%.2f", value < 0 ? "−" : "", fabs (value));
}

/**
 * dt_ntk_log_log_slope:
 * @x: (array length=n): abscissae
 * @y: (array length=n): ordinates
 * @n: number of points
 *
 * The least-squares slope of log y against log x, over the points where
 * both are positive and finite.
 *
 * Returns: the slope, or NAN with fewer than two usable points
 */
double
dt_ntk_log_log_slope (const double *x,
                      const double *y,
                      guint         n)
{
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  guint k = 0;

  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NAN);

  for (guint i = 0; i < n; i++)
    if (x[i] > 0 && y[i] > 0 && isfinite (x[i]) && isfinite (y[i]))
      {
        double lx = log (x[i]), ly = log (y[i]);

        sx += lx;
        sy += ly;
        sxx += lx * lx;
        sxy += lx * ly;
        k++;
      }
  if (k < 2 || sxx * k - sx * sx <= 0)
    return NAN;
  return (k * sxy - sx * sy) / (k * sxx - sx * sx);
}

/* ---- the plots -------------------------------------------------------------- */

static char *
order_id (const char *prefix,
          guint       p)
{
  return g_strdup_printf ("%s/p=%u", prefix, p);
}

static void
ntk_prepare (const DtParams *params,
             DtRecord       *record)
{
  g_autoptr(GArray) widths = dt_params_dup_sorted_list (params, "widths");
  g_autoptr(GArray) orders = dt_params_dup_sorted_list (params, "orders");
  g_autofree char *gap_title = g_strdup_printf (_("Network vs truncated hierarchy (m = %u)"),
                                                widest (params));
  g_autofree char *gvw_title = g_strdup_printf (_("Gap at t = %.3g vs width"), middle_time (params));
  g_autofree char *drift_label = g_strdup_printf (_("drift at t = %g"),
                                                  dt_params_get_double (params, "t_max"));
  g_autofree char *train_title = g_strdup_printf (_("Training (m = %u)"), widest (params));
  DtPlotSpec *spec;

  spec = dt_plot_spec_new ("drift", _("Kernel drift ‖K²ₜ − K²₀‖ / ‖K²₀‖"),
                           _("time t"), DT_SCALE_LOG, _("relative drift"), DT_SCALE_LOG);
  for (guint i = 0; i < widths->len; i++)
    {
      guint m = (guint) g_array_index (widths, guint64, i);
      g_autofree char *id = g_strdup_printf ("drift/m=%u", m);
      g_autofree char *label = g_strdup_printf ("m = %u", m);

      dt_record_add_plot_series (record, spec, id, label, DT_STYLE_LINE);
    }
  dt_record_add_plot (record, spec);

  spec = dt_plot_spec_new ("gap", gap_title, _("time t"), DT_SCALE_LOG,
                           _("RMS gap  f(x, θₜ) − f̃ₚ(x, t)"), DT_SCALE_LOG);
  for (guint i = 0; i < orders->len; i++)
    {
      guint p = (guint) g_array_index (orders, guint64, i);
      g_autofree char *id = order_id ("gap", p);
      g_autofree char *label = g_strdup_printf ("p = %u", p);

      dt_record_add_plot_series (record, spec, id, label, DT_STYLE_LINE);
    }
  for (guint i = 0; i < orders->len; i++)
    {
      guint p = (guint) g_array_index (orders, guint64, i);
      g_autofree char *id = order_id ("bound", p);
      static const char *power[] = { "", "", "²", "³", "⁴" };
      g_autofree char *label = g_strdup_printf (_("bound (t/√m)%s·min(t, n)"), power[p]);

      dt_record_add_plot_series (record, spec, id, label, DT_STYLE_DASHED);
    }
  dt_record_add_plot (record, spec);

  spec = dt_plot_spec_new ("drift_vs_width", _("Kernel change vs width"),
                           _("width m"), DT_SCALE_LOG, _("relative change of K²"), DT_SCALE_LOG);
  dt_record_add_plot_series (record, spec, "drift_vs_width", drift_label, DT_STYLE_LINE);
  dt_record_add_plot_series (record, spec, "fluctuation_vs_width",
                             _("‖K²₀ − K∞‖/‖K∞‖, one ReLU layer"), DT_STYLE_LINE);
  dt_record_add_plot (record, spec);

  spec = dt_plot_spec_new ("gap_vs_width", gvw_title, _("width m"), DT_SCALE_LOG,
                           _("RMS gap"), DT_SCALE_LOG);
  for (guint i = 0; i < orders->len; i++)
    {
      guint p = (guint) g_array_index (orders, guint64, i);
      g_autofree char *id = order_id ("gap_vs_width", p);
      g_autofree char *label = g_strdup_printf ("p = %u", p);

      dt_record_add_plot_series (record, spec, id, label, DT_STYLE_LINE);
    }
  dt_record_add_plot (record, spec);

  spec = dt_plot_spec_new ("training", train_title, _("time t"), DT_SCALE_LOG,
                           _("RMS error"), DT_SCALE_LOG);
  dt_record_add_plot_series (record, spec, "train_rms", _("train"), DT_STYLE_LINE);
  dt_record_add_plot_series (record, spec, "test_rms", _("test"), DT_STYLE_LINE);
  dt_record_add_plot (record, spec);
}

/* ---- progress ------------------------------------------------------------- */

/* Cost of one kernel or gradient evaluation at width m, in arbitrary units. */
static double
eval_cost (Run   *run,
           guint  m)
{
  return (double) run->n * m * (run->d + (double) (run->depth - 1) * m + 4);
}

static void
add_work (Run        *run,
          double      amount,
          const char *message)
{
  double fraction;

  dt_mutex_lock (&run->lock);
  run->work_done += amount;
  fraction = run->work_total > 0 ? run->work_done / run->work_total : 0;
  dt_mutex_unlock (&run->lock);
  if (run->progress)
    run->progress (CLAMP (fraction, 0.0, 1.0), message, run->progress_data);
}

/* ---- data ---------------------------------------------------------------- */

static void
synthetic_data (Run *run)
{
  guint d = run->d, total = run->n + run->n_test;
  g_autofree double *x = g_new (double, (gsize) total * d);
  g_autofree double *y = g_new (double, total);
  double w[TEACHER_UNITS][256], b[TEACHER_UNITS], ss = 0, scale;
  DtRng rng;

  dt_rng_init (&rng, run->seed, STREAM_DATA);
  for (guint i = 0; i < total; i++)
    {
      double *row = x + (gsize) i * d, norm = 0;

      for (guint e = 0; e < d; e++)
        {
          row[e] = dt_rng_normal (&rng);
          norm += row[e] * row[e];
        }
      norm = sqrt (norm);
      for (guint e = 0; e < d; e++)
        row[e] /= norm;
    }

  dt_rng_init (&rng, run->seed, STREAM_TEACHER);
  for (guint r = 0; r < TEACHER_UNITS; r++)
    {
      for (guint e = 0; e < d; e++)
        w[r][e] = dt_rng_normal (&rng);
      b[r] = dt_rng_normal (&rng);
    }
  for (guint i = 0; i < total; i++)
    {
      double v = 0;

      for (guint r = 0; r < TEACHER_UNITS; r++)
        {
          double z = 0;

          for (guint e = 0; e < d; e++)
            z += w[r][e] * x[(gsize) i * d + e];
          v += b[r] * tanh (2 * z);
        }
      y[i] = v;
      if (i < run->n)
        ss += v * v;
    }
  scale = ss > 0 ? 1.0 / sqrt (ss / run->n) : 1.0;
  for (guint i = 0; i < total; i++)
    y[i] *= scale;

  run->x = g_memdup2 (x, (gsize) run->n * d * sizeof (double));
  run->y = g_memdup2 (y, run->n * sizeof (double));
  run->x_test = g_memdup2 (x + (gsize) run->n * d, (gsize) run->n_test * d * sizeof (double));
  run->y_test = g_memdup2 (y + run->n, run->n_test * sizeof (double));
}

static void
image_arrays (const DtDataset  *data,
              double          **x,
              double          **y)
{
  *x = g_new (double, (gsize) data->n * data->d);
  *y = g_new (double, data->n);
  for (gsize e = 0; e < (gsize) data->n * data->d; e++)
    (*x)[e] = data->x[e];
  for (guint i = 0; i < data->n; i++)
    (*y)[i] = data->labels != NULL && data->labels[i] % 2 == 1 ? -1.0 : 1.0;
}

static gboolean
load_data (Run     *run,
           GError **error)
{
  const char *name = dt_params_get_string (run->params, "dataset");
  guint factor = dt_params_get_int (run->params, "downsample");
  g_autoptr(DtDataset) train = NULL;
  g_autoptr(DtDataset) test = NULL;

  run->n = dt_params_get_int (run->params, "n_train");
  run->n_test = dt_params_get_int (run->params, "n_test");

  if (g_str_equal (name, "synthetic"))
    {
      run->d = dt_params_get_int (run->params, "input_dim");
      synthetic_data (run);
      return TRUE;
    }

  /* centred pixels, then unit-norm inputs as the parameterisation assumes */
  if (!dt_experiment_load_data (run->params, run->seed, factor, NULL, &train, &test,
                                run->cancellable, error))
    return FALSE;
  if (train->task != DT_TASK_CLASSIFICATION)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                   _("%s: the ntk experiment needs class labels (its targets are ±1 by class parity)"),
                   name);
      return FALSE;
    }
  dt_dataset_normalize_rows (train);
  dt_dataset_normalize_rows (test);

  run->n = train->n;
  run->n_test = test->n;
  run->d = train->d;
  image_arrays (train, &run->x, &run->y);
  image_arrays (test, &run->x_test, &run->y_test);
  return TRUE;
}

/* ---- one width ----------------------------------------------------------- */

static double
frobenius_distance (const double *a,
                    const double *b,
                    gsize         size)
{
  double s = 0;

  for (gsize e = 0; e < size; e++)
    {
      double d = a[e] - (b ? b[e] : 0.0);
      s += d * d;
    }
  return sqrt (s);
}

static double
rms_error (const double *f,
           const double *y,
           guint         n)
{
  double s = 0;

  for (guint i = 0; i < n; i++)
    s += (f[i] - y[i]) * (f[i] - y[i]);
  return sqrt (s / n);
}

/* Sets @series to (m, value) over the widths done so far, ascending in m.
 * Called with the lock held. */
static void
publish_vs_width (Run        *run,
                  const char *series,
                  gsize       offset,
                  gboolean    gaps)
{
  g_autofree double *xs = g_new (double, run->widths->len);
  g_autofree double *ys = g_new (double, run->widths->len);
  guint k = 0;

  for (guint i = 0; i < run->widths->len; i++)
    {
      WidthResult *r = &run->results[i];

      if (gaps ? !r->gaps_done : !r->trained)
        continue;
      xs[k] = (guint) g_array_index (run->widths, guint64, i);
      ys[k] = G_STRUCT_MEMBER (double, r, offset);
      k++;
    }
  dt_record_set_points (run->record, series, xs, ys, NULL, k);
}

typedef struct
{
  Run    *run;
  guint   m;
  double  evals_per_job;   /* kernel evaluations behind one progress call */
} FdProgress;

static void
fd_progress (guint    done,
             guint    total,
             gpointer data)
{
  FdProgress *fp = data;
  g_autofree char *msg = g_strdup_printf (_("Higher kernels of m = %u (%u of %u)"), fp->m, done, total);

  add_work (fp->run, eval_cost (fp->run, fp->m) * fp->evals_per_job, msg);
}

/* Trains width @index, logging drift (and, for the widest, the fit), then
 * compares it with the truncated hierarchies. */
static gboolean
width_run (Run     *run,
           guint    index,
           GError **error)
{
  guint m = (guint) g_array_index (run->widths, guint64, index);
  gboolean is_widest = index == run->widths->len - 1;
  guint n = run->n;
  gsize nn = (gsize) n * n;
  g_autoptr(DtNtkNet) net = dt_ntk_net_new (run->d, m, run->depth, run->activation);
  g_autoptr(DtNtkNet) net0 = NULL;
  g_autoptr(DtNtkWork) work = NULL;
  g_autoptr(DtNtkWork) test_work = NULL;
  g_autoptr(DtNtkFlow) flow = NULL;
  g_autofree double *k2_0 = g_new (double, nn);
  g_autofree double *k2_t = g_new (double, nn);
  g_autofree double *f0 = g_new (double, n);
  g_autofree double *f_net = g_new (double, (gsize) run->n_times * n);
  g_autofree double *f_hier = g_new (double, (gsize) run->n_times * n);
  g_autofree double *f_test = g_new (double, run->n_test);
  g_autofree double *k3 = NULL;
  g_autofree double *k4 = NULL;
  g_autofree char *drift_id = g_strdup_printf ("drift/m=%u", m);
  g_autofree char *train_msg = g_strdup_printf (_("Training m = %u"), m);
  WidthResult *result = &run->results[index];
  double norm0, t = 0, cost = eval_cost (run, m);
  FdProgress fp = { run, m, 0 };
  DtRng rng;

  dt_rng_init (&rng, run->seed, STREAM_NET + m);
  dt_ntk_net_init (net, &rng);
  net0 = dt_ntk_net_copy (net);
  work = dt_ntk_work_new (net, n);
  if (is_widest)
    test_work = dt_ntk_work_new (net, run->n_test);

  dt_ntk_net_kernel (net, work, run->x, n, f0, k2_0);
  norm0 = frobenius_distance (k2_0, NULL, nn);

  /* gradient flow, logged */
  flow = dt_ntk_flow_new (net, run->x, run->y, n);
  for (guint q = 0; q < run->n_times; q++)
    {
      double span = run->times[q] - t;

      if (!dt_ntk_flow_advance (flow, span, run->step, run->cancellable, error))
        return FALSE;
      t = run->times[q];
      dt_ntk_net_kernel (net, work, run->x, n, f_net + (gsize) q * n, k2_t);
      dt_record_append_point (run->record, drift_id, t,
                              frobenius_distance (k2_t, k2_0, nn) / norm0, NAN);
      if (is_widest)
        {
          dt_ntk_net_forward (net, test_work, run->x_test, run->n_test, f_test);
          dt_record_append_point (run->record, "train_rms", t,
                                  rms_error (f_net + (gsize) q * n, run->y, n), NAN);
          dt_record_append_point (run->record, "test_rms", t,
                                  rms_error (f_test, run->y_test, run->n_test), NAN);
        }
      add_work (run, cost * (4.0 * dt_ntk_flow_n_steps (span, run->step) + 1), train_msg);
    }

  dt_mutex_lock (&run->lock);
  result->drift_end = frobenius_distance (k2_t, k2_0, nn) / norm0;
  result->train_rms = rms_error (f_net + (gsize) (run->n_times - 1) * n, run->y, n);
  result->trained = TRUE;
  if (is_widest)
    {
      run->k2_initial = g_memdup2 (k2_0, nn * sizeof (double));
      run->k2_final = g_memdup2 (k2_t, nn * sizeof (double));
      run->test_rms_end = rms_error (f_test, run->y_test, run->n_test);
    }
  publish_vs_width (run, "drift_vs_width", G_STRUCT_OFFSET (WidthResult, drift_end), FALSE);
  dt_mutex_unlock (&run->lock);

  /* the higher kernels at initialisation */
  if (run->need_k3)
    {
      k3 = g_new (double, nn * n);
      fp.evals_per_job = 2;
      if (!dt_ntk_kernel3 (net0, run->x, n, run->fd_step, 1, k3, fd_progress, &fp,
                           run->cancellable, error))
        return FALSE;
      result->k3_norm = frobenius_distance (k3, NULL, nn * n);
    }
  if (run->need_k4)
    {
      k4 = g_new (double, nn * nn);
      fp.evals_per_job = 4.0 * n + 1;
      if (!dt_ntk_kernel4 (net0, run->x, n, run->fd_step, run->fd_step, 1, k4, fd_progress, &fp,
                           run->cancellable, error))
        return FALSE;
      result->k4_norm = frobenius_distance (k4, NULL, nn * nn);
    }

  /* the truncated hierarchies, integrated with the network's steps */
  for (guint o = 0; o < run->orders->len; o++)
    {
      guint p = (guint) g_array_index (run->orders, guint64, o);
      g_autofree double *gaps = g_new (double, run->n_times);

      if (!dt_ntk_hierarchy_solve (p, n, k2_0, k3, k4, f0, run->y, run->times, run->n_times,
                                   run->step, f_hier, run->cancellable, error))
        return FALSE;
      for (guint q = 0; q < run->n_times; q++)
        gaps[q] = rms_error (f_net + (gsize) q * n, f_hier + (gsize) q * n, n);
      result->gap_mid[p] = gaps[run->mid];
      if (is_widest)
        {
          g_autofree char *id = order_id ("gap", p);

          dt_record_set_points (run->record, id, run->times, gaps, NULL, run->n_times);
        }
    }

  dt_mutex_lock (&run->lock);
  result->gaps_done = TRUE;
  for (guint o = 0; o < run->orders->len; o++)
    {
      guint p = (guint) g_array_index (run->orders, guint64, o);
      g_autofree char *id = order_id ("gap_vs_width", p);

      publish_vs_width (run, id, G_STRUCT_OFFSET (WidthResult, gap_mid) + p * sizeof (double), TRUE);
    }
  dt_mutex_unlock (&run->lock);
  return TRUE;
}

static void
width_job (guint    job,
           gpointer data)
{
  Run *run = data;
  /* widest first: it takes longest and feeds most plots */
  guint index = run->widths->len - 1 - job;

  if (dt_check_cancelled (run->cancellable, &run->errors[index]))
    return;
  width_run (run, index, &run->errors[index]);
}

/* ---- fluctuation at initialisation ---------------------------------------- */

static gboolean
fluctuation (Run     *run,
             double  *slope,
             GError **error)
{
  guint draws = dt_params_get_int (run->params, "init_seeds");
  guint n = run->n, n_widths = run->widths->len;
  gsize nn = (gsize) n * n;
  g_autofree double *k_inf = g_new (double, nn);
  g_autofree double *k0 = g_new (double, nn);
  g_autofree double *xs = g_new (double, n_widths);
  g_autofree double *ys = g_new (double, n_widths);
  g_autofree double *es = g_new (double, n_widths);
  double norm_inf;

  dt_ntk_relu_kernel_infinite (run->x, n, run->d, k_inf);
  norm_inf = frobenius_distance (k_inf, NULL, nn);

  for (guint i = 0; i < n_widths; i++)
    {
      guint m = (guint) g_array_index (run->widths, guint64, i);
      g_autoptr(DtNtkNet) net = dt_ntk_net_new (run->d, m, 1, DT_NTK_RELU);
      g_autoptr(DtNtkWork) work = dt_ntk_work_new (net, n);
      double sum = 0, sum2 = 0;

      if (dt_check_cancelled (run->cancellable, error))
        return FALSE;
      for (guint s = 0; s < draws; s++)
        {
          DtRng rng;
          double v;

          dt_rng_init (&rng, run->seed, STREAM_FLUCTUATION + (guint64) m * 1000 + s);
          dt_ntk_net_init (net, &rng);
          dt_ntk_net_kernel (net, work, run->x, n, NULL, k0);
          v = frobenius_distance (k0, k_inf, nn) / norm_inf;
          sum += v;
          sum2 += v * v;
        }
      xs[i] = m;
      ys[i] = sum / draws;
      es[i] = draws > 1 ? sqrt (MAX (0.0, sum2 / draws - ys[i] * ys[i]) / (draws - 1)) : 0.0;
    }
  dt_record_set_points (run->record, "fluctuation_vs_width", xs, ys, es, n_widths);
  *slope = dt_ntk_log_log_slope (xs, ys, n_widths);
  return TRUE;
}

/* ---- extras ------------------------------------------------------------------ */

static void
add_matrix (JsonBuilder  *b,
            const char   *name,
            const double *a,
            guint         rows,
            guint         cols)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < rows; i++)
    {
      json_builder_begin_array (b);
      for (guint j = 0; j < cols; j++)
        json_builder_add_double_value (b, a[(gsize) i * cols + j]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
}

static void
add_number (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
set_extras (Run    *run,
            double  drift_slope,
            double  fluct_slope,
            double *gap_slopes)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint m_max = (guint) g_array_index (run->widths, guint64, run->widths->len - 1);

  json_builder_begin_object (b);
  add_matrix (b, "inputs", run->x, run->n, run->d);
  json_builder_set_member_name (b, "targets");
  json_builder_begin_array (b);
  for (guint i = 0; i < run->n; i++)
    json_builder_add_double_value (b, run->y[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "kernel_width");
  json_builder_add_int_value (b, m_max);
  if (run->k2_initial)
    add_matrix (b, "k2_initial", run->k2_initial, run->n, run->n);
  if (run->k2_final)
    add_matrix (b, "k2_final", run->k2_final, run->n, run->n);
  add_number (b, "t_mid", run->times[run->mid]);
  add_number (b, "test_rms_end", run->test_rms_end);

  json_builder_set_member_name (b, "slopes");
  json_builder_begin_object (b);
  add_number (b, "drift", drift_slope);
  add_number (b, "fluctuation", fluct_slope);
  for (guint o = 0; o < run->orders->len; o++)
    {
      guint p = (guint) g_array_index (run->orders, guint64, o);
      g_autofree char *name = g_strdup_printf ("gap_p%u", p);

      add_number (b, name, gap_slopes[p]);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "widths");
  json_builder_begin_array (b);
  for (guint i = 0; i < run->widths->len; i++)
    {
      WidthResult *r = &run->results[i];

      if (!r->trained)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "m");
      json_builder_add_int_value (b, (guint) g_array_index (run->widths, guint64, i));
      add_number (b, "drift_end", r->drift_end);
      add_number (b, "train_rms_end", r->train_rms);
      if (r->gaps_done)
        {
          add_number (b, "k3_norm", run->need_k3 ? r->k3_norm : NAN);
          add_number (b, "k4_norm", run->need_k4 ? r->k4_norm : NAN);
          for (guint o = 0; o < run->orders->len; o++)
            {
              guint p = (guint) g_array_index (run->orders, guint64, o);
              g_autofree char *name = g_strdup_printf ("gap_mid_p%u", p);

              add_number (b, name, r->gap_mid[p]);
            }
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  /* the record takes the members one by one, so a reader finds them by name */
  {
    g_autoptr(JsonNode) root = json_builder_get_root (b);
    JsonObject *object = json_node_get_object (root);
    g_autoptr(GList) members = json_object_get_members (object);

    for (GList *l = members; l != NULL; l = l->next)
      dt_record_set_extra (run->record, l->data,
                           json_node_copy (json_object_get_member (object, l->data)));
  }
}

static char *
range_text (Run *run)
{
  return g_strdup_printf ("m = %u…%u", (guint) g_array_index (run->widths, guint64, 0),
                          (guint) g_array_index (run->widths, guint64, run->widths->len - 1));
}

static void
add_notes (Run    *run,
           double  drift_slope,
           double  fluct_slope,
           double *gap_slopes)
{
  g_autofree char *range = range_text (run);

  if (isfinite (drift_slope))
    {
      g_autofree char *s = format_signed (drift_slope);
      g_autofree char *note = g_strdup_printf (_("drift: slope %s (fit over %s)"), s, range);
      const char *side = fabs (drift_slope + 1.0) < fabs (drift_slope + 0.5)
        ? _("nearer −1 (Dyer & Gur-Ari) than −½ (Lee et al.)")
        : _("nearer −½ (Lee et al.) than −1 (Dyer & Gur-Ari)");

      dt_record_add_plot_note (run->record, "drift_vs_width", note);
      dt_record_add_plot_note (run->record, "drift_vs_width", side);
    }
  if (isfinite (fluct_slope))
    {
      g_autofree char *s = format_signed (fluct_slope);
      g_autofree char *note = g_strdup_printf (_("fluctuation: slope %s (fit over %s)"), s, range);

      dt_record_add_plot_note (run->record, "drift_vs_width", note);
    }
  for (guint o = 0; o < run->orders->len; o++)
    {
      guint p = (guint) g_array_index (run->orders, guint64, o);

      if (isfinite (gap_slopes[p]))
        {
          g_autofree char *s = format_signed (gap_slopes[p]);
          g_autofree char *note = g_strdup_printf (_("p = %u: slope %s"), p, s);

          dt_record_add_plot_note (run->record, "gap_vs_width", note);
        }
    }
}

/* ---- the run ------------------------------------------------------------------ */

/* ---- before the run: constraints and cost -------------------------------- */

static guint
highest_order (const DtParams *params)
{
  g_autoptr(GArray) orders = dt_params_dup_sorted_list (params, "orders");

  return orders->len ? (guint) g_array_index (orders, guint64, orders->len - 1) : 2;
}

static gboolean
ntk_check (const DtParams  *params,
           GError         **error)
{
  double t_min = dt_params_get_double (params, "t_min");
  double t_max = dt_params_get_double (params, "t_max");
  DtNtkActivation activation;

  if (!dt_ntk_activation_from_string (dt_params_get_string (params, "activation"), &activation))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM, _("Unknown activation “%s”"),
                   dt_params_get_string (params, "activation"));
      return FALSE;
    }
  if (!dt_ntk_activation_is_smooth (activation) && highest_order (params) >= 3)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   _("The orders 3 and 4 need the second and third derivatives of the activation, which ReLU does not have: set “orders” to 2 or choose tanh, softplus or erf"));
      return FALSE;
    }
  if (t_min >= t_max)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   _("The first logged time “t_min” (%g) must be below the training time “t_max” (%g)"),
                   t_min, t_max);
      return FALSE;
    }
  return dt_estimate_check_sizes (params, error);
}

/* Bytes of a DtNtkWork for @n points at width @m and depth @depth; its
 * n × n Gram buffers only when @grams (the test set's are never written,
 * so they take address space but no memory). */
static double
ntk_work_bytes (guint    n,
                guint    m,
                guint    depth,
                gboolean grams)
{
  double nm = (double) MAX (n, 1) * m;

  return ((3.0 * depth + 1) * nm + (grams ? 2.0 * n * n : 0) + n) * sizeof (double);
}

/* What the job of width @m holds at its peak: the network, its copy at
 * t = 0 and the gradient flow throughout, then the largest of the phases
 * computing K³, K⁴ (nested differences, each with shifted networks) and
 * the truncated hierarchies. */
static void
width_cost (const DtParams *params,
            guint           m,
            guint           d,
            gboolean        widest,
            DtCost         *cost)
{
  guint n = dt_params_get_int (params, "n_train");
  guint n_test = dt_params_get_int (params, "n_test");
  guint depth = dt_params_get_int (params, "depth");
  guint order = highest_order (params);
  double p = ((double) m * d + (depth - 1.0) * m * m + m) * sizeof (double);
  double work = ntk_work_bytes (n, m, depth, TRUE);
  double n2 = (double) n * n * sizeof (double), n3 = n2 * n, n4 = n3 * n;
  DtCost k3 = { 0, }, k4 = { 0, }, hierarchy = { 0, }, higher = { 0, };

  dt_cost_add (cost, "widths", 5.0 * p + 2.0 * work);
  dt_cost_add (cost, "n_train", 2.0 * n2 + (2.0 * dt_params_get_int (params, "t_points") + 1) * n * sizeof (double));
  dt_cost_add (cost, "n_test", (double) n_test * sizeof (double));
  if (widest)
    dt_cost_add (cost, "n_test", ntk_work_bytes (n_test, m, depth, FALSE));

  if (order >= 3)
    {
      dt_cost_add (&k3, "widths", 2.0 * p + 2.0 * work);
      dt_cost_add (&k3, "n_train", n3 + 3.0 * n2);
    }
  if (order >= 4)
    {
      dt_cost_add (&k4, "widths", 3.0 * p + 3.0 * work);
      dt_cost_add (&k4, "n_train", 4.0 * n3 + n4 + 4.0 * n2);
    }
  dt_cost_add (&hierarchy, "n_train", (order >= 3 ? n3 : 0) + (order >= 4 ? n4 : 0) +
               4.0 * (n * sizeof (double) + (order >= 3 ? n2 : 0) + (order >= 4 ? n3 : 0)));
  dt_cost_add_larger (&higher, &k3, &k4);
  dt_cost_add_larger (cost, &higher, &hierarchy);
}

/* Peak memory: the data, then the jobs of the widest widths running at
 * once (the widest first). */
static void
ntk_estimate (const DtParams *params,
              DtRunEstimate  *estimate)
{
  g_autoptr(GArray) widths = dt_params_dup_sorted_list (params, "widths");
  guint workers = MIN ((guint) dt_params_get_int (params, "threads"), widths->len);
  guint n = dt_params_get_int (params, "n_train");
  guint n_test = dt_params_get_int (params, "n_test");
  guint d = dt_params_get_int (params, "input_dim"), k;
  DtCost cost = { 0, }, load = { 0, }, floats = { 0, }, jobs = { 0, };

  if (!g_str_equal (dt_params_get_string (params, "dataset"), "synthetic"))
    {
      /* the image sets in floats, while loading only */
      dt_estimate_data (params, d, 1, dt_params_get_int (params, "downsample"), &d, &k, &floats, &load);
      dt_cost_add_cost (&load, &floats, 2.0);
    }
  else
    dt_cost_add (&load, "n_test", 2.0 * (n + n_test) * (d + 1.0) * sizeof (double));
  dt_cost_add (&cost, "n_test", (double) (n + n_test) * (d + 1.0) * sizeof (double));
  dt_cost_add_base (&cost, workers);

  for (guint i = 0; i < workers; i++)
    {
      guint index = widths->len - 1 - i;
      DtCost one = { 0, };

      width_cost (params, (guint) g_array_index (widths, guint64, index), d, i == 0, &one);
      dt_cost_add_workers (&jobs, &one, 1);
    }
  dt_cost_add_larger (&cost, &load, &jobs);

  estimate->peak_bytes = dt_cost_total (&cost);
  estimate->n_units = (guint64) widths->len * (1 + dt_params_get_int (params, "init_seeds"));
  estimate->main_key = dt_cost_main_key (&cost);
}

static void
clear_run (Run *run)
{
  g_free (run->x);
  g_free (run->y);
  g_free (run->x_test);
  g_free (run->y_test);
  g_free (run->times);
  g_free (run->results);
  g_free (run->k2_initial);
  g_free (run->k2_final);
  if (run->errors)
    for (guint i = 0; i < run->widths->len; i++)
      g_clear_error (&run->errors[i]);
  g_free (run->errors);
  g_clear_pointer (&run->widths, g_array_unref);
  g_clear_pointer (&run->orders, g_array_unref);
  g_mutex_clear (&run->lock);
}

static gboolean
ntk_run (const DtParams *params,
         DtRecord       *record,
         DtProgressFunc  progress,
         gpointer        progress_data,
         GCancellable   *cancellable,
         GError        **error)
{
  Run run = { params, record, progress, progress_data, cancellable };
  double fluct_slope = NAN, drift_slope = NAN, gap_slopes[5] = { NAN, NAN, NAN, NAN, NAN };
  guint m_max;
  gboolean ok = FALSE;

  g_mutex_init (&run.lock);
  run.seed = dt_params_get_int (params, "seed");
  run.n_threads = dt_params_get_int (params, "threads");
  run.depth = dt_params_get_int (params, "depth");
  run.widths = dt_params_dup_sorted_list (params, "widths");
  run.orders = dt_params_dup_sorted_list (params, "orders");
  run.need_k3 = (guint) g_array_index (run.orders, guint64, run.orders->len - 1) >= 3;
  run.need_k4 = (guint) g_array_index (run.orders, guint64, run.orders->len - 1) >= 4;
  run.times = log_times (params, &run.n_times);
  run.mid = (run.n_times - 1) / 2;
  run.step = dt_params_get_double (params, "step");
  run.fd_step = dt_params_get_double (params, "fd_step");
  run.results = g_new0 (WidthResult, run.widths->len);
  run.errors = g_new0 (GError *, run.widths->len);
  m_max = (guint) g_array_index (run.widths, guint64, run.widths->len - 1);

  if (!ntk_check (params, error))
    goto out;
  dt_ntk_activation_from_string (dt_params_get_string (params, "activation"), &run.activation);

  /* parallelism is across widths; one BLAS thread each keeps results independent of it */
  dt_blas_set_threads (1);
  if (progress)
    progress (0, _("Loading data"), progress_data);
  if (!load_data (&run, error))
    goto out;

  for (guint i = 0; i < run.widths->len; i++)
    {
      guint m = (guint) g_array_index (run.widths, guint64, i);
      double steps = 0, t = 0, evals = run.n_times;

      for (guint q = 0; q < run.n_times; q++)
        {
          steps += dt_ntk_flow_n_steps (run.times[q] - t, run.step);
          t = run.times[q];
        }
      if (run.need_k3)
        evals += 2.0 * run.n;
      if (run.need_k4)
        evals += 4.0 * run.n * run.n;
      run.work_total += eval_cost (&run, m) * (4 * steps + evals);
    }

  /* the bounds of the gap plot need nothing but t, m and n */
  for (guint o = 0; o < run.orders->len; o++)
    {
      guint p = (guint) g_array_index (run.orders, guint64, o);
      g_autofree char *id = order_id ("bound", p);
      g_autofree double *bound = g_new (double, run.n_times);

      for (guint q = 0; q < run.n_times; q++)
        bound[q] = pow (run.times[q] / sqrt (m_max), p) * MIN (run.times[q], (double) run.n);
      dt_record_set_points (record, id, run.times, bound, NULL, run.n_times);
    }
  if (run.orders->len > 0)
    dt_record_add_plot_note (record, "gap",
                             _("dashed: Huang & Yau's rates, no constants"));

  if (progress)
    progress (0, _("Fluctuation of the initial kernel"), progress_data);
  if (!fluctuation (&run, &fluct_slope, error))
    goto out;

  dt_parallel_for (run.widths->len, run.n_threads, width_job, &run);
  /* a real failure wins over the cancellations it may have caused */
  {
    GError **first = NULL;

    for (guint i = 0; i < run.widths->len; i++)
      if (run.errors[i] && (first == NULL ||
                            (g_error_matches (*first, DT_ERROR, DT_ERROR_CANCELLED) &&
                             !g_error_matches (run.errors[i], DT_ERROR, DT_ERROR_CANCELLED))))
        first = &run.errors[i];
    if (first != NULL)
      {
        g_propagate_error (error, g_steal_pointer (first));
        goto out;
      }
  }
  if (dt_check_cancelled (cancellable, error))
    goto out;

  {
    g_autofree double *xs = g_new (double, run.widths->len);
    g_autofree double *ys = g_new (double, run.widths->len);

    for (guint i = 0; i < run.widths->len; i++)
      {
        xs[i] = (guint) g_array_index (run.widths, guint64, i);
        ys[i] = run.results[i].drift_end;
      }
    drift_slope = dt_ntk_log_log_slope (xs, ys, run.widths->len);
    for (guint o = 0; o < run.orders->len; o++)
      {
        guint p = (guint) g_array_index (run.orders, guint64, o);

        for (guint i = 0; i < run.widths->len; i++)
          ys[i] = run.results[i].gap_mid[p];
        gap_slopes[p] = dt_ntk_log_log_slope (xs, ys, run.widths->len);
      }
  }
  add_notes (&run, drift_slope, fluct_slope, gap_slopes);
  ok = TRUE;

out:
  if (run.x != NULL)
    set_extras (&run, drift_slope, fluct_slope, gap_slopes);
  clear_run (&run);
  return ok;
}

const DtExperiment dt_experiment_ntk = {
  .id = "ntk",
  .title = N_("Neural tangent hierarchy"),
  .summary = N_("Huang & Yau 2020: how the tangent kernel drifts and how well truncated hierarchies follow training"),
  .params = ntk_params,
  .n_params = G_N_ELEMENTS (ntk_params),
  .prepare = ntk_prepare,
  .run = ntk_run,
  .check = ntk_check,
  .estimate = ntk_estimate,
};
