/*
 * dom0/include/kernel/uaccess.h - touching a user process's memory.
 *
 * Every pointer a system call receives is a uaddr_t and only these
 * functions read or write through it.  They check that the whole range
 * lies in user space, fault pages in as the process's own access would
 * (demand-zero, file pages), and return -EFAULT rather than faulting
 * when a page is unmapped or lacks the permission.
 */
#ifndef DOM0_KERNEL_UACCESS_H
#define DOM0_KERNEL_UACCESS_H

#include <kernel/types.h>

/* 0 or -EFAULT; nothing is partially promised on failure. */
long copy_from_user(void *dst, uaddr_t src, size_t n);
long copy_to_user(uaddr_t dst, const void *src, size_t n);
long clear_user(uaddr_t dst, size_t n);
/* copy_to_user into another address space (execve's new one): 0 or -EFAULT. */
struct mm;
long copy_to_mm(struct mm *mm, uaddr_t dst, const void *src, size_t n);

/*
 * A NUL-terminated string of at most max - 1 bytes into dst: its length,
 * -EFAULT, or -ENAMETOOLONG when no NUL comes within max bytes.
 */
long strncpy_from_user(char *dst, uaddr_t src, size_t max);

/* A path argument: kmalloc'd copy (PATH_MAX bytes at most) or an ERR_PTR. */
char *getname(uaddr_t upath);
/* The same, but "" is a valid answer (the *at() calls' AT_EMPTY_PATH). */
char *getname_empty_ok(uaddr_t upath);

/*
 * While a system call moves data between two files through a kernel
 * buffer (sendfile), the copy helpers accept that buffer as if it were
 * the process's own memory; only that range, only for that process.
 */
void uaccess_window_open(void *buf, size_t len);
void uaccess_window_close(void);

/* Linux's encoding of an errno in a pointer. */
#define MAX_ERRNO           4095
#define ERR_PTR(e)          ((void *)(long)(e))
#define PTR_ERR(p)          ((long)(p))
#define IS_ERR(p)           ((unsigned long)(p) >= (unsigned long)-MAX_ERRNO)

#endif /* DOM0_KERNEL_UACCESS_H */
