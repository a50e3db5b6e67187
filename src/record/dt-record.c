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
  spec->color_of = g_ptr_array_new_with_free_func (g_free);
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
  g_clear_pointer (&spec->color_of, g_ptr_array_unref);
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
  g_ptr_array_add (spec->color_of, NULL);
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
  copy->color_of = string_array_copy (spec->color_of);
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
  dt_record_bump_generation (record);
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
  dt_record_bump_generation (record);
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
  dt_record_bump_generation (record);
  dt_mutex_unlock (&record->mutex);
}
