/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ticks"

#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dt-ticks.h"

/* ------------------------------------------------------------ helpers */

/* Rewrites a tick label into ASCII: "−" → "-", "×" → "x", superscript
 * digits → "^" followed by the digits. */
static char *
label_to_ascii (const char *label)
{
  static const char *supers[] = {
    "\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb4",
    "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9",
  };
  GString *out = g_string_new (NULL);
  gboolean in_super = FALSE;
  const char *p = label;

  while (*p != '\0')
    {
      gboolean matched = FALSE;

      if (g_str_has_prefix (p, "\xe2\x88\x92"))
        {
          g_string_append_c (out, '-');
          p += 3;
          in_super = FALSE;
          continue;
        }
      if (g_str_has_prefix (p, "\xc3\x97"))
        {
          g_string_append_c (out, 'x');
          p += 2;
          in_super = FALSE;
          continue;
        }
      if (g_str_has_prefix (p, "\xe2\x81\xbb"))
        {
          g_string_append (out, in_super ? "-" : "^-");
          in_super = TRUE;
          p += 3;
          continue;
        }
      for (guint d = 0; d < 10; d++)
        if (g_str_has_prefix (p, supers[d]))
          {
            if (!in_super)
              g_string_append_c (out, '^');
            g_string_append_c (out, '0' + d);
            in_super = TRUE;
            p += strlen (supers[d]);
            matched = TRUE;
            break;
          }
      if (matched)
        continue;
      g_assert_true ((guchar) *p < 0x80);
      g_string_append_c (out, *p++);
      in_super = FALSE;
    }
  return g_string_free (out, FALSE);
}

/* Parses a label into its value and the number of decimals it shows
 * (of the mantissa, for "m×10^k" labels). Fails the test on anything
 * that is not a clean number. */
static double
parse_label (const char *label,
             int        *decimals)
{
  g_autofree char *ascii = label_to_ascii (label);
  const char *pow_part;
  double mantissa = 1.0;
  const char *num;
  char *end;

  *decimals = 0;
  pow_part = strstr (ascii, "10^");
  if (pow_part != NULL)
    {
      int e;

      if (pow_part != ascii)
        {
          if (strcmp (ascii, "-10^") == 0 || g_str_has_prefix (ascii, "-10^"))
            mantissa = -1.0;
          else
            {
              g_assert_true (pow_part[-1] == 'x');
              mantissa = g_ascii_strtod (ascii, &end);
              g_assert_true (end == pow_part - 1);
              num = strchr (ascii, '.');
              if (num != NULL && num < pow_part)
                *decimals = (int) (pow_part - 1 - num - 1);
            }
        }
      e = (int) strtol (pow_part + 3, &end, 10);
      g_assert_cmpint (*end, ==, '\0');
      return mantissa * pow (10.0, e);
    }

  mantissa = g_ascii_strtod (ascii, &end);
  g_assert_cmpint (*end, ==, '\0');
  num = strchr (ascii, '.');
  if (num != NULL)
    *decimals = (int) strlen (num + 1);
  return mantissa;
}

/* Digits of a label's mantissa, without leading zeros. */
static int
significant_digits (const char *label)
{
  g_autofree char *ascii = label_to_ascii (label);
  char *power = strstr (ascii, "10^");
  int digits = 0;
  gboolean leading = TRUE;

  if (power != NULL)
    {
      if (power == ascii || power[-1] == '-')
        return 1;
      *power = '\0';
    }
  /* trailing zeros of an integer are not significant; after a decimal
   * point they are (they keep one precision across the axis) */
  if (strchr (ascii, '.') == NULL)
    {
      gsize len = strlen (ascii);

      while (len > 1 && ascii[len - 1] == '0')
        ascii[--len] = '\0';
    }
  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        continue;
      if (leading && *p == '0')
        continue;
      leading = FALSE;
      digits++;
    }
  return MAX (digits, 1);
}

