/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-experiments"

/* What a run will cost, from its parameters alone: the sizes of the
 * buffers the engine allocates (data sets, networks and their trainers,
 * least-squares solvers), the shapes of the data sets on disk, and the
 * checks of the data-set sizes that need no loading. */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "dt-error.h"
#include "dt-estimate.h"

/* LAPACK's least-squares solver, for its workspace query only. */
extern void dgelsd_ (const int *m, const int *n, const int *nrhs, double *a, const int *lda,
                     double *b, const int *ldb, double *s, const double *rcond, int *rank,
                     double *work, const int *lwork, int *iwork, int *info);

#define FASHION_TRAIN   60000
#define FASHION_TEST    10000
#define FASHION_SIDE    28
#define FASHION_CLASSES 10

/* ---- costs split by parameter ------------------------------------------ */

static guint
cost_slot (DtCost     *cost,
           const char *key)
{
  for (guint i = 0; i < cost->n_keys; i++)
    if (g_strcmp0 (cost->keys[i], key) == 0)
      return i;
  g_assert (cost->n_keys < DT_COST_MAX_KEYS);
  cost->keys[cost->n_keys] = key;
  cost->bytes[cost->n_keys] = 0;
  return cost->n_keys++;
}

/**
 * dt_cost_add:
 * @cost: a cost
 * @key: (nullable): the parameter that makes @bytes large, or %NULL
 * @bytes: bytes to add
 */
void
dt_cost_add (DtCost     *cost,
             const char *key,
             double      bytes)
{
  g_return_if_fail (cost != NULL);

  cost->bytes[cost_slot (cost, key)] += MAX (bytes, 0.0);
}

/**
 * dt_cost_add_cost:
 * @cost: a cost
 * @other: another cost
 * @times: how many copies of @other are held at once
 */
void
dt_cost_add_cost (DtCost       *cost,
                  const DtCost *other,
                  double        times)
{
  g_return_if_fail (cost != NULL && other != NULL);

  for (guint i = 0; i < other->n_keys; i++)
    dt_cost_add (cost, other->keys[i], other->bytes[i] * times);
}

/**
 * dt_cost_add_base:
 * @cost: a cost
 * @threads: worker threads of the run
 *
 * Adds what the process holds whatever the parameters.
 */
void
dt_cost_add_base (DtCost *cost,
                  guint   threads)
{
  dt_cost_add (cost, NULL, DT_ESTIMATE_BASE_BYTES + (double) MAX (threads, 1) * DT_ESTIMATE_THREAD_BYTES);
}

/**
 * dt_cost_add_workers:
 * @cost: a cost
 * @one: what one worker holds in a sweep over sizes
 * @workers: how many workers hold it at once
 *
 * Adds @workers copies of @one and the heap slack of a sweep
 * (%DT_ESTIMATE_HEAP_SLACK).
 */
void
dt_cost_add_workers (DtCost       *cost,
                     const DtCost *one,
                     guint         workers)
{
  dt_cost_add_cost (cost, one, (double) workers * DT_ESTIMATE_HEAP_SLACK);
}

static double
cost_sum (const DtCost *cost)
{
  double sum = 0;

  for (guint i = 0; i < cost->n_keys; i++)
    sum += cost->bytes[i];
  return sum;
}

/**
 * dt_cost_add_larger:
 * @cost: a cost
 * @a: the cost of one phase of a run
 * @b: the cost of another phase, not held at the same time as @a
 *
 * Adds the larger of the two phases.
 */
void
dt_cost_add_larger (DtCost       *cost,
                    const DtCost *a,
                    const DtCost *b)
{
  g_return_if_fail (cost != NULL && a != NULL && b != NULL);

  dt_cost_add_cost (cost, cost_sum (a) >= cost_sum (b) ? a : b, 1.0);
}

/**
 * dt_cost_total:
 * @cost: a cost
 *
 * Returns: all its bytes
 */
guint64
dt_cost_total (const DtCost *cost)
{
  double sum;

  g_return_val_if_fail (cost != NULL, 0);

  sum = cost_sum (cost);
  return sum >= 1.8e19 ? G_MAXUINT64 : (guint64) sum;
}

/**
 * dt_cost_main_key:
 * @cost: a cost
 *
 * Returns: (nullable): the key with the most bytes, %NULL when no key has any
 */
const char *
dt_cost_main_key (const DtCost *cost)
{
  const char *best = NULL;
  double most = 0;

  g_return_val_if_fail (cost != NULL, NULL);

  for (guint i = 0; i < cost->n_keys; i++)
    if (cost->keys[i] != NULL && cost->bytes[i] > most)
      {
        most = cost->bytes[i];
        best = cost->keys[i];
      }
  return best;
}

