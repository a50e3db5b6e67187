/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-ntk"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "dt-error.h"
#include "dt-ntk-net.h"
#include "dt-ntk.h"
#include "dt-ntk-private.h"
#include "dt-record.h"

/*
 * What the ntk experiment publishes besides the per-width curves: the
 * series against width, the fluctuation of the initial kernel around its
 * infinite-width limit, the record's extras and the plots' notes on the
 * fitted slopes.
 */

/* ---- series against width -------------------------------------------------- */

/* Sets @series to (m, value) over the widths done so far, ascending in m.
 * Called with the lock held. */
void
dt_ntk_publish_vs_width (Run        *run,
                         const char *series,
                         gsize       offset,
                         gboolean    gaps)
{
  g_autofree double *xs = g_new (double, run->widths->len);
  g_autofree double *ys = g_new (double, run->widths->len);
  guint k = 0;

  for (guint i = 0; i < run->widths->len; i++)
    {
      WidthResult *r = &run->results[i];

      if (gaps ? !r->gaps_done : !r->trained)
        continue;
      xs[k] = (guint) g_array_index (run->widths, guint64, i);
      ys[k] = G_STRUCT_MEMBER (double, r, offset);
      k++;
    }
  dt_record_set_points (run->record, series, xs, ys, NULL, k);
}

/* ---- fluctuation at initialisation ---------------------------------------- */

gboolean
dt_ntk_fluctuation (Run     *run,
                    double  *slope,
                    GError **error)
{
  guint draws = dt_params_get_int (run->params, "init_seeds");
  guint n = run->n, n_widths = run->widths->len;
  gsize nn = (gsize) n * n;
  g_autofree double *k_inf = g_new (double, nn);
  g_autofree double *k0 = g_new (double, nn);
  g_autofree double *xs = g_new (double, n_widths);
  g_autofree double *ys = g_new (double, n_widths);
  g_autofree double *es = g_new (double, n_widths);
  double norm_inf;

  dt_ntk_relu_kernel_infinite (run->x, n, run->d, k_inf);
  norm_inf = frobenius_distance (k_inf, NULL, nn);

  for (guint i = 0; i < n_widths; i++)
    {
      guint m = (guint) g_array_index (run->widths, guint64, i);
      g_autoptr(DtNtkNet) net = dt_ntk_net_new (run->d, m, 1, DT_NTK_RELU);
      g_autoptr(DtNtkWork) work = dt_ntk_work_new (net, n);
      double sum = 0, sum2 = 0;

      if (dt_check_cancelled (run->cancellable, error))
        return FALSE;
      for (guint s = 0; s < draws; s++)
        {
          DtRng rng;
          double v;

          dt_rng_init (&rng, run->seed, STREAM_FLUCTUATION + (guint64) m * 1000 + s);
          dt_ntk_net_init (net, &rng);
          dt_ntk_net_kernel (net, work, run->x, n, NULL, k0);
          v = frobenius_distance (k0, k_inf, nn) / norm_inf;
          sum += v;
          sum2 += v * v;
        }
      xs[i] = m;
      ys[i] = sum / draws;
      es[i] = draws > 1 ? sqrt (MAX (0.0, sum2 / draws - ys[i] * ys[i]) / (draws - 1)) : 0.0;
    }
  dt_record_set_points (run->record, "fluctuation_vs_width", xs, ys, es, n_widths);
  *slope = dt_ntk_log_log_slope (xs, ys, n_widths);
  return TRUE;
}

/* ---- extras ------------------------------------------------------------------ */

