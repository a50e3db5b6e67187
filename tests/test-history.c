/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-history"

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "dt-history.h"
#include "test-tmp.h"

/* Helpers */

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-history-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* A small finished record of @experiment, made at @created. */
static DtRecord *
make_record (const char     *experiment,
             DtRecordStatus  status,
             const char     *created)
{
  DtRecord *record = dt_record_new (experiment);
  DtProvenance *provenance;

  dt_record_fill_provenance (record, 7, 1);
  provenance = dt_record_get_provenance (record);
  g_free (provenance->created);
  provenance->created = g_strdup (created);

  dt_record_add_series (record, "risk", "Risk", DT_STYLE_LINE);
  for (guint i = 0; i < 20; i++)
    dt_record_append_point (record, "risk", i + 1, 1.0 / (i + 1), i % 2 == 0 ? NAN : 0.01 * i);
  dt_record_set_wall_seconds (record, 1.25);
  dt_record_set_status (record, status, status == DT_STATUS_COMPLETE ? NULL : "Stopped at step 17");
  return record;
}

static DtHistory *
open_history (const char *dir)
{
  g_autoptr(GError) error = NULL;
  DtHistory *history = dt_history_open (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (history);
  return history;
}

/* Adds @record and returns a copy of its file name. */
static char *
add_record (DtHistory  *history,
            DtRecord   *record,
            const char *summary)
{
  g_autoptr(GError) error = NULL;
  const DtHistoryEntry *entry = dt_history_add (history, record, summary, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return g_strdup (entry->file);
}

static void
set_note (DtHistory  *history,
          const char *file,
          const char *note)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_history_set_note (history, file, note, &error));
  g_assert_no_error (error);
}

/* The file @file of @history holds exactly what @record writes. */
static void
assert_saved (DtHistory  *history,
              const char *file,
              DtRecord   *record)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = dt_history_get_path (history, file);
  g_autoptr(DtRecord) loaded = dt_record_load (path, &error);
  g_autofree char *expected = NULL;
  g_autofree char *found = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  expected = dt_record_to_data (record, NULL);
  found = dt_record_to_data (loaded, NULL);
  g_assert_cmpstr (found, ==, expected);
}

static void
assert_created (const DtHistoryEntry *entry,
                const char           *iso8601)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (iso8601, NULL);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  g_assert_nonnull (entry->created);
  g_assert_true (g_date_time_equal (entry->created, utc));
  g_assert_cmpint (g_date_time_get_utc_offset (entry->created), ==, g_date_time_get_utc_offset (local));
}

/* The file name prefix of a run made at @iso8601: its local time. */
static char *
name_prefix (const char *iso8601)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (iso8601, NULL);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%Y%m%d-%H%M%S-");
}

static guint64
file_size (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (guint64) st.st_size;
}

static gboolean
file_exists (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
write_file (const char *dir,
            const char *name,
            const char *data,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, length, &error));
  g_assert_no_error (error);
}

static char *
read_file (const char *dir,
           const char *name,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, length, &error));
  g_assert_no_error (error);
  return data;
}

/* How many record files @dir holds. */
static guint
count_records (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, DT_HISTORY_SUFFIX))
      n++;
  return n;
}

/* Tests */

