/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-plot-view"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "descent-plot-view.h"
#include "dt-plot-scale.h"

#define MIN_WIDTH       420
#define MIN_HEIGHT      300
#define NAT_WIDTH       640
#define NAT_HEIGHT      400
#define CORNER_RADIUS   8.0
#define MIN_ZOOM_PIXELS 8.0
/* One step of the scroll wheel or of the zoom keys. */
#define ZOOM_STEP       1.25
/* Pixels per point of the PNG put on the clipboard. */
#define COPY_SCALE      2.0

struct _DescentPlotView
{
  GtkWidget      parent_instance;

  DtRecord      *record;
  char          *plot_id;
  DtPlot        *plot;
  char          *label;              /* the record's name while overlaid */
  GPtrArray     *overlay_records;    /* DtRecord */
  GPtrArray     *overlay_labels;     /* utf8 */

  /* What the user changed, kept when a new record copy arrives. */
  GHashTable    *hidden_series;
  int            x_scale_override;   /* a DtScale, or -1 */
  int            y_scale_override;
  gboolean       has_view;
  double         view[4];            /* xmin, xmax, ymin, ymax */

  /* The rendered plot, reused until the size, data or theme changes. */
  GskRenderNode *cache;
  int            cache_width;
  int            cache_height;
  gboolean       cache_dark;
  DtPlotFrame    frame;
  gboolean       frame_valid;
  guint          render_count;

  gboolean       pointer_inside;
  double         pointer_x;
  double         pointer_y;
  char          *readout;            /* plain text of the hover box */
  char          *readout_markup;
  GArray        *picked;             /* DtPlotPoint under the pointer */
  double         guide_x;            /* the vertical guide, at the point read */

  gboolean       dragging;
  gboolean       panning;
  double         drag_x0;
  double         drag_y0;
  double         drag_x1;
  double         drag_y1;
  DtPlotFrame    pan_frame;          /* the frame when the pan began */

  char          *description;
  GtkWidget     *popover;
};

enum {
  PROP_0,
  PROP_LOG_X,
  PROP_LOG_Y,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DescentPlotView, descent_plot_view, GTK_TYPE_WIDGET)

static void descent_plot_view_update_readout (DescentPlotView *self);

