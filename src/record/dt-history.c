/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-history"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dt-file.h"
#include "dt-history.h"
#include "dt-json-reader.h"
#include "dt-lock.h"
#include "dt-record-enums.h"
#include "dt-record-private.h"

/*
 * DtHistory: the runs the application saved, one ordinary record file per
 * run in a folder, and an index (index.json) that caches what a list of
 * them shows, so that listing does not parse records of many megabytes.
 *
 * The record files are the truth; the index is only trusted for a file of
 * the size it says. A missing or damaged index is rebuilt from the records,
 * a record the index lacks is read and added, an entry without its file is
 * dropped. The notes live only in the index, so every change reads the
 * index and the folder again first, under an exclusive lock of the folder,
 * and writes the index atomically: several windows and processes may share
 * a folder without dropping each other's runs or notes.
 *
 * Nothing in the folder is ever deleted but the record file
 * dt_history_delete() is asked for; a file that does not load as a record
 * is left alone and not listed.
 */

DT_DEFINE_QUARK (dt-history-error-quark, dt_history_error)

#define INDEX_FORMAT  "descent-history"
#define INDEX_VERSION 1

/* Held with flock() while the index is read, changed and written. */
#define LOCK_NAME ".index.lock"

/* A larger index is taken for damaged: it would be some million runs. */
#define MAX_INDEX_SIZE ((goffset) 64 * 1024 * 1024)

/* Of the experiment id in a file name, and of the runs of one second. */
#define MAX_NAME_WORD 64
#define MAX_COUNTER   10000

/* What a file that did not load as a record was, so that it is not parsed
 * again on every reload while it stays the same. */
typedef struct
{
  gint64  size;
  gint64  mtime_ns;
  guint64 inode;
} FileStamp;

struct _DtHistory
{
  char       *dir;
  char       *index_path;
  GPtrArray  *entries;   /* DtHistoryEntry *, newest first */
  GHashTable *by_file;   /* file → DtHistoryEntry * of @entries */
  GHashTable *skipped;   /* file → FileStamp *: files that are not records */
};

/* Entries */

/**
 * dt_history_entry_copy:
 * @entry: an entry
 *
 * Returns: (transfer full): a copy of @entry, to keep after the history
 *   changes; free with dt_history_entry_free()
 */
DtHistoryEntry *
dt_history_entry_copy (const DtHistoryEntry *entry)
{
  DtHistoryEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_new0 (DtHistoryEntry, 1);
  copy->file = g_strdup (entry->file);
  copy->experiment = g_strdup (entry->experiment);
  copy->created = entry->created != NULL ? g_date_time_ref (entry->created) : NULL;
  copy->status = entry->status;
  copy->summary = g_strdup (entry->summary);
  copy->note = g_strdup (entry->note);
  copy->size = entry->size;

  return copy;
}

/**
 * dt_history_entry_free:
 * @entry: (nullable): an entry made by dt_history_entry_copy()
 */
void
dt_history_entry_free (DtHistoryEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->file);
  g_free (entry->experiment);
  g_clear_pointer (&entry->created, g_date_time_unref);
  g_free (entry->summary);
  g_free (entry->note);
  g_free (entry);
}

static void
entry_free (gpointer data)
{
  dt_history_entry_free (data);
}

/* A base name of a record file in the folder, and nothing else: the index
 * may have been tampered with, and delete must not reach outside the
 * folder, nor remove the index or a hidden file. */
static gboolean
is_record_name (const char *name)
{
  return name != NULL &&
         name[0] != '.' &&
         strchr (name, '/') == NULL &&
         strstr (name, "..") == NULL &&
         strlen (name) > strlen (DT_HISTORY_SUFFIX) &&
         g_str_has_suffix (name, DT_HISTORY_SUFFIX) &&
         g_utf8_validate (name, -1, NULL);
}

