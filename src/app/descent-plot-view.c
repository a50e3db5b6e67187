/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-plot-view"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "descent-plot-view.h"
#include "dt-plot.h"

#define MIN_WIDTH       420
#define MIN_HEIGHT      300
#define NAT_WIDTH       640
#define NAT_HEIGHT      400
#define CORNER_RADIUS   8.0
#define PICK_DISTANCE   24.0
#define MIN_ZOOM_PIXELS 8.0

struct _DescentPlotView
{
  GtkWidget      parent_instance;

  DtRecord      *record;
  char          *plot_id;
  DtPlot        *plot;

  /* What the user changed, kept when a new record copy arrives. */
  GHashTable    *hidden_series;
  int            x_scale_override;   /* a DtScale, or -1 */
  int            y_scale_override;
  gboolean       has_view;
  double         view[4];            /* xmin, xmax, ymin, ymax */

  /* The rendered plot, reused until the size, data or theme changes. */
  GskRenderNode *cache;
  int            cache_width;
  int            cache_height;
  gboolean       cache_dark;
  DtPlotFrame    frame;
  gboolean       frame_valid;
  guint          render_count;

  gboolean       pointer_inside;
  double         pointer_x;
  double         pointer_y;

  gboolean       dragging;
  double         drag_x0;
  double         drag_y0;
  double         drag_x1;
  double         drag_y1;

  GtkWidget     *popover;
};

G_DEFINE_FINAL_TYPE (DescentPlotView, descent_plot_view, GTK_TYPE_WIDGET)

static void
descent_plot_view_invalidate (DescentPlotView *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
widget_is_dark (GtkWidget *widget)
{
  GdkRGBA color;

  /* A light foreground means a dark theme. Deprecated after 4.8 only. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  return 0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue > 0.5;
}

static double
scale_forward (double  value,
               DtScale scale)
{
  switch (scale)
    {
    case DT_SCALE_LOG:
      return log10 (value);
    case DT_SCALE_SYMLOG:
      return copysign (log10 (1.0 + fabs (value)), value);
    case DT_SCALE_LINEAR:
    default:
      return value;
    }
}

static double
scale_inverse (double  value,
               DtScale scale)
{
  switch (scale)
    {
    case DT_SCALE_LOG:
      return pow (10.0, value);
    case DT_SCALE_SYMLOG:
      return copysign (pow (10.0, fabs (value)) - 1.0, value);
    case DT_SCALE_LINEAR:
    default:
      return value;
    }
}

/* Device position → data value along one axis of the frame. */
static double
frame_device_to_data (double  device,
                      double  device_lo,
                      double  device_hi,
                      double  data_lo,
                      double  data_hi,
                      DtScale scale)
{
  double u_lo = scale_forward (data_lo, scale);
  double u_hi = scale_forward (data_hi, scale);
  double t = (device - device_lo) / (device_hi - device_lo);

  return scale_inverse (u_lo + t * (u_hi - u_lo), scale);
}

static double
frame_data_to_device (double  data,
                      double  device_lo,
                      double  device_hi,
                      double  data_lo,
                      double  data_hi,
                      DtScale scale)
{
  double u_lo = scale_forward (data_lo, scale);
  double u_hi = scale_forward (data_hi, scale);
  double u = scale_forward (data, scale);

  return device_lo + (u - u_lo) / (u_hi - u_lo) * (device_hi - device_lo);
}

/* The frame's y0 is the top edge and shows ymax. */
static void
frame_to_data (const DtPlotFrame *frame,
               double             x,
               double             y,
               double            *data_x,
               double            *data_y)
{
  *data_x = frame_device_to_data (x, frame->x0, frame->x1, frame->xmin, frame->xmax, frame->x_scale);
  *data_y = frame_device_to_data (y, frame->y1, frame->y0, frame->ymin, frame->ymax, frame->y_scale);
}

static void
frame_to_device (const DtPlotFrame *frame,
                 double             data_x,
                 double             data_y,
                 double            *x,
                 double            *y)
{
  *x = frame_data_to_device (data_x, frame->x0, frame->x1, frame->xmin, frame->xmax, frame->x_scale);
  *y = frame_data_to_device (data_y, frame->y1, frame->y0, frame->ymin, frame->ymax, frame->y_scale);
}

static gboolean
frame_contains (const DtPlotFrame *frame,
                double             x,
                double             y)
{
  return x >= MIN (frame->x0, frame->x1) && x <= MAX (frame->x0, frame->x1) &&
         y >= MIN (frame->y0, frame->y1) && y <= MAX (frame->y0, frame->y1);
}

static const DtPlotSpec *
descent_plot_view_get_spec (DescentPlotView *self)
{
  if (self->record == NULL || self->plot_id == NULL)
    return NULL;

  return dt_record_lookup_plot (self->record, self->plot_id);
}

/* Applies the user's choices to a freshly built DtPlot. */
static void
descent_plot_view_apply_state (DescentPlotView *self)
{
  GHashTableIter iter;
  gpointer key;

  if (self->plot == NULL)
    return;

  g_hash_table_iter_init (&iter, self->hidden_series);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    dt_plot_set_series_visible (self->plot, key, FALSE);

  if (self->x_scale_override >= 0)
    dt_plot_set_x_scale (self->plot, self->x_scale_override);
  if (self->y_scale_override >= 0)
    dt_plot_set_y_scale (self->plot, self->y_scale_override);

  if (self->has_view)
    dt_plot_set_view (self->plot, self->view[0], self->view[1], self->view[2], self->view[3]);
}

static void
descent_plot_view_update_accessible (DescentPlotView *self)
{
  const char *title = NULL;

  if (self->plot != NULL)
    title = dt_plot_get_title (self->plot);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title != NULL && *title != '\0' ? title : _("Plot"),
                                  -1);
}

static void
descent_plot_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NAT_WIDTH;
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = NAT_HEIGHT;
    }
}

