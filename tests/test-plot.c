/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-svg.h>
#include <glib/gstdio.h>

#include "dt-plot.h"
#include "dt-plot-private.h"

/* ------------------------------------------------------------ fixtures */

/* A record like a finished run: a log–linear plot with error bands, a
 * dashed reference, a note and a reference line; a log–log plot; and a
 * linear plot with markers. */
static DtRecord *
make_record (void)
{
  DtRecord *record = dt_record_new ("bias-variance");
  DtPlotSpec *spec;

  dt_record_add_series (record, "risk", "Risk", DT_STYLE_LINE);
  dt_record_add_series (record, "variance", "Variance", DT_STYLE_LINE);
  dt_record_add_series (record, "bound", "Bound", DT_STYLE_DASHED);
  for (guint i = 0; i < 12; i++)
    {
      double k = pow (2.0, i + 1);
      double var = 0.25 * exp (-pow (log (k / 100.0), 2) / 2.0) + 0.02;

      dt_record_append_point (record, "risk", k, 0.8 / (1 + k / 40.0) + var, 0.02);
      dt_record_append_point (record, "variance", k, var, 0.01);
      dt_record_append_point (record, "bound", k, 0.9 / sqrt (1 + k / 20.0), NAN);
    }
  spec = dt_plot_spec_new ("risk", "Risk against width", "Width k", DT_SCALE_LOG,
                           "Test risk", DT_SCALE_LINEAR);
  dt_plot_spec_add_series (spec, "risk");
  dt_plot_spec_add_series (spec, "variance");
  dt_plot_spec_add_series (spec, "bound");
  dt_record_add_plot (record, spec);
  dt_record_add_plot_note (record, "risk", "peak at k \xe2\x89\x88 100");
  dt_record_add_plot_vline (record, "risk", 100.0, "interpolation threshold");

  dt_record_add_series (record, "drift", "m = 256", DT_STYLE_LINE);
  for (guint t = 1; t <= 1000; t *= 2)
    dt_record_append_point (record, "drift", t, 0.2 * (1 - exp (-(double) t / 100.0)), NAN);
  spec = dt_plot_spec_new ("drift", "Kernel drift", "Step t", DT_SCALE_LOG,
                           "Relative drift", DT_SCALE_LOG);
  dt_plot_spec_add_series (spec, "drift");
  dt_record_add_plot (record, spec);
  dt_record_add_plot_note (record, "drift", "slope \xe2\x88\x92" "0.98");

  dt_record_add_series (record, "instability", "Instability", DT_STYLE_MARKERS);
  for (guint k = 0; k <= 10; k++)
    dt_record_append_point (record, "instability", k * 100.0, 0.3 * exp (-(double) k / 2.5), 0.03);
  spec = dt_plot_spec_new ("instability", "Instability", "Spawn step k", DT_SCALE_LINEAR,
                           "Error", DT_SCALE_LINEAR);
  dt_plot_spec_add_series (spec, "instability");
  dt_record_add_plot (record, spec);

  return record;
}

/* A record with one plot of one series of the given points. */
static DtRecord *
make_single (DtScale       x_scale,
             DtScale       y_scale,
             const double *x,
             const double *y,
             guint         n)
{
  DtRecord *record = dt_record_new ("test");
  DtPlotSpec *spec = dt_plot_spec_new ("p", "Single", "x", x_scale, "y", y_scale);

  dt_record_add_series (record, "s", "Series", DT_STYLE_LINE);
  for (guint i = 0; i < n; i++)
    dt_record_append_point (record, "s", x[i], y[i], NAN);
  dt_plot_spec_add_series (spec, "s");
  dt_record_add_plot (record, spec);

  return record;
}

typedef struct
{
  cairo_surface_t *surface;
  DtPlotFrame      frame;
} Rendered;

static void
rendered_clear (Rendered *r)
{
  g_clear_pointer (&r->surface, cairo_surface_destroy);
}

static void
render (DtPlot            *plot,
        int                width,
        int                height,
        const DtPlotTheme *theme,
        Rendered          *out)
{
  cairo_t *cr;

  out->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (out->surface);
  memset (&out->frame, 0, sizeof out->frame);
  dt_plot_render (plot, cr, width, height, theme, &out->frame);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (out->surface);
}

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return *(const guint32 *) (data + y * stride + 4 * x);
}

static gboolean
pixel_is (guint32 pixel,
          DtColor color,
          int     tolerance)
{
  int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

  return ABS (r - (int) round (color.r * 255)) <= tolerance
         && ABS (g - (int) round (color.g * 255)) <= tolerance
         && ABS (b - (int) round (color.b * 255)) <= tolerance
         && (pixel >> 24) == 0xff;
}

/* Counts pixels of @color inside and outside the frame's data area. */
static void
count_color (Rendered *r,
             DtColor   color,
             guint    *inside,
             guint    *outside)
{
  int w = cairo_image_surface_get_width (r->surface);
  int h = cairo_image_surface_get_height (r->surface);

  *inside = *outside = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        if (!pixel_is (pixel_at (r->surface, x, y), color, 6))
          continue;
        if (x >= floor (r->frame.x0) && x <= ceil (r->frame.x1)
            && y >= floor (r->frame.y0) && y <= ceil (r->frame.y1))
          (*inside)++;
        else
          (*outside)++;
      }
}

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("descent-plot-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tmpdir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* PNG signature and the IHDR chunk's size. */
static void
check_png (const char *path,
           guint32     width,
           guint32     height)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  const guchar *p;
  gsize length;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 33);
  p = (const guchar *) data;
  g_assert_cmpmem (p, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpmem (p + 12, 4, "IHDR", 4);
  g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (p + 16)), ==, width);
  g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (p + 20)), ==, height);
}

typedef struct
{
  guint  depth;
  guint  n_roots;
  char  *root;
  char  *width;
  char  *height;
  gboolean in_title;
  GString *title;
} SvgCheck;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  SvgCheck *check = user_data;

  if (check->depth == 0)
    {
      check->n_roots++;
      g_free (check->root);
      check->root = g_strdup (element);
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (strcmp (names[i], "width") == 0)
            check->width = g_strdup (values[i]);
          else if (strcmp (names[i], "height") == 0)
            check->height = g_strdup (values[i]);
        }
    }
  if (check->depth == 1 && strcmp (element, "title") == 0)
    check->in_title = TRUE;
  check->depth++;
}

static void
svg_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  SvgCheck *check = user_data;

  check->depth--;
  check->in_title = FALSE;
}

static void
svg_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 length,
          gpointer              user_data,
          GError              **error)
{
  SvgCheck *check = user_data;

  if (check->in_title)
    g_string_append_len (check->title, text, length);
}

/* The SVG is well-formed XML with one <svg> root of the given size in
 * points, titled @title. */
static void
check_svg (const char *path,
           double      width,
           double      height,
           const char *title)
{
  static const GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  SvgCheck check = { 0 };
  gsize length;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  check.title = g_string_new (NULL);
  context = g_markup_parse_context_new (&parser, 0, &check, NULL);
  /* the XML declaration is not markup GMarkup accepts; skip it */
  g_assert_true (g_str_has_prefix (data, "<?xml"));
  g_markup_parse_context_parse (context, strstr (data, "?>") + 2, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (check.n_roots, ==, 1);
  g_assert_cmpstr (check.root, ==, "svg");
  g_assert_nonnull (check.width);
  g_assert_nonnull (check.height);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (check.width, NULL), width, 1e-6);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (check.height, NULL), height, 1e-6);
  g_assert_nonnull (strstr (check.title->str, title));

  g_free (check.root);
  g_free (check.width);
  g_free (check.height);
  g_string_free (check.title, TRUE);
}

/* A PDF header and trailer; returns the number of pages. */
static guint
check_pdf (const char *path)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  guint pages = 0;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  while (length > 0 && g_ascii_isspace (data[length - 1]))
    length--;
  g_assert_cmpuint (length, >, 5);
  g_assert_cmpmem (data + length - 5, 5, "%%EOF", 5);

  /* page objects; the file holds binary streams, so no strstr */
  for (gsize i = 0; i + 12 <= length; i++)
    if (memcmp (data + i, "/Type /Page", 11) == 0 && data[i + 11] != 's')
      pages++;
  return pages;
}

/* -------------------------------------------------------------- tests */

static void
test_palette (void)
{
  DtColor first = dt_plot_palette (0);
  DtColor again = dt_plot_palette (8);

  g_assert_cmpint ((int) round (first.r * 255), ==, 0x00);
  g_assert_cmpint ((int) round (first.g * 255), ==, 0x72);
  g_assert_cmpint ((int) round (first.b * 255), ==, 0xB2);
  g_assert_cmpfloat (first.a, ==, 1.0);
  g_assert_cmpfloat (again.r, ==, first.r);
  g_assert_cmpfloat (again.g, ==, first.g);
  g_assert_cmpfloat (again.b, ==, first.b);

  /* eight different colours */
  for (guint i = 0; i < 8; i++)
    for (guint j = i + 1; j < 8; j++)
      {
        DtColor a = dt_plot_palette (i), b = dt_plot_palette (j);

        g_assert_true (a.r != b.r || a.g != b.g || a.b != b.b);
      }

  /* series of one colour differ in marker shape, for the first 64, and
   * the first eight take the eight shapes */
  for (guint i = 0; i < 64; i++)
    for (guint j = i + 1; j < 64; j++)
      {
        DtColor a = dt_plot_palette (i), b = dt_plot_palette (j);

        if (a.r == b.r && a.g == b.g && a.b == b.b)
          g_assert_cmpuint (dt_plot_marker_shape (i), !=, dt_plot_marker_shape (j));
      }
  for (guint i = 0; i < 8; i++)
    g_assert_cmpuint (dt_plot_marker_shape (i), ==, i);
}

