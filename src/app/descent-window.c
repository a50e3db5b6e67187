/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-window"

#include "config.h"

/*
 * The window object: its construction, properties, title, sidebar and
 * pages, the banner, and the state kept in the settings. The actions are
 * in descent-window-actions.c, file handling in descent-window-files.c and
 * drag and drop in descent-window-dnd.c.
 */

#include <glib/gi18n.h>

#include "descent-flap.h"
#include "descent-welcome.h"
#include "descent-window-private.h"
#include "descent-window-test.h"
#include "descent-notify-watch.h"
#include "dt-registry.h"

/* Runs at least this long tell the user they ended when the window is in
 * the background. */
#define NOTIFY_AFTER_SECONDS 10.0

G_DEFINE_FINAL_TYPE (DescentWindow, descent_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LIVE_MODE,
  PROP_DETAILS_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
descent_window_translate (const char *text)
{
  return text != NULL && *text != '\0' ? g_dgettext (GETTEXT_PACKAGE, text) : "";
}

void
descent_window_hide_banner (DescentWindow *self)
{
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

/* Errors stay in the banner above the page until dismissed, so that they
 * can be read and copied; confirmations are toasts. */
static void
descent_window_show_banner (DescentWindow *self,
                            const char    *message)
{
  gtk_widget_add_css_class (gtk_revealer_get_child (self->banner_revealer), "error");
  gtk_label_set_text (self->banner_label, message);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

/**
 * descent_window_show_toast:
 * @self: a window
 * @message: what was done, e.g. “Saved “run.descent.json””
 * @button_label: (nullable): the label of a button that opens @path
 * @path: (nullable): a file or folder the button opens
 *
 * Shows a confirmation at the bottom of the window for a few seconds.
 */
void
descent_window_show_toast (DescentWindow *self,
                           const char    *message,
                           const char    *button_label,
                           const char    *path)
{
  AdwToast *toast = adw_toast_new (message);

  if (button_label != NULL && path != NULL)
    {
      g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

      if (uri != NULL)
        {
          adw_toast_set_button_label (toast, button_label);
          adw_toast_set_action_name (toast, "win.launch");
          adw_toast_set_action_target (toast, "s", uri);
        }
    }

  g_set_object (&self->last_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
banner_close_clicked_cb (DescentWindow *self)
{
  descent_window_hide_banner (self);
}

static void
descent_window_update_title (DescentWindow *self)
{
  DescentExperimentPage *page = descent_window_get_visible_page (self);

  if (page != NULL)
    {
      const DtExperiment *experiment = descent_experiment_page_get_experiment (page);

      adw_window_title_set_subtitle (self->window_title, descent_window_translate (experiment->title));
    }
  else
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
    }
}

static void
stack_visible_child_cb (DescentWindow *self)
{
  DescentExperimentPage *page = descent_window_get_visible_page (self);

  descent_window_update_title (self);
  descent_window_update_actions (self);

  if (page != NULL && self->settings != NULL)
    g_settings_set_string (self->settings, "last-experiment",
                           descent_experiment_page_get_experiment (page)->id);
}

static void
sidebar_row_selected_cb (DescentWindow *self,
                         GtkListBoxRow *row)
{
  const char *id;

  if (row == NULL)
    return;

  gtk_list_box_set_selection_mode (self->sidebar, GTK_SELECTION_BROWSE);
  id = g_object_get_data (G_OBJECT (row), "experiment-id");
  if (id != NULL)
    gtk_stack_set_visible_child_name (self->stack, id);

  /* on a narrow window the sidebar covers the page: choosing closes it */
  if (adw_flap_get_folded (self->sidebar_flap))
    adw_flap_set_reveal_flap (self->sidebar_flap, FALSE);
}

/* While a page runs, its sidebar row spins and the other pages say so. */
static void
descent_window_update_running (DescentWindow *self)
{
  DescentExperimentPage *running = descent_window_get_running_page (self);
  const char *title = running != NULL
                      ? descent_window_translate (descent_experiment_page_get_experiment (running)->title) : NULL;

  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar, i);
      DescentExperimentPage *page;
      GtkWidget *spinner;
      gboolean runs;

      if (row == NULL)
        break;

      page = descent_window_get_page (self, g_object_get_data (G_OBJECT (row), "experiment-id"));
      spinner = g_object_get_data (G_OBJECT (row), "spinner");
      runs = page != NULL && page == running;
      gtk_widget_set_visible (spinner, runs);
      gtk_spinner_set_spinning (GTK_SPINNER (spinner), runs);
      if (page != NULL)
        descent_experiment_page_set_run_elsewhere (page, runs ? NULL : title);
    }
}

static void
page_state_changed_cb (DescentWindow *self)
{
  descent_window_update_actions (self);
  descent_window_update_running (self);
}

static void
page_run_finished_cb (DescentWindow         *self,
                      double                 seconds,
                      int                    status,
                      DescentExperimentPage *page)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  const DtExperiment *experiment = descent_experiment_page_get_experiment (page);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;
  const char *what;

  descent_window_save_to_history (self, page);

  if (application == NULL || seconds < self->notify_after || gtk_window_is_active (GTK_WINDOW (self)))
    return;

  switch (status)
    {
    case DT_STATUS_COMPLETE:
      what = _("complete");
      break;
    case DT_STATUS_CANCELLED:
      what = _("stopped early");
      break;
    default:
      what = _("failed");
      break;
    }

  /* Translators: a notification: experiment title — complete, stopped early or failed */
  body = g_strdup_printf (_("%s — %s"), descent_window_translate (experiment->title), what);
  notification = g_notification_new (_("Run finished"));
  g_notification_set_body (notification, body);

  /* GApplication's notification backends talk over its session bus
   * connection: without one (no bus, a test) or without a notification
   * service on it there is no one to tell, and GLib would warn. */
  if (self->notify_watch == NULL || !descent_notify_watch_available (self->notify_watch))
    {
      g_debug ("No notification service: run-finished notification not sent");
      return;
    }

  g_application_send_notification (application, "run-finished", notification);
  self->n_notifications++;
}

static GtkWidget *
create_sidebar_row (const DtExperiment *experiment)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (descent_window_translate (experiment->title));
  GtkWidget *summary = gtk_label_new (descent_window_translate (experiment->summary));
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_widget_add_css_class (box, "sidebar-row");

  /* shown while this experiment runs (descent_window_update_running) */
  gtk_widget_set_visible (spinner, FALSE);
  gtk_widget_set_valign (spinner, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (spinner, _("Running"));
  g_object_set_data (G_OBJECT (row), "spinner", spinner);

  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "experiment-title");

  gtk_label_set_xalign (GTK_LABEL (summary), 0.0);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (summary), 28);
  gtk_widget_add_css_class (summary, "experiment-summary");
  gtk_widget_add_css_class (summary, "dim-label");

  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (heading), title);
  gtk_box_append (GTK_BOX (heading), spinner);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), summary);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "experiment-id", g_strdup (experiment->id), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, descent_window_translate (experiment->title),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, descent_window_translate (experiment->summary),
                                  -1);

  return row;
}

