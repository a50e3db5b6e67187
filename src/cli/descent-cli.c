/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "descent-bench.h"
#include "dt-blas.h"
#include "dt-lock.h"
#include "dt-error.h"
#include "dt-file.h"
#include "dt-memory.h"
#include "dt-plot.h"
#include "dt-registry.h"

/* Exit codes: 0 ok, 1 the run failed, 2 bad usage or bad input. */
enum
{
  EXIT_OK = 0,
  EXIT_RUN_FAILED = 1,
  EXIT_USAGE = 2,
};

static const char usage_text[] =
  "Usage:\n"
  "  descent-cli list                      experiments and their parameters\n"
  "  descent-cli run EXPERIMENT [--set KEY=VALUE]... [--seed N]\n"
  "                  [--out RUN.json] [--plot FILE.svg|png|pdf] [--quiet]\n"
  "                  [--dry-run]\n"
  "  descent-cli plot RECORD.json --out FILE.svg|png|pdf [--plot-id ID]\n"
  "                  [--width W] [--height H]\n"
  "  descent-cli info RECORD.json          what a record holds, after checking it\n"
  "  descent-cli bench [--repeat N] [--threads N] [--only NAME] [--json FILE]\n";

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("descent-cli: %s\n", message);
  return EXIT_USAGE;
}

static const char *
type_name (DtParamType type)
{
  switch (type)
    {
    case DT_PARAM_INT: return "int";
    case DT_PARAM_DOUBLE: return "float";
    case DT_PARAM_CHOICE: return "choice";
    case DT_PARAM_STRING: return "text";
    case DT_PARAM_INT_LIST: return "int list";
    case DT_PARAM_DOUBLE_LIST: return "float list";
    default: return "?";
    }
}

static int
cmd_list (void)
{
  for (guint i = 0; i < dt_registry_get_n_experiments (); i++)
    {
      const DtExperiment *exp = dt_registry_get_experiment (i);
      g_autoptr(DtParams) defaults = dt_params_new (exp->params, exp->n_params);

      g_print ("%s — %s\n  %s\n", exp->id, _(exp->title), _(exp->summary));
      for (guint j = 0; j < exp->n_params; j++)
        {
          const DtParamSpec *spec = &exp->params[j];
          g_autofree char *def = dt_params_to_string (defaults, spec->key);
          g_autofree char *range = dt_params_describe_range (spec);

          g_print ("    %-14s %-10s default %-12s %s\n", spec->key, type_name (spec->type), def, range);
          g_print ("    %-14s %s\n", "", _(spec->help));
        }
      g_print ("\n");
    }
  return EXIT_OK;
}

typedef struct
{
  GMutex   lock;
  double   fraction;
  char    *message;
  gint64   start;
  gboolean tty;
  gboolean quiet;
  guint    last_width;
} Progress;

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    data)
{
  Progress *p = data;

  dt_mutex_lock (&p->lock);
  p->fraction = fraction;
  if (message && g_strcmp0 (message, p->message) != 0)
    {
      g_free (p->message);
      p->message = g_strdup (message);
    }
  dt_mutex_unlock (&p->lock);
}

static void
format_duration (double   seconds,
                 GString *out)
{
  if (seconds < 60)
    g_string_append_printf (out, "%.0f s", seconds);
  else if (seconds < 3600)
    g_string_append_printf (out, "%d min %02d s", (int) seconds / 60, (int) seconds % 60);
  else
    g_string_append_printf (out, "%d h %02d min", (int) seconds / 3600, ((int) seconds % 3600) / 60);
}

