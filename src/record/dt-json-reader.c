/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-record"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dt-json-reader.h"
#include "dt-record-private.h"

/*
 * Checked reading of JSON for the record loader (dt-record-reader.c): the
 * checks of the raw text that json-glib does not make, and typed getters
 * of members, numbers and arrays that say where a problem is: a line and
 * column for syntax, a JSON path for structure.
 */

/* Deeper nesting is refused before parsing: json-glib's parser recurses per
 * level and would overflow the stack on a hostile file. A record needs fewer
 * than ten levels. */
#define MAX_DEPTH 128

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
gboolean
dt_json_check_text (const char  *data,
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

gboolean
dt_json_check_trailing_text (const char  *data,
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
void
dt_json_set_parse_error (GError       **error,
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

char *
dt_json_member_path (const char *path,
                     const char *name)
{
  if (path == NULL || *path == '\0')
    return g_strdup (name);

  return g_strconcat (path, ".", name, NULL);
}

void G_GNUC_PRINTF (4, 5)
dt_json_set_invalid (GError     **error,
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
JsonNode *
dt_json_get_member (JsonObject  *object,
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
        dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, path, _("missing member “%s”"), name);
    }

  return NULL;
}

gboolean
dt_json_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
dt_json_is_integer (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

/* Reads a string member. A missing optional member gives @fallback. */
gboolean
dt_json_get_string (JsonObject  *object,
                    const char  *path,
                    const char  *name,
                    gboolean     required,
                    gboolean     non_empty,
                    const char  *fallback,
                    const char **out,
                    GError     **error)
{
  JsonNode *node = dt_json_get_member (object, path, name, required, error);
  g_autofree char *where = NULL;

  if (node == NULL)
    {
      *out = fallback;
      return !required;
    }

  where = dt_json_member_path (path, name);

  if (!dt_json_is_string (node))
    {
      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                           _("expected a string, found %s"), dt_json_describe_node (node));
      return FALSE;
    }

  *out = json_node_get_string (node);
  if (non_empty && **out == '\0')
    {
      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where, _("must not be empty"));
      return FALSE;
    }

  return TRUE;
}

JsonObject *
dt_json_get_object (JsonObject  *object,
                    const char  *path,
                    const char  *name,
                    gboolean     required,
                    GError     **error)
{
  JsonNode *node = dt_json_get_member (object, path, name, required, error);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *where = dt_json_member_path (path, name);

      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                           _("expected an object, found %s"), dt_json_describe_node (node));
      return NULL;
    }

  return json_node_get_object (node);
}

JsonArray *
dt_json_get_array (JsonObject  *object,
                   const char  *path,
                   const char  *name,
                   gboolean     required,
                   GError     **error)
{
  JsonNode *node = dt_json_get_member (object, path, name, required, error);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *where = dt_json_member_path (path, name);

      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                           _("expected an array, found %s"), dt_json_describe_node (node));
      return NULL;
    }

  return json_node_get_array (node);
}

/* A number, or null for NaN. Reports problems at "@path[@index]", or at
 * @path alone when @index is -1. */
gboolean
dt_json_read_number (JsonNode    *node,
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
    dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where, _("the number is too large"));
  else
    dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                         _("expected a number, found %s"), dt_json_describe_node (node));
  return FALSE;
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

  if (json_object_get_size (object) != 1 || member == NULL || !dt_json_is_string (member))
    {
      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, path,
                           _("expected an array of numbers or an object with the single member “%s”"),
                           DT_RECORD_F64_MEMBER);
      return FALSE;
    }
  text = json_node_get_string (member);
  size = dt_record_base64_decoded_size (text);
  if (size < 0 || size % sizeof (double) != 0)
    {
      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, path,
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

          dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where, _("the number is too large"));
          g_clear_pointer (values, g_array_unref);
          return FALSE;
        }
    }
  return TRUE;
}

/* An array of numbers (null for NaN) at @path, either a JSON array or
 * {"f64le": BASE64}. */
GArray *
dt_json_read_number_array (JsonNode    *node,
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
      gint64 k = dt_json_is_integer (index) ? json_node_get_int (index) : -1;

      if (json_object_get_size (object) == 1 && k >= 0 && k < lifted->len &&
          g_ptr_array_index (lifted, k) != NULL)
        return g_steal_pointer (&g_ptr_array_index (lifted, k));
      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, path,
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
      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, path,
                           _("expected an array of numbers, found %s"), dt_json_describe_node (node));
      return NULL;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  values = g_array_sized_new (FALSE, FALSE, sizeof (double), n);

  for (guint i = 0; i < n; i++)
    {
      double v;

      if (!dt_json_read_number (json_array_get_element (array, i), path, (int) i, &v, error))
        return NULL;
      g_array_append_val (values, v);
    }

  return g_steal_pointer (&values);
}

/* An array of strings at @path, each non-empty if @non_empty. */
GPtrArray *
dt_json_read_string_array (JsonNode    *node,
                           const char  *path,
                           gboolean     non_empty,
                           GError     **error)
{
  g_autoptr(GPtrArray) strings = NULL;
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, path,
                           _("expected an array of strings, found %s"), dt_json_describe_node (node));
      return NULL;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  strings = g_ptr_array_new_full (n, g_free);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!dt_json_is_string (element))
        {
          g_autofree char *where = g_strdup_printf ("%s[%u]", path, i);

          dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                               _("expected a string, found %s"), dt_json_describe_node (element));
          return NULL;
        }

      if (non_empty && *json_node_get_string (element) == '\0')
        {
          g_autofree char *where = g_strdup_printf ("%s[%u]", path, i);

          dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where, _("must not be empty"));
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
gboolean
dt_json_check_finite (JsonNode    *node,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *below = find_non_finite (node);
  g_autofree char *where = NULL;

  if (below == NULL)
    return TRUE;

  where = g_strconcat (path, below, NULL);
  dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where, _("the number is too large"));
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
