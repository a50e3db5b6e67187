/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean dt_file_write_atomic     (const char   *path,
                                   const void   *data,
                                   gsize         length,
                                   GError      **error);
gboolean dt_file_check_writable   (const char   *path,
                                   GError      **error);

G_END_DECLS