static void
descent_plot_view_invalidate (DescentPlotView *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
widget_is_dark (GtkWidget *widget)
{
  GdkRGBA color;

  /* A light foreground means a dark theme. Deprecated after 4.8 only. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  return 0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue > 0.5;
}

static double
scale_forward (double  value,
               DtScale scale)
{
  switch (scale)
    {
    case DT_SCALE_LOG:
      return log10 (value);
    case DT_SCALE_SYMLOG:
      return dt_plot_symlog (value);
    case DT_SCALE_LINEAR:
    default:
      return value;
    }
}

static double
scale_inverse (double  value,
               DtScale scale)
{
  switch (scale)
    {
    case DT_SCALE_LOG:
      return pow (10.0, value);
    case DT_SCALE_SYMLOG:
      return dt_plot_symlog_inverse (value);
    case DT_SCALE_LINEAR:
    default:
      return value;
    }
}

/* Device position → data value along one axis of the frame. */
static double
frame_device_to_data (double  device,
                      double  device_lo,
                      double  device_hi,
                      double  data_lo,
                      double  data_hi,
                      DtScale scale)
{
  double u_lo = scale_forward (data_lo, scale);
  double u_hi = scale_forward (data_hi, scale);
  double t = (device - device_lo) / (device_hi - device_lo);

  return scale_inverse (u_lo + t * (u_hi - u_lo), scale);
}

/* The frame's y0 is the top edge and shows ymax. */
static void
frame_to_data (const DtPlotFrame *frame,
               double             x,
               double             y,
               double            *data_x,
               double            *data_y)
{
  *data_x = frame_device_to_data (x, frame->x0, frame->x1, frame->xmin, frame->xmax, frame->x_scale);
  *data_y = frame_device_to_data (y, frame->y1, frame->y0, frame->ymin, frame->ymax, frame->y_scale);
}

static gboolean
frame_contains (const DtPlotFrame *frame,
                double             x,
                double             y)
{
  return x >= MIN (frame->x0, frame->x1) && x <= MAX (frame->x0, frame->x1) &&
         y >= MIN (frame->y0, frame->y1) && y <= MAX (frame->y0, frame->y1);
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

static void
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
static void
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

/* A colour of a series as the renderer draws it: the palette's black is
 * the theme's foreground, so that it shows on a dark background. */
static GdkRGBA
series_rgba (guint    index,
             gboolean dark)
{
  DtColor color = dt_plot_palette (index);

  if (color.r == 0 && color.g == 0 && color.b == 0 && dark)
    return (GdkRGBA) { 0.93, 0.93, 0.93, 1.0 };

  return (GdkRGBA) { color.r, color.g, color.b, 1.0 };
}

static char *
format_value (double value,
              double err)
{
  if (isfinite (err))
    return g_strdup_printf ("%.4g ± %.2g", value, fabs (err));

  return g_strdup_printf ("%.4g", value);
}

/* Works out what the hover box says for the pointer position. */
static void
descent_plot_view_update_readout (DescentPlotView *self)
{
  g_autoptr(GString) text = NULL;
  g_autoptr(GString) markup = NULL;
  gboolean dark;

  g_clear_pointer (&self->readout, g_free);
  g_clear_pointer (&self->readout_markup, g_free);
  g_clear_pointer (&self->picked, g_array_unref);

  if (!self->pointer_inside || self->plot == NULL || !self->frame_valid ||
      !frame_contains (&self->frame, self->pointer_x, self->pointer_y))
    return;

  dark = widget_is_dark (GTK_WIDGET (self));
  text = g_string_new (NULL);
  markup = g_string_new (NULL);

  if (dt_plot_get_kind (self->plot) == DT_PLOT_HEATMAP)
    {
      guint row, col;
      double value;
      g_autofree char *escaped = NULL;

      if (!dt_plot_get_cell (self->plot, &self->frame, self->pointer_x, self->pointer_y,
                             &row, &col, &value))
        return;

      if (isfinite (value))
        /* Translators: the cell of a heat map under the pointer */
        g_string_append_printf (text, _("row %u, column %u\nvalue %.4g"), row, col, value);
      else
        g_string_append_printf (text, _("row %u, column %u\nno value"), row, col);
      escaped = g_markup_escape_text (text->str, -1);
      g_string_append (markup, escaped);
    }
  else
    {
      double x0 = 0.0, best = G_MAXDOUBLE;

      self->picked = dt_plot_pick_x (self->plot, &self->frame, self->pointer_x);
      if (self->picked->len == 0)
        {
          double x, y;

          frame_to_data (&self->frame, self->pointer_x, self->pointer_y, &x, &y);
          g_string_append_printf (text, "x = %.4g\ny = %.4g", x, y);
          g_string_append (markup, text->str);
        }
      else
        {
          /* the abscissa of the point nearest the pointer heads the box */
          for (guint i = 0; i < self->picked->len; i++)
            {
              const DtPlotPoint *p = &g_array_index (self->picked, DtPlotPoint, i);

              if (fabs (p->device_x - self->pointer_x) < best)
                {
                  best = fabs (p->device_x - self->pointer_x);
                  x0 = p->x;
                  self->guide_x = p->device_x;
                }
            }
          g_string_append_printf (text, "x = %.4g", x0);
          g_string_append_printf (markup, "<b>x = %.4g</b>", x0);

          for (guint i = 0; i < self->picked->len; i++)
            {
              const DtPlotPoint *p = &g_array_index (self->picked, DtPlotPoint, i);
              g_autofree char *value = format_value (p->y, p->err);
              g_autofree char *at = NULL;
              g_autofree char *line = NULL;
              g_autofree char *escaped = NULL;
              g_autofree char *color = NULL;
              GdkRGBA rgba = series_rgba (p->index, dark);

              if (p->x != x0)
                at = g_strdup_printf (" (x = %.4g)", p->x);
              line = g_strdup_printf ("%s: %s%s", p->label, value, at != NULL ? at : "");
              g_string_append_printf (text, "\n%s", line);

              escaped = g_markup_escape_text (line, -1);
              color = g_strdup_printf ("#%02x%02x%02x", (int) lround (rgba.red * 255),
                                       (int) lround (rgba.green * 255), (int) lround (rgba.blue * 255));
              /* a filled bullet for the run shown, a hollow one for other runs */
              g_string_append_printf (markup, "\n<span foreground=\"%s\">%s</span> %s", color,
                                      p->overlay == 0 ? "\u25cf" : "\u25cb", escaped);
            }
        }
    }

  self->readout = g_string_free (g_steal_pointer (&text), FALSE);
  self->readout_markup = g_string_free (g_steal_pointer (&markup), FALSE);
}

/* Draws the hover box beside the pointer, flipped and clamped so that it
 * never leaves the widget. */
static void
append_readout_box (DescentPlotView *self,
                    GtkSnapshot     *snapshot,
                    double           x,
                    double           y,
                    gboolean         dark)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  GdkRGBA background = dark ? (GdkRGBA) { 0.15, 0.15, 0.17, 0.94 } : (GdkRGBA) { 1, 1, 1, 0.94 };
  GdkRGBA border = dark ? (GdkRGBA) { 1, 1, 1, 0.25 } : (GdkRGBA) { 0, 0, 0, 0.2 };
  GdkRGBA foreground;
  GskRoundedRect box;
  int text_width, text_height;
  float border_widths[4] = { 1, 1, 1, 1 };
  GdkRGBA border_colors[4] = { border, border, border, border };
  double bx, by, bw, bh;

  pango_layout_set_markup (layout, self->readout_markup, -1);
  /* long labels wrap rather than push the box off the widget */
  pango_layout_set_width (layout, MAX (width - 24, 40) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &foreground);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  bw = text_width + 12;
  bh = text_height + 8;

  bx = x + 14;
  by = y - bh - 14;
  if (bx + bw > width - 2)
    bx = x - bw - 14;
  if (by < 2)
    by = y + 14;
  bx = CLAMP (bx, 2, MAX (2, width - bw - 2));
  by = CLAMP (by, 2, MAX (2, height - bh - 2));

  gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (bx, by, bw, bh), 5);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, &background, &box.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &box, border_widths, border_colors);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (bx + 6, by + 4));
  gtk_snapshot_append_layout (snapshot, layout, &foreground);
  gtk_snapshot_restore (snapshot);
}

