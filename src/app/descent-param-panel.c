/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-param-panel"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "descent-param-panel.h"
#include "descent-scroll.h"
#include "descent-range-row.h"

/* Integer ranges wider than this get a spin button unless they are log-scaled. */
#define MAX_LINEAR_SCALE_RANGE 1000.0
#define SPIN_LIMIT             1e15
/* A choice with a longer label shows it under its title. */
#define MAX_INLINE_CHOICE_CHARS 16

typedef enum
{
  CONTROL_SCALE,
  CONTROL_SPIN,
  CONTROL_DROP_DOWN,
  CONTROL_ENTRY,
  /* A log-scaled list: a DescentRangeRow, which is the row's control. */
  CONTROL_RANGE,
} ControlKind;

typedef struct
{
  DescentParamPanel *panel;
  const DtParamSpec *spec;
  ControlKind        kind;
  gboolean           log;
  /* The preference row, named "param-KEY", and the widget in it that holds
   * the value: a slider, a spin button, the combo or entry row itself, or
   * a DescentRangeRow. */
  GtkWidget         *row;
  GtkWidget         *control;
  GtkWidget         *value_label;
  GtkFileChooserNative *chooser;
  char              *error;
} ParamRow;

struct _DescentParamPanel
{
  GtkBox              parent_instance;

  AdwPreferencesGroup *group;
  /* Gives the sliders and spin buttons of all rows one width, so that they
   * line up. */
  GtkSizeGroup       *suffix_group;

  const DtExperiment *experiment;
  DtParams           *params;
  /* What Reset to Defaults sets: the experiment's defaults, some of them
   * replaced by the app's preferences (descent_param_panel_set_default()). */
  DtParams           *defaults;
  GPtrArray          *rows;
  gboolean            updating;
};

G_DEFINE_FINAL_TYPE (DescentParamPanel, descent_param_panel, GTK_TYPE_BOX)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
param_row_free (gpointer data)
{
  ParamRow *row = data;

  if (row->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (row->chooser, row);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (row->chooser));
      g_clear_object (&row->chooser);
    }
  g_free (row->error);
  g_free (row);
}

static const char *
translate (const char *text)
{
  return text != NULL && *text != '\0' ? g_dgettext (GETTEXT_PACKAGE, text) : "";
}

static double
row_to_position (ParamRow *row,
                 double    value)
{
  return row->log ? log10 (value) : value;
}

/* Slider position → the value a user means: whole numbers, or doubles
 * rounded to what the label shows. */
static double
row_from_position (ParamRow *row,
                   double    position)
{
  const DtParamSpec *spec = row->spec;
  double value = row->log ? pow (10.0, position) : position;

  if (spec->type == DT_PARAM_INT)
    value = round (value);
  else if (row->log && value > 0.0)
    {
      double magnitude = pow (10.0, floor (log10 (value)) - 2.0);

      value = round (value / magnitude) * magnitude;
    }
  else
    {
      double factor = pow (10.0, spec->digits);

      value = round (value * factor) / factor;
    }

  return CLAMP (value, spec->min, spec->max);
}

static char *
row_format_value (ParamRow *row)
{
  const DtParamSpec *spec = row->spec;
  DtParams *params = row->panel->params;

  if (spec->type == DT_PARAM_INT)
    return g_strdup_printf ("%" G_GINT64_FORMAT, dt_params_get_int (params, spec->key));

  if (row->log)
    return g_strdup_printf ("%.3g", dt_params_get_double (params, spec->key));

  return g_strdup_printf ("%.*f", (int) spec->digits, dt_params_get_double (params, spec->key));
}

/* Text of a number that dt_params_set_from_string() reads back exactly,
 * whatever the locale. */
static char *
format_param_number (DtParamType type,
                     double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (type == DT_PARAM_INT || type == DT_PARAM_INT_LIST)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) llround (value));

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.17g", value));
}

static char *
row_dup_tooltip (ParamRow *row)
{
  g_autofree char *range = dt_params_describe_range (row->spec);

  if (range != NULL && *range != '\0')
    return g_strdup_printf ("%s\n%s", translate (row->spec->help), range);

  return g_strdup (translate (row->spec->help));
}

/* Marks @widget as holding a wrong value, with @message as its tooltip,
 * or clears the mark and shows @tooltip. */
