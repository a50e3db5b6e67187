/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-bench"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "descent-bench.h"
#include "descent-options.h"
#include "dt-blas.h"
#include "dt-linalg.h"
#include "dt-mlp.h"
#include "dt-file.h"
#include "dt-ntk-net.h"
#include "dt-plot.h"
#include "dt-train.h"

/*
 * Fixed engine workloads, timed as the median of several runs after a
 * warm-up. bench/torch_bench.py runs the same workloads in PyTorch on the
 * same OpenBLAS, and bench/compare.py prints the ratios.
 */

typedef struct
{
  const char *name;
  char       *size;
  double      median_ms;
  double      unit_ms;      /* per step / per point, where meaningful */
  double      gflops;       /* NAN where not meaningful */
  double      rss_mb;
} Result;

typedef void (*WorkFunc) (gpointer data);

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Median wall time of @repeat runs of @func, after one warm-up run. */
static double
time_median (WorkFunc  func,
             gpointer  data,
             guint     repeat)
{
  g_autofree double *t = g_new (double, repeat);

  func (data);
  for (guint i = 0; i < repeat; i++)
    {
      gint64 start = g_get_monotonic_time ();

      func (data);
      t[i] = (g_get_monotonic_time () - start) / 1e3;
    }
  qsort (t, repeat, sizeof (double), compare_double);
  return repeat % 2 ? t[repeat / 2] : 0.5 * (t[repeat / 2 - 1] + t[repeat / 2]);
}

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

static void
fill_normal (float  *x,
             gsize   n,
             guint64 seed)
{
  DtRng rng;

  dt_rng_init (&rng, seed, 0);
  for (gsize i = 0; i < n; i++)
    x[i] = (float) dt_rng_normal (&rng);
}

/* ---- 1, 2: SGD steps ---------------------------------------------------- */

typedef struct
{
  DtTrainer *trainer;
  guint      steps;
} SgdWork;

static void
sgd_steps (gpointer data)
{
  SgdWork *w = data;

  dt_trainer_run (w->trainer, w->steps, NULL, NULL);
}

static Result
bench_sgd (const char  *name,
           const guint *sizes,
           guint        n_sizes,
           guint        batch,
           guint        repeat)
{
  g_autoptr(DtDataset) data = dt_dataset_new (DT_TASK_CLASSIFICATION, 4096, sizes[0], sizes[n_sizes - 1]);
  DtMlp *mlp = dt_mlp_new (DT_F32, sizes, n_sizes, DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);
  DtSgdConfig sgd = { 0.01, 0.9, 0 };
  g_autoptr(DtTrainer) trainer = NULL;
  g_autoptr(GString) size = g_string_new (NULL);
  SgdWork w;
  double macs = 0;
  DtRng rng;
  Result r = { name };

  fill_normal (data->x, (gsize) data->n * data->d, 1);
  for (guint i = 0; i < data->n; i++)
    data->labels[i] = i % data->n_out;
  dt_rng_init (&rng, 2, 0);
  dt_mlp_init (mlp, &rng);
  trainer = dt_trainer_new (mlp, data, DT_LOSS_CE, batch, &sgd, 3, 0);

  for (guint l = 0; l + 1 < n_sizes; l++)
    {
      macs += (double) sizes[l] * sizes[l + 1];
      g_string_append_printf (size, "%s%u", l ? "-" : "", sizes[l]);
    }
  g_string_append_printf (size, "-%u, batch %u", sizes[n_sizes - 1], batch);

  w = (SgdWork) { trainer, 100 };
  r.size = g_strdup (size->str);
  r.median_ms = time_median (sgd_steps, &w, repeat);
  r.unit_ms = r.median_ms / w.steps;
  /* forward 2·MACs, backward 4·MACs per example */
  r.gflops = 6.0 * macs * batch / (r.unit_ms * 1e6);
  r.rss_mb = peak_rss_mb ();
  return r;
}

/* ---- 3: per-example Jacobian and K² ------------------------------------- */

#define JAC_N     64
#define JAC_D     64
#define JAC_WIDTH 512