static gboolean
check_name (const char  *file,
            GError     **error)
{
  g_autofree char *shown = NULL;

  if (is_record_name (file))
    return TRUE;

  shown = g_utf8_make_valid (file, -1);
  g_set_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_INVALID_NAME,
               _("“%s” is not the name of a run in the history"), shown);
  return FALSE;
}

/* In local time; %NULL for a missing or malformed text. */
static GDateTime *
parse_created (const char *text)
{
  g_autoptr(GDateTime) parsed = NULL;

  if (text == NULL)
    return NULL;

  parsed = g_date_time_new_from_iso8601 (text, NULL);
  return parsed != NULL ? g_date_time_to_local (parsed) : NULL;
}

/* Like the records: ISO 8601 in UTC, with the microseconds. */
static char *
format_created (GDateTime *created)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (created);

  return g_date_time_format_iso8601 (utc);
}

/* Like strcmp(), but runs of digits compare by their value, so that run
 * 10 of a second comes after run 9. */
static int
compare_names (const char *a,
               const char *b)
{
  while (*a != '\0' && *b != '\0')
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          const char *start_a, *start_b;
          gsize length_a, length_b;
          int order;

          while (*a == '0' && g_ascii_isdigit (a[1]))
            a++;
          while (*b == '0' && g_ascii_isdigit (b[1]))
            b++;
          start_a = a;
          start_b = b;
          while (g_ascii_isdigit (*a))
            a++;
          while (g_ascii_isdigit (*b))
            b++;
          length_a = (gsize) (a - start_a);
          length_b = (gsize) (b - start_b);
          if (length_a != length_b)
            return length_a < length_b ? -1 : 1;
          order = strncmp (start_a, start_b, length_a);
          if (order != 0)
            return order;
          continue;
        }

      if (*a != *b)
        return (guchar) *a < (guchar) *b ? -1 : 1;
      a++;
      b++;
    }

  return (int) (guchar) *a - (int) (guchar) *b;
}

/* Newest first; of one time, the later name first. */
static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const DtHistoryEntry *entry_a = *(DtHistoryEntry * const *) a;
  const DtHistoryEntry *entry_b = *(DtHistoryEntry * const *) b;
  int order = g_date_time_compare (entry_b->created, entry_a->created);

  return order != 0 ? order : compare_names (entry_b->file, entry_a->file);
}

/* @created is taken; without it, the record's creation time, or else
 * @fallback (a time in seconds since 1970). */
static DtHistoryEntry *
entry_new (const char *file,
           DtRecord   *record,
           const char *summary,
           GDateTime  *created,
           gint64      fallback,
           guint64     size)
{
  DtHistoryEntry *entry = g_new0 (DtHistoryEntry, 1);
  DtRecordStatus status = dt_record_get_status (record);

  if (created == NULL)
    created = parse_created (dt_record_get_provenance (record)->created);
  if (created == NULL)
    created = g_date_time_new_from_unix_local (fallback);
  if (created == NULL)
    created = g_date_time_new_now_local ();

  entry->file = g_strdup (file);
  entry->experiment = g_utf8_make_valid (dt_record_get_experiment (record), -1);
  entry->created = created;
  entry->status = status == DT_STATUS_RUNNING ? DT_STATUS_CANCELLED : status;
  entry->summary = g_strdup (summary != NULL ? summary : "");
  entry->note = g_strdup ("");
  entry->size = size;
  return entry;
}

/* Reads the record file @name to list it; %NULL if it is not a record. */
static DtHistoryEntry *
entry_from_file (const char     *name,
                 const char     *path,
                 const GStatBuf *st)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRecord) record = dt_record_load (path, &error);

  if (record == NULL)
    {
      g_debug ("Not listing %s: %s", path, error->message);
      return NULL;
    }

  return entry_new (name, record, NULL, NULL, (gint64) st->st_mtime, (guint64) st->st_size);
}

