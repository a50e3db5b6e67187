/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dt-blas.h"
#include "dt-error.h"
#include "dt-ntk-net.h"
#include "dt-parallel.h"

/*
 * The neural tangent hierarchy of Huang & Yau (dt-ntk-net.h) for a network
 * of dt-ntk-net.c: the higher kernels K³ and K⁴ by central differences of
 * its tangent kernel, the hierarchy truncated at order 2, 3 or 4 and
 * integrated from them, and the infinite-width tangent kernel of one ReLU
 * layer.
 */

/* ---- the higher kernels by central differences -------------------------- */

/*
 * K³(i, j, k) = ⟨∇_θ K²(i, j), ∇_θ f(x_k)⟩ is the derivative of K² along
 * g_k = ∇_θ f(x_k): the central difference (K²(θ + s g_k) − K²(θ − s g_k)) / 2s,
 * two kernel evaluations per k. Its error is O(s²) from the third
 * derivative plus rounding of order 1e-16 / s relative to K². The step s
 * is in units of the flow's own time: moving θ by s g_k is what gradient
 * flow does in time s·n when only point k has a unit residual.
 *
 * K⁴(i, j, k, l) = ⟨∇_θ K³(i, j, k), g_l⟩ differentiates the whole of K³(θ)
 * (g_k included, as it also moves with θ) along g_l: the same central
 * difference applied to K³ computed at θ ± s' g_l.
 */

typedef struct
{
  const DtNtkNet    *net;
  const double      *x;
  guint              n;
  double             step;
  double             outer_step;
  DtNtkWork         *base;      /* per-example derivatives at θ, read-only */
  double            *out;
  GCancellable      *cancellable;
  DtNtkProgressFunc  progress;
  gpointer           progress_data;
  gint               done;
  guint              total;
} KernelJobs;

/* Buffers of one worker: a shifted network, the gradient g, kernels. */
typedef struct
{
  DtNtkNet  *shifted;
  DtNtkWork *work;
  double    *grad;
  double    *k_plus;
  double    *k_minus;
} Scratch;

static void
scratch_init (Scratch        *s,
              const DtNtkNet *net,
              guint           n)
{
  s->shifted = dt_ntk_net_copy (net);
  s->work = dt_ntk_work_new (net, n);
  s->grad = g_new (double, net->n_params);
  s->k_plus = g_new (double, (gsize) n * n);
  s->k_minus = g_new (double, (gsize) n * n);
}

static void
scratch_clear (Scratch *s)
{
  dt_ntk_net_free (s->shifted);
  dt_ntk_work_free (s->work);
  g_free (s->grad);
  g_free (s->k_plus);
  g_free (s->k_minus);
}

/* K³(·, ·, k) at @net, whose per-example derivatives are in @base, written
 * to out[(i·n + j)·n + k]. */
static void
kernel3_column (const DtNtkNet *net,
                DtNtkWork      *base,
                const double   *x,
                guint           n,
                double          step,
                guint           k,
                Scratch        *s,
                double         *out)
{
  gsize p = net->n_params;

  dt_ntk_net_example_gradient (net, base, k, s->grad);

  memcpy (s->shifted->theta, net->theta, p * sizeof (double));
  cblas_daxpy ((int) p, step, s->grad, 1, s->shifted->theta, 1);
  dt_ntk_net_kernel (s->shifted, s->work, x, n, NULL, s->k_plus);

  memcpy (s->shifted->theta, net->theta, p * sizeof (double));
  cblas_daxpy ((int) p, -step, s->grad, 1, s->shifted->theta, 1);
  dt_ntk_net_kernel (s->shifted, s->work, x, n, NULL, s->k_minus);

  for (gsize e = 0; e < (gsize) n * n; e++)
    out[e * n + k] = (s->k_plus[e] - s->k_minus[e]) / (2 * step);
}

static void
job_done (KernelJobs *jobs)
{
  guint done = (guint) g_atomic_int_add (&jobs->done, 1) + 1;

  if (jobs->progress)
    jobs->progress (done, jobs->total, jobs->progress_data);
}

static void
kernel3_job (guint    k,
             gpointer data)
{
  KernelJobs *jobs = data;
  Scratch s;

  if (g_cancellable_is_cancelled (jobs->cancellable))
    return;
  scratch_init (&s, jobs->net, jobs->n);
  kernel3_column (jobs->net, jobs->base, jobs->x, jobs->n, jobs->step, k, &s, jobs->out);
  scratch_clear (&s);
  job_done (jobs);
}

