/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * For tests only: hooks into DescentWindow's internal state (its dialogs,
 * menus, banner and notifications) that tests/gui use to check and drive
 * the window. Nothing in the app calls them; do not use them there.
 */

#include "descent-window.h"

G_BEGIN_DECLS

/* Responses of the dialog that asks how to open a record (see
 * descent_window_get_question()). */
#define DESCENT_RESPONSE_OVERLAY "overlay"
#define DESCENT_RESPONSE_REPLACE "replace"
#define DESCENT_RESPONSE_CANCEL  "cancel"
#define DESCENT_RESPONSE_STOP    "stop"

char       **descent_window_dup_sidebar_ids     (DescentWindow *self);
GtkWidget   *descent_window_get_question        (DescentWindow *self);
GMenuModel  *descent_window_get_recent_menu     (DescentWindow *self);
GMenuModel  *descent_window_get_example_menu    (DescentWindow *self);
void         descent_window_set_notify_after    (DescentWindow *self,
                                                 double         seconds);
guint        descent_window_get_n_notifications (DescentWindow *self);
const char  *descent_window_get_error_message   (DescentWindow *self);
AdwToast    *descent_window_get_last_toast      (DescentWindow *self);
GtkWidget   *descent_window_show_history        (DescentWindow *self);
void         descent_window_save_interactive    (DescentWindow *self,
                                                 const char    *path);
gboolean     descent_window_move_focus          (DescentWindow    *self,
                                                 GtkDirectionType  direction);

G_END_DECLS
