/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The notification watch on a private session bus: no service, then a
 * notification server taking its name, then leaving, all seen without
 * blocking. */
#define G_LOG_DOMAIN "test-notify-watch"

#include "config.h"

#include <gio/gio.h>

#include "descent-notify-watch.h"

static gboolean
timeout_cb (gpointer data)
{
  g_error ("the watch did not see the change");
  return G_SOURCE_REMOVE;
}

static void
iterate_until_available (DescentNotifyWatch *watch,
                         gboolean            available)
{
  guint id = g_timeout_add_seconds (10, timeout_cb, NULL);

  while (descent_notify_watch_available (watch) != available)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static void
test_watch (void)
{
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(DescentNotifyWatch) watch = NULL;
  g_autoptr(DescentNotifyWatch) none = descent_notify_watch_new (NULL);
  g_autoptr(GError) error = NULL;
  guint owner;

  g_assert_false (descent_notify_watch_available (none));

  g_test_dbus_up (bus);
  connection = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);

  watch = descent_notify_watch_new (connection);
  /* the first answers arrive; still nobody there */
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
  g_assert_false (descent_notify_watch_available (watch));

  owner = g_bus_own_name_on_connection (connection, "org.freedesktop.Notifications",
                                        G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL, NULL);
  iterate_until_available (watch, TRUE);
  g_bus_unown_name (owner);
  iterate_until_available (watch, FALSE);

  g_clear_pointer (&watch, descent_notify_watch_free);
  g_dbus_connection_close_sync (connection, NULL, NULL);
  g_test_dbus_down (bus);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/notify-watch/names", test_watch);

  return g_test_run ();
}
