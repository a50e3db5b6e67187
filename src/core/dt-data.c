/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dt-data.h"

/* Streams of a generator's seed. The task (cluster centres, teacher
 * weights), the training inputs, the training noise and the test inputs
 * each have their own stream, so that changing n_test or noise never moves
 * the training inputs. */
enum
{
  STREAM_MIXTURE_TASK  = 0x6d0,
  STREAM_MIXTURE_TRAIN = 0x6d1,
  STREAM_MIXTURE_TEST  = 0x6d2,
  STREAM_TEACHER_TASK  = 0x7e0,
  STREAM_TEACHER_TRAIN = 0x7e1,
  STREAM_TEACHER_NOISE = 0x7e2,
  STREAM_TEACHER_TEST  = 0x7e3,
};

/* Per-coordinate noise standard deviation of the Gaussian mixture, in units
 * of noise · √d. Centres drawn from N(0, I_d) sit about √(2d) apart, so at
 * noise = 1 two centres are about 4.7 noise standard deviations apart along
 * the line joining them, whatever the dimension: two clusters alone are
 * confused about 1 % of the time, and with 10 classes of 2 clusters the
 * optimal classifier errs on roughly 10–20 % of points (more at small d,
 * where the distances between centres vary more). */
#define MIXTURE_NOISE_SCALE 0.3

/**
 * dt_dataset_new:
 * @task: classification or regression
 * @n: number of points
 * @d: input dimension
 * @n_out: number of classes, or target dimension
 *
 * Allocates a data set with zeroed inputs, and zeroed labels
 * (classification) or targets (regression).
 *
 * Returns: (transfer full): the new data set
 */
DtDataset *
dt_dataset_new (DtTask task,
                guint  n,
                guint  d,
                guint  n_out)
{
  DtDataset *data;

  g_return_val_if_fail (task == DT_TASK_CLASSIFICATION ||
                        task == DT_TASK_REGRESSION, NULL);

  data = g_new0 (DtDataset, 1);
  data->task = task;
  data->n = n;
  data->d = d;
  data->n_out = n_out;
  data->x = g_new0 (float, (gsize) n * d);
  if (task == DT_TASK_CLASSIFICATION)
    data->labels = g_new0 (guint32, n);
  else
    data->y = g_new0 (float, (gsize) n * n_out);

  return data;
}

/**
 * dt_dataset_free:
 * @data: (nullable): a data set
 *
 * Frees @data and everything it holds.
 */
void
dt_dataset_free (DtDataset *data)
{
  if (data == NULL)
    return;

  g_free (data->x);
  g_free (data->labels);
  g_free (data->y);
  g_free (data);
}

/* A data set shaped like @data (same task, dimensions and image size)
 * with room for @n points. */
static DtDataset *
dataset_new_like (const DtDataset *data,
                  guint            n)
{
  DtDataset *out = dt_dataset_new (data->task, n, data->d, data->n_out);

  out->image_width = data->image_width;
  out->image_height = data->image_height;
  return out;
}

/**
 * dt_dataset_copy:
 * @data: a data set
 *
 * Returns: (transfer full): a deep copy of @data
 */
DtDataset *
dt_dataset_copy (const DtDataset *data)
{
  DtDataset *out;

  g_return_val_if_fail (data != NULL, NULL);

  out = dataset_new_like (data, data->n);
  if (data->n > 0 && data->d > 0)
    memcpy (out->x, data->x, sizeof (float) * data->n * data->d);
  if (data->labels != NULL && data->n > 0)
    memcpy (out->labels, data->labels, sizeof (guint32) * data->n);
  if (data->y != NULL && data->n > 0 && data->n_out > 0)
    memcpy (out->y, data->y, sizeof (float) * data->n * data->n_out);

  return out;
}

/**
 * dt_dataset_subset:
 * @data: a data set
 * @indices: (array length=n): the points to take, each below @data->n;
 *   repeats are allowed
 * @n: number of indices
 *
 * Returns: (transfer full): a new data set whose i-th point is point
 *   @indices[i] of @data
 */
