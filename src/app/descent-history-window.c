/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-history-window"

/*
 * The Run History window: one expandable row per run the history keeps,
 * newest first, holding the run's note and buttons to open, overlay, run
 * again or delete it. The window opens nothing itself: it emits a signal
 * with the record's path, and whoever made it acts.
 *
 * On the history's "changed" the rows are brought in line with its list
 * rather than made anew: a row whose run is still there is updated in
 * place, so that expanded rows, the focus and the scroll position stay.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "descent-history-window.h"
#include "dt-registry.h"

/* How long a summary or a note may be in a row's subtitle, in characters;
 * the rest is cut (the note row shows all of the note). */
#define SUBTITLE_PART_MAX 100

struct _DescentHistoryWindow
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkSearchEntry  *search_entry;
  GtkStack        *stack;
  GtkListBox      *list_box;
  AdwStatusPage   *error_page;

  DescentHistory  *history;
  /* The casefolded words of the search; empty for none. */
  GStrv            search_words;
  /* The dialog asking before a delete, and the run it is about. */
  GtkWidget       *question;
  char            *question_file;
  AdwToast        *last_toast;
};

G_DEFINE_FINAL_TYPE (DescentHistoryWindow, descent_history_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_HISTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPEN_RUN,
  OVERLAY_RUN,
  RERUN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What a row shows, kept on it. */
typedef struct
{
  DtHistoryEntry *entry;
  /* The row's title, to name the run in the delete dialog. */
  char           *title;
  /* Casefolded title, status, summary and note, for the search. */
  char           *haystack;
  GtkImage       *icon;
  AdwEntryRow    *note_row;
} RowData;

static GQuark
row_data_quark (void)
{
  return g_quark_from_static_string ("descent-history-window-row");
}

static void
row_data_free (gpointer user_data)
{
  RowData *data = user_data;

  g_clear_pointer (&data->entry, dt_history_entry_free);
  g_free (data->title);
  g_free (data->haystack);
  g_free (data);
}

static RowData *
row_get_data (GtkListBoxRow *row)
{
  return g_object_get_qdata (G_OBJECT (row), row_data_quark ());
}

static const char *
translate (const char *text)
{
  return text != NULL && *text != '\0' ? g_dgettext (GETTEXT_PACKAGE, text) : "";
}

static const char *
experiment_title (const char *id)
{
  const DtExperiment *experiment = dt_registry_lookup (id);

  /* A run of an experiment this version does not know keeps its id. */
  return experiment != NULL ? translate (experiment->title) : id;
}

static const char *
status_word (DtRecordStatus status)
{
  switch (status)
    {
    case DT_STATUS_COMPLETE:
      /* Translators: the status of a run in the run history */
      return _("Complete");
    case DT_STATUS_FAILED:
      return _("Failed");
    case DT_STATUS_RUNNING:
    case DT_STATUS_CANCELLED:
    default:
      return _("Stopped");
    }
}

static void
set_status_icon (GtkImage       *icon,
                 DtRecordStatus  status)
{
  static const char *classes[] = { "success", "dim-label", "error" };
  const char *name;
  const char *class;

  switch (status)
    {
    case DT_STATUS_COMPLETE:
      name = "emblem-ok-symbolic";
      class = "success";
      break;
    case DT_STATUS_FAILED:
      name = "dialog-error-symbolic";
      class = "error";
      break;
    case DT_STATUS_RUNNING:
    case DT_STATUS_CANCELLED:
    default:
      name = "media-playback-stop-symbolic";
      class = "dim-label";
      break;
    }

  gtk_image_set_from_icon_name (icon, name);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (icon), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (icon), class);
}

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  int year_a, month_a, day_a;
  int year_b, month_b, day_b;

  g_date_time_get_ymd (a, &year_a, &month_a, &day_a);
  g_date_time_get_ymd (b, &year_b, &month_b, &day_b);

  return year_a == year_b && month_a == month_b && day_a == day_b;
}

