/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DtRng:
 *
 * A small, fast, seedable generator (xoshiro256**). Every random draw in
 * Descent goes through one of these, so a run is a pure function of its
 * seed. Independent streams come from the same seed and a stream number:
 * two streams never share state, whatever their order of use.
 */
typedef struct
{
  guint64  s[4];
  gboolean have_spare;
  double   spare;
} DtRng;

void     dt_rng_init        (DtRng   *rng,
                             guint64  seed,
                             guint64  stream);
guint64  dt_rng_next        (DtRng   *rng);
double   dt_rng_uniform     (DtRng   *rng);
double   dt_rng_normal      (DtRng   *rng);
guint32  dt_rng_below       (DtRng   *rng,
                             guint32  n);
void     dt_rng_shuffle     (DtRng   *rng,
                             guint32 *items,
                             gsize    n);
void     dt_rng_permutation (DtRng   *rng,
                             guint32 *items,
                             gsize    n);

G_END_DECLS
