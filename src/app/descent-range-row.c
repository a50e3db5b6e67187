/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DescentRangeRow: a log-scaled list parameter set as a grid
 * "from:to:points" with two log sliders and a spin button, or as any list
 * typed into an entry under an "Edit as list" expander. The row keeps its
 * own value; the parameter panel copies it on "changed". */
#define G_LOG_DOMAIN "descent-range-row"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "descent-param-panel.h"
#include "descent-range-row.h"
#include "descent-scroll.h"

/* A grid "from:to:points" has this many points. */
#define RANGE_MIN_POINTS 2
#define RANGE_MAX_POINTS 60

/* Positions of a log slider: this many keyboard steps from end to end. */
#define LOG_SCALE_STEPS  200.0

struct _DescentRangeRow
{
  GtkWidget          parent_instance;

  GtkWidget         *grid;
  GtkWidget         *label;
  GtkWidget         *summary;
  GtkWidget         *from_label;
  GtkWidget         *from_scale;
  GtkWidget         *from_value;
  GtkWidget         *to_label;
  GtkWidget         *to_scale;
  GtkWidget         *to_value;
  GtkWidget         *points_label;
  GtkWidget         *points_spin;
  GtkWidget         *expander;
  GtkWidget         *entry;

  const DtParamSpec *spec;
  /* The value, in parameters holding only @spec. */
  DtParams          *value;
  char              *error;
  char              *entry_tooltip;

  /* The grid the sliders show; kept while the value is a list. */
  double             from;
  double             to;
  guint              points;

  /* Whether the value equals that grid; otherwise the sliders are off. */
  gboolean           is_grid;
  /* Whether the expander was opened to show a list, not by the user. */
  gboolean           auto_expanded;
  /* Whether the error is about the sliders rather than the typed list. */
  gboolean           error_in_grid;
  /* Set while the row moves its own widgets, so that it does not react. */
  gboolean           updating;
};

