/* sha256 against the FIPS 180-4 / NIST example vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/sha256.h"

static void check(const char *msg, size_t n, const char *expected)
{
	struct sha256 s;
	char hex[65];

	sha256_init(&s);
	sha256_update(&s, msg, n);
	sha256_hex(&s, hex);
	assert_string_equal(hex, expected);
}

static void test_vectors(void **state)
{
	(void)state;
	check("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	check("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	check("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
	      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* Feeding a million 'a' in uneven pieces gives the NIST digest. */
static void test_million_a_in_pieces(void **state)
{
	struct sha256 s;
	char buf[997], hex[65];
	size_t left = 1000000;

	(void)state;
	memset(buf, 'a', sizeof buf);
	sha256_init(&s);
	while (left) {
		size_t n = left < sizeof buf ? left : sizeof buf;
		sha256_update(&s, buf, n);
		left -= n;
	}
	sha256_hex(&s, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_million_a_in_pieces),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
