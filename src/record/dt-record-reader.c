/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-record"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dt-json-reader.h"
#include "dt-record-enums.h"
#include "dt-record-private.h"

/*
 * Reading a record: the loader checks everything before it returns a
 * record, and says where a problem is, through the checked getters of
 * dt-json-reader.c.
 */

static gboolean
read_header (JsonObject      *root,
             const char     **experiment,
             DtRecordStatus  *status,
             const char     **message,
             GError         **error)
{
  JsonNode *format = json_object_get_member (root, "format");
  JsonNode *version = json_object_get_member (root, "version");
  const char *status_text;
  int value;

  if (format == NULL || !dt_json_is_string (format))
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_FORMAT,
                   _("This is not a Descent record: it has no member “format”: “%s”"),
                   DT_RECORD_FORMAT);
      return FALSE;
    }

  if (strcmp (json_node_get_string (format), DT_RECORD_FORMAT) != 0)
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_FORMAT,
                   _("This is not a Descent record: its format is “%s”, not “%s”"),
                   json_node_get_string (format), DT_RECORD_FORMAT);
      return FALSE;
    }

  if (version == NULL)
    {
      g_set_error_literal (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID,
                           _("The record has no member “version”"));
      return FALSE;
    }

  if (!dt_json_is_integer (version))
    {
      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, "version",
                           _("expected an integer, found %s"), dt_json_describe_node (version));
      return FALSE;
    }

  if (json_node_get_int (version) > DT_RECORD_VERSION)
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_VERSION,
                   _("The record was made by a newer Descent (record version %lld; this Descent reads up to version %d)"),
                   (long long) json_node_get_int (version), DT_RECORD_VERSION);
      return FALSE;
    }

  if (json_node_get_int (version) < 1)
    {
      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, "version",
                           _("%lld is not a record version"), (long long) json_node_get_int (version));
      return FALSE;
    }

  if (!dt_json_get_string (root, "", "experiment", TRUE, TRUE, NULL, experiment, error))
    return FALSE;

  if (!dt_json_get_string (root, "", "status", TRUE, FALSE, NULL, &status_text, error))
    return FALSE;

  /* A record never says "running": a running record is saved as "cancelled". */
  if (!dt_record_word_value (DT_TYPE_RECORD_STATUS, status_text, &value) ||
      value == DT_STATUS_RUNNING)
    {
      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, "status",
                           _("“%s” is not one of complete, cancelled, failed"), status_text);
      return FALSE;
    }
  *status = value;

  return dt_json_get_string (root, "", "message", FALSE, FALSE, NULL, message, error);
}

static gboolean
read_provenance (JsonObject    *object,
                 DtProvenance  *provenance,
                 GError       **error)
{
  static const char * const strings[] = { "app_version", "created", "blas", "host" };
  char **fields[] = {
    &provenance->app_version, &provenance->created, &provenance->blas, &provenance->host,
  };
  JsonNode *node;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      const char *text;

      if (!dt_json_get_string (object, "provenance", strings[i], FALSE, FALSE, NULL, &text, error))
        return FALSE;
      *fields[i] = g_strdup (text);
    }

  node = dt_json_get_member (object, "provenance", "seed", FALSE, error);
  if (node != NULL)
    {
      guint64 seed;

      /* Seeds above the signed 64-bit range are written as text. */
      if (dt_json_is_integer (node) && json_node_get_int (node) >= 0)
        provenance->seed = (guint64) json_node_get_int (node);
      else if (dt_json_is_string (node) &&
               g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXUINT64,
                                           &seed, NULL))
        provenance->seed = seed;
      else
        {
          dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, "provenance.seed",
                               _("expected an integer of at least 0, found %s"),
                               dt_json_describe_node (node));
          return FALSE;
        }
    }

  node = dt_json_get_member (object, "provenance", "threads", FALSE, error);
  if (node != NULL)
    {
      if (!dt_json_is_integer (node) || json_node_get_int (node) < 0 || json_node_get_int (node) > G_MAXINT)
        {
          dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, "provenance.threads",
                               _("expected a number of threads, found %s"), dt_json_describe_node (node));
          return FALSE;
        }
      provenance->threads = (int) json_node_get_int (node);
    }

  node = json_object_get_member (object, "wall_seconds");
  if (node != NULL &&
      !dt_json_read_number (node, "provenance.wall_seconds", -1, &provenance->wall_seconds, error))
    return FALSE;

  return TRUE;
}

