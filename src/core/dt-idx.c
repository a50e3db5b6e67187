/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include <string.h>

#include "dt-data.h"
#include "dt-error.h"

/* IDX files (the MNIST format): a big-endian magic number 0x0000TTNN, where
 * TT is the element type (0x08: unsigned byte) and NN the number of
 * dimensions, then NN big-endian 32-bit sizes, then the elements. */
#define IDX_TYPE_UBYTE 0x08

/* Refuse files that claim more than this many elements: a corrupt header
 * must not make us try to allocate terabytes. */
#define IDX_MAX_ELEMENTS (G_GUINT64_CONSTANT (1) << 30)

/* Streams of dt_dataset_load()'s seed that choose the points. */
enum
{
  STREAM_LOAD_TRAIN = 0x1d0,
  STREAM_LOAD_TEST  = 0x1d1,
  STREAM_LOAD_SPLIT = 0x1d2,
};

/* The contents of one IDX file of unsigned bytes. */
typedef struct
{
  guint   n_dims;
  guint32 dims[3];
  guint64 n_elements;
  guint8 *elements;
} IdxFile;

static void
idx_file_clear (IdxFile *idx)
{
  g_clear_pointer (&idx->elements, g_free);
}

/* Turns an I/O error on @path into a DT_ERROR with the path in front, so
 * the user sees which file failed. */
static void
propagate_io_error (GError     **error,
                    GError      *io_error,
                    const char  *path)
{
  if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error (error, DT_ERROR, DT_ERROR_CANCELLED,
                 "%s: reading was cancelled", path);
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA) ||
           g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                 "%s: corrupt or truncated gzip data: %s", path, io_error->message);
  else
    g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                 "%s: %s", path, io_error->message);
  g_error_free (io_error);
}

/* Opens @path for reading, through a gzip decompressor when the file
 * starts with the gzip magic bytes 0x1f 0x8b. */
static GInputStream *
open_maybe_gzip (const char    *path,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) file_stream = NULL;
  g_autoptr(GInputStream) buffered = NULL;
  GError *local_error = NULL;
  const guint8 *peek;
  gsize available = 0;

  file_stream = g_file_read (file, cancellable, &local_error);
  if (file_stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_autofree char *dir = g_path_get_dirname (path);

          if (g_str_equal (dir, FASHION_MNIST_DIR))
            g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                         "%s: no such file; Fashion-MNIST is installed by "
                         "`sudo apt install dataset-fashion-mnist`", path);
          else
            g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                         "%s: no such file", path);
          g_error_free (local_error);
        }
      else
        {
          propagate_io_error (error, local_error, path);
        }
      return NULL;
    }

  buffered = g_buffered_input_stream_new (G_INPUT_STREAM (file_stream));
  while (available < 2)
    {
      gssize got = g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered),
                                                 2 - available, cancellable,
                                                 &local_error);

      if (got < 0)
        {
          propagate_io_error (error, local_error, path);
          return NULL;
        }
      available = g_buffered_input_stream_get_available (G_BUFFERED_INPUT_STREAM (buffered));
      if (got == 0)
        break;
    }

  peek = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered),
                                              &available);
  if (available >= 2 && peek[0] == 0x1f && peek[1] == 0x8b)
    {
      g_autoptr(GZlibDecompressor) decompressor =
        g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);

      return g_converter_input_stream_new (buffered, G_CONVERTER (decompressor));
    }

  return g_steal_pointer (&buffered);
}

/* Reads up to @size bytes, stopping early only at the end of the stream.
 * The buffer grows as data arrive, so a truncated file that claims a huge
 * size costs only what it really holds. */
static gboolean
read_up_to (GInputStream  *stream,
            gsize          size,
            guint8       **out_data,
            gsize         *out_len,
            const char    *path,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree guint8 *buffer = NULL;
  gsize capacity = MIN (size, (gsize) 1 << 20);
  gsize have = 0;

  buffer = g_malloc (MAX (capacity, 1));
  while (have < size)
    {
      GError *local_error = NULL;
      gsize want, got = 0;

      if (have == capacity)
        {
          capacity = MIN (size, capacity * 2);
          buffer = g_realloc (buffer, capacity);
        }
      want = capacity - have;
      if (!g_input_stream_read_all (stream, buffer + have, want, &got,
                                    cancellable, &local_error))
        {
          propagate_io_error (error, local_error, path);
          return FALSE;
        }
      have += got;
      if (got < want)
        break;
    }

  *out_data = g_steal_pointer (&buffer);
  *out_len = have;
  return TRUE;
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) |
         ((guint32) p[2] << 8) | (guint32) p[3];
}

