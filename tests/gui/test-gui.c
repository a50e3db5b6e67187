/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-gui"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "descent-application.h"
#include "descent-plot-view.h"
#include "descent-preferences-window.h"
#include "descent-history.h"
#include "descent-history-window.h"
#include "dt-run.h"
#include "dt-error.h"
#include "descent-window-test.h"
#include "dt-record.h"
#include "dt-registry.h"

static DescentApplication *application;
static DescentWindow *window;
static char *tmp_dir;

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds or @seconds pass. */
static gboolean
iterate_until (Condition condition,
               gpointer  data,
               double    seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return TRUE;
}

static gboolean
always_false (gpointer data)
{
  return FALSE;
}

static void
iterate_for (double seconds)
{
  iterate_until (always_false, NULL, seconds);
}

static gboolean
page_is_idle (gpointer data)
{
  return !descent_experiment_page_is_running (data);
}

static gboolean
no_active_runs (gpointer data)
{
  return dt_run_get_n_active () == 0;
}

static gboolean
widget_is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static DescentExperimentPage *
get_page (DescentWindow *win,
          const char    *id)
{
  DescentExperimentPage *page = descent_window_get_page (win, id);

  g_assert_nonnull (page);
  descent_window_show_experiment (win, id);
  g_assert_true (descent_window_get_visible_page (win) == page);

  return page;
}

static DescentExperimentPage *
get_connectivity_page (DescentWindow *win)
{
  return get_page (win, "connectivity");
}

