/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dt-record.h"

G_BEGIN_DECLS

#define DT_HISTORY_ERROR (dt_history_error_quark ())

/* The index of a history folder, beside its record files. */
#define DT_HISTORY_INDEX "index.json"

/* How the names of the record files of a history folder end. */
#define DT_HISTORY_SUFFIX ".descent.json"

/**
 * DtHistoryError:
 * @DT_HISTORY_ERROR_IO: the folder, a record file or the index could not
 *   be created, read, written or deleted
 * @DT_HISTORY_ERROR_NOT_FOUND: the history has no run of that name
 * @DT_HISTORY_ERROR_INVALID_NAME: the name is not that of a record file in
 *   the folder (it has a '/', "..", or not the record suffix)
 */
typedef enum
{
  DT_HISTORY_ERROR_IO,
  DT_HISTORY_ERROR_NOT_FOUND,
  DT_HISTORY_ERROR_INVALID_NAME,
} DtHistoryError;

/**
 * DtHistoryEntry:
 * @file: the base name of the record file in the folder
 * @experiment: the id of the experiment of the run
 * @created: when the run was made, in local time
 * @status: %DT_STATUS_COMPLETE, %DT_STATUS_CANCELLED or %DT_STATUS_FAILED
 * @summary: the key parameters of the run, one line given when it was
 *   added; "" for a run found in the folder without an index entry
 * @note: the user's note, "" if none
 * @size: the size of the record file in bytes
 *
 * One run of a history, as its index lists it. Owned by the #DtHistory and
 * read-only.
 */
typedef struct
{
  char           *file;
  char           *experiment;
  GDateTime      *created;
  DtRecordStatus  status;
  char           *summary;
  char           *note;
  guint64         size;
} DtHistoryEntry;

typedef struct _DtHistory DtHistory;

DtHistoryEntry       *dt_history_entry_copy    (const DtHistoryEntry *entry);
void                  dt_history_entry_free    (DtHistoryEntry       *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtHistoryEntry, dt_history_entry_free)

GQuark                dt_history_error_quark   (void);

DtHistory            *dt_history_open          (const char     *dir,
                                                GError        **error);
void                  dt_history_free          (DtHistory      *history);

const char           *dt_history_get_dir       (DtHistory      *history);
gboolean              dt_history_reload        (DtHistory      *history,
                                                GError        **error);

guint                 dt_history_get_n_entries (DtHistory      *history);
const DtHistoryEntry *dt_history_get_entry     (DtHistory      *history,
                                                guint           index);
const DtHistoryEntry *dt_history_lookup        (DtHistory      *history,
                                                const char     *file);
char                 *dt_history_get_path      (DtHistory      *history,
                                                const char     *file);

const DtHistoryEntry *dt_history_add           (DtHistory      *history,
                                                DtRecord       *record,
                                                const char     *summary,
                                                GError        **error);
gboolean              dt_history_set_note      (DtHistory      *history,
                                                const char     *file,
                                                const char     *note,
                                                GError        **error);
gboolean              dt_history_delete        (DtHistory      *history,
                                                const char     *file,
                                                GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtHistory, dt_history_free)

G_END_DECLS
