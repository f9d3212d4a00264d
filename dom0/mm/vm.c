/*
 * dom0/mm/vm.c - regions of a user address space and the pages in them.
 *
 * A region (struct vma) says what may be at an address: anonymous
 * zero-filled memory or a file's pages, with its protection.  Nothing is
 * mapped until first touched (mm_fault); a read fault on a file maps the
 * cached pages around it too (fault-around).  Every mapped page holds one
 * page reference.  A private page that may be shared (a file's page, or
 * one inherited read-only) is mapped read-only and copied on the first
 * write; fork copies every writable page at once.  A device's window
 * (VMA_PFNMAP, privcmd's) maps frames the driver put there, marked
 * PTE_SPECIAL, which are never counted, copied or faulted in.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/vm.h>
#include <kernel/fs.h>
#include <kernel/process.h>
#include <linux/errno.h>
#include <linux/mman.h>
#include "../arch/xen.h"
#include "mm_internal.h"
#include "pagetable.h"

static uint64_t *kernel_top_l4;

struct mm *mm_new(void)
{
    struct mm *mm = kzalloc(sizeof(*mm));

    if (mm && pt_new_top(mm)) {
        kfree(mm);
        return NULL;
    }
    if (mm) {
        mm->cached_va = CACHED_NONE;
        mm->refs = 1;
    }
    return mm;
}

void mm_activate(struct mm *mm)
{
    pt_activate(mm->kernel_l4, mm->user_l4);
}

void mm_activate_kernel(void)
{
    if (!kernel_top_l4)
        kernel_top_l4 = (uint64_t *)start_info->pt_base;
    pt_activate(kernel_top_l4, NULL);
}

struct vma *vma_lookup(struct mm *mm, uint64_t va)
{
    struct vma *v;

    for (v = mm->vmas; v && v->start <= va; v = v->next)
        if (va < v->end)
            return v;
    return NULL;
}

static void vma_free(struct vma *v)
{
    if (v->inode)
        inode_put(v->inode);
    kfree(v);
}

static void vma_insert(struct mm *mm, struct vma *n)
{
    struct vma **pp = &mm->vmas;

    mm->nr_vmas++;
    while (*pp && (*pp)->start < n->start)
        pp = &(*pp)->next;
    n->next = *pp;
    *pp = n;
}

/* Splits v at addr (inside it): v keeps the low part. */
static long vma_split(struct mm *mm, struct vma *v, uint64_t addr)
{
    struct vma *hi = mm->nr_vmas < MAX_MAP_COUNT ? kmalloc(sizeof(*hi)) : NULL;

    if (!hi)
        return -ENOMEM;
    mm->nr_vmas++;
    *hi = *v;
    hi->start = addr;
    if (hi->inode) {
        inode_get(hi->inode);
        hi->pgoff += (addr - v->start) >> PAGE_SHIFT;
    }
    v->end = addr;
    v->next = hi;
    return 0;
}

/*
 * Entries waiting to be written in one mmu_update (pt_set_run): up to
 * PT_RUN_MAX, all in one L1 table.  Fork, fault-around and unmapping
 * each write pages a run at a time: one hypercall per page was most of
 * their cost.
 */
struct page_run {
    unsigned int n;
    uint64_t vas[PT_RUN_MAX], ptes[PT_RUN_MAX];
    void *pages[PT_RUN_MAX];
};

/* Whether va can join r, or r must be written first. */
static bool run_has_room(const struct page_run *r, uint64_t va)
{
    return r->n < PT_RUN_MAX &&
           (!r->n || ALIGN_DOWN(va, PT_L1_SPAN) == ALIGN_DOWN(r->vas[0], PT_L1_SPAN));
}

static void run_add_pte(struct page_run *r, uint64_t va, uint64_t pte, void *page)
{
    r->vas[r->n] = va;
    r->ptes[r->n] = pte;
    r->pages[r->n++] = page;
}

static void run_add(struct page_run *r, uint64_t va, void *page, bool writable)
{
    run_add_pte(r, va, pt_make_pte(page, writable), page);
}

/*
 * Clears the waiting entries, then drops their pages: only a page no
 * entry maps any more may go back.  Clearing a foreign frame's entry
 * (page NULL) is what makes the hypervisor drop that frame.
 */