/* The descendant of @root with the widget name @name. */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first descendant of @root of @type. */
static GtkWidget *
find_of_type (GtkWidget *root,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first descendant of @root of @type whose tooltip contains @text. */
static GtkWidget *
find_with_tooltip (GtkWidget  *root,
                   GType       type,
                   const char *text)
{
  const char *tooltip = gtk_widget_get_tooltip_text (root);

  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && tooltip != NULL && strstr (tooltip, text) != NULL)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_tooltip (child, type, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
set_param (DescentExperimentPage *page,
           const char            *key,
           const char            *text)
{
  g_autoptr(GError) error = NULL;

  descent_experiment_page_set_param (page, key, text, &error);
  g_assert_no_error (error);
}

static void
set_small_params (DescentExperimentPage *page)
{
  set_param (page, "n_train", "300");
  set_param (page, "n_test", "200");
  set_param (page, "steps", "60");
  set_param (page, "spawn", "0,4");
  set_param (page, "alpha_points", "5");
  set_param (page, "hidden", "16");
  set_param (page, "threads", "1");
}

static void
set_big_params (DescentExperimentPage *page)
{
  set_param (page, "n_train", "4000");
  set_param (page, "n_test", "2000");
  set_param (page, "steps", "100000");
  set_param (page, "spawn", "0,1,2,4,8,16");
  set_param (page, "alpha_points", "30");
  set_param (page, "hidden", "300,100");
}

static DescentPlotView *
find_plot_view (DescentExperimentPage *page,
                const char            *plot_id)
{
  GPtrArray *views = descent_experiment_page_get_plot_views (page);

  for (guint i = 0; i < views->len; i++)
    if (g_strcmp0 (descent_plot_view_get_plot_id (g_ptr_array_index (views, i)), plot_id) == 0)
      return g_ptr_array_index (views, i);

  return NULL;
}

/* Renders the plot view offscreen and counts clearly coloured pixels: the series
 * palette, not the grey axes, text and grid. */
static guint
count_coloured_pixels (GtkWidget *widget)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gsize stride;
  guint count = 0;

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* The widget's own snapshot, exactly what a frame would draw. */
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  stride = (gsize) width * 4;
  pixels = g_malloc (stride * (gsize) height);
  gdk_texture_download (texture, pixels, stride);

  for (gsize i = 0; i < stride * (gsize) height; i += 4)
    {
      int b = pixels[i], g = pixels[i + 1], r = pixels[i + 2];
      int hi = MAX (r, MAX (g, b)), lo = MIN (r, MIN (g, b));

      if (hi - lo > 80)
        count++;
    }

  return count;
}

static void
test_sidebar (void)
{
  g_auto(GStrv) ids = descent_window_dup_sidebar_ids (window);
  guint n = dt_registry_get_n_experiments ();

  g_assert_cmpuint (g_strv_length (ids), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (ids[i], ==, dt_registry_get_experiment (i)->id);
      g_assert_nonnull (descent_window_get_page (window, ids[i]));
    }
}

static void
test_params (void)
{
  DescentExperimentPage *page = get_connectivity_page (window);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtParams) params = NULL;

  /* Invalid values are refused with a reason and change nothing. */
  g_assert_false (descent_experiment_page_set_param (page, "n_train", "12", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (descent_experiment_page_set_param (page, "spawn", "zero,four", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (descent_experiment_page_set_param (page, "no_such_key", "1", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  set_small_params (page);
  params = descent_experiment_page_get_params (page);
  g_assert_cmpint (dt_params_get_int (params, "n_train"), ==, 300);
  g_assert_cmpint (dt_params_get_int (params, "alpha_points"), ==, 5);
  g_assert_true (descent_experiment_page_get_params_valid (page));

  /* Before any run the page shows the empty plots of such a run. */
  g_assert_false (descent_experiment_page_has_result (page));
  g_assert_nonnull (find_plot_view (page, "instability"));
}

static void
run_small (DescentExperimentPage *page)
{
  set_small_params (page);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_true (descent_experiment_page_is_running (page));
  g_assert_true (iterate_until (page_is_idle, page, 120.0));
  g_assert_false (descent_experiment_page_is_running (page));
}

static void
test_run (void)
{
  DescentExperimentPage *page = get_connectivity_page (window);
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(DtRecord) empty = NULL;
  g_autoptr(DtParams) params = NULL;
  DescentPlotView *view;
  GtkWidget *empty_view;
  const DtSeries *series;
  guint renders_before, coloured, coloured_empty;

  set_small_params (page);
  view = find_plot_view (page, "instability");
  g_assert_nonnull (view);
  g_assert_true (iterate_until (widget_is_drawn, view, 10.0));
  iterate_for (0.2);
  renders_before = descent_plot_view_get_render_count (DESCENT_PLOT_VIEW (view));

  run_small (page);

  record = descent_experiment_page_get_record (page);
  g_assert_nonnull (record);
  g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_COMPLETE);
  g_assert_true (descent_experiment_page_has_result (page));

  series = dt_record_lookup_series (record, "instability");
  g_assert_nonnull (series);
  g_assert_cmpuint (series->x->len, ==, 2);
  g_assert_cmpuint (series->y->len, ==, 2);

  /* The view shows the finished record and was drawn again with it. */
  view = find_plot_view (page, "instability");
  g_assert_nonnull (view);
  g_assert_true (descent_plot_view_get_record (view) == record);
  g_assert_cmpuint (descent_plot_view_get_n_points (view), >=, 2);
  iterate_for (0.2);
  g_assert_cmpuint (descent_plot_view_get_render_count (view), >, renders_before);

  /* With data there is far more colour than in the same plot empty. */
  params = descent_experiment_page_get_params (page);
  empty = dt_experiment_prepare_record (descent_experiment_page_get_experiment (page), params);
  empty_view = descent_plot_view_new ();
  descent_plot_view_set_record (DESCENT_PLOT_VIEW (empty_view), empty, "path");
  view = find_plot_view (page, "path");
  coloured = count_coloured_pixels (GTK_WIDGET (view));

  /* Swap the empty record into the same, allocated widget for the reference. */
  descent_plot_view_set_record (view, empty, "path");
  coloured_empty = count_coloured_pixels (GTK_WIDGET (view));
  descent_plot_view_set_record (view, record, "path");
  g_test_message ("coloured pixels: %u with data, %u empty", coloured, coloured_empty);
  g_assert_cmpuint (coloured, >, coloured_empty + 200);
  g_object_ref_sink (empty_view);
  g_object_unref (empty_view);
}

static gboolean
arrays_equal (GArray *a,
              GArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      double x = g_array_index (a, double, i), y = g_array_index (b, double, i);

      if (!(x == y || (x != x && y != y)))
        return FALSE;
    }

  return TRUE;
}

/* Saving as the Save action does once a file is chosen confirms in a toast
 * whose button opens the folder; a file that is not local is refused in
 * the banner. (The file chooser itself is GTK's.) */
static void
test_save_toast (void)
{
  DescentExperimentPage *page = get_connectivity_page (window);
  g_autofree char *json = g_build_filename (tmp_dir, "toast.descent.json", NULL);
  g_autofree char *folder_uri = g_filename_to_uri (tmp_dir, NULL, NULL);
  AdwToast *toast;
  GVariant *target;

  if (!descent_experiment_page_has_result (page))
    run_small (page);

  descent_window_save_interactive (window, json);
  g_assert_true (g_file_test (json, G_FILE_TEST_IS_REGULAR));
  toast = descent_window_get_last_toast (window);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Saved “toast.descent.json”");
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "win.launch");
  target = adw_toast_get_action_target_value (toast);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, folder_uri);

  descent_window_save_interactive (window, NULL);
  g_assert_cmpstr (descent_window_get_error_message (window), ==, "Records can only be saved to local files");
}

static void
test_export_save_open (void)
{
  DescentExperimentPage *page = get_connectivity_page (window);
  g_autofree char *png = g_build_filename (tmp_dir, "plots.png", NULL);
  g_autofree char *svg = g_build_filename (tmp_dir, "plots.svg", NULL);
  g_autofree char *json = g_build_filename (tmp_dir, "run.descent.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(DtRecord) saved = NULL;
  g_autoptr(DtRecord) opened = NULL;
  g_autoptr(DtParams) params = NULL;
  g_autoptr(GError) error = NULL;
  const DtSeries *a, *b;
  gsize length;

  if (!descent_experiment_page_has_result (page))
    run_small (page);

  saved = descent_experiment_page_get_record (page);

  g_assert_true (descent_window_export_to_path (window, png, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 8);
  g_assert_true (memcmp (contents, "\x89PNG\r\n\x1a\n", 8) == 0);
  g_clear_pointer (&contents, g_free);

  g_assert_true (descent_window_export_to_path (window, svg, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &contents, &length, &error));
  g_assert_nonnull (strstr (contents, "<svg"));

  g_assert_true (descent_window_save_to_path (window, json, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (json, G_FILE_TEST_IS_REGULAR));

  /* Change the panel, then open: the saved parameters and series return. */
  set_param (page, "alpha_points", "7");
  g_assert_true (descent_window_open_path (window, json, &error));
  g_assert_no_error (error);
  g_assert_true (descent_window_get_visible_page (window) == page);
  g_assert_true (descent_experiment_page_has_result (page));

  params = descent_experiment_page_get_params (page);
  g_assert_cmpint (dt_params_get_int (params, "alpha_points"), ==, 5);

  opened = descent_experiment_page_get_record (page);
  g_assert_true (opened != saved);
  g_assert_cmpuint (dt_record_get_n_series (opened), ==, dt_record_get_n_series (saved));
  for (guint i = 0; i < dt_record_get_n_series (saved); i++)
    {
      a = dt_record_get_series (saved, i);
      b = dt_record_lookup_series (opened, a->id);
      g_assert_nonnull (b);
      g_assert_true (arrays_equal (a->x, b->x));
      g_assert_true (arrays_equal (a->y, b->y));
      g_assert_true (arrays_equal (a->err, b->err));
    }
  g_assert_cmpuint (descent_plot_view_get_n_points (find_plot_view (page, "instability")), >=, 2);

  /* Save and export need a result; they never write a half-baked file. */
  g_assert_false (descent_window_save_to_path (window, "/nonexistent-dir/x.json", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (descent_window_export_to_path (window, "/nonexistent-dir/x.png", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
}

static void
test_open_bad (void)
{
  DescentExperimentPage *page = get_connectivity_page (window);
  g_autofree char *bad = g_build_filename (tmp_dir, "bad.json", NULL);
  g_autofree char *alien = g_build_filename (tmp_dir, "alien.json", NULL);
  g_autofree char *good = g_build_filename (tmp_dir, "good.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(DtRecord) before = NULL;
  g_autoptr(DtRecord) after = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *joined = NULL;

  if (!descent_experiment_page_has_result (page))
    run_small (page);
  before = descent_experiment_page_get_record (page);

  /* Truncated JSON. */
  g_assert_true (g_file_set_contents (bad, "{ \"format\": \"descent-record\", \"version\": 1, \"experi", -1, &error));
  g_assert_false (descent_window_open_path (window, bad, &error));
  g_assert_nonnull (error);
  g_test_message ("bad file: %s", error->message);
  g_clear_error (&error);

  /* A file that is not there. */
  g_assert_false (descent_window_open_path (window, "/nonexistent-dir/none.json", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A valid record of an experiment this build does not know. */
  g_assert_true (descent_window_save_to_path (window, good, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (good, &contents, NULL, &error));
  parts = g_strsplit (contents, "\"connectivity\"", -1);
  joined = g_strjoinv ("\"no-such-experiment\"", parts);
  g_assert_true (g_file_set_contents (alien, joined, -1, &error));
  g_assert_false (descent_window_open_path (window, alien, &error));
  g_assert_nonnull (error);
  g_test_message ("unknown experiment: %s", error->message);
  g_clear_error (&error);

  /* Nothing changed. */
  after = descent_experiment_page_get_record (page);
  g_assert_true (after == before);
  g_assert_true (descent_experiment_page_has_result (page));
  g_assert_true (descent_window_get_visible_page (window) == page);
}

static void
test_stop (void)
{
  DescentExperimentPage *page = get_connectivity_page (window);
  g_autoptr(DtRecord) record = NULL;
  gint64 stop_time;
  double latency;

  set_big_params (page);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_true (descent_experiment_page_is_running (page));

  /* A second run cannot start while one is in progress. */
  g_assert_false (descent_experiment_page_run (page, NULL));

  iterate_for (0.3);
  g_assert_true (descent_experiment_page_is_running (page));

  stop_time = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  g_assert_true (iterate_until (page_is_idle, page, 10.0));
  latency = (g_get_monotonic_time () - stop_time) / (double) G_USEC_PER_SEC;
  g_test_message ("run ended %.3f s after stop", latency);
  g_assert_cmpfloat (latency, <, 0.5);

  record = descent_experiment_page_get_record (page);
  g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_CANCELLED);
  g_assert_true (descent_experiment_page_has_result (page));

  set_small_params (page);
}

/* One least-squares fit of random features takes seconds inside LAPACK,
 * where no cancellation check runs: Stop still ends the run within a
 * second, keeping what was finished, and the worker is joined later. */
static void
test_stop_inside_lapack (void)
{
  DescentExperimentPage *page = get_page (window, "bias-variance");
  g_autoptr(DtParams) before = descent_experiment_page_get_params (page);
  g_autoptr(DtRecord) record = NULL;
  gint64 stop_time;
  double latency;

  set_param (page, "model", "random-features");
  set_param (page, "widths", "2000");
  set_param (page, "n_train", "8000");
  set_param (page, "n_test", "50");
  set_param (page, "trials", "1");
  set_param (page, "threads", "1");

  g_assert_true (descent_experiment_page_run (page, NULL));
  iterate_for (1.5);
  g_assert_true (descent_experiment_page_is_running (page));

  stop_time = g_get_monotonic_time ();
  descent_experiment_page_stop (page);
  g_assert_true (iterate_until (page_is_idle, page, 5.0));
  latency = (g_get_monotonic_time () - stop_time) / (double) G_USEC_PER_SEC;
  g_test_message ("run inside LAPACK ended %.3f s after stop", latency);
  g_assert_cmpfloat (latency, <, 1.0);

  record = descent_experiment_page_get_record (page);
  g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_CANCELLED);

  /* A new run may start at once; the old worker is joined when it returns. */
  g_assert_true (iterate_until (no_active_runs, NULL, 120.0));
  for (guint i = 0; i < dt_params_get_n_specs (before); i++)
    {
      const char *key = dt_params_get_spec (before, i)->key;
      g_autofree char *value = dt_params_to_string (before, key);

      set_param (page, key, value);
    }
}

/* A run that cannot fit into memory is refused before it starts, with
 * the estimate and the parameter to reduce; nothing is running after. */
static void
test_refuse_too_big (void)
{
  DescentExperimentPage *page = get_page (window, "bias-variance");
  g_autoptr(GError) error = NULL;

  g_setenv ("DESCENT_MEMORY_LIMIT", "1M", TRUE);
  g_assert_false (descent_experiment_page_run (page, &error));
  g_unsetenv ("DESCENT_MEMORY_LIMIT");
  g_assert_error (error, DT_ERROR, DT_ERROR_NO_MEMORY);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, "DESCENT_MEMORY_LIMIT"));
  g_assert_false (descent_experiment_page_is_running (page));
  g_assert_cmpuint (dt_run_get_n_active (), ==, 0);
}

static void
test_close_while_running (void)
{
  DescentWindow *second = descent_window_new (application);
  DescentExperimentPage *page;

  gtk_window_present (GTK_WINDOW (second));
  page = get_connectivity_page (second);
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);

  set_big_params (page);
  g_assert_true (descent_experiment_page_run (page, NULL));
  iterate_for (0.2);

  /* The worker is cancelled and joined; nothing of the window is touched. */
  gtk_window_destroy (GTK_WINDOW (second));
  g_assert_true (iterate_until (no_active_runs, NULL, 5.0));
  iterate_for (0.1);
  g_assert_null (page);
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
history_idle (gpointer data)
{
  return descent_history_get_n_pending (data) == 0;
}

/* The newest run of the history, after the writes in flight. */
static DtHistoryEntry *
newest_history_entry (void)
{
  DescentHistory *history = descent_application_get_history (application);
  g_autoptr(GPtrArray) entries = NULL;

  g_assert_true (iterate_until (history_idle, history, 10.0));
  entries = descent_history_dup_entries (history);
  g_assert_cmpuint (entries->len, >, 0);

  return dt_history_entry_copy (g_ptr_array_index (entries, 0));
}

/* Every run the window makes is kept in the history as it ends, with the
 * parameters that differ from the defaults. */
static void
test_history_autosave (void)
{
  DescentExperimentPage *page = get_connectivity_page (window);
  DescentHistory *history = descent_application_get_history (application);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(DtHistoryEntry) entry = NULL;
  g_autoptr(DtRecord) saved = NULL;
  g_autoptr(DtRecord) shown = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected_dir = g_build_filename (tmp_dir, "descent", "history", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (history);
  g_assert_cmpstr (descent_history_get_dir (history), ==, expected_dir);
  g_assert_true (iterate_until (history_idle, history, 10.0));
  before = descent_history_dup_entries (history);

  run_small (page);
  entry = newest_history_entry ();
  after = descent_history_dup_entries (history);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  g_assert_cmpstr (entry->experiment, ==, "connectivity");
  g_assert_cmpint (entry->status, ==, DT_STATUS_COMPLETE);
  g_assert_nonnull (strstr (entry->summary, "n_train="));

  /* the file is the run shown */
  path = descent_history_get_path (history, entry->file);
  saved = dt_record_load (path, &error);
  g_assert_no_error (error);
  shown = descent_experiment_page_get_record (page);
  g_assert_cmpuint (dt_record_get_n_series (saved), ==, dt_record_get_n_series (shown));
}

/* The history window opens runs on their page and runs them again. */
static void
test_history_window (void)
{
  DescentHistory *history = descent_application_get_history (application);
  DescentExperimentPage *page = get_connectivity_page (window);
  DescentHistoryWindow *history_window;
  g_autoptr(DtHistoryEntry) newest = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  guint rows;

  run_small (page);
  newest = newest_history_entry ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL));
  history_window = DESCENT_HISTORY_WINDOW (descent_window_show_history (window));
  g_assert_nonnull (history_window);
  iterate_for (0.2);
  rows = descent_history_window_get_n_rows (history_window);
  g_assert_cmpuint (rows, >, 0);
  g_assert_cmpstr (descent_history_window_get_row_file (history_window, 0), ==, newest->file);

  /* Run Again: the run's parameters on its page, run, and kept once more */
  before = descent_history_dup_entries (history);
  g_assert_true (descent_history_window_activate_row_action (history_window, 0, "rerun"));
  g_assert_true (descent_window_get_visible_page (window) == page);
  g_assert_true (descent_experiment_page_is_running (page));
  g_assert_true (iterate_until (page_is_idle, page, 120.0));
  g_assert_true (iterate_until (history_idle, history, 10.0));
  after = descent_history_dup_entries (history);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  iterate_for (0.2);
  g_assert_cmpuint (descent_history_window_get_n_rows (history_window), ==, rows + 1);

  /* Open shows the saved run without running */
  g_assert_true (descent_history_window_activate_row_action (history_window, 1, "open"));
  iterate_for (0.1);
  g_assert_false (descent_experiment_page_is_running (page));
  g_assert_true (descent_experiment_page_has_result (page));

  gtk_window_destroy (GTK_WINDOW (history_window));
  iterate_for (0.1);
}

static gboolean
question_is_open (gpointer data);

/* Closing during a run asks; Cancel keeps the run, Stop and Close stops
 * it, keeps it in the history as stopped, then closes. */
static void
test_close_asks (void)
{
  DescentWindow *second = descent_window_new (application);
  DescentExperimentPage *page;
  g_autoptr(DtHistoryEntry) entry = NULL;
  GtkWidget *question;

  gtk_window_present (GTK_WINDOW (second));
  g_object_add_weak_pointer (G_OBJECT (second), (gpointer *) &second);
  page = get_connectivity_page (second);
  set_big_params (page);
  g_assert_true (descent_experiment_page_run (page, NULL));
  iterate_for (0.2);

  gtk_window_close (GTK_WINDOW (second));
  iterate_for (0.1);
  g_assert_nonnull (second);
  question = descent_window_get_question (second);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (question));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), DESCENT_RESPONSE_CANCEL);
  iterate_for (0.1);
  g_assert_nonnull (second);
  g_assert_null (descent_window_get_question (second));
  g_assert_true (descent_experiment_page_is_running (page));

  /* (Ctrl+Q closes every window the same way) */
  gtk_window_close (GTK_WINDOW (second));
  g_assert_true (iterate_until (question_is_open, second, 5.0));
  question = descent_window_get_question (second);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), DESCENT_RESPONSE_STOP);
  g_assert_true (iterate_until (no_active_runs, NULL, 5.0));
  /* it closes once the stopped run is written (slower under sanitizers) */
  g_assert_true (iterate_until (is_null, &second, 20.0));
  g_assert_null (second);

  entry = newest_history_entry ();
  g_assert_cmpstr (entry->experiment, ==, "connectivity");
  g_assert_cmpint (entry->status, ==, DT_STATUS_CANCELLED);
}

/* When the stopped run cannot be kept (the history folder is gone and a
 * file stands in its place), Stop and Close keeps the window and says so,
 * so that the run can still be saved. */
static void
test_close_keeps_unsaved (void)
{
  DescentHistory *history = descent_application_get_history (application);
  const char *dir = descent_history_get_dir (history);
  g_autofree char *moved = g_strconcat (dir, ".moved", NULL);
  DescentWindow *second = descent_window_new (application);
  DescentExperimentPage *page;
  GtkWidget *question;

  gtk_window_present (GTK_WINDOW (second));
  g_object_add_weak_pointer (G_OBJECT (second), (gpointer *) &second);
  page = get_connectivity_page (second);
  set_big_params (page);
  g_assert_true (descent_experiment_page_run (page, NULL));
  iterate_for (0.2);

  g_assert_true (iterate_until (history_idle, history, 10.0));
  g_assert_cmpint (g_rename (dir, moved), ==, 0);
  g_assert_true (g_file_set_contents (dir, "not a folder", -1, NULL));

  gtk_window_close (GTK_WINDOW (second));
  g_assert_true (iterate_until (question_is_open, second, 5.0));
  question = descent_window_get_question (second);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), DESCENT_RESPONSE_STOP);
  g_assert_true (iterate_until (no_active_runs, NULL, 5.0));
  g_assert_true (iterate_until (history_idle, history, 10.0));
  iterate_for (0.3);

  g_assert_nonnull (second);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (second)));
  g_assert_nonnull (strstr (descent_window_get_error_message (second), "could not be kept"));
  g_assert_true (descent_experiment_page_has_result (page));

  g_assert_cmpint (g_remove (dir), ==, 0);
  g_assert_cmpint (g_rename (moved, dir), ==, 0);
  gtk_window_destroy (GTK_WINDOW (second));
  iterate_for (0.2);
}

