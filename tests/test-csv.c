/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-csv"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dt-record-csv.h"
#include "test-tmp.h"

static const char * const modes[] = { "shared", "independent", NULL };

static const DtParamSpec specs[] = {
  { "seed", "Seed", "Random seed", DT_PARAM_INT, 0, 1e9, 7, NULL, NULL, FALSE, 0 },
  { "lr", "Learning rate", "Step size", DT_PARAM_DOUBLE, 1e-5, 10, 0.1, NULL, NULL, TRUE, 4 },
  { "tiny", "Tiny", "A very small number", DT_PARAM_DOUBLE, 0, 1, 1e-300, NULL, NULL, FALSE, 4 },
  { "mode", "Mode", "How halves share data", DT_PARAM_CHOICE, 0, 0, 0, "independent", modes, FALSE, 0 },
  { "dataset", "Data set", "Where the data come from", DT_PARAM_STRING, 0, 0, 0, "my data, v2", NULL, FALSE, 0 },
  { "widths", "Widths", "Hidden widths", DT_PARAM_INT_LIST, 1, 4096, 0, "8,32,128", NULL, TRUE, 0 },
  { "alphas", "Alphas", "Path positions", DT_PARAM_DOUBLE_LIST, 0, 1, 0, "0,0.1,1", NULL, FALSE, 2 },
};

static const char expected_params[] =
  "# parameters: seed=7 lr=0.1 tiny=1e-300 mode=independent dataset=\"my data, v2\" "
  "widths=8,32,128 alphas=0,0.1,1";

/* Hard numbers: exactly representable or not, tiny, denormal, negative
 * zero, and values CSV has no number for. */
