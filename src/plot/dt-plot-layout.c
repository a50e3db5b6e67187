/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The layout of a line plot and dt_plot_render(): ticks and margins,
 * grid, axes, tick labels, titles, reference-line labels, the legend and
 * the notes, placed where they hide least of the data. */
#define G_LOG_DOMAIN "descent-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dt-plot-private.h"
#include "dt-plot-scale.h"
#include "dt-ticks.h"

/* More legend entries than this move the legend outside the axes. */
#define MAX_INSIDE_LEGEND 6

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

      dt_plot_measure (c, axis->ticks->labels[i], &w, &h);
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

/* Lines a legend entry may take before its end is cut. */
#define MAX_LEGEND_LINES 3

typedef struct
{
  PlotSeries *series[64];
  double      entry_y[64]; /* of each entry's top, from the box's top */
  double      entry_h[64];
  gboolean    split[64];   /* the run on a line of its own */
  guint       n;
  double      w, h;       /* box size */
  double      row_h;      /* of a one-line entry */
  double      line_h;     /* of a line of text */
  double      sample_w;
  double      text_w;     /* widest line */
  double      pad;
  gboolean    outside;
} Legend;

static gboolean
legend_fits (Ctx        *c,
             PlotSeries *ps,
             double      max_text_w)
{
  double w, h;

  dt_plot_set_text (c, ps->label, -1);
  dt_plot_text_size (c, &w, &h);

  return w <= max_text_w;
}

/* Sets an entry's text in c->layout: on one line when it fits in
 * @max_text_w; else, or when the other entries of its run are @split,
 * the run on a line of its own; what is still too wide wraps (at its
 * dashes, rather than lose the end that tells two runs apart), and is cut
 * only beyond MAX_LEGEND_LINES lines. */
