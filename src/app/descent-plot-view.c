/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plot view widget: its class and properties, the rendering of the
 * DtPlot (cached as a render node) and its snapshot, and the public API.
 * The pointer, keys and context menu are in descent-plot-view-input.c, the
 * read-out of the value under the pointer in descent-plot-view-readout.c. */
#define G_LOG_DOMAIN "descent-plot-view"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "descent-plot-view-private.h"

#define MIN_WIDTH       420
#define MIN_HEIGHT      300
#define NAT_WIDTH       640
#define NAT_HEIGHT      400
#define CORNER_RADIUS   8.0

enum {
  PROP_0,
  PROP_LOG_X,
  PROP_LOG_Y,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DescentPlotView, descent_plot_view, GTK_TYPE_WIDGET)

void
descent_plot_view_invalidate (DescentPlotView *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static const DtPlotSpec *
descent_plot_view_get_spec (DescentPlotView *self)
{
  if (self->record == NULL || self->plot_id == NULL)
    return NULL;

  return dt_record_lookup_plot (self->record, self->plot_id);
}

static DtScale
descent_plot_view_current_scale (DescentPlotView *self,
                                 gboolean         x_axis)
{
  const DtPlotSpec *spec = descent_plot_view_get_spec (self);
  int override = x_axis ? self->x_scale_override : self->y_scale_override;

  if (override >= 0)
    return override;
  if (spec == NULL)
    return DT_SCALE_LINEAR;

  return x_axis ? spec->x_axis.scale : spec->y_axis.scale;
}

/* Whether every value on one axis of the plot's series is positive: only
 * then can the axis switch to a plain logarithmic scale. */
static gboolean
descent_plot_view_axis_positive (DescentPlotView *self,
                                 gboolean         x_axis)
{
  GPtrArray *records = g_ptr_array_new ();
  const DtPlotSpec *spec = descent_plot_view_get_spec (self);
  gboolean any = FALSE, positive = TRUE;

  if (spec == NULL || spec->kind == DT_PLOT_HEATMAP)
    {
      g_ptr_array_unref (records);
      return FALSE;
    }

  g_ptr_array_add (records, self->record);
  for (guint i = 0; self->overlay_records != NULL && i < self->overlay_records->len; i++)
    g_ptr_array_add (records, g_ptr_array_index (self->overlay_records, i));

  for (guint r = 0; r < records->len && positive; r++)
    for (guint i = 0; i < spec->series->len && positive; i++)
      {
        const DtSeries *series = dt_record_lookup_series (g_ptr_array_index (records, r),
                                                          g_ptr_array_index (spec->series, i));
        GArray *values;

        if (series == NULL)
          continue;
        values = x_axis ? series->x : series->y;
        for (guint k = 0; k < values->len; k++)
          {
            double v = g_array_index (values, double, k);

            if (!isfinite (v))
              continue;
            any = TRUE;
            if (v <= 0.0)
              {
                positive = FALSE;
                break;
              }
          }
      }

  g_ptr_array_unref (records);
  return any && positive;
}

/* The one place that decides which of the plot's actions are available. */
static void
descent_plot_view_update_actions (DescentPlotView *self)
{
  const DtPlotSpec *spec = descent_plot_view_get_spec (self);
  gboolean lines = self->plot != NULL && dt_plot_get_kind (self->plot) == DT_PLOT_LINES;
  GtkWidget *widget = GTK_WIDGET (self);

  /* A log switch needs positive data, unless the plot's own scale is
   * already logarithmic (a symlog axis also shows zero). */
  gtk_widget_action_set_enabled (widget, "plot.log-x",
                                 lines && (spec->x_axis.scale != DT_SCALE_LINEAR ||
                                           descent_plot_view_axis_positive (self, TRUE)));
  gtk_widget_action_set_enabled (widget, "plot.log-y",
                                 lines && (spec->y_axis.scale != DT_SCALE_LINEAR ||
                                           descent_plot_view_axis_positive (self, FALSE)));
  gtk_widget_action_set_enabled (widget, "plot.reset", lines);
  gtk_widget_action_set_enabled (widget, "plot.zoom-in", lines);
  gtk_widget_action_set_enabled (widget, "plot.zoom-out", lines);
  gtk_widget_action_set_enabled (widget, "plot.toggle-series", lines);
  gtk_widget_action_set_enabled (widget, "plot.copy", self->plot != NULL);
}

/* Applies the user's choices to a freshly built DtPlot. */
static void
descent_plot_view_apply_state (DescentPlotView *self)
{
  GHashTableIter iter;
  gpointer key;

  if (self->plot == NULL)
    return;

  g_hash_table_iter_init (&iter, self->hidden_series);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    dt_plot_set_series_visible (self->plot, key, FALSE);

  if (self->x_scale_override >= 0)
    dt_plot_set_x_scale (self->plot, self->x_scale_override);
  if (self->y_scale_override >= 0)
    dt_plot_set_y_scale (self->plot, self->y_scale_override);

  if (self->has_view)
    dt_plot_set_view (self->plot, self->view[0], self->view[1], self->view[2], self->view[3]);
}

void
descent_plot_view_update_accessible (DescentPlotView *self)
{
  const char *title = NULL;
  g_autofree char *summary = NULL;

  if (self->plot != NULL)
    {
      title = dt_plot_get_title (self->plot);
      summary = dt_plot_describe (self->plot);
    }

  g_free (self->description);
  if (summary != NULL)
    self->description = g_strdup_printf ("%s. %s", summary,
                                         _("Ctrl+scroll or drag to zoom, shift+drag to pan, "
                                           "double-click to reset, right-click for axes and series"));
  else
    self->description = g_strdup (_("No plot yet"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title != NULL && *title != '\0' ? title : _("Plot"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->description,
                                  -1);
}

/* Builds the DtPlot anew from the record and the overlaid runs. */
static void
descent_plot_view_rebuild (DescentPlotView *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->plot, dt_plot_free);
  if (self->record != NULL && self->plot_id != NULL)
    {
      self->plot = dt_plot_new (self->record, self->plot_id, &error);
      if (self->plot == NULL)
        g_warning ("Cannot show plot “%s”: %s", self->plot_id, error->message);
    }

  if (self->plot != NULL && dt_plot_get_kind (self->plot) == DT_PLOT_LINES &&
      self->overlay_records != NULL && self->overlay_records->len > 0)
    {
      dt_plot_set_label (self->plot, self->label != NULL ? self->label : _("this run"));
      for (guint i = 0; i < self->overlay_records->len; i++)
        {
          g_autoptr(GError) overlay_error = NULL;

          /* another run may lack a plot that this one has: it just adds nothing */
          if (!dt_plot_add_overlay (self->plot, g_ptr_array_index (self->overlay_records, i),
                                    g_ptr_array_index (self->overlay_labels, i), &overlay_error))
            g_debug ("Not overlaying run %u on “%s”: %s", i, self->plot_id, overlay_error->message);
        }
    }

  descent_plot_view_apply_state (self);
  descent_plot_view_update_accessible (self);
  descent_plot_view_update_actions (self);
  descent_plot_view_invalidate (self);
}

static void
descent_plot_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NAT_WIDTH;
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = NAT_HEIGHT;
    }
}

