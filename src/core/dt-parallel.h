/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*DtJobFunc) (guint    index,
                           gpointer data);

void dt_parallel_for (guint      n_jobs,
                      guint      n_threads,
                      DtJobFunc  func,
                      gpointer   data);

G_END_DECLS
