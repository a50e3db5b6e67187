/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-record"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dt-json-writer.h"
#include "dt-params.h"
#include "dt-record-private.h"

/*
 * The JSON text writer of the record format (DESIGN.md, "The record"):
 * indentation, escaped strings, numbers, objects one member a line, arrays
 * of short items on few lines and long arrays of numbers as base64. It is
 * our own rather than JsonGenerator so that every double is written as the
 * shortest text that reads back bit-exact (and always with a '.' or an
 * exponent, so that it reads back as a double) and non-finite numbers as
 * null. What a record holds, and in what order, is dt-record-writer.c's.
 */

/* Arrays of numbers and strings are wrapped at this column. */
#define WRAP_COLUMN 100

void
dt_json_write_indent (GString *out,
                      guint    level)
{
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

void
dt_json_write_string (GString    *out,
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
  if (!isfinite (value))
    {
      g_strlcpy (buf, "null", size);
      return;
    }

  dt_params_format_double (buf, size, value);

  if (strpbrk (buf, ".e") == NULL)
    g_strlcat (buf, ".0", size);
}

void
dt_json_write_double (GString *out,
                      double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 2];

  format_double (buf, sizeof buf, value);
  g_string_append (out, buf);
}

void
dt_json_object_begin (DtJsonObjectWriter *w,
                      GString            *out,
                      guint               level)
{
  w->out = out;
  w->level = level;
  w->empty = TRUE;
  g_string_append_c (out, '{');
}

void
dt_json_object_member (DtJsonObjectWriter *w,
                       const char         *name)
{
  if (!w->empty)
    g_string_append_c (w->out, ',');
  g_string_append_c (w->out, '\n');
  dt_json_write_indent (w->out, w->level + 1);
  dt_json_write_string (w->out, name);
  g_string_append (w->out, ": ");
  w->empty = FALSE;
}

void
dt_json_object_end (DtJsonObjectWriter *w)
{
  if (!w->empty)
    {
      g_string_append_c (w->out, '\n');
      dt_json_write_indent (w->out, w->level);
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
          dt_json_write_indent (w->out, w->level + 1);
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

void
dt_json_write_double_array (GString      *out,
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

void
dt_json_write_string_array (GString   *out,
                            GPtrArray *strings,
                            guint      level)
{
  g_autoptr(GString) item = g_string_new (NULL);
  InlineWriter w;

  inline_begin (&w, out, level);
  for (guint i = 0; i < strings->len; i++)
    {
      g_string_truncate (item, 0);
      dt_json_write_string (item, g_ptr_array_index (strings, i));
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
      dt_json_write_double (out, json_node_get_double (node));
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_STRING:
      dt_json_write_string (out, json_node_get_string (node));
      break;
    default:
      g_string_append (out, "null");
      break;
    }
}

static void
write_object (GString    *out,
              JsonObject *object,
              guint       level)
{
  GList *members = json_object_get_members (object);
  DtJsonObjectWriter w;

  dt_json_object_begin (&w, out, level);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      dt_json_object_member (&w, l->data);
      dt_json_write_node (out, json_object_get_member (object, l->data), level + 1);
    }
  dt_json_object_end (&w);

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
      dt_json_write_indent (out, level + 1);
      dt_json_write_node (out, json_array_get_element (array, i), level + 1);
    }
  g_string_append_c (out, '\n');
  dt_json_write_indent (out, level);
  g_string_append_c (out, ']');
}

void
dt_json_write_node (GString  *out,
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

/* Writes a JSON array of objects, one per line group. */
void
dt_json_write_object_list_begin (GString *out)
{
  g_string_append_c (out, '[');
}

void
dt_json_write_object_list_item (GString *out,
                                guint    index,
                                guint    level)
{
  if (index > 0)
    g_string_append_c (out, ',');
  g_string_append_c (out, '\n');
  dt_json_write_indent (out, level + 1);
}

void
dt_json_write_object_list_end (GString *out,
                               guint    n,
                               guint    level)
{
  if (n > 0)
    {
      g_string_append_c (out, '\n');
      dt_json_write_indent (out, level);
    }
  g_string_append_c (out, ']');
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