/* Reads and validates a whole IDX file of unsigned bytes with @n_dims
 * dimensions. @what names the elements in messages ("pixels", "labels"). */
static gboolean
idx_file_read (IdxFile       *idx,
               const char    *path,
               guint          n_dims,
               const char    *what,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autofree guint8 *header = NULL;
  g_autofree guint8 *elements = NULL;
  gsize header_len = 4 + 4 * (gsize) n_dims;
  gsize len = 0;
  guint32 magic;
  guint64 total = 1;

  g_assert (n_dims >= 1 && n_dims <= G_N_ELEMENTS (idx->dims));

  memset (idx, 0, sizeof *idx);

  stream = open_maybe_gzip (path, cancellable, error);
  if (stream == NULL)
    return FALSE;

  if (!read_up_to (stream, header_len, &header, &len, path, cancellable, error))
    return FALSE;
  if (len == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                   "%s: the file is empty", path);
      return FALSE;
    }
  if (len < 4)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                   "%s: truncated: expected a %" G_GSIZE_FORMAT "-byte header, "
                   "found %" G_GSIZE_FORMAT " bytes", path, header_len, len);
      return FALSE;
    }

  magic = read_be32 (header);
  if (header[0] != 0 || header[1] != 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                   "%s: not an IDX file (magic number 0x%08x, expected 0x%08x)",
                   path, magic, (IDX_TYPE_UBYTE << 8) | n_dims);
      return FALSE;
    }
  if (header[2] != IDX_TYPE_UBYTE)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                   "%s: unsupported IDX element type 0x%02x (magic number "
                   "0x%08x); only unsigned bytes (0x08) are supported",
                   path, header[2], magic);
      return FALSE;
    }
  if (header[3] != n_dims)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                   "%s: expected %u-dimensional IDX data of %s (magic "
                   "number 0x%08x), found %u dimensions",
                   path, n_dims, what, (IDX_TYPE_UBYTE << 8) | n_dims, header[3]);
      return FALSE;
    }
  if (len < header_len)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                   "%s: truncated: expected a %" G_GSIZE_FORMAT "-byte header, "
                   "found %" G_GSIZE_FORMAT " bytes", path, header_len, len);
      return FALSE;
    }

  for (guint i = 0; i < n_dims; i++)
    {
      idx->dims[i] = read_be32 (header + 4 + 4 * i);
      if (idx->dims[i] == 0)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                       "%s: dimension %u of %u has size 0", path, i + 1, n_dims);
          return FALSE;
        }
      total *= idx->dims[i];
      if (total > IDX_MAX_ELEMENTS)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                       "%s: the header claims an absurd size (more than "
                       "%" G_GUINT64_FORMAT " %s)", path, IDX_MAX_ELEMENTS, what);
          return FALSE;
        }
    }

  if (!read_up_to (stream, total, &elements, &len, path, cancellable, error))
    return FALSE;
  if (len < total)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                   "%s: truncated: expected %" G_GUINT64_FORMAT " bytes of %s, "
                   "found %" G_GSIZE_FORMAT, path, total, what, len);
      return FALSE;
    }

  idx->n_dims = n_dims;
  idx->n_elements = total;
  idx->elements = g_steal_pointer (&elements);
  return TRUE;
}

/* Reads an image file and its labels file and checks that they agree. */
static gboolean
idx_pair_read (const char    *images_path,
               const char    *labels_path,
               IdxFile       *images,
               IdxFile       *labels,
               guint         *n_classes,
               GCancellable  *cancellable,
               GError       **error)
{
  guint8 max_label = 0;

  if (!idx_file_read (images, images_path, 3, "pixels", cancellable, error))
    return FALSE;
  if (!idx_file_read (labels, labels_path, 1, "labels", cancellable, error))
    {
      idx_file_clear (images);
      return FALSE;
    }

  if (images->dims[0] != labels->dims[0])
    {
      g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                   "%s has %u images but %s has %u labels",
                   images_path, images->dims[0], labels_path, labels->dims[0]);
      idx_file_clear (images);
      idx_file_clear (labels);
      return FALSE;
    }

  for (guint i = 0; i < labels->dims[0]; i++)
    max_label = MAX (max_label, labels->elements[i]);
  /* MNIST-style files have ten classes even when a small file happens to
   * lack the last ones. */
  *n_classes = MAX ((guint) max_label + 1, 10);
  return TRUE;
}

