/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dt-error.h"
#include "dt-lock.h"

DT_DEFINE_QUARK (dt-error-quark, dt_error)

/**
 * dt_check_cancelled:
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * Returns: %TRUE with %DT_ERROR_CANCELLED set when @cancellable was
 *   cancelled, so every engine loop reports a stop the same way
 */
gboolean
dt_check_cancelled (GCancellable  *cancellable,
                    GError       **error)
{
  if (!g_cancellable_is_cancelled (cancellable))
    return FALSE;
  g_set_error_literal (error, DT_ERROR, DT_ERROR_CANCELLED, _("Stopped"));
  return TRUE;
}
