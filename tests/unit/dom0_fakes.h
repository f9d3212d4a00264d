/*
 * tests/unit/dom0_fakes.h - the dom0 kernel around the file layer, faked
 * for host tests: a heap and page allocator that count what is live, user
 * memory that is host memory except for addresses that fault, one fake
 * process as `current`, wait queues that never really sleep, and a clock
 * the test sets.  Plus a writer of newc cpio archives for fixtures.
 */
#ifndef DOM0_TEST_FAKES_H
#define DOM0_TEST_FAKES_H

#include <kernel/types.h>
#include <kernel/process.h>

/* User addresses below this, or inside the poison range, fault. */
#define FAKE_USER_MIN       0x10000UL
#define FAKE_POISON_BASE    0x400000000000UL    /* nothing of the host lives there */
#define FAKE_POISON_SIZE    0x100000000UL
#define BAD_UPTR            (FAKE_POISON_BASE + 0x1000)
#define U(p)                ((uaddr_t)(uintptr_t)(p))

long fake_heap_live(void);
long fake_pages_live(void);
/* Frees every allocation and page still live (the end of a test). */
void fake_heap_reset(void);
/* Makes the n-th next page_alloc fail (0: the next), -1: never. */
void fake_page_fail_at(long n);

/* The process `current` points at; pid 1, root, cwd set by the test. */
extern struct process fake_proc;
void fake_process_reset(void);
/* Extra processes process_find/process_for_each know about. */
void fake_process_add(struct process *p);

/* Signals sent with signal_send. */
extern int fake_last_signal;
extern int fake_signal_count;

/*
 * waitq_sleep: calls the hook (which plays another process) and returns
 * 0, or without a hook counts the sleep and returns -EINTR, as if a
 * signal came.  waitq_sleep_until without a hook returns -ETIMEDOUT when
 * it has a deadline.
 */
extern void (*fake_sleep_hook)(void);
extern int fake_sleep_count;
extern int fake_wake_count;

extern uint64_t fake_now_ns;

/* ---- newc archives ---- */
struct cpio_builder {
    uint8_t *buf;
    size_t len, cap;
};
void cpio_add(struct cpio_builder *b, const char *name, uint32_t mode,
              const void *data, size_t size, uint32_t nlink, uint32_t ino);
void cpio_finish(struct cpio_builder *b);
void cpio_builder_free(struct cpio_builder *b);

/*
 * The file layer booted on the archive built so far (finished here),
 * with fake_proc's cwd at its root and, if asked, a descriptor table;
 * and its teardown, which also frees the archive and the fake heap.
 */
void fake_fs_boot(struct cpio_builder *b, bool with_files);
void fake_fs_teardown(struct cpio_builder *b);

#endif /* DOM0_TEST_FAKES_H */