/* Builds a classification data set of the images @indices (all of them,
 * in order, when @indices is NULL), with pixels scaled to [0, 1]. */
static DtDataset *
dataset_from_idx (const IdxFile  *images,
                  const IdxFile  *labels,
                  guint           n_classes,
                  const guint32  *indices,
                  guint           n)
{
  guint rows = images->dims[1];
  guint cols = images->dims[2];
  gsize d = (gsize) rows * cols;
  DtDataset *data;

  data = dt_dataset_new (DT_TASK_CLASSIFICATION, n, (guint) d, n_classes);
  data->image_width = cols;
  data->image_height = rows;

  for (guint i = 0; i < n; i++)
    {
      gsize src = indices != NULL ? indices[i] : i;
      const guint8 *pixels = images->elements + src * d;
      float *row = data->x + (gsize) i * d;

      for (gsize j = 0; j < d; j++)
        row[j] = pixels[j] / 255.0f;
      data->labels[i] = labels->elements[src];
    }

  return data;
}

/**
 * dt_idx_load:
 * @images_path: an IDX file of unsigned-byte images (n × rows × cols),
 *   plain or gzip-compressed
 * @labels_path: the IDX file of its n unsigned-byte labels
 * @cancellable: (nullable): cancels the reading
 * @error: return location for a %DT_ERROR_DATA error naming the file and
 *   the problem
 *
 * Reads an MNIST-format pair of files. Pixels become floats in [0, 1]; the
 * number of classes is the largest label plus one, and at least 10.
 *
 * Returns: (transfer full) (nullable): the data set, or %NULL on error
 */
DtDataset *
dt_idx_load (const char    *images_path,
             const char    *labels_path,
             GCancellable  *cancellable,
             GError       **error)
{
  IdxFile images, labels;
  DtDataset *data;
  guint n_classes;

  g_return_val_if_fail (images_path != NULL, NULL);
  g_return_val_if_fail (labels_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!idx_pair_read (images_path, labels_path, &images, &labels, &n_classes,
                      cancellable, error))
    return NULL;

  data = dataset_from_idx (&images, &labels, n_classes, NULL, images.dims[0]);
  idx_file_clear (&images);
  idx_file_clear (&labels);
  return data;
}

/**
 * dt_idx_labels_path_for:
 * @images_path: path of an IDX images file
 *
 * Derives the path of the labels file that sits beside an images file, by
 * replacing "images" with "labels" and "idx3" with "idx1" in its base name
 * (train-images-idx3-ubyte.gz → train-labels-idx1-ubyte.gz).
 *
 * Returns: (transfer full) (nullable): the labels path, or %NULL when the
 *   base name contains neither "images" nor "idx3"
 */
char *
dt_idx_labels_path_for (const char *images_path)
{
  g_autofree char *dir = NULL;
  g_autofree char *basename = NULL;
  g_autoptr(GString) base = NULL;
  guint replaced;

  g_return_val_if_fail (images_path != NULL, NULL);

  dir = g_path_get_dirname (images_path);
  basename = g_path_get_basename (images_path);
  base = g_string_new (basename);

  replaced = g_string_replace (base, "images", "labels", 0);
  replaced += g_string_replace (base, "idx3", "idx1", 0);
  if (replaced == 0)
    return NULL;

  /* Keep a bare file name bare rather than prefixing "./". */
  if (strchr (images_path, G_DIR_SEPARATOR) == NULL)
    return g_string_free (g_steal_pointer (&base), FALSE);
  return g_build_filename (dir, base->str, NULL);
}

/* Chooses @n distinct points of @n_total with a stream of @seed. */
static guint32 *
choose_points (guint64 seed,
               guint64 stream,
               guint   n_total)
{
  guint32 *order = g_new (guint32, MAX (n_total, 1));
  DtRng rng;

  dt_rng_init (&rng, seed, stream);
  dt_rng_permutation (&rng, order, n_total);
  return order;
}

