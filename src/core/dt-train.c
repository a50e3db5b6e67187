/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dt-error.h"
#include "dt-train.h"

/* A loss this many times the first step's (or 1, if larger) is divergence even
 * while still finite: no sane run climbs three orders of magnitude. */
#define DIVERGENCE_FACTOR 1e3

struct _DtTrainer
{
  DtMlp           *mlp;        /* owned */
  const DtDataset *data;       /* borrowed */
  DtMlpWork       *work;
  DtLoss           loss;
  guint            batch;
  DtSgdConfig      sgd;
  DtRng            order;
  guint32         *perm;
  guint            pos;
  guint64          step;
  double           last_loss;
  double           first_loss;
  void            *grad;
  void            *velocity;
  float           *batch_x;
  guint32         *batch_labels;
  float           *batch_y;
};

static void
dt_trainer_alloc (DtTrainer *self)
{
  gsize es = dt_mlp_dtype_size (self->mlp->dtype);
  const DtDataset *data = self->data;

  self->work = dt_mlp_work_new (self->mlp, self->batch);
  self->perm = g_new (guint32, data->n);
  self->grad = g_malloc0 (self->mlp->n_params * es);
  self->velocity = g_malloc0 (self->mlp->n_params * es);
  self->batch_x = g_new (float, (gsize) self->batch * data->d);
  if (data->labels)
    self->batch_labels = g_new (guint32, self->batch);
  if (data->y)
    self->batch_y = g_new (float, (gsize) self->batch * data->n_out);
}

/**
 * dt_trainer_new:
 * @mlp: (transfer full): the network to train; the trainer owns it
 * @data: the training set; must outlive the trainer
 * @loss: the loss
 * @batch: minibatch size, at most data->n
 * @sgd: optimiser settings
 * @order_seed: seed of the data-order stream
 * @order_stream: stream number of the data order
 *
 * Returns: (transfer full): a trainer at step 0
 */
DtTrainer *
dt_trainer_new (DtMlp             *mlp,
                const DtDataset   *data,
                DtLoss             loss,
                guint              batch,
                const DtSgdConfig *sgd,
                guint64            order_seed,
                guint64            order_stream)
{
  DtTrainer *self;

  g_return_val_if_fail (mlp != NULL && data != NULL && sgd != NULL, NULL);
  g_return_val_if_fail (data->n > 0 && data->d == mlp->sizes[0], NULL);

  self = g_new0 (DtTrainer, 1);
  self->mlp = mlp;
  self->data = data;
  self->loss = loss;
  self->batch = CLAMP (batch, 1, data->n);
  self->sgd = *sgd;
  self->last_loss = NAN;
  self->first_loss = NAN;
  dt_rng_init (&self->order, order_seed, order_stream);
  dt_trainer_alloc (self);
  self->pos = data->n;  /* draw a fresh order at the first step */

  return self;
}

void
dt_trainer_free (DtTrainer *self)
{
  if (self == NULL)
    return;
  dt_mlp_free (self->mlp);
  dt_mlp_work_free (self->work);
  g_free (self->perm);
  g_free (self->grad);
  g_free (self->velocity);
  g_free (self->batch_x);
  g_free (self->batch_labels);
  g_free (self->batch_y);
  g_free (self);
}

/**
 * dt_trainer_fork:
 * @trainer: a trainer
 * @order_seed: seed of the copy's data order
 * @order_stream: stream of the copy's data order
 *
 * Copies the network and the optimiser state (momentum) at the current step;
 * from here on the copy sees its data in its own order.
 *
 * Returns: (transfer full): the copy
 */
DtTrainer *
dt_trainer_fork (const DtTrainer *trainer,
                 guint64          order_seed,
                 guint64          order_stream)
{
  DtTrainer *self = g_new0 (DtTrainer, 1);

  self->mlp = dt_mlp_copy (trainer->mlp);
  self->data = trainer->data;
  self->loss = trainer->loss;
  self->batch = trainer->batch;
  self->sgd = trainer->sgd;
  self->step = trainer->step;
  self->last_loss = trainer->last_loss;
  self->first_loss = trainer->first_loss;
  dt_rng_init (&self->order, order_seed, order_stream);
  dt_trainer_alloc (self);
  memcpy (self->velocity, trainer->velocity,
          trainer->mlp->n_params * dt_mlp_dtype_size (trainer->mlp->dtype));
  self->pos = self->data->n;

  return self;
}

