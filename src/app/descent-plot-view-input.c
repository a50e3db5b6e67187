/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plot view's input: pointer motion, the drag, pan and click gestures,
 * ctrl+scroll zoom, the keys, the context menu (descent-plot-view-menu.ui)
 * and the actions they trigger. */
#define G_LOG_DOMAIN "descent-plot-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "descent-plot-view-private.h"

#define MIN_ZOOM_PIXELS 8.0
/* One step of the scroll wheel or of the zoom keys. */
#define ZOOM_STEP       1.25
/* Pixels per point of the PNG put on the clipboard. */
#define COPY_SCALE      2.0

static void
descent_plot_view_set_view (DescentPlotView *self,
                            double           xmin,
                            double           xmax,
                            double           ymin,
                            double           ymax)
{
  if (self->plot == NULL || !isfinite (xmin) || !isfinite (xmax) ||
      !isfinite (ymin) || !isfinite (ymax) || xmin == xmax || ymin == ymax)
    return;

  self->has_view = TRUE;
  self->view[0] = MIN (xmin, xmax);
  self->view[1] = MAX (xmin, xmax);
  self->view[2] = MIN (ymin, ymax);
  self->view[3] = MAX (ymin, ymax);
  dt_plot_set_view (self->plot, self->view[0], self->view[1], self->view[2], self->view[3]);
  descent_plot_view_invalidate (self);
}

/* Scales one axis' range by @factor in the axis' own space (decades on a
 * log axis), keeping the value at @device where it is. */
static void
zoom_axis (double  device,
           double  device_lo,
           double  device_hi,
           double  data_lo,
           double  data_hi,
           DtScale scale,
           double  factor,
           double *new_lo,
           double *new_hi)
{
  double u_lo = scale_forward (data_lo, scale);
  double u_hi = scale_forward (data_hi, scale);
  double t = CLAMP ((device - device_lo) / (device_hi - device_lo), 0.0, 1.0);
  double u = u_lo + t * (u_hi - u_lo);

  *new_lo = scale_inverse (u + (u_lo - u) * factor, scale);
  *new_hi = scale_inverse (u + (u_hi - u) * factor, scale);
}

/* Shifts one axis' range so that the data follows the pointer by @delta
 * device units. */
static void
pan_axis (double  delta,
          double  device_lo,
          double  device_hi,
          double  data_lo,
          double  data_hi,
          DtScale scale,
          double *new_lo,
          double *new_hi)
{
  double u_lo = scale_forward (data_lo, scale);
  double u_hi = scale_forward (data_hi, scale);
  double shift = -delta / (device_hi - device_lo) * (u_hi - u_lo);

  *new_lo = scale_inverse (u_lo + shift, scale);
  *new_hi = scale_inverse (u_hi + shift, scale);
}

static gboolean
descent_plot_view_can_zoom (DescentPlotView *self)
{
  descent_plot_view_ensure_rendered (self);

  return self->plot != NULL && self->frame_valid &&
         dt_plot_get_kind (self->plot) == DT_PLOT_LINES;
}

static void
descent_plot_view_pan_frame (DescentPlotView   *self,
                             const DtPlotFrame *frame,
                             double             dx,
                             double             dy)
{
  double xa, xb, ya, yb;

  pan_axis (dx, frame->x0, frame->x1, frame->xmin, frame->xmax, frame->x_scale, &xa, &xb);
  /* y grows downwards on screen and upwards in the data */
  pan_axis (dy, frame->y1, frame->y0, frame->ymin, frame->ymax, frame->y_scale, &ya, &yb);
  descent_plot_view_set_view (self, xa, xb, ya, yb);
}

static void
descent_plot_view_toggle_series (DescentPlotView *self,
                                 const char      *series_id)
{
  gboolean visible;

  if (self->plot == NULL)
    return;

  visible = g_hash_table_contains (self->hidden_series, series_id);
  if (visible)
    g_hash_table_remove (self->hidden_series, series_id);
  else
    g_hash_table_add (self->hidden_series, g_strdup (series_id));

  dt_plot_set_series_visible (self->plot, series_id, visible);
  descent_plot_view_update_accessible (self);
  descent_plot_view_invalidate (self);
}

static void
motion_cb (DescentPlotView *self,
           double           x,
           double           y)
{
  descent_plot_view_hover_at (self, x, y);
}