/* When a run was made, as people say it: "Today 14:03", "Yesterday
 * 09:12", "4 Dec 14:03", "4 Dec 2025 14:03". */
static char *
format_created (GDateTime *created,
                GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) yesterday = NULL;
  const char *format;
  char *text;

  if (created == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (created);
  yesterday = g_date_time_add_days (now, -1);
  if (same_day (local, now))
    /* Translators: a run made today, as g_date_time_format() writes it */
    format = _("Today %H:%M");
  else if (same_day (local, yesterday))
    /* Translators: a run made yesterday, as g_date_time_format() writes it */
    format = _("Yesterday %H:%M");
  else if (g_date_time_get_year (local) == g_date_time_get_year (now))
    /* Translators: a run made this year (day, month's short name, time) */
    format = _("%-d %b %H:%M");
  else
    /* Translators: a run made in an earlier year (day, month, year, time) */
    format = _("%-d %b %Y %H:%M");

  text = g_date_time_format (local, format);
  if (text == NULL)
    text = g_date_time_format (local, "%x %X");

  return text;
}

/* @text, cut to SUBTITLE_PART_MAX characters. */
static char *
shorten (const char *text)
{
  if (g_utf8_strlen (text, -1) <= SUBTITLE_PART_MAX)
    return g_strdup (text);

  {
    g_autofree char *start = g_utf8_substring (text, 0, SUBTITLE_PART_MAX - 1);

    return g_strconcat (start, "…", NULL);
  }
}

static void
row_update (GtkListBoxRow        *row,
            const DtHistoryEntry *entry,
            GDateTime            *now)
{
  RowData *data = row_get_data (row);
  const char *title = experiment_title (entry->experiment);
  const char *status = status_word (entry->status);
  g_autofree char *when = format_created (entry->created, now);
  g_autoptr(GString) subtitle = g_string_new (status);
  g_autofree char *haystack = NULL;
  GtkWidget *note_row = GTK_WIDGET (data->note_row);

  g_free (data->title);
  /* Translators: a run in the run history: experiment title · when */
  data->title = g_strdup_printf (_("%s · %s"), title, when);

  if (entry->summary[0] != '\0')
    {
      g_autofree char *summary = shorten (entry->summary);

      g_string_append_printf (subtitle, " — %s", summary);
    }
  if (entry->note[0] != '\0')
    {
      g_autofree char *note = shorten (entry->note);

      g_string_append (subtitle, " — ");
      /* Translators: the user's note on a run, quoted in its row */
      g_string_append_printf (subtitle, _("“%s”"), note);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), data->title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle->str);
  set_status_icon (data->icon, entry->status);

  /* What the user is typing stays; another window's note shows once the
   * user is done. */
  if ((gtk_widget_get_state_flags (note_row) & GTK_STATE_FLAG_FOCUS_WITHIN) == 0 &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (note_row)), entry->note) != 0)
    gtk_editable_set_text (GTK_EDITABLE (note_row), entry->note);

  haystack = g_strjoin (" ", data->title, status, entry->summary, entry->note, NULL);
  g_free (data->haystack);
  data->haystack = g_utf8_casefold (haystack, -1);

  g_clear_pointer (&data->entry, dt_history_entry_free);
  data->entry = dt_history_entry_copy (entry);
}

static void note_apply_cb (AdwEntryRow          *note_row,
                           DescentHistoryWindow *self);

static void
add_button (GtkBox     *box,
            const char *label,
            const char *tooltip,
            const char *action,
            const char *file)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", file);
  gtk_box_append (box, button);
}