static const double train_x[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const double train_y[] = { 0.1, 1e-300, NAN, -0.0, 1.0 / 3.0, 5e-324, INFINITY, 123456789012345678.0 };
static const double train_err[] = { 0.01, NAN, 0.5, 1e-17, -INFINITY, 2.0 / 3.0, 0, 1e300 };
static const double test_x[] = { 10, 100, 1000 };
static const double test_y[] = { 0.25, 0.125, 0.0625 };
static const double cells[] = { 1, 0, 0.1, NAN, 1e-300, -7.5 };

/* Plot ids that are not file names: "/", " ", ":" and a non-ASCII
 * character each become one '-'. */
#define LINES_ID   "path/train a"
#define LINES_FILE "path-train-a.csv"
#define RISK_ID    "risk"
#define CELLS_ID   "mask:1"
#define CELLS_FILE "mask-1.csv"
#define ACCENT_ID  "été"
#define ACCENT_FILE "-t-.csv"

static DtRecord *
build_record (void)
{
  g_autoptr(DtParams) params = dt_params_new (specs, G_N_ELEMENTS (specs));
  DtRecord *record = dt_record_new ("test-exp");
  DtPlotSpec *spec;

  dt_record_set_params (record, params);
  dt_record_fill_provenance (record, 42, 3);
  dt_record_set_wall_seconds (record, 1.5);
  dt_record_set_status (record, DT_STATUS_COMPLETE, NULL);

  dt_record_add_series (record, "train", "Train, \"all\"", DT_STYLE_LINE);
  dt_record_set_points (record, "train", train_x, train_y, train_err, G_N_ELEMENTS (train_x));
  /* no error bars at all */
  dt_record_add_series (record, "test", " padded ", DT_STYLE_MARKERS);
  dt_record_set_points (record, "test", test_x, test_y, NULL, G_N_ELEMENTS (test_x));
  /* a first field that would read as a comment line */
  dt_record_add_series (record, "#extra", "#1", DT_STYLE_DASHED);
  dt_record_append_point (record, "#extra", 0.5, 2, NAN);

  spec = dt_plot_spec_new (LINES_ID, "Training, two ways", "step", DT_SCALE_LOG,
                           "loss", DT_SCALE_SYMLOG);
  dt_plot_spec_add_series (spec, "train");
  dt_plot_spec_add_series (spec, "ghost");   /* a series the run never made */
  dt_plot_spec_add_series (spec, "test");
  dt_plot_spec_add_series (spec, "#extra");
  dt_record_add_plot (record, spec);
  dt_record_add_plot_note (record, LINES_ID, "slope = -0.98");
  dt_record_add_plot_vline (record, LINES_ID, 0.1, "threshold");
  dt_record_add_plot_vline (record, LINES_ID, 4, NULL);

  spec = dt_plot_spec_new (RISK_ID, "Risk", "width", DT_SCALE_LINEAR, "risk", DT_SCALE_LOG);
  dt_plot_spec_add_series (spec, "test");
  dt_record_add_plot (record, spec);

  dt_record_add_plot (record, dt_plot_spec_new_heatmap (CELLS_ID, "Mask", "input", "output",
                                                        2, 3, cells));

  spec = dt_plot_spec_new (ACCENT_ID, NULL, NULL, DT_SCALE_LINEAR, NULL, DT_SCALE_LINEAR);
  dt_record_add_plot (record, spec);

  return record;
}

/* ------------------------------------------------------------ reading */

typedef struct
{
  GPtrArray *comments;   /* utf8: comment lines, without "# " */
  GPtrArray *rows;       /* GStrv: the header row first */
} Csv;

static void
csv_free (Csv *csv)
{
  g_ptr_array_unref (csv->comments);
  g_ptr_array_unref (csv->rows);
  g_free (csv);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Csv, csv_free)

/* An RFC 4180 reader that, like many, takes a line that starts with '#'
 * for a comment; it fails the test on text that is not well-formed. */
static Csv *
csv_parse (const char *text)
{
  Csv *csv = g_new0 (Csv, 1);
  const char *p = text;

  csv->comments = g_ptr_array_new_with_free_func (g_free);
  csv->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  while (*p != '\0')
    {
      g_autoptr(GStrvBuilder) row = NULL;

      if (*p == '#')
        {
          const char *end = strchr (p, '\n');

          g_assert_nonnull (end);
          g_assert_true (g_str_has_prefix (p, "# "));
          g_ptr_array_add (csv->comments, g_strndup (p + 2, end - p - 2));
          p = end + 1;
          continue;
        }

      row = g_strv_builder_new ();
      for (;;)
        {
          g_autoptr(GString) field = g_string_new (NULL);

          if (*p == '"')
            {
              for (p++;; p++)
                {
                  g_assert_true (*p != '\0');
                  if (*p == '"' && p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      p++;
                    }
                  else if (*p == '"')
                    {
                      p++;
                      break;
                    }
                  else
                    {
                      g_string_append_c (field, *p);
                    }
                }
            }
          else
            {
              for (; *p != ',' && *p != '\n' && *p != '\0'; p++)
                {
                  g_assert_true (*p != '"' && *p != '\r');
                  g_string_append_c (field, *p);
                }
            }
          g_strv_builder_add (row, field->str);

          if (*p == ',')
            {
              p++;
              continue;
            }
          /* every line ends with '\n', the last one too */
          g_assert_true (*p == '\n');
          p++;
          break;
        }
      g_ptr_array_add (csv->rows, g_strv_builder_end (row));
    }

  return csv;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (contents, -1, NULL));
  return contents;
}

static gboolean
has_comment (const Csv  *csv,
             const char *line)
{
  for (guint i = 0; i < csv->comments->len; i++)
    if (g_str_equal (g_ptr_array_index (csv->comments, i), line))
      return TRUE;
  return FALSE;
}

static const char *
comment_with_prefix (const Csv  *csv,
                     const char *prefix)
{
  for (guint i = 0; i < csv->comments->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (csv->comments, i), prefix))
      return g_ptr_array_index (csv->comments, i);
  return NULL;
}

/* A field holds @value exactly; NaN and infinities are empty fields. */
static void
assert_number (const char *field,
               double      value)
{
  char *end;
  double read;

  if (!isfinite (value))
    {
      g_assert_cmpstr (field, ==, "");
      return;
    }

  g_assert_cmpstr (field, !=, "");
  read = g_ascii_strtod (field, &end);
  g_assert_cmpint (*end, ==, '\0');
  if (read != value || signbit (read) != signbit (value))
    g_error ("“%s” reads back as %.17g, not %.17g", field, read, value);
}

static void
assert_row (char       **row,
            const char  *id,
            const char  *label,
            double       x,
            double       y,
            double       err)
{
  g_assert_cmpuint (g_strv_length (row), ==, 5);
  g_assert_cmpstr (row[0], ==, id);
  g_assert_cmpstr (row[1], ==, label);
  assert_number (row[2], x);
  assert_number (row[3], y);
  assert_number (row[4], err);
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-csv-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* The names in @dir. */
static GStrv
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_steal (names, NULL);
}

