/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading values back from a rendered plot: the legend entry or heat-map
 * cell under the pointer, the nearest points for a read-out, and a
 * summary in words. */
#define G_LOG_DOMAIN "descent-plot"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "dt-plot-private.h"
#include "dt-plot-scale.h"

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

static double
frame_map (double  v,
           double  lo,
           double  hi,
           double  d0,
           double  d1,
           DtScale scale)
{
  double t0 = dt_plot_scale_forward (scale, lo);
  double t1 = dt_plot_scale_forward (scale, hi);

  return d0 + (dt_plot_scale_forward (scale, v) - t0) / (t1 - t0) * (d1 - d0);
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

          if (!dt_plot_scale_usable (frame->x_scale, ps->x[i])
              || !dt_plot_scale_usable (frame->y_scale, ps->y[i]))
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
