/* config: the user's defaults, $XDG_CONFIG_HOME/leadctl/config (else
 * ~/.config/leadctl/config; LEADCTL_CONFIG names another file).
 *
 *   # leadctl defaults
 *   db = ~/crm/acme.db      the database when neither --db nor LEADCTL_DB is given
 *   owner = ana             next and list show this owner's leads unless --owner
 *   actor = ana             who makes changes unless --actor or LEADCTL_USER
 *   color = never           auto, always or never unless --color
 *   pager = less -S         the pager unless LEADCTL_PAGER is set
 *
 * One "key = value" a line; blank lines and lines starting with # are
 * ignored; a leading "~/" in db is the home folder.  The parser is pure. */
#ifndef LEADCTL_CONFIG_H
#define LEADCTL_CONFIG_H

#include <stddef.h>

/* The settings; NULL = not set.  Strings owned (config_clear). */
struct lc_config {
	char *db;
	char *owner;
	char *actor;
	char *color;
	char *pager;
};

/* Parse the text of a config file.  Returns 0, or -1 with "LINE: what is
 * wrong and what to write" in err (an unknown key, a line without '=', an
 * empty value, a bad colour, a key given twice); out is then cleared. */
int config_parse(const char *text, struct lc_config *out, char *err, size_t errlen);
/* Free the strings; safe on a zeroed struct. */
void config_clear(struct lc_config *c);

/* Read the user's config file into out (zeroed when there is none).
 * home is $HOME (for "~/" and the default place).  Returns 0, or 78 after
 * one diagnostic "FILE:LINE: ..." for a file that is there but wrong (or
 * cannot be read). */
int config_load(struct lc_config *out);

#endif
