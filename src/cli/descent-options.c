/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The option parser of every descent-cli command: GOptionContext, so that
 * `descent-cli COMMAND --help` describes the command and its options, and
 * a bad option is a usage error that says where to look.
 */
#include "config.h"

#include "descent-options.h"

/**
 * descent_options_parse:
 * @command: the command, as typed after `descent-cli` (e.g. "plot" or
 *   "run ntk")
 * @parameter_string: (nullable): its positional arguments, e.g. "RECORD.json"
 * @summary: (nullable): what it does, printed above its options by --help
 * @description: (nullable): printed below them
 * @entries: its options, ending with an empty entry
 * @callback_data: the data given to the options' callbacks
 * @argc: (inout): the number of arguments, the command's name first
 * @argv: (inout): the arguments; on return the positional ones remain
 *   after the command's name
 *
 * Parses the options of one command. With --help it prints the command's
 * help and exits with status 0.
 *
 * Returns: %FALSE, with a message on standard error, if an option was
 *   unknown or its value was bad
 */
gboolean
descent_options_parse (const char         *command,
                       const char         *parameter_string,
                       const char         *summary,
                       const char         *description,
                       const GOptionEntry *entries,
                       gpointer            callback_data,
                       int                *argc,
                       char             ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("descent-cli %s", command);
  GOptionGroup *group = g_option_group_new (command, NULL, NULL, callback_data, NULL);

  g_set_prgname (prgname);
  g_option_group_add_entries (group, entries);
  g_option_context_set_main_group (context, group);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("descent-cli: %s\n“descent-cli %s --help” lists its options.\n",
                  error->message, command);
      return FALSE;
    }
  return TRUE;
}
