/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dt-record.h"

G_BEGIN_DECLS

/*
 * Internals shared by dt-record.c (the in-memory record), the file format
 * (dt-record-writer.c, dt-record-reader.c and the JSON helpers they use),
 * dt-record-lift.c and dt-record-words.c. Not part of the layer's API.
 */

/* Largest record text accepted, so that a huge file is refused before it is
 * parsed into (several times larger) JSON nodes. */
#define DT_RECORD_MAX_SIZE ((gsize) 512 * 1024 * 1024)

/* json-glib keeps each value it parses as a node of about a hundred bytes,
 * fifty times the text of a short number: a record may leave this many
 * values to it (beyond the long number arrays, which are read straight into
 * doubles), so that loading one stays within ten times its size. */
#define DT_RECORD_MAX_NODES(length) ((gsize) 65536 + (length) / 64)

/*
 * DtRecordValue:
 *
 * A sealed (immutable) JSON value with a name, shared by a record and its
 * copies: dt_record_copy() takes a reference instead of duplicating large
 * extras, which is safe because the node is never changed after creation
 * and only this atomic reference count is touched across threads.
 */
typedef struct
{
  gatomicrefcount  ref_count;
  char            *name;
  JsonNode        *node;
} DtRecordValue;

struct _DtRecord
{
  gatomicrefcount  ref_count;

  /* Guards everything below except @experiment, which never changes. */
  GMutex           mutex;
  guint            generation;   /* atomic; incremented by every mutator */

  char            *experiment;
  DtRecordStatus   status;
  char            *message;
  DtRecordValue   *params;       /* holds a JSON object */
  guint            params_version;   /* of the experiment's table; 0 or 1 when not written */
  DtProvenance     provenance;
  GPtrArray       *series;       /* DtSeries* */
  GPtrArray       *plots;        /* DtPlotSpec* */
  GPtrArray       *extras;       /* DtRecordValue*, in insertion order */
};

/* Called with the lock held, by every mutator. */
static inline void
dt_record_bump_generation (DtRecord *record)
{
  g_atomic_int_inc (&record->generation);
}

DtRecordValue *dt_record_value_new   (const char    *name,
                                      JsonNode      *node);
DtRecordValue *dt_record_value_ref   (DtRecordValue *value);
void           dt_record_value_unref (DtRecordValue *value);

DtSeries      *dt_series_new         (const char    *id,
                                      const char    *label,
                                      DtSeriesStyle  style);
void           dt_series_free        (DtSeries      *series);

const char    *dt_style_to_string    (DtSeriesStyle  style);
const char    *dt_json_describe_node (JsonNode      *node);

/* The value of @type (a DT_TYPE_… of dt-record-enums.h) that @word stands
 * for in records (dt-record-words.c); %FALSE if it stands for none. */
gboolean       dt_record_word_value  (GType          type,
                                      const char    *word,
                                      int           *value);

/* The member of the placeholder {"f64le#": K} of a lifted array. */
#define DT_RECORD_LIFTED_MEMBER "f64le#"

GPtrArray     *dt_record_lift_numbers (char         *text,
                                       gsize         length,
                                       gboolean      writable,
                                       char        **copy,
                                       gsize        *n_left);

G_END_DECLS
