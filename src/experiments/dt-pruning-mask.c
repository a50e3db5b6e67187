/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-pruning"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dt-error.h"
#include "dt-pruning.h"
#include "dt-pruning-private.h"

/*
 * Masks for other experiments: dt_pruning_load_imp_mask() reads back a
 * mask that the pruning experiment found in IMP mode and saved in its
 * record (the "imp" extra), for the connectivity experiment to train
 * with.
 */

static char *
describe_sizes (const guint *sizes,
                guint        n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, i ? "-%u" : "%u", sizes[i]);
  return g_string_free (text, FALSE);
}

/**
 * dt_imp_mask_free:
 * @mask: (nullable) (transfer full): a mask
 */
void
dt_imp_mask_free (DtImpMask *mask)
{
  if (mask == NULL)
    return;
  g_free (mask->mask);
  g_free (mask);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
int_array (JsonArray *array)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_INT64)
        return FALSE;
    }
  return TRUE;
}

static gboolean
mask_invalid (GError     **error,
              const char  *name,
              const char  *what)
{
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
               _("“%s” is not a record of the pruning experiment in IMP mode with masks (%s); make one with “descent-cli run pruning --set mode=imp --out FILE.json”"),
               name, what);
  return FALSE;
}

/**
 * dt_pruning_load_imp_mask:
 * @path: (type filename): a record saved by the pruning experiment in IMP mode
 * @rewind: the rewind point whose masks to take, or -1 for the first one
 *   the record has
 * @round: the pruning round (1 = after the first pruning), or 0 for the last
 * @sizes: (array length=n_sizes): the widths of the network the mask is for
 * @n_sizes: their number
 * @error: return location for a %DT_ERROR_INVALID_PARAM error
 *
 * Reads a mask found by iterative magnitude pruning, checking that it
 * belongs to a network of exactly these widths.
 *
 * Returns: (transfer full) (nullable): the mask, or %NULL with @error set
 *   (a file that cannot be read or is no IMP record, a different
 *   architecture, a rewind point or round it does not have)
 */
DtImpMask *
dt_pruning_load_imp_mask (const char  *path,
                          gint64       rewind,
                          gint64       round,
                          const guint *sizes,
                          guint        n_sizes,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DtRecord) record = NULL;
  g_autoptr(DtMlp) shape = NULL;
  g_autoptr(DtImpMask) result = NULL;
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  JsonObject *imp, *chosen = NULL;
  JsonArray *stored_sizes, *ks, *rounds, *layers;
  JsonNode *node;
  guint n_rounds;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (sizes != NULL && n_sizes >= 2, NULL);

  name = g_filename_display_name (path);
  record = dt_record_load (path, &local_error);
  if (record == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM, "%s", local_error->message);
      return NULL;
    }
  if (!g_str_equal (dt_record_get_experiment (record), "pruning"))
    {
      g_autofree char *what = g_strdup_printf (_("it is a record of “%s”"), dt_record_get_experiment (record));

      mask_invalid (error, name, what);
      return NULL;
    }
  node = dt_record_get_extra (record, "imp");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      mask_invalid (error, name, _("it holds no IMP masks; was it run with mode=strong?"));
      return NULL;
    }
  imp = json_node_get_object (node);
  stored_sizes = member_array (imp, "sizes");
  ks = member_array (imp, "rewind");
  rounds = member_array (imp, "rounds");
  if (stored_sizes == NULL || ks == NULL || rounds == NULL ||
      !int_array (stored_sizes) || !int_array (ks) || json_array_get_length (ks) == 0)
    {
      mask_invalid (error, name, _("its “imp” extra lacks sizes, rewind points or rounds"));
      return NULL;
    }

  /* the architecture must be the same, widths and all */
  {
    gboolean same = json_array_get_length (stored_sizes) == n_sizes;

    for (guint i = 0; same && i < n_sizes; i++)
      same = json_array_get_int_element (stored_sizes, i) == sizes[i];
    if (!same)
      {
        g_autoptr(GString) theirs = g_string_new (NULL);
        g_autofree char *ours = describe_sizes (sizes, n_sizes);

        for (guint i = 0; i < json_array_get_length (stored_sizes); i++)
          g_string_append_printf (theirs, i ? "-%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
                                  json_array_get_int_element (stored_sizes, i));
        g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                     _("The masks in “%s” are for a %s network, but this run builds %s: use the same data set and hidden widths"),
                     name, theirs->str, ours);
        return NULL;
      }
  }

  if (rewind < 0)
    rewind = json_array_get_int_element (ks, 0);
  key = g_strdup_printf ("k=%" G_GINT64_FORMAT, rewind);

  n_rounds = json_array_get_length (rounds);
  if (n_rounds < 2)
    {
      mask_invalid (error, name, _("it has no pruning round"));
      return NULL;
    }
  if (round == 0)
    round = n_rounds - 1;
  if (round < 1 || round >= n_rounds)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   _("“%s” has pruning rounds 1 to %u, not %d"), name, n_rounds - 1, (int) round);
      return NULL;
    }
  node = json_array_get_element (rounds, (guint) round);
  if (JSON_NODE_HOLDS_OBJECT (node))
    chosen = json_node_get_object (node);
  if (chosen == NULL || (node = json_object_get_member (chosen, "masks")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (node))
    {
      mask_invalid (error, name, _("a round has no masks"));
      return NULL;
    }
  node = json_object_get_member (json_node_get_object (node), key);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autoptr(GString) have = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (ks); i++)
        g_string_append_printf (have, i ? ", %" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
                                json_array_get_int_element (ks, i));
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID_PARAM,
                   _("“%s” has masks for the rewind points %s, not for k = %u"),
                   name, have->str, (guint) rewind);
      return NULL;
    }
  layers = json_node_get_array (node);

  shape = dt_mlp_new (DT_F32, sizes, n_sizes, DT_ACT_RELU, DT_PARAMETERISATION_STANDARD);
  if (json_array_get_length (layers) != shape->n_layers)
    {
      mask_invalid (error, name, _("a mask has the wrong number of layers"));
      return NULL;
    }

  result = g_new0 (DtImpMask, 1);
  result->rewind = (guint64) rewind;
  result->round = (guint) round;
  result->n_params = shape->n_params;
  result->mask = g_new (guint8, shape->n_params);
  memset (result->mask, 1, shape->n_params);
  for (guint l = 0; l < shape->n_layers; l++)
    {
      JsonNode *e = json_array_get_element (layers, l);
      gsize n = layer_weights (shape, l), n_bytes = 0;
      g_autofree guchar *bits = NULL;

      if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
        bits = g_base64_decode (json_node_get_string (e), &n_bytes);
      if (bits == NULL || n_bytes != (n + 7) / 8)
        {
          mask_invalid (error, name, _("a mask does not match its layer's size"));
          return NULL;
        }
      for (gsize i = 0; i < n; i++)
        result->mask[shape->w_offset[l] + i] = (bits[i / 8] >> (i % 8)) & 1;
    }
  result->fraction = (double) total_kept (shape, result->mask) / total_weights (shape);
  return g_steal_pointer (&result);
}
