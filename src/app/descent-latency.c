/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent"

#include "config.h"

#include <stdio.h>

#include "descent-latency.h"

/*
 * A debugging probe for the main loop's responsiveness while a run works:
 * with DESCENT_DEBUG_LATENCY=1 in the environment, a timeout asks to fire
 * every PERIOD_MS and records how late each firing is. At the end of the run
 * the percentiles go to stderr. Without the variable it does nothing.
 */

#define PERIOD_MS 5

struct _DescentLatency
{
  guint   source;
  gint64  expected;   /* µs, monotonic */
  GArray *late_ms;    /* double */
};

static gboolean
tick_cb (gpointer data)
{
  DescentLatency *self = data;
  gint64 now = g_get_monotonic_time ();
  double late = MAX (0, now - self->expected) / 1000.0;

  g_array_append_val (self->late_ms, late);
  self->expected = now + PERIOD_MS * 1000;
  return G_SOURCE_CONTINUE;
}

/**
 * descent_latency_start:
 *
 * Returns: (transfer full) (nullable): a running probe, or %NULL when
 *   DESCENT_DEBUG_LATENCY is not set
 */
DescentLatency *
descent_latency_start (void)
{
  DescentLatency *self;

  if (g_getenv ("DESCENT_DEBUG_LATENCY") == NULL)
    return NULL;

  self = g_new0 (DescentLatency, 1);
  self->late_ms = g_array_new (FALSE, FALSE, sizeof (double));
  self->expected = g_get_monotonic_time () + PERIOD_MS * 1000;
  self->source = g_timeout_add (PERIOD_MS, tick_cb, self);
  return self;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *sorted,
            double  q)
{
  guint i = (guint) (q * (sorted->len - 1) + 0.5);

  return g_array_index (sorted, double, MIN (i, sorted->len - 1));
}

/**
 * descent_latency_finish:
 * @self: (transfer full) (nullable): a probe from descent_latency_start()
 * @label: what was running, for the report
 *
 * Stops the probe and prints the median, 99th percentile and maximum
 * lateness of the main loop to stderr.
 */
void
descent_latency_finish (DescentLatency *self,
                        const char     *label)
{
  if (self == NULL)
    return;

  g_source_remove (self->source);
  if (self->late_ms->len > 0)
    {
      g_array_sort (self->late_ms, compare_double);
      fprintf (stderr, "descent: main-loop lateness during %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%u samples every %d ms)\n",
               label, percentile (self->late_ms, 0.5), percentile (self->late_ms, 0.99),
               g_array_index (self->late_ms, double, self->late_ms->len - 1),
               self->late_ms->len, PERIOD_MS);
    }
  g_array_unref (self->late_ms);
  g_free (self);
}