static void
append_dot (GtkSnapshot   *snapshot,
            double         x,
            double         y,
            const GdkRGBA *fill,
            const GdkRGBA *ring)
{
  GskRoundedRect dot;
  float widths[4] = { 1.5, 1.5, 1.5, 1.5 };
  GdkRGBA rings[4] = { *ring, *ring, *ring, *ring };

  gsk_rounded_rect_init_from_rect (&dot, &GRAPHENE_RECT_INIT (x - 4.5, y - 4.5, 9, 9), 4.5);
  gtk_snapshot_push_rounded_clip (snapshot, &dot);
  gtk_snapshot_append_color (snapshot, fill, &dot.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &dot, widths, rings);
}

static void
descent_plot_view_snapshot_pointer (DescentPlotView *self,
                                    GtkSnapshot     *snapshot,
                                    gboolean         dark)
{
  GdkRGBA line = dark ? (GdkRGBA) { 1, 1, 1, 0.4 } : (GdkRGBA) { 0, 0, 0, 0.35 };
  GdkRGBA ring = dark ? (GdkRGBA) { 0.12, 0.12, 0.12, 1 } : (GdkRGBA) { 1, 1, 1, 1 };
  double top = MIN (self->frame.y0, self->frame.y1);
  double bottom = MAX (self->frame.y0, self->frame.y1);

  if (self->dragging || self->panning || self->readout_markup == NULL)
    return;

  if (self->picked != NULL && self->picked->len > 0)
    {
      /* a vertical guide through the point read, a dot on each point */
      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (floor (self->guide_x), top, 1, bottom - top));
      for (guint i = 0; i < self->picked->len; i++)
        {
          const DtPlotPoint *p = &g_array_index (self->picked, DtPlotPoint, i);
          GdkRGBA fill = series_rgba (p->index, dark);

          if (p->device_y < top - 1 || p->device_y > bottom + 1)
            continue;
          if (p->overlay > 0)
            {
              append_dot (snapshot, p->device_x, p->device_y, &ring, &fill);
              continue;
            }
          append_dot (snapshot, p->device_x, p->device_y, &fill, &ring);
        }
    }

  append_readout_box (self, snapshot, self->pointer_x, self->pointer_y, dark);
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
prefer_dark_changed_cb (DescentPlotView *self)
{
  descent_plot_view_invalidate (self);
}