static void
test_themes (void)
{
  const DtPlotTheme *light = dt_plot_theme_light ();
  const DtPlotTheme *dark = dt_plot_theme_dark ();

  g_assert_cmpfloat (light->background.r, ==, 1.0);
  g_assert_cmpfloat (light->background.a, ==, 1.0);
  g_assert_cmpint ((int) round (dark->background.r * 255), ==, 0x1e);
  g_assert_cmpint ((int) round (dark->foreground.r * 255), ==, 0xee);
  g_assert_cmpint ((int) round (light->grid.r * 255), ==, 0xe5);
  g_assert_cmpint ((int) round (dark->grid.r * 255), ==, 0x3a);
  g_assert_nonnull (light->font_family);
  g_assert_cmpfloat (light->font_size, >, 0);
}

static void
test_new_no_plot (void)
{
  g_autoptr(DtRecord) record = make_record ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DtPlot) plot = dt_plot_new (record, "missing", &error);

  g_assert_null (plot);
  g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_NO_PLOT);
  g_assert_nonnull (strstr (error->message, "missing"));
}

static void
test_new_title (void)
{
  g_autoptr(DtRecord) record = make_record ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DtPlot) plot = dt_plot_new (record, "risk", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (dt_plot_get_title (plot), ==, "Risk against width");
}

/* The plot keeps its own copy: points appended to the record later do
 * not change it. */
static void
test_snapshot (void)
{
  static const double x[] = { 0, 1, 2, 3 }, y[] = { 0, 1, 4, 9 };
  g_autoptr(DtRecord) record = make_single (DT_SCALE_LINEAR, DT_SCALE_LINEAR, x, y, 4);
  g_autoptr(DtPlot) plot = dt_plot_new (record, "p", NULL);
  g_autoptr(DtPlot) later = NULL;
  Rendered r = { 0 };

  dt_record_append_point (record, "s", 1000.0, 1000.0, NAN);
  render (plot, 640, 400, NULL, &r);
  g_assert_cmpfloat (r.frame.xmax, <, 10.0);
  g_assert_cmpfloat (r.frame.ymax, <, 20.0);
  rendered_clear (&r);

  later = dt_plot_new (record, "p", NULL);
  render (later, 640, 400, NULL, &r);
  g_assert_cmpfloat (r.frame.xmax, >, 1000.0);
  rendered_clear (&r);
}

static void
test_ranges (void)
{
  static const double x[] = { 0, 10 }, y[] = { -1, 3 };
  g_autoptr(DtRecord) record = make_single (DT_SCALE_LINEAR, DT_SCALE_LINEAR, x, y, 2);
  g_autoptr(DtPlot) plot = dt_plot_new (record, "p", NULL);
  Rendered r = { 0 };

  render (plot, 640, 400, NULL, &r);
  /* padded by a few percent on each side */
  g_assert_cmpfloat (r.frame.xmin, <, 0.0);
  g_assert_cmpfloat (r.frame.xmin, >, -1.0);
  g_assert_cmpfloat (r.frame.xmax, >, 10.0);
  g_assert_cmpfloat (r.frame.xmax, <, 11.0);
  g_assert_cmpfloat (r.frame.ymin, <, -1.0);
  g_assert_cmpfloat (r.frame.ymax, >, 3.0);
  g_assert_cmpint (r.frame.x_scale, ==, DT_SCALE_LINEAR);
  /* a sensible data area inside the figure */
  g_assert_cmpfloat (r.frame.x0, >, 20);
  g_assert_cmpfloat (r.frame.x1, <, 640);
  g_assert_cmpfloat (r.frame.x1 - r.frame.x0, >, 400);
  g_assert_cmpfloat (r.frame.y0, >, 5);
  g_assert_cmpfloat (r.frame.y1, <, 400);
  g_assert_cmpfloat (r.frame.y1 - r.frame.y0, >, 250);
  rendered_clear (&r);
}

/* Error bands widen the range; the log axis of another plot ignores
 * non-positive values. */
static void
test_ranges_bands (void)
{
  g_autoptr(DtRecord) record = make_record ();
  g_autoptr(DtPlot) plot = dt_plot_new (record, "instability", NULL);
  Rendered r = { 0 };

  render (plot, 640, 400, NULL, &r);
  /* the first point is 0.3 ± 0.03 */
  g_assert_cmpfloat (r.frame.ymax, >, 0.33);
  g_assert_cmpfloat (r.frame.ymin, <, 0.3 * exp (-4.0) - 0.03);
  rendered_clear (&r);
}

static void
test_visibility (void)
{
  g_autoptr(DtRecord) record = dt_record_new ("test");
  DtPlotSpec *spec = dt_plot_spec_new ("p", "Two", "x", DT_SCALE_LINEAR, "y", DT_SCALE_LINEAR);
  g_autoptr(DtPlot) plot = NULL;
  Rendered r = { 0 };

  dt_record_add_series (record, "small", "Small", DT_STYLE_LINE);
  dt_record_add_series (record, "big", "Big", DT_STYLE_LINE);
  for (guint i = 0; i < 5; i++)
    {
      dt_record_append_point (record, "small", i, i, NAN);
      dt_record_append_point (record, "big", i, 100 * i, NAN);
    }
  dt_plot_spec_add_series (spec, "small");
  dt_plot_spec_add_series (spec, "big");
  dt_record_add_plot (record, spec);
  plot = dt_plot_new (record, "p", NULL);

  g_assert_true (dt_plot_get_series_visible (plot, "small"));
  g_assert_true (dt_plot_get_series_visible (plot, "big"));
  g_assert_false (dt_plot_get_series_visible (plot, "nope"));

  render (plot, 640, 400, NULL, &r);
  g_assert_cmpfloat (r.frame.ymax, >, 400);
  rendered_clear (&r);

  dt_plot_set_series_visible (plot, "big", FALSE);
  g_assert_false (dt_plot_get_series_visible (plot, "big"));
  dt_plot_set_series_visible (plot, "nope", FALSE);
  render (plot, 640, 400, NULL, &r);
  g_assert_cmpfloat (r.frame.ymax, <, 5);
  {
    /* the hidden series' colour is nowhere, the visible one's is there */
    guint inside, outside;

    count_color (&r, dt_plot_palette (1), &inside, &outside);
    g_assert_cmpuint (inside + outside, ==, 0);
    count_color (&r, dt_plot_palette (0), &inside, &outside);
    g_assert_cmpuint (inside, >, 50);
  }
  rendered_clear (&r);

  dt_plot_set_series_visible (plot, "big", TRUE);
  render (plot, 640, 400, NULL, &r);
  g_assert_cmpfloat (r.frame.ymax, >, 400);
  rendered_clear (&r);
}

static void
test_scale_and_view (void)
{
  static const double x[] = { 1, 10, 100 }, y[] = { 1, 2, 3 };
  g_autoptr(DtRecord) record = make_single (DT_SCALE_LINEAR, DT_SCALE_LINEAR, x, y, 3);
  g_autoptr(DtPlot) plot = dt_plot_new (record, "p", NULL);
  Rendered r = { 0 };

  dt_plot_set_x_scale (plot, DT_SCALE_LOG);
  dt_plot_set_y_scale (plot, DT_SCALE_SYMLOG);
  render (plot, 640, 400, NULL, &r);
  g_assert_cmpint (r.frame.x_scale, ==, DT_SCALE_LOG);
  g_assert_cmpint (r.frame.y_scale, ==, DT_SCALE_SYMLOG);
  g_assert_cmpfloat (r.frame.xmin, >, 0);
  g_assert_cmpfloat (r.frame.xmin, <, 1);
  g_assert_cmpfloat (r.frame.xmax, >, 100);
  rendered_clear (&r);

  dt_plot_set_view (plot, 2, 50, 1.5, 2.5);
  render (plot, 640, 400, NULL, &r);
  g_assert_cmpfloat (r.frame.xmin, ==, 2);
  g_assert_cmpfloat (r.frame.xmax, ==, 50);
  g_assert_cmpfloat (r.frame.ymin, ==, 1.5);
  g_assert_cmpfloat (r.frame.ymax, ==, 2.5);
  rendered_clear (&r);

  /* reversed ends are put in order */
  dt_plot_set_view (plot, 50, 2, 2.5, 1.5);
  render (plot, 640, 400, NULL, &r);
  g_assert_cmpfloat (r.frame.xmin, ==, 2);
  g_assert_cmpfloat (r.frame.ymax, ==, 2.5);
  rendered_clear (&r);

  /* a view a log axis cannot show falls back to the data */
  dt_plot_set_view (plot, -5, 50, 1.5, 2.5);
  render (plot, 640, 400, NULL, &r);
  g_assert_cmpfloat (r.frame.xmin, >, 0);
  g_assert_cmpfloat (r.frame.ymin, ==, 1.5);
  rendered_clear (&r);

  dt_plot_reset_view (plot);
  dt_plot_set_x_scale (plot, DT_SCALE_LINEAR);
  render (plot, 640, 400, NULL, &r);
  g_assert_cmpint (r.frame.x_scale, ==, DT_SCALE_LINEAR);
  g_assert_cmpfloat (r.frame.xmin, <, 1);
  g_assert_cmpfloat (r.frame.xmax, >, 100);
  rendered_clear (&r);
}