static void
test_add_list (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(DtHistory) history = open_history (dir);
  g_autoptr(DtRecord) complete = make_record ("bias-variance", DT_STATUS_COMPLETE, "2024-05-01T09:30:00Z");
  g_autoptr(DtRecord) cancelled = make_record ("ntk", DT_STATUS_CANCELLED, "2024-05-02T10:00:00.250000Z");
  g_autoptr(DtRecord) failed = make_record ("pruning", DT_STATUS_FAILED, "2024-04-30T23:59:59Z");
  g_autofree char *complete_file = NULL;
  g_autofree char *cancelled_file = NULL;
  g_autofree char *failed_file = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *path = NULL;
  g_autofree char *index = g_build_filename (dir, DT_HISTORY_INDEX, NULL);
  const DtHistoryEntry *entry;

  g_assert_cmpstr (dt_history_get_dir (history), ==, dir);
  g_assert_cmpuint (dt_history_get_n_entries (history), ==, 0);

  complete_file = add_record (history, complete, "n = 200, widths 4…4096");
  cancelled_file = add_record (history, cancelled, "widths 64…2048, t ≤ 100");
  failed_file = add_record (history, failed, NULL);

  /* Named after the local creation time, the experiment and a counter. */
  prefix = name_prefix ("2024-05-01T09:30:00Z");
  g_assert_true (g_str_has_prefix (complete_file, prefix));
  g_assert_true (g_str_has_suffix (complete_file, "-bias-variance-1" DT_HISTORY_SUFFIX));
  g_assert_cmpuint (strlen (complete_file), ==, strlen (prefix) + strlen ("bias-variance-1" DT_HISTORY_SUFFIX));
  g_assert_true (g_str_has_suffix (cancelled_file, "-ntk-1" DT_HISTORY_SUFFIX));
  g_assert_true (g_str_has_suffix (failed_file, "-pruning-1" DT_HISTORY_SUFFIX));

  path = dt_history_get_path (history, complete_file);
  g_assert_true (g_str_has_prefix (path, dir));
  g_assert_true (g_str_has_suffix (path, complete_file));
  g_assert_true (g_file_test (index, G_FILE_TEST_IS_REGULAR));

  for (guint round = 0; round < 2; round++)
    {
      g_assert_cmpuint (dt_history_get_n_entries (history), ==, 3);

      /* Newest first. */
      entry = dt_history_get_entry (history, 0);
      g_assert_cmpstr (entry->file, ==, cancelled_file);
      g_assert_cmpstr (entry->experiment, ==, "ntk");
      g_assert_cmpint (entry->status, ==, DT_STATUS_CANCELLED);
      g_assert_cmpstr (entry->summary, ==, "widths 64…2048, t ≤ 100");
      g_assert_cmpstr (entry->note, ==, "");
      g_assert_cmpuint (entry->size, ==, file_size (dir, cancelled_file));
      assert_created (entry, "2024-05-02T10:00:00.250000Z");
      g_assert_cmpint (g_date_time_get_microsecond (entry->created), ==, 250000);

      entry = dt_history_get_entry (history, 1);
      g_assert_cmpstr (entry->file, ==, complete_file);
      g_assert_cmpstr (entry->experiment, ==, "bias-variance");
      g_assert_cmpint (entry->status, ==, DT_STATUS_COMPLETE);
      g_assert_cmpstr (entry->summary, ==, "n = 200, widths 4…4096");
      g_assert_cmpstr (entry->note, ==, "");
      g_assert_cmpuint (entry->size, ==, file_size (dir, complete_file));
      assert_created (entry, "2024-05-01T09:30:00Z");

      entry = dt_history_get_entry (history, 2);
      g_assert_cmpstr (entry->file, ==, failed_file);
      g_assert_cmpstr (entry->experiment, ==, "pruning");
      g_assert_cmpint (entry->status, ==, DT_STATUS_FAILED);
      g_assert_cmpstr (entry->summary, ==, "");
      g_assert_cmpuint (entry->size, ==, file_size (dir, failed_file));
      assert_created (entry, "2024-04-30T23:59:59Z");

      g_assert_true (dt_history_lookup (history, complete_file) == dt_history_get_entry (history, 1));
      g_assert_null (dt_history_lookup (history, "nothing" DT_HISTORY_SUFFIX));

      assert_saved (history, complete_file, complete);
      assert_saved (history, cancelled_file, cancelled);
      assert_saved (history, failed_file, failed);

      /* The same from the index on the disk; the summaries are only there. */
      g_clear_pointer (&history, dt_history_free);
      history = open_history (dir);
    }

  test_remove_tree (dir);
}

static void
test_no_creation_time (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(DtHistory) history = open_history (dir);
  g_autoptr(DtRecord) record = dt_record_new ("connectivity");
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *file = NULL;
  const DtHistoryEntry *entry;

  /* Without provenance: dated when it is added. An odd id makes a safe name. */
  dt_record_set_status (record, DT_STATUS_COMPLETE, NULL);
  file = add_record (history, record, "");
  after = g_date_time_new_now_utc ();
  entry = dt_history_lookup (history, file);
  g_assert_nonnull (entry);
  g_assert_cmpint (g_date_time_to_unix (entry->created), >=, g_date_time_to_unix (before));
  g_assert_cmpint (g_date_time_to_unix (entry->created), <=, g_date_time_to_unix (after));
  assert_saved (history, file, record);

  g_clear_pointer (&record, dt_record_unref);
  record = dt_record_new ("../we ird/é");
  dt_record_set_status (record, DT_STATUS_FAILED, "no");
  g_clear_pointer (&file, g_free);
  file = add_record (history, record, NULL);
  g_assert_null (strchr (file, '/'));
  g_assert_null (strstr (file, ".."));
  g_assert_true (g_str_has_suffix (file, DT_HISTORY_SUFFIX));
  g_assert_cmpuint (count_records (dir), ==, 2);
  g_assert_cmpstr (dt_history_lookup (history, file)->experiment, ==, "../we ird/é");
  assert_saved (history, file, record);

  test_remove_tree (dir);
}