typedef struct
{
  DtNtkNet  *net;
  DtNtkWork *work;
  double    *x;
  double    *jacobian;
  double    *k2;
  double    *f;
} JacWork;

static void
jacobian_k2 (gpointer data)
{
  JacWork *w = data;
  int p = (int) w->net->n_params;

  dt_ntk_net_jacobian (w->net, w->work, w->x, JAC_N, w->jacobian);
  dt_dgemm (FALSE, TRUE, JAC_N, JAC_N, p, 1.0, w->jacobian, p, w->jacobian, p, 0.0, w->k2, JAC_N);
}

static void
gram_k2 (gpointer data)
{
  JacWork *w = data;

  dt_ntk_net_kernel (w->net, w->work, w->x, JAC_N, w->f, w->k2);
}

static void
plain_gemm (gpointer data)
{
  JacWork *w = data;
  int p = (int) w->net->n_params;

  dt_dgemm (FALSE, TRUE, JAC_N, JAC_N, p, 1.0, w->jacobian, p, w->jacobian, p, 0.0, w->k2, JAC_N);
}

/* Returns three results: J then JJᵀ, the layer-wise Gram form, and a plain
 * GEMM of the JJᵀ size for reference. */
static void
bench_jacobian (guint   repeat,
                Result *out)
{
  JacWork w;
  DtRng rng;
  double p, macs_j = 0;

  w.net = dt_ntk_net_new (JAC_D, JAC_WIDTH, 2, DT_NTK_TANH);
  dt_rng_init (&rng, 8, 0);
  dt_ntk_net_init (w.net, &rng);
  w.work = dt_ntk_work_new (w.net, JAC_N);
  w.x = g_new (double, JAC_N * JAC_D);
  for (guint i = 0; i < JAC_N; i++)
    {
      double norm = 0;

      for (guint j = 0; j < JAC_D; j++)
        {
          w.x[i * JAC_D + j] = dt_rng_normal (&rng);
          norm += w.x[i * JAC_D + j] * w.x[i * JAC_D + j];
        }
      for (guint j = 0; j < JAC_D; j++)
        w.x[i * JAC_D + j] /= sqrt (norm);
    }
  p = (double) w.net->n_params;
  w.jacobian = g_new (double, (gsize) JAC_N * w.net->n_params);
  w.k2 = g_new (double, JAC_N * JAC_N);
  w.f = g_new (double, JAC_N);
  /* forward + backward of n examples ≈ 3 × 2·MACs, plus the outer products into J */
  macs_j = (double) JAC_N * (JAC_D * JAC_WIDTH + JAC_WIDTH * JAC_WIDTH + JAC_WIDTH);

  out[0] = (Result) { "jacobian" };
  out[0].size = g_strdup_printf ("n %u, depth 2, width %u, d %u, fp64 (J then JJᵀ)", JAC_N, JAC_WIDTH, JAC_D);
  out[0].median_ms = time_median (jacobian_k2, &w, repeat);
  out[0].gflops = (6.0 * macs_j + 2.0 * JAC_N * JAC_N * p) / (out[0].median_ms * 1e6);
  out[0].unit_ms = NAN;
  out[0].rss_mb = peak_rss_mb ();

  out[1] = (Result) { "ntk-gram" };
  out[1].size = g_strdup ("same K² by layer-wise Gram matrices");
  out[1].median_ms = time_median (gram_k2, &w, repeat);
  out[1].gflops = NAN;
  out[1].unit_ms = NAN;
  out[1].rss_mb = peak_rss_mb ();

  out[2] = (Result) { "gemm-jjt" };
  out[2].size = g_strdup_printf ("plain dgemm %u×%.0f · %.0f×%u", JAC_N, p, p, JAC_N);
  out[2].median_ms = time_median (plain_gemm, &w, repeat);
  out[2].gflops = 2.0 * JAC_N * JAC_N * p / (out[2].median_ms * 1e6);
  out[2].unit_ms = NAN;
  out[2].rss_mb = peak_rss_mb ();

  dt_ntk_work_free (w.work);
  dt_ntk_net_free (w.net);
  g_free (w.x);
  g_free (w.jacobian);
  g_free (w.k2);
  g_free (w.f);
}