static void
add_matrix (JsonBuilder  *b,
            const char   *name,
            const double *a,
            guint         rows,
            guint         cols)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < rows; i++)
    {
      json_builder_begin_array (b);
      for (guint j = 0; j < cols; j++)
        json_builder_add_double_value (b, a[(gsize) i * cols + j]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
}

static void
add_number (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
dt_ntk_set_extras (Run    *run,
                   double  drift_slope,
                   double  fluct_slope,
                   double *gap_slopes)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint m_max = (guint) g_array_index (run->widths, guint64, run->widths->len - 1);

  json_builder_begin_object (b);
  add_matrix (b, "inputs", run->x, run->n, run->d);
  json_builder_set_member_name (b, "targets");
  json_builder_begin_array (b);
  for (guint i = 0; i < run->n; i++)
    json_builder_add_double_value (b, run->y[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "kernel_width");
  json_builder_add_int_value (b, m_max);
  if (run->k2_initial)
    add_matrix (b, "k2_initial", run->k2_initial, run->n, run->n);
  if (run->k2_final)
    add_matrix (b, "k2_final", run->k2_final, run->n, run->n);
  add_number (b, "t_mid", run->times[run->mid]);
  add_number (b, "test_rms_end", run->test_rms_end);

  json_builder_set_member_name (b, "slopes");
  json_builder_begin_object (b);
  add_number (b, "drift", drift_slope);
  add_number (b, "fluctuation", fluct_slope);
  for (guint o = 0; o < run->orders->len; o++)
    {
      guint p = (guint) g_array_index (run->orders, guint64, o);
      g_autofree char *name = g_strdup_printf ("gap_p%u", p);

      add_number (b, name, gap_slopes[p]);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "widths");
  json_builder_begin_array (b);
  for (guint i = 0; i < run->widths->len; i++)
    {
      WidthResult *r = &run->results[i];

      if (!r->trained)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "m");
      json_builder_add_int_value (b, (guint) g_array_index (run->widths, guint64, i));
      add_number (b, "drift_end", r->drift_end);
      add_number (b, "train_rms_end", r->train_rms);
      if (r->gaps_done)
        {
          add_number (b, "k3_norm", run->need_k3 ? r->k3_norm : NAN);
          add_number (b, "k4_norm", run->need_k4 ? r->k4_norm : NAN);
          for (guint o = 0; o < run->orders->len; o++)
            {
              guint p = (guint) g_array_index (run->orders, guint64, o);
              g_autofree char *name = g_strdup_printf ("gap_mid_p%u", p);

              add_number (b, name, r->gap_mid[p]);
            }
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  /* the record takes the members one by one, so a reader finds them by name */
  {
    g_autoptr(JsonNode) root = json_builder_get_root (b);
    JsonObject *object = json_node_get_object (root);
    g_autoptr(GList) members = json_object_get_members (object);

    for (GList *l = members; l != NULL; l = l->next)
      dt_record_set_extra (run->record, l->data,
                           json_node_copy (json_object_get_member (object, l->data)));
  }
}

/* "−0.97": a slope with a real minus sign. */
static char *
format_signed (double value)
{
  return g_strdup_printf ("%s%.2f", value < 0 ? "−" : "", fabs (value));
}

static char *
range_text (Run *run)
{
  return g_strdup_printf ("m = %u…%u", (guint) g_array_index (run->widths, guint64, 0),
                          (guint) g_array_index (run->widths, guint64, run->widths->len - 1));
}

void
dt_ntk_add_notes (Run    *run,
                  double  drift_slope,
                  double  fluct_slope,
                  double *gap_slopes)
{
  g_autofree char *range = range_text (run);

  if (isfinite (drift_slope))
    {
      g_autofree char *s = format_signed (drift_slope);
      g_autofree char *note = g_strdup_printf (_("drift: slope %s (fit over %s)"), s, range);
      const char *side = fabs (drift_slope + 1.0) < fabs (drift_slope + 0.5)
        ? _("nearer −1 (Dyer & Gur-Ari) than −½ (Lee et al.)")
        : _("nearer −½ (Lee et al.) than −1 (Dyer & Gur-Ari)");

      dt_record_add_plot_note (run->record, "drift_vs_width", note);
      dt_record_add_plot_note (run->record, "drift_vs_width", side);
    }
  if (isfinite (fluct_slope))
    {
      g_autofree char *s = format_signed (fluct_slope);
      g_autofree char *note = g_strdup_printf (_("fluctuation: slope %s (fit over %s)"), s, range);

      dt_record_add_plot_note (run->record, "drift_vs_width", note);
    }
  for (guint o = 0; o < run->orders->len; o++)
    {
      guint p = (guint) g_array_index (run->orders, guint64, o);

      if (isfinite (gap_slopes[p]))
        {
          g_autofree char *s = format_signed (gap_slopes[p]);
          g_autofree char *note = g_strdup_printf (_("p = %u: slope %s"), p, s);

          dt_record_add_plot_note (run->record, "gap_vs_width", note);
        }
    }
}
