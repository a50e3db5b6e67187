/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness of the --set parser: the first byte picks an
 * experiment, each further line is KEY=VALUE as on the command line. Every
 * value is either refused with a message or set; the experiment's checks
 * and memory estimate then run on whatever was accepted. */
#include "config.h"

#include <string.h>

#include "dt-error.h"
#include "dt-params.h"
#include "dt-registry.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const DtExperiment *experiment;
  g_autoptr(DtParams) params = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  DtRunEstimate estimate = { 0, };

  if (size < 1)
    return 0;
  experiment = dt_registry_get_experiment (data[0] % dt_registry_get_n_experiments ());
  params = dt_params_new (experiment->params, experiment->n_params);
  text = g_strndup ((const char *) data + 1, size - 1);
  lines = g_strsplit (text, "\n", 64);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');

      if (eq == NULL)
        continue;
      *eq = '\0';
      /* a data set is a path to read: not the parser's business */
      if (strcmp (lines[i], "dataset") == 0)
        continue;
      if (!dt_params_set_from_string (params, lines[i], eq + 1, &error))
        {
          g_assert (error != NULL && error->message[0] != '\0');
          g_clear_error (&error);
        }
    }

  if (!dt_experiment_check (experiment, params, &error))
    g_assert (error != NULL && error->domain == DT_ERROR);
  dt_experiment_estimate (experiment, params, &estimate);
  g_assert (estimate.peak_bytes > 0);
  return 0;
}
