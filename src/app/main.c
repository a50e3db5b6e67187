/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "descent-application.h"
#include "dt-blas.h"

/* Without a session bus a unique application cannot register; run alone. */
static gboolean
session_bus_available (void)
{
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");
  g_autofree char *socket = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    return TRUE;

  if (runtime_dir == NULL)
    return FALSE;

  socket = g_build_filename (runtime_dir, "bus", NULL);

  return g_file_test (socket, G_FILE_TEST_EXISTS);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DescentApplication) application = NULL;
  GApplicationFlags flags = G_APPLICATION_DEFAULT_FLAGS;

  dt_blas_select_kernel (argv);
  setlocale (LC_ALL, "");
  /* DESCENT_LOCALEDIR points an uninstalled build at its catalogues
   * (BUILDDIR/po, see scripts/run.sh). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DESCENT_LOCALEDIR") != NULL
                                   ? g_getenv ("DESCENT_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (g_getenv ("DESCENT_NON_UNIQUE") != NULL || !session_bus_available ())
    flags |= G_APPLICATION_NON_UNIQUE;

  application = descent_application_new (flags);

  return g_application_run (G_APPLICATION (application), argc, argv);
}
