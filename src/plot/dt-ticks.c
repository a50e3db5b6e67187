/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dt-plot-scale.h"
#include "dt-ticks.h"

/* Magnitudes beyond these are clamped so that spans and steps never
 * overflow or sink into subnormals. */
#define RANGE_LIMIT 1e300
#define RANGE_TINY  1e-290

#define MINUS_SIGN  "\xe2\x88\x92"   /* U+2212, typographic minus */
#define TIMES_SIGN  "\xc3\x97"       /* U+00D7 */

static const char *superscripts[] = {
  "\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb4",
  "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9",
};
#define SUPERSCRIPT_MINUS "\xe2\x81\xbb"

static guint
clamp_max_ticks (guint max_ticks)
{
  return CLAMP (max_ticks, 2, 1000);
}

/* Turns any pair of doubles into a finite, ascending range of
 * non-zero width: NaN and infinite ends are replaced by the other end,
 * a reversed range is swapped, a single value is padded by 10 %. */
static void
sanitize_linear (double *lo,
                 double *hi)
{
  double a = *lo, b = *hi;
  double mid, span;

  if (!isfinite (a) && !isfinite (b))
    {
      a = 0.0;
      b = 1.0;
    }
  else if (!isfinite (a))
    a = b;
  else if (!isfinite (b))
    b = a;

  if (a > b)
    {
      double t = a;
      a = b;
      b = t;
    }

  a = CLAMP (a, -RANGE_LIMIT, RANGE_LIMIT);
  b = CLAMP (b, -RANGE_LIMIT, RANGE_LIMIT);
  if (fabs (a) < RANGE_TINY)
    a = 0.0;
  if (fabs (b) < RANGE_TINY)
    b = 0.0;

  mid = 0.5 * a + 0.5 * b;
  span = b - a;
  if (span <= fabs (mid) * 1e-12 || span < RANGE_TINY)
    {
      if (fabs (mid) < RANGE_TINY)
        {
          a = -1.0;
          b = 1.0;
        }
      else
        {
          double pad = fabs (mid) * 0.1;

          a = mid - pad;
          b = mid + pad;
        }
    }

  *lo = a;
  *hi = b;
}

/* A positive range for a log axis: non-positive or missing ends are
 * replaced so the range still shows something sensible. */
static void
sanitize_log (double *lo,
              double *hi)
{
  double a = *lo, b = *hi;

  if (isnan (a))
    a = b;
  if (isnan (b))
    b = a;
  if (a > b)
    {
      double t = a;
      a = b;
      b = t;
    }
  if (!(b > 0.0))
    {
      a = 1.0;
      b = 10.0;
    }
  if (isinf (b))
    b = RANGE_LIMIT;
  if (!(a > 0.0))
    a = b * 1e-3;
  a = CLAMP (a, 1e-300, RANGE_LIMIT);
  b = CLAMP (b, 1e-300, RANGE_LIMIT);

  if (b <= a * (1.0 + 1e-9))
    {
      /* half a decade each way, computed in log space: a * b may underflow */
      double mid = 0.5 * (log10 (a) + log10 (b));

      a = pow (10.0, MAX (mid - 0.5, -300.0));
      b = pow (10.0, MIN (mid + 0.5, 300.0));
    }

  *lo = a;
  *hi = b;
}

/* m × 10^e, correctly rounded for negative e (0.3 rather than 3 × 0.1). */
static double
scaled (double m,
        int    e)
{
  if (e >= 0)
    return m * pow (10.0, e);
  return m / pow (10.0, -e);
}

/* The 1-2-5 sequence: index i gives {1, 2, 5}[i mod 3] × 10^(i div 3). */
static double
step_parts (int     i,
            int    *exponent)
{
  static const double mantissa[] = { 1.0, 2.0, 5.0 };
  int e = (i >= 0) ? i / 3 : -((-i + 2) / 3);

  *exponent = e;
  return mantissa[i - 3 * e];
}

static double
step_from_index (int i)
{
  int e;
  double m = step_parts (i, &e);

  return scaled (m, e);
}

static int
first_step_index (double span,
                  guint  max_ticks)
{
  double e = floor (log10 (span / max_ticks));

  return 3 * (int) e - 3;
}

static double
count_multiples (double lo,
                 double hi,
                 double step)
{
  double kmin = ceil (lo / step - 1e-9);
  double kmax = floor (hi / step + 1e-9);

  return kmax - kmin + 1.0;
}

/* Index of the smallest 1-2-5 step that puts at most max_ticks
 * multiples inside [lo, hi]. The search starts a decade below the raw
 * step, so it ends within a few iterations. */
