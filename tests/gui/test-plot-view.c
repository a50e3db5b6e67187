/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-plot-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "descent-application.h"
#include "descent-export-dialog.h"
#include "descent-plot-view.h"
#include "descent-window.h"
#include "dt-plot.h"
#include "dt-record-csv.h"
#include "../test-tmp.h"

#define VIEW_WIDTH  640
#define VIEW_HEIGHT 400

static char *tmp_dir;

/* ------------------------------------------------------------ fixtures */

/* A run of a made-up experiment: two series with errors on x = 1 … 10,
 * "A" rising from 0.1 to 1, "B" falling from 0.95 to 0.5, in plot "p";
 * @shift moves B, to tell two runs apart. */
static DtRecord *
make_record (double shift)
{
  DtRecord *record = dt_record_new ("test");
  DtPlotSpec *spec = dt_plot_spec_new ("p", "Risk against width", "width k", DT_SCALE_LINEAR,
                                       "risk", DT_SCALE_LINEAR);

  dt_record_add_series (record, "a", "A", DT_STYLE_LINE);
  dt_record_add_series (record, "b", "B", DT_STYLE_LINE);
  for (guint i = 1; i <= 10; i++)
    {
      dt_record_append_point (record, "a", i, 0.1 * i, 0.01);
      dt_record_append_point (record, "b", i, 1.0 - 0.05 * i + shift, NAN);
    }
  dt_plot_spec_add_series (spec, "a");
  dt_plot_spec_add_series (spec, "b");
  dt_record_add_plot (record, spec);

  spec = dt_plot_spec_new ("q", "Second plot", "step", DT_SCALE_LINEAR, "loss", DT_SCALE_LINEAR);
  dt_plot_spec_add_series (spec, "a");
  dt_record_add_plot (record, spec);

  return record;
}

/* Lets pending redraws and events happen. */
static void
settle (void)
{
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 10;

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
is_rendered (gpointer data)
{
  return descent_plot_view_get_render_count (data) > 0 &&
         gtk_widget_get_width (data) > 0;
}

typedef struct
{
  GtkWidget       *window;
  DescentPlotView *view;
  DtRecord        *record;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = gtk_window_new ();
  f->view = DESCENT_PLOT_VIEW (descent_plot_view_new ());
  f->record = make_record (0.0);
  gtk_widget_set_size_request (GTK_WIDGET (f->view), VIEW_WIDTH, VIEW_HEIGHT);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  descent_plot_view_set_record (f->view, f->record, "p");
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (iterate_until (is_rendered, f->view, 10.0));
  /* let the window settle at its final size */
  settle ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_pointer (&f->record, dt_record_unref);
}

static double
device_x (const DtPlotFrame *frame,
          double             x)
{
  return frame->x0 + (x - frame->xmin) / (frame->xmax - frame->xmin) * (frame->x1 - frame->x0);
}

/* Pixels of a colour (within a small tolerance) in an image. */
static guint
count_color (GdkTexture *texture,
             DtColor     color)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) width * height * 4);
  guint n = 0;

  gdk_texture_download (texture, data, width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      /* GDK_MEMORY_DEFAULT: B, G, R, A */
      int b = data[4 * i], g = data[4 * i + 1], r = data[4 * i + 2];

      if (abs (r - (int) lround (color.r * 255)) <= 8 && abs (g - (int) lround (color.g * 255)) <= 8 &&
          abs (b - (int) lround (color.b * 255)) <= 8)
        n++;
    }
  return n;
}

/* The widget's coordinates of the legend entry of @series_id, found by
 * asking the plot layer about every few pixels. */
static gboolean
find_legend_entry (DescentPlotView *view,
                   const char      *series_id,
                   double          *x,
                   double          *y)
{
  DtPlot *plot = descent_plot_view_get_plot (view);

  for (int py = 0; py < VIEW_HEIGHT; py += 2)
    for (int px = 0; px < VIEW_WIDTH; px += 2)
      if (g_strcmp0 (dt_plot_legend_hit (plot, px, py), series_id) == 0)
        {
          *x = px;
          *y = py;
          return TRUE;
        }
  return FALSE;
}

/* Saves what the window shows, for a person to look at, when
 * DESCENT_TEST_SHOTS names a directory. */
