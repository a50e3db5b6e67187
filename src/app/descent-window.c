/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-window"

#include "config.h"

#include <glib/gi18n.h>

#include "descent-window.h"
#include "dt-plot.h"
#include "dt-registry.h"

/* How long a confirmation ("Saved …") stays in the banner. */
#define INFO_TIMEOUT_SECONDS 4

struct _DescentWindow
{
  GtkApplicationWindow  parent_instance;

  GtkListBox           *sidebar;
  GtkStack             *stack;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkImage             *banner_icon;
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;

  GSettings            *settings;
  GtkFileChooserNative *chooser;
  char                 *error_message;
  guint                 banner_timeout_id;
};

G_DEFINE_FINAL_TYPE (DescentWindow, descent_window, GTK_TYPE_APPLICATION_WINDOW)

static const char *
translate (const char *text)
{
  return text != NULL && *text != '\0' ? g_dgettext (GETTEXT_PACKAGE, text) : "";
}

static DescentExperimentPage *
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
static void
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
descent_window_hide_banner (DescentWindow *self)
{
  g_clear_handle_id (&self->banner_timeout_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

static gboolean
banner_timeout_cb (gpointer user_data)
{
  DescentWindow *self = user_data;

  self->banner_timeout_id = 0;
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);

  return G_SOURCE_REMOVE;
}

static void
descent_window_show_banner (DescentWindow *self,
                            const char    *message,
                            gboolean       is_error)
{
  GtkWidget *banner = gtk_revealer_get_child (self->banner_revealer);

  g_clear_handle_id (&self->banner_timeout_id, g_source_remove);

  gtk_label_set_text (self->banner_label, message);
  gtk_image_set_from_icon_name (self->banner_icon,
                                is_error ? "dialog-error-symbolic" : "emblem-ok-symbolic");
  if (is_error)
    {
      gtk_widget_add_css_class (banner, "error");
      gtk_widget_remove_css_class (banner, "info");
    }
  else
    {
      gtk_widget_add_css_class (banner, "info");
      gtk_widget_remove_css_class (banner, "error");
      self->banner_timeout_id = g_timeout_add_seconds (INFO_TIMEOUT_SECONDS, banner_timeout_cb, self);
    }

  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
banner_close_clicked_cb (DescentWindow *self)
{
  descent_window_hide_banner (self);
}

static void
descent_window_update_title (DescentWindow *self)
{
  DescentExperimentPage *page = descent_window_get_visible_page (self);

  if (page != NULL)
    {
      const DtExperiment *experiment = descent_experiment_page_get_experiment (page);

      gtk_label_set_text (self->subtitle_label, translate (experiment->title));
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), FALSE);
    }
}

static void
stack_visible_child_cb (DescentWindow *self)
{
  DescentExperimentPage *page = descent_window_get_visible_page (self);

  descent_window_update_title (self);
  descent_window_update_actions (self);

  if (page != NULL && self->settings != NULL)
    g_settings_set_string (self->settings, "last-experiment",
                           descent_experiment_page_get_experiment (page)->id);
}

static void
sidebar_row_selected_cb (DescentWindow *self,
                         GtkListBoxRow *row)
{
  const char *id;

  if (row == NULL)
    return;

  id = g_object_get_data (G_OBJECT (row), "experiment-id");
  if (id != NULL)
    gtk_stack_set_visible_child_name (self->stack, id);
}

static void
page_state_changed_cb (DescentWindow *self)
{
  descent_window_update_actions (self);
}

static GtkWidget *
create_sidebar_row (const DtExperiment *experiment)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (translate (experiment->title));
  GtkWidget *summary = gtk_label_new (translate (experiment->summary));

  gtk_widget_add_css_class (box, "sidebar-row");

  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "experiment-title");

  gtk_label_set_xalign (GTK_LABEL (summary), 0.0);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (summary), 28);
  gtk_widget_add_css_class (summary, "experiment-summary");
  gtk_widget_add_css_class (summary, "dim-label");

  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), summary);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "experiment-id", g_strdup (experiment->id), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, translate (experiment->title),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, translate (experiment->summary),
                                  -1);

  return row;
}

