/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _DescentNotifyWatch DescentNotifyWatch;

DescentNotifyWatch *descent_notify_watch_new       (GDBusConnection    *connection);
gboolean            descent_notify_watch_available (DescentNotifyWatch *watch);
void                descent_notify_watch_free      (DescentNotifyWatch *watch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DescentNotifyWatch, descent_notify_watch_free)

G_END_DECLS
