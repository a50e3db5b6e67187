/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plot model: a DtPlot made from a record's plot spec, with the
 * themes and the series palette, overlays of other runs, and what a view
 * sets on it (hidden series, scales, zoom). Drawing is in
 * dt-plot-layout.c and the files it uses; see dt-plot-private.h. */
#define G_LOG_DOMAIN "descent-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dt-lock.h"
#include "dt-plot-private.h"

DT_DEFINE_QUARK (dt-plot-error-quark, dt_plot_error)

static const DtPlotTheme theme_light = {
  .background  = { 1.0, 1.0, 1.0, 1.0 },
  .foreground  = { 0x1a / 255.0, 0x1a / 255.0, 0x1a / 255.0, 1.0 },
  .grid        = { 0xe5 / 255.0, 0xe5 / 255.0, 0xe5 / 255.0, 1.0 },
  .font_family = "Sans",
  .font_size   = 10.0,
};

static const DtPlotTheme theme_dark = {
  .background  = { 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0, 1.0 },
  .foreground  = { 0xee / 255.0, 0xee / 255.0, 0xee / 255.0, 1.0 },
  .grid        = { 0x3a / 255.0, 0x3a / 255.0, 0x3a / 255.0, 1.0 },
  .font_family = "Sans",
  .font_size   = 10.0,
};

/**
 * dt_plot_theme_light:
 *
 * White background, near-black text and axes, light grey grid.
 *
 * Returns: (transfer none): a static theme
 */
const DtPlotTheme *
dt_plot_theme_light (void)
{
  return &theme_light;
}

/**
 * dt_plot_theme_dark:
 *
 * Dark grey background, light text and axes, dim grid.
 *
 * Returns: (transfer none): a static theme
 */
const DtPlotTheme *
dt_plot_theme_dark (void)
{
  return &theme_dark;
}

/**
 * dt_plot_palette:
 * @index: series index; the palette repeats after eight colours (the
 *   marker shape, or for dashed series the dash, differs in each round)
 *
 * The Okabe–Ito palette, distinguishable with the common forms of
 * colour-vision deficiency.
 *
 * Returns: the colour for series @index, opaque
 */
DtColor
dt_plot_palette (guint index)
{
  static const guint32 okabe_ito[] = {
    0x0072B2, 0xE69F00, 0x009E73, 0xD55E00,
    0xCC79A7, 0x56B4E9, 0xF0E442, 0x000000,
  };
  guint32 rgb = okabe_ito[index % G_N_ELEMENTS (okabe_ito)];
  DtColor c = {
    ((rgb >> 16) & 0xff) / 255.0,
    ((rgb >> 8) & 0xff) / 255.0,
    (rgb & 0xff) / 255.0,
    1.0,
  };

  return c;
}

/* ---------------------------------------------------------------- model */

static void
plot_series_free (gpointer data)
{
  PlotSeries *ps = data;

  g_free (ps->id);
  g_free (ps->name);
  g_free (ps->label);
  g_free (ps->x);
  g_free (ps->y);
  g_free (ps->err);
  g_free (ps);
}

static double *
copy_doubles (GArray *array,
              guint   n)
{
  double *out = g_new (double, MAX (n, 1));

  if (n > 0)
    memcpy (out, array->data, n * sizeof (double));
  return out;
}

/* The first @n numbers of @array; with @take, @array belongs to a private
 * snapshot about to be freed, and its data is taken instead of copied. */
/* The colour (palette position) series @i of @spec is drawn in: its own
 * position, or that of the series it takes its colour from. */
static guint
series_color_index (const DtPlotSpec *spec,
                    guint             i)
{
  const char *like = spec->color_of != NULL && i < spec->color_of->len ? g_ptr_array_index (spec->color_of, i) : NULL;

  for (guint j = 0; like != NULL && j < spec->series->len; j++)
    if (g_str_equal (g_ptr_array_index (spec->series, j), like))
      return j;

  return i;
}

static double *
take_doubles (GArray   *array,
              guint     n,
              gboolean  take)
{
  if (take && n > 0 && array->len == n)
    return (double *) (void *) g_array_steal (array, NULL);
  return copy_doubles (array, n);
}

