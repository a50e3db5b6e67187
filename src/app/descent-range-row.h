/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DescentRangeRow: the control of a log-scaled list parameter, a grid
 * "from:to:points" set with two sliders and a spin button, or any list
 * typed into an entry. */
#pragma once

#include <gtk/gtk.h>

#include "dt-params.h"

G_BEGIN_DECLS

#define DESCENT_TYPE_RANGE_ROW (descent_range_row_get_type ())

G_DECLARE_FINAL_TYPE (DescentRangeRow, descent_range_row, DESCENT, RANGE_ROW, GtkWidget)

DescentRangeRow   *descent_range_row_new                (const DtParamSpec *spec);
const DtParamSpec *descent_range_row_get_spec           (DescentRangeRow   *self);
char              *descent_range_row_dup_value          (DescentRangeRow   *self);
gboolean           descent_range_row_set_value          (DescentRangeRow   *self,
                                                         const char        *text,
                                                         GError           **error);
const char        *descent_range_row_get_error          (DescentRangeRow   *self);

G_END_DECLS