static void
test_settings (void)
{
  DescentWindow *first = descent_window_new (application);
  DescentWindow *second;
  g_autoptr(DtParams) params = NULL;
  g_autofree char *hidden = NULL;

  /* Closing a window keeps its parameters for the next one. */
  gtk_window_present (GTK_WINDOW (first));
  g_assert_true (iterate_until (widget_is_drawn, first, 10.0));
  set_param (get_connectivity_page (first), "hidden", "24,12");
  gtk_window_close (GTK_WINDOW (first));
  iterate_for (0.1);

  second = descent_window_new (application);
  params = descent_experiment_page_get_params (get_connectivity_page (second));
  hidden = dt_params_to_string (params, "hidden");
  g_assert_cmpstr (hidden, ==, "24,12");
  gtk_window_destroy (GTK_WINDOW (second));
  iterate_for (0.1);
}

static char *
get_threads (DescentExperimentPage *page)
{
  g_autoptr(DtParams) params = descent_experiment_page_get_params (page);

  return dt_params_to_string (params, "threads");
}

/* The Preferences window changes the settings, and through them the style,
 * live mode and the threads of pages still at their default. */
static void
test_preferences (void)
{
  GSettings *settings = descent_application_get_settings (application);
  DescentExperimentPage *page = get_connectivity_page (window);
  g_autofree char *cores = g_strdup_printf ("%u", MIN (g_get_num_processors (), 64));
  g_autofree char *threads = NULL;
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autofree char *style = NULL;
  GtkWidget *preferences;
  GObject *style_row, *live_switch, *threads_spin;

  g_assert_nonnull (settings);
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (application), "preferences"));

  /* the default is one thread per core; earlier tests changed it */
  set_param (page, "threads", cores);

  preferences = descent_preferences_window_new (GTK_WINDOW (window), settings);
  gtk_window_present (GTK_WINDOW (preferences));
  iterate_for (0.2);
  style_row = gtk_widget_get_template_child (preferences, DESCENT_TYPE_PREFERENCES_WINDOW, "style_row");
  live_switch = gtk_widget_get_template_child (preferences, DESCENT_TYPE_PREFERENCES_WINDOW, "live_switch");
  threads_spin = gtk_widget_get_template_child (preferences, DESCENT_TYPE_PREFERENCES_WINDOW, "threads_spin");

  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (style_row)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (style_row), 2);
  style = g_settings_get_string (settings, "style");
  g_assert_cmpstr (style, ==, "dark");
  g_clear_pointer (&style, g_free);
  g_assert_true (adw_style_manager_get_dark (manager));
  adw_combo_row_set_selected (ADW_COMBO_ROW (style_row), 1);
  g_assert_false (adw_style_manager_get_dark (manager));
  adw_combo_row_set_selected (ADW_COMBO_ROW (style_row), 0);
  style = g_settings_get_string (settings, "style");
  g_assert_cmpstr (style, ==, "default");

  gtk_switch_set_active (GTK_SWITCH (live_switch), TRUE);
  g_assert_true (descent_window_get_live_mode (window));
  gtk_switch_set_active (GTK_SWITCH (live_switch), FALSE);
  g_assert_false (descent_window_get_live_mode (window));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (threads_spin), 1);
  g_assert_cmpint (g_settings_get_int (settings, "threads"), ==, 1);
  threads = get_threads (page);
  g_assert_cmpstr (threads, ==, "1");
  g_clear_pointer (&threads, g_free);

  /* a page whose threads were set by hand keeps them; Reset to Defaults
   * takes the preference */
  set_param (page, "threads", "3");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (threads_spin), 0);
  threads = get_threads (page);
  g_assert_cmpstr (threads, ==, "3");
  g_clear_pointer (&threads, g_free);
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (page), DESCENT_TYPE_EXPERIMENT_PAGE,
                                                        "reset_button"), "clicked");
  threads = get_threads (page);
  g_assert_cmpstr (threads, ==, cores);
  g_clear_pointer (&threads, g_free);

  gtk_window_destroy (GTK_WINDOW (preferences));
  iterate_for (0.1);
}

static gboolean
param_shown (DescentExperimentPage *page,
             const char            *key)
{
  g_autofree char *name = g_strconcat ("param-", key, NULL);
  GtkWidget *holder = find_named (GTK_WIDGET (page), name);

  g_assert_nonnull (holder);
  return gtk_widget_get_visible (holder);
}

/* The panel shows only the parameters the other values use; choices show
 * translated labels; a path entry has a button that picks a file. */
static void
test_params_apply (void)
{
  DescentExperimentPage *page = get_page (window, "pruning");
  GtkWidget *mode = find_named (GTK_WIDGET (page), "param-mode");
  GtkWidget *dataset = find_named (GTK_WIDGET (page), "param-dataset");
  GListModel *labels;
  GtkWidget *button;

  set_param (page, "mode", "strong");
  set_param (page, "finder", "subset-sum");
  g_assert_true (param_shown (page, "finder"));
  g_assert_true (param_shown (page, "overparam"));
  g_assert_false (param_shown (page, "density"));
  g_assert_false (param_shown (page, "rounds"));
  g_assert_false (param_shown (page, "dataset"));
  g_assert_true (param_shown (page, "mask_layer"));

  set_param (page, "finder", "edge-popup");
  g_assert_true (param_shown (page, "density"));
  g_assert_true (param_shown (page, "score_lr"));

  set_param (page, "mode", "imp");
  g_assert_false (param_shown (page, "finder"));
  g_assert_false (param_shown (page, "density"));
  g_assert_true (param_shown (page, "rounds"));
  g_assert_true (param_shown (page, "dataset"));
  set_param (page, "mode", "strong");
  set_param (page, "finder", "subset-sum");

  /* the mode's combo row speaks words, not command-line tokens */
  g_assert_true (ADW_IS_COMBO_ROW (mode));
  labels = adw_combo_row_get_model (ADW_COMBO_ROW (mode));
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 0), ==, "Strong tickets (no training)");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 1), ==, "Iterative magnitude pruning");

  /* Data set: an entry row with a button to choose a file */
  g_assert_true (ADW_IS_ENTRY_ROW (dataset));
  button = find_with_tooltip (dataset, GTK_TYPE_BUTTON, "Data set");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
}

/* After a run, changing a parameter marks the plots as showing the previous
 * parameters, and undoing it, or running, clears the mark; the number of
 * threads does not change a result and never marks them. */
static void
test_stale (void)
{
  DescentExperimentPage *page = get_connectivity_page (window);
  g_autoptr(DtParams) params = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *threads = NULL;

  run_small (page);
  g_assert_false (descent_experiment_page_get_stale (page));

  params = descent_experiment_page_get_params (page);
  steps = dt_params_to_string (params, "steps");
  threads = dt_params_to_string (params, "threads");

  set_param (page, "steps", "90");
  g_assert_true (descent_experiment_page_get_stale (page));
  set_param (page, "steps", steps);
  g_assert_false (descent_experiment_page_get_stale (page));

  set_param (page, "threads", g_str_equal (threads, "1") ? "2" : "1");
  g_assert_false (descent_experiment_page_get_stale (page));
  set_param (page, "threads", threads);

  set_param (page, "steps", "90");
  g_assert_true (descent_experiment_page_get_stale (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_false (descent_experiment_page_get_stale (page));
  g_assert_true (iterate_until (page_is_idle, page, 120.0));
  g_assert_false (descent_experiment_page_get_stale (page));
}

static gboolean
focus_within (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Tab walks the sidebar, the parameters, Run and the plots, and leaves the
 * experiment alone; Shift+Tab walks back. */
static void
test_keyboard_order (void)
{
  DescentExperimentPage *page = get_connectivity_page (window);
  GtkWidget *params = descent_experiment_page_get_focus_region (page, FALSE);
  GtkWidget *plots = descent_experiment_page_get_focus_region (page, TRUE);
  GtkWidget *sidebar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), DESCENT_TYPE_WINDOW,
                                                                  "sidebar"));
  GtkListBoxRow *row;
  guint steps = 0;
  gboolean seen_run = FALSE;

  descent_window_show_experiment (window, "connectivity");
  iterate_for (0.1);
  row = gtk_list_box_get_selected_row (GTK_LIST_BOX (sidebar));
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row)));

  g_assert_true (descent_window_move_focus (window, GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_within (params));
  g_assert_true (descent_window_get_visible_page (window) == page);

  /* through the parameters to Run, then into the plots */
  while (focus_within (params) && steps++ < 200)
    g_assert_true (descent_window_move_focus (window, GTK_DIR_TAB_FORWARD));
  g_assert_false (focus_within (params));
  seen_run = gtk_widget_has_focus (gtk_root_get_focus (GTK_ROOT (window))) &&
             GTK_IS_BUTTON (gtk_root_get_focus (GTK_ROOT (window))) &&
             g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (gtk_root_get_focus (GTK_ROOT (window)))),
                        "win.run") == 0;
  g_assert_true (seen_run);
  g_assert_true (descent_window_move_focus (window, GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_within (plots));

  /* and back: Run, the parameters' last control, …, the sidebar row */
  g_assert_true (descent_window_move_focus (window, GTK_DIR_TAB_BACKWARD));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (gtk_root_get_focus (GTK_ROOT (window)))), ==,
                   "win.run");
  g_assert_true (descent_window_move_focus (window, GTK_DIR_TAB_BACKWARD));
  g_assert_true (focus_within (params));
  steps = 0;
  while (focus_within (params) && steps++ < 200)
    g_assert_true (descent_window_move_focus (window, GTK_DIR_TAB_BACKWARD));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (row));
  g_assert_true (descent_window_get_visible_page (window) == page);
}

