/*
 * tests/unit/dom0_fakes.c - the test doubles declared in dom0_fakes.h.
 * Every kmalloc block and page is on a list, so a test can assert that
 * an operation freed what it took and the end of a test frees the rest.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/process.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/wait.h>
#include <linux/errno.h>
#include "dom0_fakes.h"

/* ---- The heap ---- */

struct block {
    struct block *prev, *next;
    size_t size;
    max_align_t data[];
};

static struct block heap = { &heap, &heap, 0 };
static long heap_live;

void *kmalloc(size_t size)
{
    struct block *b = malloc(sizeof(*b) + size);

    if (!b)
        return NULL;
    b->size = size;
    b->next = heap.next;
    b->prev = &heap;
    heap.next->prev = b;
    heap.next = b;
    heap_live++;
    memset(b->data, 0xa5, size);        /* catch reads of uninitialised memory */
    return b->data;
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);

    if (p)
        memset(p, 0, size);
    return p;
}

void kfree(void *p)
{
    struct block *b;

    if (!p)
        return;
    b = (struct block *)((char *)p - offsetof(struct block, data));
    b->prev->next = b->next;
    b->next->prev = b->prev;
    heap_live--;
    free(b);
}

char *kstrdup(const char *s)
{
    char *d = kmalloc(strlen(s) + 1);

    if (d)
        strcpy(d, s);
    return d;
}

size_t kstrlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

long fake_heap_live(void)
{
    return heap_live;
}

/* ---- Pages ---- */

struct page_rec {
    struct page_rec *next;
    void *page;
    int refs;
};

static struct page_rec *pages;
static long pages_live;
static long page_fail_countdown = -1;

void fake_page_fail_at(long n)
{
    page_fail_countdown = n;
}

void *page_alloc(void)
{
    struct page_rec *r;

    if (page_fail_countdown >= 0 && page_fail_countdown-- == 0)
        return NULL;
    r = malloc(sizeof(*r));
    assert_non_null(r);
    r->page = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
    assert_non_null(r->page);
    memset(r->page, 0, PAGE_SIZE);
    r->refs = 1;
    r->next = pages;
    pages = r;
    pages_live++;
    return r->page;
}

/* Not cleared, as in the kernel: a pattern shows a caller relying on zeroes. */
void *page_alloc_uninit(void)
{
    void *page = page_alloc();

    if (page)
        memset(page, 0xa5, PAGE_SIZE);
    return page;
}

static struct page_rec **page_find(void *page)
{
    struct page_rec **pp = &pages;

    while (*pp && (*pp)->page != page)
        pp = &(*pp)->next;
    if (!*pp)
        fail_msg("page %p is not a live page", page);
    return pp;
}

void page_get(void *page)
{
    (*page_find(page))->refs++;
}

void page_put(void *page)
{
    struct page_rec **pp = page_find(page), *r = *pp;

    if (--r->refs > 0)
        return;
    *pp = r->next;
    free(r->page);
    free(r);
    pages_live--;
}

unsigned long pages_free_count(void)
{
    return 1000;
}

unsigned long pages_total(void)
{
    return 4096;
}

long fake_pages_live(void)
{
    return pages_live;
}

void fake_heap_reset(void)
{
    while (heap.next != &heap)
        kfree(heap.next->data);
    while (pages) {
        struct page_rec *r = pages;
        pages = r->next;
        free(r->page);
        free(r);
    }
    pages_live = 0;
    page_fail_countdown = -1;
}

/* ---- User memory ---- */

static bool user_range_bad(uaddr_t p, size_t n)
{
    if (n == 0)
        return false;
    if (p < FAKE_USER_MIN || p + n < p)
        return true;
    return p < FAKE_POISON_BASE + FAKE_POISON_SIZE && p + n > FAKE_POISON_BASE;
}

long copy_from_user(void *dst, uaddr_t src, size_t n)
{
    if (user_range_bad(src, n))
        return -EFAULT;
    memcpy(dst, (const void *)(uintptr_t)src, n);
    return 0;
}

long copy_to_user(uaddr_t dst, const void *src, size_t n)
{
    if (user_range_bad(dst, n))
        return -EFAULT;
    memcpy((void *)(uintptr_t)dst, src, n);
    return 0;
}

long clear_user(uaddr_t dst, size_t n)
{
    if (user_range_bad(dst, n))
        return -EFAULT;
    memset((void *)(uintptr_t)dst, 0, n);
    return 0;
}

long strncpy_from_user(char *dst, uaddr_t src, size_t max)
{
    for (size_t i = 0; i < max; i++) {
        if (user_range_bad(src + i, 1))
            return -EFAULT;
        dst[i] = *(const char *)(uintptr_t)(src + i);
        if (!dst[i])
            return (long)i;
    }
    return -ENAMETOOLONG;
}

/* As mm/uaccess.c: "" is ENOENT unless the caller accepts it. */
static char *fake_getname(uaddr_t upath, bool empty_ok)
{
    char *name = kmalloc(PATH_MAX_LINUX);
    long len;

    if (!name)
        return ERR_PTR(-ENOMEM);
    len = strncpy_from_user(name, upath, PATH_MAX_LINUX);
    if (len == 0 && !empty_ok)
        len = -ENOENT;
    if (len < 0) {
        kfree(name);
        return ERR_PTR(len);
    }
    return name;
}