static void
descent_window_add_experiments (DescentWindow *self)
{
  guint n = dt_registry_get_n_experiments ();

  for (guint i = 0; i < n; i++)
    {
      const DtExperiment *experiment = dt_registry_get_experiment (i);
      DescentExperimentPage *page = descent_experiment_page_new (experiment);

      g_signal_connect_object (page, "notify::running",
                               G_CALLBACK (page_state_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "notify::has-result",
                               G_CALLBACK (page_state_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "notify::params-valid",
                               G_CALLBACK (page_state_changed_cb), self, G_CONNECT_SWAPPED);

      gtk_stack_add_titled (self->stack, GTK_WIDGET (page), experiment->id,
                            translate (experiment->title));
      gtk_list_box_append (self->sidebar, create_sidebar_row (experiment));
    }
}

static GtkListBoxRow *
descent_window_find_row (DescentWindow *self,
                         const char    *experiment_id)
{
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar, i);

      if (row == NULL)
        return NULL;
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "experiment-id"), experiment_id) == 0)
        return row;
    }
}

/* Settings: the a{sa{ss}} "last-params" maps experiment id → key → text. */
static void
descent_window_restore_params (DescentWindow *self)
{
  g_autoptr(GVariant) all = g_settings_get_value (self->settings, "last-params");
  GVariantIter iter;
  const char *id;
  GVariant *values;

  g_variant_iter_init (&iter, all);
  while (g_variant_iter_loop (&iter, "{&s@a{ss}}", &id, &values))
    {
      DescentExperimentPage *page = descent_window_get_page (self, id);
      GVariantIter value_iter;
      const char *key;
      const char *text;

      if (page == NULL)
        continue;

      /* Keys that vanished or values now out of range fall back to defaults. */
      g_variant_iter_init (&value_iter, values);
      while (g_variant_iter_next (&value_iter, "{&s&s}", &key, &text))
        descent_experiment_page_set_param (page, key, text, NULL);
    }
}

static void
descent_window_store_params (DescentWindow *self)
{
  GVariantBuilder builder;
  GtkWidget *child;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sa{ss}}"));

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      DescentExperimentPage *page;
      g_autoptr(DtParams) params = NULL;
      GVariantBuilder values;

      if (!DESCENT_IS_EXPERIMENT_PAGE (child))
        continue;

      page = DESCENT_EXPERIMENT_PAGE (child);
      params = descent_experiment_page_get_params (page);

      g_variant_builder_init (&values, G_VARIANT_TYPE ("a{ss}"));
      for (guint i = 0; i < dt_params_get_n_specs (params); i++)
        {
          const DtParamSpec *spec = dt_params_get_spec (params, i);
          g_autofree char *text = dt_params_to_string (params, spec->key);

          if (text != NULL)
            g_variant_builder_add (&values, "{ss}", spec->key, text);
        }

      g_variant_builder_add (&builder, "{sa{ss}}",
                             descent_experiment_page_get_experiment (page)->id, &values);
    }

  g_settings_set_value (self->settings, "last-params", g_variant_builder_end (&builder));
}

static void
descent_window_restore_state (DescentWindow *self)
{
  g_autofree char *last = NULL;
  int width, height;

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  descent_window_restore_params (self);

  last = g_settings_get_string (self->settings, "last-experiment");
  if (last != NULL && descent_window_get_page (self, last) != NULL)
    descent_window_show_experiment (self, last);
}

static void
descent_window_store_state (DescentWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  g_settings_delay (self->settings);

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (descent_window_get_visible_page (self) != NULL)
    g_settings_set_string (self->settings, "last-experiment",
                           descent_experiment_page_get_experiment (descent_window_get_visible_page (self))->id);
  descent_window_store_params (self);

  g_settings_apply (self->settings);
}

static char *
default_file_name (DescentExperimentPage *page,
                   const char            *suffix)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  return g_strdup_printf ("%s-%s%s", descent_experiment_page_get_experiment (page)->id, date, suffix);
}

static void
descent_window_set_chooser (DescentWindow        *self,
                            GtkFileChooserNative *chooser)
{
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = chooser;
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern,
            const char     *mime_type,
            const char     *extension)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  if (mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, mime_type);
  if (extension != NULL)
    g_object_set_data_full (G_OBJECT (filter), "extension", g_strdup (extension), g_free);

  gtk_file_chooser_add_filter (chooser, filter);
}