static void
descent_plot_view_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  DescentPlotView *self = DESCENT_PLOT_VIEW (widget);

  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static GskRenderNode *
descent_plot_view_render (DescentPlotView *self,
                          int              width,
                          int              height,
                          gboolean         dark)
{
  const DtPlotTheme *theme = dark ? dt_plot_theme_dark () : dt_plot_theme_light ();
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  GskRoundedRect clip;
  cairo_t *cr;

  gsk_rounded_rect_init_from_rect (&clip, &GRAPHENE_RECT_INIT (0, 0, width, height), CORNER_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &clip);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->plot != NULL)
    {
      dt_plot_render (self->plot, cr, width, height, theme, &self->frame);
      self->frame_valid = TRUE;
    }
  else
    {
      cairo_set_source_rgba (cr, theme->background.r, theme->background.g,
                             theme->background.b, theme->background.a);
      cairo_paint (cr);
      self->frame_valid = FALSE;
    }
  cairo_destroy (cr);

  gtk_snapshot_pop (snapshot);

  self->render_count++;

  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

/* Renders the plot now if the cached rendering is missing or stale, so
 * that the frame and the legend's place are those of the current size. */
void
descent_plot_view_ensure_rendered (DescentPlotView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean dark;

  if (width <= 0 || height <= 0)
    return;

  dark = widget_is_dark (widget);
  if (self->cache == NULL || self->cache_width != width ||
      self->cache_height != height || self->cache_dark != dark)
    {
      g_clear_pointer (&self->cache, gsk_render_node_unref);
      self->cache = descent_plot_view_render (self, width, height, dark);
      self->cache_width = width;
      self->cache_height = height;
      self->cache_dark = dark;
    }
}

