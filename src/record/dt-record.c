/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-record"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dt-blas.h"
#include "dt-lock.h"
#include "dt-record-private.h"

/*
 * DtRecord: one run of an experiment, in memory.
 *
 * A worker thread fills a record while the main thread watches it: every
 * mutator takes the record's mutex and increments its generation, and
 * dt_record_copy() takes a consistent snapshot under the same mutex. The
 * main thread polls dt_record_get_generation() and copies when it changed.
 *
 * The getters that return pointers into the record (series, plots,
 * provenance, params, extras, message) are for a record that no other thread
 * is writing: a copy, a loaded record, or a finished run. The pointers stay
 * valid until the next mutation of the record.
 */

DT_DEFINE_QUARK (dt-record-error-quark, dt_record_error)

/* Shared JSON values */

/* Takes @node and seals it: it must not change again. */
DtRecordValue *
dt_record_value_new (const char *name,
                     JsonNode   *node)
{
  DtRecordValue *value = g_new0 (DtRecordValue, 1);

  g_atomic_ref_count_init (&value->ref_count);
  value->name = g_strdup (name);
  value->node = node;
  json_node_seal (node);
  return value;
}

DtRecordValue *
dt_record_value_ref (DtRecordValue *value)
{
  g_atomic_ref_count_inc (&value->ref_count);
  return value;
}

void
dt_record_value_unref (DtRecordValue *value)
{
  if (value == NULL || !g_atomic_ref_count_dec (&value->ref_count))
    return;

  g_free (value->name);
  json_node_unref (value->node);
  g_free (value);
}

/* Series */

DtSeries *
dt_series_new (const char    *id,
               const char    *label,
               DtSeriesStyle  style)
{
  DtSeries *series = g_new0 (DtSeries, 1);

  series->id = g_strdup (id);
  series->label = g_strdup (label != NULL ? label : id);
  series->style = style;
  series->x = g_array_new (FALSE, FALSE, sizeof (double));
  series->y = g_array_new (FALSE, FALSE, sizeof (double));
  series->err = NULL;
  return series;
}

void
dt_series_free (DtSeries *series)
{
  if (series == NULL)
    return;

  g_free (series->id);
  g_free (series->label);
  g_clear_pointer (&series->x, g_array_unref);
  g_clear_pointer (&series->y, g_array_unref);
  g_clear_pointer (&series->err, g_array_unref);
  g_free (series);
}

static GArray *
double_array_copy (const GArray *array)
{
  GArray *copy;

  if (array == NULL)
    return NULL;

  copy = g_array_sized_new (FALSE, FALSE, sizeof (double), array->len);
  g_array_append_vals (copy, array->data, array->len);
  return copy;
}

static DtSeries *
series_copy (const DtSeries *series)
{
  DtSeries *copy = g_new0 (DtSeries, 1);

  copy->id = g_strdup (series->id);
  copy->label = g_strdup (series->label);
  copy->style = series->style;
  copy->x = double_array_copy (series->x);
  copy->y = double_array_copy (series->y);
  copy->err = double_array_copy (series->err);
  return copy;
}

/* Plot specs */

/**
 * dt_plot_spec_new:
 * @id: a non-empty id, unique within the record
 * @title: (nullable): the plot title
 * @x_label: (nullable): the abscissa label
 * @x_scale: the abscissa scale
 * @y_label: (nullable): the ordinate label
 * @y_scale: the ordinate scale
 *
 * Creates a plot spec without series, notes or reference lines.
 *
 * Returns: (transfer full): the new spec; free it with dt_plot_spec_free()
 *   or hand it to dt_record_add_plot()
 */
DtPlotSpec *
dt_plot_spec_new (const char *id,
                  const char *title,
                  const char *x_label,
                  DtScale     x_scale,
                  const char *y_label,
                  DtScale     y_scale)
{
  DtPlotSpec *spec;

  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  spec = g_new0 (DtPlotSpec, 1);
  spec->id = g_strdup (id);
  spec->title = g_strdup (title != NULL ? title : "");
  spec->x_axis.label = g_strdup (x_label != NULL ? x_label : "");
  spec->x_axis.scale = x_scale;
  spec->y_axis.label = g_strdup (y_label != NULL ? y_label : "");
  spec->y_axis.scale = y_scale;
  spec->series = g_ptr_array_new_with_free_func (g_free);
  spec->notes = g_ptr_array_new_with_free_func (g_free);
  spec->vlines = g_array_new (FALSE, FALSE, sizeof (double));
  spec->vline_labels = g_ptr_array_new_with_free_func (g_free);
  return spec;
}