static void
descent_plot_view_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (descent_plot_view_parent_class)->root (widget);

  g_signal_connect_object (gtk_widget_get_settings (widget),
                           "notify::gtk-application-prefer-dark-theme",
                           G_CALLBACK (prefer_dark_changed_cb), widget,
                           G_CONNECT_SWAPPED);
}

static void
descent_plot_view_unroot (GtkWidget *widget)
{
  g_signal_handlers_disconnect_by_func (gtk_widget_get_settings (widget),
                                        prefer_dark_changed_cb, widget);

  GTK_WIDGET_CLASS (descent_plot_view_parent_class)->unroot (widget);
}

static void
descent_plot_view_set_view (DescentPlotView *self,
                            double           xmin,
                            double           xmax,
                            double           ymin,
                            double           ymax)
{
  if (self->plot == NULL || !isfinite (xmin) || !isfinite (xmax) ||
      !isfinite (ymin) || !isfinite (ymax) || xmin == xmax || ymin == ymax)
    return;

  self->has_view = TRUE;
  self->view[0] = MIN (xmin, xmax);
  self->view[1] = MAX (xmin, xmax);
  self->view[2] = MIN (ymin, ymax);
  self->view[3] = MAX (ymin, ymax);
  dt_plot_set_view (self->plot, self->view[0], self->view[1], self->view[2], self->view[3]);
  descent_plot_view_invalidate (self);
}

/* Scales one axis' range by @factor in the axis' own space (decades on a
 * log axis), keeping the value at @device where it is. */
static void
zoom_axis (double  device,
           double  device_lo,
           double  device_hi,
           double  data_lo,
           double  data_hi,
           DtScale scale,
           double  factor,
           double *new_lo,
           double *new_hi)
{
  double u_lo = scale_forward (data_lo, scale);
  double u_hi = scale_forward (data_hi, scale);
  double t = CLAMP ((device - device_lo) / (device_hi - device_lo), 0.0, 1.0);
  double u = u_lo + t * (u_hi - u_lo);

  *new_lo = scale_inverse (u + (u_lo - u) * factor, scale);
  *new_hi = scale_inverse (u + (u_hi - u) * factor, scale);
}

/* Shifts one axis' range so that the data follows the pointer by @delta
 * device units. */
static void
pan_axis (double  delta,
          double  device_lo,
          double  device_hi,
          double  data_lo,
          double  data_hi,
          DtScale scale,
          double *new_lo,
          double *new_hi)
{
  double u_lo = scale_forward (data_lo, scale);
  double u_hi = scale_forward (data_hi, scale);
  double shift = -delta / (device_hi - device_lo) * (u_hi - u_lo);

  *new_lo = scale_inverse (u_lo + shift, scale);
  *new_hi = scale_inverse (u_hi + shift, scale);
}

static gboolean
descent_plot_view_can_zoom (DescentPlotView *self)
{
  descent_plot_view_ensure_rendered (self);

  return self->plot != NULL && self->frame_valid &&
         dt_plot_get_kind (self->plot) == DT_PLOT_LINES;
}

