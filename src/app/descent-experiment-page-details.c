/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The experiment page's side panel: a grid comparing the parameters and
 * provenance of the record shown and of each overlay, with the overlays'
 * column heads and remove buttons, and its showing and hiding. */
#define G_LOG_DOMAIN "descent-experiment-page"

#include "config.h"

#include <glib/gi18n.h>

#include "descent-experiment-page-private.h"

static const char *
translate_param_label (const DtParamSpec *spec)
{
  return spec->label != NULL && *spec->label != '\0' ? g_dgettext (GETTEXT_PACKAGE, spec->label) : spec->key;
}

/* The side panel: one column per run shown (the page's record, then each
 * overlay), one row per parameter and provenance field. */

typedef enum
{
  FIELD_STATUS,
  FIELD_CREATED,
  FIELD_SEED,
  FIELD_APP_VERSION,
  FIELD_BLAS,
  FIELD_THREADS,
  FIELD_WALL,
  FIELD_HOST,
  N_FIELDS
} ProvenanceField;

static const struct {
  const char *key;
  const char *label;
  gboolean    compare;
} provenance_fields[N_FIELDS] = {
  /* The creation time and the duration differ between any two runs:
   * highlighting them would hide the differences that matter. */
  [FIELD_STATUS] = { "status", N_("Status"), TRUE },
  [FIELD_CREATED] = { "created", N_("Created"), FALSE },
  [FIELD_SEED] = { "seed", N_("Seed"), TRUE },
  [FIELD_APP_VERSION] = { "app_version", N_("App version"), TRUE },
  [FIELD_BLAS] = { "blas", N_("BLAS"), TRUE },
  [FIELD_THREADS] = { "threads", N_("Threads"), TRUE },
  [FIELD_WALL] = { "wall_seconds", N_("Wall time"), FALSE },
  [FIELD_HOST] = { "host", N_("Host"), TRUE },
};

/* An ISO 8601 time of a record in the user's time zone, to the minute,
 * and to the second in the locale's way in @tooltip; text that is no such
 * time as it is. */
static char *
format_created (const char  *iso,
                char       **tooltip)
{
  g_autoptr(GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (iso);

  local = g_date_time_to_local (utc);
  *tooltip = g_date_time_format (local, "%c");
  /* Translators: when a run was made, in the run details; a format of
   * g_date_time_format(), e.g. “Nov 27, 2026 11:16” */
  return g_date_time_format (local, _("%b %-d, %Y %H:%M"));
}

/* @before_run: the record is the page's own, laid out before any run;
 * @tooltip: set to more about the value, if there is more. */
static char *
dup_provenance_text (DtRecord         *record,
                     ProvenanceField   field,
                     gboolean          before_run,
                     char            **tooltip)
{
  DtProvenance *provenance = dt_record_get_provenance (record);

  switch (field)
    {
    case FIELD_STATUS:
      if (before_run && dt_record_get_status (record) == DT_STATUS_RUNNING)
        return g_strdup (_("not run yet"));
      return g_strdup (descent_experiment_page_describe_status (dt_record_get_status (record)));
    case FIELD_CREATED:
      return format_created (provenance->created, tooltip);
    case FIELD_SEED:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, provenance->seed);
    case FIELD_APP_VERSION:
      return g_strdup (provenance->app_version);
    case FIELD_BLAS:
      return g_strdup (provenance->blas);
    case FIELD_THREADS:
      return provenance->threads > 0 ? g_strdup_printf ("%d", provenance->threads) : NULL;
    case FIELD_WALL:
      return provenance->wall_seconds > 0.0 ? descent_experiment_page_format_duration (provenance->wall_seconds) : NULL;
    case FIELD_HOST:
      return g_strdup (provenance->host);
    case N_FIELDS:
    default:
      return NULL;
    }
}

static GtkWidget *
details_label_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text != NULL && *text != '\0' ? text : "—");

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);

  return label;
}

/* A value wraps, at its spaces or else anywhere, rather than lose
 * anything: the panel is narrow and has a column per run. */
static GtkWidget *
details_value_new (const char *text,
                   const char *tooltip)
{
  GtkWidget *label = details_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (label), 6);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 20);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (label, tooltip);

  return label;
}

/* A parameter's value as the panel shows it: a choice by its label, if it
 * has one (the identifier the command line takes goes in @tooltip); a list
 * with a break opportunity after each comma, so that it wraps between its
 * numbers. */