/**
 * dt_plot_spec_new_heatmap:
 * @id: a non-empty id, unique within the record
 * @title: (nullable): the plot title
 * @x_label: (nullable): what the columns are
 * @y_label: (nullable): what the rows are
 * @rows: number of rows, at least 1
 * @cols: number of columns, at least 1
 * @values: (array): @rows × @cols values, row-major (copied); NaN for
 *   an empty cell
 *
 * Creates a heat-map plot spec: a matrix drawn as coloured cells, row 0
 * at the top, with a colour bar; a matrix of only 0s and 1s is drawn as
 * a mask with a kept / pruned legend. At most %DT_PLOT_MATRIX_MAX_CELLS
 * cells.
 *
 * Returns: (transfer full): the new spec; free it with dt_plot_spec_free()
 *   or hand it to dt_record_add_plot()
 */
DtPlotSpec *
dt_plot_spec_new_heatmap (const char   *id,
                          const char   *title,
                          const char   *x_label,
                          const char   *y_label,
                          guint         rows,
                          guint         cols,
                          const double *values)
{
  DtPlotSpec *spec;

  g_return_val_if_fail (id != NULL && *id != '\0', NULL);
  g_return_val_if_fail (rows > 0 && cols > 0, NULL);
  g_return_val_if_fail ((guint64) rows * cols <= DT_PLOT_MATRIX_MAX_CELLS, NULL);
  g_return_val_if_fail (values != NULL, NULL);

  spec = dt_plot_spec_new (id, title, x_label, DT_SCALE_LINEAR, y_label, DT_SCALE_LINEAR);
  spec->kind = DT_PLOT_HEATMAP;
  spec->matrix.rows = rows;
  spec->matrix.cols = cols;
  spec->matrix.values = g_array_sized_new (FALSE, FALSE, sizeof (double), rows * cols);
  g_array_append_vals (spec->matrix.values, values, rows * cols);
  return spec;
}

/**
 * dt_plot_spec_free:
 * @spec: (nullable) (transfer full): a plot spec
 *
 * Frees @spec and everything it holds.
 */
void
dt_plot_spec_free (DtPlotSpec *spec)
{
  if (spec == NULL)
    return;

  g_free (spec->id);
  g_free (spec->title);
  g_free (spec->x_axis.label);
  g_free (spec->y_axis.label);
  g_clear_pointer (&spec->series, g_ptr_array_unref);
  g_clear_pointer (&spec->notes, g_ptr_array_unref);
  g_clear_pointer (&spec->vlines, g_array_unref);
  g_clear_pointer (&spec->vline_labels, g_ptr_array_unref);
  g_clear_pointer (&spec->matrix.values, g_array_unref);
  g_free (spec);
}

/**
 * dt_plot_spec_add_series:
 * @spec: a plot spec
 * @series_id: the id of a series of the record the plot will belong to
 *
 * Appends @series_id to the series drawn by @spec, in legend order.
 */
void
dt_plot_spec_add_series (DtPlotSpec *spec,
                         const char *series_id)
{
  g_return_if_fail (spec != NULL);
  g_return_if_fail (series_id != NULL && *series_id != '\0');

  g_ptr_array_add (spec->series, g_strdup (series_id));
}

static GPtrArray *
string_array_copy (GPtrArray *array)
{
  GPtrArray *copy = g_ptr_array_new_full (array->len, g_free);

  for (guint i = 0; i < array->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (array, i)));

  return copy;
}

static DtPlotSpec *
plot_spec_copy (const DtPlotSpec *spec)
{
  DtPlotSpec *copy = g_new0 (DtPlotSpec, 1);

  copy->id = g_strdup (spec->id);
  copy->title = g_strdup (spec->title);
  copy->x_axis.label = g_strdup (spec->x_axis.label);
  copy->x_axis.scale = spec->x_axis.scale;
  copy->y_axis.label = g_strdup (spec->y_axis.label);
  copy->y_axis.scale = spec->y_axis.scale;
  copy->series = string_array_copy (spec->series);
  copy->notes = string_array_copy (spec->notes);
  copy->vlines = double_array_copy (spec->vlines);
  copy->vline_labels = string_array_copy (spec->vline_labels);
  copy->kind = spec->kind;
  copy->matrix.rows = spec->matrix.rows;
  copy->matrix.cols = spec->matrix.cols;
  copy->matrix.values = double_array_copy (spec->matrix.values);
  return copy;
}

