/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "dt-record.h"

G_BEGIN_DECLS

#define DT_PLOT_ERROR (dt_plot_error_quark ())

typedef enum
{
  DT_PLOT_ERROR_FORMAT,   /* unknown export format */
  DT_PLOT_ERROR_NO_PLOT,  /* no plot with that id in the record */
  DT_PLOT_ERROR_WRITE,    /* cairo could not write the file */
  DT_PLOT_ERROR_KIND,     /* the operation does not apply to this kind of plot */
  DT_PLOT_ERROR_AXES,     /* an overlay measures other quantities on its axes */
} DtPlotError;

typedef enum
{
  DT_EXPORT_SVG,
  DT_EXPORT_PNG,
  DT_EXPORT_PDF,
} DtExportFormat;

typedef struct
{
  double r, g, b, a;
} DtColor;

/**
 * DtPlotTheme:
 * @background: fill behind the plot (alpha 0 for none)
 * @foreground: axes, ticks and text
 * @grid: grid lines
 * @font_family: Pango family name ("Sans")
 * @font_size: base size in points at scale 1
 *
 * Colours of everything but the series; series use the fixed
 * colour-blind-safe palette of dt_plot_palette().
 */
typedef struct
{
  DtColor     background;
  DtColor     foreground;
  DtColor     grid;
  const char *font_family;
  double      font_size;
} DtPlotTheme;

typedef struct
{
  double x0, y0, x1, y1;   /* the data area in device units */
  double xmin, xmax;       /* visible data range, before the scale */
  double ymin, ymax;
  DtScale x_scale, y_scale;
} DtPlotFrame;

typedef struct _DtPlot DtPlot;

/**
 * DtPlotPoint:
 * @series_id: the series, as dt_plot_set_series_visible() takes it
 * @label: the series' legend text
 * @index: the series' position in the plot spec: colour and marker
 * @overlay: 0 for the plot's own run, k for the k-th overlay
 * @x: the point's abscissa
 * @y: its ordinate
 * @err: its standard error, NaN for none
 * @device_x: where it is drawn, in the frame's user units
 * @device_y: where it is drawn
 *
 * A data point found by dt_plot_pick_x(); the strings belong to the plot.
 */
typedef struct
{
  const char *series_id;
  const char *label;
  guint       index;
  guint       overlay;
  double      x;
  double      y;
  double      err;
  double      device_x;
  double      device_y;
} DtPlotPoint;

GQuark             dt_plot_error_quark        (void);

const DtPlotTheme *dt_plot_theme_light        (void);
const DtPlotTheme *dt_plot_theme_dark         (void);
DtColor            dt_plot_palette            (guint              index);

DtPlot            *dt_plot_new                (DtRecord          *record,
                                               const char        *plot_id,
                                               GError           **error);
void               dt_plot_free               (DtPlot            *plot);
DtPlot            *dt_plot_copy               (DtPlot            *plot);
const char        *dt_plot_get_id             (DtPlot            *plot);
const char        *dt_plot_get_title          (DtPlot            *plot);
DtPlotKind         dt_plot_get_kind           (DtPlot            *plot);

void               dt_plot_set_label          (DtPlot            *plot,
                                               const char        *label);
gboolean           dt_plot_add_overlay        (DtPlot            *plot,
                                               DtRecord          *record,
                                               const char        *label,
                                               GError           **error);
guint              dt_plot_get_n_overlays     (DtPlot            *plot);
char             **dt_plot_dup_notes          (DtPlot            *plot);
guint              dt_plot_get_n_series       (DtPlot            *plot);
const char        *dt_plot_get_series_id      (DtPlot            *plot,
                                               guint              index);
const char        *dt_plot_get_series_label   (DtPlot            *plot,
                                               guint              index);

void               dt_plot_set_series_visible (DtPlot            *plot,
                                               const char        *series_id,
                                               gboolean           visible);
gboolean           dt_plot_get_series_visible (DtPlot            *plot,
                                               const char        *series_id);
void               dt_plot_set_x_scale        (DtPlot            *plot,
                                               DtScale            scale);
void               dt_plot_set_y_scale        (DtPlot            *plot,
                                               DtScale            scale);
void               dt_plot_set_view           (DtPlot            *plot,
                                               double             xmin,
                                               double             xmax,
                                               double             ymin,
                                               double             ymax);
void               dt_plot_reset_view         (DtPlot            *plot);

void               dt_plot_render             (DtPlot            *plot,
                                               cairo_t           *cr,
                                               double             width,
                                               double             height,
                                               const DtPlotTheme *theme,
                                               DtPlotFrame       *frame_out);

const char        *dt_plot_legend_hit         (DtPlot            *plot,
                                               double             x,
                                               double             y);
GArray            *dt_plot_pick_x             (DtPlot            *plot,
                                               const DtPlotFrame *frame,
                                               double             x);
char              *dt_plot_describe           (DtPlot            *plot);

gboolean           dt_plot_get_cell           (DtPlot            *plot,
                                               const DtPlotFrame *frame,
                                               double             x,
                                               double             y,
                                               guint             *row,
                                               guint             *col,
                                               double            *value);

gboolean           dt_export_format_from_path (const char        *path,
                                               DtExportFormat    *format);
gboolean           dt_plot_export             (DtPlot            *plot,
                                               const char        *path,
                                               double             width,
                                               double             height,
                                               GError           **error);
gboolean           dt_plot_export_scaled      (DtPlot            *plot,
                                               const char        *path,
                                               double             width,
                                               double             height,
                                               double             png_scale,
                                               GError           **error);
gboolean           dt_plot_export_plots       (GPtrArray         *plots,
                                               const char        *path,
                                               double             width,
                                               double             height,
                                               double             png_scale,
                                               GError           **error);
char              *dt_export_path_with_suffix (const char        *path,
                                               const char        *suffix);
gboolean           dt_plot_export_record      (DtRecord          *record,
                                               const char        *plot_id,
                                               const char        *path,
                                               double             width,
                                               double             height,
                                               GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtPlot, dt_plot_free)

G_END_DECLS