static int
choose_step (double lo,
             double hi,
             guint  max_ticks)
{
  int i = first_step_index (hi - lo, max_ticks);

  for (int guard = 0; guard < 64; guard++, i++)
    if (count_multiples (lo, hi, step_from_index (i)) <= max_ticks)
      return i;

  return i;
}

/**
 * dt_nice_range:
 * @lo: lower end of the data
 * @hi: upper end of the data
 * @max_ticks: the most ticks wanted across the extended range
 * @nice_lo: (out): @lo rounded down to a multiple of @step
 * @nice_hi: (out): @hi rounded up to a multiple of @step
 * @step: (out): a 1-2-5 step
 *
 * Extends [@lo, @hi] outwards to multiples of a 1-2-5 step such that at
 * most @max_ticks ticks cover it. Degenerate input (NaN, infinite,
 * reversed or single-valued) is first turned into a padded range.
 */
void
dt_nice_range (double  lo,
               double  hi,
               guint   max_ticks,
               double *nice_lo,
               double *nice_hi,
               double *step)
{
  double s = 1.0, a, b;
  int i;

  g_return_if_fail (nice_lo != NULL);
  g_return_if_fail (nice_hi != NULL);
  g_return_if_fail (step != NULL);

  max_ticks = clamp_max_ticks (max_ticks);
  sanitize_linear (&lo, &hi);

  i = first_step_index (hi - lo, max_ticks);
  for (int guard = 0; guard < 64; guard++, i++)
    {
      s = step_from_index (i);
      a = floor (lo / s + 1e-9) * s;
      b = ceil (hi / s - 1e-9) * s;
      if ((b - a) / s + 1.0 <= max_ticks + 1e-6)
        break;
    }

  a = floor (lo / s + 1e-9) * s;
  b = ceil (hi / s - 1e-9) * s;
  /* adding +0.0 turns a negative zero into a positive one */
  *nice_lo = MIN (a, lo) + 0.0;
  *nice_hi = MAX (b, hi) + 0.0;
  *step = s;
}

/* Writes a UTF-8 superscript integer ("⁻³") into @out. */
static void
append_superscript (GString *out,
                    int      k)
{
  char digits[16];

  if (k < 0)
    g_string_append (out, SUPERSCRIPT_MINUS);
  g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, k < 0 ? -(gint64) k : (gint64) k);
  for (const char *p = digits; *p != '\0'; p++)
    g_string_append (out, superscripts[*p - '0']);
}

/* "10³", or "2×10³" when the mantissa is not 1. */
static char *
format_power (double mantissa,
              int    k,
              int    decimals)
{
  GString *out = g_string_new (NULL);

  if (mantissa < 0)
    {
      g_string_append (out, MINUS_SIGN);
      mantissa = -mantissa;
    }
  if (fabs (mantissa - 1.0) > 1e-9 || decimals > 0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      char fmt[16];

      g_snprintf (fmt, sizeof fmt, "%%.%df", decimals);
      g_ascii_formatd (buf, sizeof buf, fmt, mantissa);
      g_string_append (out, buf);
      g_string_append (out, TIMES_SIGN);
    }
  g_string_append (out, "10");
  append_superscript (out, k);

  return g_string_free (out, FALSE);
}

/* A fixed-point label with a typographic minus. */
static char *
format_fixed (double value,
              int    decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char fmt[16];

  g_snprintf (fmt, sizeof fmt, "%%.%df", CLAMP (decimals, 0, 30));
  g_ascii_formatd (buf, sizeof buf, fmt, fabs (value));
  if (value < 0 && strspn (buf, "0.") != strlen (buf))
    return g_strconcat (MINUS_SIGN, buf, NULL);
  return g_strdup (buf);
}

/* Number of decimals that shows every multiple of @step exactly. */
static int
decimals_for_step (double step)
{
  double e = floor (log10 (step) + 1e-9);
  double m = step / pow (10.0, e);
  int decimals = (int) -e;

  /* steps such as 2.5 × 10^e need one more digit; 1-2-5 steps do not,
   * but the log fallback can hand in any value */
  if (fabs (m - round (m)) > 1e-6)
    decimals++;
  return MAX (decimals, 0);
}

static DtTicks *
ticks_alloc (guint n,
             guint n_minor)
{
  DtTicks *ticks = g_new0 (DtTicks, 1);

  ticks->values = g_new0 (double, MAX (n, 1));
  ticks->labels = g_new0 (char *, n + 1);
  ticks->n = 0;
  if (n_minor > 0)
    ticks->minor = g_new0 (double, n_minor);
  ticks->n_minor = 0;

  return ticks;
}