/* The first series' colour shows inside the data area and, with one
 * series (no legend) and clipping, nowhere else. */
static void
test_render_pixels (void)
{
  double x[50], y[50];
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(DtPlot) plot = NULL;
  Rendered r = { 0 };
  guint inside, outside;

  for (guint i = 0; i < 50; i++)
    {
      x[i] = i;
      y[i] = sin (i / 5.0);
    }
  record = make_single (DT_SCALE_LINEAR, DT_SCALE_LINEAR, x, y, 50);
  plot = dt_plot_new (record, "p", NULL);

  render (plot, 640, 400, dt_plot_theme_light (), &r);
  count_color (&r, dt_plot_palette (0), &inside, &outside);
  g_assert_cmpuint (inside, >, 300);
  g_assert_cmpuint (outside, ==, 0);
  /* the corner shows the background */
  g_assert_true (pixel_is (pixel_at (r.surface, 1, 1), dt_plot_theme_light ()->background, 0));
  rendered_clear (&r);

  /* a zoomed view clips the line to the area */
  dt_plot_set_view (plot, 10, 20, -0.5, 0.5);
  render (plot, 640, 400, dt_plot_theme_light (), &r);
  count_color (&r, dt_plot_palette (0), &inside, &outside);
  g_assert_cmpuint (inside, >, 50);
  g_assert_cmpuint (outside, ==, 0);
  rendered_clear (&r);

  render (plot, 800, 500, dt_plot_theme_dark (), &r);
  g_assert_true (pixel_is (pixel_at (r.surface, 1, 1), dt_plot_theme_dark ()->background, 0));
  rendered_clear (&r);
}

static void
test_render_record (void)
{
  g_autoptr(DtRecord) record = make_record ();
  const char *ids[] = { "risk", "drift", "instability" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(DtPlot) plot = dt_plot_new (record, ids[i], NULL);
      Rendered r = { 0 };
      guint inside, outside;

      render (plot, 640, 400, NULL, &r);
      count_color (&r, dt_plot_palette (0), &inside, &outside);
      g_assert_cmpuint (inside, >, 20);
      rendered_clear (&r);
    }
}

/* Before a run: a plot whose series have no points yet. */
static void
test_render_empty (void)
{
  g_autoptr(DtRecord) record = dt_record_new ("test");
  DtPlotSpec *spec = dt_plot_spec_new ("p", "Waiting", "Epoch", DT_SCALE_LINEAR,
                                       "Loss", DT_SCALE_LOG);
  g_autoptr(DtPlot) plot = NULL;
  Rendered r = { 0 };
  guint inside, outside, ink = 0;

  dt_record_add_series (record, "s", "Loss", DT_STYLE_LINE);
  dt_plot_spec_add_series (spec, "s");
  dt_plot_spec_add_series (spec, "not-yet-created");
  dt_record_add_plot (record, spec);
  plot = dt_plot_new (record, "p", NULL);

  render (plot, 640, 400, NULL, &r);
  g_assert_true (isfinite (r.frame.xmin) && isfinite (r.frame.xmax));
  g_assert_cmpfloat (r.frame.xmax, >, r.frame.xmin);
  g_assert_cmpfloat (r.frame.ymin, >, 0);
  g_assert_cmpfloat (r.frame.ymax, >, r.frame.ymin);
  count_color (&r, dt_plot_palette (0), &inside, &outside);
  g_assert_cmpuint (inside + outside, ==, 0);
  /* axes, labels and the "no data" message are drawn */
  for (int y = 0; y < 400; y++)
    for (int x = 0; x < 640; x++)
      if (!pixel_is (pixel_at (r.surface, x, y), dt_plot_theme_light ()->background, 30))
        ink++;
  g_assert_cmpuint (ink, >, 1000);
  rendered_clear (&r);

  {
    /* a plot with no series at all */
    g_autoptr(DtRecord) bare = dt_record_new ("test");
    g_autoptr(DtPlot) bare_plot = NULL;

    dt_record_add_plot (bare, dt_plot_spec_new ("q", "", "", DT_SCALE_SYMLOG, "", DT_SCALE_LINEAR));
    bare_plot = dt_plot_new (bare, "q", NULL);
    render (bare_plot, 300, 200, NULL, &r);
    rendered_clear (&r);
  }
}

/* NaN, infinities, zero and negative values on log axes: gaps, no
 * crash, finite positive ranges. */
static void
test_render_bad_values (void)
{
  static const double x[] = { 1, 2, NAN, 4, 0, -3, 7, INFINITY, 9, 10 };
  static const double y[] = { 1, NAN, 3, 0, 5, 6, -7, 8, 1e-300, 1e300 };
  g_autoptr(DtRecord) record = make_single (DT_SCALE_LOG, DT_SCALE_LOG, x, y, G_N_ELEMENTS (x));
  g_autoptr(DtPlot) plot = dt_plot_new (record, "p", NULL);
  Rendered r = { 0 };

  render (plot, 640, 400, NULL, &r);
  g_assert_cmpfloat (r.frame.xmin, >, 0);
  g_assert_cmpfloat (r.frame.ymin, >, 0);
  g_assert_true (isfinite (r.frame.xmax) && isfinite (r.frame.ymax));
  rendered_clear (&r);

  dt_plot_set_x_scale (plot, DT_SCALE_SYMLOG);
  dt_plot_set_y_scale (plot, DT_SCALE_LINEAR);
  render (plot, 640, 400, NULL, &r);
  g_assert_true (isfinite (r.frame.ymin) && isfinite (r.frame.ymax));
  rendered_clear (&r);

  {
    /* only zeros and negatives on a log axis: nothing to show, still fine */
    static const double zx[] = { 1, 2, 3 }, zy[] = { 0, -1, 0 };
    g_autoptr(DtRecord) zeros = make_single (DT_SCALE_LINEAR, DT_SCALE_LOG, zx, zy, 3);
    g_autoptr(DtPlot) zplot = dt_plot_new (zeros, "p", NULL);

    render (zplot, 640, 400, NULL, &r);
    g_assert_cmpfloat (r.frame.ymin, >, 0);
    g_assert_cmpfloat (r.frame.ymax, >, r.frame.ymin);
    rendered_clear (&r);
  }
  {
    /* error bands reaching below zero on a log axis */
    g_autoptr(DtRecord) bands = dt_record_new ("test");
    DtPlotSpec *spec = dt_plot_spec_new ("p", "Bands", "x", DT_SCALE_LOG, "y", DT_SCALE_LOG);
    g_autoptr(DtPlot) bplot = NULL;

    dt_record_add_series (bands, "s", "s", DT_STYLE_LINE);
    dt_record_add_series (bands, "m", "m", DT_STYLE_MARKERS);
    for (guint i = 1; i <= 20; i++)
      {
        dt_record_append_point (bands, "s", i, 1.0 / i, 2.0 / i);
        dt_record_append_point (bands, "m", i, 2.0 / i, i % 3 == 0 ? NAN : 3.0 / i);
      }
    dt_plot_spec_add_series (spec, "s");
    dt_plot_spec_add_series (spec, "m");
    dt_record_add_plot (bands, spec);
    bplot = dt_plot_new (bands, "p", NULL);
    render (bplot, 640, 400, NULL, &r);
    g_assert_cmpfloat (r.frame.ymin, >, 0);
    rendered_clear (&r);
  }
  {
    /* a single point, and identical points */
    static const double one[] = { 5 };
    static const double same[] = { 2, 2, 2 };
    g_autoptr(DtRecord) single = make_single (DT_SCALE_LINEAR, DT_SCALE_LINEAR, one, one, 1);
    g_autoptr(DtRecord) flat = make_single (DT_SCALE_LOG, DT_SCALE_LOG, same, same, 3);
    g_autoptr(DtPlot) splot = dt_plot_new (single, "p", NULL);
    g_autoptr(DtPlot) fplot = dt_plot_new (flat, "p", NULL);

    render (splot, 640, 400, NULL, &r);
    g_assert_cmpfloat (r.frame.xmin, <, 5);
    g_assert_cmpfloat (r.frame.xmax, >, 5);
    rendered_clear (&r);
    render (fplot, 640, 400, NULL, &r);
    g_assert_cmpfloat (r.frame.ymin, <, 2);
    g_assert_cmpfloat (r.frame.ymax, >, 2);
    rendered_clear (&r);
  }
}

