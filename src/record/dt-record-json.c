/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-record"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dt-file.h"
#include "dt-lock.h"
#include "dt-record-private.h"

/*
 * The record file format (DESIGN.md, "The record"): a pretty-printed JSON
 * object with a fixed member order. The writer is our own rather than
 * JsonGenerator so that every double is written as the shortest text that
 * reads back bit-exact (and always with a '.' or an exponent, so that it
 * reads back as a double), non-finite numbers as null, and arrays of
 * numbers on few lines.
 *
 * The loader checks everything before it returns a record, and says where
 * a problem is: a line and column for syntax, a JSON path for structure.
 */

/* Deeper nesting is refused before parsing: json-glib's parser recurses per
 * level and would overflow the stack on a hostile file. A record needs fewer
 * than ten levels. */
#define MAX_DEPTH 128

/* Arrays of numbers and strings are wrapped at this column. */
#define WRAP_COLUMN 100

/* Words */

/**
 * dt_scale_to_string:
 * @scale: an axis scale
 *
 * Returns: (transfer none): the word used for @scale in records and on the
 *   command line: "linear", "log" or "symlog"
 */
const char *
dt_scale_to_string (DtScale scale)
{
  switch (scale)
    {
    case DT_SCALE_LINEAR:
      return "linear";
    case DT_SCALE_LOG:
      return "log";
    case DT_SCALE_SYMLOG:
      return "symlog";
    default:
      g_return_val_if_reached ("linear");
    }
}

/**
 * dt_status_to_string:
 * @status: a record status
 *
 * Returns: (transfer none): "running", "complete", "cancelled" or "failed";
 *   a running record is saved as "cancelled"
 */
const char *
dt_status_to_string (DtRecordStatus status)
{
  switch (status)
    {
    case DT_STATUS_RUNNING:
      return "running";
    case DT_STATUS_COMPLETE:
      return "complete";
    case DT_STATUS_CANCELLED:
      return "cancelled";
    case DT_STATUS_FAILED:
      return "failed";
    default:
      g_return_val_if_reached ("failed");
    }
}

/**
 * dt_plot_kind_to_string:
 * @kind: a plot kind
 *
 * Returns: (transfer none): the word used for @kind in records: "lines"
 *   or "heatmap"
 */
const char *
dt_plot_kind_to_string (DtPlotKind kind)
{
  switch (kind)
    {
    case DT_PLOT_LINES:
      return "lines";
    case DT_PLOT_HEATMAP:
      return "heatmap";
    default:
      g_return_val_if_reached ("lines");
    }
}

static gboolean
plot_kind_from_string (const char *text,
                       DtPlotKind *kind)
{
  for (DtPlotKind k = DT_PLOT_LINES; k <= DT_PLOT_HEATMAP; k++)
    if (strcmp (text, dt_plot_kind_to_string (k)) == 0)
      {
        *kind = k;
        return TRUE;
      }

  return FALSE;
}

static gboolean
scale_from_string (const char *text,
                   DtScale    *scale)
{
  for (DtScale s = DT_SCALE_LINEAR; s <= DT_SCALE_SYMLOG; s++)
    if (strcmp (text, dt_scale_to_string (s)) == 0)
      {
        *scale = s;
        return TRUE;
      }

  return FALSE;
}

static gboolean
style_from_string (const char    *text,
                   DtSeriesStyle *style)
{
  for (DtSeriesStyle s = DT_STYLE_LINE; s <= DT_STYLE_MARKERS; s++)
    if (strcmp (text, dt_style_to_string (s)) == 0)
      {
        *style = s;
        return TRUE;
      }

  return FALSE;
}

static gboolean
status_from_string (const char     *text,
                    DtRecordStatus *status)
{
  for (DtRecordStatus s = DT_STATUS_COMPLETE; s <= DT_STATUS_FAILED; s++)
    if (strcmp (text, dt_status_to_string (s)) == 0)
      {
        *status = s;
        return TRUE;
      }

  return FALSE;
}

const char *
dt_json_describe_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("true or false");
    default:
      return _("a number");
    }
}

/* Writer */

static void
write_indent (GString *out,
              guint    level)
{
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static void
write_string (GString    *out,
              const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    text = "";

  /* A label from a bad source must not make the file unreadable. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

/* Formats @value as the shortest text that reads back to exactly the same
 * double, marked as a double by a '.' or an exponent ("2.0", "-0.0",
 * "1e+300"); NaN and infinities become null. */
static void
format_double (char   *buf,
               gsize   size,
               double  value)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };

  if (!isfinite (value))
    {
      g_strlcpy (buf, "null", size);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, size, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  if (strpbrk (buf, ".e") == NULL)
    g_strlcat (buf, ".0", size);
}

static void
write_double (GString *out,
              double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 2];

  format_double (buf, sizeof buf, value);
  g_string_append (out, buf);
}

/* Writes the members of an object one per line. */
typedef struct
{
  GString  *out;
  guint     level;
  gboolean  empty;
} ObjectWriter;

static void
object_begin (ObjectWriter *w,
              GString      *out,
              guint         level)
{
  w->out = out;
  w->level = level;
  w->empty = TRUE;
  g_string_append_c (out, '{');
}

static void
object_member (ObjectWriter *w,
               const char   *name)
{
  if (!w->empty)
    g_string_append_c (w->out, ',');
  g_string_append_c (w->out, '\n');
  write_indent (w->out, w->level + 1);
  write_string (w->out, name);
  g_string_append (w->out, ": ");
  w->empty = FALSE;
}

static void
object_end (ObjectWriter *w)
{
  if (!w->empty)
    {
      g_string_append_c (w->out, '\n');
      write_indent (w->out, w->level);
    }
  g_string_append_c (w->out, '}');
}

/* Writes short items of an array after each other, wrapping long lines. */
typedef struct
{
  GString  *out;
  guint     level;
  gsize     line_start;
  gboolean  empty;
} InlineWriter;

static void
inline_begin (InlineWriter *w,
              GString      *out,
              guint         level)
{
  const char *newline = NULL;

  for (gsize i = out->len; i > 0; i--)
    if (out->str[i - 1] == '\n')
      {
        newline = out->str + i - 1;
        break;
      }

  w->out = out;
  w->level = level;
  w->line_start = newline != NULL ? (gsize) (newline - out->str) + 1 : 0;
  w->empty = TRUE;
  g_string_append_c (out, '[');
}

static void
inline_item (InlineWriter *w,
             const char   *text,
             gsize         len)
{
  if (!w->empty)
    {
      g_string_append_c (w->out, ',');
      if (w->out->len - w->line_start + 1 + len > WRAP_COLUMN)
        {
          g_string_append_c (w->out, '\n');
          w->line_start = w->out->len;
          write_indent (w->out, w->level + 1);
        }
      else
        g_string_append_c (w->out, ' ');
    }
  g_string_append_len (w->out, text, len);
  w->empty = FALSE;
}

static void
inline_end (InlineWriter *w)
{
  g_string_append_c (w->out, ']');
}

/* Longer arrays of numbers are written as {"f64le": BASE64}: 11 bytes a
 * number instead of up to 24, and one JSON string to parse instead of a
 * node for each number. */
#define INLINE_NUMBERS_MAX 64

