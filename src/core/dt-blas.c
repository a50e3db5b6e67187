/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include <unistd.h>

#include "dt-blas.h"

/**
 * dt_blas_set_threads:
 * @n_threads: threads OpenBLAS may use from now on (at least 1)
 */
void
dt_blas_set_threads (int n_threads)
{
  openblas_set_num_threads (MAX (1, n_threads));
}

int
dt_blas_get_threads (void)
{
  return openblas_get_num_threads ();
}

/**
 * dt_blas_describe:
 *
 * Returns: (transfer none): "OpenBLAS 0.3.21 (Prescott kernel)"-style text
 *   naming the library and the kernel in use, for the record's provenance.
 */
const char *
dt_blas_describe (void)
{
  static char *description;

  if (g_once_init_enter (&description))
    {
      const char *config = openblas_get_config ();
      const char *core = openblas_get_corename ();
      g_autofree char *version = NULL;

      /* The config string starts "OpenBLAS 0.3.21 …"; keep the first two words. */
      if (config != NULL)
        {
          g_auto(GStrv) words = g_strsplit (config, " ", 3);

          if (words[0] != NULL && words[1] != NULL)
            version = g_strdup_printf ("%s %s", words[0], words[1]);
        }
      g_once_init_leave (&description,
                                 g_strdup_printf ("%s (%s kernel)",
                                                  version ? version : "OpenBLAS",
                                                  core ? core : "unknown"));
    }
  return description;
}

/* Number of cores this process may run on. */
int
dt_cpu_count (void)
{
  long n = sysconf (_SC_NPROCESSORS_ONLN);

  return n > 0 ? (int) n : 1;
}

void
dt_sgemm (gboolean     trans_a,
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
          int          ldc)
{
  cblas_sgemm (CblasRowMajor,
               trans_a ? CblasTrans : CblasNoTrans,
               trans_b ? CblasTrans : CblasNoTrans,
               m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void
dt_dgemm (gboolean      trans_a,
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
          int           ldc)
{
  cblas_dgemm (CblasRowMajor,
               trans_a ? CblasTrans : CblasNoTrans,
               trans_b ? CblasTrans : CblasNoTrans,
               m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
