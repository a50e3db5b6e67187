/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The experiment page: its class, properties and signal, construction,
 * the public API and the running (start and stop, progress polling, the
 * run's end, live mode). The record shown and the overlays are in
 * descent-experiment-page-records.c, the side panel in
 * descent-experiment-page-details.c. */
#define G_LOG_DOMAIN "descent-experiment-page"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "descent-experiment-page-private.h"
#include "descent-flap.h"
#include "dt-error.h"
#include "dt-registry.h"

/* About 30 updates a second: smooth, yet cheap next to the engine. */
#define POLL_INTERVAL_MS 33

/* Live mode waits this long after the last change before it runs. */
#define LIVE_DELAY_MS    300

G_DEFINE_FINAL_TYPE (DescentExperimentPage, descent_experiment_page, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_HAS_RESULT,
  PROP_PARAMS_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RUN_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
descent_experiment_page_format_duration (double seconds)
{
  if (seconds < 60.0)
    /* Translators: a duration in seconds, with one decimal */
    return g_strdup_printf (_("%.1f s"), seconds);

  /* Translators: a duration in minutes and seconds */
  return g_strdup_printf (_("%d min %02d s"), (int) (seconds / 60.0), (int) fmod (seconds, 60.0));
}

static char *
format_remaining (double seconds)
{
  if (seconds < 60.0)
    /* Translators: a rough remaining time in seconds */
    return g_strdup_printf (_("%d s"), (int) ceil (seconds));
  if (seconds < 3600.0)
    /* Translators: a rough remaining time in minutes */
    return g_strdup_printf (_("%d min"), (int) ceil (seconds / 60.0));

  /* Translators: a rough remaining time in hours and minutes */
  return g_strdup_printf (_("%d h %02d min"), (int) (seconds / 3600.0), (int) fmod (seconds / 60.0, 60.0));
}

const char *
descent_experiment_page_describe_status (DtRecordStatus status)
{
  switch (status)
    {
    case DT_STATUS_COMPLETE:
      return _("complete");
    case DT_STATUS_CANCELLED:
      return _("stopped early");
    case DT_STATUS_FAILED:
      return _("failed");
    case DT_STATUS_RUNNING:
    default:
      return _("running");
    }
}

/* The status line shows, first, that another page runs (this page can
 * not start one then), then why the parameters cannot run, then the
 * page's own state. */
static void
descent_experiment_page_refresh_status (DescentExperimentPage *self)
{
  const char *text = self->status_text;
  gboolean is_error = self->status_error;

  if (self->elsewhere_text != NULL && self->run == NULL)
    {
      text = self->elsewhere_text;
      is_error = FALSE;
    }
  else if (self->invalid_text != NULL && self->run == NULL)
    {
      text = self->invalid_text;
      is_error = TRUE;
    }

  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), is_error ? text : NULL);

  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

void
descent_experiment_page_set_status (DescentExperimentPage *self,
                                    const char            *text,
                                    gboolean               is_error)
{
  g_free (self->status_text);
  self->status_text = g_strdup (text);
  self->status_error = is_error;
  descent_experiment_page_refresh_status (self);
}

/**
 * descent_experiment_page_set_run_elsewhere:
 * @self: a page
 * @title: (nullable): the title of the experiment running on another
 *   page, or %NULL when none runs
 *
 * Says in the status line that another page runs, instead of this page's
 * own state, which returns when @title is %NULL.
 */
void
descent_experiment_page_set_run_elsewhere (DescentExperimentPage *self,
                                           const char            *title)
{
  g_return_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self));

  g_clear_pointer (&self->elsewhere_text, g_free);
  if (title != NULL)
    /* Translators: the status line of a page while another experiment runs */
    self->elsewhere_text = g_strdup_printf (_("“%s” is running; its page shows the progress."), title);
  descent_experiment_page_refresh_status (self);
}

/* What the status line holds, for tests. */
const char *
descent_experiment_page_get_status_text (DescentExperimentPage *self)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), NULL);

  return gtk_label_get_text (self->status_label);
}

/* For the page's other files, which do not see the property table. */
void
descent_experiment_page_notify_has_result (DescentExperimentPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_RESULT]);
}

