/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include <string.h>
#include <tgmath.h>

#include "dt-blas.h"
#include "dt-mlp.h"

struct _DtMlpWork
{
  DtDtype  dtype;
  guint    max_batch;
  guint    n_layers;
  void    *input;       /* inputs converted to double (f64 networks only) */
  void    *input_used;  /* what layer 0 read in the last forward pass */
  void   **z;           /* per layer: pre-activations, max_batch × width */
  void   **a;           /* per layer: activations (the last layer has none) */
  void    *delta[2];    /* back-propagated errors, max_batch × widest layer */
};

#define R float
#define FN(name) name##_f32
#define GEMM dt_sgemm
#define DT_MLP_IMPL_DOUBLE 0
#include "dt-mlp-impl.h"
#undef R
#undef FN
#undef GEMM
#undef DT_MLP_IMPL_DOUBLE

#define R double
#define FN(name) name##_f64
#define GEMM dt_dgemm
#define DT_MLP_IMPL_DOUBLE 1
#include "dt-mlp-impl.h"
#undef R
#undef FN
#undef GEMM
#undef DT_MLP_IMPL_DOUBLE

gsize
dt_mlp_dtype_size (DtDtype dtype)
{
  return dtype == DT_F64 ? sizeof (double) : sizeof (float);
}

/**
 * dt_mlp_new:
 * @dtype: precision
 * @sizes: (array length=n_sizes): input, hidden…, output widths
 * @n_sizes: at least 2
 * @activation: activation of the hidden layers
 * @parameterisation: standard or NTK
 *
 * Returns: (transfer full): a network with all parameters zero; call
 *   dt_mlp_init() to draw them.
 */
DtMlp *
dt_mlp_new (DtDtype             dtype,
            const guint        *sizes,
            guint               n_sizes,
            DtActivation        activation,
            DtParameterisation  parameterisation)
{
  DtMlp *mlp;
  gsize offset = 0;

  g_return_val_if_fail (sizes != NULL, NULL);
  g_return_val_if_fail (n_sizes >= 2, NULL);

  mlp = g_new0 (DtMlp, 1);
  mlp->dtype = dtype;
  mlp->activation = activation;
  mlp->parameterisation = parameterisation;
  mlp->n_layers = n_sizes - 1;
  mlp->sizes = g_memdup2 (sizes, n_sizes * sizeof (guint));
  mlp->w_offset = g_new0 (gsize, mlp->n_layers);
  mlp->b_offset = g_new0 (gsize, mlp->n_layers);

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      g_return_val_if_fail (sizes[l] > 0 && sizes[l + 1] > 0, NULL);
      mlp->w_offset[l] = offset;
      offset += (gsize) sizes[l] * sizes[l + 1];
      mlp->b_offset[l] = offset;
      offset += sizes[l + 1];
    }
  mlp->n_params = offset;
  mlp->params = g_malloc0 (offset * dt_mlp_dtype_size (dtype));

  return mlp;
}

void
dt_mlp_free (DtMlp *mlp)
{
  if (mlp == NULL)
    return;
  g_free (mlp->sizes);
  g_free (mlp->w_offset);
  g_free (mlp->b_offset);
  g_free (mlp->params);
  g_free (mlp->mask);
  g_free (mlp);
}

/**
 * dt_mlp_copy:
 * @mlp: a network
 *
 * Returns: (transfer full): a deep copy, parameters and mask included
 */
DtMlp *
dt_mlp_copy (const DtMlp *mlp)
{
  DtMlp *copy;

  g_return_val_if_fail (mlp != NULL, NULL);

  copy = dt_mlp_new (mlp->dtype, mlp->sizes, mlp->n_layers + 1,
                     mlp->activation, mlp->parameterisation);
  dt_mlp_copy_params (copy, mlp);
  if (mlp->mask)
    dt_mlp_set_mask (copy, mlp->mask);
  return copy;
}

/* Copies the parameters of @src into @dst, which must have the same shape. */
void
dt_mlp_copy_params (DtMlp       *dst,
                    const DtMlp *src)
{
  g_return_if_fail (dst->n_params == src->n_params && dst->dtype == src->dtype);
  memcpy (dst->params, src->params, src->n_params * dt_mlp_dtype_size (src->dtype));
}

/**
 * dt_mlp_init:
 * @mlp: a network
 * @rng: the stream to draw from
 *
 * Draws the weights (see #DtParameterisation) and sets the biases to zero.
 */
