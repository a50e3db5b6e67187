/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-data"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dt-data.h"
#include "dt-error.h"

/* A small IDX pair: N_IMAGES images of ROWS × COLS pixels. */
#define N_IMAGES 5
#define ROWS     2
#define COLS     3

typedef struct
{
  char *dir;
} TmpDir;

static void
tmp_dir_setup (TmpDir        *tmp,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  tmp->dir = g_dir_make_tmp (NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tmp->dir);
}

static void
tmp_dir_teardown (TmpDir        *tmp,
                  gconstpointer  user_data)
{
  g_autoptr(GDir) dir = g_dir_open (tmp->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp->dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (tmp->dir), ==, 0);
  g_free (tmp->dir);
}

static void
put_be32 (GByteArray *bytes,
          guint32     v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };

  g_byte_array_append (bytes, b, 4);
}

/* An IDX header for unsigned bytes with the given sizes. */
static GByteArray *
idx_header (guint          n_dims,
            const guint32 *dims)
{
  GByteArray *bytes = g_byte_array_new ();

  put_be32 (bytes, 0x00000800 | n_dims);
  for (guint i = 0; i < n_dims; i++)
    put_be32 (bytes, dims[i]);
  return bytes;
}

static guint8
pixel_value (guint i,
             guint j)
{
  return (guint8) ((i * 37 + j * 11 + 3) % 256);
}

static GByteArray *
images_bytes (guint n)
{
  guint32 dims[3] = { n, ROWS, COLS };
  GByteArray *bytes = idx_header (3, dims);

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < ROWS * COLS; j++)
      {
        guint8 v = pixel_value (i, j);

        g_byte_array_append (bytes, &v, 1);
      }
  return bytes;
}

static GByteArray *
labels_bytes (guint n,
              guint n_classes)
{
  guint32 dims[1] = { n };
  GByteArray *bytes = idx_header (1, dims);

  for (guint i = 0; i < n; i++)
    {
      guint8 v = (guint8) ((i * 7 + 2) % n_classes);

      g_byte_array_append (bytes, &v, 1);
    }
  return bytes;
}

static GBytes *
gzip_bytes (const guint8 *data,
            gsize         len)
{
  g_autoptr(GZlibCompressor) compressor =
    g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out =
    g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;
  gsize written = 0;

  g_output_stream_write_all (out, data, len, &written, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* Writes @len bytes of @data to @name in @tmp, gzip-compressed when @gzip
 * is set, and returns the path. */
static char *
write_file (TmpDir       *tmp,
            const char   *name,
            const guint8 *data,
            gsize         len,
            gboolean      gzip)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp->dir, name, NULL);

  if (gzip)
    {
      g_autoptr(GBytes) packed = gzip_bytes (data, len);
      gsize packed_len;
      const char *packed_data = g_bytes_get_data (packed, &packed_len);

      g_file_set_contents (path, packed_data, packed_len, &error);
    }
  else
    {
      g_file_set_contents (path, (const char *) data, len, &error);
    }
  g_assert_no_error (error);
  return path;
}

static void
write_pair (TmpDir    *tmp,
            guint      n_images,
            guint      n_labels,
            guint      n_classes,
            gboolean   gzip,
            char     **images_path,
            char     **labels_path)
{
  g_autoptr(GByteArray) images = images_bytes (n_images);
  g_autoptr(GByteArray) labels = labels_bytes (n_labels, n_classes);
  const char *suffix = gzip ? ".gz" : "";
  g_autofree char *images_name = g_strdup_printf ("tiny-images-idx3-ubyte%s", suffix);
  g_autofree char *labels_name = g_strdup_printf ("tiny-labels-idx1-ubyte%s", suffix);

  *images_path = write_file (tmp, images_name, images->data, images->len, gzip);
  *labels_path = write_file (tmp, labels_name, labels->data, labels->len, gzip);
}

static void
check_tiny (const DtDataset *data,
            guint            n,
            guint            n_classes)
{
  g_assert_nonnull (data);
  g_assert_cmpint (data->task, ==, DT_TASK_CLASSIFICATION);
  g_assert_cmpuint (data->n, ==, n);
  g_assert_cmpuint (data->d, ==, ROWS * COLS);
  g_assert_cmpuint (data->image_width, ==, COLS);
  g_assert_cmpuint (data->image_height, ==, ROWS);
  g_assert_cmpuint (data->n_out, ==, MAX (n_classes, 10));
  g_assert_nonnull (data->labels);
  g_assert_null (data->y);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (data->labels[i], ==, (i * 7 + 2) % n_classes);
      for (guint j = 0; j < ROWS * COLS; j++)
        g_assert_cmpfloat (data->x[i * data->d + j], ==, pixel_value (i, j) / 255.0f);
    }
}

static void
test_idx_plain (TmpDir        *tmp,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDataset) data = NULL;
  g_autofree char *images = NULL;
  g_autofree char *labels = NULL;

  write_pair (tmp, N_IMAGES, N_IMAGES, 4, FALSE, &images, &labels);
  data = dt_idx_load (images, labels, NULL, &error);
  g_assert_no_error (error);
  check_tiny (data, N_IMAGES, 4);
}

static void
test_idx_gzip (TmpDir        *tmp,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDataset) data = NULL;
  g_autofree char *images = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *head = NULL;

  write_pair (tmp, N_IMAGES, N_IMAGES, 4, TRUE, &images, &labels);
  /* The file on disk really is gzip. */
  g_file_get_contents (images, &head, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint ((guint8) head[0], ==, 0x1f);
  g_assert_cmpint ((guint8) head[1], ==, 0x8b);

  data = dt_idx_load (images, labels, NULL, &error);
  g_assert_no_error (error);
  check_tiny (data, N_IMAGES, 4);
}

