/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dt-plot.h"
#include "dt-record.h"

G_BEGIN_DECLS

#define DESCENT_TYPE_PLOT_VIEW (descent_plot_view_get_type ())

G_DECLARE_FINAL_TYPE (DescentPlotView, descent_plot_view, DESCENT, PLOT_VIEW, GtkWidget)

GtkWidget  *descent_plot_view_new              (void);
void        descent_plot_view_set_record       (DescentPlotView *self,
                                                DtRecord        *record,
                                                const char      *plot_id);
DtRecord   *descent_plot_view_get_record       (DescentPlotView *self);
const char *descent_plot_view_get_plot_id      (DescentPlotView *self);
guint       descent_plot_view_get_n_points     (DescentPlotView *self);
guint       descent_plot_view_get_render_count (DescentPlotView *self);
void        descent_plot_view_reset_view       (DescentPlotView *self);
void        descent_plot_view_set_overlays     (DescentPlotView *self,
                                                GPtrArray       *records,
                                                GPtrArray       *labels);
void        descent_plot_view_set_label        (DescentPlotView *self,
                                                const char      *label);

DtPlot     *descent_plot_view_get_plot         (DescentPlotView *self);
DtPlot     *descent_plot_view_dup_plot         (DescentPlotView *self);
gboolean    descent_plot_view_get_frame        (DescentPlotView *self,
                                                DtPlotFrame     *frame);
void        descent_plot_view_hover_at         (DescentPlotView *self,
                                                double           x,
                                                double           y);
const char *descent_plot_view_get_readout      (DescentPlotView *self);
gboolean    descent_plot_view_click_at         (DescentPlotView *self,
                                                double           x,
                                                double           y);
void        descent_plot_view_zoom_at          (DescentPlotView *self,
                                                double           x,
                                                double           y,
                                                double           factor);
void        descent_plot_view_pan              (DescentPlotView *self,
                                                double           dx,
                                                double           dy);
const char *descent_plot_view_get_description  (DescentPlotView *self);
GdkTexture *descent_plot_view_render_texture   (DescentPlotView *self,
                                                double           scale);

G_END_DECLS
