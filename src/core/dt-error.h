/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DT_ERROR (dt_error_quark ())

/**
 * DtError:
 * @DT_ERROR_INVALID_PARAM: a parameter is unknown or out of its range
 * @DT_ERROR_DATA: a data set is missing, truncated or malformed
 * @DT_ERROR_DIVERGED: training produced a NaN or an infinity
 * @DT_ERROR_CANCELLED: the run was cancelled
 * @DT_ERROR_NO_MEMORY: the run would need more memory than the machine
 *   can give it
 * @DT_ERROR_FAILED: anything else
 *
 * Errors of the numeric engine and the experiments.
 */
typedef enum
{
  DT_ERROR_INVALID_PARAM,
  DT_ERROR_DATA,
  DT_ERROR_DIVERGED,
  DT_ERROR_CANCELLED,
  DT_ERROR_FAILED,
  DT_ERROR_NO_MEMORY,
} DtError;

GQuark   dt_error_quark     (void);
gboolean dt_check_cancelled (GCancellable  *cancellable,
                             GError       **error);

G_END_DECLS
