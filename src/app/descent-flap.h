/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void descent_flap_bind_button (AdwFlap   *flap,
                               GtkWidget *button);

G_END_DECLS
