/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dt-error.h"
#include "dt-params.h"

/* A log grid "min:max:count" may not ask for more points than this. */
#define MAX_GRID_POINTS 10000

/* Integers above this magnitude are not exact as doubles. */
#define MAX_EXACT_INTEGER 9007199254740992.0


/* One value; which members are used depends on the spec's type. */
typedef struct
{
  gint64  i;
  double  d;
  char   *s;
  double *list;
  guint   n_list;
} DtParamValue;

struct _DtParams
{
  const DtParamSpec *specs;
  guint              n_specs;
  DtParamValue      *values;
};

static void
value_clear (DtParamValue *value)
{
  g_clear_pointer (&value->s, g_free);
  g_clear_pointer (&value->list, g_free);
  value->n_list = 0;
}

static void
value_copy (DtParamValue       *dest,
            const DtParamValue *src)
{
  dest->i = src->i;
  dest->d = src->d;
  dest->s = g_strdup (src->s);
  dest->n_list = src->n_list;
  dest->list = src->n_list > 0 ? g_memdup2 (src->list, sizeof (double) * src->n_list) : NULL;
}

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

static gboolean
parse_list (const DtParamSpec  *spec,
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
      return parse_list (spec, text, value, error);

    default:
      g_return_val_if_reached (FALSE);
    }
}

static int
find_index (const DtParams *params,
            const char     *key)
{
  for (guint i = 0; i < params->n_specs; i++)
    if (g_strcmp0 (params->specs[i].key, key) == 0)
      return (int) i;

  return -1;
}

/**
 * dt_params_new:
 * @specs: (array length=n_specs): a static parameter table; it is not
 *   copied and must outlive the result
 * @n_specs: the number of entries of @specs
 *
 * Creates a set of parameters holding the default of every spec: numbers
 * from @def, choices, strings and lists parsed from @def_str.
 *
 * Returns: (transfer full): the new parameters
 */
DtParams *
dt_params_new (const DtParamSpec *specs,
               guint              n_specs)
{
  DtParams *params;

  g_return_val_if_fail (specs != NULL || n_specs == 0, NULL);

  params = g_new0 (DtParams, 1);
  params->specs = specs;
  params->n_specs = n_specs;
  params->values = g_new0 (DtParamValue, MAX (n_specs, 1));

  for (guint i = 0; i < n_specs; i++)
    {
      const DtParamSpec *spec = &specs[i];
      DtParamValue *value = &params->values[i];

      switch (spec->type)
        {
        case DT_PARAM_INT:
          value->i = (gint64) spec->def;
          break;

        case DT_PARAM_DOUBLE:
          value->d = spec->def;
          break;

        case DT_PARAM_CHOICE:
          if (spec->def_str != NULL)
            value->s = g_strdup (spec->def_str);
          else if (spec->choices != NULL && spec->choices[0] != NULL)
            value->s = g_strdup (spec->choices[0]);
          else
            value->s = g_strdup ("");

          if (spec->choices == NULL || !g_strv_contains (spec->choices, value->s))
            g_critical ("Default “%s” of parameter “%s” is not one of its choices",
                        value->s, spec->key);
          break;

        case DT_PARAM_STRING:
          value->s = g_strdup (spec->def_str != NULL ? spec->def_str : "");
          break;

        case DT_PARAM_INT_LIST:
        case DT_PARAM_DOUBLE_LIST:
          {
            g_autoptr(GError) error = NULL;

            if (!parse_list (spec, spec->def_str != NULL ? spec->def_str : "", value, &error))
              g_critical ("Bad default of parameter “%s”: %s", spec->key, error->message);
          }
          break;

        default:
          g_critical ("Parameter “%s” has an unknown type %d", spec->key, spec->type);
          break;
        }
    }

  return params;
}

/**
 * dt_params_copy:
 * @params: parameters
 *
 * Returns: (transfer full): an independent copy of @params, over the same
 *   static table
 */
DtParams *
dt_params_copy (const DtParams *params)
{
  DtParams *copy;

  g_return_val_if_fail (params != NULL, NULL);

  copy = g_new0 (DtParams, 1);
  copy->specs = params->specs;
  copy->n_specs = params->n_specs;
  copy->values = g_new0 (DtParamValue, MAX (params->n_specs, 1));

  for (guint i = 0; i < params->n_specs; i++)
    value_copy (&copy->values[i], &params->values[i]);

  return copy;
}

