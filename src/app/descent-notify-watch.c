/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Whether a desktop notification would reach anyone: GLib's notification
 * backends outside a sandbox talk to GNOME Shell's org.gtk.Notifications or
 * to a freedesktop.org notification server, running or activatable. The
 * bus is asked asynchronously, once, and the names are watched from then
 * on, so that asking never blocks the main loop.
 */
#include "config.h"

#include "descent-notify-watch.h"

static const char * const watched_names[] = {
  "org.gtk.Notifications",
  "org.freedesktop.Notifications",
};

struct _DescentNotifyWatch
{
  guint         watch_ids[G_N_ELEMENTS (watched_names)];
  gboolean      owned[G_N_ELEMENTS (watched_names)];
  gboolean      activatable;
  GCancellable *cancellable;
};

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *name_owner,
                  gpointer         data)
{
  DescentNotifyWatch *watch = data;

  for (guint i = 0; i < G_N_ELEMENTS (watched_names); i++)
    if (g_str_equal (name, watched_names[i]))
      watch->owned[i] = TRUE;
}

static void
name_vanished_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         data)
{
  DescentNotifyWatch *watch = data;

  for (guint i = 0; i < G_N_ELEMENTS (watched_names); i++)
    if (g_str_equal (name, watched_names[i]))
      watch->owned[i] = FALSE;
}

static void
activatable_names_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree const char **names = NULL;
  DescentNotifyWatch *watch;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the watch is gone */

  watch = data;
  if (reply == NULL)
    {
      g_debug ("Could not list activatable bus names: %s", error->message);
      return;
    }
  g_variant_get (reply, "(^a&s)", &names);
  watch->activatable = names != NULL && g_strv_contains (names, "org.freedesktop.Notifications");
}

/**
 * descent_notify_watch_new:
 * @connection: (nullable): the application's session bus connection
 *
 * Starts watching for a notification service on @connection. Without a
 * connection there is none.
 *
 * Returns: (transfer full): the watch
 */
DescentNotifyWatch *
descent_notify_watch_new (GDBusConnection *connection)
{
  DescentNotifyWatch *watch = g_new0 (DescentNotifyWatch, 1);

  g_return_val_if_fail (connection == NULL || G_IS_DBUS_CONNECTION (connection), watch);

  if (connection == NULL)
    return watch;

  watch->cancellable = g_cancellable_new ();
  for (guint i = 0; i < G_N_ELEMENTS (watched_names); i++)
    watch->watch_ids[i] = g_bus_watch_name_on_connection (connection, watched_names[i],
                                                          G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                          name_appeared_cb, name_vanished_cb,
                                                          watch, NULL);
  g_dbus_connection_call (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "ListActivatableNames", NULL,
                          G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          watch->cancellable, activatable_names_cb, watch);
  return watch;
}

/**
 * descent_notify_watch_available:
 * @watch: a watch
 *
 * Returns: whether a notification service was there at the latest news
 *   from the bus
 */
gboolean
descent_notify_watch_available (DescentNotifyWatch *watch)
{
  g_return_val_if_fail (watch != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (watched_names); i++)
    if (watch->owned[i])
      return TRUE;
  return watch->activatable;
}

/**
 * descent_notify_watch_free:
 * @watch: (transfer full): a watch
 */
void
descent_notify_watch_free (DescentNotifyWatch *watch)
{
  g_return_if_fail (watch != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (watched_names); i++)
    if (watch->watch_ids[i] != 0)
      g_bus_unwatch_name (watch->watch_ids[i]);
  if (watch->cancellable != NULL)
    {
      g_cancellable_cancel (watch->cancellable);
      g_object_unref (watch->cancellable);
    }
  g_free (watch);
}