/* ---- 4: random-features fit --------------------------------------------- */

typedef struct
{
  guint   n, d, p, k;
  double *x, *wt, *y, *phi, *a;
} RfWork;

static void
rf_fit (gpointer data)
{
  RfWork *w = data;

  dt_dgemm (FALSE, FALSE, w->n, w->p, w->d, 1.0 / sqrt (w->d), w->x, w->d, w->wt, w->p, 0.0, w->phi, w->p);
  for (gsize i = 0; i < (gsize) w->n * w->p; i++)
    w->phi[i] = w->phi[i] > 0 ? w->phi[i] : 0;
  dt_least_squares (w->phi, w->n, w->p, w->y, w->k, 0.0, w->a, NULL);
}

static Result
bench_rf (guint repeat)
{
  RfWork w = { 1000, 784, 2000, 10 };
  DtRng rng;
  Result r = { "rf-fit" };

  w.x = g_new (double, (gsize) w.n * w.d);
  w.wt = g_new (double, (gsize) w.d * w.p);
  w.y = g_new (double, (gsize) w.n * w.k);
  w.phi = g_new (double, (gsize) w.n * w.p);
  w.a = g_new (double, (gsize) w.p * w.k);
  dt_rng_init (&rng, 4, 0);
  for (gsize i = 0; i < (gsize) w.n * w.d; i++)
    w.x[i] = dt_rng_normal (&rng);
  for (gsize i = 0; i < (gsize) w.d * w.p; i++)
    w.wt[i] = dt_rng_normal (&rng);
  for (gsize i = 0; i < (gsize) w.n * w.k; i++)
    w.y[i] = dt_rng_normal (&rng);

  r.size = g_strdup_printf ("n %u, d %u, p %u, min-norm", w.n, w.d, w.p);
  r.median_ms = time_median (rf_fit, &w, repeat);
  r.unit_ms = NAN;
  r.gflops = NAN;
  r.rss_mb = peak_rss_mb ();

  g_free (w.x);
  g_free (w.wt);
  g_free (w.y);
  g_free (w.phi);
  g_free (w.a);
  return r;
}

/* ---- 5: the connectivity path ------------------------------------------- */

typedef struct
{
  DtMlp     *a, *b, *mix;
  DtMlpWork *work;
  DtDataset *test;
  guint      points;
} PathWork;

static void
path_eval (gpointer data)
{
  PathWork *w = data;

  for (guint j = 0; j < w->points; j++)
    {
      double loss, err;

      dt_mlp_interpolate (w->mix, w->a, w->b, (double) j / (w->points - 1));
      dt_mlp_evaluate (w->mix, w->work, w->test, DT_LOSS_CE, &loss, &err);
    }
}

static Result
bench_path (guint repeat)
{
  guint sizes[] = { 784, 300, 100, 10 };
  g_autoptr(DtDataset) test = dt_dataset_new (DT_TASK_CLASSIFICATION, 10000, 784, 10);
  g_autoptr(DtMlp) a = dt_mlp_new (DT_F32, sizes, 4, DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);
  g_autoptr(DtMlp) b = dt_mlp_new (DT_F32, sizes, 4, DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);
  g_autoptr(DtMlp) mix = dt_mlp_copy (a);
  g_autoptr(DtMlpWork) work = dt_mlp_work_new (a, 500);
  PathWork w = { a, b, mix, work, test, 30 };
  double macs = 784 * 300 + 300 * 100 + 100 * 10;
  DtRng rng;
  Result r = { "path" };

  fill_normal (test->x, (gsize) test->n * test->d, 5);
  for (guint i = 0; i < test->n; i++)
    test->labels[i] = i % 10;
  dt_rng_init (&rng, 6, 0);
  dt_mlp_init (a, &rng);
  dt_mlp_init (b, &rng);

  r.size = g_strdup ("784-300-100-10, 30 points × 10000 images");
  r.median_ms = time_median (path_eval, &w, repeat);
  r.unit_ms = r.median_ms / w.points;
  r.gflops = 2.0 * macs * test->n * w.points / (r.median_ms * 1e6);
  r.rss_mb = peak_rss_mb ();
  return r;
}

