/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-window"

#include "config.h"

/*
 * The window's actions (win.open, win.save, win.export, win.run, win.stop,
 * win.open-recent, win.open-example and the property actions), the file
 * chooser and export dialog responses that finish them, and the one
 * function that decides which actions are enabled.
 */

#include <string.h>
#include <glib/gi18n.h>

#include "descent-window-private.h"
#include "descent-window-test.h"
#include "descent-export-dialog.h"
#include "descent-plot-view.h"
#include "dt-plot.h"

DescentExperimentPage *
descent_window_get_running_page (DescentWindow *self)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (DESCENT_IS_EXPERIMENT_PAGE (child) &&
          descent_experiment_page_is_running (DESCENT_EXPERIMENT_PAGE (child)))
        return DESCENT_EXPERIMENT_PAGE (child);
    }

  return NULL;
}

/* The one place that decides which window actions are available. */
void
descent_window_update_actions (DescentWindow *self)
{
  DescentExperimentPage *page = descent_window_get_visible_page (self);
  DescentExperimentPage *running = descent_window_get_running_page (self);
  gboolean idle_page = page != NULL && !descent_experiment_page_is_running (page);
  gboolean has_result = idle_page && descent_experiment_page_has_result (page);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run",
                                 idle_page && running == NULL &&
                                 descent_experiment_page_get_params_valid (page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", running != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", has_result);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", has_result);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open", TRUE);
}

static void
open_response_cb (DescentWindow        *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) list = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        g_ptr_array_add (files, g_list_model_get_item (list, i));

      descent_window_open_interactive (self, (GFile **) files->pdata, files->len, TRUE);
    }

  if (self->chooser == chooser)
    descent_window_set_chooser (self, NULL);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DescentWindow *self = DESCENT_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  descent_window_open_interactive (self, &file, 1, TRUE);
}

static void
open_example_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DescentWindow *self = DESCENT_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  descent_window_open_interactive (self, &file, 1, FALSE);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DescentWindow *self = DESCENT_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open Record"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  descent_window_add_filter (GTK_FILE_CHOOSER (chooser), _("Descent Records"), "*.json", RECORD_MIME_TYPE, NULL);
  descent_window_add_filter (GTK_FILE_CHOOSER (chooser), _("All Files"), "*", NULL, NULL);

  g_signal_connect_object (chooser, "response", G_CALLBACK (open_response_cb), self, G_CONNECT_SWAPPED);
  descent_window_show_chooser (self, chooser);
}

/**
 * descent_window_save_interactive:
 * @self: a window
 * @path: (nullable): the file the user chose, %NULL if not a local one
 *
 * Saves the visible page's run as the Save action does once a file is
 * chosen: a toast on success, whose button opens the folder; the reason in
 * the banner on failure.
 */
void
descent_window_save_interactive (DescentWindow *self,
                                 const char    *path)
{
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    {
      descent_window_show_error (self, _("Records can only be saved to local files"));
    }
  else if (!descent_window_save_to_path (self, path, &error))
    {
      descent_window_show_error (self, error->message);
    }
  else
    {
      g_autofree char *name = g_filename_display_basename (path);
      g_autofree char *message = g_strdup_printf (_("Saved “%s”"), name);
      g_autofree char *folder = g_path_get_dirname (path);

      descent_window_add_recent (self, path);
      descent_window_show_toast (self, message, _("Open _Folder"), folder);
    }
}