/* ---- data sets ------------------------------------------------------------ */

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* The 16-byte header of an IDX images file, plain or gzip-compressed. */
static gboolean
read_idx_header (const char *path,
                 guint8      header[16])
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) raw = g_file_read (file, NULL, NULL);
  g_autoptr(GInputStream) stream = NULL;
  guint8 magic[2];
  gsize got = 0;

  if (raw == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (raw), magic, 2, &got, NULL, NULL) || got != 2 ||
      !g_seekable_seek (G_SEEKABLE (raw), 0, G_SEEK_SET, NULL, NULL))
    return FALSE;
  if (magic[0] == 0x1f && magic[1] == 0x8b)
    {
      g_autoptr(GZlibDecompressor) gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);

      stream = g_converter_input_stream_new (G_INPUT_STREAM (raw), G_CONVERTER (gunzip));
    }
  else
    stream = g_object_ref (G_INPUT_STREAM (raw));

  return g_input_stream_read_all (stream, header, 16, &got, NULL, NULL) && got == 16 &&
         header[0] == 0 && header[1] == 0 && header[2] == 0x08 && header[3] == 3;
}

/**
 * dt_estimate_data_shape:
 * @name: "fashion-mnist" or the path of an IDX images file
 * @shape: (out): its shape
 *
 * Fills @shape from what is known without loading: Fashion-MNIST's fixed
 * sizes, or the header of an IDX file. When the file cannot be read,
 * @shape describes 28 × 28 images of 10 classes in one file of unknown
 * length, and the run itself reports the problem.
 *
 * Returns: %TRUE when the shape is known
 */
gboolean
dt_estimate_data_shape (const char  *name,
                        DtDataShape *shape)
{
  guint8 header[16];

  g_return_val_if_fail (name != NULL && shape != NULL, FALSE);

  *shape = (DtDataShape) {
    .d = FASHION_SIDE * FASHION_SIDE, .width = FASHION_SIDE, .height = FASHION_SIDE,
    .n_classes = FASHION_CLASSES, .one_file = TRUE,
  };
  if (g_str_equal (name, "fashion-mnist"))
    {
      shape->n_train_max = FASHION_TRAIN;
      shape->n_test_max = FASHION_TEST;
      shape->one_file = FALSE;
      shape->raw_bytes = (guint64) FASHION_TRAIN * (shape->d + 1);
      return TRUE;
    }
  if (!read_idx_header (name, header))
    return FALSE;

  shape->height = read_be32 (header + 8);
  shape->width = read_be32 (header + 12);
  shape->d = shape->width * shape->height;
  shape->n_train_max = shape->n_test_max = read_be32 (header + 4);
  shape->raw_bytes = shape->n_train_max * (shape->d + 1);
  return TRUE;
}

/**
 * dt_estimate_downsampled:
 * @shape: a data set's shape
 * @factor: the average-pooling factor, 1 for none
 *
 * Returns: the input dimension after dt_dataset_downsample()
 */
guint
dt_estimate_downsampled (const DtDataShape *shape,
                         guint              factor)
{
  g_return_val_if_fail (shape != NULL && factor >= 1, 0);

  if (factor == 1 || shape->width == 0 || shape->height == 0)
    return shape->d;
  return ((shape->width + factor - 1) / factor) * ((shape->height + factor - 1) / factor);
}

/**
 * dt_estimate_check_batch:
 * @params: parameters with "batch" and "n_train"
 * @error: return location for a %DT_ERROR_INVALID_PARAM error
 *
 * Checks that a minibatch fits into the training set.
 *
 * Returns: %TRUE if it does
 */
gboolean
dt_estimate_check_batch (const DtParams  *params,
                         GError         **error)
{
  guint batch = dt_params_get_int (params, "batch");
  guint n_train = dt_params_get_int (params, "n_train");

  if (batch <= n_train)
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
               _("The batch size “batch” (%u) is larger than the training set “n_train” (%u points): lower “batch” or raise “n_train”"),
               batch, n_train);
  return FALSE;
}

/**
 * dt_estimate_check_before_end:
 * @params: parameters with "steps" and the integer list @key
 * @key: a list of iterations of training, such as "spawn" or "rewind"
 * @error: return location for a %DT_ERROR_INVALID_PARAM error
 *
 * Checks that every iteration in @key comes before the end of training.
 *
 * Returns: %TRUE if they all do
 */