DtDataset *
dt_dataset_subset (const DtDataset *data,
                   const guint32   *indices,
                   guint            n)
{
  DtDataset *out;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (indices != NULL || n == 0, NULL);

  for (guint i = 0; i < n; i++)
    g_return_val_if_fail (indices[i] < data->n, NULL);

  out = dataset_new_like (data, n);
  for (guint i = 0; i < n; i++)
    {
      gsize src = indices[i];

      if (data->d > 0)
        memcpy (out->x + (gsize) i * data->d, data->x + src * data->d,
                sizeof (float) * data->d);
      if (data->labels != NULL)
        out->labels[i] = data->labels[src];
      if (data->y != NULL && data->n_out > 0)
        memcpy (out->y + (gsize) i * data->n_out, data->y + src * data->n_out,
                sizeof (float) * data->n_out);
    }

  return out;
}

/**
 * dt_dataset_split:
 * @data: a data set
 * @n_first: number of points of the first part, at most @data->n
 * @rng: the generator that shuffles the points
 * @first: (out) (optional) (transfer full): @n_first random points of @data
 * @second: (out) (optional) (transfer full): the other points
 *
 * Splits @data into two disjoint random parts that together hold every
 * point once.
 */
void
dt_dataset_split (const DtDataset  *data,
                  guint             n_first,
                  DtRng            *rng,
                  DtDataset       **first,
                  DtDataset       **second)
{
  g_autofree guint32 *order = NULL;

  g_return_if_fail (data != NULL);
  g_return_if_fail (rng != NULL);
  g_return_if_fail (n_first <= data->n);

  order = g_new (guint32, MAX (data->n, 1));
  dt_rng_permutation (rng, order, data->n);

  if (first != NULL)
    *first = dt_dataset_subset (data, order, n_first);
  if (second != NULL)
    *second = dt_dataset_subset (data, order + n_first, data->n - n_first);
}

/**
 * dt_dataset_standardize:
 * @train: the data set the statistics come from
 * @test: (nullable): another data set with the same input dimension
 *
 * Shifts and scales every input feature so that it has mean 0 and standard
 * deviation 1 over @train, and applies the same affine map to @test. A
 * feature (nearly) constant on @train is only centred. Image inputs are
 * standardised with one mean and one deviation over all pixels, the usual
 * practice for MNIST-like data: per-pixel scaling would blow up pixels that
 * are almost never lit in the training subset.
 */
void
dt_dataset_standardize (DtDataset *train,
                        DtDataset *test)
{
  g_autofree double *mean = NULL;
  g_autofree double *scale = NULL;
  guint d;

  g_return_if_fail (train != NULL);
  g_return_if_fail (test == NULL || test->d == train->d);

  d = train->d;
  if (train->n == 0 || d == 0)
    return;

  mean = g_new0 (double, d);
  scale = g_new0 (double, d);

  for (guint i = 0; i < train->n; i++)
    {
      const float *row = train->x + (gsize) i * d;

      for (guint j = 0; j < d; j++)
        mean[j] += row[j];
    }
  for (guint j = 0; j < d; j++)
    mean[j] /= train->n;

  /* Two passes: the centred sum of squares does not cancel catastrophically
   * the way E[x²] − E[x]² does on pixels that are nearly constant. */
  for (guint i = 0; i < train->n; i++)
    {
      const float *row = train->x + (gsize) i * d;

      for (guint j = 0; j < d; j++)
        {
          double c = row[j] - mean[j];

          scale[j] += c * c;
        }
    }
  if (train->image_width > 0)
    {
      double m = 0, v = 0;

      /* pooled over pixels: the mean of the means, and the total spread */
      for (guint j = 0; j < d; j++)
        m += mean[j] / d;
      for (guint j = 0; j < d; j++)
        v += (scale[j] / train->n + (mean[j] - m) * (mean[j] - m)) / d;
      for (guint j = 0; j < d; j++)
        {
          mean[j] = m;
          scale[j] = v * train->n;
        }
    }
  for (guint j = 0; j < d; j++)
    {
      double sd = sqrt (scale[j] / train->n);

      /* a feature (nearly) constant on the training set is only centred:
       * dividing by a tiny spread would blow up its rare values in the test set */
      scale[j] = sd > 1e-6 ? 1.0 / sd : 1.0;
    }

  for (guint k = 0; k < 2; k++)
    {
      DtDataset *data = k == 0 ? train : test;

      if (data == NULL)
        continue;
      for (guint i = 0; i < data->n; i++)
        {
          float *row = data->x + (gsize) i * d;

          for (guint j = 0; j < d; j++)
            row[j] = (float) ((row[j] - mean[j]) * scale[j]);
        }
    }
}