/* More than ten classes: n_out is the largest label plus one. */
static void
test_idx_many_classes (TmpDir        *tmp,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDataset) data = NULL;
  g_autoptr(GByteArray) images = images_bytes (20);
  g_autoptr(GByteArray) labels = labels_bytes (20, 13);
  g_autofree char *images_path = write_file (tmp, "a-images", images->data, images->len, FALSE);
  g_autofree char *labels_path = write_file (tmp, "a-labels", labels->data, labels->len, FALSE);

  data = dt_idx_load (images_path, labels_path, NULL, &error);
  g_assert_no_error (error);
  check_tiny (data, 20, 13);
  g_assert_cmpuint (data->n_out, ==, 13);
}

/* Bytes after the last element are ignored. */
static void
test_idx_trailing (TmpDir        *tmp,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDataset) data = NULL;
  g_autoptr(GByteArray) images = images_bytes (N_IMAGES);
  g_autoptr(GByteArray) labels = labels_bytes (N_IMAGES, 10);
  g_autofree char *images_path = NULL;
  g_autofree char *labels_path = NULL;

  g_byte_array_append (images, (const guint8 *) "garbage", 7);
  g_byte_array_append (labels, (const guint8 *) "\xff\xff", 2);
  images_path = write_file (tmp, "t-images.gz", images->data, images->len, TRUE);
  labels_path = write_file (tmp, "t-labels", labels->data, labels->len, FALSE);

  data = dt_idx_load (images_path, labels_path, NULL, &error);
  g_assert_no_error (error);
  check_tiny (data, N_IMAGES, 10);
}

/* Loads a broken images file (beside good labels) and checks that the
 * error is DT_ERROR_DATA and names the file and @what. */
static void
expect_images_error (TmpDir       *tmp,
                     const char   *name,
                     GByteArray   *images,
                     gboolean      gzip,
                     const char   *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) labels = labels_bytes (N_IMAGES, 10);
  g_autofree char *images_path = write_file (tmp, name, images->data, images->len, gzip);
  g_autofree char *labels_name = g_strconcat (name, "-labels", NULL);
  g_autofree char *labels_path = write_file (tmp, labels_name, labels->data, labels->len, FALSE);
  DtDataset *data;

  data = dt_idx_load (images_path, labels_path, NULL, &error);
  g_assert_null (data);
  g_assert_error (error, DT_ERROR, DT_ERROR_DATA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, images_path));
  g_assert_nonnull (strstr (error->message, what));
}

static void
test_idx_truncated (TmpDir        *tmp,
                    gconstpointer  user_data)
{
  for (guint gzip = 0; gzip < 2; gzip++)
    {
      g_autoptr(GByteArray) images = images_bytes (N_IMAGES);
      g_autoptr(GByteArray) header = images_bytes (N_IMAGES);
      g_autofree char *name = g_strdup_printf ("trunc%u", gzip);
      g_autofree char *name_header = g_strdup_printf ("trunc-header%u", gzip);

      g_byte_array_set_size (images, images->len - 1);
      expect_images_error (tmp, name, images, gzip,
                           "truncated: expected 30 bytes of pixels, found 29");

      g_byte_array_set_size (header, 10);
      expect_images_error (tmp, name_header, header, gzip,
                           "truncated: expected a 16-byte header, found 10 bytes");
    }
}

/* A gzip stream cut short is reported, not read as a shorter file. */
static void
test_idx_truncated_gzip_stream (TmpDir        *tmp,
                                gconstpointer  user_data)
{
  g_autoptr(GByteArray) images = images_bytes (200);
  g_autoptr(GBytes) packed = gzip_bytes (images->data, images->len);
  g_autoptr(GByteArray) cut = g_byte_array_new ();
  gsize len;
  const guint8 *data = g_bytes_get_data (packed, &len);

  g_byte_array_append (cut, data, len / 2);
  expect_images_error (tmp, "cut.gz", cut, FALSE, "gzip");
}

static void
test_idx_bad_header (TmpDir        *tmp,
                     gconstpointer  user_data)
{
  g_autoptr(GByteArray) magic = images_bytes (N_IMAGES);
  g_autoptr(GByteArray) type = images_bytes (N_IMAGES);
  g_autoptr(GByteArray) dims = images_bytes (N_IMAGES);
  g_autoptr(GByteArray) zero = NULL;
  g_autoptr(GByteArray) absurd = NULL;
  g_autoptr(GByteArray) empty = g_byte_array_new ();
  guint32 zero_dims[3] = { N_IMAGES, 0, COLS };
  guint32 absurd_dims[3] = { 60000, 28000, 28000 };

  magic->data[0] = 0x12;
  expect_images_error (tmp, "magic", magic, FALSE, "not an IDX file");

  type->data[2] = 0x0d;   /* floats */
  expect_images_error (tmp, "type", type, TRUE, "element type 0x0d");

  dims->data[3] = 2;
  expect_images_error (tmp, "dims", dims, FALSE, "found 2 dimensions");

  zero = idx_header (3, zero_dims);
  expect_images_error (tmp, "zero", zero, FALSE, "dimension 2 of 3 has size 0");

  absurd = idx_header (3, absurd_dims);
  expect_images_error (tmp, "absurd", absurd, FALSE, "absurd");

  expect_images_error (tmp, "empty", empty, FALSE, "empty");
}