char *getname(uaddr_t upath)
{
    return fake_getname(upath, false);
}

char *getname_empty_ok(uaddr_t upath)
{
    return fake_getname(upath, true);
}

/* ---- Processes, signals, sleeping, time ---- */

struct process fake_proc;
struct process *current = &fake_proc;
static struct process *extra[8];
static int extra_count;

int fake_last_signal;
int fake_signal_count;
void (*fake_sleep_hook)(void);
int fake_sleep_count;
int fake_wake_count;
uint64_t fake_now_ns = 1000000000ULL;

void fake_process_reset(void)
{
    memset(&fake_proc, 0, sizeof(fake_proc));
    fake_proc.pid = 1;
    kstrlcpy(fake_proc.name, "init", sizeof(fake_proc.name));
    fake_proc.umask = 022;
    current = &fake_proc;
    extra_count = 0;
    fake_last_signal = fake_signal_count = 0;
    fake_sleep_hook = NULL;
    fake_sleep_count = fake_wake_count = 0;
}

void fake_process_add(struct process *p)
{
    assert_true(extra_count < (int)ARRAY_SIZE(extra));
    extra[extra_count++] = p;
}

struct process *process_find(int pid)
{
    if (pid == fake_proc.pid)
        return &fake_proc;
    for (int i = 0; i < extra_count; i++)
        if (extra[i]->pid == pid)
            return extra[i];
    return NULL;
}

int process_for_each(int (*fn)(struct process *p, void *arg), void *arg)
{
    int r = fn(&fake_proc, arg);

    for (int i = 0; i < extra_count && !r; i++)
        r = fn(extra[i], arg);
    return r;
}

void signal_send(struct process *p, int sig)
{
    assert_ptr_equal(p, current);
    fake_last_signal = sig;
    fake_signal_count++;
}

void signal_send_pgrp(int pgid, int sig)
{
    (void)pgid;
    (void)sig;
}

bool signal_pending(void)
{
    return false;
}

long waitq_sleep(struct waitq *q)
{
    (void)q;
    if (fake_sleep_hook) {
        fake_sleep_hook();
        return 0;
    }
    fake_sleep_count++;
    return -EINTR;
}

long waitq_sleep_until(struct waitq *q, uint64_t deadline_ns)
{
    if (fake_sleep_hook || !deadline_ns)
        return waitq_sleep(q);
    fake_sleep_count++;
    fake_now_ns = deadline_ns;
    return -ETIMEDOUT;
}

/* fs/poll.c's, where a test links it: pollers and epoll sets hooked on q. */
__attribute__((weak)) void poll_wake_hooked(struct waitq *q)
{
    (void)q;
}

void waitq_wake(struct waitq *q)
{
    fake_wake_count++;
    poll_wake_hooked(q);
}

void waitq_wake_sleepers(struct waitq *q)
{
    (void)q;
}

uint64_t monotonic_ns(void)
{
    return fake_now_ns;
}

uint64_t realtime_ns(void)
{
    return 1700000000ULL * 1000000000ULL + fake_now_ns;
}

void printk(const char *fmt, ...)
{
    va_list ap;

    if (!getenv("DOM0_TEST_VERBOSE"))
        return;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    abort();
}

/* ---- newc archives ---- */

static void cpio_put(struct cpio_builder *b, const void *p, size_t n)
{
    if (b->len + n + 4 > b->cap) {
        b->cap = (b->len + n + 4) * 2;
        b->buf = realloc(b->buf, b->cap);
        assert_non_null(b->buf);
    }
    memcpy(b->buf + b->len, p, n);
    b->len += n;
}

static void cpio_pad(struct cpio_builder *b)
{
    static const uint8_t zeros[4];

    cpio_put(b, zeros, (4 - b->len % 4) % 4);
}

void cpio_add(struct cpio_builder *b, const char *name, uint32_t mode,
              const void *data, size_t size, uint32_t nlink, uint32_t ino)
{
    char hdr[111];

    snprintf(hdr, sizeof(hdr),
             "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
             ino, mode, 0, 0, nlink, 1600000000, (unsigned)size, 0, 0, 1, 3,
             (unsigned)strlen(name) + 1, 0);
    cpio_put(b, hdr, 110);
    cpio_put(b, name, strlen(name) + 1);
    cpio_pad(b);
    if (size)
        cpio_put(b, data, size);
    cpio_pad(b);
}

void cpio_finish(struct cpio_builder *b)
{
    cpio_add(b, "TRAILER!!!", 0, NULL, 0, 1, 0);
}

void cpio_builder_free(struct cpio_builder *b)
{
    free(b->buf);
    memset(b, 0, sizeof(*b));
}

/* Host pointers are all reachable here: the sendfile window needs no bookkeeping. */
void uaccess_window_open(void *buf, size_t len)
{
    (void)buf;
    (void)len;
}

void uaccess_window_close(void)
{
}

unsigned long kmalloc_pages(void)
{
    return 0;
}