/* ------------------------------------------------------------ tests */

static void
test_line_plot (void)
{
  g_autoptr(DtRecord) record = build_record ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = dt_record_plot_to_csv (record, LINES_ID, &error);
  g_autoptr(Csv) csv = NULL;
  const char *created;
  guint row = 1;

  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "# experiment: test-exp\n# status: complete\n"));
  g_assert_null (strchr (text, '\r'));
  csv = csv_parse (text);

  /* the run */
  created = comment_with_prefix (csv, "created: ");
  g_assert_nonnull (created);
  g_assert_cmpstr (created + strlen ("created: "), ==, dt_record_get_provenance (record)->created);
  g_assert_true (has_comment (csv, "seed: 42"));
  g_assert_true (has_comment (csv, "threads: 3"));
  g_assert_true (has_comment (csv, "wall seconds: 1.500"));
  g_assert_nonnull (comment_with_prefix (csv, "descent version: " PACKAGE_VERSION));
  g_assert_nonnull (comment_with_prefix (csv, "blas: "));
  /* every parameter, in the table's order */
  g_assert_true (has_comment (csv, expected_params + 2));

  /* the plot */
  g_assert_true (has_comment (csv, "plot: " LINES_ID " — Training, two ways"));
  g_assert_true (has_comment (csv, "x: step (log)"));
  g_assert_true (has_comment (csv, "y: loss (symlog)"));
  g_assert_true (has_comment (csv, "note: slope = -0.98"));
  g_assert_true (has_comment (csv, "line at x = 0.1: threshold"));
  g_assert_true (has_comment (csv, "line at x = 4"));

  /* the header, then a row per point of the series shown, in legend
   * order; the missing series has none */
  g_assert_cmpuint (csv->rows->len, ==, 1 + G_N_ELEMENTS (train_x) + G_N_ELEMENTS (test_x) + 1);
  g_assert_cmpstrv (g_ptr_array_index (csv->rows, 0),
                    ((const char * const[]) { "series", "label", "x", "y", "err", NULL }));
  for (guint i = 0; i < G_N_ELEMENTS (train_x); i++)
    assert_row (g_ptr_array_index (csv->rows, row++), "train", "Train, \"all\"",
                train_x[i], train_y[i], train_err[i]);
  for (guint i = 0; i < G_N_ELEMENTS (test_x); i++)
    assert_row (g_ptr_array_index (csv->rows, row++), "test", " padded ", test_x[i], test_y[i], NAN);
  assert_row (g_ptr_array_index (csv->rows, row++), "#extra", "#1", 0.5, 2, NAN);

  /* quoted only where needed, quotes doubled */
  g_assert_nonnull (strstr (text, "\ntrain,\"Train, \"\"all\"\"\",1,0.1,0.01\n"));
  g_assert_nonnull (strstr (text, "\ntrain,\"Train, \"\"all\"\"\",2,1e-300,\n"));
  g_assert_nonnull (strstr (text, "\ntrain,\"Train, \"\"all\"\"\",3,,0.5\n"));
  g_assert_nonnull (strstr (text, "\ntest,\" padded \",10,0.25,\n"));
  g_assert_nonnull (strstr (text, "\n\"#extra\",\"#1\",0.5,2,\n"));
}

static void
test_heatmap (void)
{
  g_autoptr(DtRecord) record = build_record ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = dt_record_plot_to_csv (record, CELLS_ID, &error);
  g_autoptr(Csv) csv = NULL;

  g_assert_no_error (error);
  csv = csv_parse (text);
  g_assert_true (has_comment (csv, "plot: " CELLS_ID " — Mask"));
  g_assert_true (has_comment (csv, "x: input (3 columns)"));
  g_assert_true (has_comment (csv, "y: output (2 rows)"));
  g_assert_true (has_comment (csv, expected_params + 2));

  g_assert_cmpuint (csv->rows->len, ==, 1 + G_N_ELEMENTS (cells));
  g_assert_cmpstrv (g_ptr_array_index (csv->rows, 0),
                    ((const char * const[]) { "row", "column", "value", NULL }));
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      char **row = g_ptr_array_index (csv->rows, 1 + i);
      g_autofree char *r = g_strdup_printf ("%u", i / 3);
      g_autofree char *c = g_strdup_printf ("%u", i % 3);

      g_assert_cmpuint (g_strv_length (row), ==, 3);
      g_assert_cmpstr (row[0], ==, r);
      g_assert_cmpstr (row[1], ==, c);
      assert_number (row[2], cells[i]);
    }
  g_assert_nonnull (strstr (text, "\n1,0,\n"));   /* the NaN cell */
}

