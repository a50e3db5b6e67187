/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DtTicks:
 * @values: tick positions in data units, ascending, all within [lo, hi]
 * @labels: a label for each tick (owned)
 * @n: number of ticks
 * @minor: (nullable): minor tick positions (log axes: 2..9 × 10^k)
 * @n_minor: number of minor ticks
 */
typedef struct
{
  double *values;
  char  **labels;
  guint   n;
  double *minor;
  guint   n_minor;
} DtTicks;

void     dt_nice_range   (double   lo,
                          double   hi,
                          guint    max_ticks,
                          double  *nice_lo,
                          double  *nice_hi,
                          double  *step);
DtTicks *dt_ticks_linear (double   lo,
                          double   hi,
                          guint    max_ticks);
DtTicks *dt_ticks_log    (double   lo,
                          double   hi,
                          guint    max_ticks);
DtTicks *dt_ticks_symlog (double   lo,
                          double   hi,
                          guint    max_ticks);
void     dt_ticks_free   (DtTicks *ticks);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtTicks, dt_ticks_free)

G_END_DECLS
