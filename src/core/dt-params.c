/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dt-error.h"
#include "dt-params.h"
#include "dt-params-private.h"

/*
 * The typed store of an experiment's parameters: a value for each entry
 * of a static table, created with the defaults, copied, compared, read
 * and set by type. Their text (parsing, formatting, ranges) is in
 * dt-params-parse.c.
 */

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

            if (!dt_params_parse_list (spec, spec->def_str != NULL ? spec->def_str : "", value, &error))
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

/* Equal as stored bits, so that -0 differs from 0 and round trips are exact. */
static gboolean
same_double (double a,
             double b)
{
  return memcmp (&a, &b, sizeof (double)) == 0;
}

/**
 * dt_params_dup_changed:
 * @params: parameters
 *
 * The parameters whose values differ from their table's defaults, in table
 * order, each as "key=value" in the form `descent-cli run --set` takes.
 *
 * Returns: (transfer full): a %NULL-terminated array, empty when every
 *   value is at its default
 */
char **
dt_params_dup_changed (const DtParams *params)
{
  g_autoptr(DtParams) defaults = NULL;
  GPtrArray *changed;

  g_return_val_if_fail (params != NULL, NULL);

  defaults = dt_params_new (params->specs, params->n_specs);
  changed = g_ptr_array_new ();
  for (guint i = 0; i < params->n_specs; i++)
    {
      const char *key = params->specs[i].key;
      g_autofree char *value = dt_params_to_string (params, key);
      g_autofree char *def = dt_params_to_string (defaults, key);

      if (g_strcmp0 (value, def) != 0)
        g_ptr_array_add (changed, g_strdup_printf ("%s=%s", key, value));
    }
  g_ptr_array_add (changed, NULL);

  return (char **) g_ptr_array_free (changed, FALSE);
}

/* One clause of DtParamSpec:applies, "key=a|b" or "key!=a|b", split into
 * its key, whether it is negated, and its alternatives. */
static gboolean
split_clause (const char   *clause,
              char        **key,
              gboolean     *negated,
              char       ***values)
{
  const char *eq = strchr (clause, '=');

  if (eq == NULL || eq == clause)
    return FALSE;

  *negated = eq[-1] == '!';
  *key = g_strstrip (g_strndup (clause, (gsize) (eq - clause) - (*negated ? 1 : 0)));
  *values = g_strsplit (eq + 1, "|", -1);
  for (guint i = 0; (*values)[i] != NULL; i++)
    g_strstrip ((*values)[i]);

  return **key != '\0';
}

/**
 * dt_params_applies:
 * @params: parameters
 * @spec: one of their specs
 *
 * Returns: whether @spec is used with @params, as its @applies says
 */
gboolean
dt_params_applies (const DtParams    *params,
                   const DtParamSpec *spec)
{
  g_auto(GStrv) clauses = NULL;

  g_return_val_if_fail (params != NULL, TRUE);
  g_return_val_if_fail (spec != NULL, TRUE);

  if (spec->applies == NULL)
    return TRUE;

  clauses = g_strsplit (spec->applies, ",", -1);
  for (guint i = 0; clauses[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      g_auto(GStrv) values = NULL;
      gboolean negated;

      if (!split_clause (clauses[i], &key, &negated, &values))
        continue;
      value = dt_params_to_string (params, key);
      if (value != NULL && g_strv_contains ((const char * const *) values, value) == negated)
        return FALSE;
    }

  return TRUE;
}

/**
 * dt_param_spec_check_applies:
 * @specs: (array length=n_specs): a parameter table
 * @n_specs: its length
 * @spec: one of its specs
 * @error: return location for an error
 *
 * Checks that the @applies of @spec is well formed and names other keys
 * of the table, and for choices only their choices.
 *
 * Returns: %TRUE if it is
 */
gboolean
dt_param_spec_check_applies (const DtParamSpec  *specs,
                             guint               n_specs,
                             const DtParamSpec  *spec,
                             GError            **error)
{
  g_auto(GStrv) clauses = NULL;

  g_return_val_if_fail (spec != NULL, FALSE);

  if (spec->applies == NULL)
    return TRUE;

  clauses = g_strsplit (spec->applies, ",", -1);
  for (guint i = 0; clauses[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      g_auto(GStrv) values = NULL;
      const DtParamSpec *other = NULL;
      gboolean negated;

      if (!split_clause (clauses[i], &key, &negated, &values))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                       "“%s”: the condition “%s” is not key=value or key!=value",
                       spec->key, clauses[i]);
          return FALSE;
        }
      for (guint j = 0; j < n_specs; j++)
        if (g_str_equal (specs[j].key, key))
          other = &specs[j];
      if (other == NULL || other == spec)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                       "“%s”: the condition names “%s”, which is not another parameter",
                       spec->key, key);
          return FALSE;
        }
      for (guint v = 0; other->type == DT_PARAM_CHOICE && values[v] != NULL; v++)
        if (!g_strv_contains (other->choices, values[v]))
          {
            g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                         "“%s”: the condition needs “%s” to be “%s”, which is not one of its choices",
                         spec->key, key, values[v]);
            return FALSE;
          }
    }

  return TRUE;
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