static void
write_double_array (GString      *out,
                    const double *values,
                    guint         n,
                    guint         level)
{
  InlineWriter w;

  if (n > INLINE_NUMBERS_MAX)
    {
      g_autofree char *text = dt_record_encode_f64 (values, n);

      g_string_append (out, "{\"" DT_RECORD_F64_MEMBER "\": \"");
      g_string_append (out, text);
      g_string_append (out, "\"}");
      return;
    }

  inline_begin (&w, out, level);
  for (guint i = 0; i < n; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE + 2];

      format_double (buf, sizeof buf, values[i]);
      inline_item (&w, buf, strlen (buf));
    }
  inline_end (&w);
}

static void
write_string_array (GString   *out,
                    GPtrArray *strings,
                    guint      level)
{
  g_autoptr(GString) item = g_string_new (NULL);
  InlineWriter w;

  inline_begin (&w, out, level);
  for (guint i = 0; i < strings->len; i++)
    {
      g_string_truncate (item, 0);
      write_string (item, g_ptr_array_index (strings, i));
      inline_item (&w, item->str, item->len);
    }
  inline_end (&w);
}

static void
write_scalar (GString  *out,
              JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    {
      g_string_append (out, "null");
      return;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      write_double (out, json_node_get_double (node));
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_STRING:
      write_string (out, json_node_get_string (node));
      break;
    default:
      g_string_append (out, "null");
      break;
    }
}

static void write_node (GString  *out,
                        JsonNode *node,
                        guint     level);

static void
write_object (GString    *out,
              JsonObject *object,
              guint       level)
{
  GList *members = json_object_get_members (object);
  ObjectWriter w;

  object_begin (&w, out, level);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      object_member (&w, l->data);
      write_node (out, json_object_get_member (object, l->data), level + 1);
    }
  object_end (&w);

  g_list_free (members);
}

static void
write_array (GString   *out,
             JsonArray *array,
             guint      level)
{
  guint n = json_array_get_length (array);
  gboolean scalars = TRUE;

  for (guint i = 0; i < n && scalars; i++)
    {
      JsonNodeType type = json_node_get_node_type (json_array_get_element (array, i));

      scalars = type == JSON_NODE_VALUE || type == JSON_NODE_NULL;
    }

  if (scalars)
    {
      g_autoptr(GString) item = g_string_new (NULL);
      InlineWriter w;

      inline_begin (&w, out, level);
      for (guint i = 0; i < n; i++)
        {
          g_string_truncate (item, 0);
          write_scalar (item, json_array_get_element (array, i));
          inline_item (&w, item->str, item->len);
        }
      inline_end (&w);
      return;
    }

  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '\n');
      write_indent (out, level + 1);
      write_node (out, json_array_get_element (array, i), level + 1);
    }
  g_string_append_c (out, '\n');
  write_indent (out, level);
  g_string_append_c (out, ']');
}

static void
write_node (GString  *out,
            JsonNode *node,
            guint     level)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      write_object (out, json_node_get_object (node), level);
      break;
    case JSON_NODE_ARRAY:
      write_array (out, json_node_get_array (node), level);
      break;
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      write_scalar (out, node);
      break;
    }
}

static void
write_axis (GString          *out,
            const DtAxisSpec *axis)
{
  g_string_append (out, "{\"label\": ");
  write_string (out, axis->label);
  g_string_append (out, ", \"scale\": ");
  write_string (out, dt_scale_to_string (axis->scale));
  g_string_append_c (out, '}');
}

static void
write_provenance (GString            *out,
                  const DtProvenance *provenance,
                  guint               level)
{
  ObjectWriter w;

  object_begin (&w, out, level);

  if (provenance->app_version != NULL)
    {
      object_member (&w, "app_version");
      write_string (out, provenance->app_version);
    }
  if (provenance->created != NULL)
    {
      object_member (&w, "created");
      write_string (out, provenance->created);
    }

  /* JSON integers are read as signed 64 bits: larger seeds go as text. */
  object_member (&w, "seed");
  if (provenance->seed <= G_MAXINT64)
    g_string_append_printf (out, "%" G_GUINT64_FORMAT, provenance->seed);
  else
    g_string_append_printf (out, "\"%" G_GUINT64_FORMAT "\"", provenance->seed);

  if (provenance->blas != NULL)
    {
      object_member (&w, "blas");
      write_string (out, provenance->blas);
    }

  object_member (&w, "threads");
  g_string_append_printf (out, "%d", provenance->threads);

  object_member (&w, "wall_seconds");
  write_double (out, provenance->wall_seconds);

  if (provenance->host != NULL)
    {
      object_member (&w, "host");
      write_string (out, provenance->host);
    }

  object_end (&w);
}

static void
write_series (GString        *out,
              const DtSeries *series,
              guint           level)
{
  ObjectWriter w;

  object_begin (&w, out, level);
  object_member (&w, "id");
  write_string (out, series->id);
  object_member (&w, "label");
  write_string (out, series->label);
  object_member (&w, "style");
  write_string (out, dt_style_to_string (series->style));
  object_member (&w, "x");
  write_double_array (out, (const double *) (void *) series->x->data, series->x->len, level + 1);
  object_member (&w, "y");
  write_double_array (out, (const double *) (void *) series->y->data, series->y->len, level + 1);
  if (series->err != NULL)
    {
      object_member (&w, "err");
      write_double_array (out, (const double *) (void *) series->err->data, series->err->len, level + 1);
    }
  object_end (&w);
}