/* The invariants every set of ticks must satisfy. */
static void
check_common (DtTicks *t,
              guint    max_ticks)
{
  double maxabs = 0.0, step = G_MAXDOUBLE;
  int max_digits;

  for (guint i = 0; i < t->n; i++)
    {
      maxabs = MAX (maxabs, fabs (t->values[i]));
      if (i > 0)
        step = MIN (step, t->values[i] - t->values[i - 1]);
    }
  /* enough digits to tell neighbouring ticks apart, and a little slack
   * for 2.5-style mantissas and trailing zeros of a shared precision */
  max_digits = (t->n >= 2 && maxabs > 0) ? (int) ceil (log10 (maxabs / step)) + 2 : 17;
  max_digits = MAX (max_digits, 3);

  g_assert_nonnull (t);
  g_assert_cmpuint (t->n, >=, 1);
  g_assert_cmpuint (t->n, <=, max_ticks);
  g_assert_nonnull (t->values);
  g_assert_nonnull (t->labels);
  for (guint i = 0; i < t->n; i++)
    {
      int decimals;
      double parsed;

      g_assert_true (isfinite (t->values[i]));
      g_assert_nonnull (t->labels[i]);
      g_assert_true (g_utf8_validate (t->labels[i], -1, NULL));
      parsed = parse_label (t->labels[i], &decimals);
      /* no float noise: a label carries no more significant digits than
       * the ticks need to differ ("0.3", never "0.30000000000000004") */
      g_assert_cmpint (significant_digits (t->labels[i]), <=, max_digits);
      g_assert_cmpfloat_with_epsilon (parsed, t->values[i],
                                      1e-6 * MAX (fabs (t->values[i]), 1e-300) + 1e-300);
      if (i > 0)
        g_assert_cmpfloat (t->values[i], >, t->values[i - 1]);
    }
  for (guint i = 0; i < t->n_minor; i++)
    {
      g_assert_true (isfinite (t->minor[i]));
      if (i > 0)
        g_assert_cmpfloat (t->minor[i], >, t->minor[i - 1]);
    }
}

static void
check_inside (DtTicks *t,
              double   lo,
              double   hi)
{
  double tol = 1e-9 * (hi - lo);

  for (guint i = 0; i < t->n; i++)
    {
      g_assert_cmpfloat (t->values[i], >=, lo - tol);
      g_assert_cmpfloat (t->values[i], <=, hi + tol);
    }
  for (guint i = 0; i < t->n_minor; i++)
    {
      g_assert_cmpfloat (t->minor[i], >=, lo - tol);
      g_assert_cmpfloat (t->minor[i], <=, hi + tol);
    }
}

static gboolean
is_one_two_five (double step)
{
  double e = floor (log10 (step) + 1e-9);
  double m = step / pow (10.0, e);

  return fabs (m - 1.0) < 1e-6 || fabs (m - 2.0) < 1e-6 || fabs (m - 5.0) < 1e-6;
}

/* Linear ticks: evenly spaced by a 1-2-5 step, one number of decimals. */
static void
check_linear (DtTicks *t,
              guint    max_ticks)
{
  int decimals0 = -1;
  gboolean shared_power = FALSE;

  for (guint i = 0; i < t->n; i++)
    shared_power = shared_power || strstr (t->labels[i], "\xc3\x97" "10") != NULL;

  check_common (t, max_ticks);
  if (t->n >= 2)
    {
      double measured = t->values[1] - t->values[0];
      double e = floor (log10 (measured) + 1e-9);
      double step = round (measured / pow (10.0, e)) * pow (10.0, e);
      double maxabs = MAX (fabs (t->values[0]), fabs (t->values[t->n - 1]));
      /* differences of large values carry their rounding error */
      double tol = 1e-6 * step + 1e-13 * maxabs;

      g_assert_cmpfloat_with_epsilon (measured, step, tol);
      g_assert_true (is_one_two_five (step));
      for (guint i = 1; i < t->n; i++)
        g_assert_cmpfloat_with_epsilon (t->values[i] - t->values[i - 1], step, tol);
      /* ticks sit on multiples of the step */
      for (guint i = 0; i < t->n; i++)
        g_assert_cmpfloat_with_epsilon (t->values[i], round (t->values[i] / step) * step, tol);
    }
  for (guint i = 0; i < t->n; i++)
    {
      int decimals;

      parse_label (t->labels[i], &decimals);
      /* with a shared power of ten, zero is written plainly */
      if (strcmp (t->labels[i], "0") == 0 && shared_power)
        continue;
      if (decimals0 < 0)
        decimals0 = decimals;
      g_assert_cmpint (decimals, ==, decimals0);
    }
  g_assert_cmpuint (t->n_minor, ==, 0);
}

