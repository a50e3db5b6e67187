/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dt-error.h"
#include "dt-params.h"
#include "dt-params-private.h"

/*
 * Parameters as text: the shortest round-trip number formatter, the
 * parsing of --set values (numbers, choices, comma lists and log grids
 * "min:max:count") with their error messages, the description of a
 * spec's range, and dt_params_set_from_string() / dt_params_to_string().
 */

/* A log grid "min:max:count" may not ask for more points than this. */
#define MAX_GRID_POINTS 10000

/* Integers above this magnitude are not exact as doubles. */
#define MAX_EXACT_INTEGER 9007199254740992.0

/**
 * dt_params_format_double:
 * @buf: (out caller-allocates): where the text goes
 * @size: the size of @buf, at least %G_ASCII_DTOSTR_BUF_SIZE
 * @value: a finite number
 *
 * Writes the shortest decimal text (15 to 17 significant digits, in the C locale)
 * that reads back as exactly @value: the form of numbers in parameter
 * strings, and the digits of numbers in records.
 */
void
dt_params_format_double (char   *buf,
                         gsize   size,
                         double  value)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, size, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        return;
    }
}

static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  dt_params_format_double (buf, sizeof buf, value);
  return g_strdup (buf);
}

/* Whether all of @text is a number written in decimal: an optional sign,
 * digits with an optional decimal point, an optional exponent. strtod()
 * would also take hexadecimal ("0x100"), "inf" and "nan". */
static gboolean
is_decimal (const char *text)
{
  const char *p = text;
  gboolean digits = FALSE;

  if (*p == '+' || *p == '-')
    p++;
  for (; g_ascii_isdigit (*p); p++)
    digits = TRUE;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      digits = TRUE;
  if (!digits)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

/* Parses all of @text (already stripped) as an integer. An exact integer
 * written as a number ("1e3", "20.0") is accepted too. */
static gboolean
parse_integer (const char *text,
               gint64     *out)
{
  char *end = NULL;
  gint64 v;
  double d;

  if (!is_decimal (text))
    return FALSE;

  errno = 0;
  v = g_ascii_strtoll (text, &end, 10);
  if (errno == 0 && end != text && *end == '\0')
    {
      *out = v;
      return TRUE;
    }

  errno = 0;
  d = g_ascii_strtod (text, &end);
  if (errno != 0 || end == text || *end != '\0' || !isfinite (d) ||
      d != floor (d) || fabs (d) > MAX_EXACT_INTEGER)
    return FALSE;

  *out = (gint64) d;
  return TRUE;
}

/* Parses all of @text (already stripped) as a finite double. */
static gboolean
parse_double (const char *text,
              double     *out)
{
  char *end = NULL;
  double d;

  if (!is_decimal (text))
    return FALSE;

  d = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (d))
    return FALSE;

  *out = d;
  return TRUE;
}

static gboolean
in_range (const DtParamSpec *spec,
          double             value)
{
  return value >= spec->min && value <= spec->max;
}

static char *
known_keys (const DtParams *params)
{
  g_autoptr(GString) keys = g_string_new (NULL);

  for (guint i = 0; i < params->n_specs; i++)
    {
      if (i > 0)
        g_string_append (keys, ", ");
      g_string_append (keys, params->specs[i].key);
    }

  return g_string_free (g_steal_pointer (&keys), FALSE);
}

/**
 * dt_params_describe_range:
 * @spec: a parameter spec
 *
 * Describes in words which values @spec accepts, for help texts and
 * error messages, e.g. "an integer in [1, 100000]" or
 * "one of: shared, independent".
 *
 * Returns: (transfer full): the description
 */
char *
dt_params_describe_range (const DtParamSpec *spec)
{
  g_autofree char *min = NULL;
  g_autofree char *max = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  min = format_number (spec->min);
  max = format_number (spec->max);

  switch (spec->type)
    {
    case DT_PARAM_INT:
      return g_strdup_printf (_("an integer in [%s, %s]"), min, max);

    case DT_PARAM_DOUBLE:
      return g_strdup_printf (_("a number in [%s, %s]"), min, max);

    case DT_PARAM_CHOICE:
      {
        g_autofree char *choices = NULL;

        choices = spec->choices != NULL ? g_strjoinv (", ", (char **) spec->choices) : g_strdup ("");
        return g_strdup_printf (_("one of: %s"), choices);
      }

    case DT_PARAM_STRING:
      return g_strdup (_("any non-empty text"));

    case DT_PARAM_INT_LIST:
      return g_strdup_printf (_("a comma-separated list of integers in [%s, %s], or min:max:count"),
                              min, max);

    case DT_PARAM_DOUBLE_LIST:
      return g_strdup_printf (_("a comma-separated list of numbers in [%s, %s], or min:max:count"),
                              min, max);

    default:
      g_return_val_if_reached (NULL);
    }
}

