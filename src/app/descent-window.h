/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "descent-application.h"
#include "descent-experiment-page.h"

G_BEGIN_DECLS

#define DESCENT_TYPE_WINDOW (descent_window_get_type ())

G_DECLARE_FINAL_TYPE (DescentWindow, descent_window, DESCENT, WINDOW, GtkApplicationWindow)

DescentWindow         *descent_window_new               (DescentApplication *application);
DescentExperimentPage *descent_window_get_page          (DescentWindow      *self,
                                                         const char         *experiment_id);
DescentExperimentPage *descent_window_get_visible_page  (DescentWindow      *self);
void                   descent_window_show_experiment   (DescentWindow      *self,
                                                         const char         *experiment_id);
char                 **descent_window_dup_sidebar_ids   (DescentWindow      *self);
gboolean               descent_window_open_path         (DescentWindow      *self,
                                                         const char         *path,
                                                         GError            **error);
gboolean               descent_window_save_to_path      (DescentWindow      *self,
                                                         const char         *path,
                                                         GError            **error);
gboolean               descent_window_export_to_path    (DescentWindow      *self,
                                                         const char         *path,
                                                         GError            **error);
void                   descent_window_show_error        (DescentWindow      *self,
                                                         const char         *message);
const char            *descent_window_get_error_message (DescentWindow      *self);

G_END_DECLS
