/* vec: the one growing-array helper (issue 13: "one growing-array helper
 * instead of the hand-rolled ones").  A caller keeps a pointer, a count
 * and a capacity and asks for room before appending:
 *
 *     if (vec_reserve((void **)&v, &cap, n + 1, sizeof *v) != 0)
 *             return -1;   // out of memory, v unchanged
 *     v[n++] = item;
 *
 * No SQLite, no printing. */
#ifndef LEADCTL_VEC_H
#define LEADCTL_VEC_H

#include <stddef.h>

/* Make *v (an array of elements of size elem, *cap of them allocated)
 * hold at least want elements: reallocates to double the capacity (at
 * least 8, at least want) when it is too small.  Returns 0, or -1 when
 * memory runs out or the size overflows (then *v and *cap are unchanged
 * and still owned by the caller). */
int vec_reserve(void **v, size_t *cap, size_t want, size_t elem);

#endif