static FileStamp
stamp_of (const GStatBuf *st)
{
  FileStamp stamp;

  stamp.size = (gint64) st->st_size;
  stamp.mtime_ns = (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;
  stamp.inode = (guint64) st->st_ino;
  return stamp;
}

/* The index file */

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && dt_json_is_string (node) ? json_node_get_string (node) : NULL;
}

/* The entry of an index member, %NULL without a valid file name. When only
 * the name (and the summary and note) could be read, @created is %NULL:
 * the record is read again for the rest. */
static DtHistoryEntry *
entry_from_json (JsonObject *object)
{
  const char *file = get_string (object, "file");
  const char *experiment = get_string (object, "experiment");
  const char *status = get_string (object, "status");
  const char *summary = get_string (object, "summary");
  const char *note = get_string (object, "note");
  JsonNode *size = json_object_get_member (object, "size");
  DtHistoryEntry *entry;
  int value;

  if (!is_record_name (file))
    return NULL;

  entry = g_new0 (DtHistoryEntry, 1);
  entry->file = g_strdup (file);
  entry->summary = g_utf8_make_valid (summary != NULL ? summary : "", -1);
  entry->note = g_utf8_make_valid (note != NULL ? note : "", -1);

  if (experiment == NULL || *experiment == '\0' ||
      status == NULL || !dt_record_word_value (DT_TYPE_RECORD_STATUS, status, &value) ||
      value == DT_STATUS_RUNNING ||
      size == NULL || !dt_json_is_integer (size) || json_node_get_int (size) < 0)
    return entry;

  entry->created = parse_created (get_string (object, "created"));
  entry->experiment = g_utf8_make_valid (experiment, -1);
  entry->status = (DtRecordStatus) value;
  entry->size = (guint64) json_node_get_int (size);
  return entry;
}

/* The entries of the index by file name. Sets @clean to %FALSE when the
 * index is missing or damaged, or some of its entries are. Never fails: what
 * cannot be read is rebuilt from the records. */
static GHashTable *
read_index (DtHistory *history,
            gboolean  *clean)
{
  GHashTable *indexed = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  JsonObject *object;
  JsonNode *format;
  JsonNode *array;
  JsonNode *root;
  gsize value_end;
  gsize length;
  GStatBuf st;

  *clean = FALSE;

  if (g_stat (history->index_path, &st) != 0)
    {
      g_debug ("No index %s: %s", history->index_path, g_strerror (errno));
      return indexed;
    }
  if (!S_ISREG (st.st_mode) || st.st_size > MAX_INDEX_SIZE)
    {
      g_debug ("Ignoring the index %s: not a regular file of a sensible size", history->index_path);
      return indexed;
    }

  if (!g_file_get_contents (history->index_path, &data, &length, &error) ||
      !dt_json_check_text (data, length, &value_end, &error))
    {
      g_debug ("Ignoring the index %s: %s", history->index_path, error->message);
      return indexed;
    }

  /* Only the first value goes to json-glib, which would leak what it has
   * built if a second followed. */
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) value_end, &error))
    {
      g_debug ("Ignoring the index %s: %s", history->index_path, error->message);
      return indexed;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("Ignoring the index %s: not a JSON object", history->index_path);
      return indexed;
    }
  object = json_node_get_object (root);
  format = json_object_get_member (object, "format");
  array = json_object_get_member (object, "entries");
  if (format == NULL || !dt_json_is_string (format) ||
      g_strcmp0 (json_node_get_string (format), INDEX_FORMAT) != 0 ||
      array == NULL || !JSON_NODE_HOLDS_ARRAY (array))
    {
      g_debug ("Ignoring the index %s: not a history index", history->index_path);
      return indexed;
    }

  *clean = dt_json_check_trailing_text (data, length, value_end, NULL);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (array)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (array), i);
      DtHistoryEntry *entry = NULL;

      if (JSON_NODE_HOLDS_OBJECT (element))
        entry = entry_from_json (json_node_get_object (element));

      if (entry == NULL || g_hash_table_contains (indexed, entry->file))
        {
          g_debug ("Ignoring entry %u of the index %s", i, history->index_path);
          g_clear_pointer (&entry, entry_free);
          *clean = FALSE;
          continue;
        }

      if (entry->created == NULL)
        *clean = FALSE;
      g_hash_table_insert (indexed, entry->file, entry);
    }

  return indexed;
}