static void unmap_flush(struct mm *mm, struct page_run *r)
{
    unsigned int done = pt_set_run(mm, r->vas, r->ptes, r->n);

    for (unsigned int i = 0; i < done; i++)
        if (r->pages[i])
            page_put(r->pages[i]);
    if (done < r->n)
        printk("dom0: %u page-table entries not cleared\n", r->n - done);
    r->n = 0;
}

static long unmap_one(struct mm *mm, uint64_t va, uint64_t pte, void *arg)
{
    struct page_run *r = arg;

    if (!run_has_room(r, va))
        unmap_flush(mm, r);
    run_add_pte(r, va, 0, pte & PTE_SPECIAL ? NULL : pt_page_of(pte));
    return 0;
}

static void unmap_pages(struct mm *mm, uint64_t start, uint64_t end)
{
    struct page_run r = { 0 };

    pt_for_each_present(mm, start, end, unmap_one, &r);
    unmap_flush(mm, &r);
}

/* [start, start + len rounded up to pages) lies in user space: its end, or 0. */
static uint64_t user_range_end(uint64_t start, uint64_t len)
{
    if (start % PAGE_SIZE || start > USER_TOP || len > USER_TOP - start)
        return 0;
    return start + ALIGN_UP(len, PAGE_SIZE);
}

long vma_unmap(struct mm *mm, uint64_t start, uint64_t len)
{
    uint64_t end = user_range_end(start, len);
    struct vma **pp = &mm->vmas;

    if (!len || !end || end > USER_TOP)
        return -EINVAL;
    while (*pp) {
        struct vma *v = *pp;
        if (v->end <= start || v->start >= end) {
            pp = &v->next;
            continue;
        }
        if (v->start < start || v->end > end) {
            if (vma_split(mm, v, v->start < start ? start : end))
                return -ENOMEM;
            continue;           /* look at the pieces again */
        }
        unmap_pages(mm, v->start, v->end);
        *pp = v->next;
        mm->nr_vmas--;
        vma_free(v);
    }
    pt_flush_tlb();
    return 0;
}

static bool range_has_pfnmap(struct mm *mm, uint64_t start, uint64_t end)
{
    const struct vma *v;

    for (v = mm->vmas; v && v->start < end; v = v->next)
        if (v->end > start && (v->flags & VMA_PFNMAP))
            return true;
    return false;
}

/*
 * Drops the pages of [start, start + len): they come back as on first
 * touch.  A device's frames would not come back, so, as Linux's madvise,
 * that is refused.
 */
long vma_discard(struct mm *mm, uint64_t start, uint64_t len)
{
    uint64_t end = user_range_end(start, len);

    if (!end || end > USER_TOP || range_has_pfnmap(mm, start, end))
        return -EINVAL;
    unmap_pages(mm, start, end);
    pt_flush_tlb();
    return 0;
}

/* The highest free gap of len bytes below USER_MMAP_TOP: its start, or 0. */
static uint64_t find_gap(struct mm *mm, uint64_t len)
{
    uint64_t gap_start = USER_MMAP_BOTTOM, best = 0;
    const struct vma *v = mm->vmas;

    for (;;) {
        uint64_t gap_end = MIN(v ? v->start : USER_MMAP_TOP, USER_MMAP_TOP);
        if (gap_end > gap_start && gap_end - gap_start >= len)
            best = gap_end - len;
        if (!v || v->end >= USER_MMAP_TOP)
            return best;
        gap_start = MAX(gap_start, v->end);
        v = v->next;
    }
}

long vma_map(struct mm *mm, uint64_t start, uint64_t len, uint32_t prot, uint32_t flags,
             struct inode *inode, uint64_t pgoff, bool fixed)
{
    struct vma *v;

    len = ALIGN_UP(len, PAGE_SIZE);
    if (!len || len > USER_TOP)
        return -ENOMEM;
    if (fixed) {
        if (start % PAGE_SIZE || start + len > USER_TOP || start < USER_MMAP_BOTTOM)
            return start % PAGE_SIZE ? -EINVAL : -ENOMEM;
        if (vma_unmap(mm, start, len))
            return -ENOMEM;
    } else {
        start = find_gap(mm, len);
        if (!start)
            return -ENOMEM;
    }
    v = mm->nr_vmas < MAX_MAP_COUNT ? kzalloc(sizeof(*v)) : NULL;
    if (!v)
        return -ENOMEM;
    *v = (struct vma){ .start = start, .end = start + len, .prot = prot, .flags = flags,
                       .inode = inode, .pgoff = pgoff };
    if (inode)
        inode_get(inode);
    vma_insert(mm, v);
    return (long)start;
}