static void
test_unknown_plot (void)
{
  g_autoptr(DtRecord) record = build_record ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = dt_record_plot_to_csv (record, "nope", &error);

  g_assert_null (text);
  g_assert_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "nope"));
}

static void
test_no_provenance (void)
{
  g_autoptr(DtRecord) record = dt_record_new ("bare");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  dt_record_set_status (record, DT_STATUS_FAILED, "It broke\non line two");
  dt_record_add_plot (record, dt_plot_spec_new ("p", NULL, "x", DT_SCALE_LINEAR, NULL, DT_SCALE_LOG));
  text = dt_record_plot_to_csv (record, "p", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==,
                   "# experiment: bare\n"
                   "# status: failed: It broke on line two\n"
                   "# parameters:\n"
                   "# plot: p\n"
                   "# x: x (linear)\n"
                   "# y: (log)\n"
                   "series,label,x,y,err\n");
}

static void
test_export (void)
{
  g_autoptr(DtRecord) record = build_record ();
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = make_temp_dir ();
  g_autofree char *dir = g_build_filename (tmp, "made", "for", "it", NULL);
  g_auto(GStrv) written = NULL;
  g_auto(GStrv) names = NULL;
  const char *files[] = { LINES_FILE, "risk.csv", CELLS_FILE, ACCENT_FILE };
  const char *ids[] = { LINES_ID, RISK_ID, CELLS_ID, ACCENT_ID };

  /* the folder and its parents are made */
  written = dt_record_export_csv (record, dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (written);
  g_assert_cmpuint (g_strv_length (written), ==, dt_record_get_n_plots (record));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *expected = g_build_filename (dir, files[i], NULL);
      g_autofree char *text = read_text (written[i]);
      g_autofree char *same = dt_record_plot_to_csv (record, ids[i], NULL);
      g_autoptr(Csv) csv = csv_parse (text);

      g_assert_cmpstr (written[i], ==, expected);
      g_assert_cmpstr (text, ==, same);
      g_assert_true (has_comment (csv, expected_params + 2));
    }

  /* nothing else is left in the folder, no temporary file either */
  names = list_dir (dir);
  g_assert_cmpuint (g_strv_length (names), ==, G_N_ELEMENTS (files));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_assert_true (g_strv_contains ((const char * const *) names, files[i]));

  /* exporting again replaces the files */
  g_clear_pointer (&written, g_strfreev);
  written = dt_record_export_csv (record, dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (written), ==, G_N_ELEMENTS (files));

  test_remove_tree (tmp);
}

static void
test_export_names (void)
{
  g_autoptr(DtRecord) record = dt_record_new ("names");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = make_temp_dir ();
  g_auto(GStrv) written = NULL;
  const char *ids[] = { "a/b", "a:b", ".hidden", "ok_1.2-x", "../up" };
  const char *files[] = { "a-b.csv", "a-b-2.csv", "-hidden.csv", "ok_1.2-x.csv", "-.-up.csv" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    dt_record_add_plot (record, dt_plot_spec_new (ids[i], NULL, NULL, DT_SCALE_LINEAR,
                                                  NULL, DT_SCALE_LINEAR));

  /* two ids that clean up to the same name do not share a file; none
   * leaves the folder or hides */
  written = dt_record_export_csv (record, tmp, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (written), ==, G_N_ELEMENTS (files));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *base = g_path_get_basename (written[i]);
      g_autofree char *parent = g_path_get_dirname (written[i]);

      g_assert_cmpstr (base, ==, files[i]);
      g_assert_cmpstr (parent, ==, tmp);
      g_assert_true (g_file_test (written[i], G_FILE_TEST_IS_REGULAR));
    }

  test_remove_tree (tmp);
}

static void
test_export_no_plots (void)
{
  g_autoptr(DtRecord) record = dt_record_new ("empty");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = make_temp_dir ();
  g_auto(GStrv) written = dt_record_export_csv (record, tmp, &error);

  g_assert_no_error (error);
  g_assert_nonnull (written);
  g_assert_cmpuint (g_strv_length (written), ==, 0);

  test_remove_tree (tmp);
}