/**
 * dt_params_free:
 * @params: (nullable): parameters
 *
 * Frees @params and every value it holds; the spec table is untouched.
 */
void
dt_params_free (DtParams *params)
{
  if (params == NULL)
    return;

  for (guint i = 0; i < params->n_specs; i++)
    value_clear (&params->values[i]);

  g_free (params->values);
  g_free (params);
}

/**
 * dt_params_get_n_specs:
 * @params: parameters
 *
 * Returns: the number of parameters (entries of the table)
 */
guint
dt_params_get_n_specs (const DtParams *params)
{
  g_return_val_if_fail (params != NULL, 0);

  return params->n_specs;
}

/**
 * dt_params_get_spec:
 * @params: parameters
 * @index: an index below dt_params_get_n_specs()
 *
 * Returns: (transfer none): the spec at @index, in table order
 */
const DtParamSpec *
dt_params_get_spec (const DtParams *params,
                    guint           index)
{
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (index < params->n_specs, NULL);

  return &params->specs[index];
}

/**
 * dt_params_lookup_spec:
 * @params: parameters
 * @key: a parameter key
 *
 * Returns: (transfer none) (nullable): the spec of @key, or %NULL if the
 *   table has no such key
 */
const DtParamSpec *
dt_params_lookup_spec (const DtParams *params,
                       const char     *key)
{
  int index;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  index = find_index (params, key);
  return index >= 0 ? &params->specs[index] : NULL;
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

/* Equal as stored bits, so that -0 differs from 0 and round trips are exact. */
static gboolean
same_double (double a,
             double b)
{
  return memcmp (&a, &b, sizeof (double)) == 0;
}

/**
 * dt_params_equal:
 * @a: parameters
 * @b: parameters
 *
 * Returns: %TRUE if @a and @b use the same table and hold exactly the same
 *   values (doubles compared bit for bit)
 */
gboolean
dt_params_equal (const DtParams *a,
                 const DtParams *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (a->specs != b->specs || a->n_specs != b->n_specs)
    return FALSE;

  for (guint i = 0; i < a->n_specs; i++)
    {
      const DtParamValue *va = &a->values[i];
      const DtParamValue *vb = &b->values[i];

      switch (a->specs[i].type)
        {
        case DT_PARAM_INT:
          if (va->i != vb->i)
            return FALSE;
          break;

        case DT_PARAM_DOUBLE:
          if (!same_double (va->d, vb->d))
            return FALSE;
          break;

        case DT_PARAM_CHOICE:
        case DT_PARAM_STRING:
          if (g_strcmp0 (va->s, vb->s) != 0)
            return FALSE;
          break;

        case DT_PARAM_INT_LIST:
        case DT_PARAM_DOUBLE_LIST:
          if (va->n_list != vb->n_list)
            return FALSE;
          for (guint k = 0; k < va->n_list; k++)
            if (!same_double (va->list[k], vb->list[k]))
              return FALSE;
          break;

        default:
          return FALSE;
        }
    }

  return TRUE;
}

/* Finds @key and checks its type. A wrong key or type is a programming
 * error: it is reported as a critical and -1 is returned. */
static int
typed_index (const DtParams *params,
             const char     *key,
             DtParamType     type_a,
             DtParamType     type_b)
{
  int index = find_index (params, key);

  if (index < 0)
    {
      g_critical ("No parameter “%s” in this table", key);
      return -1;
    }

  if (params->specs[index].type != type_a && params->specs[index].type != type_b)
    {
      g_critical ("Parameter “%s” has another type (%d)", key, params->specs[index].type);
      return -1;
    }

  return index;
}

/**
 * dt_params_get_int:
 * @params: parameters
 * @key: the key of a %DT_PARAM_INT parameter
 *
 * Returns: its value
 */
gint64
dt_params_get_int (const DtParams *params,
                   const char     *key)
{
  int index;

  g_return_val_if_fail (params != NULL, 0);
  g_return_val_if_fail (key != NULL, 0);

  index = typed_index (params, key, DT_PARAM_INT, DT_PARAM_INT);
  if (index < 0)
    return 0;

  return params->values[index].i;
}

/**
 * dt_params_get_double:
 * @params: parameters
 * @key: the key of a %DT_PARAM_DOUBLE parameter
 *
 * Returns: its value
 */
double
dt_params_get_double (const DtParams *params,
                      const char     *key)
{
  int index;

  g_return_val_if_fail (params != NULL, 0.0);
  g_return_val_if_fail (key != NULL, 0.0);

  index = typed_index (params, key, DT_PARAM_DOUBLE, DT_PARAM_DOUBLE);
  if (index < 0)
    return 0.0;

  return params->values[index].d;
}

/**
 * dt_params_get_string:
 * @params: parameters
 * @key: the key of a %DT_PARAM_CHOICE or %DT_PARAM_STRING parameter
 *
 * Returns: (transfer none): its value, owned by @params
 */
const char *
dt_params_get_string (const DtParams *params,
                      const char     *key)
{
  int index;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  index = typed_index (params, key, DT_PARAM_CHOICE, DT_PARAM_STRING);
  if (index < 0)
    return NULL;

  return params->values[index].s;
}

/**
 * dt_params_get_list:
 * @params: parameters
 * @key: the key of a %DT_PARAM_INT_LIST or %DT_PARAM_DOUBLE_LIST parameter
 * @n_values: (out) (optional): the length of the list
 *
 * Integer lists are returned as doubles holding exact integers.
 *
 * Returns: (transfer none) (array length=n_values): the values, owned by
 *   @params
 */
const double *
dt_params_get_list (const DtParams *params,
                    const char     *key,
                    guint          *n_values)
{
  int index;

  if (n_values != NULL)
    *n_values = 0;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  index = typed_index (params, key, DT_PARAM_INT_LIST, DT_PARAM_DOUBLE_LIST);
  if (index < 0)
    return NULL;

  if (n_values != NULL)
    *n_values = params->values[index].n_list;

  return params->values[index].list;
}

/**
 * dt_params_set_int:
 * @params: parameters
 * @key: the key of a %DT_PARAM_INT parameter
 * @value: the new value
 *
 * Stores @value, clamped into the spec's range (a control bound to the
 * same range never needs the clamp).
 */
void
dt_params_set_int (DtParams   *params,
                   const char *key,
                   gint64      value)
{
  const DtParamSpec *spec;
  int index;

  g_return_if_fail (params != NULL);
  g_return_if_fail (key != NULL);

  index = typed_index (params, key, DT_PARAM_INT, DT_PARAM_INT);
  if (index < 0)
    return;

  spec = &params->specs[index];
  if ((double) value < spec->min)
    value = (gint64) ceil (spec->min);
  else if ((double) value > spec->max)
    value = (gint64) floor (spec->max);

  params->values[index].i = value;
}

/**
 * dt_params_set_double:
 * @params: parameters
 * @key: the key of a %DT_PARAM_DOUBLE parameter
 * @value: the new value, finite
 *
 * Stores @value, clamped into the spec's range.
 */
void
dt_params_set_double (DtParams   *params,
                      const char *key,
                      double      value)
{
  const DtParamSpec *spec;
  int index;

  g_return_if_fail (params != NULL);
  g_return_if_fail (key != NULL);
  g_return_if_fail (isfinite (value));

  index = typed_index (params, key, DT_PARAM_DOUBLE, DT_PARAM_DOUBLE);
  if (index < 0)
    return;

  spec = &params->specs[index];
  params->values[index].d = CLAMP (value, spec->min, spec->max);
}

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/**
 * dt_params_dup_sorted_list:
 * @params: parameters
 * @key: an integer-list parameter (spawn points, widths, …)
 *
 * Returns: (transfer full) (element-type guint64): the list's values sorted
 *   ascending without repeats, the order experiments sweep them in
 */
GArray *
dt_params_dup_sorted_list (const DtParams *params,
                           const char     *key)
{
  guint n;
  const double *values = dt_params_get_list (params, key, &n);
  GArray *list = g_array_sized_new (FALSE, FALSE, sizeof (guint64), n);

  for (guint i = 0; i < n; i++)
    {
      guint64 v = (guint64) values[i];
      g_array_append_val (list, v);
    }
  g_array_sort (list, compare_u64);
  for (guint i = 1; i < list->len;)
    {
      if (g_array_index (list, guint64, i) == g_array_index (list, guint64, i - 1))
        g_array_remove_index (list, i);
      else
        i++;
    }
  return list;
}
