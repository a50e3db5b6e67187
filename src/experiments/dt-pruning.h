/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dt-experiment.h"

G_BEGIN_DECLS

extern const DtExperiment dt_experiment_pruning;

/**
 * DtImpMask:
 * @rewind: the rewind iteration k the mask was found with
 * @round: the pruning round it comes from (1 = after the first pruning)
 * @fraction: the fraction of weights it keeps
 * @n_params: the length of @mask
 * @mask: (array length=n_params): one byte per parameter of a #DtMlp of the
 *   record's sizes, in its layout: 1 for a kept weight and for every bias,
 *   0 for a pruned weight; ready for dt_mlp_set_mask()
 *
 * A mask found by iterative magnitude pruning, read back from a record.
 */
typedef struct
{
  guint64  rewind;
  guint    round;
  double   fraction;
  gsize    n_params;
  guint8  *mask;
} DtImpMask;

DtImpMask *dt_pruning_load_imp_mask (const char  *path,
                                     gint64       rewind,
                                     gint64       round,
                                     const guint *sizes,
                                     guint        n_sizes,
                                     GError     **error);
void       dt_imp_mask_free         (DtImpMask   *mask);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtImpMask, dt_imp_mask_free)

G_END_DECLS
