/* completion: shell completion generated from the command table.
 *
 *   leadctl completion bash > /etc/bash_completion.d/leadctl
 *   leadctl completion zsh > ~/.zsh/functions/_leadctl
 *   leadctl completion words -- stage 12 ''      (what the scripts call)
 *
 * The scripts are thin: on TAB they hand the words typed so far to
 * `leadctl completion words`, which answers from the same table that
 * parses the command line (commands, subcommands, options) and from the
 * database (owners; the stages a lead may move to; the SLA's reasons), so
 * completion never falls behind the binary.  Nothing is printed on stderr
 * and a missing database only means fewer answers. */
#include <stdio.h>
#include <string.h>

#include "leadctl/cli.h"
#include "leadctl/cmdutil.h"
#include "leadctl/db.h"
#include "leadctl/diag.h"
#include "leadctl/lead.h"
#include "leadctl/store.h"

static const char *const stage_words[] = {
	"new", "mql", "sql", "won", "lost", "nurture", "disqualified", NULL
};
static const char *const channel_words[] = { "call", "email", "meeting", "linkedin", "sms", "other", NULL };
static const char *const outcome_words[] = { "connected", "no_answer",      "voicemail", "replied",
	                                     "bounced",   "meeting_booked", "other",     NULL };
static const char *const by_words[] = { "source", "campaign", "owner", "week", "month", NULL };
static const char *const format_words[] = { "table", "tsv", "csv", "json", NULL };
static const char *const color_words[] = { "auto", "always", "never", NULL };
static const char *const shell_words[] = { "bash", "zsh", "words", NULL };

/* Print the words of list that start with cur. */
static void offer(const char *const *list, const char *cur)
{
	for (; *list; list++)
		if (strncmp(*list, cur, strlen(cur)) == 0)
			printf("%s\n", *list);
}

/* Print one word when it starts with cur. */
static int offer_one(void *arg, const char *w)
{
	const char *cur = arg;

	if (w && strncmp(w, cur, strlen(cur)) == 0)
		printf("%s\n", w);
	return 0;
}

/* The option of c (or a common one) named by word ("--owner", "-o"). */
static const struct lc_optdef *find_word_opt(const struct lc_cmd *c, const char *word)
{
	const struct lc_optdef *tables[3] = { c ? c->opts : NULL, c ? c->more : NULL, lc_common_opts }, *o;
	int t;

	for (t = 0; t < 3; t++)
		for (o = tables[t]; o && o->name; o++)
			if ((word[0] == '-' && word[1] == '-' && strcmp(word + 2, o->name) == 0) ||
			    (word[0] == '-' && o->shortname && word[1] == o->shortname && !word[2]))
				return o;
	return NULL;
}

/* The database, opened on first use; NULL when there is none. */
static struct lc_db *lazy_db(struct lc_ctx *ctx)
{
	static int tried;

	if (!ctx->db && !tried) {
		tried = 1;
		diag_capture(1);
		if (db_open(ctx->db_path, DB_READONLY, &ctx->db) != 0)
			ctx->db = NULL;
		diag_capture(0);
	}
	return ctx->db;
}

/* Owners from the database. */
static void offer_owners(struct lc_ctx *ctx, const char *cur)
{
	if (lazy_db(ctx)) {
		diag_capture(1);
		store_owner_names(ctx->db, offer_one, (void *)cur);
		diag_capture(0);
	}
}

/* Reasons into stage (the SLA's, else the built-in ones). */
static void print_names(void *arg, const char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		offer_one(arg, names[i]);
}

static void offer_reasons(struct lc_ctx *ctx, int stage, const char *cur)
{
	const char *names[64];
	size_t n;
	int from_sla, s;

	if (!lazy_db(ctx))
		return;
	diag_capture(1);
	for (s = 0; s < STAGE_COUNT; s++)
		if ((stage < 0 && stage_needs_reason((enum lc_stage)s)) || s == stage)
			cmd_reason_names(ctx, (enum lc_stage)s, names, 64, &n, &from_sla, print_names,
			                 (void *)cur);
	diag_capture(0);
}

