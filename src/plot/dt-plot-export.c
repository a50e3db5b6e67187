/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>

#include "dt-file.h"
#include "dt-plot.h"

/* PNG files are drawn at this many pixels per user unit, so that they
 * stay crisp on high-density screens and in print. */
#define PNG_SCALE 2.0

/**
 * dt_export_format_from_path:
 * @path: a file name
 * @format: (out) (optional): the format its extension names
 *
 * Recognises .svg, .png and .pdf, in any letter case.
 *
 * Returns: %TRUE if the extension is one of those
 */
gboolean
dt_export_format_from_path (const char     *path,
                            DtExportFormat *format)
{
  static const struct
  {
    const char     *ext;
    DtExportFormat  format;
  } known[] = {
    { ".svg", DT_EXPORT_SVG },
    { ".png", DT_EXPORT_PNG },
    { ".pdf", DT_EXPORT_PDF },
  };
  g_autofree char *base = NULL;
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  base = g_path_get_basename (path);
  lower = g_ascii_strdown (base, -1);
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      /* the name must be more than the bare extension */
      if (g_str_has_suffix (lower, known[i].ext) && strlen (lower) > strlen (known[i].ext))
        {
          if (format != NULL)
            *format = known[i].format;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
check_format (const char     *path,
              DtExportFormat *format,
              GError        **error)
{
  if (dt_export_format_from_path (path, format))
    return TRUE;

  g_set_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_FORMAT,
               _("Cannot export to “%s”: the file name must end in .svg, .png or .pdf"),
               path);
  return FALSE;
}

static gboolean
check_size (double   width,
            double   height,
            double   png_scale,
            GError **error)
{
  /* cairo's image surfaces are limited to 32767 pixels a side */
  if (isfinite (width) && isfinite (height) && width >= 1.0 && height >= 1.0
      && isfinite (png_scale) && png_scale > 0.0
      && width * png_scale <= 32767.0 && height * png_scale <= 32767.0)
    return TRUE;

  g_set_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_WRITE,
               _("Cannot export a figure of %g × %g"), width, height);
  return FALSE;
}

static gboolean
surface_failed (cairo_surface_t  *surface,
                const char       *path,
                GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return FALSE;

  g_set_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_WRITE,
               _("Could not write “%s”: %s"), path, cairo_status_to_string (status));
  return TRUE;
}

/* The figure's titles, for the document's metadata. */
static char *
figure_title (GPtrArray *plots)
{
  GString *title = g_string_new (NULL);

  for (guint i = 0; i < plots->len; i++)
    {
      const char *t = dt_plot_get_title (g_ptr_array_index (plots, i));

      if (t[0] == '\0')
        continue;
      if (title->len > 0)
        g_string_append (title, "; ");
      g_string_append (title, t);
    }
  return g_string_free (title, FALSE);
}

/* cairo draws text as glyph outlines, so an SVG holds no words; a
 * <title> right inside the root element gives the figure an accessible
 * name that viewers, screen readers and search can use. */
static void
svg_add_title (GByteArray *bytes,
               const char *title)
{
  g_autofree char *escaped = NULL;
  g_autofree char *element = NULL;
  const char *text = (const char *) bytes->data;
  const char *root, *end;
  gsize at;

  if (title[0] == '\0')
    return;

  root = g_strstr_len (text, bytes->len, "<svg");
  end = root != NULL ? g_strstr_len (root, bytes->len - (gsize) (root - text), ">") : NULL;
  if (end == NULL)
    return;

  escaped = g_markup_escape_text (title, -1);
  element = g_strdup_printf ("\n<title>%s</title>", escaped);
  at = (gsize) (end + 1 - text);
  g_byte_array_set_size (bytes, bytes->len + strlen (element));
  memmove (bytes->data + at + strlen (element), bytes->data + at,
           bytes->len - strlen (element) - at);
  memcpy (bytes->data + at, element, strlen (element));
}

/* cairo's stream writer: the whole file is built in memory and written at
 * once with dt_file_write_atomic(), so an export never leaves a partial
 * file over a good one. */
static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
write_file (const char  *path,
            GByteArray  *bytes,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (dt_file_write_atomic (path, bytes->data, bytes->len, &local_error))
    return TRUE;

  g_set_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_WRITE,
               _("Could not write “%s”: %s"), path, local_error->message);
  return FALSE;
}