static gboolean
record_has_series (DtRecord   *record,
                   const char *id)
{
  for (guint i = 0; i < record->series->len; i++)
    {
      const DtSeries *series = g_ptr_array_index (record->series, i);

      if (strcmp (series->id, id) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
write_plot (GString          *out,
            DtRecord         *record,
            const DtPlotSpec *spec,
            guint             level)
{
  g_autoptr(GPtrArray) series = g_ptr_array_new ();
  ObjectWriter w;

  /* Only series the record has: a dangling name would make the file fail
   * to load. */
  for (guint i = 0; i < spec->series->len; i++)
    {
      const char *id = g_ptr_array_index (spec->series, i);

      if (record_has_series (record, id))
        g_ptr_array_add (series, (gpointer) id);
      else
        g_debug ("Plot “%s” names a missing series “%s”; left out of the file", spec->id, id);
    }

  object_begin (&w, out, level);
  object_member (&w, "id");
  write_string (out, spec->id);
  object_member (&w, "title");
  write_string (out, spec->title);
  if (spec->kind != DT_PLOT_LINES)
    {
      object_member (&w, "kind");
      write_string (out, dt_plot_kind_to_string (spec->kind));
    }
  object_member (&w, "x_axis");
  write_axis (out, &spec->x_axis);
  object_member (&w, "y_axis");
  write_axis (out, &spec->y_axis);
  object_member (&w, "series");
  write_string_array (out, series, level + 1);

  if (spec->notes->len > 0)
    {
      object_member (&w, "notes");
      write_string_array (out, spec->notes, level + 1);
    }

  if (spec->vlines->len > 0)
    {
      object_member (&w, "vlines");
      g_string_append_c (out, '[');
      for (guint i = 0; i < spec->vlines->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append_c (out, '\n');
          write_indent (out, level + 2);
          g_string_append (out, "{\"x\": ");
          write_double (out, g_array_index (spec->vlines, double, i));
          g_string_append (out, ", \"label\": ");
          write_string (out, i < spec->vline_labels->len ? g_ptr_array_index (spec->vline_labels, i) : "");
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, '\n');
      write_indent (out, level + 1);
      g_string_append_c (out, ']');
    }

  if (spec->kind == DT_PLOT_HEATMAP && spec->matrix.values != NULL)
    {
      ObjectWriter m;

      object_member (&w, "matrix");
      object_begin (&m, out, level + 1);
      object_member (&m, "rows");
      g_string_append_printf (out, "%u", spec->matrix.rows);
      object_member (&m, "cols");
      g_string_append_printf (out, "%u", spec->matrix.cols);
      object_member (&m, "values");
      write_double_array (out, (const double *) (void *) spec->matrix.values->data,
                          spec->matrix.values->len, level + 2);
      object_end (&m);
    }

  object_end (&w);
}

/* Writes a JSON array of objects, one per line group. */
static void
write_object_list_begin (GString *out)
{
  g_string_append_c (out, '[');
}

static void
write_object_list_item (GString *out,
                        guint    index,
                        guint    level)
{
  if (index > 0)
    g_string_append_c (out, ',');
  g_string_append_c (out, '\n');
  write_indent (out, level + 1);
}

static void
write_object_list_end (GString *out,
                       guint    n,
                       guint    level)
{
  if (n > 0)
    {
      g_string_append_c (out, '\n');
      write_indent (out, level);
    }
  g_string_append_c (out, ']');
}

/**
 * dt_record_to_data:
 * @record: a record, possibly being filled by another thread
 * @length: (out) (optional): the length of the text
 *
 * Serialises @record in the record format, pretty-printed and with a
 * stable member order. Doubles load back bit-exact; NaN and infinities are
 * written as null (and load as NaN). A running record is written as
 * "cancelled".
 *
 * Returns: (transfer full): the JSON text, NUL-terminated
 */
char *
dt_record_to_data (DtRecord *record,
                   gsize    *length)
{
  GString *out;
  DtRecordStatus status;
  ObjectWriter w;

  g_return_val_if_fail (record != NULL, NULL);

  out = g_string_sized_new (4096);

  dt_mutex_lock (&record->mutex);

  status = record->status == DT_STATUS_RUNNING ? DT_STATUS_CANCELLED : record->status;

  object_begin (&w, out, 0);

  object_member (&w, "format");
  write_string (out, DT_RECORD_FORMAT);
  object_member (&w, "version");
  g_string_append_printf (out, "%d", DT_RECORD_VERSION);
  object_member (&w, "experiment");
  write_string (out, record->experiment);
  object_member (&w, "status");
  write_string (out, dt_status_to_string (status));

  if (status != DT_STATUS_COMPLETE && record->message != NULL)
    {
      object_member (&w, "message");
      write_string (out, record->message);
    }

  object_member (&w, "params");
  write_node (out, record->params->node, 1);

  object_member (&w, "provenance");
  write_provenance (out, &record->provenance, 1);

  object_member (&w, "series");
  write_object_list_begin (out);
  for (guint i = 0; i < record->series->len; i++)
    {
      write_object_list_item (out, i, 1);
      write_series (out, g_ptr_array_index (record->series, i), 2);
    }
  write_object_list_end (out, record->series->len, 1);

  object_member (&w, "plots");
  write_object_list_begin (out);
  for (guint i = 0; i < record->plots->len; i++)
    {
      write_object_list_item (out, i, 1);
      write_plot (out, record, g_ptr_array_index (record->plots, i), 2);
    }
  write_object_list_end (out, record->plots->len, 1);

  object_member (&w, "extra");
  {
    ObjectWriter extra;

    object_begin (&extra, out, 1);
    for (guint i = 0; i < record->extras->len; i++)
      {
        DtRecordValue *value = g_ptr_array_index (record->extras, i);

        object_member (&extra, value->name);
        write_node (out, value->node, 2);
      }
    object_end (&extra);
  }

  object_end (&w);
  g_string_append_c (out, '\n');

  dt_mutex_unlock (&record->mutex);

  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}

/* Checks of the raw text */

static void
offset_to_position (const char *data,
                    gsize       offset,
                    guint      *line,
                    guint      *column)
{
  gsize line_start = 0;
  guint l = 1;

  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      {
        l++;
        line_start = i + 1;
      }

  *line = l;
  /* Everything before @offset is valid UTF-8 by the time this is called. */
  *column = (guint) g_utf8_strlen (data + line_start, (gssize) (offset - line_start)) + 1;
}

static void G_GNUC_PRINTF (5, 6)
set_error_at (GError     **error,
              int          code,
              const char  *data,
              gsize        offset,
              const char  *format,
              ...)
{
  g_autofree char *detail = NULL;
  guint line, column;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  offset_to_position (data, offset, &line, &column);
  g_set_error (error, DT_RECORD_ERROR, code,
               _("Invalid JSON at line %u, column %u: %s"), line, column, detail);
}

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Checks what json-glib does not, before it parses: the encoding, that
 * there is something at all, and the nesting depth. Sets @value_end to the
 * offset just after the first top-level value, so that json-glib parses
 * only that one and text after it can be refused once the parse succeeded.
 */
static gboolean
check_text (const char  *data,
            gsize        length,
            gsize       *value_end,
            GError     **error)
{
  const guchar *bytes = (const guchar *) data;
  const char *invalid = NULL;
  gboolean in_string = FALSE;
  gboolean content = FALSE;
  guint depth = 0;
  gsize start = 0;

  *value_end = length;

  if (length == 0)
    {
      g_set_error_literal (error, DT_RECORD_ERROR, DT_RECORD_ERROR_SYNTAX,
                           _("The file is empty"));
      return FALSE;
    }

  if (length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) ||
                      (bytes[0] == 0xFE && bytes[1] == 0xFF)))
    {
      g_set_error_literal (error, DT_RECORD_ERROR, DT_RECORD_ERROR_SYNTAX,
                           _("The text is in UTF-16, but records are UTF-8 JSON"));
      return FALSE;
    }

  if (!g_utf8_validate_len (data, length, &invalid))
    {
      gsize offset = (gsize) (invalid - data);

      if (*invalid == '\0')
        set_error_at (error, DT_RECORD_ERROR_SYNTAX, data, offset,
                      _("a NUL byte; records are UTF-8 text, not binary data"));
      else
        set_error_at (error, DT_RECORD_ERROR_SYNTAX, data, offset,
                      _("bytes that are not UTF-8 text (is this a binary file?)"));
      return FALSE;
    }

  /* json-glib skips a UTF-8 byte order mark itself. */
  if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
    start = 3;

  for (gsize i = start; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              in_string = FALSE;
              if (depth == 0)
                {
                  *value_end = i + 1;
                  return TRUE;
                }
            }
          continue;
        }

      if (is_json_space (c))
        continue;

      content = TRUE;

      /* A value that is not an array or an object ends at the first space
       * or bracket: json-glib must not see a second value after it. */
      if (depth == 0 && c != '"' && c != '[' && c != '{')
        {
          gsize token = i;

          while (i < length && !is_json_space (data[i]) && strchr ("[]{},:\"", data[i]) == NULL)
            i++;
          *value_end = i > token ? i : token + 1;
          return TRUE;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;

        case '[':
        case '{':
          if (++depth > MAX_DEPTH)
            {
              set_error_at (error, DT_RECORD_ERROR_SYNTAX, data, i,
                            _("arrays and objects nested more than %d deep"), MAX_DEPTH);
              return FALSE;
            }
          break;

        case ']':
        case '}':
          if (depth > 0 && --depth == 0)
            {
              *value_end = i + 1;
              return TRUE;
            }
          break;

        default:
          break;
        }
    }

  if (!content)
    {
      g_set_error_literal (error, DT_RECORD_ERROR, DT_RECORD_ERROR_SYNTAX,
                           _("The file is empty"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_trailing_text (const char  *data,
                     gsize        length,
                     gsize        value_end,
                     GError     **error)
{
  for (gsize i = value_end; i < length; i++)
    if (!is_json_space (data[i]))
      {
        set_error_at (error, DT_RECORD_ERROR_SYNTAX, data, i,
                      _("more text after the end of the record"));
        return FALSE;
      }

  return TRUE;
}

/* json-glib says "<data>:LINE:COLUMN: Parse error: WHAT"; this keeps the
 * position and the reason, in our words. */
static void
set_parse_error (GError       **error,
                 const GError  *parse_error)
{
  const char *message = parse_error->message;
  const char *prefix = "<data>:";
  guint line, column;
  int consumed = 0;

  if (g_str_has_prefix (message, prefix) &&
      sscanf (message + strlen (prefix), "%u:%u:%n", &line, &column, &consumed) == 2 &&
      consumed > 0)
    {
      const char *reason = message + strlen (prefix) + consumed;
      const char *colon;

      while (*reason == ' ')
        reason++;
      /* Drop json-glib's "Parse error: " (perhaps translated). */
      colon = strstr (reason, ": ");
      if (colon != NULL && colon - reason < 40)
        reason = colon + 2;

      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_SYNTAX,
                   _("Invalid JSON at line %u, column %u: %s"), line, column, reason);
      return;
    }

  g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_SYNTAX,
               _("Invalid JSON: %s"), message);
}

/* Structure */

static char *
member_path (const char *path,
             const char *name)
{
  if (path == NULL || *path == '\0')
    return g_strdup (name);

  return g_strconcat (path, ".", name, NULL);
}

static void G_GNUC_PRINTF (4, 5)
set_invalid (GError     **error,
             int          code,
             const char  *path,
             const char  *format,
             ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, DT_RECORD_ERROR, code, "%s: %s", path, detail);
}