static gboolean
write_index (DtHistory  *history,
             GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, INDEX_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, INDEX_VERSION);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);

  for (guint i = 0; i < history->entries->len; i++)
    {
      const DtHistoryEntry *entry = g_ptr_array_index (history->entries, i);
      g_autofree char *created = format_created (entry->created);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, entry->file);
      json_builder_set_member_name (builder, "experiment");
      json_builder_add_string_value (builder, entry->experiment);
      json_builder_set_member_name (builder, "created");
      json_builder_add_string_value (builder, created);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, dt_status_to_string (entry->status));
      json_builder_set_member_name (builder, "summary");
      json_builder_add_string_value (builder, entry->summary);
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, entry->note);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, (gint64) entry->size);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, &length);

  return dt_file_write_atomic (history->index_path, data, length, error);
}

/* Reading the folder */

/* Takes @entries as the list. */
static void
set_entries (DtHistory *history,
             GPtrArray *entries)
{
  g_ptr_array_sort (entries, compare_entries);

  g_hash_table_remove_all (history->by_file);
  g_ptr_array_unref (history->entries);
  history->entries = entries;
  for (guint i = 0; i < entries->len; i++)
    {
      DtHistoryEntry *entry = g_ptr_array_index (entries, i);

      g_hash_table_insert (history->by_file, entry->file, entry);
    }
}

/* Takes @entry into the list, in its place. */
static void
insert_entry (DtHistory      *history,
              DtHistoryEntry *entry)
{
  g_ptr_array_add (history->entries, entry);
  g_ptr_array_sort (history->entries, compare_entries);
  g_hash_table_insert (history->by_file, entry->file, entry);
}

/* Lists the record files of the folder, from the index where it is right
 * about them and from the records where not. Sets @changed if the index
 * on the disk is not what the list is. Fails only if the folder cannot
 * be read; then the list is unchanged. */
static gboolean
history_reload (DtHistory  *history,
                gboolean   *changed,
                GError    **error)
{
  g_autoptr(GHashTable) indexed = NULL;
  g_autoptr(GHashTable) skipped = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  gboolean clean;

  dir = g_dir_open (history->dir, 0, &local_error);
  if (dir == NULL)
    {
      g_autofree char *shown = g_filename_display_name (history->dir);

      g_set_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_IO,
                   _("Could not read the history folder “%s”: %s"), shown, local_error->message);
      return FALSE;
    }

  indexed = read_index (history, &clean);
  skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  entries = g_ptr_array_new_with_free_func (entry_free);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      DtHistoryEntry *entry;
      DtHistoryEntry *fresh;
      FileStamp *known;
      FileStamp stamp;
      GStatBuf st;

      if (!is_record_name (name))
        continue;

      path = g_build_filename (history->dir, name, NULL);
      if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;

      entry = g_hash_table_lookup (indexed, name);
      if (entry != NULL && entry->created != NULL && entry->size == (guint64) st.st_size)
        {
          g_hash_table_steal (indexed, name);
          g_ptr_array_add (entries, entry);
          continue;
        }

      stamp = stamp_of (&st);
      known = g_hash_table_lookup (history->skipped, name);
      if (known != NULL && memcmp (known, &stamp, sizeof stamp) == 0)
        {
          g_hash_table_insert (skipped, g_strdup (name), g_memdup2 (&stamp, sizeof stamp));
          continue;
        }

      clean = FALSE;
      fresh = entry_from_file (name, path, &st);
      if (fresh == NULL)
        {
          g_hash_table_insert (skipped, g_strdup (name), g_memdup2 (&stamp, sizeof stamp));
          continue;
        }

      /* What only the index knows is kept. */
      if (entry != NULL)
        {
          g_free (fresh->summary);
          fresh->summary = g_strdup (entry->summary);
          g_free (fresh->note);
          fresh->note = g_strdup (entry->note);
        }
      g_ptr_array_add (entries, fresh);
    }

  /* Entries of the index whose files are gone, or are no records. */
  if (g_hash_table_size (indexed) > 0)
    clean = FALSE;

  set_entries (history, g_steal_pointer (&entries));
  g_hash_table_unref (history->skipped);
  history->skipped = g_steal_pointer (&skipped);
  *changed = !clean;
  return TRUE;
}

