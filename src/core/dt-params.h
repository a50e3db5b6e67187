/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  DT_PARAM_INT,
  DT_PARAM_DOUBLE,
  DT_PARAM_CHOICE,
  DT_PARAM_STRING,
  DT_PARAM_INT_LIST,
  DT_PARAM_DOUBLE_LIST,
} DtParamType;

/**
 * DtParamSpec:
 * @key: the key used in the CLI, the record and the GUI (e.g. "n_train")
 * @label: a short translatable label, marked with N_()
 * @help: one translatable sentence, marked with N_(), shown as a tooltip
 * @type: the value type
 * @min: smallest allowed value (numbers; each element of a list)
 * @max: largest allowed value
 * @def: the default of a number
 * @def_str: the default of a choice, string or list, as text
 * @choices: (nullable): %NULL-terminated choices of a %DT_PARAM_CHOICE
 * @log_scale: a slider for it moves on a log scale
 * @digits: decimals to show for a double
 * @applies: (nullable): when the parameter is used, as clauses that must
 *   all hold, separated by ",": "key=a|b" (the value of key is a or b) or
 *   "key!=a|b"; %NULL: always. E.g. "mode=strong,finder=edge-popup".
 * @choice_labels: (nullable): translatable labels of the @choices, marked
 *   with N_(), in the same order, for the GUI; the CLI uses the choices
 * @path: the text may name a file (the GUI offers a file chooser)
 *
 * One parameter of an experiment, declared once in a static table.
 */
typedef struct
{
  const char         *key;
  const char         *label;
  const char         *help;
  DtParamType         type;
  double              min;
  double              max;
  double              def;
  const char         *def_str;
  const char * const *choices;
  gboolean            log_scale;
  guint               digits;
  const char         *applies;
  const char * const *choice_labels;
  gboolean            path;
} DtParamSpec;

typedef struct _DtParams DtParams;

DtParams          *dt_params_new               (const DtParamSpec *specs,
                                                guint              n_specs);
DtParams          *dt_params_copy              (const DtParams    *params);
void               dt_params_free              (DtParams          *params);
guint              dt_params_get_n_specs       (const DtParams    *params);
const DtParamSpec *dt_params_get_spec          (const DtParams    *params,
                                                guint              index);
const DtParamSpec *dt_params_lookup_spec       (const DtParams    *params,
                                                const char        *key);
gboolean           dt_params_set_from_string   (DtParams          *params,
                                                const char        *key,
                                                const char        *value,
                                                GError           **error);
char              *dt_params_to_string         (const DtParams    *params,
                                                const char        *key);
char              *dt_params_describe_range    (const DtParamSpec *spec);
void               dt_params_format_double     (char              *buf,
                                                gsize              size,
                                                double             value);
char             **dt_params_dup_changed       (const DtParams    *params);
gboolean           dt_params_applies           (const DtParams    *params,
                                                const DtParamSpec *spec);
gboolean           dt_param_spec_check_applies (const DtParamSpec *specs,
                                                guint              n_specs,
                                                const DtParamSpec *spec,
                                                GError           **error);
gboolean           dt_params_equal             (const DtParams    *a,
                                                const DtParams    *b);

gint64             dt_params_get_int           (const DtParams    *params,
                                                const char        *key);
double             dt_params_get_double        (const DtParams    *params,
                                                const char        *key);
const char        *dt_params_get_string        (const DtParams    *params,
                                                const char        *key);
const double      *dt_params_get_list          (const DtParams    *params,
                                                const char        *key,
                                                guint             *n_values);
GArray            *dt_params_dup_sorted_list   (const DtParams    *params,
                                                const char        *key);
void               dt_params_set_int           (DtParams          *params,
                                                const char        *key,
                                                gint64             value);
void               dt_params_set_double        (DtParams          *params,
                                                const char        *key,
                                                double             value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtParams, dt_params_free)

G_END_DECLS