static GPtrArray *
copy_strings (GPtrArray *strings)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; strings != NULL && i < strings->len; i++)
    g_ptr_array_add (out, g_strdup (g_ptr_array_index (strings, i)));
  return out;
}

/* Builds the plot from a record nobody else modifies (a private copy). */
static DtPlot *
plot_new_from_spec (DtRecord         *record,
                    const DtPlotSpec *spec,
                    gboolean          take)
{
  DtPlot *plot = g_new0 (DtPlot, 1);

  plot->id = g_strdup (spec->id);
  plot->title = g_strdup (spec->title != NULL ? spec->title : "");
  plot->x_label = g_strdup (spec->x_axis.label != NULL ? spec->x_axis.label : "");
  plot->y_label = g_strdup (spec->y_axis.label != NULL ? spec->y_axis.label : "");
  plot->x_scale = spec->x_axis.scale;
  plot->y_scale = spec->y_axis.scale;
  plot->series = g_ptr_array_new_with_free_func (plot_series_free);
  plot->notes = copy_strings (spec->notes);
  plot->vlines = g_array_new (FALSE, FALSE, sizeof (double));
  plot->vline_labels = g_ptr_array_new_with_free_func (g_free);
  plot->overlay_labels = g_ptr_array_new_with_free_func (g_free);
  plot->legend_hits = g_array_new (FALSE, FALSE, sizeof (LegendHit));
  plot->legend_place = -1;

  for (guint i = 0; spec->series != NULL && i < spec->series->len; i++)
    {
      const char *sid = g_ptr_array_index (spec->series, i);
      const DtSeries *src = dt_record_lookup_series (record, sid);
      PlotSeries *ps;
      guint n;

      /* a plot may name a series that a run has not created yet */
      if (src == NULL)
        continue;

      n = MIN (src->x->len, src->y->len);
      ps = g_new0 (PlotSeries, 1);
      ps->id = g_strdup (src->id);
      ps->name = g_strdup (src->label != NULL ? src->label : src->id);
      ps->label = g_strdup (ps->name);
      ps->style = src->style;
      ps->n = n;
      ps->x = take_doubles (src->x, n, take);
      ps->y = take_doubles (src->y, n, take);
      if (src->err != NULL && src->err->len >= n && n > 0)
        ps->err = take_doubles (src->err, n, take);
      ps->index = series_color_index (spec, i);
      ps->visible = TRUE;
      g_ptr_array_add (plot->series, ps);
    }

  for (guint i = 0; spec->vlines != NULL && i < spec->vlines->len; i++)
    {
      const char *label = NULL;

      if (spec->vline_labels != NULL && i < spec->vline_labels->len)
        label = g_ptr_array_index (spec->vline_labels, i);
      g_array_append_val (plot->vlines, g_array_index (spec->vlines, double, i));
      g_ptr_array_add (plot->vline_labels, g_strdup (label != NULL ? label : ""));
    }

  if (spec->kind == DT_PLOT_HEATMAP && spec->matrix.values != NULL &&
      spec->matrix.rows > 0 && spec->matrix.cols > 0 &&
      spec->matrix.values->len == spec->matrix.rows * spec->matrix.cols)
    {
      plot->kind = DT_PLOT_HEATMAP;
      plot->rows = spec->matrix.rows;
      plot->cols = spec->matrix.cols;
      plot->values = take_doubles (spec->matrix.values, plot->rows * plot->cols, take);
    }

  return plot;
}

/**
 * dt_plot_new:
 * @record: the record holding the plot and its series
 * @plot_id: id of one of the record's plot specs
 * @error: return location for a #DT_PLOT_ERROR_NO_PLOT error
 *
 * Makes a plot from a snapshot of @record: the series the plot shows
 * are copied, so a worker may go on appending to @record while the
 * plot is drawn. Build a new plot to show newer data.
 *
 * Returns: (transfer full) (nullable): the plot, or %NULL with @error set
 */
DtPlot *
dt_plot_new (DtRecord    *record,
             const char  *plot_id,
             GError     **error)
{
  g_autoptr(DtRecord) snapshot = NULL;
  const DtPlotSpec *spec;

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (plot_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  snapshot = dt_record_copy_plot (record, plot_id);
  spec = dt_record_lookup_plot (snapshot, plot_id);
  if (spec == NULL)
    {
      g_set_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_NO_PLOT,
                   _("The record has no plot “%s”"), plot_id);
      return NULL;
    }

  return plot_new_from_spec (snapshot, spec, TRUE);
}

