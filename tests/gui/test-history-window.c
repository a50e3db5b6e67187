/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-history-window"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "descent-history.h"
#include "descent-history-window.h"
#include "dt-registry.h"
#include "../test-tmp.h"

#define N_RUNS 3

/* ------------------------------------------------------------ helpers */

static void
iterate_for (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
iterate_until (Condition condition,
               gpointer  data,
               double    seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
    }
  return TRUE;
}

static gboolean
widget_is_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static gboolean
nothing_pending (gpointer data)
{
  return descent_history_get_n_pending (data) == 0;
}

/* A small finished run of @experiment made at @created. */
static DtRecord *
make_record (const char     *experiment,
             DtRecordStatus  status,
             GDateTime      *created)
{
  DtRecord *record = dt_record_new (experiment);
  DtProvenance *provenance;

  dt_record_fill_provenance (record, 7, 1);
  provenance = dt_record_get_provenance (record);
  g_free (provenance->created);
  provenance->created = g_date_time_format_iso8601 (created);

  dt_record_add_series (record, "risk", "Risk", DT_STYLE_LINE);
  for (guint i = 0; i < 10; i++)
    dt_record_append_point (record, "risk", i + 1, 1.0 / (i + 1), 0.01);
  dt_record_set_wall_seconds (record, 1.5);
  dt_record_set_status (record, status, status == DT_STATUS_COMPLETE ? NULL : "Stopped at step 4");

  return record;
}

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  char **file = user_data;
  g_autoptr(GError) error = NULL;

  *file = descent_history_add_finish (DESCENT_HISTORY (source), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*file);
}

/* "Today", "Yesterday" or %NULL: what the row of a run made at @created
 * says of its day, now. */
static const char *
day_word (GDateTime *created)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *day = g_date_time_format (created, "%F");
  g_autofree char *today = g_date_time_format (now, "%F");
  g_autofree char *before = g_date_time_format (yesterday, "%F");

  if (g_str_equal (day, today))
    return "Today";
  if (g_str_equal (day, before))
    return "Yesterday";
  return NULL;
}

static const char *
row_title (GtkWidget *row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static const char *
row_subtitle (GtkWidget *row)
{
  return adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));
}