/* ---- 6: plot rendering -------------------------------------------------- */

typedef struct
{
  DtPlot  *plot;
  cairo_t *cr;
} PlotWork;

static void
plot_render (gpointer data)
{
  PlotWork *w = data;

  dt_plot_render (w->plot, w->cr, 1600, 1000, dt_plot_theme_light (), NULL);
}

static Result
bench_plot (guint repeat)
{
  g_autoptr(DtRecord) record = dt_record_new ("bench");
  g_autoptr(DtPlot) plot = NULL;
  g_autofree double *x = g_new (double, 100000);
  g_autofree double *y = g_new (double, 100000);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1600, 1000);
  cairo_t *cr = cairo_create (surface);
  DtPlotSpec *spec = dt_plot_spec_new ("p", "100 000 points", "x", DT_SCALE_LINEAR, "y", DT_SCALE_LINEAR);
  PlotWork w;
  DtRng rng;
  double v = 0;
  Result r = { "plot" };

  dt_rng_init (&rng, 7, 0);
  for (guint i = 0; i < 100000; i++)
    {
      v += dt_rng_normal (&rng);
      x[i] = i;
      y[i] = v;
    }
  dt_record_add_series (record, "walk", "random walk", DT_STYLE_LINE);
  dt_record_set_points (record, "walk", x, y, NULL, 100000);
  dt_plot_spec_add_series (spec, "walk");
  dt_record_add_plot (record, spec);
  plot = dt_plot_new (record, "p", NULL);

  w = (PlotWork) { plot, cr };
  r.size = g_strdup ("100 000 points, 1600×1000");
  r.median_ms = time_median (plot_render, &w, repeat);
  r.unit_ms = NAN;
  r.gflops = NAN;
  r.rss_mb = peak_rss_mb ();

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return r;
}

/* ---- 7: loading a large record ------------------------------------------ */

typedef struct
{
  const char *text;
  gsize       length;
} LoadWork;

static void
record_load (gpointer data)
{
  LoadWork *w = data;
  g_autoptr(GError) error = NULL;
  DtRecord *record = dt_record_new_from_data (w->text, (gssize) w->length, &error);

  g_assert_no_error (error);
  dt_record_unref (record);
}

static void
append_decimals (GString      *out,
                 const double *values,
                 guint         n)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append (out, i > 0 ? ", " : "");
      g_string_append (out, g_ascii_dtostr (buf, sizeof buf, values[i]));
    }
  g_string_append_c (out, ']');
}

/* A record with a 1000×2000 heat map and a 200 000-point series, in the
 * compact form records are written in (@decimal FALSE) or with every number
 * in decimal, as records of version 1 hold them. */
