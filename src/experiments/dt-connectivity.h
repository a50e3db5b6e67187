/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dt-experiment.h"

G_BEGIN_DECLS

extern const DtExperiment dt_experiment_connectivity;

G_END_DECLS