static GtkWidget *
row_new (DescentHistoryWindow *self,
         const DtHistoryEntry *entry,
         GDateTime            *now)
{
  GtkWidget *row = adw_expander_row_new ();
  RowData *data = g_new0 (RowData, 1);
  GtkWidget *buttons_row;
  GtkWidget *box;
  GtkWidget *delete_button;

  g_object_set_qdata_full (G_OBJECT (row), row_data_quark (), data, row_data_free);
  /* Titles, summaries and notes are plain text. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  data->icon = g_object_new (GTK_TYPE_IMAGE,
                             "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                             NULL);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), GTK_WIDGET (data->icon));

  data->note_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (data->note_row), _("Note"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (data->note_row), FALSE);
  adw_entry_row_set_show_apply_button (data->note_row, TRUE);
  g_signal_connect_object (data->note_row, "apply", G_CALLBACK (note_apply_cb), self, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), GTK_WIDGET (data->note_row));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  add_button (GTK_BOX (box), _("Open"), _("Show this run in the main window"),
              "history.open", entry->file);
  add_button (GTK_BOX (box), _("Overlay"), _("Draw this run over the run shown"),
              "history.overlay", entry->file);
  add_button (GTK_BOX (box), _("Run Again"), _("Run the experiment again with these parameters"),
              "history.rerun", entry->file);
  add_button (GTK_BOX (box), _("Delete"), _("Delete this run and its record file"),
              "history.delete", entry->file);
  delete_button = gtk_widget_get_last_child (box);
  gtk_widget_add_css_class (delete_button, "destructive-action");
  gtk_widget_set_hexpand (delete_button, TRUE);
  gtk_widget_set_halign (delete_button, GTK_ALIGN_END);

  buttons_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (buttons_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (buttons_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (buttons_row), box);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), buttons_row);

  row_update (GTK_LIST_BOX_ROW (row), entry, now);

  return row;
}

/* The row of @file from position @start on, or %NULL. */
static GtkListBoxRow *
find_row (DescentHistoryWindow *self,
          const char           *file,
          guint                 start)
{
  GtkListBoxRow *row;

  for (guint i = start; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    if (g_str_equal (row_get_data (row)->entry->file, file))
      return row;

  return NULL;
}

static gboolean
row_matches (GtkListBoxRow *row,
             gpointer       user_data)
{
  DescentHistoryWindow *self = user_data;
  RowData *data = row_get_data (row);

  for (guint i = 0; self->search_words[i] != NULL; i++)
    if (strstr (data->haystack, self->search_words[i]) == NULL)
      return FALSE;

  return TRUE;
}

/* Shows the list, or the page that says why there is none. */
static void
descent_history_window_update_page (DescentHistoryWindow *self)
{
  const char *error = descent_history_get_error (self->history);
  guint n_rows = descent_history_window_get_n_rows (self);
  guint n_shown = 0;
  const char *page;

  for (guint i = 0; i < n_rows; i++)
    if (row_matches (gtk_list_box_get_row_at_index (self->list_box, i), self))
      n_shown++;

  if (error != NULL)
    {
      adw_status_page_set_description (self->error_page, error);
      page = DESCENT_HISTORY_PAGE_ERROR;
    }
  else if (n_rows == 0)
    page = DESCENT_HISTORY_PAGE_EMPTY;
  else if (n_shown == 0)
    page = DESCENT_HISTORY_PAGE_NO_RESULTS;
  else
    page = DESCENT_HISTORY_PAGE_LIST;

  gtk_widget_set_visible (GTK_WIDGET (self->search_entry), error == NULL && n_rows > 0);
  gtk_stack_set_visible_child_name (self->stack, page);
}

/* Brings the rows in line with the history's list: both are newest
 * first, so one pass keeps the rows of runs still there and puts new
 * rows where they belong. */
static void
descent_history_window_sync (DescentHistoryWindow *self)
{
  g_autoptr(GPtrArray) entries = descent_history_dup_entries (self->history);
  g_autoptr(GHashTable) files = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GtkListBoxRow *row;
  guint i;

  for (i = 0; i < entries->len; i++)
    g_hash_table_add (files, ((DtHistoryEntry *) g_ptr_array_index (entries, i))->file);

  i = 0;
  while ((row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL)
    {
      if (g_hash_table_contains (files, row_get_data (row)->entry->file))
        i++;
      else
        gtk_list_box_remove (self->list_box, GTK_WIDGET (row));
    }

  for (i = 0; i < entries->len; i++)
    {
      const DtHistoryEntry *entry = g_ptr_array_index (entries, i);
      GtkListBoxRow *old;
      GtkWidget *new_row;
      gboolean expanded = FALSE;

      row = gtk_list_box_get_row_at_index (self->list_box, i);
      if (row != NULL && g_str_equal (row_get_data (row)->entry->file, entry->file))
        {
          row_update (row, entry, now);
          continue;
        }

      /* A run that moved (its time was read anew) gets a new row. */
      old = find_row (self, entry->file, i + 1);
      if (old != NULL)
        {
          expanded = adw_expander_row_get_expanded (ADW_EXPANDER_ROW (old));
          gtk_list_box_remove (self->list_box, GTK_WIDGET (old));
        }

      new_row = row_new (self, entry, now);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (new_row), expanded);
      gtk_list_box_insert (self->list_box, new_row, (int) i);
    }

  gtk_list_box_invalidate_filter (self->list_box);
  descent_history_window_update_page (self);
}

static void
history_changed_cb (DescentHistoryWindow *self)
{
  descent_history_window_sync (self);
}

/* "Today" and "Yesterday" move on: the user sees them right on coming
 * back to the window. */
static void
is_active_changed_cb (DescentHistoryWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    descent_history_window_sync (self);
}

static void
descent_history_window_set_search (DescentHistoryWindow *self,
                                   const char           *text)
{
  g_autofree char *folded = g_utf8_casefold (text != NULL ? text : "", -1);
  GStrv words = g_strsplit_set (folded, " \t", -1);
  guint kept = 0;

  /* Every word must be found in a row, anywhere, in any case. */
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] != '\0')
        words[kept++] = words[i];
      else
        g_free (words[i]);
    }
  words[kept] = NULL;

  g_strfreev (self->search_words);
  self->search_words = words;

  gtk_list_box_invalidate_filter (self->list_box);
  descent_history_window_update_page (self);
}