void
dt_mlp_init (DtMlp *mlp,
             DtRng *rng)
{
  g_return_if_fail (mlp != NULL && rng != NULL);

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      gsize n_w = (gsize) mlp->sizes[l] * mlp->sizes[l + 1];
      double gain = (mlp->activation == DT_ACT_RELU && l + 1 < mlp->n_layers) ? 2.0 : 1.0;
      double std;

      if (mlp->parameterisation == DT_PARAMETERISATION_NTK)
        std = 1.0;
      else
        std = sqrt (gain / mlp->sizes[l]);

      for (gsize i = 0; i < n_w; i++)
        dt_mlp_set_param (mlp, mlp->w_offset[l] + i, std * dt_rng_normal (rng));
      for (guint j = 0; j < mlp->sizes[l + 1]; j++)
        dt_mlp_set_param (mlp, mlp->b_offset[l] + j, 0.0);
    }
  dt_mlp_apply_mask (mlp);
}

/**
 * dt_mlp_interpolate:
 * @dst: receives alpha·a + (1 − alpha)·b
 * @a: a network of the same shape
 * @b: a network of the same shape
 * @alpha: the mixing weight; 1 gives @a exactly, 0 gives @b exactly
 */
void
dt_mlp_interpolate (DtMlp       *dst,
                    const DtMlp *a,
                    const DtMlp *b,
                    double       alpha)
{
  g_return_if_fail (dst->n_params == a->n_params && a->n_params == b->n_params);

  if (dst->dtype == DT_F64)
    interpolate_f64 (dst->params, a->params, b->params, dst->n_params, alpha);
  else
    interpolate_f32 (dst->params, a->params, b->params, dst->n_params, alpha);
}

double
dt_mlp_get_param (const DtMlp *mlp,
                  gsize        index)
{
  g_return_val_if_fail (index < mlp->n_params, 0.0);

  if (mlp->dtype == DT_F64)
    return ((const double *) mlp->params)[index];
  return ((const float *) mlp->params)[index];
}

void
dt_mlp_set_param (DtMlp  *mlp,
                  gsize   index,
                  double  value)
{
  g_return_if_fail (index < mlp->n_params);

  if (mlp->dtype == DT_F64)
    ((double *) mlp->params)[index] = value;
  else
    ((float *) mlp->params)[index] = (float) value;
}

/**
 * dt_mlp_set_mask:
 * @mlp: a network
 * @mask: (nullable) (array): one 0/1 byte per parameter, copied; %NULL
 *   removes the mask
 *
 * Masked parameters are set to zero now and after every optimiser step.
 */
void
dt_mlp_set_mask (DtMlp        *mlp,
                 const guint8 *mask)
{
  g_clear_pointer (&mlp->mask, g_free);
  if (mask)
    mlp->mask = g_memdup2 (mask, mlp->n_params);
  dt_mlp_apply_mask (mlp);
}

void
dt_mlp_apply_mask (DtMlp *mlp)
{
  if (mlp->mask == NULL)
    return;
  for (gsize i = 0; i < mlp->n_params; i++)
    if (!mlp->mask[i])
      dt_mlp_set_param (mlp, i, 0.0);
}

/* TRUE when no parameter is NaN or infinite. */
gboolean
dt_mlp_params_finite (const DtMlp *mlp)
{
  if (mlp->dtype == DT_F64)
    {
      const double *p = mlp->params;

      for (gsize i = 0; i < mlp->n_params; i++)
        if (!isfinite (p[i]))
          return FALSE;
    }
  else
    {
      const float *p = mlp->params;

      for (gsize i = 0; i < mlp->n_params; i++)
        if (!isfinite (p[i]))
          return FALSE;
    }
  return TRUE;
}

/**
 * dt_mlp_work_new:
 * @mlp: the network the workspace serves
 * @max_batch: the largest batch it will be used with
 *
 * Returns: (transfer full): buffers for forward and backward passes, sized
 *   once so that training loops never allocate.
 */