static void
widget_set_invalid (GtkWidget  *widget,
                    const char *message,
                    const char *tooltip)
{
  if (message != NULL)
    {
      gtk_widget_add_css_class (widget, "error");
      gtk_widget_set_tooltip_text (widget, message);
      gtk_accessible_update_state (GTK_ACCESSIBLE (widget),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (widget, "error");
      gtk_widget_set_tooltip_text (widget, tooltip);
      gtk_accessible_update_state (GTK_ACCESSIBLE (widget),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
    }
}

static void
row_set_error (ParamRow   *row,
               const char *message)
{
  g_autofree char *tooltip = row_dup_tooltip (row);

  g_free (row->error);
  row->error = g_strdup (message);

  widget_set_invalid (row->control, message, tooltip);
}

/* A range row keeps its own error; other rows, row->error. */
static const char *
row_get_error (ParamRow *row)
{
  if (row->kind == CONTROL_RANGE)
    return descent_range_row_get_error (DESCENT_RANGE_ROW (row->control));

  return row->error;
}

/* Shows the value held in the panel's DtParams in the row's widgets. */
static void
row_sync (ParamRow *row)
{
  const DtParamSpec *spec = row->spec;
  DtParams *params = row->panel->params;
  gboolean was_updating = row->panel->updating;

  row->panel->updating = TRUE;

  switch (row->kind)
    {
    case CONTROL_SCALE:
      {
        g_autofree char *text = row_format_value (row);
        double value = spec->type == DT_PARAM_INT
                       ? (double) dt_params_get_int (params, spec->key)
                       : dt_params_get_double (params, spec->key);

        gtk_range_set_value (GTK_RANGE (row->control), row_to_position (row, value));
        gtk_label_set_text (GTK_LABEL (row->value_label), text);
        gtk_accessible_update_property (GTK_ACCESSIBLE (row->control),
                                        GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                        -1);
      }
      break;

    case CONTROL_SPIN:
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (row->control),
                                 spec->type == DT_PARAM_INT
                                 ? (double) dt_params_get_int (params, spec->key)
                                 : dt_params_get_double (params, spec->key));
      break;

    case CONTROL_DROP_DOWN:
      {
        const char *value = dt_params_get_string (params, spec->key);
        guint selected = 0;

        for (guint i = 0; spec->choices != NULL && spec->choices[i] != NULL; i++)
          if (g_strcmp0 (spec->choices[i], value) == 0)
            selected = i;

        adw_combo_row_set_selected (ADW_COMBO_ROW (row->control), selected);
      }
      break;

    case CONTROL_ENTRY:
      {
        g_autofree char *text = dt_params_to_string (params, spec->key);

        gtk_editable_set_text (GTK_EDITABLE (row->control), text != NULL ? text : "");
      }
      break;

    case CONTROL_RANGE:
      {
        g_autofree char *text = dt_params_to_string (params, spec->key);

        /* The text is the value itself, so it is valid; the row clears its
         * own error. */
        descent_range_row_set_value (DESCENT_RANGE_ROW (row->control), text, NULL);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  if (row->kind != CONTROL_RANGE)
    row_set_error (row, NULL);

  row->panel->updating = was_updating;
}

/* Shows the rows of the parameters the current values use, and hides the
 * others (DtParamSpec:applies). */
static void
descent_param_panel_update_applies (DescentParamPanel *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      ParamRow *row = g_ptr_array_index (self->rows, i);
      gboolean applies = dt_params_applies (self->params, row->spec);

      gtk_widget_set_visible (row->row, applies);
    }
}

static void
descent_param_panel_emit_changed (DescentParamPanel *self)
{
  descent_param_panel_update_applies (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Stores @text for the row's key; on failure keeps the previous value and
 * marks the row invalid. */
/**
 * descent_param_describe_error:
 * @spec: a parameter
 * @message: why a value of it was refused, as the engine says it
 *
 * The engine names parameters by their key, as the command line does; the
 * panel shows their labels, so its messages name the label.
 *
 * Returns: (transfer full): @message with “key” replaced by “Label”
 */
char *
descent_param_describe_error (const DtParamSpec *spec,
                              const char        *message)
{
  g_autofree char *quoted_key = g_strdup_printf ("“%s”", spec->key);
  g_autofree char *quoted_label = g_strdup_printf ("“%s”", translate (spec->label));
  g_auto(GStrv) parts = g_strsplit (message, quoted_key, -1);

  return g_strjoinv (quoted_label, parts);
}

static void
row_store_text (ParamRow   *row,
                const char *text)
{
  g_autoptr(GError) error = NULL;

  if (dt_params_set_from_string (row->panel->params, row->spec->key, text, &error))
    {
      row_set_error (row, NULL);
    }
  else
    {
      g_autofree char *message = descent_param_describe_error (row->spec, error->message);

      row_set_error (row, message);
    }

  descent_param_panel_emit_changed (row->panel);
}

static void
scale_value_changed_cb (GtkRange *range,
                        ParamRow *row)
{
  double value;
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;

  if (row->panel->updating)
    return;

  value = row_from_position (row, gtk_range_get_value (range));
  text = format_param_number (row->spec->type, value);

  row_store_text (row, text);

  shown = row_format_value (row);
  gtk_label_set_text (GTK_LABEL (row->value_label), shown);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->control),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, shown,
                                  -1);
}

static void
spin_value_changed_cb (GtkSpinButton *spin,
                       ParamRow      *row)
{
  g_autofree char *text = NULL;

  if (row->panel->updating)
    return;

  text = format_param_number (row->spec->type, gtk_spin_button_get_value (spin));

  row_store_text (row, text);
}

static void
combo_selected_cb (AdwComboRow *combo,
                   GParamSpec  *pspec,
                   ParamRow    *row)
{
  guint selected = adw_combo_row_get_selected (combo);

  if (row->panel->updating || selected == GTK_INVALID_LIST_POSITION)
    return;

  row_store_text (row, row->spec->choices[selected]);
}

static void
entry_changed_cb (GtkEditable *editable,
                  ParamRow    *row)
{
  if (row->panel->updating)
    return;

  row_store_text (row, gtk_editable_get_text (editable));
}

static GtkWidget *
create_scale (ParamRow *row)
{
  const DtParamSpec *spec = row->spec;
  double lower = row_to_position (row, spec->min);
  double upper = row_to_position (row, spec->max);
  double step;
  GtkWidget *scale;

  if (row->log)
    step = (upper - lower) / 200.0;
  else if (spec->type == DT_PARAM_INT)
    step = 1.0;
  else
    step = MAX ((upper - lower) / 200.0, pow (10.0, -(double) spec->digits));

  scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, lower, upper, step);
  gtk_scale_set_draw_value (GTK_SCALE (scale), FALSE);
  gtk_widget_set_size_request (scale, 130, -1);
  g_signal_connect (scale, "value-changed", G_CALLBACK (scale_value_changed_cb), row);
  descent_scroll_to_parent (scale);

  row->value_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->value_label), 1.0);
  gtk_label_set_width_chars (GTK_LABEL (row->value_label), 7);
  gtk_widget_add_css_class (row->value_label, "param-value");
  gtk_widget_add_css_class (row->value_label, "numeric");
  /* The slider itself carries the value for assistive technology. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->value_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, translate (spec->label),
                                  -1);

  return scale;
}

static GtkWidget *
create_spin (ParamRow *row)
{
  const DtParamSpec *spec = row->spec;
  double lower = isfinite (spec->min) ? MAX (spec->min, -SPIN_LIMIT) : -SPIN_LIMIT;
  double upper = isfinite (spec->max) ? MIN (spec->max, SPIN_LIMIT) : SPIN_LIMIT;
  double step = spec->type == DT_PARAM_INT ? 1.0 : pow (10.0, -(double) spec->digits);
  GtkWidget *spin;

  spin = gtk_spin_button_new_with_range (lower, upper, step);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), spec->type == DT_PARAM_INT ? 0 : spec->digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 6);
  /* right-aligned in the row's suffix, which does not expand */
  gtk_widget_set_hexpand (spin, TRUE);
  gtk_widget_set_halign (spin, GTK_ALIGN_END);
  g_signal_connect (spin, "value-changed", G_CALLBACK (spin_value_changed_cb), row);
  descent_scroll_to_parent (spin);

  return spin;
}

