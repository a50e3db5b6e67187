/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The data-set loader of every experiment: its "dataset", "n_train" and
 * "n_test" parameters give either its own synthetic task or a file
 * (Fashion-MNIST or any IDX pair), shrunk by a pooling factor if asked,
 * and standardized with the training set's statistics.
 */
#include "config.h"

#include "dt-experiment-data.h"

/**
 * dt_experiment_load_data:
 * @params: the experiment's parameters, with "dataset", "n_train" and "n_test"
 * @seed: the seed of the draw of the points
 * @downsample: the pooling factor of images from a file (1: none)
 * @synthetic: (nullable): makes the experiment's synthetic task, for
 *   "synthetic" (%NULL if the experiment makes it itself)
 * @train: (out) (transfer full): the training set
 * @test: (out) (transfer full): the test set
 * @cancellable: (nullable): stops reading a file
 * @error: return location for a #GError (a file that cannot be read)
 *
 * Returns: whether the data sets were made
 */
gboolean
dt_experiment_load_data (const DtParams   *params,
                         guint64           seed,
                         guint             downsample,
                         DtSyntheticFunc   synthetic,
                         DtDataset       **train,
                         DtDataset       **test,
                         GCancellable     *cancellable,
                         GError          **error)
{
  const char *name = dt_params_get_string (params, "dataset");
  guint n_train = dt_params_get_int (params, "n_train");
  guint n_test = dt_params_get_int (params, "n_test");

  g_return_val_if_fail (synthetic != NULL || !g_str_equal (name, "synthetic"), FALSE);

  if (g_str_equal (name, "synthetic"))
    synthetic (params, seed, n_train, n_test, train, test);
  else
    {
      if (!dt_dataset_load (name, n_train, n_test, seed, train, test, cancellable, error))
        return FALSE;
      if (downsample > 1)
        {
          DtDataset *small_train = dt_dataset_downsample (*train, downsample);
          DtDataset *small_test = dt_dataset_downsample (*test, downsample);

          dt_dataset_free (*train);
          dt_dataset_free (*test);
          *train = small_train;
          *test = small_test;
        }
    }

  dt_dataset_standardize (*train, *test);
  return TRUE;
}

/**
 * dt_experiment_data_head:
 * @data: a data set in random order
 * @n: how many points
 *
 * Returns: (transfer full): its first @n points (all if it has fewer), a
 *   fair sample of it
 */
DtDataset *
dt_experiment_data_head (const DtDataset *data,
                         guint            n)
{
  guint count = MIN (data->n, n);
  g_autofree guint32 *first = g_new (guint32, count);

  for (guint i = 0; i < count; i++)
    first[i] = i;
  return dt_dataset_subset (data, first, count);
}
