/* migrations: the schema files of migrations/, embedded at build time. */
#ifndef LEADCTL_MIGRATIONS_H
#define LEADCTL_MIGRATIONS_H

struct lc_migration {
	int version;      /* NNN of NNN_name.sql; ascending, gaps allowed */
	const char *name; /* file name */
	const char *sql;  /* the file's text */
};

extern const struct lc_migration lc_migrations[];
extern const int lc_migration_count;

#endif
