/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dt-experiment.h"
#include "dt-record.h"

G_BEGIN_DECLS

#define DESCENT_TYPE_EXPERIMENT_PAGE (descent_experiment_page_get_type ())

G_DECLARE_FINAL_TYPE (DescentExperimentPage, descent_experiment_page, DESCENT, EXPERIMENT_PAGE, GtkBox)

DescentExperimentPage *descent_experiment_page_new            (const DtExperiment    *experiment);
const DtExperiment    *descent_experiment_page_get_experiment (DescentExperimentPage *self);
gboolean               descent_experiment_page_set_param      (DescentExperimentPage *self,
                                                               const char            *key,
                                                               const char            *text,
                                                               GError               **error);
gboolean               descent_experiment_page_set_default    (DescentExperimentPage *self,
                                                               const char            *key,
                                                               const char            *text,
                                                               GError               **error);
DtParams              *descent_experiment_page_get_params     (DescentExperimentPage *self);
void                   descent_experiment_page_set_params     (DescentExperimentPage *self,
                                                               const DtParams        *params);
gboolean               descent_experiment_page_get_params_valid (DescentExperimentPage *self);
gboolean               descent_experiment_page_run            (DescentExperimentPage *self,
                                                               GError               **error);
void                   descent_experiment_page_stop           (DescentExperimentPage *self);
gboolean               descent_experiment_page_is_running     (DescentExperimentPage *self);
gboolean               descent_experiment_page_has_result     (DescentExperimentPage *self);
DtRecord              *descent_experiment_page_get_record     (DescentExperimentPage *self);
gboolean               descent_experiment_page_is_restarting  (DescentExperimentPage *self);
gboolean               descent_experiment_page_get_stale      (DescentExperimentPage *self);
void                   descent_experiment_page_reset_params   (DescentExperimentPage *self);
void                   descent_experiment_page_set_run_elsewhere (DescentExperimentPage *self,
                                                                  const char            *title);
const char            *descent_experiment_page_get_status_text (DescentExperimentPage *self);
GtkWidget             *descent_experiment_page_get_focus_region (DescentExperimentPage *self,
                                                                 gboolean               plots);
gboolean               descent_experiment_page_show_record    (DescentExperimentPage *self,
                                                               DtRecord              *record,
                                                               const char            *source_name,
                                                               GError               **error);
GPtrArray             *descent_experiment_page_get_plot_views (DescentExperimentPage *self);
gboolean               descent_experiment_page_add_overlay    (DescentExperimentPage *self,
                                                               DtRecord              *record,
                                                               const char            *label,
                                                               GError               **error);
void                   descent_experiment_page_remove_overlay (DescentExperimentPage *self,
                                                               guint                  index);
void                   descent_experiment_page_clear_overlays (DescentExperimentPage *self);
guint                  descent_experiment_page_get_n_overlays (DescentExperimentPage *self);
const char            *descent_experiment_page_get_overlay_label (DescentExperimentPage *self,
                                                                  guint                  index);
void                   descent_experiment_page_set_details_visible (DescentExperimentPage *self,
                                                                    gboolean               visible);
gboolean               descent_experiment_page_get_details_visible (DescentExperimentPage *self);
void                   descent_experiment_page_set_live       (DescentExperimentPage *self,
                                                               gboolean               live);
gboolean               descent_experiment_page_get_live       (DescentExperimentPage *self);

G_END_DECLS