static void
maybe_screenshot (GtkWidget  *widget,
                  const char *name)
{
  const char *dir = g_getenv ("DESCENT_TEST_SHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;

  if (dir == NULL)
    return;

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, NULL);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  gdk_texture_save_to_png (texture, path);
}

/* --------------------------------------------------------------- tests */

static void
test_hover (Fixture       *f,
            gconstpointer  data)
{
  DtPlotFrame frame;
  const char *readout;
  double mid_y;

  g_assert_true (descent_plot_view_get_frame (f->view, &frame));
  mid_y = 0.5 * (frame.y0 + frame.y1);

  /* near x = 5, a little to the right: both series' points at x = 5 */
  descent_plot_view_hover_at (f->view, device_x (&frame, 5.0) + 3.0, mid_y);
  readout = descent_plot_view_get_readout (f->view);
  g_assert_nonnull (readout);
  g_assert_nonnull (strstr (readout, "x = 5"));
  g_assert_nonnull (strstr (readout, "A: 0.5 ± 0.01"));
  g_assert_nonnull (strstr (readout, "B: 0.75"));
  g_assert_null (strstr (readout, "B: 0.75 ±"));
  settle ();
  maybe_screenshot (f->window, "hover");

  /* at the far right, x = 10 */
  descent_plot_view_hover_at (f->view, frame.x1 - 1, mid_y);
  g_assert_nonnull (strstr (descent_plot_view_get_readout (f->view), "x = 10"));
  g_assert_nonnull (strstr (descent_plot_view_get_readout (f->view), "A: 1 ± 0.01"));

  /* a hidden series is not read */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.toggle-series", "s", "a");
  descent_plot_view_hover_at (f->view, device_x (&frame, 5.0), mid_y);
  g_assert_null (strstr (descent_plot_view_get_readout (f->view), "A:"));
  g_assert_nonnull (strstr (descent_plot_view_get_readout (f->view), "B:"));

  /* outside the data area, or after the pointer left, nothing */
  descent_plot_view_hover_at (f->view, 1, 1);
  g_assert_null (descent_plot_view_get_readout (f->view));
  descent_plot_view_hover_at (f->view, -1, -1);
  g_assert_null (descent_plot_view_get_readout (f->view));
}

static void
test_hover_heatmap (void)
{
  static const double values[] = { 0.0, 0.5, 1.0, 1.5, 2.0, 2.5 };
  g_autoptr(DtRecord) record = dt_record_new ("test");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = descent_plot_view_new ();
  DtPlotFrame frame;
  const char *readout;

  dt_record_add_plot (record, dt_plot_spec_new_heatmap ("m", "Weights", "input", "unit", 2, 3, values));
  gtk_widget_set_size_request (view, VIEW_WIDTH, VIEW_HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), view);
  descent_plot_view_set_record (DESCENT_PLOT_VIEW (view), record, "m");
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (is_rendered, view, 10.0));
  g_assert_true (descent_plot_view_get_frame (DESCENT_PLOT_VIEW (view), &frame));

  /* the middle of row 1, column 2 */
  descent_plot_view_hover_at (DESCENT_PLOT_VIEW (view),
                              frame.x0 + 2.5 / 3.0 * (frame.x1 - frame.x0),
                              frame.y0 + 1.5 / 2.0 * (frame.y1 - frame.y0));
  readout = descent_plot_view_get_readout (DESCENT_PLOT_VIEW (view));
  g_assert_nonnull (readout);
  g_assert_nonnull (strstr (readout, "row 1, column 2"));
  g_assert_nonnull (strstr (readout, "value 2.5"));
  settle ();
  maybe_screenshot (window, "hover-heatmap");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_legend (Fixture       *f,
             gconstpointer  data)
{
  DtPlot *plot = descent_plot_view_get_plot (f->view);
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) after = NULL;
  g_autoptr(GdkTexture) again = NULL;
  DtPlotFrame frame;
  guint renders;
  double x = 0, y = 0;

  g_assert_true (descent_plot_view_get_frame (f->view, &frame));
  g_assert_true (find_legend_entry (f->view, "b", &x, &y));
  before = descent_plot_view_render_texture (f->view, 1.0);
  g_assert_cmpuint (count_color (before, dt_plot_palette (1)), >, 100);

  renders = descent_plot_view_get_render_count (f->view);
  g_assert_true (descent_plot_view_click_at (f->view, x, y));
  g_assert_false (dt_plot_get_series_visible (plot, "b"));
  g_assert_true (dt_plot_get_series_visible (plot, "a"));
  g_assert_true (descent_plot_view_get_frame (f->view, &frame));
  g_assert_cmpuint (descent_plot_view_get_render_count (f->view), >, renders);
  settle ();
  maybe_screenshot (f->window, "legend-hidden");

  /* B's colour is gone, its greyed entry stays to be clicked back on */
  after = descent_plot_view_render_texture (f->view, 1.0);
  g_assert_cmpuint (count_color (after, dt_plot_palette (1)), <, 5);
  /* in the same place, so a second click where the first one was undoes it */
  g_assert_cmpstr (dt_plot_legend_hit (plot, x, y), ==, "b");
  g_assert_true (descent_plot_view_click_at (f->view, x, y));
  g_assert_true (dt_plot_get_series_visible (plot, "b"));
  again = descent_plot_view_render_texture (f->view, 1.0);
  g_assert_cmpuint (count_color (again, dt_plot_palette (1)), >, 100);

  /* the data area is no legend */
  g_assert_true (descent_plot_view_get_frame (f->view, &frame));
  g_assert_false (descent_plot_view_click_at (f->view, frame.x0 + 2, frame.y1 - 2));

  /* the same through the action */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.toggle-series", "s", "a");
  g_assert_false (dt_plot_get_series_visible (plot, "a"));
  gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.toggle-series", "s", "a");
  g_assert_true (dt_plot_get_series_visible (plot, "a"));
}

