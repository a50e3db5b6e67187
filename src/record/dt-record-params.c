/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-record"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dt-lock.h"
#include "dt-record-private.h"

/*
 * The parameters of a record: written from typed parameters, read back
 * over an experiment's parameter table, migrated from older versions of
 * that table, and reported when they do not match it.
 */

/* Params */

static JsonObject *
params_to_json (const DtParams *params)
{
  JsonObject *object = json_object_new ();
  guint n = dt_params_get_n_specs (params);

  for (guint i = 0; i < n; i++)
    {
      const DtParamSpec *spec = dt_params_get_spec (params, i);

      switch (spec->type)
        {
        case DT_PARAM_INT:
          json_object_set_int_member (object, spec->key, dt_params_get_int (params, spec->key));
          break;

        case DT_PARAM_DOUBLE:
          json_object_set_double_member (object, spec->key, dt_params_get_double (params, spec->key));
          break;

        case DT_PARAM_CHOICE:
        case DT_PARAM_STRING:
          json_object_set_string_member (object, spec->key, dt_params_get_string (params, spec->key));
          break;

        case DT_PARAM_INT_LIST:
        case DT_PARAM_DOUBLE_LIST:
          {
            JsonArray *array;
            const double *values;
            guint n_values;

            values = dt_params_get_list (params, spec->key, &n_values);
            array = json_array_sized_new (n_values);
            for (guint k = 0; k < n_values; k++)
              {
                if (spec->type == DT_PARAM_INT_LIST)
                  json_array_add_int_element (array, (gint64) values[k]);
                else
                  json_array_add_double_element (array, values[k]);
              }
            json_object_set_array_member (object, spec->key, array);
          }
          break;

        default:
          g_critical ("Parameter “%s” has an unknown type %d", spec->key, spec->type);
          break;
        }
    }

  return object;
}

/**
 * dt_record_set_params:
 * @record: a record
 * @params: the parameters of the run
 *
 * Stores every parameter, in table order, as a JSON member: integers,
 * doubles, strings (choices and strings) and arrays (lists).
 */
void
dt_record_set_params (DtRecord       *record,
                      const DtParams *params)
{
  DtRecordValue *value;
  DtRecordValue *old;
  JsonNode *node;

  g_return_if_fail (record != NULL);
  g_return_if_fail (params != NULL);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, params_to_json (params));
  value = dt_record_value_new (NULL, node);

  dt_mutex_lock (&record->mutex);
  old = record->params;
  record->params = value;
  dt_record_bump_generation (record);
  dt_mutex_unlock (&record->mutex);

  dt_record_value_unref (old);
}

/**
 * dt_record_get_params:
 * @record: a record no other thread is writing
 *
 * The object is sealed: it must not be modified.
 *
 * Returns: (transfer none): the parameters as a JSON object
 */
JsonObject *
dt_record_get_params (DtRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return json_node_get_object (record->params->node);
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* Writes a JSON number as text that dt_params_set_from_string() reads back
 * to the same double. */
static void
append_number (GString  *text,
               JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    g_string_append_printf (text, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append (text, g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    }
}

/* Turns one stored parameter into the text dt_params_set_from_string() takes.
 * Strings are taken as typed by a user, so a hand-edited record may say
 * "widths": "8:512:7". */
static char *
param_node_to_text (const DtParamSpec  *spec,
                    JsonNode           *node,
                    GError            **error)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  switch (spec->type)
    {
    case DT_PARAM_INT:
    case DT_PARAM_DOUBLE:
      if (node_is_number (node))
        {
          GString *text = g_string_new (NULL);

          append_number (text, node);
          return g_string_free (text, FALSE);
        }
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                   _("params.%s: expected a number, found %s"),
                   spec->key, dt_json_describe_node (node));
      return NULL;

    case DT_PARAM_CHOICE:
    case DT_PARAM_STRING:
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                   _("params.%s: expected a string, found %s"),
                   spec->key, dt_json_describe_node (node));
      return NULL;

    case DT_PARAM_INT_LIST:
    case DT_PARAM_DOUBLE_LIST:
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          g_autoptr(GString) text = g_string_new (NULL);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              if (!node_is_number (element))
                {
                  g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                               _("params.%s[%u]: expected a number, found %s"),
                               spec->key, i, dt_json_describe_node (element));
                  return NULL;
                }
              if (i > 0)
                g_string_append_c (text, ',');
              append_number (text, element);
            }

          return g_string_free (g_steal_pointer (&text), FALSE);
        }
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                   _("params.%s: expected an array of numbers, found %s"),
                   spec->key, dt_json_describe_node (node));
      return NULL;

    default:
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                   _("params.%s: parameter of an unknown type"), spec->key);
      return NULL;
    }
}

/**
 * dt_record_params_report_free:
 * @report: (transfer full): a report
 */
void
dt_record_params_report_free (DtRecordParamsReport *report)
{
  g_return_if_fail (report != NULL);

  g_strfreev (report->unknown);
  g_strfreev (report->missing);
  g_free (report);
}

/* json_node_copy() shares the objects and arrays it holds. */
static JsonNode *
deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObject *into = json_object_new ();
      GList *members = json_object_get_members (object);

      for (const GList *l = members; l != NULL; l = l->next)
        json_object_set_member (into, l->data, deep_copy (json_object_get_member (object, l->data)));
      g_list_free (members);
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, into);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      JsonArray *into = json_array_sized_new (json_array_get_length (array));

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (into, deep_copy (json_array_get_element (array, i)));
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, into);
      return copy;
    }
  return json_node_copy (node);
}

