/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-experiment-page"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "descent-experiment-page.h"
#include "descent-latency.h"
#include "descent-param-panel.h"
#include "descent-plot-view.h"
#include "dt-error.h"
#include "dt-registry.h"
#include "dt-run.h"

/* About 30 updates a second: smooth, yet cheap next to the engine. */
#define POLL_INTERVAL_MS 33

/* Plot layout: the grid's margin and spacing (see the template), the
 * smallest readable plot, and how many rows of plots share the screen. */
#define PLOT_MARGIN      12
#define PLOT_SPACING     12
#define PLOT_MIN_WIDTH   420
#define PLOT_MIN_HEIGHT  300
#define ROWS_PER_SCREEN  2

/* Live mode waits this long after the last change before it runs. */
#define LIVE_DELAY_MS    300

struct _DescentExperimentPage
{
  GtkBox              parent_instance;

  DescentParamPanel  *param_panel;
  GtkScrolledWindow  *plot_scroller;
  GtkGrid            *plot_grid;
  GtkLabel           *status_label;
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

static void descent_experiment_page_update_details (DescentExperimentPage *self);
static void descent_experiment_page_apply_overlays (DescentExperimentPage *self);

static char *
format_duration (double seconds)
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

static const char *
translate_param_label (const DtParamSpec *spec)
{
  return spec->label != NULL && *spec->label != '\0' ? g_dgettext (GETTEXT_PACKAGE, spec->label) : spec->key;
}

static const char *
describe_status (DtRecordStatus status)
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

static void
descent_experiment_page_set_status (DescentExperimentPage *self,
                                    const char            *text,
                                    gboolean               is_error)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), is_error ? text : NULL);

  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

/* Two columns when both plots get their minimum width; rows sized so that
 * two of them fill the visible height, the rest scrolled to. */
static void
descent_experiment_page_layout_plots (DescentExperimentPage *self)
{
  GtkAdjustment *hadjustment = gtk_scrolled_window_get_hadjustment (self->plot_scroller);
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->plot_scroller);
  double width = gtk_adjustment_get_page_size (hadjustment);
  double height = gtk_adjustment_get_page_size (vadjustment);
  guint n = self->plot_views->len;
  int columns, rows, visible_rows, row_height;

  if (width <= 0 || height <= 0)
    {
      width = gtk_widget_get_width (GTK_WIDGET (self->plot_scroller));
      height = gtk_widget_get_height (GTK_WIDGET (self->plot_scroller));
    }

  columns = (n > 1 && width >= 2 * PLOT_MIN_WIDTH + PLOT_SPACING + 2 * PLOT_MARGIN) ? 2 : 1;
  rows = n > 0 ? (int) (n + columns - 1) / columns : 1;
  visible_rows = MIN (rows, ROWS_PER_SCREEN);
  row_height = (int) ((height - 2 * PLOT_MARGIN - (visible_rows - 1) * PLOT_SPACING) / visible_rows);
  row_height = MAX (row_height, PLOT_MIN_HEIGHT);

  if (columns != self->plot_columns)
    {
      self->plot_columns = columns;

      for (guint i = 0; i < n; i++)
        {
          GtkWidget *view = g_ptr_array_index (self->plot_views, i);
          GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self->plot_grid));
          GtkGridLayoutChild *child = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout, view));

          gtk_grid_layout_child_set_column (child, (int) i % columns);
          gtk_grid_layout_child_set_row (child, (int) i / columns);
        }
    }

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *view = g_ptr_array_index (self->plot_views, i);
      int current;

      gtk_widget_get_size_request (view, NULL, &current);
      if (current != row_height)
        gtk_widget_set_size_request (view, -1, row_height);
    }
}

static gboolean
layout_idle_cb (gpointer user_data)
{
  DescentExperimentPage *self = user_data;

  self->layout_idle_id = 0;
  descent_experiment_page_layout_plots (self);

  return G_SOURCE_REMOVE;
}

/* The viewport's size is known during allocation, where sizes must not
 * change: lay out from an idle callback instead. */
static void
descent_experiment_page_queue_layout (DescentExperimentPage *self)
{
  if (self->layout_idle_id == 0)
    self->layout_idle_id = g_idle_add (layout_idle_cb, self);
}

