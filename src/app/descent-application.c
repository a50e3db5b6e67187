/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-application"

#include "config.h"

#include <glib/gi18n.h>

#include "descent-application.h"
#include "descent-preferences-window.h"
#include "descent-window.h"

struct _DescentApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  DescentHistory *history;
};

G_DEFINE_FINAL_TYPE (DescentApplication, descent_application, ADW_TYPE_APPLICATION)

static DescentWindow *
descent_application_get_window (DescentApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (DESCENT_IS_WINDOW (window))
    return DESCENT_WINDOW (window);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (DESCENT_IS_WINDOW (l->data))
      return DESCENT_WINDOW (l->data);

  return descent_window_new (self);
}

static void
descent_application_activate (GApplication *application)
{
  DescentApplication *self = DESCENT_APPLICATION (application);

  gtk_window_present (GTK_WINDOW (descent_application_get_window (self)));
}

static void
descent_application_open (GApplication  *application,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  DescentApplication *self = DESCENT_APPLICATION (application);
  DescentWindow *window = descent_application_get_window (self);

  /* Several records of one experiment are overlaid on its page. */
  descent_window_open_files (window, files, (guint) n_files);

  gtk_window_present (GTK_WINDOW (window));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  DescentApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing saves each window's state and cancels its run; the application
   * ends once the last window is gone and every worker has been joined. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

/* The papers whose results the app reproduces, with where to read them. */
static const struct
{
  const char *title;
  const char *url;
} papers[] = {
  { "Yang et al. 2020, “Rethinking Bias-Variance Trade-off for Generalization of Neural Networks”",
    "https://arxiv.org/abs/2002.11328" },
  { "Huang & Yau 2020, “Dynamics of Deep Neural Networks and Neural Tangent Hierarchy”",
    "https://arxiv.org/abs/1909.08156" },
  { "Malach et al. 2020, “Proving the Lottery Ticket Hypothesis: Pruning is All You Need”",
    "https://arxiv.org/abs/2002.00585" },
  { "Frankle et al. 2020, “Linear Mode Connectivity and the Lottery Ticket Hypothesis”",
    "https://arxiv.org/abs/1912.05671" },
};

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  DescentApplication *self = user_data;
  static const char *developers[] = {
    "The Descent authors",
    NULL
  };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Descent"),
                        "application-icon", APP_ID,
                        "version", VERSION,
                        "developer-name", _("The Descent authors"),
                        "comments", _("A desktop lab for the theory of deep learning: "
                                      "four ICML 2020 results, computed live."),
                        "copyright", "© 2026 The Descent authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: replace with your name and e-mail address */
                        "translator-credits", _("translator-credits"),
                        NULL);
  for (guint i = 0; i < G_N_ELEMENTS (papers); i++)
    adw_about_window_add_link (ADW_ABOUT_WINDOW (about), papers[i].title, papers[i].url);

  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  DescentApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *preferences;

  /* Without the installed schema nothing can be kept. */
  if (self->settings == NULL)
    return;

  preferences = descent_preferences_window_new (parent, self->settings);
  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
};

/* The "style" setting: the system's light or dark preference, or one of
 * them forced. */
static void
descent_application_apply_style (DescentApplication *self)
{
  g_autofree char *style = g_settings_get_string (self->settings, "style");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (style, "light"))
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (style, "dark"))
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

static void
descent_application_load_settings (DescentApplication *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Running uninstalled without GSETTINGS_SCHEMA_DIR: no persistence. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  if (schema == NULL)
    {
      g_debug ("Settings schema %s not found; window state and parameters are not kept", APP_ID);
      return;
    }

  self->settings = g_settings_new_full (schema, NULL, NULL);
  g_signal_connect_object (self->settings, "changed::style",
                           G_CALLBACK (descent_application_apply_style), self, G_CONNECT_SWAPPED);
  descent_application_apply_style (self);
}

static void
descent_application_startup (GApplication *application)
{
  DescentApplication *self = DESCENT_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.show-history", { "<Control>h", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.run", { "<Control>Return", NULL } },
    { "win.stop", { "Escape", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.live-mode", { "<Control>l", NULL } },
    { "win.show-details", { "F9", NULL } },
  };

  G_APPLICATION_CLASS (descent_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);

  /* AdwApplication loads style.css from the resource base path. */
  gtk_window_set_default_icon_name (APP_ID);

  descent_application_load_settings (self);

  {
    g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "descent", "history", NULL);

    self->history = descent_history_new (dir);
  }
}

static void
descent_application_finalize (GObject *object)
{
  DescentApplication *self = DESCENT_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (descent_application_parent_class)->finalize (object);
}

static void
descent_application_class_init (DescentApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = descent_application_finalize;

  application_class->startup = descent_application_startup;
  application_class->activate = descent_application_activate;
  application_class->open = descent_application_open;
}

static void
descent_application_init (DescentApplication *self)
{
  g_set_application_name (_("Descent"));
}

/**
 * descent_application_new:
 * @extra_flags: flags beyond %G_APPLICATION_HANDLES_OPEN, such as
 *   %G_APPLICATION_NON_UNIQUE to run without a session bus
 *
 * Returns: (transfer full): the application
 */
DescentApplication *
descent_application_new (GApplicationFlags extra_flags)
{
  return g_object_new (DESCENT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | extra_flags,
                       "resource-base-path", "/org/descentlab/Descent",
                       NULL);
}

/**
 * descent_application_get_settings:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the application's settings, or
 *   %NULL when the schema is not installed
 */
GSettings *
descent_application_get_settings (DescentApplication *self)
{
  g_return_val_if_fail (DESCENT_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * descent_application_get_history:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the run history, kept in the user's
 *   data folder; %NULL before startup
 */
DescentHistory *
descent_application_get_history (DescentApplication *self)
{
  g_return_val_if_fail (DESCENT_IS_APPLICATION (self), NULL);

  return self->history;
}