/* Before a run, the empty plots of a run with the current parameters. */
static void
descent_experiment_page_update_prepared (DescentExperimentPage *self)
{
  g_autoptr(DtParams) params = NULL;
  g_autoptr(DtRecord) record = NULL;

  if (self->has_result || self->run != NULL || self->experiment == NULL)
    return;

  if (!descent_param_panel_get_valid (self->param_panel))
    return;

  params = descent_param_panel_get_params (self->param_panel);
  record = dt_experiment_prepare_record (self->experiment, params);
  if (record != NULL)
    descent_experiment_page_set_record (self, record);
  descent_experiment_page_update_details (self);
}

static void
descent_experiment_page_update_progress (DescentExperimentPage *self)
{
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  double fraction = dt_run_get_progress (self->run, &message);
  double seconds_left = dt_run_get_remaining (self->run);
  int percent = (int) floor (fraction * 100.0);

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);

  if (seconds_left >= 0.0)
    {
      g_autofree char *remaining = format_remaining (seconds_left);

      /* Translators: progress of a run, e.g. "42 % — about 12 s left" */
      text = g_strdup_printf (_("%d %% — about %s left"), percent, remaining);
    }
  else
    {
      /* Translators: progress of a run in percent */
      text = g_strdup_printf (_("%d %%"), percent);
    }
  gtk_progress_bar_set_text (self->progress_bar, text);

  if (dt_run_is_cancelled (self->run))
    descent_experiment_page_set_status (self, _("Stopping…"), FALSE);
  else if (message != NULL)
    descent_experiment_page_set_status (self, message, FALSE);
}

static gboolean
poll_cb (gpointer user_data)
{
  DescentExperimentPage *self = user_data;
  DtRecord *live = dt_run_get_record (self->run);
  guint generation = dt_record_get_generation (live);

  if (generation != self->last_generation)
    {
      g_autoptr(DtRecord) copy = dt_record_copy (live);

      self->last_generation = generation;
      descent_experiment_page_set_record (self, copy);
    }

  descent_experiment_page_update_progress (self);

  return G_SOURCE_CONTINUE;
}

/* In live mode the parameters stay editable: a change restarts the run. */
static void
descent_experiment_page_set_busy (DescentExperimentPage *self,
                                  gboolean               busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->param_panel), !busy || self->live);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_button), !busy || self->live);
}

static void
run_done_cb (DtRun    *run,
             gpointer  owner)
{
  DescentExperimentPage *self = owner;
  g_autoptr(GError) error = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;
  DtRecord *record;
  double fraction;
  double elapsed;

  /* A run replaced or abandoned in the meantime is of no interest. */
  if (self->run != run)
    return;

  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->latency != NULL)
    descent_latency_finish (g_steal_pointer (&self->latency), self->experiment->id);

  record = dt_run_get_record (run);
  fraction = dt_run_get_progress (run, NULL);
  elapsed = dt_run_get_elapsed (run);
  duration = descent_experiment_page_format_duration (elapsed);
  dt_run_propagate_error (run, &error);

  /* The worker is gone: the record no longer changes and needs no copy. */
  self->has_result = TRUE;
  descent_experiment_page_set_record (self, record);

  switch (dt_record_get_status (record))
    {
    case DT_STATUS_COMPLETE:
      text = g_strdup_printf (_("Finished in %s"), duration);
      descent_experiment_page_set_status (self, text, FALSE);
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      gtk_progress_bar_set_text (self->progress_bar, _("100 %"));
      break;

    case DT_STATUS_CANCELLED:
      text = g_strdup_printf (_("Stopped after %s"), duration);
      descent_experiment_page_set_status (self, text, FALSE);
      g_free (text);
      /* Translators: the progress bar of a stopped run */
      text = g_strdup_printf (_("Stopped at %d %%"), (int) floor (fraction * 100.0));
      gtk_progress_bar_set_text (self->progress_bar, text);
      break;

    case DT_STATUS_FAILED:
    case DT_STATUS_RUNNING:
    default:
      {
        const char *reason = dt_record_get_message (record);

        if (reason == NULL || *reason == '\0')
          reason = error != NULL ? error->message : _("unknown error");
        text = g_strdup_printf (_("Failed: %s"), reason);
        descent_experiment_page_set_status (self, text, TRUE);
        gtk_progress_bar_set_text (self->progress_bar, _("Failed"));
      }
      break;
    }

  g_clear_pointer (&self->run, dt_run_unref);
  descent_experiment_page_set_busy (self, FALSE);
  descent_experiment_page_update_stale (self);
  descent_experiment_page_update_details (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_RESULT]);
  g_signal_emit (self, signals[RUN_FINISHED], 0, elapsed, (int) dt_record_get_status (record));

  /* Live mode stopped this run for newer parameters: start their run now. */
  if (self->live_restart)
    {
      g_autoptr(GError) restart_error = NULL;

      self->live_restart = FALSE;
      if (self->live && !descent_experiment_page_run (self, &restart_error))
        descent_experiment_page_set_status (self, restart_error->message, TRUE);
    }
}