static void
test_running_refused (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(DtHistory) history = open_history (dir);
  g_autoptr(DtRecord) record = dt_record_new ("ntk");

  g_test_expect_message ("descent-history", G_LOG_LEVEL_CRITICAL, "*DT_STATUS_RUNNING*");
  g_assert_null (dt_history_add (history, record, NULL, NULL));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (count_records (dir), ==, 0);
  g_assert_cmpuint (dt_history_get_n_entries (history), ==, 0);

  test_remove_tree (dir);
}

static void
test_same_second (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(DtHistory) history = open_history (dir);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_record_unref);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  /* Eleven runs of one experiment in the same second (the counter passes
   * 9), and one of another. */
  for (guint i = 0; i < 12; i++)
    {
      DtRecord *record = make_record (i < 11 ? "bias-variance" : "ntk",
                                      DT_STATUS_COMPLETE, "2024-05-01T09:30:00Z");

      dt_record_set_wall_seconds (record, i);
      g_ptr_array_add (records, record);
      g_ptr_array_add (files, add_record (history, record, NULL));
    }

  g_assert_cmpuint (count_records (dir), ==, 12);
  g_assert_cmpuint (dt_history_get_n_entries (history), ==, 12);
  for (guint i = 0; i < 12; i++)
    {
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (g_ptr_array_index (files, i), !=, g_ptr_array_index (files, j));
      g_assert_nonnull (dt_history_lookup (history, g_ptr_array_index (files, i)));
      assert_saved (history, g_ptr_array_index (files, i), g_ptr_array_index (records, i));
    }
  g_assert_true (g_str_has_suffix (g_ptr_array_index (files, 0), "-bias-variance-1" DT_HISTORY_SUFFIX));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (files, 1), "-bias-variance-2" DT_HISTORY_SUFFIX));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (files, 10), "-bias-variance-11" DT_HISTORY_SUFFIX));

  /* Of one time, the later run first: 11 before 10 before 9. */
  g_clear_pointer (&history, dt_history_free);
  history = open_history (dir);
  g_assert_cmpuint (dt_history_get_n_entries (history), ==, 12);
  g_assert_cmpstr (dt_history_get_entry (history, 0)->file, ==, g_ptr_array_index (files, 11));
  for (guint i = 1; i < 12; i++)
    g_assert_cmpstr (dt_history_get_entry (history, i)->file, ==, g_ptr_array_index (files, 11 - i));

  test_remove_tree (dir);
}

