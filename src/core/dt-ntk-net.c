/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dt-blas.h"
#include "dt-error.h"
#include "dt-ntk-net.h"

/*
 * The network of Huang & Yau (dt-ntk-net.h): its activations, the forward
 * and backward passes, the tangent kernel K² and the gradient flow of the
 * squared loss. The higher kernels K³ and K⁴ and the truncated hierarchy
 * built on them are in dt-ntk-hierarchy.c.
 *
 * Forward pass over a batch of n points (rows): H⁽ˡ⁾ = X⁽ˡ⁻¹⁾ W⁽ˡ⁾ᵀ,
 * X⁽ˡ⁾ = σ(H⁽ˡ⁾)/√m, f = X⁽ᴴ⁾ a. The backward pass propagates the
 * per-example derivatives Δ⁽ˡ⁾ = ∂f/∂H⁽ˡ⁾ (one row per point):
 * Δ⁽ᴴ⁾ = a ⊙ σ'(H⁽ᴴ⁾)/√m and Δ⁽ˡ⁾ = (Δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾) ⊙ σ'(H⁽ˡ⁾)/√m.
 * Then ∂fᵢ/∂W⁽ˡ⁾ = Δ⁽ˡ⁾ᵢ ⊗ X⁽ˡ⁻¹⁾ᵢ and ∂fᵢ/∂a = X⁽ᴴ⁾ᵢ, so the tangent kernel
 * never needs the n × P Jacobian:
 *   K² = X⁽ᴴ⁾X⁽ᴴ⁾ᵀ + Σₗ (Δ⁽ˡ⁾Δ⁽ˡ⁾ᵀ) ⊙ (X⁽ˡ⁻¹⁾X⁽ˡ⁻¹⁾ᵀ),
 * which is J Jᵀ computed layer by layer with GEMMs.
 */

struct _DtNtkWork
{
  guint          capacity;
  guint          n;           /* points of the last forward pass */
  guint          depth;
  guint          m;
  const double  *x;           /* inputs of the last forward pass, not owned */
  double       **act;         /* act[l], l = 1..H: X⁽ˡ⁾, n × m */
  double       **slope;       /* slope[l]: σ'(H⁽ˡ⁾)/√m, n × m */
  double       **delta;       /* delta[l]: Δ⁽ˡ⁾, n × m */
  double        *chain;       /* n × m scratch of the backward pass */
  double        *gram_a;      /* n × n */
  double        *gram_b;      /* n × n */
  double        *f;           /* n outputs */
  gboolean       per_example; /* delta holds the per-example derivatives */
};

struct _DtNtkFlow
{
  DtNtkNet     *net;          /* not owned */
  DtNtkWork    *work;
  const double *x;
  const double *y;
  guint         n;
  double       *start;        /* θ at the start of a step */
  double       *grad;
  double       *sum;          /* weighted sum of the stage slopes */
};

/* ---- activations -------------------------------------------------------- */

/**
 * dt_ntk_activation_from_string:
 * @name: "tanh", "softplus", "erf" or "relu"
 * @activation: (out): the activation
 *
 * Returns: %TRUE when @name is known
 */
