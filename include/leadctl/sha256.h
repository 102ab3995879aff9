/* sha256: content hashes of SLA files and imported files (FIPS 180-4). */
#ifndef LEADCTL_SHA256_H
#define LEADCTL_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];         /* chaining state */
	uint64_t len;          /* bytes hashed so far */
	unsigned char buf[64]; /* pending partial block */
	size_t nbuf;           /* bytes in buf */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* Finish and write the digest as 64 lower-case hex digits + NUL into hex. */
void sha256_hex(struct sha256 *s, char hex[65]);

#endif