static gboolean
get_log (DescentPlotView *view,
         const char      *name)
{
  gboolean value;

  g_object_get (view, name, &value, NULL);
  return value;
}

static void
test_log_axes (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DtRecord) negative = dt_record_new ("test");
  DtPlotSpec *spec;
  DtPlotFrame frame;

  g_assert_false (get_log (f->view, "log-x"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.log-x", NULL));
  g_assert_true (get_log (f->view, "log-x"));
  g_assert_true (descent_plot_view_get_frame (f->view, &frame));
  g_assert_cmpint (frame.x_scale, ==, DT_SCALE_LOG);
  g_assert_cmpint (frame.y_scale, ==, DT_SCALE_LINEAR);
  g_assert_cmpint (dt_plot_get_kind (descent_plot_view_get_plot (f->view)), ==, DT_PLOT_LINES);

  gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.log-y", NULL);
  g_assert_true (descent_plot_view_get_frame (f->view, &frame));
  g_assert_cmpint (frame.y_scale, ==, DT_SCALE_LOG);
  settle ();
  maybe_screenshot (f->window, "log-log");

  gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.log-x", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.log-y", NULL);
  g_assert_true (descent_plot_view_get_frame (f->view, &frame));
  g_assert_cmpint (frame.x_scale, ==, DT_SCALE_LINEAR);
  g_assert_cmpint (frame.y_scale, ==, DT_SCALE_LINEAR);

  /* data ≤ 0 on y: the y switch is off and stays off, x still works */
  dt_record_add_series (negative, "s", "S", DT_STYLE_LINE);
  for (guint i = 1; i <= 5; i++)
    dt_record_append_point (negative, "s", i, (double) i - 3.0, NAN);
  spec = dt_plot_spec_new ("p", "Negative", "x", DT_SCALE_LINEAR, "y", DT_SCALE_LINEAR);
  dt_plot_spec_add_series (spec, "s");
  dt_record_add_plot (negative, spec);
  descent_plot_view_set_record (f->view, negative, "p");
  gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.log-y", NULL);
  g_assert_false (get_log (f->view, "log-y"));
  g_assert_true (descent_plot_view_get_frame (f->view, &frame));
  g_assert_cmpint (frame.y_scale, ==, DT_SCALE_LINEAR);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.log-x", NULL);
  g_assert_true (get_log (f->view, "log-x"));
}