/* Shows every plot of @record, reusing the views when the plots are the same. */
static void
descent_experiment_page_show_plots (DescentExperimentPage *self,
                                    DtRecord              *record)
{
  guint n_plots = dt_record_get_n_plots (record);
  gboolean same = n_plots == self->plot_views->len;

  for (guint i = 0; same && i < n_plots; i++)
    {
      DescentPlotView *view = g_ptr_array_index (self->plot_views, i);

      same = g_strcmp0 (descent_plot_view_get_plot_id (view), dt_record_get_plot (record, i)->id) == 0;
    }

  if (!same)
    {
      for (guint i = 0; i < self->plot_views->len; i++)
        gtk_grid_remove (self->plot_grid, g_ptr_array_index (self->plot_views, i));
      g_ptr_array_set_size (self->plot_views, 0);

      self->plot_columns = MAX (self->plot_columns, 1);
      for (guint i = 0; i < n_plots; i++)
        {
          GtkWidget *view = descent_plot_view_new ();

          gtk_grid_attach (self->plot_grid, view,
                           (int) i % self->plot_columns, (int) i / self->plot_columns, 1, 1);
          g_ptr_array_add (self->plot_views, view);
        }

      descent_experiment_page_layout_plots (self);
    }

  for (guint i = 0; i < n_plots; i++)
    descent_plot_view_set_record (g_ptr_array_index (self->plot_views, i), record,
                                  dt_record_get_plot (record, i)->id);

  if (!same)
    descent_experiment_page_apply_overlays (self);
}

static void
descent_experiment_page_set_record (DescentExperimentPage *self,
                                    DtRecord              *record)
{
  if (record != NULL)
    dt_record_ref (record);
  g_clear_pointer (&self->record, dt_record_unref);
  self->record = record;

  if (record != NULL)
    descent_experiment_page_show_plots (self, record);
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
  duration = format_duration (elapsed);
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

static void
param_panel_changed_cb (DescentExperimentPage *self,
                        DescentParamPanel     *panel)
{
  descent_experiment_page_update_prepared (self);
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
 * descent_experiment_page_show_record:
 * @self: a page
 * @record: a record of the page's experiment, e.g. loaded from a file
 * @source_name: (nullable): where it came from, for the status line
 * @error: return location for an error
 *
 * Shows @record's plots as they were saved and its parameters in the panel,
 * without running anything.
 *
 * Returns: %TRUE on success; on failure the page is unchanged
 */
gboolean
descent_experiment_page_show_record (DescentExperimentPage  *self,
                                     DtRecord               *record,
                                     const char             *source_name,
                                     GError                **error)
{
  g_autoptr(DtParams) params = NULL;
  g_autofree char *text = NULL;
  double wall_seconds;
  g_autoptr(DtRecordParamsReport) report = NULL;

  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  g_clear_handle_id (&self->live_timeout_id, g_source_remove);

  if (self->run != NULL)
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_FAILED,
                           _("Stop the running experiment before opening a record into it"));
      return FALSE;
    }

  if (g_strcmp0 (dt_record_get_experiment (record), self->experiment->id) != 0)
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                   _("The record is of experiment “%s”, not “%s”"),
                   dt_record_get_experiment (record), self->experiment->id);
      return FALSE;
    }

  /* Parameters of another version of Descent: those this one does not
   * know are left out, those it lacks take their defaults; the details
   * panel lists both. */
  params = dt_record_dup_params_full (record, self->experiment, &report, error);
  if (params == NULL)
    return FALSE;

  self->has_result = TRUE;
  g_free (self->record_label);
  self->record_label = g_strdup (source_name);
  descent_experiment_page_set_record (self, record);
  descent_experiment_page_apply_overlays (self);
  self->applying_record = TRUE;
  descent_param_panel_set_params (self->param_panel, params);
  self->applying_record = FALSE;
  descent_experiment_page_update_details (self);

  wall_seconds = dt_record_get_provenance (record)->wall_seconds;
  if (source_name != NULL && wall_seconds > 0.0)
    {
      g_autofree char *duration = format_duration (wall_seconds);

      /* Translators: “file name” — status of the run (complete, cancelled, failed), its duration */
      text = g_strdup_printf (_("Showing “%s” — %s, %s"), source_name,
                              describe_status (dt_record_get_status (record)), duration);
    }
  else if (source_name != NULL)
    {
      text = g_strdup_printf (_("Showing “%s” — %s"), source_name,
                              describe_status (dt_record_get_status (record)));
    }
  else
    {
      text = g_strdup (describe_status (dt_record_get_status (record)));
    }
  if (report->unknown[0] != NULL)
    {
      g_autofree char *keys = g_strjoinv (", ", report->unknown);
      char *with_keys;

      /* Translators: added to the status of a record opened from another
       * version of Descent; %s lists parameter keys */
      with_keys = g_strdup_printf (_("%s (parameters left out, unknown here: %s)"), text, keys);
      g_free (text);
      text = with_keys;
    }
  descent_experiment_page_set_status (self, text, FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 dt_record_get_status (record) == DT_STATUS_COMPLETE ? 1.0 : 0.0);
  gtk_progress_bar_set_text (self->progress_bar, _("Saved run"));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_RESULT]);

  return TRUE;
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

