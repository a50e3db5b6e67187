/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-param-panel"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "descent-param-panel.h"

/* Integer ranges wider than this get a spin button unless they are log-scaled. */
#define MAX_LINEAR_SCALE_RANGE 1000.0
#define SPIN_LIMIT             1e15

/* A log-scaled list is set as a grid "from:to:points" with this many points. */
#define RANGE_MIN_POINTS       2
#define RANGE_MAX_POINTS       60

/* Positions of a log slider: this many keyboard steps from end to end. */
#define LOG_SCALE_STEPS        200.0

typedef enum
{
  CONTROL_SCALE,
  CONTROL_SPIN,
  CONTROL_DROP_DOWN,
  CONTROL_ENTRY,
  CONTROL_RANGE,
} ControlKind;

/* The widgets of a CONTROL_RANGE row: a log grid set with two sliders and
 * a spin button, or any list typed into the row's entry. */
typedef struct
{
  GtkWidget *summary;
  GtkWidget *from_label;
  GtkWidget *to_label;
  GtkWidget *points_label;
  GtkWidget *from_scale;
  GtkWidget *from_value;
  GtkWidget *to_scale;
  GtkWidget *to_value;
  GtkWidget *points_spin;
  GtkWidget *expander;

  /* The grid the sliders show; kept while the value is a list. */
  double     from;
  double     to;
  guint      points;

  /* Whether the value equals that grid; otherwise the sliders are off. */
  gboolean   is_grid;
  /* Whether the expander was opened to show a list, not by the user. */
  gboolean   auto_expanded;
  /* Whether row->error is about the sliders rather than the typed list. */
  gboolean   error_in_grid;
} RangeControl;

typedef struct
{
  DescentParamPanel *panel;
  const DtParamSpec *spec;
  ControlKind        kind;
  gboolean           log;
  GtkWidget         *label;
  GtkWidget         *control;
  GtkWidget         *value_label;
  RangeControl      *range;
  char              *error;
} ParamRow;

struct _DescentParamPanel
{
  GtkBox              parent_instance;

  GtkGrid            *grid;

  const DtExperiment *experiment;
  DtParams           *params;
  GPtrArray          *rows;
  int                 n_grid_rows;
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

  g_free (row->range);
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
label_set_invalid (GtkWidget *label,
                   gboolean   invalid)
{
  if (invalid)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

static void
row_set_error (ParamRow   *row,
               const char *message)
{
  g_autofree char *tooltip = row_dup_tooltip (row);
  RangeControl *range = row->range;

  g_free (row->error);
  row->error = g_strdup (message);

  if (range == NULL)
    {
      widget_set_invalid (row->control, message, tooltip);
      return;
    }

  /* A bad typed list marks the entry; a bad pair of bounds, the sliders. */
  widget_set_invalid (row->control, range->error_in_grid ? NULL : message, tooltip);
  widget_set_invalid (range->from_scale, range->error_in_grid ? message : NULL,
                      translate (row->spec->help));
  widget_set_invalid (range->to_scale, range->error_in_grid ? message : NULL,
                      translate (row->spec->help));
  label_set_invalid (range->from_value, message != NULL && range->error_in_grid);
  label_set_invalid (range->to_value, message != NULL && range->error_in_grid);
}

/* ---- log ranges: "from:to:points" set with sliders -------------------- */

/* A slider position (log10 of the value) → a round value: two significant
 * digits, whole numbers for an integer list. */
static double
range_value_from_position (ParamRow *row,
                           double    position)
{
  const DtParamSpec *spec = row->spec;
  double value = pow (10.0, position);

  if (spec->type == DT_PARAM_DOUBLE_LIST || value >= 10.0)
    {
      double magnitude = pow (10.0, floor (log10 (value)) - 1.0);

      value = round (value / magnitude) * magnitude;
    }
  if (spec->type == DT_PARAM_INT_LIST)
    value = round (value);

  return CLAMP (value, spec->min, spec->max);
}

static char *
range_format_value (ParamRow *row,
                    double    value)
{
  if (row->spec->type == DT_PARAM_INT_LIST)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) llround (value));

  return g_strdup_printf ("%.3g", value);
}

static char *
range_format_grid (ParamRow *row,
                   double    from,
                   double    to,
                   guint     points)
{
  g_autofree char *from_text = format_param_number (row->spec->type, from);
  g_autofree char *to_text = format_param_number (row->spec->type, to);

  return g_strdup_printf ("%s:%s:%u", from_text, to_text, points);
}