static void
descent_plot_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  DescentPlotView *self = DESCENT_PLOT_VIEW (widget);
  gboolean dark;
  int render_count = self->render_count;

  if (gtk_widget_get_width (widget) <= 0 || gtk_widget_get_height (widget) <= 0)
    return;

  dark = widget_is_dark (widget);
  descent_plot_view_ensure_rendered (self);
  if ((int) self->render_count != render_count)
    descent_plot_view_update_readout (self);

  gtk_snapshot_append_node (snapshot, self->cache);

  if (self->dragging)
    {
      GdkRGBA fill = { 0.21, 0.52, 0.89, 0.18 };
      GdkRGBA edge = { 0.21, 0.52, 0.89, 0.8 };
      graphene_rect_t rect = GRAPHENE_RECT_INIT (MIN (self->drag_x0, self->drag_x1),
                                                 MIN (self->drag_y0, self->drag_y1),
                                                 fabs (self->drag_x1 - self->drag_x0),
                                                 fabs (self->drag_y1 - self->drag_y0));
      GskRoundedRect outline;
      float widths[4] = { 1, 1, 1, 1 };
      GdkRGBA colors[4] = { edge, edge, edge, edge };

      gtk_snapshot_append_color (snapshot, &fill, &rect);
      gsk_rounded_rect_init_from_rect (&outline, &rect, 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }

  descent_plot_view_snapshot_pointer (self, snapshot, dark);
}

static void
descent_plot_view_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (descent_plot_view_parent_class)->css_changed (widget, change);

  /* The theme may have flipped between light and dark. */
  descent_plot_view_invalidate (DESCENT_PLOT_VIEW (widget));
}

static void
descent_plot_view_set_log (DescentPlotView *self,
                           gboolean         x_axis,
                           gboolean         log)
{
  const DtPlotSpec *spec = descent_plot_view_get_spec (self);
  DtScale own = spec == NULL ? DT_SCALE_LINEAR : x_axis ? spec->x_axis.scale : spec->y_axis.scale;
  DtScale scale = DT_SCALE_LINEAR;

  /* Back to the plot's own log flavour (symlog shows 0), else plain log. */
  if (log)
    scale = own != DT_SCALE_LINEAR ? own : DT_SCALE_LOG;

  if (scale == descent_plot_view_current_scale (self, x_axis))
    return;

  if (x_axis)
    self->x_scale_override = scale;
  else
    self->y_scale_override = scale;

  /* A zoom window in the old scale means little in the new one. */
  self->has_view = FALSE;

  if (self->plot != NULL)
    {
      dt_plot_reset_view (self->plot);
      if (x_axis)
        dt_plot_set_x_scale (self->plot, scale);
      else
        dt_plot_set_y_scale (self->plot, scale);
    }

  descent_plot_view_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[x_axis ? PROP_LOG_X : PROP_LOG_Y]);
}