/* The buttons of the history's actions under @widget. */
static void
collect_action_buttons (GtkWidget *widget,
                        GPtrArray *buttons)
{
  if (GTK_IS_BUTTON (widget))
    {
      const char *action = gtk_actionable_get_action_name (GTK_ACTIONABLE (widget));

      if (action != NULL && g_str_has_prefix (action, "history."))
        g_ptr_array_add (buttons, widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_action_buttons (child, buttons);
}

/* ------------------------------------------------------------ fixture */

typedef struct
{
  char                 *dir;
  DescentHistory       *history;
  DescentHistoryWindow *window;
  /* The runs, newest first. */
  char                 *files[N_RUNS];
  GDateTime            *created[N_RUNS];
} Fixture;

static const struct
{
  const char     *experiment;
  DtRecordStatus  status;
  const char     *status_word;
  int             days_ago;
  const char     *summary;
} runs[N_RUNS] = {
  { "connectivity", DT_STATUS_COMPLETE, "Complete", 0, "width 64, depth 3, learning rate 0.05" },
  { "ntk", DT_STATUS_CANCELLED, "Stopped", 1, "widths 16–1024, 5 seeds" },
  { "pruning", DT_STATUS_FAILED, "Failed", 400, "prune 20 % a round, 8 rounds" },
};

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  f->dir = g_dir_make_tmp ("test-history-window-XXXXXX", &error);
  g_assert_no_error (error);
  f->history = descent_history_new (f->dir);
  g_assert_null (descent_history_get_error (f->history));

  /* Oldest first, as a user makes them. */
  for (int i = N_RUNS - 1; i >= 0; i--)
    {
      g_autoptr(DtRecord) record = NULL;

      /* Whole seconds: the history keeps no more. */
      f->created[i] = g_date_time_add_full (now, 0, 0, -runs[i].days_ago, 0, 0,
                                            -g_date_time_get_microsecond (now) / 1e6);
      record = make_record (runs[i].experiment, runs[i].status, f->created[i]);
      descent_history_add_async (f->history, record, runs[i].summary, added_cb, &f->files[i]);
      g_assert_true (iterate_until (nothing_pending, f->history, 10.0));
      g_assert_nonnull (f->files[i]);
    }

  f->window = DESCENT_HISTORY_WINDOW (descent_history_window_new (NULL, f->history));
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (iterate_until (widget_is_drawn, f->window, 10.0));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate_for (0.05);
  g_clear_object (&f->history);
  for (guint i = 0; i < N_RUNS; i++)
    {
      g_clear_pointer (&f->files[i], g_free);
      g_clear_pointer (&f->created[i], g_date_time_unref);
    }
  test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

/* With DESCENT_TEST_SHOTS=DIR set, a picture of the screen goes into
 * DIR/NAME.png, to look at. */
static void
maybe_screenshot (const char *name)
{
  const char *dir = g_getenv ("DESCENT_TEST_SHOTS");
  g_autofree char *path = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (dir == NULL || *dir == '\0')
    return;

  g_mkdir_with_parents (dir, 0755);
  iterate_for (1.0);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  quoted = g_shell_quote (path);
  command = g_strdup_printf ("import -window root %s", quoted);
  if (!g_spawn_command_line_sync (command, NULL, NULL, &status, &error))
    g_test_message ("no screenshot: %s", error->message);
  else
    g_test_message ("screenshot: %s", path);
}

/* -------------------------------------------------------------- tests */

static void
test_rows (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GRegex) iso = g_regex_new ("[0-9]{4}-[0-9]{2}-[0-9]{2}T", 0, 0, NULL);
  GtkWidget *list;
  g_autofree char *failure = NULL;

  g_assert_cmpuint (descent_history_window_get_n_rows (f->window), ==, N_RUNS);
  g_assert_null (descent_history_window_get_row (f->window, N_RUNS));
  g_assert_cmpstr (descent_history_window_get_visible_page (f->window), ==, DESCENT_HISTORY_PAGE_LIST);

  for (guint i = 0; i < N_RUNS; i++)
    {
      GtkWidget *row = descent_history_window_get_row (f->window, i);
      const char *title = row_title (row);
      const char *subtitle = row_subtitle (row);
      const char *experiment = dt_registry_lookup (runs[i].experiment)->title;
      const char *day = day_word (f->created[i]);
      g_autofree char *expected = g_strdup_printf ("%s · ", experiment);
      g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

      g_test_message ("row %u: “%s” / “%s”", i, title, subtitle);
      g_assert_true (ADW_IS_EXPANDER_ROW (row));
      g_assert_cmpstr (descent_history_window_get_row_file (f->window, i), ==, f->files[i]);

      /* "Linear mode connectivity · Today 14:03" */
      g_assert_true (g_str_has_prefix (title, expected));
      g_assert_false (g_regex_match (iso, title, 0, NULL));
      g_assert_false (g_regex_match (iso, subtitle, 0, NULL));
      if (day != NULL)
        g_assert_nonnull (strstr (title, day));
      else
        {
          g_autofree char *year = g_date_time_format (f->created[i], "%Y");
          g_autofree char *time = g_date_time_format (f->created[i], "%H:%M");

          g_assert_nonnull (strstr (title, year));
          g_assert_true (g_str_has_suffix (title, time));
        }

      /* "Complete — width 64, …" */
      g_assert_true (g_str_has_prefix (subtitle, runs[i].status_word));
      g_assert_nonnull (strstr (subtitle, runs[i].summary));

      /* Open, Overlay, Run Again, Delete: all with a label */
      collect_action_buttons (row, buttons);
      g_assert_cmpuint (buttons->len, ==, 4);
      for (guint j = 0; j < buttons->len; j++)
        {
          const char *label = gtk_button_get_label (g_ptr_array_index (buttons, j));

          g_assert_nonnull (label);
          g_assert_cmpstr (label, !=, "");
        }
      g_assert_true (gtk_widget_has_css_class (g_ptr_array_index (buttons, 3), "destructive-action"));
    }

  /* the runs have the focus first, not the search */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         descent_history_window_get_row (f->window, 0)));

  list = gtk_widget_get_parent (descent_history_window_get_row (f->window, 0));
  g_assert_true (GTK_IS_LIST_BOX (list));
  g_assert_true (gtk_widget_has_css_class (list, "boxed-list"));
  failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, "Runs");
  g_assert_null (failure);
}