static void
test_note_delete (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(DtHistory) history = open_history (dir);
  g_autoptr(DtRecord) first = make_record ("bias-variance", DT_STATUS_COMPLETE, "2024-05-01T09:30:00Z");
  g_autoptr(DtRecord) second = make_record ("pruning", DT_STATUS_FAILED, "2024-05-01T10:30:00Z");
  g_autofree char *first_file = add_record (history, first, "first");
  g_autofree char *second_file = add_record (history, second, "second");
  g_autoptr(GError) error = NULL;
  static const char * const bad_names[] = {
    "../x" DT_HISTORY_SUFFIX, "/etc/passwd", DT_HISTORY_INDEX, ".index.lock", "a/b" DT_HISTORY_SUFFIX,
    DT_HISTORY_SUFFIX, "..", "",
  };

  set_note (history, first_file, "Peak at p = n ✓\nsecond line");
  g_assert_cmpstr (dt_history_lookup (history, first_file)->note, ==, "Peak at p = n ✓\nsecond line");

  g_clear_pointer (&history, dt_history_free);
  history = open_history (dir);
  g_assert_cmpstr (dt_history_lookup (history, first_file)->note, ==, "Peak at p = n ✓\nsecond line");
  g_assert_cmpstr (dt_history_lookup (history, second_file)->note, ==, "");

  /* A note can be cleared. */
  set_note (history, second_file, "temporary");
  set_note (history, second_file, NULL);
  g_assert_cmpstr (dt_history_lookup (history, second_file)->note, ==, "");

  /* Unknown runs and names that are none: errors, and nothing is deleted. */
  g_assert_false (dt_history_delete (history, "20990101-000000-ntk-1" DT_HISTORY_SUFFIX, &error));
  g_assert_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "20990101-000000-ntk-1" DT_HISTORY_SUFFIX));
  g_clear_error (&error);
  g_assert_false (dt_history_set_note (history, "20990101-000000-ntk-1" DT_HISTORY_SUFFIX, "x", &error));
  g_assert_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (bad_names); i++)
    {
      g_assert_false (dt_history_delete (history, bad_names[i], &error));
      g_assert_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_INVALID_NAME);
      g_clear_error (&error);
      g_assert_false (dt_history_set_note (history, bad_names[i], "x", &error));
      g_assert_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_INVALID_NAME);
      g_clear_error (&error);
    }
  g_assert_cmpuint (count_records (dir), ==, 2);
  g_assert_cmpuint (dt_history_get_n_entries (history), ==, 2);
  g_assert_true (file_exists (dir, DT_HISTORY_INDEX));

  g_assert_true (dt_history_delete (history, second_file, &error));
  g_assert_no_error (error);
  g_assert_false (file_exists (dir, second_file));
  g_assert_null (dt_history_lookup (history, second_file));
  g_assert_cmpuint (dt_history_get_n_entries (history), ==, 1);
  g_assert_cmpuint (count_records (dir), ==, 1);

  /* Deleting it again is an error. */
  g_assert_false (dt_history_delete (history, second_file, &error));
  g_assert_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_pointer (&history, dt_history_free);
  history = open_history (dir);
  g_assert_cmpuint (dt_history_get_n_entries (history), ==, 1);
  g_assert_cmpstr (dt_history_get_entry (history, 0)->file, ==, first_file);
  g_assert_cmpstr (dt_history_get_entry (history, 0)->note, ==, "Peak at p = n ✓\nsecond line");
  g_assert_cmpstr (dt_history_get_entry (history, 0)->summary, ==, "first");
  assert_saved (history, first_file, first);

  test_remove_tree (dir);
}

/* A folder with three runs and notes on them; their file names in @files. */
static DtHistory *
make_three (const char *dir,
            GPtrArray  *records,
            GPtrArray  *files)
{
  DtHistory *history = open_history (dir);
  static const char * const experiments[] = { "bias-variance", "ntk", "pruning" };
  static const char * const times[] = {
    "2024-05-01T09:30:00Z", "2024-05-03T09:30:00Z", "2024-05-02T09:30:00Z",
  };
  static const DtRecordStatus statuses[] = { DT_STATUS_COMPLETE, DT_STATUS_CANCELLED, DT_STATUS_FAILED };

  for (guint i = 0; i < 3; i++)
    {
      DtRecord *record = make_record (experiments[i], statuses[i], times[i]);
      char *file = add_record (history, record, "some parameters");
      g_autofree char *note = g_strdup_printf ("note %u", i);

      set_note (history, file, note);
      g_ptr_array_add (records, record);
      g_ptr_array_add (files, file);
    }
  return history;
}

/* @history lists the three runs of make_three(), rebuilt: newest first,
 * right fields, records unchanged. */
static void
assert_three (DtHistory *history,
              GPtrArray *records,
              GPtrArray *files)
{
  static const guint order[] = { 1, 2, 0 };

  g_assert_cmpuint (dt_history_get_n_entries (history), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const DtHistoryEntry *entry = dt_history_get_entry (history, i);
      DtRecord *record = g_ptr_array_index (records, order[i]);

      g_assert_cmpstr (entry->file, ==, g_ptr_array_index (files, order[i]));
      g_assert_cmpstr (entry->experiment, ==, dt_record_get_experiment (record));
      g_assert_cmpint (entry->status, ==, dt_record_get_status (record));
      assert_created (entry, dt_record_get_provenance (record)->created);
      g_assert_cmpuint (entry->size, ==, file_size (dt_history_get_dir (history), entry->file));
      g_assert_nonnull (entry->summary);
      g_assert_nonnull (entry->note);
      assert_saved (history, entry->file, record);
    }
}

