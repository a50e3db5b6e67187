/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DescentLatency DescentLatency;

DescentLatency *descent_latency_start   (void);
void            descent_latency_finish  (DescentLatency *self,
                                         const char     *label);

G_END_DECLS