static void
test_export_errors (void)
{
  g_autoptr(DtRecord) record = build_record ();
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = make_temp_dir ();
  g_autofree char *file = g_build_filename (tmp, "a-file", NULL);
  g_autofree char *under = g_build_filename (file, "sub", NULL);
  g_autofree char *dir = g_build_filename (tmp, "out", NULL);
  g_autofree char *blocker = g_build_filename (dir, "risk.csv", NULL);
  g_autofree char *first = g_build_filename (dir, LINES_FILE, NULL);
  g_auto(GStrv) written = NULL;
  g_auto(GStrv) names = NULL;

  /* a folder under a regular file cannot be made */
  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  written = dt_record_export_csv (record, under, &error);
  g_assert_null (written);
  g_assert_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_IO);
  g_assert_nonnull (strstr (error->message, under));
  g_assert_false (g_file_test (under, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* the second file cannot be written (a folder has its name): the
   * message names it, the first file is complete, no temporary is left */
  g_assert_cmpint (g_mkdir_with_parents (blocker, 0755), ==, 0);
  written = dt_record_export_csv (record, dir, &error);
  g_assert_null (written);
  g_assert_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_IO);
  g_assert_nonnull (strstr (error->message, blocker));
  g_assert_nonnull (strstr (error->message, "1 file before it"));
  {
    g_autofree char *text = read_text (first);
    g_autofree char *same = dt_record_plot_to_csv (record, LINES_ID, NULL);

    g_assert_cmpstr (text, ==, same);
  }
  names = list_dir (dir);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) names, LINES_FILE));
  g_assert_true (g_strv_contains ((const char * const *) names, "risk.csv"));
  g_clear_error (&error);

  test_remove_tree (tmp);
}

/* A shipped example exports one file per plot, each with the header of
 * its kind and every point of its series. */
static void
test_example (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "examples",
                                                 "bias-variance.descent.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRecord) record = dt_record_load (path, &error);
  g_autofree char *tmp = make_temp_dir ();
  g_auto(GStrv) written = NULL;
  JsonObject *params;

  g_assert_no_error (error);
  g_assert_cmpuint (dt_record_get_n_plots (record), >, 0);

  written = dt_record_export_csv (record, tmp, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (written), ==, dt_record_get_n_plots (record));

  params = dt_record_get_params (record);
  for (guint i = 0; i < dt_record_get_n_plots (record); i++)
    {
      const DtPlotSpec *spec = dt_record_get_plot (record, i);
      g_autofree char *name = g_strconcat (spec->id, ".csv", NULL);
      g_autofree char *base = g_path_get_basename (written[i]);
      g_autofree char *text = read_text (written[i]);
      g_autoptr(Csv) csv = csv_parse (text);
      g_autoptr(GList) keys = json_object_get_members (params);
      const char *line = comment_with_prefix (csv, "parameters: ");
      guint points = 0;

      g_assert_cmpstr (base, ==, name);
      g_assert_true (has_comment (csv, "experiment: bias-variance"));
      g_assert_nonnull (line);
      for (GList *l = keys; l != NULL; l = l->next)
        {
          g_autofree char *word = g_strdup_printf (" %s=", (const char *) l->data);

          g_assert_nonnull (strstr (line, word));
        }

      if (spec->kind == DT_PLOT_HEATMAP)
        {
          points = spec->matrix.rows * spec->matrix.cols;
        }
      else
        {
          for (guint s = 0; s < spec->series->len; s++)
            {
              const DtSeries *series = dt_record_lookup_series (record, g_ptr_array_index (spec->series, s));

              points += series != NULL ? series->x->len : 0;
            }
        }
      g_assert_cmpuint (points, >, 0);
      g_assert_cmpuint (csv->rows->len, ==, 1 + points);
    }

  test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/line-plot", test_line_plot);
  g_test_add_func ("/csv/heatmap", test_heatmap);
  g_test_add_func ("/csv/unknown-plot", test_unknown_plot);
  g_test_add_func ("/csv/no-provenance", test_no_provenance);
  g_test_add_func ("/csv/export", test_export);
  g_test_add_func ("/csv/export-names", test_export_names);
  g_test_add_func ("/csv/export-no-plots", test_export_no_plots);
  g_test_add_func ("/csv/export-errors", test_export_errors);
  g_test_add_func ("/csv/example", test_example);

  return g_test_run ();
}