static void
descent_window_add_experiments (DescentWindow *self)
{
  guint n = dt_registry_get_n_experiments ();

  for (guint i = 0; i < n; i++)
    {
      const DtExperiment *experiment = dt_registry_get_experiment (i);
      DescentExperimentPage *page = descent_experiment_page_new (experiment);

      g_signal_connect_object (page, "notify::running",
                               G_CALLBACK (page_state_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "notify::has-result",
                               G_CALLBACK (page_state_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "notify::params-valid",
                               G_CALLBACK (page_state_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "run-finished",
                               G_CALLBACK (page_run_finished_cb), self, G_CONNECT_SWAPPED);

      gtk_stack_add_titled (self->stack, GTK_WIDGET (page), experiment->id,
                            descent_window_translate (experiment->title));
      gtk_list_box_append (self->sidebar, create_sidebar_row (experiment));
    }
}

static void
welcome_run_default_cb (DescentWindow *self,
                        const char    *experiment_id)
{
  DescentExperimentPage *page = descent_window_get_page (self, experiment_id);

  if (page == NULL)
    return;

  descent_window_show_experiment (self, experiment_id);
  if (descent_window_get_running_page (self) == NULL)
    descent_experiment_page_reset_params (page);
  descent_window_run_page (self, page);
}

static void
welcome_open_example_cb (DescentWindow *self,
                         const char    *path)
{
  g_autoptr(GError) error = NULL;

  if (!descent_window_open_path (self, path, &error))
    descent_window_show_error (self, error->message);
}

static void
descent_window_add_welcome (DescentWindow *self)
{
  g_autofree char *examples = descent_window_dup_examples_dir ();
  GtkWidget *welcome = descent_welcome_new (examples);

  g_signal_connect_object (welcome, "run-default", G_CALLBACK (welcome_run_default_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (welcome, "open-example", G_CALLBACK (welcome_open_example_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_titled (self->stack, welcome, "welcome", _("Welcome"));
}

/**
 * descent_window_show_welcome:
 * @self: a window
 *
 * Shows the welcome page, which explains the experiments.
 */
void
descent_window_show_welcome (DescentWindow *self)
{
  g_return_if_fail (DESCENT_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->stack, "welcome");
  /* no experiment is shown: no row is selected (browse mode keeps one) */
  gtk_list_box_set_selection_mode (self->sidebar, GTK_SELECTION_SINGLE);
  gtk_list_box_unselect_all (self->sidebar);
}

static GtkListBoxRow *
descent_window_find_row (DescentWindow *self,
                         const char    *experiment_id)
{
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar, i);

      if (row == NULL)
        return NULL;
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "experiment-id"), experiment_id) == 0)
        return row;
    }
}

/* Settings: the a{sa{ss}} "last-params" maps experiment id → key → text. */
static void
descent_window_restore_params (DescentWindow *self)
{
  g_autoptr(GVariant) all = g_settings_get_value (self->settings, "last-params");
  GVariantIter iter;
  const char *id;
  GVariant *values;

  g_variant_iter_init (&iter, all);
  while (g_variant_iter_loop (&iter, "{&s@a{ss}}", &id, &values))
    {
      DescentExperimentPage *page = descent_window_get_page (self, id);
      GVariantIter value_iter;
      const char *key;
      const char *text;

      if (page == NULL)
        continue;

      /* Keys that vanished or values now out of range fall back to defaults. */
      g_variant_iter_init (&value_iter, values);
      while (g_variant_iter_next (&value_iter, "{&s&s}", &key, &text))
        descent_experiment_page_set_param (page, key, text, NULL);
    }
}

static void
descent_window_store_params (DescentWindow *self)
{
  GVariantBuilder builder;
  GtkWidget *child;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sa{ss}}"));

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      DescentExperimentPage *page;
      g_autoptr(DtParams) params = NULL;
      GVariantBuilder values;

      if (!DESCENT_IS_EXPERIMENT_PAGE (child))
        continue;

      page = DESCENT_EXPERIMENT_PAGE (child);
      params = descent_experiment_page_get_params (page);

      g_variant_builder_init (&values, G_VARIANT_TYPE ("a{ss}"));
      for (guint i = 0; i < dt_params_get_n_specs (params); i++)
        {
          const DtParamSpec *spec = dt_params_get_spec (params, i);
          g_autofree char *text = dt_params_to_string (params, spec->key);

          if (text != NULL)
            g_variant_builder_add (&values, "{ss}", spec->key, text);
        }

      g_variant_builder_add (&builder, "{sa{ss}}",
                             descent_experiment_page_get_experiment (page)->id, &values);
    }

  g_settings_set_value (self->settings, "last-params", g_variant_builder_end (&builder));
}