static void
test_render_sizes (void)
{
  g_autoptr(DtRecord) record = make_record ();
  g_autoptr(DtPlot) plot = dt_plot_new (record, "risk", NULL);
  static const int sizes[][2] = { { 1, 1 }, { 10, 10 }, { 60, 40 }, { 200, 2000 }, { 2400, 300 } };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      Rendered r = { 0 };

      render (plot, sizes[i][0], sizes[i][1], NULL, &r);
      rendered_clear (&r);
    }
  /* nonsense sizes draw nothing */
  dt_plot_render (plot, cr, 0, 0, NULL, NULL);
  dt_plot_render (plot, cr, -5, 10, NULL, NULL);
  dt_plot_render (plot, cr, NAN, 10, NULL, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Many series: the legend moves outside; every colour is used. */
static void
test_render_many_series (void)
{
  g_autoptr(DtRecord) record = dt_record_new ("test");
  DtPlotSpec *spec = dt_plot_spec_new ("p", "Many", "x", DT_SCALE_LINEAR, "y", DT_SCALE_LINEAR);
  g_autoptr(DtPlot) plot = NULL;
  Rendered r = { 0 };

  for (guint s = 0; s < 10; s++)
    {
      g_autofree char *id = g_strdup_printf ("s%u", s);

      dt_record_add_series (record, id, id, s == 9 ? DT_STYLE_DASHED : DT_STYLE_LINE);
      for (guint i = 0; i < 30; i++)
        dt_record_append_point (record, id, i, sin (i / 4.0 + s) + s, NAN);
      dt_plot_spec_add_series (spec, id);
    }
  dt_record_add_plot (record, spec);
  plot = dt_plot_new (record, "p", NULL);
  render (plot, 800, 500, NULL, &r);
  /* room was made on the right for the legend */
  g_assert_cmpfloat (r.frame.x1, <, 800 - 60);
  for (guint s = 0; s < 6; s++)
    {
      guint inside, outside;

      count_color (&r, dt_plot_palette (s), &inside, &outside);
      g_assert_cmpuint (inside, >, 20);
      /* the legend sample, outside the data area */
      g_assert_cmpuint (outside, >, 0);
    }
  rendered_clear (&r);
}

/* 100 000 points draw quickly (the bound is loose, for slow builds). */
static void
test_render_large (void)
{
  g_autoptr(DtRecord) record = dt_record_new ("test");
  DtPlotSpec *spec = dt_plot_spec_new ("p", "Large", "x", DT_SCALE_LINEAR, "y", DT_SCALE_LINEAR);
  g_autoptr(DtPlot) plot = NULL;
  double *x = g_new (double, 100000), *y = g_new (double, 100000), *e = g_new (double, 100000);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 500);
  cairo_t *cr = cairo_create (surface);
  double best = G_MAXDOUBLE;
  DtPlotFrame frame;
  guint inside, outside;
  Rendered r = { surface, { 0 } };

  for (guint i = 0; i < 100000; i++)
    {
      x[i] = i;
      y[i] = sin (i / 5000.0) + 0.1 * sin (i * 0.7);
      e[i] = (i % 1000 == 0) ? NAN : 0.05;
    }
  dt_record_add_series (record, "s", "s", DT_STYLE_LINE);
  dt_record_set_points (record, "s", x, y, e, 100000);
  dt_plot_spec_add_series (spec, "s");
  dt_record_add_plot (record, spec);
  plot = dt_plot_new (record, "p", NULL);

  for (guint k = 0; k < 3; k++)
    {
      gint64 start = g_get_monotonic_time ();

      dt_plot_render (plot, cr, 800, 500, NULL, &frame);
      best = MIN (best, (g_get_monotonic_time () - start) / 1000.0);
    }
  g_test_message ("100 000 points with a band: %.1f ms", best);
  g_assert_cmpfloat (best, <, 1000.0);

  cairo_surface_flush (surface);
  r.frame = frame;
  count_color (&r, dt_plot_palette (0), &inside, &outside);
  g_assert_cmpuint (inside, >, 5000);
  g_assert_cmpuint (outside, ==, 0);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_free (x);
  g_free (y);
  g_free (e);
}

static void
test_format_from_path (void)
{
  DtExportFormat format = DT_EXPORT_PDF;

  g_assert_true (dt_export_format_from_path ("a.svg", &format));
  g_assert_cmpint (format, ==, DT_EXPORT_SVG);
  g_assert_true (dt_export_format_from_path ("/tmp/dir.d/figure.PNG", &format));
  g_assert_cmpint (format, ==, DT_EXPORT_PNG);
  g_assert_true (dt_export_format_from_path ("x.Pdf", &format));
  g_assert_cmpint (format, ==, DT_EXPORT_PDF);
  g_assert_true (dt_export_format_from_path ("x.svg", NULL));
  g_assert_false (dt_export_format_from_path ("x.jpg", &format));
  g_assert_false (dt_export_format_from_path ("svg", &format));
  g_assert_false (dt_export_format_from_path (".svg", &format));
  g_assert_false (dt_export_format_from_path ("x.svg.txt", &format));
  g_assert_false (dt_export_format_from_path ("/tmp/png/", &format));
  g_assert_false (dt_export_format_from_path ("", &format));
}

static void
test_export_one (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *svg = g_build_filename (dir, "risk.svg", NULL);
  g_autofree char *png = g_build_filename (dir, "risk.PNG", NULL);
  g_autofree char *pdf = g_build_filename (dir, "risk.pdf", NULL);
  g_autofree char *single = g_build_filename (dir, "plot.png", NULL);
  g_autoptr(DtRecord) record = make_record ();
  g_autoptr(DtPlot) plot = dt_plot_new (record, "drift", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_plot_export_record (record, "risk", svg, 640, 400, &error));
  g_assert_no_error (error);
  check_svg (svg, 640, 400, "Risk against width");

  g_assert_true (dt_plot_export_record (record, "risk", png, 640, 400, &error));
  g_assert_no_error (error);
  check_png (png, 1280, 800);

  g_assert_true (dt_plot_export_record (record, "risk", pdf, 640, 400, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (check_pdf (pdf), ==, 1);

  g_assert_true (dt_plot_export (plot, single, 300, 200, &error));
  g_assert_no_error (error);
  check_png (single, 600, 400);

  remove_tmpdir (dir);
}

static void
add_plots (DtRecord *record,
           guint     n)
{
  dt_record_add_series (record, "s", "s", DT_STYLE_LINE);
  for (guint i = 0; i < 5; i++)
    dt_record_append_point (record, "s", i, i * i, NAN);
  for (guint k = 0; k < n; k++)
    {
      g_autofree char *id = g_strdup_printf ("p%u", k);
      g_autofree char *title = g_strdup_printf ("Plot %u", k);
      DtPlotSpec *spec = dt_plot_spec_new (id, title, "x", DT_SCALE_LINEAR, "y", DT_SCALE_LINEAR);

      dt_plot_spec_add_series (spec, "s");
      dt_record_add_plot (record, spec);
    }
}

static void
test_export_all (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *svg = g_build_filename (dir, "all.svg", NULL);
  g_autofree char *png = g_build_filename (dir, "all.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "all.pdf", NULL);
  g_autoptr(DtRecord) record = make_record ();
  g_autoptr(GError) error = NULL;
  /* plots → columns × rows */
  static const guint grid[][3] = { { 1, 1, 1 }, { 2, 2, 1 }, { 4, 2, 2 }, { 5, 3, 2 }, { 7, 3, 3 } };

  /* three plots in a row */
  g_assert_true (dt_plot_export_record (record, NULL, png, 400, 300, &error));
  g_assert_no_error (error);
  check_png (png, 2 * 3 * 400, 2 * 300);

  g_assert_true (dt_plot_export_record (record, NULL, svg, 400, 300, &error));
  g_assert_no_error (error);
  check_svg (svg, 3 * 400, 300, "Kernel drift");

  /* a PDF page per plot */
  g_assert_true (dt_plot_export_record (record, NULL, pdf, 400, 300, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (check_pdf (pdf), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (grid); i++)
    {
      g_autoptr(DtRecord) r = dt_record_new ("test");

      add_plots (r, grid[i][0]);
      g_assert_true (dt_plot_export_record (r, NULL, png, 200, 150, &error));
      g_assert_no_error (error);
      check_png (png, 2 * 200 * grid[i][1], 2 * 150 * grid[i][2]);
    }

  remove_tmpdir (dir);
}

static void
test_export_errors (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *bad_ext = g_build_filename (dir, "figure.jpg", NULL);
  g_autoptr(DtRecord) record = make_record ();
  g_autoptr(DtRecord) empty = dt_record_new ("test");
  g_autoptr(DtPlot) plot = dt_plot_new (record, "risk", NULL);
  static const char *names[] = { "figure.svg", "figure.png", "figure.pdf" };
  GError *error = NULL;

  g_assert_false (dt_plot_export_record (record, "risk", bad_ext, 640, 400, &error));
  g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (dt_plot_export (plot, bad_ext, 640, 400, &error));
  g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (g_file_test (bad_ext, G_FILE_TEST_EXISTS));

  {
    g_autofree char *svg = g_build_filename (dir, names[0], NULL);
    g_autofree char *png = g_build_filename (dir, names[1], NULL);

    g_assert_false (dt_plot_export_record (record, "missing", svg, 640, 400, &error));
    g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_NO_PLOT);
    g_clear_error (&error);

    g_assert_false (dt_plot_export_record (empty, NULL, png, 640, 400, &error));
    g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_NO_PLOT);
    g_clear_error (&error);
    g_assert_false (g_file_test (svg, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  }

  /* a directory that does not exist */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, "no-such-dir", names[i], NULL);

      g_assert_false (dt_plot_export (plot, path, 640, 400, &error));
      g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_WRITE);
      g_assert_nonnull (strstr (error->message, path));
      g_clear_error (&error);

      g_assert_false (dt_plot_export_record (record, NULL, path, 640, 400, &error));
      g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_WRITE);
      g_clear_error (&error);
    }

  /* a size no surface can have */
  {
    g_autofree char *path = g_build_filename (dir, names[1], NULL);

    g_assert_false (dt_plot_export (plot, path, 0, 400, &error));
    g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_WRITE);
    g_clear_error (&error);
  }

  remove_tmpdir (dir);
}

