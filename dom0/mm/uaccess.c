/*
 * dom0/mm/uaccess.c - copying to and from user memory.
 *
 * The kernel never dereferences a user address.  Each page of the range
 * is looked up in the process's tables (faulted in first if the region
 * allows the access, as the process's own access would), then copied
 * through the kernel's map of the frame; a page no region allows ends
 * the copy with -EFAULT.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>
#include <linux/errno.h>

#define PATH_BYTES_MAX      4096

static bool range_ok(uaddr_t addr, size_t n)
{
    return addr < USER_TOP && n <= USER_TOP - addr;
}

void uaccess_window_open(void *buf, size_t len)
{
    current->uaccess_window = (uint64_t)buf;
    current->uaccess_window_len = len;
}

void uaccess_window_close(void)
{
    current->uaccess_window = current->uaccess_window_len = 0;
}

static bool in_window(uaddr_t addr, size_t n)
{
    const struct process *p = current;

    return p->uaccess_window && addr >= p->uaccess_window &&
           n <= p->uaccess_window_len && addr - p->uaccess_window <= p->uaccess_window_len - n;
}

/* Calls fn on each page-sized piece of [addr, addr + n) of mm, mapped in the kernel. */
static long mm_for_each_piece(struct mm *mm, uaddr_t addr, size_t n, bool write,
                              void (*fn)(void *kaddr, size_t len, void *arg), void *arg)
{
    if (!range_ok(addr, n) || !mm)
        return -EFAULT;
    while (n) {
        size_t len = MIN(n, PAGE_SIZE - (addr & (PAGE_SIZE - 1)));
        void *k = mm_user_page(mm, addr, write);
        if (!k)
            return -EFAULT;
        fn(k, len, arg);
        addr += len;
        n -= len;
    }
    return 0;
}

/* The same for current's memory, where a sendfile window may stand in. */
static long for_each_piece(uaddr_t addr, size_t n, bool write,
                           void (*fn)(void *kaddr, size_t len, void *arg), void *arg)
{
    if (in_window(addr, n)) {
        fn((void *)addr, n, arg);
        return 0;
    }
    return mm_for_each_piece(current->mm, addr, n, write, fn, arg);
}

static void piece_in(void *k, size_t len, void *arg)
{
    char **dst = arg;

    memcpy(*dst, k, len);
    *dst += len;
}

static void piece_out(void *k, size_t len, void *arg)
{
    const char **src = arg;

    memcpy(k, *src, len);
    *src += len;
}

static void piece_clear(void *k, size_t len, void *arg)
{
    (void)arg;
    memset(k, 0, len);
}

/* The kernel address of [addr, addr + n) when it lies within one user page. */
static void *one_page(uaddr_t addr, size_t n, bool write)
{
    if (n > PAGE_SIZE - (addr & (PAGE_SIZE - 1)) || !range_ok(addr, n) || !current->mm)
        return NULL;
    return mm_user_page(current->mm, addr, write);
}

/* Most copies are a struct in one page: that case takes no detour. */
long copy_from_user(void *dst, uaddr_t src, size_t n)
{
    char *d = dst;
    void *k = one_page(src, n, false);

    if (k) {
        memcpy(dst, k, n);
        return 0;
    }
    return for_each_piece(src, n, false, piece_in, &d);
}

long copy_to_user(uaddr_t dst, const void *src, size_t n)
{
    const char *s = src;
    void *k = one_page(dst, n, true);

    if (k) {
        memcpy(k, src, n);
        return 0;
    }
    return for_each_piece(dst, n, true, piece_out, &s);
}

long copy_to_mm(struct mm *mm, uaddr_t dst, const void *src, size_t n)
{
    const char *s = src;

    return mm_for_each_piece(mm, dst, n, true, piece_out, &s);
}

long clear_user(uaddr_t dst, size_t n)
{
    return for_each_piece(dst, n, true, piece_clear, NULL);
}

long strncpy_from_user(char *dst, uaddr_t src, size_t max)
{
    size_t done = 0;

    while (done < max) {
        size_t len = MIN(max - done, PAGE_SIZE - (src & (PAGE_SIZE - 1)));
        const char *k;
        size_t n;
        if (!range_ok(src, 1) || !current->mm || !(k = mm_user_page(current->mm, src, false)))
            return -EFAULT;
        n = strnlen(k, len);
        memcpy(dst + done, k, n);
        done += n;
        if (n < len) {
            dst[done] = 0;
            return done;
        }
        src += len;
    }
    return -ENAMETOOLONG;
}

static char *getname_flags(uaddr_t upath, bool empty_ok)
{
    char *buf = kmalloc(PATH_BYTES_MAX);
    long n;

    if (!buf)
        return ERR_PTR(-ENOMEM);
    n = strncpy_from_user(buf, upath, PATH_BYTES_MAX);
    if (n < 0) {
        kfree(buf);
        return ERR_PTR(n);
    }
    if (n == 0 && !empty_ok) {
        kfree(buf);
        return ERR_PTR(-ENOENT);
    }
    return buf;
}

char *getname(uaddr_t upath)
{
    return getname_flags(upath, false);
}

char *getname_empty_ok(uaddr_t upath)
{
    return getname_flags(upath, true);
}