static void
open_response_cb (DescentWindow        *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  g_autoptr(GListModel) files = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      /* Each file switches to its experiment's page: the last one stays. */
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);
          g_autoptr(GError) error = NULL;

          if (path == NULL)
            {
              g_autofree char *uri = g_file_get_uri (file);
              g_autofree char *message = g_strdup_printf (_("Cannot open “%s”: only local files are supported"), uri);

              descent_window_show_error (self, message);
              continue;
            }

          if (!descent_window_open_path (self, path, &error))
            descent_window_show_error (self, error->message);
        }
    }

  if (self->chooser == chooser)
    descent_window_set_chooser (self, NULL);
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
  add_filter (GTK_FILE_CHOOSER (chooser), _("Descent Records"), "*.json", "application/json", NULL);
  add_filter (GTK_FILE_CHOOSER (chooser), _("All Files"), "*", NULL, NULL);

  g_signal_connect_object (chooser, "response", G_CALLBACK (open_response_cb), self, G_CONNECT_SWAPPED);
  descent_window_set_chooser (self, chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
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
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *message = g_strdup_printf (_("Saved “%s”"), name);

          descent_window_show_banner (self, message, FALSE);
        }
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
  name = default_file_name (page, ".descent.json");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  add_filter (GTK_FILE_CHOOSER (chooser), _("Descent Records"), "*.json", "application/json", NULL);

  g_signal_connect_object (chooser, "response", G_CALLBACK (save_response_cb), self, G_CONNECT_SWAPPED);
  descent_window_set_chooser (self, chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_response_cb (DescentWindow        *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;
      DtExportFormat format;

      if (path == NULL)
        {
          descent_window_show_error (self, _("Plots can only be exported to local files"));
          goto out;
        }

      /* A name without a known extension takes the chosen filter's. */
      if (!dt_export_format_from_path (path, &format))
        {
          GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
          const char *extension = filter != NULL ? g_object_get_data (G_OBJECT (filter), "extension") : NULL;

          if (extension != NULL)
            {
              char *with_extension = g_strconcat (path, extension, NULL);

              g_free (path);
              path = with_extension;
            }
        }

      if (!descent_window_export_to_path (self, path, &error))
        {
          descent_window_show_error (self, error->message);
        }
      else
        {
          g_autofree char *name = g_path_get_basename (path);
          g_autofree char *message = g_strdup_printf (_("Exported “%s”"), name);

          descent_window_show_banner (self, message, FALSE);
        }
    }

out:
  if (self->chooser == chooser)
    descent_window_set_chooser (self, NULL);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DescentWindow *self = DESCENT_WINDOW (widget);
  DescentExperimentPage *page = descent_window_get_visible_page (self);
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (page == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Plots"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  name = default_file_name (page, ".svg");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  add_filter (GTK_FILE_CHOOSER (chooser), _("SVG Image"), "*.svg", "image/svg+xml", ".svg");
  add_filter (GTK_FILE_CHOOSER (chooser), _("PNG Image"), "*.png", "image/png", ".png");
  add_filter (GTK_FILE_CHOOSER (chooser), _("PDF Document"), "*.pdf", "application/pdf", ".pdf");

  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, G_CONNECT_SWAPPED);
  descent_window_set_chooser (self, chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  DescentWindow *self = DESCENT_WINDOW (widget);
  DescentExperimentPage *page = descent_window_get_visible_page (self);
  g_autoptr(GError) error = NULL;

  if (page == NULL || descent_window_get_running_page (self) != NULL)
    return;

  descent_window_hide_banner (self);

  if (!descent_experiment_page_run (page, &error))
    descent_window_show_error (self, error->message);

  descent_window_update_actions (self);
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

static gboolean
drop_cb (DescentWindow *self,
         const GValue  *value,
         double         x,
         double         y)
{
  g_autoptr(GSList) copy = NULL;
  GSList *files = NULL;
  gboolean opened = FALSE;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    files = gdk_file_list_get_files (g_value_get_boxed (value));
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    files = copy = g_slist_prepend (NULL, g_value_get_object (value));

  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        continue;

      if (descent_window_open_path (self, path, &error))
        opened = TRUE;
      else
        descent_window_show_error (self, error->message);
    }

  if (files != NULL && copy == NULL)
    g_slist_free (files);

  return opened;
}

static gboolean
descent_window_close_request (GtkWindow *window)
{
  DescentWindow *self = DESCENT_WINDOW (window);

  descent_window_store_state (self);

  /* A running page cancels its worker when it is disposed. */
  return GTK_WINDOW_CLASS (descent_window_parent_class)->close_request (window);
}

/* The application is set after construction, so settings come in here. */
static void
descent_window_attach_settings (DescentWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (DESCENT_IS_APPLICATION (application))
    {
      GSettings *settings = descent_application_get_settings (DESCENT_APPLICATION (application));

      if (settings != NULL)
        g_set_object (&self->settings, settings);
    }

  if (self->settings != NULL)
    descent_window_restore_state (self);

  descent_window_update_title (self);
  descent_window_update_actions (self);
}

static void
descent_window_dispose (GObject *object)
{
  DescentWindow *self = DESCENT_WINDOW (object);

  descent_window_set_chooser (self, NULL);
  g_clear_handle_id (&self->banner_timeout_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (object), DESCENT_TYPE_WINDOW);

  G_OBJECT_CLASS (descent_window_parent_class)->dispose (object);
}

static void
descent_window_finalize (GObject *object)
{
  DescentWindow *self = DESCENT_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (descent_window_parent_class)->finalize (object);
}

static void
descent_window_class_init (DescentWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = descent_window_dispose;
  object_class->finalize = descent_window_finalize;

  window_class->close_request = descent_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/descentlab/Descent/descent-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, subtitle_label);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_close_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
}

