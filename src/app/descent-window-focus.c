/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-window"

/*
 * DescentWindow's keyboard order: Tab walks the sidebar, the visible
 * page's parameters, the Run button and the page's plots, in that order
 * (Shift+Tab back); inside each region GTK's own focus chain applies, and
 * arrow keys, not Tab, move between experiments in the sidebar.
 */

#include "config.h"

#include "descent-window-private.h"
#include "descent-window-test.h"

enum {
  REGION_SIDEBAR,
  REGION_PARAMS,
  REGION_RUN,
  REGION_PLOTS,
  N_REGIONS
};

static GtkWidget *
descent_window_get_region (DescentWindow *self,
                           int            region)
{
  DescentExperimentPage *page = descent_window_get_visible_page (self);

  switch (region)
    {
    case REGION_SIDEBAR:
      return GTK_WIDGET (self->sidebar);
    case REGION_PARAMS:
      return page != NULL ? descent_experiment_page_get_focus_region (page, FALSE) : NULL;
    case REGION_RUN:
      return self->run_button;
    case REGION_PLOTS:
      return page != NULL ? descent_experiment_page_get_focus_region (page, TRUE) : NULL;
    default:
      return NULL;
    }
}

/* The region holding the focus, or -1 (the other header bar buttons). */
static int
descent_window_find_focus_region (DescentWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  for (int r = 0; focus != NULL && r < N_REGIONS; r++)
    {
      GtkWidget *region = descent_window_get_region (self, r);

      if (region != NULL && (focus == region || gtk_widget_is_ancestor (focus, region)))
        return r;
    }

  return -1;
}

/* Focuses the region: the sidebar at its selected row, the others at
 * their first (or, going back, last) focusable widget. */
static gboolean
descent_window_focus_region (DescentWindow    *self,
                             int               region,
                             GtkDirectionType  direction)
{
  GtkWidget *widget = descent_window_get_region (self, region);

  if (widget == NULL || !gtk_widget_is_sensitive (widget) || !gtk_widget_get_mapped (widget))
    return FALSE;

  if (region == REGION_SIDEBAR)
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->sidebar);

      return row != NULL && gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  if (region == REGION_RUN)
    return gtk_widget_grab_focus (widget);

  return gtk_widget_child_focus (widget, direction);
}

/**
 * descent_window_move_focus:
 * @self: a window
 * @direction: %GTK_DIR_TAB_FORWARD or %GTK_DIR_TAB_BACKWARD
 *
 * Moves the focus as Tab or Shift+Tab does.
 *
 * Returns: %TRUE if the window moved it, %FALSE to leave it to GTK
 */
gboolean
descent_window_move_focus (DescentWindow    *self,
                           GtkDirectionType  direction)
{
  int step = direction == GTK_DIR_TAB_BACKWARD ? -1 : 1;
  int region = descent_window_find_focus_region (self);
  GtkWidget *current;

  if (region < 0)
    return FALSE;

  /* within the parameters or the plots, GTK's chain until their end; the
   * sidebar and Run are one stop each */
  current = descent_window_get_region (self, region);
  if ((region == REGION_PARAMS || region == REGION_PLOTS) && gtk_widget_child_focus (current, direction))
    return TRUE;

  for (int r = region + step; r >= 0 && r < N_REGIONS; r += step)
    if (descent_window_focus_region (self, r, direction))
      return TRUE;

  /* past either end: round to the other */
  for (int r = step > 0 ? 0 : N_REGIONS - 1; r != region; r += step)
    if (descent_window_focus_region (self, r, direction))
      return TRUE;

  return FALSE;
}

static gboolean
tab_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                DescentWindow         *self)
{
  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_ISO_Left_Tab && keyval != GDK_KEY_KP_Tab)
    return FALSE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;

  return descent_window_move_focus (self, keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0
                                    ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);
}

/* Takes Tab before the focused widget does. */
void
descent_window_init_focus (DescentWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (tab_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}