static void
legend_set_text (Ctx        *c,
                 DtPlot     *plot,
                 PlotSeries *ps,
                 gboolean    split,
                 double      max_text_w)
{
  const char *run = dt_plot_series_run (plot, ps);
  PangoAttrList *attributes;

  if (legend_fits (c, ps, max_text_w) && !split)
    return;

  if (run != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s \u2014\n%s", ps->name, run);

      pango_layout_set_text (c->layout, text, -1);
    }
  attributes = pango_attr_list_new ();
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  pango_layout_set_attributes (c->layout, attributes);
  pango_attr_list_unref (attributes);
  pango_layout_set_width (c->layout, (int) (max_text_w * PANGO_SCALE));
  pango_layout_set_wrap (c->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (c->layout, -MAX_LEGEND_LINES);
  pango_layout_set_ellipsize (c->layout, PANGO_ELLIPSIZE_END);
}

static void
legend_measure (Ctx    *c,
                DtPlot *plot,
                Legend *lg,
                double  max_text_w)
{
  double w, y;

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

  dt_plot_set_font (c, 0.85, FALSE);
  lg->outside = lg->n > MAX_INSIDE_LEGEND;
  lg->pad = 5.0 * c->s;
  lg->sample_w = 2.2 * c->font_px;
  dt_plot_measure (c, "Ag", &w, &lg->line_h);
  lg->row_h = MAX (lg->line_h * 1.15, 2.6 * dt_plot_marker_radius (c, DT_STYLE_MARKERS));

  /* the entries of a run alike: all with the run on a line of its own
   * if one needs it */
  for (guint i = 0; i < lg->n; i++)
    if (!legend_fits (c, lg->series[i], max_text_w))
      for (guint j = 0; j < lg->n; j++)
        lg->split[j] |= lg->series[j]->overlay == lg->series[i]->overlay;

  /* a wrapped entry grows by its extra lines; its sample stays beside
   * the first */
  y = lg->pad;
  for (guint i = 0; i < lg->n; i++)
    {
      double h;

      legend_set_text (c, plot, lg->series[i], lg->split[i], max_text_w);
      dt_plot_text_size (c, &w, &h);
      lg->text_w = MAX (lg->text_w, w);
      lg->entry_y[i] = y;
      lg->entry_h[i] = lg->row_h + MAX (h - lg->line_h, 0.0);
      y += lg->entry_h[i];
    }
  lg->w = 2 * lg->pad + lg->sample_w + 0.6 * c->font_px + lg->text_w;
  lg->h = y + lg->pad;
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
  dt_plot_set_color (cr, &c->theme->background, 0.88);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 0.8 * c->s);
  dt_plot_set_color (cr, &c->theme->foreground, 0.25);
  cairo_stroke (cr);

  dt_plot_set_font (c, 0.85, FALSE);
  for (guint i = 0; i < lg->n; i++)
    {
      PlotSeries *ps = lg->series[i];
      DtColor color = dt_plot_series_color (c, ps->index);
      double top = y + lg->entry_y[i];
      double cy = top + 0.5 * lg->row_h;
      double text_y = cy - 0.5 * lg->line_h;
      LegendHit hit = { x, top, lg->w, lg->entry_h[i], 0, 1, FALSE };
      double text_alpha = 1.0;

      for (guint k = 0; k < plot->series->len; k++)
        if (g_ptr_array_index (plot->series, k) == ps)
          hit.series = k;

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
          dt_plot_set_color (cr, &color, dt_plot_band_alpha (c));
          cairo_fill (cr);
        }
      if (ps->style != DT_STYLE_MARKERS)
        {
          cairo_move_to (cr, line_x0, cy);
          cairo_line_to (cr, line_x1, cy);
          dt_plot_set_series_line (c, ps);
          dt_plot_set_color (cr, &color, 1.0);
          cairo_stroke (cr);
        }
      if (dt_plot_has_markers (ps))
        {
          dt_plot_marker_path (cr, ps->index, 0.5 * (line_x0 + line_x1), cy,
                               dt_plot_marker_radius (c, ps->style));
          dt_plot_set_color (cr, &color, 1.0);
          dt_plot_fill_marker (c, ps);
        }
      else if (ps->style == DT_STYLE_MARKERS)
        {
          cairo_arc (cr, 0.5 * (line_x0 + line_x1), cy, 0.6 * dt_plot_marker_radius (c, ps->style),
                     0, 2 * G_PI);
          dt_plot_set_color (cr, &color, 1.0);
          cairo_fill (cr);
        }

      dt_plot_set_color (cr, &c->theme->foreground, text_alpha);
      legend_set_text (c, plot, ps, lg->split[i], max_text_w);
      hit.lines = (guint) pango_layout_get_line_count (c->layout);
      hit.ellipsized = pango_layout_is_ellipsized (c->layout);
      g_array_append_val (plot->legend_hits, hit);
      dt_plot_show_layout (c, line_x1 + 0.6 * c->font_px, text_y, 0.0, 0.0);
      if (!ps->visible)
        {
          PangoLayoutIter *iter = pango_layout_get_iter (c->layout);
          double tx = line_x1 + 0.6 * c->font_px;

          /* struck through, so "hidden" does not rest on the grey alone */
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_set_line_width (cr, 0.8 * c->s);
          do
            {
              PangoRectangle line;

              pango_layout_iter_get_line_extents (iter, NULL, &line);
              cairo_move_to (cr, tx + (double) line.x / PANGO_SCALE,
                             text_y + ((double) line.y + 0.5 * line.height) / PANGO_SCALE);
              cairo_rel_line_to (cr, (double) line.width / PANGO_SCALE, 0);
            }
          while (pango_layout_iter_next_line (iter));
          pango_layout_iter_free (iter);
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

          if (!dt_plot_point_usable (plot, ps, i))
            {
              has_prev = FALSE;
              continue;
            }
          x = dt_plot_map_x (c, ps->x[i]);
          y = dt_plot_map_y (c, ps->y[i]);
          if (ps->style == DT_STYLE_MARKERS || !has_prev)
            {
              if (dt_plot_rect_contains (r, x, y))
                cost += 1.0;
            }
          else if (dt_plot_clip_segment (r, px, py, x, y, &t0, &t1))
            {
              cost += 1.0;
            }
          if (ps->err != NULL && isfinite (ps->err[i]))
            {
              double yu = dt_plot_map_y (c, ps->y[i] + fabs (ps->err[i]));

              if (dt_plot_rect_contains (r, x, yu))
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
        {
          cand[n++] = (Rect) { ax, ay, w, h };
        }
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

  dt_plot_set_font (c, 0.9, FALSE);
  dt_plot_measure (c, "0123456789", &w, &L->line_h);
  if (plot->title[0] != '\0')
    {
      dt_plot_set_font (c, 1.1, TRUE);
      dt_plot_measure (c, plot->title, &w, &L->title_h);
    }
  dt_plot_set_font (c, 1.0, FALSE);
  if (plot->x_label[0] != '\0')
    dt_plot_measure (c, plot->x_label, &w, &L->xlabel_h);
  if (plot->y_label[0] != '\0')
    dt_plot_measure (c, plot->y_label, &w, &L->ylabel_h);

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
  dt_plot_set_font (c, 0.9, FALSE);
  for (guint pass = 0; pass < 2; pass++)
    {
      make_y_axis (c, &L->ya, c->y1 - c->y0, L->line_h);
      c->x0 = left + L->ya.label_w;
      c->x1 = MAX (width - right, c->x0 + 1.0);
      make_x_axis (c, &L->xa, c->x1 - c->x0);

      if (L->xa.ticks->n > 0 && !(L->legend.n > 0 && L->legend.outside))
        {
          guint last = L->xa.ticks->n - 1;
          double x = dt_plot_map_x (c, L->xa.ticks->values[last]), lw, lh;
          double overhang;

          dt_plot_measure (c, L->xa.ticks->labels[last], &lw, &lh);
          overhang = x + 0.5 * lw + 0.5 * L->pad - width;
          if (overhang > 0)
            right += overhang;
        }
    }
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
  dt_plot_set_color (cr, &c->theme->grid, 1.0);
  for (guint i = 0; i < L->xa.ticks->n; i++)
    {
      double x = dt_plot_snap (cr, dt_plot_map_x (c, L->xa.ticks->values[i]), TRUE, lw);

      cairo_move_to (cr, x, c->y0);
      cairo_line_to (cr, x, c->y1);
    }
  for (guint i = 0; i < L->ya.ticks->n; i++)
    {
      double y = dt_plot_snap (cr, dt_plot_map_y (c, L->ya.ticks->values[i]), FALSE, lw);

      cairo_move_to (cr, c->x0, y);
      cairo_line_to (cr, c->x1, y);
    }
  cairo_stroke (cr);
}

/* The axes box with outward ticks on the left and at the bottom. */
static void
draw_axes (Ctx    *c,
           Layout *L)
{
  cairo_t *cr = c->cr;
  double aw = 0.9 * c->s;
  double bx0 = dt_plot_snap (cr, c->x0, TRUE, aw), bx1 = dt_plot_snap (cr, c->x1, TRUE, aw);
  double by0 = dt_plot_snap (cr, c->y0, FALSE, aw), by1 = dt_plot_snap (cr, c->y1, FALSE, aw);
  const DtTicks *xt = L->xa.ticks, *yt = L->ya.ticks;
  double minor_len = 0.55 * L->tick_len;

  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, aw);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  dt_plot_set_color (cr, &c->theme->foreground, 0.85);
  cairo_rectangle (cr, bx0, by0, bx1 - bx0, by1 - by0);
  cairo_stroke (cr);

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  for (guint i = 0; i < xt->n + xt->n_minor; i++)
    {
      gboolean major = i < xt->n;
      double x = dt_plot_snap (cr, dt_plot_map_x (c, major ? xt->values[i] : xt->minor[i - xt->n]),
                               TRUE, aw);

      cairo_move_to (cr, x, by1);
      cairo_line_to (cr, x, by1 + (major ? L->tick_len : minor_len));
    }
  for (guint i = 0; i < yt->n + yt->n_minor; i++)
    {
      gboolean major = i < yt->n;
      double y = dt_plot_snap (cr, dt_plot_map_y (c, major ? yt->values[i] : yt->minor[i - yt->n]),
                               FALSE, aw);

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

  dt_plot_set_color (c->cr, &c->theme->foreground, 1.0);
  dt_plot_set_font (c, 0.9, FALSE);
  for (guint i = 0; i < L->xa.ticks->n; i++)
    {
      double x = dt_plot_map_x (c, L->xa.ticks->values[i]), lw, lh;

      dt_plot_measure (c, L->xa.ticks->labels[i], &lw, &lh);
      if (x - 0.5 * lw < last_right + min_gap)
        continue;
      dt_plot_show_layout (c, x, c->y1 + L->tick_len + L->tick_gap, 0.5, 0.0);
      last_right = x + 0.5 * lw;
    }
  for (guint i = 0; i < L->ya.ticks->n; i++)
    {
      double y = dt_plot_map_y (c, L->ya.ticks->values[i]), lw, lh;

      dt_plot_measure (c, L->ya.ticks->labels[i], &lw, &lh);
      if (y + 0.5 * lh > last_top - 0.25 * min_gap)
        continue;
      dt_plot_show_layout (c, c->x0 - L->tick_len - L->tick_gap, y, 1.0, 0.5);
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

  dt_plot_set_color (cr, &c->theme->foreground, 1.0);
  dt_plot_set_font (c, 1.0, FALSE);
  if (L->xlabel_h > 0)
    {
      dt_plot_set_text (c, plot->x_label, c->x1 - c->x0);
      dt_plot_show_layout (c, 0.5 * (c->x0 + c->x1),
                           c->y1 + L->tick_len + L->tick_gap + L->line_h + L->label_gap, 0.5, 0.0);
    }
  if (L->ylabel_h > 0)
    {
      cairo_save (cr);
      cairo_translate (cr, L->pad, 0.5 * (c->y0 + c->y1));
      cairo_rotate (cr, -G_PI / 2);
      dt_plot_set_text (c, plot->y_label, c->y1 - c->y0);
      dt_plot_show_layout (c, 0.0, 0.0, 0.5, 0.0);
      cairo_restore (cr);
    }
  if (L->title_h > 0)
    {
      double tw, th, cx;

      /* centred over the data area, but never pushed off the figure */
      dt_plot_set_font (c, 1.1, TRUE);
      dt_plot_set_text (c, plot->title, MAX (width - 2 * L->pad, 1.0));
      dt_plot_text_size (c, &tw, &th);
      cx = 0.5 * (c->x0 + c->x1);
      cx = MAX (cx, L->pad + 0.5 * tw);
      cx = MIN (cx, width - L->pad - 0.5 * tw);
      dt_plot_show_layout (c, cx, L->pad, 0.5, 0.0);
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

  dt_plot_set_font (c, 0.8, FALSE);
  for (guint i = 0; i < plot->vlines->len; i++)
    {
      const char *label = g_ptr_array_index (plot->vline_labels, i);
      double v = g_array_index (plot->vlines, double, i);
      double x, lw, lh;
      gboolean moved;
      Rect r;

      if (label[0] == '\0' || !dt_plot_scale_usable (c->xs, v))
        continue;
      x = dt_plot_map_x (c, v);
      if (x < c->x0 || x > c->x1)
        continue;

      dt_plot_set_text (c, label, 0.45 * (c->x1 - c->x0));
      dt_plot_text_size (c, &lw, &lh);
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
      dt_plot_set_color (cr, &c->theme->background, 0.8);
      cairo_fill (cr);
      dt_plot_set_color (cr, &c->theme->foreground, 0.75);
      dt_plot_show_layout (c, r.x + gap, r.y, 0.0, 0.0);
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
    {
      r = (Rect) { c->x1 + 2.0 * L->label_gap, c->y0, lg->w, lg->h };
    }
  else
    {
      r = best_place (c, plot, lg->w, lg->h, placed->rects, placed->n, NULL,
                      plot->keep_legend ? plot->legend_place : -1, &plot->legend_place);
    }
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
  dt_plot_set_font (c, 0.85, FALSE);
  dt_plot_set_text (c, text->str, 0.5 * (c->x1 - c->x0));
  /* a long note (a run not drawn, and why) wraps rather than loses its end */
  pango_layout_set_ellipsize (c->layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_wrap (c->layout, PANGO_WRAP_WORD_CHAR);
  dt_plot_text_size (c, &nw, &nh);
  r = best_place (c, plot, nw + 2 * npad, nh + 2 * npad, placed->rects, placed->n, legend, -1, NULL);

  cairo_rectangle (c->cr, r.x, r.y, r.w, r.h);
  dt_plot_set_color (c->cr, &c->theme->background, 0.8);
  cairo_fill (c->cr);
  dt_plot_set_color (c->cr, &c->theme->foreground, 0.85);
  dt_plot_show_layout (c, r.x + npad, r.y + npad, 0.0, 0.0);
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
      dt_plot_render_heatmap (plot, c, width, height, frame_out);
      g_object_unref (c->layout);
      g_object_unref (c->pango);
      cairo_restore (cr);
      return;
    }

  c->xs = plot->x_scale;
  c->ys = plot->y_scale;
  dt_plot_compute_ranges (plot, &c->xmin, &c->xmax, &c->ymin, &c->ymax);
  c->tx0 = dt_plot_scale_forward (c->xs, c->xmin);
  c->tx1 = dt_plot_scale_forward (c->xs, c->xmax);
  c->ty0 = dt_plot_scale_forward (c->ys, c->ymin);
  c->ty1 = dt_plot_scale_forward (c->ys, c->ymax);

  layout_figure (c, plot, &layout, width, height);

  dt_plot_draw_background (c, width, height);
  draw_grid (c, &layout);
  dt_plot_draw_data (c, plot);
  draw_axes (c, &layout);
  draw_tick_labels (c, &layout);
  draw_titles (c, plot, &layout, width);
  draw_vline_labels (c, plot, &placed);
  legend_inside = place_legend (c, plot, &layout, &placed, &legend_rect);
  draw_notes (c, plot, &placed, legend_inside ? &legend_rect : NULL);

  if (!dt_plot_has_any_data (plot))
    {
      dt_plot_set_font (c, 1.2, FALSE);
      dt_plot_set_color (cr, &theme->foreground, 0.35);
      dt_plot_show_text (c, _("No data yet"), 0.5 * (c->x0 + c->x1), 0.5 * (c->y0 + c->y1),
                         0.5, 0.5);
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