static void
progress_draw (Progress *p,
               gboolean  final)
{
  g_autoptr(GString) line = g_string_new ("\r");
  double elapsed = (g_get_monotonic_time () - p->start) / 1e6;
  double fraction;
  g_autofree char *message = NULL;
  const int bar = 30;
  int filled;

  if (p->quiet || !p->tty)
    return;

  dt_mutex_lock (&p->lock);
  fraction = p->fraction;
  message = g_strdup (p->message ? p->message : "");
  dt_mutex_unlock (&p->lock);

  filled = (int) (fraction * bar + 0.5);
  g_string_append_c (line, '[');
  for (int i = 0; i < bar; i++)
    g_string_append (line, i < filled ? "#" : "-");
  g_string_append_printf (line, "] %3.0f%%  ", fraction * 100);
  format_duration (elapsed, line);
  if (fraction > 0.02 && !final)
    {
      g_string_append (line, ", ETA ");
      format_duration (elapsed * (1 - fraction) / fraction, line);
    }
  g_string_append (line, "  ");
  g_string_append (line, message);
  /* pad over a longer previous line */
  while (line->len < p->last_width)
    g_string_append_c (line, ' ');
  p->last_width = line->len;
  fputs (line->str, stderr);
  if (final)
    fputc ('\n', stderr);
  fflush (stderr);
}

typedef struct
{
  const DtExperiment *experiment;
  DtParams           *params;
  DtRecord           *record;
  GCancellable       *cancellable;
  Progress           *progress;
  GMainLoop          *loop;
  GError             *error;
  gboolean            ok;
  gboolean            abandoned;
  guint               abandon_id;
  gint                finished;   /* atomic */
} RunJob;

/* How long a stopped run may take to reach its next cancellation check
 * before the CLI saves what is finished and leaves without it (a single
 * BLAS or LAPACK call can run for minutes). */
#define ABANDON_DELAY_MS 500

/* The worker says it has finished through an atomic flag and a wakeup of
 * the main context, and this source, made by the main thread, sees the
 * flag: nothing the main loop frees was allocated by the worker
 * (GMainContext locks with futexes, which ThreadSanitizer does not see). */
typedef struct
{
  GSource  source;
  RunJob  *job;
} FinishedSource;

static gboolean
finished_source_prepare (GSource *source,
                         int     *timeout)
{
  *timeout = -1;
  return g_atomic_int_get (&((FinishedSource *) source)->job->finished);
}

static gboolean
finished_source_check (GSource *source)
{
  return g_atomic_int_get (&((FinishedSource *) source)->job->finished);
}

static gboolean
finished_source_dispatch (GSource     *source,
                          GSourceFunc  callback,
                          gpointer     data)
{
  g_main_loop_quit (((FinishedSource *) source)->job->loop);
  return G_SOURCE_REMOVE;
}

static GSourceFuncs finished_source_funcs = {
  finished_source_prepare, finished_source_check, finished_source_dispatch, NULL, NULL, NULL
};

static void
finished_source_add (RunJob *job)
{
  GSource *source = g_source_new (&finished_source_funcs, sizeof (FinishedSource));

  ((FinishedSource *) source)->job = job;
  g_source_attach (source, NULL);
  g_source_unref (source);
}