/* Element @index of the array @member ("series" or "plots"): an object
 * with an id no earlier element has (@seen maps ids to indices). */
static JsonObject *
read_element (JsonNode    *element,
              const char  *path,
              GHashTable  *seen,
              guint        index,
              const char  *member,
              const char **id,
              GError     **error)
{
  JsonObject *object;
  gpointer other;

  if (!JSON_NODE_HOLDS_OBJECT (element))
    {
      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, path,
                           _("expected an object, found %s"), dt_json_describe_node (element));
      return NULL;
    }
  object = json_node_get_object (element);

  if (!dt_json_get_string (object, path, "id", TRUE, TRUE, NULL, id, error))
    return NULL;

  if (g_hash_table_lookup_extended (seen, *id, NULL, &other))
    {
      g_autofree char *where = dt_json_member_path (path, "id");

      /* Translators: the last %s is "series" or "plots", a member of the record */
      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                           _("the id “%s” is also used by %s[%u]"),
                           *id, member, GPOINTER_TO_UINT (other));
      return NULL;
    }
  g_hash_table_insert (seen, (gpointer) *id, GUINT_TO_POINTER (index));
  return object;
}

static gboolean
read_series (JsonArray   *array,
             DtRecord    *record,
             GPtrArray   *lifted,
             GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("series[%u]", i);
      g_autofree char *x_path = NULL;
      g_autofree char *y_path = NULL;
      g_autofree char *err_path = NULL;
      g_autoptr(GArray) x = NULL;
      g_autoptr(GArray) y = NULL;
      g_autoptr(GArray) err = NULL;
      int style = DT_STYLE_LINE;
      const char *id, *label, *style_text;
      JsonObject *object;
      JsonNode *node;
      DtSeries *series;

      object = read_element (element, path, seen, i, "series", &id, error);
      if (object == NULL)
        return FALSE;

      if (!dt_json_get_string (object, path, "label", FALSE, FALSE, id, &label, error) ||
          !dt_json_get_string (object, path, "style", FALSE, FALSE, NULL, &style_text, error))
        return FALSE;

      if (style_text != NULL && !dt_record_word_value (DT_TYPE_SERIES_STYLE, style_text, &style))
        {
          g_autofree char *where = dt_json_member_path (path, "style");

          dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                               _("“%s” is not one of line, dashed, markers"), style_text);
          return FALSE;
        }

      x_path = dt_json_member_path (path, "x");
      y_path = dt_json_member_path (path, "y");
      err_path = dt_json_member_path (path, "err");

      if ((node = dt_json_get_member (object, path, "x", TRUE, error)) == NULL ||
          (x = dt_json_read_number_array (node, x_path, lifted, error)) == NULL)
        return FALSE;

      if ((node = dt_json_get_member (object, path, "y", TRUE, error)) == NULL ||
          (y = dt_json_read_number_array (node, y_path, lifted, error)) == NULL)
        return FALSE;

      if (y->len != x->len)
        {
          dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, y_path,
                               _("has %u values but x has %u"), y->len, x->len);
          return FALSE;
        }

      if ((node = dt_json_get_member (object, path, "err", FALSE, error)) != NULL)
        {
          if ((err = dt_json_read_number_array (node, err_path, lifted, error)) == NULL)
            return FALSE;

          if (err->len != x->len)
            {
              dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, err_path,
                                   _("has %u values but x has %u"), err->len, x->len);
              return FALSE;
            }
        }

      series = dt_series_new (id, label, style);
      g_array_unref (series->x);
      g_array_unref (series->y);
      series->x = g_steal_pointer (&x);
      series->y = g_steal_pointer (&y);
      series->err = g_steal_pointer (&err);
      g_ptr_array_add (record->series, series);
    }

  return TRUE;
}