/**
 * dt_ntk_kernel3:
 * @net: a network with a smooth activation
 * @x: (array): n × d inputs
 * @n: number of points
 * @step: central-difference step s, in units of flow time (1e-3 is accurate
 *   to about 1e-8 relative for widths up to thousands)
 * @n_threads: threads working on the n columns
 * @k3: (out caller-allocates) (array): n³ entries
 * @progress: (nullable) (scope call): called as columns finish
 * @progress_data: its closure data
 * @cancellable: (nullable): stops the computation
 * @error: return location for a #GError
 *
 * The third-order kernel K³(i, j, k) = ⟨∇_θ K²(i, j), ∇_θ f(x_k)⟩ =
 * Hᵢ[∇fⱼ, ∇f_k] + Hⱼ[∇fᵢ, ∇f_k], by central differences of K² along each
 * ∇f_k (2n kernel evaluations). Call dt_blas_set_threads (1) first when
 * @n_threads > 1.
 *
 * Returns: %FALSE when cancelled
 */
gboolean
dt_ntk_kernel3 (const DtNtkNet    *net,
                const double      *x,
                guint              n,
                double             step,
                guint              n_threads,
                double            *k3,
                DtNtkProgressFunc  progress,
                gpointer           progress_data,
                GCancellable      *cancellable,
                GError           **error)
{
  g_autoptr(DtNtkWork) base = NULL;
  g_autofree double *k2 = NULL;
  KernelJobs jobs = { 0, };

  g_return_val_if_fail (net != NULL && x != NULL && k3 != NULL && n > 0 && step > 0, FALSE);

  base = dt_ntk_work_new (net, n);
  k2 = g_new (double, (gsize) n * n);
  dt_ntk_net_kernel (net, base, x, n, NULL, k2);

  jobs = (KernelJobs) { net, x, n, step, 0, base, k3, cancellable, progress, progress_data, 0, n };
  dt_parallel_for (n, n_threads, kernel3_job, &jobs);
  return !dt_check_cancelled (cancellable, error);
}

/* K³ at θ + sign·s' g_l, computed column by column on this thread. */
static void
kernel3_shifted (KernelJobs *jobs,
                 guint       l,
                 double      sign,
                 DtNtkNet   *moved,
                 DtNtkWork  *moved_work,
                 double     *k2,
                 Scratch    *s,
                 double     *out)
{
  const DtNtkNet *net = jobs->net;
  gsize p = net->n_params;
  guint n = jobs->n;

  dt_ntk_net_example_gradient (net, jobs->base, l, s->grad);
  memcpy (moved->theta, net->theta, p * sizeof (double));
  cblas_daxpy ((int) p, sign * jobs->outer_step, s->grad, 1, moved->theta, 1);

  dt_ntk_net_kernel (moved, moved_work, jobs->x, n, NULL, k2);
  for (guint k = 0; k < n; k++)
    kernel3_column (moved, moved_work, jobs->x, n, jobs->step, k, s, out);
}

static void
kernel4_job (guint    l,
             gpointer data)
{
  KernelJobs *jobs = data;
  guint n = jobs->n;
  gsize n3 = (gsize) n * n * n;
  g_autoptr(DtNtkNet) moved = NULL;
  g_autoptr(DtNtkWork) moved_work = NULL;
  g_autofree double *k2 = NULL;
  g_autofree double *plus = NULL;
  g_autofree double *minus = NULL;
  Scratch s;

  if (g_cancellable_is_cancelled (jobs->cancellable))
    return;

  moved = dt_ntk_net_copy (jobs->net);
  moved_work = dt_ntk_work_new (jobs->net, n);
  k2 = g_new (double, (gsize) n * n);
  plus = g_new (double, n3);
  minus = g_new (double, n3);
  scratch_init (&s, jobs->net, n);

  kernel3_shifted (jobs, l, +1, moved, moved_work, k2, &s, plus);
  if (!g_cancellable_is_cancelled (jobs->cancellable))
    {
      kernel3_shifted (jobs, l, -1, moved, moved_work, k2, &s, minus);
      for (gsize e = 0; e < n3; e++)
        jobs->out[e * n + l] = (plus[e] - minus[e]) / (2 * jobs->outer_step);
    }
  scratch_clear (&s);
  job_done (jobs);
}

/**
 * dt_ntk_kernel4:
 * @net: a network with a smooth activation
 * @x: (array): n × d inputs
 * @n: number of points
 * @step: inner central-difference step (that of K³)
 * @outer_step: outer step, along ∇f_l
 * @n_threads: threads working on the n slices
 * @k4: (out caller-allocates) (array): n⁴ entries
 * @progress: (nullable) (scope call): called as slices finish
 * @progress_data: its closure data
 * @cancellable: (nullable): stops the computation
 * @error: return location for a #GError
 *
 * The fourth-order kernel K⁴(i, j, k, l) = ⟨∇_θ K³(i, j, k), ∇_θ f(x_l)⟩ by
 * nested central differences: K³ (with its own ∇f_k) at θ ± s' ∇f_l
 * (4n² kernel evaluations).
 *
 * Returns: %FALSE when cancelled
 */