/* Returns the member @name of @object, or %NULL (with @error set if it is
 * @required). A null member counts as missing. */
static JsonNode *
get_member (JsonObject  *object,
            const char  *path,
            const char  *name,
            gboolean     required,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    return node;

  if (required)
    {
      if (path == NULL || *path == '\0')
        g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                     _("The record has no member “%s”"), name);
      else
        set_invalid (error, DT_RECORD_ERROR_INVALID, path, _("missing member “%s”"), name);
    }

  return NULL;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_integer (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

/* Reads a string member. A missing optional member gives @fallback. */
static gboolean
get_string (JsonObject  *object,
            const char  *path,
            const char  *name,
            gboolean     required,
            gboolean     non_empty,
            const char  *fallback,
            const char **out,
            GError     **error)
{
  JsonNode *node = get_member (object, path, name, required, error);
  g_autofree char *where = NULL;

  if (node == NULL)
    {
      *out = fallback;
      return !required;
    }

  where = member_path (path, name);

  if (!is_string (node))
    {
      set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                   _("expected a string, found %s"), dt_json_describe_node (node));
      return FALSE;
    }

  *out = json_node_get_string (node);
  if (non_empty && **out == '\0')
    {
      set_invalid (error, DT_RECORD_ERROR_INVALID, where, _("must not be empty"));
      return FALSE;
    }

  return TRUE;
}

static JsonObject *
get_object (JsonObject  *object,
            const char  *path,
            const char  *name,
            gboolean     required,
            GError     **error)
{
  JsonNode *node = get_member (object, path, name, required, error);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *where = member_path (path, name);

      set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                   _("expected an object, found %s"), dt_json_describe_node (node));
      return NULL;
    }

  return json_node_get_object (node);
}

static JsonArray *
get_array (JsonObject  *object,
           const char  *path,
           const char  *name,
           gboolean     required,
           GError     **error)
{
  JsonNode *node = get_member (object, path, name, required, error);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *where = member_path (path, name);

      set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                   _("expected an array, found %s"), dt_json_describe_node (node));
      return NULL;
    }

  return json_node_get_array (node);
}

/* A number, or null for NaN. Reports problems at "@path[@index]", or at
 * @path alone when @index is -1. */
static gboolean
read_number (JsonNode    *node,
             const char  *path,
             int          index,
             double      *out,
             GError     **error)
{
  g_autofree char *where = NULL;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = NAN;
      return TRUE;
    }

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64)
        {
          *out = (double) json_node_get_int (node);
          return TRUE;
        }

      if (type == G_TYPE_DOUBLE)
        {
          *out = json_node_get_double (node);
          if (isfinite (*out))
            return TRUE;
        }
    }

  where = index >= 0 ? g_strdup_printf ("%s[%d]", path, index) : g_strdup (path);

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    set_invalid (error, DT_RECORD_ERROR_INVALID, where, _("the number is too large"));
  else
    set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                 _("expected a number, found %s"), dt_json_describe_node (node));
  return FALSE;
}

/**
 * dt_record_encode_f64:
 * @values: (array length=n): the numbers
 * @n: how many
 *
 * Encodes numbers as base64 of their little-endian IEEE 754 doubles, the
 * form records store long arrays in.
 *
 * Returns: (transfer full): the base64 text
 */