static void
test_zoom_reset (Fixture       *f,
                 gconstpointer  data)
{
  DtPlotFrame full, zoomed, panned, reset;
  double cx, cy;

  g_assert_true (descent_plot_view_get_frame (f->view, &full));
  cx = 0.5 * (full.x0 + full.x1);
  cy = 0.5 * (full.y0 + full.y1);

  /* zoom in around the centre: half the range, same middle */
  descent_plot_view_zoom_at (f->view, cx, cy, 0.5);
  g_assert_true (descent_plot_view_get_frame (f->view, &zoomed));
  g_assert_cmpfloat_with_epsilon (zoomed.xmax - zoomed.xmin, 0.5 * (full.xmax - full.xmin), 1e-9);
  g_assert_cmpfloat_with_epsilon (zoomed.xmax + zoomed.xmin, full.xmax + full.xmin, 1e-9);
  g_assert_cmpfloat_with_epsilon (zoomed.ymax - zoomed.ymin, 0.5 * (full.ymax - full.ymin), 1e-9);
  settle ();
  maybe_screenshot (f->window, "zoomed");

  /* the zoom action narrows further */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.zoom-in", NULL));
  g_assert_true (descent_plot_view_get_frame (f->view, &zoomed));
  g_assert_cmpfloat (zoomed.xmax - zoomed.xmin, <, 0.45 * (full.xmax - full.xmin));

  /* panning right shows smaller x */
  descent_plot_view_pan (f->view, 50, 0);
  g_assert_true (descent_plot_view_get_frame (f->view, &panned));
  g_assert_cmpfloat (panned.xmin, <, zoomed.xmin);
  g_assert_cmpfloat_with_epsilon (panned.xmax - panned.xmin, zoomed.xmax - zoomed.xmin, 1e-9);

  /* reset gives back exactly the full range */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.reset", NULL));
  g_assert_true (descent_plot_view_get_frame (f->view, &reset));
  g_assert_cmpfloat (reset.xmin, ==, full.xmin);
  g_assert_cmpfloat (reset.xmax, ==, full.xmax);
  g_assert_cmpfloat (reset.ymin, ==, full.ymin);
  g_assert_cmpfloat (reset.ymax, ==, full.ymax);

  /* zooming out from there widens the range */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.zoom-out", NULL);
  g_assert_true (descent_plot_view_get_frame (f->view, &zoomed));
  g_assert_cmpfloat (zoomed.xmax - zoomed.xmin, >, full.xmax - full.xmin);
  descent_plot_view_reset_view (f->view);
}

static void
test_overlay (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DtRecord) other = make_record (-0.3);
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  DtPlot *plot;
  DtPlotFrame frame;
  const char *readout;
  const char *description;
  double x = 0, y = 0;

  g_ptr_array_add (records, other);
  g_ptr_array_add (labels, (gpointer) "b.descent.json");
  descent_plot_view_set_label (f->view, "a.descent.json");
  descent_plot_view_set_overlays (f->view, records, labels);

  plot = descent_plot_view_get_plot (f->view);
  g_assert_cmpuint (dt_plot_get_n_overlays (plot), ==, 1);
  g_assert_cmpuint (dt_plot_get_n_series (plot), ==, 4);
  g_assert_cmpstr (dt_plot_get_series_label (plot, 0), ==, "A \u2014 a.descent.json");
  g_assert_cmpstr (dt_plot_get_series_label (plot, 3), ==, "B \u2014 b.descent.json");
  g_assert_cmpstr (dt_plot_get_series_id (plot, 3), ==, "b#1");

  /* both runs are read under the pointer, and both are in the legend */
  g_assert_true (descent_plot_view_get_frame (f->view, &frame));
  descent_plot_view_hover_at (f->view, device_x (&frame, 4.0), 0.5 * (frame.y0 + frame.y1));
  readout = descent_plot_view_get_readout (f->view);
  g_assert_nonnull (strstr (readout, "B \u2014 a.descent.json: 0.8"));
  g_assert_nonnull (strstr (readout, "B \u2014 b.descent.json: 0.5"));
  g_assert_true (find_legend_entry (f->view, "a", &x, &y));
  g_assert_true (find_legend_entry (f->view, "b#1", &x, &y));
  description = descent_plot_view_get_description (f->view);
  g_assert_nonnull (strstr (description, "a.descent.json"));
  g_assert_nonnull (strstr (description, "b.descent.json"));
  settle ();
  maybe_screenshot (f->window, "overlay");

  /* an overlaid series hides like any other */
  g_assert_true (descent_plot_view_click_at (f->view, x, y));
  g_assert_false (dt_plot_get_series_visible (descent_plot_view_get_plot (f->view), "b#1"));

  /* new data of the run shown keeps the overlays */
  descent_plot_view_set_record (f->view, f->record, "p");
  g_assert_cmpuint (dt_plot_get_n_overlays (descent_plot_view_get_plot (f->view)), ==, 1);
  g_assert_false (dt_plot_get_series_visible (descent_plot_view_get_plot (f->view), "b#1"));

  /* NULL clears */
  descent_plot_view_set_overlays (f->view, NULL, NULL);
  plot = descent_plot_view_get_plot (f->view);
  g_assert_cmpuint (dt_plot_get_n_overlays (plot), ==, 0);
  g_assert_cmpuint (dt_plot_get_n_series (plot), ==, 2);
  g_assert_cmpstr (dt_plot_get_series_label (plot, 0), ==, "A");
}

