/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DESCENT_TYPE_PREFERENCES_WINDOW (descent_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (DescentPreferencesWindow, descent_preferences_window, DESCENT, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *descent_preferences_window_new (GtkWindow *parent,
                                           GSettings *settings);

G_END_DECLS
