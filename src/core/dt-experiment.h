/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dt-params.h"

G_BEGIN_DECLS

/* The record type lives in src/record; the engine only passes it through. */
typedef struct _DtRecord DtRecord;
/* json-glib's object, which the parameter migrations of records rewrite. */
typedef struct _JsonObject JsonObject;

/**
 * DtProgressFunc:
 * @fraction: progress of the whole run in [0, 1]
 * @message: (nullable): what is being computed, for a status line
 * @user_data: closure data
 *
 * Called from the worker thread; must be thread-safe and quick.
 */
typedef void (*DtProgressFunc) (double      fraction,
                                const char *message,
                                gpointer    user_data);

/**
 * DtRunEstimate:
 * @peak_bytes: the memory the run will hold at its peak, in bytes, from
 *   its parameters alone (data, networks, workspaces, results)
 * @n_units: the number of independent work units the run consists of
 *   (trainings, fits, networks), as shown by `descent-cli run --dry-run`
 * @main_key: (nullable): the parameter that drives @peak_bytes the most, to
 *   name in a message when the run does not fit into memory
 *
 * What a run will cost, known before it starts.
 */
typedef struct
{
  guint64     peak_bytes;
  guint64     n_units;
  const char *main_key;
} DtRunEstimate;

/**
 * DtExperiment:
 * @id: the id used in files, the CLI and JSON ("connectivity")
 * @title: translatable title, marked with N_()
 * @summary: translatable one-line summary, marked with N_()
 * @params: the parameter table
 * @n_params: its length
 * @prepare: adds the plot specs (and empty series) that a run with @params
 *   produces, so a front end can lay out the plots before the first point
 * @run: runs the experiment on the calling thread, appending to @record as
 *   results arrive; checks @cancellable inside its loops. Returns %FALSE with
 *   @error set on failure or cancellation (%DT_ERROR_CANCELLED); what was
 *   finished stays in @record either way.
 * @check: (nullable): checks what single ranges cannot: constraints between
 *   parameters (a spawn point past the end of training, a split larger
 *   than the data). Returns %FALSE with a %DT_ERROR_INVALID_PARAM error
 *   that names the parameters. Cheap: it runs before every run, in both
 *   front ends.
 * @estimate: fills a #DtRunEstimate for @params without allocating the
 *   run's memory. Cheap.
 * @params_version: the version of the parameter table; 0 counts as 1.
 *   Raise it when a key is renamed or removed or its meaning changes, and
 *   teach @migrate_params the step, so that older records still open.
 * @migrate_params: (nullable): rewrites in place the "params" object of a
 *   record written with table version @from_version (below
 *   @params_version) into the form of the current table. Returns %FALSE
 *   with @error set if it cannot.
 * @description: translatable, two sentences, marked with N_(): what a run
 *   does, and what the paper found
 * @citation: the paper: authors, title, venue (not translated)
 * @url: where to read it
 *
 * One experiment: a static, immutable registry entry.
 */
typedef struct
{
  const char        *id;
  const char        *title;
  const char        *summary;
  const DtParamSpec *params;
  guint              n_params;
  void             (*prepare)(const DtParams *params,
                              DtRecord       *record);
  gboolean         (*run)(const DtParams *params,
                          DtRecord       *record,
                          DtProgressFunc  progress,
                          gpointer        progress_data,
                          GCancellable   *cancellable,
                          GError        **error);
  gboolean         (*check)(const DtParams *params,
                            GError        **error);
  void             (*estimate)(const DtParams *params,
                               DtRunEstimate  *estimate);
  guint              params_version;
  gboolean         (*migrate_params)(guint        from_version,
                                     JsonObject  *params,
                                     GError     **error);
  const char        *description;
  const char        *citation;
  const char        *url;
} DtExperiment;

G_END_DECLS