/* The side panel: one column per run shown (the page's record, then each
 * overlay), one row per parameter and provenance field. */

typedef enum
{
  FIELD_STATUS,
  FIELD_CREATED,
  FIELD_SEED,
  FIELD_APP_VERSION,
  FIELD_BLAS,
  FIELD_THREADS,
  FIELD_WALL,
  FIELD_HOST,
  N_FIELDS
} ProvenanceField;

static const struct {
  const char *key;
  const char *label;
  gboolean    compare;
} provenance_fields[N_FIELDS] = {
  /* The creation time and the duration differ between any two runs:
   * highlighting them would hide the differences that matter. */
  [FIELD_STATUS] = { "status", N_("Status"), TRUE },
  [FIELD_CREATED] = { "created", N_("Created"), FALSE },
  [FIELD_SEED] = { "seed", N_("Seed"), TRUE },
  [FIELD_APP_VERSION] = { "app_version", N_("App version"), TRUE },
  [FIELD_BLAS] = { "blas", N_("BLAS"), TRUE },
  [FIELD_THREADS] = { "threads", N_("Threads"), TRUE },
  [FIELD_WALL] = { "wall_seconds", N_("Wall time"), FALSE },
  [FIELD_HOST] = { "host", N_("Host"), TRUE },
};

static char *
dup_provenance_text (DtRecord        *record,
                     ProvenanceField  field)
{
  DtProvenance *provenance = dt_record_get_provenance (record);

  switch (field)
    {
    case FIELD_STATUS:
      return g_strdup (describe_status (dt_record_get_status (record)));
    case FIELD_CREATED:
      return g_strdup (provenance->created);
    case FIELD_SEED:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, provenance->seed);
    case FIELD_APP_VERSION:
      return g_strdup (provenance->app_version);
    case FIELD_BLAS:
      return g_strdup (provenance->blas);
    case FIELD_THREADS:
      return provenance->threads > 0 ? g_strdup_printf ("%d", provenance->threads) : NULL;
    case FIELD_WALL:
      return provenance->wall_seconds > 0.0 ? format_duration (provenance->wall_seconds) : NULL;
    case FIELD_HOST:
      return g_strdup (provenance->host);
    case N_FIELDS:
    default:
      return NULL;
    }
}

static GtkWidget *
details_label_new (const char *text,
                   gboolean    ellipsize)
{
  GtkWidget *label = gtk_label_new (text != NULL && *text != '\0' ? text : "—");

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (ellipsize)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 14);
      gtk_label_set_width_chars (GTK_LABEL (label), 6);
      if (text != NULL)
        gtk_widget_set_tooltip_text (label, text);
    }

  return label;
}

static void
overlay_remove_clicked_cb (GtkButton             *button,
                           DescentExperimentPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "overlay-index"));

  descent_experiment_page_remove_overlay (self, index);
}

