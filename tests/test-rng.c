/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-rng"

#include "config.h"

#include <math.h>

#include "dt-rng.h"

static void
test_determinism (void)
{
  DtRng a, b;

  dt_rng_init (&a, 12345, 7);
  dt_rng_init (&b, 12345, 7);
  for (int i = 0; i < 1000; i++)
    g_assert_cmpuint (dt_rng_next (&a), ==, dt_rng_next (&b));
  for (int i = 0; i < 1000; i++)
    g_assert_cmpfloat (dt_rng_normal (&a), ==, dt_rng_normal (&b));
}

static void
test_streams_differ (void)
{
  DtRng a, b, c;
  int same_ab = 0, same_ac = 0;

  dt_rng_init (&a, 1, 0);
  dt_rng_init (&b, 1, 1);
  dt_rng_init (&c, 2, 0);
  for (int i = 0; i < 1000; i++)
    {
      guint64 x = dt_rng_next (&a);

      same_ab += x == dt_rng_next (&b);
      same_ac += x == dt_rng_next (&c);
    }
  g_assert_cmpint (same_ab, ==, 0);
  g_assert_cmpint (same_ac, ==, 0);
}

/* Moments of the uniform and normal draws, within 5 standard errors. */
static void
test_moments (void)
{
  DtRng rng;
  const int n = 200000;
  double su = 0, su2 = 0, sn = 0, sn2 = 0, sn4 = 0;

  dt_rng_init (&rng, 99, 0);
  for (int i = 0; i < n; i++)
    {
      double u = dt_rng_uniform (&rng);
      double z = dt_rng_normal (&rng);

      g_assert_cmpfloat (u, >=, 0.0);
      g_assert_cmpfloat (u, <, 1.0);
      su += u;
      su2 += u * u;
      sn += z;
      sn2 += z * z;
      sn4 += z * z * z * z;
    }
  g_assert_cmpfloat (fabs (su / n - 0.5), <, 5 * sqrt (1.0 / 12 / n));
  g_assert_cmpfloat (fabs (su2 / n - 1.0 / 3), <, 0.01);
  g_assert_cmpfloat (fabs (sn / n), <, 5 / sqrt (n));
  g_assert_cmpfloat (fabs (sn2 / n - 1), <, 5 * sqrt (2.0 / n));
  g_assert_cmpfloat (fabs (sn4 / n - 3), <, 0.1);
}

static void
test_below_and_permutation (void)
{
  DtRng rng;
  guint counts[7] = { 0, };
  guint32 perm[100];
  gboolean seen[100] = { FALSE, };

  dt_rng_init (&rng, 5, 0);
  for (int i = 0; i < 70000; i++)
    counts[dt_rng_below (&rng, 7)]++;
  for (int j = 0; j < 7; j++)
    g_assert_cmpuint (ABS ((int) counts[j] - 10000), <, 500);

  dt_rng_permutation (&rng, perm, 100);
  for (int i = 0; i < 100; i++)
    {
      g_assert_cmpuint (perm[i], <, 100);
      g_assert_false (seen[perm[i]]);
      seen[perm[i]] = TRUE;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rng/determinism", test_determinism);
  g_test_add_func ("/rng/streams-differ", test_streams_differ);
  g_test_add_func ("/rng/moments", test_moments);
  g_test_add_func ("/rng/below-and-permutation", test_below_and_permutation);
  return g_test_run ();
}
