/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dt-experiment.h"
#include "dt-params.h"

G_BEGIN_DECLS

#define DT_RECORD_FORMAT  "descent-record"
#define DT_RECORD_VERSION 2

/* The member of {"f64le": BASE64}, the form of long arrays of numbers
 * (version 2 on; version 1 wrote every number in decimal). */
#define DT_RECORD_F64_MEMBER "f64le"

#define DT_RECORD_ERROR (dt_record_error_quark ())

/* The largest heat map a record holds, in cells. */
#define DT_PLOT_MATRIX_MAX_CELLS (1u << 24)

/**
 * DtRecordError:
 * @DT_RECORD_ERROR_IO: the file could not be read or written
 * @DT_RECORD_ERROR_SYNTAX: the file is not valid JSON (message gives line:column)
 * @DT_RECORD_ERROR_FORMAT: valid JSON but not a Descent record
 * @DT_RECORD_ERROR_VERSION: a record of a newer format version
 * @DT_RECORD_ERROR_INVALID: a member is missing, of the wrong type or inconsistent
 */
typedef enum
{
  DT_RECORD_ERROR_IO,
  DT_RECORD_ERROR_SYNTAX,
  DT_RECORD_ERROR_FORMAT,
  DT_RECORD_ERROR_VERSION,
  DT_RECORD_ERROR_INVALID,
} DtRecordError;

/* The value names of the enums below are part of the record format:
 * glib-mkenums makes the words records use of them (DT_STATUS_COMPLETE is
 * "complete"; see dt-record-words.c). A renamed value keeps its word with a
 * "nick=" annotation. */
typedef enum
{
  DT_STATUS_RUNNING,   /* only in memory; saved as "cancelled" */
  DT_STATUS_COMPLETE,
  DT_STATUS_CANCELLED,
  DT_STATUS_FAILED,
} DtRecordStatus;

typedef enum
{
  DT_SCALE_LINEAR,
  DT_SCALE_LOG,
  DT_SCALE_SYMLOG,     /* log10(1 + x): a log axis that also shows 0 */
} DtScale;

typedef enum
{
  DT_STYLE_LINE,       /* solid line with markers at the points */
  DT_STYLE_DASHED,     /* dashed line, no markers: references and bounds */
  DT_STYLE_MARKERS,    /* markers only */
} DtSeriesStyle;

/**
 * DtSeries:
 * @id: unique id within the record ("path/k=4")
 * @label: legend text
 * @style: how it is drawn
 * @x: (element-type double): abscissae
 * @y: (element-type double): ordinates, same length as @x
 * @err: (element-type double) (nullable): standard errors, same length
 */
typedef struct
{
  char          *id;
  char          *label;
  DtSeriesStyle  style;
  GArray        *x;
  GArray        *y;
  GArray        *err;
} DtSeries;

typedef struct
{
  char    *label;
  DtScale  scale;
} DtAxisSpec;

/**
 * DtPlotKind:
 * @DT_PLOT_LINES: series drawn against two axes (the default)
 * @DT_PLOT_HEATMAP: a matrix drawn as coloured cells; a matrix whose
 *   values are all 0 or 1 is drawn as a mask (kept / pruned)
 */
typedef enum
{
  DT_PLOT_LINES,
  DT_PLOT_HEATMAP,
} DtPlotKind;

/**
 * DtPlotMatrix:
 * @rows: number of rows (drawn top to bottom)
 * @cols: number of columns (drawn left to right)
 * @values: (element-type double) (nullable): rows × cols values, row-major;
 *   NaN for a cell without a value
 */
typedef struct
{
  guint   rows;
  guint   cols;
  GArray *values;
} DtPlotMatrix;

/**
 * DtPlotSpec:
 * @id: unique id within the record
 * @title: the plot title
 * @x_axis: abscissa label and scale
 * @y_axis: ordinate label and scale
 * @series: (element-type utf8): ids of the series drawn, in legend order
 * @color_of: (element-type utf8): for each of @series, %NULL, or the id of
 *   another series of the plot whose colour it is drawn in (a bound drawn
 *   in the colour of what it bounds)
 * @notes: (element-type utf8): short texts drawn in a corner of the plot
 *   (a fitted slope, a threshold), from the engine's numbers
 * @vlines: (element-type double): x positions of vertical reference lines
 * @vline_labels: (element-type utf8): a label for each of @vlines
 * @kind: lines (the default) or a heat map
 * @matrix: the cells of a heat map (rows 0, values %NULL for lines); the
 *   axis labels name its columns (x) and rows (y), the scales are unused
 */
typedef struct
{
  char         *id;
  char         *title;
  DtAxisSpec    x_axis;
  DtAxisSpec    y_axis;
  GPtrArray    *series;
  GPtrArray    *color_of;
  GPtrArray    *notes;
  GArray       *vlines;
  GPtrArray    *vline_labels;
  DtPlotKind    kind;
  DtPlotMatrix  matrix;
} DtPlotSpec;

typedef struct
{
  char    *app_version;
  char    *created;       /* ISO 8601 */
  guint64  seed;
  char    *blas;
  int      threads;
  double   wall_seconds;
  char    *host;
} DtProvenance;

GQuark         dt_record_error_quark        (void);

DtRecord      *dt_record_new                (const char         *experiment);
DtRecord      *dt_record_ref                (DtRecord           *record);
void           dt_record_unref              (DtRecord           *record);
DtRecord      *dt_record_copy               (DtRecord           *record);
DtRecord      *dt_record_copy_plot          (DtRecord           *record,
                                             const char         *plot_id);