static char *
read_file (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

/* "/Type /Page" objects, not "/Type /Pages". */
static guint
count_pdf_pages (const char *contents,
                 gsize       length)
{
  const char *needle = "/Type /Page";
  gsize n = strlen (needle);
  guint pages = 0;

  for (gsize i = 0; i + n < length; i++)
    if (memcmp (contents + i, needle, n) == 0 && contents[i + n] != 's')
      pages++;
  return pages;
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *png = g_build_filename (tmp_dir, "one.png", NULL);
  g_autofree char *pdf = g_build_filename (tmp_dir, "all.pdf", NULL);
  g_autofree char *svg = g_build_filename (tmp_dir, "each", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) written = NULL;
  cairo_surface_t *image;
  GtkWidget *second = descent_plot_view_new ();
  DescentExportDialog *dialog;
  GPtrArray *plots;
  gsize length;

  /* the second plot of the page, in a view of its own */
  descent_plot_view_set_record (DESCENT_PLOT_VIEW (second), f->record, "q");
  g_object_ref_sink (second);

  /* hide B, zoom in: the export shows the view's state */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.toggle-series", "s", "b");
  plots = g_ptr_array_new ();
  g_ptr_array_add (plots, descent_plot_view_dup_plot (f->view));
  g_ptr_array_add (plots, descent_plot_view_dup_plot (DESCENT_PLOT_VIEW (second)));
  dialog = descent_export_dialog_new (GTK_WINDOW (f->window), plots, 0, "plots");
  g_object_ref_sink (dialog);

  /* this plot, as PNG at scale 1 */
  descent_export_dialog_set_format (dialog, DT_EXPORT_PNG);
  descent_export_dialog_set_size (dialog, 600, 400);
  descent_export_dialog_set_png_scale (dialog, 1.0);
  written = descent_export_dialog_export_to_path (dialog, png, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (written), ==, 1);
  contents = read_file (png, &length);
  g_assert_cmpuint (length, >, 8);
  g_assert_true (memcmp (contents, "\x89PNG\r\n\x1a\n", 8) == 0);
  g_clear_pointer (&contents, g_free);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 600);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 400);
  {
    GdkTexture *texture;
    g_autoptr(GBytes) bytes = g_bytes_new (cairo_image_surface_get_data (image),
                                           (gsize) cairo_image_surface_get_stride (image) * 400);

    texture = gdk_memory_texture_new (600, 400, GDK_MEMORY_DEFAULT, bytes,
                                      cairo_image_surface_get_stride (image));
    /* A is there, the hidden B is not */
    g_assert_cmpuint (count_color (texture, dt_plot_palette (0)), >, 100);
    g_assert_cmpuint (count_color (texture, dt_plot_palette (1)), <, 5);
    g_object_unref (texture);
  }
  cairo_surface_destroy (image);
  g_clear_pointer (&written, g_strfreev);

  /* all plots, one multi-page PDF */
  descent_export_dialog_set_format (dialog, DT_EXPORT_PDF);
  descent_export_dialog_set_all_plots (dialog, TRUE);
  descent_export_dialog_set_single_file (dialog, TRUE);
  written = descent_export_dialog_export_to_path (dialog, pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (written), ==, 1);
  contents = read_file (pdf, &length);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  g_assert_cmpuint (count_pdf_pages (contents, length), ==, 2);
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&written, g_strfreev);

  /* all plots, one SVG each, named after the plots; the extension is added */
  descent_export_dialog_set_format (dialog, DT_EXPORT_SVG);
  written = descent_export_dialog_export_to_path (dialog, svg, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (written), ==, 2);
  g_assert_true (g_str_has_suffix (written[0], "each-p.svg"));
  g_assert_true (g_str_has_suffix (written[1], "each-q.svg"));
  for (guint i = 0; i < 2; i++)
    {
      contents = read_file (written[i], &length);
      g_assert_nonnull (strstr (contents, "<svg"));
      g_clear_pointer (&contents, g_free);
    }
  g_clear_pointer (&written, g_strfreev);

  /* an unwritable place fails with an error and no list */
  written = descent_export_dialog_export_to_path (dialog, "/nonexistent-dir/x.svg", &error);
  g_assert_null (written);
  g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_WRITE);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  g_object_unref (second);
}