static void
descent_plot_view_pan_frame (DescentPlotView   *self,
                             const DtPlotFrame *frame,
                             double             dx,
                             double             dy)
{
  double xa, xb, ya, yb;

  pan_axis (dx, frame->x0, frame->x1, frame->xmin, frame->xmax, frame->x_scale, &xa, &xb);
  /* y grows downwards on screen and upwards in the data */
  pan_axis (dy, frame->y1, frame->y0, frame->ymin, frame->ymax, frame->y_scale, &ya, &yb);
  descent_plot_view_set_view (self, xa, xb, ya, yb);
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
descent_plot_view_toggle_series (DescentPlotView *self,
                                 const char      *series_id)
{
  gboolean visible;

  if (self->plot == NULL)
    return;

  visible = g_hash_table_contains (self->hidden_series, series_id);
  if (visible)
    g_hash_table_remove (self->hidden_series, series_id);
  else
    g_hash_table_add (self->hidden_series, g_strdup (series_id));

  dt_plot_set_series_visible (self->plot, series_id, visible);
  descent_plot_view_update_accessible (self);
  descent_plot_view_invalidate (self);
}

static void
motion_cb (DescentPlotView *self,
           double           x,
           double           y)
{
  descent_plot_view_hover_at (self, x, y);
}

static void
leave_cb (DescentPlotView *self)
{
  descent_plot_view_hover_at (self, -1, -1);
}

static void
drag_begin_cb (DescentPlotView *self,
               double           x,
               double           y,
               GtkGestureDrag  *gesture)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (!descent_plot_view_can_zoom (self) || !frame_contains (&self->frame, x, y) ||
      dt_plot_legend_hit (self->plot, x, y) != NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  self->panning = button == GDK_BUTTON_MIDDLE || (state & GDK_SHIFT_MASK) != 0;
  self->pan_frame = self->frame;
  self->drag_x0 = self->drag_x1 = x;
  self->drag_y0 = self->drag_y1 = y;
}

static void
drag_update_cb (DescentPlotView *self,
                double           dx,
                double           dy)
{
  double x0 = MIN (self->frame.x0, self->frame.x1);
  double x1 = MAX (self->frame.x0, self->frame.x1);
  double y0 = MIN (self->frame.y0, self->frame.y1);
  double y1 = MAX (self->frame.y0, self->frame.y1);

  if (self->panning)
    {
      descent_plot_view_pan_frame (self, &self->pan_frame, dx, dy);
      return;
    }

  self->dragging = TRUE;
  self->drag_x1 = CLAMP (self->drag_x0 + dx, x0, x1);
  self->drag_y1 = CLAMP (self->drag_y0 + dy, y0, y1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (DescentPlotView *self,
             double           dx,
             double           dy)
{
  double xa, ya, xb, yb;

  if (self->panning)
    {
      self->panning = FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  if (!self->dragging)
    return;

  self->dragging = FALSE;

  if (fabs (self->drag_x1 - self->drag_x0) < MIN_ZOOM_PIXELS ||
      fabs (self->drag_y1 - self->drag_y0) < MIN_ZOOM_PIXELS ||
      self->plot == NULL)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  frame_to_data (&self->frame, self->drag_x0, self->drag_y0, &xa, &ya);
  frame_to_data (&self->frame, self->drag_x1, self->drag_y1, &xb, &yb);
  descent_plot_view_set_view (self, xa, xb, ya, yb);
}

static gboolean
scroll_cb (DescentPlotView          *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *scroll)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));

  /* Plain scrolling stays with the page that holds the plots. */
  if ((state & GDK_CONTROL_MASK) == 0 || dy == 0.0 || !self->pointer_inside)
    return FALSE;

  descent_plot_view_zoom_at (self, self->pointer_x, self->pointer_y, pow (ZOOM_STEP, dy));
  return TRUE;
}

static void
series_toggled_cb (GtkCheckButton  *check,
                   DescentPlotView *self)
{
  const char *id = g_object_get_data (G_OBJECT (check), "series-id");
  gboolean visible = gtk_check_button_get_active (check);

  if (visible == g_hash_table_contains (self->hidden_series, id))
    descent_plot_view_toggle_series (self, id);
}

static GtkWidget *
menu_button (const char *label,
             const char *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));

  gtk_label_set_xalign (GTK_LABEL (child), 0.0);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);

  return button;
}

