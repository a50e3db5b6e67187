/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "dt-lock.h"
#include "dt-plot.h"
#include "dt-ticks.h"

/* Series with more points than this are drawn without markers. */
#define MAX_MARKED_POINTS 200
/* Dense lines carry this many markers, spread along them, so that their
 * shape still tells them apart in grey and in print. */
#define SPARSE_MARKERS    10
/* More legend entries than this move the legend outside the axes. */
#define MAX_INSIDE_LEGEND 6
/* Relative padding of a data range on each side. */
#define RANGE_PADDING     0.04

typedef struct
{
  char          *id;      /* the record's id; "<id>#<k>" in overlay k */
  char          *name;    /* the record's label */
  char          *label;   /* legend text: the name, and the run's label with overlays */
  DtSeriesStyle  style;
  double        *x;
  double        *y;
  double        *err;     /* nullable */
  guint          n;
  guint          index;   /* position in the plot spec: colour and marker */
  guint          overlay; /* 0 for the plot's own record, k for overlay k */
  gboolean       visible;
} PlotSeries;

/* Where the last rendering put a legend row, to map clicks back to it. */
typedef struct
{
  double x, y, w, h;
  guint  series;          /* position in DtPlot.series */
} LegendHit;

struct _DtPlot
{
  char      *id;
  char      *title;
  char      *x_label;
  char      *y_label;
  DtScale    x_scale;
  DtScale    y_scale;
  GPtrArray *series;        /* PlotSeries */
  GPtrArray *notes;         /* utf8 */
  GArray    *vlines;        /* double */
  GPtrArray *vline_labels;  /* utf8 */

  gboolean   has_view;
  double     view_xmin;
  double     view_xmax;
  double     view_ymin;
  double     view_ymax;

  DtPlotKind kind;
  guint      rows;          /* heat maps: the matrix */
  guint      cols;
  double    *values;        /* rows × cols, row-major */

  char      *label;         /* the run's label, shown with overlays */
  GPtrArray *overlay_labels; /* utf8, one per overlay */
  GArray    *legend_hits;   /* LegendHit, from the last rendering */
  int        legend_place;  /* the legend's place among best_place()'s candidates */
  gboolean   keep_legend;   /* keep it there: only series were shown or hidden */
};

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
 * @index: series index; the palette repeats after eight colours
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
      ps->index = i;
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

