/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drawing on the render context: data to device mapping, colours, pixel
 * snapping and text, and the series themselves, lines (clipped, and
 * reduced when dense), markers, error bands and error bars, with the
 * reference lines under them. */
#define G_LOG_DOMAIN "descent-plot"

#include "config.h"

#include <math.h>

#include "dt-plot-private.h"
#include "dt-plot-scale.h"

/* Series with more points than this are drawn without markers. */
#define MAX_MARKED_POINTS 200
/* Dense lines carry this many markers, spread along them, so that their
 * shape still tells them apart in grey and in print. */
#define SPARSE_MARKERS    10

double
dt_plot_map_x (const Ctx *c,
               double     v)
{
  return c->x0 + (dt_plot_scale_forward (c->xs, v) - c->tx0) / (c->tx1 - c->tx0) * (c->x1 - c->x0);
}

double
dt_plot_map_y (const Ctx *c,
               double     v)
{
  return c->y1 - (dt_plot_scale_forward (c->ys, v) - c->ty0) / (c->ty1 - c->ty0) * (c->y1 - c->y0);
}

void
dt_plot_set_color (cairo_t       *cr,
                   const DtColor *color,
                   double         alpha)
{
  cairo_set_source_rgba (cr, color->r, color->g, color->b, color->a * alpha);
}

/* Moves a coordinate of a horizontal or vertical line of the given width
 * onto the device pixel grid, so thin lines stay crisp on images. */
