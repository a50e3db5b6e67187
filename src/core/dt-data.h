/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <gio/gio.h>

#include "dt-rng.h"

G_BEGIN_DECLS

typedef enum
{
  DT_TASK_CLASSIFICATION,
  DT_TASK_REGRESSION,
} DtTask;

/**
 * DtDataset:
 * @task: classification (labels) or regression (targets)
 * @n: number of points
 * @d: input dimension
 * @n_out: number of classes (classification) or target dimension (regression)
 * @x: (array length=n*d): inputs, row-major, one row per point
 * @labels: (nullable): class of each point, in [0, n_out); classification only
 * @y: (nullable): targets, n × n_out row-major; regression only
 * @image_width: width of an image input (0 when the inputs are not images)
 * @image_height: height of an image input
 *
 * A data set held in memory as 32-bit floats. Owned by whoever created it;
 * free with dt_dataset_free().
 */
typedef struct
{
  DtTask   task;
  guint    n;
  guint    d;
  guint    n_out;
  float   *x;
  guint32 *labels;
  float   *y;
  guint    image_width;
  guint    image_height;
} DtDataset;

DtDataset *dt_dataset_new          (DtTask            task,
                                    guint             n,
                                    guint             d,
                                    guint             n_out);
void       dt_dataset_free         (DtDataset        *data);
DtDataset *dt_dataset_copy         (const DtDataset  *data);
DtDataset *dt_dataset_subset       (const DtDataset  *data,
                                    const guint32    *indices,
                                    guint             n);
void       dt_dataset_split        (const DtDataset  *data,
                                    guint             n_first,
                                    DtRng            *rng,
                                    DtDataset       **first,
                                    DtDataset       **second);
void       dt_dataset_standardize  (DtDataset        *train,
                                    DtDataset        *test);
void       dt_dataset_normalize_rows (DtDataset      *data);
DtDataset *dt_dataset_downsample   (const DtDataset  *data,
                                    guint             factor);
guint      dt_dataset_label_noise  (DtDataset        *data,
                                    double            fraction,
                                    DtRng            *rng);

void       dt_synthetic_gaussian_mixture (guint64      seed,
                                          guint        n_train,
                                          guint        n_test,
                                          guint        d,
                                          guint        n_classes,
                                          guint        clusters_per_class,
                                          double       noise,
                                          DtDataset  **train,
                                          DtDataset  **test);
void       dt_synthetic_teacher          (guint64      seed,
                                          guint        n_train,
                                          guint        n_test,
                                          guint        d,
                                          guint        hidden,
                                          double       noise_std,
                                          DtDataset  **train,
                                          DtDataset  **test);

DtDataset *dt_idx_load             (const char       *images_path,
                                    const char       *labels_path,
                                    GCancellable     *cancellable,
                                    GError          **error);
char      *dt_idx_labels_path_for  (const char       *images_path);

gboolean   dt_dataset_load         (const char       *name,
                                    guint             n_train,
                                    guint             n_test,
                                    guint64           seed,
                                    DtDataset       **train,
                                    DtDataset       **test,
                                    GCancellable     *cancellable,
                                    GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtDataset, dt_dataset_free)

G_END_DECLS
