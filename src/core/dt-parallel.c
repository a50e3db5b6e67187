/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include "dt-parallel.h"

typedef struct
{
  guint      n_jobs;
  gint       next;
  DtJobFunc  func;
  gpointer   data;
} Queue;

static gpointer
worker (gpointer data)
{
  Queue *q = data;
  guint i;

  while ((i = (guint) g_atomic_int_add (&q->next, 1)) < q->n_jobs)
    q->func (i, q->data);
  return NULL;
}

/**
 * dt_parallel_for:
 * @n_jobs: number of jobs
 * @n_threads: threads to use, the calling one included
 * @func: (scope call): runs job i; must only write to job i's own output
 * @data: passed to @func
 *
 * Runs @func for every index in [0, n_jobs) and returns when all are done.
 * Which thread runs which job varies, so jobs must not depend on each other;
 * given that, results do not depend on @n_threads.
 */
void
dt_parallel_for (guint      n_jobs,
                 guint      n_threads,
                 DtJobFunc  func,
                 gpointer   data)
{
  Queue q = { n_jobs, 0, func, data };
  g_autofree GThread **threads = NULL;
  guint n = MIN (MAX (n_threads, 1), MAX (n_jobs, 1));

  threads = g_new0 (GThread *, n);
  for (guint t = 1; t < n; t++)
    threads[t] = g_thread_new ("descent-worker", worker, &q);
  worker (&q);
  for (guint t = 1; t < n; t++)
    g_thread_join (threads[t]);
}