/* Labels every tick of a linear axis with the same number of decimals;
 * very small or very large magnitudes use one shared power of ten so
 * that the mantissas line up ("0.5×10⁻⁴", "1.0×10⁻⁴"). */
static void
label_linear (DtTicks *ticks,
              double   step)
{
  double maxabs = 0.0;

  for (guint i = 0; i < ticks->n; i++)
    maxabs = MAX (maxabs, fabs (ticks->values[i]));

  int E = maxabs > 0.0 ? (int) floor (log10 (maxabs) + 1e-9) : 0;
  int e_step = (int) floor (log10 (step) + 1e-9);

  /* a shared power of ten only pays while the mantissas stay short; a
   * narrow range far from zero reads better in plain digits */
  if (maxabs > 0.0 && (maxabs >= 1e6 || maxabs < 1e-3) && E - e_step <= 4)
    {
      int decimals = CLAMP (E - e_step, 0, 15);
      double scale = pow (10.0, E);

      for (guint i = 0; i < ticks->n; i++)
        {
          double v = ticks->values[i];

          if (v == 0.0)
            ticks->labels[i] = g_strdup ("0");
          else
            ticks->labels[i] = format_power (v / scale, E, decimals);
        }
    }
  else
    {
      int decimals = decimals_for_step (step);

      for (guint i = 0; i < ticks->n; i++)
        ticks->labels[i] = format_fixed (ticks->values[i], decimals);
    }
}

/* Multiples of a 1-2-5 step inside the already sanitised [lo, hi]. */
static DtTicks *
linear_in_range (double lo,
                 double hi,
                 guint  max_ticks)
{
  DtTicks *ticks;
  int e, index = choose_step (lo, hi, max_ticks);
  double m = step_parts (index, &e);
  double step = scaled (m, e);
  double kmin = ceil (lo / step - 1e-9);
  double kmax = floor (hi / step + 1e-9);
  guint n = (guint) MAX (0.0, MIN (kmax - kmin + 1.0, (double) max_ticks));

  ticks = ticks_alloc (n, 0);
  for (guint i = 0; i < n; i++)
    {
      double v = scaled ((kmin + i) * m, e);

      if (fabs (v) < step * 1e-6)
        v = 0.0;
      ticks->values[ticks->n++] = CLAMP (v, lo, hi);
    }
  label_linear (ticks, step);

  return ticks;
}

/**
 * dt_ticks_linear:
 * @lo: lower end of the visible range
 * @hi: upper end of the visible range
 * @max_ticks: the most ticks wanted
 *
 * Ticks at multiples of a 1-2-5 step inside [@lo, @hi], labelled with
 * one number of decimals for the whole axis. Degenerate ranges are
 * padded first, so the result always has ticks.
 *
 * Returns: (transfer full): the ticks; free with dt_ticks_free()
 */
DtTicks *
dt_ticks_linear (double lo,
                 double hi,
                 guint  max_ticks)
{
  max_ticks = clamp_max_ticks (max_ticks);
  sanitize_linear (&lo, &hi);

  return linear_in_range (lo, hi, max_ticks);
}

/* Membership with a little slack for rounding: relative to the span on
 * linear axes, relative to the value on log axes. */
static gboolean
inside (double v,
        double lo,
        double hi)
{
  double tol = 1e-9 * (hi - lo);

  return v >= lo - tol && v <= hi + tol;
}

static gboolean
inside_log (double v,
            double lo,
            double hi)
{
  return v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9);
}

/* Membership judged in the transformed space of the symlog axis. */
static gboolean
inside_symlog (double v,
               double lo,
               double hi)
{
  return inside (dt_plot_symlog (v), dt_plot_symlog (lo), dt_plot_symlog (hi));
}

static guint
count_log_values (double     lo,
                  double     hi,
                  int        kmin,
                  int        kmax,
                  const int *set)
{
  guint count = 0;

  for (int k = kmin; k <= kmax; k++)
    for (guint j = 0; j < 3; j++)
      if (set[j] != 0 && inside_log (scaled (set[j], k), lo, hi))
        count++;

  return count;
}

/* Ticks at 1, 2 and 5 × 10^k (or only at 10^k when those are too many),
 * for log ranges shorter than two decades; NULL when too few such values
 * fit and linear ticks read better. */