static AdwFlap *
page_flap (DescentExperimentPage *page)
{
  return ADW_FLAP (find_of_type (GTK_WIDGET (page), ADW_TYPE_FLAP));
}

/* At 800 px wide the sidebar and the parameters fold away behind buttons;
 * at 1280 both show; choosing an experiment from the folded sidebar
 * closes it. */
static void
test_narrow (void)
{
  DescentWindow *narrow = descent_window_new (application);
  DescentExperimentPage *page;
  AdwFlap *sidebar;
  GtkWidget *list;
  GtkListBoxRow *row;

  gtk_window_set_default_size (GTK_WINDOW (narrow), 800, 600);
  gtk_window_present (GTK_WINDOW (narrow));
  g_assert_true (iterate_until (widget_is_drawn, narrow, 10.0));
  iterate_for (0.3);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (narrow)), <=, 800);

  sidebar = ADW_FLAP (gtk_widget_get_template_child (GTK_WIDGET (narrow), DESCENT_TYPE_WINDOW, "sidebar_flap"));
  page = descent_window_get_visible_page (narrow);
  g_assert_true (adw_flap_get_folded (sidebar));
  g_assert_false (adw_flap_get_reveal_flap (sidebar));
  g_assert_true (adw_flap_get_folded (page_flap (page)));

  adw_flap_set_reveal_flap (sidebar, TRUE);
  list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (narrow), DESCENT_TYPE_WINDOW, "sidebar"));
  row = gtk_list_box_get_selected_row (GTK_LIST_BOX (list));
  gtk_list_box_select_row (GTK_LIST_BOX (list),
                           gtk_list_box_get_row_at_index (GTK_LIST_BOX (list),
                                                          (gtk_list_box_row_get_index (row) + 1) % 4));
  g_assert_false (adw_flap_get_reveal_flap (sidebar));
  g_assert_true (descent_window_get_visible_page (narrow) != page);

  gtk_window_set_default_size (GTK_WINDOW (narrow), 1280, 800);
  iterate_for (0.5);
  g_assert_false (adw_flap_get_folded (sidebar));
  g_assert_false (adw_flap_get_folded (page_flap (descent_window_get_visible_page (narrow))));

  gtk_window_destroy (GTK_WINDOW (narrow));
  iterate_for (0.1);
}

/* Copy as Command gives the descent-cli line that runs the page's
 * parameters: parsed back, it sets exactly them. */
static void
test_copy_command (void)
{
  DescentExperimentPage *page = get_connectivity_page (window);
  const DtExperiment *exp = descent_experiment_page_get_experiment (page);
  g_autoptr(DtParams) shown = NULL;
  g_autoptr(DtParams) parsed = NULL;
  g_autofree char *command = NULL;
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  int argc;

  descent_window_show_experiment (window, "connectivity");
  set_param (page, "hidden", "24,12");
  set_param (page, "dataset", "/tmp/my data/train-images-idx3-ubyte");
  command = descent_window_dup_command (window);
  g_assert_true (g_str_has_prefix (command, "descent-cli run connectivity "));
  g_assert_nonnull (strstr (command, "--set hidden=24,12"));

  g_assert_true (g_shell_parse_argv (command, &argc, &argv, &error));
  g_assert_no_error (error);
  parsed = dt_params_new (exp->params, exp->n_params);
  for (int i = 3; i < argc; i += 2)
    {
      g_auto(GStrv) kv = NULL;

      g_assert_cmpstr (argv[i], ==, "--set");
      kv = g_strsplit (argv[i + 1], "=", 2);
      g_assert_true (dt_params_set_from_string (parsed, kv[0], kv[1], &error));
      g_assert_no_error (error);
    }
  shown = descent_experiment_page_get_params (page);
  g_assert_true (dt_params_equal (parsed, shown));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-command", NULL));
  g_assert_true (gdk_clipboard_is_local (clipboard));
  g_assert_cmpstr (adw_toast_get_title (descent_window_get_last_toast (window)), ==, "Command copied");

  set_param (page, "dataset", "synthetic");
}

/* While one page runs, the others say so and its sidebar row spins; a
 * value that does not parse is named by its label in the status line;
 * the details of a page before any run say so, and times are written
 * for people. */
static void
test_status_lines (void)
{
  DescentWindow *fresh = descent_window_new (application);
  DescentExperimentPage *ntk, *connectivity;
  GtkWidget *sidebar, *value;
  GtkListBoxRow *row;
  GtkWidget *spinner = NULL;
  const char *text;

  gtk_window_present (GTK_WINDOW (fresh));
  g_assert_true (iterate_until (widget_is_drawn, fresh, 10.0));
  ntk = get_page (fresh, "ntk");
  connectivity = get_connectivity_page (fresh);

  /* before any run */
  descent_window_set_details_visible (fresh, TRUE);
  iterate_for (0.1);
  value = find_named (GTK_WIDGET (ntk), "details-value-status-0");
  g_assert_nonnull (value);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (value)), ==, "not run yet");
  descent_window_set_details_visible (fresh, FALSE);

  /* an invalid value: its label, not its key */
  set_param (connectivity, "hidden", "16");
  {
    GtkWidget *entry = find_named (GTK_WIDGET (connectivity), "param-hidden");

    g_assert_true (GTK_IS_EDITABLE (entry));
    gtk_editable_set_text (GTK_EDITABLE (entry), "16,x");
    text = descent_experiment_page_get_status_text (connectivity);
    g_assert_nonnull (strstr (text, "Hidden widths"));
    g_assert_null (strstr (text, "“hidden”"));
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (entry), "“Hidden widths”"));
    gtk_editable_set_text (GTK_EDITABLE (entry), "16");
    g_assert_null (strstr (descent_experiment_page_get_status_text (connectivity), "Hidden widths"));
  }

  /* a run on one page: the others say so, its row spins */
  set_small_params (connectivity);
  descent_window_show_experiment (fresh, "connectivity");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fresh), "win.run", NULL));
  g_assert_true (descent_experiment_page_is_running (connectivity));
  text = descent_experiment_page_get_status_text (ntk);
  g_assert_nonnull (strstr (text, "Linear mode connectivity"));
  sidebar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fresh), DESCENT_TYPE_WINDOW, "sidebar"));
  for (int i = 0; (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (sidebar), i)) != NULL; i++)
    {
      GtkWidget *s = find_of_type (GTK_WIDGET (row), GTK_TYPE_SPINNER);

      g_assert_nonnull (s);
      if (gtk_widget_get_visible (s))
        {
          g_assert_null (spinner);
          spinner = s;
        }
    }
  g_assert_nonnull (spinner);
  g_assert_true (gtk_widget_is_ancestor (spinner, GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (sidebar), 1))));
  g_assert_true (iterate_until (page_is_idle, connectivity, 120.0));
  g_assert_false (gtk_widget_get_visible (spinner));
  g_assert_null (strstr (descent_experiment_page_get_status_text (ntk), "Linear mode connectivity"));

  /* the time of the run, in the locale's words, not ISO 8601 */
  descent_window_set_details_visible (fresh, TRUE);
  iterate_for (0.1);
  value = find_named (GTK_WIDGET (connectivity), "details-value-created-0");
  g_assert_nonnull (value);
  text = gtk_label_get_text (GTK_LABEL (value));
  g_assert_cmpuint (strlen (text), >, 4);
  g_assert_false (g_regex_match_simple ("[0-9]{4}-[0-9]{2}-[0-9]{2}T", text, 0, 0));
  /* the setting is shared with the other windows */
  descent_window_set_details_visible (fresh, FALSE);

  gtk_window_destroy (GTK_WINDOW (fresh));
  iterate_for (0.1);
}

/* The first window opens on the welcome page, once; its buttons run an
 * experiment's defaults or open its example. */
static void
test_welcome (void)
{
  GSettings *settings = descent_application_get_settings (application);
  DescentWindow *first, *second;
  DescentExperimentPage *ntk;
  GtkWidget *stack, *group, *button = NULL;

  g_settings_set_boolean (settings, "show-welcome", TRUE);
  first = descent_window_new (application);
  gtk_window_present (GTK_WINDOW (first));
  g_assert_true (iterate_until (widget_is_drawn, first, 10.0));
  stack = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (first), DESCENT_TYPE_WINDOW, "stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "welcome");
  g_assert_null (descent_window_get_visible_page (first));
  g_assert_false (g_settings_get_boolean (settings, "show-welcome"));

  /* every experiment has its group: title, paper, two buttons */
  for (guint i = 0; i < dt_registry_get_n_experiments (); i++)
    {
      const DtExperiment *exp = dt_registry_get_experiment (i);
      g_autofree char *name = g_strconcat ("welcome-", exp->id, NULL);

      group = find_named (stack, name);
      g_assert_nonnull (group);
      g_assert_true (g_str_has_prefix (exp->url, "https://"));
    }

  /* Run with Defaults on ntk: its page, its defaults, running */
  group = find_named (stack, "welcome-ntk");
  {
    g_autoptr(GPtrArray) stackv = g_ptr_array_new ();

    g_ptr_array_add (stackv, group);
    while (stackv->len > 0 && button == NULL)
      {
        GtkWidget *w = g_ptr_array_steal_index (stackv, stackv->len - 1);

        if (GTK_IS_BUTTON (w) && gtk_widget_has_css_class (w, "suggested-action"))
          button = w;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stackv, c);
      }
  }
  g_assert_nonnull (button);
  ntk = get_page (first, "ntk");
  set_param (ntk, "t_max", "1");
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (descent_window_get_visible_page (first) == ntk);
  g_assert_true (descent_experiment_page_is_running (ntk));
  {
    g_autoptr(DtParams) params = descent_experiment_page_get_params (ntk);

    g_assert_cmpfloat (dt_params_get_double (params, "t_max"), ==, 100.0);
  }
  descent_experiment_page_stop (ntk);
  g_assert_true (iterate_until (no_active_runs, NULL, 10.0));

  /* shown once */
  second = descent_window_new (application);
  g_assert_nonnull (descent_window_get_visible_page (second));
  gtk_window_destroy (GTK_WINDOW (second));
  gtk_window_destroy (GTK_WINDOW (first));
  iterate_for (0.2);
}

/* The parts of the "widths" range of the bias-variance panel. */
typedef struct
{
  DescentExperimentPage *page;
  GtkRange              *from;
  GtkRange              *to;
  GtkSpinButton         *points;
  GtkEditable           *list;
  GtkExpander           *expander;
} WidthsRange;

static void
get_widths_range (WidthsRange *range)
{
  GtkWidget *page = GTK_WIDGET (get_page (window, "bias-variance"));

  range->page = DESCENT_EXPERIMENT_PAGE (page);
  range->from = GTK_RANGE (find_named (page, "widths-from"));
  range->to = GTK_RANGE (find_named (page, "widths-to"));
  range->points = GTK_SPIN_BUTTON (find_named (page, "widths-points"));
  range->expander = GTK_EXPANDER (find_named (page, "widths-edit-list"));
  g_assert_true (GTK_IS_EXPANDER (range->expander));
  /* A collapsed expander keeps its child out of the widget tree. */
  range->list = GTK_EDITABLE (gtk_expander_get_child (range->expander));
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (range->list)), ==, "widths-list");

  g_assert_true (GTK_IS_SCALE (range->from));
  g_assert_true (GTK_IS_SCALE (range->to));
  g_assert_true (GTK_IS_SPIN_BUTTON (range->points));
  g_assert_true (GTK_IS_ENTRY (range->list));
}

