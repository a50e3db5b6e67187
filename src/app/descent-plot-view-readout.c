/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plot view's read-out: what the box beside the pointer says (the
 * values of the series at the pointer, or a heat map's cell), and its
 * drawing with the guide and the dots on the points read. */
#define G_LOG_DOMAIN "descent-plot-view"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "descent-plot-view-private.h"

/* A colour of a series as the renderer draws it: the palette's black is
 * the theme's foreground, so that it shows on a dark background. */
static GdkRGBA
series_rgba (guint    index,
             gboolean dark)
{
  DtColor color = dt_plot_palette (index);

  if (color.r == 0 && color.g == 0 && color.b == 0 && dark)
    {
      /* black series turn light grey on a dark background */
      return (GdkRGBA) { 0.93, 0.93, 0.93, 1.0 };
    }

  return (GdkRGBA) { color.r, color.g, color.b, 1.0 };
}

static char *
format_value (double value,
              double err)
{
  if (isfinite (err))
    return g_strdup_printf ("%.4g ± %.2g", value, fabs (err));

  return g_strdup_printf ("%.4g", value);
}

/* Works out what the hover box says for the pointer position. */
void
descent_plot_view_update_readout (DescentPlotView *self)
{
  g_autoptr(GString) text = NULL;
  g_autoptr(GString) markup = NULL;
  gboolean dark;

  g_clear_pointer (&self->readout, g_free);
  g_clear_pointer (&self->readout_markup, g_free);
  g_clear_pointer (&self->picked, g_array_unref);

  if (!self->pointer_inside || self->plot == NULL || !self->frame_valid ||
      !frame_contains (&self->frame, self->pointer_x, self->pointer_y))
    return;

  dark = widget_is_dark (GTK_WIDGET (self));
  text = g_string_new (NULL);
  markup = g_string_new (NULL);

  if (dt_plot_get_kind (self->plot) == DT_PLOT_HEATMAP)
    {
      guint row, col;
      double value;
      g_autofree char *escaped = NULL;

      if (!dt_plot_get_cell (self->plot, &self->frame, self->pointer_x, self->pointer_y,
                             &row, &col, &value))
        return;

      if (isfinite (value))
        /* Translators: the cell of a heat map under the pointer */
        g_string_append_printf (text, _("row %u, column %u\nvalue %.4g"), row, col, value);
      else
        g_string_append_printf (text, _("row %u, column %u\nno value"), row, col);
      escaped = g_markup_escape_text (text->str, -1);
      g_string_append (markup, escaped);
    }
  else
    {
      double x0 = 0.0, best = G_MAXDOUBLE;

      self->picked = dt_plot_pick_x (self->plot, &self->frame, self->pointer_x);
      if (self->picked->len == 0)
        {
          double x, y;

          frame_to_data (&self->frame, self->pointer_x, self->pointer_y, &x, &y);
          g_string_append_printf (text, "x = %.4g\ny = %.4g", x, y);
          g_string_append (markup, text->str);
        }
      else
        {
          /* the abscissa of the point nearest the pointer heads the box */
          for (guint i = 0; i < self->picked->len; i++)
            {
              const DtPlotPoint *p = &g_array_index (self->picked, DtPlotPoint, i);

              if (fabs (p->device_x - self->pointer_x) < best)
                {
                  best = fabs (p->device_x - self->pointer_x);
                  x0 = p->x;
                  self->guide_x = p->device_x;
                }
            }
          g_string_append_printf (text, "x = %.4g", x0);
          g_string_append_printf (markup, "<b>x = %.4g</b>", x0);

          for (guint i = 0; i < self->picked->len; i++)
            {
              const DtPlotPoint *p = &g_array_index (self->picked, DtPlotPoint, i);
              g_autofree char *value = format_value (p->y, p->err);
              g_autofree char *at = NULL;
              g_autofree char *line = NULL;
              g_autofree char *escaped = NULL;
              g_autofree char *color = NULL;
              GdkRGBA rgba = series_rgba (p->index, dark);

              if (p->x != x0)
                at = g_strdup_printf (" (x = %.4g)", p->x);
              line = g_strdup_printf ("%s: %s%s", p->label, value, at != NULL ? at : "");
              g_string_append_printf (text, "\n%s", line);

              escaped = g_markup_escape_text (line, -1);
              color = g_strdup_printf ("#%02x%02x%02x", (int) lround (rgba.red * 255),
                                       (int) lround (rgba.green * 255), (int) lround (rgba.blue * 255));
              /* a filled bullet for the run shown, a hollow one for other runs */
              g_string_append_printf (markup, "\n<span foreground=\"%s\">%s</span> %s", color,
                                      p->overlay == 0 ? "\u25cf" : "\u25cb", escaped);
            }
        }
    }

  self->readout = g_string_free (g_steal_pointer (&text), FALSE);
  self->readout_markup = g_string_free (g_steal_pointer (&markup), FALSE);
}

/* Draws the hover box beside the pointer, flipped and clamped so that it
 * never leaves the widget. */