/* The spin buttons of @widget and its descendants, how many are sensitive. */
static guint
count_sensitive_spins (GtkWidget *widget)
{
  guint n = GTK_IS_SPIN_BUTTON (widget) && gtk_widget_is_sensitive (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_sensitive_spins (child);
  return n;
}

static void
assert_file_is_csv_of (const char *path,
                       DtRecord   *record,
                       const char *plot_id)
{
  g_autofree char *expected = dt_record_plot_to_csv (record, plot_id, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  contents = read_file (path, &length);
  g_assert_cmpstr (contents, ==, expected);
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *one = g_build_filename (tmp_dir, "data", NULL);
  g_autofree char *one_csv = g_build_filename (tmp_dir, "data.csv", NULL);
  g_autofree char *all = g_build_filename (tmp_dir, "all.CSV", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) written = NULL;
  g_autofree char *contents = NULL;
  GtkWidget *second = descent_plot_view_new ();
  DescentExportDialog *dialog;
  GPtrArray *plots;
  gsize length;

  descent_plot_view_set_record (DESCENT_PLOT_VIEW (second), f->record, "q");
  g_object_ref_sink (second);

  /* B hidden in the view: the data still has it */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.toggle-series", "s", "b");
  plots = g_ptr_array_new ();
  g_ptr_array_add (plots, descent_plot_view_dup_plot (f->view));
  g_ptr_array_add (plots, descent_plot_view_dup_plot (DESCENT_PLOT_VIEW (second)));
  dialog = descent_export_dialog_new (GTK_WINDOW (f->window), plots, 0, "plots");
  g_object_ref_sink (dialog);

  /* CSV is a choice of the drop-down; the size and scale do not apply */
  g_assert_cmpuint (count_sensitive_spins (GTK_WIDGET (dialog)), ==, 2);
  descent_export_dialog_set_csv (dialog, TRUE);
  g_assert_true (descent_export_dialog_get_csv (dialog));
  g_assert_cmpuint (count_sensitive_spins (GTK_WIDGET (dialog)), ==, 0);
  descent_export_dialog_set_format (dialog, DT_EXPORT_PNG);
  g_assert_false (descent_export_dialog_get_csv (dialog));
  g_assert_cmpuint (count_sensitive_spins (GTK_WIDGET (dialog)), ==, 3);
  descent_export_dialog_set_csv (dialog, TRUE);

  /* without a run there is no data (the parent is no DescentWindow) */
  written = descent_export_dialog_export_to_path (dialog, one, &error);
  g_assert_null (written);
  g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_NO_PLOT);
  g_clear_error (&error);
  descent_export_dialog_set_record (dialog, f->record);

  /* this plot: the path gets its extension */
  written = descent_export_dialog_export_to_path (dialog, one, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (written), ==, 1);
  g_assert_cmpstr (written[0], ==, one_csv);
  assert_file_is_csv_of (one_csv, f->record, "p");
  contents = read_file (one_csv, &length);
  g_assert_nonnull (strstr (contents, "\nseries,label,x,y,err\n"));
  g_assert_nonnull (strstr (contents, "\nb,B,1,0.95,\n"));
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&written, g_strfreev);

  /* all plots: always one file each, named after the plot, even when a
   * multi-page file was asked of PDF */
  descent_export_dialog_set_all_plots (dialog, TRUE);
  descent_export_dialog_set_single_file (dialog, TRUE);
  written = descent_export_dialog_export_to_path (dialog, all, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (written), ==, 2);
  g_assert_true (g_str_has_suffix (written[0], "all-p.CSV"));
  g_assert_true (g_str_has_suffix (written[1], "all-q.CSV"));
  assert_file_is_csv_of (written[0], f->record, "p");
  assert_file_is_csv_of (written[1], f->record, "q");
  g_clear_pointer (&written, g_strfreev);

  /* an unwritable place fails with an error naming it */
  written = descent_export_dialog_export_to_path (dialog, "/nonexistent-dir/x.csv", &error);
  g_assert_null (written);
  g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir/x-p.csv"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  g_object_unref (second);
}

