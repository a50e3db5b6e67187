/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-record"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dt-lock.h"
#include "dt-record-private.h"

/*
 * What a record holds beside its parameters and provenance: series of
 * points, plot specs and extra JSON values, each changed under the
 * record's lock.
 */

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

  dt_record_bump_generation (record);
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

      dt_record_bump_generation (record);
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

      dt_record_bump_generation (record);
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

  dt_record_bump_generation (record);
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
      dt_record_bump_generation (record);
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
      dt_record_bump_generation (record);
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

  dt_record_bump_generation (record);
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

/**
 * dt_record_add_plot_series_like:
 * @record: a record
 * @spec: a plot spec, not yet added
 * @id: a new series id
 * @label: its legend text
 * @style: how it is drawn
 * @like: a series @spec already draws, whose colour this one takes
 *
 * As dt_record_add_plot_series(), the series drawn in the colour of @like:
 * a bound or a reference in the colour of the curve it belongs to.
 */
void
dt_record_add_plot_series_like (DtRecord      *record,
                                DtPlotSpec    *spec,
                                const char    *id,
                                const char    *label,
                                DtSeriesStyle  style,
                                const char    *like)
{
  g_return_if_fail (record != NULL && spec != NULL && id != NULL && like != NULL);

  dt_record_add_plot_series (record, spec, id, label, style);
  g_free (g_ptr_array_index (spec->color_of, spec->color_of->len - 1));
  g_ptr_array_index (spec->color_of, spec->color_of->len - 1) = g_strdup (like);
}