static void
test_note (Fixture       *f,
           gconstpointer  data)
{
  const char *note = "wider <b>net</b> & a “better” seed";
  GtkWidget *row = descent_history_window_get_row (f->window, 0);
  g_autoptr(DescentHistory) again = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(DescentHistory) other = NULL;
  g_autoptr(GError) error = NULL;
  const char *toast;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (descent_history_window_get_row (f->window, 1)), TRUE);
  iterate_for (0.2);

  descent_history_window_set_row_note (f->window, 0, note);
  iterate_for (0.1);

  /* the rows are brought up to date, not made anew: they stay expanded */
  g_assert_true (descent_history_window_get_row (f->window, 0) == row);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (descent_history_window_get_row (f->window, 1))));
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (descent_history_window_get_row (f->window, 2))));
  g_assert_nonnull (strstr (row_subtitle (row), note));
  g_assert_null (strstr (row_subtitle (descent_history_window_get_row (f->window, 1)), note));
  g_assert_null (descent_history_window_get_last_toast_title (f->window));

  /* it is kept on disk */
  again = descent_history_new (f->dir);
  entries = descent_history_dup_entries (again);
  g_assert_cmpuint (entries->len, ==, N_RUNS);
  g_assert_cmpstr (((DtHistoryEntry *) g_ptr_array_index (entries, 0))->file, ==, f->files[0]);
  g_assert_cmpstr (((DtHistoryEntry *) g_ptr_array_index (entries, 0))->note, ==, note);
  g_assert_cmpstr (((DtHistoryEntry *) g_ptr_array_index (entries, 1))->note, ==, "");

  /* a run another instance deleted meanwhile: the error is a toast, and
   * the list shows what the folder holds */
  other = descent_history_new (f->dir);
  g_assert_true (descent_history_delete (other, f->files[1], &error));
  g_assert_no_error (error);
  g_assert_cmpuint (descent_history_window_get_n_rows (f->window), ==, N_RUNS);
  descent_history_window_set_row_note (f->window, 1, "too late");
  iterate_for (0.1);
  toast = descent_history_window_get_last_toast_title (f->window);
  g_assert_nonnull (toast);
  g_test_message ("toast: %s", toast);
  g_assert_nonnull (strstr (toast, f->files[1]));
  g_assert_cmpuint (descent_history_window_get_n_rows (f->window), ==, N_RUNS - 1);
  g_assert_cmpstr (descent_history_window_get_row_file (f->window, 0), ==, f->files[0]);
  g_assert_cmpstr (descent_history_window_get_row_file (f->window, 1), ==, f->files[2]);
}

typedef struct
{
  char *open;
  char *overlay;
  char *rerun;
  guint n_emitted;
} Emitted;

static void
run_signal_cb (DescentHistoryWindow *window,
               const char           *path,
               char                **slot)
{
  Emitted *emitted = g_object_get_data (G_OBJECT (window), "emitted");

  g_assert_null (*slot);
  *slot = g_strdup (path);
  emitted->n_emitted++;
}