gboolean
dt_ntk_kernel4 (const DtNtkNet    *net,
                const double      *x,
                guint              n,
                double             step,
                double             outer_step,
                guint              n_threads,
                double            *k4,
                DtNtkProgressFunc  progress,
                gpointer           progress_data,
                GCancellable      *cancellable,
                GError           **error)
{
  g_autoptr(DtNtkWork) base = NULL;
  g_autofree double *k2 = NULL;
  KernelJobs jobs;

  g_return_val_if_fail (net != NULL && x != NULL && k4 != NULL && n > 0, FALSE);
  g_return_val_if_fail (step > 0 && outer_step > 0, FALSE);

  base = dt_ntk_work_new (net, n);
  k2 = g_new (double, (gsize) n * n);
  dt_ntk_net_kernel (net, base, x, n, NULL, k2);

  jobs = (KernelJobs) { net, x, n, step, outer_step, base, k4, cancellable, progress,
                        progress_data, 0, n };
  dt_parallel_for (n, n_threads, kernel4_job, &jobs);
  return !dt_check_cancelled (cancellable, error);
}

/* ---- the truncated hierarchy ---------------------------------------------- */

/*
 * State of the hierarchy truncated at order p: f̃ (n), then K̃² (n²) when
 * p ≥ 3, then K̃³ (n³) when p = 4; the kernel of order p stays at its value
 * at t = 0. Each block obeys ∂ₜ K̃^(r) = −(1/n) K̃^(r+1) · (f̃ − y), a
 * matrix–vector product with the next block (or the frozen kernel).
 */
typedef struct
{
  guint         order;
  guint         n;
  gsize         size;        /* length of the state */
  gsize         offset[5];   /* offset[r]: where K̃^(r) starts (offset[1]: f̃) */
  const double *frozen;      /* K^(p) at t = 0 */
  const double *y;
  double       *r;           /* residual scratch */
} Hierarchy;

static void
hierarchy_rhs (Hierarchy    *h,
               const double *state,
               double       *rate)
{
  guint n = h->n;

  for (guint i = 0; i < n; i++)
    h->r[i] = state[i] - h->y[i];

  /* block r (1 = f̃, 2 = K̃², …, n^r entries) moves with block r + 1 */
  for (guint r = 1, rows = n; r < h->order; r++, rows *= n)
    {
      const double *next = r + 1 == h->order ? h->frozen : state + h->offset[r + 1];

      cblas_dgemv (CblasRowMajor, CblasNoTrans, (int) rows, (int) n, -1.0 / n, next, (int) n,
                   h->r, 1, 0.0, rate + h->offset[r], 1);
    }
}

/**
 * dt_ntk_hierarchy_solve:
 * @order: truncation order p: 2, 3 or 4
 * @n: training points
 * @k2: (array): K² at t = 0, n × n
 * @k3: (array) (nullable): K³ at t = 0 (needed when @order ≥ 3)
 * @k4: (array) (nullable): K⁴ at t = 0 (needed when @order = 4)
 * @f0: (array length=n): the network's outputs at t = 0
 * @y: (array length=n): targets
 * @times: (array length=n_times): increasing times > 0 at which to report
 * @n_times: their number
 * @max_step: largest RK4 step
 * @f_out: (out caller-allocates) (array): n_times × n, f̃ at each time
 * @cancellable: (nullable): stops the integration
 * @error: return location for a #GError
 *
 * Integrates the neural tangent hierarchy truncated at order p, with
 * K^(p) frozen at its value at t = 0, by RK4 from t = 0, crossing each
 * interval between reported times in dt_ntk_flow_n_steps() equal steps
 * (the steps dt_ntk_flow_advance() takes). Order 2 is the linearised
 * (NTK) model.
 *
 * Returns: %FALSE when cancelled or diverged
 */
