/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "dt-subset-sum.h"

/*
 * Exact subset sum by meet in the middle: the sums of all subsets of each
 * half of the candidates are listed, one list is sorted, and for every sum
 * of the other half the best partner is found by binary search. 2^(n/2)
 * sums per half instead of 2^n subsets; exact, not a heuristic.
 */

typedef struct
{
  double  sum;
  guint32 subset;   /* bit i: candidate i of the half is in the subset */
} Partial;

static int
compare_partial (const void *a,
                 const void *b)
{
  const Partial *x = a, *y = b;

  if (x->sum != y->sum)
    return x->sum < y->sum ? -1 : 1;
  return x->subset < y->subset ? -1 : x->subset > y->subset;
}

/* All 2^n subset sums of @values, subset i at index i. */
static Partial *
all_sums (const double *values,
          guint         n)
{
  gsize count = (gsize) 1 << n;
  Partial *sums = g_new (Partial, count);

  sums[0] = (Partial) { 0.0, 0 };
  for (guint b = 0; b < n; b++)
    {
      gsize half = (gsize) 1 << b;

      for (gsize j = 0; j < half; j++)
        {
          sums[half + j].sum = sums[j].sum + values[b];
          sums[half + j].subset = sums[j].subset | (1u << b);
        }
    }
  return sums;
}

/**
 * dt_subset_sum_best:
 * @values: (array length=n): the candidates
 * @n: how many, at most %DT_SUBSET_SUM_MAX
 * @target: the sum to approximate
 * @chosen: (out caller-allocates) (array length=n) (optional): 1 for each
 *   candidate in the best subset, 0 otherwise
 *
 * Finds, exactly, the subset of @values whose sum is closest to @target
 * (the empty subset sums to 0). Among equally good subsets the result is
 * always the same one.
 *
 * Returns: the sum of the chosen subset
 */
double
dt_subset_sum_best (const double *values,
                    guint         n,
                    double        target,
                    guint8       *chosen)
{
  g_autofree Partial *left = NULL;
  g_autofree Partial *right = NULL;
  guint n_left, n_right;
  gsize count_left, count_right;
  double best_sum = 0.0, best_err = fabs (target);
  guint32 best_left = 0, best_right = 0;

  g_return_val_if_fail (n == 0 || values != NULL, 0.0);
  g_return_val_if_fail (n <= DT_SUBSET_SUM_MAX, 0.0);

  n_left = n / 2;
  n_right = n - n_left;
  left = all_sums (values, n_left);
  right = all_sums (values + n_left, n_right);
  count_left = (gsize) 1 << n_left;
  count_right = (gsize) 1 << n_right;
  qsort (right, count_right, sizeof (Partial), compare_partial);

  for (gsize i = 0; i < count_left; i++)
    {
      double want = target - left[i].sum;
      gsize lo = 0, hi = count_right;

      /* first right sum ≥ want; the best partner is it or the one before */
      while (lo < hi)
        {
          gsize mid = lo + (hi - lo) / 2;

          if (right[mid].sum < want)
            lo = mid + 1;
          else
            hi = mid;
        }
      for (gsize j = lo > 0 ? lo - 1 : 0; j <= lo && j < count_right; j++)
        {
          double sum = left[i].sum + right[j].sum;
          double err = fabs (sum - target);

          if (err < best_err)
            {
              best_err = err;
              best_sum = sum;
              best_left = left[i].subset;
              best_right = right[j].subset;
            }
        }
    }

  if (chosen != NULL)
    {
      for (guint i = 0; i < n_left; i++)
        chosen[i] = (best_left >> i) & 1;
      for (guint i = 0; i < n_right; i++)
        chosen[n_left + i] = (best_right >> i) & 1;
    }
  return best_sum;
}
