/* dom0/kernel/random.h - random bytes for AT_RANDOM, getrandom and /dev/urandom. */
#ifndef DOM0_KERNEL_RANDOM_H
#define DOM0_KERNEL_RANDOM_H

#include <kernel/types.h>

void random_bytes(void *buf, size_t n);

#endif /* DOM0_KERNEL_RANDOM_H */
