/* The libFuzzer entry point every harness in tests/fuzz defines.
 *
 * Each fuzz_<name>.c is linked twice: with libFuzzer (-DLEADCTL_FUZZ=ON,
 * clang, -fsanitize=fuzzer,address,undefined) to search for inputs, and with
 * replay.c in every build to run the committed corpus in ctest (so the same
 * inputs also run under the ASan build and valgrind). */
#ifndef LEADCTL_FUZZ_H
#define LEADCTL_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Run one input of size bytes through the harness.  Returns 0 (libFuzzer's
 * contract); a fault is reported by the sanitizers or by abort(). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