static void
descent_plot_view_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  DescentPlotView *self = DESCENT_PLOT_VIEW (widget);

  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static GskRenderNode *
descent_plot_view_render (DescentPlotView *self,
                          int              width,
                          int              height,
                          gboolean         dark)
{
  const DtPlotTheme *theme = dark ? dt_plot_theme_dark () : dt_plot_theme_light ();
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  GskRoundedRect clip;
  cairo_t *cr;

  gsk_rounded_rect_init_from_rect (&clip, &GRAPHENE_RECT_INIT (0, 0, width, height), CORNER_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &clip);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->plot != NULL)
    {
      dt_plot_render (self->plot, cr, width, height, theme, &self->frame);
      self->frame_valid = TRUE;
    }
  else
    {
      cairo_set_source_rgba (cr, theme->background.r, theme->background.g,
                             theme->background.b, theme->background.a);
      cairo_paint (cr);
      self->frame_valid = FALSE;
    }
  cairo_destroy (cr);

  gtk_snapshot_pop (snapshot);

  self->render_count++;

  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

/* The point of the plot's visible series nearest to the pointer, if close. */
static gboolean
descent_plot_view_pick (DescentPlotView  *self,
                        const DtSeries  **series_out,
                        guint            *index_out,
                        double           *x_out,
                        double           *y_out)
{
  const DtPlotSpec *spec = descent_plot_view_get_spec (self);
  double best = PICK_DISTANCE * PICK_DISTANCE;
  gboolean found = FALSE;

  if (spec == NULL || !self->frame_valid)
    return FALSE;

  for (guint i = 0; i < spec->series->len; i++)
    {
      const char *id = g_ptr_array_index (spec->series, i);
      const DtSeries *series = dt_record_lookup_series (self->record, id);

      if (series == NULL || g_hash_table_contains (self->hidden_series, id))
        continue;

      for (guint j = 0; j < series->x->len; j++)
        {
          double dx = g_array_index (series->x, double, j);
          double dy = g_array_index (series->y, double, j);
          double px, py, d2;

          if (!isfinite (dx) || !isfinite (dy))
            continue;

          frame_to_device (&self->frame, dx, dy, &px, &py);
          if (!isfinite (px) || !isfinite (py) || !frame_contains (&self->frame, px, py))
            continue;

          d2 = (px - self->pointer_x) * (px - self->pointer_x) +
               (py - self->pointer_y) * (py - self->pointer_y);
          if (d2 < best)
            {
              best = d2;
              *series_out = series;
              *index_out = j;
              *x_out = px;
              *y_out = py;
              found = TRUE;
            }
        }
    }

  return found;
}

