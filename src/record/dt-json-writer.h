/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The JSON text writer of the record format (dt-json-writer.c), used by
 * dt-record-writer.c. Not part of the layer's API. @level is the
 * indentation, two spaces a level, of the line a value starts on.
 */

/* Writes the members of an object one per line. */
typedef struct
{
  GString  *out;
  guint     level;
  gboolean  empty;
} DtJsonObjectWriter;

void  dt_json_write_indent            (GString            *out,
                                       guint               level);
void  dt_json_write_string            (GString            *out,
                                       const char         *text);
void  dt_json_write_double            (GString            *out,
                                       double              value);

void  dt_json_object_begin            (DtJsonObjectWriter *w,
                                       GString            *out,
                                       guint               level);
void  dt_json_object_member           (DtJsonObjectWriter *w,
                                       const char         *name);
void  dt_json_object_end              (DtJsonObjectWriter *w);

void  dt_json_write_double_array      (GString            *out,
                                       const double       *values,
                                       guint               n,
                                       guint               level);
void  dt_json_write_string_array      (GString            *out,
                                       GPtrArray          *strings,
                                       guint               level);
void  dt_json_write_node              (GString            *out,
                                       JsonNode           *node,
                                       guint               level);

void  dt_json_write_object_list_begin (GString            *out);
void  dt_json_write_object_list_item  (GString            *out,
                                       guint               index,
                                       guint               level);
void  dt_json_write_object_list_end   (GString            *out,
                                       guint               n,
                                       guint               level);

G_END_DECLS