static void
test_index_missing (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_record_unref);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DtHistory) history = make_three (dir, records, files);
  g_autofree char *index = g_build_filename (dir, DT_HISTORY_INDEX, NULL);

  g_clear_pointer (&history, dt_history_free);
  g_assert_cmpint (g_remove (index), ==, 0);

  history = open_history (dir);
  assert_three (history, records, files);
  /* What only the index knew is gone; the runs are not. */
  g_assert_cmpstr (dt_history_get_entry (history, 0)->summary, ==, "");
  g_assert_cmpstr (dt_history_get_entry (history, 0)->note, ==, "");

  /* The index was written again, and a note sticks once more. */
  g_assert_true (g_file_test (index, G_FILE_TEST_IS_REGULAR));
  set_note (history, g_ptr_array_index (files, 0), "again");
  g_clear_pointer (&history, dt_history_free);
  history = open_history (dir);
  assert_three (history, records, files);
  g_assert_cmpstr (dt_history_lookup (history, g_ptr_array_index (files, 0))->note, ==, "again");

  test_remove_tree (dir);
}

static void
test_index_garbage (void)
{
  g_autofree char *root = make_temp_dir ();
  g_autofree char *dir = g_build_filename (root, "history", NULL);
  g_autofree char *outside = g_build_filename (root, "outside" DT_HISTORY_SUFFIX, NULL);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_record_unref);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DtHistory) history = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240501);
  g_autofree char *good = NULL;
  g_autofree char *tampered = NULL;
  g_autofree char *partial = NULL;
  char random_bytes[4096];
  gsize good_length;
  struct
  {
    const char *what;
    const char *data;
    gssize      length;
  } cases[] = {
    { "empty", "", 0 },
    { "random bytes", random_bytes, sizeof random_bytes },
    { "truncated", NULL, 0 },
    { "not an object", "[1, 2, 3]", -1 },
    { "a string", "\"descent-history\"", -1 },
    { "null", "null", -1 },
    { "two values", "{\"format\": \"descent-history\", \"entries\": []} {\"format\": 1}", -1 },
    { "no format", "{\"entries\": []}", -1 },
    { "wrong format", "{\"format\": \"descent-record\", \"entries\": []}", -1 },
    { "format not a string", "{\"format\": 3, \"entries\": []}", -1 },
    { "entries an object", "{\"format\": \"descent-history\", \"version\": 1, \"entries\": {\"a\": 1}}", -1 },
    { "entries a string", "{\"format\": \"descent-history\", \"version\": 1, \"entries\": \"x\"}", -1 },
    {
      "entries of wrong types",
      "{\"format\": \"descent-history\", \"version\": 1, \"entries\": "
      "[1, \"x\", null, [], {}, {\"file\": 7}, {\"file\": null}, {\"file\": [\"a\"]}]}", -1,
    },
    { "deep nesting", NULL, 0 },
    { "tampered names", NULL, 0 },
    { "broken fields", NULL, 0 },
  };

  history = make_three (dir, records, files);
  good = read_file (dir, DT_HISTORY_INDEX, &good_length);
  g_clear_pointer (&history, dt_history_free);

  for (guint i = 0; i < sizeof random_bytes; i++)
    random_bytes[i] = (char) g_rand_int_range (rand, 0, 256);
  cases[2].data = good;
  cases[2].length = (gssize) good_length / 2;
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  cases[13].data = deep->str;
  cases[13].length = (gssize) deep->len;

  /* Entries naming files outside the folder or not records, and the three
   * real ones with their notes. */
  tampered = g_strdup_printf ("{\"format\": \"descent-history\", \"version\": 1, \"entries\": ["
                              "{\"file\": \"../outside" DT_HISTORY_SUFFIX "\", \"experiment\": \"ntk\", "
                              "\"created\": \"2024-05-01T09:30:00Z\", \"status\": \"complete\", "
                              "\"summary\": \"\", \"note\": \"\", \"size\": 1},"
                              "{\"file\": \"%s\", \"experiment\": \"ntk\", "
                              "\"created\": \"2024-05-01T09:30:00Z\", \"status\": \"complete\", "
                              "\"summary\": \"\", \"note\": \"\", \"size\": 1},"
                              "{\"file\": \"20990101-000000-gone-1" DT_HISTORY_SUFFIX "\", \"experiment\": \"ntk\", "
                              "\"created\": \"2024-05-01T09:30:00Z\", \"status\": \"complete\", "
                              "\"summary\": \"\", \"note\": \"\", \"size\": 1},"
                              "{\"file\": \"/etc/passwd\"}, {\"file\": \"index.json\"},"
                              "{\"file\": \".index.lock\"}, {\"file\": \"..\"}, {\"file\": \"\"},"
                              "{\"file\": \"%s\", \"note\": \"kept 0\"},"
                              "{\"file\": \"%s\", \"note\": \"kept 1\"},"
                              "{\"file\": \"%s\", \"note\": \"kept 2\"}]}",
                              outside,
                              (char *) g_ptr_array_index (files, 0),
                              (char *) g_ptr_array_index (files, 1),
                              (char *) g_ptr_array_index (files, 2));
  cases[14].data = tampered;
  cases[14].length = -1;

  /* Readable names and notes, but wrong fields: the rest is read again
   * from the records, the notes are kept. */
  partial = g_strdup_printf ("{\"format\": \"descent-history\", \"version\": 1, \"entries\": ["
                             "{\"file\": \"%s\", \"experiment\": 5, \"created\": \"2024-05-01T09:30:00Z\", "
                             "\"status\": \"complete\", \"summary\": \"s\", \"note\": \"kept 0\", \"size\": 1},"
                             "{\"file\": \"%s\", \"experiment\": \"ntk\", \"created\": \"yesterday\", "
                             "\"status\": \"running\", \"summary\": \"s\", \"note\": \"kept 1\", \"size\": -1},"
                             "{\"file\": \"%s\", \"experiment\": \"x\", \"created\": \"2024-05-01T09:30:00Z\", "
                             "\"status\": \"complete\", \"summary\": \"s\", \"note\": \"kept 2\", \"size\": 1},"
                             "{\"file\": \"%s\", \"note\": \"a duplicate\"}]}",
                             (char *) g_ptr_array_index (files, 0),
                             (char *) g_ptr_array_index (files, 1),
                             (char *) g_ptr_array_index (files, 2),
                             (char *) g_ptr_array_index (files, 2));
  cases[15].data = partial;
  cases[15].length = -1;

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *rewritten = NULL;
      g_autofree char *other = NULL;

      g_test_message ("index: %s", cases[c].what);
      write_file (root, "outside" DT_HISTORY_SUFFIX, "outside", -1);
      write_file (dir, DT_HISTORY_INDEX, cases[c].data, cases[c].length);

      history = open_history (dir);
      assert_three (history, records, files);
      g_assert_cmpuint (count_records (dir), ==, 3);
      g_assert_true (g_file_test (outside, G_FILE_TEST_IS_REGULAR));
      g_assert_null (dt_history_lookup (history, "../outside" DT_HISTORY_SUFFIX));

      if (cases[c].data == tampered || cases[c].data == partial)
        for (guint i = 0; i < 3; i++)
          {
            g_autofree char *note = g_strdup_printf ("kept %u", i);

            g_assert_cmpstr (dt_history_lookup (history, g_ptr_array_index (files, i))->note, ==, note);
          }

      /* The names of the damaged index reach no file outside the folder. */
      g_assert_false (dt_history_delete (history, "../outside" DT_HISTORY_SUFFIX, &error));
      g_assert_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_INVALID_NAME);
      g_clear_error (&error);
      g_assert_false (dt_history_delete (history, outside, &error));
      g_assert_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_INVALID_NAME);
      g_clear_error (&error);
      g_assert_true (g_file_test (outside, G_FILE_TEST_IS_REGULAR));
      g_assert_cmpuint (count_records (dir), ==, 3);

      /* The index was rebuilt on the disk, and reads back the same. */
      g_clear_pointer (&history, dt_history_free);
      rewritten = read_file (dir, DT_HISTORY_INDEX, NULL);
      history = open_history (dir);
      assert_three (history, records, files);
      g_clear_pointer (&history, dt_history_free);
      other = read_file (dir, DT_HISTORY_INDEX, NULL);
      g_assert_cmpstr (rewritten, ==, other);
    }

  test_remove_tree (root);
}

