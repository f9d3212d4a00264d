/* dom0/kernel/exec.h - starting programs (kernel/exec.c). */
#ifndef DOM0_KERNEL_EXEC_H
#define DOM0_KERNEL_EXEC_H

#include <kernel/types.h>

/* argv then envp strings, packed with their NULs, in a kmalloc'd buffer. */
struct exec_args {
    char *buf;
    size_t len, cap;
    unsigned int argc, envc;
};

long exec_args_from_user(struct exec_args *a, uaddr_t argv, uaddr_t envp);
/* Replaces current's program; on failure current is unchanged. */
long exec_program(const char *path, struct exec_args *a);

#endif /* DOM0_KERNEL_EXEC_H */