static void
append_label (DescentPlotView *self,
              GtkSnapshot     *snapshot,
              const char      *text,
              double           x,
              double           y,
              gboolean         dark)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  GdkRGBA background = dark ? (GdkRGBA) { 0.15, 0.15, 0.17, 0.92 } : (GdkRGBA) { 1, 1, 1, 0.92 };
  GdkRGBA border = dark ? (GdkRGBA) { 1, 1, 1, 0.25 } : (GdkRGBA) { 0, 0, 0, 0.2 };
  GdkRGBA foreground;
  GskRoundedRect box;
  int text_width, text_height;
  float border_widths[4] = { 1, 1, 1, 1 };
  GdkRGBA border_colors[4] = { border, border, border, border };
  double bx, by;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &foreground);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  /* Beside the point, flipped to stay inside the widget. */
  bx = x + 12;
  by = y - text_height - 16;
  if (bx + text_width + 12 > width)
    bx = x - text_width - 24;
  if (by < 2)
    by = y + 12;
  bx = CLAMP (bx, 2, MAX (2, width - text_width - 14));
  by = CLAMP (by, 2, MAX (2, height - text_height - 10));

  gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (bx, by, text_width + 12, text_height + 8), 5);
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
descent_plot_view_snapshot_pointer (DescentPlotView *self,
                                    GtkSnapshot     *snapshot,
                                    gboolean         dark)
{
  const DtSeries *series = NULL;
  g_autofree char *text = NULL;
  GdkRGBA line = dark ? (GdkRGBA) { 1, 1, 1, 0.35 } : (GdkRGBA) { 0, 0, 0, 0.3 };
  guint index = 0;
  double px = 0.0, py = 0.0;

  if (!self->pointer_inside || self->dragging || !self->frame_valid ||
      !frame_contains (&self->frame, self->pointer_x, self->pointer_y))
    return;

  if (descent_plot_view_pick (self, &series, &index, &px, &py))
    {
      double x = g_array_index (series->x, double, index);
      double y = g_array_index (series->y, double, index);
      DtColor color = { 0 };
      const DtPlotSpec *spec = descent_plot_view_get_spec (self);
      GskRoundedRect dot;
      GdkRGBA rgba;

      for (guint i = 0; i < spec->series->len; i++)
        if (g_strcmp0 (g_ptr_array_index (spec->series, i), series->id) == 0)
          color = dt_plot_palette (i);
      rgba = (GdkRGBA) { color.r, color.g, color.b, 1.0 };

      gsk_rounded_rect_init_from_rect (&dot, &GRAPHENE_RECT_INIT (px - 5, py - 5, 10, 10), 5);
      gtk_snapshot_push_rounded_clip (snapshot, &dot);
      gtk_snapshot_append_color (snapshot, &rgba, &dot.bounds);
      gtk_snapshot_pop (snapshot);

      if (series->err != NULL && index < series->err->len &&
          isfinite (g_array_index (series->err, double, index)))
        text = g_strdup_printf ("%s\nx = %.4g\ny = %.4g ± %.2g", series->label, x, y,
                                g_array_index (series->err, double, index));
      else
        text = g_strdup_printf ("%s\nx = %.4g\ny = %.4g", series->label, x, y);

      append_label (self, snapshot, text, px, py, dark);
    }
  else
    {
      double x, y;

      frame_to_data (&self->frame, self->pointer_x, self->pointer_y, &x, &y);

      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (self->pointer_x, MIN (self->frame.y0, self->frame.y1),
                                                      1, fabs (self->frame.y1 - self->frame.y0)));
      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (MIN (self->frame.x0, self->frame.x1), self->pointer_y,
                                                      fabs (self->frame.x1 - self->frame.x0), 1));

      text = g_strdup_printf ("x = %.4g\ny = %.4g", x, y);
      append_label (self, snapshot, text, self->pointer_x, self->pointer_y, dark);
    }
}