/* The record */

static JsonNode *
empty_object_node (void)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, json_object_new ());
  return node;
}

static DtRecord *
record_alloc (const char *experiment)
{
  DtRecord *record = g_new0 (DtRecord, 1);

  g_atomic_ref_count_init (&record->ref_count);
  g_mutex_init (&record->mutex);
  record->experiment = g_strdup (experiment);
  record->status = DT_STATUS_RUNNING;
  record->series = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_series_free);
  record->plots = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_plot_spec_free);
  record->extras = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_record_value_unref);
  return record;
}

/**
 * dt_record_new:
 * @experiment: the id of the experiment that fills the record
 *
 * Creates an empty record with status %DT_STATUS_RUNNING, empty params,
 * no provenance, series, plots or extras.
 *
 * Returns: (transfer full): the new record
 */
DtRecord *
dt_record_new (const char *experiment)
{
  DtRecord *record;

  g_return_val_if_fail (experiment != NULL && *experiment != '\0', NULL);

  record = record_alloc (experiment);
  record->params = dt_record_value_new (NULL, empty_object_node ());
  return record;
}

/**
 * dt_record_ref:
 * @record: a record
 *
 * Returns: (transfer full): @record, with one more reference
 */
DtRecord *
dt_record_ref (DtRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  g_atomic_ref_count_inc (&record->ref_count);
  return record;
}

static void
provenance_clear (DtProvenance *provenance)
{
  g_clear_pointer (&provenance->app_version, g_free);
  g_clear_pointer (&provenance->created, g_free);
  g_clear_pointer (&provenance->blas, g_free);
  g_clear_pointer (&provenance->host, g_free);
}

/**
 * dt_record_unref:
 * @record: (transfer full): a record
 *
 * Drops a reference; the last one frees the record.
 */
void
dt_record_unref (DtRecord *record)
{
  g_return_if_fail (record != NULL);

  if (!g_atomic_ref_count_dec (&record->ref_count))
    return;

  g_mutex_clear (&record->mutex);
  g_free (record->experiment);
  g_free (record->message);
  dt_record_value_unref (record->params);
  provenance_clear (&record->provenance);
  g_ptr_array_unref (record->series);
  g_ptr_array_unref (record->plots);
  g_ptr_array_unref (record->extras);
  g_free (record);
}

/* A copy of @record; with @plot_id, only that plot and the series it names. */
static DtRecord *
record_copy (DtRecord   *record,
             const char *plot_id)
{
  DtRecord *copy = record_alloc (record->experiment);
  const DtPlotSpec *only = NULL;

  dt_mutex_lock (&record->mutex);

  copy->generation = g_atomic_int_get (&record->generation);
  copy->status = record->status;
  copy->message = g_strdup (record->message);
  copy->params = dt_record_value_ref (record->params);
  copy->params_version = record->params_version;

  copy->provenance = record->provenance;
  copy->provenance.app_version = g_strdup (record->provenance.app_version);
  copy->provenance.created = g_strdup (record->provenance.created);
  copy->provenance.blas = g_strdup (record->provenance.blas);
  copy->provenance.host = g_strdup (record->provenance.host);

  for (guint i = 0; plot_id != NULL && i < record->plots->len; i++)
    {
      const DtPlotSpec *spec = g_ptr_array_index (record->plots, i);

      if (strcmp (spec->id, plot_id) == 0)
        only = spec;
    }

  for (guint i = 0; i < record->series->len; i++)
    {
      const DtSeries *series = g_ptr_array_index (record->series, i);
      gboolean named = FALSE;

      for (guint j = 0; only != NULL && j < only->series->len && !named; j++)
        named = strcmp (g_ptr_array_index (only->series, j), series->id) == 0;
      if (plot_id == NULL || named)
        g_ptr_array_add (copy->series, series_copy (series));
    }

  for (guint i = 0; i < record->plots->len; i++)
    {
      const DtPlotSpec *spec = g_ptr_array_index (record->plots, i);

      if (plot_id == NULL || spec == only)
        g_ptr_array_add (copy->plots, plot_spec_copy (spec));
    }

  for (guint i = 0; i < record->extras->len; i++)
    g_ptr_array_add (copy->extras, dt_record_value_ref (g_ptr_array_index (record->extras, i)));

  dt_mutex_unlock (&record->mutex);

  return copy;
}

