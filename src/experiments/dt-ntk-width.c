/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-ntk"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "dt-data.h"
#include "dt-error.h"
#include "dt-experiment-data.h"
#include "dt-lock.h"
#include "dt-ntk-net.h"
#include "dt-ntk-private.h"
#include "dt-record.h"

/*
 * The ntk experiment's data (synthetic or an image set) and the job of one
 * width: the network trained by gradient flow with its kernel drift logged
 * (and, for the widest, its train and test error), the higher kernels at
 * initialisation and the truncated hierarchies compared with it.
 */

#define TEACHER_UNITS 8

/* ---- progress ------------------------------------------------------------- */

static void
add_work (Run        *run,
          double      amount,
          const char *message)
{
  double fraction;

  dt_mutex_lock (&run->lock);
  run->work_done += amount;
  fraction = run->work_total > 0 ? run->work_done / run->work_total : 0;
  dt_mutex_unlock (&run->lock);
  if (run->progress)
    run->progress (CLAMP (fraction, 0.0, 1.0), message, run->progress_data);
}

/* ---- data ---------------------------------------------------------------- */

static void
synthetic_data (Run *run)
{
  guint d = run->d, total = run->n + run->n_test;
  g_autofree double *x = g_new (double, (gsize) total * d);
  g_autofree double *y = g_new (double, total);
  double w[TEACHER_UNITS][256], b[TEACHER_UNITS], ss = 0, scale;
  DtRng rng;

  dt_rng_init (&rng, run->seed, STREAM_DATA);
  for (guint i = 0; i < total; i++)
    {
      double *row = x + (gsize) i * d, norm = 0;

      for (guint e = 0; e < d; e++)
        {
          row[e] = dt_rng_normal (&rng);
          norm += row[e] * row[e];
        }
      norm = sqrt (norm);
      for (guint e = 0; e < d; e++)
        row[e] /= norm;
    }

  dt_rng_init (&rng, run->seed, STREAM_TEACHER);
  for (guint r = 0; r < TEACHER_UNITS; r++)
    {
      for (guint e = 0; e < d; e++)
        w[r][e] = dt_rng_normal (&rng);
      b[r] = dt_rng_normal (&rng);
    }
  for (guint i = 0; i < total; i++)
    {
      double v = 0;

      for (guint r = 0; r < TEACHER_UNITS; r++)
        {
          double z = 0;

          for (guint e = 0; e < d; e++)
            z += w[r][e] * x[(gsize) i * d + e];
          v += b[r] * tanh (2 * z);
        }
      y[i] = v;
      if (i < run->n)
        ss += v * v;
    }
  scale = ss > 0 ? 1.0 / sqrt (ss / run->n) : 1.0;
  for (guint i = 0; i < total; i++)
    y[i] *= scale;

  run->x = g_memdup2 (x, (gsize) run->n * d * sizeof (double));
  run->y = g_memdup2 (y, run->n * sizeof (double));
  run->x_test = g_memdup2 (x + (gsize) run->n * d, (gsize) run->n_test * d * sizeof (double));
  run->y_test = g_memdup2 (y + run->n, run->n_test * sizeof (double));
}

static void
image_arrays (const DtDataset  *data,
              double          **x,
              double          **y)
{
  *x = g_new (double, (gsize) data->n * data->d);
  *y = g_new (double, data->n);
  for (gsize e = 0; e < (gsize) data->n * data->d; e++)
    (*x)[e] = data->x[e];
  for (guint i = 0; i < data->n; i++)
    (*y)[i] = data->labels != NULL && data->labels[i] % 2 == 1 ? -1.0 : 1.0;
}

