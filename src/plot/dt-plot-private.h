/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inside the plot: the DtPlot struct and what the files of the renderer
 * share (dt-plot.c the model, dt-plot-scale.c, dt-plot-draw.c,
 * dt-plot-layout.c, dt-plot-heatmap.c and dt-plot-hit.c). Not for use
 * outside src/plot. */
#pragma once

#include <pango/pangocairo.h>

#include "dt-plot.h"

G_BEGIN_DECLS

typedef struct
{
  char          *id;      /* the record's id; "<id>#<k>" in overlay k */
  char          *name;    /* the record's label */
  char          *label;   /* legend text: the name, and the run's label with overlays */
  DtSeriesStyle  style;
  double        *x;
  double        *y;
  double        *err;     /* nullable */
  guint          n;
  guint          index;   /* position in the plot spec: colour and marker */
  guint          overlay; /* 0 for the plot's own record, k for overlay k */
  gboolean       visible;
} PlotSeries;

/* Where the last rendering put a legend entry, to map clicks back to it,
 * and how its text was laid out. */
typedef struct
{
  double   x, y, w, h;
  guint    series;        /* position in DtPlot.series */
  guint    lines;         /* of its text: more than one when it wrapped */
  gboolean ellipsized;    /* its text was cut short */
} LegendHit;

struct _DtPlot
{
  char      *id;
  char      *title;
  char      *x_label;
  char      *y_label;
  DtScale    x_scale;
  DtScale    y_scale;
  GPtrArray *series;        /* PlotSeries */
  GPtrArray *notes;         /* utf8 */
  GArray    *vlines;        /* double */
  GPtrArray *vline_labels;  /* utf8 */

  gboolean   has_view;
  double     view_xmin;
  double     view_xmax;
  double     view_ymin;
  double     view_ymax;

  DtPlotKind kind;
  guint      rows;          /* heat maps: the matrix */
  guint      cols;
  double    *values;        /* rows × cols, row-major */

  char      *label;         /* the run's label, shown with overlays */
  GPtrArray *overlay_labels; /* utf8, one per overlay */
  GArray    *legend_hits;   /* LegendHit, from the last rendering */
  int        legend_place;  /* the legend's place among best_place()'s candidates */
  gboolean   keep_legend;   /* keep it there: only series were shown or hidden */
};

/* ---- rendering */

typedef struct
{
  double x, y, w, h;
} Rect;

typedef struct
{
  cairo_t           *cr;
  const DtPlotTheme *theme;
  PangoContext      *pango;
  PangoLayout       *layout;
  double             s;        /* size factor of everything but the data */
  double             font_px;  /* base font size in user units */

  /* data area in user units, y0 at the top */
  double             x0, y0, x1, y1;
  DtScale            xs, ys;
  double             xmin, xmax, ymin, ymax;
  double             tx0, tx1, ty0, ty1;  /* ranges in scale space */
} Ctx;

/* dt-plot.c */
G_GNUC_INTERNAL
const char *dt_plot_series_run   (DtPlot           *plot,
                                  const PlotSeries *ps);

/* dt-plot-scale.c */
G_GNUC_INTERNAL
gboolean dt_plot_point_usable    (DtPlot      *plot,
                                  PlotSeries  *ps,
                                  guint        i);
G_GNUC_INTERNAL
gboolean dt_plot_has_any_data    (DtPlot      *plot);
G_GNUC_INTERNAL
void     dt_plot_compute_ranges  (DtPlot      *plot,
                                  double      *xmin,
                                  double      *xmax,
                                  double      *ymin,
                                  double      *ymax);

/* dt-plot-draw.c: mapping, colour, text */
G_GNUC_INTERNAL
double   dt_plot_map_x           (const Ctx   *c,
                                  double       v);
G_GNUC_INTERNAL
double   dt_plot_map_y           (const Ctx   *c,
                                  double       v);
G_GNUC_INTERNAL
void     dt_plot_set_color       (cairo_t       *cr,
                                  const DtColor *color,
                                  double         alpha);
G_GNUC_INTERNAL
double   dt_plot_snap            (cairo_t     *cr,
                                  double       v,
                                  gboolean     horizontal_coord,
                                  double       width);
G_GNUC_INTERNAL
void     dt_plot_draw_background (Ctx         *c,
                                  double       width,
                                  double       height);
G_GNUC_INTERNAL
void     dt_plot_set_font        (Ctx         *c,
                                  double       relative,
                                  gboolean     bold);
G_GNUC_INTERNAL
void     dt_plot_set_text        (Ctx         *c,
                                  const char  *text,
                                  double       max_width);
G_GNUC_INTERNAL
void     dt_plot_text_size       (Ctx         *c,
                                  double      *w,
                                  double      *h);
G_GNUC_INTERNAL
void     dt_plot_measure         (Ctx         *c,
                                  const char  *text,
                                  double      *w,
                                  double      *h);
G_GNUC_INTERNAL
void     dt_plot_show_layout     (Ctx         *c,
                                  double       x,
                                  double       y,
                                  double       ax,
                                  double       ay);
G_GNUC_INTERNAL
void     dt_plot_show_text       (Ctx         *c,
                                  const char  *text,
                                  double       x,
                                  double       y,
                                  double       ax,
                                  double       ay);

/* dt-plot-draw.c: geometry */
G_GNUC_INTERNAL
gboolean dt_plot_clip_segment    (const Rect  *box,
                                  double       ax,
                                  double       ay,
                                  double       bx,
                                  double       by,
                                  double      *t0,
                                  double      *t1);
G_GNUC_INTERNAL
gboolean dt_plot_rect_contains   (const Rect  *r,
                                  double       x,
                                  double       y);

/* dt-plot-draw.c: series, also drawn as legend samples */
G_GNUC_INTERNAL
DtColor  dt_plot_series_color    (const Ctx   *c,
                                  guint        index);
G_GNUC_INTERNAL
double   dt_plot_band_alpha      (const Ctx   *c);
G_GNUC_INTERNAL
void     dt_plot_set_series_line (const Ctx        *c,
                                  const PlotSeries *ps);
G_GNUC_INTERNAL
gboolean dt_plot_has_markers     (const PlotSeries *ps);
G_GNUC_INTERNAL
double   dt_plot_marker_radius   (const Ctx     *c,
                                  DtSeriesStyle  style);
G_GNUC_INTERNAL
guint    dt_plot_marker_shape    (guint        index);
G_GNUC_INTERNAL
void     dt_plot_marker_path     (cairo_t     *cr,
                                  guint        index,
                                  double       x,
                                  double       y,
                                  double       r);
G_GNUC_INTERNAL
void     dt_plot_fill_marker     (const Ctx        *c,
                                  const PlotSeries *ps);
G_GNUC_INTERNAL
void     dt_plot_draw_data       (Ctx         *c,
                                  DtPlot      *plot);

/* dt-plot-heatmap.c */
G_GNUC_INTERNAL
void     dt_plot_render_heatmap  (DtPlot      *plot,
                                  Ctx         *c,
                                  double       width,
                                  double       height,
                                  DtPlotFrame *frame_out);

G_END_DECLS