/* Whether the grid "from:to:points" expands to exactly @list. */
static gboolean
range_grid_matches (ParamRow     *row,
                    DtParams     *scratch,
                    double        from,
                    double        to,
                    guint         points,
                    const double *list,
                    guint         n)
{
  g_autofree char *text = range_format_grid (row, from, to, points);
  const double *grid;
  guint n_grid;

  if (!dt_params_set_from_string (scratch, row->spec->key, text, NULL))
    return FALSE;

  grid = dt_params_get_list (scratch, row->spec->key, &n_grid);
  if (n_grid != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    if (fabs (grid[i] - list[i]) > 1e-12 * fabs (list[i]))
      return FALSE;

  return TRUE;
}

/* Finds a grid the sliders can show that expands to the row's value, e.g.
 * after a record holding the expanded list was opened. */
static gboolean
range_find_grid (ParamRow *row,
                 double   *from,
                 double   *to,
                 guint    *points)
{
  RangeControl *range = row->range;
  g_autoptr(DtParams) scratch = NULL;
  const double *list;
  guint n;

  list = dt_params_get_list (row->panel->params, row->spec->key, &n);
  if (n < RANGE_MIN_POINTS || !(list[0] > 0.0 && list[0] < list[n - 1]))
    return FALSE;

  *from = list[0];
  *to = list[n - 1];
  scratch = dt_params_copy (row->panel->params);

  /* Rounding can merge points of an integer grid, so several counts may
   * give the same list: the one shown already wins. */
  if (range->from == *from && range->to == *to &&
      range_grid_matches (row, scratch, *from, *to, range->points, list, n))
    {
      *points = range->points;
      return TRUE;
    }

  for (guint count = n; count <= RANGE_MAX_POINTS; count++)
    {
      if (range_grid_matches (row, scratch, *from, *to, count, list, n))
        {
          *points = count;
          return TRUE;
        }

      /* Points of a grid of doubles are never merged. */
      if (row->spec->type == DT_PARAM_DOUBLE_LIST)
        break;
    }

  return FALSE;
}

static void
range_show_bounds (ParamRow *row)
{
  RangeControl *range = row->range;
  g_autofree char *from = range_format_value (row, range->from);
  g_autofree char *to = range_format_value (row, range->to);

  gtk_label_set_text (GTK_LABEL (range->from_value), from);
  gtk_label_set_text (GTK_LABEL (range->to_value), to);
  gtk_accessible_update_property (GTK_ACCESSIBLE (range->from_scale),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, from,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (range->to_scale),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, to,
                                  -1);
}

/* The sliders and the spin button, with their labels, only work on a grid. */
static void
range_set_grid_sensitive (RangeControl *range,
                          gboolean      sensitive)
{
  GtkWidget *widgets[] = {
    range->from_label, range->from_scale, range->from_value,
    range->to_label, range->to_scale, range->to_value,
    range->points_label, range->points_spin,
  };

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    gtk_widget_set_sensitive (widgets[i], sensitive);
}

/* Shows the row's value: as a grid on the sliders when it is one, else as
 * a list in the entry with the sliders turned off. @source, the widget the
 * user is moving, is left alone. */
static void
range_show_value (ParamRow  *row,
                  GtkWidget *source)
{
  RangeControl *range = row->range;
  gboolean was_updating = row->panel->updating;
  g_autofree char *summary = NULL;
  double from, to;
  guint points, n;

  range->is_grid = range_find_grid (row, &from, &to, &points);
  if (range->is_grid)
    {
      range->from = from;
      range->to = to;
      range->points = points;
    }

  row->panel->updating = TRUE;

  if (source != range->from_scale)
    gtk_range_set_value (GTK_RANGE (range->from_scale), log10 (range->from));
  if (source != range->to_scale)
    gtk_range_set_value (GTK_RANGE (range->to_scale), log10 (range->to));
  if (source != range->points_spin)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (range->points_spin), range->points);
  range_show_bounds (row);

  range_set_grid_sensitive (range, range->is_grid);

  if (source != row->control)
    {
      g_autofree char *text = dt_params_to_string (row->panel->params, row->spec->key);

      gtk_editable_set_text (GTK_EDITABLE (row->control), text != NULL ? text : "");
    }

  /* A list is only seen, and edited, in the entry; once a grid is set from
   * outside (a record, a reset), the entry opened for the list closes. */
  if (!range->is_grid && !gtk_expander_get_expanded (GTK_EXPANDER (range->expander)))
    {
      gtk_expander_set_expanded (GTK_EXPANDER (range->expander), TRUE);
      range->auto_expanded = TRUE;
    }
  else if (range->is_grid && source == NULL && range->auto_expanded)
    {
      gtk_expander_set_expanded (GTK_EXPANDER (range->expander), FALSE);
      range->auto_expanded = FALSE;
    }

  dt_params_get_list (row->panel->params, row->spec->key, &n);
  /* Translators: how many values a list parameter holds, e.g. "16 values" */
  summary = g_strdup_printf (ngettext ("%u value", "%u values", n), n);
  gtk_label_set_text (GTK_LABEL (range->summary), summary);

  row->panel->updating = was_updating;
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

        gtk_drop_down_set_selected (GTK_DROP_DOWN (row->control), selected);
      }
      break;

    case CONTROL_ENTRY:
      {
        g_autofree char *text = dt_params_to_string (params, spec->key);

        gtk_editable_set_text (GTK_EDITABLE (row->control), text != NULL ? text : "");
      }
      break;

    case CONTROL_RANGE:
      row->range->error_in_grid = FALSE;
      range_show_value (row, NULL);
      break;

    default:
      g_assert_not_reached ();
    }

  row_set_error (row, NULL);

  row->panel->updating = was_updating;
}