/* The canonical text of "widths" after setting it to @value. */
static char *
expand_widths (DescentExperimentPage *page,
               const char            *value)
{
  g_autoptr(DtParams) params = descent_experiment_page_get_params (page);
  g_autoptr(GError) error = NULL;

  dt_params_set_from_string (params, "widths", value, &error);
  g_assert_no_error (error);

  return dt_params_to_string (params, "widths");
}

static char *
get_widths (DescentExperimentPage *page)
{
  g_autoptr(DtParams) params = descent_experiment_page_get_params (page);

  return dt_params_to_string (params, "widths");
}

static void
assert_range_shows_grid (WidthsRange *range,
                         double       from,
                         double       to,
                         int          points)
{
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (range->from)));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (range->to)));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (range->points)));
  g_assert_cmpfloat_with_epsilon (gtk_range_get_value (range->from), log10 (from), 1e-9);
  g_assert_cmpfloat_with_epsilon (gtk_range_get_value (range->to), log10 (to), 1e-9);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (range->points), ==, points);
}

static void
assert_range_shows_list (WidthsRange *range,
                         const char  *list)
{
  g_autofree char *widths = get_widths (range->page);

  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (range->from)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (range->to)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (range->points)));
  g_assert_true (gtk_expander_get_expanded (range->expander));
  g_assert_cmpstr (gtk_editable_get_text (range->list), ==, list);
  g_assert_cmpstr (widths, ==, list);
}

static void
assert_widths_ascending (DescentExperimentPage *page)
{
  g_autoptr(DtParams) params = descent_experiment_page_get_params (page);
  const double *list;
  guint n;

  list = dt_params_get_list (params, "widths", &n);
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpfloat (list[0], <, list[n - 1]);
}

static void
test_range_sliders (void)
{
  WidthsRange range;
  g_autofree char *expected = NULL;
  g_autofree char *widths = NULL;
  g_autofree char *defaults = NULL;
  double lower, upper;

  get_widths_range (&range);
  g_assert_true (iterate_until (widget_is_drawn, range.from, 10.0));

  /* The default "4:4000:16" is shown as a grid. */
  assert_range_shows_grid (&range, 4, 4000, 16);
  g_assert_false (gtk_expander_get_expanded (range.expander));
  defaults = expand_widths (range.page, "4:4000:16");
  g_assert_cmpstr (gtk_editable_get_text (range.list), ==, defaults);

  /* Every part is labelled and described for assistive technology. */
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (range.from),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (range.to),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (range.points),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (range.list),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (range.from),
                                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (range.from)));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (range.points)));

  /* From 2 to 60 points. */
  gtk_spin_button_get_range (range.points, &lower, &upper);
  g_assert_cmpfloat (lower, ==, 2);
  g_assert_cmpfloat (upper, ==, 60);

  /* Sliders and spin button write the grid "from:to:points". */
  gtk_range_set_value (range.from, 1.0);
  gtk_range_set_value (range.to, 3.0);
  gtk_spin_button_set_value (range.points, 12);
  expected = expand_widths (range.page, "10:1000:12");
  widths = get_widths (range.page);
  g_assert_cmpstr (widths, ==, expected);
  g_assert_cmpstr (gtk_editable_get_text (range.list), ==, expected);
  g_assert_true (descent_experiment_page_get_params_valid (range.page));
  assert_range_shows_grid (&range, 10, 1000, 12);

  /* Positions between round values give round values. */
  gtk_range_set_value (range.to, log10 (1234.0));
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&widths, g_free);
  expected = expand_widths (range.page, "10:1200:12");
  widths = get_widths (range.page);
  g_assert_cmpstr (widths, ==, expected);

  /* "from" cannot pass "to", nor "to" pass "from". */
  gtk_range_set_value (range.from, 4.0);
  g_assert_cmpfloat (gtk_range_get_value (range.from), <, gtk_range_get_value (range.to));
  assert_widths_ascending (range.page);
  gtk_range_set_value (range.to, 0.5);
  g_assert_cmpfloat (gtk_range_get_value (range.to), >, gtk_range_get_value (range.from));
  assert_widths_ascending (range.page);
  g_assert_true (descent_experiment_page_get_params_valid (range.page));

  /* Even where neighbouring positions round to the same whole number. */
  gtk_range_set_value (range.from, 0.0);
  gtk_range_set_value (range.to, gtk_adjustment_get_step_increment (gtk_range_get_adjustment (range.to)));
  g_assert_true (descent_experiment_page_get_params_valid (range.page));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (range.to), "error"));
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&widths, g_free);
  expected = expand_widths (range.page, "1:2:12");
  widths = get_widths (range.page);
  g_assert_cmpstr (widths, ==, expected);
  g_assert_cmpstr (widths, ==, "1,2");

  set_param (range.page, "widths", "4:4000:16");
  assert_range_shows_grid (&range, 4, 4000, 16);
}

static void
test_range_list (void)
{
  WidthsRange range;
  g_autofree char *expected = NULL;
  g_autofree char *widths = NULL;

  get_widths_range (&range);

  /* A list that is no grid turns the sliders off and shows in the entry. */
  set_param (range.page, "widths", "8,30,100,1000");
  assert_range_shows_list (&range, "8,30,100,1000");
  g_assert_true (descent_experiment_page_get_params_valid (range.page));

  /* A grid typed into the entry brings the sliders back. */
  gtk_editable_set_text (range.list, "20:2000:5");
  assert_range_shows_grid (&range, 20, 2000, 5);
  expected = expand_widths (range.page, "20:2000:5");
  widths = get_widths (range.page);
  g_assert_cmpstr (widths, ==, expected);
  /* The entry keeps what was typed. */
  g_assert_cmpstr (gtk_editable_get_text (range.list), ==, "20:2000:5");

  /* A geometric list is a grid too. */
  gtk_editable_set_text (range.list, "8, 32, 128");
  assert_range_shows_grid (&range, 8, 128, 3);

  gtk_editable_set_text (range.list, "5,7,300");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (range.from)));
  g_clear_pointer (&widths, g_free);
  widths = get_widths (range.page);
  g_assert_cmpstr (widths, ==, "5,7,300");

  /* Bad text marks the entry and keeps the last valid list. */
  gtk_editable_set_text (range.list, "5,,7");
  g_assert_false (descent_experiment_page_get_params_valid (range.page));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (range.list), "error"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (range.from), "error"));
  g_clear_pointer (&widths, g_free);
  widths = get_widths (range.page);
  g_assert_cmpstr (widths, ==, "5,7,300");

  /* Closing the list goes back to the sliders' last grid. */
  gtk_expander_set_expanded (range.expander, FALSE);
  g_assert_true (descent_experiment_page_get_params_valid (range.page));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (range.list), "error"));
  assert_range_shows_grid (&range, 8, 128, 3);
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&widths, g_free);
  expected = expand_widths (range.page, "8:128:3");
  widths = get_widths (range.page);
  g_assert_cmpstr (widths, ==, expected);

  set_param (range.page, "widths", "4:4000:16");
}

static gboolean
page_has_complete_result (gpointer data)
{
  g_autoptr(DtRecord) record = NULL;

  if (descent_experiment_page_is_running (data))
    return FALSE;

  record = descent_experiment_page_get_record (data);

  return record != NULL && dt_record_get_status (record) == DT_STATUS_COMPLETE;
}

/* A small bias-variance run with @widths, saved to @path. */
static void
run_and_save_widths (WidthsRange *range,
                     const char  *widths,
                     const char  *path)
{
  g_autoptr(GError) error = NULL;

  set_param (range->page, "n_train", "40");
  set_param (range->page, "n_test", "50");
  set_param (range->page, "trials", "1");
  set_param (range->page, "threads", "1");
  set_param (range->page, "widths", widths);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_true (iterate_until (page_has_complete_result, range->page, 120.0));

  g_assert_true (descent_window_save_to_path (window, path, &error));
  g_assert_no_error (error);
}

static void
test_range_record (void)
{
  g_autofree char *list_path = g_build_filename (tmp_dir, "widths-list.descent.json", NULL);
  g_autofree char *grid_path = g_build_filename (tmp_dir, "widths-grid.descent.json", NULL);
  g_autoptr(DtRecord) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *widths = NULL;
  JsonNode *node;
  WidthsRange range;

  get_widths_range (&range);

  /* An explicit list is stored as a JSON array and comes back as a list. */
  run_and_save_widths (&range, "3,7,50", list_path);
  saved = dt_record_load (list_path, &error);
  g_assert_no_error (error);
  node = json_object_get_member (dt_record_get_params (saved), "widths");
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 3);

  set_param (range.page, "widths", "10:1000:12");
  assert_range_shows_grid (&range, 10, 1000, 12);
  g_assert_true (descent_window_open_path (window, list_path, &error));
  g_assert_no_error (error);
  assert_range_shows_list (&range, "3,7,50");

  /* A grid is stored expanded and comes back on the sliders. */
  run_and_save_widths (&range, "5:500:7", grid_path);
  set_param (range.page, "widths", "9,11,50");
  assert_range_shows_list (&range, "9,11,50");
  g_assert_true (descent_window_open_path (window, grid_path, &error));
  g_assert_no_error (error);
  assert_range_shows_grid (&range, 5, 500, 7);
  g_assert_false (gtk_expander_get_expanded (range.expander));
  expected = expand_widths (range.page, "5:500:7");
  widths = get_widths (range.page);
  g_assert_cmpstr (widths, ==, expected);
  g_assert_cmpstr (gtk_editable_get_text (range.list), ==, expected);
}

/* Review of saved runs: examples, overlays, the run details, recent files. */

static char *
example_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "examples", name, NULL);
}

/* A copy of @source in the temporary folder with the parameter @key set to
 * @value: another run of the same experiment. */
static char *
write_variant (const char *source,
               const char *name,
               const char *key,
               const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRecord) record = dt_record_load (source, &error);
  g_autoptr(DtParams) params = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_no_error (error);
  params = dt_record_dup_params (record, dt_registry_lookup (dt_record_get_experiment (record)), &error);
  g_assert_no_error (error);
  g_assert_true (dt_params_set_from_string (params, key, value, &error));
  g_assert_no_error (error);
  dt_record_set_params (record, params);
  g_assert_true (dt_record_save (record, path, &error));
  g_assert_no_error (error);

  return path;
}

static gboolean
label_differs (GtkWidget  *root,
               const char *key)
{
  g_autofree char *name = g_strdup_printf ("details-key-%s", key);
  GtkWidget *label = find_named (root, name);

  g_assert_nonnull (label);

  return gtk_widget_has_css_class (label, "differs");
}

/* A record of another version of Descent: a parameter unknown here and
 * one missing still open, with both shown in the side panel. */
