/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-record"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dt-file.h"
#include "dt-json-writer.h"
#include "dt-record-csv.h"

/*
 * The data of a record's plots as CSV, for spreadsheets and scripts:
 * RFC 4180 fields, "\n" line ends, UTF-8. Each file starts with "# "
 * comment lines that say what the run was (experiment, status, provenance,
 * every parameter) and what the plot shows, then a header row and one row
 * per point (line plots) or cell (heat maps). Numbers are the shortest text
 * that reads back bit-exact; NaN and infinities are empty fields.
 */

/* A field is quoted only when it has to be: for a comma, a quote or a line
 * break inside, for spaces a reader would trim, and for a leading '#' that
 * a reader skipping comment lines would take for one. */
static gboolean
field_needs_quotes (const char *text)
{
  gsize length = strlen (text);

  if (length == 0)
    return FALSE;

  return strpbrk (text, ",\"\r\n") != NULL || text[0] == '#' ||
         g_ascii_isspace (text[0]) || g_ascii_isspace (text[length - 1]);
}

static void
append_field (GString    *out,
              const char *text)
{
  if (text == NULL)
    return;

  if (!field_needs_quotes (text))
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* NaN and infinities have no number in CSV: an empty field. */
static void
append_number (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return;

  dt_params_format_double (buf, sizeof buf, value);
  g_string_append (out, buf);
}

/* One "# " line; line breaks in the text (a status message, a label)
 * become spaces so that the comment stays one line. */
static void
append_comment (GString    *out,
                const char *format,
                ...) G_GNUC_PRINTF (2, 3);

static void
append_comment (GString    *out,
                const char *format,
                ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  for (char *p = text; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r')
      *p = ' ';

  g_string_append (out, "# ");
  g_string_append (out, text);
  g_string_append_c (out, '\n');
}

/* A string parameter is written as it is unless a reader could not tell
 * where it ends (spaces, commas, quotes) or it is empty: then as a JSON
 * string. */
static void
append_param_string (GString    *out,
                     const char *text)
{
  gboolean plain = *text != '\0';

  for (const char *p = text; plain && *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f || *p == ' ' || *p == ',' || *p == '"' || *p == '\\')
      plain = FALSE;

  if (plain)
    g_string_append (out, text);
  else
    dt_json_write_string (out, text);
}

static void
append_param_value (GString  *out,
                    JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          return;

        case G_TYPE_DOUBLE:
          if (isfinite (json_node_get_double (node)))
            append_number (out, json_node_get_double (node));
          else
            g_string_append (out, "null");
          return;

        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          return;

        case G_TYPE_STRING:
          append_param_string (out, json_node_get_string (node));
          return;

        default:
          break;
        }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        gboolean flat = TRUE;

        for (guint i = 0; i < n; i++)
          if (!JSON_NODE_HOLDS_VALUE (json_array_get_element (array, i)))
            flat = FALSE;

        /* lists of numbers, as on the command line: "8,32,128" */
        if (flat)
          {
            for (guint i = 0; i < n; i++)
              {
                if (i > 0)
                  g_string_append_c (out, ',');
                append_param_value (out, json_array_get_element (array, i));
              }
            return;
          }
      }
      break;

    case JSON_NODE_NULL:
      g_string_append (out, "null");
      return;

    case JSON_NODE_OBJECT:
    default:
      break;
    }

  /* anything else, as compact JSON */
  {
    g_autofree char *json = json_to_string (node, FALSE);

    g_string_append (out, json);
  }
}

static void
append_params (GString    *out,
               JsonObject *params)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  g_string_append (out, "# parameters:");
  if (params != NULL)
    {
      /* in the order the record holds them: the experiment's table order */
      json_object_iter_init_ordered (&iter, params);
      while (json_object_iter_next_ordered (&iter, &key, &value))
        {
          g_autoptr(GString) text = g_string_new (NULL);

          append_param_value (text, value);
          /* a JSON string has no line breaks; compact JSON neither */
          g_string_append_printf (out, " %s=%s", key, text->str);
        }
    }
  g_string_append_c (out, '\n');
}

static gboolean
provenance_is_set (const DtProvenance *provenance)
{
  return provenance->app_version != NULL || provenance->blas != NULL ||
         provenance->host != NULL || provenance->seed != 0 || provenance->threads != 0;
}

