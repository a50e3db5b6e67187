/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Dense least squares through OpenBLAS's LAPACK. Matrices are row-major
 * double arrays owned by the caller.
 */

gboolean dt_least_squares (const double  *a,
                           int            m,
                           int            n,
                           const double  *b,
                           int            nrhs,
                           double         ridge,
                           double        *x,
                           GError       **error);

G_END_DECLS
