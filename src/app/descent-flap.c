/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-flap"

/*
 * The button that opens a folded AdwFlap shows only while the flap is
 * folded. A flap folds during size allocation, where showing a widget
 * must not happen (GTK would draw the header bar unallocated), so the
 * button follows from an idle callback.
 */

#include "config.h"

#include "descent-flap.h"

static gboolean
update_button_cb (gpointer user_data)
{
  GtkWidget *button = user_data;
  AdwFlap *flap = g_object_get_data (G_OBJECT (button), "descent-flap");

  g_object_set_data (G_OBJECT (button), "descent-flap-idle", NULL);
  if (flap != NULL)
    gtk_widget_set_visible (button, adw_flap_get_folded (flap));

  return G_SOURCE_REMOVE;
}

static void
folded_changed_cb (AdwFlap    *flap,
                   GParamSpec *pspec,
                   GtkWidget  *button)
{
  guint id;

  if (g_object_get_data (G_OBJECT (button), "descent-flap-idle") != NULL)
    return;

  id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, update_button_cb, g_object_ref (button), g_object_unref);
  g_object_set_data (G_OBJECT (button), "descent-flap-idle", GUINT_TO_POINTER (id));
}

/**
 * descent_flap_bind_button:
 * @flap: a flap
 * @button: the button that reveals it, bound to its #AdwFlap:reveal-flap
 *
 * Shows @button exactly while @flap is folded.
 */
void
descent_flap_bind_button (AdwFlap   *flap,
                          GtkWidget *button)
{
  g_return_if_fail (ADW_IS_FLAP (flap));
  g_return_if_fail (GTK_IS_WIDGET (button));

  g_object_set_data (G_OBJECT (button), "descent-flap", flap);
  g_signal_connect_object (flap, "notify::folded", G_CALLBACK (folded_changed_cb), button, 0);
  gtk_widget_set_visible (button, adw_flap_get_folded (flap));
}