/* The "threads" preference: the default of every page's threads
 * parameter; 0 means one thread per processor core. */
static void
descent_window_apply_threads (DescentWindow *self)
{
  int threads = g_settings_get_int (self->settings, "threads");

  if (threads <= 0)
    threads = (int) g_get_num_processors ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autoptr(DtParams) params = NULL;
      const DtParamSpec *spec;
      g_autofree char *text = NULL;

      if (!DESCENT_IS_EXPERIMENT_PAGE (child))
        continue;

      params = descent_experiment_page_get_params (DESCENT_EXPERIMENT_PAGE (child));
      spec = dt_params_lookup_spec (params, "threads");
      if (spec == NULL)
        continue;

      text = g_strdup_printf ("%d", (int) CLAMP (threads, spec->min, spec->max));
      descent_experiment_page_set_default (DESCENT_EXPERIMENT_PAGE (child), "threads", text, NULL);
    }
}

static void
descent_window_restore_state (DescentWindow *self)
{
  g_autofree char *last = NULL;
  int width, height;

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  descent_window_apply_threads (self);
  g_signal_connect_object (self->settings, "changed::threads",
                           G_CALLBACK (descent_window_apply_threads), self, G_CONNECT_SWAPPED);
  descent_window_restore_params (self);

  last = g_settings_get_string (self->settings, "last-experiment");
  if (last != NULL && descent_window_get_page (self, last) != NULL)
    descent_window_show_experiment (self, last);

  /* the first window ever opens on the welcome page */
  if (g_settings_get_boolean (self->settings, "show-welcome"))
    {
      descent_window_show_welcome (self);
      g_settings_set_boolean (self->settings, "show-welcome", FALSE);
    }
}

