/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-history"

/*
 * The app's run history: a DtHistory shared by the windows of the app,
 * with its record writes (which fsync, and can be megabytes) done on a
 * worker thread so that the main loop never waits for the disk, and a
 * "changed" signal on the main thread whenever the list changed.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "descent-history.h"

struct _DescentHistory
{
  GObject    parent_instance;

  char      *dir;
  /* Guards @history: the worker adds while the main thread lists. */
  GMutex     lock;
  DtHistory *history;
  char      *error;
  guint      n_pending;
};

G_DEFINE_FINAL_TYPE (DescentHistory, descent_history, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  DtRecord *record;
  char     *summary;
} AddData;

static void
add_data_free (gpointer data)
{
  AddData *add = data;

  dt_record_unref (add->record);
  g_free (add->summary);
  g_free (add);
}

/* Opens the folder on first use, so that a folder that could not be made
 * at startup is tried again. Called with the lock held. */
static DtHistory *
descent_history_ensure (DescentHistory  *self,
                        GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->history != NULL)
    return self->history;

  self->history = dt_history_open (self->dir, &local_error);
  g_clear_pointer (&self->error, g_free);
  if (self->history == NULL)
    {
      self->error = g_strdup (local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }

  return self->history;
}

static void
descent_history_dispose (GObject *object)
{
  DescentHistory *self = DESCENT_HISTORY (object);

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->history, dt_history_free);
  g_mutex_unlock (&self->lock);

  G_OBJECT_CLASS (descent_history_parent_class)->dispose (object);
}

static void
descent_history_finalize (GObject *object)
{
  DescentHistory *self = DESCENT_HISTORY (object);

  g_mutex_clear (&self->lock);
  g_free (self->dir);
  g_free (self->error);

  G_OBJECT_CLASS (descent_history_parent_class)->finalize (object);
}

static void
descent_history_class_init (DescentHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = descent_history_dispose;
  object_class->finalize = descent_history_finalize;

  /**
   * DescentHistory::changed:
   * @self: the history
   *
   * Emitted on the main thread after a run was added, a note set or a run
   * deleted.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
descent_history_init (DescentHistory *self)
{
  g_mutex_init (&self->lock);
}

/**
 * descent_history_new:
 * @dir: the history folder, made if missing
 *
 * Returns: (transfer full): the history of @dir; a folder that cannot be
 *   opened gives an empty history whose descent_history_get_error() says
 *   why, and whose adds fail with that reason
 */
DescentHistory *
descent_history_new (const char *dir)
{
  DescentHistory *self;

  g_return_val_if_fail (dir != NULL, NULL);

  self = g_object_new (DESCENT_TYPE_HISTORY, NULL);
  self->dir = g_strdup (dir);

  g_mutex_lock (&self->lock);
  descent_history_ensure (self, NULL);
  g_mutex_unlock (&self->lock);

  return self;
}

/**
 * descent_history_get_dir:
 * @self: a history
 *
 * Returns: the history folder
 */
const char *
descent_history_get_dir (DescentHistory *self)
{
  g_return_val_if_fail (DESCENT_IS_HISTORY (self), NULL);

  return self->dir;
}

/**
 * descent_history_get_error:
 * @self: a history
 *
 * Returns: (nullable): why the folder could not be opened, or %NULL
 */
const char *
descent_history_get_error (DescentHistory *self)
{
  g_return_val_if_fail (DESCENT_IS_HISTORY (self), NULL);

  return self->error;
}

/**
 * descent_history_dup_entries:
 * @self: a history
 *
 * Returns: (transfer container) (element-type DtHistoryEntry): copies of
 *   the runs, newest first
 */
GPtrArray *
descent_history_dup_entries (DescentHistory *self)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_history_entry_free);

  g_return_val_if_fail (DESCENT_IS_HISTORY (self), entries);

  g_mutex_lock (&self->lock);
  if (self->history != NULL)
    for (guint i = 0; i < dt_history_get_n_entries (self->history); i++)
      g_ptr_array_add (entries, dt_history_entry_copy (dt_history_get_entry (self->history, i)));
  g_mutex_unlock (&self->lock);

  return entries;
}

/**
 * descent_history_get_path:
 * @self: a history
 * @file: the file name of a run
 *
 * Returns: (transfer full): the full path of @file
 */
char *
descent_history_get_path (DescentHistory *self,
                          const char     *file)
{
  g_return_val_if_fail (DESCENT_IS_HISTORY (self), NULL);
  g_return_val_if_fail (file != NULL, NULL);

  return g_build_filename (self->dir, file, NULL);
}