static void
set_range_error (GError            **error,
                 const DtParamSpec  *spec,
                 const char         *got)
{
  g_autofree char *min = format_number (spec->min);
  g_autofree char *max = format_number (spec->max);

  g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
               _("Parameter “%s” must be between %s and %s (got %s)"),
               spec->key, min, max, got);
}

static void
set_type_error (GError            **error,
                const DtParamSpec  *spec,
                const char         *got)
{
  g_autofree char *range = dt_params_describe_range (spec);

  g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
               _("Parameter “%s” must be %s (got “%s”)"),
               spec->key, range, got);
}

/* A list error: names the key, the accepted values and what was wrong. */
static void G_GNUC_PRINTF (3, 4)
set_list_error (GError            **error,
                const DtParamSpec  *spec,
                const char         *format,
                ...)
{
  g_autofree char *range = dt_params_describe_range (spec);
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
               _("Parameter “%s” must be %s: %s"),
               spec->key, range, detail);
}

/* "min:max:count": count points spaced geometrically from min to max. */
static gboolean
parse_log_grid (const DtParamSpec  *spec,
                const char         *text,
                GArray             *out,
                GError            **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  double lo, hi;
  gint64 count;

  if (g_strv_length (parts) != 3)
    {
      set_list_error (error, spec, _("“%s” is not of the form min:max:count"), text);
      return FALSE;
    }

  for (guint i = 0; i < 3; i++)
    g_strstrip (parts[i]);

  if (!parse_double (parts[0], &lo) || !parse_double (parts[1], &hi))
    {
      set_list_error (error, spec, _("min and max of “%s” must be numbers"), text);
      return FALSE;
    }

  if (!parse_integer (parts[2], &count) || count < 1 || count > MAX_GRID_POINTS)
    {
      set_list_error (error, spec, _("the count of “%s” must be an integer from 1 to %d"),
                      text, MAX_GRID_POINTS);
      return FALSE;
    }

  if (lo <= 0 || hi <= 0)
    {
      set_list_error (error, spec, _("a log grid needs min and max above 0 (got “%s”)"), text);
      return FALSE;
    }

  for (gint64 k = 0; k < count; k++)
    {
      double v;

      if (k == 0)
        v = lo;
      else if (k == count - 1)
        v = hi;
      else
        v = exp (log (lo) + (log (hi) - log (lo)) * (double) k / (double) (count - 1));

      if (spec->type == DT_PARAM_INT_LIST)
        {
          v = round (v);
          /* The grid is monotone, so duplicates after rounding are neighbours. */
          if (out->len > 0 && g_array_index (out, double, out->len - 1) == v)
            continue;
        }

      g_array_append_val (out, v);
    }

  return TRUE;
}

static gboolean
parse_comma_list (const DtParamSpec  *spec,
                  const char         *text,
                  GArray             *out,
                  GError            **error)
{
  g_auto(GStrv) items = g_strsplit (text, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *item = g_strstrip (items[i]);
      double v;

      if (*item == '\0')
        {
          set_list_error (error, spec, _("item %u is empty"), i + 1);
          return FALSE;
        }

      if (spec->type == DT_PARAM_INT_LIST)
        {
          gint64 iv;

          if (!parse_integer (item, &iv))
            {
              set_list_error (error, spec, _("item %u (“%s”) is not an integer"), i + 1, item);
              return FALSE;
            }
          v = (double) iv;
        }
      else if (!parse_double (item, &v))
        {
          set_list_error (error, spec, _("item %u (“%s”) is not a number"), i + 1, item);
          return FALSE;
        }

      g_array_append_val (out, v);
    }

  return TRUE;
}

gboolean
dt_params_parse_list (const DtParamSpec  *spec,
                      const char         *text,
                      DtParamValue       *value,
                      GError            **error)
{
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  gboolean ok;

  if (*stripped == '\0')
    {
      set_list_error (error, spec, _("the list is empty"));
      return FALSE;
    }

  if (strchr (stripped, ':') != NULL)
    ok = parse_log_grid (spec, stripped, list, error);
  else
    ok = parse_comma_list (spec, stripped, list, error);

  if (!ok)
    return FALSE;

  for (guint i = 0; i < list->len; i++)
    {
      double v = g_array_index (list, double, i);

      if (!in_range (spec, v))
        {
          g_autofree char *got = format_number (v);

          set_list_error (error, spec, _("item %u (%s) is out of range"), i + 1, got);
          return FALSE;
        }
    }

  value->n_list = list->len;
  value->list = (double *) (void *) g_array_free (g_steal_pointer (&list), FALSE);
  return TRUE;
}