static void
descent_window_store_state (DescentWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  g_settings_delay (self->settings);

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (descent_window_get_visible_page (self) != NULL)
    g_settings_set_string (self->settings, "last-experiment",
                           descent_experiment_page_get_experiment (descent_window_get_visible_page (self))->id);
  descent_window_store_params (self);

  g_settings_apply (self->settings);
}

static gboolean
descent_window_close_request (GtkWindow *window)
{
  DescentWindow *self = DESCENT_WINDOW (window);

  if (descent_window_confirm_close (self))
    return TRUE;

  descent_window_store_state (self);

  /* A running page cancels its worker when it is disposed. */
  return GTK_WINDOW_CLASS (descent_window_parent_class)->close_request (window);
}

/* The application is set after construction, so settings come in here. */
static void
descent_window_attach_settings (DescentWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (DESCENT_IS_APPLICATION (application))
    {
      GSettings *settings = descent_application_get_settings (DESCENT_APPLICATION (application));

      if (settings != NULL)
        g_set_object (&self->settings, settings);
    }

  if (self->settings != NULL)
    {
      descent_window_restore_state (self);
      g_settings_bind (self->settings, "live-mode", self, "live-mode", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "details-visible", self, "details-visible", G_SETTINGS_BIND_DEFAULT);
    }

  descent_window_update_title (self);
  descent_window_update_actions (self);
}

static void
descent_window_dispose (GObject *object)
{
  DescentWindow *self = DESCENT_WINDOW (object);

  descent_window_set_chooser (self, NULL);
  g_clear_object (&self->last_toast);
  g_clear_object (&self->last_folder);
  if (self->question != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->question)));
  if (self->recent_manager != NULL)
    g_signal_handlers_disconnect_by_data (self->recent_manager, self);
  self->recent_manager = NULL;
  g_clear_pointer (&self->notify_watch, descent_notify_watch_free);

  gtk_widget_dispose_template (GTK_WIDGET (object), DESCENT_TYPE_WINDOW);

  G_OBJECT_CLASS (descent_window_parent_class)->dispose (object);
}

static void
descent_window_finalize (GObject *object)
{
  DescentWindow *self = DESCENT_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (descent_window_parent_class)->finalize (object);
}

