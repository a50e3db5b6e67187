/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "descent-window.h"
#include "descent-notify-watch.h"

G_BEGIN_DECLS

/*
 * Internals shared by the files of DescentWindow: descent-window.c (the
 * object, its sidebar, pages and banner), descent-window-actions.c,
 * descent-window-files.c and descent-window-dnd.c. Not part of the app's
 * API.
 */

/* The name under which records are kept in the recent files list. */
#define RECENT_APP_NAME  "descent"
#define RECENT_MAX_ITEMS 10
#define RECORD_MIME_TYPE "application/x-descent-record"
#define RECORD_SUFFIX    ".descent.json"

struct _DescentWindow
{
  AdwApplicationWindow  parent_instance;

  GtkListBox           *sidebar;
  GtkWidget            *run_button;
  AdwFlap              *sidebar_flap;
  GtkWidget            *sidebar_button;
  GtkStack             *stack;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkImage             *banner_icon;
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  GMenu                *recent_menu;
  GMenu                *example_menu;

  GSettings            *settings;
  GtkFileChooserNative *chooser;
  GtkWidget            *question;
  char                 *error_message;
  AdwToast             *last_toast;
  GFile                *last_folder;
  /* Set once the user chose to stop the run and close: the window closes
   * when the run has ended and is saved. */
  gboolean              close_after_run;
  GtkWidget            *history_window;

  GtkRecentManager     *recent_manager;
  gboolean              live_mode;
  gboolean              details_visible;
  double                notify_after;
  guint                 n_notifications;
  DescentNotifyWatch   *notify_watch;
};

/* descent-window.c */
const char *descent_window_translate            (const char            *text);
void        descent_window_hide_banner          (DescentWindow         *self);
void        descent_window_show_toast           (DescentWindow         *self,
                                                 const char            *message,
                                                 const char            *button_label,
                                                 const char            *path);

/* descent-window-actions.c */
DescentExperimentPage *descent_window_get_running_page (DescentWindow *self);
void        descent_window_run_page             (DescentWindow         *self,
                                                 DescentExperimentPage *page);
void        descent_window_class_install_actions (GtkWidgetClass       *widget_class);
void        descent_window_update_actions       (DescentWindow         *self);

/* descent-window-files.c */
char       *descent_window_dup_examples_dir     (void);
char       *descent_window_default_file_name    (DescentExperimentPage *page,
                                                 const char            *suffix);
void        descent_window_set_chooser          (DescentWindow         *self,
                                                 GtkFileChooserNative  *chooser);
void        descent_window_add_filter           (GtkFileChooser        *chooser,
                                                 const char            *name,
                                                 const char            *pattern,
                                                 const char            *mime_type,
                                                 const char            *extension);
void        descent_window_add_recent           (DescentWindow         *self,
                                                 const char            *path);
void        descent_window_remember_folder      (DescentWindow         *self,
                                                 const char            *path);
void        descent_window_show_chooser         (DescentWindow         *self,
                                                 GtkFileChooserNative  *chooser);
void        descent_window_update_recent_menu   (DescentWindow         *self);
void        descent_window_update_example_menu  (DescentWindow         *self);
void        descent_window_open_interactive     (DescentWindow         *self,
                                                 GFile                **files,
                                                 guint                  n_files,
                                                 gboolean               remember);

/* descent-window-history.c */
void        descent_window_save_to_history      (DescentWindow         *self,
                                                 DescentExperimentPage *page);
gboolean    descent_window_confirm_close        (DescentWindow         *self);

/* descent-window-focus.c */
void        descent_window_init_focus           (DescentWindow         *self);

/* descent-window-dnd.c */
void        descent_window_init_dnd             (DescentWindow         *self);

G_END_DECLS