/* Grid of a multi-plot figure: 1 → 1×1, 2 → 2×1, 3 → 3×1, 4 → 2×2,
 * 5–6 → 3×2, 7–9 → 3×3, then as square as possible. */
static void
grid_shape (guint  n,
            guint *cols,
            guint *rows)
{
  if (n <= 3)
    *cols = MAX (n, 1);
  else
    *cols = (guint) ceil (sqrt ((double) n));
  *rows = (MAX (n, 1) + *cols - 1) / *cols;
}

/* Draws the plots cell by cell on one cairo context, each cell
 * width × height; for PDF each plot gets a page of its own. */
static void
draw_plots (cairo_t        *cr,
            GPtrArray      *plots,
            double          width,
            double          height,
            DtExportFormat  format)
{
  guint cols, rows;

  grid_shape (plots->len, &cols, &rows);
  for (guint i = 0; i < plots->len; i++)
    {
      DtPlot *plot = g_ptr_array_index (plots, i);

      cairo_save (cr);
      if (format != DT_EXPORT_PDF)
        cairo_translate (cr, (i % cols) * width, (i / cols) * height);
      dt_plot_render (plot, cr, width, height, dt_plot_theme_light (), NULL);
      cairo_restore (cr);
      if (format == DT_EXPORT_PDF)
        cairo_show_page (cr);
    }
}

static gboolean
export_plots (GPtrArray   *plots,
              const char  *path,
              double       width,
              double       height,
              double       png_scale,
              GError     **error)
{
  g_autofree char *title = NULL;
  DtExportFormat format;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint cols, rows;
  double total_w, total_h;
  g_autoptr(GByteArray) bytes = NULL;
  gboolean ok;

  if (!check_format (path, &format, error))
    return FALSE;

  grid_shape (plots->len, &cols, &rows);
  total_w = (format == DT_EXPORT_PDF) ? width : cols * width;
  total_h = (format == DT_EXPORT_PDF) ? height : rows * height;
  if (!check_size (total_w, total_h, format == DT_EXPORT_PNG ? png_scale : 1.0, error))
    return FALSE;

  bytes = g_byte_array_new ();
  switch (format)
    {
    case DT_EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, total_w, total_h);
      break;
    case DT_EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, total_w, total_h);
      break;
    case DT_EXPORT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil (total_w * png_scale),
                                            (int) ceil (total_h * png_scale));
      break;
    }

  if (surface_failed (surface, path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }

  title = figure_title (plots);
  if (format == DT_EXPORT_PDF)
    {
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Descent " VERSION);
    }

  cr = cairo_create (surface);
  if (format == DT_EXPORT_PNG)
    {
      /* white underneath, so that no pixel is left transparent */
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, png_scale, png_scale);
    }
  draw_plots (cr, plots, width, height, format);
  cairo_destroy (cr);

  if (format == DT_EXPORT_PNG)
    {
      cairo_surface_flush (surface);
      if (cairo_surface_write_to_png_stream (surface, append_bytes, bytes) != CAIRO_STATUS_SUCCESS)
        g_byte_array_set_size (bytes, 0);
    }
  cairo_surface_finish (surface);
  ok = !surface_failed (surface, path, error);
  cairo_surface_destroy (surface);

  if (ok && format == DT_EXPORT_SVG)
    svg_add_title (bytes, title);

  return ok && write_file (path, bytes, error);
}

/**
 * dt_plot_export:
 * @plot: a plot
 * @path: the file to write; its extension (.svg, .png, .pdf) picks the format
 * @width: figure width in points (PNG: pixels at 1×; the file has twice as many)
 * @height: figure height
 * @error: return location for a #DT_PLOT_ERROR_FORMAT or
 *   #DT_PLOT_ERROR_WRITE error
 *
 * Writes one plot in the light theme on a white background. Hidden
 * series, scales and the view set on @plot are kept.
 *
 * Returns: %TRUE on success
 */
gboolean
dt_plot_export (DtPlot      *plot,
                const char  *path,
                double       width,
                double       height,
                GError     **error)
{
  return dt_plot_export_scaled (plot, path, width, height, PNG_SCALE, error);
}

/**
 * dt_plot_export_scaled:
 * @plot: a plot
 * @path: the file to write; its extension (.svg, .png, .pdf) picks the format
 * @width: figure width in points (PNG: pixels at scale 1)
 * @height: figure height
 * @png_scale: pixels per point of a PNG file (ignored for SVG and PDF)
 * @error: return location for a #DtPlotError
 *
 * Like dt_plot_export(), with the resolution of a PNG file chosen.
 *
 * Returns: %TRUE on success
 */
