/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dt-experiment.h"

G_BEGIN_DECLS

#define DESCENT_TYPE_PARAM_PANEL (descent_param_panel_get_type ())

G_DECLARE_FINAL_TYPE (DescentParamPanel, descent_param_panel, DESCENT, PARAM_PANEL, GtkBox)

DescentParamPanel *descent_param_panel_new            (void);
void               descent_param_panel_set_experiment (DescentParamPanel  *self,
                                                       const DtExperiment *experiment);
DtParams          *descent_param_panel_get_params     (DescentParamPanel  *self);
void               descent_param_panel_set_params     (DescentParamPanel  *self,
                                                       const DtParams     *params);
gboolean           descent_param_panel_set_value      (DescentParamPanel  *self,
                                                       const char         *key,
                                                       const char         *text,
                                                       GError            **error);
void               descent_param_panel_reset          (DescentParamPanel  *self);
gboolean           descent_param_panel_set_default    (DescentParamPanel  *self,
                                                       const char         *key,
                                                       const char         *text,
                                                       GError            **error);
gboolean           descent_param_panel_get_valid      (DescentParamPanel  *self);
char              *descent_param_panel_dup_invalid_message (DescentParamPanel *self);
char              *descent_param_describe_error       (const DtParamSpec  *spec,
                                                       const char         *message);

G_END_DECLS