gboolean
dt_ntk_load_data (Run     *run,
                  GError **error)
{
  const char *name = dt_params_get_string (run->params, "dataset");
  guint factor = dt_params_get_int (run->params, "downsample");
  g_autoptr(DtDataset) train = NULL;
  g_autoptr(DtDataset) test = NULL;

  run->n = dt_params_get_int (run->params, "n_train");
  run->n_test = dt_params_get_int (run->params, "n_test");

  if (g_str_equal (name, "synthetic"))
    {
      run->d = dt_params_get_int (run->params, "input_dim");
      synthetic_data (run);
      return TRUE;
    }

  /* centred pixels, then unit-norm inputs as the parameterisation assumes */
  if (!dt_experiment_load_data (run->params, run->seed, factor, NULL, &train, &test,
                                run->cancellable, error))
    return FALSE;
  if (train->task != DT_TASK_CLASSIFICATION)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_DATA,
                   _("%s: the ntk experiment needs class labels (its targets are ±1 by class parity)"),
                   name);
      return FALSE;
    }
  dt_dataset_normalize_rows (train);
  dt_dataset_normalize_rows (test);

  run->n = train->n;
  run->n_test = test->n;
  run->d = train->d;
  image_arrays (train, &run->x, &run->y);
  image_arrays (test, &run->x_test, &run->y_test);
  return TRUE;
}

/* ---- one width ----------------------------------------------------------- */

static double
rms_error (const double *f,
           const double *y,
           guint         n)
{
  double s = 0;

  for (guint i = 0; i < n; i++)
    s += (f[i] - y[i]) * (f[i] - y[i]);
  return sqrt (s / n);
}

typedef struct
{
  Run    *run;
  guint   m;
  double  evals_per_job;   /* kernel evaluations behind one progress call */
} FdProgress;

static void
fd_progress (guint    done,
             guint    total,
             gpointer data)
{
  FdProgress *fp = data;
  g_autofree char *msg = g_strdup_printf (_("Higher kernels of m = %u (%u of %u)"), fp->m, done, total);

  add_work (fp->run, eval_cost (fp->run, fp->m) * fp->evals_per_job, msg);
}

/* Trains width @index, logging drift (and, for the widest, the fit), then
 * compares it with the truncated hierarchies. */