static void
descent_plot_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  DescentPlotView *self = DESCENT_PLOT_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean dark;

  if (width <= 0 || height <= 0)
    return;

  dark = widget_is_dark (widget);

  if (self->cache == NULL || self->cache_width != width ||
      self->cache_height != height || self->cache_dark != dark)
    {
      g_clear_pointer (&self->cache, gsk_render_node_unref);
      self->cache = descent_plot_view_render (self, width, height, dark);
      self->cache_width = width;
      self->cache_height = height;
      self->cache_dark = dark;
    }

  gtk_snapshot_append_node (snapshot, self->cache);

  if (self->dragging)
    {
      GdkRGBA fill = { 0.21, 0.52, 0.89, 0.18 };
      GdkRGBA edge = { 0.21, 0.52, 0.89, 0.8 };
      graphene_rect_t rect = GRAPHENE_RECT_INIT (MIN (self->drag_x0, self->drag_x1),
                                                 MIN (self->drag_y0, self->drag_y1),
                                                 fabs (self->drag_x1 - self->drag_x0),
                                                 fabs (self->drag_y1 - self->drag_y0));
      GskRoundedRect outline;
      float widths[4] = { 1, 1, 1, 1 };
      GdkRGBA colors[4] = { edge, edge, edge, edge };

      gtk_snapshot_append_color (snapshot, &fill, &rect);
      gsk_rounded_rect_init_from_rect (&outline, &rect, 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }

  descent_plot_view_snapshot_pointer (self, snapshot, dark);
}

static void
descent_plot_view_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (descent_plot_view_parent_class)->css_changed (widget, change);

  /* The theme may have flipped between light and dark. */
  descent_plot_view_invalidate (DESCENT_PLOT_VIEW (widget));
}

static void
prefer_dark_changed_cb (DescentPlotView *self)
{
  descent_plot_view_invalidate (self);
}

static void
descent_plot_view_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (descent_plot_view_parent_class)->root (widget);

  g_signal_connect_object (gtk_widget_get_settings (widget),
                           "notify::gtk-application-prefer-dark-theme",
                           G_CALLBACK (prefer_dark_changed_cb), widget,
                           G_CONNECT_SWAPPED);
}

static void
descent_plot_view_unroot (GtkWidget *widget)
{
  g_signal_handlers_disconnect_by_func (gtk_widget_get_settings (widget),
                                        prefer_dark_changed_cb, widget);

  GTK_WIDGET_CLASS (descent_plot_view_parent_class)->unroot (widget);
}

