/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dt-data.h"
#include "dt-mlp.h"

G_BEGIN_DECLS

/**
 * DtSgdConfig:
 * @lr: learning rate
 * @momentum: heavy-ball momentum in [0, 1)
 * @weight_decay: L2 coefficient added to the gradient
 *
 * v ← μ·v + (g + λ·w); w ← w − lr·v (the convention of PyTorch's SGD).
 */
typedef struct
{
  double lr;
  double momentum;
  double weight_decay;
} DtSgdConfig;

/**
 * DtTrainer:
 *
 * Minibatch SGD on one network and one data set, advanced step by step so a
 * run can be paused, copied (dt_trainer_fork()) and continued. Each epoch
 * visits the points in a fresh order drawn from the trainer's own stream;
 * a batch equal to the data set's size is full-batch gradient descent.
 * All buffers are allocated once, in dt_trainer_new().
 */
typedef struct _DtTrainer DtTrainer;

DtTrainer   *dt_trainer_new         (DtMlp             *mlp,
                                     const DtDataset   *data,
                                     DtLoss             loss,
                                     guint              batch,
                                     const DtSgdConfig *sgd,
                                     guint64            order_seed,
                                     guint64            order_stream);
void         dt_trainer_free        (DtTrainer         *trainer);
DtTrainer   *dt_trainer_fork        (const DtTrainer   *trainer,
                                     guint64            order_seed,
                                     guint64            order_stream);
DtMlp       *dt_trainer_get_mlp     (DtTrainer         *trainer);
guint64      dt_trainer_get_step    (DtTrainer         *trainer);
double       dt_trainer_get_last_loss (DtTrainer       *trainer);
gboolean     dt_trainer_run         (DtTrainer         *trainer,
                                     guint64            n_steps,
                                     GCancellable      *cancellable,
                                     GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtTrainer, dt_trainer_free)

G_END_DECLS