/*
 * Grows the heap region ending at old_end up to new_end if nothing else
 * lies in between (brk's common case: one region however often it grows).
 */
bool vma_grow_heap(struct mm *mm, uint64_t old_end, uint64_t new_end)
{
    struct vma *v = mm->vmas;

    while (v && v->end != old_end)
        v = v->next;
    if (!v || !(v->flags & VMA_HEAP) || (v->next && v->next->start < new_end))
        return false;
    v->end = new_end;
    return true;
}

static long write_protect_one(struct mm *mm, uint64_t va, uint64_t pte, void *arg)
{
    (void)arg;
    if (pte & PTE_RW)
        pt_set(mm, va, pte & ~(uint64_t)PTE_RW);
    return 0;
}

/*
 * The present pages under a new protection: dropped for PROT_NONE (a
 * touch faults and is refused), write-protected without PROT_WRITE; more
 * rights take effect at the next fault.
 */
static void reprotect_pages(struct mm *mm, struct vma *v)
{
    if (v->prot == PROT_NONE)
        unmap_pages(mm, v->start, v->end);
    else if (!(v->prot & PROT_WRITE))
        pt_for_each_present(mm, v->start, v->end, write_protect_one, NULL);
}

long vma_protect(struct mm *mm, uint64_t start, uint64_t len, uint32_t prot)
{
    uint64_t end = user_range_end(start, len), at = start;
    struct vma *v;

    if (!end || end > USER_TOP)
        return -ENOMEM;                 /* Linux: a range outside the address space */
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
        return -EINVAL;
    while (at < end) {
        v = vma_lookup(mm, at);
        if (!v)
            return -ENOMEM;
        /* The driver chose a device window's entries; they stay as it made them. */
        if (v->flags & VMA_PFNMAP)
            return -EACCES;
        if (v->start < at && vma_split(mm, v, at))
            return -ENOMEM;
        v = vma_lookup(mm, at);
        if (v->end > end && vma_split(mm, v, end))
            return -ENOMEM;
        /* A shared mapping of a file not open for writing may not become writable. */
        if ((prot & PROT_WRITE) && (v->flags & VMA_SHARED) && v->inode &&
            !(v->flags & VMA_MAYWRITE))
            return -EACCES;
        v->prot = prot;
        reprotect_pages(mm, v);
        at = v->end;
    }
    pt_flush_tlb();
    return 0;
}

/* The page to map for va in v: anonymous zeroes or the file's page. */
static void *source_page(struct vma *v, uint64_t va, long *err)
{
    void *page;

    if (!v->inode) {
        page = page_alloc();
        *err = page ? 0 : -ENOMEM;
        return page;
    }
    page = inode_page(v->inode, v->pgoff + ((va - v->start) >> PAGE_SHIFT), err);
    return page;
}

static long map_new(struct mm *mm, uint64_t va, void *page, bool writable)
{
    long err = pt_set(mm, va, pt_make_pte(page, writable));

    if (err) {
        page_put(page);
        return err;
    }
    return 0;
}

/*
 * A read fault on a file maps the faulting page and, in the same
 * mmu_update, the file's pages around it that are in memory already and
 * not mapped yet, all read-only: Linux's fault-around, over its default
 * 64 KiB window.  A program's first run has faulted its text and data
 * into the page cache, so the next one (every xl command) takes a fault
 * per 16 pages instead of one per page, and each fault is a trip
 * through the hypervisor and back.  A write later copies or makes
 * writable as for any read-only page.
 */
#define FAULT_AROUND_PAGES  16

/* The cached, unmapped file pages of v in va's window, va's own excepted. */
static void gather_around(struct mm *mm, struct vma *v, uint64_t va, struct page_run *r)
{
    uint64_t window = ALIGN_DOWN(va, FAULT_AROUND_PAGES * PAGE_SIZE);
    uint64_t start = MAX(window, v->start);
    uint64_t end = MIN(window + FAULT_AROUND_PAGES * PAGE_SIZE, v->end);
    const uint64_t *l1 = pt_l1_table(mm, va, false);

    for (uint64_t at = start; l1 && at < end && r->n < PT_RUN_MAX; at += PAGE_SIZE) {
        void *page;

        if (at == va || (l1[(at / PAGE_SIZE) % 512] & PTE_PRESENT))
            continue;
        page = inode_page_if_cached(v->inode, v->pgoff + ((at - v->start) >> PAGE_SHIFT));
        if (page)
            run_add(r, at, page, false);
    }
}