static void
motion_cb (DescentPlotView *self,
           double           x,
           double           y)
{
  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (DescentPlotView *self)
{
  self->pointer_inside = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_begin_cb (DescentPlotView *self,
               double           x,
               double           y,
               GtkGestureDrag  *gesture)
{
  if (!self->frame_valid || !frame_contains (&self->frame, x, y))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  self->drag_x0 = self->drag_x1 = x;
  self->drag_y0 = self->drag_y1 = y;
}

static void
drag_update_cb (DescentPlotView *self,
                double           dx,
                double           dy)
{
  double x0 = MIN (self->frame.x0, self->frame.x1);
  double x1 = MAX (self->frame.x0, self->frame.x1);
  double y0 = MIN (self->frame.y0, self->frame.y1);
  double y1 = MAX (self->frame.y0, self->frame.y1);

  self->dragging = TRUE;
  self->drag_x1 = CLAMP (self->drag_x0 + dx, x0, x1);
  self->drag_y1 = CLAMP (self->drag_y0 + dy, y0, y1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (DescentPlotView *self,
             double           dx,
             double           dy)
{
  double xa, ya, xb, yb;

  if (!self->dragging)
    return;

  self->dragging = FALSE;

  if (fabs (self->drag_x1 - self->drag_x0) < MIN_ZOOM_PIXELS ||
      fabs (self->drag_y1 - self->drag_y0) < MIN_ZOOM_PIXELS ||
      self->plot == NULL)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  frame_to_data (&self->frame, self->drag_x0, self->drag_y0, &xa, &ya);
  frame_to_data (&self->frame, self->drag_x1, self->drag_y1, &xb, &yb);

  self->has_view = TRUE;
  self->view[0] = MIN (xa, xb);
  self->view[1] = MAX (xa, xb);
  self->view[2] = MIN (ya, yb);
  self->view[3] = MAX (ya, yb);
  dt_plot_set_view (self->plot, self->view[0], self->view[1], self->view[2], self->view[3]);
  descent_plot_view_invalidate (self);
}

static void
log_toggled_cb (GtkCheckButton  *check,
                DescentPlotView *self)
{
  gboolean is_x = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (check), "axis")) == 0;
  const DtPlotSpec *spec = descent_plot_view_get_spec (self);
  DtScale scale = DT_SCALE_LINEAR;

  /* Back to the plot's own log flavour (symlog shows 0), else plain log. */
  if (gtk_check_button_get_active (check))
    {
      DtScale own = spec == NULL ? DT_SCALE_LINEAR : is_x ? spec->x_axis.scale : spec->y_axis.scale;

      scale = own != DT_SCALE_LINEAR ? own : DT_SCALE_LOG;
    }

  if (is_x)
    self->x_scale_override = scale;
  else
    self->y_scale_override = scale;

  /* A zoom window in the old scale means little in the new one. */
  self->has_view = FALSE;

  if (self->plot != NULL)
    {
      dt_plot_reset_view (self->plot);
      if (is_x)
        dt_plot_set_x_scale (self->plot, scale);
      else
        dt_plot_set_y_scale (self->plot, scale);
    }

  descent_plot_view_invalidate (self);
}

static void
series_toggled_cb (GtkCheckButton  *check,
                   DescentPlotView *self)
{
  const char *id = g_object_get_data (G_OBJECT (check), "series-id");
  gboolean visible = gtk_check_button_get_active (check);

  if (visible)
    g_hash_table_remove (self->hidden_series, id);
  else
    g_hash_table_add (self->hidden_series, g_strdup (id));

  if (self->plot != NULL)
    dt_plot_set_series_visible (self->plot, id, visible);

  descent_plot_view_invalidate (self);
}

static void
reset_clicked_cb (GtkButton       *button,
                  DescentPlotView *self)
{
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  descent_plot_view_reset_view (self);
}

static GtkWidget *
descent_plot_view_add_check (GtkWidget  *box,
                             const char *label,
                             gboolean    active)
{
  GtkWidget *check = gtk_check_button_new_with_mnemonic (label);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  gtk_box_append (GTK_BOX (box), check);

  return check;
}

static DtScale
descent_plot_view_current_scale (DescentPlotView *self,
                                 gboolean         x_axis)
{
  const DtPlotSpec *spec = descent_plot_view_get_spec (self);
  int override = x_axis ? self->x_scale_override : self->y_scale_override;

  if (override >= 0)
    return override;
  if (spec == NULL)
    return DT_SCALE_LINEAR;

  return x_axis ? spec->x_axis.scale : spec->y_axis.scale;
}

static void
descent_plot_view_popup (DescentPlotView *self,
                         double           x,
                         double           y)
{
  const DtPlotSpec *spec = descent_plot_view_get_spec (self);
  GtkWidget *box, *check, *label, *button;

  if (spec == NULL)
    return;

  if (self->popover != NULL)
    gtk_widget_unparent (self->popover);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  check = descent_plot_view_add_check (box, _("Logarithmic _X Axis"),
                                       descent_plot_view_current_scale (self, TRUE) != DT_SCALE_LINEAR);
  g_object_set_data (G_OBJECT (check), "axis", GINT_TO_POINTER (0));
  g_signal_connect (check, "toggled", G_CALLBACK (log_toggled_cb), self);

  check = descent_plot_view_add_check (box, _("Logarithmic _Y Axis"),
                                       descent_plot_view_current_scale (self, FALSE) != DT_SCALE_LINEAR);
  g_object_set_data (G_OBJECT (check), "axis", GINT_TO_POINTER (1));
  g_signal_connect (check, "toggled", G_CALLBACK (log_toggled_cb), self);

  if (spec->series->len > 0)
    {
      gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
      label = gtk_label_new (_("Series"));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (box), label);

      for (guint i = 0; i < spec->series->len; i++)
        {
          const char *id = g_ptr_array_index (spec->series, i);
          const DtSeries *series = dt_record_lookup_series (self->record, id);

          check = gtk_check_button_new_with_label (series != NULL && series->label != NULL ? series->label : id);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                       !g_hash_table_contains (self->hidden_series, id));
          g_object_set_data_full (G_OBJECT (check), "series-id", g_strdup (id), g_free);
          g_signal_connect (check, "toggled", G_CALLBACK (series_toggled_cb), self);
          gtk_box_append (GTK_BOX (box), check);
        }
    }

  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  button = gtk_button_new_with_mnemonic (_("_Reset View"));
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect (button, "clicked", G_CALLBACK (reset_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), button);

  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_BOTTOM);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &(GdkRectangle) { x, y, 1, 1 });
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
secondary_pressed_cb (DescentPlotView *self,
                      int              n_press,
                      double           x,
                      double           y)
{
  descent_plot_view_popup (self, x, y);
}