/* The stages lead ref may move to now, else every stage.  The lead is the
 * one the `stage` command being completed (c) would move: resolved as it
 * resolves its own target (cmd_lead_ref_as), not a target of completion. */
static void offer_next_stages(struct lc_ctx *ctx, const struct lc_cmd *c, const char *ref, const char *cur)
{
	struct lc_lead l;
	int64_t id;
	int s, known = 0;

	lead_init(&l);
	if (lazy_db(ctx)) {
		diag_capture(1);
		known = cmd_lead_ref_as(ctx, c, ref, &id) == 0 && store_lead_load(ctx->db, id, &l) == 0;
		diag_capture(0);
	}
	for (s = 0; s < STAGE_COUNT; s++)
		if (!known || stage_allowed(l.stage, (enum lc_stage)s))
			offer_one((void *)cur, stage_name((enum lc_stage)s));
	lead_clear(&l);
}

/* Values of option o. */
static void offer_value(struct lc_ctx *ctx, const struct lc_cmd *c, const struct lc_optdef *o, int stage,
                        const char *cur)
{
	if (strcmp(o->name, "stage") == 0)
		offer(stage_words, cur);
	else if (strcmp(o->name, "owner") == 0)
		offer_owners(ctx, cur);
	else if (strcmp(o->name, "channel") == 0)
		offer(channel_words, cur);
	else if (strcmp(o->name, "outcome") == 0)
		offer(outcome_words, cur);
	else if (strcmp(o->name, "reason") == 0)
		offer_reasons(ctx, stage, cur);
	else if (strcmp(o->name, "by") == 0)
		offer(by_words, cur);
	else if (strcmp(o->name, "color") == 0)
		offer(color_words, cur);
	else if (strcmp(o->name, "format") == 0) {
		offer(format_words, cur);
		if (c && (c->flags & CMD_HTML))
			offer_one((void *)cur, "html");
	}
	/* Anything else (files, dates, names) is left to the shell. */
}

/* Every option of c (and the common ones) as "--name". */
static void offer_options(const struct lc_cmd *c, const char *cur)
{
	const struct lc_optdef *tables[3] = { c ? c->opts : NULL, c ? c->more : NULL, lc_common_opts }, *o;
	char w[80];
	int t;

	for (t = 0; t < 3; t++)
		for (o = tables[t]; o && o->name; o++) {
			snprintf(w, sizeof w, "--%s", o->name);
			offer_one((void *)cur, w);
		}
}

/* Candidates for the last of words[0..n) (the word being typed, maybe
 * ""), given the ones before it. */
static void complete_words(struct lc_ctx *ctx, const char *const *words, int n)
{
	const char *cur = n ? words[n - 1] : "", *pos[LC_MAX_POS];
	const struct lc_cmd *c = NULL;
	char two[128], list[128][32];
	int i = 0, npos = 0, k, stage = -1;
	size_t m, j;

	/* Global options before the command; --db changes the database. */
	while (i < n - 1 && words[i][0] == '-') {
		const struct lc_optdef *o = find_word_opt(NULL, words[i]);
		if (o && o->has_arg && i + 1 < n - 1) {
			if (strcmp(o->name, "db") == 0)
				ctx->db_path = words[i + 1];
			i++;
		}
		i++;
	}
	if (i == n - 1) {
		if (i > 0 && find_word_opt(NULL, words[i - 1]) &&
		    find_word_opt(NULL, words[i - 1])->has_arg) {
			offer_value(ctx, NULL, find_word_opt(NULL, words[i - 1]), -1, cur);
			return;
		}
		if (cur[0] == '-') {
			offer_options(NULL, cur);
			printf("--version\n");
			return;
		}
		m = cli_words(NULL, list, 128);
		for (j = 0; j < m; j++)
			offer_one((void *)cur, list[j]);
		return;
	}
	/* The command: two words, else one. */
	if (i + 2 < n) {
		snprintf(two, sizeof two, "%s %s", words[i], words[i + 1]);
		if ((c = cli_find(two)))
			i += 2;
	}
	if (!c && cli_is_family(words[i]) && i + 1 == n - 1) {
		m = cli_words(words[i], list, 128);
		for (j = 0; j < m; j++)
			offer_one((void *)cur, list[j]);
		if (!cli_find(words[i]))
			return;
	}
	if (!c && !(c = cli_find(words[i])))
		return;
	if (!strchr(c->name, ' '))
		i++;
	/* The words after the command: positionals and options with values. */
	for (k = i; k < n - 1; k++) {
		const struct lc_optdef *o =
		        words[k][0] == '-' && words[k][1] ? find_word_opt(c, words[k]) : NULL;
		if (o && o->has_arg) {
			if (k + 1 == n - 1) {
				if (strcmp(c->name, "stage") == 0 && npos > 1)
					stage = stage_parse(pos[1]);
				offer_value(ctx, c, o, stage, cur);
				return;
			}
			k++;
		} else if (!o && npos < LC_MAX_POS) {
			pos[npos++] = words[k];
		}
	}
	if (cur[0] == '-') {
		offer_options(c, cur);
		return;
	}
	if (strcmp(c->name, "stage") == 0 && npos == 1)
		offer_next_stages(ctx, c, pos[0], cur);
	else if (strcmp(c->name, "assign") == 0 && npos == 1)
		offer_owners(ctx, cur);
	else if (strcmp(c->name, "help") == 0 && npos == 0) {
		m = cli_words(NULL, list, 128);
		for (j = 0; j < m; j++)
			offer_one((void *)cur, list[j]);
	} else if (strcmp(c->name, "help") == 0 && npos == 1 && cli_is_family(pos[0])) {
		m = cli_words(pos[0], list, 128);
		for (j = 0; j < m; j++)
			offer_one((void *)cur, list[j]);
	} else if (strcmp(c->name, "completion") == 0 && npos == 0)
		offer(shell_words, cur);
}