static void
descent_param_panel_emit_changed (DescentParamPanel *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Stores @text for the row's key; on failure keeps the previous value and
 * marks the row invalid. */
static void
row_store_text (ParamRow   *row,
                const char *text)
{
  g_autoptr(GError) error = NULL;

  if (dt_params_set_from_string (row->panel->params, row->spec->key, text, &error))
    row_set_error (row, NULL);
  else
    row_set_error (row, error->message);

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
drop_down_selected_cb (GtkDropDown *drop_down,
                       GParamSpec  *pspec,
                       ParamRow    *row)
{
  guint selected = gtk_drop_down_get_selected (drop_down);

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

/* Stores @text, a grid from the sliders or a list typed by the user, and
 * shows the result everywhere but in @source. */
static void
range_store_text (ParamRow   *row,
                  const char *text,
                  GtkWidget  *source)
{
  g_autoptr(GError) error = NULL;

  row->range->error_in_grid = source != row->control;

  if (dt_params_set_from_string (row->panel->params, row->spec->key, text, &error))
    {
      row->range->error_in_grid = FALSE;
      row_set_error (row, NULL);
      range_show_value (row, source);
    }
  else
    {
      row_set_error (row, error->message);
    }

  descent_param_panel_emit_changed (row->panel);
}

/* Stores the grid the sliders and the spin button show. */
static void
range_store_grid (ParamRow  *row,
                  GtkWidget *source)
{
  RangeControl *range = row->range;
  g_autofree char *text = NULL;

  if (!(range->from < range->to))
    {
      range->error_in_grid = TRUE;
      range_show_bounds (row);
      row_set_error (row, _("“from” must be below “to”"));
      descent_param_panel_emit_changed (row->panel);
      return;
    }

  text = range_format_grid (row, range->from, range->to, range->points);
  range_store_text (row, text, source);
}

/* Moves @scale to @position without reacting to it. */
static void
range_move_scale (ParamRow  *row,
                  GtkWidget *scale,
                  double     position)
{
  gboolean was_updating = row->panel->updating;

  row->panel->updating = TRUE;
  gtk_range_set_value (GTK_RANGE (scale), position);
  row->panel->updating = was_updating;
}

/* Walks @position of @scale by whole steps, down while its value is not
 * below @bound (or up while not above it), so that "from" stays below
 * "to" even where both round to the same value. */
static double
range_clamp_position (ParamRow  *row,
                      GtkWidget *scale,
                      double     position,
                      double     bound,
                      gboolean   below)
{
  GtkAdjustment *adjustment = gtk_range_get_adjustment (GTK_RANGE (scale));
  double step = gtk_adjustment_get_step_increment (adjustment);
  double lower = gtk_adjustment_get_lower (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);

  if (below)
    {
      while (position > lower && range_value_from_position (row, position) >= bound)
        position = MAX (position - step, lower);
    }
  else
    {
      while (position < upper && range_value_from_position (row, position) <= bound)
        position = MIN (position + step, upper);
    }

  return position;
}

static void
range_scale_changed (ParamRow  *row,
                     GtkWidget *scale,
                     double    *value,
                     double     bound,
                     gboolean   below)
{
  double position = gtk_range_get_value (GTK_RANGE (scale));
  double clamped = range_clamp_position (row, scale, position, bound, below);

  if (clamped != position)
    range_move_scale (row, scale, clamped);

  *value = range_value_from_position (row, clamped);
  range_store_grid (row, scale);
}

static void
range_from_changed_cb (GtkRange *scale,
                       ParamRow *row)
{
  if (row->panel->updating)
    return;

  range_scale_changed (row, GTK_WIDGET (scale), &row->range->from, row->range->to, TRUE);
}

static void
range_to_changed_cb (GtkRange *scale,
                     ParamRow *row)
{
  if (row->panel->updating)
    return;

  range_scale_changed (row, GTK_WIDGET (scale), &row->range->to, row->range->from, FALSE);
}

static void
range_points_changed_cb (GtkSpinButton *spin,
                         ParamRow      *row)
{
  if (row->panel->updating)
    return;

  row->range->points = (guint) gtk_spin_button_get_value_as_int (spin);
  range_store_grid (row, GTK_WIDGET (spin));
}

static void
range_entry_changed_cb (GtkEditable *editable,
                        ParamRow    *row)
{
  if (row->panel->updating)
    return;

  range_store_text (row, gtk_editable_get_text (editable), GTK_WIDGET (editable));
}

/* Closing the list editor goes back to the sliders: a list they cannot
 * show gives way to their grid, and a half-typed entry to the value. */
static void
range_expanded_cb (GtkExpander *expander,
                   GParamSpec  *pspec,
                   ParamRow    *row)
{
  if (row->panel->updating)
    return;

  row->range->auto_expanded = FALSE;
  if (gtk_expander_get_expanded (expander))
    return;

  if (!row->range->is_grid)
    range_store_grid (row, NULL);

  row_sync (row);
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
  gtk_widget_set_hexpand (scale, TRUE);
  gtk_widget_set_size_request (scale, 110, -1);
  g_signal_connect (scale, "value-changed", G_CALLBACK (scale_value_changed_cb), row);

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
  gtk_widget_set_hexpand (spin, TRUE);
  g_signal_connect (spin, "value-changed", G_CALLBACK (spin_value_changed_cb), row);

  return spin;
}

static GtkWidget *
create_drop_down (ParamRow *row)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  GtkWidget *drop_down;

  for (guint i = 0; row->spec->choices != NULL && row->spec->choices[i] != NULL; i++)
    gtk_string_list_append (model, row->spec->choices[i]);

  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&model)), NULL);
  gtk_widget_set_hexpand (drop_down, TRUE);
  g_signal_connect (drop_down, "notify::selected", G_CALLBACK (drop_down_selected_cb), row);

  return drop_down;
}