static void
primary_pressed_cb (DescentPlotView *self,
                    int              n_press,
                    double           x,
                    double           y)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (n_press == 2)
    descent_plot_view_reset_view (self);
}

static gboolean
key_pressed_cb (DescentPlotView *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (keyval == GDK_KEY_Menu ||
      (keyval == GDK_KEY_F10 && (state & GDK_SHIFT_MASK) != 0))
    {
      descent_plot_view_popup (self, width / 2.0, height / 2.0);
      return TRUE;
    }

  if (keyval == GDK_KEY_Home || keyval == GDK_KEY_0)
    {
      descent_plot_view_reset_view (self);
      return TRUE;
    }

  return FALSE;
}

static void
descent_plot_view_dispose (GObject *object)
{
  DescentPlotView *self = DESCENT_PLOT_VIEW (object);

  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->plot, dt_plot_free);
  g_clear_pointer (&self->record, dt_record_unref);

  G_OBJECT_CLASS (descent_plot_view_parent_class)->dispose (object);
}

static void
descent_plot_view_finalize (GObject *object)
{
  DescentPlotView *self = DESCENT_PLOT_VIEW (object);

  g_clear_pointer (&self->plot_id, g_free);
  g_clear_pointer (&self->hidden_series, g_hash_table_unref);

  G_OBJECT_CLASS (descent_plot_view_parent_class)->finalize (object);
}