static void
append_run (GString  *out,
            DtRecord *record)
{
  const DtProvenance *provenance = dt_record_get_provenance (record);
  const char *message = dt_record_get_message (record);
  const char *status = dt_status_to_string (dt_record_get_status (record));

  append_comment (out, "experiment: %s", dt_record_get_experiment (record));
  if (message != NULL && *message != '\0')
    append_comment (out, "status: %s: %s", status, message);
  else
    append_comment (out, "status: %s", status);
  if (provenance->created != NULL)
    append_comment (out, "created: %s", provenance->created);

  if (provenance_is_set (provenance))
    {
      if (provenance->app_version != NULL)
        append_comment (out, "descent version: %s", provenance->app_version);
      append_comment (out, "seed: %" G_GUINT64_FORMAT, provenance->seed);
      if (provenance->threads > 0)
        append_comment (out, "threads: %d", provenance->threads);
      if (provenance->blas != NULL)
        append_comment (out, "blas: %s", provenance->blas);
      if (isfinite (provenance->wall_seconds) && provenance->wall_seconds > 0)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          /* in the C locale, whatever the user's */
          g_ascii_formatd (buf, sizeof buf, "%.3f", provenance->wall_seconds);
          append_comment (out, "wall seconds: %s", buf);
        }
      if (provenance->host != NULL)
        append_comment (out, "host: %s", provenance->host);
    }

  append_params (out, dt_record_get_params (record));
}

/* "label (extra)", or "(extra)" without a label. */
static void
append_axis (GString    *out,
             const char *name,
             const char *label,
             const char *extra)
{
  if (label != NULL && *label != '\0')
    append_comment (out, "%s: %s (%s)", name, label, extra);
  else
    append_comment (out, "%s: (%s)", name, extra);
}

static void
append_plot_header (GString          *out,
                    const DtPlotSpec *spec)
{
  if (spec->title != NULL && *spec->title != '\0')
    append_comment (out, "plot: %s — %s", spec->id, spec->title);
  else
    append_comment (out, "plot: %s", spec->id);

  if (spec->kind == DT_PLOT_HEATMAP)
    {
      g_autofree char *cols = g_strdup_printf ("%u columns", spec->matrix.cols);
      g_autofree char *rows = g_strdup_printf ("%u rows", spec->matrix.rows);

      /* a heat map's axis labels name its columns and rows; no scales */
      append_axis (out, "x", spec->x_axis.label, cols);
      append_axis (out, "y", spec->y_axis.label, rows);
    }
  else
    {
      append_axis (out, "x", spec->x_axis.label, dt_scale_to_string (spec->x_axis.scale));
      append_axis (out, "y", spec->y_axis.label, dt_scale_to_string (spec->y_axis.scale));
    }

  for (guint i = 0; spec->notes != NULL && i < spec->notes->len; i++)
    append_comment (out, "note: %s", (const char *) g_ptr_array_index (spec->notes, i));

  for (guint i = 0; spec->vlines != NULL && i < spec->vlines->len; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE] = "";
      const char *label = NULL;
      double x = g_array_index (spec->vlines, double, i);

      if (spec->vline_labels != NULL && i < spec->vline_labels->len)
        label = g_ptr_array_index (spec->vline_labels, i);
      if (isfinite (x))
        dt_params_format_double (buf, sizeof buf, x);
      if (label != NULL && *label != '\0')
        append_comment (out, "line at x = %s: %s", buf, label);
      else
        append_comment (out, "line at x = %s", buf);
    }
}

static void
append_lines (GString          *out,
              DtRecord         *record,
              const DtPlotSpec *spec)
{
  g_string_append (out, "series,label,x,y,err\n");

  for (guint s = 0; spec->series != NULL && s < spec->series->len; s++)
    {
      const char *id = g_ptr_array_index (spec->series, s);
      const DtSeries *series = dt_record_lookup_series (record, id);
      guint n;

      /* a plot may name a series the run never made: nothing to write */
      if (series == NULL)
        continue;

      n = MIN (series->x->len, series->y->len);
      for (guint i = 0; i < n; i++)
        {
          append_field (out, series->id);
          g_string_append_c (out, ',');
          append_field (out, series->label);
          g_string_append_c (out, ',');
          append_number (out, g_array_index (series->x, double, i));
          g_string_append_c (out, ',');
          append_number (out, g_array_index (series->y, double, i));
          g_string_append_c (out, ',');
          if (series->err != NULL && i < series->err->len)
            append_number (out, g_array_index (series->err, double, i));
          g_string_append_c (out, '\n');
        }
    }
}

static void
append_cells (GString          *out,
              const DtPlotSpec *spec)
{
  const DtPlotMatrix *matrix = &spec->matrix;

  g_string_append (out, "row,column,value\n");

  for (guint r = 0; r < matrix->rows; r++)
    for (guint c = 0; c < matrix->cols; c++)
      {
        gsize index = (gsize) r * matrix->cols + c;

        g_string_append_printf (out, "%u,%u,", r, c);
        if (matrix->values != NULL && index < matrix->values->len)
          append_number (out, g_array_index (matrix->values, double, index));
        g_string_append_c (out, '\n');
      }
}