static long map_with_neighbours(struct mm *mm, struct vma *v, uint64_t va, void *page)
{
    struct page_run r = { 0 };
    unsigned int done;

    run_add(&r, va, page, false);
    gather_around(mm, v, va, &r);
    done = pt_set_run(mm, r.vas, r.ptes, r.n);
    for (unsigned int i = done; i < r.n; i++)
        page_put(r.pages[i]);
    return done ? 0 : -ENOMEM;
}

/* First touch of an unmapped page in v. */
static long fault_in(struct mm *mm, struct vma *v, uint64_t va, bool write)
{
    long err;
    void *page = source_page(v, va, &err), *copy;

    if (!page)
        return err;
    if (!v->inode)
        return map_new(mm, va, page, v->prot & PROT_WRITE);
    if (!write)
        return map_with_neighbours(mm, v, va, page);
    if (v->flags & VMA_SHARED)
        return map_new(mm, va, page, true);
    copy = page_alloc_uninit();
    if (!copy) {
        page_put(page);
        return -ENOMEM;
    }
    memcpy(copy, page, PAGE_SIZE);
    page_put(page);
    return map_new(mm, va, copy, true);
}

/* A write to a private page mapped read-only: copy it unless we hold the only reference. */
static long copy_on_write(struct mm *mm, uint64_t va, uint64_t pte)
{
    void *old = pt_page_of(pte), *copy;

    if (page_refs(old) == 1) {
        pt_invlpg(va);
        return pt_set(mm, va, pte | PTE_RW | PTE_DIRTY);
    }
    copy = page_alloc_uninit();
    if (!copy)
        return -ENOMEM;
    memcpy(copy, old, PAGE_SIZE);
    if (pt_set(mm, va, pt_make_pte(copy, true))) {
        page_put(copy);
        return -ENOMEM;
    }
    page_put(old);
    pt_invlpg(va);
    return 0;
}

long mm_fault(struct mm *mm, uint64_t va, bool write)
{
    struct vma *v = va < USER_TOP ? vma_lookup(mm, va) : NULL;
    uint64_t pte;

    va = ALIGN_DOWN(va, PAGE_SIZE);
    if (!v || v->prot == PROT_NONE || (write && !(v->prot & PROT_WRITE)))
        return -EFAULT;
    pte = pt_lookup(mm, va);
    if (v->flags & VMA_PFNMAP)          /* nothing to fault in: Linux's privcmd_fault */
        return pte & PTE_PRESENT ? 0 : -EIO;
    if (!(pte & PTE_PRESENT))
        return fault_in(mm, v, va, write);
    if (write && !(pte & PTE_RW) && (v->flags & VMA_SHARED)) {
        pt_invlpg(va);          /* a shared file page is written in place */
        return pt_set(mm, va, pte | PTE_RW | PTE_DIRTY);
    }
    if (write && !(pte & PTE_RW))
        return copy_on_write(mm, va, pte);
    return 0;                   /* already there: a stale TLB entry */
}

/*
 * A foreign frame has no kernel address of its own, but while mm is the
 * loaded address space the kernel reaches it through the process's own
 * entry (the kernel's tables share the user half).  Not cached: the
 * cache holds kernel addresses of our pages.
 */
static void *foreign_user_page(struct mm *mm, uint64_t va, uint64_t pte, bool write)
{
    if (mm != current->mm || (write && !(pte & PTE_RW)))
        return NULL;
    return (void *)va;
}

/* A page looked up again and again (a buffer copied in pieces) walks the tables once. */
static void *cached_lookup(const struct mm *mm, uint64_t va, bool write)
{
    if (ALIGN_DOWN(va, PAGE_SIZE) != mm->cached_va || (write && !mm->cached_writable))
        return NULL;
    return (char *)mm->cached_page + (va & (PAGE_SIZE - 1));
}

