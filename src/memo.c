/* memo: a bounded, direct-mapped memory of answers keyed by text (memo.h). */
#include <stdlib.h>
#include <string.h>

#include "leadctl/memo.h"

/* One remembered answer: key and value in one block, "key\0value\0". */
struct memo_slot {
	char *key;         /* owned; NULL = empty slot */
	const char *value; /* inside key's block, or NULL for a NULL answer */
	const char *note;  /* borrowed */
};

/* FNV-1a of key (Fowler, Noll, Vo: 32-bit offset basis and prime). */
static size_t hash(const char *key)
{
	unsigned h = 2166136261u;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return h;
}

int memo_get(const struct memo *m, const char *key, const char **value, const char **note)
{
	const struct memo_slot *s;

	if (!m->table)
		return 0;
	s = &m->table[hash(key) % m->slots];
	if (!s->key || strcmp(s->key, key) != 0)
		return 0;
	*value = s->value;
	*note = s->note;
	return 1;
}

void memo_put(struct memo *m, const char *key, const char *value, const char *note)
{
	size_t kn = strlen(key), vn = value ? strlen(value) + 1 : 0;
	struct memo_slot *s;
	char *block;

	if (kn > m->max_key || m->slots == 0)
		return;
	if (!m->table && !(m->table = calloc(m->slots, sizeof *m->table)))
		return;
	if (!(block = malloc(kn + 1 + vn)))
		return;
	memcpy(block, key, kn + 1);
	if (value)
		memcpy(block + kn + 1, value, vn);
	s = &m->table[hash(key) % m->slots];
	if (s->key)
		free(s->key);
	else
		m->entries++;
	s->key = block;
	s->value = value ? block + kn + 1 : NULL;
	s->note = note;
}

void memo_clear(struct memo *m)
{
	size_t i;

	if (m->table)
		for (i = 0; i < m->slots; i++)
			free(m->table[i].key);
	free(m->table);
	m->table = NULL;
	m->entries = 0;
}

size_t memo_entries(const struct memo *m)
{
	return m->entries;
}
