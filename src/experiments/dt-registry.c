/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-experiments"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dt-bias-variance.h"
#include "dt-blas.h"
#include "dt-connectivity.h"
#include "dt-error.h"
#include "dt-memory.h"
#include "dt-ntk.h"
#include "dt-pruning.h"
#include "dt-registry.h"

/* The status message of a stopped run's record (not translated: records
 * are read everywhere). */
#define STOPPED_MESSAGE "Stopped before the end"

/* Adding an experiment: one file in src/experiments/ and one line here. */
static const DtExperiment *experiments[] = {
  &dt_experiment_bias_variance,
  &dt_experiment_connectivity,
  &dt_experiment_ntk,
  &dt_experiment_pruning,
};

guint
dt_registry_get_n_experiments (void)
{
  return G_N_ELEMENTS (experiments);
}

/**
 * dt_registry_get_experiment:
 * @index: position in the registry
 *
 * Returns: (transfer none) (nullable): the experiment, or %NULL past the end
 */
const DtExperiment *
dt_registry_get_experiment (guint index)
{
  if (index >= G_N_ELEMENTS (experiments))
    return NULL;
  return experiments[index];
}

/**
 * dt_registry_lookup:
 * @id: an experiment id such as "connectivity"
 *
 * Returns: (transfer none) (nullable): the experiment with that id
 */
const DtExperiment *
dt_registry_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (experiments); i++)
    if (g_str_equal (experiments[i]->id, id))
      return experiments[i];
  return NULL;
}

/**
 * dt_experiment_estimate:
 * @experiment: an experiment
 * @params: its parameters
 * @estimate: (out caller-allocates): what a run with @params will cost
 */
void
dt_experiment_estimate (const DtExperiment *experiment,
                        const DtParams     *params,
                        DtRunEstimate      *estimate)
{
  g_return_if_fail (experiment != NULL && params != NULL && estimate != NULL);

  *estimate = (DtRunEstimate) { 0, 1, NULL };
  if (experiment->estimate != NULL)
    experiment->estimate (params, estimate);
}

/**
 * dt_experiment_check:
 * @experiment: an experiment
 * @params: its parameters
 * @error: return location for a #GError
 *
 * Everything that can be known to go wrong before a run starts: the
 * experiment's constraints between parameters (%DT_ERROR_INVALID_PARAM),
 * then whether its estimated peak memory fits into what the machine can
 * give now (%DT_ERROR_NO_MEMORY, naming the estimate, the limit and the
 * parameter to reduce). Both front ends call it before every run.
 *
 * Returns: %TRUE if the run can start
 */
gboolean
dt_experiment_check (const DtExperiment *experiment,
                     const DtParams     *params,
                     GError            **error)
{
  DtRunEstimate estimate;
  const char *limited_by = NULL;
  guint64 available;

  g_return_val_if_fail (experiment != NULL && params != NULL, FALSE);

  if (experiment->check != NULL && !experiment->check (params, error))
    return FALSE;

  dt_experiment_estimate (experiment, params, &estimate);
  available = dt_memory_available (&limited_by);
  if (estimate.peak_bytes > available)
    {
      g_autofree char *need = g_format_size_full (estimate.peak_bytes, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *have = g_format_size_full (available, G_FORMAT_SIZE_IEC_UNITS);

      if (estimate.main_key != NULL)
        g_set_error (error, DT_ERROR, DT_ERROR_NO_MEMORY,
                     _("This run needs about %s of memory but only %s is available (%s); "
                       "reduce %s"),
                     need, have, limited_by, estimate.main_key);
      else
        g_set_error (error, DT_ERROR, DT_ERROR_NO_MEMORY,
                     _("This run needs about %s of memory but only %s is available (%s)"),
                     need, have, limited_by);
      return FALSE;
    }
  return TRUE;
}

/**
 * dt_experiment_prepare_record:
 * @experiment: an experiment
 * @params: its parameters
 *
 * Returns: (transfer full): a record in the running state holding @params,
 *   the provenance known before the run, and the plots the run will fill.
 */
DtRecord *
dt_experiment_prepare_record (const DtExperiment *experiment,
                              const DtParams     *params)
{
  DtRecord *record;

  g_return_val_if_fail (experiment != NULL && params != NULL, NULL);

  record = dt_record_new (experiment->id);
  dt_record_set_params (record, params);
  dt_record_set_params_version (record, experiment->params_version);
  dt_record_fill_provenance (record,
                             (guint64) dt_params_get_int (params, "seed"),
                             (int) dt_params_get_int (params, "threads"));
  experiment->prepare (params, record);
  return record;
}

/**
 * dt_experiment_snapshot_stopped:
 * @record: a record a worker may still be filling
 * @wall_seconds: how long the run had been going
 *
 * What a front end keeps of a run it stopped without waiting for the
 * worker (still inside one long computation): a copy of what is finished,
 * marked cancelled, as dt_experiment_run() would have left it.
 *
 * Returns: (transfer full): the copy
 */
DtRecord *
dt_experiment_snapshot_stopped (DtRecord *record,
                                double    wall_seconds)
{
  DtRecord *snapshot;

  g_return_val_if_fail (record != NULL, NULL);

  snapshot = dt_record_copy (record);
  dt_record_set_status (snapshot, DT_STATUS_CANCELLED, STOPPED_MESSAGE);
  dt_record_set_wall_seconds (snapshot, wall_seconds);
  return snapshot;
}

/**
 * dt_experiment_run:
 * @experiment: an experiment
 * @params: its parameters
 * @record: a record from dt_experiment_prepare_record()
 * @progress: (nullable) (scope call): progress callback, called on this thread
 * @progress_data: its closure data
 * @cancellable: (nullable): stops the run
 * @error: return location for a #GError
 *
 * Runs the experiment on the calling thread and finishes the record: status
 * (complete, cancelled or failed with the reason) and wall time.
 *
 * Returns: %TRUE when the run completed
 */
gboolean
dt_experiment_run (const DtExperiment *experiment,
                   const DtParams     *params,
                   DtRecord           *record,
                   DtProgressFunc      progress,
                   gpointer            progress_data,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  g_return_val_if_fail (experiment != NULL && params != NULL && record != NULL, FALSE);

  ok = experiment->run (params, record, progress, progress_data, cancellable, &local_error);
  dt_record_set_wall_seconds (record, (g_get_monotonic_time () - start) / 1e6);

  if (ok)
    {
      dt_record_set_status (record, DT_STATUS_COMPLETE, NULL);
      return TRUE;
    }

  if (g_error_matches (local_error, DT_ERROR, DT_ERROR_CANCELLED) ||
      g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    dt_record_set_status (record, DT_STATUS_CANCELLED, STOPPED_MESSAGE);
  else
    dt_record_set_status (record, DT_STATUS_FAILED,
                          local_error ? local_error->message : "Failed");
  if (local_error)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error_literal (error, DT_ERROR, DT_ERROR_FAILED, "The run failed");
  return FALSE;
}