static void
descent_plot_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DescentPlotView *self = DESCENT_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG_X:
      g_value_set_boolean (value, descent_plot_view_current_scale (self, TRUE) != DT_SCALE_LINEAR);
      break;

    case PROP_LOG_Y:
      g_value_set_boolean (value, descent_plot_view_current_scale (self, FALSE) != DT_SCALE_LINEAR);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
descent_plot_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DescentPlotView *self = DESCENT_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG_X:
      descent_plot_view_set_log (self, TRUE, g_value_get_boolean (value));
      break;

    case PROP_LOG_Y:
      descent_plot_view_set_log (self, FALSE, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
descent_plot_view_dispose (GObject *object)
{
  DescentPlotView *self = DESCENT_PLOT_VIEW (object);

  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->plot, dt_plot_free);
  g_clear_pointer (&self->record, dt_record_unref);
  g_clear_pointer (&self->overlay_records, g_ptr_array_unref);
  g_clear_pointer (&self->overlay_labels, g_ptr_array_unref);
  g_clear_pointer (&self->picked, g_array_unref);

  G_OBJECT_CLASS (descent_plot_view_parent_class)->dispose (object);
}

static void
descent_plot_view_finalize (GObject *object)
{
  DescentPlotView *self = DESCENT_PLOT_VIEW (object);

  g_clear_pointer (&self->plot_id, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->readout, g_free);
  g_clear_pointer (&self->readout_markup, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->hidden_series, g_hash_table_unref);

  G_OBJECT_CLASS (descent_plot_view_parent_class)->finalize (object);
}

static void
descent_plot_view_class_init (DescentPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = descent_plot_view_dispose;
  object_class->finalize = descent_plot_view_finalize;
  object_class->get_property = descent_plot_view_get_property;
  object_class->set_property = descent_plot_view_set_property;

  widget_class->measure = descent_plot_view_measure;
  widget_class->size_allocate = descent_plot_view_size_allocate;
  widget_class->snapshot = descent_plot_view_snapshot;
  widget_class->css_changed = descent_plot_view_css_changed;

  /**
   * DescentPlotView:log-x:
   *
   * Whether the abscissa is logarithmic (the plot's own log or symlog
   * scale, else a plain log scale).
   */
  properties[PROP_LOG_X] =
    g_param_spec_boolean ("log-x", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DescentPlotView:log-y:
   *
   * Whether the ordinate is logarithmic.
   */
  properties[PROP_LOG_Y] =
    g_param_spec_boolean ("log-y", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "plot.log-x", "log-x");
  gtk_widget_class_install_property_action (widget_class, "plot.log-y", "log-y");
  descent_plot_view_class_init_input (widget_class);

  gtk_widget_class_set_css_name (widget_class, "plotview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
descent_plot_view_init (DescentPlotView *self)
{
  self->hidden_series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->x_scale_override = -1;
  self->y_scale_override = -1;

  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);

  descent_plot_view_init_input (self);

  descent_plot_view_update_accessible (self);
  descent_plot_view_update_actions (self);
}

/**
 * descent_plot_view_new:
 *
 * Returns: (transfer floating): a plot view showing nothing yet
 */
GtkWidget *
descent_plot_view_new (void)
{
  return g_object_new (DESCENT_TYPE_PLOT_VIEW, NULL);
}

/**
 * descent_plot_view_set_record:
 * @self: a plot view
 * @record: (nullable): the record to show; it must not change afterwards
 *   (pass a copy of a record that a worker is still filling)
 * @plot_id: (nullable): the id of the plot spec in @record
 *
 * Shows plot @plot_id of @record. Zoom, log axes and hidden series chosen
 * by the user stay while the plot id stays the same; so do overlays.
 */
void
descent_plot_view_set_record (DescentPlotView *self,
                              DtRecord        *record,
                              const char      *plot_id)
{
  g_return_if_fail (DESCENT_IS_PLOT_VIEW (self));

  if (g_strcmp0 (plot_id, self->plot_id) != 0)
    {
      g_free (self->plot_id);
      self->plot_id = g_strdup (plot_id);
      g_hash_table_remove_all (self->hidden_series);
      self->x_scale_override = -1;
      self->y_scale_override = -1;
      self->has_view = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_X]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_Y]);
    }

  if (record != NULL)
    dt_record_ref (record);
  g_clear_pointer (&self->record, dt_record_unref);
  self->record = record;

  descent_plot_view_rebuild (self);
}

