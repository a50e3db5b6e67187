/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inside the plot view: the DescentPlotView struct and what its files
 * share (descent-plot-view.c the widget and its drawing,
 * descent-plot-view-input.c the pointer, keys, zoom, pan and context menu,
 * descent-plot-view-readout.c the value under the pointer). Not for use
 * outside them. */
#pragma once

#include <math.h>

#include "descent-plot-view.h"
#include "dt-plot-scale.h"

G_BEGIN_DECLS

struct _DescentPlotView
{
  GtkWidget      parent_instance;

  DtRecord      *record;
  char          *plot_id;
  DtPlot        *plot;
  char          *label;              /* the record's name while overlaid */
  GPtrArray     *overlay_records;    /* DtRecord */
  GPtrArray     *overlay_labels;     /* utf8 */

  /* What the user changed, kept when a new record copy arrives. */
  GHashTable    *hidden_series;
  int            x_scale_override;   /* a DtScale, or -1 */
  int            y_scale_override;
  gboolean       has_view;
  double         view[4];            /* xmin, xmax, ymin, ymax */

  /* The rendered plot, reused until the size, data or theme changes. */
  GskRenderNode *cache;
  int            cache_width;
  int            cache_height;
  gboolean       cache_dark;
  DtPlotFrame    frame;
  gboolean       frame_valid;
  guint          render_count;

  gboolean       pointer_inside;
  double         pointer_x;
  double         pointer_y;
  char          *readout;            /* plain text of the hover box */
  char          *readout_markup;
  GArray        *picked;             /* DtPlotPoint under the pointer */
  double         guide_x;            /* the vertical guide, at the point read */

  gboolean       dragging;
  gboolean       panning;
  double         drag_x0;
  double         drag_y0;
  double         drag_x1;
  double         drag_y1;
  DtPlotFrame    pan_frame;          /* the frame when the pan began */

  char          *description;
  GtkWidget     *popover;
};

static inline gboolean
widget_is_dark (GtkWidget *widget)
{
  GdkRGBA color;

  /* A light foreground means a dark theme. Deprecated after 4.8 only. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  return 0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue > 0.5;
}

static inline double
scale_forward (double  value,
               DtScale scale)
{
  switch (scale)
    {
    case DT_SCALE_LOG:
      return log10 (value);
    case DT_SCALE_SYMLOG:
      return dt_plot_symlog (value);
    case DT_SCALE_LINEAR:
    default:
      return value;
    }
}

static inline double
scale_inverse (double  value,
               DtScale scale)
{
  switch (scale)
    {
    case DT_SCALE_LOG:
      return pow (10.0, value);
    case DT_SCALE_SYMLOG:
      return dt_plot_symlog_inverse (value);
    case DT_SCALE_LINEAR:
    default:
      return value;
    }
}

/* Device position → data value along one axis of the frame. */
static inline double
frame_device_to_data (double  device,
                      double  device_lo,
                      double  device_hi,
                      double  data_lo,
                      double  data_hi,
                      DtScale scale)
{
  double u_lo = scale_forward (data_lo, scale);
  double u_hi = scale_forward (data_hi, scale);
  double t = (device - device_lo) / (device_hi - device_lo);

  return scale_inverse (u_lo + t * (u_hi - u_lo), scale);
}

/* The frame's y0 is the top edge and shows ymax. */
static inline void
frame_to_data (const DtPlotFrame *frame,
               double             x,
               double             y,
               double            *data_x,
               double            *data_y)
{
  *data_x = frame_device_to_data (x, frame->x0, frame->x1, frame->xmin, frame->xmax, frame->x_scale);
  *data_y = frame_device_to_data (y, frame->y1, frame->y0, frame->ymin, frame->ymax, frame->y_scale);
}

static inline gboolean
frame_contains (const DtPlotFrame *frame,
                double             x,
                double             y)
{
  return x >= MIN (frame->x0, frame->x1) && x <= MAX (frame->x0, frame->x1) &&
         y >= MIN (frame->y0, frame->y1) && y <= MAX (frame->y0, frame->y1);
}

/* descent-plot-view.c */
void descent_plot_view_invalidate        (DescentPlotView *self);
void descent_plot_view_ensure_rendered   (DescentPlotView *self);
void descent_plot_view_update_accessible (DescentPlotView *self);

/* descent-plot-view-readout.c */
void descent_plot_view_update_readout    (DescentPlotView *self);
void descent_plot_view_snapshot_pointer  (DescentPlotView *self,
                                          GtkSnapshot     *snapshot,
                                          gboolean         dark);

/* descent-plot-view-input.c */
void descent_plot_view_class_init_input  (GtkWidgetClass  *widget_class);
void descent_plot_view_init_input        (DescentPlotView *self);

G_END_DECLS