/* ------------------------------------------------------------- linear */

static void
test_linear_ranges (void)
{
  static const double ranges[][2] = {
    { 0, 1 }, { 0, 0.0003 }, { -7.3, 12.9 }, { 1e-5, 3e2 }, { 0, 100 },
    { -1, 1 }, { 0.1, 0.7 }, { 1234, 98765 }, { -5e-9, 3e-9 }, { 1e6, 1.3e6 },
    { 0, 2.5e7 }, { 0.999, 1.001 }, { -273.15, 100 }, { 3, 3.5 }, { 1e-3, 2e-3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      g_autoptr(DtTicks) t = dt_ticks_linear (ranges[i][0], ranges[i][1], 8);

      g_test_message ("linear [%g, %g]: %u ticks", ranges[i][0], ranges[i][1], t->n);
      check_linear (t, 8);
      check_inside (t, ranges[i][0], ranges[i][1]);
      g_assert_cmpuint (t->n, >=, 3);
      for (guint k = 0; k < t->n; k++)
        g_assert_cmpuint (g_utf8_strlen (t->labels[k], -1), <=, 9);
    }
}

static void
test_linear_labels (void)
{
  g_autoptr(DtTicks) unit = dt_ticks_linear (0, 1, 8);
  g_autoptr(DtTicks) tiny = dt_ticks_linear (0, 0.0003, 8);
  g_autoptr(DtTicks) neg = dt_ticks_linear (-7.3, 12.9, 8);
  g_autoptr(DtTicks) tenth = dt_ticks_linear (0, 0.7, 8);
  g_autoptr(DtTicks) big = dt_ticks_linear (0, 2.5e7, 8);

  g_assert_cmpuint (unit->n, ==, 6);
  g_assert_cmpstr (unit->labels[0], ==, "0.0");
  g_assert_cmpstr (unit->labels[1], ==, "0.2");
  g_assert_cmpstr (unit->labels[5], ==, "1.0");

  /* 0.1 × 3 is 0.30000000000000004 in binary; the label must not say so */
  g_assert_cmpuint (tenth->n, ==, 8);
  g_assert_cmpstr (tenth->labels[3], ==, "0.3");
  g_assert_cmpfloat (tenth->values[3], ==, 0.3);

  /* very small values share one power of ten */
  for (guint i = 1; i < tiny->n; i++)
    g_assert_nonnull (strstr (tiny->labels[i], "10\xe2\x81\xbb\xe2\x81\xb4"));
  g_assert_cmpstr (tiny->labels[0], ==, "0");

  /* the typographic minus, and no "-0" */
  g_assert_cmpstr (neg->labels[0], ==, "\xe2\x88\x92" "5");
  for (guint i = 0; i < neg->n; i++)
    g_assert_cmpstr (neg->labels[i], !=, "\xe2\x88\x92" "0");

  for (guint i = 1; i < big->n; i++)
    g_assert_nonnull (strstr (big->labels[i], "10\xe2\x81\xb7"));
}

static void
test_linear_degenerate (void)
{
  static const double ranges[][2] = {
    { 5, 5 }, { 0, 0 }, { -3, -3 }, { 1e-300, 1e-300 }, { 3, 1 }, { 12.9, -7.3 },
    { NAN, NAN }, { NAN, 4 }, { 4, NAN }, { 0, INFINITY }, { -INFINITY, 0 },
    { -INFINITY, INFINITY }, { -DBL_MAX, DBL_MAX }, { DBL_MIN, 2 * DBL_MIN },
    { 1e308, INFINITY }, { 1e-320, 1e-310 }, { 1000.001, 1000.002 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      g_autoptr(DtTicks) t = dt_ticks_linear (ranges[i][0], ranges[i][1], 8);

      g_test_message ("linear [%g, %g]: %u ticks", ranges[i][0], ranges[i][1], t->n);
      check_linear (t, 8);
      g_assert_cmpuint (t->n, >=, 2);
    }

  {
    /* a single value lies inside the padded range */
    g_autoptr(DtTicks) t = dt_ticks_linear (5, 5, 8);

    g_assert_cmpfloat (t->values[0], <=, 5.0);
    g_assert_cmpfloat (t->values[t->n - 1], >=, 5.0);
  }
  {
    /* reversed ends are swapped */
    g_autoptr(DtTicks) a = dt_ticks_linear (3, 1, 8);
    g_autoptr(DtTicks) b = dt_ticks_linear (1, 3, 8);

    g_assert_cmpuint (a->n, ==, b->n);
    for (guint i = 0; i < a->n; i++)
      g_assert_cmpfloat (a->values[i], ==, b->values[i]);
  }
}

static void
test_linear_max_ticks (void)
{
  for (guint max = 0; max <= 12; max++)
    {
      g_autoptr(DtTicks) t = dt_ticks_linear (-7.3, 12.9, max);

      check_linear (t, MAX (max, 2));
    }
}

/* Random ranges over many magnitudes: invariants hold and nothing
 * loops forever. */
static void
test_linear_fuzz (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20200712);

  for (guint i = 0; i < 3000; i++)
    {
      double mag = pow (10.0, g_rand_double_range (rand, -12, 12));
      double lo = g_rand_double_range (rand, -1, 1) * mag;
      double hi = lo + g_rand_double_range (rand, 0, 1) * mag * pow (10.0, g_rand_int_range (rand, -6, 2));
      guint max = g_rand_int_range (rand, 2, 11);
      g_autoptr(DtTicks) t = dt_ticks_linear (lo, hi, max);

      check_linear (t, max);
      if (hi - lo > 1e-9 * fabs (lo))
        check_inside (t, lo, hi);
    }
}

static void
test_nice_range (void)
{
  static const double ranges[][2] = {
    { 0, 1 }, { 0.13, 0.87 }, { -7.3, 12.9 }, { 1e-5, 3e2 }, { 5, 5 }, { 3, 1 },
    { NAN, NAN }, { 0, 0.0003 }, { -1, -1e-9 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      double lo = ranges[i][0], hi = ranges[i][1];
      double nlo, nhi, step;

      dt_nice_range (lo, hi, 8, &nlo, &nhi, &step);
      g_assert_true (isfinite (nlo) && isfinite (nhi) && isfinite (step));
      g_assert_cmpfloat (nhi, >, nlo);
      g_assert_true (is_one_two_five (step));
      g_assert_cmpfloat ((nhi - nlo) / step + 1, <=, 8 + 1e-6);
      g_assert_cmpfloat_with_epsilon (nlo / step, round (nlo / step), 1e-6);
      g_assert_cmpfloat_with_epsilon (nhi / step, round (nhi / step), 1e-6);
      g_assert_false (signbit (nhi) && nhi == 0.0);
      if (isfinite (lo) && isfinite (hi) && lo < hi)
        {
          g_assert_cmpfloat (nlo, <=, lo);
          g_assert_cmpfloat (nhi, >=, hi);
        }
    }

  {
    double nlo, nhi, step;

    dt_nice_range (0.13, 0.87, 8, &nlo, &nhi, &step);
    g_assert_cmpfloat (nlo, ==, 0.0);
    g_assert_cmpfloat_with_epsilon (nhi, 1.0, 1e-12);
    g_assert_cmpfloat_with_epsilon (step, 0.2, 1e-12);
  }
}

/* ---------------------------------------------------------------- log */

static void
check_log (DtTicks *t,
           double   lo,
           double   hi,
           guint    max_ticks)
{
  check_common (t, max_ticks);
  for (guint i = 0; i < t->n; i++)
    g_assert_cmpfloat (t->values[i], >, 0.0);
  for (guint i = 0; i < t->n_minor; i++)
    {
      g_assert_cmpfloat (t->minor[i], >, 0.0);
      /* a minor tick never doubles a major one */
      for (guint j = 0; j < t->n; j++)
        g_assert_cmpfloat (fabs (t->minor[i] / t->values[j] - 1.0), >, 1e-9);
    }
  /* inside the range, where the range is one a log axis can show
   * (magnitudes are clamped to 1e±300) */
  if (lo >= 1e-300 && hi > lo && hi <= 1e300)
    {
      for (guint i = 0; i < t->n; i++)
        {
          g_assert_cmpfloat (t->values[i], >=, lo * (1 - 1e-9));
          g_assert_cmpfloat (t->values[i], <=, hi * (1 + 1e-9));
        }
      for (guint i = 0; i < t->n_minor; i++)
        {
          g_assert_cmpfloat (t->minor[i], >=, lo * (1 - 1e-9));
          g_assert_cmpfloat (t->minor[i], <=, hi * (1 + 1e-9));
        }
    }
}

static void
test_log_decades (void)
{
  g_autoptr(DtTicks) t = dt_ticks_log (1e-5, 3e2, 8);
  static const char *expect[] = {
    "10\xe2\x81\xbb\xe2\x81\xb5", "10\xe2\x81\xbb\xe2\x81\xb4", "10\xe2\x81\xbb\xc2\xb3",
    "10\xe2\x81\xbb\xc2\xb2", "10\xe2\x81\xbb\xc2\xb9", "10\xe2\x81\xb0", "10\xc2\xb9",
    "10\xc2\xb2",
  };

  check_log (t, 1e-5, 3e2, 8);
  g_assert_cmpuint (t->n, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < t->n; i++)
    {
      g_assert_cmpstr (t->labels[i], ==, expect[i]);
      g_assert_cmpfloat_with_epsilon (log10 (t->values[i]), -5.0 + i, 1e-12);
    }
  /* 2…9 × 10^k: 8 per full decade from 1e-5 to 1e2, plus 2e2 and 3e2 */
  g_assert_cmpuint (t->n_minor, ==, 7 * 8 + 2);
  for (guint i = 0; i < t->n_minor; i++)
    {
      double k = floor (log10 (t->minor[i]) + 1e-9);
      double m = t->minor[i] / pow (10.0, k);

      g_assert_cmpfloat_with_epsilon (m, round (m), 1e-9);
      g_assert_cmpfloat (round (m), >=, 2);
      g_assert_cmpfloat (round (m), <=, 9);
    }
}

static void
test_log_many_decades (void)
{
  g_autoptr(DtTicks) t = dt_ticks_log (1e-30, 1e30, 7);

  check_log (t, 1e-30, 1e30, 7);
  g_assert_cmpuint (t->n, >=, 3);
  /* decades at equal strides */
  for (guint i = 2; i < t->n; i++)
    g_assert_cmpfloat_with_epsilon (log10 (t->values[i]) - log10 (t->values[i - 1]),
                                    log10 (t->values[1]) - log10 (t->values[0]), 1e-9);
}

static void
test_log_short (void)
{
  g_autoptr(DtTicks) t = dt_ticks_log (0.02, 0.9, 8);
  static const char *expect[] = { "0.02", "0.05", "0.1", "0.2", "0.5" };

  check_log (t, 0.02, 0.9, 8);
  g_assert_cmpuint (t->n, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < t->n; i++)
    g_assert_cmpstr (t->labels[i], ==, expect[i]);

  {
    /* too short for 1-2-5: linear ticks inside the range */
    g_autoptr(DtTicks) s = dt_ticks_log (0.3, 0.45, 8);

    check_log (s, 0.3, 0.45, 8);
    g_assert_cmpuint (s->n, >=, 3);
  }
}

static void
test_log_degenerate (void)
{
  static const double ranges[][2] = {
    { 0, 100 }, { -5, -1 }, { -5, 10 }, { 0, 0 }, { NAN, NAN }, { NAN, 10 },
    { 5, 5 }, { 100, 1 }, { 1e-320, 1e-300 }, { 1, INFINITY }, { 1e-5, 1e-5 },
    { DBL_MIN, DBL_MAX }, { -INFINITY, INFINITY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      g_autoptr(DtTicks) t = dt_ticks_log (ranges[i][0], ranges[i][1], 8);

      g_test_message ("log [%g, %g]: %u ticks", ranges[i][0], ranges[i][1], t->n);
      check_log (t, ranges[i][0], ranges[i][1], 8);
      g_assert_cmpuint (t->n, >=, 2);
    }
}

static void
test_log_fuzz (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < 3000; i++)
    {
      double lo = pow (10.0, g_rand_double_range (rand, -40, 40));
      double hi = lo * pow (10.0, g_rand_double_range (rand, 0, 12));
      guint max = g_rand_int_range (rand, 2, 11);
      g_autoptr(DtTicks) t = dt_ticks_log (lo, hi, max);

      check_log (t, lo, hi, max);
    }
}

/* ------------------------------------------------------------- symlog */

static void
test_symlog (void)
{
  g_autoptr(DtTicks) t = dt_ticks_symlog (0, 1000, 8);
  static const char *expect[] = { "0", "1", "10", "100", "1000" };

  check_common (t, 8);
  check_inside (t, 0, 1000);
  g_assert_cmpuint (t->n, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < t->n; i++)
    g_assert_cmpstr (t->labels[i], ==, expect[i]);
  g_assert_cmpuint (t->n_minor, >, 0);

  {
    g_autoptr(DtTicks) wide = dt_ticks_symlog (-50, 1e6, 8);

    check_common (wide, 8);
    check_inside (wide, -50, 1e6);
  }
  {
    /* below one there are no decades: linear ticks */
    g_autoptr(DtTicks) small = dt_ticks_symlog (0, 0.5, 8);

    check_linear (small, 8);
  }
  {
    static const double ranges[][2] = {
      { 0, 0 }, { NAN, NAN }, { 5, -5 }, { -INFINITY, INFINITY }, { 1e-300, 1e300 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
      {
        g_autoptr(DtTicks) d = dt_ticks_symlog (ranges[i][0], ranges[i][1], 8);

        check_common (d, 8);
      }
  }
}

static void
test_free_null (void)
{
  dt_ticks_free (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ticks/linear/ranges", test_linear_ranges);
  g_test_add_func ("/ticks/linear/labels", test_linear_labels);
  g_test_add_func ("/ticks/linear/degenerate", test_linear_degenerate);
  g_test_add_func ("/ticks/linear/max-ticks", test_linear_max_ticks);
  g_test_add_func ("/ticks/linear/fuzz", test_linear_fuzz);
  g_test_add_func ("/ticks/nice-range", test_nice_range);
  g_test_add_func ("/ticks/log/decades", test_log_decades);
  g_test_add_func ("/ticks/log/many-decades", test_log_many_decades);
  g_test_add_func ("/ticks/log/short", test_log_short);
  g_test_add_func ("/ticks/log/degenerate", test_log_degenerate);
  g_test_add_func ("/ticks/log/fuzz", test_log_fuzz);
  g_test_add_func ("/ticks/symlog", test_symlog);
  g_test_add_func ("/ticks/free-null", test_free_null);

  return g_test_run ();
}
