/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The MLP's arithmetic, written once and compiled for float and double.
 * dt-mlp.c includes this file twice with R (the real type), FN(name)
 * (a per-type function name) and GEMM (dt_sgemm or dt_dgemm) defined.
 * <tgmath.h> makes exp, tanh, … pick the float or double version.
 */

static inline double
FN (layer_scale) (const DtMlp *mlp,
                  guint        l)
{
  return mlp->parameterisation == DT_PARAMETERISATION_NTK ? 1.0 / sqrt ((double) mlp->sizes[l]) : 1.0;
}

static void
FN (activate) (DtActivation  act,
               const R      *z,
               R            *a,
               gsize         n)
{
  switch (act)
    {
    case DT_ACT_RELU:
      for (gsize i = 0; i < n; i++)
        a[i] = z[i] > 0 ? z[i] : 0;
      break;
    case DT_ACT_TANH:
      for (gsize i = 0; i < n; i++)
        a[i] = tanh (z[i]);
      break;
    case DT_ACT_SOFTPLUS:
      /* log(1 + e^z) without overflow */
      for (gsize i = 0; i < n; i++)
        a[i] = z[i] > 0 ? z[i] + log1p (exp (-z[i])) : log1p (exp (z[i]));
      break;
    case DT_ACT_ERF:
      for (gsize i = 0; i < n; i++)
        a[i] = erf (z[i]);
      break;
    case DT_ACT_IDENTITY:
    default:
      if (a != z)
        memcpy (a, z, n * sizeof (R));
      break;
    }
}

/* delta *= σ'(z), with a = σ(z) at hand for the activations that use it. */
static void
FN (activate_backward) (DtActivation  act,
                        const R      *z,
                        const R      *a,
                        R            *delta,
                        gsize         n)
{
  switch (act)
    {
    case DT_ACT_RELU:
      for (gsize i = 0; i < n; i++)
        delta[i] = z[i] > 0 ? delta[i] : 0;
      break;
    case DT_ACT_TANH:
      for (gsize i = 0; i < n; i++)
        delta[i] *= 1 - a[i] * a[i];
      break;
    case DT_ACT_SOFTPLUS:
      for (gsize i = 0; i < n; i++)
        delta[i] *= 1 / (1 + exp (-z[i]));
      break;
    case DT_ACT_ERF:
      for (gsize i = 0; i < n; i++)
        delta[i] *= (R) M_2_SQRTPI * exp (-z[i] * z[i]);
      break;
    case DT_ACT_IDENTITY:
    default:
      break;
    }
}

static const R *
FN (forward) (const DtMlp *mlp,
              DtMlpWork   *work,
              const float *x,
              guint        batch)
{
  const R *params = mlp->params;
  const R *in;

#if DT_MLP_IMPL_DOUBLE
  {
    R *conv = work->input;
    gsize n = (gsize) batch * mlp->sizes[0];

    for (gsize i = 0; i < n; i++)
      conv[i] = x[i];
    in = conv;
  }
#else
  in = x;
#endif

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      guint n_in = mlp->sizes[l];
      guint n_out = mlp->sizes[l + 1];
      const R *w = params + mlp->w_offset[l];
      const R *b = params + mlp->b_offset[l];
      R *z = work->z[l];
      R *a = work->a[l];

      for (guint i = 0; i < batch; i++)
        memcpy (z + (gsize) i * n_out, b, n_out * sizeof (R));
      /* z (B × out) += s · in (B × in) · Wᵀ (in × out) */
      GEMM (FALSE, TRUE, batch, n_out, n_in, FN (layer_scale) (mlp, l),
            in, n_in, w, n_in, 1, z, n_out);

      if (l + 1 < mlp->n_layers)
        FN (activate) (mlp->activation, z, a, (gsize) batch * n_out);
      in = a;
    }

  return work->z[mlp->n_layers - 1];
}

