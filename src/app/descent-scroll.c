/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Scrolling over a value control scrolls what holds it. A slider or spin
 * button in a scrolled panel takes the wheel for itself, so that moving
 * down a long parameter list would change every value the pointer
 * passes; values must change only by deliberate input.
 */
#include "config.h"

#include <math.h>

#include "descent-scroll.h"

static void
scroll_adjustment (GtkAdjustment      *adjustment,
                   double              delta,
                   GdkScrollUnit       unit)
{
  /* As GtkScrolledWindow moves for one wheel click. */
  double step = unit == GDK_SCROLL_UNIT_WHEEL
                ? pow (gtk_adjustment_get_page_size (adjustment), 2.0 / 3.0)
                : 1.0;

  if (delta != 0.0)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + delta * step);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           gpointer                  data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GdkScrollUnit unit = gtk_event_controller_scroll_get_unit (controller);

  if (scroller != NULL)
    {
      scroll_adjustment (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller)), dx, unit);
      scroll_adjustment (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), dy, unit);
    }

  /* Handled either way: the control itself never sees the wheel. */
  return TRUE;
}

/**
 * descent_scroll_to_parent:
 * @widget: a slider, spin button or other value control
 *
 * Makes a scroll over @widget scroll its scrolled window, if any, instead
 * of changing @widget's value.
 */
void
descent_scroll_to_parent (GtkWidget *widget)
{
  GtkEventController *controller;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_name (controller, "descent-scroll-to-parent");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), NULL);
  gtk_widget_add_controller (widget, controller);
}