static void
descent_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DescentWindow *self = DESCENT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIVE_MODE:
      g_value_set_boolean (value, descent_window_get_live_mode (self));
      break;

    case PROP_DETAILS_VISIBLE:
      g_value_set_boolean (value, descent_window_get_details_visible (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
descent_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DescentWindow *self = DESCENT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIVE_MODE:
      descent_window_set_live_mode (self, g_value_get_boolean (value));
      break;

    case PROP_DETAILS_VISIBLE:
      descent_window_set_details_visible (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
descent_window_class_init (DescentWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = descent_window_dispose;
  object_class->finalize = descent_window_finalize;
  object_class->get_property = descent_window_get_property;
  object_class->set_property = descent_window_set_property;

  /**
   * DescentWindow:live-mode:
   *
   * Whether every page runs its experiment again 300 ms after each
   * parameter change.
   */
  properties[PROP_LIVE_MODE] =
    g_param_spec_boolean ("live-mode", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * DescentWindow:details-visible:
   *
   * Whether the pages show the side panel with each run's parameters and
   * provenance.
   */
  properties[PROP_DETAILS_VISIBLE] =
    g_param_spec_boolean ("details-visible", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  window_class->close_request = descent_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/descentlab/Descent/descent-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, sidebar_flap);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, DescentWindow, example_menu);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_close_clicked_cb);

  descent_window_class_install_actions (widget_class);
}

static void
descent_window_init (DescentWindow *self)
{
  self->notify_after = NOTIFY_AFTER_SECONDS;

  gtk_widget_init_template (GTK_WIDGET (self));

  descent_window_add_experiments (self);
  descent_window_add_welcome (self);

  self->recent_manager = gtk_recent_manager_get_default ();
  g_signal_connect_object (self->recent_manager, "changed",
                           G_CALLBACK (descent_window_update_recent_menu), self, G_CONNECT_SWAPPED);
  descent_window_update_recent_menu (self);
  descent_window_update_example_menu (self);

  descent_window_init_dnd (self);
  descent_window_init_focus (self);
  descent_flap_bind_button (self->sidebar_flap, self->sidebar_button);

  if (dt_registry_get_n_experiments () > 0)
    descent_window_show_experiment (self, dt_registry_get_experiment (0)->id);
}

/**
 * descent_window_new:
 * @application: the application
 *
 * Returns: (transfer none): a new window with one page per registered
 *   experiment, owned by @application, with the size, experiment and
 *   parameters stored in the settings when they are available
 */
DescentWindow *
descent_window_new (DescentApplication *application)
{
  DescentWindow *self;

  g_return_val_if_fail (DESCENT_IS_APPLICATION (application), NULL);

  self = g_object_new (DESCENT_TYPE_WINDOW, "application", application, NULL);
  descent_window_attach_settings (self);
  /* Asked now, answered before any run can finish. */
  self->notify_watch =
    descent_notify_watch_new (g_application_get_dbus_connection (G_APPLICATION (application)));

  return self;
}

/**
 * descent_window_get_page:
 * @self: a window
 * @experiment_id: an experiment id
 *
 * Returns: (transfer none) (nullable): the page of that experiment
 */
DescentExperimentPage *
descent_window_get_page (DescentWindow *self,
                         const char    *experiment_id)
{
  GtkWidget *child;

  g_return_val_if_fail (DESCENT_IS_WINDOW (self), NULL);
  g_return_val_if_fail (experiment_id != NULL, NULL);

  child = gtk_stack_get_child_by_name (self->stack, experiment_id);

  return DESCENT_IS_EXPERIMENT_PAGE (child) ? DESCENT_EXPERIMENT_PAGE (child) : NULL;
}

/**
 * descent_window_get_visible_page:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the page shown
 */
DescentExperimentPage *
descent_window_get_visible_page (DescentWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (DESCENT_IS_WINDOW (self), NULL);

  child = gtk_stack_get_visible_child (self->stack);

  return DESCENT_IS_EXPERIMENT_PAGE (child) ? DESCENT_EXPERIMENT_PAGE (child) : NULL;
}

/**
 * descent_window_show_experiment:
 * @self: a window
 * @experiment_id: an experiment id
 *
 * Shows that experiment's page and selects it in the sidebar.
 */
void
descent_window_show_experiment (DescentWindow *self,
                                const char    *experiment_id)
{
  GtkListBoxRow *row;

  g_return_if_fail (DESCENT_IS_WINDOW (self));
  g_return_if_fail (experiment_id != NULL);

  row = descent_window_find_row (self, experiment_id);
  if (row != NULL)
    gtk_list_box_select_row (self->sidebar, row);

  gtk_stack_set_visible_child_name (self->stack, experiment_id);
}

/**
 * descent_window_dup_sidebar_ids:
 * @self: a window
 *
 * Returns: (transfer full): the experiment ids listed in the sidebar, in
 *   order
 */
char **
descent_window_dup_sidebar_ids (DescentWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (DESCENT_IS_WINDOW (self), NULL);

  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar, i);

      if (row == NULL)
        break;

      g_strv_builder_add (builder, g_object_get_data (G_OBJECT (row), "experiment-id"));
    }

  return g_strv_builder_end (builder);
}

