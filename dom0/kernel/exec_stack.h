/*
 * dom0/kernel/exec_stack.h - the initial user stack of a new program, as
 * Linux lays it out (kernel/exec_stack.c, pure: the host tests run it).
 *
 * From the top down: a zero word, the strings (execfn, environment,
 * arguments), "x86_64", 16 random bytes, then, 16-byte aligned at the
 * lowest address: argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL.
 */
#ifndef DOM0_KERNEL_EXEC_STACK_H
#define DOM0_KERNEL_EXEC_STACK_H

#include <kernel/types.h>

/* Argument and environment strings, packed back to back with their NULs. */
struct exec_strings {
    const char *buf;
    size_t len;
    unsigned int argc, envc;
};

struct exec_aux {
    uint64_t key, value;
};

struct exec_stack {
    uint8_t *image;                 /* mirrors [top - cap, top) */
    size_t cap;
    uint64_t top;
};

/* The bytes exec_stack_build() needs for these strings: a cap that fits. */
size_t exec_stack_size(const struct exec_strings *s, unsigned int nr_aux,
                       const char *execfn);

/*
 * Builds the stack in st->image; the auxv given gets AT_RANDOM, AT_PLATFORM
 * and AT_EXECFN added.  Returns the initial stack pointer, or 0 if the
 * image does not fit in cap (E2BIG).
 */
uint64_t exec_stack_build(struct exec_stack *st, const struct exec_strings *s,
                          const struct exec_aux *aux, unsigned int nr_aux,
                          const char *execfn, const uint8_t random[16]);

#endif /* DOM0_KERNEL_EXEC_STACK_H */
