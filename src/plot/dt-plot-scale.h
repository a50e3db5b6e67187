/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The transforms of the axis scales, shared by the renderer, the ticks
 * and the plot view. */
#pragma once

#include <glib.h>

#include "dt-record.h"

G_BEGIN_DECLS

double   dt_plot_symlog         (double  v);
double   dt_plot_symlog_inverse (double  t);
double   dt_plot_scale_forward  (DtScale scale,
                                 double  v);
gboolean dt_plot_scale_usable   (DtScale scale,
                                 double  v);

G_END_DECLS