static void
descent_window_init (DescentWindow *self)
{
  GtkDropTarget *target;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));

  descent_window_add_experiments (self);

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect_swapped (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  if (dt_registry_get_n_experiments () > 0)
    descent_window_show_experiment (self, dt_registry_get_experiment (0)->id);
}

/**
 * descent_window_new:
 * @application: the application
 *
 * Returns: (transfer none): a new window with one page per registered
 *   experiment, owned by @application, with the size, experiment and
 *   parameters stored in the settings when they are available
 */
DescentWindow *
descent_window_new (DescentApplication *application)
{
  DescentWindow *self;

  g_return_val_if_fail (DESCENT_IS_APPLICATION (application), NULL);

  self = g_object_new (DESCENT_TYPE_WINDOW, "application", application, NULL);
  descent_window_attach_settings (self);

  return self;
}

/**
 * descent_window_get_page:
 * @self: a window
 * @experiment_id: an experiment id
 *
 * Returns: (transfer none) (nullable): the page of that experiment
 */
DescentExperimentPage *
descent_window_get_page (DescentWindow *self,
                         const char    *experiment_id)
{
  GtkWidget *child;

  g_return_val_if_fail (DESCENT_IS_WINDOW (self), NULL);
  g_return_val_if_fail (experiment_id != NULL, NULL);

  child = gtk_stack_get_child_by_name (self->stack, experiment_id);

  return DESCENT_IS_EXPERIMENT_PAGE (child) ? DESCENT_EXPERIMENT_PAGE (child) : NULL;
}

/**
 * descent_window_get_visible_page:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the page shown
 */
DescentExperimentPage *
descent_window_get_visible_page (DescentWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (DESCENT_IS_WINDOW (self), NULL);

  child = gtk_stack_get_visible_child (self->stack);

  return DESCENT_IS_EXPERIMENT_PAGE (child) ? DESCENT_EXPERIMENT_PAGE (child) : NULL;
}

/**
 * descent_window_show_experiment:
 * @self: a window
 * @experiment_id: an experiment id
 *
 * Shows that experiment's page and selects it in the sidebar.
 */
void
descent_window_show_experiment (DescentWindow *self,
                                const char    *experiment_id)
{
  GtkListBoxRow *row;

  g_return_if_fail (DESCENT_IS_WINDOW (self));
  g_return_if_fail (experiment_id != NULL);

  row = descent_window_find_row (self, experiment_id);
  if (row != NULL)
    gtk_list_box_select_row (self->sidebar, row);

  gtk_stack_set_visible_child_name (self->stack, experiment_id);
}

