/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Heat maps: the cells as an image, index ticks, and the colour scale,
 * a viridis colour bar or, for a 0/1 mask, a kept / pruned legend. */
#define G_LOG_DOMAIN "descent-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dt-plot-private.h"
#include "dt-ticks.h"

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

  dt_plot_set_font (c, 0.9, FALSE);
  if (st->binary)
    {
      double share = st->n_finite > 0 ? 100.0 * st->n_ones / st->n_finite : 0.0;

      side->kept = g_strdup_printf (_("kept (%.1f %%)"), share);
      side->pruned = g_strdup_printf (_("pruned (%.1f %%)"), 100.0 - share);
      side->swatch = 1.1 * c->font_px;
      side->row_h = 1.6 * c->font_px;
      dt_plot_measure (c, side->kept, &w, &h);
      side->label_w = w;
      dt_plot_measure (c, side->pruned, &w, &h);
      side->label_w = MAX (side->label_w, w);
      side->w = side->swatch + 0.6 * c->font_px + side->label_w;
      return;
    }

  side->bar_w = 1.1 * c->font_px;
  side->ticks = dt_ticks_linear (st->vmin, st->vmax,
                                 (guint) CLAMP (bar_h / (2.6 * line_h), 2.0, 8.0));
  for (guint i = 0; i < side->ticks->n; i++)
    {
      dt_plot_measure (c, side->ticks->labels[i], &w, &h);
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

  dt_plot_set_font (c, 0.9, FALSE);
  if (st->binary)
    {
      DtColor kept, pruned;
      const char *texts[2] = { side->kept, side->pruned };

      mask_colors (c->theme, &kept, &pruned);
      for (guint i = 0; i < 2; i++)
        {
          double cy = y0 + (i + 0.5) * side->row_h;

          cairo_rectangle (cr, x, cy - 0.5 * side->swatch, side->swatch, side->swatch);
          dt_plot_set_color (cr, i == 0 ? &kept : &pruned, 1.0);
          cairo_fill_preserve (cr);
          cairo_set_line_width (cr, aw);
          dt_plot_set_color (cr, &c->theme->foreground, 0.5);
          cairo_stroke (cr);
          dt_plot_set_color (cr, &c->theme->foreground, 1.0);
          dt_plot_set_text (c, texts[i], -1);
          dt_plot_show_layout (c, x + side->swatch + 0.6 * c->font_px, cy, 0.0, 0.5);
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
    dt_plot_set_color (cr, &c->theme->foreground, 0.85);
    cairo_rectangle (cr, dt_plot_snap (cr, x, TRUE, aw), dt_plot_snap (cr, y0, FALSE, aw),
                     side->bar_w, y1 - y0);
    cairo_stroke (cr);

    for (guint i = 0; i < side->ticks->n; i++)
      {
        double v = side->ticks->values[i];
        double ty = y1 - (v - st->vmin) / (st->vmax - st->vmin) * (y1 - y0);
        double lw, lh;

        if (ty < y0 - 0.5 || ty > y1 + 0.5)
          continue;
        ty = dt_plot_snap (cr, ty, FALSE, aw);
        cairo_move_to (cr, x + side->bar_w, ty);
        cairo_line_to (cr, x + side->bar_w + tick_len, ty);
        cairo_stroke (cr);

        dt_plot_measure (c, side->ticks->labels[i], &lw, &lh);
        if (ty + 0.5 * lh > last_top)
          continue;
        dt_plot_show_layout (c, x + side->bar_w + tick_len + tick_gap, ty, 0.0, 0.5);
        last_top = ty - 0.5 * lh;
      }
  }
}

/* A heat map: cells (row 0 at the top), index ticks on the left and at
 * the bottom, the axis labels, the title, and the colour bar or the mask
 * legend on the right. The frame maps x to columns and y to rows. */
void
dt_plot_render_heatmap (DtPlot      *plot,
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

  dt_plot_set_font (c, 0.9, FALSE);
  dt_plot_measure (c, "0123456789", &w, &line_h);
  dt_plot_measure (c, last_row, &row_label_w, &lh);
  if (plot->title[0] != '\0')
    {
      dt_plot_set_font (c, 1.1, TRUE);
      dt_plot_measure (c, plot->title, &w, &title_h);
    }
  dt_plot_set_font (c, 1.0, FALSE);
  if (plot->x_label[0] != '\0')
    dt_plot_measure (c, plot->x_label, &w, &xlabel_h);
  if (plot->y_label[0] != '\0')
    dt_plot_measure (c, plot->y_label, &w, &ylabel_h);

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

  dt_plot_draw_background (c, width, height);

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
  dt_plot_set_color (cr, &c->theme->foreground, 0.85);
  cairo_rectangle (cr, dt_plot_snap (cr, x0, TRUE, aw), dt_plot_snap (cr, y0, FALSE, aw),
                   dt_plot_snap (cr, x1, TRUE, aw) - dt_plot_snap (cr, x0, TRUE, aw),
                   dt_plot_snap (cr, y1, FALSE, aw) - dt_plot_snap (cr, y0, FALSE, aw));
  cairo_stroke (cr);

  dt_plot_set_font (c, 0.9, FALSE);
  {
    double label_w;

    dt_plot_measure (c, last_row, &label_w, &lh);
    step = index_step (plot->cols, (guint) CLAMP ((x1 - x0) / (MAX (label_w, row_label_w) + 1.5 * c->font_px), 1.0, 8.0));
  }
  for (guint k = 0; k < plot->cols; k += step)
    {
      g_autofree char *label = g_strdup_printf ("%u", k);
      double x = dt_plot_snap (cr, x0 + (k + 0.5) * cell_w, TRUE, aw);

      dt_plot_set_color (cr, &c->theme->foreground, 0.85);
      cairo_move_to (cr, x, y1);
      cairo_line_to (cr, x, y1 + tick_len);
      cairo_stroke (cr);
      dt_plot_set_color (cr, &c->theme->foreground, 1.0);
      dt_plot_show_text (c, label, x, y1 + tick_len + tick_gap, 0.5, 0.0);
      if (step == G_MAXUINT || k > G_MAXUINT - step)
        break;
    }
  step = index_step (plot->rows, (guint) CLAMP ((y1 - y0) / (2.6 * line_h), 1.0, 8.0));
  for (guint r = 0; r < plot->rows; r += step)
    {
      g_autofree char *label = g_strdup_printf ("%u", r);
      double y = dt_plot_snap (cr, y0 + (r + 0.5) * cell_h, FALSE, aw);

      dt_plot_set_color (cr, &c->theme->foreground, 0.85);
      cairo_move_to (cr, x0, y);
      cairo_line_to (cr, x0 - tick_len, y);
      cairo_stroke (cr);
      dt_plot_set_color (cr, &c->theme->foreground, 1.0);
      dt_plot_show_text (c, label, x0 - tick_len - tick_gap, y, 1.0, 0.5);
      if (step == G_MAXUINT || r > G_MAXUINT - step)
        break;
    }

  /* axis labels and title, as on line plots */
  dt_plot_set_color (cr, &c->theme->foreground, 1.0);
  dt_plot_set_font (c, 1.0, FALSE);
  if (xlabel_h > 0)
    {
      dt_plot_set_text (c, plot->x_label, MAX (width - 2 * pad, 1.0));
      dt_plot_show_layout (c, 0.5 * (x0 + x1), y1 + tick_len + tick_gap + line_h + label_gap,
                           0.5, 0.0);
    }
  if (ylabel_h > 0)
    {
      cairo_save (cr);
      cairo_translate (cr, x0 - tick_len - tick_gap - row_label_w - label_gap - ylabel_h,
                       0.5 * (y0 + y1));
      cairo_rotate (cr, -G_PI / 2);
      dt_plot_set_text (c, plot->y_label, MAX (height - 2 * pad, 1.0));
      dt_plot_show_layout (c, 0.0, 0.0, 0.5, 0.0);
      cairo_restore (cr);
    }
  if (title_h > 0)
    {
      double tw, th, cx;

      dt_plot_set_font (c, 1.1, TRUE);
      dt_plot_set_text (c, plot->title, MAX (width - 2 * pad, 1.0));
      dt_plot_text_size (c, &tw, &th);
      cx = 0.5 * (x0 + x1);
      cx = MAX (cx, pad + 0.5 * tw);
      cx = MIN (cx, width - pad - 0.5 * tw);
      dt_plot_show_layout (c, cx, pad, 0.5, 0.0);
    }

  if (st.n_finite > 0)
    heat_side_draw (c, &st, &side, x1 + 2.0 * label_gap, y0, y1, tick_len, tick_gap);
  else
    {
      dt_plot_set_font (c, 1.2, FALSE);
      dt_plot_set_color (cr, &c->theme->foreground, 0.35);
      dt_plot_show_text (c, _("No data yet"), 0.5 * (x0 + x1), 0.5 * (y0 + y1), 0.5, 0.5);
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