static GtkWidget *
create_entry (ParamRow *row)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_hexpand (entry, TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 10);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 12);
  if (row->spec->type == DT_PARAM_INT_LIST || row->spec->type == DT_PARAM_DOUBLE_LIST)
    gtk_widget_add_css_class (entry, "param-value");
  g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), row);

  return entry;
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

/* A small label naming one part of a range, indented under the row's label. */
static GtkWidget *
create_part_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_add_css_class (label, "param-part");

  return label;
}

static GtkWidget *
create_range_scale (ParamRow   *row,
                    GtkWidget  *part_label,
                    GtkWidget **value_label,
                    GCallback   callback)
{
  const DtParamSpec *spec = row->spec;
  double lower = log10 (spec->min);
  double upper = log10 (spec->max);
  GtkWidget *scale;

  scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, lower, upper,
                                    (upper - lower) / LOG_SCALE_STEPS);
  gtk_range_set_increments (GTK_RANGE (scale), (upper - lower) / LOG_SCALE_STEPS,
                            (upper - lower) / 20.0);
  gtk_scale_set_draw_value (GTK_SCALE (scale), FALSE);
  /* A fill from the left end would suggest a range that is not the one set. */
  gtk_scale_set_has_origin (GTK_SCALE (scale), FALSE);
  gtk_widget_set_hexpand (scale, TRUE);
  gtk_widget_set_size_request (scale, 110, -1);
  gtk_widget_set_valign (scale, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (scale, translate (spec->help));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (scale),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row->label, part_label, NULL,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, translate (spec->help),
                                  -1);
  g_signal_connect (scale, "value-changed", callback, row);

  *value_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (*value_label), 1.0);
  gtk_label_set_width_chars (GTK_LABEL (*value_label), 7);
  gtk_widget_add_css_class (*value_label, "param-value");
  gtk_widget_add_css_class (*value_label, "numeric");

  return scale;
}