static char *
plot_to_csv (DtRecord         *record,
             const DtPlotSpec *spec)
{
  GString *out = g_string_new (NULL);

  append_run (out, record);
  append_plot_header (out, spec);
  if (spec->kind == DT_PLOT_HEATMAP)
    append_cells (out, spec);
  else
    append_lines (out, record, spec);

  return g_string_free (out, FALSE);
}

/**
 * dt_record_plot_to_csv:
 * @record: a record no other thread is writing
 * @plot_id: the id of one of its plots
 * @error: return location for a #GError in %DT_RECORD_ERROR
 *
 * Writes the data of one plot as CSV (RFC 4180, "\n" line ends, UTF-8).
 * Comment lines starting with "# " come first: the experiment, the status,
 * the creation time and provenance when the record has them, a line
 * "# parameters: key=value …" with every parameter, then the plot's id and
 * title, its axes, notes and reference lines. A line plot then has the
 * header row "series,label,x,y,err" and a row per point of each of its
 * series, in legend order; a heat map has "row,column,value" and a row per
 * cell. Numbers read back exactly; NaN, infinities and missing errors are
 * empty fields. A field is quoted only when it holds a comma, a quote, a
 * line break, leading or trailing space, or starts with "#".
 *
 * Returns: (transfer full) (nullable): the CSV text, or %NULL with
 *   %DT_RECORD_ERROR_INVALID if @record has no plot @plot_id
 */
char *
dt_record_plot_to_csv (DtRecord    *record,
                       const char  *plot_id,
                       GError     **error)
{
  const DtPlotSpec *spec;

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (plot_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  spec = dt_record_lookup_plot (record, plot_id);
  if (spec == NULL)
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                   _("The record has no plot “%s”"), plot_id);
      return NULL;
    }

  return plot_to_csv (record, spec);
}

/* "<id>.csv" with every character outside [A-Za-z0-9_.-] replaced by '-'
 * (and a leading '.', which would hide the file); a name already @taken
 * gets "-2", "-3", … so that two plots never share a file. */
static char *
plot_file_name (const char *id,
                GHashTable *taken)
{
  g_autoptr(GString) base = g_string_new (NULL);
  gboolean valid = g_utf8_validate (id, -1, NULL);
  char *name;

  for (const char *p = id; *p != '\0'; p = valid ? g_utf8_next_char (p) : p + 1)
    {
      if (g_ascii_isalnum (*p) || *p == '_' || *p == '-' || (*p == '.' && p != id))
        g_string_append_c (base, *p);
      else
        g_string_append_c (base, '-');
    }
  if (base->len == 0)
    g_string_append (base, "plot");

  name = g_strconcat (base->str, ".csv", NULL);
  for (guint k = 2; g_hash_table_contains (taken, name); k++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u.csv", base->str, k);
    }
  g_hash_table_add (taken, g_strdup (name));

  return name;
}

/**
 * dt_record_export_csv:
 * @record: a record no other thread is writing
 * @dir: (type filename): the folder to write into; created (with its
 *   parents) if missing
 * @error: return location for a #GError in %DT_RECORD_ERROR
 *
 * Writes the data of every plot of @record into @dir, one file per plot in
 * the form of dt_record_plot_to_csv(), named "<plot id>.csv" with the
 * characters that do not belong in a file name replaced by "-". Each file
 * is written atomically: it is either complete or, when a write fails,
 * the file that was there before. The files before a failed one stay
 * written; the message names the file that failed.
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the paths
 *   written, in the order of the plots (empty for a record without plots),
 *   or %NULL with %DT_RECORD_ERROR_IO
 */
char **
dt_record_export_csv (DtRecord    *record,
                      const char  *dir,
                      GError     **error)
{
  g_autoptr(GStrvBuilder) written = NULL;
  g_autoptr(GHashTable) taken = NULL;
  guint n_plots;

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_autofree char *shown = g_filename_display_name (dir);

      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_IO,
                   _("Could not create the folder “%s”: %s"), shown, g_strerror (saved_errno));
      return NULL;
    }

  written = g_strv_builder_new ();
  taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n_plots = dt_record_get_n_plots (record);

  for (guint i = 0; i < n_plots; i++)
    {
      const DtPlotSpec *spec = dt_record_get_plot (record, i);
      g_autofree char *name = plot_file_name (spec->id, taken);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = plot_to_csv (record, spec);
      g_autoptr(GError) local_error = NULL;

      if (!dt_file_write_atomic (path, text, strlen (text), &local_error))
        {
          g_autofree char *shown = g_filename_display_name (path);

          if (i == 0)
            g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_IO,
                         _("Could not write “%s”: %s"), shown, local_error->message);
          else
            g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_IO,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "Could not write “%s”: %s (the %u file before it was written)",
                                      "Could not write “%s”: %s (the %u files before it were written)",
                                      i),
                         shown, local_error->message, i);
          return NULL;
        }
      g_strv_builder_add (written, path);
    }

  return g_strv_builder_end (written);
}