static void
search_changed_cb (DescentHistoryWindow *self)
{
  descent_history_window_set_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DescentHistoryWindow *self = DESCENT_HISTORY_WINDOW (widget);

  if (gtk_widget_get_visible (GTK_WIDGET (self->search_entry)))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
stop_search_cb (DescentHistoryWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* A note or delete failed: says why, and shows what the folder holds now
 * (another window or instance may have changed it). */
static void
descent_history_window_show_error (DescentHistoryWindow *self,
                                   const GError         *error)
{
  g_autofree char *title = g_markup_escape_text (error->message, -1);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  g_set_object (&self->last_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  descent_history_reload (self->history, NULL);
}

static void
note_apply_cb (AdwEntryRow          *note_row,
               DescentHistoryWindow *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (note_row), ADW_TYPE_EXPANDER_ROW);
  g_autoptr(GError) error = NULL;
  const char *note = gtk_editable_get_text (GTK_EDITABLE (note_row));
  RowData *data;

  if (row == NULL)
    return;

  data = row_get_data (GTK_LIST_BOX_ROW (row));
  if (g_str_equal (note, data->entry->note))
    return;

  if (!descent_history_set_note (self->history, data->entry->file, note, &error))
    descent_history_window_show_error (self, error);
}

static void
emit_with_path (DescentHistoryWindow *self,
                guint                 signal_id,
                GVariant             *parameter)
{
  const char *file = g_variant_get_string (parameter, NULL);
  g_autofree char *path = NULL;

  if (find_row (self, file, 0) == NULL)
    return;

  path = descent_history_get_path (self->history, file);
  g_signal_emit (self, signal_id, 0, path);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  emit_with_path (DESCENT_HISTORY_WINDOW (widget), signals[OPEN_RUN], parameter);
}

static void
overlay_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  emit_with_path (DESCENT_HISTORY_WINDOW (widget), signals[OVERLAY_RUN], parameter);
}

static void
rerun_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  emit_with_path (DESCENT_HISTORY_WINDOW (widget), signals[RERUN], parameter);
}

