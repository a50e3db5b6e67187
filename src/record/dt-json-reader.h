/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Checked reading of JSON (dt-json-reader.c), used by the record loader in
 * dt-record-reader.c. Not part of the layer's API. Errors are in
 * DT_RECORD_ERROR; @path is where a value is in the record
 * ("plots[1].x_axis"), "" or %NULL for the top level.
 */

gboolean    dt_json_check_text          (const char    *data,
                                         gsize          length,
                                         gsize         *value_end,
                                         GError       **error);
gboolean    dt_json_check_trailing_text (const char    *data,
                                         gsize          length,
                                         gsize          value_end,
                                         GError       **error);
void        dt_json_set_parse_error     (GError       **error,
                                         const GError  *parse_error);

char       *dt_json_member_path         (const char    *path,
                                         const char    *name);
void        dt_json_set_invalid         (GError       **error,
                                         int            code,
                                         const char    *path,
                                         const char    *format,
                                         ...) G_GNUC_PRINTF (4, 5);

JsonNode   *dt_json_get_member          (JsonObject    *object,
                                         const char    *path,
                                         const char    *name,
                                         gboolean       required,
                                         GError       **error);
gboolean    dt_json_is_string           (JsonNode      *node);
gboolean    dt_json_is_integer          (JsonNode      *node);
gboolean    dt_json_get_string          (JsonObject    *object,
                                         const char    *path,
                                         const char    *name,
                                         gboolean       required,
                                         gboolean       non_empty,
                                         const char    *fallback,
                                         const char   **out,
                                         GError       **error);
JsonObject *dt_json_get_object          (JsonObject    *object,
                                         const char    *path,
                                         const char    *name,
                                         gboolean       required,
                                         GError       **error);
JsonArray  *dt_json_get_array           (JsonObject    *object,
                                         const char    *path,
                                         const char    *name,
                                         gboolean       required,
                                         GError       **error);

gboolean    dt_json_read_number         (JsonNode      *node,
                                         const char    *path,
                                         int            index,
                                         double        *out,
                                         GError       **error);
GArray     *dt_json_read_number_array   (JsonNode      *node,
                                         const char    *path,
                                         GPtrArray     *lifted,
                                         GError       **error);
GPtrArray  *dt_json_read_string_array   (JsonNode      *node,
                                         const char    *path,
                                         gboolean       non_empty,
                                         GError       **error);
gboolean    dt_json_check_finite        (JsonNode      *node,
                                         const char    *path,
                                         GError       **error);

G_END_DECLS
