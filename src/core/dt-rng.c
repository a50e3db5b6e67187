/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include <math.h>

#include "dt-rng.h"

/* splitmix64: expands a seed into well-mixed state words. */
static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

/**
 * dt_rng_init:
 * @rng: the generator to initialise
 * @seed: the run's seed
 * @stream: which independent stream of that seed
 *
 * Streams of one seed are decorrelated by hashing (seed, stream) together
 * through splitmix64 before filling the state.
 */
void
dt_rng_init (DtRng   *rng,
             guint64  seed,
             guint64  stream)
{
  guint64 x;

  g_return_if_fail (rng != NULL);

  x = seed;
  x = splitmix64 (&x) ^ (stream * G_GUINT64_CONSTANT (0xD1B54A32D192ED03));
  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
  /* xoshiro must not start from the all-zero state */
  if ((rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) == 0)
    rng->s[0] = 1;
  rng->have_spare = FALSE;
  rng->spare = 0.0;
}

guint64
dt_rng_next (DtRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

/* A double in [0, 1) with 53 random bits. */
double
dt_rng_uniform (DtRng *rng)
{
  return (dt_rng_next (rng) >> 11) * 0x1.0p-53;
}

/* Standard normal by the polar Box–Muller method; keeps the second draw. */
double
dt_rng_normal (DtRng *rng)
{
  double u, v, s, f;

  if (rng->have_spare)
    {
      rng->have_spare = FALSE;
      return rng->spare;
    }

  do
    {
      u = 2.0 * dt_rng_uniform (rng) - 1.0;
      v = 2.0 * dt_rng_uniform (rng) - 1.0;
      s = u * u + v * v;
    }
  while (s >= 1.0 || s == 0.0);

  f = sqrt (-2.0 * log (s) / s);
  rng->spare = v * f;
  rng->have_spare = TRUE;
  return u * f;
}

/* Uniform integer in [0, n) without modulo bias (Lemire's method). */
guint32
dt_rng_below (DtRng   *rng,
              guint32  n)
{
  guint64 m;
  guint32 low;

  g_return_val_if_fail (n > 0, 0);

  m = (guint64) (guint32) (dt_rng_next (rng) >> 32) * n;
  low = (guint32) m;
  if (low < n)
    {
      guint32 threshold = -n % n;

      while (low < threshold)
        {
          m = (guint64) (guint32) (dt_rng_next (rng) >> 32) * n;
          low = (guint32) m;
        }
    }
  return (guint32) (m >> 32);
}

/* Fisher–Yates shuffle in place. */
void
dt_rng_shuffle (DtRng   *rng,
                guint32 *items,
                gsize    n)
{
  for (gsize i = n; i > 1; i--)
    {
      gsize j = dt_rng_below (rng, (guint32) i);
      guint32 tmp = items[i - 1];

      items[i - 1] = items[j];
      items[j] = tmp;
    }
}

/* Fills @items with a random permutation of 0..n-1. */
void
dt_rng_permutation (DtRng   *rng,
                    guint32 *items,
                    gsize    n)
{
  for (gsize i = 0; i < n; i++)
    items[i] = (guint32) i;
  dt_rng_shuffle (rng, items, n);
}
