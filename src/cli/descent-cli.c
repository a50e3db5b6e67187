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
#include "descent-options.h"
#include "dt-blas.h"
#include "dt-error.h"
#include "dt-file.h"
#include "dt-memory.h"
#include "dt-plot.h"
#include "dt-record-csv.h"
#include "dt-registry.h"
#include "dt-run.h"

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
  "  descent-cli export RECORD.json --csv DIR [--quiet]\n"
  "                  the data of each plot as a CSV file in DIR\n"
  "  descent-cli bench [--repeat N] [--threads N] [--only NAME] [--json FILE]\n"
  "\n"
  "“descent-cli COMMAND --help” describes a command and its options;\n"
  "“descent-cli run EXPERIMENT --help” also lists the experiment's parameters.\n";

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

/* The parameters of @exp, one per line with type, default, range, when it
 * applies and help. */
static void
describe_params (GString            *out,
                 const DtExperiment *exp)
{
  g_autoptr(DtParams) defaults = dt_params_new (exp->params, exp->n_params);

  for (guint j = 0; j < exp->n_params; j++)
    {
      const DtParamSpec *spec = &exp->params[j];
      g_autofree char *def = dt_params_to_string (defaults, spec->key);
      g_autofree char *range = dt_params_describe_range (spec);

      g_string_append_printf (out, "    %-14s %-10s default %-12s %s\n",
                              spec->key, type_name (spec->type), def, range);
      if (spec->applies != NULL)
        g_string_append_printf (out, "    %-14s only when %s\n", "", spec->applies);
      g_string_append_printf (out, "    %-14s %s\n", "", _(spec->help));
    }
}

static int
cmd_list (int    argc,
          char **argv)
{
  const GOptionEntry entries[] = { { NULL } };

  if (!descent_options_parse ("list", NULL, "Lists the experiments and their parameters.",
                              NULL, entries, NULL, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 1)
    return usage_error ("list takes no arguments, got “%s”", argv[1]);

  for (guint i = 0; i < dt_registry_get_n_experiments (); i++)
    {
      const DtExperiment *exp = dt_registry_get_experiment (i);
      g_autoptr(GString) params = g_string_new (NULL);

      describe_params (params, exp);
      g_print ("%s — %s\n  %s\n%s\n", exp->id, _(exp->title), _(exp->summary), params->str);
    }
  return EXIT_OK;
}

/* The progress line on a terminal. */
typedef struct
{
  DtRun    *run;
  gboolean  tty;
  gboolean  quiet;
  guint     last_width;
} Progress;

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
  g_autofree char *message = NULL;
  double fraction, remaining;
  const int bar = 30;
  int filled;

  if (p->quiet || !p->tty)
    return;

  fraction = dt_run_get_progress (p->run, &message);
  remaining = dt_run_get_remaining (p->run);
  filled = (int) (fraction * bar + 0.5);
  g_string_append_c (line, '[');
  for (int i = 0; i < bar; i++)
    g_string_append (line, i < filled ? "#" : "-");
  g_string_append_printf (line, "] %3.0f%%  ", fraction * 100);
  format_duration (dt_run_get_elapsed (p->run), line);
  if (remaining >= 0 && !final)
    {
      g_string_append (line, ", ETA ");
      format_duration (remaining, line);
    }
  g_string_append (line, "  ");
  g_string_append (line, message != NULL ? message : "");
  /* pad over a longer previous line */
  while (line->len < p->last_width)
    g_string_append_c (line, ' ');
  p->last_width = line->len;
  fputs (line->str, stderr);
  if (final)
    fputc ('\n', stderr);
  fflush (stderr);
}

static void
run_done_cb (DtRun    *run,
             gpointer  data)
{
  g_main_loop_quit (data);
}

static gboolean
tick_cb (gpointer data)
{
  progress_draw (data, FALSE);
  return G_SOURCE_CONTINUE;
}

static gboolean
interrupt_cb (gpointer data)
{
  Progress *progress = data;

  if (!progress->quiet)
    g_printerr ("\ndescent-cli: interrupted; stopping and keeping what is finished\n");
  dt_run_cancel (progress->run);
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

typedef struct
{
  DtParams *params;
  gboolean  quiet;
  gboolean  dry_run;
  char     *out;
  char     *plot;
} RunOptions;

static gboolean
run_set_cb (const char  *option_name,
            const char  *value,
            gpointer     data,
            GError     **error)
{
  RunOptions *options = data;

  if (options->params == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "%s needs an experiment first: descent-cli run EXPERIMENT %s …",
                   option_name, option_name);
      return FALSE;
    }
  if (g_str_equal (option_name, "--seed"))
    return dt_params_set_from_string (options->params, "seed", value, error);
  return parse_set (options->params, value, error);
}