static void
test_idx_mismatch (TmpDir        *tmp,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *images = NULL;
  g_autofree char *labels = NULL;
  DtDataset *data;

  write_pair (tmp, N_IMAGES, N_IMAGES + 1, 10, TRUE, &images, &labels);
  data = dt_idx_load (images, labels, NULL, &error);
  g_assert_null (data);
  g_assert_error (error, DT_ERROR, DT_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, images));
  g_assert_nonnull (strstr (error->message, labels));
  g_assert_nonnull (strstr (error->message, "has 5 images"));
  g_assert_nonnull (strstr (error->message, "has 6 labels"));
}

static void
test_idx_missing (TmpDir        *tmp,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) fashion_error = NULL;
  g_autoptr(GByteArray) images = images_bytes (N_IMAGES);
  g_autofree char *images_path = write_file (tmp, "m-images-idx3", images->data, images->len, FALSE);
  g_autofree char *labels_path = dt_idx_labels_path_for (images_path);
  g_autofree char *fashion_path =
    g_build_filename (FASHION_MNIST_DIR, "no-such-images-idx3-ubyte.gz", NULL);
  DtDataset *data;

  g_assert_false (g_file_test (labels_path, G_FILE_TEST_EXISTS));
  data = dt_idx_load (images_path, labels_path, NULL, &error);
  g_assert_null (data);
  g_assert_error (error, DT_ERROR, DT_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, labels_path));
  g_assert_nonnull (strstr (error->message, "no such file"));
  g_assert_null (strstr (error->message, "apt"));

  /* Through dt_dataset_load, with the labels beside the images. */
  g_clear_error (&error);
  g_assert_false (dt_dataset_load (images_path, 1, 1, 1, NULL, NULL, NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, labels_path));

  /* A missing Fashion-MNIST file says which package provides it. */
  data = dt_idx_load (fashion_path, fashion_path, NULL, &fashion_error);
  g_assert_null (data);
  g_assert_error (fashion_error, DT_ERROR, DT_ERROR_DATA);
  g_assert_nonnull (strstr (fashion_error->message, fashion_path));
  g_assert_nonnull (strstr (fashion_error->message, "sudo apt install dataset-fashion-mnist"));
}