static void
test_signals (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *expected = g_build_filename (f->dir, f->files[1], NULL);
  Emitted emitted = { 0 };

  g_object_set_data (G_OBJECT (f->window), "emitted", &emitted);
  g_signal_connect (f->window, "open-run", G_CALLBACK (run_signal_cb), &emitted.open);
  g_signal_connect (f->window, "overlay-run", G_CALLBACK (run_signal_cb), &emitted.overlay);
  g_signal_connect (f->window, "rerun", G_CALLBACK (run_signal_cb), &emitted.rerun);

  g_assert_true (descent_history_window_activate_row_action (f->window, 1, "open"));
  g_assert_cmpuint (emitted.n_emitted, ==, 1);
  g_assert_cmpstr (emitted.open, ==, expected);

  g_assert_true (descent_history_window_activate_row_action (f->window, 1, "overlay"));
  g_assert_cmpuint (emitted.n_emitted, ==, 2);
  g_assert_cmpstr (emitted.overlay, ==, expected);

  g_assert_true (descent_history_window_activate_row_action (f->window, 1, "rerun"));
  g_assert_cmpuint (emitted.n_emitted, ==, 3);
  g_assert_cmpstr (emitted.rerun, ==, expected);

  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));

  /* the window does nothing else itself */
  g_assert_cmpuint (descent_history_window_get_n_rows (f->window), ==, N_RUNS);
  g_assert_null (descent_history_window_get_question (f->window));

  g_signal_handlers_disconnect_by_func (f->window, run_signal_cb, &emitted.open);
  g_signal_handlers_disconnect_by_func (f->window, run_signal_cb, &emitted.overlay);
  g_signal_handlers_disconnect_by_func (f->window, run_signal_cb, &emitted.rerun);
  g_object_set_data (G_OBJECT (f->window), "emitted", NULL);
  g_free (emitted.open);
  g_free (emitted.overlay);
  g_free (emitted.rerun);
}

static gboolean
is_toplevel (GtkWidget *widget)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  return g_list_find (toplevels, widget) != NULL;
}

/* Answers @question as its buttons do, which also close it. */
static void
respond (GtkWidget  *question,
         const char *response)
{
  g_object_ref (question);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), response);
  gtk_window_destroy (GTK_WINDOW (question));
  g_object_unref (question);
  iterate_for (0.1);
}

/* Asks to delete row @index and answers @response. */
static void
delete_row (Fixture    *f,
            guint       index,
            const char *response)
{
  GtkWidget *question;

  g_assert_null (descent_history_window_get_question (f->window));
  g_assert_true (descent_history_window_activate_row_action (f->window, index, "delete"));
  question = descent_history_window_get_question (f->window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (question));
  g_assert_true (is_toplevel (question));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (question)) == GTK_WINDOW (f->window));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (question), DESCENT_HISTORY_RESPONSE_CANCEL));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (question),
                                                               DESCENT_HISTORY_RESPONSE_DELETE),
                   ==, ADW_RESPONSE_DESTRUCTIVE);
  iterate_for (0.1);

  respond (question, response);
  g_assert_null (descent_history_window_get_question (f->window));
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, f->files[2], NULL);
  GtkWidget *question;
  const char *body;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* the question names the run */
  g_assert_true (descent_history_window_activate_row_action (f->window, 2, "delete"));
  question = descent_history_window_get_question (f->window);
  g_assert_nonnull (question);
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (question));
  g_test_message ("asks: %s — %s", adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question)), body);
  g_assert_nonnull (strstr (body, row_title (descent_history_window_get_row (f->window, 2))));
  respond (question, DESCENT_HISTORY_RESPONSE_CANCEL);

  /* cancelled: nothing changes */
  delete_row (f, 2, DESCENT_HISTORY_RESPONSE_CANCEL);
  g_assert_cmpuint (descent_history_window_get_n_rows (f->window), ==, N_RUNS);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  delete_row (f, 2, DESCENT_HISTORY_RESPONSE_DELETE);
  g_assert_cmpuint (descent_history_window_get_n_rows (f->window), ==, N_RUNS - 1);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (descent_history_window_get_row_file (f->window, 0), ==, f->files[0]);
  g_assert_cmpstr (descent_history_window_get_row_file (f->window, 1), ==, f->files[1]);
  g_assert_null (descent_history_window_get_last_toast_title (f->window));
  g_assert_cmpstr (descent_history_window_get_visible_page (f->window), ==, DESCENT_HISTORY_PAGE_LIST);

  /* the last one gone, the window says there are none */
  while (descent_history_window_get_n_rows (f->window) > 0)
    delete_row (f, 0, DESCENT_HISTORY_RESPONSE_DELETE);
  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autofree char *gone = g_build_filename (f->dir, f->files[i], NULL);

      g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));
    }
  g_assert_cmpstr (descent_history_window_get_visible_page (f->window), ==, DESCENT_HISTORY_PAGE_EMPTY);
  g_assert_null (descent_history_window_get_last_toast_title (f->window));

  maybe_screenshot ("history-empty");
}