/**
 * dt_plot_free:
 * @plot: (nullable) (transfer full): a plot
 */
void
dt_plot_free (DtPlot *plot)
{
  if (plot == NULL)
    return;

  g_free (plot->id);
  g_free (plot->title);
  g_free (plot->x_label);
  g_free (plot->y_label);
  g_ptr_array_unref (plot->series);
  g_ptr_array_unref (plot->notes);
  g_array_unref (plot->vlines);
  g_ptr_array_unref (plot->vline_labels);
  g_free (plot->values);
  g_free (plot->label);
  g_ptr_array_unref (plot->overlay_labels);
  g_array_unref (plot->legend_hits);
  g_free (plot);
}

/**
 * dt_plot_get_title:
 * @plot: a plot
 *
 * Returns: (transfer none): the title, "" when the spec has none
 */
const char *
dt_plot_get_title (DtPlot *plot)
{
  g_return_val_if_fail (plot != NULL, NULL);

  return plot->title;
}

/**
 * dt_plot_get_kind:
 * @plot: a plot
 *
 * Returns: %DT_PLOT_HEATMAP for a heat map, else %DT_PLOT_LINES
 */
DtPlotKind
dt_plot_get_kind (DtPlot *plot)
{
  g_return_val_if_fail (plot != NULL, DT_PLOT_LINES);

  return plot->kind;
}

/**
 * dt_plot_get_id:
 * @plot: a plot
 *
 * Returns: (transfer none): the id of the plot spec it was made from
 */
const char *
dt_plot_get_id (DtPlot *plot)
{
  g_return_val_if_fail (plot != NULL, NULL);

  return plot->id;
}

static PlotSeries *
plot_series_copy (const PlotSeries *src)
{
  PlotSeries *ps = g_new0 (PlotSeries, 1);

  *ps = *src;
  ps->id = g_strdup (src->id);
  ps->name = g_strdup (src->name);
  ps->label = g_strdup (src->label);
  ps->x = g_memdup2 (src->x, MAX (src->n, 1) * sizeof (double));
  ps->y = g_memdup2 (src->y, MAX (src->n, 1) * sizeof (double));
  if (src->err != NULL)
    ps->err = g_memdup2 (src->err, MAX (src->n, 1) * sizeof (double));

  return ps;
}

/**
 * dt_plot_copy:
 * @plot: a plot
 *
 * Copies the plot with everything set on it: hidden series, scales,
 * view, overlays and labels. Use it to export what a view shows while
 * the view goes on drawing its own plot.
 *
 * Returns: (transfer full): an independent copy
 */
DtPlot *
dt_plot_copy (DtPlot *plot)
{
  DtPlot *copy;

  g_return_val_if_fail (plot != NULL, NULL);

  copy = g_new0 (DtPlot, 1);
  *copy = *plot;
  copy->id = g_strdup (plot->id);
  copy->title = g_strdup (plot->title);
  copy->x_label = g_strdup (plot->x_label);
  copy->y_label = g_strdup (plot->y_label);
  copy->label = g_strdup (plot->label);
  copy->series = g_ptr_array_new_with_free_func (plot_series_free);
  for (guint i = 0; i < plot->series->len; i++)
    g_ptr_array_add (copy->series, plot_series_copy (g_ptr_array_index (plot->series, i)));
  copy->notes = copy_strings (plot->notes);
  copy->vlines = g_array_copy (plot->vlines);
  copy->vline_labels = copy_strings (plot->vline_labels);
  copy->overlay_labels = copy_strings (plot->overlay_labels);
  copy->legend_hits = g_array_new (FALSE, FALSE, sizeof (LegendHit));
  if (plot->values != NULL)
    copy->values = g_memdup2 (plot->values, (gsize) plot->rows * plot->cols * sizeof (double));

  return copy;
}

/* The run a series is from, named in its legend text; %NULL without
 * overlays. */