static gboolean
live_timeout_cb (gpointer user_data)
{
  DescentExperimentPage *self = user_data;
  g_autoptr(GError) error = NULL;

  self->live_timeout_id = 0;

  if (!self->live || !descent_param_panel_get_valid (self->param_panel))
    return G_SOURCE_REMOVE;

  /* One run at a time: the current one stops, and the new one starts
   * when it has ended (see run_done_cb). */
  if (self->run != NULL)
    {
      self->live_restart = TRUE;
      dt_run_cancel (self->run);
      return G_SOURCE_REMOVE;
    }

  if (!descent_experiment_page_run (self, &error))
    descent_experiment_page_set_status (self, error->message, TRUE);

  return G_SOURCE_REMOVE;
}

/* Whether the plots show a finished run of other parameters than the
 * panel's (the number of threads, which never changes a result, aside). */
static gboolean
descent_experiment_page_is_stale (DescentExperimentPage *self)
{
  g_autoptr(DtParams) shown = NULL;
  g_autoptr(DtParams) panel = NULL;

  if (!self->has_result || self->record == NULL || self->run != NULL)
    return FALSE;

  shown = dt_record_dup_params (self->record, self->experiment, NULL);
  if (shown == NULL)
    return FALSE;
  panel = descent_param_panel_get_params (self->param_panel);
  if (dt_params_lookup_spec (panel, "threads") != NULL)
    dt_params_set_int (shown, "threads", dt_params_get_int (panel, "threads"));

  return !dt_params_equal (shown, panel);
}

/* Marks the plots when they no longer match the panel. */
void
descent_experiment_page_update_stale (DescentExperimentPage *self)
{
  gboolean stale = descent_experiment_page_is_stale (self);

  gtk_revealer_set_reveal_child (self->stale_revealer, stale);
  if (stale)
    gtk_widget_add_css_class (GTK_WIDGET (self->plot_grid), "stale");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->plot_grid), "stale");
}

/**
 * descent_experiment_page_get_focus_region:
 * @self: a page
 * @plots: %TRUE for the plots, %FALSE for the parameters (or the run
 *   details, when they are shown in their place)
 *
 * Returns: (transfer none): the widget holding that part of the page, for
 *   the window's keyboard order
 */
GtkWidget *
descent_experiment_page_get_focus_region (DescentExperimentPage *self,
                                          gboolean               plots)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), NULL);

  return plots ? GTK_WIDGET (self->plot_scroller) : GTK_WIDGET (self->left_stack);
}

/**
 * descent_experiment_page_reset_params:
 * @self: a page
 *
 * Sets every parameter back to its default, as Reset to Defaults does.
 */
void
descent_experiment_page_reset_params (DescentExperimentPage *self)
{
  g_return_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self));

  descent_param_panel_reset (self->param_panel);
}

/**
 * descent_experiment_page_get_stale:
 * @self: a page
 *
 * Returns: whether the plots are marked as showing a run of parameters the
 *   panel no longer holds
 */
gboolean
descent_experiment_page_get_stale (DescentExperimentPage *self)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), FALSE);

  return gtk_revealer_get_reveal_child (self->stale_revealer);
}

static void
param_panel_changed_cb (DescentExperimentPage *self,
                        DescentParamPanel     *panel)
{
  descent_experiment_page_update_prepared (self);
  descent_experiment_page_update_stale (self);

  g_clear_pointer (&self->invalid_text, g_free);
  self->invalid_text = descent_param_panel_dup_invalid_message (self->param_panel);
  descent_experiment_page_refresh_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAMS_VALID]);

  /* Showing a saved run sets its parameters: that is no request to run. */
  if (self->live && !self->applying_record)
    {
      g_clear_handle_id (&self->live_timeout_id, g_source_remove);
      self->live_timeout_id = g_timeout_add (LIVE_DELAY_MS, live_timeout_cb, self);
    }
}