gboolean
dt_estimate_check_before_end (const DtParams  *params,
                              const char      *key,
                              GError         **error)
{
  g_autoptr(GArray) ks = dt_params_dup_sorted_list (params, key);
  guint64 steps = dt_params_get_int (params, "steps");
  guint64 last;

  if (ks->len == 0)
    return TRUE;
  last = g_array_index (ks, guint64, ks->len - 1);
  if (last < steps)
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
               _("Iteration %u in “%s” is not below the number of training iterations “steps” (%u): lower “%s” or raise “steps”"),
               (guint) last, key, (guint) steps, key);
  return FALSE;
}

/**
 * dt_estimate_check_sizes:
 * @params: parameters with "dataset", "n_train" and "n_test"
 * @error: return location for a %DT_ERROR_INVALID_PARAM error
 *
 * Checks that the training and test sets fit into the data set where its
 * size is known without loading it (Fashion-MNIST, a readable IDX file).
 *
 * Returns: %TRUE if they fit or the size is unknown
 */
gboolean
dt_estimate_check_sizes (const DtParams  *params,
                         GError         **error)
{
  const char *name = dt_params_get_string (params, "dataset");
  guint64 n_train = dt_params_get_int (params, "n_train");
  guint64 n_test = dt_params_get_int (params, "n_test");
  DtDataShape shape;

  if (g_str_equal (name, "synthetic") || !dt_estimate_data_shape (name, &shape))
    return TRUE;

  if (shape.one_file && n_train + n_test > shape.n_train_max)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   _("“n_train” + “n_test” is %u, but “%s” has only %u images: lower “n_train” or “n_test”"),
                   (guint) (n_train + n_test), name, (guint) shape.n_train_max);
      return FALSE;
    }
  if (!shape.one_file && n_train > shape.n_train_max)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   _("“n_train” is %u, but Fashion-MNIST has %u training images: lower “n_train”"),
                   (guint) n_train, (guint) shape.n_train_max);
      return FALSE;
    }
  if (!shape.one_file && n_test > shape.n_test_max)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   _("“n_test” is %u, but Fashion-MNIST has %u test images: lower “n_test”"),
                   (guint) n_test, (guint) shape.n_test_max);
      return FALSE;
    }
  return TRUE;
}

/**
 * dt_estimate_loading:
 * @shape: the shape of the data set being loaded
 * @n_train: training points taken
 * @n_test: test points taken
 *
 * Returns: the bytes that loading holds on top of the finished data sets:
 *   the whole file as read, and the permutation choosing the points
 */
double
dt_estimate_loading (const DtDataShape *shape,
                     guint              n_train,
                     guint              n_test)
{
  double n_total;

  g_return_val_if_fail (shape != NULL, 0);

  n_total = shape->one_file ? MAX ((double) shape->n_train_max, (double) n_train + n_test)
                            : MAX ((double) shape->n_train_max, (double) n_train);
  return MAX ((double) shape->raw_bytes, n_total * (shape->d + 1)) + n_total * sizeof (guint32);
}

/**
 * dt_estimate_dataset:
 * @n: points
 * @d: input dimension
 * @n_out: classes or target dimension
 * @classification: labels (%TRUE) or targets
 *
 * Returns: the bytes of a #DtDataset (32-bit floats)
 */
double
dt_estimate_dataset (guint    n,
                     guint    d,
                     guint    n_out,
                     gboolean classification)
{
  return (double) n * d * sizeof (float) +
         (classification ? (double) n * sizeof (guint32) : (double) n * n_out * sizeof (float));
}

/**
 * dt_estimate_data:
 * @params: parameters with "dataset", "n_train" and "n_test"
 * @synthetic_d: input dimension of the experiment's synthetic data
 * @synthetic_out: its classes or target dimension
 * @factor: the down-sampling factor applied to images, 1 for none
 * @d: (out): the input dimension the run works with
 * @n_out: (out): its classes or target dimension
 * @data: the training and test sets, held for the whole run
 * @load: what loading them holds on top, for a while: the file as read
 *   and, when down-sampling, the sets at full size
 *
 * The cost of the data sets of a run, known without loading them.
 */