const char *
dt_plot_series_run (DtPlot           *plot,
                    const PlotSeries *ps)
{
  const char *run = NULL;

  if (ps->overlay > 0)
    run = g_ptr_array_index (plot->overlay_labels, ps->overlay - 1);
  else if (plot->overlay_labels->len > 0)
    run = plot->label;

  return run != NULL && run[0] != '\0' ? run : NULL;
}

/* Legend texts: with overlays every series says which run it is from. */
static void
update_labels (DtPlot *plot)
{
  for (guint i = 0; i < plot->series->len; i++)
    {
      PlotSeries *ps = g_ptr_array_index (plot->series, i);
      const char *run = dt_plot_series_run (plot, ps);

      g_free (ps->label);
      if (run != NULL)
        ps->label = g_strdup_printf ("%s \u2014 %s", ps->name, run);
      else
        ps->label = g_strdup (ps->name);
    }
}

/**
 * dt_plot_set_label:
 * @plot: a plot
 * @label: (nullable): what to call the plot's own run, e.g. its file name
 *
 * Names the plot's own record. While overlays are shown, its series
 * are labelled "<series> — @label" in the legend.
 */
void
dt_plot_set_label (DtPlot     *plot,
                   const char *label)
{
  g_return_if_fail (plot != NULL);

  g_free (plot->label);
  plot->label = g_strdup (label);
  update_labels (plot);
}

/**
 * dt_plot_add_overlay:
 * @plot: a line plot
 * @record: another run of the same experiment
 * @label: what to call that run in the legend, e.g. its file name
 * @error: return location for a #DT_PLOT_ERROR_NO_PLOT or
 *   #DT_PLOT_ERROR_KIND error
 *
 * Draws the series of @record's plot with the same id over this plot:
 * in the same colours and markers as the plot's own series, but with a
 * dash pattern of its own per overlay and hollow markers, labelled
 * "<series> — @label". The series of overlay k (counted from 1) have
 * the ids "<series id>#k" for dt_plot_set_series_visible(). Its reference
 * lines are drawn too, labelled with @label, unless this plot has the same
 * line. @record is copied, so it may go on changing.
 *
 * A run whose plot measures something else on an axis (its axis label
 * differs: a classification error in % against a squared error, say) is
 * refused with #DT_PLOT_ERROR_AXES, and the plot says so in a note.
 *
 * Returns: %TRUE on success
 */