/* Legend texts: with overlays every series says which run it is from. */
static void
update_labels (DtPlot *plot)
{
  for (guint i = 0; i < plot->series->len; i++)
    {
      PlotSeries *ps = g_ptr_array_index (plot->series, i);
      const char *run = NULL;

      if (ps->overlay > 0)
        run = g_ptr_array_index (plot->overlay_labels, ps->overlay - 1);
      else if (plot->overlay_labels->len > 0)
        run = plot->label;

      g_free (ps->label);
      if (run != NULL && run[0] != '\0')
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
 * the ids "<series id>#k" for dt_plot_set_series_visible(). @record is
 * copied, so it may go on changing.
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

  g_ptr_array_add (plot->overlay_labels, g_strdup (label != NULL ? label : ""));
  overlay = plot->overlay_labels->len;

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
      ps->index = i;
      ps->overlay = overlay;
      ps->visible = TRUE;
      g_ptr_array_add (plot->series, ps);
    }

  g_array_set_size (plot->legend_hits, 0);
  update_labels (plot);

  return TRUE;
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

/**
 * dt_plot_legend_hit:
 * @plot: a plot
 * @x: a position in the user units of the last dt_plot_render()
 * @y: a position in the same units
 *
 * Finds the legend entry under a pointer, using where the last
 * rendering of @plot put the legend. Hidden series keep their entry,
 * so a click can show them again.
 *
 * Returns: (transfer none) (nullable): the id of that entry's series,
 *   or %NULL when (@x, @y) is on no entry
 */
const char *
dt_plot_legend_hit (DtPlot *plot,
                    double  x,
                    double  y)
{
  g_return_val_if_fail (plot != NULL, NULL);

  for (guint i = 0; i < plot->legend_hits->len; i++)
    {
      const LegendHit *hit = &g_array_index (plot->legend_hits, LegendHit, i);

      if (x >= hit->x && x <= hit->x + hit->w && y >= hit->y && y <= hit->y + hit->h
          && hit->series < plot->series->len)
        return ((PlotSeries *) g_ptr_array_index (plot->series, hit->series))->id;
    }

  return NULL;
}

/**
 * dt_plot_get_cell:
 * @plot: a heat map
 * @frame: the frame dt_plot_render() returned for it
 * @x: a position in the same user units as the frame
 * @y: a position in the same user units as the frame
 * @row: (out) (optional): the row under (@x, @y)
 * @col: (out) (optional): the column under (@x, @y)
 * @value: (out) (optional): the value of that cell (NaN for none)
 *
 * Finds the cell of a heat map under a pointer position, to show its
 * value.
 *
 * Returns: %TRUE if @plot is a heat map and (@x, @y) is on one of its cells
 */
gboolean
dt_plot_get_cell (DtPlot            *plot,
                  const DtPlotFrame *frame,
                  double             x,
                  double             y,
                  guint             *row,
                  guint             *col,
                  double            *value)
{
  double fx, fy;
  guint r, k;

  g_return_val_if_fail (plot != NULL, FALSE);
  g_return_val_if_fail (frame != NULL, FALSE);

  if (plot->kind != DT_PLOT_HEATMAP || !(frame->x1 > frame->x0) || !(frame->y1 > frame->y0))
    return FALSE;

  fx = (x - frame->x0) / (frame->x1 - frame->x0);
  fy = (y - frame->y0) / (frame->y1 - frame->y0);
  if (!(fx >= 0.0 && fx < 1.0 && fy >= 0.0 && fy < 1.0))
    return FALSE;

  k = MIN ((guint) (fx * plot->cols), plot->cols - 1);
  r = MIN ((guint) (fy * plot->rows), plot->rows - 1);
  if (row != NULL)
    *row = r;
  if (col != NULL)
    *col = k;
  if (value != NULL)
    *value = plot->values[(gsize) r * plot->cols + k];
  return TRUE;
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

/* --------------------------------------------------------------- scales */

static double
scale_forward (DtScale scale,
               double  v)
{
  switch (scale)
    {
    case DT_SCALE_LOG:
      return v > 0.0 ? log10 (v) : NAN;
    case DT_SCALE_SYMLOG:
      return v < 0.0 ? -log10 (1.0 - v) : log10 (1.0 + v);
    case DT_SCALE_LINEAR:
    default:
      return v;
    }
}

static double
scale_inverse (DtScale scale,
               double  t)
{
  switch (scale)
    {
    case DT_SCALE_LOG:
      return pow (10.0, t);
    case DT_SCALE_SYMLOG:
      return t < 0.0 ? 1.0 - pow (10.0, -t) : pow (10.0, t) - 1.0;
    case DT_SCALE_LINEAR:
    default:
      return t;
    }
}

static gboolean
usable (DtScale scale,
        double  v)
{
  return isfinite (v) && (scale != DT_SCALE_LOG || v > 0.0);
}

typedef struct
{
  double   lo;
  double   hi;
  gboolean any;
} Extent;

static void
extent_add (Extent  *e,
            DtScale  scale,
            double   v)
{
  if (!usable (scale, v))
    return;
  if (!e->any)
    {
      e->lo = e->hi = v;
      e->any = TRUE;
    }
  else
    {
      e->lo = MIN (e->lo, v);
      e->hi = MAX (e->hi, v);
    }
}

static gboolean
point_usable (DtPlot     *plot,
              PlotSeries *ps,
              guint       i)
{
  return usable (plot->x_scale, ps->x[i]) && usable (plot->y_scale, ps->y[i]);
}

static gboolean
has_any_data (DtPlot *plot)
{
  for (guint s = 0; s < plot->series->len; s++)
    {
      PlotSeries *ps = g_ptr_array_index (plot->series, s);

      for (guint i = 0; i < ps->n; i++)
        if (isfinite (ps->x[i]) && isfinite (ps->y[i]))
          return TRUE;
    }
  return FALSE;
}

/* Pads [lo, hi] by RANGE_PADDING of its span in the scale's own space;
 * a single value gets a fixed margin around it. */
static void
pad_range (DtScale  scale,
           double  *lo,
           double  *hi)
{
  double tlo = scale_forward (scale, *lo);
  double thi = scale_forward (scale, *hi);
  double span = thi - tlo;

  if (!(span > 1e-12 * MAX (1.0, fabs (tlo))))
    {
      double mid = 0.5 * (tlo + thi);

      if (scale == DT_SCALE_LINEAR)
        span = mid == 0.0 ? 1.0 : 0.1 * fabs (mid);
      else
        span = 0.5;
      tlo = mid - span;
      thi = mid + span;
    }
  else
    {
      tlo -= RANGE_PADDING * span;
      thi += RANGE_PADDING * span;
    }

  /* keep the padded range representable: no zero on a log axis, no
   * infinite span on a linear one */
  if (scale == DT_SCALE_LINEAR)
    {
      tlo = MAX (tlo, -1e300);
      thi = MIN (thi, 1e300);
    }
  else
    {
      tlo = MAX (tlo, -300.0);
      thi = MIN (thi, 300.0);
    }

  *lo = scale_inverse (scale, tlo);
  *hi = scale_inverse (scale, thi);
}

static void
default_range (DtScale  scale,
               double  *lo,
               double  *hi)
{
  if (scale == DT_SCALE_LOG)
    {
      *lo = 1.0;
      *hi = 100.0;
    }
  else if (scale == DT_SCALE_SYMLOG)
    {
      *lo = 0.0;
      *hi = 100.0;
    }
  else
    {
      *lo = 0.0;
      *hi = 1.0;
    }
}

/* The visible ranges, in data units: an explicit view where one is set
 * and the scale can show it, otherwise the padded extent of the visible
 * series (points, error bands, and reference lines among them). */
static void
compute_ranges (DtPlot *plot,
                double *xmin,
                double *xmax,
                double *ymin,
                double *ymax)
{
  Extent ex = { 0 }, ey = { 0 };
  gboolean view_x, view_y;

  for (guint s = 0; s < plot->series->len; s++)
    {
      PlotSeries *ps = g_ptr_array_index (plot->series, s);

      if (!ps->visible)
        continue;
      for (guint i = 0; i < ps->n; i++)
        {
          if (!point_usable (plot, ps, i))
            continue;
          extent_add (&ex, plot->x_scale, ps->x[i]);
          extent_add (&ey, plot->y_scale, ps->y[i]);
          if (ps->err != NULL && isfinite (ps->err[i]))
            {
              double e = fabs (ps->err[i]);

              extent_add (&ey, plot->y_scale, ps->y[i] + e);
              extent_add (&ey, plot->y_scale, ps->y[i] - e);
            }
        }
    }

  if (ex.any)
    for (guint i = 0; i < plot->vlines->len; i++)
      extent_add (&ex, plot->x_scale, g_array_index (plot->vlines, double, i));

  if (ex.any)
    {
      *xmin = ex.lo;
      *xmax = ex.hi;
      pad_range (plot->x_scale, xmin, xmax);
    }
  else
    default_range (plot->x_scale, xmin, xmax);

  if (ey.any)
    {
      *ymin = ey.lo;
      *ymax = ey.hi;
      pad_range (plot->y_scale, ymin, ymax);
    }
  else
    default_range (plot->y_scale, ymin, ymax);

  view_x = plot->has_view && plot->view_xmax > plot->view_xmin
           && (plot->x_scale != DT_SCALE_LOG || plot->view_xmin > 0.0);
  view_y = plot->has_view && plot->view_ymax > plot->view_ymin
           && (plot->y_scale != DT_SCALE_LOG || plot->view_ymin > 0.0);
  if (view_x)
    {
      *xmin = plot->view_xmin;
      *xmax = plot->view_xmax;
    }
  if (view_y)
    {
      *ymin = plot->view_ymin;
      *ymax = plot->view_ymax;
    }
}

/* -------------------------------------------------------------- drawing */

typedef struct
{
  double x, y, w, h;
} Rect;

typedef struct
{
  cairo_t           *cr;
  const DtPlotTheme *theme;
  PangoContext      *pango;
  PangoLayout       *layout;
  double             s;        /* size factor of everything but the data */
  double             font_px;  /* base font size in user units */

  /* data area in user units, y0 at the top */
  double             x0, y0, x1, y1;
  DtScale            xs, ys;
  double             xmin, xmax, ymin, ymax;
  double             tx0, tx1, ty0, ty1;  /* ranges in scale space */
} Ctx;

static double
map_x (const Ctx *c,
       double     v)
{
  return c->x0 + (scale_forward (c->xs, v) - c->tx0) / (c->tx1 - c->tx0) * (c->x1 - c->x0);
}

static double
map_y (const Ctx *c,
       double     v)
{
  return c->y1 - (scale_forward (c->ys, v) - c->ty0) / (c->ty1 - c->ty0) * (c->y1 - c->y0);
}

static void
set_color (cairo_t       *cr,
           const DtColor *color,
           double         alpha)
{
  cairo_set_source_rgba (cr, color->r, color->g, color->b, color->a * alpha);
}

/* Moves a coordinate of a horizontal or vertical line of the given width
 * onto the device pixel grid, so thin lines stay crisp on images. */
static double
snap (cairo_t  *cr,
      double    v,
      gboolean  horizontal_coord,
      double    width)
{
  double x = horizontal_coord ? v : 0.0;
  double y = horizontal_coord ? 0.0 : v;
  double dw = width, dummy = 0.0;
  double d, odd;

  cairo_user_to_device_distance (cr, &dw, &dummy);
  cairo_user_to_device (cr, &x, &y);
  d = horizontal_coord ? x : y;
  odd = ((long) round (fabs (dw))) % 2 == 1 ? 0.5 : 0.0;
  d = floor (d) + odd;
  if (horizontal_coord)
    x = d;
  else
    y = d;
  cairo_device_to_user (cr, &x, &y);
  return horizontal_coord ? x : y;
}

static void
set_font (Ctx      *c,
          double    relative,
          gboolean  bold)
{
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, c->theme->font_family != NULL
                                           ? c->theme->font_family : "Sans");
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size (desc, c->font_px * relative * PANGO_SCALE);
  pango_layout_set_font_description (c->layout, desc);
  pango_font_description_free (desc);
}

static void
set_text (Ctx        *c,
          const char *text,
          double      max_width)
{
  pango_layout_set_text (c->layout, text, -1);
  if (max_width > 0)
    {
      pango_layout_set_width (c->layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (c->layout, PANGO_ELLIPSIZE_END);
    }
  else
    {
      pango_layout_set_width (c->layout, -1);
      pango_layout_set_ellipsize (c->layout, PANGO_ELLIPSIZE_NONE);
    }
}

static void
text_size (Ctx    *c,
           double *w,
           double *h)
{
  PangoRectangle logical;

  pango_layout_get_extents (c->layout, NULL, &logical);
  *w = (double) logical.width / PANGO_SCALE;
  *h = (double) logical.height / PANGO_SCALE;
}

static void
measure (Ctx        *c,
         const char *text,
         double     *w,
         double     *h)
{
  set_text (c, text, -1);
  text_size (c, w, h);
}

/* Draws the current layout so that the point at fractions (ax, ay) of
 * its logical box lands on (x, y). */
static void
show_layout (Ctx    *c,
             double  x,
             double  y,
             double  ax,
             double  ay)
{
  PangoRectangle logical;

  pango_layout_get_extents (c->layout, NULL, &logical);
  cairo_move_to (c->cr,
                 x - ax * logical.width / PANGO_SCALE - (double) logical.x / PANGO_SCALE,
                 y - ay * logical.height / PANGO_SCALE - (double) logical.y / PANGO_SCALE);
  pango_cairo_update_layout (c->cr, c->layout);
  pango_cairo_show_layout (c->cr, c->layout);
}

static void
show_text (Ctx        *c,
           const char *text,
           double      x,
           double      y,
           double      ax,
           double      ay)
{
  set_text (c, text, -1);
  show_layout (c, x, y, ax, ay);
}

/* ---- paths with clipping, so that zooming far in never hands cairo
 * coordinates beyond its fixed-point range */

typedef struct
{
  cairo_t  *cr;
  Rect      box;
  gboolean  has_prev;
  gboolean  pen_down;
  double    px, py;
} PathState;

/* Liang–Barsky: clips the segment to @box; returns FALSE when nothing
 * of it is inside, else the parameters of the visible part. */
static gboolean
clip_segment (const Rect *box,
              double      ax,
              double      ay,
              double      bx,
              double      by,
              double     *t0,
              double     *t1)
{
  double dx = bx - ax, dy = by - ay;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { ax - box->x, box->x + box->w - ax, ay - box->y, box->y + box->h - ay };

  *t0 = 0.0;
  *t1 = 1.0;
  for (guint i = 0; i < 4; i++)
    {
      if (p[i] == 0.0)
        {
          if (q[i] < 0.0)
            return FALSE;
        }
      else
        {
          double r = q[i] / p[i];

          if (p[i] < 0.0)
            {
              if (r > *t1)
                return FALSE;
              *t0 = MAX (*t0, r);
            }
          else
            {
              if (r < *t0)
                return FALSE;
              *t1 = MIN (*t1, r);
            }
        }
    }
  return TRUE;
}

static gboolean
rect_contains (const Rect *r,
               double      x,
               double      y)
{
  return x >= r->x && x <= r->x + r->w && y >= r->y && y <= r->y + r->h;
}

static void
path_point (PathState *st,
            double     x,
            double     y)
{
  double t0, t1;

  if (!st->has_prev)
    {
      st->has_prev = TRUE;
      st->pen_down = rect_contains (&st->box, x, y);
      if (st->pen_down)
        cairo_move_to (st->cr, x, y);
    }
  else if (!clip_segment (&st->box, st->px, st->py, x, y, &t0, &t1))
    {
      st->pen_down = FALSE;
    }
  else
    {
      double dx = x - st->px, dy = y - st->py;

      if (!st->pen_down || t0 > 0.0)
        cairo_move_to (st->cr, st->px + t0 * dx, st->py + t0 * dy);
      cairo_line_to (st->cr, st->px + t1 * dx, st->py + t1 * dy);
      st->pen_down = t1 >= 1.0;
    }
  st->px = x;
  st->py = y;
}

static void
path_break (PathState *st)
{
  st->has_prev = FALSE;
  st->pen_down = FALSE;
}

/* Per-pixel-column reduction of a dense polyline. Each pixel column
 * becomes one point at the mean of its points, joined to the next
 * column by the line, and a vertical bar from its lowest to its highest
 * point. Stroked, the two cover the pixels all the points would, with
 * two vertices per column instead of hundreds and without thousands of
 * tiny zigzags, whose joins are slow to stroke. */
typedef struct
{
  PathState *path;
  GArray    *bars;      /* x, y_min, y_max triples */
  double     min_bar;   /* shorter spreads are covered by the line */
  gboolean   active;
  double     column;
  double     sum_x, sum_y;
  guint      count;
  double     min_y, max_y;
} Reducer;

static void
reducer_flush (Reducer *r)
{
  double x, y;

  if (!r->active)
    return;
  x = r->sum_x / r->count;
  y = r->sum_y / r->count;
  path_point (r->path, x, y);
  if (r->max_y - r->min_y > r->min_bar)
    {
      double bar[3] = { x, r->min_y, r->max_y };

      g_array_append_vals (r->bars, bar, 3);
    }
  r->active = FALSE;
}

static void
reducer_add (Reducer *r,
             double   x,
             double   y)
{
  double column = floor (x);

  if (!r->active || column != r->column)
    {
      reducer_flush (r);
      r->active = TRUE;
      r->column = column;
      r->sum_x = r->sum_y = 0.0;
      r->count = 0;
      r->min_y = r->max_y = y;
    }
  r->sum_x += x;
  r->sum_y += y;
  r->count++;
  r->min_y = MIN (r->min_y, y);
  r->max_y = MAX (r->max_y, y);
}

static void
reducer_break (Reducer *r)
{
  reducer_flush (r);
  path_break (r->path);
}

/* Replaces the current path by the reducer's bars. */
static void
reducer_bars_path (Reducer *r)
{
  const Rect *box = &r->path->box;

  cairo_new_path (r->path->cr);
  for (guint i = 0; i + 2 < r->bars->len; i += 3)
    {
      double x = g_array_index (r->bars, double, i);
      double y0 = g_array_index (r->bars, double, i + 1);
      double y1 = g_array_index (r->bars, double, i + 2);

      if (x < box->x || x > box->x + box->w || y1 < box->y || y0 > box->y + box->h)
        continue;
      cairo_move_to (r->path->cr, x, MAX (y0, box->y));
      cairo_line_to (r->path->cr, x, MIN (y1, box->y + box->h));
    }
}

static Rect
safe_box (const Ctx *c)
{
  double mx = 2.0 * (c->x1 - c->x0) + 100.0;
  double my = 2.0 * (c->y1 - c->y0) + 100.0;
  Rect r = { c->x0 - mx, c->y0 - my, c->x1 - c->x0 + 2 * mx, c->y1 - c->y0 + 2 * my };

  return r;
}

static double
clamp_coord (double v,
             double lo,
             double hi)
{
  if (isnan (v))
    return hi;
  return CLAMP (v, lo, hi);
}

/* The series' line as one path: NaN and (on log axes) non-positive
 * values break it. */
/* Strokes the series' line: NaN and (on log axes) non-positive values
 * break it. The line style must be set on the context. */
/* A solid series with many more points than pixel columns: every device
 * column gets one span from its lowest to its highest point, joined to the
 * previous column's last point, as the rasterised line would cover. Filling
 * boxes is an order of magnitude faster than stroking the polyline. */
static void
fill_dense_line (const Ctx  *c,
                 DtPlot     *plot,
                 PlotSeries *ps)
{
  cairo_t *cr = c->cr;
  double half = 0.5 * cairo_get_line_width (cr);
  double px = 1.0, unused = 0.0;
  double col = NAN, lo = 0, hi = 0, last = NAN, prev = NAN;

  cairo_device_to_user_distance (cr, &px, &unused);
  px = fabs (px) > 0 ? fabs (px) : 1.0;

  cairo_new_path (cr);
  for (guint i = 0; i <= ps->n; i++)
    {
      gboolean usable = i < ps->n && point_usable (plot, ps, i);
      double x = usable ? map_x (c, ps->x[i]) : 0.0;
      double y = usable ? map_y (c, ps->y[i]) : 0.0;
      double here = usable ? floor ((x - c->x0) / px) : NAN;

      if (!isnan (col) && (!usable || here != col))
        {
          /* close the previous column, joined to the one before it */
          double top = isnan (prev) ? lo : MIN (lo, prev);
          double bottom = isnan (prev) ? hi : MAX (hi, prev);

          cairo_rectangle (cr, c->x0 + col * px, top - half, px, bottom - top + 2 * half);
          prev = last;
          col = NAN;
        }
      if (!usable)
        {
          prev = NAN;
          continue;
        }
      if (isnan (col))
        {
          col = here;
          lo = hi = y;
        }
      lo = MIN (lo, y);
      hi = MAX (hi, y);
      last = y;
    }
  cairo_fill (cr);
}

static void
stroke_line (const Ctx  *c,
             DtPlot     *plot,
             PlotSeries *ps)
{
  PathState st = { c->cr, safe_box (c), FALSE, FALSE, 0, 0 };
  Reducer reducer = { &st, NULL, cairo_get_line_width (c->cr) };
  gboolean reduce = ps->n > 4 * (c->x1 - c->x0);

  if (reduce && ps->style == DT_STYLE_LINE && cairo_get_dash_count (c->cr) == 0)
    {
      fill_dense_line (c, plot, ps);
      return;
    }

  if (reduce)
    reducer.bars = g_array_new (FALSE, FALSE, sizeof (double));

  cairo_new_path (c->cr);
  for (guint i = 0; i < ps->n; i++)
    {
      double x, y;

      if (!point_usable (plot, ps, i))
        {
          if (reduce)
            reducer_break (&reducer);
          else
            path_break (&st);
          continue;
        }
      x = map_x (c, ps->x[i]);
      y = map_y (c, ps->y[i]);
      if (reduce)
        reducer_add (&reducer, x, y);
      else
        path_point (&st, x, y);
    }
  if (reduce)
    reducer_flush (&reducer);
  cairo_stroke (c->cr);

  if (reduce)
    {
      reducer_bars_path (&reducer);
      cairo_set_dash (c->cr, NULL, 0, 0);
      cairo_set_line_cap (c->cr, CAIRO_LINE_CAP_BUTT);
      cairo_stroke (c->cr);
      g_array_unref (reducer.bars);
    }
}

/* Error bands are a light tint of the series colour; on a dark
 * background the same tint needs a little more weight to show. */
static double
band_alpha (const Ctx *c)
{
  const DtColor *bg = &c->theme->background;
  double luminance = 0.2126 * bg->r + 0.7152 * bg->g + 0.0722 * bg->b;

  return (bg->a > 0.0 && luminance < 0.5) ? 0.3 : 0.2;
}

/* One closed polygon per unbroken run of points with a finite error:
 * upper edge forwards, lower edge backwards. On a log axis the part of
 * the band at or below zero is pushed below the visible area. */
static void
draw_band (const Ctx  *c,
           DtPlot     *plot,
           PlotSeries *ps,
           DtColor    *color)
{
  cairo_t *cr = c->cr;
  Rect box = safe_box (c);
  GArray *xs = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *up = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *lo = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean reduce = ps->n > 2 * (c->x1 - c->x0);
  double below = box.y + box.h;

  cairo_new_path (cr);
  for (guint i = 0; i <= ps->n; i++)
    {
      gboolean ok = i < ps->n && point_usable (plot, ps, i) && isfinite (ps->err[i]);

      if (ok)
        {
          double e = fabs (ps->err[i]);
          double x = clamp_coord (map_x (c, ps->x[i]), box.x, box.x + box.w);
          double yu = clamp_coord (map_y (c, ps->y[i] + e), box.y, below);
          double yl = ps->y[i] - e;

          yl = usable (c->ys, yl) ? clamp_coord (map_y (c, yl), box.y, below) : below;

          if (reduce && xs->len > 0
              && floor (g_array_index (xs, double, xs->len - 1)) == floor (x))
            {
              double *pu = &g_array_index (up, double, up->len - 1);
              double *pl = &g_array_index (lo, double, lo->len - 1);

              *pu = MIN (*pu, yu);
              *pl = MAX (*pl, yl);
            }
          else
            {
              g_array_append_val (xs, x);
              g_array_append_val (up, yu);
              g_array_append_val (lo, yl);
            }
          continue;
        }

      if (xs->len >= 2)
        {
          cairo_move_to (cr, g_array_index (xs, double, 0), g_array_index (up, double, 0));
          for (guint k = 1; k < xs->len; k++)
            cairo_line_to (cr, g_array_index (xs, double, k), g_array_index (up, double, k));
          for (guint k = xs->len; k > 0; k--)
            cairo_line_to (cr, g_array_index (xs, double, k - 1), g_array_index (lo, double, k - 1));
          cairo_close_path (cr);
        }
      g_array_set_size (xs, 0);
      g_array_set_size (up, 0);
      g_array_set_size (lo, 0);
    }

  set_color (cr, color, band_alpha (c));
  cairo_fill (cr);

  g_array_unref (xs);
  g_array_unref (up);
  g_array_unref (lo);
}

/* Adds one marker outline to the path. Shapes differ by series index so
 * that series stay distinguishable in print and in grey. Sizes are
 * chosen so that the shapes look about equally heavy. */
static void
marker_path (cairo_t *cr,
             guint    shape,
             double   x,
             double   y,
             double   r)
{
  switch (shape % 8)
    {
    case 0: /* circle */
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;

    case 1: /* square */
      r *= 0.9;
      cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
      break;

    case 2: /* triangle up */
    case 4: /* triangle down */
      {
        double d = (shape % 8 == 2) ? -1.0 : 1.0;

        r *= 1.3;
        cairo_move_to (cr, x, y + d * r);
        cairo_line_to (cr, x + 0.866 * r, y - d * 0.5 * r);
        cairo_line_to (cr, x - 0.866 * r, y - d * 0.5 * r);
        cairo_close_path (cr);
      }
      break;

    case 3: /* diamond */
      r *= 1.25;
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r, y);
      cairo_line_to (cr, x, y + r);
      cairo_line_to (cr, x - r, y);
      cairo_close_path (cr);
      break;

    case 5: /* pentagon */
    case 6: /* hexagon */
      {
        guint k = (shape % 8 == 5) ? 5 : 6;

        r *= 1.1;
        for (guint i = 0; i < k; i++)
          {
            double a = -G_PI / 2 + 2 * G_PI * i / k;

            if (i == 0)
              cairo_move_to (cr, x + r * cos (a), y + r * sin (a));
            else
              cairo_line_to (cr, x + r * cos (a), y + r * sin (a));
          }
        cairo_close_path (cr);
      }
      break;

    default: /* star */
      r *= 1.45;
      for (guint i = 0; i < 10; i++)
        {
          double a = -G_PI / 2 + G_PI * i / 5;
          double rr = (i % 2 == 0) ? r : 0.45 * r;

          if (i == 0)
            cairo_move_to (cr, x + rr * cos (a), y + rr * sin (a));
          else
            cairo_line_to (cr, x + rr * cos (a), y + rr * sin (a));
        }
      cairo_close_path (cr);
      break;
    }
}

static double
marker_radius (const Ctx     *c,
               DtSeriesStyle  style)
{
  return (style == DT_STYLE_MARKERS ? 3.2 : 2.6) * c->s;
}

static void
draw_error_bars (const Ctx  *c,
                 DtPlot     *plot,
                 PlotSeries *ps,
                 DtColor    *color)
{
  cairo_t *cr = c->cr;
  Rect box = safe_box (c);
  double cap = 2.2 * c->s;

  cairo_new_path (cr);
  for (guint i = 0; i < ps->n; i++)
    {
      double e, x, yu, yl;

      if (!point_usable (plot, ps, i) || !isfinite (ps->err[i]))
        continue;
      e = fabs (ps->err[i]);
      x = map_x (c, ps->x[i]);
      if (x < c->x0 - cap || x > c->x1 + cap)
        continue;
      yu = clamp_coord (map_y (c, ps->y[i] + e), box.y, box.y + box.h);
      yl = usable (c->ys, ps->y[i] - e)
           ? clamp_coord (map_y (c, ps->y[i] - e), box.y, box.y + box.h)
           : box.y + box.h;
      cairo_move_to (cr, x, yu);
      cairo_line_to (cr, x, yl);
      cairo_move_to (cr, x - cap, yu);
      cairo_line_to (cr, x + cap, yu);
      cairo_move_to (cr, x - cap, yl);
      cairo_line_to (cr, x + cap, yl);
    }
  set_color (cr, color, 0.75);
  cairo_set_line_width (cr, 1.0 * c->s);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_stroke (cr);
}

/* Each overlaid run has a dash pattern of its own (in units of the line
 * width scale), different from the plot's own solid and dashed lines. */
static void
set_overlay_dash (const Ctx *c,
                  guint      overlay)
{
  static const double patterns[][4] = {
    { 7.0, 3.5, 0.0, 0.0 },   /* long dashes */
    { 0.0, 3.2, 0.0, 0.0 },   /* dots (round caps) */
    { 8.0, 3.0, 0.0, 3.0 },   /* dash-dot */
    { 2.5, 2.5, 0.0, 0.0 },   /* short dashes */
    { 11.0, 3.0, 3.0, 3.0 },  /* long-short */
  };
  static const guint lengths[] = { 2, 2, 4, 2, 4 };
  guint k = (overlay - 1) % G_N_ELEMENTS (lengths);
  double dash[4];

  for (guint i = 0; i < lengths[k]; i++)
    dash[i] = patterns[k][i] * c->s;
  cairo_set_line_cap (c->cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_dash (c->cr, dash, (int) lengths[k], 0);
  cairo_set_line_width (c->cr, 1.5 * c->s);
}

/* Markers of overlaid runs are hollow, the plot's own are filled. */
static void
fill_marker (const Ctx        *c,
             const PlotSeries *ps)
{
  cairo_set_fill_rule (c->cr, CAIRO_FILL_RULE_WINDING);
  if (ps->overlay == 0)
    {
      cairo_fill (c->cr);
      return;
    }
  cairo_set_dash (c->cr, NULL, 0, 0);
  cairo_set_line_width (c->cr, 1.2 * c->s);
  cairo_stroke (c->cr);
}

static void
set_series_line (const Ctx        *c,
                 const PlotSeries *ps)
{
  DtSeriesStyle style = ps->style;

  cairo_set_line_cap (c->cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (c->cr, CAIRO_LINE_JOIN_ROUND);
  if (ps->overlay > 0)
    set_overlay_dash (c, ps->overlay);
  else if (style == DT_STYLE_DASHED)
    {
      double dash[2] = { 5.0 * c->s, 3.2 * c->s };

      cairo_set_line_cap (c->cr, CAIRO_LINE_CAP_BUTT);
      cairo_set_dash (c->cr, dash, 2, 0);
      cairo_set_line_width (c->cr, 1.5 * c->s);
    }
  else
    {
      cairo_set_dash (c->cr, NULL, 0, 0);
      cairo_set_line_width (c->cr, 1.6 * c->s);
    }
}

/* The palette's black entry is drawn in the theme's foreground colour, so it
 * stays visible on a dark background. */
static DtColor
series_color (const Ctx *c,
              guint      index)
{
  DtColor color = dt_plot_palette (index);

  if (color.r == 0 && color.g == 0 && color.b == 0)
    color = c->theme->foreground;
  return color;
}

/* Markers at every point of a short series, at a few points of a dense
 * solid line; dashed references carry none. */
static gboolean
has_markers (const PlotSeries *ps)
{
  return ps->style != DT_STYLE_DASHED &&
         (ps->n <= MAX_MARKED_POINTS || ps->style == DT_STYLE_LINE);
}

static void
draw_series (const Ctx  *c,
             DtPlot     *plot,
             PlotSeries *ps)
{
  cairo_t *cr = c->cr;
  DtColor color = series_color (c, ps->index);

  if (ps->err != NULL && ps->style != DT_STYLE_MARKERS)
    draw_band (c, plot, ps, &color);
  else if (ps->err != NULL)
    draw_error_bars (c, plot, ps, &color);

  if (ps->style != DT_STYLE_MARKERS)
    {
      set_series_line (c, ps);
      set_color (cr, &color, 1.0);
      stroke_line (c, plot, ps);
    }

  if (has_markers (ps))
    {
      double r = marker_radius (c, ps->style);
      guint step = 1, first = 0;

      /* on a dense line, a few markers, staggered between series */
      if (ps->n > MAX_MARKED_POINTS)
        {
          step = ps->n / SPARSE_MARKERS;
          first = step * (ps->index % 5 + 1) / 6;
        }

      cairo_new_path (cr);
      for (guint i = first; i < ps->n; i += step)
        {
          double x, y;

          if (!point_usable (plot, ps, i))
            continue;
          x = map_x (c, ps->x[i]);
          y = map_y (c, ps->y[i]);
          if (x < c->x0 - r || x > c->x1 + r || y < c->y0 - r || y > c->y1 + r)
            continue;
          marker_path (cr, ps->index, x, y, r);
        }
      set_color (cr, &color, 1.0);
      fill_marker (c, ps);
    }
}

/* ---- layout */

typedef struct
{
  DtTicks *ticks;
  double   label_w;   /* widest label */
  double   label_h;
} Axis;

static DtTicks *
make_ticks (DtScale scale,
            double  lo,
            double  hi,
            guint   max_ticks)
{
  switch (scale)
    {
    case DT_SCALE_LOG:
      return dt_ticks_log (lo, hi, max_ticks);
    case DT_SCALE_SYMLOG:
      return dt_ticks_symlog (lo, hi, max_ticks);
    case DT_SCALE_LINEAR:
    default:
      return dt_ticks_linear (lo, hi, max_ticks);
    }
}

static void
axis_measure (Ctx  *c,
              Axis *axis)
{
  axis->label_w = 0.0;
  axis->label_h = 0.0;
  for (guint i = 0; i < axis->ticks->n; i++)
    {
      double w, h;

      measure (c, axis->ticks->labels[i], &w, &h);
      axis->label_w = MAX (axis->label_w, w);
      axis->label_h = MAX (axis->label_h, h);
    }
}

/* Ticks for the ordinate: about one per three text lines. */
static void
make_y_axis (Ctx    *c,
             Axis   *axis,
             double  length,
             double  line_h)
{
  guint max_ticks = (guint) CLAMP (length / (2.6 * line_h), 2.0, 8.0);

  dt_ticks_free (axis->ticks);
  axis->ticks = make_ticks (c->ys, c->ymin, c->ymax, max_ticks);
  axis_measure (c, axis);
}

/* Ticks for the abscissa: as many as fit with their labels a good gap
 * apart, at most eight. */
static void
make_x_axis (Ctx    *c,
             Axis   *axis,
             double  length)
{
  guint max_ticks = 8;

  for (;;)
    {
      double need;

      dt_ticks_free (axis->ticks);
      axis->ticks = make_ticks (c->xs, c->xmin, c->xmax, max_ticks);
      axis_measure (c, axis);
      need = axis->ticks->n * (axis->label_w + 1.5 * c->font_px);
      if (need <= length || max_ticks <= 2)
        break;
      max_ticks--;
    }
}

/* ---- legend and notes */

typedef struct
{
  PlotSeries *series[64];
  guint       n;
  double      w, h;       /* box size */
  double      row_h;
  double      sample_w;
  double      text_w;     /* widest label (after ellipsizing) */
  double      pad;
  gboolean    outside;
} Legend;

static void
legend_measure (Ctx    *c,
                DtPlot *plot,
                Legend *lg,
                double  max_text_w)
{
  memset (lg, 0, sizeof *lg);
  for (guint s = 0; s < plot->series->len && lg->n < G_N_ELEMENTS (lg->series); s++)
    {
      /* hidden series keep a greyed entry, to be clicked back on */
      lg->series[lg->n++] = g_ptr_array_index (plot->series, s);
    }
  if (lg->n < 2)
    {
      lg->n = 0;
      return;
    }

  set_font (c, 0.85, FALSE);
  lg->outside = lg->n > MAX_INSIDE_LEGEND;
  lg->pad = 5.0 * c->s;
  lg->sample_w = 2.2 * c->font_px;
  for (guint i = 0; i < lg->n; i++)
    {
      double w, h;

      set_text (c, lg->series[i]->label, max_text_w);
      text_size (c, &w, &h);
      lg->text_w = MAX (lg->text_w, w);
      lg->row_h = MAX (lg->row_h, h);
    }
  lg->row_h = MAX (lg->row_h * 1.15, 2.6 * marker_radius (c, DT_STYLE_MARKERS));
  lg->w = 2 * lg->pad + lg->sample_w + 0.6 * c->font_px + lg->text_w;
  lg->h = 2 * lg->pad + lg->n * lg->row_h;
}

static void
draw_legend (Ctx    *c,
             DtPlot *plot,
             Legend *lg,
             double  x,
             double  y,
             double  max_text_w)
{
  cairo_t *cr = c->cr;
  double line_x0 = x + lg->pad;
  double line_x1 = line_x0 + lg->sample_w;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, lg->w, lg->h);
  set_color (cr, &c->theme->background, 0.88);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 0.8 * c->s);
  set_color (cr, &c->theme->foreground, 0.25);
  cairo_stroke (cr);

  set_font (c, 0.85, FALSE);
  for (guint i = 0; i < lg->n; i++)
    {
      PlotSeries *ps = lg->series[i];
      DtColor color = series_color (c, ps->index);
      double cy = y + lg->pad + (i + 0.5) * lg->row_h;
      LegendHit hit = { x, cy - 0.5 * lg->row_h, lg->w, lg->row_h, 0 };
      double text_alpha = 1.0;

      for (guint k = 0; k < plot->series->len; k++)
        if (g_ptr_array_index (plot->series, k) == ps)
          hit.series = k;
      g_array_append_val (plot->legend_hits, hit);

      /* a hidden series: its sample in a faint grey, its text dimmed */
      if (!ps->visible)
        {
          color = c->theme->foreground;
          color.a *= 0.3;
          text_alpha = 0.45;
        }

      if (ps->err != NULL && ps->style != DT_STYLE_MARKERS)
        {
          cairo_rectangle (cr, line_x0, cy - 0.32 * lg->row_h,
                           lg->sample_w, 0.64 * lg->row_h);
          set_color (cr, &color, band_alpha (c));
          cairo_fill (cr);
        }
      if (ps->style != DT_STYLE_MARKERS)
        {
          cairo_move_to (cr, line_x0, cy);
          cairo_line_to (cr, line_x1, cy);
          set_series_line (c, ps);
          set_color (cr, &color, 1.0);
          cairo_stroke (cr);
        }
      if (has_markers (ps))
        {
          marker_path (cr, ps->index, 0.5 * (line_x0 + line_x1), cy,
                       marker_radius (c, ps->style));
          set_color (cr, &color, 1.0);
          fill_marker (c, ps);
        }
      else if (ps->style == DT_STYLE_MARKERS)
        {
          cairo_arc (cr, 0.5 * (line_x0 + line_x1), cy, 0.6 * marker_radius (c, ps->style),
                     0, 2 * G_PI);
          set_color (cr, &color, 1.0);
          cairo_fill (cr);
        }

      set_color (cr, &c->theme->foreground, text_alpha);
      set_text (c, ps->label, max_text_w);
      show_layout (c, line_x1 + 0.6 * c->font_px, cy, 0.0, 0.5);
      if (!ps->visible)
        {
          double tw, th, tx = line_x1 + 0.6 * c->font_px;

          /* struck through, so "hidden" does not rest on the grey alone */
          text_size (c, &tw, &th);
          cairo_move_to (cr, tx, cy);
          cairo_line_to (cr, tx + tw, cy);
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_set_line_width (cr, 0.8 * c->s);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

/* How much of the drawing a box placed at @r would hide: visible line
 * segments crossing it, plus reference-line labels (weighted heavily). */
static double
crowding (const Ctx  *c,
          DtPlot     *plot,
          const Rect *r,
          const Rect *avoid,
          guint       n_avoid)
{
  double cost = 0.0;

  for (guint s = 0; s < plot->series->len; s++)
    {
      PlotSeries *ps = g_ptr_array_index (plot->series, s);
      guint stride = MAX (1, ps->n / 2000);
      gboolean has_prev = FALSE;
      double px = 0, py = 0;

      if (!ps->visible)
        continue;
      for (guint i = 0; i < ps->n; i += stride)
        {
          double x, y, t0, t1;

          if (!point_usable (plot, ps, i))
            {
              has_prev = FALSE;
              continue;
            }
          x = map_x (c, ps->x[i]);
          y = map_y (c, ps->y[i]);
          if (ps->style == DT_STYLE_MARKERS || !has_prev)
            {
              if (rect_contains (r, x, y))
                cost += 1.0;
            }
          else if (clip_segment (r, px, py, x, y, &t0, &t1))
            {
              cost += 1.0;
            }
          if (ps->err != NULL && isfinite (ps->err[i]))
            {
              double yu = map_y (c, ps->y[i] + fabs (ps->err[i]));

              if (rect_contains (r, x, yu))
                cost += 0.5;
            }
          has_prev = TRUE;
          px = x;
          py = y;
        }
    }

  for (guint i = 0; i < n_avoid; i++)
    {
      const Rect *a = &avoid[i];

      if (a->x < r->x + r->w && r->x < a->x + a->w && a->y < r->y + r->h && r->y < a->y + a->h)
        cost += 1000.0;
    }

  return cost;
}

/* Where in the data area a w × h box hides least of the drawing. The
 * candidates are tried in order of preference, which breaks ties: next
 * to @anchor (keeping annotations together), the four corners (upper
 * right, upper left, lower left, lower right), then the middles of the
 * edges. */
static Rect
best_place (const Ctx  *c,
            DtPlot     *plot,
            double      w,
            double      h,
            const Rect *avoid,
            guint       n_avoid,
            const Rect *anchor,
            int         keep,
            int        *chosen)
{
  double inset = 6.0 * c->s;
  double left = c->x0 + inset, right = c->x1 - inset - w;
  double top = c->y0 + inset, bottom = c->y1 - inset - h;
  double cx = 0.5 * (c->x0 + c->x1 - w), cy = 0.5 * (c->y0 + c->y1 - h);
  Rect cand[10];
  guint n = 0;
  Rect best = { 0 };
  double best_cost = G_MAXDOUBLE;

  if (anchor != NULL)
    {
      double ax = (anchor->x + 0.5 * anchor->w < 0.5 * (c->x0 + c->x1))
                  ? anchor->x : anchor->x + anchor->w - w;
      double ay = (anchor->y + 0.5 * anchor->h < 0.5 * (c->y0 + c->y1))
                  ? anchor->y + anchor->h + 0.5 * inset
                  : anchor->y - h - 0.5 * inset;

      if (ay >= c->y0 && ay + h <= c->y1)
        cand[n++] = (Rect) { ax, ay, w, h };
    }
  cand[n++] = (Rect) { right, top, w, h };
  cand[n++] = (Rect) { left, top, w, h };
  cand[n++] = (Rect) { left, bottom, w, h };
  cand[n++] = (Rect) { right, bottom, w, h };
  cand[n++] = (Rect) { cx, top, w, h };
  cand[n++] = (Rect) { cx, bottom, w, h };
  cand[n++] = (Rect) { right, cy, w, h };
  cand[n++] = (Rect) { left, cy, w, h };

  /* a place chosen before stays, so that a legend entry just clicked is
   * still under the pointer */
  if (keep >= 0 && (guint) keep < n)
    {
      if (chosen != NULL)
        *chosen = keep;
      return cand[keep];
    }

  for (guint k = 0; k < n; k++)
    {
      double cost = crowding (c, plot, &cand[k], avoid, n_avoid);

      if (cost < best_cost - 1e-9)
        {
          best_cost = cost;
          best = cand[k];
          if (chosen != NULL)
            *chosen = (int) k;
        }
    }
  return best;
}

/* Sizes and contents that decide where everything goes. */
typedef struct
{
  double   pad;         /* figure edge to text */
  double   tick_len;
  double   tick_gap;    /* tick to its label */
  double   label_gap;   /* tick labels to the axis label */
  double   line_h;      /* height of a tick label */
  double   title_h;     /* 0 when absent */
  double   xlabel_h;
  double   ylabel_h;
  double   legend_text_w;
  Axis     xa;
  Axis     ya;
  Legend   legend;
} Layout;

/* Boxes already drawn over the data area, which later ones avoid. */
typedef struct
{
  Rect  rects[34];
  guint n;
} Placed;

static void
placed_add (Placed     *placed,
            const Rect *r)
{
  if (placed->n < G_N_ELEMENTS (placed->rects))
    placed->rects[placed->n++] = *r;
}

static gboolean
rects_overlap (const Rect *a,
               const Rect *b)
{
  return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

/* Measures the text around the data area, picks the ticks and sets the
 * data area in @c so that labels neither overlap nor leave the figure. */
static void
layout_figure (Ctx    *c,
               DtPlot *plot,
               Layout *L,
               double  width,
               double  height)
{
  double w, top, bottom, left, right;

  L->pad = 8.0 * c->s;
  L->tick_len = 3.5 * c->s;
  L->tick_gap = 3.0 * c->s;
  L->label_gap = 5.0 * c->s;

  set_font (c, 0.9, FALSE);
  measure (c, "0123456789", &w, &L->line_h);
  if (plot->title[0] != '\0')
    {
      set_font (c, 1.1, TRUE);
      measure (c, plot->title, &w, &L->title_h);
    }
  set_font (c, 1.0, FALSE);
  if (plot->x_label[0] != '\0')
    measure (c, plot->x_label, &w, &L->xlabel_h);
  if (plot->y_label[0] != '\0')
    measure (c, plot->y_label, &w, &L->ylabel_h);

  L->legend_text_w = 0.3 * width;
  legend_measure (c, plot, &L->legend, L->legend_text_w);

  top = L->pad + (L->title_h > 0 ? L->title_h + 0.8 * L->label_gap : 0.5 * L->line_h);
  bottom = L->pad + L->tick_len + L->tick_gap + L->line_h
           + (L->xlabel_h > 0 ? L->label_gap + L->xlabel_h : 0);
  left = L->pad + (L->ylabel_h > 0 ? L->ylabel_h + L->label_gap : 0) + L->tick_len + L->tick_gap;
  right = L->pad + 0.5 * L->line_h;
  if (L->legend.n > 0 && L->legend.outside)
    right = L->pad + L->legend.w + 2.0 * L->label_gap;

  c->y0 = top;
  c->y1 = MAX (height - bottom, c->y0 + 1.0);

  /* the y tick labels decide the left margin and the last x tick label
   * may need more room on the right: a second pass settles both */
  set_font (c, 0.9, FALSE);
  for (guint pass = 0; pass < 2; pass++)
    {
      make_y_axis (c, &L->ya, c->y1 - c->y0, L->line_h);
      c->x0 = left + L->ya.label_w;
      c->x1 = MAX (width - right, c->x0 + 1.0);
      make_x_axis (c, &L->xa, c->x1 - c->x0);

      if (L->xa.ticks->n > 0 && !(L->legend.n > 0 && L->legend.outside))
        {
          guint last = L->xa.ticks->n - 1;
          double x = map_x (c, L->xa.ticks->values[last]), lw, lh;
          double overhang;

          measure (c, L->xa.ticks->labels[last], &lw, &lh);
          overhang = x + 0.5 * lw + 0.5 * L->pad - width;
          if (overhang > 0)
            right += overhang;
        }
    }
}

static void
draw_background (Ctx    *c,
                 double  width,
                 double  height)
{
  if (c->theme->background.a <= 0.0)
    return;

  cairo_rectangle (c->cr, 0, 0, width, height);
  set_color (c->cr, &c->theme->background, 1.0);
  cairo_fill (c->cr);
}

static void
draw_grid (Ctx    *c,
           Layout *L)
{
  cairo_t *cr = c->cr;
  double lw = 0.8 * c->s;

  cairo_set_line_width (cr, lw);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  set_color (cr, &c->theme->grid, 1.0);
  for (guint i = 0; i < L->xa.ticks->n; i++)
    {
      double x = snap (cr, map_x (c, L->xa.ticks->values[i]), TRUE, lw);

      cairo_move_to (cr, x, c->y0);
      cairo_line_to (cr, x, c->y1);
    }
  for (guint i = 0; i < L->ya.ticks->n; i++)
    {
      double y = snap (cr, map_y (c, L->ya.ticks->values[i]), FALSE, lw);

      cairo_move_to (cr, c->x0, y);
      cairo_line_to (cr, c->x1, y);
    }
  cairo_stroke (cr);
}

/* Reference lines and series, clipped to the data area. */
static void
draw_data (Ctx    *c,
           DtPlot *plot)
{
  cairo_t *cr = c->cr;
  double dots[2] = { 0.0, 3.0 * c->s };

  cairo_save (cr);
  cairo_rectangle (cr, c->x0, c->y0, c->x1 - c->x0, c->y1 - c->y0);
  cairo_clip (cr);

  /* dots: zero-length dashes with round caps */
  cairo_set_line_width (cr, 1.3 * c->s);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_dash (cr, dots, 2, 0);
  set_color (cr, &c->theme->foreground, 0.45);
  for (guint i = 0; i < plot->vlines->len; i++)
    {
      double v = g_array_index (plot->vlines, double, i);
      double x;

      if (!usable (c->xs, v))
        continue;
      x = map_x (c, v);
      if (x < c->x0 || x > c->x1)
        continue;
      cairo_move_to (cr, x, c->y0);
      cairo_line_to (cr, x, c->y1);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  /* other runs first, so that the plot's own run stays on top */
  for (guint pass = 0; pass < 2; pass++)
    for (guint s = 0; s < plot->series->len; s++)
      {
        PlotSeries *ps = g_ptr_array_index (plot->series, s);

        if (ps->visible && ps->n > 0 && (ps->overlay == 0) == (pass == 1))
          draw_series (c, plot, ps);
      }
  cairo_restore (cr);
}

/* The axes box with outward ticks on the left and at the bottom. */
static void
draw_axes (Ctx    *c,
           Layout *L)
{
  cairo_t *cr = c->cr;
  double aw = 0.9 * c->s;
  double bx0 = snap (cr, c->x0, TRUE, aw), bx1 = snap (cr, c->x1, TRUE, aw);
  double by0 = snap (cr, c->y0, FALSE, aw), by1 = snap (cr, c->y1, FALSE, aw);
  const DtTicks *xt = L->xa.ticks, *yt = L->ya.ticks;
  double minor_len = 0.55 * L->tick_len;

  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, aw);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  set_color (cr, &c->theme->foreground, 0.85);
  cairo_rectangle (cr, bx0, by0, bx1 - bx0, by1 - by0);
  cairo_stroke (cr);

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  for (guint i = 0; i < xt->n + xt->n_minor; i++)
    {
      gboolean major = i < xt->n;
      double x = snap (cr, map_x (c, major ? xt->values[i] : xt->minor[i - xt->n]), TRUE, aw);

      cairo_move_to (cr, x, by1);
      cairo_line_to (cr, x, by1 + (major ? L->tick_len : minor_len));
    }
  for (guint i = 0; i < yt->n + yt->n_minor; i++)
    {
      gboolean major = i < yt->n;
      double y = snap (cr, map_y (c, major ? yt->values[i] : yt->minor[i - yt->n]), FALSE, aw);

      cairo_move_to (cr, bx0, y);
      cairo_line_to (cr, bx0 - (major ? L->tick_len : minor_len), y);
    }
  cairo_stroke (cr);
}

/* Tick labels. On unevenly spaced axes (symlog) a label that would
 * touch its neighbour is left out; its tick stays. */
static void
draw_tick_labels (Ctx    *c,
                  Layout *L)
{
  double last_right = -G_MAXDOUBLE, last_top = G_MAXDOUBLE;
  double min_gap = 0.4 * c->font_px;

  set_color (c->cr, &c->theme->foreground, 1.0);
  set_font (c, 0.9, FALSE);
  for (guint i = 0; i < L->xa.ticks->n; i++)
    {
      double x = map_x (c, L->xa.ticks->values[i]), lw, lh;

      measure (c, L->xa.ticks->labels[i], &lw, &lh);
      if (x - 0.5 * lw < last_right + min_gap)
        continue;
      show_layout (c, x, c->y1 + L->tick_len + L->tick_gap, 0.5, 0.0);
      last_right = x + 0.5 * lw;
    }
  for (guint i = 0; i < L->ya.ticks->n; i++)
    {
      double y = map_y (c, L->ya.ticks->values[i]), lw, lh;

      measure (c, L->ya.ticks->labels[i], &lw, &lh);
      if (y + 0.5 * lh > last_top - 0.25 * min_gap)
        continue;
      show_layout (c, c->x0 - L->tick_len - L->tick_gap, y, 1.0, 0.5);
      last_top = y - 0.5 * lh;
    }
}

/* Axis labels (the ordinate's rotated) and the bold title. */
static void
draw_titles (Ctx    *c,
             DtPlot *plot,
             Layout *L,
             double  width)
{
  cairo_t *cr = c->cr;

  set_color (cr, &c->theme->foreground, 1.0);
  set_font (c, 1.0, FALSE);
  if (L->xlabel_h > 0)
    {
      set_text (c, plot->x_label, c->x1 - c->x0);
      show_layout (c, 0.5 * (c->x0 + c->x1),
                   c->y1 + L->tick_len + L->tick_gap + L->line_h + L->label_gap, 0.5, 0.0);
    }
  if (L->ylabel_h > 0)
    {
      cairo_save (cr);
      cairo_translate (cr, L->pad, 0.5 * (c->y0 + c->y1));
      cairo_rotate (cr, -G_PI / 2);
      set_text (c, plot->y_label, c->y1 - c->y0);
      show_layout (c, 0.0, 0.0, 0.5, 0.0);
      cairo_restore (cr);
    }
  if (L->title_h > 0)
    {
      double tw, th, cx;

      /* centred over the data area, but never pushed off the figure */
      set_font (c, 1.1, TRUE);
      set_text (c, plot->title, MAX (width - 2 * L->pad, 1.0));
      text_size (c, &tw, &th);
      cx = 0.5 * (c->x0 + c->x1);
      cx = MAX (cx, L->pad + 0.5 * tw);
      cx = MIN (cx, width - L->pad - 0.5 * tw);
      show_layout (c, cx, L->pad, 0.5, 0.0);
    }
}

/* A label for each reference line, beside it at the top of the area,
 * stepped down where it would overlap an earlier one. */
static void
draw_vline_labels (Ctx    *c,
                   DtPlot *plot,
                   Placed *placed)
{
  cairo_t *cr = c->cr;
  double gap = 3.0 * c->s;

  set_font (c, 0.8, FALSE);
  for (guint i = 0; i < plot->vlines->len; i++)
    {
      const char *label = g_ptr_array_index (plot->vline_labels, i);
      double v = g_array_index (plot->vlines, double, i);
      double x, lw, lh;
      gboolean moved;
      Rect r;

      if (label[0] == '\0' || !usable (c->xs, v))
        continue;
      x = map_x (c, v);
      if (x < c->x0 || x > c->x1)
        continue;

      set_text (c, label, 0.45 * (c->x1 - c->x0));
      text_size (c, &lw, &lh);
      r.w = lw + 2 * gap;
      r.h = lh;
      r.x = (x + r.w <= c->x1) ? x : x - r.w;
      r.y = c->y0 + gap;
      do
        {
          moved = FALSE;
          for (guint k = 0; k < placed->n; k++)
            if (rects_overlap (&r, &placed->rects[k]))
              {
                r.y = placed->rects[k].y + placed->rects[k].h + c->s;
                moved = TRUE;
              }
        }
      while (moved && r.y < c->y1);

      cairo_rectangle (cr, r.x + 0.5 * gap, r.y, r.w - gap, r.h);
      set_color (cr, &c->theme->background, 0.8);
      cairo_fill (cr);
      set_color (cr, &c->theme->foreground, 0.75);
      show_layout (c, r.x + gap, r.y, 0.0, 0.0);
      placed_add (placed, &r);
    }
}

/* The legend inside the area where it hides least, or beside it. */
static gboolean
place_legend (Ctx    *c,
              DtPlot *plot,
              Layout *L,
              Placed *placed,
              Rect   *out)
{
  Legend *lg = &L->legend;
  Rect r;

  if (lg->n == 0)
    return FALSE;

  if (lg->outside)
    r = (Rect) { c->x1 + 2.0 * L->label_gap, c->y0, lg->w, lg->h };
  else
    r = best_place (c, plot, lg->w, lg->h, placed->rects, placed->n, NULL,
                    plot->keep_legend ? plot->legend_place : -1, &plot->legend_place);
  draw_legend (c, plot, lg, r.x, r.y, L->legend_text_w);
  placed_add (placed, &r);
  *out = r;

  return !lg->outside;
}

/* The notes, one per line, near the legend or where they hide least. */
static void
draw_notes (Ctx        *c,
            DtPlot     *plot,
            Placed     *placed,
            const Rect *legend)
{
  g_autoptr(GString) text = NULL;
  double nw, nh, npad = 4.0 * c->s;
  Rect r;

  if (plot->notes->len == 0)
    return;

  text = g_string_new (NULL);
  for (guint i = 0; i < plot->notes->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (plot->notes, i));
    }
  set_font (c, 0.85, FALSE);
  set_text (c, text->str, 0.5 * (c->x1 - c->x0));
  text_size (c, &nw, &nh);
  r = best_place (c, plot, nw + 2 * npad, nh + 2 * npad, placed->rects, placed->n, legend, -1, NULL);

  cairo_rectangle (c->cr, r.x, r.y, r.w, r.h);
  set_color (c->cr, &c->theme->background, 0.8);
  cairo_fill (c->cr);
  set_color (c->cr, &c->theme->foreground, 0.85);
  show_layout (c, r.x + npad, r.y + npad, 0.0, 0.0);
  placed_add (placed, &r);
}

static double
render_scale (double width,
              double height)
{
  double k = MIN (width / 640.0, height / 400.0);

  return CLAMP (sqrt (MAX (k, 0.0)), 0.6, 2.0);
}

static PangoContext *
create_pango_context (cairo_t *cr)
{
  PangoContext *pango = pango_cairo_create_context (cr);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* unhinted metrics keep text the same width on every surface and scale */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango, options);
  pango_cairo_context_set_resolution (pango, 96.0);
  cairo_font_options_destroy (options);

  return pango;
}

/* ------------------------------------------------------------ heat maps */

/* Images of a heat map are at most this many pixels a side: larger
 * matrices are averaged in blocks. */
#define HEATMAP_MAX_PIXELS 4096
/* Cells are drawn at most this much wider than high, or higher than wide. */
#define HEATMAP_MAX_ASPECT 2.0

/* viridis (perceptually uniform, readable in grey and with the common
 * colour-vision deficiencies) sampled at 0, 1/8, …, 1; the colours in
 * between are interpolated linearly. */
static const guint32 viridis_stops[] = {
  0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21908C,
  0x27AD81, 0x5DC863, 0xAADC32, 0xFDE725,
};

static DtColor
rgb_color (guint32 rgb)
{
  DtColor c = {
    ((rgb >> 16) & 0xff) / 255.0,
    ((rgb >> 8) & 0xff) / 255.0,
    (rgb & 0xff) / 255.0,
    1.0,
  };

  return c;
}

static DtColor
mix_colors (const DtColor *a,
            const DtColor *b,
            double         t)
{
  DtColor c = {
    a->r + t * (b->r - a->r),
    a->g + t * (b->g - a->g),
    a->b + t * (b->b - a->b),
    a->a + t * (b->a - a->a),
  };

  return c;
}

static DtColor
viridis (double t)
{
  guint last = G_N_ELEMENTS (viridis_stops) - 1;
  double pos;
  guint i;
  DtColor lo, hi;

  if (!(t > 0.0))
    t = 0.0;
  t = MIN (t, 1.0);
  pos = t * last;
  i = MIN ((guint) pos, last - 1);
  lo = rgb_color (viridis_stops[i]);
  hi = rgb_color (viridis_stops[i + 1]);
  return mix_colors (&lo, &hi, pos - i);
}

static gboolean
theme_is_dark (const DtPlotTheme *theme)
{
  const DtColor *bg = &theme->background;

  return bg->a > 0.0 && 0.2126 * bg->r + 0.7152 * bg->g + 0.0722 * bg->b < 0.5;
}

/* The two colours of a 0/1 mask: a strong blue for kept cells, a faint
 * tint of the background for pruned ones. */
static void
mask_colors (const DtPlotTheme *theme,
             DtColor           *kept,
             DtColor           *pruned)
{
  DtColor bg = theme->background.a > 0.0 ? theme->background : (DtColor) { 1, 1, 1, 1 };

  *kept = rgb_color (theme_is_dark (theme) ? 0x56B4E9 : 0x0072B2);
  *pruned = mix_colors (&bg, &theme->foreground, 0.10);
  pruned->a = 1.0;
}

typedef struct
{
  gboolean binary;     /* every value is 0 or 1 */
  double   vmin;       /* finite range */
  double   vmax;
  gsize    n_finite;
  gsize    n_ones;
} HeatStats;

static void
heat_stats (DtPlot    *plot,
            HeatStats *st)
{
  gsize n = (gsize) plot->rows * plot->cols;

  memset (st, 0, sizeof *st);
  st->binary = TRUE;
  st->vmin = G_MAXDOUBLE;
  st->vmax = -G_MAXDOUBLE;
  for (gsize i = 0; i < n; i++)
    {
      double v = plot->values[i];

      if (!isfinite (v))
        continue;
      st->n_finite++;
      st->vmin = MIN (st->vmin, v);
      st->vmax = MAX (st->vmax, v);
      if (v == 1.0)
        st->n_ones++;
      else if (v != 0.0)
        st->binary = FALSE;
    }
  if (st->n_finite == 0)
    {
      st->binary = FALSE;
      st->vmin = 0.0;
      st->vmax = 1.0;
    }
  else if (!(st->vmax > st->vmin))
    {
      /* one value everywhere: centre it on the colour scale */
      double half = st->vmin == 0.0 ? 0.5 : 0.5 * fabs (st->vmin);

      st->vmin -= half;
      st->vmax += half;
    }
}

/* Index ticks at multiples of 1, 2 or 5 × 10^k, at most @max_ticks of them. */
static guint
index_step (guint n,
            guint max_ticks)
{
  static const guint mult[] = { 1, 2, 5 };

  for (guint p = 1; p < G_MAXUINT / 10; p *= 10)
    for (guint i = 0; i < G_N_ELEMENTS (mult); i++)
      if ((n - 1) / (mult[i] * p) + 1 <= MAX (max_ticks, 1))
        return mult[i] * p;
  return G_MAXUINT;
}

/* The cells as an image of at most one pixel per device pixel (and
 * HEATMAP_MAX_PIXELS a side): larger matrices are averaged in blocks,
 * so no row or column is skipped; for a mask the block's colour is the
 * fraction kept. */
static cairo_surface_t *
heatmap_image (DtPlot            *plot,
               const HeatStats   *st,
               const DtPlotTheme *theme,
               double             device_w,
               double             device_h)
{
  guint img_w = (guint) MIN ((double) plot->cols, CLAMP (ceil (device_w), 1.0, HEATMAP_MAX_PIXELS));
  guint img_h = (guint) MIN ((double) plot->rows, CLAMP (ceil (device_h), 1.0, HEATMAP_MAX_PIXELS));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) img_w, (int) img_h);
  DtColor kept, pruned;
  guchar *data;
  int stride;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;

  mask_colors (theme, &kept, &pruned);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  for (guint py = 0; py < img_h; py++)
    {
      guint r0 = (guint) ((guint64) py * plot->rows / img_h);
      guint r1 = MAX ((guint) ((guint64) (py + 1) * plot->rows / img_h), r0 + 1);
      guint32 *line = (guint32 *) (void *) (data + (gsize) py * stride);

      for (guint px = 0; px < img_w; px++)
        {
          guint c0 = (guint) ((guint64) px * plot->cols / img_w);
          guint c1 = MAX ((guint) ((guint64) (px + 1) * plot->cols / img_w), c0 + 1);
          double sum = 0.0;
          guint n = 0;
          DtColor color;

          for (guint r = r0; r < r1; r++)
            for (guint k = c0; k < c1; k++)
              {
                double v = plot->values[(gsize) r * plot->cols + k];

                if (isfinite (v))
                  {
                    sum += v;
                    n++;
                  }
              }

          if (n == 0)
            {
              line[px] = 0;   /* transparent: the background shows */
              continue;
            }
          if (st->binary)
            color = mix_colors (&pruned, &kept, sum / n);
          else
            color = viridis ((sum / n - st->vmin) / (st->vmax - st->vmin));

          line[px] = 0xff000000u
                     | (guint32) lround (CLAMP (color.r, 0.0, 1.0) * 255) << 16
                     | (guint32) lround (CLAMP (color.g, 0.0, 1.0) * 255) << 8
                     | (guint32) lround (CLAMP (color.b, 0.0, 1.0) * 255);
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* What goes right of the cells: a colour bar with ticks, or for a mask
 * two swatches, "kept" and "pruned", with their shares. */
typedef struct
{
  double    w;
  double    bar_w;
  DtTicks  *ticks;     /* colour bar */
  double    label_w;
  char     *kept;      /* mask legend texts */
  char     *pruned;
  double    swatch;
  double    row_h;
} HeatSide;

static void
heat_side_measure (Ctx             *c,
                   const HeatStats *st,
                   HeatSide        *side,
                   double           bar_h,
                   double           line_h,
                   double           tick_len,
                   double           tick_gap)
{
  double w, h;

  set_font (c, 0.9, FALSE);
  if (st->binary)
    {
      double share = st->n_finite > 0 ? 100.0 * st->n_ones / st->n_finite : 0.0;

      side->kept = g_strdup_printf (_("kept (%.1f %%)"), share);
      side->pruned = g_strdup_printf (_("pruned (%.1f %%)"), 100.0 - share);
      side->swatch = 1.1 * c->font_px;
      side->row_h = 1.6 * c->font_px;
      measure (c, side->kept, &w, &h);
      side->label_w = w;
      measure (c, side->pruned, &w, &h);
      side->label_w = MAX (side->label_w, w);
      side->w = side->swatch + 0.6 * c->font_px + side->label_w;
      return;
    }

  side->bar_w = 1.1 * c->font_px;
  side->ticks = dt_ticks_linear (st->vmin, st->vmax,
                                 (guint) CLAMP (bar_h / (2.6 * line_h), 2.0, 8.0));
  for (guint i = 0; i < side->ticks->n; i++)
    {
      measure (c, side->ticks->labels[i], &w, &h);
      side->label_w = MAX (side->label_w, w);
    }
  side->w = side->bar_w + tick_len + tick_gap + side->label_w;
}

static void
heat_side_draw (Ctx             *c,
                const HeatStats *st,
                HeatSide        *side,
                double           x,
                double           y0,
                double           y1,
                double           tick_len,
                double           tick_gap)
{
  cairo_t *cr = c->cr;
  double aw = 0.9 * c->s;

  set_font (c, 0.9, FALSE);
  if (st->binary)
    {
      DtColor kept, pruned;
      const char *texts[2] = { side->kept, side->pruned };

      mask_colors (c->theme, &kept, &pruned);
      for (guint i = 0; i < 2; i++)
        {
          double cy = y0 + (i + 0.5) * side->row_h;

          cairo_rectangle (cr, x, cy - 0.5 * side->swatch, side->swatch, side->swatch);
          set_color (cr, i == 0 ? &kept : &pruned, 1.0);
          cairo_fill_preserve (cr);
          cairo_set_line_width (cr, aw);
          set_color (cr, &c->theme->foreground, 0.5);
          cairo_stroke (cr);
          set_color (cr, &c->theme->foreground, 1.0);
          set_text (c, texts[i], -1);
          show_layout (c, x + side->swatch + 0.6 * c->font_px, cy, 0.0, 0.5);
        }
      return;
    }

  {
    cairo_pattern_t *gradient = cairo_pattern_create_linear (0, y1, 0, y0);
    guint last = G_N_ELEMENTS (viridis_stops) - 1;
    double last_top = G_MAXDOUBLE;

    for (guint i = 0; i <= last; i++)
      {
        DtColor col = rgb_color (viridis_stops[i]);

        cairo_pattern_add_color_stop_rgb (gradient, (double) i / last, col.r, col.g, col.b);
      }
    cairo_rectangle (cr, x, y0, side->bar_w, y1 - y0);
    cairo_set_source (cr, gradient);
    cairo_fill (cr);
    cairo_pattern_destroy (gradient);

    cairo_set_line_width (cr, aw);
    set_color (cr, &c->theme->foreground, 0.85);
    cairo_rectangle (cr, snap (cr, x, TRUE, aw), snap (cr, y0, FALSE, aw),
                     side->bar_w, y1 - y0);
    cairo_stroke (cr);

    for (guint i = 0; i < side->ticks->n; i++)
      {
        double v = side->ticks->values[i];
        double ty = y1 - (v - st->vmin) / (st->vmax - st->vmin) * (y1 - y0);
        double lw, lh;

        if (ty < y0 - 0.5 || ty > y1 + 0.5)
          continue;
        ty = snap (cr, ty, FALSE, aw);
        cairo_move_to (cr, x + side->bar_w, ty);
        cairo_line_to (cr, x + side->bar_w + tick_len, ty);
        cairo_stroke (cr);

        measure (c, side->ticks->labels[i], &lw, &lh);
        if (ty + 0.5 * lh > last_top)
          continue;
        show_layout (c, x + side->bar_w + tick_len + tick_gap, ty, 0.0, 0.5);
        last_top = ty - 0.5 * lh;
      }
  }
}

/* A heat map: cells (row 0 at the top), index ticks on the left and at
 * the bottom, the axis labels, the title, and the colour bar or the mask
 * legend on the right. The frame maps x to columns and y to rows. */
static void
render_heatmap (DtPlot      *plot,
                Ctx         *c,
                double       width,
                double       height,
                DtPlotFrame *frame_out)
{
  cairo_t *cr = c->cr;
  double pad = 8.0 * c->s, tick_len = 3.5 * c->s, tick_gap = 3.0 * c->s, label_gap = 5.0 * c->s;
  double aw = 0.9 * c->s;
  double w, line_h, title_h = 0, xlabel_h = 0, ylabel_h = 0, row_label_w, lh;
  double top, bottom, left, right, avail_w, avail_h, cell_w, cell_h, dw, dh;
  double x0, y0, x1, y1;
  g_autofree char *last_row = g_strdup_printf ("%u", plot->rows - 1);
  HeatSide side = { 0 };
  HeatStats st;
  cairo_surface_t *image;
  guint step;

  heat_stats (plot, &st);

  set_font (c, 0.9, FALSE);
  measure (c, "0123456789", &w, &line_h);
  measure (c, last_row, &row_label_w, &lh);
  if (plot->title[0] != '\0')
    {
      set_font (c, 1.1, TRUE);
      measure (c, plot->title, &w, &title_h);
    }
  set_font (c, 1.0, FALSE);
  if (plot->x_label[0] != '\0')
    measure (c, plot->x_label, &w, &xlabel_h);
  if (plot->y_label[0] != '\0')
    measure (c, plot->y_label, &w, &ylabel_h);

  top = pad + (title_h > 0 ? title_h + 0.8 * label_gap : 0.5 * line_h);
  bottom = pad + tick_len + tick_gap + line_h + (xlabel_h > 0 ? label_gap + xlabel_h : 0);
  left = pad + (ylabel_h > 0 ? ylabel_h + label_gap : 0) + row_label_w + tick_gap + tick_len;
  heat_side_measure (c, &st, &side, MAX (height - top - bottom, 1.0), line_h, tick_len, tick_gap);
  right = pad + side.w + 2.0 * label_gap;

  /* cells as square as the room allows, within HEATMAP_MAX_ASPECT */
  avail_w = MAX (width - left - right, 1.0);
  avail_h = MAX (height - top - bottom, 1.0);
  cell_w = avail_w / plot->cols;
  cell_h = avail_h / plot->rows;
  cell_w = MIN (cell_w, HEATMAP_MAX_ASPECT * cell_h);
  cell_h = MIN (cell_h, HEATMAP_MAX_ASPECT * cell_w);
  x0 = left + 0.5 * (avail_w - cell_w * plot->cols);
  x1 = x0 + cell_w * plot->cols;
  y0 = top;
  y1 = y0 + cell_h * plot->rows;

  draw_background (c, width, height);

  /* the cells */
  dw = x1 - x0;
  dh = y1 - y0;
  cairo_user_to_device_distance (cr, &dw, &dh);
  image = heatmap_image (plot, &st, c->theme, fabs (dw), fabs (dh));
  if (cairo_surface_status (image) == CAIRO_STATUS_SUCCESS)
    {
      cairo_save (cr);
      cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
      cairo_clip (cr);
      cairo_translate (cr, x0, y0);
      cairo_scale (cr, (x1 - x0) / cairo_image_surface_get_width (image),
                   (y1 - y0) / cairo_image_surface_get_height (image));
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
      cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
      cairo_paint (cr);
      cairo_restore (cr);
    }
  cairo_surface_destroy (image);

  /* frame and index ticks at the cell centres */
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, aw);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  set_color (cr, &c->theme->foreground, 0.85);
  cairo_rectangle (cr, snap (cr, x0, TRUE, aw), snap (cr, y0, FALSE, aw),
                   snap (cr, x1, TRUE, aw) - snap (cr, x0, TRUE, aw),
                   snap (cr, y1, FALSE, aw) - snap (cr, y0, FALSE, aw));
  cairo_stroke (cr);

  set_font (c, 0.9, FALSE);
  {
    double label_w;

    measure (c, last_row, &label_w, &lh);
    step = index_step (plot->cols, (guint) CLAMP ((x1 - x0) / (MAX (label_w, row_label_w) + 1.5 * c->font_px), 1.0, 8.0));
  }
  for (guint k = 0; k < plot->cols; k += step)
    {
      g_autofree char *label = g_strdup_printf ("%u", k);
      double x = snap (cr, x0 + (k + 0.5) * cell_w, TRUE, aw);

      set_color (cr, &c->theme->foreground, 0.85);
      cairo_move_to (cr, x, y1);
      cairo_line_to (cr, x, y1 + tick_len);
      cairo_stroke (cr);
      set_color (cr, &c->theme->foreground, 1.0);
      show_text (c, label, x, y1 + tick_len + tick_gap, 0.5, 0.0);
      if (step == G_MAXUINT || k > G_MAXUINT - step)
        break;
    }
  step = index_step (plot->rows, (guint) CLAMP ((y1 - y0) / (2.6 * line_h), 1.0, 8.0));
  for (guint r = 0; r < plot->rows; r += step)
    {
      g_autofree char *label = g_strdup_printf ("%u", r);
      double y = snap (cr, y0 + (r + 0.5) * cell_h, FALSE, aw);

      set_color (cr, &c->theme->foreground, 0.85);
      cairo_move_to (cr, x0, y);
      cairo_line_to (cr, x0 - tick_len, y);
      cairo_stroke (cr);
      set_color (cr, &c->theme->foreground, 1.0);
      show_text (c, label, x0 - tick_len - tick_gap, y, 1.0, 0.5);
      if (step == G_MAXUINT || r > G_MAXUINT - step)
        break;
    }

  /* axis labels and title, as on line plots */
  set_color (cr, &c->theme->foreground, 1.0);
  set_font (c, 1.0, FALSE);
  if (xlabel_h > 0)
    {
      set_text (c, plot->x_label, MAX (width - 2 * pad, 1.0));
      show_layout (c, 0.5 * (x0 + x1), y1 + tick_len + tick_gap + line_h + label_gap, 0.5, 0.0);
    }
  if (ylabel_h > 0)
    {
      cairo_save (cr);
      cairo_translate (cr, x0 - tick_len - tick_gap - row_label_w - label_gap - ylabel_h,
                       0.5 * (y0 + y1));
      cairo_rotate (cr, -G_PI / 2);
      set_text (c, plot->y_label, MAX (height - 2 * pad, 1.0));
      show_layout (c, 0.0, 0.0, 0.5, 0.0);
      cairo_restore (cr);
    }
  if (title_h > 0)
    {
      double tw, th, cx;

      set_font (c, 1.1, TRUE);
      set_text (c, plot->title, MAX (width - 2 * pad, 1.0));
      text_size (c, &tw, &th);
      cx = 0.5 * (x0 + x1);
      cx = MAX (cx, pad + 0.5 * tw);
      cx = MIN (cx, width - pad - 0.5 * tw);
      show_layout (c, cx, pad, 0.5, 0.0);
    }

  if (st.n_finite > 0)
    heat_side_draw (c, &st, &side, x1 + 2.0 * label_gap, y0, y1, tick_len, tick_gap);
  else
    {
      set_font (c, 1.2, FALSE);
      set_color (cr, &c->theme->foreground, 0.35);
      show_text (c, _("No data yet"), 0.5 * (x0 + x1), 0.5 * (y0 + y1), 0.5, 0.5);
    }

  if (frame_out != NULL)
    {
      frame_out->x0 = x0;
      frame_out->y0 = y0;
      frame_out->x1 = x1;
      frame_out->y1 = y1;
      frame_out->xmin = 0.0;
      frame_out->xmax = plot->cols;
      /* the bottom edge is the end of the last row */
      frame_out->ymin = plot->rows;
      frame_out->ymax = 0.0;
      frame_out->x_scale = DT_SCALE_LINEAR;
      frame_out->y_scale = DT_SCALE_LINEAR;
    }

  dt_ticks_free (side.ticks);
  g_free (side.kept);
  g_free (side.pruned);
}

/**
 * dt_plot_render:
 * @plot: a plot
 * @cr: where to draw; the plot fills (0, 0)–(@width, @height) in the
 *   current user space
 * @width: width in user units
 * @height: height in user units
 * @theme: (nullable): colours and font; %NULL for the light theme
 * @frame_out: (out caller-allocates) (optional): the data area and the
 *   visible ranges, to map pointer positions to data
 *
 * Draws the whole figure: background, title, grid, axes with ticks and
 * labels, reference lines, error bands, series, legend and notes; or, for
 * a heat map, its cells with index ticks and a colour bar (a 0/1 mask gets
 * two colours and a kept / pruned legend instead; zoom, notes and
 * reference lines do not apply to heat maps). Text
 * and line widths grow gently with the size so that the figure reads
 * well from a small widget up to a large export. The state of @cr is
 * left as it was.
 */
void
dt_plot_render (DtPlot            *plot,
                cairo_t           *cr,
                double             width,
                double             height,
                const DtPlotTheme *theme,
                DtPlotFrame       *frame_out)
{
  Ctx ctx = { 0 }, *c = &ctx;
  Layout layout = { 0 };
  Placed placed = { 0 };
  Rect legend_rect = { 0 };
  gboolean legend_inside;

  g_return_if_fail (plot != NULL);
  g_return_if_fail (cr != NULL);

  if (theme == NULL)
    theme = dt_plot_theme_light ();
  if (!(width > 0.0) || !(height > 0.0) || !isfinite (width) || !isfinite (height))
    return;

  cairo_save (cr);
  cairo_new_path (cr);

  c->cr = cr;
  c->theme = theme;
  c->s = render_scale (width, height);
  c->font_px = (theme->font_size > 0 ? theme->font_size : 10.0) * 96.0 / 72.0 * c->s;
  c->pango = create_pango_context (cr);
  c->layout = pango_layout_new (c->pango);
  g_array_set_size (plot->legend_hits, 0);
  if (plot->kind == DT_PLOT_HEATMAP)
    {
      render_heatmap (plot, c, width, height, frame_out);
      g_object_unref (c->layout);
      g_object_unref (c->pango);
      cairo_restore (cr);
      return;
    }

  c->xs = plot->x_scale;
  c->ys = plot->y_scale;
  compute_ranges (plot, &c->xmin, &c->xmax, &c->ymin, &c->ymax);
  c->tx0 = scale_forward (c->xs, c->xmin);
  c->tx1 = scale_forward (c->xs, c->xmax);
  c->ty0 = scale_forward (c->ys, c->ymin);
  c->ty1 = scale_forward (c->ys, c->ymax);

  layout_figure (c, plot, &layout, width, height);

  draw_background (c, width, height);
  draw_grid (c, &layout);
  draw_data (c, plot);
  draw_axes (c, &layout);
  draw_tick_labels (c, &layout);
  draw_titles (c, plot, &layout, width);
  draw_vline_labels (c, plot, &placed);
  legend_inside = place_legend (c, plot, &layout, &placed, &legend_rect);
  draw_notes (c, plot, &placed, legend_inside ? &legend_rect : NULL);

  if (!has_any_data (plot))
    {
      set_font (c, 1.2, FALSE);
      set_color (cr, &theme->foreground, 0.35);
      show_text (c, _("No data yet"), 0.5 * (c->x0 + c->x1), 0.5 * (c->y0 + c->y1), 0.5, 0.5);
    }

  if (frame_out != NULL)
    {
      frame_out->x0 = c->x0;
      frame_out->y0 = c->y0;
      frame_out->x1 = c->x1;
      frame_out->y1 = c->y1;
      frame_out->xmin = c->xmin;
      frame_out->xmax = c->xmax;
      frame_out->ymin = c->ymin;
      frame_out->ymax = c->ymax;
      frame_out->x_scale = c->xs;
      frame_out->y_scale = c->ys;
    }

  dt_ticks_free (layout.xa.ticks);
  dt_ticks_free (layout.ya.ticks);
  g_object_unref (c->layout);
  g_object_unref (c->pango);
  cairo_restore (cr);
}

/* ----------------------------------------------------- reading values */

static double
frame_map (double  v,
           double  lo,
           double  hi,
           double  d0,
           double  d1,
           DtScale scale)
{
  double t0 = scale_forward (scale, lo);
  double t1 = scale_forward (scale, hi);

  return d0 + (scale_forward (scale, v) - t0) / (t1 - t0) * (d1 - d0);
}

/**
 * dt_plot_pick_x:
 * @plot: a line plot
 * @frame: the frame the last dt_plot_render() of @plot returned
 * @x: a horizontal position in the frame's user units (the pointer)
 *
 * For each visible series, finds the point nearest to @x along the
 * screen's horizontal axis among the points inside the frame's
 * horizontal range: what a readout under the pointer shows.
 *
 * Returns: (transfer full) (element-type DtPlotPoint): one point per
 *   series that has one, in legend order; its strings belong to @plot
 */
GArray *
dt_plot_pick_x (DtPlot            *plot,
                const DtPlotFrame *frame,
                double             x)
{
  GArray *points;
  double left, right;

  g_return_val_if_fail (plot != NULL, NULL);
  g_return_val_if_fail (frame != NULL, NULL);

  points = g_array_new (FALSE, FALSE, sizeof (DtPlotPoint));
  if (plot->kind != DT_PLOT_LINES || !(frame->x1 > frame->x0))
    return points;

  left = frame->x0 - 0.5;
  right = frame->x1 + 0.5;
  for (guint s = 0; s < plot->series->len; s++)
    {
      PlotSeries *ps = g_ptr_array_index (plot->series, s);
      double best = G_MAXDOUBLE;
      guint best_i = G_MAXUINT;
      double best_dx = 0.0;

      if (!ps->visible)
        continue;
      for (guint i = 0; i < ps->n; i++)
        {
          double dx;

          if (!usable (frame->x_scale, ps->x[i]) || !usable (frame->y_scale, ps->y[i]))
            continue;
          dx = frame_map (ps->x[i], frame->xmin, frame->xmax, frame->x0, frame->x1, frame->x_scale);
          if (!(dx >= left && dx <= right))
            continue;
          if (fabs (dx - x) < best)
            {
              best = fabs (dx - x);
              best_i = i;
              best_dx = dx;
            }
        }
      if (best_i != G_MAXUINT)
        {
          DtPlotPoint point = {
            .series_id = ps->id,
            .label = ps->label,
            .index = ps->index,
            .overlay = ps->overlay,
            .x = ps->x[best_i],
            .y = ps->y[best_i],
            .err = ps->err != NULL ? ps->err[best_i] : NAN,
            .device_x = best_dx,
            /* the frame's y0 is the top edge and shows ymax */
            .device_y = frame_map (ps->y[best_i], frame->ymin, frame->ymax,
                                   frame->y1, frame->y0, frame->y_scale),
          };

          g_array_append_val (points, point);
        }
    }

  return points;
}

/* The range of the finite values; FALSE when there are none. */
static gboolean
finite_range (const double *values,
              gsize         n,
              double       *lo,
              double       *hi)
{
  *lo = G_MAXDOUBLE;
  *hi = -G_MAXDOUBLE;
  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      {
        *lo = MIN (*lo, values[i]);
        *hi = MAX (*hi, values[i]);
      }

  return *lo <= *hi;
}

/**
 * dt_plot_describe:
 * @plot: a plot
 *
 * Summarises the plot in words for people who cannot see it: the
 * title, how many series, and for each series the range of its values
 * over the range of the abscissa; for a heat map its size and range.
 *
 * Returns: (transfer full): the summary
 */
char *
dt_plot_describe (DtPlot *plot)
{
  GString *out;
  guint n_visible = 0;
  double lo, hi, xlo, xhi;

  g_return_val_if_fail (plot != NULL, NULL);

  out = g_string_new (NULL);
  if (plot->title[0] != '\0')
    g_string_append_printf (out, "%s: ", plot->title);

  if (plot->kind == DT_PLOT_HEATMAP)
    {
      /* Translators: rows × columns of a heat map */
      g_string_append_printf (out, _("heat map of %u × %u cells"), plot->rows, plot->cols);
      if (finite_range (plot->values, (gsize) plot->rows * plot->cols, &lo, &hi))
        /* Translators: the range of a heat map's values */
        g_string_append_printf (out, _(", values from %.3g to %.3g"), lo, hi);
      else
        g_string_append_printf (out, ", %s", _("no data yet"));
      return g_string_free (out, FALSE);
    }

  for (guint s = 0; s < plot->series->len; s++)
    if (((PlotSeries *) g_ptr_array_index (plot->series, s))->visible)
      n_visible++;

  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u series", "%u series",
                                            plot->series->len),
                          plot->series->len);
  if (n_visible < plot->series->len)
    /* Translators: how many of the series are not hidden */
    g_string_append_printf (out, _(" (%u shown)"), n_visible);

  for (guint s = 0; s < plot->series->len; s++)
    {
      PlotSeries *ps = g_ptr_array_index (plot->series, s);

      g_string_append (out, s == 0 ? ", " : "; ");
      if (!finite_range (ps->y, ps->n, &lo, &hi) || !finite_range (ps->x, ps->n, &xlo, &xhi))
        /* Translators: a series without points yet */
        g_string_append_printf (out, _("%s without data"), ps->label);
      else
        /* Translators: "Risk from 0.08 to 0.58 over random features p 4–4000" */
        g_string_append_printf (out, _("%s from %.3g to %.3g over %s %.3g–%.3g"),
                                ps->label, lo, hi, plot->x_label[0] != '\0' ? plot->x_label : "x",
                                xlo, xhi);
    }

  return g_string_free (out, FALSE);
}
