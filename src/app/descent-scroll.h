/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void descent_scroll_to_parent (GtkWidget *widget);

G_END_DECLS
