/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "descent-history.h"

G_BEGIN_DECLS

#define DESCENT_TYPE_HISTORY_WINDOW (descent_history_window_get_type ())

G_DECLARE_FINAL_TYPE (DescentHistoryWindow, descent_history_window, DESCENT, HISTORY_WINDOW, AdwWindow)

GtkWidget      *descent_history_window_new         (GtkWindow            *parent,
                                                    DescentHistory       *history);
DescentHistory *descent_history_window_get_history (DescentHistoryWindow *self);

/*
 * For tests only: hooks into the window's rows, dialogs and toasts that
 * tests/gui use to check and drive it, doing what clicking and typing do.
 * Nothing in the app calls them; do not use them there.
 */

/* The names of the pages of the window's stack (see
 * descent_history_window_get_visible_page()). */
#define DESCENT_HISTORY_PAGE_LIST       "list"
#define DESCENT_HISTORY_PAGE_EMPTY      "empty"
#define DESCENT_HISTORY_PAGE_NO_RESULTS "no-results"
#define DESCENT_HISTORY_PAGE_ERROR      "error"

/* The responses of the dialog that asks before a run is deleted. */
#define DESCENT_HISTORY_RESPONSE_CANCEL "cancel"
#define DESCENT_HISTORY_RESPONSE_DELETE "delete"

guint          descent_history_window_get_n_rows           (DescentHistoryWindow *self);
GtkWidget     *descent_history_window_get_row              (DescentHistoryWindow *self,
                                                            guint                 index);
const char    *descent_history_window_get_row_file         (DescentHistoryWindow *self,
                                                            guint                 index);
gboolean       descent_history_window_activate_row_action  (DescentHistoryWindow *self,
                                                            guint                 index,
                                                            const char           *action);
void           descent_history_window_set_row_note         (DescentHistoryWindow *self,
                                                            guint                 index,
                                                            const char           *note);
void           descent_history_window_set_search_text      (DescentHistoryWindow *self,
                                                            const char           *text);
const char    *descent_history_window_get_visible_page     (DescentHistoryWindow *self);
AdwStatusPage *descent_history_window_get_error_page       (DescentHistoryWindow *self);
GtkWidget     *descent_history_window_get_question         (DescentHistoryWindow *self);
const char    *descent_history_window_get_last_toast_title (DescentHistoryWindow *self);

G_END_DECLS