static void
leave_cb (DescentPlotView *self)
{
  descent_plot_view_hover_at (self, -1, -1);
}

static void
drag_begin_cb (DescentPlotView *self,
               double           x,
               double           y,
               GtkGestureDrag  *gesture)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (!descent_plot_view_can_zoom (self) || !frame_contains (&self->frame, x, y) ||
      dt_plot_legend_hit (self->plot, x, y) != NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  self->panning = button == GDK_BUTTON_MIDDLE || (state & GDK_SHIFT_MASK) != 0;
  self->pan_frame = self->frame;
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

  if (self->panning)
    {
      descent_plot_view_pan_frame (self, &self->pan_frame, dx, dy);
      return;
    }

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

  if (self->panning)
    {
      self->panning = FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

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
  descent_plot_view_set_view (self, xa, xb, ya, yb);
}

static gboolean
scroll_cb (DescentPlotView          *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *scroll)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));

  /* Plain scrolling stays with the page that holds the plots. */
  if ((state & GDK_CONTROL_MASK) == 0 || dy == 0.0 || !self->pointer_inside)
    return FALSE;

  descent_plot_view_zoom_at (self, self->pointer_x, self->pointer_y, pow (ZOOM_STEP, dy));
  return TRUE;
}

/* The state of a series' check in the context menu changed. */
static void
series_visible_changed_cb (GSimpleAction   *action,
                           GVariant        *state,
                           DescentPlotView *self)
{
  const char *id = g_object_get_data (G_OBJECT (action), "series-id");

  if (g_variant_get_boolean (state) == g_hash_table_contains (self->hidden_series, id))
    descent_plot_view_toggle_series (self, id);
  g_simple_action_set_state (action, state);
}

/* A "Series" section with a check per series, each bound to a boolean
 * action "series.show-INDEX" in @group. */
static GMenu *
series_section_new (DescentPlotView    *self,
                    GSimpleActionGroup *group)
{
  GMenu *section = g_menu_new ();
  guint n_series = dt_plot_get_n_series (self->plot);

  for (guint i = 0; i < n_series; i++)
    {
      const char *id = dt_plot_get_series_id (self->plot, i);
      g_autofree char *name = g_strdup_printf ("show-%u", i);
      g_autofree char *detailed = g_strdup_printf ("series.%s", name);
      g_autoptr(GSimpleAction) action = NULL;

      action = g_simple_action_new_stateful (name, NULL,
                                             g_variant_new_boolean (!g_hash_table_contains (self->hidden_series, id)));
      g_object_set_data_full (G_OBJECT (action), "series-id", g_strdup (id), g_free);
      g_signal_connect (action, "change-state", G_CALLBACK (series_visible_changed_cb), self);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
      g_menu_append (section, dt_plot_get_series_label (self->plot, i), detailed);
    }

  return section;
}

/* The menu model is descent-plot-view-menu.ui; the log axes are kept for
 * line plots only, and each series gets a check. */
static void
descent_plot_view_popup (DescentPlotView *self,
                         double           x,
                         double           y)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GSimpleActionGroup) group = NULL;
  GMenu *menu;

  if (self->plot == NULL)
    return;

  g_clear_pointer (&self->popover, gtk_widget_unparent);

  builder = gtk_builder_new_from_resource ("/org/descentlab/Descent/descent-plot-view-menu.ui");
  menu = G_MENU (gtk_builder_get_object (builder, "menu"));
  group = g_simple_action_group_new ();

  if (dt_plot_get_n_series (self->plot) > 0)
    {
      g_autoptr(GMenu) series = series_section_new (self, group);

      g_menu_insert_section (menu, 1, _("Series"), G_MENU_MODEL (series));
    }
  if (dt_plot_get_kind (self->plot) != DT_PLOT_LINES)
    g_menu_remove (menu, 0);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "series", G_ACTION_GROUP (group));

  self->popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_BOTTOM);
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &(GdkRectangle) { x, y, 1, 1 });
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

  /* a click on a legend entry toggles its series; a double click
   * elsewhere undoes the zoom */
  if (n_press == 1)
    descent_plot_view_click_at (self, x, y);
  else if (n_press == 2 && (self->plot == NULL || dt_plot_legend_hit (self->plot, x, y) == NULL))
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

  return FALSE;
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  descent_plot_view_reset_view (DESCENT_PLOT_VIEW (widget));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DescentPlotView *self = DESCENT_PLOT_VIEW (widget);
  double factor = g_str_equal (action_name, "plot.zoom-in") ? 1.0 / ZOOM_STEP : ZOOM_STEP;

  if (!descent_plot_view_can_zoom (self))
    return;

  descent_plot_view_zoom_at (self, 0.5 * (self->frame.x0 + self->frame.x1),
                             0.5 * (self->frame.y0 + self->frame.y1), factor);
}