static void
delete_response_cb (AdwMessageDialog     *dialog,
                    const char           *response,
                    DescentHistoryWindow *self)
{
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;

  if (self->question != GTK_WIDGET (dialog))
    return;

  g_clear_weak_pointer (&self->question);
  file = g_steal_pointer (&self->question_file);

  if (!g_str_equal (response, DESCENT_HISTORY_RESPONSE_DELETE))
    return;

  if (!descent_history_delete (self->history, file, &error))
    descent_history_window_show_error (self, error);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DescentHistoryWindow *self = DESCENT_HISTORY_WINDOW (widget);
  const char *file = g_variant_get_string (parameter, NULL);
  GtkListBoxRow *row = find_row (self, file, 0);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (row == NULL)
    return;

  if (self->question != NULL)
    gtk_window_destroy (GTK_WINDOW (self->question));
  g_clear_weak_pointer (&self->question);

  body = g_strdup_printf (_("“%s” and its record file will be deleted for good."),
                          row_get_data (row)->title);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Delete This Run?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    DESCENT_HISTORY_RESPONSE_CANCEL, _("_Cancel"),
                                    DESCENT_HISTORY_RESPONSE_DELETE, _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                              DESCENT_HISTORY_RESPONSE_DELETE,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           DESCENT_HISTORY_RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog),
                                         DESCENT_HISTORY_RESPONSE_CANCEL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);

  g_set_weak_pointer (&self->question, dialog);
  g_free (self->question_file);
  self->question_file = g_strdup (file);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
descent_history_window_constructed (GObject *object)
{
  DescentHistoryWindow *self = DESCENT_HISTORY_WINDOW (object);

  G_OBJECT_CLASS (descent_history_window_parent_class)->constructed (object);

  g_signal_connect_object (self->history, "changed", G_CALLBACK (history_changed_cb), self,
                           G_CONNECT_SWAPPED);
  descent_history_window_sync (self);
}

static void
descent_history_window_map (GtkWidget *widget)
{
  DescentHistoryWindow *self = DESCENT_HISTORY_WINDOW (widget);
  GtkWidget *search = GTK_WIDGET (self->search_entry);
  GtkWidget *focus;

  GTK_WIDGET_CLASS (descent_history_window_parent_class)->map (widget);

  /* The runs have the focus first, not an empty search: typing searches
   * all the same, since the entry captures the window's keys. */
  focus = gtk_root_get_focus (GTK_ROOT (self));
  if ((focus == NULL || focus == search || gtk_widget_is_ancestor (focus, search)) &&
      gtk_editable_get_text (GTK_EDITABLE (search))[0] == '\0')
    gtk_widget_child_focus (GTK_WIDGET (self->list_box), GTK_DIR_TAB_FORWARD);
}

static void
descent_history_window_dispose (GObject *object)
{
  DescentHistoryWindow *self = DESCENT_HISTORY_WINDOW (object);

  /* Nothing is to be shown any more. */
  g_signal_handlers_disconnect_by_func (self, is_active_changed_cb, NULL);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);

  if (self->question != NULL)
    gtk_window_destroy (GTK_WINDOW (self->question));
  g_clear_weak_pointer (&self->question);
  g_clear_object (&self->last_toast);

  gtk_widget_dispose_template (GTK_WIDGET (self), DESCENT_TYPE_HISTORY_WINDOW);

  g_clear_object (&self->history);

  G_OBJECT_CLASS (descent_history_window_parent_class)->dispose (object);
}

static void
descent_history_window_finalize (GObject *object)
{
  DescentHistoryWindow *self = DESCENT_HISTORY_WINDOW (object);

  g_strfreev (self->search_words);
  g_free (self->question_file);

  G_OBJECT_CLASS (descent_history_window_parent_class)->finalize (object);
}