static void
test_index_unwritable (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *index = g_build_filename (dir, DT_HISTORY_INDEX, NULL);
  g_autoptr(DtHistory) history = NULL;
  g_autoptr(DtRecord) record = make_record ("ntk", DT_STATUS_COMPLETE, "2024-05-01T09:30:00Z");
  g_autoptr(GError) error = NULL;
  const DtHistoryEntry *entry;
  g_autofree char *file = NULL;

  /* A folder where the index should be: it can be neither read nor written. */
  g_assert_cmpint (g_mkdir (index, 0700), ==, 0);
  history = open_history (dir);
  g_assert_cmpuint (dt_history_get_n_entries (history), ==, 0);

  entry = dt_history_add (history, record, "summary", &error);
  g_assert_null (entry);
  g_assert_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_IO);
  g_assert_nonnull (strstr (error->message, DT_HISTORY_INDEX));
  g_clear_error (&error);

  /* The run is saved and listed all the same. */
  g_assert_cmpuint (count_records (dir), ==, 1);
  g_assert_cmpuint (dt_history_get_n_entries (history), ==, 1);
  file = g_strdup (dt_history_get_entry (history, 0)->file);
  assert_saved (history, file, record);

  /* A note cannot be kept, and says so; the list shows what is on disk. */
  g_assert_false (dt_history_set_note (history, file, "lost", &error));
  g_assert_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_IO);
  g_assert_nonnull (strstr (error->message, DT_HISTORY_INDEX));
  g_clear_error (&error);
  g_assert_cmpstr (dt_history_lookup (history, file)->note, ==, "");

  /* Once the index can be written, the run is in it. */
  g_assert_cmpint (g_rmdir (index), ==, 0);
  g_assert_true (dt_history_reload (history, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dt_history_get_n_entries (history), ==, 1);
  g_assert_cmpstr (dt_history_get_entry (history, 0)->file, ==, file);
  g_assert_true (g_file_test (index, G_FILE_TEST_IS_REGULAR));
  set_note (history, file, "kept");
  g_clear_pointer (&history, dt_history_free);
  history = open_history (dir);
  g_assert_cmpstr (dt_history_lookup (history, file)->note, ==, "kept");

  test_remove_tree (dir);
}

