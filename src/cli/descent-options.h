/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean descent_options_parse (const char         *command,
                                const char         *parameter_string,
                                const char         *summary,
                                const char         *description,
                                const GOptionEntry *entries,
                                gpointer            callback_data,
                                int                *argc,
                                char             ***argv);

G_END_DECLS
