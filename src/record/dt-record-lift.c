/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-record"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dt-record-private.h"

/*
 * Records of version 1 hold every number in decimal. Parsed by json-glib,
 * each number becomes a node of about a hundred bytes, so a record of short
 * numbers took fifty times its size in memory. Before parsing, the arrays
 * of numbers where the bulk of a record lives (series "x", "y" and "err",
 * heat map "values") are read straight into doubles and their text is
 * overwritten with a small placeholder, {"f64le#": K}, padded with spaces;
 * the line breaks stay, so json-glib's messages keep their positions.
 * Anything the scanner is not sure of (an escaped key, a token that is not
 * a plain JSON number, a number json-glib would not read the same way) is
 * left for json-glib.
 */

/* Shorter arrays are left in the text: their nodes are few. */
#define LIFT_MIN 16

#define MAX_FRAMES 160

typedef enum
{
  KEY_OTHER,
  KEY_SERIES,
  KEY_PLOTS,
  KEY_MATRIX,
  KEY_VALUES,
  KEY_POINTS,   /* "x", "y" or "err" */
} Key;

typedef struct
{
  gboolean object;
  gboolean want_key;
  Key      key;
} Frame;

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static Key
key_from_text (const char *text,
               gsize       length)
{
  static const struct { const char *name; Key key; } keys[] = {
    { "series", KEY_SERIES }, { "plots", KEY_PLOTS }, { "matrix", KEY_MATRIX },
    { "values", KEY_VALUES }, { "x", KEY_POINTS }, { "y", KEY_POINTS }, { "err", KEY_POINTS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (strlen (keys[i].name) == length && memcmp (keys[i].name, text, length) == 0)
      return keys[i].key;
  return KEY_OTHER;
}

/* Whether an array opened in @frames[0..depth) sits where a record keeps
 * its bulk numbers. */
static gboolean
is_bulk_position (const Frame *frames,
                  guint        depth)
{
  if (depth == 3 && frames[0].key == KEY_SERIES && !frames[1].object &&
      frames[2].object && frames[2].key == KEY_POINTS)
    return TRUE;
  return depth == 4 && frames[0].key == KEY_PLOTS && !frames[1].object &&
         frames[2].object && frames[2].key == KEY_MATRIX &&
         frames[3].object && frames[3].key == KEY_VALUES;
}

/* A JSON number token at @p, strictly by the grammar, read as json-glib
 * reads it: integers as 64-bit integers, the rest as doubles. Returns its
 * length, or 0 if it is not one or json-glib could read it otherwise. */
static gsize
read_json_number (const char *p,
                  const char *end,
                  double     *value)
{
  const char *q = p;
  gboolean integer = TRUE;
  char buf[64];
  gsize length;

  if (q < end && *q == '-')
    q++;
  if (q < end && *q == '0')
    q++;
  else if (q < end && *q >= '1' && *q <= '9')
    while (q < end && g_ascii_isdigit (*q))
      q++;
  else
    return 0;
  if (q < end && *q == '.')
    {
      integer = FALSE;
      if (++q >= end || !g_ascii_isdigit (*q))
        return 0;
      while (q < end && g_ascii_isdigit (*q))
        q++;
    }
  if (q < end && (*q == 'e' || *q == 'E'))
    {
      integer = FALSE;
      if (++q < end && (*q == '+' || *q == '-'))
        q++;
      if (q >= end || !g_ascii_isdigit (*q))
        return 0;
      while (q < end && g_ascii_isdigit (*q))
        q++;
    }

  length = (gsize) (q - p);
  if (length >= sizeof buf || (integer && length > 18))
    return 0;
  memcpy (buf, p, length);
  buf[length] = '\0';
  *value = integer ? (double) g_ascii_strtoll (buf, NULL, 10) : g_ascii_strtod (buf, NULL);
  return isfinite (*value) ? length : 0;
}

/* Reads the array of numbers and nulls opening at @text[start] into
 * @values, or only counts them if @values is %NULL; returns the offset
 * just past its ']', or 0 if it holds anything else. */
static gsize
read_number_list (const char *text,
                  gsize       start,
                  gsize       length,
                  double     *values,
                  gsize      *count)
{
  const char *end = text + length;
  const char *p = text + start + 1;

  *count = 0;
  for (;;)
    {
      double v;
      gsize n;

      while (p < end && is_space (*p))
        p++;
      if (p < end && *p == ']' && *count == 0)
        return (gsize) (p + 1 - text);
      if (end - p >= 4 && memcmp (p, "null", 4) == 0)
        v = NAN, n = 4;
      else if ((n = read_json_number (p, end, &v)) == 0)
        return 0;
      if (values != NULL)
        values[*count] = v;
      (*count)++;
      p += n;
      while (p < end && is_space (*p))
        p++;
      if (p >= end)
        return 0;
      if (*p == ']')
        return (gsize) (p + 1 - text);
      if (*p != ',')
        return 0;
      p++;
    }
}

/* Overwrites @text[start, stop) with the placeholder of array @index. */
static void
put_placeholder (char  *text,
                 gsize  start,
                 gsize  stop,
                 guint  index)
{
  char placeholder[32];
  gsize n = (gsize) g_snprintf (placeholder, sizeof placeholder,
                                "{\"" DT_RECORD_LIFTED_MEMBER "\":%u}", index);

  g_assert (n <= stop - start);
  memcpy (text + start, placeholder, n);
  for (gsize i = start + n; i < stop; i++)
    if (text[i] != '\n')
      text[i] = ' ';
}

static void
free_values (gpointer values)
{
  if (values != NULL)
    g_array_unref (values);
}

/**
 * dt_record_lift_numbers:
 * @text: JSON text that passed the record loader's text checks
 * @length: its length
 * @writable: %TRUE to replace the lifted arrays in @text itself, %FALSE
 *   to leave it as it is and make a copy
 * @copy: (out) (transfer full): the copy with the lifted arrays replaced,
 *   or %NULL if none was or @writable is %TRUE
 * @n_left: (out): about how many JSON values are left for json-glib (its
 *   commas and opening brackets outside strings), each a node in memory
 *
 * Reads the long arrays of numbers at the bulk positions of a record.
 *
 * Returns: (transfer full): the arrays (GArray of double), in the order of
 *   their placeholders
 */
GPtrArray *
dt_record_lift_numbers (char      *text,
                        gsize      length,
                        gboolean   writable,
                        char     **copy,
                        gsize     *n_left)
{
  GPtrArray *lifted = g_ptr_array_new_with_free_func (free_values);
  Frame frames[MAX_FRAMES];
  guint depth = 0;
  gboolean started = FALSE;

  *copy = NULL;
  *n_left = 0;
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (is_space (c))
        continue;

      switch (c)
        {
        case '"':
          {
            gsize begin = i + 1;
            gboolean escaped = FALSE;

            for (i = begin; i < length && text[i] != '"'; i++)
              if (text[i] == '\\')
                escaped = TRUE, i++;
            if (depth > 0 && frames[depth - 1].object && frames[depth - 1].want_key)
              {
                frames[depth - 1].key = escaped ? KEY_OTHER : key_from_text (text + begin, i - begin);
                frames[depth - 1].want_key = FALSE;
              }
          }
          break;

        case '[':
          if (is_bulk_position (frames, depth))
            {
              gsize n, stop = read_number_list (text, i, length, NULL, &n);

              if (stop > 0 && n >= LIFT_MIN && n <= G_MAXUINT)
                {
                  GArray *values = g_array_sized_new (FALSE, FALSE, sizeof (double), (guint) n);

                  g_array_set_size (values, (guint) n);
                  read_number_list (text, i, length, (double *) (void *) values->data, &n);
                  if (!writable && *copy == NULL)
                    {
                      *copy = g_malloc (length + 1);
                      memcpy (*copy, text, length);
                      (*copy)[length] = '\0';
                    }
                  put_placeholder (writable ? text : *copy, i, stop, lifted->len);
                  g_ptr_array_add (lifted, values);
                  i = stop - 1;
                  break;
                }
            }
          G_GNUC_FALLTHROUGH;
        case '{':
          if (depth == 0 && started)
            return lifted;   /* trailing text is the loader's to refuse */
          if (depth == MAX_FRAMES)
            return lifted;
          started = TRUE;
          (*n_left)++;
          frames[depth++] = (Frame) { c == '{', c == '{', KEY_OTHER };
          break;

        case ']':
        case '}':
          if (depth == 0 || --depth == 0)
            return lifted;
          break;

        case ',':
          (*n_left)++;
          if (depth > 0 && frames[depth - 1].object)
            frames[depth - 1].want_key = TRUE;
          break;

        default:
          break;
        }
    }
  return lifted;
}