/* In the application, the dialog takes the data from the run of the
 * window's visible page. */
static void
test_export_csv_window (void)
{
  g_autofree char *example = g_test_build_filename (G_TEST_DIST, "..", "data", "examples",
                                                    "bias-variance.descent.json", NULL);
  g_autofree char *path = g_build_filename (tmp_dir, "window.csv", NULL);
  g_autoptr(DescentApplication) application = descent_application_new (G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRecord) record = dt_record_load (example, &error);
  g_auto(GStrv) written = NULL;
  DescentExperimentPage *page;
  DescentExportDialog *dialog;
  DescentWindow *window;
  GPtrArray *views;

  g_assert_no_error (error);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  window = descent_window_new (application);
  g_assert_true (descent_window_open_path (window, example, &error));
  g_assert_no_error (error);

  page = descent_window_get_visible_page (window);
  views = descent_experiment_page_get_plot_views (page);
  g_assert_cmpuint (views->len, ==, dt_record_get_n_plots (record));
  /* the dialog the Export action opens */
  dialog = descent_window_new_export_dialog (window);
  g_object_ref_sink (dialog);

  descent_export_dialog_set_csv (dialog, TRUE);
  descent_export_dialog_set_all_plots (dialog, TRUE);
  written = descent_export_dialog_export_to_path (dialog, path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (written), ==, dt_record_get_n_plots (record));
  for (guint i = 0; written[i] != NULL; i++)
    {
      const char *id = dt_record_get_plot (record, i)->id;
      g_autofree char *suffix = g_strdup_printf ("window-%s.csv", id);

      g_assert_true (g_str_has_suffix (written[i], suffix));
      assert_file_is_csv_of (written[i], record, id);
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_export_dialog_shown (Fixture       *f,
                          gconstpointer  data)
{
  GPtrArray *plots = g_ptr_array_new ();
  DescentExportDialog *dialog;

  g_ptr_array_add (plots, descent_plot_view_dup_plot (f->view));
  g_ptr_array_add (plots, descent_plot_view_dup_plot (f->view));
  dialog = descent_export_dialog_new (GTK_WINDOW (f->window), plots, 0, "plots");
  descent_export_dialog_set_format (dialog, DT_EXPORT_PNG);
  g_assert_cmpint (descent_export_dialog_get_format (dialog), ==, DT_EXPORT_PNG);
  gtk_window_present (GTK_WINDOW (dialog));
  settle ();
  maybe_screenshot (GTK_WIDGET (dialog), "export-dialog");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_accessible (Fixture       *f,
                 gconstpointer  data)
{
  const char *description = descent_plot_view_get_description (f->view);
  g_autofree char *failure = NULL;

  g_assert_nonnull (strstr (description, "Risk against width"));
  g_assert_nonnull (strstr (description, "2 series"));
  g_assert_nonnull (strstr (description, "A from 0.1 to 1 over width k 1–10"));
  g_assert_nonnull (strstr (description, "B from 0.5 to 0.95"));

  failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (f->view),
                                                GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                description);
  g_assert_null (failure);

  /* it follows the data and what is hidden */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.toggle-series", "s", "b");
  g_assert_nonnull (strstr (descent_plot_view_get_description (f->view), "(1 shown)"));
}

static void
test_copy (Fixture       *f,
           gconstpointer  data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->view));
  g_autoptr(GdkTexture) texture = descent_plot_view_render_texture (f->view, 2.0);

  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 2 * gtk_widget_get_width (GTK_WIDGET (f->view)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.copy", NULL));
  g_assert_true (gdk_clipboard_is_local (clipboard));
  g_assert_true (gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard),
                                                    GDK_TYPE_TEXTURE));
}

