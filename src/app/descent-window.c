/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-window"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "descent-window.h"
#include "descent-export-dialog.h"
#include "descent-notify-watch.h"
#include "descent-plot-view.h"
#include "dt-plot.h"
#include "dt-registry.h"

/* How long a confirmation ("Saved …") stays in the banner. */
#define INFO_TIMEOUT_SECONDS 4

/* Runs at least this long tell the user they ended when the window is in
 * the background. */
#define NOTIFY_AFTER_SECONDS 10.0

/* The name under which records are kept in the recent files list. */
#define RECENT_APP_NAME  "descent"
#define RECENT_MAX_ITEMS 10
#define RECORD_MIME_TYPE "application/x-descent-record"
#define RECORD_SUFFIX    ".descent.json"

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
  GMenu                *recent_menu;
  GMenu                *example_menu;

  GSettings            *settings;
  GtkFileChooserNative *chooser;
  GtkWidget            *question;
  char                 *error_message;
  guint                 banner_timeout_id;

  GtkRecentManager     *recent_manager;
  gboolean              live_mode;
  gboolean              details_visible;
  double                notify_after;
  guint                 n_notifications;
  DescentNotifyWatch   *notify_watch;
};

G_DEFINE_FINAL_TYPE (DescentWindow, descent_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LIVE_MODE,
  PROP_DETAILS_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A record read from disk, waiting to be shown. */
typedef struct
{
  DtRecord *record;
  char     *name;
  char     *path;
} LoadedRecord;

static void
loaded_record_free (gpointer data)
{
  LoadedRecord *loaded = data;

  g_clear_pointer (&loaded->record, dt_record_unref);
  g_free (loaded->name);
  g_free (loaded->path);
  g_free (loaded);
}

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

static void
page_run_finished_cb (DescentWindow         *self,
                      double                 seconds,
                      int                    status,
                      DescentExperimentPage *page)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  const DtExperiment *experiment = descent_experiment_page_get_experiment (page);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;
  const char *what;

  if (application == NULL || seconds < self->notify_after || gtk_window_is_active (GTK_WINDOW (self)))
    return;

  switch (status)
    {
    case DT_STATUS_COMPLETE:
      what = _("complete");
      break;
    case DT_STATUS_CANCELLED:
      what = _("stopped early");
      break;
    default:
      what = _("failed");
      break;
    }

  /* Translators: a notification: experiment title — complete, stopped early or failed */
  body = g_strdup_printf (_("%s — %s"), translate (experiment->title), what);
  notification = g_notification_new (_("Run finished"));
  g_notification_set_body (notification, body);

  /* GApplication's notification backends talk over its session bus
   * connection: without one (no bus, a test) or without a notification
   * service on it there is no one to tell, and GLib would warn. */
  if (self->notify_watch == NULL || !descent_notify_watch_available (self->notify_watch))
    {
      g_debug ("No notification service: run-finished notification not sent");
      return;
    }

  g_application_send_notification (application, "run-finished", notification);
  self->n_notifications++;
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
      g_signal_connect_object (page, "run-finished",
                               G_CALLBACK (page_run_finished_cb), self, G_CONNECT_SWAPPED);

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

/* Recent files: records opened or saved, newest first. */

static void
descent_window_add_recent (DescentWindow *self,
                           const char    *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree char *display_name = g_filename_display_basename (path);
  GtkRecentData data = {
    .display_name = display_name,
    .mime_type = (char *) RECORD_MIME_TYPE,
    .app_name = (char *) RECENT_APP_NAME,
    .app_exec = (char *) "descent %f",
  };

  if (uri != NULL)
    gtk_recent_manager_add_full (self->recent_manager, uri, &data);
}

static int
compare_recent_info (gconstpointer a,
                     gconstpointer b)
{
  GDateTime *time_a = gtk_recent_info_get_modified (*(GtkRecentInfo **) a);
  GDateTime *time_b = gtk_recent_info_get_modified (*(GtkRecentInfo **) b);

  return g_date_time_compare (time_b, time_a);
}

static void
descent_window_update_recent_menu (DescentWindow *self)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  GList *items = gtk_recent_manager_get_items (self->recent_manager);

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      /* Records deleted or moved since are left out. */
      if (gtk_recent_info_has_application (info, RECENT_APP_NAME) &&
          gtk_recent_info_is_local (info) && gtk_recent_info_exists (info))
        g_ptr_array_add (infos, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  g_ptr_array_sort (infos, compare_recent_info);

  g_menu_remove_all (self->recent_menu);

  for (guint i = 0; i < infos->len && i < RECENT_MAX_ITEMS; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (infos, i);
      g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GMenuItem) item = NULL;

      if (path == NULL)
        continue;

      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (path));
      g_menu_append_item (self->recent_menu, item);
    }

  /* An item without an action reads as a disabled entry. */
  if (g_menu_model_get_n_items (G_MENU_MODEL (self->recent_menu)) == 0)
    g_menu_append (self->recent_menu, _("No Recent Records"), NULL);
}