static void
descent_history_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  DescentHistoryWindow *self = DESCENT_HISTORY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_object (value, descent_history_window_get_history (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
descent_history_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  DescentHistoryWindow *self = DESCENT_HISTORY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      /* construct-only */
      self->history = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
descent_history_window_class_init (DescentHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = descent_history_window_constructed;
  object_class->dispose = descent_history_window_dispose;
  object_class->finalize = descent_history_window_finalize;
  object_class->get_property = descent_history_window_get_property;
  object_class->set_property = descent_history_window_set_property;

  widget_class->map = descent_history_window_map;

  /**
   * DescentHistoryWindow:history:
   *
   * The run history the window lists.
   */
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, DESCENT_TYPE_HISTORY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DescentHistoryWindow::open-run:
   * @self: the window
   * @path: the full path of the run's record file
   *
   * Emitted when the user asks to show a run in the main window, in
   * place of what it shows.
   */
  signals[OPEN_RUN] =
    g_signal_new ("open-run", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * DescentHistoryWindow::overlay-run:
   * @self: the window
   * @path: the full path of the run's record file
   *
   * Emitted when the user asks to draw a run over the run the main window
   * shows.
   */
  signals[OVERLAY_RUN] =
    g_signal_new ("overlay-run", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * DescentHistoryWindow::rerun:
   * @self: the window
   * @path: the full path of the run's record file
   *
   * Emitted when the user asks to run a run's experiment again with its
   * parameters.
   */
  signals[RERUN] =
    g_signal_new ("rerun", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/descentlab/Descent/descent-history-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DescentHistoryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DescentHistoryWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DescentHistoryWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DescentHistoryWindow, list_box);
  gtk_widget_class_bind_template_child (widget_class, DescentHistoryWindow, error_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);

  gtk_widget_class_install_action (widget_class, "history.open", "s", open_action);
  gtk_widget_class_install_action (widget_class, "history.overlay", "s", overlay_action);
  gtk_widget_class_install_action (widget_class, "history.rerun", "s", rerun_action);
  gtk_widget_class_install_action (widget_class, "history.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "history.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "history.search", NULL);
}

static void
descent_history_window_init (DescentHistoryWindow *self)
{
  self->search_words = g_new0 (char *, 1);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_filter_func (self->list_box, row_matches, self, NULL);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (is_active_changed_cb), NULL);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

/**
 * descent_history_window_new:
 * @parent: (nullable): the window it belongs to
 * @history: the run history to list
 *
 * Makes a window listing the runs of @history, newest first; it follows
 * the history's changes. It is not modal: the user may keep it open
 * beside the main window, which acts on its #DescentHistoryWindow::open-run,
 * #DescentHistoryWindow::overlay-run and #DescentHistoryWindow::rerun.
 *
 * Returns: (transfer floating): the window
 */
GtkWidget *
descent_history_window_new (GtkWindow      *parent,
                            DescentHistory *history)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DESCENT_IS_HISTORY (history), NULL);

  return g_object_new (DESCENT_TYPE_HISTORY_WINDOW,
                       "transient-for", parent,
                       "history", history,
                       NULL);
}

/**
 * descent_history_window_get_history:
 * @self: a history window
 *
 * Returns: (transfer none): the history it lists
 */
DescentHistory *
descent_history_window_get_history (DescentHistoryWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_HISTORY_WINDOW (self), NULL);

  return self->history;
}

/* ------------------------------------------------------- test hooks */

/**
 * descent_history_window_get_n_rows:
 * @self: a history window
 *
 * For tests.
 *
 * Returns: the number of rows, shown or hidden by the search
 */
guint
descent_history_window_get_n_rows (DescentHistoryWindow *self)
{
  guint n = 0;

  g_return_val_if_fail (DESCENT_IS_HISTORY_WINDOW (self), 0);

  while (gtk_list_box_get_row_at_index (self->list_box, n) != NULL)
    n++;

  return n;
}

/**
 * descent_history_window_get_row:
 * @self: a history window
 * @index: a row, 0 for the newest run
 *
 * For tests.
 *
 * Returns: (transfer none) (nullable): the #AdwExpanderRow of the run, or
 *   %NULL if there are not that many
 */
GtkWidget *
descent_history_window_get_row (DescentHistoryWindow *self,
                                guint                 index)
{
  g_return_val_if_fail (DESCENT_IS_HISTORY_WINDOW (self), NULL);

  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->list_box, (int) index));
}