/* Between processes, the read-change-write of the index is serialised by
 * an exclusive flock() of a hidden file of the folder, released by closing
 * it. Where it cannot be had (a read-only folder) the work goes on
 * unlocked: writing fails there anyway. */
static int
lock_folder (DtHistory *history)
{
  g_autofree char *path = g_build_filename (history->dir, LOCK_NAME, NULL);
  int fd = g_open (path, O_RDONLY | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      g_debug ("Working without a lock: %s: %s", path, g_strerror (errno));
      return -1;
    }

  while (flock (fd, LOCK_EX) != 0)
    if (errno != EINTR)
      {
        g_debug ("Working without a lock: %s: %s", path, g_strerror (errno));
        close (fd);
        return -1;
      }

  return fd;
}

static void
unlock_folder (int fd)
{
  if (fd >= 0)
    close (fd);
}

static gboolean
reload_locked (DtHistory  *history,
               GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean changed;

  if (!history_reload (history, &changed, error))
    return FALSE;

  /* Saves reading the records again next time; in a read-only folder the
   * list is right all the same. */
  if (changed && !write_index (history, &local_error))
    g_debug ("Could not update %s: %s", history->index_path, local_error->message);

  return TRUE;
}

/* Public API */

/**
 * dt_history_open:
 * @dir: (type filename): the history folder, e.g.
 *   g_get_user_data_dir()/descent/history
 * @error: return location for a #GError in %DT_HISTORY_ERROR
 *
 * Opens the history in @dir, creating the folder (and its parents, private
 * to the user) if it does not exist, and lists its runs; see
 * dt_history_reload(). A missing or damaged index is no error.
 *
 * Returns: (transfer full) (nullable): the history, or %NULL with @error
 *   set if the folder could not be created or read
 */
DtHistory *
dt_history_open (const char  *dir,
                 GError     **error)
{
  DtHistory *history;

  g_return_val_if_fail (dir != NULL && *dir != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *shown = g_filename_display_name (dir);

      g_set_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_IO,
                   _("Could not create the history folder “%s”: %s"), shown, g_strerror (saved_errno));
      return NULL;
    }

  history = g_new0 (DtHistory, 1);
  history->dir = g_strdup (dir);
  history->index_path = g_build_filename (dir, DT_HISTORY_INDEX, NULL);
  history->entries = g_ptr_array_new_with_free_func (entry_free);
  history->by_file = g_hash_table_new (g_str_hash, g_str_equal);
  history->skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!dt_history_reload (history, error))
    {
      dt_history_free (history);
      return NULL;
    }

  return history;
}

/**
 * dt_history_free:
 * @history: (nullable) (transfer full): a history
 *
 * Frees @history and its entries; the folder is left as it is.
 */
void
dt_history_free (DtHistory *history)
{
  if (history == NULL)
    return;

  g_free (history->dir);
  g_free (history->index_path);
  g_hash_table_unref (history->by_file);
  g_ptr_array_unref (history->entries);
  g_hash_table_unref (history->skipped);
  g_free (history);
}

/**
 * dt_history_get_dir:
 * @history: a history
 *
 * Returns: (transfer none) (type filename): the folder of @history
 */