static void
test_other_version (void)
{
  g_autofree char *ntk = example_path ("ntk.descent.json");
  g_autofree char *path = g_build_filename (tmp_dir, "ntk-other-version.descent.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *edited = NULL;
  g_autoptr(GRegex) depth = g_regex_new ("\"depth\": [0-9]+,\\s*", 0, 0, NULL);
  g_auto(GStrv) parts = NULL;
  gboolean details_were_visible = descent_window_get_details_visible (window);
  g_autoptr(GError) error = NULL;
  DescentExperimentPage *page = get_page (window, "ntk");
  GtkWidget *value;

  g_assert_true (g_file_get_contents (ntk, &text, NULL, &error));
  edited = g_regex_replace_literal (depth, text, -1, 0, "", 0, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (edited, "\"depth\""));
  g_free (text);
  text = edited;
  parts = g_strsplit (text, "\"params\": {", 2);
  edited = g_strjoinv ("\"params\": {\n    \"future_key\": 3,", parts);
  g_assert_true (g_file_set_contents (path, edited, -1, &error));

  g_assert_true (descent_window_open_path (window, path, &error));
  g_assert_no_error (error);
  g_assert_true (descent_window_get_visible_page (window) == page);
  g_assert_true (descent_experiment_page_has_result (page));
  g_assert_cmpuint (descent_experiment_page_get_plot_views (page)->len, >, 0);

  if (!details_were_visible)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL));
  iterate_for (0.3);
  value = find_named (GTK_WIDGET (page), "details-value-unknown-0");
  g_assert_nonnull (value);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (value)), ==, "future_key");
  value = find_named (GTK_WIDGET (page), "details-value-depth-0");
  g_assert_nonnull (value);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (value)), "(default)"));
  if (!details_were_visible)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL));
  iterate_for (0.1);
}

/* A scroll over a slider or spin button scrolls the parameter panel and
 * leaves the value alone. */
static void
test_scroll_over_values (void)
{
  DescentExperimentPage *page = get_page (window, "bias-variance");
  GType types[] = { GTK_TYPE_SCALE, GTK_TYPE_SPIN_BUTTON };

  descent_window_show_experiment (window, "bias-variance");
  iterate_for (0.2);

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      GtkWidget *control = find_of_type (GTK_WIDGET (page), types[t]);
      GtkWidget *scroller = gtk_widget_get_ancestor (control, GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (control);
      GtkEventController *passthrough = NULL;
      double before = GTK_IS_RANGE (control) ? gtk_range_get_value (GTK_RANGE (control))
                                             : gtk_spin_button_get_value (GTK_SPIN_BUTTON (control));
      gboolean handled = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

          if (g_strcmp0 (gtk_event_controller_get_name (c), "descent-scroll-to-parent") == 0)
            passthrough = c;
        }
      g_assert_nonnull (passthrough);
      g_assert_cmpint (gtk_event_controller_get_propagation_phase (passthrough), ==, GTK_PHASE_CAPTURE);

      gtk_adjustment_set_value (vadjustment, 0.0);
      g_signal_emit_by_name (passthrough, "scroll", 0.0, 1.0, &handled);
      g_assert_true (handled);
      g_test_message ("%s: panel scrolled to %.0f of %.0f (page %.0f)", G_OBJECT_TYPE_NAME (control),
                      gtk_adjustment_get_value (vadjustment), gtk_adjustment_get_upper (vadjustment),
                      gtk_adjustment_get_page_size (vadjustment));
      if (gtk_adjustment_get_upper (vadjustment) > gtk_adjustment_get_page_size (vadjustment) + 1.0)
        g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >, 0.0);
      g_assert_cmpfloat (GTK_IS_RANGE (control) ? gtk_range_get_value (GTK_RANGE (control))
                                                 : gtk_spin_button_get_value (GTK_SPIN_BUTTON (control)),
                         ==, before);
      gtk_adjustment_set_value (vadjustment, 0.0);
    }
}

/* Fails when a label in @root is ellipsized, by its setting or in the
 * layout it has now. */
static void
assert_no_label_ellipsized (GtkWidget *root)
{
  g_assert_nonnull (root);
  if (GTK_IS_LABEL (root))
    {
      g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (root)), ==, PANGO_ELLIPSIZE_NONE);
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (root))));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_no_label_ellipsized (child);
}

static void
test_overlay (void)
{
  g_autofree char *ntk = example_path ("ntk.descent.json");
  g_autofree char *other = write_variant (ntk, "ntk-seed-7.descent.json", "seed", "7");
  g_autoptr(GError) error = NULL;
  DescentExperimentPage *page = get_page (window, "ntk");
  GtkWidget *value;
  GtkWidget *remove;

  g_assert_true (descent_window_open_path (window, ntk, &error));
  g_assert_no_error (error);
  g_assert_true (descent_experiment_page_has_result (page));
  g_assert_cmpuint (descent_experiment_page_get_n_overlays (page), ==, 0);

  g_assert_true (descent_window_overlay_path (window, other, &error));
  g_assert_no_error (error);
  g_assert_true (descent_window_get_visible_page (window) == page);
  g_assert_cmpuint (descent_experiment_page_get_n_overlays (page), ==, 1);
  g_assert_cmpstr (descent_experiment_page_get_overlay_label (page, 0), ==, "ntk-seed-7.descent.json");

  /* The side panel: one column per run, the differing seed highlighted. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL));
  g_assert_true (descent_window_get_details_visible (window));
  g_assert_true (descent_experiment_page_get_details_visible (page));
  iterate_for (0.3);
  g_assert_true (label_differs (GTK_WIDGET (page), "seed"));
  g_assert_false (label_differs (GTK_WIDGET (page), "n_train"));
  g_assert_false (label_differs (GTK_WIDGET (page), "created"));
  value = find_named (GTK_WIDGET (page), "details-value-seed-1");
  g_assert_nonnull (value);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (value)), ==, "7");
  g_assert_true (gtk_widget_has_css_class (value, "differs"));
  g_assert_true (gtk_widget_get_mapped (value));
  /* nothing in the panel is cut short: values wrap */
  assert_no_label_ellipsized (gtk_widget_get_ancestor (value, GTK_TYPE_GRID));
  /* the legends name the runs without the suffix every record has */
  {
    DtPlot *plot = descent_plot_view_get_plot (g_ptr_array_index (descent_experiment_page_get_plot_views (page), 0));
    guint n = dt_plot_get_n_series (plot);

    g_assert_cmpuint (n, >=, 2);
    g_assert_true (g_str_has_suffix (dt_plot_get_series_label (plot, n - 1), " \u2014 ntk-seed-7"));
  }

  /* The overlay's button takes it off the plots and the panel. */
  remove = find_named (GTK_WIDGET (page), "details-remove-0");
  g_assert_nonnull (remove);
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_signal_emit_by_name (remove, "clicked");
  g_assert_cmpuint (descent_experiment_page_get_n_overlays (page), ==, 0);
  g_assert_null (find_named (GTK_WIDGET (page), "details-value-seed-1"));
  g_assert_false (label_differs (GTK_WIDGET (page), "seed"));

  /* Opening replaces the run shown and its overlays. */
  g_assert_true (descent_window_overlay_path (window, other, &error));
  g_assert_cmpuint (descent_experiment_page_get_n_overlays (page), ==, 1);
  g_assert_true (descent_window_open_path (window, other, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (descent_experiment_page_get_n_overlays (page), ==, 0);

  /* A record of another experiment is no overlay for this page. */
  {
    g_autofree char *bv = example_path ("bias-variance.descent.json");
    g_autoptr(DtRecord) record = dt_record_load (bv, &error);

    g_assert_no_error (error);
    g_assert_false (descent_experiment_page_add_overlay (page, record, "bv", &error));
    g_assert_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID);
    g_assert_cmpuint (descent_experiment_page_get_n_overlays (page), ==, 0);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL));
  g_assert_false (descent_window_get_details_visible (window));
  g_assert_false (descent_experiment_page_get_details_visible (page));
}

static gboolean
question_is_open (gpointer data)
{
  return descent_window_get_question (data) != NULL;
}

/* Several files at once, as from the file chooser, drag and drop or the
 * command line: the page already shows a run, so the window asks. */
static void
test_open_files (void)
{
  g_autofree char *ntk = example_path ("ntk.descent.json");
  g_autofree char *a = write_variant (ntk, "ntk-a.descent.json", "seed", "11");
  g_autofree char *b = write_variant (ntk, "ntk-b.descent.json", "seed", "12");
  g_autoptr(GError) error = NULL;
  DescentExperimentPage *page = get_page (window, "ntk");
  GFile *files[2];
  GtkWidget *question;
  g_autoptr(DtParams) params = NULL;

  g_assert_true (descent_window_open_path (window, ntk, &error));
  g_assert_no_error (error);

  files[0] = g_file_new_for_path (a);
  files[1] = g_file_new_for_path (b);

  /* Cancel leaves the page as it was. */
  descent_window_open_files (window, files, 2);
  question = descent_window_get_question (window);
  g_assert_nonnull (question);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (question));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), DESCENT_RESPONSE_CANCEL);
  g_assert_null (descent_window_get_question (window));
  g_assert_cmpuint (descent_experiment_page_get_n_overlays (page), ==, 0);

  /* Overlay: both files over the run shown. */
  descent_window_open_files (window, files, 2);
  g_assert_true (iterate_until (question_is_open, window, 5.0));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (descent_window_get_question (window)), DESCENT_RESPONSE_OVERLAY);
  g_assert_cmpuint (descent_experiment_page_get_n_overlays (page), ==, 2);
  g_assert_cmpstr (descent_experiment_page_get_overlay_label (page, 0), ==, "ntk-a.descent.json");
  g_assert_cmpstr (descent_experiment_page_get_overlay_label (page, 1), ==, "ntk-b.descent.json");

  /* Replace: the first file is shown, the second overlaid on it. */
  descent_window_open_files (window, files, 2);
  g_assert_true (iterate_until (question_is_open, window, 5.0));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (descent_window_get_question (window)), DESCENT_RESPONSE_REPLACE);
  g_assert_cmpuint (descent_experiment_page_get_n_overlays (page), ==, 1);
  g_assert_cmpstr (descent_experiment_page_get_overlay_label (page, 0), ==, "ntk-b.descent.json");
  params = descent_experiment_page_get_params (page);
  g_assert_cmpint (dt_params_get_int (params, "seed"), ==, 11);

  /* On a page without a result nothing is asked: shown, then overlaid. */
  {
    g_autofree char *bv = example_path ("bias-variance.descent.json");
    g_autofree char *bv2 = write_variant (bv, "bv-2.descent.json", "trials", "3");
    DescentExperimentPage *bv_page = descent_window_get_page (window, "bias-variance");
    GFile *bv_files[2] = { g_file_new_for_path (bv), g_file_new_for_path (bv2) };

    if (!descent_experiment_page_has_result (bv_page))
      {
        descent_window_open_files (window, bv_files, 2);
        g_assert_null (descent_window_get_question (window));
        g_assert_true (descent_window_get_visible_page (window) == bv_page);
        g_assert_true (descent_experiment_page_has_result (bv_page));
        g_assert_cmpuint (descent_experiment_page_get_n_overlays (bv_page), ==, 1);
        descent_experiment_page_clear_overlays (bv_page);
      }
    g_object_unref (bv_files[0]);
    g_object_unref (bv_files[1]);
  }

  /* A broken file among them is reported; the others still open. */
  {
    g_autofree char *bad = g_build_filename (tmp_dir, "broken.descent.json", NULL);
    GFile *mixed[2];

    g_assert_true (g_file_set_contents (bad, "{ \"format\": ", -1, NULL));
    mixed[0] = g_file_new_for_path (bad);
    mixed[1] = g_file_new_for_path (a);
    descent_experiment_page_clear_overlays (page);
    descent_window_open_files (window, mixed, 2);
    g_assert_nonnull (descent_window_get_error_message (window));
    g_assert_nonnull (strstr (descent_window_get_error_message (window), "broken.descent.json"));
    g_assert_true (iterate_until (question_is_open, window, 5.0));
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (descent_window_get_question (window)), DESCENT_RESPONSE_OVERLAY);
    g_assert_cmpuint (descent_experiment_page_get_n_overlays (page), ==, 1);
    descent_experiment_page_clear_overlays (page);
    g_object_unref (mixed[0]);
    g_object_unref (mixed[1]);
  }

  g_object_unref (files[0]);
  g_object_unref (files[1]);
}

