/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "test-file"

/* Atomic writes: new files, replacements, links and folders; a real full
 * file system (a small tmpfs, when run as root) for records, figures and
 * plain files; and kill -9 in the middle of a write. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "dt-file.h"
#include "dt-plot.h"
#include "dt-record.h"

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("descent-file-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The names in @dir, sorted and joined by spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
assert_contents (const char *path,
                 const char *expected,
                 gsize       length)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize n;

  g_assert_true (g_file_get_contents (path, &contents, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (contents, n, expected, length);
}

static void
test_write_new_and_replace (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "run.json", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (dt_file_write_atomic (path, "first", 5, &error));
  g_assert_no_error (error);
  assert_contents (path, "first", 5);

  /* A replacement keeps the permissions the user gave the file. */
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  g_assert_true (dt_file_write_atomic (path, "second, longer", 14, &error));
  g_assert_no_error (error);
  assert_contents (path, "second, longer", 14);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);

  /* Empty files are files too. */
  g_assert_true (dt_file_write_atomic (path, "", 0, &error));
  assert_contents (path, "", 0);

  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "run.json");
  remove_dir (dir);
}

static void
test_write_through_link (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *target = g_build_filename (dir, "target.json", NULL);
  g_autofree char *link = g_build_filename (dir, "link.json", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (dt_file_write_atomic (target, "old", 3, &error));
  g_assert_cmpint (symlink ("target.json", link), ==, 0);
  g_assert_true (dt_file_write_atomic (link, "new", 3, &error));
  g_assert_no_error (error);
  assert_contents (target, "new", 3);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  remove_dir (dir);
}

static void
test_write_errors (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "run.json", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (dt_file_write_atomic (missing, "x", 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nothing was written"));
  g_clear_error (&error);
  g_assert_false (dt_file_check_writable (missing, &error));
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_clear_error (&error);

  /* A folder is never replaced by a file. */
  g_assert_false (dt_file_write_atomic (dir, "x", 1, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (dt_file_check_writable (dir, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_clear_error (&error);

  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "");
  remove_dir (dir);
}

/* A record of @n points, large enough to need many blocks. */
static DtRecord *
make_record (guint n)
{
  DtRecord *record = dt_record_new ("connectivity");
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);

  for (guint i = 0; i < n; i++)
    {
      x[i] = i;
      y[i] = g_test_rand_double ();
    }
  DtPlotSpec *spec = dt_plot_spec_new ("path", "Path", "α", DT_SCALE_LINEAR,
                                       "loss", DT_SCALE_LINEAR);

  dt_record_add_plot_series (record, spec, "loss", "Loss", DT_STYLE_LINE);
  dt_record_add_plot (record, spec);
  dt_record_set_points (record, "loss", x, y, NULL, n);
  dt_record_set_status (record, DT_STATUS_COMPLETE, NULL);
  return record;
}

/* Fills the file system of @dir until a write fails with ENOSPC. */
static void
fill_up (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "filler", NULL);
  char block[4096];
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

  memset (block, 'f', sizeof block);
  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);
}

static void
assert_unchanged_error (GError *error)
{
  g_assert_nonnull (error);
  g_test_message ("full disk: %s", error->message);
  g_assert_nonnull (strstr (error->message, "unchanged"));
}

static void
test_full_disk (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *record_path = NULL, *png = NULL, *svg = NULL, *plain = NULL;
  g_autofree char *old_record = NULL, *old_png = NULL, *old_svg = NULL;
  g_autofree char *names = NULL;
  g_autofree char *filler = NULL;
  g_autoptr(DtRecord) small = make_record (10);
  g_autoptr(DtRecord) big = make_record (20000);
  g_autoptr(GError) error = NULL;
  gsize n_record, n_png, n_svg;

  if (geteuid () != 0)
    {
      g_test_skip ("mounting a small tmpfs needs root");
      return;
    }
  dir = make_dir ();
  /* in a mount namespace of this process's own, so that the tmpfs goes
   * away with it whatever happens */
  if (unshare (CLONE_NEWNS) != 0 || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount ("tmpfs", dir, "tmpfs", 0, "size=2m") != 0)
    {
      g_autofree char *reason = g_strdup_printf ("cannot mount a tmpfs: %s", g_strerror (errno));

      g_test_skip (reason);
      g_rmdir (dir);
      return;
    }

  record_path = g_build_filename (dir, "run.json", NULL);
  png = g_build_filename (dir, "figure.png", NULL);
  svg = g_build_filename (dir, "figure.svg", NULL);
  plain = g_build_filename (dir, "notes.txt", NULL);
  dt_record_save (small, record_path, &error);
  g_assert_no_error (error);
  dt_plot_export_record (small, NULL, png, 320, 200, &error);
  g_assert_no_error (error);
  dt_plot_export_record (small, NULL, svg, 320, 200, &error);
  g_assert_no_error (error);
  dt_file_write_atomic (plain, "kept", 4, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (record_path, &old_record, &n_record, NULL));
  g_assert_true (g_file_get_contents (png, &old_png, &n_png, NULL));
  g_assert_true (g_file_get_contents (svg, &old_svg, &n_svg, NULL));

  fill_up (dir);

  /* Every kind of write fails and leaves the old file as it was. */
  g_assert_false (dt_record_save (big, record_path, &error));
  assert_unchanged_error (error);
  g_clear_error (&error);
  g_assert_false (dt_plot_export_record (big, NULL, png, 640, 420, &error));
  assert_unchanged_error (error);
  g_clear_error (&error);
  g_assert_false (dt_plot_export_record (big, NULL, svg, 640, 420, &error));
  assert_unchanged_error (error);
  g_clear_error (&error);
  g_assert_false (dt_file_write_atomic (plain, old_record, n_record, &error));
  assert_unchanged_error (error);
  g_clear_error (&error);

  assert_contents (record_path, old_record, n_record);
  assert_contents (png, old_png, n_png);
  assert_contents (svg, old_svg, n_svg);
  assert_contents (plain, "kept", 4);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "figure.png figure.svg filler notes.txt run.json");

  /* With room again, the same save succeeds. */
  filler = g_build_filename (dir, "filler", NULL);
  g_unlink (filler);
  g_assert_true (dt_record_save (big, record_path, &error));
  g_assert_no_error (error);

  /* A read-only file system is found before any work is done. */
  g_assert_cmpint (mount ("tmpfs", dir, "tmpfs", MS_REMOUNT | MS_RDONLY, "size=2m"), ==, 0);
  g_assert_false (dt_file_check_writable (record_path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY);
  g_test_message ("read-only: %s", error->message);
  g_clear_error (&error);

  g_assert_cmpint (umount (dir), ==, 0);
  g_rmdir (dir);
}

#define KILL_SIZE (24u << 20)

/* Writes @path over and over, alternating two fillings, until killed. */
static G_GNUC_NORETURN void
write_forever (const char *path)
{
  char *a = g_malloc (KILL_SIZE);
  char *b = g_malloc (KILL_SIZE);

  memset (a, 'A', KILL_SIZE);
  memset (b, 'B', KILL_SIZE);
  for (guint i = 0;; i++)
    if (!dt_file_write_atomic (path, i % 2 ? b : a, KILL_SIZE, NULL))
      _exit (3);
}

static void
test_kill_during_write (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "run.json", NULL);
  guint n_old = 0, n_new = 0, n_temp = 0;

  for (guint round = 0; round < 12; round++)
    {
      g_autofree char *contents = NULL;
      g_autoptr(GDir) d = NULL;
      const char *name;
      gsize n;
      int status;
      pid_t pid;

      g_assert_true (dt_file_write_atomic (path, "old", 3, NULL));
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        write_forever (path);
      g_usleep (g_test_rand_int_range (5, 120) * 1000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));

      /* Whole old file or one whole new one, never a mixture. */
      g_assert_true (g_file_get_contents (path, &contents, &n, NULL));
      if (n == 3)
        {
          g_assert_cmpmem (contents, n, "old", 3);
          n_old++;
        }
      else
        {
          g_assert_cmpuint (n, ==, KILL_SIZE);
          g_assert_true (contents[0] == 'A' || contents[0] == 'B');
          for (gsize i = 0; i < n; i++)
            if (contents[i] != contents[0])
              g_error ("byte %" G_GSIZE_FORMAT " of a killed write is mixed", i);
          n_new++;
        }

      /* Only a hidden temporary of ours can remain, and only when the kill
       * fell between naming it and renaming it. */
      d = g_dir_open (dir, 0, NULL);
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *stray = g_build_filename (dir, name, NULL);

          if (g_str_equal (name, "run.json"))
            continue;
          g_assert_true (g_str_has_prefix (name, ".run.json.") && g_str_has_suffix (name, ".tmp"));
          g_unlink (stray);
          n_temp++;
        }
    }
  g_test_message ("killed 12 writers: %u left the old file, %u a new one, %u a temporary",
                  n_old, n_new, n_temp);
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/file/write-new-and-replace", test_write_new_and_replace);
  g_test_add_func ("/file/write-through-link", test_write_through_link);
  g_test_add_func ("/file/write-errors", test_write_errors);
  g_test_add_func ("/file/full-disk", test_full_disk);
  g_test_add_func ("/file/kill-during-write", test_kill_during_write);

  return g_test_run ();
}