G_DEFINE_FINAL_TYPE (DescentRangeRow, descent_range_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SPEC,
  PROP_VALUE,
  PROP_ERROR,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
translate (const char *text)
{
  return text != NULL && *text != '\0' ? g_dgettext (GETTEXT_PACKAGE, text) : "";
}

/* Adds or removes the "error" style of @part. */
static void
part_mark_invalid (GtkWidget *part,
                   gboolean   invalid)
{
  if (invalid)
    gtk_widget_add_css_class (part, "error");
  else
    gtk_widget_remove_css_class (part, "error");
}

/* Marks @part as holding a wrong value, with @message as its tooltip, or
 * clears the mark and shows @tooltip. */
static void
part_set_invalid (GtkWidget  *part,
                  const char *message,
                  const char *tooltip)
{
  part_mark_invalid (part, message != NULL);
  gtk_widget_set_tooltip_text (part, message != NULL ? message : tooltip);
  gtk_accessible_update_state (GTK_ACCESSIBLE (part),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
descent_range_row_set_error (DescentRangeRow *self,
                             const char      *message)
{
  const char *help = translate (self->spec->help);
  gboolean changed = g_strcmp0 (self->error, message) != 0;

  g_free (self->error);
  self->error = g_strdup (message);

  /* A bad typed list marks the entry; a bad pair of bounds, the sliders. */
  part_set_invalid (self->entry, self->error_in_grid ? NULL : message, self->entry_tooltip);
  part_set_invalid (self->from_scale, self->error_in_grid ? message : NULL, help);
  part_set_invalid (self->to_scale, self->error_in_grid ? message : NULL, help);
  part_mark_invalid (self->from_value, message != NULL && self->error_in_grid);
  part_mark_invalid (self->to_value, message != NULL && self->error_in_grid);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* A slider position (log10 of the value) → a round value: two significant
 * digits, whole numbers for an integer list. */
static double
value_from_position (DescentRangeRow *self,
                     double           position)
{
  const DtParamSpec *spec = self->spec;
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
format_value (DescentRangeRow *self,
              double           value)
{
  if (self->spec->type == DT_PARAM_INT_LIST)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) llround (value));

  return g_strdup_printf ("%.3g", value);
}

/* Text of a bound that dt_params_set_from_string() reads back exactly,
 * whatever the locale. */
static char *
format_bound (DescentRangeRow *self,
              double           value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (self->spec->type == DT_PARAM_INT_LIST)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) llround (value));

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.17g", value));
}

static char *
format_grid (DescentRangeRow *self,
             double           from,
             double           to,
             guint            points)
{
  g_autofree char *from_text = format_bound (self, from);
  g_autofree char *to_text = format_bound (self, to);

  return g_strdup_printf ("%s:%s:%u", from_text, to_text, points);
}

/* Whether the grid "from:to:points" expands to exactly @list. */
static gboolean
grid_matches (DescentRangeRow *self,
              DtParams        *scratch,
              double           from,
              double           to,
              guint            points,
              const double    *list,
              guint            n)
{
  g_autofree char *text = format_grid (self, from, to, points);
  const double *grid;
  guint n_grid;

  if (!dt_params_set_from_string (scratch, self->spec->key, text, NULL))
    return FALSE;

  grid = dt_params_get_list (scratch, self->spec->key, &n_grid);
  if (n_grid != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    if (fabs (grid[i] - list[i]) > 1e-12 * fabs (list[i]))
      return FALSE;

  return TRUE;
}

/* Finds a grid the sliders can show that expands to the value, e.g. after
 * a record holding the expanded list was opened. */
static gboolean
find_grid (DescentRangeRow *self,
           double          *from,
           double          *to,
           guint           *points)
{
  g_autoptr(DtParams) scratch = NULL;
  const double *list;
  guint n;

  list = dt_params_get_list (self->value, self->spec->key, &n);
  if (n < RANGE_MIN_POINTS || !(list[0] > 0.0 && list[0] < list[n - 1]))
    return FALSE;

  *from = list[0];
  *to = list[n - 1];
  scratch = dt_params_copy (self->value);

  /* Rounding can merge points of an integer grid, so several counts may
   * give the same list: the one shown already wins. */
  if (self->from == *from && self->to == *to &&
      grid_matches (self, scratch, *from, *to, self->points, list, n))
    {
      *points = self->points;
      return TRUE;
    }

  for (guint count = n; count <= RANGE_MAX_POINTS; count++)
    {
      if (grid_matches (self, scratch, *from, *to, count, list, n))
        {
          *points = count;
          return TRUE;
        }

      /* Points of a grid of doubles are never merged. */
      if (self->spec->type == DT_PARAM_DOUBLE_LIST)
        break;
    }

  return FALSE;
}

static void
show_bounds (DescentRangeRow *self)
{
  g_autofree char *from = format_value (self, self->from);
  g_autofree char *to = format_value (self, self->to);

  gtk_label_set_text (GTK_LABEL (self->from_value), from);
  gtk_label_set_text (GTK_LABEL (self->to_value), to);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->from_scale),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, from,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->to_scale),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, to,
                                  -1);
}

/* The sliders and the spin button, with their labels, only work on a grid. */
static void
set_grid_sensitive (DescentRangeRow *self,
                    gboolean         sensitive)
{
  GtkWidget *widgets[] = {
    self->from_label, self->from_scale, self->from_value,
    self->to_label, self->to_scale, self->to_value,
    self->points_label, self->points_spin,
  };

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    gtk_widget_set_sensitive (widgets[i], sensitive);
}

/* Shows the value: as a grid on the sliders when it is one, else as a
 * list in the entry with the sliders turned off. @source, the widget the
 * user is moving, is left alone. */
