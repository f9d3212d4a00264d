/*
 * dom0/kernel/exec_args.c - execve's argument buffer: argv and envp
 * copied in from user memory before the old address space goes, and a
 * script's argv rewritten for its interpreter.  Pure apart from the
 * uaccess and heap calls, so the host tests run it.
 */
#include <kernel/kernel.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include "exec.h"

#define ARG_BYTES_MAX       (256UL << 10)
#define ARG_COUNT_MAX       (32UL << 10)
#define ARG_STRING_MAX      (PAGE_SIZE * 32)

void exec_args_free(struct exec_args *a)
{
    kfree(a->buf);
    a->buf = NULL;
}

/* a->buf is NULL until the first string: memcpy never sees it (C forbids even 0 bytes). */
static long args_append(struct exec_args *a, const char *s, size_t n)
{
    if (!n)
        return 0;
    if (a->len + n > ARG_BYTES_MAX)
        return -E2BIG;
    if (a->len + n > a->cap) {
        size_t cap = MAX(a->cap * 2, a->len + n + 256);
        char *nb = kmalloc(MIN(cap, ARG_BYTES_MAX));
        if (!nb)
            return -ENOMEM;
        if (a->len)
            memcpy(nb, a->buf, a->len);
        kfree(a->buf);
        a->buf = nb;
        a->cap = MIN(cap, ARG_BYTES_MAX);
    }
    memcpy(a->buf + a->len, s, n);
    a->len += n;
    return 0;
}

/* One user vector (argv or envp) appended string by string. */
static long copy_vector(struct exec_args *a, uaddr_t vec, unsigned int *count)
{
    char *tmp = kmalloc(ARG_STRING_MAX);
    long err = 0, n;
    uint64_t ptr;

    if (!tmp)
        return -ENOMEM;
    for (*count = 0; vec && !err; (*count)++, vec += 8) {
        if (*count >= ARG_COUNT_MAX) {
            err = -E2BIG;
            break;
        }
        if (copy_from_user(&ptr, vec, sizeof(ptr))) {
            err = -EFAULT;
            break;
        }
        if (!ptr)
            break;
        n = strncpy_from_user(tmp, ptr, ARG_STRING_MAX);
        err = n < 0 ? (n == -ENAMETOOLONG ? -E2BIG : n) : args_append(a, tmp, n + 1);
    }
    kfree(tmp);
    return err;
}

long exec_args_from_user(struct exec_args *a, uaddr_t argv, uaddr_t envp)
{
    long err;

    memset(a, 0, sizeof(*a));
    err = copy_vector(a, argv, &a->argc);
    if (!err)
        err = copy_vector(a, envp, &a->envc);
    if (err)
        exec_args_free(a);
    return err;
}

long exec_script_args(struct exec_args *a, const char *interp, const char *arg,
                      const char *path)
{
    const char *argv1 = a->argc ? a->buf + strlen(a->buf) + 1 : a->buf;
    struct exec_args na = { 0 };
    long err = args_append(&na, interp, strlen(interp) + 1);

    if (!err && arg)
        err = args_append(&na, arg, strlen(arg) + 1);
    if (!err)
        err = args_append(&na, path, strlen(path) + 1);
    if (!err)
        err = args_append(&na, argv1, a->buf + a->len - argv1);
    if (err) {
        exec_args_free(&na);
        return err;
    }
    na.argc = (a->argc ? a->argc - 1 : 0) + 2 + (arg != NULL);
    na.envc = a->envc;
    exec_args_free(a);
    *a = na;
    return 0;
}