static void
append_readout_box (DescentPlotView *self,
                    GtkSnapshot     *snapshot,
                    double           x,
                    double           y,
                    gboolean         dark)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  GdkRGBA background = dark ? (GdkRGBA) { 0.15, 0.15, 0.17, 0.94 } : (GdkRGBA) { 1, 1, 1, 0.94 };
  GdkRGBA border = dark ? (GdkRGBA) { 1, 1, 1, 0.25 } : (GdkRGBA) { 0, 0, 0, 0.2 };
  GdkRGBA foreground;
  GskRoundedRect box;
  int text_width, text_height;
  float border_widths[4] = { 1, 1, 1, 1 };
  GdkRGBA border_colors[4] = { border, border, border, border };
  double bx, by, bw, bh;

  pango_layout_set_markup (layout, self->readout_markup, -1);
  /* long labels wrap rather than push the box off the widget */
  pango_layout_set_width (layout, MAX (width - 24, 40) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &foreground);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  bw = text_width + 12;
  bh = text_height + 8;

  bx = x + 14;
  by = y - bh - 14;
  if (bx + bw > width - 2)
    bx = x - bw - 14;
  if (by < 2)
    by = y + 14;
  bx = CLAMP (bx, 2, MAX (2, width - bw - 2));
  by = CLAMP (by, 2, MAX (2, height - bh - 2));

  gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (bx, by, bw, bh), 5);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, &background, &box.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &box, border_widths, border_colors);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (bx + 6, by + 4));
  gtk_snapshot_append_layout (snapshot, layout, &foreground);
  gtk_snapshot_restore (snapshot);
}

static void
append_dot (GtkSnapshot   *snapshot,
            double         x,
            double         y,
            const GdkRGBA *fill,
            const GdkRGBA *ring)
{
  GskRoundedRect dot;
  float widths[4] = { 1.5, 1.5, 1.5, 1.5 };
  GdkRGBA rings[4] = { *ring, *ring, *ring, *ring };

  gsk_rounded_rect_init_from_rect (&dot, &GRAPHENE_RECT_INIT (x - 4.5, y - 4.5, 9, 9), 4.5);
  gtk_snapshot_push_rounded_clip (snapshot, &dot);
  gtk_snapshot_append_color (snapshot, fill, &dot.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &dot, widths, rings);
}

void
descent_plot_view_snapshot_pointer (DescentPlotView *self,
                                    GtkSnapshot     *snapshot,
                                    gboolean         dark)
{
  GdkRGBA line = dark ? (GdkRGBA) { 1, 1, 1, 0.4 } : (GdkRGBA) { 0, 0, 0, 0.35 };
  GdkRGBA ring = dark ? (GdkRGBA) { 0.12, 0.12, 0.12, 1 } : (GdkRGBA) { 1, 1, 1, 1 };
  double top = MIN (self->frame.y0, self->frame.y1);
  double bottom = MAX (self->frame.y0, self->frame.y1);

  if (self->dragging || self->panning || self->readout_markup == NULL)
    return;

  if (self->picked != NULL && self->picked->len > 0)
    {
      /* a vertical guide through the point read, a dot on each point */
      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (floor (self->guide_x), top, 1, bottom - top));
      for (guint i = 0; i < self->picked->len; i++)
        {
          const DtPlotPoint *p = &g_array_index (self->picked, DtPlotPoint, i);
          GdkRGBA fill = series_rgba (p->index, dark);

          if (p->device_y < top - 1 || p->device_y > bottom + 1)
            continue;
          if (p->overlay > 0)
            {
              append_dot (snapshot, p->device_x, p->device_y, &ring, &fill);
              continue;
            }
          append_dot (snapshot, p->device_x, p->device_y, &fill, &ring);
        }
    }

  append_readout_box (self, snapshot, self->pointer_x, self->pointer_y, dark);
}

/**
 * descent_plot_view_hover_at:
 * @self: a plot view
 * @x: pointer position in widget coordinates
 * @y: pointer position; a negative @x or @y means the pointer left
 *
 * Moves the pointer readout to (@x, @y), as pointer motion does.
 */
void
descent_plot_view_hover_at (DescentPlotView *self,
                            double           x,
                            double           y)
{
  g_return_if_fail (DESCENT_IS_PLOT_VIEW (self));

  self->pointer_inside = x >= 0 && y >= 0;
  self->pointer_x = x;
  self->pointer_y = y;
  if (self->pointer_inside)
    descent_plot_view_ensure_rendered (self);
  descent_plot_view_update_readout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * descent_plot_view_get_readout:
 * @self: a plot view
 *
 * Returns: (nullable): the text of the box beside the pointer: the
 *   abscissa, then for each visible series "<label>: y ± err"; for a heat
 *   map the row, column and value; %NULL when the pointer is outside the
 *   data area
 */
const char *
descent_plot_view_get_readout (DescentPlotView *self)
{
  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), NULL);

  return self->readout;
}