/* Parses @text for @spec into @value (which is empty on entry). */
static gboolean
parse_value (const DtParamSpec  *spec,
             const char         *text,
             DtParamValue       *value,
             GError            **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  switch (spec->type)
    {
    case DT_PARAM_INT:
      {
        gint64 v;

        if (!parse_integer (stripped, &v))
          {
            set_type_error (error, spec, stripped);
            return FALSE;
          }
        if (!in_range (spec, (double) v))
          {
            set_range_error (error, spec, stripped);
            return FALSE;
          }
        value->i = v;
        return TRUE;
      }

    case DT_PARAM_DOUBLE:
      {
        double v;

        if (!parse_double (stripped, &v))
          {
            set_type_error (error, spec, stripped);
            return FALSE;
          }
        if (!in_range (spec, v))
          {
            set_range_error (error, spec, stripped);
            return FALSE;
          }
        value->d = v;
        return TRUE;
      }

    case DT_PARAM_CHOICE:
      if (spec->choices != NULL && g_strv_contains (spec->choices, stripped))
        {
          value->s = g_steal_pointer (&stripped);
          return TRUE;
        }
      set_type_error (error, spec, stripped);
      return FALSE;

    case DT_PARAM_STRING:
      if (*stripped == '\0' || !g_utf8_validate (text, -1, NULL))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                       _("Parameter “%s” must be non-empty text"), spec->key);
          return FALSE;
        }
      value->s = g_strdup (text);
      return TRUE;

    case DT_PARAM_INT_LIST:
    case DT_PARAM_DOUBLE_LIST:
      return dt_params_parse_list (spec, text, value, error);

    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * dt_params_set_from_string:
 * @params: parameters
 * @key: a parameter key
 * @value: the value as text, as typed on the command line or in a field
 * @error: return location for a #GError in %DT_ERROR
 *
 * Parses @value for the parameter @key and stores it. Integers may be
 * written as exact numbers ("1e3"); lists are comma-separated ("8,32,128")
 * or a log grid "min:max:count" of count points spaced geometrically from
 * min to max (rounded and without duplicates for integer lists). Every
 * number must lie within the spec's range. Spaces around items are ignored.
 *
 * On failure @params is unchanged and @error (%DT_ERROR_INVALID_PARAM)
 * names the parameter and the values it accepts.
 *
 * Returns: %TRUE if the value was stored
 */
gboolean
dt_params_set_from_string (DtParams    *params,
                           const char  *key,
                           const char  *value,
                           GError     **error)
{
  DtParamValue parsed = { 0 };
  int index;

  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  index = find_index (params, key);
  if (index < 0)
    {
      g_autofree char *known = known_keys (params);

      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   _("Unknown parameter “%s” (known: %s)"), key, known);
      return FALSE;
    }

  if (!parse_value (&params->specs[index], value, &parsed, error))
    {
      value_clear (&parsed);
      return FALSE;
    }

  value_clear (&params->values[index]);
  params->values[index] = parsed;
  return TRUE;
}

/**
 * dt_params_to_string:
 * @params: parameters
 * @key: a parameter key
 *
 * Formats the value of @key as canonical text that
 * dt_params_set_from_string() reads back to exactly the same value:
 * shortest exact decimals for doubles, comma-joined lists.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for an unknown key
 */
char *
dt_params_to_string (const DtParams *params,
                     const char     *key)
{
  const DtParamSpec *spec;
  const DtParamValue *value;
  int index;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  index = find_index (params, key);
  g_return_val_if_fail (index >= 0, NULL);

  spec = &params->specs[index];
  value = &params->values[index];

  switch (spec->type)
    {
    case DT_PARAM_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value->i);

    case DT_PARAM_DOUBLE:
      return format_number (value->d);

    case DT_PARAM_CHOICE:
    case DT_PARAM_STRING:
      return g_strdup (value->s);

    case DT_PARAM_INT_LIST:
    case DT_PARAM_DOUBLE_LIST:
      {
        g_autoptr(GString) text = g_string_new (NULL);

        for (guint i = 0; i < value->n_list; i++)
          {
            if (i > 0)
              g_string_append_c (text, ',');

            if (spec->type == DT_PARAM_INT_LIST)
              g_string_append_printf (text, "%" G_GINT64_FORMAT, (gint64) value->list[i]);
            else
              {
                char buf[G_ASCII_DTOSTR_BUF_SIZE];

                dt_params_format_double (buf, sizeof buf, value->list[i]);
                g_string_append (text, buf);
              }
          }

        return g_string_free (g_steal_pointer (&text), FALSE);
      }

    default:
      g_return_val_if_reached (NULL);
    }
}