/* Examples: records shipped with the app, installed under
 * PKGDATADIR/examples, or in the source tree when running uninstalled. */

static char *
descent_window_dup_examples_dir (void)
{
  const char *candidates[] = {
    g_getenv ("DESCENT_EXAMPLES_DIR"),
    PKGDATADIR "/examples",
    DESCENT_SOURCE_DIR "/data/examples",
  };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] != NULL && g_file_test (candidates[i], G_FILE_TEST_IS_DIR))
      return g_strdup (candidates[i]);

  return NULL;
}

/* "pruning-imp.descent.json" → "Strong lottery tickets (IMP)". */
static char *
describe_example (const char *file_name)
{
  static const struct {
    const char *variant;
    const char *label;
  } variants[] = {
    { "imp", N_("iterative magnitude pruning") },
    { "fashion-mnist", N_("Fashion-MNIST") },
  };
  g_autofree char *stem = g_strndup (file_name, strlen (file_name) - strlen (RECORD_SUFFIX));
  const DtExperiment *experiment = NULL;
  const char *variant = NULL;

  for (guint i = 0; i < dt_registry_get_n_experiments (); i++)
    {
      const DtExperiment *candidate = dt_registry_get_experiment (i);
      gsize length = strlen (candidate->id);

      if (g_str_has_prefix (stem, candidate->id) &&
          (stem[length] == '\0' || stem[length] == '-') &&
          (experiment == NULL || length > strlen (experiment->id)))
        {
          experiment = candidate;
          variant = stem[length] == '-' ? stem + length + 1 : NULL;
        }
    }

  if (experiment == NULL)
    return g_steal_pointer (&stem);

  if (variant == NULL)
    return g_strdup (translate (experiment->title));

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    if (g_str_equal (variant, variants[i].variant))
      /* Translators: an example record: experiment title (variant) */
      return g_strdup_printf (_("%s (%s)"), translate (experiment->title), translate (variants[i].label));

  return g_strdup_printf (_("%s (%s)"), translate (experiment->title), variant);
}

/* g_ptr_array_sort passes pointers to the elements. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
descent_window_update_example_menu (DescentWindow *self)
{
  g_autofree char *dir_path = descent_window_dup_examples_dir ();
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_menu_remove_all (self->example_menu);

  if (dir_path != NULL)
    dir = g_dir_open (dir_path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, RECORD_SUFFIX) && strlen (name) > strlen (RECORD_SUFFIX))
          g_ptr_array_add (names, g_strdup (name));
    }

  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *label = describe_example (name);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "win.open-example", g_variant_new_string (path));
      g_menu_append_item (self->example_menu, item);
    }

  if (names->len == 0)
    g_menu_append (self->example_menu, _("No Examples Installed"), NULL);
}

/* Opening records: a record goes to its experiment's page. When that page
 * already shows a finished run, the user chooses whether the record
 * replaces it or is drawn over it. */

static gboolean
descent_window_show_loaded (DescentWindow  *self,
                            LoadedRecord   *loaded,
                            gboolean        overlay,
                            GError        **error)
{
  const char *id = dt_record_get_experiment (loaded->record);
  DescentExperimentPage *page = id != NULL ? descent_window_get_page (self, id) : NULL;

  if (page == NULL)
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                   _("“%s” is a record of the unknown experiment “%s”"),
                   loaded->name, id != NULL ? id : "");
      return FALSE;
    }

  if (overlay && descent_experiment_page_has_result (page))
    {
      if (!descent_experiment_page_add_overlay (page, loaded->record, loaded->name, error))
        {
          g_prefix_error (error, _("Cannot overlay “%s”: "), loaded->name);
          return FALSE;
        }
    }
  else
    {
      if (!descent_experiment_page_show_record (page, loaded->record, loaded->name, error))
        {
          g_prefix_error (error, _("Cannot show “%s”: "), loaded->name);
          return FALSE;
        }
      descent_experiment_page_clear_overlays (page);
    }

  descent_window_hide_banner (self);
  descent_window_show_experiment (self, id);
  descent_window_update_actions (self);

  return TRUE;
}