static gboolean
width_run (Run     *run,
           guint    index,
           GError **error)
{
  guint m = (guint) g_array_index (run->widths, guint64, index);
  gboolean is_widest = index == run->widths->len - 1;
  guint n = run->n;
  gsize nn = (gsize) n * n;
  g_autoptr(DtNtkNet) net = dt_ntk_net_new (run->d, m, run->depth, run->activation);
  g_autoptr(DtNtkNet) net0 = NULL;
  g_autoptr(DtNtkWork) work = NULL;
  g_autoptr(DtNtkWork) test_work = NULL;
  g_autoptr(DtNtkFlow) flow = NULL;
  g_autofree double *k2_0 = g_new (double, nn);
  g_autofree double *k2_t = g_new (double, nn);
  g_autofree double *f0 = g_new (double, n);
  g_autofree double *f_net = g_new (double, (gsize) run->n_times * n);
  g_autofree double *f_hier = g_new (double, (gsize) run->n_times * n);
  g_autofree double *f_test = g_new (double, run->n_test);
  g_autofree double *k3 = NULL;
  g_autofree double *k4 = NULL;
  g_autofree char *drift_id = g_strdup_printf ("drift/m=%u", m);
  g_autofree char *train_msg = g_strdup_printf (_("Training m = %u"), m);
  WidthResult *result = &run->results[index];
  double norm0, t = 0, cost = eval_cost (run, m);
  FdProgress fp = { run, m, 0 };
  DtRng rng;

  dt_rng_init (&rng, run->seed, STREAM_NET + m);
  dt_ntk_net_init (net, &rng);
  net0 = dt_ntk_net_copy (net);
  work = dt_ntk_work_new (net, n);
  if (is_widest)
    test_work = dt_ntk_work_new (net, run->n_test);

  dt_ntk_net_kernel (net, work, run->x, n, f0, k2_0);
  norm0 = frobenius_distance (k2_0, NULL, nn);

  /* gradient flow, logged */
  flow = dt_ntk_flow_new (net, run->x, run->y, n);
  for (guint q = 0; q < run->n_times; q++)
    {
      double span = run->times[q] - t;

      if (!dt_ntk_flow_advance (flow, span, run->step, run->cancellable, error))
        return FALSE;
      t = run->times[q];
      dt_ntk_net_kernel (net, work, run->x, n, f_net + (gsize) q * n, k2_t);
      dt_record_append_point (run->record, drift_id, t,
                              frobenius_distance (k2_t, k2_0, nn) / norm0, NAN);
      if (is_widest)
        {
          dt_ntk_net_forward (net, test_work, run->x_test, run->n_test, f_test);
          dt_record_append_point (run->record, "train_rms", t,
                                  rms_error (f_net + (gsize) q * n, run->y, n), NAN);
          dt_record_append_point (run->record, "test_rms", t,
                                  rms_error (f_test, run->y_test, run->n_test), NAN);
        }
      add_work (run, cost * (4.0 * dt_ntk_flow_n_steps (span, run->step) + 1), train_msg);
    }

  dt_mutex_lock (&run->lock);
  result->drift_end = frobenius_distance (k2_t, k2_0, nn) / norm0;
  result->train_rms = rms_error (f_net + (gsize) (run->n_times - 1) * n, run->y, n);
  result->trained = TRUE;
  if (is_widest)
    {
      run->k2_initial = g_memdup2 (k2_0, nn * sizeof (double));
      run->k2_final = g_memdup2 (k2_t, nn * sizeof (double));
      run->test_rms_end = rms_error (f_test, run->y_test, run->n_test);
    }
  dt_ntk_publish_vs_width (run, "drift_vs_width", G_STRUCT_OFFSET (WidthResult, drift_end), FALSE);
  dt_mutex_unlock (&run->lock);

  /* the higher kernels at initialisation */
  if (run->need_k3)
    {
      k3 = g_new (double, nn * n);
      fp.evals_per_job = 2;
      if (!dt_ntk_kernel3 (net0, run->x, n, run->fd_step, 1, k3, fd_progress, &fp,
                           run->cancellable, error))
        return FALSE;
      result->k3_norm = frobenius_distance (k3, NULL, nn * n);
    }
  if (run->need_k4)
    {
      k4 = g_new (double, nn * nn);
      fp.evals_per_job = 4.0 * n + 1;
      if (!dt_ntk_kernel4 (net0, run->x, n, run->fd_step, run->fd_step, 1, k4, fd_progress, &fp,
                           run->cancellable, error))
        return FALSE;
      result->k4_norm = frobenius_distance (k4, NULL, nn * nn);
    }

  /* the truncated hierarchies, integrated with the network's steps */
  for (guint o = 0; o < run->orders->len; o++)
    {
      guint p = (guint) g_array_index (run->orders, guint64, o);
      g_autofree double *gaps = g_new (double, run->n_times);

      if (!dt_ntk_hierarchy_solve (p, n, k2_0, k3, k4, f0, run->y, run->times, run->n_times,
                                   run->step, f_hier, run->cancellable, error))
        return FALSE;
      for (guint q = 0; q < run->n_times; q++)
        gaps[q] = rms_error (f_net + (gsize) q * n, f_hier + (gsize) q * n, n);
      result->gap_mid[p] = gaps[run->mid];
      if (is_widest)
        {
          g_autofree char *id = order_id ("gap", p);

          dt_record_set_points (run->record, id, run->times, gaps, NULL, run->n_times);
        }
    }

  dt_mutex_lock (&run->lock);
  result->gaps_done = TRUE;
  for (guint o = 0; o < run->orders->len; o++)
    {
      guint p = (guint) g_array_index (run->orders, guint64, o);
      g_autofree char *id = order_id ("gap_vs_width", p);

      dt_ntk_publish_vs_width (run, id, G_STRUCT_OFFSET (WidthResult, gap_mid) + p * sizeof (double), TRUE);
    }
  dt_mutex_unlock (&run->lock);
  return TRUE;
}

void
dt_ntk_width_job (guint    job,
                  gpointer data)
{
  Run *run = data;
  /* widest first: it takes longest and feeds most plots */
  guint index = run->widths->len - 1 - job;

  if (dt_check_cancelled (run->cancellable, &run->errors[index]))
    return;
  width_run (run, index, &run->errors[index]);
}