/**
 * descent_window_set_live_mode:
 * @self: a window
 * @live_mode: whether to run on every parameter change
 *
 * Turns live mode on or off on every page: each re-runs its experiment
 * 300 ms after the last parameter change, stopping the previous run.
 */
void
descent_window_set_live_mode (DescentWindow *self,
                              gboolean       live_mode)
{
  g_return_if_fail (DESCENT_IS_WINDOW (self));

  live_mode = !!live_mode;
  if (self->live_mode == live_mode)
    return;

  self->live_mode = live_mode;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (DESCENT_IS_EXPERIMENT_PAGE (child))
      descent_experiment_page_set_live (DESCENT_EXPERIMENT_PAGE (child), live_mode);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE_MODE]);
}

/**
 * descent_window_get_live_mode:
 * @self: a window
 *
 * Returns: whether live mode is on
 */
gboolean
descent_window_get_live_mode (DescentWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_WINDOW (self), FALSE);

  return self->live_mode;
}

/**
 * descent_window_set_details_visible:
 * @self: a window
 * @visible: whether to show the side panel
 *
 * Shows or hides, on every page, the side panel that lists the parameters
 * and provenance of the runs shown.
 */
void
descent_window_set_details_visible (DescentWindow *self,
                                    gboolean       visible)
{
  g_return_if_fail (DESCENT_IS_WINDOW (self));

  visible = !!visible;
  if (self->details_visible == visible)
    return;

  self->details_visible = visible;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (DESCENT_IS_EXPERIMENT_PAGE (child))
      descent_experiment_page_set_details_visible (DESCENT_EXPERIMENT_PAGE (child), visible);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS_VISIBLE]);
}

/**
 * descent_window_get_details_visible:
 * @self: a window
 *
 * Returns: whether the side panel is shown
 */
gboolean
descent_window_get_details_visible (DescentWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_WINDOW (self), FALSE);

  return self->details_visible;
}

/**
 * descent_window_set_notify_after:
 * @self: a window
 * @seconds: the shortest run that is announced
 *
 * Sets how long a run must take for its end to be announced by a desktop
 * notification when the window is not active (10 s by default).
 */
void
descent_window_set_notify_after (DescentWindow *self,
                                 double         seconds)
{
  g_return_if_fail (DESCENT_IS_WINDOW (self));

  self->notify_after = seconds;
}

/**
 * descent_window_get_n_notifications:
 * @self: a window
 *
 * Returns: how many "Run finished" notifications the window has sent
 */
guint
descent_window_get_n_notifications (DescentWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_WINDOW (self), 0);

  return self->n_notifications;
}

/**
 * descent_window_show_error:
 * @self: a window
 * @message: what went wrong
 *
 * Shows @message in a banner above the page until dismissed.
 */
void
descent_window_show_error (DescentWindow *self,
                           const char    *message)
{
  g_return_if_fail (DESCENT_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  g_free (self->error_message);
  self->error_message = g_strdup (message);

  descent_window_show_banner (self, message);
}

/**
 * descent_window_get_last_toast:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the last toast shown
 */
AdwToast *
descent_window_get_last_toast (DescentWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_WINDOW (self), NULL);

  return self->last_toast;
}

/**
 * descent_window_get_error_message:
 * @self: a window
 *
 * Returns: (nullable): the last error shown with descent_window_show_error()
 */
const char *
descent_window_get_error_message (DescentWindow *self)
{
  g_return_val_if_fail (DESCENT_IS_WINDOW (self), NULL);

  return self->error_message;
}
