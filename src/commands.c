/* commands: the table of every command, in the order `leadctl help` shows
 * them.  The entries themselves live in the cmd_*.c files. */
#include <stddef.h>

#include "leadctl/cli.h"

extern const struct lc_cmd cmd_init_entry;
extern const struct lc_cmd cmd_doctor_entry;
extern const struct lc_cmd cmd_help_entry;
extern const struct lc_cmd cmd_completion_entry;
extern const struct lc_cmd cmd_report_funnel_entry;
extern const struct lc_cmd cmd_report_response_entry;
extern const struct lc_cmd cmd_report_velocity_entry;
extern const struct lc_cmd cmd_report_leak_entry;
extern const struct lc_cmd cmd_report_cac_entry;
extern const struct lc_cmd cmd_report_weekly_entry;
extern const struct lc_cmd cmd_add_entry;
extern const struct lc_cmd cmd_show_entry;
extern const struct lc_cmd cmd_list_entry;
extern const struct lc_cmd cmd_edit_entry;
extern const struct lc_cmd cmd_stage_entry;
extern const struct lc_cmd cmd_touch_entry;
extern const struct lc_cmd cmd_event_entry;
extern const struct lc_cmd cmd_assign_entry;
extern const struct lc_cmd cmd_merge_entry;
extern const struct lc_cmd cmd_export_entry;
extern const struct lc_cmd cmd_forget_entry;
extern const struct lc_cmd cmd_backup_entry;
extern const struct lc_cmd cmd_dedupe_entry;
extern const struct lc_cmd cmd_sla_lint_entry;
extern const struct lc_cmd cmd_import_entry;
extern const struct lc_cmd cmd_import_list_entry;
extern const struct lc_cmd cmd_import_undo_entry;
extern const struct lc_cmd cmd_spend_add_entry;
extern const struct lc_cmd cmd_spend_import_entry;
extern const struct lc_cmd cmd_spend_list_entry;
extern const struct lc_cmd cmd_sla_use_entry;
extern const struct lc_cmd cmd_sla_show_entry;
extern const struct lc_cmd cmd_sla_simulate_entry;
extern const struct lc_cmd cmd_score_entry;
extern const struct lc_cmd cmd_route_entry;
extern const struct lc_cmd cmd_next_entry;
extern const struct lc_cmd cmd_sla_check_entry;

const struct lc_cmd *const lc_commands[] = {
	&cmd_init_entry,
	&cmd_doctor_entry,
	&cmd_add_entry,
	&cmd_show_entry,
	&cmd_list_entry,
	&cmd_edit_entry,
	&cmd_stage_entry,
	&cmd_touch_entry,
	&cmd_event_entry,
	&cmd_assign_entry,
	&cmd_merge_entry,
	&cmd_export_entry,
	&cmd_forget_entry,
	&cmd_dedupe_entry,
	&cmd_backup_entry,
	&cmd_import_entry,
	&cmd_import_list_entry,
	&cmd_import_undo_entry,
	&cmd_spend_add_entry,
	&cmd_spend_import_entry,
	&cmd_spend_list_entry,
	&cmd_score_entry,
	&cmd_route_entry,
	&cmd_next_entry,
	&cmd_sla_lint_entry,
	&cmd_sla_use_entry,
	&cmd_sla_show_entry,
	&cmd_sla_simulate_entry,
	&cmd_sla_check_entry,
	&cmd_help_entry,
	&cmd_completion_entry,
	&cmd_report_funnel_entry,
	&cmd_report_response_entry,
	&cmd_report_velocity_entry,
	&cmd_report_leak_entry,
	&cmd_report_cac_entry,
	&cmd_report_weekly_entry,
	NULL,
};