static char *
dup_param_display (const DtParamSpec  *spec,
                   const char         *value,
                   char              **tooltip)
{
  if (value == NULL)
    return NULL;

  if (spec->type == DT_PARAM_CHOICE && spec->choices != NULL && spec->choice_labels != NULL)
    {
      for (guint i = 0; spec->choices[i] != NULL && spec->choice_labels[i] != NULL; i++)
        if (g_strcmp0 (spec->choices[i], value) == 0)
          {
            *tooltip = g_strdup (value);
            return g_strdup (g_dgettext (GETTEXT_PACKAGE, spec->choice_labels[i]));
          }
    }

  if (spec->type == DT_PARAM_INT_LIST || spec->type == DT_PARAM_DOUBLE_LIST)
    {
      g_auto(GStrv) parts = g_strsplit (value, ",", -1);

      /* U+200B ZERO WIDTH SPACE */
      return g_strjoinv (",\u200B", parts);
    }

  return g_strdup (value);
}

static void
overlay_remove_clicked_cb (GtkButton             *button,
                           DescentExperimentPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "overlay-index"));

  descent_experiment_page_remove_overlay (self, index);
}

/* Adds one row of values, each with its tooltip (@tooltips and its
 * elements nullable); marks it when the values differ. */
static void
details_add_row (DescentExperimentPage *self,
                 GtkGrid               *grid,
                 int                    row,
                 const char            *key,
                 const char            *label_text,
                 const char            *help,
                 char                 **values,
                 char                 **tooltips,
                 guint                  n_values,
                 gboolean               compare)
{
  g_autofree char *name = g_strdup_printf ("details-key-%s", key);
  GtkWidget *key_label = details_label_new (label_text);
  gboolean differs = FALSE;

  for (guint i = 1; compare && i < n_values; i++)
    if (g_strcmp0 (values[i], values[0]) != 0)
      differs = TRUE;

  gtk_widget_set_name (key_label, name);
  gtk_widget_add_css_class (key_label, "dim-label");
  if (help != NULL)
    gtk_widget_set_tooltip_text (key_label, help);
  gtk_grid_attach (grid, key_label, 0, row, 1, 1);

  for (guint i = 0; i < n_values; i++)
    {
      GtkWidget *value = details_value_new (values[i], tooltips != NULL ? tooltips[i] : NULL);
      g_autofree char *value_name = g_strdup_printf ("details-value-%s-%u", key, i);

      gtk_widget_set_name (value, value_name);
      gtk_widget_add_css_class (value, "details-value");
      if (differs)
        gtk_widget_add_css_class (value, "differs");
      gtk_grid_attach (grid, value, (int) i + 1, row, 1, 1);
    }

  if (differs)
    {
      gtk_widget_add_css_class (key_label, "differs");
      gtk_widget_remove_css_class (key_label, "dim-label");
    }
}

static GtkWidget *
details_heading_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);

  return label;
}

static const char *
descent_experiment_page_get_main_label (DescentExperimentPage *self)
{
  if (self->record_label != NULL)
    return self->record_label;
  if (self->run != NULL)
    return _("Current run");
  if (self->has_result)
    return _("Last run");

  return _("Current parameters");
}

static void
free_report (gpointer report)
{
  if (report != NULL)
    dt_record_params_report_free (report);
}

