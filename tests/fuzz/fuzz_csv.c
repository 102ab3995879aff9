/* Fuzz harness: the CSV import path without a database.
 *
 * The first byte chooses the reader's options (encoding, delimiter, small
 * caps so that the field and record limits are reached, the date order);
 * the rest is the file.  Every record is read with csvread and, when the
 * header resolves to a map, turned into a lead row by csvmap -- the same
 * calls `leadctl import` makes before it opens a transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "leadctl/csvmap.h"
#include "leadctl/csvread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum csvread_encoding encs[8] = { CSVREAD_ENC_AUTO,    CSVREAD_ENC_UTF8,
		                                       CSVREAD_ENC_UTF16LE, CSVREAD_ENC_UTF16BE,
		                                       CSVREAD_ENC_LATIN1,  CSVREAD_ENC_WINDOWS1252,
		                                       CSVREAD_ENC_AUTO,    CSVREAD_ENC_UTF8 };
	static const char delims[4] = { 0, ',', ';', '\t' };
	struct csvread_opts o;
	struct csvread *r = NULL;
	struct csvmap_opts mo;
	struct csvmap *m = NULL;
	struct csvread_record rec;
	const char *const *names;
	char *err = NULL, *explain;
	size_t nh;
	FILE *fp;
	unsigned sel;
	int st, rows = 0;

	if (size < 2)
		return 0;
	sel = data[0];
	csvread_opts_init(&o);
	o.encoding = encs[sel & 7];
	o.delimiter = delims[(sel >> 3) & 3];
	if (sel & 0x20) {
		o.max_field = 64;
		o.max_record = 256;
	}
	fp = fmemopen((void *)(data + 1), size - 1, "rb");
	if (!fp)
		return 0;
	if (csvread_open_stream(fp, &o, &r, &err) != 0) {
		free(err);
		fclose(fp);
		return 0;
	}
	nh = csvread_header(r, &names);
	memset(&mo, 0, sizeof mo);
	mo.tz = (sel & 0x40) ? "America/New_York" : NULL;
	mo.default_cc = (sel & 0x80) ? "34" : NULL;
	datefmt_init(&mo.datefmt);
	mo.datefmt.order = (enum datefmt_order)((sel >> 6) % 3);
	mo.now = 1764500000;
	if (csvmap_new(names, nh, NULL, &mo, &m, &err) != 0) {
		free(err);
		m = NULL;
	} else {
		explain = csvmap_explain(m);
		free(explain);
	}
	/* Bounded like the importer's loop: stop at a fatal error. */
	while ((st = csvread_next(r, &rec)) == CSVREAD_RECORD && rows < 100000) {
		rows++;
		if (m && !rec.error) {
			struct csvmap_row row;
			if (csvmap_row(m, (const char *const *)rec.fields, rec.nfields, rec.line, &row) == 0)
				csvmap_row_clear(&row);
		}
	}
	(void)csvread_error(r);
	csvmap_free(m);
	csvread_close(r);
	fclose(fp);
	return 0;
}