gboolean
dt_plot_add_overlay (DtPlot      *plot,
                     DtRecord    *record,
                     const char  *label,
                     GError     **error)
{
  g_autoptr(DtRecord) snapshot = NULL;
  const DtPlotSpec *spec;
  guint overlay;

  g_return_val_if_fail (plot != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (plot->kind == DT_PLOT_HEATMAP)
    {
      g_set_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_KIND,
                   _("The heat map “%s” cannot show other runs over it"), plot->id);
      return FALSE;
    }

  snapshot = dt_record_copy_plot (record, plot->id);
  spec = dt_record_lookup_plot (snapshot, plot->id);
  if (spec == NULL)
    {
      g_set_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_NO_PLOT,
                   _("The other run has no plot “%s”"), plot->id);
      return FALSE;
    }
  if (spec->kind == DT_PLOT_HEATMAP)
    {
      g_set_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_KIND,
                   _("The other run's plot “%s” is a heat map"), plot->id);
      return FALSE;
    }
  if (g_strcmp0 (spec->y_axis.label, plot->y_label) != 0 || g_strcmp0 (spec->x_axis.label, plot->x_label) != 0)
    {
      gboolean y = g_strcmp0 (spec->y_axis.label, plot->y_label) != 0;
      const char *theirs = y ? spec->y_axis.label : spec->x_axis.label;
      const char *ours = y ? plot->y_label : plot->x_label;
      g_autofree char *note = NULL;

      /* Translators: a note on a plot: the run, then two axis labels */
      note = g_strdup_printf (_("“%s” not drawn: it measures “%s”, not “%s”"),
                              label != NULL ? label : "", theirs != NULL ? theirs : "", ours != NULL ? ours : "");
      g_set_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_AXES, "%s", note);
      g_ptr_array_add (plot->notes, g_steal_pointer (&note));
      return FALSE;
    }

  g_ptr_array_add (plot->overlay_labels, g_strdup (label != NULL ? label : ""));
  overlay = plot->overlay_labels->len;

  /* the other run's own reference lines (its p = n/2, say) */
  for (guint i = 0; spec->vlines != NULL && i < spec->vlines->len; i++)
    {
      double x = g_array_index (spec->vlines, double, i);
      const char *line_label = spec->vline_labels != NULL && i < spec->vline_labels->len
                               ? g_ptr_array_index (spec->vline_labels, i) : "";
      gboolean have = FALSE;

      for (guint j = 0; j < plot->vlines->len; j++)
        have |= g_array_index (plot->vlines, double, j) == x &&
                g_strcmp0 (g_ptr_array_index (plot->vline_labels, j), line_label) == 0;
      if (have)
        continue;
      g_array_append_val (plot->vlines, x);
      /* Translators: a reference line of an overlaid run: its label — the run */
      g_ptr_array_add (plot->vline_labels, g_strdup_printf (_("%s — %s"), line_label != NULL ? line_label : "",
                                                            label != NULL ? label : ""));
    }

  for (guint i = 0; spec->series != NULL && i < spec->series->len; i++)
    {
      const DtSeries *src = dt_record_lookup_series (snapshot, g_ptr_array_index (spec->series, i));
      PlotSeries *ps;
      guint n;

      if (src == NULL)
        continue;

      n = MIN (src->x->len, src->y->len);
      ps = g_new0 (PlotSeries, 1);
      ps->id = g_strdup_printf ("%s#%u", src->id, overlay);
      ps->name = g_strdup (src->label != NULL ? src->label : src->id);
      ps->style = src->style;
      ps->n = n;
      ps->x = take_doubles (src->x, n, TRUE);
      ps->y = take_doubles (src->y, n, TRUE);
      if (src->err != NULL && src->err->len >= n && n > 0)
        ps->err = take_doubles (src->err, n, TRUE);
      ps->index = series_color_index (spec, i);
      ps->overlay = overlay;
      ps->visible = TRUE;
      g_ptr_array_add (plot->series, ps);
    }

  g_array_set_size (plot->legend_hits, 0);
  update_labels (plot);

  return TRUE;
}

/**
 * dt_plot_dup_notes:
 * @plot: a plot
 *
 * Returns: (transfer full): the notes drawn in the plot's corner (the
 *   engine's, and overlays that were not drawn), then the labels of its
 *   reference lines, for a read-out or a screen reader
 */
char **
dt_plot_dup_notes (DtPlot *plot)
{
  GPtrArray *texts;

  g_return_val_if_fail (plot != NULL, NULL);

  texts = g_ptr_array_new ();
  for (guint i = 0; i < plot->notes->len; i++)
    g_ptr_array_add (texts, g_strdup (g_ptr_array_index (plot->notes, i)));
  for (guint i = 0; i < plot->vline_labels->len; i++)
    g_ptr_array_add (texts, g_strdup (g_ptr_array_index (plot->vline_labels, i)));
  g_ptr_array_add (texts, NULL);

  return (char **) g_ptr_array_free (texts, FALSE);
}

/**
 * dt_plot_get_n_overlays:
 * @plot: a plot
 *
 * Returns: how many other runs dt_plot_add_overlay() added
 */
guint
dt_plot_get_n_overlays (DtPlot *plot)
{
  g_return_val_if_fail (plot != NULL, 0);

  return plot->overlay_labels->len;
}

/**
 * dt_plot_get_n_series:
 * @plot: a plot
 *
 * Returns: the number of series, overlays' included, in legend order
 */
guint
dt_plot_get_n_series (DtPlot *plot)
{
  g_return_val_if_fail (plot != NULL, 0);

  return plot->series->len;
}

/**
 * dt_plot_get_series_id:
 * @plot: a plot
 * @index: a series position, below dt_plot_get_n_series()
 *
 * Returns: (transfer none): the series id, as dt_plot_set_series_visible()
 *   takes it
 */
const char *
dt_plot_get_series_id (DtPlot *plot,
                       guint   index)
{
  g_return_val_if_fail (plot != NULL, NULL);
  g_return_val_if_fail (index < plot->series->len, NULL);

  return ((PlotSeries *) g_ptr_array_index (plot->series, index))->id;
}