static gboolean
read_axis (JsonObject  *plot,
           const char  *path,
           const char  *name,
           DtAxisSpec  *axis,
           GError     **error)
{
  g_autofree char *axis_path = dt_json_member_path (path, name);
  const char *label, *scale;
  JsonObject *object;
  int value;

  if ((object = dt_json_get_object (plot, path, name, TRUE, error)) == NULL)
    return FALSE;

  if (!dt_json_get_string (object, axis_path, "label", FALSE, FALSE, "", &label, error) ||
      !dt_json_get_string (object, axis_path, "scale", FALSE, FALSE, "linear", &scale, error))
    return FALSE;

  if (!dt_record_word_value (DT_TYPE_SCALE, scale, &value))
    {
      g_autofree char *where = dt_json_member_path (axis_path, "scale");

      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                           _("“%s” is not one of linear, log, symlog"), scale);
      return FALSE;
    }

  axis->scale = value;
  g_free (axis->label);
  axis->label = g_strdup (label);
  return TRUE;
}

static gboolean
read_vlines (JsonArray   *array,
             const char  *path,
             DtPlotSpec  *spec,
             GError     **error)
{
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("%s[%u]", path, i);
      g_autofree char *x_path = NULL;
      const char *label;
      JsonObject *object;
      JsonNode *node;
      double x;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                               _("expected an object, found %s"), dt_json_describe_node (element));
          return FALSE;
        }
      object = json_node_get_object (element);

      x_path = dt_json_member_path (where, "x");
      node = json_object_get_member (object, "x");
      if (node == NULL)
        {
          dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where, _("missing member “%s”"), "x");
          return FALSE;
        }
      if (!dt_json_read_number (node, x_path, -1, &x, error) ||
          !dt_json_get_string (object, where, "label", FALSE, FALSE, "", &label, error))
        return FALSE;

      g_array_append_val (spec->vlines, x);
      g_ptr_array_add (spec->vline_labels, g_strdup (label));
    }

  return TRUE;
}

/* A positive integer member of a heat map's matrix. */
static gboolean
read_matrix_size (JsonObject  *object,
                  const char  *path,
                  const char  *name,
                  guint       *out,
                  GError     **error)
{
  JsonNode *node = dt_json_get_member (object, path, name, TRUE, error);

  if (node == NULL)
    return FALSE;

  if (!dt_json_is_integer (node) || json_node_get_int (node) < 1 ||
      json_node_get_int (node) > DT_PLOT_MATRIX_MAX_CELLS)
    {
      g_autofree char *where = dt_json_member_path (path, name);
      g_autofree char *found = NULL;

      if (dt_json_is_integer (node))
        found = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
        found = g_strdup_printf ("%g", json_node_get_double (node));
      else
        found = g_strdup (dt_json_describe_node (node));

      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                           _("expected a whole number from 1 to %u, found %s"),
                           DT_PLOT_MATRIX_MAX_CELLS, found);
      return FALSE;
    }

  *out = (guint) json_node_get_int (node);
  return TRUE;
}

/* The "kind" of a plot and, for a heat map, its "matrix": a rows × cols
 * array of numbers (null for an empty cell). */