/* A choice: a combo row of the translated labels, or of the words the
 * command line takes. */
static GtkWidget *
create_combo_row (ParamRow *row)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  GtkWidget *combo = adw_combo_row_new ();

  for (guint i = 0; row->spec->choices != NULL && row->spec->choices[i] != NULL; i++)
    gtk_string_list_append (model, row->spec->choice_labels != NULL
                                   ? translate (row->spec->choice_labels[i])
                                   : row->spec->choices[i]);

  adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (model));
  /* A long label goes under the title, where it has the row's width,
   * rather than be cut short beside it. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    if (g_utf8_strlen (gtk_string_list_get_string (model, i), -1) > MAX_INLINE_CHOICE_CHARS)
      adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (combo), TRUE);
  g_signal_connect (combo, "notify::selected", G_CALLBACK (combo_selected_cb), row);
  row->control = combo;

  return combo;
}

static void
path_chosen_cb (GtkNativeDialog *chooser,
                int              response,
                ParamRow        *row)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (row->control), path);
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&row->chooser);
}

static void
path_button_clicked_cb (GtkButton *button,
                        ParamRow  *row)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  g_autofree char *title = g_strdup_printf (_("Choose a File for “%s”"), translate (row->spec->label));
  GtkFileChooserNative *chooser;

  if (row->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (path_chosen_cb), row);
  row->chooser = chooser;
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Text: an entry row, its label as its title; one that may hold a path
 * gets a button that picks a file. */