/**
 * descent_plot_view_set_overlays:
 * @self: a plot view
 * @records: (nullable) (element-type DtRecord): other runs of the same
 *   experiment to draw over the plot; %NULL or empty for none
 * @labels: (nullable) (element-type utf8): a legend label for each of
 *   @records, e.g. its file name
 *
 * Draws the same plot of each of @records over this one, in the same
 * colours with a dash pattern per run, labelled "<series> — <label>".
 * Records without this plot, and heat maps, add nothing. The records are
 * referenced, the labels copied.
 */
void
descent_plot_view_set_overlays (DescentPlotView *self,
                                GPtrArray       *records,
                                GPtrArray       *labels)
{
  g_return_if_fail (DESCENT_IS_PLOT_VIEW (self));

  g_clear_pointer (&self->overlay_records, g_ptr_array_unref);
  g_clear_pointer (&self->overlay_labels, g_ptr_array_unref);

  if (records != NULL && records->len > 0)
    {
      self->overlay_records = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_record_unref);
      self->overlay_labels = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < records->len; i++)
        {
          const char *label = labels != NULL && i < labels->len ? g_ptr_array_index (labels, i) : NULL;

          g_ptr_array_add (self->overlay_records, dt_record_ref (g_ptr_array_index (records, i)));
          if (label != NULL)
            g_ptr_array_add (self->overlay_labels, g_strdup (label));
          else
            /* Translators: the legend name of another run without a file name */
            g_ptr_array_add (self->overlay_labels, g_strdup_printf (_("run %u"), i + 2));
        }
    }

  descent_plot_view_rebuild (self);
}

/**
 * descent_plot_view_set_label:
 * @self: a plot view
 * @label: (nullable): what to call the record shown (its file name)
 *   while other runs are overlaid; %NULL for “this run”
 */
void
descent_plot_view_set_label (DescentPlotView *self,
                             const char      *label)
{
  g_return_if_fail (DESCENT_IS_PLOT_VIEW (self));

  if (g_strcmp0 (label, self->label) == 0)
    return;

  g_free (self->label);
  self->label = g_strdup (label);
  descent_plot_view_rebuild (self);
}

/**
 * descent_plot_view_get_record:
 * @self: a plot view
 *
 * Returns: (transfer none) (nullable): the record shown
 */
DtRecord *
descent_plot_view_get_record (DescentPlotView *self)
{
  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), NULL);

  return self->record;
}

/**
 * descent_plot_view_get_plot_id:
 * @self: a plot view
 *
 * Returns: (nullable): the id of the plot shown
 */
const char *
descent_plot_view_get_plot_id (DescentPlotView *self)
{
  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), NULL);

  return self->plot_id;
}

/**
 * descent_plot_view_get_plot:
 * @self: a plot view
 *
 * Returns: (transfer none) (nullable): the plot drawn, with the view's
 *   hidden series, scales, zoom and overlays set on it
 */
DtPlot *
descent_plot_view_get_plot (DescentPlotView *self)
{
  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), NULL);

  return self->plot;
}

/**
 * descent_plot_view_dup_plot:
 * @self: a plot view
 *
 * Copies the plot as the view shows it, to export it.
 *
 * Returns: (transfer full) (nullable): a copy, or %NULL when nothing is shown
 */
DtPlot *
descent_plot_view_dup_plot (DescentPlotView *self)
{
  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), NULL);

  return self->plot != NULL ? dt_plot_copy (self->plot) : NULL;
}

