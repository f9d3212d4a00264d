/*
 * dom0/drivers/privcmd_map.c - mapping other domains' frames through
 * privcmd, with Linux's semantics (drivers/xen/privcmd.c).
 *
 * mmap() of the device only reserves a window (VMA_PFNMAP: shared, left
 * out by fork, never grown; a touch before it is filled is SIGBUS).  An
 * ioctl then fills it with a domain's frames through mm/foreign.c:
 *   IOCTL_PRIVCMD_MMAP          runs of contiguous frames, the first run
 *                               at the window's start, each after the last;
 *                               once per window; the first error ends it.
 *   IOCTL_PRIVCMD_MMAPBATCH     one frame a page, the whole window the
 *   IOCTL_PRIVCMD_MMAPBATCH_V2  first time, later only pages still empty
 *                               (retrying the ones that failed); per-frame
 *                               errors marked in arr (v1) or in err[] (v2).
 * Requests are copied in and their frame lists read a chunk at a time, so
 * a list of any length costs a fixed amount of kernel memory.  Unlike
 * Linux, which copies the whole list before mapping anything, a list that
 * becomes unreadable part-way leaves the frames before it mapped (the
 * call still fails with -EFAULT).
 */
#include <kernel/kernel.h>
#include <kernel/fs.h>
#include <kernel/process.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>
#include <linux/errno.h>
#include <linux/mman.h>
#include <public/privcmd.h>
#include "privcmd.h"

/* Frames read from the caller's list at a time (a page of them). */
#define FRAME_CHUNK         (PAGE_SIZE / sizeof(xen_pfn_t))
#define LONG_MAX_PAGES      (0x7fffffffffffffffUL >> PAGE_SHIFT)

/* Linux's access_ok: [addr, addr + len) lies in user space. */
static bool user_range_ok(uaddr_t addr, uint64_t len)
{
    return addr < USER_TOP && len <= USER_TOP - addr;
}

long privcmd_mmap(struct file *f, struct vma *v)
{
    (void)f, (void)v;               /* sys_mmap made it VMA_PFNMAP; nothing more to do */
    return 0;
}

/* The window a request starts in: a privcmd one, or NULL. */
static struct vma *privcmd_window(uint64_t va)
{
    struct vma *v = current->mm ? vma_lookup(current->mm, va) : NULL;

    return v && (v->flags & VMA_PFNMAP) && v->prot != PROT_NONE ? v : NULL;
}

/* ---- IOCTL_PRIVCMD_MMAP ---- */

/* One run, which must start where the last one ended and end inside the window. */
static long mmap_run(struct vma *v, const struct privcmd_mmap_entry *e, uint64_t *next_va,
                     domid_t dom)
{
    long rc;

    /* As Linux: no run may wrap the address space. */
    if (e->npages > LONG_MAX_PAGES || (e->npages << PAGE_SHIFT) >= -*next_va)
        return -EINVAL;
    if (e->va != *next_va || e->va + (e->npages << PAGE_SHIFT) > v->end)
        return -EINVAL;
    rc = foreign_map(current->mm, v, e->va, &e->mfn, e->npages, dom, NULL);
    if (rc < 0)
        return rc;
    *next_va += e->npages << PAGE_SHIFT;
    return 0;
}

/* The first entry names the window: its start exactly, never filled before. */
static struct vma *mmap_claim_window(const struct privcmd_mmap_entry *first)
{
    struct vma *v = privcmd_window(first->va);

    if (!v || first->va != v->start || (v->flags & VMA_FILLED))
        return NULL;
    v->flags |= VMA_FILLED;
    return v;
}

/* As Linux: a restricted file serves its one domain only. */
static bool domain_allowed(domid_t dom, domid_t allowed)
{
    return allowed == DOMID_INVALID || allowed == dom;
}

long privcmd_ioctl_mmap(uaddr_t arg, uint16_t allowed)
{
    struct privcmd_mmap m;
    struct privcmd_mmap_entry e;
    struct vma *v = NULL;
    uint64_t next_va = 0;
    unsigned int i, num;

    if (copy_from_user(&m, arg, sizeof(m)))
        return -EFAULT;
    if (!domain_allowed(m.dom, allowed))
        return -EPERM;
    num = (unsigned int)m.num;          /* Linux reads the count as unsigned */
    if (!user_range_ok((uaddr_t)m.entry, (uint64_t)num * sizeof(e)))
        return -EFAULT;
    for (i = 0; i < num; i++) {
        long rc;
        if (copy_from_user(&e, (uaddr_t)(m.entry + i), sizeof(e)))
            return -EFAULT;
        if (!v && !(v = mmap_claim_window(&e)))
            return -EINVAL;
        if (i == 0)
            next_va = v->start;
        if ((rc = mmap_run(v, &e, &next_va, m.dom)))
            return rc;
    }
    return 0;
}

/* ---- IOCTL_PRIVCMD_MMAPBATCH and _V2 ---- */

