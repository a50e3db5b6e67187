/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inside the experiment page: the DescentExperimentPage struct and what
 * its files share (descent-experiment-page.c the widget, its public API
 * and the running; descent-experiment-page-records.c the record shown,
 * its plots, saved records and overlays; descent-experiment-page-details.c
 * the side panel comparing parameters and provenance). Not for use
 * outside them. */
#pragma once

#include <adwaita.h>

#include "descent-experiment-page.h"
#include "descent-latency.h"
#include "descent-param-panel.h"
#include "dt-run.h"

G_BEGIN_DECLS

struct _DescentExperimentPage
{
  GtkBox              parent_instance;

  DescentParamPanel  *param_panel;
  GtkRevealer        *stale_revealer;
  AdwFlap            *flap;
  GtkWidget          *flap_button;
  GtkScrolledWindow  *plot_scroller;
  GtkGrid            *plot_grid;
  GtkLabel           *status_label;
  char               *status_text;
  gboolean            status_error;
  char               *invalid_text;
  char               *elsewhere_text;
  GtkProgressBar     *progress_bar;
  GtkButton          *reset_button;
  GtkStack           *left_stack;
  GtkBox             *details_box;
  GtkLabel           *details_hint;
  GtkWidget          *details_grid;

  const DtExperiment *experiment;
  GPtrArray          *plot_views;
  DtRecord           *record;
  char               *record_label;
  gboolean            has_result;

  /* Saved runs drawn over the record, each with its file name. */
  GPtrArray          *overlays;
  GPtrArray          *overlay_labels;

  gboolean            live;
  guint               live_timeout_id;
  gboolean            live_restart;
  gboolean            applying_record;

  DtRun              *run;
  DescentLatency     *latency;  /* DESCENT_DEBUG_LATENCY probe of the current run */
  guint               poll_id;
  guint               last_generation;

  guint               layout_idle_id;
  int                 plot_columns;
};

/* descent-experiment-page.c */
char       *descent_experiment_page_format_duration   (double                 seconds);
const char *descent_experiment_page_describe_status   (DtRecordStatus         status);
void        descent_experiment_page_set_status        (DescentExperimentPage *self,
                                                       const char            *text,
                                                       gboolean               is_error);
void        descent_experiment_page_notify_has_result (DescentExperimentPage *self);
void        descent_experiment_page_update_stale      (DescentExperimentPage *self);

/* descent-experiment-page-records.c */
void        descent_experiment_page_queue_layout      (DescentExperimentPage *self);
void        descent_experiment_page_set_record        (DescentExperimentPage *self,
                                                       DtRecord              *record);
void        descent_experiment_page_apply_overlays    (DescentExperimentPage *self);
char       *descent_experiment_page_dup_short_label   (const char            *label);

/* descent-experiment-page-details.c */
void        descent_experiment_page_update_details    (DescentExperimentPage *self);

G_END_DECLS