double
dt_plot_snap (cairo_t  *cr,
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

void
dt_plot_set_font (Ctx      *c,
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

void
dt_plot_set_text (Ctx        *c,
                  const char *text,
                  double      max_width)
{
  pango_layout_set_text (c->layout, text, -1);
  /* what a legend entry may have set (dt-plot-layout.c) */
  pango_layout_set_attributes (c->layout, NULL);
  pango_layout_set_height (c->layout, -1);
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

void
dt_plot_text_size (Ctx    *c,
                   double *w,
                   double *h)
{
  PangoRectangle logical;

  pango_layout_get_extents (c->layout, NULL, &logical);
  *w = (double) logical.width / PANGO_SCALE;
  *h = (double) logical.height / PANGO_SCALE;
}

void
dt_plot_measure (Ctx        *c,
                 const char *text,
                 double     *w,
                 double     *h)
{
  dt_plot_set_text (c, text, -1);
  dt_plot_text_size (c, w, h);
}

/* Draws the current layout so that the point at fractions (ax, ay) of
 * its logical box lands on (x, y). */
void
dt_plot_show_layout (Ctx    *c,
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

void
dt_plot_show_text (Ctx        *c,
                   const char *text,
                   double      x,
                   double      y,
                   double      ax,
                   double      ay)
{
  dt_plot_set_text (c, text, -1);
  dt_plot_show_layout (c, x, y, ax, ay);
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
gboolean
dt_plot_clip_segment (const Rect *box,
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

gboolean
dt_plot_rect_contains (const Rect *r,
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
      st->pen_down = dt_plot_rect_contains (&st->box, x, y);
      if (st->pen_down)
        cairo_move_to (st->cr, x, y);
    }
  else if (!dt_plot_clip_segment (&st->box, st->px, st->py, x, y, &t0, &t1))
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
      gboolean usable = i < ps->n && dt_plot_point_usable (plot, ps, i);
      double x = usable ? dt_plot_map_x (c, ps->x[i]) : 0.0;
      double y = usable ? dt_plot_map_y (c, ps->y[i]) : 0.0;
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

      if (!dt_plot_point_usable (plot, ps, i))
        {
          if (reduce)
            reducer_break (&reducer);
          else
            path_break (&st);
          continue;
        }
      x = dt_plot_map_x (c, ps->x[i]);
      y = dt_plot_map_y (c, ps->y[i]);
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
double
dt_plot_band_alpha (const Ctx *c)
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
      gboolean ok = i < ps->n && dt_plot_point_usable (plot, ps, i) && isfinite (ps->err[i]);

      if (ok)
        {
          double e = fabs (ps->err[i]);
          double x = clamp_coord (dt_plot_map_x (c, ps->x[i]), box.x, box.x + box.w);
          double yu = clamp_coord (dt_plot_map_y (c, ps->y[i] + e), box.y, below);
          double yl = ps->y[i] - e;

          yl = dt_plot_scale_usable (c->ys, yl)
               ? clamp_coord (dt_plot_map_y (c, yl), box.y, below)
               : below;

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

  dt_plot_set_color (cr, color, dt_plot_band_alpha (c));
  cairo_fill (cr);

  g_array_unref (xs);
  g_array_unref (up);
  g_array_unref (lo);
}

/* The marker shape of series @index: the eight shapes in the order of the
 * eight colours, shifted by one in each further round of the palette, so
 * that no two of the first 64 series share both colour and shape. */
guint
dt_plot_marker_shape (guint index)
{
  return (index + index / 8) % 8;
}

/* Adds one marker outline to the path, of the shape of series @index.
 * Shapes differ by series so that series stay distinguishable in print
 * and in grey. Sizes are chosen so that the shapes look about equally
 * heavy. */
void
dt_plot_marker_path (cairo_t *cr,
                     guint    index,
                     double   x,
                     double   y,
                     double   r)
{
  guint shape = dt_plot_marker_shape (index);

  switch (shape)
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
        double d = (shape == 2) ? -1.0 : 1.0;

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
        guint k = (shape == 5) ? 5 : 6;

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

double
dt_plot_marker_radius (const Ctx     *c,
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

      if (!dt_plot_point_usable (plot, ps, i) || !isfinite (ps->err[i]))
        continue;
      e = fabs (ps->err[i]);
      x = dt_plot_map_x (c, ps->x[i]);
      if (x < c->x0 - cap || x > c->x1 + cap)
        continue;
      yu = clamp_coord (dt_plot_map_y (c, ps->y[i] + e), box.y, box.y + box.h);
      yl = dt_plot_scale_usable (c->ys, ps->y[i] - e)
           ? clamp_coord (dt_plot_map_y (c, ps->y[i] - e), box.y, box.y + box.h)
           : box.y + box.h;
      cairo_move_to (cr, x, yu);
      cairo_line_to (cr, x, yl);
      cairo_move_to (cr, x - cap, yu);
      cairo_line_to (cr, x + cap, yu);
      cairo_move_to (cr, x - cap, yl);
      cairo_line_to (cr, x + cap, yl);
    }
  dt_plot_set_color (cr, color, 0.75);
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
void
dt_plot_fill_marker (const Ctx        *c,
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

void
dt_plot_set_series_line (const Ctx        *c,
                         const PlotSeries *ps)
{
  DtSeriesStyle style = ps->style;

  cairo_set_line_cap (c->cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (c->cr, CAIRO_LINE_JOIN_ROUND);
  if (ps->overlay > 0)
    set_overlay_dash (c, ps->overlay);
  else if (style == DT_STYLE_DASHED)
    {
      /* Dashed series carry no markers: each round of the palette gets
       * its own dash. */
      double dash[2] = { (ps->index / 8 % 2 == 0 ? 5.0 : 1.8) * c->s, 3.2 * c->s };

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
DtColor
dt_plot_series_color (const Ctx *c,
                      guint      index)
{
  DtColor color = dt_plot_palette (index);

  if (color.r == 0 && color.g == 0 && color.b == 0)
    color = c->theme->foreground;
  return color;
}

/* Markers at every point of a short series, at a few points of a dense
 * solid line; dashed references carry none. */
gboolean
dt_plot_has_markers (const PlotSeries *ps)
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
  DtColor color = dt_plot_series_color (c, ps->index);

  if (ps->err != NULL && ps->style != DT_STYLE_MARKERS)
    draw_band (c, plot, ps, &color);
  else if (ps->err != NULL)
    draw_error_bars (c, plot, ps, &color);

  if (ps->style != DT_STYLE_MARKERS)
    {
      dt_plot_set_series_line (c, ps);
      dt_plot_set_color (cr, &color, 1.0);
      stroke_line (c, plot, ps);
    }

  if (dt_plot_has_markers (ps))
    {
      double r = dt_plot_marker_radius (c, ps->style);
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

          if (!dt_plot_point_usable (plot, ps, i))
            continue;
          x = dt_plot_map_x (c, ps->x[i]);
          y = dt_plot_map_y (c, ps->y[i]);
          if (x < c->x0 - r || x > c->x1 + r || y < c->y0 - r || y > c->y1 + r)
            continue;
          dt_plot_marker_path (cr, ps->index, x, y, r);
        }
      dt_plot_set_color (cr, &color, 1.0);
      dt_plot_fill_marker (c, ps);
    }
}

void
dt_plot_draw_background (Ctx    *c,
                         double  width,
                         double  height)
{
  if (c->theme->background.a <= 0.0)
    return;

  cairo_rectangle (c->cr, 0, 0, width, height);
  dt_plot_set_color (c->cr, &c->theme->background, 1.0);
  cairo_fill (c->cr);
}

/* Reference lines and series, clipped to the data area. */
void
dt_plot_draw_data (Ctx    *c,
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
  dt_plot_set_color (cr, &c->theme->foreground, 0.45);
  for (guint i = 0; i < plot->vlines->len; i++)
    {
      double v = g_array_index (plot->vlines, double, i);
      double x;

      if (!dt_plot_scale_usable (c->xs, v))
        continue;
      x = dt_plot_map_x (c, v);
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
