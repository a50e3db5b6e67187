/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

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

G_END_DECLS