static guint
count_shown (Fixture *f)
{
  guint n = 0;

  for (guint i = 0; i < descent_history_window_get_n_rows (f->window); i++)
    if (gtk_widget_get_child_visible (descent_history_window_get_row (f->window, i)))
      n++;

  return n;
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_assert_cmpuint (count_shown (f), ==, N_RUNS);

  /* by title, in any case */
  descent_history_window_set_search_text (f->window, "LOTTERY");
  g_assert_cmpuint (count_shown (f), ==, 1);
  g_assert_true (gtk_widget_get_child_visible (descent_history_window_get_row (f->window, 2)));

  /* by summary, every word anywhere */
  descent_history_window_set_search_text (f->window, "seeds 1024");
  g_assert_cmpuint (count_shown (f), ==, 1);
  g_assert_true (gtk_widget_get_child_visible (descent_history_window_get_row (f->window, 1)));

  /* by note */
  descent_history_window_set_row_note (f->window, 0, "Baseline for the talk");
  descent_history_window_set_search_text (f->window, "baseline");
  g_assert_cmpuint (count_shown (f), ==, 1);
  g_assert_true (gtk_widget_get_child_visible (descent_history_window_get_row (f->window, 0)));
  g_assert_cmpstr (descent_history_window_get_visible_page (f->window), ==, DESCENT_HISTORY_PAGE_LIST);

  descent_history_window_set_search_text (f->window, "no such run");
  g_assert_cmpuint (count_shown (f), ==, 0);
  g_assert_cmpstr (descent_history_window_get_visible_page (f->window), ==, DESCENT_HISTORY_PAGE_NO_RESULTS);

  descent_history_window_set_search_text (f->window, "");
  g_assert_cmpuint (count_shown (f), ==, N_RUNS);
  g_assert_cmpstr (descent_history_window_get_visible_page (f->window), ==, DESCENT_HISTORY_PAGE_LIST);
}

/* A run added while the window is open shows at the top. */
static void
test_added (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(DtRecord) record = make_record ("bias-variance", DT_STATUS_COMPLETE, now);
  g_autofree char *file = NULL;
  GtkWidget *first = descent_history_window_get_row (f->window, 0);

  descent_history_add_async (f->history, record, "default parameters", added_cb, &file);
  g_assert_true (iterate_until (nothing_pending, f->history, 10.0));
  g_assert_cmpuint (descent_history_window_get_n_rows (f->window), ==, N_RUNS + 1);
  g_assert_cmpstr (descent_history_window_get_row_file (f->window, 0), ==, file);
  g_assert_true (descent_history_window_get_row (f->window, 1) == first);
  g_assert_true (g_str_has_prefix (row_title (descent_history_window_get_row (f->window, 0)),
                                   dt_registry_lookup ("bias-variance")->title));
}