/* The target of the menu item whose label contains @text, or of the
 * first item when @text is NULL. */
static char *
find_menu_target (GMenuModel *menu,
                  const char *text,
                  const char *target_suffix)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *target = NULL;

      g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
      if (!g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_TARGET, "s", &target))
        continue;
      if (text != NULL && (label == NULL || strstr (label, text) == NULL))
        continue;
      if (target_suffix != NULL && !g_str_has_suffix (target, target_suffix))
        continue;

      return g_steal_pointer (&target);
    }

  return NULL;
}

static void
test_examples (void)
{
  GMenuModel *menu = descent_window_get_example_menu (window);
  g_autofree char *ntk = find_menu_target (menu, NULL, "/ntk.descent.json");
  g_autofree char *pruning = find_menu_target (menu, NULL, "/pruning.descent.json");
  g_autofree char *fashion = find_menu_target (menu, "Fashion-MNIST", NULL);
  g_autofree char *imp = find_menu_target (menu, NULL, "/pruning-imp.descent.json");
  DescentExperimentPage *page = descent_window_get_page (window, "pruning");
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(DtRecord) file = NULL;
  g_autoptr(GError) error = NULL;
  guint n_runs = dt_run_get_n_active ();

  /* One entry per experiment's default run, plus the extra runs. */
  g_assert_cmpint (g_menu_model_get_n_items (menu), >=, 6);
  for (guint i = 0; i < dt_registry_get_n_experiments (); i++)
    {
      const DtExperiment *experiment = dt_registry_get_experiment (i);
      g_autofree char *suffix = g_strdup_printf ("/%s.descent.json", experiment->id);
      g_autofree char *target = find_menu_target (menu, NULL, suffix);

      g_assert_nonnull (target);
      g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_nonnull (ntk);
  g_assert_nonnull (fashion);
  g_assert_nonnull (imp);

  /* Opening one shows it at once, without running anything. */
  g_assert_nonnull (pruning);
  descent_experiment_page_clear_overlays (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-example", "s", pruning));
  if (descent_window_get_question (window) != NULL)
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (descent_window_get_question (window)), DESCENT_RESPONSE_REPLACE);
  g_assert_true (descent_window_get_visible_page (window) == page);
  g_assert_false (descent_experiment_page_is_running (page));
  g_assert_cmpuint (dt_run_get_n_active (), ==, n_runs);
  g_assert_true (descent_experiment_page_has_result (page));

  record = descent_experiment_page_get_record (page);
  file = dt_record_load (pruning, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_COMPLETE);
  g_assert_cmpuint (dt_record_get_n_plots (record), ==, dt_record_get_n_plots (file));
  g_assert_cmpuint (dt_record_get_n_series (record), ==, dt_record_get_n_series (file));

  /* The heat map of the mask is among its plots. */
  {
    gboolean heatmap = FALSE;

    for (guint i = 0; i < dt_record_get_n_plots (record); i++)
      heatmap |= dt_record_get_plot (record, i)->kind == DT_PLOT_HEATMAP;
    g_assert_true (heatmap);
  }
}

static gboolean
recent_menu_has (gpointer data)
{
  const char *path = data;
  g_autofree char *target = find_menu_target (descent_window_get_recent_menu (window), NULL, path);

  return target != NULL && g_str_equal (target, path);
}

static void
test_recent (void)
{
  g_autofree char *ntk = example_path ("ntk.descent.json");
  g_autofree char *path = write_variant (ntk, "recent-ntk.descent.json", "seed", "3");
  g_autofree char *saved = g_build_filename (tmp_dir, "recent-saved.descent.json", NULL);
  g_autoptr(GError) error = NULL;
  DescentExperimentPage *page = get_page (window, "ntk");

  g_assert_true (descent_window_open_path (window, path, &error));
  g_assert_no_error (error);
  g_assert_true (iterate_until (recent_menu_has, path, 10.0));

  /* A saved record is recent too, and a recent entry opens it. */
  g_assert_true (descent_window_save_to_path (window, saved, &error));
  g_assert_no_error (error);

  g_assert_true (descent_window_open_path (window, ntk, &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", path));
  if (descent_window_get_question (window) != NULL)
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (descent_window_get_question (window)), DESCENT_RESPONSE_REPLACE);
  {
    g_autoptr(DtParams) params = descent_experiment_page_get_params (page);

    g_assert_cmpint (dt_params_get_int (params, "seed"), ==, 3);
  }
}

/* Live mode: runs 300 ms after the last change, one run for a burst. */
typedef struct
{
  guint starts;
} RunCounter;

static void
count_runs_cb (DescentExperimentPage *page,
               GParamSpec            *pspec,
               RunCounter            *counter)
{
  if (descent_experiment_page_is_running (page))
    counter->starts++;
}

static void
test_live (void)
{
  DescentExperimentPage *page = get_connectivity_page (window);
  RunCounter counter = { 0 };
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(DtParams) params = NULL;
  gulong handler;

  g_assert_true (iterate_until (no_active_runs, NULL, 30.0));
  set_small_params (page);
  g_assert_false (descent_window_get_live_mode (window));

  handler = g_signal_connect (page, "notify::running", G_CALLBACK (count_runs_cb), &counter);

  /* Off: a change runs nothing. */
  set_param (page, "alpha_points", "4");
  iterate_for (0.6);
  g_assert_cmpuint (counter.starts, ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.live-mode", NULL));
  g_assert_true (descent_window_get_live_mode (window));
  g_assert_true (descent_experiment_page_get_live (page));

  /* Two quick changes: one run, with the second value. */
  set_param (page, "alpha_points", "6");
  iterate_for (0.1);
  set_param (page, "alpha_points", "7");
  iterate_for (0.2);
  g_assert_cmpuint (counter.starts, ==, 0);
  iterate_for (0.3);
  g_assert_cmpuint (counter.starts, ==, 1);
  g_assert_true (iterate_until (page_is_idle, page, 120.0));
  g_assert_cmpuint (counter.starts, ==, 1);
  record = descent_experiment_page_get_record (page);
  params = dt_record_dup_params (record, descent_experiment_page_get_experiment (page), NULL);
  g_assert_cmpint (dt_params_get_int (params, "alpha_points"), ==, 7);
  g_clear_pointer (&record, dt_record_unref);
  g_clear_pointer (&params, dt_params_free);

  /* A change during a run stops it and runs the new parameters. */
  set_param (page, "steps", "4000");
  g_assert_true (iterate_until ((Condition) descent_experiment_page_is_running, page, 5.0));
  g_assert_cmpuint (counter.starts, ==, 2);
  /* The panel stays editable in live mode. */
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (page)));
  set_param (page, "steps", "60");
  set_param (page, "alpha_points", "5");
  /* the stopped run may end at once: let the 300 ms debounce fire first */
  iterate_for (0.6);
  g_assert_true (iterate_until (no_active_runs, NULL, 60.0));
  g_assert_true (iterate_until (page_is_idle, page, 60.0));
  g_assert_cmpuint (counter.starts, ==, 3);
  record = descent_experiment_page_get_record (page);
  g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_COMPLETE);
  params = dt_record_dup_params (record, descent_experiment_page_get_experiment (page), NULL);
  g_assert_cmpint (dt_params_get_int (params, "steps"), ==, 60);
  g_assert_cmpint (dt_params_get_int (params, "alpha_points"), ==, 5);

  /* Opening a record sets the panel without running it. */
  {
    g_autofree char *example = example_path ("connectivity.descent.json");
    g_autoptr(GError) error = NULL;

    g_assert_true (descent_window_open_path (window, example, &error));
    g_assert_no_error (error);
    iterate_for (0.6);
    g_assert_cmpuint (counter.starts, ==, 3);
    g_assert_false (descent_experiment_page_is_running (page));
  }

  /* The setting persists; off again stops reacting. */
  {
    GSettings *settings = descent_application_get_settings (application);

    if (settings != NULL)
      g_assert_true (g_settings_get_boolean (settings, "live-mode"));
    descent_window_set_live_mode (window, FALSE);
    if (settings != NULL)
      g_assert_false (g_settings_get_boolean (settings, "live-mode"));
  }
  set_small_params (page);
  iterate_for (0.6);
  g_assert_cmpuint (counter.starts, ==, 3);

  g_signal_handler_disconnect (page, handler);
}

static gboolean
window_is_inactive (gpointer data)
{
  return !gtk_window_is_active (data);
}

/* A long run that ends while the window is in the background is
 * announced; without a notification service nothing warns. */
static void
test_notification (void)
{
  DescentExperimentPage *page = get_connectivity_page (window);
  guint before = descent_window_get_n_notifications (window);
  gboolean active;

  GtkWidget *other = gtk_window_new ();

  /* Another window takes the focus, when the X server lets it. */
  gtk_window_set_default_size (GTK_WINDOW (other), 200, 100);
  gtk_window_present (GTK_WINDOW (other));
  iterate_until (window_is_inactive, window, 2.0);

  descent_window_set_notify_after (window, 0.0);
  set_small_params (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  active = gtk_window_is_active (GTK_WINDOW (window));
  g_assert_true (iterate_until (page_is_idle, page, 120.0));
  g_test_message ("window active: %d, session bus: %d", active,
                  g_application_get_dbus_connection (G_APPLICATION (application)) != NULL);
  /* Sent only from the background, and only with a notification service
   * on a session bus (whether one runs is up to the machine). */
  if (active || g_application_get_dbus_connection (G_APPLICATION (application)) == NULL)
    g_assert_cmpuint (descent_window_get_n_notifications (window), ==, before);
  else
    g_assert_cmpuint (descent_window_get_n_notifications (window), <=, before + 1);
  before = descent_window_get_n_notifications (window);

  /* Short runs are not announced. */
  descent_window_set_notify_after (window, 3600.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_true (iterate_until (page_is_idle, page, 120.0));
  g_assert_cmpuint (descent_window_get_n_notifications (window), ==, before);
  descent_window_set_notify_after (window, 10.0);

  gtk_window_destroy (GTK_WINDOW (other));
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (0.2);
}

/* Every control has an accessible name: its own label, a labelling
 * widget, or visible text of its own. */
static gboolean
has_accessible_name (GtkWidget *widget)
{
  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;

  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return TRUE;

  /* A button's name comes from the label inside it. */
  if (GTK_IS_BUTTON (widget) || GTK_IS_EXPANDER (widget))
    {
      GtkWidget *child = gtk_widget_get_first_child (widget);

      while (child != NULL)
        {
          if (GTK_IS_LABEL (child) && *gtk_label_get_text (GTK_LABEL (child)) != '\0')
            return TRUE;
          child = gtk_widget_get_first_child (child) != NULL && !GTK_IS_LABEL (child)
                  ? gtk_widget_get_first_child (child) : gtk_widget_get_next_sibling (child);
        }
    }

  return FALSE;
}

static void
collect_unnamed (GtkWidget *widget,
                 GPtrArray *unnamed,
                 guint     *n_controls)
{
  gboolean control = GTK_IS_RANGE (widget) || GTK_IS_SPIN_BUTTON (widget) ||
                     GTK_IS_DROP_DOWN (widget) || GTK_IS_ENTRY (widget) ||
                     ADW_IS_COMBO_ROW (widget) || ADW_IS_ENTRY_ROW (widget) ||
                     GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) ||
                     GTK_IS_EXPANDER (widget) || GTK_IS_SWITCH (widget) ||
                     GTK_IS_CHECK_BUTTON (widget) || GTK_IS_PROGRESS_BAR (widget);

  if (control)
    {
      (*n_controls)++;
      if (!has_accessible_name (widget))
        g_ptr_array_add (unnamed, g_strdup_printf ("%s “%s”", G_OBJECT_TYPE_NAME (widget),
                                                   gtk_widget_get_name (widget)));
    }

  /* The parts inside a compound control are named by it; scroll bars are
   * not in the focus chain. */
  if (GTK_IS_SCROLLBAR (widget) || GTK_IS_SPIN_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) ||
      GTK_IS_ENTRY (widget) || ADW_IS_COMBO_ROW (widget) || GTK_IS_MENU_BUTTON (widget) ||
      GTK_IS_BUTTON (widget))
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unnamed (child, unnamed, n_controls);
}