static void
show_value (DescentRangeRow *self,
            GtkWidget       *source)
{
  gboolean was_updating = self->updating;
  g_autofree char *summary = NULL;
  double from, to;
  guint points, n;

  self->is_grid = find_grid (self, &from, &to, &points);
  if (self->is_grid)
    {
      self->from = from;
      self->to = to;
      self->points = points;
    }

  self->updating = TRUE;

  if (source != self->from_scale)
    gtk_range_set_value (GTK_RANGE (self->from_scale), log10 (self->from));
  if (source != self->to_scale)
    gtk_range_set_value (GTK_RANGE (self->to_scale), log10 (self->to));
  if (source != self->points_spin)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->points_spin), self->points);
  show_bounds (self);

  set_grid_sensitive (self, self->is_grid);

  if (source != self->entry)
    {
      g_autofree char *text = dt_params_to_string (self->value, self->spec->key);

      gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
    }

  /* A list is only seen, and edited, in the entry; once a grid is set from
   * outside (a record, a reset), the entry opened for the list closes. */
  if (!self->is_grid && !gtk_expander_get_expanded (GTK_EXPANDER (self->expander)))
    {
      gtk_expander_set_expanded (GTK_EXPANDER (self->expander), TRUE);
      self->auto_expanded = TRUE;
    }
  else if (self->is_grid && source == NULL && self->auto_expanded)
    {
      gtk_expander_set_expanded (GTK_EXPANDER (self->expander), FALSE);
      self->auto_expanded = FALSE;
    }

  dt_params_get_list (self->value, self->spec->key, &n);
  /* Translators: how many values a list parameter holds, e.g. "16 values" */
  summary = g_strdup_printf (ngettext ("%u value", "%u values", n), n);
  gtk_label_set_text (GTK_LABEL (self->summary), summary);

  self->updating = was_updating;
}

/* Shows the value anew, as set from outside, and clears any error. */
static void
sync_value (DescentRangeRow *self)
{
  self->error_in_grid = FALSE;
  show_value (self, NULL);
  descent_range_row_set_error (self, NULL);
}

/* Stores @text, a grid from the sliders or a list typed by the user, and
 * shows the result everywhere but in @source. */