/**
 * dt_plot_get_series_label:
 * @plot: a plot
 * @index: a series position, below dt_plot_get_n_series()
 *
 * Returns: (transfer none): the legend text of the series
 */
const char *
dt_plot_get_series_label (DtPlot *plot,
                          guint   index)
{
  g_return_val_if_fail (plot != NULL, NULL);
  g_return_val_if_fail (index < plot->series->len, NULL);

  return ((PlotSeries *) g_ptr_array_index (plot->series, index))->label;
}

static PlotSeries *
find_series (DtPlot     *plot,
             const char *series_id)
{
  for (guint i = 0; i < plot->series->len; i++)
    {
      PlotSeries *ps = g_ptr_array_index (plot->series, i);

      if (g_strcmp0 (ps->id, series_id) == 0)
        return ps;
    }
  return NULL;
}

/**
 * dt_plot_set_series_visible:
 * @plot: a plot
 * @series_id: id of one of the plot's series
 * @visible: whether to draw it
 *
 * A hidden series is left out of the drawing, the legend and the
 * automatic axis ranges. Unknown ids are ignored.
 */
void
dt_plot_set_series_visible (DtPlot     *plot,
                            const char *series_id,
                            gboolean    visible)
{
  PlotSeries *ps;

  g_return_if_fail (plot != NULL);
  g_return_if_fail (series_id != NULL);

  ps = find_series (plot, series_id);
  if (ps != NULL)
    ps->visible = !!visible;
  plot->keep_legend = plot->legend_place >= 0;
}

/**
 * dt_plot_get_series_visible:
 * @plot: a plot
 * @series_id: a series id
 *
 * Returns: %TRUE if the series is part of the plot and drawn
 */
gboolean
dt_plot_get_series_visible (DtPlot     *plot,
                            const char *series_id)
{
  PlotSeries *ps;

  g_return_val_if_fail (plot != NULL, FALSE);
  g_return_val_if_fail (series_id != NULL, FALSE);

  ps = find_series (plot, series_id);
  return ps != NULL && ps->visible;
}

/**
 * dt_plot_set_x_scale:
 * @plot: a plot
 * @scale: the abscissa scale, replacing the spec's
 */
void
dt_plot_set_x_scale (DtPlot  *plot,
                     DtScale  scale)
{
  g_return_if_fail (plot != NULL);
  g_return_if_fail (scale <= DT_SCALE_SYMLOG);

  plot->x_scale = scale;
  plot->keep_legend = FALSE;
}

/**
 * dt_plot_set_y_scale:
 * @plot: a plot
 * @scale: the ordinate scale, replacing the spec's
 */
void
dt_plot_set_y_scale (DtPlot  *plot,
                     DtScale  scale)
{
  g_return_if_fail (plot != NULL);
  g_return_if_fail (scale <= DT_SCALE_SYMLOG);

  plot->y_scale = scale;
  plot->keep_legend = FALSE;
}

/**
 * dt_plot_set_view:
 * @plot: a plot
 * @xmin: left end of the visible abscissa range, in data units
 * @xmax: right end
 * @ymin: bottom end of the visible ordinate range
 * @ymax: top end
 *
 * Shows an explicit range instead of the one fitted to the data (zoom).
 * Reversed ends are swapped; a range a log axis cannot show falls back
 * to the data range for that axis.
 */
void
dt_plot_set_view (DtPlot *plot,
                  double  xmin,
                  double  xmax,
                  double  ymin,
                  double  ymax)
{
  g_return_if_fail (plot != NULL);

  if (!isfinite (xmin) || !isfinite (xmax) || !isfinite (ymin) || !isfinite (ymax))
    return;

  plot->has_view = TRUE;
  plot->keep_legend = FALSE;
  plot->view_xmin = MIN (xmin, xmax);
  plot->view_xmax = MAX (xmin, xmax);
  plot->view_ymin = MIN (ymin, ymax);
  plot->view_ymax = MAX (ymin, ymax);
}

/**
 * dt_plot_reset_view:
 * @plot: a plot
 *
 * Goes back to ranges fitted to the visible data.
 */
void
dt_plot_reset_view (DtPlot *plot)
{
  g_return_if_fail (plot != NULL);

  plot->has_view = FALSE;
  plot->keep_legend = FALSE;
}