static LoadedRecord *
load_record (const char  *path,
             GError     **error)
{
  g_autoptr(DtRecord) record = dt_record_load (path, error);
  LoadedRecord *loaded;

  if (record == NULL)
    return NULL;

  loaded = g_new0 (LoadedRecord, 1);
  loaded->record = g_steal_pointer (&record);
  loaded->name = g_filename_display_basename (path);
  loaded->path = g_strdup (path);

  return loaded;
}

/* Shows records deferred by the question: with @overlay FALSE, the first
 * record of each experiment replaces the run shown and the next overlay it. */
static void
descent_window_show_all (DescentWindow *self,
                         GPtrArray     *loaded,
                         gboolean       overlay,
                         gboolean       remember)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < loaded->len; i++)
    {
      LoadedRecord *record = g_ptr_array_index (loaded, i);
      const char *id = dt_record_get_experiment (record->record);
      gboolean first = id != NULL && !g_hash_table_contains (seen, id);
      g_autoptr(GError) error = NULL;

      if (id != NULL)
        g_hash_table_add (seen, g_strdup (id));

      if (!descent_window_show_loaded (self, record, overlay || !first, &error))
        descent_window_show_error (self, error->message);
      else if (remember)
        descent_window_add_recent (self, record->path);
    }
}

static void
question_response_cb (GtkDialog     *dialog,
                      int            response,
                      DescentWindow *self)
{
  GPtrArray *loaded = g_object_get_data (G_OBJECT (dialog), "records");
  gboolean remember = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "remember"));

  if (response == DESCENT_RESPONSE_OVERLAY || response == DESCENT_RESPONSE_REPLACE)
    descent_window_show_all (self, loaded, response == DESCENT_RESPONSE_OVERLAY, remember);

  if (self->question == GTK_WIDGET (dialog))
    self->question = NULL;
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
descent_window_ask_overlay (DescentWindow *self,
                            GPtrArray     *loaded,
                            gboolean       remember)
{
  LoadedRecord *first = g_ptr_array_index (loaded, 0);
  g_autofree char *primary = NULL;
  GtkWidget *dialog;
  GtkWidget *overlay_button;

  if (self->question != NULL)
    gtk_window_destroy (GTK_WINDOW (self->question));

  if (loaded->len == 1)
    primary = g_strdup_printf (_("Overlay “%s” on the run shown?"), first->name);
  else
    primary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Overlay %u record on the runs shown?",
                                            "Overlay %u records on the runs shown?",
                                            loaded->len),
                               loaded->len);

  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("An overlay is drawn on the same plots as the run "
                                              "shown, labelled by its file name, to compare the two. "
                                              "Replace shows only the opened record."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Replace"), DESCENT_RESPONSE_REPLACE);
  overlay_button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Overlay"), DESCENT_RESPONSE_OVERLAY);
  gtk_widget_add_css_class (overlay_button, "suggested-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), DESCENT_RESPONSE_OVERLAY);

  g_object_set_data_full (G_OBJECT (dialog), "records", g_ptr_array_ref (loaded),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (dialog), "remember", GINT_TO_POINTER (remember));
  g_signal_connect_object (dialog, "response", G_CALLBACK (question_response_cb), self, 0);

  self->question = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Opens records as a user does: several records of one experiment are
 * overlaid; a record for a page that shows a finished run asks first.
 * Records opened from files (not examples) go to the recent files. */
static void
descent_window_open_interactive (DescentWindow  *self,
                                 GFile         **files,
                                 guint           n_files,
                                 gboolean        remember)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) deferred = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) later = g_ptr_array_new_with_free_func (loaded_record_free);

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      g_autoptr(GError) error = NULL;
      LoadedRecord *loaded;
      DescentExperimentPage *page;
      const char *id;

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          g_autofree char *message = g_strdup_printf (_("Cannot open “%s”: only local files are supported"), uri);

          descent_window_show_error (self, message);
          continue;
        }

      loaded = load_record (path, &error);
      if (loaded == NULL)
        {
          descent_window_show_error (self, error->message);
          continue;
        }

      id = dt_record_get_experiment (loaded->record);
      page = id != NULL ? descent_window_get_page (self, id) : NULL;

      /* Records of an experiment already in this batch are drawn over it,
       * or wait with the first one for the user's answer. */
      if (page != NULL && g_hash_table_contains (deferred, id))
        {
          g_ptr_array_add (later, loaded);
          continue;
        }

      if (page != NULL && g_hash_table_contains (seen, id))
        {
          g_autoptr(GError) overlay_error = NULL;

          if (!descent_window_show_loaded (self, loaded, TRUE, &overlay_error))
            descent_window_show_error (self, overlay_error->message);
          else if (remember)
            descent_window_add_recent (self, path);
          loaded_record_free (loaded);
          continue;
        }

      if (page != NULL && descent_experiment_page_has_result (page) &&
          !descent_experiment_page_is_running (page))
        {
          g_ptr_array_add (later, loaded);
          g_hash_table_add (deferred, (gpointer) descent_experiment_page_get_experiment (page)->id);
        }
      else
        {
          g_autoptr(GError) show_error = NULL;

          if (!descent_window_show_loaded (self, loaded, FALSE, &show_error))
            descent_window_show_error (self, show_error->message);
          else if (remember)
            descent_window_add_recent (self, path);
          loaded_record_free (loaded);
        }

      if (id != NULL && page != NULL)
        g_hash_table_add (seen, (gpointer) descent_experiment_page_get_experiment (page)->id);
    }

  if (later->len > 0)
    descent_window_ask_overlay (self, later, remember);
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
  add_filter (GTK_FILE_CHOOSER (chooser), _("Descent Records"), "*.json", RECORD_MIME_TYPE, NULL);
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

          descent_window_add_recent (self, path);
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
export_response_cb (DescentWindow       *self,
                    gboolean             success,
                    const char          *message,
                    DescentExportDialog *dialog)
{
  if (success)
    descent_window_show_banner (self, message, FALSE);
  else
    descent_window_show_error (self, message);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DescentWindow *self = DESCENT_WINDOW (widget);
  DescentExperimentPage *page = descent_window_get_visible_page (self);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  g_autofree char *name = NULL;
  GPtrArray *views;
  GPtrArray *plots;
  DescentExportDialog *dialog;
  guint current = 0;

  if (page == NULL)
    return;

  /* each plot as its view shows it; "this plot" is the one with the focus */
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
      return;
    }

  name = default_file_name (page, "");
  dialog = descent_export_dialog_new (GTK_WINDOW (self), plots, current, name);
  g_signal_connect_object (dialog, "finished", G_CALLBACK (export_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
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
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *list = gdk_file_list_get_files (g_value_get_boxed (value));

      for (GSList *l = list; l != NULL; l = l->next)
        g_ptr_array_add (files, l->data);
      g_slist_free (list);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      g_ptr_array_add (files, g_value_get_object (value));
    }

  if (files->len == 0)
    return FALSE;

  descent_window_open_interactive (self, (GFile **) files->pdata, files->len, TRUE);

  return TRUE;
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
    {
      descent_window_restore_state (self);
      g_settings_bind (self->settings, "live-mode", self, "live-mode", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "details-visible", self, "details-visible", G_SETTINGS_BIND_DEFAULT);
    }

  descent_window_update_title (self);
  descent_window_update_actions (self);
}