static GtkWidget *
create_entry_row (ParamRow *row)
{
  GtkWidget *entry = adw_entry_row_new ();

  if (row->spec->type == DT_PARAM_INT_LIST || row->spec->type == DT_PARAM_DOUBLE_LIST)
    gtk_widget_add_css_class (entry, "param-list");
  g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), row);
  row->control = entry;

  if (row->spec->path)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("document-open-symbolic");
      g_autofree char *tooltip = g_strdup_printf (_("Choose a file for “%s”"), translate (row->spec->label));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      g_signal_connect (button, "clicked", G_CALLBACK (path_button_clicked_cb), row);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (entry), button);
    }

  return entry;
}

/* A number: an action row, its label as its title, with a slider and the
 * value it stands for, or a spin button, as its suffix. */
static GtkWidget *
create_action_row (DescentParamPanel *self,
                   ParamRow          *row)
{
  GtkWidget *action_row = adw_action_row_new ();
  GtkWidget *suffix = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  row->control = row->kind == CONTROL_SCALE ? create_scale (row) : create_spin (row);
  gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (suffix, FALSE);
  gtk_box_append (GTK_BOX (suffix), row->control);
  if (row->value_label != NULL)
    gtk_box_append (GTK_BOX (suffix), row->value_label);
  gtk_size_group_add_widget (self->suffix_group, suffix);
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), suffix);

  /* Tab goes to the control, not to the row around it first. */
  gtk_widget_set_focusable (action_row, FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row->control),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, action_row, NULL,
                                  -1);

  return action_row;
}

static ControlKind
choose_control (const DtParamSpec *spec,
                gboolean          *log)
{
  gboolean finite = isfinite (spec->min) && isfinite (spec->max) && spec->max > spec->min;

  *log = FALSE;

  switch (spec->type)
    {
    case DT_PARAM_INT:
    case DT_PARAM_DOUBLE:
      if (!finite)
        return CONTROL_SPIN;
      if (spec->log_scale && spec->min > 0.0)
        {
          *log = TRUE;
          return CONTROL_SCALE;
        }
      if (spec->type == DT_PARAM_INT && spec->max - spec->min > MAX_LINEAR_SCALE_RANGE)
        return CONTROL_SPIN;
      return CONTROL_SCALE;

    case DT_PARAM_CHOICE:
      return spec->choices != NULL && spec->choices[0] != NULL ? CONTROL_DROP_DOWN : CONTROL_ENTRY;

    case DT_PARAM_INT_LIST:
    case DT_PARAM_DOUBLE_LIST:
      if (finite && spec->log_scale && spec->min > 0.0)
        return CONTROL_RANGE;
      return CONTROL_ENTRY;

    case DT_PARAM_STRING:
    default:
      return CONTROL_ENTRY;
    }
}

/* The user edited a range row: take its value, valid or not. */
static void
range_changed_cb (DescentRangeRow *range,
                  ParamRow        *row)
{
  g_autofree char *text = descent_range_row_dup_value (range);

  if (!dt_params_set_from_string (row->panel->params, row->spec->key, text, NULL))
    g_warn_if_reached ();

  descent_param_panel_emit_changed (row->panel);
}

/* A list over a range: the range row, which lays out its label and parts
 * itself, in a plain preference row. */
static GtkWidget *
create_range_row (ParamRow *row)
{
  GtkWidget *preference_row = adw_preferences_row_new ();
  DescentRangeRow *range = descent_range_row_new (row->spec);

  row->control = GTK_WIDGET (range);
  gtk_widget_set_margin_start (row->control, 12);
  gtk_widget_set_margin_end (row->control, 12);
  gtk_widget_set_margin_top (row->control, 8);
  gtk_widget_set_margin_bottom (row->control, 8);
  g_signal_connect (range, "changed", G_CALLBACK (range_changed_cb), row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (preference_row), translate (row->spec->label));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (preference_row), FALSE);
  gtk_widget_set_focusable (preference_row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (preference_row), row->control);

  return preference_row;
}