static void
add_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  DescentHistory *self = source_object;
  AddData *add = task_data;
  g_autoptr(GError) error = NULL;
  const DtHistoryEntry *entry = NULL;
  char *file = NULL;

  g_mutex_lock (&self->lock);
  if (descent_history_ensure (self, &error) != NULL)
    entry = dt_history_add (self->history, add->record, add->summary, &error);
  if (entry != NULL)
    file = g_strdup (entry->file);
  g_mutex_unlock (&self->lock);

  if (file != NULL)
    g_task_return_pointer (task, file, g_free);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* The inner task ended: the list changed (or the add failed), and the
 * caller's task gets its result. */
static void
add_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  DescentHistory *self = DESCENT_HISTORY (source);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GError) error = NULL;
  char *file = g_task_propagate_pointer (G_TASK (result), &error);
  GApplication *application = g_application_get_default ();

  self->n_pending--;
  g_signal_emit (self, signals[CHANGED], 0);

  if (file != NULL)
    g_task_return_pointer (outer, file, g_free);
  else
    g_task_return_error (outer, g_steal_pointer (&error));

  if (application != NULL)
    g_application_release (application);
}

/**
 * descent_history_add_async:
 * @self: a history
 * @record: a finished, stopped or failed run
 * @summary: its key parameters, one line
 * @callback: (nullable): called on the main thread once it is saved
 * @user_data: for @callback
 *
 * Saves @record into the history on a worker thread. The application is
 * held until it is written.
 */
void
descent_history_add_async (DescentHistory      *self,
                           DtRecord            *record,
                           const char          *summary,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GApplication *application = g_application_get_default ();
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) task = NULL;
  AddData *add;

  g_return_if_fail (DESCENT_IS_HISTORY (self));
  g_return_if_fail (record != NULL);

  add = g_new0 (AddData, 1);
  add->record = dt_record_ref (record);
  add->summary = g_strdup (summary != NULL ? summary : "");

  outer = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (outer, descent_history_add_async);
  task = g_task_new (self, NULL, add_done_cb, g_steal_pointer (&outer));
  g_task_set_task_data (task, add, add_data_free);

  self->n_pending++;
  if (application != NULL)
    g_application_hold (application);
  g_task_run_in_thread (task, add_thread);
}

/**
 * descent_history_add_finish:
 * @self: a history
 * @result: the result passed to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the file name of the saved run, or
 *   %NULL with @error set
 */
char *
descent_history_add_finish (DescentHistory  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * descent_history_get_n_pending:
 * @self: a history
 *
 * Returns: the number of runs being written
 */
guint
descent_history_get_n_pending (DescentHistory *self)
{
  g_return_val_if_fail (DESCENT_IS_HISTORY (self), 0);

  return self->n_pending;
}

/**
 * descent_history_set_note:
 * @self: a history
 * @file: the file name of a run
 * @note: its note; "" for none
 * @error: return location for an error
 *
 * Returns: %TRUE if the note was kept
 */
gboolean
descent_history_set_note (DescentHistory  *self,
                          const char      *file,
                          const char      *note,
                          GError         **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (DESCENT_IS_HISTORY (self), FALSE);

  g_mutex_lock (&self->lock);
  if (descent_history_ensure (self, error) != NULL)
    ok = dt_history_set_note (self->history, file, note, error);
  g_mutex_unlock (&self->lock);

  if (ok)
    g_signal_emit (self, signals[CHANGED], 0);

  return ok;
}

/**
 * descent_history_delete:
 * @self: a history
 * @file: the file name of a run
 * @error: return location for an error
 *
 * Deletes the run's record file and its entry.
 *
 * Returns: %TRUE on success
 */
gboolean
descent_history_delete (DescentHistory  *self,
                        const char      *file,
                        GError         **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (DESCENT_IS_HISTORY (self), FALSE);

  g_mutex_lock (&self->lock);
  if (descent_history_ensure (self, error) != NULL)
    ok = dt_history_delete (self->history, file, error);
  g_mutex_unlock (&self->lock);

  if (ok)
    g_signal_emit (self, signals[CHANGED], 0);

  return ok;
}

/**
 * descent_history_reload:
 * @self: a history
 * @error: return location for an error
 *
 * Reads the folder again, for runs other windows or instances added.
 *
 * Returns: %TRUE on success
 */
gboolean
descent_history_reload (DescentHistory  *self,
                        GError         **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (DESCENT_IS_HISTORY (self), FALSE);

  g_mutex_lock (&self->lock);
  if (descent_history_ensure (self, error) != NULL)
    ok = dt_history_reload (self->history, error);
  g_mutex_unlock (&self->lock);

  g_signal_emit (self, signals[CHANGED], 0);

  return ok;
}