/* ------------------------------------------------------------ heat maps */

static DtRecord *
make_heatmap_record (guint         rows,
                     guint         cols,
                     const double *values)
{
  DtRecord *record = dt_record_new ("pruning");

  dt_record_add_plot (record, dt_plot_spec_new_heatmap ("mask", "Mask of layer 1", "input neuron",
                                                        "output neuron", rows, cols, values));
  return record;
}

/* The colour of the cell under the centre of each cell, found through
 * the frame, is the colour of its value. */
static void
check_cells (Rendered     *r,
             DtPlot       *plot,
             guint         rows,
             guint         cols,
             const double *values,
             DtColor     (*color_of)(double))
{
  double cw = (r->frame.x1 - r->frame.x0) / cols;
  double ch = (r->frame.y1 - r->frame.y0) / rows;

  for (guint i = 0; i < rows; i++)
    for (guint k = 0; k < cols; k++)
      {
        double x = r->frame.x0 + (k + 0.5) * cw, y = r->frame.y0 + (i + 0.5) * ch;
        guint row = G_MAXUINT, col = G_MAXUINT;
        double value = NAN;

        g_assert_true (dt_plot_get_cell (plot, &r->frame, x, y, &row, &col, &value));
        g_assert_cmpuint (row, ==, i);
        g_assert_cmpuint (col, ==, k);
        g_assert_true (memcmp (&value, &values[i * cols + k], sizeof value) == 0);
        if (!pixel_is (pixel_at (r->surface, (int) x, (int) y), color_of (value), 3))
          g_error ("cell (%u, %u) = %g has colour %08x", i, k, value,
                   pixel_at (r->surface, (int) x, (int) y));
      }
}

static DtColor
light_mask_color (double v)
{
  DtColor kept = { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0, 1 };
  DtColor pruned = { 0.9 + 0.1 * 0x1a / 255.0, 0.9 + 0.1 * 0x1a / 255.0, 0.9 + 0.1 * 0x1a / 255.0, 1 };

  return v == 1.0 ? kept : pruned;
}

static DtColor
dark_mask_color (double v)
{
  DtColor kept = { 0x56 / 255.0, 0xB4 / 255.0, 0xE9 / 255.0, 1 };
  double bg = 0x1e / 255.0, fg = 0xee / 255.0;
  DtColor pruned = { 0.9 * bg + 0.1 * fg, 0.9 * bg + 0.1 * fg, 0.9 * bg + 0.1 * fg, 1 };

  return v == 1.0 ? kept : pruned;
}

/* Three of the values in test_heatmap_colormap, on the 0..8 scale. */
static DtColor
viridis_color (double v)
{
  guint32 rgb = v == 0.0 ? 0x440154 : v == 4.0 ? 0x21908C : v == 8.0 ? 0xFDE725 : 0xFFFFFF;
  DtColor c = { ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0, 1 };

  if (isnan (v))
    {
      /* the background */
      return (DtColor) { 1, 1, 1, 1 };
    }
  return c;
}

/* A 0/1 mask: two colours, the right one in every cell, cells no more
 * than twice as wide as high, and rows counted from the top. */
static void
test_heatmap_mask (void)
{
  enum { ROWS = 6, COLS = 9 };
  double mask[ROWS * COLS];
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(DtPlot) plot = NULL;
  g_autoptr(GError) error = NULL;
  Rendered r = { 0 };
  double cw, ch;
  guint row, col;

  for (guint i = 0; i < ROWS * COLS; i++)
    mask[i] = (i % 4 == 0 || i / COLS == 0) ? 1.0 : 0.0;
  record = make_heatmap_record (ROWS, COLS, mask);
  plot = dt_plot_new (record, "mask", &error);
  g_assert_no_error (error);
  g_assert_cmpint (dt_plot_get_kind (plot), ==, DT_PLOT_HEATMAP);

  render (plot, 640, 400, dt_plot_theme_light (), &r);
  cw = (r.frame.x1 - r.frame.x0) / COLS;
  ch = (r.frame.y1 - r.frame.y0) / ROWS;
  g_assert_cmpfloat (cw, >, 10);
  g_assert_cmpfloat (cw / ch, <=, 2.0 + 1e-9);
  g_assert_cmpfloat (ch / cw, <=, 2.0 + 1e-9);
  g_assert_cmpfloat (r.frame.x1, <, 640);
  g_assert_cmpfloat (r.frame.y1, <, 400);
  /* the frame maps x to columns and y to rows, row 0 at the top */
  g_assert_cmpfloat (r.frame.xmin, ==, 0);
  g_assert_cmpfloat (r.frame.xmax, ==, COLS);
  g_assert_cmpfloat (r.frame.ymax, ==, 0);
  g_assert_cmpfloat (r.frame.ymin, ==, ROWS);
  check_cells (&r, plot, ROWS, COLS, mask, light_mask_color);

  /* outside the cells there is no cell */
  g_assert_false (dt_plot_get_cell (plot, &r.frame, r.frame.x0 - 1, r.frame.y0 + 1, &row, &col, NULL));
  g_assert_false (dt_plot_get_cell (plot, &r.frame, r.frame.x0 + 1, r.frame.y1 + 0.5, NULL, NULL, NULL));
  rendered_clear (&r);

  render (plot, 640, 400, dt_plot_theme_dark (), &r);
  check_cells (&r, plot, ROWS, COLS, mask, dark_mask_color);
  rendered_clear (&r);

  /* a line plot has no cells */
  {
    g_autoptr(DtRecord) lines = make_record ();
    g_autoptr(DtPlot) risk = dt_plot_new (lines, "risk", NULL);

    render (risk, 640, 400, NULL, &r);
    g_assert_cmpint (dt_plot_get_kind (risk), ==, DT_PLOT_LINES);
    g_assert_false (dt_plot_get_cell (risk, &r.frame, 0.5 * (r.frame.x0 + r.frame.x1),
                                      0.5 * (r.frame.y0 + r.frame.y1), NULL, NULL, NULL));
    rendered_clear (&r);
  }
}

/* Other values go through viridis from the smallest (dark purple) to the
 * largest (yellow); an empty cell shows the background. */
static void
test_heatmap_colormap (void)
{
  const double values[] = { 0, 4, 8, NAN, 8, 0 };
  g_autoptr(DtRecord) record = make_heatmap_record (2, 3, values);
  g_autoptr(DtPlot) plot = dt_plot_new (record, "mask", NULL);
  Rendered r = { 0 };
  guint inside, outside;

  render (plot, 500, 400, dt_plot_theme_light (), &r);
  check_cells (&r, plot, 2, 3, values, viridis_color);
  /* the colour bar ends in the extreme colours, outside the cells */
  count_color (&r, viridis_color (8), &inside, &outside);
  g_assert_cmpuint (outside, >, 15);
  count_color (&r, viridis_color (0), &inside, &outside);
  g_assert_cmpuint (outside, >, 15);
  rendered_clear (&r);

  /* one value everywhere still draws, in the middle colour */
  {
    const double flat[] = { 3, 3, 3, 3 };
    g_autoptr(DtRecord) one = make_heatmap_record (2, 2, flat);
    g_autoptr(DtPlot) p = dt_plot_new (one, "mask", NULL);
    DtColor mid = { 0x21 / 255.0, 0x90 / 255.0, 0x8C / 255.0, 1 };

    render (p, 300, 200, NULL, &r);
    g_assert_true (pixel_is (pixel_at (r.surface, (int) (0.5 * (r.frame.x0 + r.frame.x1)),
                                       (int) (0.5 * (r.frame.y0 + r.frame.y1))), mid, 3));
    rendered_clear (&r);
  }

  /* no value at all (a run that has not found its mask yet): no colours */
  {
    const double empty[] = { NAN, NAN, NAN, NAN, NAN, NAN };
    g_autoptr(DtRecord) none = make_heatmap_record (3, 2, empty);
    g_autoptr(DtPlot) p = dt_plot_new (none, "mask", NULL);

    render (p, 400, 300, NULL, &r);
    g_assert_cmpfloat (r.frame.x1, >, r.frame.x0);
    count_color (&r, viridis_color (0), &inside, &outside);
    g_assert_cmpuint (inside + outside, ==, 0);
    count_color (&r, viridis_color (8), &inside, &outside);
    g_assert_cmpuint (inside + outside, ==, 0);
    rendered_clear (&r);
  }
}

/* A matrix with more rows and columns than pixels is averaged in
 * blocks: a single kept row still shows; so does a huge one-row matrix. */
