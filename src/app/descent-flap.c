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

typedef struct
{
  AdwFlap   *flap;
  GtkWidget *button;
} Update;

static void
update_free (gpointer data)
{
  Update *update = data;

  g_object_set_data (G_OBJECT (update->button), "descent-flap-idle", NULL);
  g_object_unref (update->flap);
  g_object_unref (update->button);
  g_free (update);
}

static gboolean
update_button_cb (gpointer data)
{
  Update *update = data;

  gtk_widget_set_visible (update->button, adw_flap_get_folded (update->flap));

  return G_SOURCE_REMOVE;
}

static void
folded_changed_cb (AdwFlap    *flap,
                   GParamSpec *pspec,
                   GtkWidget  *button)
{
  Update *update;

  if (g_object_get_data (G_OBJECT (button), "descent-flap-idle") != NULL)
    return;

  /* both stay alive until the idle ran, even if the window goes first */
  update = g_new0 (Update, 1);
  update->flap = g_object_ref (flap);
  update->button = g_object_ref (button);
  g_object_set_data (G_OBJECT (button), "descent-flap-idle", update);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, update_button_cb, update, update_free);
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

  g_signal_connect_object (flap, "notify::folded", G_CALLBACK (folded_changed_cb), button, 0);
  gtk_widget_set_visible (button, adw_flap_get_folded (flap));
}
