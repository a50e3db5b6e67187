/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness of the IDX loader, plain and gzip: the input is split
 * into an images file and a labels file (byte 0: bit 0 gzips the images,
 * bit 1 the labels; bytes 1–4: the length of the images part, little
 * endian), written to a private folder and loaded. Either the loader gives
 * a data set whose sizes agree, or an error with a message. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "dt-data.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static char *folder;

static void
write_part (const char   *path,
            const guint8 *data,
            gsize         size,
            gboolean      gzip)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out =
    G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error));

  g_assert_no_error (error);
  if (gzip)
    {
      g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
      GOutputStream *converted = g_converter_output_stream_new (out, G_CONVERTER (compressor));

      g_object_unref (out);
      out = converted;
    }
  g_output_stream_write_all (out, data, size, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *images = NULL;
  g_autofree char *labels = NULL;
  g_autoptr(GError) error = NULL;
  DtDataset *set;
  guint32 n_images;

  if (size < 5)
    return 0;
  if (folder == NULL)
    {
      folder = g_dir_make_tmp ("descent-fuzz-idx-XXXXXX", &error);
      g_assert_no_error (error);
    }
  memcpy (&n_images, data + 1, sizeof n_images);
  n_images = MIN (GUINT32_FROM_LE (n_images), size - 5);

  images = g_build_filename (folder, "f-images-idx3-ubyte", NULL);
  labels = g_build_filename (folder, "f-labels-idx1-ubyte", NULL);
  write_part (images, data + 5, n_images, data[0] & 1);
  write_part (labels, data + 5 + n_images, size - 5 - n_images, data[0] & 2);

  set = dt_idx_load (images, labels, NULL, &error);
  if (set == NULL)
    {
      g_assert (error != NULL && error->message[0] != '\0');
      return 0;
    }
  g_assert_no_error (error);
  g_assert (set->n > 0 && set->d > 0);
  dt_dataset_free (set);
  return 0;
}