static const char bash_script[] =
        "# bash completion for leadctl (made by 'leadctl completion bash' from its command table)\n"
        "_leadctl() {\n"
        "\tlocal IFS=$'\\n' cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
        "\tCOMPREPLY=($(\"${COMP_WORDS[0]}\" completion words -- \"${COMP_WORDS[@]:1:COMP_CWORD}\" "
        "2>/dev/null))\n"
        "\t# Nothing known to offer (a file, a date, a name): the shell's own.\n"
        "\t[ ${#COMPREPLY[@]} -eq 0 ] && COMPREPLY=($(compgen -f -- \"$cur\"))\n"
        "\treturn 0\n"
        "}\n"
        "complete -o filenames -F _leadctl leadctl\n";

static int cmd_completion(struct lc_ctx *ctx, const struct lc_args *args)
{
	const char *what = args->pos[0];

	if (strcmp(what, "bash") == 0) {
		fputs(bash_script, stdout);
		return 0;
	}
	if (strcmp(what, "zsh") == 0) {
		fputs("#compdef leadctl\n# zsh completion for leadctl: the bash completion through zsh's "
		      "bashcompinit\nautoload -U +X bashcompinit && bashcompinit\n",
		      stdout);
		fputs(bash_script, stdout);
		return 0;
	}
	if (strcmp(what, "words") == 0) {
		complete_words(ctx, args->pos + 1, args->npos - 1);
		return 0;
	}
	return cli_usage_error(ctx->cmd, "unknown shell '%s': use bash or zsh", what);
}

static const struct lc_optdef completion_opts[] = {
	{ 0 },
};

const struct lc_cmd cmd_completion_entry = {
	.name = "completion",
	.summary = "print the bash or zsh completion script",
	.usage = "bash | zsh",
	.help = "Prints a completion script made from the command table: commands, subcommands,\n"
	        "options, stages (after 'stage LEAD', the ones that lead may move to), owners and the\n"
	        "SLA's reasons from the database, channels, outcomes, report names and groupings.\n"
	        "  leadctl completion bash > ~/.local/share/bash-completion/completions/leadctl\n"
	        "  leadctl completion zsh > ~/.zfunc/_leadctl      (a folder in $fpath)\n"
	        "'cmake --install' puts both in place.  The scripts ask 'leadctl completion words --\n"
	        "WORDS...' for the candidates of the last word.",
	.min_pos = 1,
	.max_pos = -1,
	.flags = 0,
	.opts = completion_opts,
	.fn = cmd_completion,
};
