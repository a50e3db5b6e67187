/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-experiments"

#include "config.h"

#include "dt-bias-variance.h"
#include "dt-blas.h"
#include "dt-connectivity.h"
#include "dt-error.h"
#include "dt-ntk.h"
#include "dt-pruning.h"
#include "dt-registry.h"

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
  dt_record_fill_provenance (record,
                             (guint64) dt_params_get_int (params, "seed"),
                             (int) dt_params_get_int (params, "threads"));
  experiment->prepare (params, record);
  return record;
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
    dt_record_set_status (record, DT_STATUS_CANCELLED, "Stopped before the end");
  else
    dt_record_set_status (record, DT_STATUS_FAILED,
                          local_error ? local_error->message : "Failed");
  if (local_error)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error_literal (error, DT_ERROR, DT_ERROR_FAILED, "The run failed");
  return FALSE;
}
