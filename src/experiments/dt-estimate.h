/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dt-params.h"

G_BEGIN_DECLS

/* What every run holds besides its own data: the program, its libraries
 * and GLib's and OpenBLAS's start-up allocations. */
#define DT_ESTIMATE_BASE_BYTES   (24u << 20)

/* What each worker thread adds: its stack and OpenBLAS's packing buffer. */
#define DT_ESTIMATE_THREAD_BYTES (4u << 20)

/* glibc's malloc serves blocks of up to 32 MiB from each thread's heap once
 * it has freed one that large, and keeps freed blocks there for reuse: a
 * sweep whose buffers change size from one step to the next holds about
 * this much more than what is live. */
#define DT_ESTIMATE_HEAP_SLACK   1.25

#define DT_COST_MAX_KEYS 8

/**
 * DtCost:
 * @bytes: bytes per parameter key, in the order the keys were first added
 * @keys: the keys; %NULL collects what no parameter controls
 * @n_keys: how many are in use
 *
 * Memory of one phase of a run, split by the parameter that makes it
 * large, so that the estimate can name the parameter to reduce.
 */
typedef struct
{
  double      bytes[DT_COST_MAX_KEYS];
  const char *keys[DT_COST_MAX_KEYS];
  guint       n_keys;
} DtCost;

void        dt_cost_add         (DtCost       *cost,
                                 const char   *key,
                                 double        bytes);
void        dt_cost_add_cost    (DtCost       *cost,
                                 const DtCost *other,
                                 double        times);
void        dt_cost_add_workers (DtCost       *cost,
                                 const DtCost *one,
                                 guint         workers);
void        dt_cost_add_larger  (DtCost       *cost,
                                 const DtCost *a,
                                 const DtCost *b);
void        dt_cost_add_base    (DtCost       *cost,
                                 guint         threads);
guint64     dt_cost_total       (const DtCost *cost);
const char *dt_cost_main_key    (const DtCost *cost);

/**
 * DtDataShape:
 * @d: input dimension as stored (before any down-sampling)
 * @width: image width (0 when unknown or not an image)
 * @height: image height
 * @n_classes: classes
 * @n_train_max: training points available, 0 when unknown
 * @n_test_max: test points available (for a single file: the same
 *   points as @n_train_max, shared by both sets), 0 when unknown
 * @one_file: both sets are drawn from one file
 * @raw_bytes: bytes of the largest file read whole into memory
 *
 * The shape of a data set on disk, known without loading it.
 */
typedef struct
{
  guint    d;
  guint    width;
  guint    height;
  guint    n_classes;
  guint64  n_train_max;
  guint64  n_test_max;
  gboolean one_file;
  guint64  raw_bytes;
} DtDataShape;

gboolean dt_estimate_data_shape       (const char        *name,
                                       DtDataShape       *shape);
guint    dt_estimate_downsampled      (const DtDataShape *shape,
                                       guint              factor);
gboolean dt_estimate_check_sizes      (const DtParams    *params,
                                       GError           **error);
gboolean dt_estimate_check_batch      (const DtParams    *params,
                                       GError           **error);
gboolean dt_estimate_check_before_end (const DtParams    *params,
                                       const char        *key,
                                       GError           **error);
double   dt_estimate_loading          (const DtDataShape *shape,
                                       guint              n_train,
                                       guint              n_test);
void     dt_estimate_data             (const DtParams    *params,
                                       guint              synthetic_d,
                                       guint              synthetic_out,
                                       guint              factor,
                                       guint             *d,
                                       guint             *n_out,
                                       DtCost            *data,
                                       DtCost            *load);
double   dt_estimate_dataset          (guint              n,
                                       guint              d,
                                       guint              n_out,
                                       gboolean           classification);

guint64  dt_estimate_mlp_params       (const guint       *sizes,
                                       guint              n_sizes);
double   dt_estimate_mlp_work         (const guint       *sizes,
                                       guint              n_sizes,
                                       guint              batch,
                                       gsize              elem);
double   dt_estimate_trainer          (const guint       *sizes,
                                       guint              n_sizes,
                                       guint              batch,
                                       guint              n_train,
                                       gsize              elem);

double   dt_estimate_least_squares    (guint              m,
                                       guint              n,
                                       guint              nrhs,
                                       gboolean           ridge);

G_END_DECLS