void *mm_user_page(struct mm *mm, uint64_t va, bool write)
{
    void *hit = cached_lookup(mm, va, write);
    uint64_t pte;

    /* The top-level table also maps the kernel: never hand out its pages. */
    if (va >= USER_TOP)
        return NULL;
    if (hit)
        return hit;
    pte = pt_lookup(mm, va);
    if (!(pte & PTE_PRESENT) || (write && !(pte & PTE_RW))) {
        if (mm_fault(mm, va, write))
            return NULL;
        pte = pt_lookup(mm, va);
    }
    if (pte & PTE_SPECIAL)
        return foreign_user_page(mm, va, pte, write);
    mm->cached_va = ALIGN_DOWN(va, PAGE_SIZE);
    mm->cached_page = pt_page_of(pte);
    mm->cached_writable = pte & PTE_RW;
    return (char *)mm->cached_page + (va & (PAGE_SIZE - 1));
}

/*
 * The child's entries are written PT_RUN_MAX at a time (one mmu_update
 * each, not one per page: most of fork's cost is hypercalls), so those
 * not written yet wait here, all in one L1 table.
 */
struct fork_target {
    struct mm *child;
    bool shared;                /* a MAP_SHARED region: both keep the same pages */
    struct page_run run;
};

/* Writes the waiting entries; -ENOMEM (their pages dropped) if not all were. */
static long fork_flush(struct fork_target *t)
{
    struct page_run *r = &t->run;
    unsigned int n = r->n, done = pt_set_run(t->child, r->vas, r->ptes, n);

    for (unsigned int i = done; i < n; i++)
        page_put(r->pages[i]);
    r->n = 0;
    return done == n ? 0 : -ENOMEM;
}

static long fork_queue(struct fork_target *t, uint64_t va, void *page, bool writable)
{
    long err = 0;

    if (!run_has_room(&t->run, va))
        err = fork_flush(t);
    if (err) {
        page_put(page);
        return err;
    }
    run_add(&t->run, va, page, writable);
    return 0;
}

/*
 * The child's copy of one present page: shared if read-only (either side
 * copies it on its first write) or in a shared region, else copied now.
 */
static long fork_page(struct mm *parent, uint64_t va, uint64_t pte, void *target)
{
    struct fork_target *t = target;
    void *page = pt_page_of(pte), *copy;

    (void)parent;
    if (!(pte & PTE_RW) || t->shared) {
        page_get(page);
        return fork_queue(t, va, page, pte & PTE_RW);
    }
    copy = page_alloc_uninit();
    if (!copy)
        return -ENOMEM;
    memcpy(copy, page, PAGE_SIZE);
    return fork_queue(t, va, copy, true);
}

static long fork_vma(struct mm *parent, struct mm *child, const struct vma *v)
{
    struct vma *c = kmalloc(sizeof(*c));
    long err, flushed;

    if (!c)
        return -ENOMEM;
    *c = *v;
    c->next = NULL;
    if (c->inode)
        inode_get(c->inode);
    struct fork_target t = { .child = child, .shared = v->flags & VMA_SHARED };

    vma_insert(child, c);
    err = pt_for_each_present(parent, v->start, v->end, fork_page, &t);
    flushed = fork_flush(&t);
    return err ? err : flushed;
}

struct mm *mm_fork(struct mm *parent)
{
    struct mm *child = mm_new();
    const struct vma *v;

    if (!child)
        return NULL;
    child->brk_start = parent->brk_start;
    child->brk = parent->brk;
    for (v = parent->vmas; v; v = v->next) {
        if (v->flags & VMA_PFNMAP)
            continue;               /* Linux's VM_DONTCOPY: the child has no such region */
        if (fork_vma(parent, child, v)) {
            mm_destroy(child);
            return NULL;
        }
    }
    return child;
}

void mm_get(struct mm *mm)
{
    mm->refs++;
}

void mm_put(struct mm *mm)
{
    if (--mm->refs == 0)
        mm_destroy(mm);
}

void mm_destroy(struct mm *mm)
{
    struct vma *v, *next;

    /* The hypervisor drops a foreign frame when its entry is cleared. */
    for (v = mm->vmas; v; v = v->next)
        if (v->flags & VMA_PFNMAP)
            unmap_pages(mm, v->start, v->end);
    pt_destroy(mm);
    for (v = mm->vmas; v; v = next) {
        next = v->next;
        vma_free(v);
    }
    kfree(mm);
}