static gboolean
read_plot_kind (JsonObject  *object,
                const char  *path,
                DtPlotSpec  *spec,
                GPtrArray   *lifted,
                GError     **error)
{
  g_autofree char *matrix_path = dt_json_member_path (path, "matrix");
  g_autofree char *values_path = NULL;
  g_autoptr(GArray) values = NULL;
  const char *kind_text;
  JsonObject *matrix;
  JsonNode *node;
  guint rows, cols;
  int value;

  if (!dt_json_get_string (object, path, "kind", FALSE, FALSE, "lines", &kind_text, error))
    return FALSE;

  if (!dt_record_word_value (DT_TYPE_PLOT_KIND, kind_text, &value))
    {
      g_autofree char *where = dt_json_member_path (path, "kind");

      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                           _("“%s” is not one of lines, heatmap"), kind_text);
      return FALSE;
    }
  spec->kind = value;

  if (spec->kind != DT_PLOT_HEATMAP)
    {
      if (dt_json_get_member (object, path, "matrix", FALSE, NULL) != NULL)
        {
          dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, matrix_path,
                               _("only a plot of kind “heatmap” has a matrix"));
          return FALSE;
        }
      return TRUE;
    }

  if ((matrix = dt_json_get_object (object, path, "matrix", TRUE, error)) == NULL ||
      !read_matrix_size (matrix, matrix_path, "rows", &rows, error) ||
      !read_matrix_size (matrix, matrix_path, "cols", &cols, error))
    return FALSE;

  if ((guint64) rows * cols > DT_PLOT_MATRIX_MAX_CELLS)
    {
      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, matrix_path,
                           _("%u × %u cells are more than the %u a heat map may have"),
                           rows, cols, DT_PLOT_MATRIX_MAX_CELLS);
      return FALSE;
    }

  values_path = dt_json_member_path (matrix_path, "values");
  if ((node = dt_json_get_member (matrix, matrix_path, "values", TRUE, error)) == NULL ||
      (values = dt_json_read_number_array (node, values_path, lifted, error)) == NULL)
    return FALSE;

  if (values->len != rows * cols)
    {
      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, values_path,
                           _("has %u values but rows × cols is %u × %u = %u"),
                           values->len, rows, cols, rows * cols);
      return FALSE;
    }

  spec->matrix.rows = rows;
  spec->matrix.cols = cols;
  g_clear_pointer (&spec->matrix.values, g_array_unref);
  spec->matrix.values = g_steal_pointer (&values);
  return TRUE;
}

static gboolean
read_plots (JsonArray   *array,
            DtRecord    *record,
            GPtrArray   *lifted,
            GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("plots[%u]", i);
      g_autofree char *series_path = dt_json_member_path (path, "series");
      g_autofree char *notes_path = dt_json_member_path (path, "notes");
      g_autofree char *vlines_path = dt_json_member_path (path, "vlines");
      g_autoptr(DtPlotSpec) spec = NULL;
      g_autoptr(GPtrArray) series = NULL;
      const char *id, *title;
      JsonObject *object;
      JsonArray *vlines;
      JsonNode *node;

      object = read_element (element, path, seen, i, "plots", &id, error);
      if (object == NULL)
        return FALSE;

      if (!dt_json_get_string (object, path, "title", FALSE, FALSE, "", &title, error))
        return FALSE;

      spec = dt_plot_spec_new (id, title, NULL, DT_SCALE_LINEAR, NULL, DT_SCALE_LINEAR);

      if (!read_axis (object, path, "x_axis", &spec->x_axis, error) ||
          !read_axis (object, path, "y_axis", &spec->y_axis, error))
        return FALSE;

      if ((node = dt_json_get_member (object, path, "series", TRUE, error)) == NULL ||
          (series = dt_json_read_string_array (node, series_path, TRUE, error)) == NULL)
        return FALSE;

      for (guint k = 0; k < series->len; k++)
        {
          const char *series_id = g_ptr_array_index (series, k);

          if (dt_record_lookup_series (record, series_id) == NULL)
            {
              g_autofree char *where = g_strdup_printf ("%s[%u]", series_path, k);

              dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                                   _("no series “%s” in this record"), series_id);
              return FALSE;
            }
        }
      g_ptr_array_unref (spec->series);
      spec->series = g_steal_pointer (&series);
      g_ptr_array_set_size (spec->color_of, spec->series->len);

      /* optional: which series take another's colour */
      if ((node = dt_json_get_member (object, path, "color_of", FALSE, error)) != NULL)
        {
          g_autofree char *color_path = dt_json_member_path (path, "color_of");
          JsonObject *colors;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, color_path,
                                   _("expected an object, found %s"), dt_json_describe_node (node));
              return FALSE;
            }
          colors = json_node_get_object (node);
          for (guint k = 0; k < spec->series->len; k++)
            {
              const char *series_id = g_ptr_array_index (spec->series, k);
              JsonNode *like = json_object_get_member (colors, series_id);
              gboolean drawn = FALSE;

              if (like == NULL)
                continue;
              if (JSON_NODE_HOLDS_VALUE (like) && json_node_get_value_type (like) == G_TYPE_STRING)
                for (guint m = 0; m < spec->series->len; m++)
                  drawn |= g_str_equal (g_ptr_array_index (spec->series, m), json_node_get_string (like));
              if (!drawn)
                {
                  g_autofree char *where = dt_json_member_path (color_path, series_id);

                  dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, where,
                                       _("expected the id of a series of this plot"));
                  return FALSE;
                }
              g_ptr_array_index (spec->color_of, k) = g_strdup (json_node_get_string (like));
            }
        }

      if ((node = dt_json_get_member (object, path, "notes", FALSE, error)) != NULL)
        {
          GPtrArray *notes = dt_json_read_string_array (node, notes_path, FALSE, error);

          if (notes == NULL)
            return FALSE;
          g_ptr_array_unref (spec->notes);
          spec->notes = notes;
        }

      if ((node = dt_json_get_member (object, path, "vlines", FALSE, error)) != NULL)
        {
          if (!JSON_NODE_HOLDS_ARRAY (node))
            {
              dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, vlines_path,
                                   _("expected an array, found %s"), dt_json_describe_node (node));
              return FALSE;
            }
          vlines = json_node_get_array (node);
          if (!read_vlines (vlines, vlines_path, spec, error))
            return FALSE;
        }

      if (!read_plot_kind (object, path, spec, lifted, error))
        return FALSE;

      g_ptr_array_add (record->plots, g_steal_pointer (&spec));
    }

  return TRUE;
}