static void
test_idx_cancelled (TmpDir        *tmp,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *images = NULL;
  g_autofree char *labels = NULL;

  write_pair (tmp, N_IMAGES, N_IMAGES, 10, TRUE, &images, &labels);
  g_cancellable_cancel (cancellable);
  g_assert_null (dt_idx_load (images, labels, cancellable, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_CANCELLED);
}

static void
test_labels_path (void)
{
  static const struct
  {
    const char *images;
    const char *labels;
  } cases[] = {
    { "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
      "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz" },
    { "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" },
    { "/data/images/my-idx3.bin", "/data/images/my-idx1.bin" },
    { "/data/images/digits-images", "/data/images/digits-labels" },
    { "/data/images/pictures.bin", NULL },
    { "relative/dir/x-images.idx", "relative/dir/x-labels.idx" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *labels = dt_idx_labels_path_for (cases[i].images);

      g_assert_cmpstr (labels, ==, cases[i].labels);
    }
}

static gboolean
rows_equal (const DtDataset *a,
            guint            i,
            const DtDataset *b,
            guint            j)
{
  g_assert_cmpuint (a->d, ==, b->d);
  if (memcmp (a->x + (gsize) i * a->d, b->x + (gsize) j * b->d, sizeof (float) * a->d) != 0)
    return FALSE;
  if (a->labels != NULL)
    return a->labels[i] == b->labels[j];
  return memcmp (a->y + (gsize) i * a->n_out, b->y + (gsize) j * b->n_out,
                 sizeof (float) * a->n_out) == 0;
}

static gboolean
datasets_equal (const DtDataset *a,
                const DtDataset *b)
{
  if (a->n != b->n || a->d != b->d || a->n_out != b->n_out || a->task != b->task)
    return FALSE;
  for (guint i = 0; i < a->n; i++)
    if (!rows_equal (a, i, b, i))
      return FALSE;
  return TRUE;
}

/* A classification set whose point i has every input equal to i, so that
 * a point can be recognised after shuffling. */
static DtDataset *
numbered_dataset (guint n,
                  guint d)
{
  DtDataset *data = dt_dataset_new (DT_TASK_CLASSIFICATION, n, d, 3);

  for (guint i = 0; i < n; i++)
    {
      for (guint j = 0; j < d; j++)
        data->x[i * d + j] = (float) i;
      data->labels[i] = i % 3;
    }
  return data;
}

static void
test_idx_dataset_load_path (TmpDir        *tmp,
                            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDataset) all = NULL;
  g_autoptr(DtDataset) train = NULL;
  g_autoptr(DtDataset) test = NULL;
  g_autoptr(DtDataset) train2 = NULL;
  g_autoptr(DtDataset) test2 = NULL;
  g_autoptr(DtDataset) train3 = NULL;
  g_autoptr(GByteArray) images = images_bytes (40);
  g_autoptr(GByteArray) labels = labels_bytes (40, 10);
  g_autofree char *images_path = write_file (tmp, "p-images-idx3-ubyte.gz", images->data, images->len, TRUE);
  g_autofree char *labels_path = write_file (tmp, "p-labels-idx1-ubyte.gz", labels->data, labels->len, TRUE);
  g_autofree char *odd_path = write_file (tmp, "pictures.bin", images->data, images->len, FALSE);
  gboolean used[40] = { FALSE, };

  all = dt_idx_load (images_path, labels_path, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (dt_dataset_load (images_path, 25, 10, 5, &train, &test, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (train->n, ==, 25);
  g_assert_cmpuint (test->n, ==, 10);
  g_assert_cmpuint (train->image_width, ==, COLS);
  g_assert_cmpuint (test->image_height, ==, ROWS);

  /* Every point of either subset is a distinct point of the file. */
  for (guint k = 0; k < 2; k++)
    {
      DtDataset *part = k == 0 ? train : test;

      for (guint i = 0; i < part->n; i++)
        {
          guint found = G_MAXUINT;

          for (guint j = 0; j < all->n && found == G_MAXUINT; j++)
            if (!used[j] && rows_equal (part, i, all, j))
              found = j;
          g_assert_cmpuint (found, !=, G_MAXUINT);
          used[found] = TRUE;
        }
    }

  /* The same seed gives the same subsets; n_test does not move the
   * training set; another seed does. */
  g_assert_true (dt_dataset_load (images_path, 25, 3, 5, &train2, &test2, NULL, &error));
  g_assert_true (datasets_equal (train, train2));
  g_assert_cmpuint (test2->n, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (rows_equal (test, i, test2, i));
  g_assert_true (dt_dataset_load (images_path, 25, 10, 6, &train3, NULL, NULL, &error));
  g_assert_false (datasets_equal (train, train3));

  /* Too many points. */
  g_clear_pointer (&train2, dt_dataset_free);
  g_clear_pointer (&test2, dt_dataset_free);
  g_assert_false (dt_dataset_load (images_path, 35, 10, 5, &train2, &test2, NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM);
  g_assert_null (train2);
  g_assert_null (test2);
  g_assert_nonnull (strstr (error->message, images_path));
  g_clear_error (&error);

  /* A name from which no labels file can be derived. */
  g_assert_false (dt_dataset_load (odd_path, 5, 5, 5, &train2, &test2, NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, odd_path));
  g_clear_error (&error);

  /* Synthetic data are generated by the experiments. */
  g_assert_false (dt_dataset_load ("synthetic", 5, 5, 5, &train2, &test2, NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM);
}

static void
test_copy_subset_split (void)
{
  g_autoptr(DtDataset) data = numbered_dataset (50, 4);
  g_autoptr(DtDataset) copy = dt_dataset_copy (data);
  g_autoptr(DtDataset) sub = NULL;
  g_autoptr(DtDataset) first = NULL;
  g_autoptr(DtDataset) second = NULL;
  g_autoptr(DtDataset) first2 = NULL;
  g_autoptr(DtDataset) first3 = NULL;
  g_autoptr(DtDataset) empty = NULL;
  guint32 indices[] = { 7, 0, 49, 7 };
  guint seen[50] = { 0, };
  DtRng rng;

  g_assert_true (datasets_equal (data, copy));
  g_assert_true (copy->x != data->x);

  sub = dt_dataset_subset (data, indices, G_N_ELEMENTS (indices));
  g_assert_cmpuint (sub->n, ==, 4);
  for (guint i = 0; i < sub->n; i++)
    g_assert_true (rows_equal (sub, i, data, indices[i]));

  dt_rng_init (&rng, 11, 0);
  dt_dataset_split (data, 20, &rng, &first, &second);
  g_assert_cmpuint (first->n, ==, 20);
  g_assert_cmpuint (second->n, ==, 30);
  for (guint k = 0; k < 2; k++)
    {
      DtDataset *part = k == 0 ? first : second;

      for (guint i = 0; i < part->n; i++)
        {
          guint id = (guint) part->x[i * part->d];

          g_assert_true (rows_equal (part, i, data, id));
          seen[id]++;
        }
    }
  for (guint i = 0; i < 50; i++)
    g_assert_cmpuint (seen[i], ==, 1);

  /* Deterministic in the generator's state; NULL outputs are allowed. */
  dt_rng_init (&rng, 11, 0);
  dt_dataset_split (data, 20, &rng, &first2, NULL);
  g_assert_true (datasets_equal (first, first2));
  dt_rng_init (&rng, 12, 0);
  dt_dataset_split (data, 20, &rng, &first3, NULL);
  g_assert_false (datasets_equal (first, first3));

  /* Empty parts work. */
  dt_rng_init (&rng, 11, 0);
  dt_dataset_split (data, 50, &rng, NULL, &empty);
  g_assert_cmpuint (empty->n, ==, 0);
}

static void
test_standardize (void)
{
  g_autoptr(DtDataset) train = dt_dataset_new (DT_TASK_REGRESSION, 100, 3, 1);
  g_autoptr(DtDataset) test = dt_dataset_new (DT_TASK_REGRESSION, 2, 3, 1);
  double mean[3] = { 0, }, var[3] = { 0, };
  DtRng rng;

  dt_rng_init (&rng, 3, 0);
  for (guint i = 0; i < train->n; i++)
    {
      train->x[i * 3 + 0] = (float) (5.0 + 3.0 * dt_rng_normal (&rng));
      train->x[i * 3 + 1] = (float) (-2.0 + 0.01 * dt_rng_uniform (&rng));
      train->x[i * 3 + 2] = 0.7f;   /* a constant pixel */
    }
  test->x[0] = 5.0f;
  test->x[1] = 1.0f;
  test->x[2] = 0.7f;
  test->x[3] = 8.0f;
  test->x[4] = -2.0f;
  test->x[5] = 1.7f;

  {
    /* What the test points must become, from the training statistics. */
    double m0 = 0, s0 = 0;

    for (guint i = 0; i < train->n; i++)
      m0 += train->x[i * 3];
    m0 /= train->n;
    for (guint i = 0; i < train->n; i++)
      s0 += (train->x[i * 3] - m0) * (train->x[i * 3] - m0);
    s0 = sqrt (s0 / train->n);

    dt_dataset_standardize (train, test);
    g_assert_cmpfloat_with_epsilon (test->x[0], (5.0 - m0) / s0, 1e-5);
    g_assert_cmpfloat_with_epsilon (test->x[3], (8.0 - m0) / s0, 1e-5);
  }

  for (guint i = 0; i < train->n; i++)
    for (guint j = 0; j < 3; j++)
      mean[j] += train->x[i * 3 + j];
  for (guint j = 0; j < 3; j++)
    mean[j] /= train->n;
  for (guint i = 0; i < train->n; i++)
    for (guint j = 0; j < 3; j++)
      var[j] += (train->x[i * 3 + j] - mean[j]) * (train->x[i * 3 + j] - mean[j]);

  for (guint j = 0; j < 2; j++)
    {
      g_assert_cmpfloat_with_epsilon (mean[j], 0.0, 1e-5);
      g_assert_cmpfloat_with_epsilon (sqrt (var[j] / train->n), 1.0, 1e-4);
    }
  /* The constant feature is centred, not blown up. */
  for (guint i = 0; i < train->n; i++)
    g_assert_cmpfloat (fabsf (train->x[i * 3 + 2]), <, 1e-3);
  g_assert_cmpfloat_with_epsilon (test->x[2], 0.0, 1e-3);
  /* only centred: 1.7 − 0.7 */
  g_assert_cmpfloat_with_epsilon (test->x[5], 1.0, 1e-5);

  /* Without a test set. */
  dt_dataset_standardize (test, NULL);
  g_assert_cmpfloat_with_epsilon (test->x[0] + test->x[3], 0.0, 1e-5);
}

/* Images are standardised with pooled statistics: a pixel that is never
 * lit in the training set stays on the scale of the others when it is lit
 * in a test image. */
static void
test_standardize_images (void)
{
  g_autoptr(DtDataset) train = dt_dataset_new (DT_TASK_CLASSIFICATION, 50, 4, 2);
  g_autoptr(DtDataset) test = dt_dataset_new (DT_TASK_CLASSIFICATION, 1, 4, 2);
  double sum = 0, sq = 0;
  DtRng rng;

  train->image_width = train->image_height = 2;
  test->image_width = test->image_height = 2;
  dt_rng_init (&rng, 8, 0);
  for (guint i = 0; i < train->n; i++)
    for (guint j = 0; j < 3; j++)
      train->x[i * 4 + j] = (float) dt_rng_uniform (&rng);
  test->x[3] = 1.0f;

  dt_dataset_standardize (train, test);
  for (guint i = 0; i < train->n * 4; i++)
    {
      sum += train->x[i];
      sq += train->x[i] * train->x[i];
    }
  g_assert_cmpfloat_with_epsilon (sum / (train->n * 4), 0.0, 1e-5);
  g_assert_cmpfloat_with_epsilon (sq / (train->n * 4), 1.0, 1e-4);
  g_assert_cmpfloat (test->x[3], <, 5.0);
  g_assert_cmpfloat (test->x[3], >, 0.0);
}

static void
test_normalize_rows (void)
{
  g_autoptr(DtDataset) data = dt_dataset_new (DT_TASK_CLASSIFICATION, 3, 2, 2);

  data->x[0] = 3.0f;
  data->x[1] = 4.0f;
  data->x[2] = 0.0f;
  data->x[3] = 0.0f;
  data->x[4] = -1e-3f;
  data->x[5] = 0.0f;
  dt_dataset_normalize_rows (data);
  g_assert_cmpfloat_with_epsilon (data->x[0], 0.6, 1e-6);
  g_assert_cmpfloat_with_epsilon (data->x[1], 0.8, 1e-6);
  g_assert_cmpfloat (data->x[2], ==, 0.0f);
  g_assert_cmpfloat (data->x[3], ==, 0.0f);
  g_assert_cmpfloat_with_epsilon (data->x[4], -1.0, 1e-6);
  g_assert_cmpfloat (data->x[5], ==, 0.0f);
}

static void
test_downsample (void)
{
  g_autoptr(DtDataset) data = dt_dataset_new (DT_TASK_CLASSIFICATION, 2, 16, 10);
  g_autoptr(DtDataset) half = NULL;
  g_autoptr(DtDataset) third = NULL;
  g_autoptr(DtDataset) same = NULL;
  g_autoptr(DtDataset) flat = NULL;
  g_autoptr(DtDataset) flat_copy = NULL;
  const float expected0[4] = { 2.5f, 4.5f, 10.5f, 12.5f };

  data->image_width = 4;
  data->image_height = 4;
  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < 16; j++)
      data->x[i * 16 + j] = (float) j * (i + 1);
  data->labels[0] = 3;
  data->labels[1] = 8;

  /* Pixels 0 1 / 4 5 → 2.5, 2 3 / 6 7 → 4.5, 8 9 / 12 13 → 10.5, … */
  half = dt_dataset_downsample (data, 2);
  g_assert_cmpuint (half->d, ==, 4);
  g_assert_cmpuint (half->image_width, ==, 2);
  g_assert_cmpuint (half->image_height, ==, 2);
  g_assert_cmpuint (half->labels[0], ==, 3);
  g_assert_cmpuint (half->labels[1], ==, 8);
  for (guint j = 0; j < 4; j++)
    {
      g_assert_cmpfloat (half->x[j], ==, expected0[j]);
      g_assert_cmpfloat (half->x[4 + j], ==, 2 * expected0[j]);
    }

  /* Edge blocks average the pixels they have: 3×3, 3×1, 1×3, 1×1. */
  third = dt_dataset_downsample (data, 3);
  g_assert_cmpuint (third->image_width, ==, 2);
  g_assert_cmpfloat (third->x[0], ==, 5.0f);
  g_assert_cmpfloat (third->x[1], ==, 7.0f);
  g_assert_cmpfloat (third->x[2], ==, 13.0f);
  g_assert_cmpfloat (third->x[3], ==, 15.0f);

  same = dt_dataset_downsample (data, 1);
  g_assert_true (datasets_equal (data, same));
  g_assert_cmpuint (same->image_width, ==, 4);

  flat = numbered_dataset (5, 16);
  flat_copy = dt_dataset_downsample (flat, 2);
  g_assert_true (datasets_equal (flat, flat_copy));
  g_assert_cmpuint (flat_copy->image_width, ==, 0);
}

static void
test_label_noise_classification (void)
{
  g_autoptr(DtDataset) clean = numbered_dataset (1000, 1);
  g_autoptr(DtDataset) a = dt_dataset_copy (clean);
  g_autoptr(DtDataset) b = dt_dataset_copy (clean);
  g_autoptr(DtDataset) c = dt_dataset_copy (clean);
  guint changed = 0;
  guint counts[3] = { 0, };
  DtRng rng;

  dt_rng_init (&rng, 1, 0);
  g_assert_cmpuint (dt_dataset_label_noise (a, 0.3, &rng), ==, 300);
  dt_rng_init (&rng, 1, 0);
  g_assert_cmpuint (dt_dataset_label_noise (b, 0.3, &rng), ==, 300);
  dt_rng_init (&rng, 2, 0);
  g_assert_cmpuint (dt_dataset_label_noise (c, 0.3, &rng), ==, 300);

  g_assert_true (datasets_equal (a, b));
  g_assert_false (datasets_equal (a, c));

  for (guint i = 0; i < a->n; i++)
    {
      g_assert_cmpuint (a->labels[i], <, 3);
      g_assert_cmpfloat (a->x[i], ==, clean->x[i]);
      if (a->labels[i] != clean->labels[i])
        {
          changed++;
          counts[a->labels[i]]++;
        }
    }
  /* 300 points redrawn among 3 classes: about 200 change. */
  g_assert_cmpuint (changed, <=, 300);
  g_assert_cmpuint (changed, >, 150);
  g_assert_cmpuint (changed, <, 250);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpuint (counts[k], >, 30);

  /* Rounding, and the ends of the range. */
  g_assert_cmpuint (dt_dataset_label_noise (c, 0.0015, &rng), ==, 2);
  g_assert_cmpuint (dt_dataset_label_noise (c, 0.0, &rng), ==, 0);
  g_assert_cmpuint (dt_dataset_label_noise (c, 1.0, &rng), ==, 1000);
}

static void
test_label_noise_regression (void)
{
  g_autoptr(DtDataset) clean = dt_dataset_new (DT_TASK_REGRESSION, 2000, 1, 2);
  g_autoptr(DtDataset) noisy = NULL;
  double sum[2] = { 0, }, sum2[2] = { 0, };
  guint changed = 0;
  DtRng rng;

  for (guint i = 0; i < clean->n; i++)
    {
      /* Output 0 alternates 1 and 3 (mean 2, std 1); output 1 is 10 + 0·i. */
      clean->y[i * 2] = i % 2 ? 3.0f : 1.0f;
      clean->y[i * 2 + 1] = 10.0f;
    }
  noisy = dt_dataset_copy (clean);
  dt_rng_init (&rng, 9, 0);
  g_assert_cmpuint (dt_dataset_label_noise (noisy, 0.25, &rng), ==, 500);

  for (guint i = 0; i < clean->n; i++)
    {
      /* A constant output has zero spread: its draws equal the mean. */
      g_assert_cmpfloat (noisy->y[i * 2 + 1], ==, 10.0f);
      if (noisy->y[i * 2] != clean->y[i * 2])
        {
          double v = noisy->y[i * 2];

          changed++;
          sum[0] += v;
          sum2[0] += v * v;
        }
    }
  /* A continuous draw almost never lands exactly on 1 or 3. */
  g_assert_cmpuint (changed, ==, 500);
  sum[0] /= changed;
  g_assert_cmpfloat_with_epsilon (sum[0], 2.0, 0.2);
  g_assert_cmpfloat_with_epsilon (sqrt (sum2[0] / changed - sum[0] * sum[0]), 1.0, 0.15);
}

static void
test_gaussian_mixture (void)
{
  g_autoptr(DtDataset) train = NULL;
  g_autoptr(DtDataset) test = NULL;
  g_autoptr(DtDataset) train2 = NULL;
  g_autoptr(DtDataset) test2 = NULL;
  g_autoptr(DtDataset) train3 = NULL;
  g_autoptr(DtDataset) centres = NULL;
  guint counts[4] = { 0, };
  guint correct = 0;

  dt_synthetic_gaussian_mixture (42, 2000, 300, 8, 4, 2, 1.0, &train, &test);
  g_assert_cmpint (train->task, ==, DT_TASK_CLASSIFICATION);
  g_assert_cmpuint (train->n, ==, 2000);
  g_assert_cmpuint (test->n, ==, 300);
  g_assert_cmpuint (train->d, ==, 8);
  g_assert_cmpuint (train->n_out, ==, 4);
  g_assert_cmpuint (train->image_width, ==, 0);

  for (guint i = 0; i < train->n; i++)
    {
      g_assert_cmpuint (train->labels[i], <, 4);
      counts[train->labels[i]]++;
      for (guint j = 0; j < train->d; j++)
        g_assert_true (isfinite (train->x[i * train->d + j]));
    }
  for (guint k = 0; k < 4; k++)
    g_assert_cmpuint (counts[k], >, 400);

  /* Deterministic per seed; n_test does not move the training set. */
  dt_synthetic_gaussian_mixture (42, 2000, 50, 8, 4, 2, 1.0, &train2, &test2);
  g_assert_true (datasets_equal (train, train2));
  for (guint i = 0; i < test2->n; i++)
    g_assert_true (rows_equal (test, i, test2, i));
  g_assert_false (rows_equal (train, 0, test, 0));
  dt_synthetic_gaussian_mixture (43, 2000, 0, 8, 4, 2, 1.0, &train3, NULL);
  g_assert_false (datasets_equal (train, train3));

  /* …nor does n_train move the test set. */
  g_clear_pointer (&test2, dt_dataset_free);
  dt_synthetic_gaussian_mixture (42, 10, 300, 8, 4, 2, 1.0, NULL, &test2);
  g_assert_true (datasets_equal (test, test2));

  /* Noise 0 puts every point on one of its class's 2 centres; those
   * centres classify the noisy test points far better than chance
   * (25 %), yet not perfectly. */
  dt_synthetic_gaussian_mixture (42, 400, 0, 8, 4, 2, 0.0, &centres, NULL);
  for (guint i = 0; i < test->n; i++)
    {
      double best = G_MAXDOUBLE;
      guint best_class = 0;

      for (guint p = 0; p < centres->n; p++)
        {
          double dist = 0;

          for (guint j = 0; j < 8; j++)
            {
              double t = test->x[i * 8 + j] - centres->x[p * 8 + j];

              dist += t * t;
            }
          if (dist < best)
            {
              best = dist;
              best_class = centres->labels[p];
            }
        }
      correct += best_class == test->labels[i];
    }
  g_test_message ("nearest-centre accuracy at noise 1: %.3f", correct / (double) test->n);
  g_assert_cmpuint (correct, >, test->n * 6 / 10);
  g_assert_cmpuint (correct, <, test->n);
}

static void
test_teacher (void)
{
  g_autoptr(DtDataset) train = NULL;
  g_autoptr(DtDataset) test = NULL;
  g_autoptr(DtDataset) clean_train = NULL;
  g_autoptr(DtDataset) clean_test = NULL;
  g_autoptr(DtDataset) again = NULL;
  g_autoptr(DtDataset) other = NULL;
  double noise_sum = 0, noise_sum2 = 0, y_sum2 = 0;

  dt_synthetic_teacher (7, 3000, 200, 10, 16, 0.5, &train, &test);
  g_assert_cmpint (train->task, ==, DT_TASK_REGRESSION);
  g_assert_cmpuint (train->n_out, ==, 1);
  g_assert_null (train->labels);
  g_assert_cmpuint (test->n, ==, 200);

  /* Without noise, the same inputs and the same test set. */
  dt_synthetic_teacher (7, 3000, 10, 10, 16, 0.0, &clean_train, &clean_test);
  for (guint i = 0; i < train->n; i++)
    {
      double e = train->y[i] - clean_train->y[i];

      g_assert_cmpmem (train->x + i * 10, sizeof (float) * 10,
                       clean_train->x + i * 10, sizeof (float) * 10);
      noise_sum += e;
      noise_sum2 += e * e;
      y_sum2 += clean_train->y[i] * clean_train->y[i];
    }
  for (guint i = 0; i < clean_test->n; i++)
    g_assert_true (rows_equal (test, i, clean_test, i));

  /* The training noise has the requested spread; the teacher's output is
   * of order one, not degenerate. */
  noise_sum /= train->n;
  g_assert_cmpfloat_with_epsilon (noise_sum, 0.0, 0.05);
  g_assert_cmpfloat_with_epsilon (sqrt (noise_sum2 / train->n - noise_sum * noise_sum), 0.5, 0.03);
  g_assert_cmpfloat (y_sum2 / train->n, >, 0.05);
  g_assert_cmpfloat (y_sum2 / train->n, <, 5.0);

  dt_synthetic_teacher (7, 3000, 200, 10, 16, 0.5, &again, NULL);
  g_assert_true (datasets_equal (train, again));
  dt_synthetic_teacher (8, 3000, 200, 10, 16, 0.5, &other, NULL);
  g_assert_false (datasets_equal (train, other));

  /* n_train does not move the test set. */
  g_clear_pointer (&clean_test, dt_dataset_free);
  dt_synthetic_teacher (7, 5, 200, 10, 16, 0.5, NULL, &clean_test);
  g_assert_true (datasets_equal (test, clean_test));
}

typedef struct
{
  float x;
  float y;
} Point;

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const Point *p = a, *q = b;

  return (p->x > q->x) - (p->x < q->x);
}

/* Whether the points of @a and @b, one-dimensional, lie together on one
 * monotone curve. */
static gboolean
monotone_together (const DtDataset *a,
                   const DtDataset *b)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (Point));
  gboolean increasing = TRUE, decreasing = TRUE;

  for (guint k = 0; k < 2; k++)
    {
      const DtDataset *data = k == 0 ? a : b;

      for (guint i = 0; i < data->n; i++)
        {
          Point p = { data->x[i], data->y[i] };

          g_array_append_val (points, p);
        }
    }
  g_array_sort (points, compare_points);
  for (guint i = 1; i < points->len; i++)
    {
      float dy = g_array_index (points, Point, i).y - g_array_index (points, Point, i - 1).y;

      increasing = increasing && dy >= 0;
      decreasing = decreasing && dy <= 0;
    }
  return increasing || decreasing;
}

/* With one input and one hidden unit the teacher is a·tanh(w·x), a
 * monotone function: noise-free targets, and only those, lie on one
 * monotone curve. The test targets must be noise-free even when the
 * training targets are noisy. */
static void
test_teacher_test_targets_clean (void)
{
  for (guint64 seed = 1; seed <= 5; seed++)
    {
      g_autoptr(DtDataset) clean = NULL;
      g_autoptr(DtDataset) noisy = NULL;
      g_autoptr(DtDataset) test = NULL;

      dt_synthetic_teacher (seed, 500, 0, 1, 1, 0.0, &clean, NULL);
      dt_synthetic_teacher (seed, 500, 500, 1, 1, 0.3, &noisy, &test);
      g_assert_true (monotone_together (clean, test));
      g_assert_false (monotone_together (clean, noisy));
    }
}

static void
test_fashion_mnist (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDataset) train = NULL;
  g_autoptr(DtDataset) test = NULL;
  g_autoptr(DtDataset) train2 = NULL;
  g_autoptr(DtDataset) small = NULL;
  g_autofree char *probe = g_build_filename (FASHION_MNIST_DIR, "train-images-idx3-ubyte.gz", NULL);
  guint counts[10] = { 0, };

  if (!g_file_test (probe, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("Fashion-MNIST is not installed (apt install dataset-fashion-mnist)");
      return;
    }

  g_assert_true (dt_dataset_load ("fashion-mnist", 1000, 500, 1, &train, &test, NULL, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < 2; k++)
    {
      DtDataset *data = k == 0 ? train : test;

      g_assert_cmpuint (data->n, ==, k == 0 ? 1000 : 500);
      g_assert_cmpuint (data->d, ==, 784);
      g_assert_cmpuint (data->image_width, ==, 28);
      g_assert_cmpuint (data->image_height, ==, 28);
      g_assert_cmpuint (data->n_out, ==, 10);
      for (gsize i = 0; i < (gsize) data->n * data->d; i++)
        g_assert_true (data->x[i] >= 0.0f && data->x[i] <= 1.0f);
      for (guint i = 0; i < data->n; i++)
        {
          g_assert_cmpuint (data->labels[i], <, 10);
          if (k == 0)
            counts[data->labels[i]]++;
        }
    }
  /* A random subset of a balanced set is roughly balanced. */
  for (guint c = 0; c < 10; c++)
    g_assert_cmpuint (counts[c], >, 50);

  /* Same seed, same subset, whatever n_test. */
  g_assert_true (dt_dataset_load ("fashion-mnist", 1000, 0, 1, &train2, NULL, NULL, &error));
  g_assert_true (datasets_equal (train, train2));

  small = dt_dataset_downsample (train, 2);
  g_assert_cmpuint (small->d, ==, 196);
  g_clear_pointer (&train2, dt_dataset_free);

  g_assert_false (dt_dataset_load ("fashion-mnist", 60001, 10, 1, &train2, NULL, NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM);
  g_assert_nonnull (strstr (error->message, "60000"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_TMP(path, func) \
  g_test_add (path, TmpDir, NULL, tmp_dir_setup, func, tmp_dir_teardown)

  ADD_TMP ("/data/idx/plain", test_idx_plain);
  ADD_TMP ("/data/idx/gzip", test_idx_gzip);
  ADD_TMP ("/data/idx/many-classes", test_idx_many_classes);
  ADD_TMP ("/data/idx/trailing-garbage", test_idx_trailing);
  ADD_TMP ("/data/idx/truncated", test_idx_truncated);
  ADD_TMP ("/data/idx/truncated-gzip-stream", test_idx_truncated_gzip_stream);
  ADD_TMP ("/data/idx/bad-header", test_idx_bad_header);
  ADD_TMP ("/data/idx/count-mismatch", test_idx_mismatch);
  ADD_TMP ("/data/idx/missing", test_idx_missing);
  ADD_TMP ("/data/idx/cancelled", test_idx_cancelled);
  ADD_TMP ("/data/idx/load-path", test_idx_dataset_load_path);
  g_test_add_func ("/data/idx/labels-path", test_labels_path);
  g_test_add_func ("/data/copy-subset-split", test_copy_subset_split);
  g_test_add_func ("/data/standardize", test_standardize);
  g_test_add_func ("/data/standardize-images", test_standardize_images);
  g_test_add_func ("/data/normalize-rows", test_normalize_rows);
  g_test_add_func ("/data/downsample", test_downsample);
  g_test_add_func ("/data/label-noise/classification", test_label_noise_classification);
  g_test_add_func ("/data/label-noise/regression", test_label_noise_regression);
  g_test_add_func ("/data/synthetic/gaussian-mixture", test_gaussian_mixture);
  g_test_add_func ("/data/synthetic/teacher", test_teacher);
  g_test_add_func ("/data/synthetic/teacher-test-targets-clean", test_teacher_test_targets_clean);
  g_test_add_func ("/data/fashion-mnist", test_fashion_mnist);

  return g_test_run ();
}