static void
test_heatmap_large (void)
{
  guint n = 1500;
  g_autofree double *values = g_new0 (double, (gsize) n * n);
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(DtPlot) plot = NULL;
  Rendered r = { 0 };
  DtColor pruned = light_mask_color (0), kept = light_mask_color (1);
  guint n_pruned, n_other = 0, dummy;
  int xc;

  for (guint k = 0; k < n; k++)
    values[(gsize) 777 * n + k] = 1.0;
  values[0] = 1.0;
  record = make_heatmap_record (n, n, values);
  plot = dt_plot_new (record, "mask", NULL);
  render (plot, 400, 300, NULL, &r);
  count_color (&r, pruned, &n_pruned, &dummy);
  g_assert_cmpuint (n_pruned, >, 10000);
  xc = (int) (0.5 * (r.frame.x0 + r.frame.x1));
  for (int y = (int) ceil (r.frame.y0) + 1; y < (int) r.frame.y1 - 1; y++)
    {
      guint32 p = pixel_at (r.surface, xc, y);

      if (!pixel_is (p, pruned, 3))
        {
          n_other++;
          /* a blend between pruned and kept, never something else */
          g_assert_cmpint ((int) (p & 0xff), >=, (int) (kept.b * 255) - 3);
        }
    }
  g_assert_cmpuint (n_other, >=, 1);
  g_assert_cmpuint (n_other, <=, 3);
  rendered_clear (&r);

  {
    g_autofree double *row = g_new (double, 100000);
    g_autoptr(DtRecord) wide = NULL;
    g_autoptr(DtPlot) p = NULL;

    for (guint k = 0; k < 100000; k++)
      row[k] = sin (k * 0.001);
    wide = make_heatmap_record (1, 100000, row);
    p = dt_plot_new (wide, "mask", NULL);
    render (p, 640, 400, NULL, &r);
    g_assert_cmpfloat (r.frame.x1 - r.frame.x0, >, 100);
    rendered_clear (&r);
  }
}

/* Heat maps export like any plot, alone or in an all-plots figure, and a
 * saved record draws the same picture when loaded. */
static void
test_heatmap_export (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *svg = g_build_filename (dir, "mask.svg", NULL);
  g_autofree char *png = g_build_filename (dir, "mask.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "all.pdf", NULL);
  g_autofree char *all = g_build_filename (dir, "all.png", NULL);
  g_autofree char *json = g_build_filename (dir, "run.json", NULL);
  const double mask[] = { 1, 0, 0, 1, 1, 1, 0, 0 };
  g_autoptr(DtRecord) record = make_record ();
  g_autoptr(DtRecord) loaded = NULL;
  g_autoptr(GError) error = NULL;

  dt_record_add_plot (record, dt_plot_spec_new_heatmap ("mask", "Mask", "input", "output", 2, 4, mask));

  g_assert_true (dt_plot_export_record (record, "mask", svg, 640, 400, &error));
  g_assert_no_error (error);
  check_svg (svg, 640, 400, "Mask");
  g_assert_true (dt_plot_export_record (record, "mask", png, 640, 400, &error));
  g_assert_no_error (error);
  check_png (png, 1280, 800);
  g_assert_true (dt_plot_export_record (record, NULL, pdf, 400, 300, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (check_pdf (pdf), ==, 4);
  g_assert_true (dt_plot_export_record (record, NULL, all, 400, 300, &error));
  g_assert_no_error (error);
  check_png (all, 2 * 2 * 400, 2 * 2 * 300);

  g_assert_true (dt_record_save (record, json, &error));
  g_assert_no_error (error);
  loaded = dt_record_load (json, &error);
  g_assert_no_error (error);
  {
    g_autoptr(DtPlot) a = dt_plot_new (record, "mask", NULL);
    g_autoptr(DtPlot) b = dt_plot_new (loaded, "mask", NULL);
    Rendered ra = { 0 }, rb = { 0 };

    render (a, 320, 240, NULL, &ra);
    render (b, 320, 240, NULL, &rb);
    g_assert_cmpmem (cairo_image_surface_get_data (ra.surface),
                     cairo_image_surface_get_stride (ra.surface) * 240,
                     cairo_image_surface_get_data (rb.surface),
                     cairo_image_surface_get_stride (rb.surface) * 240);
    rendered_clear (&ra);
    rendered_clear (&rb);
  }

  remove_tmpdir (dir);
}

/* ------------------------------------------- legend, overlays, state */

static const char *
find_hit (DtPlot     *plot,
          const char *series_id,
          double     *hx,
          double     *hy)
{
  for (int y = 0; y < 400; y += 2)
    for (int x = 0; x < 640; x += 2)
      {
        const char *id = dt_plot_legend_hit (plot, x, y);

        if (id != NULL && g_strcmp0 (id, series_id) == 0)
          {
            *hx = x;
            *hy = y;
            return id;
          }
      }
  return NULL;
}

static void
test_legend_hit (void)
{
  g_autoptr(DtRecord) record = make_record ();
  g_autoptr(DtPlot) plot = dt_plot_new (record, "risk", NULL);
  g_autoptr(DtPlot) single = dt_plot_new (record, "drift", NULL);
  Rendered r = { 0 };
  double x = 0, y = 0, bx = 0, by = 0;

  /* nothing before a rendering */
  g_assert_null (dt_plot_legend_hit (plot, 320, 200));

  render (plot, 640, 400, NULL, &r);
  g_assert_nonnull (find_hit (plot, "risk", &x, &y));
  g_assert_nonnull (find_hit (plot, "variance", &x, &y));
  g_assert_nonnull (find_hit (plot, "bound", &bx, &by));
  /* the data area away from the legend, and outside the figure: nothing */
  g_assert_null (dt_plot_legend_hit (plot, -10, -10));
  g_assert_null (dt_plot_legend_hit (plot, r.frame.x0 + 1, r.frame.y1 - 1));
  rendered_clear (&r);

  /* a hidden series keeps its entry, in the same place */
  dt_plot_set_series_visible (plot, "bound", FALSE);
  render (plot, 640, 400, NULL, &r);
  g_assert_cmpstr (dt_plot_legend_hit (plot, bx, by), ==, "bound");
  rendered_clear (&r);

  /* one series: no legend, no hits */
  render (single, 640, 400, NULL, &r);
  for (int py = 0; py < 400; py += 4)
    for (int px = 0; px < 640; px += 4)
      g_assert_null (dt_plot_legend_hit (single, px, py));
  rendered_clear (&r);
}

/* Overlaid runs with long names: at the sizes of the plots of a 1280×800
 * window and of exports, every legend entry is whole, wrapped onto more
 * lines where it must, never cut short, and the legend stays in the
 * figure; the same on an SVG surface as on an image. */
static void
test_legend_wraps (void)
{
  static const struct { int width, height; } sizes[] = {
    { 420, 300 }, { 610, 330 }, { 800, 500 }, { 1600, 1000 },
  };
  static const char long_name[] = "bias-variance-fashion-mnist-lr-0.01-seed7";
  g_autoptr(DtRecord) record = make_record ();
  g_autoptr(DtRecord) other = make_record ();
  g_autoptr(DtRecord) third = make_record ();
  g_autoptr(DtPlot) plot = dt_plot_new (record, "risk", NULL);
  g_autoptr(DtPlot) many = dt_plot_new (record, "risk", NULL);

  g_assert_cmpuint (strlen (long_name), >=, 40);
  dt_plot_set_label (plot, "bias-variance");
  g_assert_true (dt_plot_add_overlay (plot, other, long_name, NULL));
  g_assert_cmpstr (dt_plot_get_series_label (plot, 3), ==, "Risk \u2014 bias-variance-fashion-mnist-lr-0.01-seed7");
  /* nine entries: the legend beside the axes */
  dt_plot_set_label (many, "bias-variance");
  g_assert_true (dt_plot_add_overlay (many, other, long_name, NULL));
  g_assert_true (dt_plot_add_overlay (many, third, "bias-variance-fashion-mnist-lr-0.1-seed11", NULL));

  for (guint k = 0; k < 2; k++)
    {
      DtPlot *p = k == 0 ? plot : many;

      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        for (guint svg = 0; svg < 2; svg++)
          {
            int width = sizes[i].width, height = sizes[i].height;
            cairo_surface_t *surface = svg
                                       ? cairo_svg_surface_create_for_stream (NULL, NULL, width, height)
                                       : cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
            cairo_t *cr = cairo_create (surface);
            guint wrapped = 0;

            dt_plot_render (p, cr, width, height, NULL, NULL);
            cairo_destroy (cr);
            cairo_surface_destroy (surface);

            g_assert_cmpuint (p->legend_hits->len, ==, dt_plot_get_n_series (p));
            for (guint h = 0; h < p->legend_hits->len; h++)
              {
                const LegendHit *hit = &g_array_index (p->legend_hits, LegendHit, h);

                g_assert_false (hit->ellipsized);
                g_assert_cmpuint (hit->lines, >=, 1);
                g_assert_cmpuint (hit->lines, <=, 3);
                if (hit->lines > 1)
                  wrapped++;
                g_assert_cmpfloat (hit->x, >=, 0.0);
                g_assert_cmpfloat (hit->y, >=, 0.0);
                g_assert_cmpfloat (hit->x + hit->w, <=, width);
                g_assert_cmpfloat (hit->y + hit->h, <=, height);
                /* the entries one below the other */
                if (h > 0)
                  g_assert_cmpfloat (hit->y, >=, (hit - 1)->y + (hit - 1)->h - 0.01);
              }
            g_test_message ("%u runs, %dx%d%s: %u of %u entries wrapped", k + 2, width, height,
                            svg ? " (SVG)" : "", wrapped, p->legend_hits->len);
            /* the long names wrap where the legend gets a third of a small plot */
            if (width <= 610)
              g_assert_cmpuint (wrapped, >, 0);
            /* the plot's own run, with its short name, fits on a line */
            g_assert_cmpuint (g_array_index (p->legend_hits, LegendHit, 0).lines, ==, 1);
          }
    }
}

static void
test_overlay (void)
{
  g_autoptr(DtRecord) record = make_record ();
  g_autoptr(DtRecord) other = make_record ();
  g_autoptr(DtRecord) unrelated = make_single (DT_SCALE_LINEAR, DT_SCALE_LINEAR,
                                               (double[]) { 1, 2 }, (double[]) { 1, 2 }, 2);
  g_autoptr(DtPlot) plot = dt_plot_new (record, "instability", NULL);
  g_autoptr(GError) error = NULL;
  Rendered r = { 0 };
  guint base_inside, base_outside, inside, outside;
  double x, y;

  /* one series alone: no legend, labels unchanged */
  g_assert_cmpuint (dt_plot_get_n_series (plot), ==, 1);
  g_assert_cmpuint (dt_plot_get_n_overlays (plot), ==, 0);
  dt_plot_set_label (plot, "a.json");
  g_assert_cmpstr (dt_plot_get_series_label (plot, 0), ==, "Instability");
  render (plot, 640, 400, NULL, &r);
  count_color (&r, dt_plot_palette (0), &base_inside, &base_outside);
  rendered_clear (&r);

  /* the other run's values, moved down so that both show */
  for (guint k = 0; k <= 10; k++)
    {
      const DtSeries *s = dt_record_lookup_series (other, "instability");

      g_array_index (s->y, double, k) *= 0.5;
    }
  g_assert_true (dt_plot_add_overlay (plot, other, "b.json", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dt_plot_get_n_overlays (plot), ==, 1);
  g_assert_cmpuint (dt_plot_get_n_series (plot), ==, 2);
  g_assert_cmpstr (dt_plot_get_series_id (plot, 0), ==, "instability");
  g_assert_cmpstr (dt_plot_get_series_id (plot, 1), ==, "instability#1");
  g_assert_cmpstr (dt_plot_get_series_label (plot, 0), ==, "Instability \u2014 a.json");
  g_assert_cmpstr (dt_plot_get_series_label (plot, 1), ==, "Instability \u2014 b.json");

  /* the same colour, drawn twice, and a legend with both runs */
  render (plot, 640, 400, NULL, &r);
  count_color (&r, dt_plot_palette (0), &inside, &outside);
  g_assert_cmpuint (inside, >, base_inside);
  g_assert_nonnull (find_hit (plot, "instability#1", &x, &y));
  g_assert_nonnull (find_hit (plot, "instability", &x, &y));
  rendered_clear (&r);

  /* an overlay's series hides on its own */
  dt_plot_set_series_visible (plot, "instability#1", FALSE);
  g_assert_true (dt_plot_get_series_visible (plot, "instability"));
  g_assert_false (dt_plot_get_series_visible (plot, "instability#1"));

  /* a run without that plot, a heat map: errors, nothing added */
  g_assert_false (dt_plot_add_overlay (plot, unrelated, "c.json", &error));
  g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_NO_PLOT);
  g_clear_error (&error);
  g_assert_cmpuint (dt_plot_get_n_series (plot), ==, 2);
  {
    static const double values[] = { 0, 1, 1, 0 };
    g_autoptr(DtRecord) heat = dt_record_new ("test");
    g_autoptr(DtPlot) map = NULL;

    dt_record_add_plot (heat, dt_plot_spec_new_heatmap ("instability", "Mask", "in", "out", 2, 2, values));
    map = dt_plot_new (heat, "instability", NULL);
    g_assert_false (dt_plot_add_overlay (map, record, "x", &error));
    g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_KIND);
    g_clear_error (&error);
    g_assert_false (dt_plot_add_overlay (plot, heat, "x", &error));
    g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_KIND);
    g_clear_error (&error);
  }
}

/* Overlays get dash patterns: their line has gaps where a solid line
 * of the plot's own run has none. */
/* An overlay measuring something else on an axis is refused, and the plot
 * says so; an overlay's own reference lines are drawn, named by its run. */
static void
test_overlay_axes (void)
{
  g_autoptr(DtRecord) record = make_record ();
  g_autoptr(DtRecord) percent = dt_record_new ("test");
  g_autoptr(DtRecord) wider = make_record ();
  g_autoptr(DtPlot) plot = dt_plot_new (record, "risk", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) notes = NULL;
  g_autofree char *joined = NULL;
  DtPlotSpec *spec;

  dt_record_add_series (percent, "risk", "Risk", DT_STYLE_LINE);
  dt_record_append_point (percent, "risk", 4, 12.5, NAN);
  spec = dt_plot_spec_new ("risk", "Risk against width", "Width k", DT_SCALE_LOG,
                           "Test error (%)", DT_SCALE_LINEAR);
  dt_plot_spec_add_series (spec, "risk");
  dt_record_add_plot (percent, spec);

  g_assert_false (dt_plot_add_overlay (plot, percent, "ce.json", &error));
  g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_AXES);
  g_assert_nonnull (strstr (error->message, "Test error (%)"));
  g_assert_nonnull (strstr (error->message, "Test risk"));
  g_assert_cmpuint (dt_plot_get_n_overlays (plot), ==, 0);
  g_assert_cmpuint (dt_plot_get_n_series (plot), ==, 3);
  notes = dt_plot_dup_notes (plot);
  joined = g_strjoinv ("|", notes);
  g_assert_nonnull (strstr (joined, "“ce.json” not drawn"));
  g_clear_pointer (&notes, g_strfreev);
  g_clear_pointer (&joined, g_free);

  /* the same axes: drawn, with its own threshold beside this one's */
  dt_record_add_plot_vline (wider, "risk", 250.0, "interpolation threshold");
  g_assert_true (dt_plot_add_overlay (plot, wider, "wide.json", NULL));
  notes = dt_plot_dup_notes (plot);
  joined = g_strjoinv ("|", notes);
  g_assert_nonnull (strstr (joined, "interpolation threshold|"));
  g_assert_nonnull (strstr (joined, "interpolation threshold \u2014 wide.json"));
  /* its line at 100 is this plot's own, drawn once */
  g_assert_cmpuint (g_strv_length (notes), ==, 4);
}