static void
reset_clicked_cb (DescentExperimentPage *self,
                  GtkButton             *button)
{
  descent_param_panel_reset (self->param_panel);
}

static void
descent_experiment_page_show_idle (DescentExperimentPage *self)
{
  descent_experiment_page_set_status (self, _("Ready. Set the parameters and press Run."), FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, _("Not started"));
}

static void
descent_experiment_page_dispose (GObject *object)
{
  DescentExperimentPage *self = DESCENT_EXPERIMENT_PAGE (object);

  /* The worker keeps its own references; it ends soon and is joined from
   * an idle callback that no longer reaches this page. */
  if (self->run != NULL)
    dt_run_cancel (self->run);
  g_clear_pointer (&self->run, dt_run_unref);
  if (self->latency != NULL)
    descent_latency_finish (g_steal_pointer (&self->latency), self->experiment->id);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->layout_idle_id, g_source_remove);
  g_clear_handle_id (&self->live_timeout_id, g_source_remove);

  if (self->plot_views != NULL)
    g_ptr_array_set_size (self->plot_views, 0);

  gtk_widget_dispose_template (GTK_WIDGET (object), DESCENT_TYPE_EXPERIMENT_PAGE);

  G_OBJECT_CLASS (descent_experiment_page_parent_class)->dispose (object);
}

static void
descent_experiment_page_finalize (GObject *object)
{
  DescentExperimentPage *self = DESCENT_EXPERIMENT_PAGE (object);

  g_clear_pointer (&self->record, dt_record_unref);
  g_clear_pointer (&self->record_label, g_free);
  g_clear_pointer (&self->plot_views, g_ptr_array_unref);
  g_clear_pointer (&self->overlays, g_ptr_array_unref);
  g_clear_pointer (&self->overlay_labels, g_ptr_array_unref);
  g_clear_pointer (&self->status_text, g_free);
  g_clear_pointer (&self->invalid_text, g_free);
  g_clear_pointer (&self->elsewhere_text, g_free);

  G_OBJECT_CLASS (descent_experiment_page_parent_class)->finalize (object);
}

static void
descent_experiment_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  DescentExperimentPage *self = DESCENT_EXPERIMENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, descent_experiment_page_is_running (self));
      break;

    case PROP_HAS_RESULT:
      g_value_set_boolean (value, descent_experiment_page_has_result (self));
      break;

    case PROP_PARAMS_VALID:
      g_value_set_boolean (value, descent_experiment_page_get_params_valid (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
descent_experiment_page_class_init (DescentExperimentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = descent_experiment_page_dispose;
  object_class->finalize = descent_experiment_page_finalize;
  object_class->get_property = descent_experiment_page_get_property;

  /**
   * DescentExperimentPage:running:
   *
   * Whether a run of this page's experiment is in progress.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * DescentExperimentPage:has-result:
   *
   * Whether the page shows a finished, stopped or opened run that can be
   * saved and exported.
   */
  properties[PROP_HAS_RESULT] =
    g_param_spec_boolean ("has-result", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * DescentExperimentPage:params-valid:
   *
   * Whether every parameter entry holds a valid value.
   */
  properties[PROP_PARAMS_VALID] =
    g_param_spec_boolean ("params-valid", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DescentExperimentPage::run-finished:
   * @self: the page
   * @seconds: how long the run took
   * @status: its #DtRecordStatus
   *
   * Emitted when a run ends: complete, stopped or failed.
   */
  signals[RUN_FINISHED] =
    g_signal_new ("run-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_INT);

  g_type_ensure (DESCENT_TYPE_PARAM_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/descentlab/Descent/descent-experiment-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, param_panel);
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, stale_revealer);
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, flap);
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, flap_button);
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, plot_scroller);
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, plot_grid);
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, reset_button);
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, left_stack);
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, details_box);
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, details_hint);
  gtk_widget_class_bind_template_callback (widget_class, param_panel_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
}

static void
descent_experiment_page_init (DescentExperimentPage *self)
{
  self->plot_views = g_ptr_array_new ();
  self->plot_columns = 1;
  self->overlays = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_record_unref);
  self->overlay_labels = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  descent_flap_bind_button (self->flap, self->flap_button);

  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->plot_scroller),
                           "notify::page-size",
                           G_CALLBACK (descent_experiment_page_queue_layout),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->plot_scroller),
                           "notify::page-size",
                           G_CALLBACK (descent_experiment_page_queue_layout),
                           self, G_CONNECT_SWAPPED);
}