/**
 * dt_record_copy:
 * @record: a record, possibly being filled by another thread
 *
 * Takes a consistent snapshot of @record under its lock: series, plots and
 * all other members are copied, and the copy starts at the generation of
 * @record at the time of the copy. Params and extras are immutable and
 * shared. Changes to either record never show in the other.
 *
 * Returns: (transfer full): the copy
 */
DtRecord *
dt_record_copy (DtRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return record_copy (record, NULL);
}

/**
 * dt_record_copy_plot:
 * @record: a record, possibly being filled by another thread
 * @plot_id: the id of one of its plots
 *
 * Like dt_record_copy(), but of all the plots and series only the plot
 * @plot_id and the series it names: what drawing one plot needs, without
 * copying the rest of a large record.
 *
 * Returns: (transfer full): the copy, without plots if @record has no
 *   plot @plot_id
 */
DtRecord *
dt_record_copy_plot (DtRecord   *record,
                     const char *plot_id)
{
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (plot_id != NULL, NULL);

  return record_copy (record, plot_id);
}

/* Called with the lock held, by every mutator. */
static inline void
bump_generation (DtRecord *record)
{
  g_atomic_int_inc (&record->generation);
}

/**
 * dt_record_get_experiment:
 * @record: a record
 *
 * Returns: (transfer none): the experiment id; it never changes
 */
const char *
dt_record_get_experiment (DtRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return record->experiment;
}

/**
 * dt_record_get_status:
 * @record: a record
 *
 * Returns: the status of the run
 */
DtRecordStatus
dt_record_get_status (DtRecord *record)
{
  DtRecordStatus status;

  g_return_val_if_fail (record != NULL, DT_STATUS_FAILED);

  dt_mutex_lock (&record->mutex);
  status = record->status;
  dt_mutex_unlock (&record->mutex);

  return status;
}

/**
 * dt_record_get_message:
 * @record: a record no other thread is writing
 *
 * Returns: (transfer none) (nullable): why the run failed or stopped
 */
const char *
dt_record_get_message (DtRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return record->message;
}

/**
 * dt_record_set_status:
 * @record: a record
 * @status: the new status
 * @message: (nullable): a reason, for a failed or cancelled run
 *
 * Sets the status and its message (replacing any previous message).
 */
void
dt_record_set_status (DtRecord       *record,
                      DtRecordStatus  status,
                      const char     *message)
{
  char *copy;

  g_return_if_fail (record != NULL);
  g_return_if_fail (status >= DT_STATUS_RUNNING && status <= DT_STATUS_FAILED);

  copy = g_strdup (message);

  dt_mutex_lock (&record->mutex);
  record->status = status;
  g_free (record->message);
  record->message = copy;
  bump_generation (record);
  dt_mutex_unlock (&record->mutex);
}

/**
 * dt_record_get_generation:
 * @record: a record
 *
 * The generation increases with every change of @record, from any thread;
 * a viewer copies the record when it differs from the copy it has.
 *
 * Returns: the current generation
 */
guint
dt_record_get_generation (DtRecord *record)
{
  g_return_val_if_fail (record != NULL, 0);

  return (guint) g_atomic_int_get (&record->generation);
}

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
  bump_generation (record);
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
  bump_generation (record);
  dt_mutex_unlock (&record->mutex);
}

/* Provenance */

/**
 * dt_record_get_provenance:
 * @record: a record no other thread is writing
 *
 * Returns: (transfer none): where and how the record was made; owned by
 *   @record and read-only
 */
DtProvenance *
dt_record_get_provenance (DtRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return &record->provenance;
}

/**
 * dt_record_fill_provenance:
 * @record: a record
 * @seed: the seed of the run
 * @threads: the number of threads the run uses
 *
 * Fills the provenance at the start of a run: version of Descent, creation
 * time (ISO 8601, UTC), seed, BLAS library, threads and host name. The wall
 * time is set at the end with dt_record_set_wall_seconds().
 */