/* A series drawn in the colour of another (a bound in its curve's) keeps
 * it through the record's JSON and in the legend. */
static void
test_color_of (void)
{
  static const double x[] = { 1, 2 }, y[] = { 0.5, 0.25 };
  g_autoptr(DtRecord) record = dt_record_new ("test");
  g_autoptr(DtRecord) loaded = NULL;
  g_autoptr(DtPlot) plot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  DtPlotSpec *spec = dt_plot_spec_new ("p", "P", "x", DT_SCALE_LINEAR, "y", DT_SCALE_LINEAR);
  Rendered r = { 0 };
  guint inside_0, outside_0, inside_1, outside_1;

  dt_record_add_plot_series (record, spec, "a", "a", DT_STYLE_LINE);
  dt_record_add_plot_series (record, spec, "b", "b", DT_STYLE_LINE);
  dt_record_add_plot_series_like (record, spec, "bound-a", "bound of a", DT_STYLE_DASHED, "a");
  dt_record_add_plot (record, spec);
  for (guint i = 0; i < 2; i++)
    {
      dt_record_append_point (record, "a", x[i], y[i], NAN);
      dt_record_append_point (record, "b", x[i], 2 * y[i], NAN);
      dt_record_append_point (record, "bound-a", x[i], 4 * y[i], NAN);
    }

  json = dt_record_to_data (record, NULL);
  g_assert_nonnull (strstr (json, "\"color_of\": {\"bound-a\": \"a\"}"));
  loaded = dt_record_new_from_data (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_ptr_array_index (dt_record_lookup_plot (loaded, "p")->color_of, 2), ==, "a");
  g_assert_null (g_ptr_array_index (dt_record_lookup_plot (loaded, "p")->color_of, 1));

  /* the bound in colour 0 (a's), none in colour 2 */
  plot = dt_plot_new (loaded, "p", NULL);
  dt_plot_set_series_visible (plot, "a", FALSE);
  dt_plot_set_series_visible (plot, "b", FALSE);
  render (plot, 400, 300, NULL, &r);
  count_color (&r, dt_plot_palette (0), &inside_0, &outside_0);
  count_color (&r, dt_plot_palette (2), &inside_1, &outside_1);
  rendered_clear (&r);
  g_assert_cmpuint (inside_0, >, 5);
  g_assert_cmpuint (inside_1, ==, 0);

  /* naming a series the plot does not draw is refused */
  {
    g_autofree char *bad = g_strdup (json);
    char *at = strstr (bad, "\"bound-a\": \"a\"");

    memcpy (at, "\"bound-a\": \"z\"", strlen ("\"bound-a\": \"z\""));
    g_assert_null (dt_record_new_from_data (bad, -1, &error));
    g_assert_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID);
  }
}

