/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "descent-application.h"
#include "descent-export-dialog.h"
#include "descent-experiment-page.h"

G_BEGIN_DECLS

#define DESCENT_TYPE_WINDOW (descent_window_get_type ())

G_DECLARE_FINAL_TYPE (DescentWindow, descent_window, DESCENT, WINDOW, AdwApplicationWindow)

char                  *descent_window_dup_command         (DescentWindow      *self);
void                   descent_window_show_welcome        (DescentWindow      *self);
DescentExportDialog   *descent_window_new_export_dialog   (DescentWindow      *self);

DescentWindow         *descent_window_new                 (DescentApplication *application);
DescentExperimentPage *descent_window_get_page            (DescentWindow      *self,
                                                           const char         *experiment_id);
DescentExperimentPage *descent_window_get_visible_page    (DescentWindow      *self);
void                   descent_window_show_experiment     (DescentWindow      *self,
                                                           const char         *experiment_id);
gboolean               descent_window_open_path           (DescentWindow      *self,
                                                           const char         *path,
                                                           GError            **error);
gboolean               descent_window_overlay_path        (DescentWindow      *self,
                                                           const char         *path,
                                                           GError            **error);
void                   descent_window_open_files          (DescentWindow      *self,
                                                           GFile             **files,
                                                           guint               n_files);
void                   descent_window_set_live_mode       (DescentWindow      *self,
                                                           gboolean            live_mode);
gboolean               descent_window_get_live_mode       (DescentWindow      *self);
void                   descent_window_set_details_visible (DescentWindow      *self,
                                                           gboolean            visible);
gboolean               descent_window_get_details_visible (DescentWindow      *self);
gboolean               descent_window_save_to_path        (DescentWindow      *self,
                                                           const char         *path,
                                                           GError            **error);
gboolean               descent_window_export_to_path      (DescentWindow      *self,
                                                           const char         *path,
                                                           GError            **error);
void                   descent_window_show_error          (DescentWindow      *self,
                                                           const char         *message);

G_END_DECLS