/**
 * descent_window_dup_sidebar_ids:
 * @self: a window
 *
 * Returns: (transfer full): the experiment ids listed in the sidebar, in
 *   order
 */
char **
descent_window_dup_sidebar_ids (DescentWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (DESCENT_IS_WINDOW (self), NULL);

  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar, i);

      if (row == NULL)
        break;

      g_strv_builder_add (builder, g_object_get_data (G_OBJECT (row), "experiment-id"));
    }

  return g_strv_builder_end (builder);
}

/**
 * descent_window_open_path:
 * @self: a window
 * @path: a record file
 * @error: return location for an error
 *
 * Loads the record at @path, switches to its experiment's page and shows
 * it there without recomputing. On failure nothing on screen changes.
 *
 * Returns: %TRUE on success
 */
gboolean
descent_window_open_path (DescentWindow  *self,
                          const char     *path,
                          GError        **error)
{
  g_autoptr(DtRecord) record = NULL;
  g_autofree char *name = NULL;
  DescentExperimentPage *page;
  const char *id;

  g_return_val_if_fail (DESCENT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  record = dt_record_load (path, error);
  if (record == NULL)
    return FALSE;

  name = g_filename_display_basename (path);
  id = dt_record_get_experiment (record);
  page = id != NULL ? descent_window_get_page (self, id) : NULL;
  if (page == NULL)
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                   _("“%s” is a record of the unknown experiment “%s”"),
                   name, id != NULL ? id : "");
      return FALSE;
    }

  if (!descent_experiment_page_show_record (page, record, name, error))
    {
      g_prefix_error (error, _("Cannot show “%s”: "), name);
      return FALSE;
    }

  descent_window_hide_banner (self);
  descent_window_show_experiment (self, id);
  descent_window_update_actions (self);

  return TRUE;
}

static DtRecord *
descent_window_dup_result (DescentWindow  *self,
                           GError        **error)
{
  DescentExperimentPage *page = descent_window_get_visible_page (self);

  if (page == NULL || !descent_experiment_page_has_result (page) ||
      descent_experiment_page_is_running (page))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("There is no finished run on this page yet"));
      return NULL;
    }

  return descent_experiment_page_get_record (page);
}

/**
 * descent_window_save_to_path:
 * @self: a window
 * @path: where to write the record
 * @error: return location for an error
 *
 * Saves the visible page's run atomically as a JSON record.
 *
 * Returns: %TRUE on success
 */
gboolean
descent_window_save_to_path (DescentWindow  *self,
                             const char     *path,
                             GError        **error)
{
  g_autoptr(DtRecord) record = NULL;

  g_return_val_if_fail (DESCENT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  record = descent_window_dup_result (self, error);
  if (record == NULL)
    return FALSE;

  return dt_record_save (record, path, error);
}

/**
 * descent_window_export_to_path:
 * @self: a window
 * @path: a file name ending in .svg, .png or .pdf
 * @error: return location for an error
 *
 * Exports all plots of the visible page's run as one figure, in the format
 * the extension names.
 *
 * Returns: %TRUE on success
 */
gboolean
descent_window_export_to_path (DescentWindow  *self,
                               const char     *path,
                               GError        **error)
{
  g_autoptr(DtRecord) record = NULL;

  g_return_val_if_fail (DESCENT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  record = descent_window_dup_result (self, error);
  if (record == NULL)
    return FALSE;

  return dt_plot_export_record (record, NULL, path, 800, 500, error);
}

/**
 * descent_window_show_error:
 * @self: a window
 * @message: what went wrong
 *
 * Shows @message in a banner above the page until dismissed.
 */
void
descent_window_show_error (DescentWindow *self,
                           const char    *message)
{
  g_return_if_fail (DESCENT_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  g_free (self->error_message);
  self->error_message = g_strdup (message);

  descent_window_show_banner (self, message, TRUE);
}

/**
 * descent_window_get_error_message:
 * @self: a window
 *
 * Returns: (nullable): the last error shown with descent_window_show_error()
 */
const char *
descent_window_get_error_message (DescentWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_WINDOW (self), NULL);

  return self->error_message;
}