/* The grid of a log-scaled list: from and to on log sliders, the number of
 * points on a spin button, and the list itself in an entry under an
 * expander. The entry is the row's control: it holds the value as text. */
static void
descent_param_panel_add_range (DescentParamPanel *self,
                               ParamRow          *row)
{
  const DtParamSpec *spec = row->spec;
  RangeControl *range = g_new0 (RangeControl, 1);
  g_autofree char *widget_name = NULL;
  g_autoptr(DtParams) defaults = NULL;
  const double *list;
  int top = self->n_grid_rows;
  guint n;

  row->range = range;

  /* Start from the default's bounds; row_sync() then shows the value. */
  defaults = dt_params_new (spec, 1);
  list = dt_params_get_list (defaults, spec->key, &n);
  range->from = n > 0 ? list[0] : spec->min;
  range->to = n > 1 ? list[n - 1] : spec->max;
  range->points = CLAMP (n, RANGE_MIN_POINTS, RANGE_MAX_POINTS);
  if (!(range->from > 0.0 && range->from < range->to))
    {
      range->from = spec->min;
      range->to = spec->max;
    }

  range->summary = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (range->summary), 1.0);
  gtk_widget_add_css_class (range->summary, "dim-label");

  /* Translators: the lower end of a range of values */
  range->from_label = create_part_label (C_("range", "from"));
  range->from_scale = create_range_scale (row, range->from_label, &range->from_value,
                                          G_CALLBACK (range_from_changed_cb));
  /* Translators: the upper end of a range of values */
  range->to_label = create_part_label (C_("range", "to"));
  range->to_scale = create_range_scale (row, range->to_label, &range->to_value,
                                        G_CALLBACK (range_to_changed_cb));

  /* Translators: how many values, spaced evenly on a log scale, a range holds */
  range->points_label = create_part_label (C_("range", "points"));
  range->points_spin = gtk_spin_button_new_with_range (RANGE_MIN_POINTS, RANGE_MAX_POINTS, 1.0);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (range->points_spin), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (range->points_spin), 4);
  gtk_widget_set_hexpand (range->points_spin, TRUE);
  gtk_widget_set_valign (range->points_spin, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (range->points_spin,
                               _("How many values, spaced evenly on a log scale from “from” to “to”"));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (range->points_spin),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row->label, range->points_label, NULL,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (range->points_spin),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, translate (spec->help),
                                  -1);
  g_signal_connect (range->points_spin, "value-changed", G_CALLBACK (range_points_changed_cb), row);

  row->control = create_entry (row);
  g_signal_handlers_disconnect_by_func (row->control, entry_changed_cb, row);
  g_signal_connect (row->control, "changed", G_CALLBACK (range_entry_changed_cb), row);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (row->control), -1);

  range->expander = gtk_expander_new (_("Edit as list"));
  gtk_expander_set_child (GTK_EXPANDER (range->expander), row->control);
  gtk_widget_set_margin_start (range->expander, 12);
  gtk_widget_set_tooltip_text (range->expander,
                               _("Type any comma-separated list; closing this goes back to the range"));
  gtk_widget_set_margin_top (row->control, 6);
  g_signal_connect (range->expander, "notify::expanded", G_CALLBACK (range_expanded_cb), row);

  /* Names the parts for tests and style sheets: "widths-from", … */
  widget_name = g_strdup_printf ("%s-from", spec->key);
  gtk_widget_set_name (range->from_scale, widget_name);
  g_free (widget_name);
  widget_name = g_strdup_printf ("%s-to", spec->key);
  gtk_widget_set_name (range->to_scale, widget_name);
  g_free (widget_name);
  widget_name = g_strdup_printf ("%s-points", spec->key);
  gtk_widget_set_name (range->points_spin, widget_name);
  g_free (widget_name);
  widget_name = g_strdup_printf ("%s-list", spec->key);
  gtk_widget_set_name (row->control, widget_name);
  g_free (widget_name);
  widget_name = g_strdup_printf ("%s-edit-list", spec->key);
  gtk_widget_set_name (range->expander, widget_name);

  gtk_grid_attach (self->grid, row->label, 0, top, 1, 1);
  gtk_grid_attach (self->grid, range->summary, 1, top, 2, 1);
  gtk_grid_attach (self->grid, range->from_label, 0, top + 1, 1, 1);
  gtk_grid_attach (self->grid, range->from_scale, 1, top + 1, 1, 1);
  gtk_grid_attach (self->grid, range->from_value, 2, top + 1, 1, 1);
  gtk_grid_attach (self->grid, range->to_label, 0, top + 2, 1, 1);
  gtk_grid_attach (self->grid, range->to_scale, 1, top + 2, 1, 1);
  gtk_grid_attach (self->grid, range->to_value, 2, top + 2, 1, 1);
  gtk_grid_attach (self->grid, range->points_label, 0, top + 3, 1, 1);
  gtk_grid_attach (self->grid, range->points_spin, 1, top + 3, 2, 1);
  gtk_grid_attach (self->grid, range->expander, 0, top + 4, 3, 1);

  self->n_grid_rows += 5;
}