char *
dt_record_encode_f64 (const double *values,
                      gsize         n)
{
  g_autofree guint64 *le = g_new (guint64, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    {
      guint64 bits;

      memcpy (&bits, &values[i], sizeof bits);
      le[i] = GUINT64_TO_LE (bits);
    }
  return g_base64_encode ((const guchar *) le, n * sizeof (guint64));
}

static int
base64_value (char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

/**
 * dt_record_base64_decoded_size:
 * @text: text that should be base64
 *
 * Checks that @text is canonical base64 (RFC 4648 alphabet, padded, no
 * spaces) as records write it; g_base64_decode() skips stray characters
 * instead of refusing them.
 *
 * Returns: the number of bytes it decodes to, or -1 if it is not base64
 */
gssize
dt_record_base64_decoded_size (const char *text)
{
  gsize len = strlen (text), pad = 0;

  if (len % 4 != 0)
    return -1;
  if (len > 0 && text[len - 1] == '=')
    pad = (len > 1 && text[len - 2] == '=') ? 2 : 1;
  for (gsize i = 0; i < len - pad; i++)
    if (base64_value (text[i]) < 0)
      return -1;
  return (gssize) (len / 4 * 3 - pad);
}

/* {"f64le": BASE64} at @path, into @values. */
static gboolean
read_encoded_numbers (JsonObject  *object,
                      const char  *path,
                      GArray     **values,
                      GError     **error)
{
  JsonNode *member = json_object_get_member (object, DT_RECORD_F64_MEMBER);
  const char *text;
  gssize size;
  gsize n, out_len;
  gint state = 0;
  guint save = 0;

  if (json_object_get_size (object) != 1 || member == NULL || !is_string (member))
    {
      set_invalid (error, DT_RECORD_ERROR_INVALID, path,
                   _("expected an array of numbers or an object with the single member “%s”"),
                   DT_RECORD_F64_MEMBER);
      return FALSE;
    }
  text = json_node_get_string (member);
  size = dt_record_base64_decoded_size (text);
  if (size < 0 || size % sizeof (double) != 0)
    {
      set_invalid (error, DT_RECORD_ERROR_INVALID, path,
                   _("“%s” is not base64 of 8-byte numbers"), DT_RECORD_F64_MEMBER);
      return FALSE;
    }

  n = (gsize) size / sizeof (double);
  *values = g_array_sized_new (FALSE, FALSE, sizeof (double), (guint) n);
  g_array_set_size (*values, (guint) n);
  out_len = g_base64_decode_step (text, strlen (text), (guchar *) (*values)->data, &state, &save);
  g_assert (out_len == (gsize) size);

  for (gsize i = 0; i < n; i++)
    {
      double *v = &g_array_index (*values, double, i);
      guint64 bits;

      memcpy (&bits, v, sizeof bits);
      bits = GUINT64_FROM_LE (bits);
      memcpy (v, &bits, sizeof bits);
      if (isinf (*v))
        {
          g_autofree char *where = g_strdup_printf ("%s[%" G_GSIZE_FORMAT "]", path, i);

          set_invalid (error, DT_RECORD_ERROR_INVALID, where, _("the number is too large"));
          g_clear_pointer (values, g_array_unref);
          return FALSE;
        }
    }
  return TRUE;
}

/* An array of numbers (null for NaN) at @path, either a JSON array or
 * {"f64le": BASE64}. */
static GArray *
read_number_array (JsonNode    *node,
                   const char  *path,
                   GPtrArray   *lifted,
                   GError     **error)
{
  g_autoptr(GArray) values = NULL;
  JsonArray *array;
  guint n;

  if (JSON_NODE_HOLDS_OBJECT (node) &&
      json_object_has_member (json_node_get_object (node), DT_RECORD_LIFTED_MEMBER))
    {
      JsonObject *object = json_node_get_object (node);
      JsonNode *index = json_object_get_member (object, DT_RECORD_LIFTED_MEMBER);
      gint64 k = is_integer (index) ? json_node_get_int (index) : -1;

      if (json_object_get_size (object) == 1 && k >= 0 && k < lifted->len &&
          g_ptr_array_index (lifted, k) != NULL)
        return g_steal_pointer (&g_ptr_array_index (lifted, k));
      set_invalid (error, DT_RECORD_ERROR_INVALID, path,
                   _("expected an array of numbers or an object with the single member “%s”"),
                   DT_RECORD_F64_MEMBER);
      return NULL;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      if (!read_encoded_numbers (json_node_get_object (node), path, &values, error))
        return NULL;
      return g_steal_pointer (&values);
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_invalid (error, DT_RECORD_ERROR_INVALID, path,
                   _("expected an array of numbers, found %s"), dt_json_describe_node (node));
      return NULL;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  values = g_array_sized_new (FALSE, FALSE, sizeof (double), n);

  for (guint i = 0; i < n; i++)
    {
      double v;

      if (!read_number (json_array_get_element (array, i), path, (int) i, &v, error))
        return NULL;
      g_array_append_val (values, v);
    }

  return g_steal_pointer (&values);
}

/* An array of strings at @path, each non-empty if @non_empty. */
static GPtrArray *
read_string_array (JsonNode    *node,
                   const char  *path,
                   gboolean     non_empty,
                   GError     **error)
{
  g_autoptr(GPtrArray) strings = NULL;
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_invalid (error, DT_RECORD_ERROR_INVALID, path,
                   _("expected an array of strings, found %s"), dt_json_describe_node (node));
      return NULL;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  strings = g_ptr_array_new_full (n, g_free);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!is_string (element))
        {
          g_autofree char *where = g_strdup_printf ("%s[%u]", path, i);

          set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                       _("expected a string, found %s"), dt_json_describe_node (element));
          return NULL;
        }

      if (non_empty && *json_node_get_string (element) == '\0')
        {
          g_autofree char *where = g_strdup_printf ("%s[%u]", path, i);

          set_invalid (error, DT_RECORD_ERROR_INVALID, where, _("must not be empty"));
          return NULL;
        }

      g_ptr_array_add (strings, g_strdup (json_node_get_string (element)));
    }

  return g_steal_pointer (&strings);
}

/* Finds a number json-glib read as infinite ("1e999") anywhere in @node.
 * Returns the path below @node to it (e.g. ".kernel[2][0]"), or %NULL. */
static char *
find_non_finite (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        GList *members = json_object_get_members (object);
        char *found = NULL;

        for (const GList *l = members; l != NULL && found == NULL; l = l->next)
          {
            g_autofree char *below = find_non_finite (json_object_get_member (object, l->data));

            if (below != NULL)
              found = g_strconcat (".", (const char *) l->data, below, NULL);
          }

        g_list_free (members);
        return found;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            g_autofree char *below = find_non_finite (json_array_get_element (array, i));

            if (below != NULL)
              return g_strdup_printf ("[%u]%s", i, below);
          }

        return NULL;
      }

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE && !isfinite (json_node_get_double (node)))
        return g_strdup ("");
      return NULL;

    case JSON_NODE_NULL:
    default:
      return NULL;
    }
}

/* Numbers too large for a double would not survive a save. */
static gboolean
check_finite (JsonNode    *node,
              const char  *path,
              GError     **error)
{
  g_autofree char *below = find_non_finite (node);
  g_autofree char *where = NULL;

  if (below == NULL)
    return TRUE;

  where = g_strconcat (path, below, NULL);
  set_invalid (error, DT_RECORD_ERROR_INVALID, where, _("the number is too large"));
  return FALSE;
}