static gpointer
run_thread (gpointer data)
{
  RunJob *job = data;

  job->ok = dt_experiment_run (job->experiment, job->params, job->record,
                               progress_cb, job->progress, job->cancellable, &job->error);
  g_atomic_int_set (&job->finished, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static gboolean
tick_cb (gpointer data)
{
  progress_draw (data, FALSE);
  return G_SOURCE_CONTINUE;
}

static gboolean
abandon_cb (gpointer data)
{
  RunJob *job = data;

  job->abandon_id = 0;
  job->abandoned = TRUE;
  g_main_loop_quit (job->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
interrupt_cb (gpointer data)
{
  RunJob *job = data;

  if (!job->progress->quiet)
    g_printerr ("\ndescent-cli: interrupted; stopping and keeping what is finished\n");
  g_cancellable_cancel (job->cancellable);
  if (job->abandon_id == 0 && !job->abandoned)
    job->abandon_id = g_timeout_add (ABANDON_DELAY_MS, abandon_cb, job);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_set (DtParams   *params,
           const char *assignment,
           GError    **error)
{
  const char *eq = strchr (assignment, '=');
  g_autofree char *key = NULL;

  if (eq == NULL || eq == assignment)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   "--set needs KEY=VALUE, got “%s”", assignment);
      return FALSE;
    }
  key = g_strndup (assignment, eq - assignment);
  return dt_params_set_from_string (params, key, eq + 1, error);
}

/* An output path is checked before any work: its format (plots) and that
 * its folder exists and can be written. */
static gboolean
check_output_path (const char  *path,
                   gboolean     plot,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  DtExportFormat format;

  if (plot && !dt_export_format_from_path (path, &format))
    {
      g_set_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_FORMAT,
                   "cannot tell the format of “%s”: use .svg, .png or .pdf", path);
      return FALSE;
    }
  if (!dt_file_check_writable (path, &local_error))
    {
      g_set_error (error, G_IO_ERROR, local_error->code,
                   "cannot write “%s”: %s", path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
print_estimate (const DtExperiment *exp,
                const DtParams     *params)
{
  DtRunEstimate estimate;
  const char *limited_by = NULL;
  guint64 available = dt_memory_available (&limited_by);
  g_autofree char *need = NULL;

  dt_experiment_estimate (exp, params, &estimate);
  need = g_format_size_full (estimate.peak_bytes, G_FORMAT_SIZE_IEC_UNITS);
  g_print ("%s: %" G_GUINT64_FORMAT " work units, peak memory about %s (%" G_GUINT64_FORMAT " bytes)",
           exp->id, estimate.n_units, need, estimate.peak_bytes);
  if (estimate.main_key != NULL)
    g_print (", driven by %s", estimate.main_key);
  if (available != G_MAXUINT64)
    {
      g_autofree char *have = g_format_size_full (available, G_FORMAT_SIZE_IEC_UNITS);

      g_print ("; available %s (%s)", have, limited_by);
    }
  g_print ("\n");
}

/* A failed or stopped run still saves what it finished. */
static int
save_outputs (const DtExperiment *exp,
              DtRecord           *record,
              const char         *out,
              const char         *plot,
              gboolean            quiet)
{
  g_autoptr(GError) error = NULL;

  if (out && !dt_record_save (record, out, &error))
    {
      g_printerr ("descent-cli: %s\n", error->message);
      return EXIT_RUN_FAILED;
    }
  if (plot && !dt_plot_export_record (record, NULL, plot, 640, 420, &error))
    {
      g_printerr ("descent-cli: %s\n", error->message);
      return EXIT_RUN_FAILED;
    }
  if (!quiet)
    g_printerr ("%s: %s in %.1f s%s%s%s%s\n", exp->id,
                dt_status_to_string (dt_record_get_status (record)),
                dt_record_get_provenance (record)->wall_seconds,
                out ? ", record " : "", out ? out : "",
                plot ? ", plot " : "", plot ? plot : "");
  return EXIT_OK;
}

static int
cmd_run (int    argc,
         char **argv)
{
  const DtExperiment *exp;
  g_autoptr(DtParams) params = NULL;
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  const char *out = NULL;
  const char *plot = NULL;
  gboolean dry_run = FALSE;
  Progress progress = { 0, };
  RunJob job = { 0, };
  GThread *thread;
  guint tick, sigint, sigterm;
  int status;

  if (argc < 1)
    return usage_error ("run needs an experiment: one of %s", "`descent-cli list` shows them");

  exp = dt_registry_lookup (argv[0]);
  if (exp == NULL)
    {
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint i = 0; i < dt_registry_get_n_experiments (); i++)
        g_string_append_printf (ids, "%s%s", i ? ", " : "", dt_registry_get_experiment (i)->id);
      return usage_error ("unknown experiment “%s” (known: %s)", argv[0], ids->str);
    }

  params = dt_params_new (exp->params, exp->n_params);
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value = NULL;

      if (g_str_equal (arg, "--quiet") || g_str_equal (arg, "-q"))
        {
          progress.quiet = TRUE;
          continue;
        }
      if (g_str_equal (arg, "--dry-run"))
        {
          dry_run = TRUE;
          continue;
        }
      if (!g_str_equal (arg, "--set") && !g_str_equal (arg, "--seed") &&
          !g_str_equal (arg, "--out") && !g_str_equal (arg, "--plot") &&
          !g_str_has_prefix (arg, "--set=") && !g_str_has_prefix (arg, "--seed=") &&
          !g_str_has_prefix (arg, "--out=") && !g_str_has_prefix (arg, "--plot="))
        return usage_error ("unknown option “%s”\n%s", arg, usage_text);

      if (strchr (arg, '=') && g_str_has_prefix (arg, "--"))
        value = strchr (arg, '=') + 1;
      else if (i + 1 < argc)
        value = argv[++i];
      else
        return usage_error ("%s needs a value", arg);

      if (g_str_has_prefix (arg, "--set"))
        {
          if (!parse_set (params, value, &error))
            return usage_error ("%s", error->message);
        }
      else if (g_str_has_prefix (arg, "--seed"))
        {
          if (!dt_params_set_from_string (params, "seed", value, &error))
            return usage_error ("%s", error->message);
        }
      else if (g_str_has_prefix (arg, "--out"))
        out = value;
      else
        plot = value;
    }

  if (out && !check_output_path (out, FALSE, &error))
    return usage_error ("%s", error->message);
  if (plot && !check_output_path (plot, TRUE, &error))
    return usage_error ("%s", error->message);

  if (dry_run)
    {
      print_estimate (exp, params);
      if (!dt_experiment_check (exp, params, &error))
        return usage_error ("%s", error->message);
      return EXIT_OK;
    }
  if (!dt_experiment_check (exp, params, &error))
    return usage_error ("%s", error->message);

  record = dt_experiment_prepare_record (exp, params);
  cancellable = g_cancellable_new ();
  loop = g_main_loop_new (NULL, FALSE);
  progress.start = g_get_monotonic_time ();
  progress.tty = isatty (STDERR_FILENO);
  g_mutex_init (&progress.lock);

  job = (RunJob) { exp, params, record, cancellable, &progress, loop };
  tick = g_timeout_add (200, tick_cb, &progress);
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, &job);
  sigterm = g_unix_signal_add (SIGTERM, interrupt_cb, &job);
  finished_source_add (&job);
  thread = g_thread_new ("descent-run", run_thread, &job);
  g_main_loop_run (loop);
  g_source_remove (tick);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_clear_handle_id (&job.abandon_id, g_source_remove);
  progress_draw (&progress, TRUE);

  if (job.abandoned)
    {
      /* The worker is still inside one long computation: save what it has
       * finished and leave it behind; _exit() frees nothing under it. */
      double seconds = (g_get_monotonic_time () - progress.start) / 1e6;
      g_autoptr(DtRecord) snapshot = dt_experiment_snapshot_stopped (record, seconds);

      g_printerr ("descent-cli: %s: %s\n", exp->id, dt_record_get_message (snapshot));
      status = save_outputs (exp, snapshot, out, plot, progress.quiet);
      fflush (stdout);
      fflush (stderr);
      _exit (status == EXIT_OK ? EXIT_RUN_FAILED : status);
    }

  g_thread_join (thread);
  g_free (progress.message);
  g_mutex_clear (&progress.lock);

  status = job.ok ? EXIT_OK : EXIT_RUN_FAILED;
  if (!job.ok)
    g_printerr ("descent-cli: %s: %s\n", exp->id, job.error ? job.error->message : "failed");
  g_clear_error (&job.error);

  if (save_outputs (exp, record, out, plot, progress.quiet) != EXIT_OK)
    return EXIT_RUN_FAILED;
  return status;
}

static gboolean
parse_size (const char *text,
            double     *value)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (text, 10, 16, 20000, &v, NULL))
    return FALSE;
  *value = (double) v;
  return TRUE;
}

