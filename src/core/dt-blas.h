/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <cblas.h>

G_BEGIN_DECLS

/*
 * Thin helpers around OpenBLAS. Matrices are row-major, dense and owned by
 * whoever allocated them; these helpers never allocate.
 */

void         dt_blas_select_kernel (char **argv);
void         dt_blas_set_threads (int n_threads);
int          dt_blas_get_threads (void);
const char  *dt_blas_describe    (void);
int          dt_cpu_count        (void);

/* C = alpha * op(A) op(B) + beta * C, row-major, float */
void dt_sgemm (gboolean     trans_a,
               gboolean     trans_b,
               int          m,
               int          n,
               int          k,
               float        alpha,
               const float *a,
               int          lda,
               const float *b,
               int          ldb,
               float        beta,
               float       *c,
               int          ldc);

void dt_dgemm (gboolean      trans_a,
               gboolean      trans_b,
               int           m,
               int           n,
               int           k,
               double        alpha,
               const double *a,
               int           lda,
               const double *b,
               int           ldb,
               double        beta,
               double       *c,
               int           ldc);

G_END_DECLS