/**
 * dt_dataset_normalize_rows:
 * @data: a data set
 *
 * Scales every input to unit Euclidean norm. An input of zeros stays zero.
 */
void
dt_dataset_normalize_rows (DtDataset *data)
{
  g_return_if_fail (data != NULL);

  for (guint i = 0; i < data->n; i++)
    {
      float *row = data->x + (gsize) i * data->d;
      double sum = 0.0;

      for (guint j = 0; j < data->d; j++)
        sum += (double) row[j] * row[j];
      if (sum > 0.0)
        {
          double inv = 1.0 / sqrt (sum);

          for (guint j = 0; j < data->d; j++)
            row[j] = (float) (row[j] * inv);
        }
    }
}

/**
 * dt_dataset_downsample:
 * @data: a data set
 * @factor: the side of the square blocks to average, at least 1
 *
 * Shrinks image inputs by averaging @factor × @factor blocks of pixels
 * (28 × 28 becomes 14 × 14 at factor 2). When the image side is not a
 * multiple of @factor, the last block of a row or column averages the
 * pixels it has. Data that are not images, or @factor 1, are copied as
 * they are.
 *
 * Returns: (transfer full): the down-sampled data set
 */
DtDataset *
dt_dataset_downsample (const DtDataset *data,
                       guint            factor)
{
  DtDataset *out;
  guint w, h, ow, oh;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (factor >= 1, NULL);

  w = data->image_width;
  h = data->image_height;
  if (factor == 1 || w == 0 || h == 0)
    return dt_dataset_copy (data);

  g_return_val_if_fail ((gsize) w * h == data->d, NULL);

  ow = (w + factor - 1) / factor;
  oh = (h + factor - 1) / factor;

  out = dt_dataset_new (data->task, data->n, ow * oh, data->n_out);
  out->image_width = ow;
  out->image_height = oh;
  if (data->labels != NULL && data->n > 0)
    memcpy (out->labels, data->labels, sizeof (guint32) * data->n);
  if (data->y != NULL && data->n > 0 && data->n_out > 0)
    memcpy (out->y, data->y, sizeof (float) * data->n * data->n_out);

  for (guint i = 0; i < data->n; i++)
    {
      const float *src = data->x + (gsize) i * data->d;
      float *dst = out->x + (gsize) i * out->d;

      for (guint by = 0; by < oh; by++)
        for (guint bx = 0; bx < ow; bx++)
          {
            guint y1 = MIN ((by + 1) * factor, h);
            guint x1 = MIN ((bx + 1) * factor, w);
            double sum = 0.0;
            guint count = 0;

            for (guint yy = by * factor; yy < y1; yy++)
              for (guint xx = bx * factor; xx < x1; xx++)
                {
                  sum += src[(gsize) yy * w + xx];
                  count++;
                }
            dst[(gsize) by * ow + bx] = (float) (sum / count);
          }
    }

  return out;
}

/**
 * dt_dataset_label_noise:
 * @data: a data set, changed in place
 * @fraction: the fraction of points to corrupt, in [0, 1]
 * @rng: the generator that chooses the points and their new values
 *
 * Chooses round(@fraction · n) distinct points at random. In a
 * classification set each chosen point gets a class drawn uniformly from
 * all classes (so it may keep its own one time in n_out). In a regression
 * set each chosen target is replaced, output by output, by a draw from a
 * normal distribution with the mean and standard deviation of that output
 * over the whole set before corruption.
 *
 * Returns: the number of points chosen
 */