static void
test_not_records (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *sub = g_build_filename (dir, "folder" DT_HISTORY_SUFFIX, NULL);
  g_autofree char *manual = g_build_filename (dir, "manual" DT_HISTORY_SUFFIX, NULL);
  g_autoptr(DtRecord) record = make_record ("connectivity", DT_STATUS_COMPLETE, "2024-05-01T09:30:00Z");
  g_autoptr(DtRecord) added = make_record ("ntk", DT_STATUS_FAILED, "2024-05-02T09:30:00Z");
  g_autoptr(DtHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *added_file = NULL;
  g_autofree char *junk = NULL;
  static const char garbage[] = "{\"format\": \"descent-record\", \"version\": 2, \"experi";

  write_file (dir, "junk" DT_HISTORY_SUFFIX, garbage, -1);
  write_file (dir, "empty" DT_HISTORY_SUFFIX, "", 0);
  write_file (dir, "notes.txt", "not a record", -1);
  write_file (dir, ".hidden" DT_HISTORY_SUFFIX, "{}", -1);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  /* A record put there by hand is listed, without a summary. */
  g_assert_true (dt_record_save (record, manual, &error));
  g_assert_no_error (error);

  history = open_history (dir);
  g_assert_cmpuint (dt_history_get_n_entries (history), ==, 1);
  g_assert_cmpstr (dt_history_get_entry (history, 0)->file, ==, "manual" DT_HISTORY_SUFFIX);
  g_assert_cmpstr (dt_history_get_entry (history, 0)->experiment, ==, "connectivity");
  g_assert_cmpstr (dt_history_get_entry (history, 0)->summary, ==, "");

  added_file = add_record (history, added, "p");
  g_assert_cmpuint (dt_history_get_n_entries (history), ==, 2);
  g_assert_false (dt_history_delete (history, "junk" DT_HISTORY_SUFFIX, &error));
  g_assert_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (dt_history_delete (history, "manual" DT_HISTORY_SUFFIX, &error));
  g_assert_no_error (error);
  g_assert_true (dt_history_reload (history, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dt_history_get_n_entries (history), ==, 1);
  g_assert_cmpstr (dt_history_get_entry (history, 0)->file, ==, added_file);

  /* Everything that is not a listed record is still there, unchanged. */
  junk = read_file (dir, "junk" DT_HISTORY_SUFFIX, NULL);
  g_assert_cmpstr (junk, ==, garbage);
  g_assert_true (file_exists (dir, "empty" DT_HISTORY_SUFFIX));
  g_assert_true (file_exists (dir, "notes.txt"));
  g_assert_true (file_exists (dir, ".hidden" DT_HISTORY_SUFFIX));
  g_assert_true (g_file_test (sub, G_FILE_TEST_IS_DIR));

  /* A file that becomes a record is listed at the next reload. */
  g_clear_pointer (&manual, g_free);
  manual = g_build_filename (dir, "junk" DT_HISTORY_SUFFIX, NULL);
  g_assert_true (dt_record_save (record, manual, &error));
  g_assert_no_error (error);
  g_assert_true (dt_history_reload (history, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dt_history_get_n_entries (history), ==, 2);
  g_assert_nonnull (dt_history_lookup (history, "junk" DT_HISTORY_SUFFIX));

  test_remove_tree (dir);
}

static void
test_two_writers (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(DtHistory) first = open_history (dir);
  g_autoptr(DtHistory) second = open_history (dir);
  g_autoptr(DtHistory) third = NULL;
  g_autoptr(DtRecord) a = make_record ("bias-variance", DT_STATUS_COMPLETE, "2024-05-01T09:30:00Z");
  g_autoptr(DtRecord) b = make_record ("ntk", DT_STATUS_COMPLETE, "2024-05-01T09:31:00Z");
  g_autofree char *a_file = add_record (first, a, "from the first");
  g_autofree char *b_file = NULL;

  /* The second has not seen the first's run, and adds one of its own. */
  g_assert_cmpuint (dt_history_get_n_entries (second), ==, 0);
  b_file = add_record (second, b, "from the second");
  g_assert_cmpuint (dt_history_get_n_entries (second), ==, 2);
  set_note (second, b_file, "note of the second");

  /* The first's note keeps the second's run and note. */
  g_assert_cmpuint (dt_history_get_n_entries (first), ==, 1);
  set_note (first, a_file, "note of the first");
  g_assert_cmpuint (dt_history_get_n_entries (first), ==, 2);
  g_assert_cmpstr (dt_history_lookup (first, b_file)->note, ==, "note of the second");

  third = open_history (dir);
  g_assert_cmpuint (dt_history_get_n_entries (third), ==, 2);
  g_assert_cmpstr (dt_history_lookup (third, a_file)->note, ==, "note of the first");
  g_assert_cmpstr (dt_history_lookup (third, a_file)->summary, ==, "from the first");
  g_assert_cmpstr (dt_history_lookup (third, b_file)->note, ==, "note of the second");
  g_assert_cmpstr (dt_history_lookup (third, b_file)->summary, ==, "from the second");

  /* A deletion by one is seen by the other's next change. */
  g_assert_true (dt_history_delete (third, a_file, NULL));
  set_note (second, b_file, "changed");
  g_assert_cmpuint (dt_history_get_n_entries (second), ==, 1);
  g_assert_true (dt_history_reload (first, NULL));
  g_assert_cmpuint (dt_history_get_n_entries (first), ==, 1);
  g_assert_cmpstr (dt_history_get_entry (first, 0)->note, ==, "changed");

  test_remove_tree (dir);
}

static void
test_open_errors (void)
{
  g_autofree char *root = make_temp_dir ();
  g_autofree char *file = g_build_filename (root, "file", NULL);
  g_autofree char *under_file = g_build_filename (file, "history", NULL);
  g_autofree char *nested = g_build_filename (root, "a", "b", "history", NULL);
  g_autoptr(DtHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  write_file (root, "file", "a regular file", -1);

  history = dt_history_open (under_file, &error);
  g_assert_null (history);
  g_assert_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_IO);
  g_assert_nonnull (strstr (error->message, under_file));
  g_clear_error (&error);

  history = dt_history_open (file, &error);
  g_assert_null (history);
  g_assert_error (error, DT_HISTORY_ERROR, DT_HISTORY_ERROR_IO);
  g_assert_nonnull (strstr (error->message, file));
  g_clear_error (&error);

  /* Missing parents are made, private to the user. */
  history = open_history (nested);
  g_assert_cmpint (g_stat (nested, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  test_remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history/add-list", test_add_list);
  g_test_add_func ("/history/no-creation-time", test_no_creation_time);
  g_test_add_func ("/history/running-refused", test_running_refused);
  g_test_add_func ("/history/same-second", test_same_second);
  g_test_add_func ("/history/note-delete", test_note_delete);
  g_test_add_func ("/history/index-missing", test_index_missing);
  g_test_add_func ("/history/index-garbage", test_index_garbage);
  g_test_add_func ("/history/index-unwritable", test_index_unwritable);
  g_test_add_func ("/history/not-records", test_not_records);
  g_test_add_func ("/history/two-writers", test_two_writers);
  g_test_add_func ("/history/open-errors", test_open_errors);

  return g_test_run ();
}
