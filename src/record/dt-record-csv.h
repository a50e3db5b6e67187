/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dt-record.h"

G_BEGIN_DECLS

char  *dt_record_plot_to_csv (DtRecord    *record,
                              const char  *plot_id,
                              GError     **error);
char **dt_record_export_csv  (DtRecord    *record,
                              const char  *dir,
                              GError     **error);

G_END_DECLS
