/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "descent-core"

/* Atomic, durable file writes for every file Descent produces (records,
 * exported figures, benchmark results), and the up-front check that a path
 * can be written before a long run starts. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dt-file.h"

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 gboolean     existed)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               existed ? _("%s; the file already there is unchanged")
                       : _("%s; nothing was written"),
               g_strerror (saved_errno));
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           int         *saved_errno)
{
  while (length > 0)
    {
      gssize n = write (fd, data, MIN (length, (gsize) G_MAXSSIZE));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          *saved_errno = errno;
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* A hidden name beside @path that does not exist yet; with O_TMPFILE the
 * data only gets it between linkat() and rename(). */
static char *
temp_name (const char *dir,
           const char *base)
{
  char suffix[7];
  static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  for (guint i = 0; i < 6; i++)
    suffix[i] = letters[g_random_int_range (0, sizeof letters - 1)];
  suffix[6] = '\0';
  return g_strdup_printf ("%s/.%s.%s.tmp", dir, base, suffix);
}

/* Opens an unnamed file in @dir when the file system allows (nothing is
 * left behind if the process dies), else a named hidden temporary. */
static int
open_temp (const char  *dir,
           const char  *base,
           mode_t       mode,
           char       **named,
           int         *saved_errno)
{
  int fd;

  *named = NULL;
#ifdef O_TMPFILE
  fd = open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
  if (fd >= 0)
    return fd;
  if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
    {
      *saved_errno = errno;
      return -1;
    }
#endif
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *name = temp_name (dir, base);

      fd = open (name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
      if (fd >= 0)
        {
          *named = g_steal_pointer (&name);
          return fd;
        }
      if (errno != EEXIST)
        break;
    }
  *saved_errno = errno;
  return -1;
}

/* Gives the unnamed file @fd a temporary name in @dir. */
static char *
link_temp (int          fd,
           const char  *dir,
           const char  *base,
           int         *saved_errno)
{
  g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", fd);

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *name = temp_name (dir, base);

      if (linkat (AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0)
        return g_steal_pointer (&name);
      if (errno != EEXIST)
        break;
    }
  *saved_errno = errno;
  return NULL;
}

/* Gives the new file the old one's permissions and puts it on the disk. */
static gboolean
flush_temp (int          fd,
            gboolean     existed,
            mode_t       mode,
            int         *saved_errno)
{
  if ((existed && fchmod (fd, mode) != 0) || fsync (fd) != 0)
    {
      *saved_errno = errno;
      return FALSE;
    }
  return TRUE;
}

static void
sync_dir (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return;
  /* some file systems cannot sync a directory; the rename is done anyway */
  (void) fsync (fd);
  close (fd);
}

/* Where the data goes: the target of a symbolic link rather than the link. */
static char *
resolve_target (const char *path)
{
  GStatBuf st;
  char *real;

  if (g_lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
    {
      real = realpath (path, NULL);
      if (real != NULL)
        {
          char *copy = g_strdup (real);

          free (real);
          return copy;
        }
    }
  return g_strdup (path);
}

/**
 * dt_file_write_atomic:
 * @path: (type filename): the file to write
 * @data: (array length=length): the bytes
 * @length: their number
 * @error: return location for a #GError in %G_IO_ERROR
 *
 * Writes @data to @path so that @path is, at every moment and whatever
 * happens (a full disk, a crash, kill -9, a power cut), either the complete
 * old file or the complete new one: the bytes go to a temporary file in the
 * same folder, are flushed to the disk, and the temporary is renamed over
 * @path. On failure the temporary is removed and the old file is left
 * byte-identical; the message says so. An existing file keeps its
 * permissions; a symbolic link keeps pointing at the file it names.
 *
 * Returns: %TRUE on success
 */
gboolean
dt_file_write_atomic (const char  *path,
                      const void  *data,
                      gsize        length,
                      GError     **error)
{
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *named = NULL;
  mode_t mode = 0666;
  gboolean existed = FALSE;
  int saved_errno = 0;
  GStatBuf st;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  target = resolve_target (path);
  if (g_stat (target, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          set_errno_error (error, EISDIR, FALSE);
          return FALSE;
        }
      existed = TRUE;
      mode = st.st_mode & 07777;
    }

  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  fd = open_temp (dir, base, mode, &named, &saved_errno);
  if (fd < 0)
    {
      set_errno_error (error, saved_errno, existed);
      return FALSE;
    }

  if (!write_all (fd, data, length, &saved_errno) ||
      !flush_temp (fd, existed, mode, &saved_errno) ||
      (named == NULL && (named = link_temp (fd, dir, base, &saved_errno)) == NULL))
    {
      close (fd);
      if (named != NULL)
        g_unlink (named);
      set_errno_error (error, saved_errno, existed);
      return FALSE;
    }

  if (close (fd) != 0 || g_rename (named, target) != 0)
    {
      saved_errno = errno;
      g_unlink (named);
      set_errno_error (error, saved_errno, existed);
      return FALSE;
    }

  sync_dir (dir);
  return TRUE;
}

/**
 * dt_file_check_writable:
 * @path: (type filename): a file that will be written later
 * @error: return location for a #GError in %G_IO_ERROR
 *
 * Checks, without creating or changing anything, that dt_file_write_atomic()
 * could write @path now: its folder exists, is a folder and is writable, and
 * @path is not a folder itself. Used before a long run, so that a mistyped
 * output path is reported at once rather than after the work is done.
 *
 * Returns: %TRUE if @path looks writable
 */
gboolean
dt_file_check_writable (const char  *path,
                        GError     **error)
{
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);

  target = resolve_target (path);
  if (g_stat (target, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                           _("it is a folder"));
      return FALSE;
    }

  dir = g_path_get_dirname (target);
  if (g_stat (dir, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("its folder “%s” cannot be used: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                   _("“%s” is not a folder"), dir);
      return FALSE;
    }
  if (access (dir, W_OK | X_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("its folder “%s” is not writable: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}
