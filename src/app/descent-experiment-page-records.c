/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The experiment page's record shown: the grid of plot views and its
 * layout, a saved record shown without running, and the saved runs
 * overlaid on the plots (add, remove, apply to the views). */
#define G_LOG_DOMAIN "descent-experiment-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "descent-experiment-page-private.h"
#include "descent-plot-view.h"
#include "dt-error.h"

/* Plot layout: the grid's margin and spacing (see the template), the
 * smallest readable plot, and how many rows of plots share the screen. */
#define PLOT_MARGIN      12
#define PLOT_SPACING     12
#define PLOT_MIN_WIDTH   420
#define PLOT_MIN_HEIGHT  300
#define ROWS_PER_SCREEN  2

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
void
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

void
descent_experiment_page_set_record (DescentExperimentPage *self,
                                    DtRecord              *record)
{
  if (record != NULL)
    dt_record_ref (record);
  g_clear_pointer (&self->record, dt_record_unref);
  self->record = record;

  if (record != NULL)
    descent_experiment_page_show_plots (self, record);
  descent_experiment_page_update_stale (self);
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
      g_autofree char *duration = descent_experiment_page_format_duration (wall_seconds);

      /* Translators: “file name” — status of the run (complete, cancelled, failed), its duration */
      text = g_strdup_printf (_("Showing “%s” — %s, %s"), source_name,
                              descent_experiment_page_describe_status (dt_record_get_status (record)), duration);
    }
  else if (source_name != NULL)
    {
      text = g_strdup_printf (_("Showing “%s” — %s"), source_name,
                              descent_experiment_page_describe_status (dt_record_get_status (record)));
    }
  else
    {
      text = g_strdup (descent_experiment_page_describe_status (dt_record_get_status (record)));
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

  descent_experiment_page_notify_has_result (self);

  return TRUE;
}

/* A record's name where room is short (the legends, the side panel's
 * column heads): its file name without the folder and the suffix every
 * record has; the whole name is in the tooltips. */
char *
descent_experiment_page_dup_short_label (const char *label)
{
  static const char * const suffixes[] = { ".descent.json", ".json" };
  g_autofree char *base = NULL;

  if (label == NULL)
    return NULL;

  base = g_path_get_basename (label);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (base, suffixes[i]) && strlen (base) > strlen (suffixes[i]))
      return g_strndup (base, strlen (base) - strlen (suffixes[i]));

  return g_steal_pointer (&base);
}

void
descent_experiment_page_apply_overlays (DescentExperimentPage *self)
{
  g_autofree char *record_label = descent_experiment_page_dup_short_label (self->record_label);

  for (guint i = 0; i < self->plot_views->len; i++)
    {
      DescentPlotView *view = g_ptr_array_index (self->plot_views, i);

      descent_plot_view_set_label (view, record_label);

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
              g_ptr_array_add (labels,
                               descent_experiment_page_dup_short_label (g_ptr_array_index (self->overlay_labels, j)));
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
 *   (they show it without its ".descent.json" suffix)
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