static void
test_overlay_dashes (void)
{
  static const double x[] = { 0, 1 }, y[] = { 0.5, 0.5 };
  g_autoptr(DtRecord) record = make_single (DT_SCALE_LINEAR, DT_SCALE_LINEAR, x, y, 2);
  g_autoptr(DtRecord) other = make_single (DT_SCALE_LINEAR, DT_SCALE_LINEAR, x, y, 2);
  g_autoptr(DtPlot) plot = dt_plot_new (record, "p", NULL);
  Rendered r = { 0 };
  guint solid = 0, dashed = 0;
  int row;

  g_assert_true (dt_plot_add_overlay (plot, other, "other", NULL));

  /* the overlay alone, then the plot's own line alone, along the line's row */
  for (guint pass = 0; pass < 2; pass++)
    {
      guint *count = pass == 0 ? &dashed : &solid;

      dt_plot_set_series_visible (plot, "s", pass == 1);
      dt_plot_set_series_visible (plot, "s#1", pass == 0);
      render (plot, 640, 400, NULL, &r);
      row = (int) lround (0.5 * (r.frame.y0 + r.frame.y1));
      /* columns where the line leaves ink on any of the rows it may
       * straddle; the background is white */
      for (int px = (int) r.frame.x0 + 20; px < (int) r.frame.x1 - 20; px++)
        for (int dy = -2; dy <= 2; dy++)
          if (!pixel_is (pixel_at (r.surface, px, row + dy), (DtColor) { 1, 1, 1, 1 }, 60))
            {
              (*count)++;
              break;
            }
      rendered_clear (&r);
    }
  g_assert_cmpuint (solid, >, 0);
  g_assert_cmpuint (dashed, <, solid * 9 / 10);
  g_assert_cmpuint (dashed, >, solid / 4);
}

static void
test_copy_keeps_state (void)
{
  g_autoptr(DtRecord) record = make_record ();
  g_autoptr(DtPlot) plot = dt_plot_new (record, "risk", NULL);
  g_autoptr(DtPlot) copy = NULL;
  Rendered a = { 0 }, b = { 0 };

  dt_plot_set_series_visible (plot, "variance", FALSE);
  dt_plot_set_y_scale (plot, DT_SCALE_LOG);
  dt_plot_set_view (plot, 4, 400, 0.1, 1);
  g_assert_true (dt_plot_add_overlay (plot, record, "again", NULL));
  copy = dt_plot_copy (plot);
  g_assert_cmpstr (dt_plot_get_id (copy), ==, "risk");
  g_assert_false (dt_plot_get_series_visible (copy, "variance"));
  g_assert_cmpuint (dt_plot_get_n_series (copy), ==, 6);
  g_assert_cmpuint (dt_plot_get_n_overlays (copy), ==, 1);

  render (plot, 640, 400, NULL, &a);
  render (copy, 640, 400, NULL, &b);
  g_assert_cmpfloat (b.frame.xmin, ==, 4);
  g_assert_cmpfloat (b.frame.ymax, ==, 1);
  g_assert_cmpint (b.frame.y_scale, ==, DT_SCALE_LOG);
  g_assert_cmpint (memcmp (cairo_image_surface_get_data (a.surface), cairo_image_surface_get_data (b.surface),
                           (gsize) cairo_image_surface_get_stride (a.surface) * 400), ==, 0);
  rendered_clear (&a);
  rendered_clear (&b);

  /* the copy is independent */
  dt_plot_set_series_visible (copy, "variance", TRUE);
  g_assert_false (dt_plot_get_series_visible (plot, "variance"));
}

static guint
count_pages (const char *contents,
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
test_export_state (void)
{
  g_autoptr(DtRecord) record = make_record ();
  g_autoptr(DtPlot) plot = dt_plot_new (record, "instability", NULL);
  g_autoptr(GPtrArray) plots = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_plot_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-plot-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "p.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "all.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *suffixed = NULL;
  cairo_surface_t *image;
  gsize length;

  /* a hidden series is not in the file; the scale sets the pixels */
  dt_plot_set_series_visible (plot, "instability", FALSE);
  g_assert_true (dt_plot_export_scaled (plot, png, 300, 200, 1.5, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 450);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 300);
  for (int y = 0; y < 300; y++)
    for (int x = 0; x < 450; x++)
      g_assert_false (pixel_is (pixel_at (image, x, y), dt_plot_palette (0), 6));
  cairo_surface_destroy (image);
  g_assert_false (dt_plot_export_scaled (plot, png, 300, 200, 0.0, &error));
  g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_WRITE);
  g_clear_error (&error);

  /* several plots, one page each */
  for (guint i = 0; i < dt_record_get_n_plots (record); i++)
    g_ptr_array_add (plots, dt_plot_new (record, dt_record_get_plot (record, i)->id, NULL));
  g_assert_true (dt_plot_export_plots (plots, pdf, 400, 300, 2.0, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_cmpuint (count_pages (contents, length), ==, 3);
  g_ptr_array_set_size (plots, 0);
  g_assert_false (dt_plot_export_plots (plots, pdf, 400, 300, 2.0, &error));
  g_assert_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_NO_PLOT);
  g_clear_error (&error);

  /* file names of a set */
  suffixed = dt_export_path_with_suffix ("/tmp/plots.png", "risk");
  g_assert_cmpstr (suffixed, ==, "/tmp/plots-risk.png");
  g_clear_pointer (&suffixed, g_free);
  suffixed = dt_export_path_with_suffix ("/tmp/plots", "a/b c");
  g_assert_cmpstr (suffixed, ==, "/tmp/plots-a_b_c");

  g_unlink (png);
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_pick_and_describe (void)
{
  g_autoptr(DtRecord) record = make_record ();
  g_autoptr(DtPlot) plot = dt_plot_new (record, "risk", NULL);
  g_autoptr(GArray) points = NULL;
  g_autofree char *text = NULL;
  Rendered r = { 0 };
  double x100;

  render (plot, 640, 400, NULL, &r);
  /* on the log axis, the point at k = 128 is the nearest to x = 100 */
  x100 = r.frame.x0 + (log10 (100) - log10 (r.frame.xmin)) /
         (log10 (r.frame.xmax) - log10 (r.frame.xmin)) * (r.frame.x1 - r.frame.x0);
  points = dt_plot_pick_x (plot, &r.frame, x100);
  g_assert_cmpuint (points->len, ==, 3);
  for (guint i = 0; i < points->len; i++)
    {
      const DtPlotPoint *p = &g_array_index (points, DtPlotPoint, i);

      g_assert_cmpfloat (p->x, ==, 128);
      g_assert_cmpfloat (p->device_x, >=, r.frame.x0);
      g_assert_cmpfloat (p->device_x, <=, r.frame.x1);
    }
  g_assert_cmpstr (g_array_index (points, DtPlotPoint, 0).label, ==, "Risk");
  g_assert_cmpfloat (g_array_index (points, DtPlotPoint, 0).err, ==, 0.02);
  g_assert_true (isnan (g_array_index (points, DtPlotPoint, 2).err));
  g_clear_pointer (&points, g_array_unref);

  dt_plot_set_series_visible (plot, "variance", FALSE);
  points = dt_plot_pick_x (plot, &r.frame, x100);
  g_assert_cmpuint (points->len, ==, 2);
  rendered_clear (&r);

  text = dt_plot_describe (plot);
  g_assert_true (g_str_has_prefix (text, "Risk against width: 3 series (2 shown)"));
  g_assert_nonnull (strstr (text, "Risk from "));
  g_assert_nonnull (strstr (text, "over Width k 2–4.1e+03"));
  g_assert_nonnull (strstr (text, "; Bound from "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/palette", test_palette);
  g_test_add_func ("/plot/themes", test_themes);
  g_test_add_func ("/plot/new/no-plot", test_new_no_plot);
  g_test_add_func ("/plot/new/title", test_new_title);
  g_test_add_func ("/plot/new/snapshot", test_snapshot);
  g_test_add_func ("/plot/ranges/padding", test_ranges);
  g_test_add_func ("/plot/ranges/bands", test_ranges_bands);
  g_test_add_func ("/plot/visibility", test_visibility);
  g_test_add_func ("/plot/scale-and-view", test_scale_and_view);
  g_test_add_func ("/plot/render/pixels", test_render_pixels);
  g_test_add_func ("/plot/render/record", test_render_record);
  g_test_add_func ("/plot/render/empty", test_render_empty);
  g_test_add_func ("/plot/render/bad-values", test_render_bad_values);
  g_test_add_func ("/plot/render/sizes", test_render_sizes);
  g_test_add_func ("/plot/render/many-series", test_render_many_series);
  g_test_add_func ("/plot/render/large", test_render_large);
  g_test_add_func ("/plot/export/format-from-path", test_format_from_path);
  g_test_add_func ("/plot/export/one", test_export_one);
  g_test_add_func ("/plot/export/all", test_export_all);
  g_test_add_func ("/plot/export/errors", test_export_errors);
  g_test_add_func ("/plot/heatmap/mask", test_heatmap_mask);
  g_test_add_func ("/plot/heatmap/colormap", test_heatmap_colormap);
  g_test_add_func ("/plot/heatmap/large", test_heatmap_large);
  g_test_add_func ("/plot/heatmap/export", test_heatmap_export);
  g_test_add_func ("/plot/legend/hit", test_legend_hit);
  g_test_add_func ("/plot/legend/wraps", test_legend_wraps);
  g_test_add_func ("/plot/overlay/add", test_overlay);
  g_test_add_func ("/plot/overlay/dashes", test_overlay_dashes);
  g_test_add_func ("/plot/overlay/axes", test_overlay_axes);
  g_test_add_func ("/plot/color-of", test_color_of);
  g_test_add_func ("/plot/copy", test_copy_keeps_state);
  g_test_add_func ("/plot/export/state", test_export_state);
  g_test_add_func ("/plot/pick-and-describe", test_pick_and_describe);

  return g_test_run ();
}