static void
descent_param_panel_add_row (DescentParamPanel *self,
                             const DtParamSpec *spec)
{
  ParamRow *row = g_new0 (ParamRow, 1);

  row->panel = self;
  row->spec = spec;
  row->kind = choose_control (spec, &row->log);

  switch (row->kind)
    {
    case CONTROL_RANGE:
      row->row = create_range_row (row);
      break;
    case CONTROL_DROP_DOWN:
      row->row = create_combo_row (row);
      break;
    case CONTROL_ENTRY:
      row->row = create_entry_row (row);
      break;
    case CONTROL_SCALE:
    case CONTROL_SPIN:
    default:
      row->row = create_action_row (self, row);
      break;
    }

  if (row->kind != CONTROL_RANGE)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), translate (spec->label));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->control),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, translate (spec->help),
                                      -1);
    }

  /* named for tests and the inspector: "param-KEY" */
  {
    g_autofree char *name = g_strconcat ("param-", spec->key, NULL);

    gtk_widget_set_name (row->row, name);
  }
  adw_preferences_group_add (self->group, row->row);

  g_ptr_array_add (self->rows, row);
  row_sync (row);
}

static ParamRow *
descent_param_panel_lookup_row (DescentParamPanel *self,
                                const char        *key)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      ParamRow *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (row->spec->key, key) == 0)
        return row;
    }

  return NULL;
}

static void
descent_param_panel_sync_all (DescentParamPanel *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    row_sync (g_ptr_array_index (self->rows, i));
}

static void
descent_param_panel_dispose (GObject *object)
{
  DescentParamPanel *self = DESCENT_PARAM_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), DESCENT_TYPE_PARAM_PANEL);
  g_clear_object (&self->suffix_group);

  G_OBJECT_CLASS (descent_param_panel_parent_class)->dispose (object);
}

static void
descent_param_panel_finalize (GObject *object)
{
  DescentParamPanel *self = DESCENT_PARAM_PANEL (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->params, dt_params_free);
  g_clear_pointer (&self->defaults, dt_params_free);

  G_OBJECT_CLASS (descent_param_panel_parent_class)->finalize (object);
}