/* Loads @n random points of one Fashion-MNIST file pair. */
static DtDataset *
load_fashion_part (const char    *prefix,
                   const char    *part,
                   const char    *param,
                   guint          n,
                   guint64        seed,
                   guint64        stream,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *images_name = g_strdup_printf ("%s-images-idx3-ubyte.gz", prefix);
  g_autofree char *labels_name = g_strdup_printf ("%s-labels-idx1-ubyte.gz", prefix);
  g_autofree char *images_path = g_build_filename (FASHION_MNIST_DIR, images_name, NULL);
  g_autofree char *labels_path = g_build_filename (FASHION_MNIST_DIR, labels_name, NULL);
  g_autofree guint32 *order = NULL;
  IdxFile images, labels;
  DtDataset *data = NULL;
  guint n_classes;

  if (!idx_pair_read (images_path, labels_path, &images, &labels, &n_classes,
                      cancellable, error))
    return NULL;

  if (n > images.dims[0])
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   "%s = %u exceeds the %u points of the Fashion-MNIST %s set",
                   param, n, images.dims[0], part);
    }
  else
    {
      order = choose_points (seed, stream, images.dims[0]);
      data = dataset_from_idx (&images, &labels, n_classes, order, n);
    }

  idx_file_clear (&images);
  idx_file_clear (&labels);
  return data;
}

/**
 * dt_dataset_load:
 * @name: "fashion-mnist", or the path of an IDX images file whose labels
 *   file sits beside it (see dt_idx_labels_path_for())
 * @n_train: number of training points to take
 * @n_test: number of test points to take
 * @seed: chooses which points are taken
 * @train: (out) (optional) (transfer full): the training set
 * @test: (out) (optional) (transfer full): the test set
 * @cancellable: (nullable): cancels the reading
 * @error: return location for an error
 *
 * Loads a real data set as random subsets chosen by @seed. For
 * "fashion-mnist" (Debian's dataset-fashion-mnist package) the training
 * points come from its 60000-image training file and the test points from
 * its 10000-image test file. Any other name is read as one IDX pair whose
 * points are split into disjoint random training and test subsets. In both
 * cases the training set does not depend on @n_test.
 *
 * The synthetic data sets are not loaded here: experiments generate them
 * with dt_synthetic_gaussian_mixture() or dt_synthetic_teacher(), and the
 * name "synthetic" gives %DT_ERROR_INVALID_PARAM.
 *
 * Returns: %TRUE on success; on failure both outputs are set to %NULL
 */
gboolean
dt_dataset_load (const char    *name,
                 guint          n_train,
                 guint          n_test,
                 guint64        seed,
                 DtDataset    **train,
                 DtDataset    **test,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(DtDataset) out_train = NULL;
  g_autoptr(DtDataset) out_test = NULL;

  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (train != NULL)
    *train = NULL;
  if (test != NULL)
    *test = NULL;

  if (g_str_equal (name, "synthetic"))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   "the synthetic data sets are generated by each experiment, "
                   "not loaded from files");
      return FALSE;
    }

  if (g_str_equal (name, "fashion-mnist"))
    {
      if (train != NULL)
        {
          out_train = load_fashion_part ("train", "training", "n_train", n_train,
                                         seed, STREAM_LOAD_TRAIN,
                                         cancellable, error);
          if (out_train == NULL)
            return FALSE;
        }
      if (test != NULL)
        {
          out_test = load_fashion_part ("t10k", "test", "n_test", n_test,
                                        seed, STREAM_LOAD_TEST,
                                        cancellable, error);
          if (out_test == NULL)
            return FALSE;
        }
    }
  else
    {
      g_autofree char *labels_path = dt_idx_labels_path_for (name);
      g_autofree guint32 *order = NULL;
      IdxFile images, labels;
      guint n_classes;
      guint n_total;

      if (labels_path == NULL)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                       "%s: cannot find its labels file: the name of an IDX "
                       "images file must contain \"images\" or \"idx3\" "
                       "(its labels file has \"labels\" or \"idx1\" there)",
                       name);
          return FALSE;
        }
      if (!idx_pair_read (name, labels_path, &images, &labels, &n_classes,
                          cancellable, error))
        return FALSE;

      n_total = images.dims[0];
      if ((guint64) n_train + n_test > n_total)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                       "n_train + n_test = %" G_GUINT64_FORMAT " exceeds the "
                       "%u points of %s",
                       (guint64) n_train + n_test, n_total, name);
          idx_file_clear (&images);
          idx_file_clear (&labels);
          return FALSE;
        }

      /* One permutation: training points first, test points after them,
       * so the training set does not depend on n_test. */
      order = choose_points (seed, STREAM_LOAD_SPLIT, n_total);
      if (train != NULL)
        out_train = dataset_from_idx (&images, &labels, n_classes, order, n_train);
      if (test != NULL)
        out_test = dataset_from_idx (&images, &labels, n_classes,
                                     order + n_train, n_test);
      idx_file_clear (&images);
      idx_file_clear (&labels);
    }

  if (train != NULL)
    *train = g_steal_pointer (&out_train);
  if (test != NULL)
    *test = g_steal_pointer (&out_test);
  return TRUE;
}
