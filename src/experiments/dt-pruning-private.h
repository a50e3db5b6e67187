/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What the files of the pruning experiment share: the run both modes
 * work in, the seed's streams and the counts of a network's weights
 * (inline), the checks and plots common to both modes (dt-pruning.c),
 * and the table of each mode's entry points (dt-pruning-strong.c,
 * dt-pruning-imp.c). Not installed, not for other experiments.
 */

#include "dt-experiment.h"
#include "dt-mlp.h"
#include "dt-prune.h"
#include "dt-record.h"

G_BEGIN_DECLS

/* Steps between progress reports and cancellation checks. */
#define CHUNK_STEPS     50

/* Streams of the run's seed. The IMP ones match dt-connectivity.c. */
enum
{
  STREAM_IMP_INIT = 1,
  STREAM_IMP_ORDER = 2,
  STREAM_TARGET = 10,
  STREAM_TRAIN_X = 11,
  STREAM_TEST_X = 12,
  STREAM_NET = 1000,          /* + overparam */
  STREAM_REINIT = 5000,       /* + round */
  STREAM_SCORES = 1 << 20,    /* + 1024 · overparam + density index */
  STREAM_BATCHES = 2 << 20,   /* + 1024 · overparam + density index */
};

/* A run of either mode: what it was given, and the progress its jobs share. */
typedef struct
{
  const DtParams *params;
  DtRecord       *record;
  DtProgressFunc  progress;
  gpointer        progress_data;
  GCancellable   *cancellable;
  guint           n_threads;
  guint64         seed;
  guint64         total_work;
  gint            done_work;   /* atomic */
  GMutex          lock;        /* orders the updates of the record by jobs */
} Run;

/* Progress: @message with the fraction of total_work done so far. */
static inline void
report (Run        *run,
        const char *message)
{
  double fraction;

  if (run->progress == NULL)
    return;
  fraction = run->total_work > 0 ? (double) g_atomic_int_get (&run->done_work) / run->total_work : 0;
  run->progress (CLAMP (fraction, 0.0, 1.0), message, run->progress_data);
}

static inline void
add_work (Run    *run,
          guint64 amount)
{
  g_atomic_int_add (&run->done_work, (gint) amount);
}

/* The weights (biases aside) of layer @l and of the whole network, and how
 * many of them @mask keeps. */
static inline gsize
layer_weights (const DtMlp *mlp,
               guint        l)
{
  return (gsize) mlp->sizes[l] * mlp->sizes[l + 1];
}

static inline gsize
total_weights (const DtMlp *mlp)
{
  gsize n = 0;

  for (guint l = 0; l < mlp->n_layers; l++)
    n += layer_weights (mlp, l);
  return n;
}

static inline gsize
layer_kept (const DtMlp  *mlp,
            const guint8 *mask,
            guint         l)
{
  return dt_prune_count (mask + mlp->w_offset[l], layer_weights (mlp, l));
}

static inline gsize
total_kept (const DtMlp  *mlp,
            const guint8 *mask)
{
  gsize n = 0;

  for (guint l = 0; l < mlp->n_layers; l++)
    n += layer_kept (mlp, mask, l);
  return n;
}

/* dt-pruning.c */
gboolean dt_pruning_check_mask_layer    (const DtParams  *params,
                                         guint            n_layers,
                                         const char      *network,
                                         GError         **error);
void     dt_pruning_set_mask_plot       (DtRecord        *record,
                                         const DtMlp     *mlp,
                                         const guint8    *mask,
                                         guint            l,
                                         const char      *title);
void     dt_pruning_add_empty_mask_plot (DtRecord        *record,
                                         guint            rows,
                                         guint            cols,
                                         const char      *title);
void     dt_pruning_add_density_plot    (DtRecord        *record,
                                         guint            n_layers,
                                         const char      *x_label,
                                         DtScale          x_scale);

/**
 * DtPruningMode:
 * @check: the mode's constraints on the parameters
 * @estimate: its cost
 * @prepare: its plots, before the run
 * @run: the run
 *
 * A mode of the experiment, as dt-pruning.c calls it: dt_pruning_strong
 * (dt-pruning-strong.c) or dt_pruning_imp (dt-pruning-imp.c).
 */
typedef struct
{
  gboolean (*check)(const DtParams  *params,
                    GError         **error);
  void     (*estimate)(const DtParams  *params,
                       DtRunEstimate   *estimate);
  void     (*prepare)(const DtParams  *params,
                      DtRecord        *record);
  gboolean (*run)(Run             *run,
                  GError         **error);
} DtPruningMode;

extern const DtPruningMode dt_pruning_strong;
extern const DtPruningMode dt_pruning_imp;

G_END_DECLS