static void
menu_button_clicked_cb (DescentPlotView *self)
{
  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
descent_plot_view_popup (DescentPlotView *self,
                         double           x,
                         double           y)
{
  GtkWidget *box, *check, *label;
  const char *buttons[][2] = {
    { N_("Zoom _In"), "plot.zoom-in" },
    { N_("Zoom _Out"), "plot.zoom-out" },
    { N_("_Reset View"), "plot.reset" },
    { N_("_Copy Image"), "plot.copy" },
  };
  guint n_series;

  if (self->plot == NULL)
    return;

  if (self->popover != NULL)
    gtk_widget_unparent (self->popover);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  if (dt_plot_get_kind (self->plot) == DT_PLOT_LINES)
    {
      check = gtk_check_button_new_with_mnemonic (_("Logarithmic _X Axis"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (check), "plot.log-x");
      gtk_box_append (GTK_BOX (box), check);

      check = gtk_check_button_new_with_mnemonic (_("Logarithmic _Y Axis"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (check), "plot.log-y");
      gtk_box_append (GTK_BOX (box), check);
    }

  n_series = dt_plot_get_n_series (self->plot);
  if (n_series > 0)
    {
      gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
      label = gtk_label_new (_("Series"));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (box), label);

      for (guint i = 0; i < n_series; i++)
        {
          const char *id = dt_plot_get_series_id (self->plot, i);

          check = gtk_check_button_new_with_label (dt_plot_get_series_label (self->plot, i));
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                       !g_hash_table_contains (self->hidden_series, id));
          g_object_set_data_full (G_OBJECT (check), "series-id", g_strdup (id), g_free);
          g_signal_connect (check, "toggled", G_CALLBACK (series_toggled_cb), self);
          gtk_box_append (GTK_BOX (box), check);
        }
    }

  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = menu_button (_(buttons[i][0]), buttons[i][1]);

      g_signal_connect_swapped (button, "clicked", G_CALLBACK (menu_button_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), button);
    }

  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_BOTTOM);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &(GdkRectangle) { x, y, 1, 1 });
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
secondary_pressed_cb (DescentPlotView *self,
                      int              n_press,
                      double           x,
                      double           y)
{
  descent_plot_view_popup (self, x, y);
}

static void
primary_pressed_cb (DescentPlotView *self,
                    int              n_press,
                    double           x,
                    double           y)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));

  /* a click on a legend entry toggles its series; a double click
   * elsewhere undoes the zoom */
  if (n_press == 1)
    descent_plot_view_click_at (self, x, y);
  else if (n_press == 2 && (self->plot == NULL || dt_plot_legend_hit (self->plot, x, y) == NULL))
    descent_plot_view_reset_view (self);
}

static gboolean
key_pressed_cb (DescentPlotView *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (keyval == GDK_KEY_Menu ||
      (keyval == GDK_KEY_F10 && (state & GDK_SHIFT_MASK) != 0))
    {
      descent_plot_view_popup (self, width / 2.0, height / 2.0);
      return TRUE;
    }

  return FALSE;
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  descent_plot_view_reset_view (DESCENT_PLOT_VIEW (widget));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DescentPlotView *self = DESCENT_PLOT_VIEW (widget);
  double factor = g_str_equal (action_name, "plot.zoom-in") ? 1.0 / ZOOM_STEP : ZOOM_STEP;

  if (!descent_plot_view_can_zoom (self))
    return;

  descent_plot_view_zoom_at (self, 0.5 * (self->frame.x0 + self->frame.x1),
                             0.5 * (self->frame.y0 + self->frame.y1), factor);
}

