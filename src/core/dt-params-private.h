/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What the files of the parameters share: the values behind a DtParams
 * and how to find a key (inline). dt-params.c holds the typed store and
 * its accessors; dt-params-parse.c the text of values (parsing --set
 * text, lists and log grids, formatting, describing ranges), and parses
 * the defaults of lists for dt_params_new(). Not installed.
 */

#include "dt-params.h"

G_BEGIN_DECLS

/* One value; which members are used depends on the spec's type. */
typedef struct
{
  gint64  i;
  double  d;
  char   *s;
  double *list;
  guint   n_list;
} DtParamValue;

struct _DtParams
{
  const DtParamSpec *specs;
  guint              n_specs;
  DtParamValue      *values;
};

static inline void
value_clear (DtParamValue *value)
{
  g_clear_pointer (&value->s, g_free);
  g_clear_pointer (&value->list, g_free);
  value->n_list = 0;
}

static inline int
find_index (const DtParams *params,
            const char     *key)
{
  for (guint i = 0; i < params->n_specs; i++)
    if (g_strcmp0 (params->specs[i].key, key) == 0)
      return (int) i;

  return -1;
}

/* dt-params-parse.c */
gboolean dt_params_parse_list (const DtParamSpec  *spec,
                               const char         *text,
                               DtParamValue       *value,
                               GError            **error);

G_END_DECLS