/* Adds one row of values; marks it when the values differ. */
static void
details_add_row (DescentExperimentPage *self,
                 GtkGrid               *grid,
                 int                    row,
                 const char            *key,
                 const char            *label_text,
                 const char            *help,
                 char                 **values,
                 guint                  n_values,
                 gboolean               compare)
{
  g_autofree char *name = g_strdup_printf ("details-key-%s", key);
  GtkWidget *key_label = details_label_new (label_text, FALSE);
  gboolean differs = FALSE;

  for (guint i = 1; compare && i < n_values; i++)
    if (g_strcmp0 (values[i], values[0]) != 0)
      differs = TRUE;

  gtk_widget_set_name (key_label, name);
  gtk_widget_add_css_class (key_label, "dim-label");
  if (help != NULL)
    gtk_widget_set_tooltip_text (key_label, help);
  gtk_grid_attach (grid, key_label, 0, row, 1, 1);

  for (guint i = 0; i < n_values; i++)
    {
      GtkWidget *value = details_label_new (values[i], TRUE);
      g_autofree char *value_name = g_strdup_printf ("details-value-%s-%u", key, i);

      gtk_widget_set_name (value, value_name);
      gtk_widget_add_css_class (value, "details-value");
      if (differs)
        gtk_widget_add_css_class (value, "differs");
      gtk_grid_attach (grid, value, (int) i + 1, row, 1, 1);
    }

  if (differs)
    {
      gtk_widget_add_css_class (key_label, "differs");
      gtk_widget_remove_css_class (key_label, "dim-label");
    }
}

static GtkWidget *
details_heading_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);

  return label;
}

static const char *
descent_experiment_page_get_main_label (DescentExperimentPage *self)
{
  if (self->record_label != NULL)
    return self->record_label;
  if (self->run != NULL)
    return _("Current run");
  if (self->has_result)
    return _("Last run");

  return _("Current parameters");
}

static void
free_report (gpointer report)
{
  if (report != NULL)
    dt_record_params_report_free (report);
}

