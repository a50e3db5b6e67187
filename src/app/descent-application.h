/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "descent-history.h"

G_BEGIN_DECLS

#define DESCENT_TYPE_APPLICATION (descent_application_get_type ())

G_DECLARE_FINAL_TYPE (DescentApplication, descent_application, DESCENT, APPLICATION, AdwApplication)

DescentApplication *descent_application_new          (GApplicationFlags   extra_flags);
GSettings          *descent_application_get_settings (DescentApplication *self);
DescentHistory     *descent_application_get_history  (DescentApplication *self);

G_END_DECLS
