/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gsize dt_prune_top_k         (const float *scores,
                              gsize        n,
                              gsize        k,
                              guint8      *keep,
                              float       *scratch);
gsize dt_prune_by_magnitude  (const float *weights,
                              gsize        n,
                              gsize        n_remove,
                              guint8      *mask);
gsize dt_prune_count         (const guint8 *mask,
                              gsize         n);

G_END_DECLS