guint
dt_dataset_label_noise (DtDataset *data,
                        double     fraction,
                        DtRng     *rng)
{
  g_autofree guint32 *order = NULL;
  g_autofree double *mean = NULL;
  g_autofree double *std = NULL;
  guint count;

  g_return_val_if_fail (data != NULL, 0);
  g_return_val_if_fail (rng != NULL, 0);
  g_return_val_if_fail (fraction >= 0.0 && fraction <= 1.0, 0);
  g_return_val_if_fail (data->n_out > 0, 0);

  count = (guint) MIN (round (fraction * data->n), (double) data->n);
  if (count == 0)
    return 0;

  if (data->task == DT_TASK_REGRESSION)
    {
      guint q = data->n_out;

      mean = g_new0 (double, q);
      std = g_new0 (double, q);
      for (guint i = 0; i < data->n; i++)
        for (guint k = 0; k < q; k++)
          mean[k] += data->y[(gsize) i * q + k];
      for (guint k = 0; k < q; k++)
        mean[k] /= data->n;
      for (guint i = 0; i < data->n; i++)
        for (guint k = 0; k < q; k++)
          {
            double c = data->y[(gsize) i * q + k] - mean[k];

            std[k] += c * c;
          }
      for (guint k = 0; k < q; k++)
        std[k] = sqrt (std[k] / data->n);
    }

  /* A partial Fisher–Yates shuffle: its first @count entries are a uniform
   * random choice of distinct points. */
  order = g_new (guint32, data->n);
  for (guint i = 0; i < data->n; i++)
    order[i] = i;
  for (guint i = 0; i < count; i++)
    {
      guint j = i + dt_rng_below (rng, data->n - i);
      guint32 tmp = order[i];

      order[i] = order[j];
      order[j] = tmp;
    }

  for (guint i = 0; i < count; i++)
    {
      gsize p = order[i];

      if (data->task == DT_TASK_CLASSIFICATION)
        {
          data->labels[p] = dt_rng_below (rng, data->n_out);
        }
      else
        {
          for (guint k = 0; k < data->n_out; k++)
            data->y[p * data->n_out + k] =
              (float) (mean[k] + std[k] * dt_rng_normal (rng));
        }
    }

  return count;
}

static void
mixture_points (DtDataset    *data,
                DtRng        *rng,
                const double *centres,
                guint         clusters_per_class,
                double        sigma)
{
  guint d = data->d;

  for (guint i = 0; i < data->n; i++)
    {
      guint32 c = dt_rng_below (rng, data->n_out);
      guint32 k = dt_rng_below (rng, clusters_per_class);
      const double *centre = centres + ((gsize) c * clusters_per_class + k) * d;
      float *row = data->x + (gsize) i * d;

      data->labels[i] = c;
      for (guint j = 0; j < d; j++)
        row[j] = (float) (centre[j] + sigma * dt_rng_normal (rng));
    }
}

/**
 * dt_synthetic_gaussian_mixture:
 * @seed: the seed; the same seed gives the same data
 * @n_train: number of training points
 * @n_test: number of test points
 * @d: input dimension, at least 1
 * @n_classes: number of classes, at least 1
 * @clusters_per_class: Gaussian clusters owned by each class, at least 1
 * @noise: spread of each cluster (0: every point sits on its centre)
 * @train: (out) (optional) (transfer full): the training set
 * @test: (out) (optional) (transfer full): the test set
 *
 * A classification task: n_classes × clusters_per_class centres drawn from
 * N(0, I_d), a fixed set per seed. A point picks a class and one of its
 * clusters uniformly, and adds isotropic Gaussian noise of standard
 * deviation 0.3 · @noise · √d per coordinate to the centre. Because both
 * the distance between centres and the noise grow like √d, the overlap of
 * the classes depends on @noise and hardly on @d; @noise = 1 gives a task
 * whose clusters overlap at their tails (with 10 classes of 2 clusters the
 * best possible classifier errs on roughly 10–20 % of points), @noise = 0.5
 * an almost separable one.
 *
 * Training and test points come from separate streams of @seed: changing
 * @n_test leaves the training set unchanged, and vice versa.
 */
void
dt_synthetic_gaussian_mixture (guint64      seed,
                               guint        n_train,
                               guint        n_test,
                               guint        d,
                               guint        n_classes,
                               guint        clusters_per_class,
                               double       noise,
                               DtDataset  **train,
                               DtDataset  **test)
{
  g_autofree double *centres = NULL;
  gsize n_centres;
  double sigma;
  DtRng rng;

  g_return_if_fail (d >= 1);
  g_return_if_fail (n_classes >= 1);
  g_return_if_fail (clusters_per_class >= 1);
  g_return_if_fail (noise >= 0.0);

  n_centres = (gsize) n_classes * clusters_per_class;
  centres = g_new (double, n_centres * d);
  dt_rng_init (&rng, seed, STREAM_MIXTURE_TASK);
  for (gsize i = 0; i < n_centres * d; i++)
    centres[i] = dt_rng_normal (&rng);

  sigma = MIXTURE_NOISE_SCALE * noise * sqrt ((double) d);

  if (train != NULL)
    {
      *train = dt_dataset_new (DT_TASK_CLASSIFICATION, n_train, d, n_classes);
      dt_rng_init (&rng, seed, STREAM_MIXTURE_TRAIN);
      mixture_points (*train, &rng, centres, clusters_per_class, sigma);
    }
  if (test != NULL)
    {
      *test = dt_dataset_new (DT_TASK_CLASSIFICATION, n_test, d, n_classes);
      dt_rng_init (&rng, seed, STREAM_MIXTURE_TEST);
      mixture_points (*test, &rng, centres, clusters_per_class, sigma);
    }
}

