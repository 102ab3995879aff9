/* Fuzz harness: the JSON readers -- the SLA loader and validator (sla_load,
 * which scans with jsonloc and parses with cJSON), jsonloc on its own, and
 * the import mapping file (csvmap_spec_parse).
 *
 * The first byte chooses the reader; the rest is the file, passed with its
 * exact length (not NUL-terminated), as the commands pass a file's bytes. */
#include <stdlib.h>

#include "fuzz.h"
#include "leadctl/csvmap.h"
#include "leadctl/jsonloc.h"
#include "leadctl/sla.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data + 1;
	size_t len;

	if (size < 1)
		return 0;
	len = size - 1;
	switch (data[0] % 3) {
	case 0: {
		struct lc_problems p;
		struct lc_sla *sla = NULL;
		problems_init(&p);
		if (sla_load(text, len, "fuzz.json", &sla, &p) == 0)
			sla_free(sla);
		problems_clear(&p);
		break;
	}
	case 1: {
		struct jsonloc_index idx;
		struct jsonloc_error e;
		jsonloc_init(&idx);
		if (jsonloc_scan(text, len, &idx, &e) == 0)
			(void)jsonloc_line(&idx, "/response/0/first_touch/within");
		jsonloc_clear(&idx);
		break;
	}
	default: {
		struct csvmap_spec *spec = NULL;
		char *err = NULL;
		if (csvmap_spec_parse(text, len, "map.json", &spec, &err) == 0)
			csvmap_spec_free(spec);
		free(err);
		break;
	}
	}
	return 0;
}
