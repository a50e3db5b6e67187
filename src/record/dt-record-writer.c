/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-record"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dt-file.h"
#include "dt-json-writer.h"
#include "dt-lock.h"
#include "dt-record-private.h"

/*
 * Writing a record: the members of the record format (DESIGN.md, "The
 * record") in their fixed order, through the JSON writer of
 * dt-json-writer.c, and saving the text atomically.
 */

static void
write_axis (GString          *out,
            const DtAxisSpec *axis)
{
  g_string_append (out, "{\"label\": ");
  dt_json_write_string (out, axis->label);
  g_string_append (out, ", \"scale\": ");
  dt_json_write_string (out, dt_scale_to_string (axis->scale));
  g_string_append_c (out, '}');
}

static void
write_provenance (GString            *out,
                  const DtProvenance *provenance,
                  guint               level)
{
  DtJsonObjectWriter w;

  dt_json_object_begin (&w, out, level);

  if (provenance->app_version != NULL)
    {
      dt_json_object_member (&w, "app_version");
      dt_json_write_string (out, provenance->app_version);
    }
  if (provenance->created != NULL)
    {
      dt_json_object_member (&w, "created");
      dt_json_write_string (out, provenance->created);
    }

  /* JSON integers are read as signed 64 bits: larger seeds go as text. */
  dt_json_object_member (&w, "seed");
  if (provenance->seed <= G_MAXINT64)
    g_string_append_printf (out, "%" G_GUINT64_FORMAT, provenance->seed);
  else
    g_string_append_printf (out, "\"%" G_GUINT64_FORMAT "\"", provenance->seed);

  if (provenance->blas != NULL)
    {
      dt_json_object_member (&w, "blas");
      dt_json_write_string (out, provenance->blas);
    }

  dt_json_object_member (&w, "threads");
  g_string_append_printf (out, "%d", provenance->threads);

  dt_json_object_member (&w, "wall_seconds");
  dt_json_write_double (out, provenance->wall_seconds);

  if (provenance->host != NULL)
    {
      dt_json_object_member (&w, "host");
      dt_json_write_string (out, provenance->host);
    }

  dt_json_object_end (&w);
}

static void
write_series (GString        *out,
              const DtSeries *series,
              guint           level)
{
  DtJsonObjectWriter w;

  dt_json_object_begin (&w, out, level);
  dt_json_object_member (&w, "id");
  dt_json_write_string (out, series->id);
  dt_json_object_member (&w, "label");
  dt_json_write_string (out, series->label);
  dt_json_object_member (&w, "style");
  dt_json_write_string (out, dt_style_to_string (series->style));
  dt_json_object_member (&w, "x");
  dt_json_write_double_array (out, (const double *) (void *) series->x->data, series->x->len, level + 1);
  dt_json_object_member (&w, "y");
  dt_json_write_double_array (out, (const double *) (void *) series->y->data, series->y->len, level + 1);
  if (series->err != NULL)
    {
      dt_json_object_member (&w, "err");
      dt_json_write_double_array (out, (const double *) (void *) series->err->data, series->err->len, level + 1);
    }
  dt_json_object_end (&w);
}