/**
 * descent_experiment_page_new:
 * @experiment: a registry entry
 *
 * Returns: (transfer floating): a page with the parameters of @experiment
 *   at their defaults and the empty plots of a run with them
 */
DescentExperimentPage *
descent_experiment_page_new (const DtExperiment *experiment)
{
  DescentExperimentPage *self;

  g_return_val_if_fail (experiment != NULL, NULL);

  self = g_object_new (DESCENT_TYPE_EXPERIMENT_PAGE, NULL);
  self->experiment = experiment;

  descent_param_panel_set_experiment (self->param_panel, experiment);
  descent_experiment_page_update_prepared (self);
  descent_experiment_page_show_idle (self);

  return self;
}

/**
 * descent_experiment_page_get_experiment:
 * @self: a page
 *
 * Returns: (transfer none): the page's experiment
 */
const DtExperiment *
descent_experiment_page_get_experiment (DescentExperimentPage *self)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), NULL);

  return self->experiment;
}

/**
 * descent_experiment_page_set_param:
 * @self: a page
 * @key: a parameter key of the page's experiment
 * @text: its value as text ("300", "0,4", "shared")
 * @error: return location for an error
 *
 * Sets a parameter as the user would in the panel.
 *
 * Returns: %TRUE on success; on failure nothing changes
 */
gboolean
descent_experiment_page_set_param (DescentExperimentPage  *self,
                                   const char             *key,
                                   const char             *text,
                                   GError                **error)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  return descent_param_panel_set_value (self->param_panel, key, text, error);
}

/**
 * descent_experiment_page_set_default:
 * @self: a page
 * @key: a parameter key of the page's experiment
 * @text: its new default
 * @error: return location for an error
 *
 * Replaces the default of a parameter, as a preference does; see
 * descent_param_panel_set_default().
 *
 * Returns: %TRUE on success
 */
gboolean
descent_experiment_page_set_default (DescentExperimentPage  *self,
                                     const char             *key,
                                     const char             *text,
                                     GError                **error)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), FALSE);

  return descent_param_panel_set_default (self->param_panel, key, text, error);
}

/**
 * descent_experiment_page_get_params:
 * @self: a page
 *
 * Returns: (transfer full): a copy of the parameters in the panel
 */
DtParams *
descent_experiment_page_get_params (DescentExperimentPage *self)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), NULL);

  return descent_param_panel_get_params (self->param_panel);
}

/**
 * descent_experiment_page_set_params:
 * @self: a page
 * @params: parameters of the page's experiment (copied)
 *
 * Shows @params in the panel.
 */
void
descent_experiment_page_set_params (DescentExperimentPage *self,
                                    const DtParams        *params)
{
  g_return_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self));
  g_return_if_fail (params != NULL);

  descent_param_panel_set_params (self->param_panel, params);
}

/**
 * descent_experiment_page_get_params_valid:
 * @self: a page
 *
 * Returns: whether every parameter entry holds a valid value
 */
gboolean
descent_experiment_page_get_params_valid (DescentExperimentPage *self)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), FALSE);

  return descent_param_panel_get_valid (self->param_panel);
}

/**
 * descent_experiment_page_run:
 * @self: a page
 * @error: return location for an error
 *
 * Starts a run with the panel's parameters on a worker thread. The plots
 * and the progress bar follow it until it ends.
 *
 * Returns: %TRUE if the run started; %FALSE if one is in progress or a
 *   parameter is invalid
 */
