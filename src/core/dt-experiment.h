/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dt-params.h"

G_BEGIN_DECLS

/* The record type lives in src/record; the engine only passes it through. */
typedef struct _DtRecord DtRecord;

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
  void             (*prepare) (const DtParams *params,
                               DtRecord       *record);
  gboolean         (*run)     (const DtParams *params,
                               DtRecord       *record,
                               DtProgressFunc  progress,
                               gpointer        progress_data,
                               GCancellable   *cancellable,
                               GError        **error);
} DtExperiment;

G_END_DECLS