static void
toggle_series_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  descent_plot_view_toggle_series (DESCENT_PLOT_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DescentPlotView *self = DESCENT_PLOT_VIEW (widget);
  g_autoptr(GdkTexture) texture = descent_plot_view_render_texture (self, COPY_SCALE);

  if (texture != NULL)
    gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
}

/* Installs the actions of the pointer, the keys and the context menu
 * (the log axes are property actions, installed with the properties). */
void
descent_plot_view_class_init_input (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "plot.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "plot.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "plot.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "plot.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "plot.toggle-series", "s", toggle_series_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "plot.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "plot.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "plot.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "plot.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "plot.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "plot.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "plot.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "plot.copy", NULL);
}

/* Adds the event controllers of the pointer, gestures, scroll and keys. */
void
descent_plot_view_init_input (DescentPlotView *self)
{
  GtkEventController *motion;
  GtkEventController *key;
  GtkEventController *scroll;
  GtkGesture *drag;
  GtkGesture *pan;
  GtkGesture *primary;
  GtkGesture *secondary;

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

  pan = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (pan), GDK_BUTTON_MIDDLE);
  g_signal_connect_swapped (pan, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (pan, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (pan, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pan));

  primary = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (primary), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (primary, "pressed", G_CALLBACK (primary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (primary));

  secondary = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect_swapped (secondary, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (secondary));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  key = gtk_event_controller_key_new ();
  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
}

/**
 * descent_plot_view_click_at:
 * @self: a plot view
 * @x: position in widget coordinates
 * @y: position
 *
 * Does what a single click does there: on a legend entry, hides or
 * shows that series.
 *
 * Returns: %TRUE if the click hit a legend entry
 */
gboolean
descent_plot_view_click_at (DescentPlotView *self,
                            double           x,
                            double           y)
{
  const char *id;
  g_autofree char *series_id = NULL;

  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), FALSE);

  descent_plot_view_ensure_rendered (self);
  if (self->plot == NULL || !self->frame_valid)
    return FALSE;

  id = dt_plot_legend_hit (self->plot, x, y);
  if (id == NULL)
    return FALSE;

  series_id = g_strdup (id);
  descent_plot_view_toggle_series (self, series_id);
  return TRUE;
}

/**
 * descent_plot_view_zoom_at:
 * @self: a plot view
 * @x: the point that stays put, in widget coordinates
 * @y: the point that stays put
 * @factor: how much of the current range stays visible: below 1 zooms
 *   in, above 1 zooms out
 *
 * Zooms both axes around (@x, @y), in each axis' own scale.
 */
void
descent_plot_view_zoom_at (DescentPlotView *self,
                           double           x,
                           double           y,
                           double           factor)
{
  double xa, xb, ya, yb;

  g_return_if_fail (DESCENT_IS_PLOT_VIEW (self));
  g_return_if_fail (factor > 0.0);

  if (!descent_plot_view_can_zoom (self))
    return;

  zoom_axis (x, self->frame.x0, self->frame.x1, self->frame.xmin, self->frame.xmax,
             self->frame.x_scale, factor, &xa, &xb);
  zoom_axis (y, self->frame.y1, self->frame.y0, self->frame.ymin, self->frame.ymax,
             self->frame.y_scale, factor, &ya, &yb);
  descent_plot_view_set_view (self, xa, xb, ya, yb);
}

/**
 * descent_plot_view_pan:
 * @self: a plot view
 * @dx: how far to move the data right, in widget units
 * @dy: how far to move the data down
 *
 * Moves the visible window over the data, as dragging with the middle
 * button or with shift held does.
 */
void
descent_plot_view_pan (DescentPlotView *self,
                       double           dx,
                       double           dy)
{
  DtPlotFrame frame;

  g_return_if_fail (DESCENT_IS_PLOT_VIEW (self));

  if (!descent_plot_view_can_zoom (self))
    return;

  frame = self->frame;
  descent_plot_view_pan_frame (self, &frame, dx, dy);
}