void
descent_experiment_page_update_details (DescentExperimentPage *self)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_params_free);
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func (free_report);
  gboolean any_unknown = FALSE;
  GtkGrid *grid;
  int row = 0;

  if (self->details_grid != NULL)
    {
      gtk_box_remove (self->details_box, self->details_grid);
      self->details_grid = NULL;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->details_hint), self->overlays->len == 0);

  /* Built when shown: a slider drag would otherwise rebuild it each step. */
  if (self->record == NULL || self->experiment == NULL ||
      !descent_experiment_page_get_details_visible (self))
    return;

  g_ptr_array_add (records, self->record);
  g_ptr_array_add (labels, (gpointer) descent_experiment_page_get_main_label (self));
  for (guint i = 0; i < self->overlays->len; i++)
    {
      g_ptr_array_add (records, g_ptr_array_index (self->overlays, i));
      g_ptr_array_add (labels, g_ptr_array_index (self->overlay_labels, i));
    }

  /* The record of a run in progress holds the panel's parameters. */
  for (guint i = 0; i < records->len; i++)
    {
      DtRecordParamsReport *report = NULL;

      g_ptr_array_add (params, dt_record_dup_params_full (g_ptr_array_index (records, i),
                                                          self->experiment, &report, NULL));
      g_ptr_array_add (reports, report);
    }

  grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (grid, 4);
  gtk_grid_set_column_spacing (grid, 12);
  self->details_grid = GTK_WIDGET (grid);

  /* Column heads: the file names, and a button to take an overlay off. */
  for (guint i = 0; i < records->len; i++)
    {
      const char *text = g_ptr_array_index (labels, i);
      GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
      g_autofree char *stem = descent_experiment_page_dup_short_label (text);
      GtkWidget *label = details_label_new (stem);
      PangoAttrList *attributes = pango_attr_list_new ();

      /* File names (without the suffix every record has) wrap at their
       * dashes rather than lose their distinguishing end. */
      pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
      gtk_label_set_attributes (GTK_LABEL (label), attributes);
      pango_attr_list_unref (attributes);
      gtk_widget_set_tooltip_text (label, text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 14);
      gtk_widget_set_valign (label, GTK_ALIGN_END);
      gtk_widget_add_css_class (label, "details-run");
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (head), label);

      if (i > 0)
        {
          GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
          g_autofree char *tooltip = g_strdup_printf (_("Remove the overlay “%s”"), text);
          g_autofree char *name = g_strdup_printf ("details-remove-%u", i - 1);

          gtk_widget_set_name (remove, name);
          gtk_widget_set_tooltip_text (remove, tooltip);
          gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_add_css_class (remove, "circular");
          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          g_object_set_data (G_OBJECT (remove), "overlay-index", GUINT_TO_POINTER (i - 1));
          g_signal_connect (remove, "clicked", G_CALLBACK (overlay_remove_clicked_cb), self);
          gtk_box_append (GTK_BOX (head), remove);
        }

      gtk_grid_attach (grid, head, (int) i + 1, row, 1, 1);
    }
  row++;

  gtk_grid_attach (grid, details_heading_new (_("Parameters")), 0, row++, (int) records->len + 1, 1);
  for (guint k = 0; k < self->experiment->n_params; k++)
    {
      const DtParamSpec *spec = &self->experiment->params[k];
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) tooltips = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < records->len; i++)
        {
          DtParams *p = g_ptr_array_index (params, i);
          DtRecordParamsReport *report = g_ptr_array_index (reports, i);
          g_autofree char *raw = p != NULL ? dt_params_to_string (p, spec->key) : NULL;
          char *tooltip = NULL;
          g_autofree char *value = dup_param_display (spec, raw, &tooltip);

          g_ptr_array_add (tooltips, tooltip);
          if (value != NULL && report != NULL &&
              g_strv_contains ((const char * const *) report->missing, spec->key))
            {
              /* Translators: a parameter value the record did not hold, taken as the default */
              g_ptr_array_add (values, g_strdup_printf (_("%s (default)"), value));
            }
          else
            g_ptr_array_add (values, g_steal_pointer (&value));
        }

      details_add_row (self, grid, row++, spec->key, translate_param_label (spec),
                       spec->key, (char **) values->pdata, (char **) tooltips->pdata, values->len, TRUE);
    }

  for (guint i = 0; i < reports->len; i++)
    {
      DtRecordParamsReport *report = g_ptr_array_index (reports, i);

      any_unknown |= report != NULL && report->unknown[0] != NULL;
    }
  if (any_unknown)
    {
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < reports->len; i++)
        {
          DtRecordParamsReport *report = g_ptr_array_index (reports, i);

          g_ptr_array_add (values, report != NULL ? g_strjoinv (", ", report->unknown) : NULL);
        }
      details_add_row (self, grid, row++, "unknown", _("Unknown here"),
                       _("Parameters of the record this version of Descent does not have; they were left out"),
                       (char **) values->pdata, NULL, values->len, FALSE);
    }

  gtk_grid_attach (grid, details_heading_new (_("Provenance")), 0, row++, (int) records->len + 1, 1);
  for (guint f = 0; f < N_FIELDS; f++)
    {
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) tooltips = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < records->len; i++)
        {
          char *tooltip = NULL;

          g_ptr_array_add (values, dup_provenance_text (g_ptr_array_index (records, i), f,
                                                        i == 0 && !self->has_result && self->run == NULL,
                                                        &tooltip));
          g_ptr_array_add (tooltips, tooltip);
        }

      details_add_row (self, grid, row++, provenance_fields[f].key,
                       g_dgettext (GETTEXT_PACKAGE, provenance_fields[f].label), NULL,
                       (char **) values->pdata, (char **) tooltips->pdata, values->len,
                       provenance_fields[f].compare);
    }

  gtk_box_append (self->details_box, GTK_WIDGET (grid));
}

/**
 * descent_experiment_page_set_details_visible:
 * @self: a page
 * @visible: whether to show the side panel
 *
 * Shows, in place of the parameter panel, the panel listing the parameters
 * and provenance of each run shown, or the parameter panel again.
 */
void
descent_experiment_page_set_details_visible (DescentExperimentPage *self,
                                             gboolean               visible)
{
  g_return_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self));

  gtk_stack_set_visible_child_name (self->left_stack, visible ? "details" : "params");
  descent_experiment_page_update_details (self);
}

/**
 * descent_experiment_page_get_details_visible:
 * @self: a page
 *
 * Returns: whether the side panel is shown
 */
gboolean
descent_experiment_page_get_details_visible (DescentExperimentPage *self)
{
  g_return_val_if_fail (DESCENT_IS_EXPERIMENT_PAGE (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->left_stack), "details") == 0;
}