/* A reference to a member that outlives the parsed tree: its link to the
 * parent, which the parser frees, is cut. */
static JsonNode *
take_member (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_node_ref (json_object_get_member (object, name));

  json_node_set_parent (node, NULL);
  return node;
}

/* The version of the experiment's parameter table the record was written
 * with: absent in records of the first. */
static gboolean
read_params_version (JsonObject  *object,
                     guint       *version,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, "params_version");

  *version = 1;
  if (node == NULL)
    return TRUE;
  if (!dt_json_is_integer (node) || json_node_get_int (node) < 1 ||
      json_node_get_int (node) > G_MAXINT)
    {
      dt_json_set_invalid (error, DT_RECORD_ERROR_INVALID, "params_version",
                           _("expected a positive integer, found %s"), dt_json_describe_node (node));
      return FALSE;
    }
  *version = (guint) json_node_get_int (node);
  return TRUE;
}

static DtRecord *
record_from_json (JsonNode   *root,
                  GPtrArray  *lifted,
                  GError    **error)
{
  g_autoptr(DtRecord) record = NULL;
  const char *experiment, *message;
  DtRecordStatus status;
  JsonObject *object, *params, *provenance, *extra;
  JsonArray *series, *plots;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_FORMAT,
                   _("This is not a Descent record: it is %s, not a JSON object"),
                   dt_json_describe_node (root));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!read_header (object, &experiment, &status, &message, error))
    return NULL;

  if ((params = dt_json_get_object (object, "", "params", TRUE, error)) == NULL ||
      (provenance = dt_json_get_object (object, "", "provenance", TRUE, error)) == NULL ||
      (series = dt_json_get_array (object, "", "series", TRUE, error)) == NULL ||
      (plots = dt_json_get_array (object, "", "plots", TRUE, error)) == NULL)
    return NULL;

  extra = NULL;
  if (dt_json_get_member (object, "", "extra", FALSE, NULL) != NULL &&
      (extra = dt_json_get_object (object, "", "extra", TRUE, error)) == NULL)
    return NULL;

  if (!dt_json_check_finite (json_object_get_member (object, "params"), "params", error) ||
      (extra != NULL && !dt_json_check_finite (json_object_get_member (object, "extra"), "extra", error)))
    return NULL;

  record = dt_record_new (experiment);
  record->status = status;
  record->message = g_strdup (message);

  dt_record_value_unref (record->params);
  record->params = dt_record_value_new (NULL, take_member (object, "params"));
  if (!read_params_version (object, &record->params_version, error))
    return NULL;

  if (!read_provenance (provenance, &record->provenance, error) ||
      !read_series (series, record, lifted, error) ||
      !read_plots (plots, record, lifted, error))
    return NULL;

  if (extra != NULL)
    {
      GList *members = json_object_get_members (extra);

      for (const GList *l = members; l != NULL; l = l->next)
        {
          g_ptr_array_add (record->extras, dt_record_value_new (l->data, take_member (extra, l->data)));
        }

      g_list_free (members);
    }

  return g_steal_pointer (&record);
}

