/*
 * dom0/include/kernel/vm.h - a process's address space (mm/vm.c).
 *
 * Each address space has two top-level tables, as 64-bit PV Linux has: the
 * kernel one (user half plus the kernel's mappings, loaded while the
 * kernel runs) and the user one (user half only, loaded by the hypervisor
 * for user mode); both point at the same lower-level tables.  Pages are
 * mapped on first touch from the region (VMA) that covers them.
 */
#ifndef DOM0_KERNEL_VM_H
#define DOM0_KERNEL_VM_H

#include <kernel/types.h>

struct inode;

#define USER_TOP            0x0000800000000000UL    /* first non-user address */
#define USER_STACK_TOP      0x00007ffffffff000UL
#define USER_STACK_MAX      (8UL << 20)             /* RLIMIT_STACK default */
#define USER_MMAP_TOP       0x00007ffff7fff000UL
#define USER_MMAP_BOTTOM    0x0000000000010000UL    /* vm.mmap_min_addr */

/* Linux's vm.max_map_count default: a process cannot make the kernel's lists endless. */
#define MAX_MAP_COUNT       65530

#define VMA_ANON            0x1
#define VMA_SHARED          0x2
#define VMA_STACK           0x4
#define VMA_HEAP            0x8
#define VMA_MAYWRITE        0x10    /* a shared file mapping whose file is open for writing */
/*
 * A device's window (Linux's VM_IO | VM_PFNMAP | VM_DONTCOPY |
 * VM_DONTEXPAND): its frames are the driver's to map, typically another
 * domain's, and hold no page of ours.  A touch where the driver mapped
 * nothing is SIGBUS; fork leaves it out; it neither grows nor changes
 * protection.
 */
#define VMA_PFNMAP          0x20
#define VMA_FILLED          0x40    /* the driver has filled it once (privcmd's "locked") */

struct vma {
    uint64_t start, end;            /* page aligned, end exclusive */
    uint32_t prot;                  /* PROT_* */
    uint32_t flags;                 /* VMA_* */
    struct inode *inode;            /* file mapping (a reference), or NULL */
    uint64_t pgoff;                 /* file page mapped at start */
    struct vma *next;               /* sorted by address */
};

struct mm {
    int refs;                           /* processes using it (vfork and CLONE_VM share) */
    uint64_t *kernel_l4, *user_l4;
    struct vma *vmas;
    uint64_t brk_start, brk;
    unsigned int nr_vmas;
    /* The last page mm_user_page found: any table change forgets it. */
    uint64_t cached_va;                 /* page address, or CACHED_NONE */
    void *cached_page;
    bool cached_writable;
    /* The L1 table pt_l1_table() found last and the 2 MiB it maps (va >>
     * 21): tables are freed only with the mm, so it stays right. */
    uint64_t *last_l1;
    uint64_t last_l1_span;
};

#define CACHED_NONE         (~0UL)

struct mm *mm_new(void);
struct mm *mm_fork(struct mm *parent);
void mm_destroy(struct mm *mm);
void mm_get(struct mm *mm);
/* Drops a user's reference; the last one destroys it (not while loaded). */
void mm_put(struct mm *mm);
/* Loads mm's tables (kernel and user) into the vCPU. */
void mm_activate(struct mm *mm);
/* The kernel's own tables: used while no process's mm may be loaded. */
void mm_activate_kernel(void);

/* A new region; start 0 picks a free one.  The address or -errno. */
long vma_map(struct mm *mm, uint64_t start, uint64_t len, uint32_t prot, uint32_t flags,
             struct inode *inode, uint64_t pgoff, bool fixed);
bool vma_grow_heap(struct mm *mm, uint64_t old_end, uint64_t new_end);
long vma_unmap(struct mm *mm, uint64_t start, uint64_t len);
long vma_discard(struct mm *mm, uint64_t start, uint64_t len);
long vma_protect(struct mm *mm, uint64_t start, uint64_t len, uint32_t prot);

/* The region covering va, or NULL. */
struct vma *vma_lookup(struct mm *mm, uint64_t va);

/*
 * A fault at va (write or not): maps the page if the region allows the
 * access; 0, -EFAULT for a fault the process must get SIGSEGV for, or
 * -EIO (SIGBUS) for a VMA_PFNMAP page the driver has not mapped.
 */
long mm_fault(struct mm *mm, uint64_t va, bool write);
/* The kernel address of user va, faulting it in for the access; or NULL. */
void *mm_user_page(struct mm *mm, uint64_t va, bool write);

/*
 * Frames of domain dom at va, va + 4 KiB, ... in a VMA_PFNMAP region,
 * through mmu_update with dom as the foreign domain, in batches (mm/foreign.c).
 * With err, each frame's result (0 or the hypervisor's -errno) goes to
 * err[i] and the call goes on; it returns the number mapped.  Without,
 * frames[0], frames[0] + 1, ... are mapped and the first failure is
 * returned.  The caller has checked that [va, va + n pages) lies in the region.
 */
long foreign_map(struct mm *mm, const struct vma *v, uint64_t va, const uint64_t *frames,
                 uint64_t n, uint16_t dom, int *err);
/* Whether any page of [start, end) is mapped. */
bool mm_range_has_pages(struct mm *mm, uint64_t start, uint64_t end);

#endif /* DOM0_KERNEL_VM_H */