static gboolean
read_header (JsonObject      *root,
             const char     **experiment,
             DtRecordStatus  *status,
             const char     **message,
             GError         **error)
{
  JsonNode *format = json_object_get_member (root, "format");
  JsonNode *version = json_object_get_member (root, "version");
  const char *status_text;

  if (format == NULL || !is_string (format))
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_FORMAT,
                   _("This is not a Descent record: it has no member “format”: “%s”"),
                   DT_RECORD_FORMAT);
      return FALSE;
    }

  if (strcmp (json_node_get_string (format), DT_RECORD_FORMAT) != 0)
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_FORMAT,
                   _("This is not a Descent record: its format is “%s”, not “%s”"),
                   json_node_get_string (format), DT_RECORD_FORMAT);
      return FALSE;
    }

  if (version == NULL)
    {
      g_set_error_literal (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                           _("The record has no member “version”"));
      return FALSE;
    }

  if (!is_integer (version))
    {
      set_invalid (error, DT_RECORD_ERROR_INVALID, "version",
                   _("expected an integer, found %s"), dt_json_describe_node (version));
      return FALSE;
    }

  if (json_node_get_int (version) > DT_RECORD_VERSION)
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_VERSION,
                   _("The record was made by a newer Descent (record version %lld; this Descent reads up to version %d)"),
                   (long long) json_node_get_int (version), DT_RECORD_VERSION);
      return FALSE;
    }

  if (json_node_get_int (version) < 1)
    {
      set_invalid (error, DT_RECORD_ERROR_INVALID, "version",
                   _("%lld is not a record version"), (long long) json_node_get_int (version));
      return FALSE;
    }

  if (!get_string (root, "", "experiment", TRUE, TRUE, NULL, experiment, error))
    return FALSE;

  if (!get_string (root, "", "status", TRUE, FALSE, NULL, &status_text, error))
    return FALSE;

  if (!status_from_string (status_text, status))
    {
      set_invalid (error, DT_RECORD_ERROR_INVALID, "status",
                   _("“%s” is not one of complete, cancelled, failed"), status_text);
      return FALSE;
    }

  return get_string (root, "", "message", FALSE, FALSE, NULL, message, error);
}

static gboolean
read_provenance (JsonObject    *object,
                 DtProvenance  *provenance,
                 GError       **error)
{
  static const char * const strings[] = { "app_version", "created", "blas", "host" };
  char **fields[] = {
    &provenance->app_version, &provenance->created, &provenance->blas, &provenance->host,
  };
  JsonNode *node;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      const char *text;

      if (!get_string (object, "provenance", strings[i], FALSE, FALSE, NULL, &text, error))
        return FALSE;
      *fields[i] = g_strdup (text);
    }

  node = get_member (object, "provenance", "seed", FALSE, error);
  if (node != NULL)
    {
      guint64 seed;

      /* Seeds above the signed 64-bit range are written as text. */
      if (is_integer (node) && json_node_get_int (node) >= 0)
        provenance->seed = (guint64) json_node_get_int (node);
      else if (is_string (node) &&
               g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXUINT64,
                                           &seed, NULL))
        provenance->seed = seed;
      else
        {
          set_invalid (error, DT_RECORD_ERROR_INVALID, "provenance.seed",
                       _("expected an integer of at least 0, found %s"),
                       dt_json_describe_node (node));
          return FALSE;
        }
    }

  node = get_member (object, "provenance", "threads", FALSE, error);
  if (node != NULL)
    {
      if (!is_integer (node) || json_node_get_int (node) < 0 || json_node_get_int (node) > G_MAXINT)
        {
          set_invalid (error, DT_RECORD_ERROR_INVALID, "provenance.threads",
                       _("expected a number of threads, found %s"), dt_json_describe_node (node));
          return FALSE;
        }
      provenance->threads = (int) json_node_get_int (node);
    }

  node = json_object_get_member (object, "wall_seconds");
  if (node != NULL &&
      !read_number (node, "provenance.wall_seconds", -1, &provenance->wall_seconds, error))
    return FALSE;

  return TRUE;
}

static gboolean
read_series (JsonArray   *array,
             DtRecord    *record,
             GPtrArray   *lifted,
             GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("series[%u]", i);
      g_autofree char *x_path = NULL;
      g_autofree char *y_path = NULL;
      g_autofree char *err_path = NULL;
      g_autoptr(GArray) x = NULL;
      g_autoptr(GArray) y = NULL;
      g_autoptr(GArray) err = NULL;
      DtSeriesStyle style = DT_STYLE_LINE;
      const char *id, *label, *style_text;
      JsonObject *object;
      JsonNode *node;
      DtSeries *series;
      gpointer other;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          set_invalid (error, DT_RECORD_ERROR_INVALID, path,
                       _("expected an object, found %s"), dt_json_describe_node (element));
          return FALSE;
        }
      object = json_node_get_object (element);

      if (!get_string (object, path, "id", TRUE, TRUE, NULL, &id, error))
        return FALSE;

      if (g_hash_table_lookup_extended (seen, id, NULL, &other))
        {
          g_autofree char *where = member_path (path, "id");

          set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                       _("the id “%s” is also used by series[%u]"), id, GPOINTER_TO_UINT (other));
          return FALSE;
        }
      g_hash_table_insert (seen, (gpointer) id, GUINT_TO_POINTER (i));

      if (!get_string (object, path, "label", FALSE, FALSE, id, &label, error) ||
          !get_string (object, path, "style", FALSE, FALSE, NULL, &style_text, error))
        return FALSE;

      if (style_text != NULL && !style_from_string (style_text, &style))
        {
          g_autofree char *where = member_path (path, "style");

          set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                       _("“%s” is not one of line, dashed, markers"), style_text);
          return FALSE;
        }

      x_path = member_path (path, "x");
      y_path = member_path (path, "y");
      err_path = member_path (path, "err");

      if ((node = get_member (object, path, "x", TRUE, error)) == NULL ||
          (x = read_number_array (node, x_path, lifted, error)) == NULL)
        return FALSE;

      if ((node = get_member (object, path, "y", TRUE, error)) == NULL ||
          (y = read_number_array (node, y_path, lifted, error)) == NULL)
        return FALSE;

      if (y->len != x->len)
        {
          set_invalid (error, DT_RECORD_ERROR_INVALID, y_path,
                       _("has %u values but x has %u"), y->len, x->len);
          return FALSE;
        }

      if ((node = get_member (object, path, "err", FALSE, error)) != NULL)
        {
          if ((err = read_number_array (node, err_path, lifted, error)) == NULL)
            return FALSE;

          if (err->len != x->len)
            {
              set_invalid (error, DT_RECORD_ERROR_INVALID, err_path,
                           _("has %u values but x has %u"), err->len, x->len);
              return FALSE;
            }
        }

      series = dt_series_new (id, label, style);
      g_array_unref (series->x);
      g_array_unref (series->y);
      series->x = g_steal_pointer (&x);
      series->y = g_steal_pointer (&y);
      series->err = g_steal_pointer (&err);
      g_ptr_array_add (record->series, series);
    }

  return TRUE;
}

static gboolean
read_axis (JsonObject  *plot,
           const char  *path,
           const char  *name,
           DtAxisSpec  *axis,
           GError     **error)
{
  g_autofree char *axis_path = member_path (path, name);
  const char *label, *scale;
  JsonObject *object;

  if ((object = get_object (plot, path, name, TRUE, error)) == NULL)
    return FALSE;

  if (!get_string (object, axis_path, "label", FALSE, FALSE, "", &label, error) ||
      !get_string (object, axis_path, "scale", FALSE, FALSE, "linear", &scale, error))
    return FALSE;

  if (!scale_from_string (scale, &axis->scale))
    {
      g_autofree char *where = member_path (axis_path, "scale");

      set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                   _("“%s” is not one of linear, log, symlog"), scale);
      return FALSE;
    }

  g_free (axis->label);
  axis->label = g_strdup (label);
  return TRUE;
}

