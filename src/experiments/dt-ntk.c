/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-ntk"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dt-blas.h"
#include "dt-common-params.h"
#include "dt-error.h"
#include "dt-estimate.h"
#include "dt-ntk-net.h"
#include "dt-ntk.h"
#include "dt-ntk-private.h"
#include "dt-parallel.h"
#include "dt-record.h"

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

/* The files of the experiment: this one holds the parameter table, the
 * plots, the checks and estimate, and the run; dt-ntk-width.c the data and
 * the job of one width (training, drift, gaps); dt-ntk-results.c the
 * series against width, the fluctuation at initialisation, the extras and
 * the notes. */

static const char * const activation_choices[] = { "tanh", "softplus", "erf", "relu", NULL };
static const char * const activation_labels[] = { N_("tanh"), N_("softplus"), N_("erf"), N_("ReLU"), NULL };

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
    DT_PARAM_CHOICE, .def_str = "tanh", .choices = activation_choices, .choice_labels = activation_labels },
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
    DT_PARAM_INT, 2, 256, 8, .applies = "dataset=synthetic" },
  { "init_seeds", N_("Initialisations"), N_("Initialisations averaged at each width for the fluctuation of the initial kernel"),
    DT_PARAM_INT, 1, 200, 10 },
  { "fd_step", N_("Difference step"), N_("Central-difference step for K³ and K⁴, in units of flow time"),
    DT_PARAM_DOUBLE, 1e-6, 0.1, 1e-3, .log_scale = TRUE, .digits = 6 },
  { "downsample", N_("Down-sampling"), N_("Average-pool image inputs by this factor (4: 28×28 → 7×7)"),
    DT_PARAM_INT, 1, 7, 4, .applies = "dataset!=synthetic" },
};

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
      g_autofree char *gap = order_id ("gap", p);
      static const char *power[] = { "", "", "²", "³", "⁴" };
      g_autofree char *label = g_strdup_printf (_("bound (t/√m)%s·min(t, n)"), power[p]);

      /* each order's bound in the colour of its gap */
      dt_record_add_plot_series_like (record, spec, id, label, DT_STYLE_DASHED, gap);
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

/* ---- the run ------------------------------------------------------------------ */

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
  if (!dt_ntk_load_data (&run, error))
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
  if (!dt_ntk_fluctuation (&run, &fluct_slope, error))
    goto out;

  dt_parallel_for (run.widths->len, run.n_threads, dt_ntk_width_job, &run);
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
  dt_ntk_add_notes (&run, drift_slope, fluct_slope, gap_slopes);
  ok = TRUE;

out:
  if (run.x != NULL)
    dt_ntk_set_extras (&run, drift_slope, fluct_slope, gap_slopes);
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
  .description = N_("Follows how the tangent kernel of a finite-width network drifts during training, and how closely truncated neural tangent hierarchies follow the network. Huang & Yau show that the drift shrinks with width and that higher orders follow the network for longer."),
  .citation = "Jiaoyang Huang, Horng-Tzer Yau. Dynamics of Deep Neural Networks and Neural Tangent Hierarchy. ICML 2020",
  .url = "https://arxiv.org/abs/1909.08156",
};