static void
test_unopenable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-history-window-XXXXXX", &error);
  g_autofree char *file = g_build_filename (dir, "a-file", NULL);
  g_autofree char *below = g_build_filename (file, "history", NULL);
  g_autoptr(DescentHistory) history = NULL;
  DescentHistoryWindow *window;
  AdwStatusPage *page;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (file, "not a folder", -1, &error));
  g_assert_no_error (error);

  history = descent_history_new (below);
  g_assert_nonnull (descent_history_get_error (history));

  window = DESCENT_HISTORY_WINDOW (descent_history_window_new (NULL, history));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (widget_is_drawn, window, 10.0));

  g_assert_cmpuint (descent_history_window_get_n_rows (window), ==, 0);
  g_assert_cmpstr (descent_history_window_get_visible_page (window), ==, DESCENT_HISTORY_PAGE_ERROR);
  page = descent_history_window_get_error_page (window);
  g_test_message ("error page: %s — %s", adw_status_page_get_title (page), adw_status_page_get_description (page));
  g_assert_cmpstr (adw_status_page_get_description (page), ==, descent_history_get_error (history));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));

  maybe_screenshot ("history-error");

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (0.05);
  test_remove_tree (dir);
}

/* The window goes with the window it belongs to, and its question with
 * it. */
static void
test_parent (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *parent = gtk_window_new ();
  GtkWidget *window = descent_history_window_new (GTK_WINDOW (parent), f->history);
  GtkWidget *question;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (parent));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (widget_is_drawn, window, 10.0));
  g_assert_false (gtk_window_get_modal (GTK_WINDOW (window)));
  g_assert_cmpuint (descent_history_window_get_n_rows (DESCENT_HISTORY_WINDOW (window)), ==, N_RUNS);

  g_assert_true (descent_history_window_activate_row_action (DESCENT_HISTORY_WINDOW (window), 0, "delete"));
  question = descent_history_window_get_question (DESCENT_HISTORY_WINDOW (window));
  g_assert_nonnull (question);
  g_object_add_weak_pointer (G_OBJECT (question), (gpointer *) &question);

  gtk_window_destroy (GTK_WINDOW (parent));
  iterate_for (0.1);
  g_assert_null (window);
  g_assert_null (question);

  /* the other window still lists every run */
  g_assert_cmpuint (descent_history_window_get_n_rows (f->window), ==, N_RUNS);
}

/* Only with DESCENT_TEST_SHOTS: the window with its runs, one expanded,
 * and the question before a delete. */
static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *question;

  if (g_getenv ("DESCENT_TEST_SHOTS") == NULL)
    {
      g_test_skip ("DESCENT_TEST_SHOTS is not set");
      return;
    }

  descent_history_window_set_row_note (f->window, 1, "Too slow at width 1024; try 512 next");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (descent_history_window_get_row (f->window, 0)), TRUE);
  maybe_screenshot ("history");

  g_assert_true (descent_history_window_activate_row_action (f->window, 2, "delete"));
  question = descent_history_window_get_question (f->window);
  maybe_screenshot ("history-delete");
  respond (question, DESCENT_HISTORY_RESPONSE_CANCEL);

  descent_history_window_set_search_text (f->window, "no such run");
  maybe_screenshot ("history-no-results");
}

int
main (int   argc,
      char *argv[])
{
  /* The test backend keeps accessible properties without any D-Bus, so
   * they can be checked. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/history-window/rows", test_rows);
  ADD ("/history-window/note", test_note);
  ADD ("/history-window/signals", test_signals);
  ADD ("/history-window/delete", test_delete);
  ADD ("/history-window/search", test_search);
  ADD ("/history-window/added", test_added);
  ADD ("/history-window/parent", test_parent);
  g_test_add_func ("/history-window/unopenable", test_unopenable);
  ADD ("/history-window/screenshot", test_screenshot);

#undef ADD

  return g_test_run ();
}