static void
store_text (DescentRangeRow *self,
            const char      *text,
            GtkWidget       *source)
{
  g_autoptr(GError) error = NULL;

  self->error_in_grid = source != self->entry;

  if (dt_params_set_from_string (self->value, self->spec->key, text, &error))
    {
      self->error_in_grid = FALSE;
      descent_range_row_set_error (self, NULL);
      show_value (self, source);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
    }
  else
    {
      g_autofree char *message = descent_param_describe_error (self->spec, error->message);

      descent_range_row_set_error (self, message);
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

/* Stores the grid the sliders and the spin button show. */
static void
store_grid (DescentRangeRow *self,
            GtkWidget       *source)
{
  g_autofree char *text = NULL;

  if (!(self->from < self->to))
    {
      self->error_in_grid = TRUE;
      show_bounds (self);
      descent_range_row_set_error (self, _("“from” must be below “to”"));
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }

  text = format_grid (self, self->from, self->to, self->points);
  store_text (self, text, source);
}

/* Moves @scale to @position without reacting to it. */
static void
move_scale (DescentRangeRow *self,
            GtkWidget       *scale,
            double           position)
{
  gboolean was_updating = self->updating;

  self->updating = TRUE;
  gtk_range_set_value (GTK_RANGE (scale), position);
  self->updating = was_updating;
}

/* Walks @position of @scale by whole steps, down while its value is not
 * below @bound (or up while not above it), so that "from" stays below
 * "to" even where both round to the same value. */
static double
clamp_position (DescentRangeRow *self,
                GtkWidget       *scale,
                double           position,
                double           bound,
                gboolean         below)
{
  GtkAdjustment *adjustment = gtk_range_get_adjustment (GTK_RANGE (scale));
  double step = gtk_adjustment_get_step_increment (adjustment);
  double lower = gtk_adjustment_get_lower (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);

  if (below)
    {
      while (position > lower && value_from_position (self, position) >= bound)
        position = MAX (position - step, lower);
    }
  else
    {
      while (position < upper && value_from_position (self, position) <= bound)
        position = MIN (position + step, upper);
    }

  return position;
}

static void
scale_changed (DescentRangeRow *self,
               GtkWidget       *scale,
               double          *value,
               double           bound,
               gboolean         below)
{
  double position = gtk_range_get_value (GTK_RANGE (scale));
  double clamped = clamp_position (self, scale, position, bound, below);

  if (clamped != position)
    move_scale (self, scale, clamped);

  *value = value_from_position (self, clamped);
  store_grid (self, scale);
}

static void
from_changed_cb (GtkRange        *scale,
                 DescentRangeRow *self)
{
  if (self->updating)
    return;

  scale_changed (self, GTK_WIDGET (scale), &self->from, self->to, TRUE);
}

static void
to_changed_cb (GtkRange        *scale,
               DescentRangeRow *self)
{
  if (self->updating)
    return;

  scale_changed (self, GTK_WIDGET (scale), &self->to, self->from, FALSE);
}

static void
points_changed_cb (GtkSpinButton   *spin,
                   DescentRangeRow *self)
{
  if (self->updating)
    return;

  self->points = (guint) gtk_spin_button_get_value_as_int (spin);
  store_grid (self, GTK_WIDGET (spin));
}

static void
entry_changed_cb (GtkEditable     *editable,
                  DescentRangeRow *self)
{
  if (self->updating)
    return;

  store_text (self, gtk_editable_get_text (editable), GTK_WIDGET (editable));
}

/* Closing the list editor goes back to the sliders: a list they cannot
 * show gives way to their grid, and a half-typed entry to the value. */
static void
expanded_cb (GtkExpander     *expander,
             GParamSpec      *pspec,
             DescentRangeRow *self)
{
  if (self->updating)
    return;

  self->auto_expanded = FALSE;
  if (gtk_expander_get_expanded (expander))
    return;

  if (!self->is_grid)
    store_grid (self, NULL);

  sync_value (self);
}

/* A log slider over the spec's bounds, named "<key>-<part>" for tests and
 * style sheets. */
static void
setup_scale (DescentRangeRow *self,
             GtkWidget       *scale,
             const char      *part)
{
  const DtParamSpec *spec = self->spec;
  double lower = log10 (spec->min);
  double upper = log10 (spec->max);
  double step = (upper - lower) / LOG_SCALE_STEPS;
  g_autofree char *name = g_strdup_printf ("%s-%s", spec->key, part);

  gtk_range_set_adjustment (GTK_RANGE (scale),
                            gtk_adjustment_new (lower, lower, upper, step, (upper - lower) / 20.0, 0.0));
  gtk_scale_set_draw_value (GTK_SCALE (scale), FALSE);
  gtk_widget_set_tooltip_text (scale, translate (spec->help));
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, translate (spec->help),
                                  -1);
  gtk_widget_set_name (scale, name);
}

static void
set_part_name (DescentRangeRow *self,
               GtkWidget       *part,
               const char      *suffix)
{
  g_autofree char *name = g_strdup_printf ("%s-%s", self->spec->key, suffix);

  gtk_widget_set_name (part, name);
}

static void
descent_range_row_constructed (GObject *object)
{
  DescentRangeRow *self = DESCENT_RANGE_ROW (object);
  const DtParamSpec *spec = self->spec;
  g_autofree char *range = NULL;
  const double *list;
  guint n;

  G_OBJECT_CLASS (descent_range_row_parent_class)->constructed (object);

  g_assert (spec != NULL);

  self->value = dt_params_new (spec, 1);
  range = dt_params_describe_range (spec);
  if (range != NULL && *range != '\0')
    self->entry_tooltip = g_strdup_printf ("%s\n%s", translate (spec->help), range);
  else
    self->entry_tooltip = g_strdup (translate (spec->help));

  /* Start from the default's bounds; sync_value() then shows the value. */
  list = dt_params_get_list (self->value, spec->key, &n);
  self->from = n > 0 ? list[0] : spec->min;
  self->to = n > 1 ? list[n - 1] : spec->max;
  self->points = CLAMP (n, RANGE_MIN_POINTS, RANGE_MAX_POINTS);
  if (!(self->from > 0.0 && self->from < self->to))
    {
      self->from = spec->min;
      self->to = spec->max;
    }

  gtk_label_set_text (GTK_LABEL (self->label), translate (spec->label));
  gtk_widget_set_tooltip_text (self->label, translate (spec->help));

  setup_scale (self, self->from_scale, "from");
  setup_scale (self, self->to_scale, "to");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->points_spin),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, translate (spec->help),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, translate (spec->help),
                                  -1);

  /* Names the parts for tests and style sheets: "widths-from", … */
  set_part_name (self, self->points_spin, "points");
  set_part_name (self, self->entry, "list");
  set_part_name (self, self->expander, "edit-list");

  sync_value (self);
  self->updating = FALSE;
}