DtMlp *
dt_trainer_get_mlp (DtTrainer *self)
{
  return self->mlp;
}

guint64
dt_trainer_get_step (DtTrainer *self)
{
  return self->step;
}

double
dt_trainer_get_last_loss (DtTrainer *self)
{
  return self->last_loss;
}

static void
gather_batch (DtTrainer *self)
{
  const DtDataset *data = self->data;

  if (self->pos + self->batch > data->n)
    {
      dt_rng_permutation (&self->order, self->perm, data->n);
      self->pos = 0;
    }

  for (guint i = 0; i < self->batch; i++)
    {
      guint32 j = self->perm[self->pos + i];

      memcpy (self->batch_x + (gsize) i * data->d, data->x + (gsize) j * data->d,
              data->d * sizeof (float));
      if (self->batch_labels)
        self->batch_labels[i] = data->labels[j];
      if (self->batch_y)
        memcpy (self->batch_y + (gsize) i * data->n_out, data->y + (gsize) j * data->n_out,
                data->n_out * sizeof (float));
    }
  self->pos += self->batch;
}

/* Heavy-ball SGD with weight decay; pruned weights are zeroed in a
 * separate pass, which keeps the update loop vectorisable. */
#define SGD_UPDATE(T)                                                   \
  G_STMT_START {                                                        \
    T *restrict w = self->mlp->params;                                  \
    const T *restrict g = self->grad;                                   \
    T *restrict v = self->velocity;                                     \
    const guint8 *mask = self->mlp->mask;                               \
    T lr = (T) self->sgd.lr;                                            \
    T mu = (T) self->sgd.momentum;                                      \
    T wd = (T) self->sgd.weight_decay;                                  \
    for (gsize i = 0; i < n; i++)                                       \
      {                                                                 \
        v[i] = mu * v[i] + g[i] + wd * w[i];                            \
        w[i] -= lr * v[i];                                              \
      }                                                                 \
    if (mask)                                                           \
      for (gsize i = 0; i < n; i++)                                     \
        if (!mask[i])                                                   \
          w[i] = v[i] = 0;                                              \
  } G_STMT_END

static void
sgd_update (DtTrainer *self)
{
  gsize n = self->mlp->n_params;

  if (self->mlp->dtype == DT_F64)
    SGD_UPDATE (double);
  else
    SGD_UPDATE (float);
}

/**
 * dt_trainer_run:
 * @trainer: a trainer
 * @n_steps: optimiser steps to take
 * @cancellable: (nullable): checked before every step
 * @error: return location for a #GError
 *
 * Returns: %FALSE with %DT_ERROR_CANCELLED when cancelled, or
 *   %DT_ERROR_DIVERGED when the loss became NaN, infinite or absurdly large;
 *   the network then holds its last finite state only if it had not diverged.
 */
gboolean
dt_trainer_run (DtTrainer     *self,
                guint64        n_steps,
                GCancellable  *cancellable,
                GError       **error)
{
  for (guint64 s = 0; s < n_steps; s++)
    {
      double loss;

      if (dt_check_cancelled (cancellable, error))
        return FALSE;

      gather_batch (self);
      loss = dt_mlp_loss_grad (self->mlp, self->work, self->batch_x, self->batch,
                               self->loss, self->batch_labels, self->batch_y, self->grad);
      if (isnan (self->first_loss))
        self->first_loss = loss;
      if (!isfinite (loss) || loss > DIVERGENCE_FACTOR * MAX (self->first_loss, 1.0))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_DIVERGED,
                       "Training diverged at step %" G_GUINT64_FORMAT
                       " (loss %g); try a smaller learning rate",
                       self->step + 1, loss);
          return FALSE;
        }
      self->last_loss = loss;
      sgd_update (self);
      self->step++;
    }

  if (!dt_mlp_params_finite (self->mlp))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_DIVERGED,
                   "Training diverged by step %" G_GUINT64_FORMAT
                   " (a weight became infinite); try a smaller learning rate",
                   self->step);
      return FALSE;
    }
  return TRUE;
}
