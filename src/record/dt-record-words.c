/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-record"

#include "config.h"

#include "dt-record-enums.h"
#include "dt-record-private.h"

/*
 * The words records use for the values of DtRecordStatus, DtScale,
 * DtSeriesStyle and DtPlotKind: the nicks of the enum types glib-mkenums
 * generates from dt-record.h (src/record/meson.build), so that a value and
 * its word are declared once, in the header.
 */

/* The nick of @value, or @fallback (with a critical warning if @warn) if
 * @value is not one of @type's. Nicks are static strings of the generated
 * code, and classes of static types are never freed. */
static const char *
value_to_word (GType       type,
               int         value,
               const char *fallback,
               gboolean    warn)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  if (warn)
    g_return_val_if_fail (found != NULL, fallback);

  return found != NULL ? found->value_nick : fallback;
}

gboolean
dt_record_word_value (GType       type,
                      const char *word,
                      int        *value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value_by_nick (klass, word);

  if (found == NULL)
    return FALSE;

  *value = found->value;
  return TRUE;
}

/**
 * dt_scale_to_string:
 * @scale: an axis scale
 *
 * Returns: (transfer none): the word used for @scale in records and on the
 *   command line: "linear", "log" or "symlog"
 */
const char *
dt_scale_to_string (DtScale scale)
{
  return value_to_word (DT_TYPE_SCALE, scale, "linear", TRUE);
}

/**
 * dt_status_to_string:
 * @status: a record status
 *
 * Returns: (transfer none): "running", "complete", "cancelled" or "failed";
 *   a running record is saved as "cancelled"
 */
const char *
dt_status_to_string (DtRecordStatus status)
{
  return value_to_word (DT_TYPE_RECORD_STATUS, status, "failed", TRUE);
}

/**
 * dt_plot_kind_to_string:
 * @kind: a plot kind
 *
 * Returns: (transfer none): the word used for @kind in records: "lines"
 *   or "heatmap"
 */
const char *
dt_plot_kind_to_string (DtPlotKind kind)
{
  return value_to_word (DT_TYPE_PLOT_KIND, kind, "lines", TRUE);
}

const char *
dt_style_to_string (DtSeriesStyle style)
{
  return value_to_word (DT_TYPE_SERIES_STYLE, style, "line", FALSE);
}