const char    *dt_record_get_experiment     (DtRecord           *record);
DtRecordStatus dt_record_get_status         (DtRecord           *record);
const char    *dt_record_get_message        (DtRecord           *record);
void           dt_record_set_status         (DtRecord           *record,
                                             DtRecordStatus      status,
                                             const char         *message);
guint          dt_record_get_generation     (DtRecord           *record);

void           dt_record_set_params         (DtRecord           *record,
                                             const DtParams     *params);
JsonObject    *dt_record_get_params         (DtRecord           *record);
DtParams      *dt_record_dup_params         (DtRecord           *record,
                                             const DtExperiment *experiment,
                                             GError            **error);
guint          dt_record_get_params_version (DtRecord           *record);
void           dt_record_set_params_version (DtRecord           *record,
                                             guint               version);

/**
 * DtRecordParamsReport:
 * @unknown: keys of the record this build's parameter table does not have,
 *   left out
 * @missing: keys of the table the record does not have, taken as defaults
 * @from_version: the table version the record was written with
 *
 * What dt_record_dup_params_full() had to leave out or fill in.
 */
typedef struct
{
  char  **unknown;
  char  **missing;
  guint   from_version;
} DtRecordParamsReport;

DtParams *dt_record_dup_params_full    (DtRecord              *record,
                                        const DtExperiment    *experiment,
                                        DtRecordParamsReport **report,
                                        GError               **error);
void      dt_record_params_report_free (DtRecordParamsReport  *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtRecordParamsReport, dt_record_params_report_free)

DtProvenance     *dt_record_get_provenance       (DtRecord      *record);
void              dt_record_fill_provenance      (DtRecord      *record,
                                                  guint64        seed,
                                                  int            threads);
void              dt_record_set_wall_seconds     (DtRecord      *record,
                                                  double         seconds);

void              dt_record_add_series           (DtRecord      *record,
                                                  const char    *id,
                                                  const char    *label,
                                                  DtSeriesStyle  style);
void              dt_record_append_point         (DtRecord      *record,
                                                  const char    *series_id,
                                                  double         x,
                                                  double         y,
                                                  double         err);
void              dt_record_set_points           (DtRecord      *record,
                                                  const char    *series_id,
                                                  const double  *x,
                                                  const double  *y,
                                                  const double  *err,
                                                  guint          n);
guint             dt_record_get_n_series         (DtRecord      *record);
const DtSeries   *dt_record_get_series           (DtRecord      *record,
                                                  guint          index);
const DtSeries   *dt_record_lookup_series        (DtRecord      *record,
                                                  const char    *id);

DtPlotSpec       *dt_plot_spec_new               (const char    *id,
                                                  const char    *title,
                                                  const char    *x_label,
                                                  DtScale        x_scale,
                                                  const char    *y_label,
                                                  DtScale        y_scale);
DtPlotSpec       *dt_plot_spec_new_heatmap       (const char    *id,
                                                  const char    *title,
                                                  const char    *x_label,
                                                  const char    *y_label,
                                                  guint          rows,
                                                  guint          cols,
                                                  const double  *values);
void              dt_plot_spec_free              (DtPlotSpec    *spec);
void              dt_plot_spec_add_series        (DtPlotSpec    *spec,
                                                  const char    *series_id);
void              dt_record_add_plot             (DtRecord      *record,
                                                  DtPlotSpec    *spec);
void              dt_record_add_plot_series      (DtRecord      *record,
                                                  DtPlotSpec    *spec,
                                                  const char    *id,
                                                  const char    *label,
                                                  DtSeriesStyle  style);
void              dt_record_add_plot_series_like (DtRecord      *record,
                                                  DtPlotSpec    *spec,
                                                  const char    *id,
                                                  const char    *label,
                                                  DtSeriesStyle  style,
                                                  const char    *like);
void              dt_record_add_plot_note        (DtRecord      *record,
                                                  const char    *plot_id,
                                                  const char    *note);
void              dt_record_add_plot_vline       (DtRecord      *record,
                                                  const char    *plot_id,
                                                  double         x,
                                                  const char    *label);
guint             dt_record_get_n_plots          (DtRecord      *record);
const DtPlotSpec *dt_record_get_plot             (DtRecord      *record,
                                                  guint          index);
const DtPlotSpec *dt_record_lookup_plot          (DtRecord      *record,
                                                  const char    *id);

void              dt_record_set_extra            (DtRecord      *record,
                                                  const char    *name,
                                                  JsonNode      *value);
JsonNode         *dt_record_get_extra            (DtRecord      *record,
                                                  const char    *name);

char             *dt_record_to_data              (DtRecord      *record,
                                                  gsize         *length);
DtRecord         *dt_record_new_from_data        (const char    *data,
                                                  gssize         length,
                                                  GError       **error);
gboolean          dt_record_save                 (DtRecord      *record,
                                                  const char    *path,
                                                  GError       **error);
DtRecord         *dt_record_load                 (const char    *path,
                                                  GError       **error);

char             *dt_record_encode_f64           (const double  *values,
                                                  gsize          n);
gssize            dt_record_base64_decoded_size  (const char    *text);

const char       *dt_scale_to_string             (DtScale        scale);
const char       *dt_status_to_string            (DtRecordStatus status);
const char       *dt_plot_kind_to_string         (DtPlotKind     kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtRecord, dt_record_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtPlotSpec, dt_plot_spec_free)

G_END_DECLS
