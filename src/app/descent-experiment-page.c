/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-experiment-page"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "descent-experiment-page.h"
#include "descent-param-panel.h"
#include "descent-plot-view.h"
#include "descent-run.h"
#include "dt-error.h"
#include "dt-registry.h"

/* About 30 updates a second: smooth, yet cheap next to the engine. */
#define POLL_INTERVAL_MS 33

/* Plot layout: the grid's margin and spacing (see the template), the
 * smallest readable plot, and how many rows of plots share the screen. */
#define PLOT_MARGIN      12
#define PLOT_SPACING     12
#define PLOT_MIN_WIDTH   420
#define PLOT_MIN_HEIGHT  300
#define ROWS_PER_SCREEN  2

struct _DescentExperimentPage
{
  GtkBox              parent_instance;

  DescentParamPanel  *param_panel;
  GtkScrolledWindow  *plot_scroller;
  GtkGrid            *plot_grid;
  GtkLabel           *status_label;
  GtkProgressBar     *progress_bar;
  GtkButton          *reset_button;

  const DtExperiment *experiment;
  GPtrArray          *plot_views;
  DtRecord           *record;
  gboolean            has_result;

  DescentRun         *run;
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
}

static void
descent_experiment_page_update_progress (DescentExperimentPage *self)
{
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  double fraction = descent_run_get_progress (self->run, &message);
  double elapsed = descent_run_get_elapsed (self->run);
  int percent = (int) floor (fraction * 100.0);

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);

  if (fraction >= 0.02 && fraction < 1.0 && elapsed >= 1.0)
    {
      g_autofree char *remaining = format_remaining (elapsed * (1.0 - fraction) / fraction);

      /* Translators: progress of a run, e.g. "42 % — about 12 s left" */
      text = g_strdup_printf (_("%d %% — about %s left"), percent, remaining);
    }
  else
    {
      /* Translators: progress of a run in percent */
      text = g_strdup_printf (_("%d %%"), percent);
    }
  gtk_progress_bar_set_text (self->progress_bar, text);

  if (descent_run_is_cancelled (self->run))
    descent_experiment_page_set_status (self, _("Stopping…"), FALSE);
  else if (message != NULL)
    descent_experiment_page_set_status (self, message, FALSE);
}

static gboolean
poll_cb (gpointer user_data)
{
  DescentExperimentPage *self = user_data;
  DtRecord *live = descent_run_get_record (self->run);
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

static void
descent_experiment_page_set_busy (DescentExperimentPage *self,
                                  gboolean               busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->param_panel), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_button), !busy);
}

static void
run_done_cb (DescentRun *run,
             gpointer    owner)
{
  DescentExperimentPage *self = owner;
  g_autoptr(GError) error = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;
  DtRecord *record;
  double fraction;

  /* A run replaced or abandoned in the meantime is of no interest. */
  if (self->run != run)
    return;

  g_clear_handle_id (&self->poll_id, g_source_remove);

  record = descent_run_get_record (run);
  fraction = descent_run_get_progress (run, NULL);
  duration = format_duration (descent_run_get_elapsed (run));
  descent_run_propagate_error (run, &error);

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

  g_clear_pointer (&self->run, descent_run_unref);
  descent_experiment_page_set_busy (self, FALSE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_RESULT]);
}

static void
param_panel_changed_cb (DescentExperimentPage *self,
                        DescentParamPanel     *panel)
{
  descent_experiment_page_update_prepared (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAMS_VALID]);
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
    descent_run_cancel (self->run);
  g_clear_pointer (&self->run, descent_run_unref);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->layout_idle_id, g_source_remove);

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
  g_clear_pointer (&self->plot_views, g_ptr_array_unref);

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

  g_type_ensure (DESCENT_TYPE_PARAM_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/descentlab/Descent/descent-experiment-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, param_panel);
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, plot_scroller);
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, plot_grid);
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DescentExperimentPage, reset_button);
  gtk_widget_class_bind_template_callback (widget_class, param_panel_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
}

static void
descent_experiment_page_init (DescentExperimentPage *self)
{
  self->plot_views = g_ptr_array_new ();
  self->plot_columns = 1;

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
  record = dt_experiment_prepare_record (self->experiment, params);
  if (record == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_FAILED,
                   _("Could not prepare a run of “%s”"), self->experiment->id);
      return FALSE;
    }

  self->run = descent_run_start (self->experiment, params, record, G_OBJECT (self), run_done_cb);
  self->has_result = FALSE;

  /* The views get copies: the worker keeps appending to the original. */
  self->last_generation = dt_record_get_generation (record);
  copy = dt_record_copy (record);
  descent_experiment_page_set_record (self, copy);

  descent_experiment_page_set_busy (self, TRUE);
  descent_experiment_page_set_status (self, _("Starting…"), FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, _("0 %"));

  self->poll_id = g_timeout_add (POLL_INTERVAL_MS, poll_cb, self);

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

  descent_run_cancel (self->run);
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

  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

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

  params = dt_record_dup_params (record, self->experiment, error);
  if (params == NULL)
    return FALSE;

  self->has_result = TRUE;
  descent_experiment_page_set_record (self, record);
  descent_param_panel_set_params (self->param_panel, params);

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
