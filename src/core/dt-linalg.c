/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dt-blas.h"
#include "dt-error.h"
#include "dt-linalg.h"

/* LAPACK (Fortran, column-major), provided by OpenBLAS. */
extern void dgelsd_ (const int *m, const int *n, const int *nrhs, double *a, const int *lda,
                     double *b, const int *ldb, double *s, const double *rcond, int *rank,
                     double *work, const int *lwork, int *iwork, int *info);
extern void dposv_ (const char *uplo, const int *n, const int *nrhs, double *a, const int *lda,
                    double *b, const int *ldb, int *info);

/* Minimum-norm solution of min ‖A X − B‖ by the SVD (dgelsd). */
static gboolean
min_norm (const double  *a,
          int            m,
          int            n,
          const double  *b,
          int            nrhs,
          double        *x,
          GError       **error)
{
  int ldb = MAX (m, n);
  g_autofree double *ac = g_new (double, (gsize) m * n);
  g_autofree double *bc = g_new0 (double, (gsize) ldb * nrhs);
  g_autofree double *s = g_new (double, MIN (m, n));
  g_autofree double *work = NULL;
  g_autofree int *iwork = NULL;
  double rcond = -1;  /* machine precision */
  double query;
  int lwork = -1, rank, info, iquery;

  /* to column-major */
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)
      ac[i + (gsize) j * m] = a[(gsize) i * n + j];
  for (int i = 0; i < m; i++)
    for (int r = 0; r < nrhs; r++)
      bc[i + (gsize) r * ldb] = b[(gsize) i * nrhs + r];

  dgelsd_ (&m, &n, &nrhs, ac, &m, bc, &ldb, s, &rcond, &rank, &query, &lwork, &iquery, &info);
  lwork = (int) query + 1;
  work = g_new (double, lwork);
  iwork = g_new (int, MAX (1, iquery));
  dgelsd_ (&m, &n, &nrhs, ac, &m, bc, &ldb, s, &rcond, &rank, work, &lwork, iwork, &info);
  if (info != 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_FAILED,
                   _("The least-squares solver did not converge (dgelsd info %d)"), info);
      return FALSE;
    }

  for (int j = 0; j < n; j++)
    for (int r = 0; r < nrhs; r++)
      x[(gsize) j * nrhs + r] = bc[j + (gsize) r * ldb];
  return TRUE;
}

/* Ridge through the smaller of the two normal systems (Cholesky, dposv). */
static gboolean
ridge_solve (const double  *a,
             int            m,
             int            n,
             const double  *b,
             int            nrhs,
             double         ridge,
             double        *x,
             GError       **error)
{
  int k = MIN (m, n);
  g_autofree double *g = g_new0 (double, (gsize) k * k);
  g_autofree double *rhs = g_new0 (double, (gsize) k * nrhs);
  int info;

  if (n <= m)
    {
      /* (AᵀA + λI) X = AᵀB */
      dt_dgemm (TRUE, FALSE, n, n, m, 1.0, a, n, a, n, 0.0, g, n);
      dt_dgemm (TRUE, FALSE, n, nrhs, m, 1.0, a, n, b, nrhs, 0.0, rhs, nrhs);
    }
  else
    {
      /* X = Aᵀ (AAᵀ + λI)⁻¹ B */
      dt_dgemm (FALSE, TRUE, m, m, n, 1.0, a, n, a, n, 0.0, g, m);
      memcpy (rhs, b, sizeof (double) * m * nrhs);
    }
  for (int i = 0; i < k; i++)
    g[(gsize) i * k + i] += ridge;

  /* g is symmetric, so row-major is column-major; the right-hand side is
   * transposed in and out */
  {
    g_autofree double *rc = g_new (double, (gsize) k * nrhs);

    for (int i = 0; i < k; i++)
      for (int r = 0; r < nrhs; r++)
        rc[i + (gsize) r * k] = rhs[(gsize) i * nrhs + r];
    dposv_ ("L", &k, &nrhs, g, &k, rc, &k, &info);
    if (info != 0)
      {
        g_set_error (error, DT_ERROR, DT_ERROR_FAILED,
                     _("The ridge system is not positive definite (dposv info %d); raise the ridge"), info);
        return FALSE;
      }
    for (int i = 0; i < k; i++)
      for (int r = 0; r < nrhs; r++)
        rhs[(gsize) i * nrhs + r] = rc[i + (gsize) r * k];
  }

  if (n <= m)
    memcpy (x, rhs, sizeof (double) * n * nrhs);
  else
    dt_dgemm (TRUE, FALSE, n, nrhs, m, 1.0, a, n, rhs, nrhs, 0.0, x, nrhs);
  return TRUE;
}

/**
 * dt_least_squares:
 * @a: (array): m × n design matrix, row-major
 * @m: rows (points)
 * @n: columns (features)
 * @b: (array): m × nrhs targets, row-major
 * @nrhs: number of target columns
 * @ridge: λ ≥ 0; 0 gives the minimum-norm least-squares solution
 * @x: (out caller-allocates) (array): n × nrhs solution, row-major
 * @error: return location for a #GError
 *
 * Solves min ‖A X − B‖² + λ‖X‖². With λ = 0 and n > m this is the
 * interpolating solution of least norm.
 *
 * Returns: %TRUE on success
 */
gboolean
dt_least_squares (const double  *a,
                  int            m,
                  int            n,
                  const double  *b,
                  int            nrhs,
                  double         ridge,
                  double        *x,
                  GError       **error)
{
  g_return_val_if_fail (a != NULL && b != NULL && x != NULL, FALSE);
  g_return_val_if_fail (m > 0 && n > 0 && nrhs > 0 && ridge >= 0, FALSE);

  if (ridge > 0)
    return ridge_solve (a, m, n, b, nrhs, ridge, x, error);
  return min_norm (a, m, n, b, nrhs, x, error);
}