static void
test_accessible_labels (void)
{
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);
  guint n_controls = 0;

  /* Every parameter control of every page, and the window's own. */
  for (guint i = 0; i < dt_registry_get_n_experiments (); i++)
    {
      const DtExperiment *experiment = dt_registry_get_experiment (i);
      DescentExperimentPage *page = get_page (window, experiment->id);
      guint before = n_controls;

      iterate_for (0.05);
      collect_unnamed (GTK_WIDGET (page), unnamed, &n_controls);
      /* At least one control per parameter. */
      g_assert_cmpuint (n_controls - before, >=, experiment->n_params);
    }
  collect_unnamed (find_of_type (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR), unnamed, &n_controls);

  for (guint i = 0; i < unnamed->len; i++)
    g_test_message ("no accessible name: %s", (char *) g_ptr_array_index (unnamed, i));
  g_assert_cmpuint (unnamed->len, ==, 0);
}

/* Tab reaches every kind of control: the header bar, the sidebar, each
 * kind of parameter control and the page's buttons. */
static void
test_keyboard (void)
{
  gboolean run = FALSE, live = FALSE, sidebar = FALSE, scale = FALSE;
  gboolean spin = FALSE, drop_down = FALSE, reset = FALSE, entry = FALSE;
  guint distinct = 0;
  GtkWidget *last = NULL;

  get_page (window, "bias-variance");
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (0.2);

  for (guint i = 0; i < 400; i++)
    {
      GtkWidget *focus;
      const char *action;

      gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (focus == NULL || focus == last)
        continue;
      last = focus;
      distinct++;
      if (g_test_verbose ())
        g_test_message ("focus: %s", G_OBJECT_TYPE_NAME (focus));

      action = GTK_IS_ACTIONABLE (focus) ? gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)) : NULL;
      run |= g_strcmp0 (action, "win.run") == 0;
      live |= g_strcmp0 (action, "win.live-mode") == 0;
      sidebar |= gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) != NULL &&
                 gtk_widget_get_ancestor (focus, DESCENT_TYPE_EXPERIMENT_PAGE) == NULL;
      /* Tabbing through the sidebar also selects its rows, and so pages. */
      if (gtk_widget_get_ancestor (focus, DESCENT_TYPE_EXPERIMENT_PAGE) != NULL)
        {
          scale |= GTK_IS_SCALE (focus);
          spin |= gtk_widget_get_ancestor (focus, GTK_TYPE_SPIN_BUTTON) != NULL;
          drop_down |= gtk_widget_get_ancestor (focus, ADW_TYPE_COMBO_ROW) != NULL;
          entry |= gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW) != NULL ||
                   gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY) != NULL ||
                   gtk_widget_get_ancestor (focus, GTK_TYPE_EXPANDER) != NULL;
          reset |= GTK_IS_BUTTON (focus) &&
                   g_strcmp0 (gtk_button_get_label (GTK_BUTTON (focus)), "Reset to _Defaults") == 0;
        }
    }

  g_test_message ("%u focus stops", distinct);
  g_assert_true (run);
  g_assert_true (live);
  g_assert_true (sidebar);
  g_assert_true (scale);
  g_assert_true (spin);
  g_assert_true (drop_down);
  g_assert_true (entry);
  g_assert_true (reset);
}

/* The app in German: as main() does, with the catalogue of the build tree.
 * Any text still equal to an English msgid with a translation was missed. */
static void
collect_english (GtkWidget *widget,
                 GPtrArray *english,
                 guint     *n_texts)
{
  const char *texts[3] = { NULL, NULL, gtk_widget_get_tooltip_text (widget) };

  /* Parameter values in the run details are as the command line takes them. */
  if (gtk_widget_has_css_class (widget, "details-value"))
    return;

  if (GTK_IS_LABEL (widget))
    texts[0] = gtk_label_get_label (GTK_LABEL (widget));
  if (GTK_IS_BUTTON (widget))
    texts[1] = gtk_button_get_label (GTK_BUTTON (widget));

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      if (texts[i] == NULL || *texts[i] == '\0')
        continue;
      (*n_texts)++;
      if (g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, texts[i]), texts[i]) != 0)
        g_ptr_array_add (english, g_strdup_printf ("%s (%s)", texts[i], G_OBJECT_TYPE_NAME (widget)));
    }

  /* Choices are shown as the identifiers the command line takes. */
  if (GTK_IS_DROP_DOWN (widget))
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_english (child, english, n_texts);
}

static void
collect_english_menu (GMenuModel *menu,
                      GPtrArray  *english,
                      guint      *n_texts)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        {
          (*n_texts)++;
          if (g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, label), label) != 0)
            g_ptr_array_add (english, g_strdup (label));
        }

      if ((link = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION)) != NULL ||
          (link = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SUBMENU)) != NULL)
        {
          collect_english_menu (link, english, n_texts);
          g_object_unref (link);
        }
    }
}

static GtkWidget *
find_menu_button (GtkWidget *root)
{
  if (GTK_IS_MENU_BUTTON (root) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (root)) != NULL)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_german (void)
{
  g_autofree char *po_dir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  g_autofree char *mo = g_build_filename (po_dir, "de", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_autoptr(GPtrArray) english = g_ptr_array_new_with_free_func (g_free);
  DescentWindow *german;
  GtkWidget *menu_button;
  guint n_texts = 0;

  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the German catalogue is not built");
      return;
    }

  /* Only the C.UTF-8 locale may exist; LANGUAGE picks the catalogue. */
  g_setenv ("LANGUAGE", "de", TRUE);
  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    {
      g_test_skip ("no C.UTF-8 locale");
      return;
    }
  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "_Run"), ==, "_Ausführen");

  german = descent_window_new (application);
  gtk_window_present (GTK_WINDOW (german));
  g_assert_true (iterate_until (widget_is_drawn, german, 10.0));

  for (guint i = 0; i < dt_registry_get_n_experiments (); i++)
    {
      DescentExperimentPage *page = get_page (german, dt_registry_get_experiment (i)->id);

      iterate_for (0.05);
      collect_english (GTK_WIDGET (page), english, &n_texts);
      descent_window_set_details_visible (german, TRUE);
      collect_english (GTK_WIDGET (page), english, &n_texts);
      descent_window_set_details_visible (german, FALSE);
    }
  collect_english (GTK_WIDGET (german), english, &n_texts);

  menu_button = find_menu_button (find_of_type (GTK_WIDGET (german), ADW_TYPE_HEADER_BAR));
  g_assert_nonnull (menu_button);
  collect_english_menu (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)), english, &n_texts);
  collect_english_menu (descent_window_get_example_menu (german), english, &n_texts);

  for (guint i = 0; i < english->len; i++)
    g_test_message ("not translated: “%s”", (char *) g_ptr_array_index (english, i));
  g_assert_cmpuint (n_texts, >, 100);
  g_assert_cmpuint (english->len, ==, 0);

  gtk_window_destroy (GTK_WINDOW (german));
  iterate_for (0.1);

  g_unsetenv ("LANGUAGE");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  DescentExperimentPage *page;
  int status;

  /* The test backend keeps accessible properties without any D-Bus, so
   * they can be checked; "none" would drop them. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  /* Recent files go to a private list, not the user's. */
  tmp_dir = g_dir_make_tmp (NULL, &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);

  /* GTK 4.8 leaks the GDateTime it makes to drop recent files older than
   * this age, once for every change of the list; with no age limit it
   * makes none (a leak of GTK's, not ours, that LeakSanitizer sees since
   * the tests allocate with G_SLICE=always-malloc). */
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-max-age", -1, NULL);

  application = descent_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  /* the windows of the tests open on an experiment; test_welcome asks for
   * the welcome page */
  g_settings_set_boolean (descent_application_get_settings (application), "show-welcome", FALSE);

  window = descent_window_new (application);
  gtk_window_present (GTK_WINDOW (window));
  page = get_connectivity_page (window);
  g_assert_true (iterate_until (widget_is_drawn, page, 10.0));

  g_test_add_func ("/gui/sidebar", test_sidebar);
  g_test_add_func ("/gui/params", test_params);
  g_test_add_func ("/gui/params-apply", test_params_apply);
  g_test_add_func ("/gui/stale", test_stale);
  g_test_add_func ("/gui/keyboard-order", test_keyboard_order);
  g_test_add_func ("/gui/narrow", test_narrow);
  g_test_add_func ("/gui/copy-command", test_copy_command);
  g_test_add_func ("/gui/status-lines", test_status_lines);
  g_test_add_func ("/gui/welcome", test_welcome);
  g_test_add_func ("/gui/run", test_run);
  g_test_add_func ("/gui/export-save-open", test_export_save_open);
  g_test_add_func ("/gui/save-toast", test_save_toast);
  g_test_add_func ("/gui/open-bad", test_open_bad);
  g_test_add_func ("/gui/stop", test_stop);
  g_test_add_func ("/gui/stop-inside-lapack", test_stop_inside_lapack);
  g_test_add_func ("/gui/refuse-too-big", test_refuse_too_big);
  g_test_add_func ("/gui/close-while-running", test_close_while_running);
  g_test_add_func ("/gui/close-asks", test_close_asks);
  g_test_add_func ("/gui/close-keeps-unsaved", test_close_keeps_unsaved);
  g_test_add_func ("/gui/settings", test_settings);
  g_test_add_func ("/gui/history-autosave", test_history_autosave);
  g_test_add_func ("/gui/history-window", test_history_window);
  g_test_add_func ("/gui/preferences", test_preferences);
  g_test_add_func ("/gui/range-sliders", test_range_sliders);
  g_test_add_func ("/gui/range-list", test_range_list);
  g_test_add_func ("/gui/range-record", test_range_record);
  g_test_add_func ("/gui/overlay", test_overlay);
  g_test_add_func ("/gui/scroll-over-values", test_scroll_over_values);
  g_test_add_func ("/gui/other-version", test_other_version);
  g_test_add_func ("/gui/open-files", test_open_files);
  g_test_add_func ("/gui/examples", test_examples);
  g_test_add_func ("/gui/recent", test_recent);
  g_test_add_func ("/gui/live", test_live);
  g_test_add_func ("/gui/notification", test_notification);
  g_test_add_func ("/gui/accessible-labels", test_accessible_labels);
  g_test_add_func ("/gui/keyboard", test_keyboard);
  /* Last: it switches the process to German. */
  g_test_add_func ("/gui/german", test_german);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_until (no_active_runs, NULL, 5.0);
  g_object_unref (application);

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (tmp_dir);
    g_free (tmp_dir);
  }

  return status;
}