static void
toggle_series_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  descent_plot_view_toggle_series (DESCENT_PLOT_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DescentPlotView *self = DESCENT_PLOT_VIEW (widget);
  g_autoptr(GdkTexture) texture = descent_plot_view_render_texture (self, COPY_SCALE);

  if (texture != NULL)
    gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
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
  widget_class->root = descent_plot_view_root;
  widget_class->unroot = descent_plot_view_unroot;

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
  gtk_widget_class_install_action (widget_class, "plot.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "plot.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "plot.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "plot.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "plot.toggle-series", "s", toggle_series_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "plot.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "plot.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "plot.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "plot.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "plot.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "plot.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "plot.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "plot.copy", NULL);

  gtk_widget_class_set_css_name (widget_class, "plotview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
descent_plot_view_init (DescentPlotView *self)
{
  GtkEventController *motion;
  GtkEventController *key;
  GtkEventController *scroll;
  GtkGesture *drag;
  GtkGesture *pan;
  GtkGesture *primary;
  GtkGesture *secondary;

  self->hidden_series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->x_scale_override = -1;
  self->y_scale_override = -1;

  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  pan = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (pan), GDK_BUTTON_MIDDLE);
  g_signal_connect_swapped (pan, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (pan, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (pan, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pan));

  primary = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (primary), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (primary, "pressed", G_CALLBACK (primary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (primary));

  secondary = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect_swapped (secondary, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (secondary));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  key = gtk_event_controller_key_new ();
  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

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
 * descent_plot_view_hover_at:
 * @self: a plot view
 * @x: pointer position in widget coordinates
 * @y: pointer position; a negative @x or @y means the pointer left
 *
 * Moves the pointer readout to (@x, @y), as pointer motion does.
 */
void
descent_plot_view_hover_at (DescentPlotView *self,
                            double           x,
                            double           y)
{
  g_return_if_fail (DESCENT_IS_PLOT_VIEW (self));

  self->pointer_inside = x >= 0 && y >= 0;
  self->pointer_x = x;
  self->pointer_y = y;
  if (self->pointer_inside)
    descent_plot_view_ensure_rendered (self);
  descent_plot_view_update_readout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * descent_plot_view_get_readout:
 * @self: a plot view
 *
 * Returns: (nullable): the text of the box beside the pointer: the
 *   abscissa, then for each visible series "<label>: y ± err"; for a heat
 *   map the row, column and value; %NULL when the pointer is outside the
 *   data area
 */
const char *
descent_plot_view_get_readout (DescentPlotView *self)
{
  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), NULL);

  return self->readout;
}

/**
 * descent_plot_view_click_at:
 * @self: a plot view
 * @x: position in widget coordinates
 * @y: position
 *
 * Does what a single click does there: on a legend entry, hides or
 * shows that series.
 *
 * Returns: %TRUE if the click hit a legend entry
 */
gboolean
descent_plot_view_click_at (DescentPlotView *self,
                            double           x,
                            double           y)
{
  const char *id;
  g_autofree char *series_id = NULL;

  g_return_val_if_fail (DESCENT_IS_PLOT_VIEW (self), FALSE);

  descent_plot_view_ensure_rendered (self);
  if (self->plot == NULL || !self->frame_valid)
    return FALSE;

  id = dt_plot_legend_hit (self->plot, x, y);
  if (id == NULL)
    return FALSE;

  series_id = g_strdup (id);
  descent_plot_view_toggle_series (self, series_id);
  return TRUE;
}

/**
 * descent_plot_view_zoom_at:
 * @self: a plot view
 * @x: the point that stays put, in widget coordinates
 * @y: the point that stays put
 * @factor: how much of the current range stays visible: below 1 zooms
 *   in, above 1 zooms out
 *
 * Zooms both axes around (@x, @y), in each axis' own scale.
 */
void
descent_plot_view_zoom_at (DescentPlotView *self,
                           double           x,
                           double           y,
                           double           factor)
{
  double xa, xb, ya, yb;

  g_return_if_fail (DESCENT_IS_PLOT_VIEW (self));
  g_return_if_fail (factor > 0.0);

  if (!descent_plot_view_can_zoom (self))
    return;

  zoom_axis (x, self->frame.x0, self->frame.x1, self->frame.xmin, self->frame.xmax,
             self->frame.x_scale, factor, &xa, &xb);
  zoom_axis (y, self->frame.y1, self->frame.y0, self->frame.ymin, self->frame.ymax,
             self->frame.y_scale, factor, &ya, &yb);
  descent_plot_view_set_view (self, xa, xb, ya, yb);
}

/**
 * descent_plot_view_pan:
 * @self: a plot view
 * @dx: how far to move the data right, in widget units
 * @dy: how far to move the data down
 *
 * Moves the visible window over the data, as dragging with the middle
 * button or with shift held does.
 */
void
descent_plot_view_pan (DescentPlotView *self,
                       double           dx,
                       double           dy)
{
  DtPlotFrame frame;

  g_return_if_fail (DESCENT_IS_PLOT_VIEW (self));

  if (!descent_plot_view_can_zoom (self))
    return;

  frame = self->frame;
  descent_plot_view_pan_frame (self, &frame, dx, dy);
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