/**
 * descent_history_window_get_row_file:
 * @self: a history window
 * @index: a row
 *
 * For tests.
 *
 * Returns: (nullable): the file name of the run of row @index
 */
const char *
descent_history_window_get_row_file (DescentHistoryWindow *self,
                                     guint                 index)
{
  GtkWidget *row = descent_history_window_get_row (self, index);

  return row != NULL ? row_get_data (GTK_LIST_BOX_ROW (row))->entry->file : NULL;
}

/**
 * descent_history_window_activate_row_action:
 * @self: a history window
 * @index: a row
 * @action: "open", "overlay", "rerun" or "delete"
 *
 * For tests: does what clicking the row's button does.
 *
 * Returns: %TRUE if the action was activated
 */
gboolean
descent_history_window_activate_row_action (DescentHistoryWindow *self,
                                            guint                 index,
                                            const char           *action)
{
  const char *file = descent_history_window_get_row_file (self, index);
  g_autofree char *name = NULL;

  g_return_val_if_fail (action != NULL, FALSE);

  if (file == NULL)
    return FALSE;

  name = g_strconcat ("history.", action, NULL);
  return gtk_widget_activate_action (GTK_WIDGET (self), name, "s", file);
}

/**
 * descent_history_window_set_row_note:
 * @self: a history window
 * @index: a row
 * @note: the note to type
 *
 * For tests: types @note into the row's note and presses its apply button.
 */
void
descent_history_window_set_row_note (DescentHistoryWindow *self,
                                     guint                 index,
                                     const char           *note)
{
  GtkWidget *row = descent_history_window_get_row (self, index);
  AdwEntryRow *note_row;

  g_return_if_fail (row != NULL);
  g_return_if_fail (note != NULL);

  note_row = row_get_data (GTK_LIST_BOX_ROW (row))->note_row;
  gtk_editable_set_text (GTK_EDITABLE (note_row), note);
  g_signal_emit_by_name (note_row, "apply");
}

/**
 * descent_history_window_set_search_text:
 * @self: a history window
 * @text: what to search for
 *
 * For tests: types @text into the search entry, without waiting for the
 * entry's delay.
 */
void
descent_history_window_set_search_text (DescentHistoryWindow *self,
                                        const char           *text)
{
  g_return_if_fail (DESCENT_IS_HISTORY_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  descent_history_window_set_search (self, text);
}

/**
 * descent_history_window_get_visible_page:
 * @self: a history window
 *
 * For tests.
 *
 * Returns: %DESCENT_HISTORY_PAGE_LIST, %DESCENT_HISTORY_PAGE_EMPTY,
 *   %DESCENT_HISTORY_PAGE_NO_RESULTS or %DESCENT_HISTORY_PAGE_ERROR
 */
const char *
descent_history_window_get_visible_page (DescentHistoryWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_HISTORY_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * descent_history_window_get_error_page:
 * @self: a history window
 *
 * For tests.
 *
 * Returns: (transfer none): the page shown when the folder cannot be
 *   opened
 */
AdwStatusPage *
descent_history_window_get_error_page (DescentHistoryWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_HISTORY_WINDOW (self), NULL);

  return self->error_page;
}

/**
 * descent_history_window_get_question:
 * @self: a history window
 *
 * For tests.
 *
 * Returns: (transfer none) (nullable): the #AdwMessageDialog asking before
 *   a delete, while it is open
 */
GtkWidget *
descent_history_window_get_question (DescentHistoryWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_HISTORY_WINDOW (self), NULL);

  return self->question;
}

/**
 * descent_history_window_get_last_toast_title:
 * @self: a history window
 *
 * For tests.
 *
 * Returns: (nullable): the title (markup) of the last error toast shown
 */
const char *
descent_history_window_get_last_toast_title (DescentHistoryWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_HISTORY_WINDOW (self), NULL);

  return self->last_toast != NULL ? adw_toast_get_title (self->last_toast) : NULL;
}
