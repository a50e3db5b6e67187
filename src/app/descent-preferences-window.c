/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-preferences"

/*
 * The Preferences window: the style (system, light, dark), live mode and
 * the threads runs start with, each bound to its key in the settings.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "descent-preferences-window.h"

struct _DescentPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *style_row;
  GtkSwitch            *live_switch;
  AdwActionRow         *threads_row;
  GtkSpinButton        *threads_spin;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (DescentPreferencesWindow, descent_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The style setting's words, in the order of the row's model. */
static const char *styles[] = { "default", "light", "dark" };

static gboolean
style_to_row (GValue   *value,
              GVariant *variant,
              gpointer  user_data)
{
  const char *style = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    if (g_str_equal (style, styles[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
style_from_row (const GValue       *value,
                const GVariantType *expected_type,
                gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  return g_variant_new_string (styles[selected < G_N_ELEMENTS (styles) ? selected : 0]);
}

static void
descent_preferences_window_dispose (GObject *object)
{
  DescentPreferencesWindow *self = DESCENT_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (descent_preferences_window_parent_class)->dispose (object);
}

static void
descent_preferences_window_class_init (DescentPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = descent_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/descentlab/Descent/descent-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DescentPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, DescentPreferencesWindow, live_switch);
  gtk_widget_class_bind_template_child (widget_class, DescentPreferencesWindow, threads_row);
  gtk_widget_class_bind_template_child (widget_class, DescentPreferencesWindow, threads_spin);
}

static void
descent_preferences_window_init (DescentPreferencesWindow *self)
{
  g_autofree char *threads_help = NULL;
  guint cores = g_get_num_processors ();

  gtk_widget_init_template (GTK_WIDGET (self));

  threads_help = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Worker threads new runs start with; 0: one per processor core (%u here)",
                                               "Worker threads new runs start with; 0: one per processor core (%u here)",
                                               cores),
                                  cores);
  adw_action_row_set_subtitle (self->threads_row, threads_help);
}

/**
 * descent_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @settings: the application's settings
 *
 * Returns: (transfer floating): a Preferences window whose rows change
 *   @settings as they are moved
 */
GtkWidget *
descent_preferences_window_new (GtkWindow *parent,
                                GSettings *settings)
{
  DescentPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (DESCENT_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->settings = g_object_ref (settings);

  g_settings_bind_with_mapping (settings, "style", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, style_to_row, style_from_row, NULL, NULL);
  g_settings_bind (settings, "live-mode", self->live_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "threads", self->threads_spin, "value", G_SETTINGS_BIND_DEFAULT);

  return GTK_WIDGET (self);
}