static void
descent_plot_view_class_init (DescentPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = descent_plot_view_dispose;
  object_class->finalize = descent_plot_view_finalize;

  widget_class->measure = descent_plot_view_measure;
  widget_class->size_allocate = descent_plot_view_size_allocate;
  widget_class->snapshot = descent_plot_view_snapshot;
  widget_class->css_changed = descent_plot_view_css_changed;
  widget_class->root = descent_plot_view_root;
  widget_class->unroot = descent_plot_view_unroot;

  gtk_widget_class_set_css_name (widget_class, "plotview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
descent_plot_view_init (DescentPlotView *self)
{
  GtkEventController *motion;
  GtkEventController *key;
  GtkGesture *drag;
  GtkGesture *primary;
  GtkGesture *secondary;

  self->hidden_series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->x_scale_override = -1;
  self->y_scale_override = -1;

  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  primary = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (primary), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (primary, "pressed", G_CALLBACK (primary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (primary));

  secondary = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect_swapped (secondary, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (secondary));

  key = gtk_event_controller_key_new ();
  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  descent_plot_view_update_accessible (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Drag to zoom, double-click to reset, right-click for axes and series"),
                                  -1);
}

/**
 * descent_plot_view_new:
 *
 * Returns: (transfer floating): a plot view showing nothing yet
 */
GtkWidget *
descent_plot_view_new (void)
{
  return g_object_new (DESCENT_TYPE_PLOT_VIEW, NULL);
}

/**
 * descent_plot_view_set_record:
 * @self: a plot view
 * @record: (nullable): the record to show; it must not change afterwards
 *   (pass a copy of a record that a worker is still filling)
 * @plot_id: (nullable): the id of the plot spec in @record
 *
 * Shows plot @plot_id of @record. Zoom, log axes and hidden series chosen
 * by the user stay while the plot id stays the same.
 */
void
descent_plot_view_set_record (DescentPlotView *self,
                              DtRecord        *record,
                              const char      *plot_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DESCENT_IS_PLOT_VIEW (self));

  if (g_strcmp0 (plot_id, self->plot_id) != 0)
    {
      g_free (self->plot_id);
      self->plot_id = g_strdup (plot_id);
      g_hash_table_remove_all (self->hidden_series);
      self->x_scale_override = -1;
      self->y_scale_override = -1;
      self->has_view = FALSE;
    }

  if (record != NULL)
    dt_record_ref (record);
  g_clear_pointer (&self->record, dt_record_unref);
  self->record = record;

  g_clear_pointer (&self->plot, dt_plot_free);
  if (record != NULL && plot_id != NULL)
    {
      self->plot = dt_plot_new (record, plot_id, &error);
      if (self->plot == NULL)
        g_warning ("Cannot show plot “%s”: %s", plot_id, error->message);
    }

  descent_plot_view_apply_state (self);
  descent_plot_view_update_accessible (self);
  descent_plot_view_invalidate (self);
}

/**
 * descent_plot_view_get_record:
 * @self: a plot view
 *
 * Returns: (transfer none) (nullable): the record shown
 */
DtRecord *
descent_plot_view_get_record (DescentPlotView *self)
{
  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), NULL);

  return self->record;
}

/**
 * descent_plot_view_get_plot_id:
 * @self: a plot view
 *
 * Returns: (nullable): the id of the plot shown
 */
const char *
descent_plot_view_get_plot_id (DescentPlotView *self)
{
  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), NULL);

  return self->plot_id;
}

/**
 * descent_plot_view_get_n_points:
 * @self: a plot view
 *
 * Returns: the number of data points in the series of the plot shown
 */
guint
descent_plot_view_get_n_points (DescentPlotView *self)
{
  const DtPlotSpec *spec;
  guint n = 0;

  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), 0);

  spec = descent_plot_view_get_spec (self);
  if (spec == NULL)
    return 0;

  for (guint i = 0; i < spec->series->len; i++)
    {
      const DtSeries *series = dt_record_lookup_series (self->record, g_ptr_array_index (spec->series, i));

      if (series != NULL)
        n += series->x->len;
    }

  return n;
}

/**
 * descent_plot_view_get_render_count:
 * @self: a plot view
 *
 * Returns: how many times the plot has been rendered (not counting frames
 *   that reused the cached rendering)
 */
guint
descent_plot_view_get_render_count (DescentPlotView *self)
{
  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), 0);

  return self->render_count;
}

/**
 * descent_plot_view_reset_view:
 * @self: a plot view
 *
 * Undoes any zoom, showing all the data again.
 */
void
descent_plot_view_reset_view (DescentPlotView *self)
{
  g_return_if_fail (DESCENT_IS_PLOT_VIEW (self));

  self->has_view = FALSE;
  if (self->plot != NULL)
    dt_plot_reset_view (self->plot);

  descent_plot_view_invalidate (self);
}
