/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

/* How much memory a run may take: the least of what the system has free,
 * what the process's control group still allows, its address-space limit
 * and the user's own cap (DESCENT_MEMORY_LIMIT). */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "dt-memory.h"

/* A "Key:   123 kB" line of a /proc file, in bytes. */
static gboolean
read_proc_kb (const char *path,
              const char *key,
              guint64    *bytes)
{
  g_autofree char *contents = NULL;
  const char *line;
  gsize key_len = strlen (key);

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  for (line = contents; line != NULL && *line != '\0'; line = strchr (line, '\n'))
    {
      if (*line == '\n')
        line++;
      if (strncmp (line, key, key_len) == 0 && line[key_len] == ':')
        {
          *bytes = g_ascii_strtoull (line + key_len + 1, NULL, 10) * 1024;
          return TRUE;
        }
    }
  return FALSE;
}

/* A file holding one number ("max" for no limit). */
static gboolean
read_number (const char *path,
             guint64    *value)
{
  g_autofree char *contents = NULL;
  char *end = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  g_strstrip (contents);
  errno = 0;
  *value = g_ascii_strtoull (contents, &end, 10);
  return errno == 0 && end != contents && *end == '\0';
}

/* The control group's path for @controller ("" for cgroup v2). */
static char *
cgroup_path (const char *controller)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/cgroup", &contents, NULL, NULL))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ":", 3);

      if (g_strv_length (fields) == 3 && g_str_equal (fields[1], controller))
        return g_strdup (fields[2]);
    }
  return NULL;
}

/* What is left under a limit/usage file pair in the group's folder below
 * @mount and in each folder above it up to @mount (a container sees its
 * own group at the mount point, not at the path the kernel reports). */
static gboolean
cgroup_room (const char *mount,
             const char *group,
             const char *limit_name,
             const char *usage_name,
             guint64    *room)
{
  g_autofree char *dir = g_build_filename (mount, group != NULL ? group : "", NULL);
  gboolean found = FALSE;

  for (;;)
    {
      g_autofree char *limit_path = g_build_filename (dir, limit_name, NULL);
      g_autofree char *usage_path = g_build_filename (dir, usage_name, NULL);
      g_autofree char *parent = NULL;
      guint64 limit, usage;

      /* an unlimited group reads "max" (v2) or a number near 2^63 (v1) */
      if (read_number (limit_path, &limit) && limit < (G_GUINT64_CONSTANT (1) << 60) &&
          read_number (usage_path, &usage))
        {
          guint64 left = limit > usage ? limit - usage : 0;

          *room = found ? MIN (*room, left) : left;
          found = TRUE;
        }
      if (strlen (dir) <= strlen (mount))
        break;
      parent = g_path_get_dirname (dir);
      g_free (dir);
      dir = g_steal_pointer (&parent);
    }
  return found;
}

static void
take_min (guint64     value,
          const char *source,
          guint64    *best,
          const char **best_source)
{
  if (value < *best)
    {
      *best = value;
      *best_source = source;
    }
}

/**
 * dt_memory_parse_size:
 * @text: a size such as "4096", "512M", "2G" or "1.5GiB"
 * @bytes: (out): the size in bytes
 *
 * Reads a size in bytes with an optional binary suffix (K, M, G, T, with
 * or without "iB"/"B").
 *
 * Returns: %TRUE if @text is a positive size
 */
gboolean
dt_memory_parse_size (const char *text,
                      guint64    *bytes)
{
  static const char suffixes[] = "KMGT";
  char *end = NULL;
  double value, scale = 1.0;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_ascii_isdigit (*text))
    return FALSE;
  value = g_ascii_strtod (text, &end);
  if (end == text || !(value > 0.0))
    return FALSE;
  if (*end != '\0')
    {
      const char *s = strchr (suffixes, g_ascii_toupper (*end));

      if (s == NULL)
        return FALSE;
      for (const char *p = suffixes; p <= s; p++)
        scale *= 1024.0;
      end++;
      if (g_ascii_strcasecmp (end, "iB") != 0 && g_ascii_strcasecmp (end, "B") != 0 &&
          *end != '\0')
        return FALSE;
    }
  if (value * scale >= 18e18)
    return FALSE;
  *bytes = (guint64) (value * scale);
  return TRUE;
}

/**
 * dt_memory_available:
 * @limited_by: (out) (optional) (transfer none): what sets the limit, in
 *   words for a message ("free memory", "the control group's limit", "the
 *   address-space limit (ulimit -v)", "DESCENT_MEMORY_LIMIT")
 *
 * Returns: the bytes a new run can still allocate, or %G_MAXUINT64 when
 *   nothing can be read
 */
guint64
dt_memory_available (const char **limited_by)
{
  guint64 best = G_MAXUINT64, value;
  const char *source = NULL;
  const char *env = g_getenv ("DESCENT_MEMORY_LIMIT");
  g_autofree char *v1 = cgroup_path ("memory");
  g_autofree char *v2 = cgroup_path ("");
  struct rlimit limit;

  if (read_proc_kb ("/proc/meminfo", "MemAvailable", &value))
    take_min (value, _("free memory"), &best, &source);

  if (cgroup_room ("/sys/fs/cgroup/memory", v1, "memory.limit_in_bytes",
                   "memory.usage_in_bytes", &value))
    take_min (value, _("the control group’s memory limit"), &best, &source);
  if (cgroup_room ("/sys/fs/cgroup", v2, "memory.max", "memory.current", &value))
    take_min (value, _("the control group’s memory limit"), &best, &source);

  if (getrlimit (RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
      read_proc_kb ("/proc/self/status", "VmSize", &value))
    take_min (limit.rlim_cur > value ? limit.rlim_cur - value : 0,
              _("the address-space limit (ulimit -v)"), &best, &source);

  if (env != NULL && dt_memory_parse_size (env, &value))
    take_min (value, "DESCENT_MEMORY_LIMIT", &best, &source);

  if (limited_by != NULL)
    *limited_by = source;
  return best;
}
