/*
 * dom0/kernel/exec.h - starting programs (kernel/exec.c) and the argument
 * buffer they get (kernel/exec_args.c).
 */
#ifndef DOM0_KERNEL_EXEC_H
#define DOM0_KERNEL_EXEC_H

#include <kernel/types.h>

/* argv then envp strings, packed with their NULs, in a kmalloc'd buffer. */
struct exec_args {
    char *buf;
    size_t len, cap;
    unsigned int argc, envc;
};

/* Linux's limit on the argument and environment strings together. */
#define ARG_BYTES_MAX       (256UL << 10)

long exec_args_from_user(struct exec_args *a, uaddr_t argv, uaddr_t envp);
void exec_args_free(struct exec_args *a);
/*
 * A script's argv for its interpreter: interp, [arg], path, then the old
 * argv[1..]; the environment stays.  On failure a is unchanged.
 */
long exec_script_args(struct exec_args *a, const char *interp, const char *arg,
                      const char *path);
/* Replaces current's program; on failure current is unchanged. */
long exec_program(const char *path, struct exec_args *a);

#endif /* DOM0_KERNEL_EXEC_H */
