/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-window"

/*
 * DescentWindow and the run history: every run a page makes is saved into
 * the application's history as it ends, and closing the window during a
 * run asks first (Stop and Close / Cancel), then closes once the stopped
 * run is saved.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "descent-window-private.h"
#include "descent-window-test.h"
#include "descent-history.h"
#include "descent-history-window.h"

static DescentHistory *
descent_window_get_history (DescentWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (!DESCENT_IS_APPLICATION (application))
    return NULL;

  return descent_application_get_history (DESCENT_APPLICATION (application));
}

/* The key parameters of a run, for the history list: the ones that differ
 * from the defaults. */
static char *
describe_params (DtRecord           *record,
                 const DtExperiment *experiment)
{
  g_autoptr(DtParams) params = dt_record_dup_params (record, experiment, NULL);
  g_auto(GStrv) changed = NULL;

  if (params == NULL)
    return g_strdup ("");

  changed = dt_params_dup_changed (params);
  if (changed[0] == NULL)
    return g_strdup (_("default parameters"));

  return g_strjoinv (", ", changed);
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GWeakRef, weak_ref_free)

static void
history_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GWeakRef) ref = user_data;
  g_autoptr(DescentWindow) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autofree char *file = descent_history_add_finish (DESCENT_HISTORY (source), result, &error);

  if (self == NULL)
    return;

  if (file == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The run could not be kept in the history: %s"),
                                                  error->message);

      descent_window_show_error (self, message);

      /* the window stays, with the run, so that it can still be saved */
      if (self->close_after_run)
        {
          self->close_after_run = FALSE;
          gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
        }
      return;
    }

  if (self->close_after_run && descent_window_get_running_page (self) == NULL)
    gtk_window_close (GTK_WINDOW (self));
}

/**
 * descent_window_save_to_history:
 * @self: a window
 * @page: a page whose run just ended
 *
 * Saves the page's run into the history, unless live mode stopped it for
 * a newer run of changed parameters.
 */
void
descent_window_save_to_history (DescentWindow         *self,
                                DescentExperimentPage *page)
{
  DescentHistory *history = descent_window_get_history (self);
  g_autoptr(DtRecord) record = descent_experiment_page_get_record (page);
  g_autofree char *summary = NULL;
  GWeakRef *ref;

  if (history == NULL || record == NULL || descent_experiment_page_is_restarting (page))
    {
      if (self->close_after_run && descent_window_get_running_page (self) == NULL)
        gtk_window_close (GTK_WINDOW (self));
      return;
    }

  summary = describe_params (record, descent_experiment_page_get_experiment (page));
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  descent_history_add_async (history, record, summary, history_saved_cb, ref);
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   DescentWindow    *self)
{
  DescentExperimentPage *running = descent_window_get_running_page (self);

  if (self->question == GTK_WIDGET (dialog))
    self->question = NULL;

  if (!g_str_equal (response, DESCENT_RESPONSE_STOP))
    return;

  if (running == NULL)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  /* The window goes once the stopped run is saved (history_saved_cb). */
  self->close_after_run = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  descent_experiment_page_stop (running);
}

/**
 * descent_window_confirm_close:
 * @self: a window
 *
 * Asks before closing while a run works.
 *
 * Returns: %TRUE if the window is to stay open for now (it asked, or it
 *   waits for a stopped run), %FALSE if it may close
 */
gboolean
descent_window_confirm_close (DescentWindow *self)
{
  DescentExperimentPage *running = descent_window_get_running_page (self);
  const DtExperiment *experiment;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->close_after_run)
    return running != NULL;

  if (running == NULL)
    return FALSE;

  if (self->question != NULL)
    gtk_window_destroy (GTK_WINDOW (self->question));

  experiment = descent_experiment_page_get_experiment (running);
  body = g_strdup_printf (_("The run of “%s” is not finished. Stopping keeps what it has "
                            "computed so far in the run history."),
                          descent_window_translate (experiment->title));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Stop the Run and Close?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    DESCENT_RESPONSE_CANCEL, _("_Cancel"),
                                    DESCENT_RESPONSE_STOP, _("_Stop and Close"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), DESCENT_RESPONSE_STOP,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), DESCENT_RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), DESCENT_RESPONSE_CANCEL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);

  self->question = dialog;
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static void
history_open_cb (DescentWindow *self,
                 const char    *path)
{
  g_autoptr(GError) error = NULL;

  if (!descent_window_open_path (self, path, &error))
    descent_window_show_error (self, error->message);
  gtk_window_present (GTK_WINDOW (self));
}

static void
history_overlay_cb (DescentWindow *self,
                    const char    *path)
{
  g_autoptr(GError) error = NULL;

  if (!descent_window_overlay_path (self, path, &error))
    descent_window_show_error (self, error->message);
  gtk_window_present (GTK_WINDOW (self));
}

/* Shows the run's parameters on its page and runs them. */
static void
history_rerun_cb (DescentWindow *self,
                  const char    *path)
{
  g_autoptr(GError) error = NULL;

  if (descent_window_get_running_page (self) != NULL)
    {
      descent_window_show_error (self, _("A run is in progress; stop it before running another"));
      return;
    }
  if (!descent_window_open_path (self, path, &error))
    {
      descent_window_show_error (self, error->message);
      return;
    }

  descent_window_run_page (self, descent_window_get_visible_page (self));
  gtk_window_present (GTK_WINDOW (self));
}

/**
 * descent_window_show_history:
 * @self: a window
 *
 * Opens the run history window, or brings it to the front.
 *
 * Returns: (transfer none) (nullable): the history window, %NULL when the
 *   window has no application
 */
GtkWidget *
descent_window_show_history (DescentWindow *self)
{
  DescentHistory *history = descent_window_get_history (self);

  if (history == NULL)
    return NULL;

  if (self->history_window == NULL)
    {
      self->history_window = descent_history_window_new (GTK_WINDOW (self), history);
      g_object_add_weak_pointer (G_OBJECT (self->history_window), (gpointer *) &self->history_window);
      g_signal_connect_object (self->history_window, "open-run", G_CALLBACK (history_open_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->history_window, "overlay-run", G_CALLBACK (history_overlay_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->history_window, "rerun", G_CALLBACK (history_rerun_cb), self,
                               G_CONNECT_SWAPPED);
    }

  gtk_window_present (GTK_WINDOW (self->history_window));

  return self->history_window;
}