/* The record's parameters in the form of @experiment's current table:
 * a copy brought up to date by its migration if they are older. */
static JsonObject *
current_params (DtRecord            *record,
                const DtExperiment  *experiment,
                guint               *from_version,
                GError             **error)
{
  guint current = MAX (experiment->params_version, 1);
  g_autoptr(JsonNode) copy = NULL;
  DtRecordValue *stored;

  dt_mutex_lock (&record->mutex);
  stored = dt_record_value_ref (record->params);
  *from_version = MAX (record->params_version, 1);
  dt_mutex_unlock (&record->mutex);

  copy = deep_copy (stored->node);
  dt_record_value_unref (stored);

  if (*from_version < current)
    {
      if (experiment->migrate_params == NULL ||
          !experiment->migrate_params (*from_version, json_node_get_object (copy), error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                         _("The parameters are of version %u of “%s”, which this Descent cannot read"),
                         *from_version, experiment->id);
          return NULL;
        }
    }

  return json_object_ref (json_node_get_object (copy));
}

/**
 * dt_record_dup_params_full:
 * @record: a record
 * @experiment: the experiment of @record (from the registry)
 * @report: (out) (optional) (transfer full): if given, a parameter this
 *   build does not know is left out and listed here instead of being an
 *   error, and so are those the record lacks
 * @error: return location for a #GError in %DT_RECORD_ERROR
 *
 * Rebuilds typed parameters from the record, over the parameter table of
 * @experiment. Parameters of an older table version are first migrated
 * (#DtExperiment.migrate_params). Parameters missing from the record take
 * their defaults; an unknown parameter (without @report) or a value
 * outside its range is an error (%DT_RECORD_ERROR_INVALID) that names the
 * parameter. Values round-trip exactly: dt_record_set_params() followed by
 * this gives equal params.
 *
 * Returns: (transfer full) (nullable): the parameters, or %NULL on error
 */
DtParams *
dt_record_dup_params_full (DtRecord              *record,
                           const DtExperiment    *experiment,
                           DtRecordParamsReport **report,
                           GError               **error)
{
  g_autoptr(DtParams) params = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GStrvBuilder) unknown = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();
  GList *members;
  guint from_version;

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (experiment != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_strcmp0 (record->experiment, experiment->id) != 0)
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                   _("The record is of the experiment “%s”, not “%s”"),
                   record->experiment, experiment->id);
      return NULL;
    }

  object = current_params (record, experiment, &from_version, error);
  if (object == NULL)
    return NULL;

  params = dt_params_new (experiment->params, experiment->n_params);
  members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      const DtParamSpec *spec = dt_params_lookup_spec (params, key);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *text = NULL;

      if (spec == NULL && report != NULL)
        {
          g_strv_builder_add (unknown, key);
          continue;
        }
      if (spec == NULL)
        {
          g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                       _("params.%s: the experiment “%s” has no parameter “%s”"),
                       key, experiment->id, key);
          g_clear_pointer (&params, dt_params_free);
          break;
        }

      text = param_node_to_text (spec, json_object_get_member (object, key), error);
      if (text == NULL)
        {
          g_clear_pointer (&params, dt_params_free);
          break;
        }

      if (!dt_params_set_from_string (params, key, text, &local_error))
        {
          g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                       "params.%s: %s", key, local_error->message);
          g_clear_pointer (&params, dt_params_free);
          break;
        }
    }

  g_list_free (members);

  if (params != NULL && report != NULL)
    {
      for (guint k = 0; k < experiment->n_params; k++)
        if (!json_object_has_member (object, experiment->params[k].key))
          g_strv_builder_add (missing, experiment->params[k].key);

      *report = g_new0 (DtRecordParamsReport, 1);
      (*report)->unknown = g_strv_builder_end (unknown);
      (*report)->missing = g_strv_builder_end (missing);
      (*report)->from_version = from_version;
    }

  return g_steal_pointer (&params);
}

/**
 * dt_record_dup_params:
 * @record: a record
 * @experiment: the experiment of @record (from the registry)
 * @error: return location for a #GError in %DT_RECORD_ERROR
 *
 * dt_record_dup_params_full() without a report: a parameter this build
 * does not know is an error.
 *
 * Returns: (transfer full) (nullable): the parameters, or %NULL on error
 */
DtParams *
dt_record_dup_params (DtRecord            *record,
                      const DtExperiment  *experiment,
                      GError             **error)
{
  return dt_record_dup_params_full (record, experiment, NULL, error);
}

/**
 * dt_record_get_params_version:
 * @record: a record
 *
 * Returns: the version of its experiment's parameter table the record was
 *   written with (1 for records that do not say)
 */
guint
dt_record_get_params_version (DtRecord *record)
{
  guint version;

  g_return_val_if_fail (record != NULL, 1);

  dt_mutex_lock (&record->mutex);
  version = MAX (record->params_version, 1);
  dt_mutex_unlock (&record->mutex);

  return version;
}

/**
 * dt_record_set_params_version:
 * @record: a record
 * @version: the version of its experiment's parameter table, from 1
 *
 * Sets the version written beside the parameters (only when above 1, so
 * that records of the first version stay as they were).
 */
void
dt_record_set_params_version (DtRecord *record,
                              guint     version)
{
  g_return_if_fail (record != NULL);

  dt_mutex_lock (&record->mutex);
  record->params_version = MAX (version, 1);
  dt_record_bump_generation (record);
  dt_mutex_unlock (&record->mutex);
}
