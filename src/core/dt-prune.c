/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "dt-prune.h"

/*
 * Masks for pruning: keep the k largest scores (edge-popup), or remove the
 * smallest-magnitude weights of those still kept (magnitude pruning). Ties
 * are broken by position, so a mask is a pure function of its inputs and
 * always has exactly the requested number of entries.
 */

/* The k-th largest of @v[0..n) (1 ≤ k ≤ n), found by quickselect in
 * expected linear time; reorders @v. */
static float
kth_largest (float  *v,
             gssize  n,
             gssize  k)
{
  gssize lo = 0, hi = n - 1, want = k - 1;

  while (lo < hi)
    {
      gssize mid = lo + (hi - lo) / 2, i = lo, j = hi;
      float a = v[lo], b = v[mid], c = v[hi];
      /* median of three: sorted or constant inputs stay linear */
      float pivot = MAX (MIN (a, b), MIN (MAX (a, b), c));

      while (i <= j)
        {
          while (v[i] > pivot)
            i++;
          while (v[j] < pivot)
            j--;
          if (i <= j)
            {
              float t = v[i];

              v[i++] = v[j];
              v[j--] = t;
            }
        }
      /* now v[lo..j] ≥ pivot ≥ v[i..hi], and everything between equals it */
      if (want <= j)
        hi = j;
      else if (want >= i)
        lo = i;
      else
        return pivot;
    }
  return v[lo];
}

/**
 * dt_prune_top_k:
 * @scores: (array length=n): one score per entry
 * @n: number of entries
 * @k: how many to keep, at most @n
 * @keep: (out caller-allocates) (array length=n): 1 for the @k entries with
 *   the largest |score|, 0 for the others
 * @scratch: (array length=n) (nullable): n floats of work space, to avoid
 *   an allocation per call
 *
 * Among equal scores the earlier entries are kept. NaN scores count as
 * the smallest.
 *
 * Returns: @k, the number of entries kept
 */
gsize
dt_prune_top_k (const float *scores,
                gsize        n,
                gsize        k,
                guint8      *keep,
                float       *scratch)
{
  g_autofree float *owned = NULL;
  float threshold;
  gsize above = 0, taken;

  g_return_val_if_fail (k <= n, 0);
  g_return_val_if_fail (n == 0 || (scores != NULL && keep != NULL), 0);

  if (k == 0)
    {
      for (gsize i = 0; i < n; i++)
        keep[i] = 0;
      return 0;
    }

  if (scratch == NULL)
    scratch = owned = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    scratch[i] = isnan (scores[i]) ? -1.0f : fabsf (scores[i]);
  threshold = kth_largest (scratch, (gssize) n, (gssize) k);

  for (gsize i = 0; i < n; i++)
    {
      float a = isnan (scores[i]) ? -1.0f : fabsf (scores[i]);

      keep[i] = a > threshold;
      above += keep[i];
    }
  /* fill up with entries equal to the threshold, in order */
  taken = above;
  for (gsize i = 0; i < n && taken < k; i++)
    {
      float a = isnan (scores[i]) ? -1.0f : fabsf (scores[i]);

      if (a == threshold)
        {
          keep[i] = 1;
          taken++;
        }
    }
  return taken;
}

typedef struct
{
  float magnitude;
  gsize index;
} Entry;

static int
compare_entries (const void *a,
                 const void *b)
{
  const Entry *x = a, *y = b;

  if (x->magnitude != y->magnitude)
    return x->magnitude < y->magnitude ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/**
 * dt_prune_by_magnitude:
 * @weights: (array length=n): the weights
 * @n: number of weights
 * @n_remove: how many of the kept weights to remove
 * @mask: (inout) (array length=n): 1 for kept weights; the @n_remove kept
 *   weights of smallest magnitude are set to 0
 *
 * One step of magnitude pruning. Among equal magnitudes the earlier
 * weights go first; removing more than are kept removes all of them.
 *
 * Returns: the number of weights still kept
 */
gsize
dt_prune_by_magnitude (const float *weights,
                       gsize        n,
                       gsize        n_remove,
                       guint8      *mask)
{
  g_autofree Entry *entries = NULL;
  gsize n_kept = 0;

  g_return_val_if_fail (n == 0 || (weights != NULL && mask != NULL), 0);

  entries = g_new (Entry, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    {
      if (!mask[i])
        continue;
      entries[n_kept].magnitude = isnan (weights[i]) ? 0.0f : fabsf (weights[i]);
      entries[n_kept].index = i;
      n_kept++;
    }

  qsort (entries, n_kept, sizeof (Entry), compare_entries);
  n_remove = MIN (n_remove, n_kept);
  for (gsize i = 0; i < n_remove; i++)
    mask[entries[i].index] = 0;
  return n_kept - n_remove;
}

/**
 * dt_prune_count:
 * @mask: (array length=n): a mask
 * @n: its length
 *
 * Returns: the number of non-zero entries
 */
gsize
dt_prune_count (const guint8 *mask,
                gsize         n)
{
  gsize count = 0;

  for (gsize i = 0; i < n; i++)
    count += mask[i] != 0;
  return count;
}