static int
cmd_plot (int    argc,
          char **argv)
{
  const char *input = NULL;
  const char *out = NULL;
  const char *plot_id = NULL;
  double width = 640, height = 420;
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < argc; i++)
    {
      const char *arg = argv[i];

      if (!g_str_has_prefix (arg, "--"))
        {
          if (input)
            return usage_error ("plot takes one record, got “%s” and “%s”", input, arg);
          input = arg;
          continue;
        }
      if (i + 1 >= argc)
        return usage_error ("%s needs a value", arg);
      if (g_str_equal (arg, "--out"))
        out = argv[++i];
      else if (g_str_equal (arg, "--plot-id"))
        plot_id = argv[++i];
      else if (g_str_equal (arg, "--width"))
        {
          if (!parse_size (argv[++i], &width))
            return usage_error ("--width must be an integer in [16, 20000], got “%s”", argv[i]);
        }
      else if (g_str_equal (arg, "--height"))
        {
          if (!parse_size (argv[++i], &height))
            return usage_error ("--height must be an integer in [16, 20000], got “%s”", argv[i]);
        }
      else
        return usage_error ("unknown option “%s”\n%s", arg, usage_text);
    }

  if (input == NULL || out == NULL)
    return usage_error ("plot needs a record and --out FILE\n%s", usage_text);
  if (!check_output_path (out, TRUE, &error))
    return usage_error ("%s", error->message);

  record = dt_record_load (input, &error);
  if (record == NULL)
    return usage_error ("%s", error->message);
  if (plot_id && dt_record_lookup_plot (record, plot_id) == NULL)
    {
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint i = 0; i < dt_record_get_n_plots (record); i++)
        g_string_append_printf (ids, "%s%s", i ? ", " : "", dt_record_get_plot (record, i)->id);
      return usage_error ("%s has no plot “%s” (it has: %s)", input, plot_id, ids->str);
    }
  if (!dt_plot_export_record (record, plot_id, out, width, height, &error))
    {
      g_printerr ("descent-cli: %s\n", error->message);
      return EXIT_RUN_FAILED;
    }
  return EXIT_OK;
}

