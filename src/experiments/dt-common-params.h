/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib/gi18n-lib.h>

#include "dt-params.h"

/*
 * The parameters every experiment has, for its DtParamSpec table: the
 * same key, label, type and meaning everywhere, with the help text (marked
 * with N_()) and the range that say what each means for that experiment.
 * tests/test-registry.c checks that every registered experiment has them.
 */

#define DT_PARAM_SEED_SPEC                                                      \
  { "seed", N_("Seed"), N_("Seed of every random draw: the same seed gives the same run"), \
    DT_PARAM_INT, 0, 2147483647, 1 }

#define DT_PARAM_DATASET_SPEC(help)                                             \
  { "dataset", N_("Data set"), help, DT_PARAM_STRING, .def_str = "synthetic", .path = TRUE }

/* the same, used only when @when holds (see DtParamSpec:applies) */
#define DT_PARAM_DATASET_SPEC_WHEN(help, when)                                  \
  { "dataset", N_("Data set"), help, DT_PARAM_STRING, .def_str = "synthetic", .path = TRUE, \
    .applies = when }

/* the help, then minimum, maximum, default and any more fields */
#define DT_PARAM_N_TRAIN_SPEC(help, ...)                                        \
  { "n_train", N_("Training points"), help, DT_PARAM_INT, __VA_ARGS__ }

#define DT_PARAM_N_TEST_SPEC(help, ...)                                         \
  { "n_test", N_("Test points"), help, DT_PARAM_INT, __VA_ARGS__ }

#define DT_PARAM_THREADS_SPEC(help)                                             \
  { "threads", N_("Threads"), help, DT_PARAM_INT, 1, 64, 2 }