/* One line per entry of a menu model: "-" between sections, a section's
 * label, and each item's label and action. */
static void
describe_menu (GMenuModel *model,
               GString    *text)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;

      g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
      if (section != NULL)
        {
          if (text->len > 0)
            g_string_append (text, "-\n");
          if (label != NULL)
            g_string_append_printf (text, "label %s\n", label);
          describe_menu (section, text);
          continue;
        }
      g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
      g_string_append_printf (text, "item %s %s\n", label, action);
    }
}

static GtkWidget *
find_popover (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      return child;

  return NULL;
}

static char *
open_context_menu (DescentPlotView *view)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));
  GString *text = g_string_new (NULL);
  gboolean handled = FALSE;
  GtkWidget *popover;

  /* the Menu key opens it, as a right click does */
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Menu, 0, 0, &handled);
    }
  g_assert_true (handled);
  settle ();

  popover = find_popover (GTK_WIDGET (view));
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  g_assert_true (gtk_widget_get_visible (popover));
  describe_menu (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover)), text);

  return g_string_free (text, FALSE);
}

static void
test_context_menu (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *menu = open_context_menu (f->view);
  static const double values[] = { 0.0, 0.5, 1.0, 1.5, 2.0, 2.5 };
  g_autoptr(DtRecord) heatmap = dt_record_new ("test");
  g_autofree char *heatmap_menu = NULL;

  g_assert_cmpstr (menu, ==,
                   "item Logarithmic _X Axis plot.log-x\n"
                   "item Logarithmic _Y Axis plot.log-y\n"
                   "-\n"
                   "label Series\n"
                   "item A series.show-0\n"
                   "item B series.show-1\n"
                   "-\n"
                   "item Zoom _In plot.zoom-in\n"
                   "item Zoom _Out plot.zoom-out\n"
                   "item _Reset View plot.reset\n"
                   "item _Copy Image plot.copy\n");

  /* a series' check is a boolean state: turning it off hides the series */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "series.show-1", NULL));
  g_assert_nonnull (strstr (descent_plot_view_get_description (f->view), "(1 shown)"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "series.show-1", NULL));
  g_assert_null (strstr (descent_plot_view_get_description (f->view), "(1 shown)"));

  /* a heat map has no log axes to offer */
  dt_record_add_plot (heatmap, dt_plot_spec_new_heatmap ("m", "Weights", "input", "unit", 2, 3, values));
  descent_plot_view_set_record (f->view, heatmap, "m");
  heatmap_menu = open_context_menu (f->view);
  g_assert_null (strstr (heatmap_menu, "plot.log-x"));
  g_assert_nonnull (strstr (heatmap_menu, "plot.copy"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The test backend keeps accessible properties without any D-Bus, so
   * they can be checked. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  /* The application's history and recent files go to a private folder,
   * not the user's. */
  tmp_dir = g_dir_make_tmp ("test-plot-view-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *data_home = g_build_filename (tmp_dir, "data", NULL);

    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  }

  gtk_test_init (&argc, &argv, NULL);
  /* GTK 4.8 leaks the GDateTime it makes to drop old recent files, once
   * for every change of the list; with no age limit it makes none (the
   * export test opens a window, which lists recent records). */
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-max-age", -1, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/plot-view/hover", test_hover);
  g_test_add_func ("/plot-view/hover-heatmap", test_hover_heatmap);
  ADD ("/plot-view/legend", test_legend);
  ADD ("/plot-view/log-axes", test_log_axes);
  ADD ("/plot-view/zoom-reset", test_zoom_reset);
  ADD ("/plot-view/overlay", test_overlay);
  ADD ("/plot-view/export", test_export);
  ADD ("/plot-view/export-csv", test_export_csv);
  g_test_add_func ("/plot-view/export-csv-window", test_export_csv_window);
  ADD ("/plot-view/export-dialog", test_export_dialog_shown);
  ADD ("/plot-view/accessible", test_accessible);
  ADD ("/plot-view/copy", test_copy);
  ADD ("/plot-view/context-menu", test_context_menu);

#undef ADD

  status = g_test_run ();

  test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