gboolean
dt_ntk_hierarchy_solve (guint          order,
                        guint          n,
                        const double  *k2,
                        const double  *k3,
                        const double  *k4,
                        const double  *f0,
                        const double  *y,
                        const double  *times,
                        guint          n_times,
                        double         max_step,
                        double        *f_out,
                        GCancellable  *cancellable,
                        GError       **error)
{
  static const double weight[4] = { 1, 2, 2, 1 };
  static const double next[4] = { 0.5, 0.5, 1.0, 0.0 };
  Hierarchy h = { order, n };
  g_autofree double *state = NULL;
  g_autofree double *start = NULL;
  g_autofree double *rate = NULL;
  g_autofree double *sum = NULL;
  g_autofree double *r = g_new (double, n);
  gsize block = n;
  double t = 0;

  g_return_val_if_fail (order >= 2 && order <= 4 && n > 0, FALSE);
  g_return_val_if_fail (k2 != NULL && f0 != NULL && y != NULL && f_out != NULL, FALSE);
  g_return_val_if_fail (order < 3 || k3 != NULL, FALSE);
  g_return_val_if_fail (order < 4 || k4 != NULL, FALSE);

  /* blocks f̃, K̃², …, K̃^(p−1) */
  h.size = 0;
  for (guint r2 = 1; r2 < order; r2++)
    {
      h.offset[r2] = h.size;
      h.size += block;
      block *= n;
    }
  h.frozen = order == 2 ? k2 : order == 3 ? k3 : k4;
  h.y = y;
  h.r = r;

  state = g_new (double, h.size);
  start = g_new (double, h.size);
  rate = g_new (double, h.size);
  sum = g_new (double, h.size);
  memcpy (state, f0, n * sizeof (double));
  if (order >= 3)
    memcpy (state + h.offset[2], k2, (gsize) n * n * sizeof (double));
  if (order >= 4)
    memcpy (state + h.offset[3], k3, (gsize) n * n * n * sizeof (double));

  for (guint q = 0; q < n_times; q++)
    {
      double span = times[q] - t;
      guint steps;
      double dt;

      g_return_val_if_fail (span > 0, FALSE);
      steps = dt_ntk_flow_n_steps (span, max_step);
      dt = span / steps;
      for (guint s = 0; s < steps; s++)
        {
          if ((s & 63) == 0 && dt_check_cancelled (cancellable, error))
            return FALSE;
          memcpy (start, state, h.size * sizeof (double));
          memset (sum, 0, h.size * sizeof (double));
          for (guint stage = 0; stage < 4; stage++)
            {
              hierarchy_rhs (&h, state, rate);
              cblas_daxpy ((int) h.size, weight[stage], rate, 1, sum, 1);
              if (stage < 3)
                {
                  memcpy (state, start, h.size * sizeof (double));
                  cblas_daxpy ((int) h.size, next[stage] * dt, rate, 1, state, 1);
                }
            }
          memcpy (state, start, h.size * sizeof (double));
          cblas_daxpy ((int) h.size, dt / 6.0, sum, 1, state, 1);
        }
      for (guint i = 0; i < n; i++)
        if (!isfinite (state[i]))
          {
            g_set_error (error, DT_ERROR, DT_ERROR_DIVERGED,
                         _("The hierarchy of order %u diverged at t = %g"), order, times[q]);
            return FALSE;
          }
      memcpy (f_out + (gsize) q * n, state, n * sizeof (double));
      t = times[q];
    }
  return TRUE;
}

/* ---- the infinite-width kernel -------------------------------------------- */

/**
 * dt_ntk_relu_kernel_infinite:
 * @x: (array): n × d inputs
 * @n: number of points
 * @d: input dimension
 * @k2: (out caller-allocates) (array): the n × n limit kernel
 *
 * The tangent kernel of one hidden ReLU layer in this parameterisation as
 * m → ∞. With θ the angle between x and x':
 * the gradient in a gives E[relu(w·x) relu(w·x')] =
 * ‖x‖‖x'‖ (sin θ + (π − θ) cos θ) / 2π, and the gradient in W gives
 * E[a²] P(w·x > 0, w·x' > 0) (x·x') = (x·x') (π − θ) / 2π.
 */
void
dt_ntk_relu_kernel_infinite (const double *x,
                             guint         n,
                             guint         d,
                             double       *k2)
{
  g_return_if_fail (x != NULL && k2 != NULL);

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        const double *u = x + (gsize) i * d, *v = x + (gsize) j * d;
        double uu = 0, vv = 0, uv = 0, norms, c, angle;

        for (guint e = 0; e < d; e++)
          {
            uu += u[e] * u[e];
            vv += v[e] * v[e];
            uv += u[e] * v[e];
          }
        norms = sqrt (uu * vv);
        if (norms == 0)
          {
            k2[(gsize) i * n + j] = 0;
            continue;
          }
        c = CLAMP (uv / norms, -1.0, 1.0);
        angle = acos (c);
        k2[(gsize) i * n + j] = norms * (sin (angle) + (G_PI - angle) * c) / (2 * G_PI) +
                                uv * (G_PI - angle) / (2 * G_PI);
      }
}