gboolean
descent_experiment_page_run (DescentExperimentPage  *self,
                             GError                **error)
{
  g_autoptr(DtParams) params = NULL;
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(DtRecord) copy = NULL;

  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), FALSE);

  if (self->run != NULL)
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_FAILED,
                           _("The experiment is already running"));
      return FALSE;
    }

  if (!descent_param_panel_get_valid (self->param_panel))
    {
      g_autofree char *message = descent_param_panel_dup_invalid_message (self->param_panel);

      g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID_PARAM, message);
      return FALSE;
    }

  params = descent_param_panel_get_params (self->param_panel);

  /* Constraints between parameters and the memory the run needs: refused
   * here, with the reason, before anything is allocated. */
  if (!dt_experiment_check (self->experiment, params, error))
    return FALSE;

  record = dt_experiment_prepare_record (self->experiment, params);
  if (record == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_FAILED,
                   _("Could not prepare a run of “%s”"), self->experiment->id);
      return FALSE;
    }

  self->run = dt_run_start (self->experiment, params, record, G_OBJECT (self), run_done_cb, self);
  if (self->latency != NULL)
    descent_latency_finish (g_steal_pointer (&self->latency), self->experiment->id);
  self->latency = descent_latency_start ();
  self->has_result = FALSE;
  if (self->record_label != NULL)
    {
      g_clear_pointer (&self->record_label, g_free);
      descent_experiment_page_apply_overlays (self);
    }

  /* The views get copies: the worker keeps appending to the original. */
  self->last_generation = dt_record_get_generation (record);
  copy = dt_record_copy (record);
  descent_experiment_page_set_record (self, copy);

  descent_experiment_page_set_busy (self, TRUE);
  descent_experiment_page_set_status (self, _("Starting…"), FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, _("0 %"));

  self->poll_id = g_timeout_add (POLL_INTERVAL_MS, poll_cb, self);
  descent_experiment_page_update_details (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_RESULT]);

  return TRUE;
}

/**
 * descent_experiment_page_stop:
 * @self: a page
 *
 * Asks a running experiment to stop. It ends within a fraction of a
 * second, keeping what it finished; #DescentExperimentPage:running turns
 * %FALSE then.
 */
void
descent_experiment_page_stop (DescentExperimentPage *self)
{
  g_return_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self));

  if (self->run == NULL)
    return;

  dt_run_cancel (self->run);
  descent_experiment_page_set_status (self, _("Stopping…"), FALSE);
}

/**
 * descent_experiment_page_is_running:
 * @self: a page
 *
 * Returns: whether a run is in progress
 */
gboolean
descent_experiment_page_is_running (DescentExperimentPage *self)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), FALSE);

  return self->run != NULL;
}

/**
 * descent_experiment_page_has_result:
 * @self: a page
 *
 * Returns: whether the page shows a finished, stopped, failed or opened run
 */
gboolean
descent_experiment_page_has_result (DescentExperimentPage *self)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), FALSE);

  return self->has_result;
}

/**
 * descent_experiment_page_is_restarting:
 * @self: a page
 *
 * Returns: %TRUE while the run that just ended was stopped by live mode
 *   for a run of newer parameters, which starts next
 */
gboolean
descent_experiment_page_is_restarting (DescentExperimentPage *self)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), FALSE);

  return self->live_restart;
}

/**
 * descent_experiment_page_get_record:
 * @self: a page
 *
 * Returns: (transfer full) (nullable): the record shown: the result of the
 *   last run or opened file, a snapshot of a run in progress, or the empty
 *   record of a run with the current parameters
 */
DtRecord *
descent_experiment_page_get_record (DescentExperimentPage *self)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), NULL);

  return self->record != NULL ? dt_record_ref (self->record) : NULL;
}

/**
 * descent_experiment_page_get_plot_views:
 * @self: a page
 *
 * Returns: (transfer none) (element-type DescentPlotView): the plot views,
 *   one per plot of the record shown
 */
GPtrArray *
descent_experiment_page_get_plot_views (DescentExperimentPage *self)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), NULL);

  return self->plot_views;
}

/**
 * descent_experiment_page_set_live:
 * @self: a page
 * @live: whether to run on every parameter change
 *
 * In live mode the experiment runs again 300 ms after the last parameter
 * change, stopping a run still in progress; the parameters stay editable
 * while it runs.
 */
void
descent_experiment_page_set_live (DescentExperimentPage *self,
                                  gboolean               live)
{
  g_return_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self));

  live = !!live;
  if (self->live == live)
    return;

  self->live = live;
  if (!live)
    {
      g_clear_handle_id (&self->live_timeout_id, g_source_remove);
      self->live_restart = FALSE;
    }

  descent_experiment_page_set_busy (self, self->run != NULL);
}

/**
 * descent_experiment_page_get_live:
 * @self: a page
 *
 * Returns: whether the page is in live mode
 */
gboolean
descent_experiment_page_get_live (DescentExperimentPage *self)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), FALSE);

  return self->live;
}