struct batch {
    struct privcmd_mmapbatch_v2 m;  /* v1's request widened, err NULL */
    int version;
    int global_error;               /* 0; 1 after any error; -ENOENT after a paged-out one */
    xen_pfn_t *frames;              /* one chunk of the list, in the kernel */
    int *errs;                      /* each frame's result */
};

static long batch_copy_request(struct batch *b, uaddr_t arg)
{
    struct privcmd_mmapbatch v1;

    if (b->version == 2) {
        if (copy_from_user(&b->m, arg, sizeof(b->m)))
            return -EFAULT;
        return user_range_ok((uaddr_t)b->m.err, (uint64_t)b->m.num * sizeof(int)) ? 0 : -EFAULT;
    }
    if (copy_from_user(&v1, arg, sizeof(v1)))
        return -EFAULT;
    b->m = (struct privcmd_mmapbatch_v2){ .num = (unsigned int)v1.num, .dom = v1.dom,
                                          .addr = v1.addr, .arr = v1.arr, .err = NULL };
    return user_range_ok((uaddr_t)v1.arr, (uint64_t)b->m.num * sizeof(xen_pfn_t)) ? 0 : -EFAULT;
}

/*
 * The window and the pages to fill: the whole window the first time,
 * afterwards only pages inside it that hold nothing (Linux's rules).
 */
static struct vma *batch_window(const struct privcmd_mmapbatch_v2 *m)
{
    uint64_t end = m->addr + ((uint64_t)m->num << PAGE_SHIFT);
    struct vma *v = m->addr % PAGE_SIZE ? NULL : privcmd_window(m->addr);

    if (!v)
        return NULL;
    if (!(v->flags & VMA_FILLED)) {
        if (m->addr != v->start || end != v->end)
            return NULL;
        v->flags |= VMA_FILLED;
        return v;
    }
    if (end > v->end || mm_range_has_pages(current->mm, m->addr, end))
        return NULL;
    return v;
}

static void batch_note_error(struct batch *b, int err)
{
    if (err == -ENOENT)
        b->global_error = -ENOENT;
    else if (b->global_error == 0)
        b->global_error = 1;
}

/* Frame i's error back to the caller: marked in arr (v1) or in err[] (v2). */
static long batch_report(struct batch *b, uint64_t i, unsigned int k)
{
    xen_pfn_t marked;

    batch_note_error(b, b->errs[k]);
    if (b->version == 2)
        return copy_to_user((uaddr_t)(b->m.err + i), &b->errs[k], sizeof(int)) ? -EFAULT : 0;
    marked = b->frames[k] | (b->errs[k] == -ENOENT ? PRIVCMD_MMAPBATCH_PAGED_ERROR
                                                   : PRIVCMD_MMAPBATCH_MFN_ERROR);
    return copy_to_user((uaddr_t)(b->m.arr + i), &marked, sizeof(marked)) ? -EFAULT : 0;
}

/* Frames [i, i + n) of the list: read, mapped, failures reported. */
static long batch_chunk(struct batch *b, struct vma *v, uint64_t i, unsigned int n)
{
    long rc;

    if (copy_from_user(b->frames, (uaddr_t)(b->m.arr + i), n * sizeof(xen_pfn_t)))
        return -EFAULT;
    rc = foreign_map(current->mm, v, b->m.addr + (i << PAGE_SHIFT), b->frames, n, b->m.dom,
                     b->errs);
    if (rc < 0)
        return rc;
    for (unsigned int k = 0; k < n; k++)
        if (b->errs[k] && (rc = batch_report(b, i + k, k)))
            return rc;
    return 0;
}

static long batch_run(struct batch *b, uaddr_t arg, domid_t allowed)
{
    struct vma *v;
    uint64_t i;
    long rc;

    if ((rc = batch_copy_request(b, arg)))
        return rc;
    if (!domain_allowed(b->m.dom, allowed))
        return -EPERM;
    if (b->m.num == 0)
        return -EINVAL;
    /* Zeroed first, so only real errors need writing later. */
    if (b->version == 2 && clear_user((uaddr_t)b->m.err, (uint64_t)b->m.num * sizeof(int)))
        return -EFAULT;
    if (!(v = batch_window(&b->m)))
        return -EINVAL;
    for (i = 0; i < b->m.num; i += FRAME_CHUNK)
        if ((rc = batch_chunk(b, v, i, (unsigned int)MIN(b->m.num - i, FRAME_CHUNK))))
            return rc;
    return b->global_error == -ENOENT ? -ENOENT : 0;
}

long privcmd_ioctl_mmapbatch(uaddr_t arg, int version, uint16_t allowed)
{
    struct batch b = { .version = version };
    long rc = -ENOMEM;

    b.frames = kmalloc(FRAME_CHUNK * sizeof(*b.frames));
    b.errs = kmalloc(FRAME_CHUNK * sizeof(*b.errs));
    if (b.frames && b.errs)
        rc = batch_run(&b, arg, allowed);
    kfree(b.frames);
    kfree(b.errs);
    return rc;
}