/**
 * descent_plot_view_get_frame:
 * @self: a plot view
 * @frame: (out caller-allocates): the data area and visible ranges
 *
 * Renders the plot first if its rendering is out of date.
 *
 * Returns: %TRUE if the view has a size and a plot, so @frame is set
 */
gboolean
descent_plot_view_get_frame (DescentPlotView *self,
                             DtPlotFrame     *frame)
{
  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), FALSE);
  g_return_val_if_fail (frame != NULL, FALSE);

  descent_plot_view_ensure_rendered (self);
  if (!self->frame_valid || self->plot == NULL)
    return FALSE;

  *frame = self->frame;
  return TRUE;
}

/**
 * descent_plot_view_get_description:
 * @self: a plot view
 *
 * Returns: the accessible description: a summary of the series in words
 */
const char *
descent_plot_view_get_description (DescentPlotView *self)
{
  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), NULL);

  return self->description;
}

/**
 * descent_plot_view_render_texture:
 * @self: a plot view
 * @scale: pixels per widget unit
 *
 * Renders the plot as the view shows it, in the view's size and theme,
 * off screen: what "Copy Image" puts on the clipboard.
 *
 * Returns: (transfer full) (nullable): the image, or %NULL without a plot
 *   or a size
 */
GdkTexture *
descent_plot_view_render_texture (DescentPlotView *self,
                                  double           scale)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  const DtPlotTheme *theme;
  g_autoptr(DtPlot) copy = NULL;
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  int stride, pixel_w, pixel_h;

  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), NULL);
  g_return_val_if_fail (scale > 0.0, NULL);

  if (self->plot == NULL)
    return NULL;
  if (width <= 0 || height <= 0)
    {
      width = NAT_WIDTH;
      height = NAT_HEIGHT;
    }

  pixel_w = (int) ceil (width * scale);
  pixel_h = (int) ceil (height * scale);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixel_w, pixel_h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  /* a copy, so that the legend's place on screen is not overwritten */
  copy = dt_plot_copy (self->plot);
  theme = widget_is_dark (widget) ? dt_plot_theme_dark () : dt_plot_theme_light ();
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  dt_plot_render (copy, cr, width, height, theme, NULL);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* cairo's ARGB32 is GDK's default memory format: premultiplied, native order */
  stride = cairo_image_surface_get_stride (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * pixel_h);
  cairo_surface_destroy (surface);

  return gdk_memory_texture_new (pixel_w, pixel_h, GDK_MEMORY_DEFAULT, bytes, stride);
}

/**
 * descent_plot_view_get_n_points:
 * @self: a plot view
 *
 * Returns: the number of data points in the series of the plot shown
 */
guint
descent_plot_view_get_n_points (DescentPlotView *self)
{
  const DtPlotSpec *spec;
  guint n = 0;

  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), 0);

  spec = descent_plot_view_get_spec (self);
  if (spec == NULL)
    return 0;

  for (guint i = 0; i < spec->series->len; i++)
    {
      const DtSeries *series = dt_record_lookup_series (self->record, g_ptr_array_index (spec->series, i));

      if (series != NULL)
        n += series->x->len;
    }

  return n;
}

/**
 * descent_plot_view_get_render_count:
 * @self: a plot view
 *
 * Returns: how many times the plot has been rendered (not counting frames
 *   that reused the cached rendering)
 */
guint
descent_plot_view_get_render_count (DescentPlotView *self)
{
  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), 0);

  return self->render_count;
}

/**
 * descent_plot_view_reset_view:
 * @self: a plot view
 *
 * Undoes any zoom and pan, showing all the data again.
 */
void
descent_plot_view_reset_view (DescentPlotView *self)
{
  g_return_if_fail (DESCENT_IS_PLOT_VIEW (self));

  self->has_view = FALSE;
  if (self->plot != NULL)
    dt_plot_reset_view (self->plot);

  descent_plot_view_invalidate (self);
}