static DtTicks *
log_one_two_five (double lo,
                  double hi,
                  guint  max_ticks)
{
  static const int one_two_five[3] = { 1, 2, 5 };
  static const int one[3] = { 1, 0, 0 };
  const int *set = one_two_five;
  int kmin = (int) floor (log10 (lo)) - 1;
  int kmax = (int) ceil (log10 (hi)) + 1;
  guint count;
  gboolean sci;
  DtTicks *ticks;

  count = count_log_values (lo, hi, kmin, kmax, set);
  if (count < 3)
    return NULL;
  if (count > max_ticks)
    {
      set = one;
      count = count_log_values (lo, hi, kmin, kmax, set);
      if (count < 2 || count > max_ticks)
        return NULL;
    }

  ticks = ticks_alloc (count, 9 * (kmax - kmin + 1));
  sci = lo < 1e-3 || hi >= 1e5;
  for (int k = kmin; k <= kmax; k++)
    for (int m = 1; m <= 9; m++)
      {
        double v = scaled (m, k);
        gboolean major = set[0] == m || set[1] == m || set[2] == m;

        if (!inside_log (v, lo, hi))
          continue;
        v = CLAMP (v, lo, hi);
        if (major && ticks->n < count)
          {
            ticks->labels[ticks->n] = sci ? format_power (m, k, 0)
                                          : format_fixed (v, MAX (0, -k));
            ticks->values[ticks->n++] = v;
          }
        else if (!major)
          {
            ticks->minor[ticks->n_minor++] = v;
          }
      }

  return ticks;
}

/* Decade strides 1, 2, 3, 4, 5, 10, 20, 50, 100, … */
static int
next_stride (int stride)
{
  if (stride < 5)
    return stride + 1;
  for (int p = 1;; p *= 10)
    {
      if (stride < 2 * p)
        return 2 * p;
      if (stride < 5 * p)
        return 5 * p;
      if (stride < 10 * p)
        return 10 * p;
    }
}

/**
 * dt_ticks_log:
 * @lo: lower end of the visible range
 * @hi: upper end of the visible range
 * @max_ticks: the most labelled ticks wanted
 *
 * Ticks for a log10 axis: whole decades ("10⁻³", "10⁰") with minor ticks
 * at 2…9 × 10^k when the range spans two decades or more; 1, 2 and 5 ×
 * 10^k for shorter ranges; plain linear ticks when even those would be
 * too few. Non-positive ends are replaced by a positive range, and
 * magnitudes are clamped to 1e±300.
 *
 * Returns: (transfer full): the ticks; free with dt_ticks_free()
 */
DtTicks *
dt_ticks_log (double lo,
              double hi,
              guint  max_ticks)
{
  DtTicks *ticks;
  int kmin, kmax, stride, first, count;
  double L, H;

  max_ticks = clamp_max_ticks (max_ticks);
  sanitize_log (&lo, &hi);
  L = log10 (lo);
  H = log10 (hi);

  if (H - L < 2.0)
    {
      ticks = log_one_two_five (lo, hi, max_ticks);
      if (ticks == NULL)
        ticks = linear_in_range (lo, hi, max_ticks);
      return ticks;
    }

  kmin = (int) ceil (L - 1e-9);
  kmax = (int) floor (H + 1e-9);

  /* decades at multiples of a stride, so that labels read 10⁰, 10³, 10⁶ */
  for (stride = 1;; stride = next_stride (stride))
    {
      first = (int) ceil ((double) kmin / stride) * stride;
      count = (int) (floor ((double) kmax / stride) - ceil ((double) kmin / stride)) + 1;
      if (count <= (int) max_ticks || stride > kmax - kmin)
        break;
    }
  count = MAX (count, 1);

  ticks = ticks_alloc (count, (guint) (stride == 1 ? 8 * (kmax - kmin + 2) : (kmax - kmin + 1)));
  for (int k = first; k <= kmax && ticks->n < (guint) count; k += stride)
    {
      ticks->values[ticks->n] = CLAMP (scaled (1.0, k), lo, hi);
      ticks->labels[ticks->n] = format_power (1.0, k, 0);
      ticks->n++;
    }

  if (stride == 1)
    {
      for (int k = kmin - 1; k <= kmax; k++)
        for (int m = 2; m <= 9; m++)
          {
            double v = scaled (m, k);

            if (inside_log (v, lo, hi))
              ticks->minor[ticks->n_minor++] = CLAMP (v, lo, hi);
          }
    }
  else if (stride <= 10)
    {
      /* decades between the labelled ones become minor ticks */
      for (int k = kmin; k <= kmax; k++)
        if ((k - first) % stride != 0)
          ticks->minor[ticks->n_minor++] = CLAMP (scaled (1.0, k), lo, hi);
    }

  return ticks;
}