static void
descent_param_panel_add_row (DescentParamPanel *self,
                             const DtParamSpec *spec)
{
  ParamRow *row = g_new0 (ParamRow, 1);

  row->panel = self;
  row->spec = spec;
  row->kind = choose_control (spec, &row->log);

  row->label = gtk_label_new (translate (spec->label));
  gtk_label_set_xalign (GTK_LABEL (row->label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (row->label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (row->label), 20);
  gtk_widget_set_tooltip_text (row->label, translate (spec->help));

  switch (row->kind)
    {
    case CONTROL_RANGE:
      descent_param_panel_add_range (self, row);
      break;
    case CONTROL_SCALE:
      row->control = create_scale (row);
      break;
    case CONTROL_SPIN:
      row->control = create_spin (row);
      break;
    case CONTROL_DROP_DOWN:
      row->control = create_drop_down (row);
      break;
    case CONTROL_ENTRY:
    default:
      row->control = create_entry (row);
      break;
    }

  gtk_widget_set_valign (row->control, GTK_ALIGN_CENTER);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row->control),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row->label, NULL,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->control),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, translate (spec->help),
                                  -1);

  /* A range has laid out its own grid rows. */
  if (row->kind != CONTROL_RANGE)
    {
      int top = self->n_grid_rows++;

      gtk_grid_attach (self->grid, row->label, 0, top, 1, 1);
      if (row->value_label != NULL)
        {
          gtk_grid_attach (self->grid, row->control, 1, top, 1, 1);
          gtk_grid_attach (self->grid, row->value_label, 2, top, 1, 1);
        }
      else
        {
          gtk_grid_attach (self->grid, row->control, 1, top, 2, 1);
        }
    }

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
  gtk_widget_dispose_template (GTK_WIDGET (object), DESCENT_TYPE_PARAM_PANEL);

  G_OBJECT_CLASS (descent_param_panel_parent_class)->dispose (object);
}

static void
descent_param_panel_finalize (GObject *object)
{
  DescentParamPanel *self = DESCENT_PARAM_PANEL (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->params, dt_params_free);

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
  gtk_widget_class_bind_template_child (widget_class, DescentParamPanel, grid);
}

static void
descent_param_panel_init (DescentParamPanel *self)
{
  self->rows = g_ptr_array_new_with_free_func (param_row_free);

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

  for (guint i = 0; i < experiment->n_params; i++)
    descent_param_panel_add_row (self, &experiment->params[i]);
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
  g_autoptr(DtParams) defaults = NULL;

  g_return_if_fail (DESCENT_IS_PARAM_PANEL (self));
  g_return_if_fail (self->experiment != NULL);

  defaults = dt_params_new (self->experiment->params, self->experiment->n_params);
  descent_param_panel_set_params (self, defaults);
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

      if (row->error != NULL)
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

      if (row->error != NULL)
        /* Translators: the first %s is a parameter's label, the second why its value is wrong */
        return g_strdup_printf (_("“%s” is invalid: %s"), translate (row->spec->label), row->error);
    }

  return NULL;
}