static gboolean
record_has_series (DtRecord   *record,
                   const char *id)
{
  for (guint i = 0; i < record->series->len; i++)
    {
      const DtSeries *series = g_ptr_array_index (record->series, i);

      if (strcmp (series->id, id) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
write_plot (GString          *out,
            DtRecord         *record,
            const DtPlotSpec *spec,
            guint             level)
{
  g_autoptr(GPtrArray) series = g_ptr_array_new ();
  DtJsonObjectWriter w;

  /* Only series the record has: a dangling name would make the file fail
   * to load. */
  for (guint i = 0; i < spec->series->len; i++)
    {
      const char *id = g_ptr_array_index (spec->series, i);

      if (record_has_series (record, id))
        g_ptr_array_add (series, (gpointer) id);
      else
        g_debug ("Plot “%s” names a missing series “%s”; left out of the file", spec->id, id);
    }

  dt_json_object_begin (&w, out, level);
  dt_json_object_member (&w, "id");
  dt_json_write_string (out, spec->id);
  dt_json_object_member (&w, "title");
  dt_json_write_string (out, spec->title);
  if (spec->kind != DT_PLOT_LINES)
    {
      dt_json_object_member (&w, "kind");
      dt_json_write_string (out, dt_plot_kind_to_string (spec->kind));
    }
  dt_json_object_member (&w, "x_axis");
  write_axis (out, &spec->x_axis);
  dt_json_object_member (&w, "y_axis");
  write_axis (out, &spec->y_axis);
  dt_json_object_member (&w, "series");
  dt_json_write_string_array (out, series, level + 1);

  {
    gboolean any = FALSE;

    for (guint i = 0; i < spec->color_of->len; i++)
      any |= g_ptr_array_index (spec->color_of, i) != NULL;
    if (any)
      {
        gboolean first = TRUE;

        dt_json_object_member (&w, "color_of");
        g_string_append_c (out, '{');
        for (guint i = 0; i < spec->color_of->len && i < spec->series->len; i++)
          {
            const char *like = g_ptr_array_index (spec->color_of, i);

            if (like == NULL)
              continue;
            if (!first)
              g_string_append (out, ", ");
            first = FALSE;
            dt_json_write_string (out, g_ptr_array_index (spec->series, i));
            g_string_append (out, ": ");
            dt_json_write_string (out, like);
          }
        g_string_append_c (out, '}');
      }
  }

  if (spec->notes->len > 0)
    {
      dt_json_object_member (&w, "notes");
      dt_json_write_string_array (out, spec->notes, level + 1);
    }

  if (spec->vlines->len > 0)
    {
      dt_json_object_member (&w, "vlines");
      g_string_append_c (out, '[');
      for (guint i = 0; i < spec->vlines->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append_c (out, '\n');
          dt_json_write_indent (out, level + 2);
          g_string_append (out, "{\"x\": ");
          dt_json_write_double (out, g_array_index (spec->vlines, double, i));
          g_string_append (out, ", \"label\": ");
          dt_json_write_string (out, i < spec->vline_labels->len ? g_ptr_array_index (spec->vline_labels, i) : "");
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, '\n');
      dt_json_write_indent (out, level + 1);
      g_string_append_c (out, ']');
    }

  if (spec->kind == DT_PLOT_HEATMAP && spec->matrix.values != NULL)
    {
      DtJsonObjectWriter m;

      dt_json_object_member (&w, "matrix");
      dt_json_object_begin (&m, out, level + 1);
      dt_json_object_member (&m, "rows");
      g_string_append_printf (out, "%u", spec->matrix.rows);
      dt_json_object_member (&m, "cols");
      g_string_append_printf (out, "%u", spec->matrix.cols);
      dt_json_object_member (&m, "values");
      dt_json_write_double_array (out, (const double *) (void *) spec->matrix.values->data,
                                  spec->matrix.values->len, level + 2);
      dt_json_object_end (&m);
    }

  dt_json_object_end (&w);
}

/**
 * dt_record_to_data:
 * @record: a record, possibly being filled by another thread
 * @length: (out) (optional): the length of the text
 *
 * Serialises @record in the record format, pretty-printed and with a
 * stable member order. Doubles load back bit-exact; NaN and infinities are
 * written as null (and load as NaN). A running record is written as
 * "cancelled".
 *
 * Returns: (transfer full): the JSON text, NUL-terminated
 */
char *
dt_record_to_data (DtRecord *record,
                   gsize    *length)
{
  GString *out;
  DtRecordStatus status;
  DtJsonObjectWriter w;

  g_return_val_if_fail (record != NULL, NULL);

  out = g_string_sized_new (4096);

  dt_mutex_lock (&record->mutex);

  status = record->status == DT_STATUS_RUNNING ? DT_STATUS_CANCELLED : record->status;

  dt_json_object_begin (&w, out, 0);

  dt_json_object_member (&w, "format");
  dt_json_write_string (out, DT_RECORD_FORMAT);
  dt_json_object_member (&w, "version");
  g_string_append_printf (out, "%d", DT_RECORD_VERSION);
  dt_json_object_member (&w, "experiment");
  dt_json_write_string (out, record->experiment);
  dt_json_object_member (&w, "status");
  dt_json_write_string (out, dt_status_to_string (status));

  if (status != DT_STATUS_COMPLETE && record->message != NULL)
    {
      dt_json_object_member (&w, "message");
      dt_json_write_string (out, record->message);
    }

  dt_json_object_member (&w, "params");
  dt_json_write_node (out, record->params->node, 1);
  if (record->params_version > 1)
    {
      dt_json_object_member (&w, "params_version");
      g_string_append_printf (out, "%u", record->params_version);
    }

  dt_json_object_member (&w, "provenance");
  write_provenance (out, &record->provenance, 1);

  dt_json_object_member (&w, "series");
  dt_json_write_object_list_begin (out);
  for (guint i = 0; i < record->series->len; i++)
    {
      dt_json_write_object_list_item (out, i, 1);
      write_series (out, g_ptr_array_index (record->series, i), 2);
    }
  dt_json_write_object_list_end (out, record->series->len, 1);

  dt_json_object_member (&w, "plots");
  dt_json_write_object_list_begin (out);
  for (guint i = 0; i < record->plots->len; i++)
    {
      dt_json_write_object_list_item (out, i, 1);
      write_plot (out, record, g_ptr_array_index (record->plots, i), 2);
    }
  dt_json_write_object_list_end (out, record->plots->len, 1);

  dt_json_object_member (&w, "extra");
  {
    DtJsonObjectWriter extra;

    dt_json_object_begin (&extra, out, 1);
    for (guint i = 0; i < record->extras->len; i++)
      {
        DtRecordValue *value = g_ptr_array_index (record->extras, i);

        dt_json_object_member (&extra, value->name);
        dt_json_write_node (out, value->node, 2);
      }
    dt_json_object_end (&extra);
  }

  dt_json_object_end (&w);
  g_string_append_c (out, '\n');

  dt_mutex_unlock (&record->mutex);

  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}

/**
 * dt_record_save:
 * @record: a record, possibly being filled by another thread
 * @path: (type filename): where to save it
 * @error: return location for a #GError in %DT_RECORD_ERROR
 *
 * Writes @record atomically and durably with dt_file_write_atomic(): @path
 * is always either the old file or the complete new record, also on a full
 * disk or when the process is killed.
 *
 * Returns: %TRUE on success; %FALSE with %DT_RECORD_ERROR_IO
 */
gboolean
dt_record_save (DtRecord    *record,
                const char  *path,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = dt_record_to_data (record, &length);

  if (!dt_file_write_atomic (path, data, length, &local_error))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_IO,
                   _("Could not save “%s”: %s"), name, local_error->message);
      return FALSE;
    }

  return TRUE;
}