void
dt_record_fill_provenance (DtRecord *record,
                           guint64   seed,
                           int       threads)
{
  g_autoptr(GDateTime) now = NULL;
  char *created;
  char *blas;
  char *host;

  g_return_if_fail (record != NULL);

  now = g_date_time_new_now_utc ();
  created = g_date_time_format_iso8601 (now);
  blas = g_strdup (dt_blas_describe ());
  host = g_strdup (g_get_host_name ());

  dt_mutex_lock (&record->mutex);
  provenance_clear (&record->provenance);
  record->provenance.app_version = g_strdup (PACKAGE_VERSION);
  record->provenance.created = created;
  record->provenance.seed = seed;
  record->provenance.blas = blas;
  record->provenance.threads = threads;
  record->provenance.host = host;
  bump_generation (record);
  dt_mutex_unlock (&record->mutex);
}

/**
 * dt_record_set_wall_seconds:
 * @record: a record
 * @seconds: how long the run took
 */
void
dt_record_set_wall_seconds (DtRecord *record,
                            double    seconds)
{
  g_return_if_fail (record != NULL);

  dt_mutex_lock (&record->mutex);
  record->provenance.wall_seconds = seconds;
  bump_generation (record);
  dt_mutex_unlock (&record->mutex);
}

/* Series */

static DtSeries *
find_series (DtRecord   *record,
             const char *id)
{
  for (guint i = 0; i < record->series->len; i++)
    {
      DtSeries *series = g_ptr_array_index (record->series, i);

      if (strcmp (series->id, id) == 0)
        return series;
    }

  return NULL;
}

/**
 * dt_record_add_series:
 * @record: a record
 * @id: a non-empty id, unique within the record
 * @label: (nullable): the legend text; %NULL uses @id
 * @style: how the series is drawn
 *
 * Adds an empty series. If a series @id exists, its points are kept and
 * only its label and style change.
 */
void
dt_record_add_series (DtRecord      *record,
                      const char    *id,
                      const char    *label,
                      DtSeriesStyle  style)
{
  DtSeries *series;

  g_return_if_fail (record != NULL);
  g_return_if_fail (id != NULL && *id != '\0');
  g_return_if_fail (style >= DT_STYLE_LINE && style <= DT_STYLE_MARKERS);

  dt_mutex_lock (&record->mutex);

  series = find_series (record, id);
  if (series != NULL)
    {
      g_free (series->label);
      series->label = g_strdup (label != NULL ? label : id);
      series->style = style;
    }
  else
    g_ptr_array_add (record->series, dt_series_new (id, label, style));

  bump_generation (record);
  dt_mutex_unlock (&record->mutex);
}

/**
 * dt_record_append_point:
 * @record: a record
 * @series_id: the id of an existing series
 * @x: abscissa
 * @y: ordinate
 * @err: standard error of @y, or NaN for none
 *
 * Appends a point. The series gets an error array the first time a
 * non-NaN @err arrives; earlier points then have NaN (no error bar).
 */
void
dt_record_append_point (DtRecord   *record,
                        const char *series_id,
                        double      x,
                        double      y,
                        double      err)
{
  DtSeries *series;

  g_return_if_fail (record != NULL);
  g_return_if_fail (series_id != NULL);

  dt_mutex_lock (&record->mutex);

  series = find_series (record, series_id);
  if (series != NULL)
    {
      if (series->err == NULL && !isnan (err))
        {
          double nan_value = NAN;

          series->err = g_array_sized_new (FALSE, FALSE, sizeof (double), series->x->len + 1);
          for (guint i = 0; i < series->x->len; i++)
            g_array_append_val (series->err, nan_value);
        }

      g_array_append_val (series->x, x);
      g_array_append_val (series->y, y);
      if (series->err != NULL)
        g_array_append_val (series->err, err);

      bump_generation (record);
    }

  dt_mutex_unlock (&record->mutex);

  /* Checked after unlocking so that a fatal critical cannot hold the lock. */
  g_return_if_fail (series != NULL);
}

/**
 * dt_record_set_points:
 * @record: a record
 * @series_id: the id of an existing series
 * @x: (array length=n): abscissae
 * @y: (array length=n): ordinates
 * @err: (array length=n) (nullable): standard errors, or %NULL for none
 * @n: the number of points
 *
 * Replaces all the points of a series.
 */
