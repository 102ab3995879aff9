/* vec: the growing-array helper (see vec.h). */
#include <stdint.h>
#include <stdlib.h>

#include "leadctl/vec.h"

int vec_reserve(void **v, size_t *cap, size_t want, size_t elem)
{
	size_t ncap;
	void *nv;

	if (want <= *cap)
		return 0;
	ncap = *cap ? *cap : 8;
	while (ncap < want) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if (elem && ncap > SIZE_MAX / elem)
		return -1;
	if (!(nv = realloc(*v, ncap * elem)))
		return -1;
	*v = nv;
	*cap = ncap;
	return 0;
}
