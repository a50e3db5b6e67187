/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dt-blas.h"

/* Kernels OpenBLAS falls back to when it does not recognise a processor. */
static gboolean
is_generic_core (const char *core)
{
  static const char * const generic[] = { "Prescott", "Core2", "Nehalem", "Penryn", "Dunnington",
                                          "Katmai", "Coppermine", "Northwood", "Banias", "generic",
                                          "Atom", "Opteron", "Barcelona", NULL };

  return core == NULL || g_strv_contains (generic, core);
}

static gboolean
under_valgrind (void)
{
  const char *preload = g_getenv ("LD_PRELOAD");

  return preload != NULL && strstr (preload, "vgpreload") != NULL;
}

/**
 * dt_blas_select_kernel:
 * @argv: the program's arguments, for re-executing it
 *
 * Debian's OpenBLAS 0.3.21 does not recognise some recent processors and
 * falls back to a generic kernel several times slower. When that happens on a
 * processor with AVX-512 or AVX2, the program re-executes itself with
 * OPENBLAS_CORETYPE set to the matching kernel (the library reads it only when
 * it loads). A value the user set is always respected; nothing happens under
 * valgrind (which cannot run AVX-512 kernels) or when DESCENT_KERNEL=keep.
 * Call it first thing in main().
 */
void
dt_blas_select_kernel (char **argv)
{
  const char *kernel = NULL;

  if (g_getenv ("OPENBLAS_CORETYPE") != NULL || g_strcmp0 (g_getenv ("DESCENT_KERNEL"), "keep") == 0 ||
      under_valgrind () || !is_generic_core (openblas_get_corename ()))
    return;

#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx512f"))
    kernel = "SkylakeX";
  else if (__builtin_cpu_supports ("avx2"))
    kernel = "Haswell";
#endif
  if (kernel == NULL)
    return;

  /* DESCENT_KERNEL=keep also guards against a loop should the kernel be refused */
  g_setenv ("OPENBLAS_CORETYPE", kernel, TRUE);
  g_setenv ("DESCENT_KERNEL", "keep", TRUE);
  execv ("/proc/self/exe", argv);
  /* exec failed: carry on with the generic kernel */
  g_unsetenv ("OPENBLAS_CORETYPE");
}

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