void
dt_record_set_points (DtRecord     *record,
                      const char   *series_id,
                      const double *x,
                      const double *y,
                      const double *err,
                      guint         n)
{
  DtSeries *series;

  g_return_if_fail (record != NULL);
  g_return_if_fail (series_id != NULL);
  g_return_if_fail (n == 0 || (x != NULL && y != NULL));

  dt_mutex_lock (&record->mutex);

  series = find_series (record, series_id);
  if (series != NULL)
    {
      g_array_set_size (series->x, 0);
      g_array_set_size (series->y, 0);
      g_array_append_vals (series->x, x, n);
      g_array_append_vals (series->y, y, n);
      g_clear_pointer (&series->err, g_array_unref);
      if (err != NULL)
        {
          series->err = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
          g_array_append_vals (series->err, err, n);
        }

      bump_generation (record);
    }

  dt_mutex_unlock (&record->mutex);

  g_return_if_fail (series != NULL);
}

/**
 * dt_record_get_n_series:
 * @record: a record
 *
 * Returns: the number of series
 */
guint
dt_record_get_n_series (DtRecord *record)
{
  guint n;

  g_return_val_if_fail (record != NULL, 0);

  dt_mutex_lock (&record->mutex);
  n = record->series->len;
  dt_mutex_unlock (&record->mutex);

  return n;
}

/**
 * dt_record_get_series:
 * @record: a record no other thread is writing
 * @index: an index below dt_record_get_n_series()
 *
 * Returns: (transfer none): the series at @index, in the order they were added
 */
const DtSeries *
dt_record_get_series (DtRecord *record,
                      guint     index)
{
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (index < record->series->len, NULL);

  return g_ptr_array_index (record->series, index);
}

/**
 * dt_record_lookup_series:
 * @record: a record no other thread is writing
 * @id: a series id
 *
 * Returns: (transfer none) (nullable): the series @id, or %NULL
 */
const DtSeries *
dt_record_lookup_series (DtRecord   *record,
                         const char *id)
{
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return find_series (record, id);
}

/* Plots */

static int
find_plot (DtRecord   *record,
           const char *id)
{
  for (guint i = 0; i < record->plots->len; i++)
    {
      DtPlotSpec *spec = g_ptr_array_index (record->plots, i);

      if (strcmp (spec->id, id) == 0)
        return (int) i;
    }

  return -1;
}

/**
 * dt_record_add_plot:
 * @record: a record
 * @spec: (transfer full): a plot spec
 *
 * Adds a plot. A plot with the same id is replaced, keeping its place.
 * The series it names may be added before or after it; when the record is
 * saved, names of series the record does not have are left out, so that
 * every saved record loads.
 */
void
dt_record_add_plot (DtRecord   *record,
                    DtPlotSpec *spec)
{
  int index;

  g_return_if_fail (record != NULL);
  g_return_if_fail (spec != NULL);

  dt_mutex_lock (&record->mutex);

  index = find_plot (record, spec->id);
  if (index >= 0)
    {
      dt_plot_spec_free (g_ptr_array_index (record->plots, index));
      g_ptr_array_index (record->plots, index) = spec;
    }
  else
    g_ptr_array_add (record->plots, spec);

  bump_generation (record);
  dt_mutex_unlock (&record->mutex);
}

/**
 * dt_record_add_plot_note:
 * @record: a record
 * @plot_id: the id of an existing plot
 * @note: a short text drawn in a corner of the plot
 *
 * Adds a note (a fitted slope, a threshold) to a plot.
 */
void
dt_record_add_plot_note (DtRecord   *record,
                         const char *plot_id,
                         const char *note)
{
  int index;

  g_return_if_fail (record != NULL);
  g_return_if_fail (plot_id != NULL);
  g_return_if_fail (note != NULL);

  dt_mutex_lock (&record->mutex);

  index = find_plot (record, plot_id);
  if (index >= 0)
    {
      DtPlotSpec *spec = g_ptr_array_index (record->plots, index);

      g_ptr_array_add (spec->notes, g_strdup (note));
      bump_generation (record);
    }

  dt_mutex_unlock (&record->mutex);

  g_return_if_fail (index >= 0);
}

/**
 * dt_record_add_plot_vline:
 * @record: a record
 * @plot_id: the id of an existing plot
 * @x: the abscissa of the line
 * @label: (nullable): a label for the line
 *
 * Adds a vertical reference line to a plot.
 */