/* The loader; with @writable it may overwrite @data (see
 * dt_record_lift_numbers()) instead of taking a copy of it. */
static DtRecord *
record_new_from_text (char      *data,
                      gssize     length,
                      gboolean   writable,
                      GError   **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GPtrArray) lifted = NULL;
  g_autofree char *lifted_text = NULL;
  JsonNode *root;
  gsize len;
  gsize value_end;
  gsize n_left;

  len = length < 0 ? strlen (data) : (gsize) length;

  if (len > DT_RECORD_MAX_SIZE)
    {
      g_autofree char *size = g_format_size (len);
      g_autofree char *limit = g_format_size (DT_RECORD_MAX_SIZE);

      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_FORMAT,
                   _("The text is too large for a record (%s; the limit is %s)"), size, limit);
      return NULL;
    }

  if (!dt_json_check_text (data, len, &value_end, error))
    return NULL;

  /* Only the first value goes to json-glib: it leaks the tree it has built
   * when a second one follows, so any text after it is refused below. */
  lifted = dt_record_lift_numbers (data, value_end, writable, &lifted_text, &n_left);
  if (n_left > DT_RECORD_MAX_NODES (value_end))
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_FORMAT,
                   _("The record holds too many values outside its series and heat maps "
                     "(%lu; the limit for its size is %lu)"),
                   (gulong) n_left, (gulong) DT_RECORD_MAX_NODES (value_end));
      return NULL;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, lifted_text != NULL ? lifted_text : data,
                                   (gssize) value_end, &parse_error))
    {
      dt_json_set_parse_error (error, parse_error);
      return NULL;
    }

  if (!dt_json_check_trailing_text (data, len, value_end, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, DT_RECORD_ERROR, DT_RECORD_ERROR_SYNTAX,
                           _("The file is empty"));
      return NULL;
    }

  return record_from_json (root, lifted, error);
}

/**
 * dt_record_new_from_data:
 * @data: (array length=length): record text
 * @length: the length of @data, or -1 if it is NUL-terminated
 * @error: return location for a #GError in %DT_RECORD_ERROR
 *
 * Reads a record from its JSON text. Every part is checked before the
 * record is returned; any problem is an error whose message says what is
 * wrong and where (a line and column for the syntax, a path such as
 * "series[2].y[5]" for the structure). Nothing is returned half-read.
 *
 * Returns: (transfer full) (nullable): the record, or %NULL with @error set
 */
DtRecord *
dt_record_new_from_data (const char  *data,
                         gssize       length,
                         GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return record_new_from_text ((char *) data, length, FALSE, error);
}

/**
 * dt_record_load:
 * @path: (type filename): a record file
 * @error: return location for a #GError in %DT_RECORD_ERROR
 *
 * Reads a record file; see dt_record_new_from_data(). Error messages start
 * with the file name. Files larger than 512 MiB are refused unread.
 *
 * Returns: (transfer full) (nullable): the record, or %NULL with @error set
 */
DtRecord *
dt_record_load (const char  *path,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  DtRecord *record;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_filename_display_name (path);
  file = g_file_new_for_path (path);

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_IO,
                   _("Could not open “%s”: %s"), name, local_error->message);
      return NULL;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_IO,
                   _("Could not open “%s”: it is not a regular file"), name);
      return NULL;
    }

  if (g_file_info_get_size (info) > (goffset) DT_RECORD_MAX_SIZE)
    {
      g_autofree char *size = g_format_size ((guint64) g_file_info_get_size (info));
      g_autofree char *limit = g_format_size (DT_RECORD_MAX_SIZE);

      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_FORMAT,
                   _("Could not open “%s”: it is too large for a record (%s; the limit is %s)"),
                   name, size, limit);
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_IO,
                   _("Could not open “%s”: %s"), name, local_error->message);
      return NULL;
    }

  record = record_new_from_text (contents, (gssize) length, TRUE, &local_error);
  if (record == NULL)
    {
      g_set_error (error, DT_RECORD_ERROR, local_error->code,
                   _("Could not open “%s”: %s"), name, local_error->message);
      return NULL;
    }

  return record;
}
