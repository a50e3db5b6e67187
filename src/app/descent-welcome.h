/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DESCENT_TYPE_WELCOME (descent_welcome_get_type ())

G_DECLARE_FINAL_TYPE (DescentWelcome, descent_welcome, DESCENT, WELCOME, GtkWidget)

GtkWidget *descent_welcome_new (const char *examples_dir);

G_END_DECLS