static void
descent_experiment_page_update_details (DescentExperimentPage *self)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_params_free);
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func (free_report);
  gboolean any_unknown = FALSE;
  GtkGrid *grid;
  int row = 0;

  if (self->details_grid != NULL)
    {
      gtk_box_remove (self->details_box, self->details_grid);
      self->details_grid = NULL;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->details_hint), self->overlays->len == 0);

  /* Built when shown: a slider drag would otherwise rebuild it each step. */
  if (self->record == NULL || self->experiment == NULL ||
      !descent_experiment_page_get_details_visible (self))
    return;

  g_ptr_array_add (records, self->record);
  g_ptr_array_add (labels, (gpointer) descent_experiment_page_get_main_label (self));
  for (guint i = 0; i < self->overlays->len; i++)
    {
      g_ptr_array_add (records, g_ptr_array_index (self->overlays, i));
      g_ptr_array_add (labels, g_ptr_array_index (self->overlay_labels, i));
    }

  /* The record of a run in progress holds the panel's parameters. */
  for (guint i = 0; i < records->len; i++)
    {
      DtRecordParamsReport *report = NULL;

      g_ptr_array_add (params, dt_record_dup_params_full (g_ptr_array_index (records, i),
                                                          self->experiment, &report, NULL));
      g_ptr_array_add (reports, report);
    }

  grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (grid, 4);
  gtk_grid_set_column_spacing (grid, 12);
  self->details_grid = GTK_WIDGET (grid);

  /* Column heads: the file names, and a button to take an overlay off. */
  for (guint i = 0; i < records->len; i++)
    {
      const char *text = g_ptr_array_index (labels, i);
      GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
      g_autofree char *stem = g_str_has_suffix (text, ".descent.json")
                              ? g_strndup (text, strlen (text) - strlen (".descent.json"))
                              : g_strdup (text);
      GtkWidget *label = details_label_new (stem, FALSE);
      PangoAttrList *attributes = pango_attr_list_new ();

      /* File names (without the suffix every record has) wrap at their
       * dashes rather than lose their distinguishing end. */
      pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
      gtk_label_set_attributes (GTK_LABEL (label), attributes);
      pango_attr_list_unref (attributes);
      gtk_widget_set_tooltip_text (label, text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 14);
      gtk_widget_set_valign (label, GTK_ALIGN_END);
      gtk_widget_add_css_class (label, "details-run");
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (head), label);

      if (i > 0)
        {
          GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
          g_autofree char *tooltip = g_strdup_printf (_("Remove the overlay “%s”"), text);
          g_autofree char *name = g_strdup_printf ("details-remove-%u", i - 1);

          gtk_widget_set_name (remove, name);
          gtk_widget_set_tooltip_text (remove, tooltip);
          gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_add_css_class (remove, "circular");
          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          g_object_set_data (G_OBJECT (remove), "overlay-index", GUINT_TO_POINTER (i - 1));
          g_signal_connect (remove, "clicked", G_CALLBACK (overlay_remove_clicked_cb), self);
          gtk_box_append (GTK_BOX (head), remove);
        }

      gtk_grid_attach (grid, head, (int) i + 1, row, 1, 1);
    }
  row++;

  gtk_grid_attach (grid, details_heading_new (_("Parameters")), 0, row++, (int) records->len + 1, 1);
  for (guint k = 0; k < self->experiment->n_params; k++)
    {
      const DtParamSpec *spec = &self->experiment->params[k];
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < records->len; i++)
        {
          DtParams *p = g_ptr_array_index (params, i);
          DtRecordParamsReport *report = g_ptr_array_index (reports, i);
          g_autofree char *value = p != NULL ? dt_params_to_string (p, spec->key) : NULL;

          if (value != NULL && report != NULL &&
              g_strv_contains ((const char * const *) report->missing, spec->key))
            {
              /* Translators: a parameter value the record did not hold, taken as the default */
              g_ptr_array_add (values, g_strdup_printf (_("%s (default)"), value));
            }
          else
            g_ptr_array_add (values, g_steal_pointer (&value));
        }

      details_add_row (self, grid, row++, spec->key, translate_param_label (spec),
                       spec->key, (char **) values->pdata, values->len, TRUE);
    }

  for (guint i = 0; i < reports->len; i++)
    {
      DtRecordParamsReport *report = g_ptr_array_index (reports, i);

      any_unknown |= report != NULL && report->unknown[0] != NULL;
    }
  if (any_unknown)
    {
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < reports->len; i++)
        {
          DtRecordParamsReport *report = g_ptr_array_index (reports, i);

          g_ptr_array_add (values, report != NULL ? g_strjoinv (", ", report->unknown) : NULL);
        }
      details_add_row (self, grid, row++, "unknown", _("Unknown here"),
                       _("Parameters of the record this version of Descent does not have; they were left out"),
                       (char **) values->pdata, values->len, FALSE);
    }

  gtk_grid_attach (grid, details_heading_new (_("Provenance")), 0, row++, (int) records->len + 1, 1);
  for (guint f = 0; f < N_FIELDS; f++)
    {
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < records->len; i++)
        g_ptr_array_add (values, dup_provenance_text (g_ptr_array_index (records, i), f));

      details_add_row (self, grid, row++, provenance_fields[f].key,
                       g_dgettext (GETTEXT_PACKAGE, provenance_fields[f].label), NULL,
                       (char **) values->pdata, values->len, provenance_fields[f].compare);
    }

  gtk_box_append (self->details_box, GTK_WIDGET (grid));
}

static void
descent_experiment_page_apply_overlays (DescentExperimentPage *self)
{
  for (guint i = 0; i < self->plot_views->len; i++)
    {
      DescentPlotView *view = g_ptr_array_index (self->plot_views, i);

      descent_plot_view_set_label (view, self->record_label);

      if (self->overlays->len == 0)
        {
          descent_plot_view_set_overlays (view, NULL, NULL);
        }
      else
        {
          g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_record_unref);
          g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

          /* Each view gets its own arrays, whatever it keeps of them. */
          for (guint j = 0; j < self->overlays->len; j++)
            {
              g_ptr_array_add (records, dt_record_ref (g_ptr_array_index (self->overlays, j)));
              g_ptr_array_add (labels, g_strdup (g_ptr_array_index (self->overlay_labels, j)));
            }
          descent_plot_view_set_overlays (view, records, labels);
        }
    }
}

