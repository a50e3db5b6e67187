/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dt-history.h"

G_BEGIN_DECLS

#define DESCENT_TYPE_HISTORY (descent_history_get_type ())

G_DECLARE_FINAL_TYPE (DescentHistory, descent_history, DESCENT, HISTORY, GObject)

DescentHistory *descent_history_new          (const char           *dir);
const char     *descent_history_get_dir      (DescentHistory       *self);
const char     *descent_history_get_error    (DescentHistory       *self);
GPtrArray      *descent_history_dup_entries  (DescentHistory       *self);
char           *descent_history_get_path     (DescentHistory       *self,
                                              const char           *file);
void            descent_history_add_async    (DescentHistory       *self,
                                              DtRecord             *record,
                                              const char           *summary,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
char           *descent_history_add_finish   (DescentHistory       *self,
                                              GAsyncResult         *result,
                                              GError              **error);
guint           descent_history_get_n_pending (DescentHistory      *self);
gboolean        descent_history_set_note     (DescentHistory       *self,
                                              const char           *file,
                                              const char           *note,
                                              GError              **error);
gboolean        descent_history_delete       (DescentHistory       *self,
                                              const char           *file,
                                              GError              **error);
gboolean        descent_history_reload       (DescentHistory       *self,
                                              GError              **error);

G_END_DECLS
