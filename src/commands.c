/* commands: the table of every command, in the order `leadctl help` shows
 * them.  The entries themselves live in the cmd_*.c files. */
#include <stddef.h>

#include "leadctl/cli.h"

extern const struct lc_cmd cmd_init_entry;
extern const struct lc_cmd cmd_doctor_entry;
extern const struct lc_cmd cmd_help_entry;

const struct lc_cmd *const lc_commands[] = {
	&cmd_init_entry,
	&cmd_doctor_entry,
	&cmd_help_entry,
	NULL,
};