static void
run_options_clear (RunOptions *options)
{
  g_clear_pointer (&options->params, dt_params_free);
  g_clear_pointer (&options->out, g_free);
  g_clear_pointer (&options->plot, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunOptions, run_options_clear)

static char *
experiment_ids (void)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < dt_registry_get_n_experiments (); i++)
    g_string_append_printf (ids, "%s%s", i ? ", " : "", dt_registry_get_experiment (i)->id);
  return g_string_free (ids, FALSE);
}

/* Parses `run [EXPERIMENT] [OPTION…]`; --set and --seed apply in the order
 * given. Returns the experiment, or %NULL after a usage message. */
static const DtExperiment *
parse_run_options (int         argc,
                   char      **argv,
                   RunOptions *options)
{
  const DtExperiment *exp = NULL;
  g_autofree char *ids = experiment_ids ();
  g_autofree char *summary = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GString) description = g_string_new (NULL);
  const GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_CALLBACK, run_set_cb,
      "Set a parameter of the experiment (repeatable)", "KEY=VALUE" },
    { "seed", 0, 0, G_OPTION_ARG_CALLBACK, run_set_cb, "The same as --set seed=N", "N" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &options->out, "Save the record here", "RUN.json" },
    { "plot", 0, 0, G_OPTION_ARG_FILENAME, &options->plot,
      "Export the first plot here", "FILE.svg|png|pdf" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &options->quiet, "Print no progress", NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &options->dry_run,
      "Print the memory estimate and the number of work units, and stop", NULL },
    { NULL }
  };

  if (argc > 1 && argv[1][0] != '-')
    {
      exp = dt_registry_lookup (argv[1]);
      if (exp == NULL)
        {
          usage_error ("unknown experiment “%s” (known: %s)", argv[1], ids);
          return NULL;
        }
      options->params = dt_params_new (exp->params, exp->n_params);
      summary = g_strdup_printf ("%s — %s\n  %s", exp->id, _(exp->title), _(exp->summary));
      g_string_append_printf (description, "Parameters of %s (--set KEY=VALUE):\n", exp->id);
      describe_params (description, exp);
    }
  else
    {
      summary = g_strdup ("Runs an experiment and saves its record.");
      g_string_append_printf (description, "Experiments: %s.\n"
                              "“descent-cli run EXPERIMENT --help” lists its parameters.", ids);
    }

  command = exp != NULL ? g_strdup_printf ("run %s", exp->id) : g_strdup ("run");
  if (!descent_options_parse (command, exp != NULL ? NULL : "EXPERIMENT", summary,
                              description->str, entries, options, &argc, &argv))
    return NULL;
  if (exp == NULL)
    {
      usage_error ("run needs an experiment: one of %s", ids);
      return NULL;
    }
  if (argc > 2)
    {
      usage_error ("run takes one experiment, got “%s” too", argv[2]);
      return NULL;
    }
  return exp;
}

static int
cmd_run (int    argc,
         char **argv)
{
  const DtExperiment *exp;
  g_auto(RunOptions) options = { 0, };
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(DtRun) run = NULL;
  g_autoptr(GError) error = NULL;
  DtParams *params;
  const char *out, *plot;
  Progress progress = { 0, };
  guint tick, sigint, sigterm;
  gboolean ok;
  int status;

  exp = parse_run_options (argc, argv, &options);
  if (exp == NULL)
    return EXIT_USAGE;
  params = options.params;
  out = options.out;
  plot = options.plot;
  progress.quiet = options.quiet;

  if (out && !check_output_path (out, FALSE, &error))
    return usage_error ("%s", error->message);
  if (plot && !check_output_path (plot, TRUE, &error))
    return usage_error ("%s", error->message);

  if (options.dry_run)
    {
      print_estimate (exp, params);
      if (!dt_experiment_check (exp, params, &error))
        return usage_error ("%s", error->message);
      return EXIT_OK;
    }
  if (!dt_experiment_check (exp, params, &error))
    return usage_error ("%s", error->message);

  record = dt_experiment_prepare_record (exp, params);
  loop = g_main_loop_new (NULL, FALSE);
  progress.tty = isatty (STDERR_FILENO);
  progress.run = run = dt_run_start (exp, params, record, NULL, run_done_cb, loop);
  tick = g_timeout_add (200, tick_cb, &progress);
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, &progress);
  sigterm = g_unix_signal_add (SIGTERM, interrupt_cb, &progress);
  g_main_loop_run (loop);
  g_source_remove (tick);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  progress_draw (&progress, TRUE);

  ok = dt_run_propagate_error (run, &error);
  if (!ok)
    g_printerr ("descent-cli: %s: %s\n", exp->id, error->message);
  status = save_outputs (exp, dt_run_get_record (run), out, plot, progress.quiet);

  if (dt_run_get_detached (run))
    {
      /* The worker is still inside one long computation and what it had
       * finished is saved: leave it behind; _exit() frees nothing under it. */
      fflush (stdout);
      fflush (stderr);
      _exit (status == EXIT_OK ? EXIT_RUN_FAILED : status);
    }

  if (status != EXIT_OK)
    return EXIT_RUN_FAILED;
  return ok ? EXIT_OK : EXIT_RUN_FAILED;
}

