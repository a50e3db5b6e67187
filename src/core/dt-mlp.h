/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dt-data.h"
#include "dt-rng.h"

G_BEGIN_DECLS

typedef enum
{
  DT_ACT_RELU,
  DT_ACT_TANH,
  DT_ACT_SOFTPLUS,
  DT_ACT_ERF,
  DT_ACT_IDENTITY,
} DtActivation;

/*
 * Standard: h = W x + b with W ~ N(0, g/fan_in) (g = 2 for ReLU, 1 otherwise).
 * NTK:      h = W x / √fan_in + b with W ~ N(0, 1).
 * Both give the same function at initialisation; they differ in how a step
 * of gradient descent moves each layer.
 */
typedef enum
{
  DT_PARAMETERISATION_STANDARD,
  DT_PARAMETERISATION_NTK,
} DtParameterisation;

typedef enum
{
  DT_F32,
  DT_F64,
} DtDtype;

typedef enum
{
  DT_LOSS_MSE,  /* (1/2B) Σ ‖f(x) − y‖², y one-hot for classification */
  DT_LOSS_CE,   /* (1/B) Σ −log softmax(f(x))_y */
} DtLoss;

/**
 * DtMlp:
 * @dtype: precision of the parameters and the arithmetic
 * @activation: the hidden layers' activation (the output layer is linear)
 * @parameterisation: standard or NTK
 * @n_layers: number of weight layers (hidden layers + 1)
 * @sizes: (array length=n_layers+1): input, hidden…, output widths
 * @n_params: total number of weights and biases
 * @w_offset: (array length=n_layers): where layer l's weights start in @params
 * @b_offset: (array length=n_layers): where layer l's biases start in @params
 * @params: all parameters in one flat buffer of @dtype: for each layer its
 *   weights (sizes[l+1] × sizes[l], row-major) then its biases
 * @mask: (nullable): 0/1 per parameter; masked parameters are held at zero
 *
 * A fully connected network. One flat parameter buffer makes copies,
 * interpolation between networks, masks and optimisers simple loops.
 */
typedef struct
{
  DtDtype             dtype;
  DtActivation        activation;
  DtParameterisation  parameterisation;
  guint               n_layers;
  guint              *sizes;
  gsize               n_params;
  gsize              *w_offset;
  gsize              *b_offset;
  void               *params;
  guint8             *mask;
} DtMlp;

typedef struct _DtMlpWork DtMlpWork;

DtMlp       *dt_mlp_new            (DtDtype             dtype,
                                    const guint        *sizes,
                                    guint               n_sizes,
                                    DtActivation        activation,
                                    DtParameterisation  parameterisation);
void         dt_mlp_free           (DtMlp              *mlp);
DtMlp       *dt_mlp_copy           (const DtMlp        *mlp);
void         dt_mlp_copy_params    (DtMlp              *dst,
                                    const DtMlp        *src);
void         dt_mlp_init           (DtMlp              *mlp,
                                    DtRng              *rng);
void         dt_mlp_interpolate    (DtMlp              *dst,
                                    const DtMlp        *a,
                                    const DtMlp        *b,
                                    double              alpha);
double       dt_mlp_get_param      (const DtMlp        *mlp,
                                    gsize               index);
void         dt_mlp_set_param      (DtMlp              *mlp,
                                    gsize               index,
                                    double              value);
void         dt_mlp_set_mask       (DtMlp              *mlp,
                                    const guint8       *mask);
void         dt_mlp_apply_mask     (DtMlp              *mlp);
gboolean     dt_mlp_params_finite  (const DtMlp        *mlp);
gsize        dt_mlp_dtype_size     (DtDtype             dtype);

DtMlpWork   *dt_mlp_work_new       (const DtMlp        *mlp,
                                    guint               max_batch);
void         dt_mlp_work_free      (DtMlpWork          *work);
guint        dt_mlp_work_get_max_batch (DtMlpWork      *work);

const void  *dt_mlp_forward        (const DtMlp        *mlp,
                                    DtMlpWork          *work,
                                    const float        *x,
                                    guint               batch);
double       dt_mlp_loss_grad      (const DtMlp        *mlp,
                                    DtMlpWork          *work,
                                    const float        *x,
                                    guint               batch,
                                    DtLoss              loss,
                                    const guint32      *labels,
                                    const float        *targets,
                                    void               *grad);
void         dt_mlp_evaluate       (const DtMlp        *mlp,
                                    DtMlpWork          *work,
                                    const DtDataset    *data,
                                    DtLoss              loss,
                                    double             *mean_loss,
                                    double             *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtMlp, dt_mlp_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtMlpWork, dt_mlp_work_free)

G_END_DECLS
