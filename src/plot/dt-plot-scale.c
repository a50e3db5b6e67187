/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Axis scales: the linear, log and symlog transforms, which values a
 * scale can show, and the visible ranges of a line plot fitted to its
 * data. */
#define G_LOG_DOMAIN "descent-plot"

#include "config.h"

#include <math.h>

#include "dt-plot-private.h"
#include "dt-plot-scale.h"

/* Relative padding of a data range on each side. */
#define RANGE_PADDING     0.04

/**
 * dt_plot_symlog:
 * @v: a value in data units
 *
 * The transform of a symlog axis, sign(@v)·log10(1 + |@v|): odd,
 * continuous, close to linear near 0 and logarithmic far from it. The
 * renderer, the ticks and the plot view all use this one definition.
 *
 * Returns: @v in the axis' own space
 */
double
dt_plot_symlog (double v)
{
  return v < 0.0 ? -log10 (1.0 - v) : log10 (1.0 + v);
}

/**
 * dt_plot_symlog_inverse:
 * @t: a position in the space of a symlog axis
 *
 * The inverse of dt_plot_symlog().
 *
 * Returns: the value in data units
 */
double
dt_plot_symlog_inverse (double t)
{
  return t < 0.0 ? 1.0 - pow (10.0, -t) : pow (10.0, t) - 1.0;
}

/**
 * dt_plot_scale_forward:
 * @scale: an axis scale
 * @v: a value in data units
 *
 * Returns: @v in the scale's own space, where the axis is linear; NaN
 *   for a value a log axis cannot show
 */
double
dt_plot_scale_forward (DtScale scale,
                       double  v)
{
  switch (scale)
    {
    case DT_SCALE_LOG:
      return v > 0.0 ? log10 (v) : NAN;
    case DT_SCALE_SYMLOG:
      return dt_plot_symlog (v);
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
      return dt_plot_symlog_inverse (t);
    case DT_SCALE_LINEAR:
    default:
      return t;
    }
}

/**
 * dt_plot_scale_usable:
 * @scale: an axis scale
 * @v: a value in data units
 *
 * Returns: %TRUE if @v is finite and the scale can show it
 */
gboolean
dt_plot_scale_usable (DtScale scale,
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
  if (!dt_plot_scale_usable (scale, v))
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

gboolean
dt_plot_point_usable (DtPlot     *plot,
                      PlotSeries *ps,
                      guint       i)
{
  return dt_plot_scale_usable (plot->x_scale, ps->x[i])
         && dt_plot_scale_usable (plot->y_scale, ps->y[i]);
}

gboolean
dt_plot_has_any_data (DtPlot *plot)
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
  double tlo = dt_plot_scale_forward (scale, *lo);
  double thi = dt_plot_scale_forward (scale, *hi);
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
void
dt_plot_compute_ranges (DtPlot *plot,
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
          if (!dt_plot_point_usable (plot, ps, i))
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
