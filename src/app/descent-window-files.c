/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-window"

#include "config.h"

/*
 * The window's file handling: loading records and showing them on their
 * pages (asking whether to overlay or replace a run shown), the file
 * chooser's lifetime and filters, the recent files and examples menus,
 * saving and exporting to a path, and the error messages about files.
 */

#include <string.h>
#include <glib/gi18n.h>

#include "descent-window-private.h"
#include "descent-window-test.h"
#include "descent-plot-view.h"
#include "dt-plot.h"
#include "dt-registry.h"

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

char *
descent_window_default_file_name (DescentExperimentPage *page,
                                  const char            *suffix)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  return g_strdup_printf ("%s-%s%s", descent_experiment_page_get_experiment (page)->id, date, suffix);
}

void
descent_window_set_chooser (DescentWindow        *self,
                            GtkFileChooserNative *chooser)
{
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = chooser;
}

void
descent_window_add_filter (GtkFileChooser *chooser,
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

void
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
  descent_window_remember_folder (self, path);
}

/* The folder of the last record saved or opened, where the next file
 * chooser starts. */
void
descent_window_remember_folder (DescentWindow *self,
                                const char    *path)
{
  g_autofree char *folder = g_path_get_dirname (path);

  g_clear_object (&self->last_folder);
  self->last_folder = g_file_new_for_path (folder);
}

/* Shows @chooser, starting in the last folder used. */
void
descent_window_show_chooser (DescentWindow        *self,
                             GtkFileChooserNative *chooser)
{
  descent_window_set_chooser (self, chooser);
  if (self->last_folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), self->last_folder, NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static int
compare_recent_info (gconstpointer a,
                     gconstpointer b)
{
  GDateTime *time_a = gtk_recent_info_get_modified (*(GtkRecentInfo **) a);
  GDateTime *time_b = gtk_recent_info_get_modified (*(GtkRecentInfo **) b);

  return g_date_time_compare (time_b, time_a);
}

void
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

char *
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
    return g_strdup (descent_window_translate (experiment->title));

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    if (g_str_equal (variant, variants[i].variant))
      /* Translators: an example record: experiment title (variant) */
      return g_strdup_printf (_("%s (%s)"), descent_window_translate (experiment->title), descent_window_translate (variants[i].label));

  return g_strdup_printf (_("%s (%s)"), descent_window_translate (experiment->title), variant);
}

/* g_ptr_array_sort passes pointers to the elements. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

void
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

/* The dialog closes itself after a response. */
static void
question_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      DescentWindow    *self)
{
  GPtrArray *loaded = g_object_get_data (G_OBJECT (dialog), "records");
  gboolean remember = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "remember"));
  gboolean overlay = g_str_equal (response, DESCENT_RESPONSE_OVERLAY);

  if (self->question == GTK_WIDGET (dialog))
    self->question = NULL;

  if (overlay || g_str_equal (response, DESCENT_RESPONSE_REPLACE))
    descent_window_show_all (self, loaded, overlay, remember);
}

static void
descent_window_ask_overlay (DescentWindow *self,
                            GPtrArray     *loaded,
                            gboolean       remember)
{
  LoadedRecord *first = g_ptr_array_index (loaded, 0);
  g_autofree char *primary = NULL;
  GtkWidget *dialog;

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

  dialog = adw_message_dialog_new (GTK_WINDOW (self), primary,
                                   _("An overlay is drawn on the same plots as the run "
                                     "shown, labelled by its file name, to compare the two. "
                                     "Replace shows only the opened record."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    DESCENT_RESPONSE_CANCEL, _("_Cancel"),
                                    DESCENT_RESPONSE_REPLACE, _("_Replace"),
                                    DESCENT_RESPONSE_OVERLAY, _("_Overlay"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), DESCENT_RESPONSE_OVERLAY,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), DESCENT_RESPONSE_OVERLAY);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), DESCENT_RESPONSE_CANCEL);

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
void
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

/* Loads @path and shows it, or overlays it; a record shown is recent. */
static gboolean
load_and_show (DescentWindow  *self,
               const char     *path,
               gboolean        overlay,
               GError        **error)
{
  LoadedRecord *loaded = load_record (path, error);
  gboolean ok;

  if (loaded == NULL)
    return FALSE;

  ok = descent_window_show_loaded (self, loaded, overlay, error);
  if (ok)
    descent_window_add_recent (self, path);
  loaded_record_free (loaded);

  return ok;
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
  g_return_val_if_fail (DESCENT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return load_and_show (self, path, FALSE, error);
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
  g_return_val_if_fail (DESCENT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return load_and_show (self, path, TRUE, error);
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
  if (record == NULL || !dt_record_save (record, path, error))
    return FALSE;

  descent_window_remember_folder (self, path);
  return TRUE;
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