static void
descent_range_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DESCENT_TYPE_RANGE_ROW);

  G_OBJECT_CLASS (descent_range_row_parent_class)->dispose (object);
}

static void
descent_range_row_finalize (GObject *object)
{
  DescentRangeRow *self = DESCENT_RANGE_ROW (object);

  g_clear_pointer (&self->value, dt_params_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->entry_tooltip, g_free);

  G_OBJECT_CLASS (descent_range_row_parent_class)->finalize (object);
}

static void
descent_range_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DescentRangeRow *self = DESCENT_RANGE_ROW (object);

  switch (prop_id)
    {
    case PROP_SPEC:
      g_value_set_pointer (value, (gpointer) descent_range_row_get_spec (self));
      break;

    case PROP_VALUE:
      g_value_take_string (value, descent_range_row_dup_value (self));
      break;

    case PROP_ERROR:
      g_value_set_string (value, descent_range_row_get_error (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
descent_range_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DescentRangeRow *self = DESCENT_RANGE_ROW (object);

  switch (prop_id)
    {
    case PROP_SPEC:
      /* Construct-only: there is no public setter. */
      self->spec = g_value_get_pointer (value);
      break;

    case PROP_VALUE:
      {
        g_autoptr(GError) error = NULL;

        if (!descent_range_row_set_value (self, g_value_get_string (value), &error))
          g_warning ("%s", error->message);
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
descent_range_row_class_init (DescentRangeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = descent_range_row_constructed;
  object_class->dispose = descent_range_row_dispose;
  object_class->finalize = descent_range_row_finalize;
  object_class->get_property = descent_range_row_get_property;
  object_class->set_property = descent_range_row_set_property;

  /**
   * DescentRangeRow:spec:
   *
   * The log-scaled list parameter the row sets, from a static table that
   * outlives the row.
   */
  properties[PROP_SPEC] =
    g_param_spec_pointer ("spec", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  /**
   * DescentRangeRow:value:
   *
   * The value as canonical text (see dt_params_to_string()): the last valid
   * one while the row shows an error.
   */
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DescentRangeRow:error:
   *
   * Why the typed list or the sliders' bounds are wrong, or %NULL.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DescentRangeRow::changed:
   *
   * Emitted after the user edited the row: its value changed, or it became
   * (or stayed) invalid.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/descentlab/Descent/descent-range-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DescentRangeRow, grid);
  gtk_widget_class_bind_template_child (widget_class, DescentRangeRow, label);
  gtk_widget_class_bind_template_child (widget_class, DescentRangeRow, summary);
  gtk_widget_class_bind_template_child (widget_class, DescentRangeRow, from_label);
  gtk_widget_class_bind_template_child (widget_class, DescentRangeRow, from_scale);
  gtk_widget_class_bind_template_child (widget_class, DescentRangeRow, from_value);
  gtk_widget_class_bind_template_child (widget_class, DescentRangeRow, to_label);
  gtk_widget_class_bind_template_child (widget_class, DescentRangeRow, to_scale);
  gtk_widget_class_bind_template_child (widget_class, DescentRangeRow, to_value);
  gtk_widget_class_bind_template_child (widget_class, DescentRangeRow, points_label);
  gtk_widget_class_bind_template_child (widget_class, DescentRangeRow, points_spin);
  gtk_widget_class_bind_template_child (widget_class, DescentRangeRow, expander);
  gtk_widget_class_bind_template_child (widget_class, DescentRangeRow, entry);
  gtk_widget_class_bind_template_callback (widget_class, from_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, to_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, points_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, expanded_cb);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
descent_range_row_init (DescentRangeRow *self)
{
  /* Nothing reacts to the widgets until constructed() has set them up. */
  self->updating = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  descent_scroll_to_parent (self->from_scale);
  descent_scroll_to_parent (self->to_scale);
  descent_scroll_to_parent (self->points_spin);

  gtk_spin_button_configure (GTK_SPIN_BUTTON (self->points_spin),
                             gtk_adjustment_new (RANGE_MIN_POINTS, RANGE_MIN_POINTS, RANGE_MAX_POINTS,
                                                 1.0, 10.0, 0.0),
                             1.0, 0);

  /* Each part is read out with the row's label: "Widths from", … */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->from_scale),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->label, self->from_label, NULL,
                                  -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->to_scale),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->label, self->to_label, NULL,
                                  -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->points_spin),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->label, self->points_label, NULL,
                                  -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->label, NULL,
                                  -1);
}

/**
 * descent_range_row_new:
 * @spec: a log-scaled list parameter, with finite positive bounds, from a
 *   static table that outlives the row
 *
 * Returns: (transfer floating): a row showing the default of @spec
 */
DescentRangeRow *
descent_range_row_new (const DtParamSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (spec->type == DT_PARAM_INT_LIST || spec->type == DT_PARAM_DOUBLE_LIST, NULL);
  g_return_val_if_fail (spec->min > 0.0 && spec->max > spec->min, NULL);

  return g_object_new (DESCENT_TYPE_RANGE_ROW, "spec", spec, NULL);
}

/**
 * descent_range_row_get_spec:
 * @self: a range row
 *
 * Returns: (transfer none): the parameter the row sets
 */
const DtParamSpec *
descent_range_row_get_spec (DescentRangeRow *self)
{
  g_return_val_if_fail (DESCENT_IS_RANGE_ROW (self), NULL);

  return self->spec;
}

/**
 * descent_range_row_dup_value:
 * @self: a range row
 *
 * Returns: (transfer full): the value as canonical text, the last valid
 *   one while the row shows an error
 */
char *
descent_range_row_dup_value (DescentRangeRow *self)
{
  g_return_val_if_fail (DESCENT_IS_RANGE_ROW (self), NULL);

  return dt_params_to_string (self->value, self->spec->key);
}

/**
 * descent_range_row_set_value:
 * @self: a range row
 * @text: a value for the row's parameter, as the CLI takes it
 * @error: return location for an error
 *
 * Shows @text as set from outside (a record, a reset): on the sliders when
 * it is a grid they can show, else in the list entry. Clears any error and
 * does not emit #DescentRangeRow::changed.
 *
 * Returns: %TRUE if @text was valid; otherwise nothing changes
 */
gboolean
descent_range_row_set_value (DescentRangeRow  *self,
                             const char       *text,
                             GError          **error)
{
  g_return_val_if_fail (DESCENT_IS_RANGE_ROW (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!dt_params_set_from_string (self->value, self->spec->key, text, error))
    return FALSE;

  sync_value (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);

  return TRUE;
}

/**
 * descent_range_row_get_error:
 * @self: a range row
 *
 * Returns: (transfer none) (nullable): why the typed list or the bounds
 *   are wrong, or %NULL when the row is valid
 */
const char *
descent_range_row_get_error (DescentRangeRow *self)
{
  g_return_val_if_fail (DESCENT_IS_RANGE_ROW (self), NULL);

  return self->error;
}
