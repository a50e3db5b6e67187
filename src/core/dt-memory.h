/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint64 dt_memory_available (const char **limited_by);
gboolean dt_memory_parse_size (const char *text,
                               guint64    *bytes);

G_END_DECLS