/**
 * dt_ticks_symlog:
 * @lo: lower end of the visible range
 * @hi: upper end of the visible range
 * @max_ticks: the most labelled ticks wanted
 *
 * Ticks for the symmetric log scale sign(x)·log10(1 + |x|): 0 and ±10^k,
 * with minor ticks at 2…9 × 10^k. A range too short for three such ticks
 * gets linear ticks instead.
 *
 * Returns: (transfer full): the ticks; free with dt_ticks_free()
 */
DtTicks *
dt_ticks_symlog (double lo,
                 double hi,
                 guint  max_ticks)
{
  DtTicks *ticks;
  GArray *values;
  int kmax_abs, stride;
  double amax;
  gboolean sci;

  max_ticks = clamp_max_ticks (max_ticks);
  sanitize_linear (&lo, &hi);

  amax = MAX (fabs (lo), fabs (hi));
  if (amax < 1.0)
    return linear_in_range (lo, hi, max_ticks);
  kmax_abs = (int) floor (log10 (amax) + 1e-9);

  /* choose a decade stride so that 0 and ±10^k fit into max_ticks */
  values = g_array_new (FALSE, FALSE, sizeof (double));
  for (stride = 1; stride <= kmax_abs + 1; stride = next_stride (stride))
    {
      g_array_set_size (values, 0);
      for (int k = kmax_abs; k >= 0; k--)
        if (k % stride == 0)
          {
            double v = -scaled (1.0, k);

            if (inside_symlog (v, lo, hi))
              g_array_append_val (values, v);
          }
      if (inside_symlog (0.0, lo, hi))
        {
          double zero = 0.0;

          g_array_append_val (values, zero);
        }
      for (int k = 0; k <= kmax_abs; k++)
        if (k % stride == 0)
          {
            double v = scaled (1.0, k);

            if (inside_symlog (v, lo, hi))
              g_array_append_val (values, v);
          }
      if (values->len <= max_ticks)
        break;
    }

  if (values->len < 3 || values->len > max_ticks)
    {
      g_array_unref (values);
      return linear_in_range (lo, hi, max_ticks);
    }

  ticks = ticks_alloc (values->len, 16 * (kmax_abs + 1));
  sci = kmax_abs >= 4;
  for (guint i = 0; i < values->len; i++)
    {
      double v = g_array_index (values, double, i);
      int k = v == 0.0 ? 0 : (int) lround (log10 (fabs (v)));

      ticks->values[ticks->n] = CLAMP (v, lo, hi);
      if (v == 0.0)
        ticks->labels[ticks->n] = g_strdup ("0");
      else if (sci)
        ticks->labels[ticks->n] = format_power (v < 0 ? -1.0 : 1.0, k, 0);
      else
        ticks->labels[ticks->n] = format_fixed (v, 0);
      ticks->n++;
    }

  /* minor ticks in ascending order: the negative side from its far end */
  if (stride == 1)
    {
      for (int k = kmax_abs; k >= 0; k--)
        for (int m = 9; m >= 2; m--)
          {
            double v = -scaled (m, k);

            if (inside_symlog (v, lo, hi))
              ticks->minor[ticks->n_minor++] = CLAMP (v, lo, hi);
          }
      for (int k = 0; k <= kmax_abs; k++)
        for (int m = 2; m <= 9; m++)
          {
            double v = scaled (m, k);

            if (inside_symlog (v, lo, hi))
              ticks->minor[ticks->n_minor++] = CLAMP (v, lo, hi);
          }
    }
  else if (stride <= 10)
    {
      for (int k = kmax_abs; k >= 0; k--)
        if (k % stride != 0 && inside_symlog (-scaled (1.0, k), lo, hi))
          ticks->minor[ticks->n_minor++] = CLAMP (-scaled (1.0, k), lo, hi);
      for (int k = 0; k <= kmax_abs; k++)
        if (k % stride != 0 && inside_symlog (scaled (1.0, k), lo, hi))
          ticks->minor[ticks->n_minor++] = CLAMP (scaled (1.0, k), lo, hi);
    }

  g_array_unref (values);
  return ticks;
}

/**
 * dt_ticks_free:
 * @ticks: (nullable) (transfer full): ticks to free
 */
void
dt_ticks_free (DtTicks *ticks)
{
  if (ticks == NULL)
    return;

  for (guint i = 0; i < ticks->n; i++)
    g_free (ticks->labels[i]);
  g_free (ticks->labels);
  g_free (ticks->values);
  g_free (ticks->minor);
  g_free (ticks);
}
