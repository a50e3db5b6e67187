/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dt-rng.h"

G_BEGIN_DECLS

/*
 * The network of Huang & Yau (ICML 2020) and its neural tangent hierarchy,
 * in double precision.
 *
 *   x⁽⁰⁾ = x,  x⁽ˡ⁾ = σ(W⁽ˡ⁾ x⁽ˡ⁻¹⁾) / √m  (l = 1..H),  f(x, θ) = aᵀ x⁽ᴴ⁾
 *
 * W⁽¹⁾ is m × d, the others m × m, a has m entries; every weight is drawn
 * from N(0, 1) and there are no biases. All parameters live in one flat
 * vector θ = [W⁽¹⁾, …, W⁽ᴴ⁾, a] (matrices row-major), so that moving along a
 * direction of parameter space is one axpy.
 *
 * Kernels are stored densely, row-major, with the last index fastest:
 * K²(i, j) at [i·n + j], K³(i, j, k) at [(i·n + j)·n + k], K⁴(i, j, k, l)
 * at [((i·n + j)·n + k)·n + l].
 */

typedef enum
{
  DT_NTK_TANH,
  DT_NTK_SOFTPLUS,
  DT_NTK_ERF,
  DT_NTK_RELU,
} DtNtkActivation;

/**
 * DtNtkNet:
 * @d: input dimension
 * @m: width of every hidden layer
 * @depth: number of hidden layers H
 * @activation: the activation σ
 * @n_params: length of @theta
 * @theta: (array length=n_params): all parameters, owned
 *
 * A network of the Huang–Yau parameterisation. Free with dt_ntk_net_free().
 */
typedef struct
{
  guint            d;
  guint            m;
  guint            depth;
  DtNtkActivation  activation;
  gsize            n_params;
  double          *theta;
} DtNtkNet;

/* Buffers of one forward and backward pass over a batch of points. */
typedef struct _DtNtkWork DtNtkWork;

/* Gradient flow of the squared loss integrated by RK4 on θ. */
typedef struct _DtNtkFlow DtNtkFlow;

gboolean   dt_ntk_activation_from_string (const char      *name,
                                          DtNtkActivation *activation);
gboolean   dt_ntk_activation_is_smooth   (DtNtkActivation  activation);

DtNtkNet  *dt_ntk_net_new               (guint            d,
                                         guint            m,
                                         guint            depth,
                                         DtNtkActivation  activation);
DtNtkNet  *dt_ntk_net_copy              (const DtNtkNet  *net);
void       dt_ntk_net_free              (DtNtkNet        *net);
void       dt_ntk_net_init              (DtNtkNet        *net,
                                         DtRng           *rng);

DtNtkWork *dt_ntk_work_new              (const DtNtkNet  *net,
                                         guint            n);
void       dt_ntk_work_free             (DtNtkWork       *work);

void       dt_ntk_net_forward           (const DtNtkNet  *net,
                                         DtNtkWork       *work,
                                         const double    *x,
                                         guint            n,
                                         double          *f);
void       dt_ntk_net_example_gradient  (const DtNtkNet  *net,
                                         DtNtkWork       *work,
                                         guint            i,
                                         double          *grad);
void       dt_ntk_net_jacobian          (const DtNtkNet  *net,
                                         DtNtkWork       *work,
                                         const double    *x,
                                         guint            n,
                                         double          *jacobian);
void       dt_ntk_net_kernel            (const DtNtkNet  *net,
                                         DtNtkWork       *work,
                                         const double    *x,
                                         guint            n,
                                         double          *f,
                                         double          *k2);
void       dt_ntk_net_loss_gradient     (const DtNtkNet  *net,
                                         DtNtkWork       *work,
                                         const double    *x,
                                         const double    *y,
                                         guint            n,
                                         double          *grad);

guint      dt_ntk_flow_n_steps          (double           span,
                                         double           max_step);
DtNtkFlow *dt_ntk_flow_new              (DtNtkNet        *net,
                                         const double    *x,
                                         const double    *y,
                                         guint            n);
void       dt_ntk_flow_free             (DtNtkFlow       *flow);
gboolean   dt_ntk_flow_advance          (DtNtkFlow       *flow,
                                         double           span,
                                         double           max_step,
                                         GCancellable    *cancellable,
                                         GError         **error);

/**
 * DtNtkProgressFunc:
 * @done: jobs finished so far
 * @total: jobs in all
 * @user_data: closure data
 *
 * Called from worker threads as the higher kernels are computed.
 */
typedef void (*DtNtkProgressFunc) (guint    done,
                                   guint    total,
                                   gpointer user_data);

gboolean   dt_ntk_kernel3               (const DtNtkNet    *net,
                                         const double      *x,
                                         guint              n,
                                         double             step,
                                         guint              n_threads,
                                         double            *k3,
                                         DtNtkProgressFunc  progress,
                                         gpointer           progress_data,
                                         GCancellable      *cancellable,
                                         GError           **error);
gboolean   dt_ntk_kernel4               (const DtNtkNet    *net,
                                         const double      *x,
                                         guint              n,
                                         double             step,
                                         double             outer_step,
                                         guint              n_threads,
                                         double            *k4,
                                         DtNtkProgressFunc  progress,
                                         gpointer           progress_data,
                                         GCancellable      *cancellable,
                                         GError           **error);

gboolean   dt_ntk_hierarchy_solve       (guint              order,
                                         guint              n,
                                         const double      *k2,
                                         const double      *k3,
                                         const double      *k4,
                                         const double      *f0,
                                         const double      *y,
                                         const double      *times,
                                         guint              n_times,
                                         double             max_step,
                                         double            *f_out,
                                         GCancellable      *cancellable,
                                         GError           **error);

void       dt_ntk_relu_kernel_infinite  (const double      *x,
                                         guint              n,
                                         guint              d,
                                         double            *k2);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtNtkNet, dt_ntk_net_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtNtkWork, dt_ntk_work_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtNtkFlow, dt_ntk_flow_free)

G_END_DECLS