const char *
dt_history_get_dir (DtHistory *history)
{
  g_return_val_if_fail (history != NULL, NULL);

  return history->dir;
}

/**
 * dt_history_reload:
 * @history: a history
 * @error: return location for a #GError in %DT_HISTORY_ERROR
 *
 * Lists the folder again, with what other windows and processes wrote to
 * it. The index is trusted for each record file of the size it gives;
 * other record files are read and added (with an empty summary), entries
 * whose files are gone are dropped, and files that do not load as records
 * are left alone and not listed. The index is rewritten if it was not
 * right.
 *
 * Every entry pointer got from @history before is invalid afterwards, also
 * when it fails; so it is after dt_history_add(), dt_history_set_note() and
 * dt_history_delete(), which reload first.
 *
 * Returns: %TRUE on success; %FALSE if the folder could not be read, with
 *   the entries unchanged
 */
gboolean
dt_history_reload (DtHistory  *history,
                   GError    **error)
{
  gboolean ok;
  int lock;

  g_return_val_if_fail (history != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lock = lock_folder (history);
  ok = reload_locked (history, error);
  unlock_folder (lock);

  return ok;
}

/**
 * dt_history_get_n_entries:
 * @history: a history
 *
 * Returns: the number of runs listed
 */
guint
dt_history_get_n_entries (DtHistory *history)
{
  g_return_val_if_fail (history != NULL, 0);

  return history->entries->len;
}

/**
 * dt_history_get_entry:
 * @history: a history
 * @index: a position in the list, below dt_history_get_n_entries()
 *
 * The runs are listed newest first.
 *
 * Returns: (transfer none): the entry at @index, owned by @history until it
 *   is next reloaded or changed
 */
const DtHistoryEntry *
dt_history_get_entry (DtHistory *history,
                      guint      index)
{
  g_return_val_if_fail (history != NULL, NULL);
  g_return_val_if_fail (index < history->entries->len, NULL);

  return g_ptr_array_index (history->entries, index);
}

/**
 * dt_history_lookup:
 * @history: a history
 * @file: the base name of a record file of the folder
 *
 * Returns: (transfer none) (nullable): the entry of @file, owned by
 *   @history until it is next reloaded or changed, or %NULL if it lists no
 *   such run
 */
const DtHistoryEntry *
dt_history_lookup (DtHistory  *history,
                   const char *file)
{
  g_return_val_if_fail (history != NULL, NULL);
  g_return_val_if_fail (file != NULL, NULL);

  return g_hash_table_lookup (history->by_file, file);
}

/**
 * dt_history_get_path:
 * @history: a history
 * @file: the base name of a record file, e.g. an entry's @file
 *
 * Returns: (transfer full) (type filename): the full path of @file in the
 *   folder, to open the run with dt_record_load()
 */
char *
dt_history_get_path (DtHistory  *history,
                     const char *file)
{
  g_return_val_if_fail (history != NULL, NULL);
  g_return_val_if_fail (is_record_name (file), NULL);

  return g_build_filename (history->dir, file, NULL);
}

/* The experiment id as it goes into a file name. */
static char *
name_word (const char *experiment)
{
  GString *word = g_string_new (NULL);

  for (const char *p = experiment; *p != '\0' && word->len < MAX_NAME_WORD; p++)
    g_string_append_c (word, g_ascii_isalnum (*p) || *p == '-' || *p == '_' ? *p : '-');
  if (word->len == 0)
    g_string_append (word, "run");

  return g_string_free (word, FALSE);
}

/* Creates an empty file under a name no other file has, so that no run is
 * ever saved over another, also by another process at the same second. */
static char *
reserve_name (DtHistory   *history,
              const char  *experiment,
              GDateTime   *created,
              GError     **error)
{
  g_autofree char *time = g_date_time_format (created, "%Y%m%d-%H%M%S");
  g_autofree char *word = name_word (experiment);
  g_autofree char *shown = g_filename_display_name (history->dir);

  for (guint n = 1; n <= MAX_COUNTER; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%s-%u" DT_HISTORY_SUFFIX, time, word, n);
      g_autofree char *path = g_build_filename (history->dir, name, NULL);
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      int saved_errno = errno;

      if (fd >= 0)
        {
          close (fd);
          return g_steal_pointer (&name);
        }
      if (saved_errno != EEXIST)
        {
          g_set_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_IO,
                       _("Could not create a file for the run in the history folder “%s”: %s"),
                       shown, g_strerror (saved_errno));
          return NULL;
        }
    }

  g_set_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_IO,
               _("Could not find a free file name for the run in the history folder “%s”"), shown);
  return NULL;
}