/* Writes dL/dout into @dout and returns the mean loss over the batch. */
static double
FN (loss) (const R       *out,
           guint          batch,
           guint          k,
           DtLoss         loss,
           const guint32 *labels,
           const float   *targets,
           R             *dout)
{
  double total = 0;

  for (guint i = 0; i < batch; i++)
    {
      const R *o = out + (gsize) i * k;
      R *d = dout ? dout + (gsize) i * k : NULL;

      if (loss == DT_LOSS_CE)
        {
          double mx = o[0], sum = 0;

          for (guint j = 1; j < k; j++)
            mx = MAX (mx, (double) o[j]);
          for (guint j = 0; j < k; j++)
            sum += exp ((double) o[j] - mx);
          total += mx + log (sum) - (double) o[labels[i]];
          if (d)
            for (guint j = 0; j < k; j++)
              d[j] = (R) ((exp ((double) o[j] - mx) / sum - (j == labels[i])) / batch);
        }
      else
        {
          for (guint j = 0; j < k; j++)
            {
              double y = targets ? targets[(gsize) i * k + j] : (labels[i] == j ? 1.0 : 0.0);
              double diff = (double) o[j] - y;

              total += 0.5 * diff * diff;
              if (d)
                d[j] = (R) (diff / batch);
            }
        }
    }

  return total / batch;
}

static void
FN (backward) (const DtMlp *mlp,
               DtMlpWork   *work,
               guint        batch,
               R           *grad)
{
  const R *params = mlp->params;
  R *delta = work->delta[0];
  R *next = work->delta[1];

  for (guint l = mlp->n_layers; l-- > 0;)
    {
      guint n_in = mlp->sizes[l];
      guint n_out = mlp->sizes[l + 1];
      double s = FN (layer_scale) (mlp, l);
      const R *in = l > 0 ? (const R *) work->a[l - 1] : (const R *) work->input_used;
      R *gw = grad + mlp->w_offset[l];
      R *gb = grad + mlp->b_offset[l];
      R *tmp;

      /* dW (out × in) = s · deltaᵀ (out × B) · in (B × in) */
      GEMM (TRUE, FALSE, n_out, n_in, batch, s, delta, n_out, in, n_in, 0, gw, n_in);
      for (guint j = 0; j < n_out; j++)
        gb[j] = 0;
      for (guint i = 0; i < batch; i++)
        for (guint j = 0; j < n_out; j++)
          gb[j] += delta[(gsize) i * n_out + j];

      if (l == 0)
        break;

      /* delta_prev (B × in) = s · delta (B × out) · W (out × in), then ⊙ σ'(z) */
      GEMM (FALSE, FALSE, batch, n_in, n_out, s, delta, n_out,
            params + mlp->w_offset[l], n_in, 0, next, n_in);
      FN (activate_backward) (mlp->activation, work->z[l - 1], work->a[l - 1],
                              next, (gsize) batch * n_in);
      tmp = delta;
      delta = next;
      next = tmp;
    }
}

static double
FN (loss_grad) (const DtMlp   *mlp,
                DtMlpWork     *work,
                const float   *x,
                guint          batch,
                DtLoss         loss,
                const guint32 *labels,
                const float   *targets,
                R             *grad)
{
  guint k = mlp->sizes[mlp->n_layers];
  const R *out = FN (forward) (mlp, work, x, batch);
  double value;

#if DT_MLP_IMPL_DOUBLE
  work->input_used = work->input;
#else
  work->input_used = (void *) x;
#endif

  value = FN (loss) (out, batch, k, loss, labels, targets, grad ? work->delta[0] : NULL);
  if (grad)
    FN (backward) (mlp, work, batch, grad);
  return value;
}

static void
FN (interpolate) (R       *dst,
                  const R *a,
                  const R *b,
                  gsize    n,
                  double   alpha)
{
  R ra = (R) alpha;
  R rb = (R) (1.0 - alpha);

  /* alpha = 1 and alpha = 0 reproduce a and b exactly */
  for (gsize i = 0; i < n; i++)
    dst[i] = ra * a[i] + rb * b[i];
}

/* Loss summed over the chunk and the number of misclassified points. */
static void
FN (evaluate_chunk) (const DtMlp     *mlp,
                     DtMlpWork       *work,
                     const DtDataset *data,
                     guint            first,
                     guint            batch,
                     DtLoss           loss,
                     double          *loss_sum,
                     guint           *wrong)
{
  guint k = mlp->sizes[mlp->n_layers];
  const R *out = FN (forward) (mlp, work, data->x + (gsize) first * data->d, batch);
  const guint32 *labels = data->labels ? data->labels + first : NULL;
  const float *targets = data->y ? data->y + (gsize) first * data->n_out : NULL;

  *loss_sum += FN (loss) (out, batch, k, loss, labels, targets, NULL) * batch;

  if (labels == NULL)
    return;
  for (guint i = 0; i < batch; i++)
    {
      const R *o = out + (gsize) i * k;
      guint best = 0;

      for (guint j = 1; j < k; j++)
        if (o[j] > o[best])
          best = j;
      if (best != labels[i])
        (*wrong)++;
    }
}
