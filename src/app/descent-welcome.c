/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-welcome"

/*
 * The first-launch page: a group per experiment with what it does and what
 * its paper found, the paper, and buttons that run the defaults or open
 * the shipped example, each one click away.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "descent-welcome.h"
#include "dt-registry.h"

struct _DescentWelcome
{
  GtkWidget  parent_instance;

  GtkWidget *scroller;
  GtkBox    *box;
};

G_DEFINE_FINAL_TYPE (DescentWelcome, descent_welcome, GTK_TYPE_WIDGET)

enum {
  RUN_DEFAULT,
  OPEN_EXAMPLE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
run_clicked_cb (GtkButton      *button,
                DescentWelcome *self)
{
  g_signal_emit (self, signals[RUN_DEFAULT], 0, g_object_get_data (G_OBJECT (button), "experiment-id"));
}

static void
example_clicked_cb (GtkButton      *button,
                    DescentWelcome *self)
{
  g_signal_emit (self, signals[OPEN_EXAMPLE], 0, g_object_get_data (G_OBJECT (button), "example-path"));
}

static GtkWidget *
experiment_group_new (DescentWelcome     *self,
                      const DtExperiment *experiment,
                      const char         *examples_dir)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *paper = adw_action_row_new ();
  GtkWidget *link = gtk_link_button_new_with_label (experiment->url, _("Read"));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *run = gtk_button_new_with_mnemonic (_("_Run with Defaults"));
  GtkWidget *example = gtk_button_new_with_mnemonic (_("Open _Example"));
  g_autofree char *file = g_strconcat (experiment->id, ".descent.json", NULL);
  g_autofree char *path = examples_dir != NULL ? g_build_filename (examples_dir, file, NULL) : NULL;
  g_autofree char *name = g_strconcat ("welcome-", experiment->id, NULL);

  gtk_widget_set_name (group, name);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), g_dgettext (GETTEXT_PACKAGE, experiment->title));
  {
    /* the group's description is markup */
    g_autofree char *description = g_markup_escape_text (g_dgettext (GETTEXT_PACKAGE, experiment->description), -1);

    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  }

  /* the citation is the paper's, in its language */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (paper), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (paper), experiment->citation);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (paper), 3);
  gtk_widget_set_valign (link, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (link, experiment->url);
  adw_action_row_add_suffix (ADW_ACTION_ROW (paper), link);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), paper);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 6);
  gtk_widget_add_css_class (run, "suggested-action");
  g_object_set_data_full (G_OBJECT (run), "experiment-id", g_strdup (experiment->id), g_free);
  g_signal_connect (run, "clicked", G_CALLBACK (run_clicked_cb), self);
  gtk_widget_set_sensitive (example, path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_object_set_data_full (G_OBJECT (example), "example-path", g_steal_pointer (&path), g_free);
  g_signal_connect (example, "clicked", G_CALLBACK (example_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), example);
  gtk_box_append (GTK_BOX (buttons), run);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), buttons);

  return group;
}

static void
descent_welcome_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DESCENT_TYPE_WELCOME);

  G_OBJECT_CLASS (descent_welcome_parent_class)->dispose (object);
}

static void
descent_welcome_class_init (DescentWelcomeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = descent_welcome_dispose;

  /**
   * DescentWelcome::run-default:
   * @self: the page
   * @experiment_id: the experiment to run with its default parameters
   */
  signals[RUN_DEFAULT] =
    g_signal_new ("run-default", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * DescentWelcome::open-example:
   * @self: the page
   * @path: the example record to open
   */
  signals[OPEN_EXAMPLE] =
    g_signal_new ("open-example", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/descentlab/Descent/descent-welcome.ui");
  gtk_widget_class_bind_template_child (widget_class, DescentWelcome, scroller);
  gtk_widget_class_bind_template_child (widget_class, DescentWelcome, box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
descent_welcome_init (DescentWelcome *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * descent_welcome_new:
 * @examples_dir: (nullable): the folder of the shipped example records
 *
 * Returns: (transfer floating): the page, with a group per registered
 *   experiment
 */
GtkWidget *
descent_welcome_new (const char *examples_dir)
{
  DescentWelcome *self = g_object_new (DESCENT_TYPE_WELCOME, NULL);

  for (guint i = 0; i < dt_registry_get_n_experiments (); i++)
    gtk_box_append (self->box, experiment_group_new (self, dt_registry_get_experiment (i), examples_dir));

  return GTK_WIDGET (self);
}
