/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What the files of the ntk experiment share: the run and the results of
 * each width, the seed's streams, a few small helpers (inline), the job of
 * one width (dt-ntk-width.c) and what is published from the results
 * (dt-ntk-results.c). The parameter table, the checks, the estimate and
 * the run itself are in dt-ntk.c. Not installed, not for other experiments.
 */

#include <math.h>

#include "dt-experiment.h"
#include "dt-ntk-net.h"
#include "dt-record.h"

G_BEGIN_DECLS

/* Streams of the run's seed. */
enum
{
  STREAM_DATA = 1,
  STREAM_TEACHER = 2,
  STREAM_NET = 1000,            /* + width: each width's network */
  STREAM_FLUCTUATION = 1000000, /* + width·1000 + draw */
};

/* What the job of one width found. */
typedef struct
{
  double  drift_end;     /* drift at t_max */
  double  gap_mid[5];    /* RMS gap at the middle time, by order */
  double  train_rms;     /* at t_max */
  double  k3_norm;       /* Frobenius norms at t = 0 */
  double  k4_norm;
  gboolean trained;
  gboolean gaps_done;
} WidthResult;

/* A run: what it was given, its data and settings, and what its jobs share. */
typedef struct
{
  const DtParams  *params;
  DtRecord        *record;
  DtProgressFunc   progress;
  gpointer         progress_data;
  GCancellable    *cancellable;
  guint64          seed;
  guint            n_threads;

  /* data, row-major doubles */
  guint            n;
  guint            n_test;
  guint            d;
  double          *x;
  double          *y;
  double          *x_test;
  double          *y_test;

  /* the experiment */
  guint            depth;
  DtNtkActivation  activation;
  GArray          *widths;       /* guint64, ascending */
  GArray          *orders;       /* guint64, ascending */
  gboolean         need_k3;
  gboolean         need_k4;
  double          *times;
  guint            n_times;
  guint            mid;
  double           step;
  double           fd_step;

  /* results, guarded by lock */
  GMutex           lock;
  WidthResult     *results;
  GError         **errors;
  double          *k2_initial;   /* widest network */
  double          *k2_final;
  double           test_rms_end;
  double           work_done;
  double           work_total;
} Run;

static inline char *
order_id (const char *prefix,
          guint       p)
{
  return g_strdup_printf ("%s/p=%u", prefix, p);
}

/* Cost of one kernel or gradient evaluation at width m, in arbitrary units. */
static inline double
eval_cost (Run   *run,
           guint  m)
{
  return (double) run->n * m * (run->d + (double) (run->depth - 1) * m + 4);
}

/* ‖a − b‖ over @size entries; ‖a‖ when @b is %NULL. */
static inline double
frobenius_distance (const double *a,
                    const double *b,
                    gsize         size)
{
  double s = 0;

  for (gsize e = 0; e < size; e++)
    {
      double d = a[e] - (b ? b[e] : 0.0);
      s += d * d;
    }
  return sqrt (s);
}

/* dt-ntk-width.c: the data, and the job of one width for dt_parallel_for() */
gboolean dt_ntk_load_data        (Run          *run,
                                  GError      **error);
void     dt_ntk_width_job        (guint         job,
                                  gpointer      data);

/* dt-ntk-results.c; dt_ntk_publish_vs_width() is called with the lock held */
void     dt_ntk_publish_vs_width (Run          *run,
                                  const char   *series,
                                  gsize         offset,
                                  gboolean      gaps);
gboolean dt_ntk_fluctuation      (Run          *run,
                                  double       *slope,
                                  GError      **error);
void     dt_ntk_set_extras       (Run          *run,
                                  double        drift_slope,
                                  double        fluct_slope,
                                  double       *gap_slopes);
void     dt_ntk_add_notes        (Run          *run,
                                  double        drift_slope,
                                  double        fluct_slope,
                                  double       *gap_slopes);

G_END_DECLS
