/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness of the record loader: any text either fails with an
 * error or gives a record that writes, reads back to the same text, and
 * draws every plot. */
#include "config.h"

#include <cairo.h>
#include <string.h>

#include "dt-plot.h"
#include "dt-record.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(DtRecord) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  record = dt_record_new_from_data ((const char *) data, (gssize) size, &error);
  if (record == NULL)
    {
      g_assert (error != NULL && error->domain == DT_RECORD_ERROR && error->message[0] != '\0');
      return 0;
    }
  g_assert_no_error (error);

  text = dt_record_to_data (record, NULL);
  again = dt_record_new_from_data (text, -1, &error);
  g_assert_no_error (error);
  text_again = dt_record_to_data (again, NULL);
  g_assert_cmpstr (text, ==, text_again);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 160, 120);
  cr = cairo_create (surface);
  for (guint i = 0; i < dt_record_get_n_plots (record); i++)
    {
      g_autoptr(DtPlot) plot = dt_plot_new (record, dt_record_get_plot (record, i)->id, &error);

      g_assert_no_error (error);
      dt_plot_render (plot, cr, 160, 120, dt_plot_theme_light (), NULL);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return 0;
}