void
dt_record_add_plot_vline (DtRecord   *record,
                          const char *plot_id,
                          double      x,
                          const char *label)
{
  int index;

  g_return_if_fail (record != NULL);
  g_return_if_fail (plot_id != NULL);

  dt_mutex_lock (&record->mutex);

  index = find_plot (record, plot_id);
  if (index >= 0)
    {
      DtPlotSpec *spec = g_ptr_array_index (record->plots, index);

      g_array_append_val (spec->vlines, x);
      g_ptr_array_add (spec->vline_labels, g_strdup (label != NULL ? label : ""));
      bump_generation (record);
    }

  dt_mutex_unlock (&record->mutex);

  g_return_if_fail (index >= 0);
}

/**
 * dt_record_get_n_plots:
 * @record: a record
 *
 * Returns: the number of plots
 */
guint
dt_record_get_n_plots (DtRecord *record)
{
  guint n;

  g_return_val_if_fail (record != NULL, 0);

  dt_mutex_lock (&record->mutex);
  n = record->plots->len;
  dt_mutex_unlock (&record->mutex);

  return n;
}

/**
 * dt_record_get_plot:
 * @record: a record no other thread is writing
 * @index: an index below dt_record_get_n_plots()
 *
 * Returns: (transfer none): the plot at @index
 */
const DtPlotSpec *
dt_record_get_plot (DtRecord *record,
                    guint     index)
{
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (index < record->plots->len, NULL);

  return g_ptr_array_index (record->plots, index);
}

/**
 * dt_record_lookup_plot:
 * @record: a record no other thread is writing
 * @id: a plot id
 *
 * Returns: (transfer none) (nullable): the plot @id, or %NULL
 */
const DtPlotSpec *
dt_record_lookup_plot (DtRecord   *record,
                       const char *id)
{
  int index;

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  index = find_plot (record, id);
  return index >= 0 ? g_ptr_array_index (record->plots, index) : NULL;
}

/* Extras */

/**
 * dt_record_set_extra:
 * @record: a record
 * @name: the name of the extra ("kernels", "mask")
 * @value: (transfer full) (nullable): the value, or %NULL to remove it
 *
 * Stores an experiment-specific JSON value, replacing one of the same name
 * in place. The record takes @value and seals it: it must not be changed
 * afterwards (build it completely, e.g. with #JsonBuilder, then hand it
 * over).
 */
void
dt_record_set_extra (DtRecord   *record,
                     const char *name,
                     JsonNode   *value)
{
  DtRecordValue *entry = NULL;
  guint i;

  g_return_if_fail (record != NULL);
  g_return_if_fail (name != NULL && *name != '\0');

  if (value != NULL)
    entry = dt_record_value_new (name, value);

  dt_mutex_lock (&record->mutex);

  for (i = 0; i < record->extras->len; i++)
    {
      DtRecordValue *old = g_ptr_array_index (record->extras, i);

      if (strcmp (old->name, name) == 0)
        break;
    }

  if (i < record->extras->len)
    {
      if (entry != NULL)
        {
          dt_record_value_unref (g_ptr_array_index (record->extras, i));
          g_ptr_array_index (record->extras, i) = entry;
        }
      else
        g_ptr_array_remove_index (record->extras, i);
    }
  else if (entry != NULL)
    g_ptr_array_add (record->extras, entry);

  bump_generation (record);
  dt_mutex_unlock (&record->mutex);
}

/**
 * dt_record_get_extra:
 * @record: a record no other thread is writing
 * @name: the name of an extra
 *
 * Returns: (transfer none) (nullable): the sealed value, or %NULL
 */
JsonNode *
dt_record_get_extra (DtRecord   *record,
                     const char *name)
{
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < record->extras->len; i++)
    {
      DtRecordValue *entry = g_ptr_array_index (record->extras, i);

      if (strcmp (entry->name, name) == 0)
        return entry->node;
    }

  return NULL;
}

/**
 * dt_record_add_plot_series:
 * @record: a record
 * @spec: a plot spec not yet added to @record
 * @id: the series id
 * @label: its legend text
 * @style: how it is drawn
 *
 * Adds an empty series to @record and draws it in @spec, the usual pair of
 * steps when an experiment lays out its plots.
 */
void
dt_record_add_plot_series (DtRecord      *record,
                           DtPlotSpec    *spec,
                           const char    *id,
                           const char    *label,
                           DtSeriesStyle  style)
{
  g_return_if_fail (record != NULL && spec != NULL && id != NULL);

  dt_record_add_series (record, id, label, style);
  dt_plot_spec_add_series (spec, id);
}