DtMlpWork *
dt_mlp_work_new (const DtMlp *mlp,
                 guint        max_batch)
{
  DtMlpWork *work;
  gsize es = dt_mlp_dtype_size (mlp->dtype);
  guint widest = 0;

  g_return_val_if_fail (mlp != NULL && max_batch > 0, NULL);

  work = g_new0 (DtMlpWork, 1);
  work->dtype = mlp->dtype;
  work->max_batch = max_batch;
  work->n_layers = mlp->n_layers;
  work->z = g_new0 (void *, mlp->n_layers);
  work->a = g_new0 (void *, mlp->n_layers);

  for (guint l = 0; l <= mlp->n_layers; l++)
    widest = MAX (widest, mlp->sizes[l]);

  if (mlp->dtype == DT_F64)
    work->input = g_malloc0 ((gsize) max_batch * mlp->sizes[0] * es);
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      gsize n = (gsize) max_batch * mlp->sizes[l + 1] * es;

      work->z[l] = g_malloc0 (n);
      work->a[l] = l + 1 < mlp->n_layers ? g_malloc0 (n) : work->z[l];
    }
  work->delta[0] = g_malloc0 ((gsize) max_batch * widest * es);
  work->delta[1] = g_malloc0 ((gsize) max_batch * widest * es);

  return work;
}

void
dt_mlp_work_free (DtMlpWork *work)
{
  if (work == NULL)
    return;
  for (guint l = 0; l < work->n_layers; l++)
    {
      if (work->a[l] != work->z[l])
        g_free (work->a[l]);
      g_free (work->z[l]);
    }
  g_free (work->z);
  g_free (work->a);
  g_free (work->input);
  g_free (work->delta[0]);
  g_free (work->delta[1]);
  g_free (work);
}

guint
dt_mlp_work_get_max_batch (DtMlpWork *work)
{
  return work->max_batch;
}

/**
 * dt_mlp_forward:
 * @mlp: a network
 * @work: a workspace made for it
 * @x: (array): @batch inputs, row-major
 * @batch: at most the workspace's max batch
 *
 * Returns: (transfer none): the outputs, batch × n_out of the network's
 *   dtype, valid until the next use of @work
 */
const void *
dt_mlp_forward (const DtMlp *mlp,
                DtMlpWork   *work,
                const float *x,
                guint        batch)
{
  g_return_val_if_fail (batch > 0 && batch <= work->max_batch, NULL);
  g_return_val_if_fail (work->dtype == mlp->dtype, NULL);

  if (mlp->dtype == DT_F64)
    return forward_f64 (mlp, work, x, batch);
  return forward_f32 (mlp, work, x, batch);
}

/**
 * dt_mlp_loss_grad:
 * @mlp: a network
 * @work: a workspace made for it
 * @x: (array): @batch inputs
 * @batch: batch size
 * @loss: the loss
 * @labels: (nullable): classes (CE, or MSE against one-hot targets)
 * @targets: (nullable): regression targets, batch × n_out (MSE)
 * @grad: (nullable): receives dLoss/dparams in the layout of mlp->params
 *
 * Returns: the mean loss over the batch
 */
double
dt_mlp_loss_grad (const DtMlp   *mlp,
                  DtMlpWork     *work,
                  const float   *x,
                  guint          batch,
                  DtLoss         loss,
                  const guint32 *labels,
                  const float   *targets,
                  void          *grad)
{
  g_return_val_if_fail (batch > 0 && batch <= work->max_batch, NAN);
  g_return_val_if_fail (labels != NULL || (targets != NULL && loss == DT_LOSS_MSE), NAN);

  if (mlp->dtype == DT_F64)
    return loss_grad_f64 (mlp, work, x, batch, loss, labels, targets, grad);
  return loss_grad_f32 (mlp, work, x, batch, loss, labels, targets, grad);
}

/**
 * dt_mlp_evaluate:
 * @mlp: a network
 * @work: a workspace made for it
 * @data: the points to evaluate on
 * @loss: the loss to report
 * @mean_loss: (out) (optional): mean loss over @data
 * @error: (out) (optional): fraction misclassified (classification) or NAN
 */
void
dt_mlp_evaluate (const DtMlp     *mlp,
                 DtMlpWork       *work,
                 const DtDataset *data,
                 DtLoss           loss,
                 double          *mean_loss,
                 double          *error)
{
  double loss_sum = 0;
  guint wrong = 0;

  for (guint first = 0; first < data->n; first += work->max_batch)
    {
      guint batch = MIN (work->max_batch, data->n - first);

      if (mlp->dtype == DT_F64)
        evaluate_chunk_f64 (mlp, work, data, first, batch, loss, &loss_sum, &wrong);
      else
        evaluate_chunk_f32 (mlp, work, data, first, batch, loss, &loss_sum, &wrong);
    }

  if (mean_loss)
    *mean_loss = data->n ? loss_sum / data->n : NAN;
  if (error)
    *error = (data->labels && data->n) ? (double) wrong / data->n : NAN;
}