static Result
bench_record_load (gboolean decimal,
                   guint    repeat)
{
  enum { ROWS = 1000, COLS = 2000, POINTS = 200000 };
  g_autoptr(DtRecord) record = dt_record_new ("bench");
  g_autofree double *cells = g_new (double, ROWS * COLS);
  g_autofree double *x = g_new (double, POINTS);
  g_autofree double *y = g_new (double, POINTS);
  g_autofree char *text = NULL;
  DtPlotSpec *spec;
  LoadWork w;
  DtRng rng;
  Result r = { decimal ? "load-decimal" : "load" };

  dt_rng_init (&rng, 11, 0);
  for (guint i = 0; i < ROWS * COLS; i++)
    cells[i] = dt_rng_normal (&rng);
  for (guint i = 0; i < POINTS; i++)
    x[i] = i, y[i] = dt_rng_normal (&rng);
  dt_record_add_series (record, "s", "s", DT_STYLE_LINE);
  dt_record_set_points (record, "s", x, y, NULL, POINTS);
  spec = dt_plot_spec_new ("p", "p", "x", DT_SCALE_LINEAR, "y", DT_SCALE_LINEAR);
  dt_plot_spec_add_series (spec, "s");
  dt_record_add_plot (record, spec);
  dt_record_add_plot (record, dt_plot_spec_new_heatmap ("h", "h", "x", "y", ROWS, COLS, cells));
  dt_record_set_status (record, DT_STATUS_COMPLETE, NULL);
  text = dt_record_to_data (record, NULL);

  if (decimal)
    {
      /* the same record as version 1 wrote it, every number in decimal */
      g_autoptr(GString) out = g_string_new ("{\"format\": \"descent-record\", \"version\": 1, "
                                             "\"experiment\": \"bench\", \"status\": \"complete\", "
                                             "\"params\": {}, \"provenance\": {}, "
                                             "\"series\": [{\"id\": \"s\", \"label\": \"s\", \"x\": ");
      append_decimals (out, x, POINTS);
      g_string_append (out, ", \"y\": ");
      append_decimals (out, y, POINTS);
      g_string_append (out, "}], \"plots\": [{\"id\": \"h\", \"title\": \"h\", \"kind\": \"heatmap\", "
                       "\"x_axis\": {}, \"y_axis\": {}, \"series\": [], \"matrix\": {");
      g_string_append_printf (out, "\"rows\": %u, \"cols\": %u, \"values\": ", ROWS, COLS);
      append_decimals (out, cells, ROWS * COLS);
      g_string_append (out, "}}]}");
      g_free (text);
      text = g_string_free (g_steal_pointer (&out), FALSE);
    }

  w = (LoadWork) { text, strlen (text) };
  r.size = g_strdup_printf ("2.2 M numbers, %.0f MB of text", w.length / 1e6);
  r.median_ms = time_median (record_load, &w, repeat);
  r.unit_ms = NAN;
  r.gflops = NAN;
  r.rss_mb = peak_rss_mb ();
  return r;
}

static void
print_result (const Result *r,
              GString      *json,
              gboolean      first)
{
  char unit[32] = "", gflops[32] = "";

  if (!isnan (r->unit_ms))
    g_snprintf (unit, sizeof unit, "%.3f", r->unit_ms);
  if (!isnan (r->gflops))
    g_snprintf (gflops, sizeof gflops, "%.1f", r->gflops);
  g_print ("%-12s %-42s %10.2f %10s %8s %8.0f\n", r->name, r->size, r->median_ms, unit, gflops, r->rss_mb);

  if (json)
    g_string_append_printf (json, "%s\n  {\"name\": \"%s\", \"size\": \"%s\", \"median_ms\": %.6g, \"unit_ms\": %s, \"gflops\": %s}",
                            first ? "" : ",", r->name, r->size, r->median_ms,
                            isnan (r->unit_ms) ? "null" : unit, isnan (r->gflops) ? "null" : gflops);
}

typedef struct
{
  guint  repeat;
  guint  threads;
  char  *only;
  char  *json;
} BenchOptions;

static gboolean
bench_count_cb (const char  *option_name,
                const char  *value,
                gpointer     data,
                GError     **error)
{
  BenchOptions *options = data;
  gboolean repeat = g_str_equal (option_name, "--repeat");
  guint64 v;

  if (!g_ascii_string_to_unsigned (value, 10, 1, repeat ? 1000 : 256, &v, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s must be an integer in [1, %d], got “%s”", option_name,
                   repeat ? 1000 : 256, value);
      return FALSE;
    }
  if (repeat)
    options->repeat = (guint) v;
  else
    options->threads = (guint) v;
  return TRUE;
}