static const DtHistoryEntry *
add_locked (DtHistory   *history,
            DtRecord    *record,
            const char  *summary,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  DtHistoryEntry *entry;
  gboolean changed;
  GStatBuf st;

  /* With what others added meanwhile, so that writing the index keeps it. */
  if (!history_reload (history, &changed, error))
    return NULL;

  created = parse_created (dt_record_get_provenance (record)->created);
  if (created == NULL)
    created = g_date_time_new_now_local ();

  name = reserve_name (history, dt_record_get_experiment (record), created, error);
  if (name == NULL)
    return NULL;

  path = g_build_filename (history->dir, name, NULL);
  if (!dt_record_save (record, path, &local_error))
    {
      /* Still the empty file that held the name: the save is atomic. */
      g_unlink (path);
      g_set_error_literal (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_IO, local_error->message);
      return NULL;
    }

  entry = entry_new (name, record, summary, g_date_time_ref (created), 0,
                     g_stat (path, &st) == 0 ? (guint64) st.st_size : 0);
  insert_entry (history, entry);

  if (!write_index (history, &local_error))
    {
      g_autofree char *shown = g_filename_display_name (path);
      g_autofree char *index = g_filename_display_name (history->index_path);

      g_set_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_IO,
                   _("The run was saved as “%s”, but the history’s index “%s” could not be updated: %s"),
                   shown, index, local_error->message);
      return NULL;
    }

  return entry;
}

/**
 * dt_history_add:
 * @history: a history
 * @record: a finished record: complete, cancelled or failed
 * @summary: (nullable): its key parameters, one line of UTF-8 text
 * @error: return location for a #GError in %DT_HISTORY_ERROR
 *
 * Saves @record into the folder as a new file, never over another one,
 * named after its creation time, its experiment and a counter
 * ("20240501-113000-bias-variance-1.descent.json"), and lists it. The
 * folder is reloaded first (see dt_history_reload()).
 *
 * If the record is saved but the index cannot be written, the error says
 * so and the run is listed all the same; the index is rebuilt with it on
 * a later reload, without @summary.
 *
 * Returns: (transfer none) (nullable): the new entry, owned by @history
 *   until it is next reloaded or changed; %NULL with @error set on failure
 */