gboolean
dt_plot_export_scaled (DtPlot      *plot,
                       const char  *path,
                       double       width,
                       double       height,
                       double       png_scale,
                       GError     **error)
{
  g_autoptr(GPtrArray) plots = NULL;

  g_return_val_if_fail (plot != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  plots = g_ptr_array_new ();
  g_ptr_array_add (plots, plot);
  return export_plots (plots, path, width, height, png_scale, error);
}

/**
 * dt_plot_export_plots:
 * @plots: (element-type DtPlot): the plots, with what is set on them
 *   (hidden series, scales, views, overlays)
 * @path: the file to write; its extension picks the format
 * @width: width of one plot in points
 * @height: height of one plot
 * @png_scale: pixels per point of a PNG file (ignored for SVG and PDF)
 * @error: return location for a #DtPlotError
 *
 * Writes several plots into one file: a PDF gets one page per plot; an
 * SVG or PNG gets one figure with the plots in a grid of @width ×
 * @height cells.
 *
 * Returns: %TRUE on success
 */
gboolean
dt_plot_export_plots (GPtrArray   *plots,
                      const char  *path,
                      double       width,
                      double       height,
                      double       png_scale,
                      GError     **error)
{
  g_return_val_if_fail (plots != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (plots->len == 0)
    {
      g_set_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_NO_PLOT,
                   _("There are no plots to export"));
      return FALSE;
    }

  return export_plots (plots, path, width, height, png_scale, error);
}

/**
 * dt_export_path_with_suffix:
 * @path: a file name with an extension, "plots.png"
 * @suffix: what to add before the extension, e.g. a plot id
 *
 * Names one file of a set: "plots.png" with "risk" gives "plots-risk.png".
 * Characters that do not belong in a file name are replaced by "_".
 *
 * Returns: (transfer full): the new path
 */
char *
dt_export_path_with_suffix (const char *path,
                            const char *suffix)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *name = NULL;
  const char *dot;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (suffix != NULL, NULL);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  clean = g_strdup (suffix);
  g_strcanon (clean, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=+", '_');

  dot = strrchr (base, '.');
  if (dot == NULL || dot == base)
    name = g_strdup_printf ("%s-%s", base, clean);
  else
    name = g_strdup_printf ("%.*s-%s%s", (int) (dot - base), base, clean, dot);

  return g_build_filename (dir, name, NULL);
}

/**
 * dt_plot_export_record:
 * @record: a record
 * @plot_id: (nullable): the plot to write, or %NULL for all of them
 * @path: the file to write; its extension picks the format
 * @width: width of one plot
 * @height: height of one plot
 * @error: return location for a #DtPlotError
 *
 * Writes one plot of @record, or all of them: a PDF gets one page per
 * plot; an SVG or PNG gets one figure with the plots in a grid of
 * @width × @height cells (two side by side, three in a row, four as
 * 2 × 2, and so on).
 *
 * Returns: %TRUE on success
 */
gboolean
dt_plot_export_record (DtRecord    *record,
                       const char  *plot_id,
                       const char  *path,
                       double       width,
                       double       height,
                       GError     **error)
{
  g_autoptr(DtRecord) snapshot = NULL;
  g_autoptr(GPtrArray) plots = NULL;
  guint n_plots;

  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_format (path, NULL, error))
    return FALSE;

  plots = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_plot_free);
  if (plot_id != NULL)
    {
      DtPlot *plot = dt_plot_new (record, plot_id, error);

      if (plot == NULL)
        return FALSE;
      g_ptr_array_add (plots, plot);
      return export_plots (plots, path, width, height, PNG_SCALE, error);
    }

  /* one snapshot, so that all plots show the same moment of a run */
  snapshot = dt_record_copy (record);
  n_plots = dt_record_get_n_plots (snapshot);
  if (n_plots == 0)
    {
      g_set_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_NO_PLOT,
                   _("The record has no plots to export"));
      return FALSE;
    }
  for (guint i = 0; i < n_plots; i++)
    {
      const DtPlotSpec *spec = dt_record_get_plot (snapshot, i);
      DtPlot *plot = dt_plot_new (snapshot, spec->id, error);

      if (plot == NULL)
        return FALSE;
      g_ptr_array_add (plots, plot);
    }

  return export_plots (plots, path, width, height, PNG_SCALE, error);
}