void
dt_estimate_data (const DtParams *params,
                  guint           synthetic_d,
                  guint           synthetic_out,
                  guint           factor,
                  guint          *d,
                  guint          *n_out,
                  DtCost         *data,
                  DtCost         *load)
{
  const char *name = dt_params_get_string (params, "dataset");
  guint n_train = dt_params_get_int (params, "n_train");
  guint n_test = dt_params_get_int (params, "n_test");
  DtDataShape shape;

  *d = synthetic_d;
  *n_out = synthetic_out;
  if (!g_str_equal (name, "synthetic"))
    {
      dt_estimate_data_shape (name, &shape);
      *d = dt_estimate_downsampled (&shape, factor);
      *n_out = shape.n_classes;
      dt_cost_add (load, "n_train", dt_estimate_loading (&shape, n_train, n_test));
      if (*d != shape.d)
        {
          dt_cost_add (load, "n_train", dt_estimate_dataset (n_train, shape.d, *n_out, TRUE));
          dt_cost_add (load, "n_test", dt_estimate_dataset (n_test, shape.d, *n_out, TRUE));
        }
    }
  dt_cost_add (data, "n_train", dt_estimate_dataset (n_train, *d, *n_out, FALSE));
  dt_cost_add (data, "n_test", dt_estimate_dataset (n_test, *d, *n_out, FALSE));
}

/* ---- networks ---------------------------------------------------------------- */

/**
 * dt_estimate_mlp_params:
 * @sizes: (array length=n_sizes): input, hidden and output widths
 * @n_sizes: their number, at least 2
 *
 * Returns: the weights and biases of a #DtMlp of these widths
 */
guint64
dt_estimate_mlp_params (const guint *sizes,
                        guint        n_sizes)
{
  guint64 n = 0;

  for (guint l = 0; l + 1 < n_sizes; l++)
    n += (guint64) sizes[l] * sizes[l + 1] + sizes[l + 1];
  return n;
}

/**
 * dt_estimate_mlp_work:
 * @sizes: (array length=n_sizes): the network's widths
 * @n_sizes: their number
 * @batch: the workspace's largest batch
 * @elem: bytes of one number (4 for %DT_F32, 8 for %DT_F64)
 *
 * Returns: the bytes of a #DtMlpWork from dt_mlp_work_new()
 */
double
dt_estimate_mlp_work (const guint *sizes,
                      guint        n_sizes,
                      guint        batch,
                      gsize        elem)
{
  double cells = 0;
  guint widest = 0;

  for (guint l = 0; l < n_sizes; l++)
    widest = MAX (widest, sizes[l]);
  if (elem == sizeof (double))
    cells += (double) batch * sizes[0];
  for (guint l = 1; l < n_sizes; l++)
    cells += (l + 1 < n_sizes ? 2.0 : 1.0) * batch * sizes[l];
  cells += 2.0 * batch * widest;
  return cells * elem;
}

/**
 * dt_estimate_trainer:
 * @sizes: (array length=n_sizes): the network's widths
 * @n_sizes: their number
 * @batch: the minibatch size (clamped to @n_train as the trainer does)
 * @n_train: training points
 * @elem: bytes of one number of the network
 *
 * Returns: the bytes of a #DtTrainer with its network: parameters,
 *   gradient and momentum, the workspace of a batch, the data order and
 *   the batch's copy of the data
 */
double
dt_estimate_trainer (const guint *sizes,
                     guint        n_sizes,
                     guint        batch,
                     guint        n_train,
                     gsize        elem)
{
  double params = (double) dt_estimate_mlp_params (sizes, n_sizes);

  batch = CLAMP (batch, 1, MAX (n_train, 1));
  return 3.0 * params * elem + dt_estimate_mlp_work (sizes, n_sizes, batch, elem) +
         (double) n_train * sizeof (guint32) +
         (double) batch * (sizes[0] + sizes[n_sizes - 1]) * sizeof (float);
}

/* ---- least squares -------------------------------------------------------- */

/**
 * dt_estimate_least_squares:
 * @m: rows (points)
 * @n: columns (features)
 * @nrhs: right-hand sides
 * @ridge: whether dt_least_squares() gets a positive ridge
 *
 * Returns: the bytes dt_least_squares() allocates: for the minimum-norm
 *   solution the column-major copies of A and B and dgelsd's workspaces
 *   (from LAPACK's own workspace query), for ridge the normal system
 */
double
dt_estimate_least_squares (guint    m,
                           guint    n,
                           guint    nrhs,
                           gboolean ridge)
{
  double k = MIN (m, n);
  int im = (int) m, in = (int) n, inrhs = (int) nrhs, ldb = (int) MAX (m, n);
  int lwork = -1, rank = 0, info = 0, iquery = 0;
  double rcond = -1, query = 0, dummy = 0;

  if (ridge)
    return (k * k + 2.0 * k * nrhs) * sizeof (double);

  dgelsd_ (&im, &in, &inrhs, &dummy, &im, &dummy, &ldb, &dummy, &rcond, &rank,
           &query, &lwork, &iquery, &info);
  return ((double) m * n + (double) ldb * nrhs + k + query + 1) * sizeof (double) +
         (double) MAX (iquery, 1) * sizeof (int);
}