static void
descent_param_panel_class_init (DescentParamPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = descent_param_panel_dispose;
  object_class->finalize = descent_param_panel_finalize;

  /**
   * DescentParamPanel::changed:
   *
   * Emitted when a parameter changed, or an entry became valid or invalid.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/descentlab/Descent/descent-param-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DescentParamPanel, group);
}

static void
descent_param_panel_init (DescentParamPanel *self)
{
  self->rows = g_ptr_array_new_with_free_func (param_row_free);
  self->suffix_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * descent_param_panel_new:
 *
 * Returns: (transfer floating): an empty panel; see
 *   descent_param_panel_set_experiment()
 */
DescentParamPanel *
descent_param_panel_new (void)
{
  return g_object_new (DESCENT_TYPE_PARAM_PANEL, NULL);
}

/**
 * descent_param_panel_set_experiment:
 * @self: a panel
 * @experiment: the experiment whose parameter table the panel shows
 *
 * Builds one control per parameter, all at their defaults. Can be called
 * once.
 */
void
descent_param_panel_set_experiment (DescentParamPanel  *self,
                                    const DtExperiment *experiment)
{
  g_return_if_fail (DESCENT_IS_PARAM_PANEL (self));
  g_return_if_fail (experiment != NULL);
  g_return_if_fail (self->experiment == NULL);

  self->experiment = experiment;
  self->params = dt_params_new (experiment->params, experiment->n_params);
  g_clear_pointer (&self->defaults, dt_params_free);
  self->defaults = dt_params_new (experiment->params, experiment->n_params);

  for (guint i = 0; i < experiment->n_params; i++)
    descent_param_panel_add_row (self, &experiment->params[i]);
  descent_param_panel_update_applies (self);
}

/**
 * descent_param_panel_get_params:
 * @self: a panel
 *
 * Returns: (transfer full): a copy of the parameters; an entry that does
 *   not parse keeps its last valid value here (see
 *   descent_param_panel_get_valid())
 */
DtParams *
descent_param_panel_get_params (DescentParamPanel *self)
{
  g_return_val_if_fail (DESCENT_IS_PARAM_PANEL (self), NULL);
  g_return_val_if_fail (self->params != NULL, NULL);

  return dt_params_copy (self->params);
}

/**
 * descent_param_panel_set_params:
 * @self: a panel
 * @params: parameters of the panel's experiment
 *
 * Shows @params (copied) in every control.
 */
void
descent_param_panel_set_params (DescentParamPanel *self,
                                const DtParams    *params)
{
  g_return_if_fail (DESCENT_IS_PARAM_PANEL (self));
  g_return_if_fail (params != NULL);
  g_return_if_fail (self->params != NULL);

  dt_params_free (self->params);
  self->params = dt_params_copy (params);

  descent_param_panel_sync_all (self);
  descent_param_panel_emit_changed (self);
}

/**
 * descent_param_panel_set_value:
 * @self: a panel
 * @key: a parameter key
 * @text: the value as text, as the CLI takes it
 * @error: return location for an error
 *
 * Sets one parameter as if the user had entered it.
 *
 * Returns: %TRUE if @text was valid for @key; otherwise nothing changes
 */
gboolean
descent_param_panel_set_value (DescentParamPanel  *self,
                               const char         *key,
                               const char         *text,
                               GError            **error)
{
  ParamRow *row;

  g_return_val_if_fail (DESCENT_IS_PARAM_PANEL (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (self->params != NULL, FALSE);

  if (!dt_params_set_from_string (self->params, key, text, error))
    return FALSE;

  row = descent_param_panel_lookup_row (self, key);
  if (row != NULL)
    row_sync (row);

  descent_param_panel_emit_changed (self);

  return TRUE;
}

/**
 * descent_param_panel_reset:
 * @self: a panel
 *
 * Sets every parameter back to its default.
 */
void
descent_param_panel_reset (DescentParamPanel *self)
{
  g_return_if_fail (DESCENT_IS_PARAM_PANEL (self));
  g_return_if_fail (self->experiment != NULL);

  descent_param_panel_set_params (self, self->defaults);
}

/**
 * descent_param_panel_set_default:
 * @self: a panel
 * @key: a parameter key of the panel's experiment
 * @text: its new default, as the command line takes it
 * @error: return location for an error
 *
 * Makes @text the value Reset to Defaults sets for @key; a parameter still
 * at its previous default takes the new one at once.
 *
 * Returns: %FALSE with @error set if @text is not a value of @key
 */
gboolean
descent_param_panel_set_default (DescentParamPanel  *self,
                                 const char         *key,
                                 const char         *text,
                                 GError            **error)
{
  g_autofree char *previous = NULL;
  g_autofree char *current = NULL;

  g_return_val_if_fail (DESCENT_IS_PARAM_PANEL (self), FALSE);
  g_return_val_if_fail (self->defaults != NULL, FALSE);

  previous = dt_params_to_string (self->defaults, key);
  if (!dt_params_set_from_string (self->defaults, key, text, error))
    return FALSE;

  current = dt_params_to_string (self->params, key);
  if (g_strcmp0 (current, previous) == 0)
    return descent_param_panel_set_value (self, key, text, error);

  return TRUE;
}

/**
 * descent_param_panel_get_valid:
 * @self: a panel
 *
 * Returns: %FALSE while some entry holds text that does not parse
 */
gboolean
descent_param_panel_get_valid (DescentParamPanel *self)
{
  g_return_val_if_fail (DESCENT_IS_PARAM_PANEL (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      ParamRow *row = g_ptr_array_index (self->rows, i);

      if (row_get_error (row) != NULL)
        return FALSE;
    }

  return TRUE;
}

/**
 * descent_param_panel_dup_invalid_message:
 * @self: a panel
 *
 * Returns: (transfer full) (nullable): why the first invalid entry is
 *   invalid, naming its parameter, or %NULL when all are valid
 */
char *
descent_param_panel_dup_invalid_message (DescentParamPanel *self)
{
  g_return_val_if_fail (DESCENT_IS_PARAM_PANEL (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      ParamRow *row = g_ptr_array_index (self->rows, i);
      const char *error = row_get_error (row);

      if (error != NULL)
        /* Translators: the first %s is a parameter's label, the second why its value is wrong */
        return g_strdup_printf (_("“%s” is invalid: %s"), translate (row->spec->label), error);
    }

  return NULL;
}