static void
descent_window_dispose (GObject *object)
{
  DescentWindow *self = DESCENT_WINDOW (object);

  descent_window_set_chooser (self, NULL);
  g_clear_handle_id (&self->banner_timeout_id, g_source_remove);
  if (self->question != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->question)));
  if (self->recent_manager != NULL)
    g_signal_handlers_disconnect_by_data (self->recent_manager, self);
  self->recent_manager = NULL;
  g_clear_pointer (&self->notify_watch, descent_notify_watch_free);

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
descent_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DescentWindow *self = DESCENT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIVE_MODE:
      g_value_set_boolean (value, descent_window_get_live_mode (self));
      break;

    case PROP_DETAILS_VISIBLE:
      g_value_set_boolean (value, descent_window_get_details_visible (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
descent_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DescentWindow *self = DESCENT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIVE_MODE:
      descent_window_set_live_mode (self, g_value_get_boolean (value));
      break;

    case PROP_DETAILS_VISIBLE:
      descent_window_set_details_visible (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
descent_window_class_init (DescentWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = descent_window_dispose;
  object_class->finalize = descent_window_finalize;
  object_class->get_property = descent_window_get_property;
  object_class->set_property = descent_window_set_property;

  /**
   * DescentWindow:live-mode:
   *
   * Whether every page runs its experiment again 300 ms after each
   * parameter change.
   */
  properties[PROP_LIVE_MODE] =
    g_param_spec_boolean ("live-mode", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * DescentWindow:details-visible:
   *
   * Whether the pages show the side panel with each run's parameters and
   * provenance.
   */
  properties[PROP_DETAILS_VISIBLE] =
    g_param_spec_boolean ("details-visible", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  window_class->close_request = descent_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/descentlab/Descent/descent-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, example_menu);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_close_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.open-example", "s", open_example_action);
  gtk_widget_class_install_property_action (widget_class, "win.live-mode", "live-mode");
  gtk_widget_class_install_property_action (widget_class, "win.show-details", "details-visible");
}

static void
descent_window_init (DescentWindow *self)
{
  GtkDropTarget *target;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  self->notify_after = NOTIFY_AFTER_SECONDS;

  gtk_widget_init_template (GTK_WIDGET (self));

  descent_window_add_experiments (self);

  self->recent_manager = gtk_recent_manager_get_default ();
  g_signal_connect_object (self->recent_manager, "changed",
                           G_CALLBACK (descent_window_update_recent_menu), self, G_CONNECT_SWAPPED);
  descent_window_update_recent_menu (self);
  descent_window_update_example_menu (self);

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
  /* Asked now, answered before any run can finish. */
  self->notify_watch =
    descent_notify_watch_new (g_application_get_dbus_connection (G_APPLICATION (application)));

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
  LoadedRecord *loaded;
  gboolean ok;

  g_return_val_if_fail (DESCENT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  loaded = load_record (path, error);
  if (loaded == NULL)
    return FALSE;

  ok = descent_window_show_loaded (self, loaded, FALSE, error);
  if (ok)
    descent_window_add_recent (self, path);
  loaded_record_free (loaded);

  return ok;
}

/**
 * descent_window_overlay_path:
 * @self: a window
 * @path: a record file
 * @error: return location for an error
 *
 * Loads the record at @path and draws it over the run shown on its
 * experiment's page, labelled by its file name; when that page shows no
 * finished run yet, the record is shown as with descent_window_open_path().
 *
 * Returns: %TRUE on success
 */
gboolean
descent_window_overlay_path (DescentWindow  *self,
                             const char     *path,
                             GError        **error)
{
  LoadedRecord *loaded;
  gboolean ok;

  g_return_val_if_fail (DESCENT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  loaded = load_record (path, error);
  if (loaded == NULL)
    return FALSE;

  ok = descent_window_show_loaded (self, loaded, TRUE, error);
  if (ok)
    descent_window_add_recent (self, path);
  loaded_record_free (loaded);

  return ok;
}

/**
 * descent_window_open_files:
 * @self: a window
 * @files: (array length=n_files): record files
 * @n_files: how many
 *
 * Opens records as the file chooser, drag and drop and the command line
 * do: the first record of each experiment is shown on its page and the
 * next ones are overlaid on it; when a page already shows a finished run,
 * a dialog asks whether to overlay or replace it. Errors appear in the
 * window's banner.
 */
void
descent_window_open_files (DescentWindow  *self,
                           GFile         **files,
                           guint           n_files)
{
  g_return_if_fail (DESCENT_IS_WINDOW (self));
  g_return_if_fail (files != NULL || n_files == 0);

  descent_window_open_interactive (self, files, n_files, TRUE);
}

/**
 * descent_window_get_question:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the dialog asking whether to
 *   overlay or replace, while it is open; its responses are
 *   %DESCENT_RESPONSE_OVERLAY, %DESCENT_RESPONSE_REPLACE and
 *   %GTK_RESPONSE_CANCEL
 */
GtkWidget *
descent_window_get_question (DescentWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_WINDOW (self), NULL);

  return self->question;
}

/**
 * descent_window_get_recent_menu:
 * @self: a window
 *
 * Returns: (transfer none): the "Open Recent" menu: items whose action is
 *   win.open-recent with the record's path as target
 */
GMenuModel *
descent_window_get_recent_menu (DescentWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_WINDOW (self), NULL);

  return G_MENU_MODEL (self->recent_menu);
}

/**
 * descent_window_get_example_menu:
 * @self: a window
 *
 * Returns: (transfer none): the "Open Example" menu: items whose action is
 *   win.open-example with the example's path as target
 */
GMenuModel *
descent_window_get_example_menu (DescentWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_WINDOW (self), NULL);

  return G_MENU_MODEL (self->example_menu);
}

/**
 * descent_window_set_live_mode:
 * @self: a window
 * @live_mode: whether to run on every parameter change
 *
 * Turns live mode on or off on every page: each re-runs its experiment
 * 300 ms after the last parameter change, stopping the previous run.
 */
void
descent_window_set_live_mode (DescentWindow *self,
                              gboolean       live_mode)
{
  g_return_if_fail (DESCENT_IS_WINDOW (self));

  live_mode = !!live_mode;
  if (self->live_mode == live_mode)
    return;

  self->live_mode = live_mode;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (DESCENT_IS_EXPERIMENT_PAGE (child))
      descent_experiment_page_set_live (DESCENT_EXPERIMENT_PAGE (child), live_mode);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE_MODE]);
}

/**
 * descent_window_get_live_mode:
 * @self: a window
 *
 * Returns: whether live mode is on
 */
gboolean
descent_window_get_live_mode (DescentWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_WINDOW (self), FALSE);

  return self->live_mode;
}