/**
 * descent_experiment_page_add_overlay:
 * @self: a page
 * @record: a record of the page's experiment
 * @label: its name in the legend and the side panel, e.g. the file name
 * @error: return location for an error
 *
 * Draws @record's series over the page's plots, to compare it with the
 * run shown, and lists it in the side panel.
 *
 * Returns: %TRUE on success; on failure the page is unchanged
 */
gboolean
descent_experiment_page_add_overlay (DescentExperimentPage  *self,
                                     DtRecord               *record,
                                     const char             *label,
                                     GError                **error)
{
  g_autoptr(DtParams) params = NULL;
  g_autoptr(DtRecordParamsReport) report = NULL;

  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (label != NULL, FALSE);

  if (g_strcmp0 (dt_record_get_experiment (record), self->experiment->id) != 0)
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                   _("The record is of experiment “%s”, not “%s”"),
                   dt_record_get_experiment (record), self->experiment->id);
      return FALSE;
    }

  /* Its parameters are shown in the panel: they must be readable (those
   * unknown here are listed apart). */
  params = dt_record_dup_params_full (record, self->experiment, &report, error);
  if (params == NULL)
    return FALSE;

  g_ptr_array_add (self->overlays, dt_record_ref (record));
  g_ptr_array_add (self->overlay_labels, g_strdup (label));

  descent_experiment_page_apply_overlays (self);
  descent_experiment_page_update_details (self);

  return TRUE;
}

/**
 * descent_experiment_page_remove_overlay:
 * @self: a page
 * @index: which overlay, from 0 in the order they were added
 *
 * Takes one overlaid record off the plots and the side panel.
 */
void
descent_experiment_page_remove_overlay (DescentExperimentPage *self,
                                        guint                  index)
{
  g_return_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self));
  g_return_if_fail (index < self->overlays->len);

  g_ptr_array_remove_index (self->overlays, index);
  g_ptr_array_remove_index (self->overlay_labels, index);

  descent_experiment_page_apply_overlays (self);
  descent_experiment_page_update_details (self);
}

/**
 * descent_experiment_page_clear_overlays:
 * @self: a page
 *
 * Takes every overlaid record off the plots.
 */
void
descent_experiment_page_clear_overlays (DescentExperimentPage *self)
{
  g_return_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self));

  if (self->overlays->len == 0)
    return;

  g_ptr_array_set_size (self->overlays, 0);
  g_ptr_array_set_size (self->overlay_labels, 0);

  descent_experiment_page_apply_overlays (self);
  descent_experiment_page_update_details (self);
}

/**
 * descent_experiment_page_get_n_overlays:
 * @self: a page
 *
 * Returns: how many records are overlaid on the plots
 */
guint
descent_experiment_page_get_n_overlays (DescentExperimentPage *self)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), 0);

  return self->overlays->len;
}

/**
 * descent_experiment_page_get_overlay_label:
 * @self: a page
 * @index: which overlay
 *
 * Returns: (transfer none): its label (the file name)
 */
const char *
descent_experiment_page_get_overlay_label (DescentExperimentPage *self,
                                           guint                  index)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), NULL);
  g_return_val_if_fail (index < self->overlays->len, NULL);

  return g_ptr_array_index (self->overlay_labels, index);
}

/**
 * descent_experiment_page_set_details_visible:
 * @self: a page
 * @visible: whether to show the side panel
 *
 * Shows, in place of the parameter panel, the panel listing the parameters
 * and provenance of each run shown, or the parameter panel again.
 */
void
descent_experiment_page_set_details_visible (DescentExperimentPage *self,
                                             gboolean               visible)
{
  g_return_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self));

  gtk_stack_set_visible_child_name (self->left_stack, visible ? "details" : "params");
  descent_experiment_page_update_details (self);
}

/**
 * descent_experiment_page_get_details_visible:
 * @self: a page
 *
 * Returns: whether the side panel is shown
 */
gboolean
descent_experiment_page_get_details_visible (DescentExperimentPage *self)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->left_stack), "details") == 0;
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
