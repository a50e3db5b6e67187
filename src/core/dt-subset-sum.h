/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest candidate set dt_subset_sum_best() searches (2^20 sums per half). */
#define DT_SUBSET_SUM_MAX 40

double dt_subset_sum_best (const double *values,
                           guint         n,
                           double        target,
                           guint8       *chosen);

G_END_DECLS