/**
 * descent_window_set_details_visible:
 * @self: a window
 * @visible: whether to show the side panel
 *
 * Shows or hides, on every page, the side panel that lists the parameters
 * and provenance of the runs shown.
 */
void
descent_window_set_details_visible (DescentWindow *self,
                                    gboolean       visible)
{
  g_return_if_fail (DESCENT_IS_WINDOW (self));

  visible = !!visible;
  if (self->details_visible == visible)
    return;

  self->details_visible = visible;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (DESCENT_IS_EXPERIMENT_PAGE (child))
      descent_experiment_page_set_details_visible (DESCENT_EXPERIMENT_PAGE (child), visible);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS_VISIBLE]);
}

/**
 * descent_window_get_details_visible:
 * @self: a window
 *
 * Returns: whether the side panel is shown
 */
gboolean
descent_window_get_details_visible (DescentWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_WINDOW (self), FALSE);

  return self->details_visible;
}

/**
 * descent_window_set_notify_after:
 * @self: a window
 * @seconds: the shortest run that is announced
 *
 * Sets how long a run must take for its end to be announced by a desktop
 * notification when the window is not active (10 s by default).
 */
void
descent_window_set_notify_after (DescentWindow *self,
                                 double         seconds)
{
  g_return_if_fail (DESCENT_IS_WINDOW (self));

  self->notify_after = seconds;
}

/**
 * descent_window_get_n_notifications:
 * @self: a window
 *
 * Returns: how many "Run finished" notifications the window has sent
 */
guint
descent_window_get_n_notifications (DescentWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_WINDOW (self), 0);

  return self->n_notifications;
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
  g_autoptr(GPtrArray) plots = NULL;
  DescentExperimentPage *page;
  GPtrArray *views;

  g_return_val_if_fail (DESCENT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  record = descent_window_dup_result (self, error);
  if (record == NULL)
    return FALSE;

  /* the plots as their views show them: hidden series, log axes, zoom
   * and overlaid runs included */
  page = descent_window_get_visible_page (self);
  views = descent_experiment_page_get_plot_views (page);
  plots = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_plot_free);
  for (guint i = 0; views != NULL && i < views->len; i++)
    {
      DtPlot *plot = descent_plot_view_dup_plot (g_ptr_array_index (views, i));

      if (plot != NULL)
        g_ptr_array_add (plots, plot);
    }
  if (plots->len == 0)
    return dt_plot_export_record (record, NULL, path, 800, 500, error);

  return dt_plot_export_plots (plots, path, 800, 500, 2.0, error);
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