static void
save_response_cb (DescentWindow        *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      descent_window_save_interactive (self, path);
    }

  if (self->chooser == chooser)
    descent_window_set_chooser (self, NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DescentWindow *self = DESCENT_WINDOW (widget);
  DescentExperimentPage *page = descent_window_get_visible_page (self);
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (page == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Save Record"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  name = descent_window_default_file_name (page, ".descent.json");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  descent_window_add_filter (GTK_FILE_CHOOSER (chooser), _("Descent Records"), "*.json", "application/json", NULL);

  g_signal_connect_object (chooser, "response", G_CALLBACK (save_response_cb), self, G_CONNECT_SWAPPED);
  descent_window_show_chooser (self, chooser);
}

static void
export_response_cb (DescentWindow       *self,
                    gboolean             success,
                    const char          *message,
                    const char          *path,
                    DescentExportDialog *dialog)
{
  if (success)
    descent_window_show_toast (self, message, _("_Open"), path);
  else
    descent_window_show_error (self, message);
}

/**
 * descent_window_new_export_dialog:
 * @self: a window
 *
 * The dialog the Export action opens, not yet shown: the visible page's
 * plots as its views show them, "this plot" the one with the focus, and
 * the page's run, whose data CSV writes.
 *
 * Returns: (transfer none) (nullable): the dialog, or %NULL when the page
 *   has no plots (the banner says so); it destroys itself when done
 */
DescentExportDialog *
descent_window_new_export_dialog (DescentWindow *self)
{
  DescentExperimentPage *page = descent_window_get_visible_page (self);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  g_autoptr(DtRecord) record = NULL;
  g_autofree char *name = NULL;
  GPtrArray *views;
  GPtrArray *plots;
  DescentExportDialog *dialog;
  guint current = 0;

  if (page == NULL)
    return NULL;

  views = descent_experiment_page_get_plot_views (page);
  plots = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_plot_free);
  for (guint i = 0; i < views->len; i++)
    {
      DescentPlotView *view = g_ptr_array_index (views, i);
      DtPlot *plot = descent_plot_view_dup_plot (view);

      if (plot == NULL)
        continue;
      if (focus != NULL && (focus == GTK_WIDGET (view) || gtk_widget_is_ancestor (focus, GTK_WIDGET (view))))
        current = plots->len;
      g_ptr_array_add (plots, plot);
    }
  if (plots->len == 0)
    {
      g_ptr_array_unref (plots);
      descent_window_show_error (self, _("There are no plots to export"));
      return NULL;
    }

  name = descent_window_default_file_name (page, "");
  dialog = descent_export_dialog_new (GTK_WINDOW (self), plots, current, name);
  record = descent_experiment_page_get_record (page);
  descent_export_dialog_set_record (dialog, record);

  return dialog;
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DescentWindow *self = DESCENT_WINDOW (widget);
  DescentExportDialog *dialog = descent_window_new_export_dialog (self);

  if (dialog == NULL)
    return;

  g_signal_connect_object (dialog, "finished", G_CALLBACK (export_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Starts @page's run, one at a time in a window; why it cannot goes to
 * the banner. */
void
descent_window_run_page (DescentWindow         *self,
                         DescentExperimentPage *page)
{
  g_autoptr(GError) error = NULL;

  if (page == NULL)
    return;

  if (descent_window_get_running_page (self) != NULL)
    {
      descent_window_show_error (self, _("A run is in progress; stop it before running another"));
      return;
    }

  descent_window_hide_banner (self);
  if (!descent_experiment_page_run (page, &error))
    descent_window_show_error (self, error->message);

  descent_window_update_actions (self);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  DescentWindow *self = DESCENT_WINDOW (widget);

  /* Run is disabled during a run; Ctrl+Return then does nothing */
  if (descent_window_get_running_page (self) == NULL)
    descent_window_run_page (self, descent_window_get_visible_page (self));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DescentWindow *self = DESCENT_WINDOW (widget);
  DescentExperimentPage *running = descent_window_get_running_page (self);

  if (running != NULL)
    descent_experiment_page_stop (running);
}

static void
launch_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DescentWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    descent_window_show_error (self, error->message);
}

/* Opens a file or folder (a URI) in the application the desktop picks for
 * it: what a toast's Open button does. */
static void
launch_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_autoptr(GdkAppLaunchContext) context = gdk_display_get_app_launch_context (gtk_widget_get_display (widget));

  g_app_info_launch_default_for_uri_async (g_variant_get_string (parameter, NULL),
                                           G_APP_LAUNCH_CONTEXT (context), NULL,
                                           launch_done_cb, g_object_ref (widget));
}

/**
 * descent_window_dup_command:
 * @self: a window
 *
 * Returns: (transfer full) (nullable): the `descent-cli run` command line
 *   that runs the visible page's parameters, those not at their defaults
 *   set with `--set`, quoted for a POSIX shell; %NULL without a page
 */
char *
descent_window_dup_command (DescentWindow *self)
{
  DescentExperimentPage *page = descent_window_get_visible_page (self);
  g_autoptr(DtParams) params = NULL;
  g_auto(GStrv) changed = NULL;
  GString *command;

  if (page == NULL)
    return NULL;

  params = descent_experiment_page_get_params (page);
  changed = dt_params_dup_changed (params);
  command = g_string_new ("descent-cli run ");
  g_string_append (command, descent_experiment_page_get_experiment (page)->id);
  for (guint i = 0; changed[i] != NULL; i++)
    {
      static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_=,.:+-/";
      g_autofree char *quoted = g_shell_quote (changed[i]);
      gboolean needs_quotes = strspn (changed[i], plain) != strlen (changed[i]);

      /* plain words stay unquoted, for reading */
      g_string_append (command, " --set ");
      g_string_append (command, needs_quotes ? quoted : changed[i]);
    }

  return g_string_free (command, FALSE);
}

static void
copy_command_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DescentWindow *self = DESCENT_WINDOW (widget);
  g_autofree char *command = descent_window_dup_command (self);

  if (command == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), command);
  descent_window_show_toast (self, _("Command copied"), NULL, NULL);
}

static void
show_welcome_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  descent_window_show_welcome (DESCENT_WINDOW (widget));
}

static void
show_history_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  descent_window_show_history (DESCENT_WINDOW (widget));
}

void
descent_window_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.open-example", "s", open_example_action);
  gtk_widget_class_install_action (widget_class, "win.launch", "s", launch_action);
  gtk_widget_class_install_action (widget_class, "win.show-history", NULL, show_history_action);
  gtk_widget_class_install_action (widget_class, "win.copy-command", NULL, copy_command_action);
  gtk_widget_class_install_action (widget_class, "win.show-welcome", NULL, show_welcome_action);
  gtk_widget_class_install_property_action (widget_class, "win.live-mode", "live-mode");
  gtk_widget_class_install_property_action (widget_class, "win.show-details", "details-visible");
}
