/* dom0/kernel/random.c - random bytes from the generator behind /dev/urandom (fs/random.c). */
#include <kernel/kernel.h>
#include "random.h"
#include "../fs/vfs.h"

void random_bytes(void *buf, size_t n)
{
    uint8_t *p = buf;

    while (n) {
        uint64_t r = random_u64();
        size_t c = MIN(n, sizeof(r));
        memcpy(p, &r, c);
        p += c;
        n -= c;
    }
}