static gboolean
read_vlines (JsonArray   *array,
             const char  *path,
             DtPlotSpec  *spec,
             GError     **error)
{
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("%s[%u]", path, i);
      g_autofree char *x_path = NULL;
      const char *label;
      JsonObject *object;
      JsonNode *node;
      double x;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                       _("expected an object, found %s"), dt_json_describe_node (element));
          return FALSE;
        }
      object = json_node_get_object (element);

      x_path = member_path (where, "x");
      node = json_object_get_member (object, "x");
      if (node == NULL)
        {
          set_invalid (error, DT_RECORD_ERROR_INVALID, where, _("missing member “%s”"), "x");
          return FALSE;
        }
      if (!read_number (node, x_path, -1, &x, error) ||
          !get_string (object, where, "label", FALSE, FALSE, "", &label, error))
        return FALSE;

      g_array_append_val (spec->vlines, x);
      g_ptr_array_add (spec->vline_labels, g_strdup (label));
    }

  return TRUE;
}

/* A positive integer member of a heat map's matrix. */
static gboolean
read_matrix_size (JsonObject  *object,
                  const char  *path,
                  const char  *name,
                  guint       *out,
                  GError     **error)
{
  JsonNode *node = get_member (object, path, name, TRUE, error);

  if (node == NULL)
    return FALSE;

  if (!is_integer (node) || json_node_get_int (node) < 1 ||
      json_node_get_int (node) > DT_PLOT_MATRIX_MAX_CELLS)
    {
      g_autofree char *where = member_path (path, name);
      g_autofree char *found = NULL;

      if (is_integer (node))
        found = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
        found = g_strdup_printf ("%g", json_node_get_double (node));
      else
        found = g_strdup (dt_json_describe_node (node));

      set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                   _("expected a whole number from 1 to %u, found %s"),
                   DT_PLOT_MATRIX_MAX_CELLS, found);
      return FALSE;
    }

  *out = (guint) json_node_get_int (node);
  return TRUE;
}

/* The "kind" of a plot and, for a heat map, its "matrix": a rows × cols
 * array of numbers (null for an empty cell). */
static gboolean
read_plot_kind (JsonObject  *object,
                const char  *path,
                DtPlotSpec  *spec,
                GPtrArray   *lifted,
                GError     **error)
{
  g_autofree char *matrix_path = member_path (path, "matrix");
  g_autofree char *values_path = NULL;
  g_autoptr(GArray) values = NULL;
  const char *kind_text;
  JsonObject *matrix;
  JsonNode *node;
  guint rows, cols;

  if (!get_string (object, path, "kind", FALSE, FALSE, "lines", &kind_text, error))
    return FALSE;

  if (!plot_kind_from_string (kind_text, &spec->kind))
    {
      g_autofree char *where = member_path (path, "kind");

      set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                   _("“%s” is not one of lines, heatmap"), kind_text);
      return FALSE;
    }

  if (spec->kind != DT_PLOT_HEATMAP)
    {
      if (get_member (object, path, "matrix", FALSE, NULL) != NULL)
        {
          set_invalid (error, DT_RECORD_ERROR_INVALID, matrix_path,
                       _("only a plot of kind “heatmap” has a matrix"));
          return FALSE;
        }
      return TRUE;
    }

  if ((matrix = get_object (object, path, "matrix", TRUE, error)) == NULL ||
      !read_matrix_size (matrix, matrix_path, "rows", &rows, error) ||
      !read_matrix_size (matrix, matrix_path, "cols", &cols, error))
    return FALSE;

  if ((guint64) rows * cols > DT_PLOT_MATRIX_MAX_CELLS)
    {
      set_invalid (error, DT_RECORD_ERROR_INVALID, matrix_path,
                   _("%u × %u cells are more than the %u a heat map may have"),
                   rows, cols, DT_PLOT_MATRIX_MAX_CELLS);
      return FALSE;
    }

  values_path = member_path (matrix_path, "values");
  if ((node = get_member (matrix, matrix_path, "values", TRUE, error)) == NULL ||
      (values = read_number_array (node, values_path, lifted, error)) == NULL)
    return FALSE;

  if (values->len != rows * cols)
    {
      set_invalid (error, DT_RECORD_ERROR_INVALID, values_path,
                   _("has %u values but rows × cols is %u × %u = %u"),
                   values->len, rows, cols, rows * cols);
      return FALSE;
    }

  spec->matrix.rows = rows;
  spec->matrix.cols = cols;
  g_clear_pointer (&spec->matrix.values, g_array_unref);
  spec->matrix.values = g_steal_pointer (&values);
  return TRUE;
}

static gboolean
read_plots (JsonArray   *array,
            DtRecord    *record,
            GPtrArray   *lifted,
            GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("plots[%u]", i);
      g_autofree char *series_path = member_path (path, "series");
      g_autofree char *notes_path = member_path (path, "notes");
      g_autofree char *vlines_path = member_path (path, "vlines");
      g_autoptr(DtPlotSpec) spec = NULL;
      g_autoptr(GPtrArray) series = NULL;
      const char *id, *title;
      JsonObject *object;
      JsonArray *vlines;
      JsonNode *node;
      gpointer other;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          set_invalid (error, DT_RECORD_ERROR_INVALID, path,
                       _("expected an object, found %s"), dt_json_describe_node (element));
          return FALSE;
        }
      object = json_node_get_object (element);

      if (!get_string (object, path, "id", TRUE, TRUE, NULL, &id, error))
        return FALSE;

      if (g_hash_table_lookup_extended (seen, id, NULL, &other))
        {
          g_autofree char *where = member_path (path, "id");

          set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                       _("the id “%s” is also used by plots[%u]"), id, GPOINTER_TO_UINT (other));
          return FALSE;
        }
      g_hash_table_insert (seen, (gpointer) id, GUINT_TO_POINTER (i));

      if (!get_string (object, path, "title", FALSE, FALSE, "", &title, error))
        return FALSE;

      spec = dt_plot_spec_new (id, title, NULL, DT_SCALE_LINEAR, NULL, DT_SCALE_LINEAR);

      if (!read_axis (object, path, "x_axis", &spec->x_axis, error) ||
          !read_axis (object, path, "y_axis", &spec->y_axis, error))
        return FALSE;

      if ((node = get_member (object, path, "series", TRUE, error)) == NULL ||
          (series = read_string_array (node, series_path, TRUE, error)) == NULL)
        return FALSE;

      for (guint k = 0; k < series->len; k++)
        {
          const char *series_id = g_ptr_array_index (series, k);

          if (dt_record_lookup_series (record, series_id) == NULL)
            {
              g_autofree char *where = g_strdup_printf ("%s[%u]", series_path, k);

              set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                           _("no series “%s” in this record"), series_id);
              return FALSE;
            }
        }
      g_ptr_array_unref (spec->series);
      spec->series = g_steal_pointer (&series);

      if ((node = get_member (object, path, "notes", FALSE, error)) != NULL)
        {
          GPtrArray *notes = read_string_array (node, notes_path, FALSE, error);

          if (notes == NULL)
            return FALSE;
          g_ptr_array_unref (spec->notes);
          spec->notes = notes;
        }

      if ((node = get_member (object, path, "vlines", FALSE, error)) != NULL)
        {
          if (!JSON_NODE_HOLDS_ARRAY (node))
            {
              set_invalid (error, DT_RECORD_ERROR_INVALID, vlines_path,
                           _("expected an array, found %s"), dt_json_describe_node (node));
              return FALSE;
            }
          vlines = json_node_get_array (node);
          if (!read_vlines (vlines, vlines_path, spec, error))
            return FALSE;
        }

      if (!read_plot_kind (object, path, spec, lifted, error))
        return FALSE;

      g_ptr_array_add (record->plots, g_steal_pointer (&spec));
    }

  return TRUE;
}