const DtHistoryEntry *
dt_history_add (DtHistory   *history,
                DtRecord    *record,
                const char  *summary,
                GError     **error)
{
  const DtHistoryEntry *entry;
  int lock;

  g_return_val_if_fail (history != NULL, NULL);
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (dt_record_get_status (record) != DT_STATUS_RUNNING, NULL);
  g_return_val_if_fail (summary == NULL || g_utf8_validate (summary, -1, NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  lock = lock_folder (history);
  entry = add_locked (history, record, summary, error);
  unlock_folder (lock);

  return entry;
}

/* The entry of @file after a reload, or %NULL with @error set. */
static DtHistoryEntry *
find_locked (DtHistory   *history,
             const char  *file,
             GError     **error)
{
  DtHistoryEntry *entry;
  gboolean changed;

  if (!history_reload (history, &changed, error))
    return NULL;

  entry = g_hash_table_lookup (history->by_file, file);
  if (entry == NULL)
    {
      g_autofree char *shown = g_filename_display_name (history->dir);

      g_set_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_NOT_FOUND,
                   _("There is no run “%s” in the history folder “%s”"), file, shown);
    }

  return entry;
}

static gboolean
set_note_locked (DtHistory   *history,
                 const char  *file,
                 const char  *note,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *old = NULL;
  DtHistoryEntry *entry;

  entry = find_locked (history, file, error);
  if (entry == NULL)
    return FALSE;

  old = g_steal_pointer (&entry->note);
  entry->note = g_strdup (note != NULL ? note : "");

  if (!write_index (history, &local_error))
    {
      g_autofree char *index = g_filename_display_name (history->index_path);

      /* The list stays what the disk has. */
      g_free (entry->note);
      entry->note = g_steal_pointer (&old);
      g_set_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_IO,
                   _("Could not save the note: the history’s index “%s” could not be updated: %s"),
                   index, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * dt_history_set_note:
 * @history: a history
 * @file: the base name of a run's record file
 * @note: (nullable): the user's note, UTF-8 text; %NULL or "" for none
 * @error: return location for a #GError in %DT_HISTORY_ERROR
 *
 * Sets the note of the run @file and writes the index. The folder is
 * reloaded first (see dt_history_reload()), so that notes and runs others
 * wrote meanwhile are kept.
 *
 * Returns: %TRUE on success; %FALSE with %DT_HISTORY_ERROR_INVALID_NAME,
 *   %DT_HISTORY_ERROR_NOT_FOUND or %DT_HISTORY_ERROR_IO, the note unchanged
 */
gboolean
dt_history_set_note (DtHistory   *history,
                     const char  *file,
                     const char  *note,
                     GError     **error)
{
  gboolean ok;
  int lock;

  g_return_val_if_fail (history != NULL, FALSE);
  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (note == NULL || g_utf8_validate (note, -1, NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_name (file, error))
    return FALSE;

  lock = lock_folder (history);
  ok = set_note_locked (history, file, note, error);
  unlock_folder (lock);

  return ok;
}

static gboolean
delete_locked (DtHistory   *history,
               const char  *file,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *shown = NULL;
  DtHistoryEntry *entry;

  entry = find_locked (history, file, error);
  if (entry == NULL)
    return FALSE;

  path = g_build_filename (history->dir, file, NULL);
  shown = g_filename_display_name (path);

  /* A file another process deleted meanwhile is as good as deleted. */
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_IO,
                   _("Could not delete “%s”: %s"), shown, g_strerror (saved_errno));
      return FALSE;
    }

  g_hash_table_remove (history->by_file, file);
  g_ptr_array_remove (history->entries, entry);

  if (!write_index (history, &local_error))
    {
      g_autofree char *index = g_filename_display_name (history->index_path);

      g_set_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_IO,
                   _("“%s” was deleted, but the history’s index “%s” could not be updated: %s"),
                   shown, index, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * dt_history_delete:
 * @history: a history
 * @file: the base name of a run's record file
 * @error: return location for a #GError in %DT_HISTORY_ERROR
 *
 * Deletes the record file of the run @file and its entry. The folder is
 * reloaded first (see dt_history_reload()); only a file the history lists
 * is deleted, and nothing else.
 *
 * Returns: %TRUE on success; %FALSE with %DT_HISTORY_ERROR_INVALID_NAME,
 *   %DT_HISTORY_ERROR_NOT_FOUND (nothing was deleted) or
 *   %DT_HISTORY_ERROR_IO
 */
gboolean
dt_history_delete (DtHistory   *history,
                   const char  *file,
                   GError     **error)
{
  gboolean ok;
  int lock;

  g_return_val_if_fail (history != NULL, FALSE);
  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_name (file, error))
    return FALSE;

  lock = lock_folder (history);
  ok = delete_locked (history, file, error);
  unlock_folder (lock);

  return ok;
}