int
descent_bench_main (int    argc,
                    char **argv)
{
  BenchOptions options = { 7, 1, NULL, NULL };
  const GOptionEntry entries[] = {
    { "repeat", 0, 0, G_OPTION_ARG_CALLBACK, bench_count_cb,
      "Timed runs of each workload, 1 to 1000 (default 7)", "N" },
    { "threads", 0, 0, G_OPTION_ARG_CALLBACK, bench_count_cb,
      "BLAS threads, 1 to 256 (default 1)", "N" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &options.only,
      "Only the workloads whose name starts with this", "NAME" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &options.json, "Also write the results here", "FILE" },
    { NULL }
  };
  g_autofree char *only = NULL;
  g_autofree char *json_path = NULL;
  guint repeat, threads;
  gboolean parsed;
  g_autoptr(GString) json = NULL;
  GPtrArray *results = g_ptr_array_new_with_free_func (g_free);
  static const guint lenet[] = { 784, 300, 100, 10 };
  static const guint widths[] = { 16, 256, 1024 };

  parsed = descent_options_parse ("bench", NULL,
                                  "Times the engine's workloads: the median of several runs "
                                  "after a warm-up, with FLOP rates and peak memory.",
                                  NULL, entries, &options, &argc, &argv);
  only = options.only;
  json_path = options.json;
  if (!parsed)
    return 2;
  if (argc > 1)
    {
      g_printerr ("descent-cli: bench takes no arguments, got “%s”\n", argv[1]);
      return 2;
    }
  repeat = options.repeat;
  threads = options.threads;

  dt_blas_set_threads (threads);
  g_print ("# descent-cli bench: %s, %u BLAS thread%s, median of %u runs after a warm-up\n",
           dt_blas_describe (), threads, threads == 1 ? "" : "s", repeat);
  g_print ("%-12s %-42s %10s %10s %8s %8s\n", "workload", "size", "median ms", "ms/unit", "GFLOP/s", "RSS MB");

  if (json_path)
    {
      g_autoptr(GError) error = NULL;

      if (!dt_file_check_writable (json_path, &error))
        {
          g_printerr ("descent-cli: %s\n", error->message);
          return 2;
        }
      json = g_string_new (NULL);
      g_string_append_printf (json, "{\"blas\": \"%s\", \"threads\": %u, \"results\": [",
                              dt_blas_describe (), threads);
    }

#define WANT(n) (only == NULL || g_str_has_prefix ((n), only))
  {
    gboolean first = TRUE;
    Result r;

    for (guint b = 0; b < 2; b++)
      {
        const char *name = b ? "sgd-lenet-128" : "sgd-lenet-60";

        if (!WANT (name))
          continue;
        r = bench_sgd (name, lenet, 4, b ? 128 : 60, repeat);
        print_result (&r, json, first), first = FALSE;
        g_free (r.size);
      }
    for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
      {
        g_autofree char *name = g_strdup_printf ("sgd-k%u", widths[i]);
        guint sizes[] = { 784, widths[i], 10 };

        if (!WANT (name))
          continue;
        r = bench_sgd (name, sizes, 3, 128, repeat);
        r.name = name;
        print_result (&r, json, first), first = FALSE;
        g_free (r.size);
      }
    if (WANT ("jacobian") || WANT ("ntk-gram") || WANT ("gemm-jjt"))
      {
        Result rs[3];

        bench_jacobian (repeat, rs);
        for (guint i = 0; i < 3; i++)
          {
            print_result (&rs[i], json, first), first = FALSE;
            g_free (rs[i].size);
          }
      }
    if (WANT ("rf-fit"))
      {
        r = bench_rf (repeat);
        print_result (&r, json, first), first = FALSE;
        g_free (r.size);
      }
    if (WANT ("path"))
      {
        r = bench_path (repeat);
        print_result (&r, json, first), first = FALSE;
        g_free (r.size);
      }
    if (WANT ("plot"))
      {
        r = bench_plot (repeat);
        print_result (&r, json, first), first = FALSE;
        g_free (r.size);
      }
    for (guint d = 0; d < 2; d++)
      if (WANT (d ? "load-decimal" : "load"))
        {
          r = bench_record_load (d, repeat);
          print_result (&r, json, first), first = FALSE;
          g_free (r.size);
        }
  }
#undef WANT

  if (json)
    {
      g_autoptr(GError) error = NULL;

      g_string_append (json, "\n]}\n");
      if (!dt_file_write_atomic (json_path, json->str, json->len, &error))
        {
          g_printerr ("descent-cli: %s\n", error->message);
          g_ptr_array_unref (results);
          return 1;
        }
    }
  g_ptr_array_unref (results);
  return 0;
}