gboolean
dt_ntk_activation_from_string (const char      *name,
                               DtNtkActivation *activation)
{
  static const char *names[] = { "tanh", "softplus", "erf", "relu" };

  g_return_val_if_fail (name != NULL && activation != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      {
        *activation = (DtNtkActivation) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * dt_ntk_activation_is_smooth:
 * @activation: an activation
 *
 * Returns: %TRUE when σ has the derivatives the kernels K³ and K⁴ need
 *   (every activation but ReLU, whose second derivative vanishes almost
 *   everywhere and is a Dirac mass at 0)
 */
gboolean
dt_ntk_activation_is_smooth (DtNtkActivation activation)
{
  return activation != DT_NTK_RELU;
}

/* σ(z) and σ'(z) */
static inline void
activate (DtNtkActivation  activation,
          double           z,
          double          *value,
          double          *slope)
{
  switch (activation)
    {
    case DT_NTK_TANH:
      {
        double t = tanh (z);

        *value = t;
        *slope = 1.0 - t * t;
      }
      break;
    case DT_NTK_SOFTPLUS:
      *value = z > 0 ? z + log1p (exp (-z)) : log1p (exp (z));
      *slope = 1.0 / (1.0 + exp (-z));
      break;
    case DT_NTK_ERF:
      *value = erf (z);
      *slope = M_2_SQRTPI * exp (-z * z);
      break;
    case DT_NTK_RELU:
    default:
      *value = z > 0 ? z : 0.0;
      *slope = z > 0 ? 1.0 : 0.0;
      break;
    }
}

/* ---- the network ---------------------------------------------------------- */

/* Offset of W⁽ˡ⁾ (l = 1..H) in θ; l = H + 1 gives the offset of a. */
static gsize
layer_offset (const DtNtkNet *net,
              guint           l)
{
  if (l <= 1)
    return 0;
  return (gsize) net->m * net->d + (gsize) (l - 2) * net->m * net->m;
}

static guint
layer_inputs (const DtNtkNet *net,
              guint           l)
{
  return l == 1 ? net->d : net->m;
}

/**
 * dt_ntk_net_new:
 * @d: input dimension, at least 1
 * @m: hidden width, at least 1
 * @depth: hidden layers H, at least 1
 * @activation: the activation σ
 *
 * Returns: (transfer full): a network with all weights zero; draw them with
 *   dt_ntk_net_init()
 */
DtNtkNet *
dt_ntk_net_new (guint           d,
                guint           m,
                guint           depth,
                DtNtkActivation activation)
{
  DtNtkNet *net;

  g_return_val_if_fail (d >= 1 && m >= 1 && depth >= 1, NULL);

  net = g_new0 (DtNtkNet, 1);
  net->d = d;
  net->m = m;
  net->depth = depth;
  net->activation = activation;
  net->n_params = (gsize) m * d + (gsize) (depth - 1) * m * m + m;
  net->theta = g_new0 (double, net->n_params);
  return net;
}

/**
 * dt_ntk_net_copy:
 * @net: a network
 *
 * Returns: (transfer full): an independent copy of @net
 */
DtNtkNet *
dt_ntk_net_copy (const DtNtkNet *net)
{
  DtNtkNet *copy;

  g_return_val_if_fail (net != NULL, NULL);

  copy = g_memdup2 (net, sizeof *net);
  copy->theta = g_memdup2 (net->theta, net->n_params * sizeof (double));
  return copy;
}

/**
 * dt_ntk_net_free:
 * @net: (nullable): a network
 *
 * Frees @net and its parameters.
 */
void
dt_ntk_net_free (DtNtkNet *net)
{
  if (net == NULL)
    return;
  g_free (net->theta);
  g_free (net);
}

/**
 * dt_ntk_net_init:
 * @net: a network
 * @rng: the generator to draw from
 *
 * Draws every parameter from N(0, 1), in the order of θ.
 */
void
dt_ntk_net_init (DtNtkNet *net,
                 DtRng    *rng)
{
  g_return_if_fail (net != NULL && rng != NULL);

  for (gsize p = 0; p < net->n_params; p++)
    net->theta[p] = dt_rng_normal (rng);
}

/**
 * dt_ntk_work_new:
 * @net: the network the buffers are for
 * @n: the largest batch they will hold
 *
 * Returns: (transfer full): buffers for forward and backward passes of
 *   networks with @net's shape over at most @n points
 */
DtNtkWork *
dt_ntk_work_new (const DtNtkNet *net,
                 guint           n)
{
  DtNtkWork *work;
  gsize size = (gsize) MAX (n, 1) * net->m;

  g_return_val_if_fail (net != NULL, NULL);

  work = g_new0 (DtNtkWork, 1);
  work->capacity = MAX (n, 1);
  work->depth = net->depth;
  work->m = net->m;
  work->act = g_new0 (double *, net->depth + 1);
  work->slope = g_new0 (double *, net->depth + 1);
  work->delta = g_new0 (double *, net->depth + 1);
  for (guint l = 1; l <= net->depth; l++)
    {
      work->act[l] = g_new (double, size);
      work->slope[l] = g_new (double, size);
      work->delta[l] = g_new (double, size);
    }
  work->chain = g_new (double, size);
  work->gram_a = g_new (double, (gsize) work->capacity * work->capacity);
  work->gram_b = g_new (double, (gsize) work->capacity * work->capacity);
  work->f = g_new (double, work->capacity);
  return work;
}

/**
 * dt_ntk_work_free:
 * @work: (nullable): buffers from dt_ntk_work_new()
 */
void
dt_ntk_work_free (DtNtkWork *work)
{
  if (work == NULL)
    return;
  for (guint l = 1; l <= work->depth; l++)
    {
      g_free (work->act[l]);
      g_free (work->slope[l]);
      g_free (work->delta[l]);
    }
  g_free (work->act);
  g_free (work->slope);
  g_free (work->delta);
  g_free (work->chain);
  g_free (work->gram_a);
  g_free (work->gram_b);
  g_free (work->f);
  g_free (work);
}

static gboolean
work_fits (const DtNtkNet  *net,
           const DtNtkWork *work,
           guint            n)
{
  return work->depth == net->depth && work->m == net->m && n <= work->capacity;
}

/**
 * dt_ntk_net_forward:
 * @net: a network
 * @work: buffers from dt_ntk_work_new() for @net's shape
 * @x: (array): n × d inputs, row-major; must stay alive while @work is used
 *   for gradients of this pass
 * @n: number of points, at most @work's capacity
 * @f: (out caller-allocates) (array length=n) (nullable): the outputs
 */
void
dt_ntk_net_forward (const DtNtkNet *net,
                    DtNtkWork      *work,
                    const double   *x,
                    guint           n,
                    double         *f)
{
  double scale = 1.0 / sqrt (net->m);
  const double *a;

  g_return_if_fail (net != NULL && work != NULL && x != NULL);
  g_return_if_fail (work_fits (net, work, n));

  work->n = n;
  work->x = x;
  work->per_example = FALSE;
  for (guint l = 1; l <= net->depth; l++)
    {
      const double *in = l == 1 ? x : work->act[l - 1];
      guint k = layer_inputs (net, l);
      double *h = work->act[l];
      double *s = work->slope[l];

      dt_dgemm (FALSE, TRUE, n, net->m, k, 1.0, in, k, net->theta + layer_offset (net, l), k,
                0.0, h, net->m);
      for (gsize e = 0; e < (gsize) n * net->m; e++)
        {
          double value, slope;

          activate (net->activation, h[e], &value, &slope);
          h[e] = value * scale;
          s[e] = slope * scale;
        }
    }

  a = net->theta + layer_offset (net, net->depth + 1);
  for (guint i = 0; i < n; i++)
    {
      const double *row = work->act[net->depth] + (gsize) i * net->m;
      double sum = 0;

      for (guint r = 0; r < net->m; r++)
        sum += a[r] * row[r];
      work->f[i] = sum;
    }
  if (f != NULL)
    memcpy (f, work->f, n * sizeof (double));
}

/* Backward pass after a forward one: Δ of the function Σᵢ cᵢ fᵢ, row i
 * scaled by cᵢ (every cᵢ = 1 when @seed is NULL: per-example derivatives). */
static void
backward (const DtNtkNet *net,
          DtNtkWork      *work,
          const double   *seed)
{
  const double *a = net->theta + layer_offset (net, net->depth + 1);
  guint n = work->n, m = net->m;

  for (guint i = 0; i < n; i++)
    {
      const double *s = work->slope[net->depth] + (gsize) i * m;
      double *dl = work->delta[net->depth] + (gsize) i * m;
      double c = seed ? seed[i] : 1.0;

      for (guint r = 0; r < m; r++)
        dl[r] = c * a[r] * s[r];
    }
  for (guint l = net->depth - 1; l >= 1; l--)
    {
      const double *s = work->slope[l];
      double *dl = work->delta[l];

      dt_dgemm (FALSE, FALSE, n, m, m, 1.0, work->delta[l + 1], m,
                net->theta + layer_offset (net, l + 1), m, 0.0, work->chain, m);
      for (gsize e = 0; e < (gsize) n * m; e++)
        dl[e] = work->chain[e] * s[e];
    }
  work->per_example = seed == NULL;
}

/**
 * dt_ntk_net_example_gradient:
 * @net: the network of the last pass on @work
 * @work: buffers after dt_ntk_net_kernel() or dt_ntk_net_jacobian()
 * @i: a point of that pass
 * @grad: (out caller-allocates) (array): ∇_θ f(xᵢ), n_params entries
 */
void
dt_ntk_net_example_gradient (const DtNtkNet *net,
                             DtNtkWork      *work,
                             guint           i,
                             double         *grad)
{
  guint m = net->m;

  g_return_if_fail (net != NULL && work != NULL && grad != NULL);
  g_return_if_fail (work->per_example && i < work->n && work_fits (net, work, work->n));

  for (guint l = 1; l <= net->depth; l++)
    {
      guint k = layer_inputs (net, l);
      const double *in = (l == 1 ? work->x : work->act[l - 1]) + (gsize) i * k;
      const double *dl = work->delta[l] + (gsize) i * m;
      double *g = grad + layer_offset (net, l);

      for (guint r = 0; r < m; r++)
        for (guint c = 0; c < k; c++)
          g[(gsize) r * k + c] = dl[r] * in[c];
    }
  memcpy (grad + layer_offset (net, net->depth + 1), work->act[net->depth] + (gsize) i * m,
          m * sizeof (double));
}

/**
 * dt_ntk_net_jacobian:
 * @net: a network
 * @work: buffers for @net's shape
 * @x: (array): n × d inputs
 * @n: number of points
 * @jacobian: (out caller-allocates) (array): n × n_params, row i = ∇_θ f(xᵢ)
 *
 * The per-example Jacobian by one batched forward and backward pass.
 */
void
dt_ntk_net_jacobian (const DtNtkNet *net,
                     DtNtkWork      *work,
                     const double   *x,
                     guint           n,
                     double         *jacobian)
{
  g_return_if_fail (jacobian != NULL);

  dt_ntk_net_forward (net, work, x, n, NULL);
  backward (net, work, NULL);
  for (guint i = 0; i < n; i++)
    dt_ntk_net_example_gradient (net, work, i, jacobian + (gsize) i * net->n_params);
}

/**
 * dt_ntk_net_kernel:
 * @net: a network
 * @work: buffers for @net's shape
 * @x: (array): n × d inputs
 * @n: number of points
 * @f: (out caller-allocates) (nullable) (array length=n): the outputs
 * @k2: (out caller-allocates) (array): the n × n empirical tangent kernel
 *   K²(i, j) = ⟨∇_θ f(xᵢ), ∇_θ f(xⱼ)⟩
 *
 * Computes K² = J Jᵀ layer by layer (see the top of this file), without
 * forming J. Afterwards dt_ntk_net_example_gradient() may read any row of J.
 */
void
dt_ntk_net_kernel (const DtNtkNet *net,
                   DtNtkWork      *work,
                   const double   *x,
                   guint           n,
                   double         *f,
                   double         *k2)
{
  guint m = net->m;

  g_return_if_fail (k2 != NULL);

  dt_ntk_net_forward (net, work, x, n, f);
  backward (net, work, NULL);

  /* the last layer a */
  dt_dgemm (FALSE, TRUE, n, n, m, 1.0, work->act[net->depth], m, work->act[net->depth], m,
            0.0, k2, n);
  for (guint l = 1; l <= net->depth; l++)
    {
      guint k = layer_inputs (net, l);
      const double *in = l == 1 ? x : work->act[l - 1];

      dt_dgemm (FALSE, TRUE, n, n, m, 1.0, work->delta[l], m, work->delta[l], m, 0.0, work->gram_a, n);
      dt_dgemm (FALSE, TRUE, n, n, k, 1.0, in, k, in, k, 0.0, work->gram_b, n);
      for (gsize e = 0; e < (gsize) n * n; e++)
        k2[e] += work->gram_a[e] * work->gram_b[e];
    }

  /* exactly symmetric, whatever order the GEMM summed in */
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        double s = 0.5 * (k2[(gsize) i * n + j] + k2[(gsize) j * n + i]);

        k2[(gsize) i * n + j] = k2[(gsize) j * n + i] = s;
      }
}

/* L and ∇L by one forward and one backward pass of the residual. */
static double
loss_gradient (const DtNtkNet *net,
               DtNtkWork      *work,
               const double   *x,
               const double   *y,
               guint           n,
               double         *grad)
{
  g_autofree double *r = g_new (double, n);
  double loss = 0;
  guint m = net->m;

  dt_ntk_net_forward (net, work, x, n, NULL);
  for (guint i = 0; i < n; i++)
    {
      double e = work->f[i] - y[i];

      loss += 0.5 * e * e / n;
      r[i] = e / n;
    }
  backward (net, work, r);
  for (guint l = 1; l <= net->depth; l++)
    {
      guint k = layer_inputs (net, l);
      const double *in = l == 1 ? x : work->act[l - 1];

      dt_dgemm (TRUE, FALSE, m, k, n, 1.0, work->delta[l], m, in, k, 0.0,
                grad + layer_offset (net, l), k);
    }
  {
    double *ga = grad + layer_offset (net, net->depth + 1);

    memset (ga, 0, m * sizeof (double));
    for (guint i = 0; i < n; i++)
      {
        const double *row = work->act[net->depth] + (gsize) i * m;

        for (guint c = 0; c < m; c++)
          ga[c] += r[i] * row[c];
      }
  }
  return loss;
}

/**
 * dt_ntk_net_loss_gradient:
 * @net: a network
 * @work: buffers for @net's shape
 * @x: (array): n × d inputs
 * @y: (array length=n): targets
 * @n: number of points
 * @grad: (out caller-allocates) (array): ∇_θ L, n_params entries
 *
 * The gradient of L = (1/2n) Σᵢ (f(xᵢ) − yᵢ)² = (1/n) Jᵀ r, by one forward
 * and one backward pass of the residual.
 */
void
dt_ntk_net_loss_gradient (const DtNtkNet *net,
                          DtNtkWork      *work,
                          const double   *x,
                          const double   *y,
                          guint           n,
                          double         *grad)
{
  g_return_if_fail (net != NULL && work != NULL && x != NULL && y != NULL && grad != NULL);
  g_return_if_fail (work_fits (net, work, n));

  loss_gradient (net, work, x, y, n, grad);
}

/* ---- gradient flow -------------------------------------------------------- */

/**
 * dt_ntk_flow_n_steps:
 * @span: a length of time
 * @max_step: the largest step allowed
 *
 * Every integrator here crosses @span in this many equal steps, so the
 * network and the hierarchy take the very same steps.
 *
 * Returns: ⌈span / max_step⌉, at least 1
 */
guint
dt_ntk_flow_n_steps (double span,
                     double max_step)
{
  double steps = ceil (span / max_step - 1e-9);

  return (guint) MAX (1.0, steps);
}

/**
 * dt_ntk_flow_new:
 * @net: the network to train, moved in place; must outlive the flow
 * @x: (array): n × d training inputs, kept by reference
 * @y: (array length=n): targets, kept by reference
 * @n: training points
 *
 * Returns: (transfer full): the gradient flow θ' = −∇L(θ) of the squared
 *   loss L = (1/2n) Σ (f(xᵢ) − yᵢ)²
 */
DtNtkFlow *
dt_ntk_flow_new (DtNtkNet     *net,
                 const double *x,
                 const double *y,
                 guint         n)
{
  DtNtkFlow *flow;

  g_return_val_if_fail (net != NULL && x != NULL && y != NULL && n > 0, NULL);

  flow = g_new0 (DtNtkFlow, 1);
  flow->net = net;
  flow->work = dt_ntk_work_new (net, n);
  flow->x = x;
  flow->y = y;
  flow->n = n;
  flow->start = g_new (double, net->n_params);
  flow->grad = g_new (double, net->n_params);
  flow->sum = g_new (double, net->n_params);
  return flow;
}

/**
 * dt_ntk_flow_free:
 * @flow: (nullable): a gradient flow; its network stays alive
 */
void
dt_ntk_flow_free (DtNtkFlow *flow)
{
  if (flow == NULL)
    return;
  dt_ntk_work_free (flow->work);
  g_free (flow->start);
  g_free (flow->grad);
  g_free (flow->sum);
  g_free (flow);
}

/* One classical Runge–Kutta step of θ' = −∇L(θ); returns L at its start. */
static double
flow_step (DtNtkFlow *flow,
           double     h)
{
  static const double weight[4] = { 1, 2, 2, 1 };
  static const double next[4] = { 0.5, 0.5, 1.0, 0.0 };
  DtNtkNet *net = flow->net;
  gsize p = net->n_params;
  double loss = 0;

  memcpy (flow->start, net->theta, p * sizeof (double));
  memset (flow->sum, 0, p * sizeof (double));
  for (guint s = 0; s < 4; s++)
    {
      double l = loss_gradient (net, flow->work, flow->x, flow->y, flow->n, flow->grad);

      if (s == 0)
        loss = l;
      cblas_daxpy ((int) p, weight[s], flow->grad, 1, flow->sum, 1);
      if (s < 3)
        {
          memcpy (net->theta, flow->start, p * sizeof (double));
          cblas_daxpy ((int) p, -next[s] * h, flow->grad, 1, net->theta, 1);
        }
    }
  memcpy (net->theta, flow->start, p * sizeof (double));
  cblas_daxpy ((int) p, -h / 6.0, flow->sum, 1, net->theta, 1);
  return loss;
}

/**
 * dt_ntk_flow_advance:
 * @flow: a gradient flow
 * @span: how far in time to move, > 0
 * @max_step: largest RK4 step
 * @cancellable: (nullable): stops the integration
 * @error: return location for a #GError
 *
 * Moves the network along the gradient flow by @span units of time, in
 * dt_ntk_flow_n_steps() equal RK4 steps.
 *
 * Returns: %FALSE when cancelled (%DT_ERROR_CANCELLED) or when the loss
 *   became NaN or infinite (%DT_ERROR_DIVERGED)
 */
gboolean
dt_ntk_flow_advance (DtNtkFlow     *flow,
                     double         span,
                     double         max_step,
                     GCancellable  *cancellable,
                     GError       **error)
{
  guint steps;
  double h;

  g_return_val_if_fail (flow != NULL && span > 0 && max_step > 0, FALSE);

  steps = dt_ntk_flow_n_steps (span, max_step);
  h = span / steps;
  for (guint s = 0; s < steps; s++)
    {
      double loss;

      if ((s & 15) == 0 && dt_check_cancelled (cancellable, error))
        return FALSE;
      loss = flow_step (flow, h);
      if (!isfinite (loss))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_DIVERGED,
                       _("Gradient flow diverged (the loss became %g)"), loss);
          return FALSE;
        }
    }
  return TRUE;
}
