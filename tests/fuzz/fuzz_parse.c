/* Fuzz harness: the small parsers of dates, durations, money and counts.
 *
 * The first byte chooses the parser; the rest (cut at its first NUL, as a
 * CSV field or an argument would be) is the text.  For a declared pattern the
 * text is "PATTERN\nVALUE".  Each parser must refuse or accept without
 * overflow (UBSan) or reading past the text (ASan). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "leadctl/clock.h"
#include "leadctl/cmdutil.h"
#include "leadctl/csvmap.h"
#include "leadctl/datefmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const zones[4] = { NULL, "UTC", "America/New_York", "Europe/Madrid" };
	char *s, *nl, err[256];
	struct datefmt f;
	lc_time t;
	int64_t v;
	unsigned sel;

	if (size < 1 || size > 4096)
		return 0;
	sel = data[0];
	s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	datefmt_init(&f);
	switch (sel & 7) {
	case 0:
	case 1:
	case 2:
		f.order = (enum datefmt_order)(sel & 3);
		(void)datefmt_parse(s, &f, zones[(sel >> 3) & 3], &t, err, sizeof err);
		break;
	case 3:
		nl = strchr(s, '\n');
		if (nl) {
			*nl = '\0';
			if (datefmt_spec(s, &f, err, sizeof err) == 0) {
				char buf[80];
				(void)datefmt_describe(&f, buf, sizeof buf);
				(void)datefmt_parse(nl + 1, &f, zones[(sel >> 3) & 3], &t, err, sizeof err);
			}
		}
		break;
	case 4:
		if (duration_parse(s, &v) == 0) {
			char buf[64];
			duration_format(v, buf, sizeof buf);
		}
		break;
	case 5:
		if (cmd_money_parse(s, &v) == 0) {
			char buf[64];
			cmd_money_format(v, buf, sizeof buf);
		}
		break;
	case 6: (void)csvmap_employees(s, &v); break;
	default: (void)clock_parse_iso(s, zones[(sel >> 3) & 3], &t); break;
	}
	free(s);
	return 0;
}