/* A reference to a member that outlives the parsed tree: its link to the
 * parent, which the parser frees, is cut. */
static JsonNode *
take_member (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_node_ref (json_object_get_member (object, name));

  json_node_set_parent (node, NULL);
  return node;
}

static DtRecord *
record_from_json (JsonNode   *root,
                  GPtrArray  *lifted,
                  GError    **error)
{
  g_autoptr(DtRecord) record = NULL;
  const char *experiment, *message;
  DtRecordStatus status;
  JsonObject *object, *params, *provenance, *extra;
  JsonArray *series, *plots;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_FORMAT,
                   _("This is not a Descent record: it is %s, not a JSON object"),
                   dt_json_describe_node (root));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!read_header (object, &experiment, &status, &message, error))
    return NULL;

  if ((params = get_object (object, "", "params", TRUE, error)) == NULL ||
      (provenance = get_object (object, "", "provenance", TRUE, error)) == NULL ||
      (series = get_array (object, "", "series", TRUE, error)) == NULL ||
      (plots = get_array (object, "", "plots", TRUE, error)) == NULL)
    return NULL;

  extra = NULL;
  if (get_member (object, "", "extra", FALSE, NULL) != NULL &&
      (extra = get_object (object, "", "extra", TRUE, error)) == NULL)
    return NULL;

  if (!check_finite (json_object_get_member (object, "params"), "params", error) ||
      (extra != NULL && !check_finite (json_object_get_member (object, "extra"), "extra", error)))
    return NULL;

  record = dt_record_new (experiment);
  record->status = status;
  record->message = g_strdup (message);

  dt_record_value_unref (record->params);
  record->params = dt_record_value_new (NULL, take_member (object, "params"));

  if (!read_provenance (provenance, &record->provenance, error) ||
      !read_series (series, record, lifted, error) ||
      !read_plots (plots, record, lifted, error))
    return NULL;

  if (extra != NULL)
    {
      GList *members = json_object_get_members (extra);

      for (const GList *l = members; l != NULL; l = l->next)
        {
          g_ptr_array_add (record->extras, dt_record_value_new (l->data, take_member (extra, l->data)));
        }

      g_list_free (members);
    }

  return g_steal_pointer (&record);
}

/* The loader; with @writable it may overwrite @data (see
 * dt_record_lift_numbers()) instead of taking a copy of it. */
static DtRecord *
record_new_from_text (char      *data,
                      gssize     length,
                      gboolean   writable,
                      GError   **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GPtrArray) lifted = NULL;
  g_autofree char *lifted_text = NULL;
  JsonNode *root;
  gsize len;
  gsize value_end;
  gsize n_left;

  len = length < 0 ? strlen (data) : (gsize) length;

  if (len > DT_RECORD_MAX_SIZE)
    {
      g_autofree char *size = g_format_size (len);
      g_autofree char *limit = g_format_size (DT_RECORD_MAX_SIZE);

      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_FORMAT,
                   _("The text is too large for a record (%s; the limit is %s)"), size, limit);
      return NULL;
    }

  if (!check_text (data, len, &value_end, error))
    return NULL;

  /* Only the first value goes to json-glib: it leaks the tree it has built
   * when a second one follows, so any text after it is refused below. */
  lifted = dt_record_lift_numbers (data, value_end, writable, &lifted_text, &n_left);
  if (n_left > DT_RECORD_MAX_NODES (value_end))
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_FORMAT,
                   _("The record holds too many values outside its series and heat maps "
                     "(%lu; the limit for its size is %lu)"),
                   (gulong) n_left, (gulong) DT_RECORD_MAX_NODES (value_end));
      return NULL;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, lifted_text != NULL ? lifted_text : data,
                                   (gssize) value_end, &parse_error))
    {
      set_parse_error (error, parse_error);
      return NULL;
    }

  if (!check_trailing_text (data, len, value_end, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, DT_RECORD_ERROR, DT_RECORD_ERROR_SYNTAX,
                           _("The file is empty"));
      return NULL;
    }

  return record_from_json (root, lifted, error);
}

/**
 * dt_record_new_from_data:
 * @data: (array length=length): record text
 * @length: the length of @data, or -1 if it is NUL-terminated
 * @error: return location for a #GError in %DT_RECORD_ERROR
 *
 * Reads a record from its JSON text. Every part is checked before the
 * record is returned; any problem is an error whose message says what is
 * wrong and where (a line and column for the syntax, a path such as
 * "series[2].y[5]" for the structure). Nothing is returned half-read.
 *
 * Returns: (transfer full) (nullable): the record, or %NULL with @error set
 */
DtRecord *
dt_record_new_from_data (const char  *data,
                         gssize       length,
                         GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return record_new_from_text ((char *) data, length, FALSE, error);
}

/**
 * dt_record_save:
 * @record: a record, possibly being filled by another thread
 * @path: (type filename): where to save it
 * @error: return location for a #GError in %DT_RECORD_ERROR
 *
 * Writes @record atomically and durably with dt_file_write_atomic(): @path
 * is always either the old file or the complete new record, also on a full
 * disk or when the process is killed.
 *
 * Returns: %TRUE on success; %FALSE with %DT_RECORD_ERROR_IO
 */
gboolean
dt_record_save (DtRecord    *record,
                const char  *path,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = dt_record_to_data (record, &length);

  if (!dt_file_write_atomic (path, data, length, &local_error))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_IO,
                   _("Could not save “%s”: %s"), name, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * dt_record_load:
 * @path: (type filename): a record file
 * @error: return location for a #GError in %DT_RECORD_ERROR
 *
 * Reads a record file; see dt_record_new_from_data(). Error messages start
 * with the file name. Files larger than 512 MiB are refused unread.
 *
 * Returns: (transfer full) (nullable): the record, or %NULL with @error set
 */
DtRecord *
dt_record_load (const char  *path,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  DtRecord *record;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_filename_display_name (path);
  file = g_file_new_for_path (path);

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_IO,
                   _("Could not open “%s”: %s"), name, local_error->message);
      return NULL;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_IO,
                   _("Could not open “%s”: it is not a regular file"), name);
      return NULL;
    }

  if (g_file_info_get_size (info) > (goffset) DT_RECORD_MAX_SIZE)
    {
      g_autofree char *size = g_format_size ((guint64) g_file_info_get_size (info));
      g_autofree char *limit = g_format_size (DT_RECORD_MAX_SIZE);

      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_FORMAT,
                   _("Could not open “%s”: it is too large for a record (%s; the limit is %s)"),
                   name, size, limit);
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_IO,
                   _("Could not open “%s”: %s"), name, local_error->message);
      return NULL;
    }

  record = record_new_from_text (contents, (gssize) length, TRUE, &local_error);
  if (record == NULL)
    {
      g_set_error (error, DT_RECORD_ERROR, local_error->code,
                   _("Could not open “%s”: %s"), name, local_error->message);
      return NULL;
    }

  return record;
}