typedef struct
{
  char  *out;
  char  *plot_id;
  double width;
  double height;
} PlotOptions;

static gboolean
plot_size_cb (const char  *option_name,
              const char  *value,
              gpointer     data,
              GError     **error)
{
  PlotOptions *options = data;
  guint64 v;

  if (!g_ascii_string_to_unsigned (value, 10, 16, 20000, &v, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s must be an integer in [16, 20000], got “%s”", option_name, value);
      return FALSE;
    }
  if (g_str_equal (option_name, "--width"))
    options->width = (double) v;
  else
    options->height = (double) v;
  return TRUE;
}

static int
cmd_plot (int    argc,
          char **argv)
{
  PlotOptions options = { NULL, NULL, 640, 420 };
  g_autofree char *out = NULL;
  g_autofree char *plot_id = NULL;
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  const char *input;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &options.out, "Write the plot here", "FILE.svg|png|pdf" },
    { "plot-id", 0, 0, G_OPTION_ARG_STRING, &options.plot_id,
      "Which plot (default: the first; “descent-cli info” lists them)", "ID" },
    { "width", 0, 0, G_OPTION_ARG_CALLBACK, plot_size_cb, "Width in pixels (default 640)", "W" },
    { "height", 0, 0, G_OPTION_ARG_CALLBACK, plot_size_cb, "Height in pixels (default 420)", "H" },
    { NULL }
  };
  gboolean parsed;

  parsed = descent_options_parse ("plot", "RECORD.json", "Draws a plot of a saved record.",
                                  NULL, entries, &options, &argc, &argv);
  out = options.out;
  plot_id = options.plot_id;
  if (!parsed)
    return EXIT_USAGE;
  if (argc > 2)
    return usage_error ("plot takes one record, got “%s” and “%s”", argv[1], argv[2]);
  input = argc > 1 ? argv[1] : NULL;

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
  if (!dt_plot_export_record (record, plot_id, out, options.width, options.height, &error))
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

  const GOptionEntry entries[] = { { NULL } };

  if (!descent_options_parse ("info", "RECORD.json",
                              "Checks a saved record and says what it holds.",
                              NULL, entries, NULL, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    return usage_error ("info takes one record\n%s", usage_text);

  record = dt_record_load (argv[1], &error);
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

static int
cmd_export (int    argc,
            char **argv)
{
  g_autofree char *csv = NULL;
  gboolean quiet = FALSE;
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) written = NULL;
  const GOptionEntry entries[] = {
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv,
      "Write the data of each plot as a CSV file into this folder (made if missing)", "DIR" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not list the files written", NULL },
    { NULL }
  };

  if (!descent_options_parse ("export", "RECORD.json",
                              "Exports the data of a saved record's plots.",
                              "Each plot becomes DIR/PLOT-ID.csv (“descent-cli info” lists the plots):\n"
                              "comment lines starting with “# ” with the experiment, its provenance and\n"
                              "all its parameters, then the rows “series,label,x,y,err” of a line plot\n"
                              "or “row,column,value” of a heat map. Existing files are replaced.",
                              entries, NULL, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 2)
    return usage_error ("export takes one record, got “%s” and “%s”", argv[1], argv[2]);
  if (argc < 2)
    return usage_error ("export needs a record and --csv DIR\n%s", usage_text);
  if (csv == NULL)
    return usage_error ("export needs --csv DIR, the folder to write the CSV files into");

  record = dt_record_load (argv[1], &error);
  if (record == NULL)
    return usage_error ("%s", error->message);
  if (dt_record_get_n_plots (record) == 0)
    {
      g_printerr ("descent-cli: %s has no plots to export\n", argv[1]);
      return EXIT_RUN_FAILED;
    }

  written = dt_record_export_csv (record, csv, &error);
  if (written == NULL)
    {
      g_printerr ("descent-cli: %s\n", error->message);
      return EXIT_RUN_FAILED;
    }
  if (!quiet)
    for (guint i = 0; written[i] != NULL; i++)
      g_print ("%s\n", written[i]);
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
    return cmd_list (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "run"))
    return cmd_run (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "plot"))
    return cmd_plot (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "info"))
    return cmd_info (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "export"))
    return cmd_export (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "bench"))
    return descent_bench_main (argc - 1, argv + 1);

  return usage_error ("unknown command “%s”\n%s", argv[1], usage_text);
}