/* Draws inputs from N(0, I_d) and sets each target to the teacher's output,
 * plus noise_std times a standard normal from @noise_rng when it is given. */
static void
teacher_points (DtDataset    *data,
                DtRng        *rng,
                DtRng        *noise_rng,
                double        noise_std,
                const double *w,
                const double *a,
                guint         hidden)
{
  guint d = data->d;
  double in_scale = 1.0 / sqrt ((double) d);
  double out_scale = 1.0 / sqrt ((double) hidden);

  for (guint i = 0; i < data->n; i++)
    {
      float *row = data->x + (gsize) i * d;
      double f = 0.0;

      for (guint j = 0; j < d; j++)
        row[j] = (float) dt_rng_normal (rng);

      /* The teacher sees the stored single-precision inputs, so that its
       * targets are exactly a function of what a student is given. */
      for (guint h = 0; h < hidden; h++)
        {
          const double *wh = w + (gsize) h * d;
          double z = 0.0;

          for (guint j = 0; j < d; j++)
            z += wh[j] * row[j];
          f += a[h] * tanh (z * in_scale);
        }
      f *= out_scale;

      if (noise_rng != NULL)
        f += noise_std * dt_rng_normal (noise_rng);
      data->y[i] = (float) f;
    }
}

/**
 * dt_synthetic_teacher:
 * @seed: the seed; the same seed gives the same data
 * @n_train: number of training points
 * @n_test: number of test points
 * @d: input dimension, at least 1
 * @hidden: width of the teacher, at least 1
 * @noise_std: standard deviation of the noise added to training targets
 * @train: (out) (optional) (transfer full): the training set
 * @test: (out) (optional) (transfer full): the test set
 *
 * A scalar regression task set by a random two-layer teacher,
 * f(x) = aᵀ tanh(W x / √d) / √hidden with W and a drawn from N(0, 1) once
 * per seed, on inputs x ~ N(0, I_d). Training targets are f(x) plus
 * Gaussian noise of standard deviation @noise_std; test targets are the
 * clean f(x), so a test loss measures the true risk.
 *
 * Training inputs, training noise and test inputs come from separate
 * streams of @seed: changing @n_test or @noise_std leaves the training
 * inputs unchanged.
 */
void
dt_synthetic_teacher (guint64      seed,
                      guint        n_train,
                      guint        n_test,
                      guint        d,
                      guint        hidden,
                      double       noise_std,
                      DtDataset  **train,
                      DtDataset  **test)
{
  g_autofree double *w = NULL;
  g_autofree double *a = NULL;
  DtRng rng;

  g_return_if_fail (d >= 1);
  g_return_if_fail (hidden >= 1);
  g_return_if_fail (noise_std >= 0.0);

  w = g_new (double, (gsize) hidden * d);
  a = g_new (double, hidden);
  dt_rng_init (&rng, seed, STREAM_TEACHER_TASK);
  for (gsize i = 0; i < (gsize) hidden * d; i++)
    w[i] = dt_rng_normal (&rng);
  for (guint h = 0; h < hidden; h++)
    a[h] = dt_rng_normal (&rng);

  if (train != NULL)
    {
      DtRng noise_rng;

      *train = dt_dataset_new (DT_TASK_REGRESSION, n_train, d, 1);
      dt_rng_init (&rng, seed, STREAM_TEACHER_TRAIN);
      dt_rng_init (&noise_rng, seed, STREAM_TEACHER_NOISE);
      teacher_points (*train, &rng, &noise_rng, noise_std, w, a, hidden);
    }
  if (test != NULL)
    {
      *test = dt_dataset_new (DT_TASK_REGRESSION, n_test, d, 1);
      dt_rng_init (&rng, seed, STREAM_TEACHER_TEST);
      teacher_points (*test, &rng, NULL, 0.0, w, a, hidden);
    }
}