static int
cmd_info (int    argc,
          char **argv)
{
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  const char *message;
  guint64 points = 0;

  if (argc != 1)
    return usage_error ("info takes one record\n%s", usage_text);

  record = dt_record_load (argv[0], &error);
  if (record == NULL)
    return usage_error ("%s", error->message);

  message = dt_record_get_message (record);
  g_print ("experiment  %s\n", dt_record_get_experiment (record));
  g_print ("status      %s%s%s\n", dt_status_to_string (dt_record_get_status (record)),
           message != NULL ? ": " : "", message != NULL ? message : "");
  for (guint i = 0; i < dt_record_get_n_series (record); i++)
    points += dt_record_get_series (record, i)->x->len;
  g_print ("series      %u, %" G_GUINT64_FORMAT " points\n", dt_record_get_n_series (record), points);
  for (guint i = 0; i < dt_record_get_n_plots (record); i++)
    {
      const DtPlotSpec *spec = dt_record_get_plot (record, i);

      if (spec->kind == DT_PLOT_HEATMAP)
        g_print ("plot        %s — %s (heat map, %u × %u)\n", spec->id, spec->title,
                 spec->matrix.rows, spec->matrix.cols);
      else
        g_print ("plot        %s — %s (%u series)\n", spec->id, spec->title, spec->series->len);
    }
  return EXIT_OK;
}

int
main (int   argc,
      char *argv[])
{
  dt_blas_select_kernel (argv);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      if (argc < 2)
        {
          g_printerr ("%s", usage_text);
          return EXIT_USAGE;
        }
      g_print ("%s", usage_text);
      return EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("descent-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }
  if (g_str_equal (argv[1], "list"))
    return cmd_list ();
  if (g_str_equal (argv[1], "run"))
    return cmd_run (argc - 2, argv + 2);
  if (g_str_equal (argv[1], "plot"))
    return cmd_plot (argc - 2, argv + 2);
  if (g_str_equal (argv[1], "info"))
    return cmd_info (argc - 2, argv + 2);
  if (g_str_equal (argv[1], "bench"))
    return descent_bench_main (argc - 2, argv + 2);

  return usage_error ("unknown command “%s”\n%s", argv[1], usage_text);
}
