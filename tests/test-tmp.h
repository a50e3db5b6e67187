/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * For the tests: removing the temporary folders they make. Included by
 * the test programs that need it (each is one executable).
 */

#include <glib.h>
#include <glib/gstdio.h>

/* Removes @path and, for a folder, everything in it (links are removed,
 * not followed); every removal must succeed. */
static inline void
test_remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          test_remove_tree (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    {
      g_assert_cmpint (g_remove (path), ==, 0);
    }
}
