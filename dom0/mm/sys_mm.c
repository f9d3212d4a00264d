/*
 * dom0/mm/sys_mm.c - the memory system calls: brk, mmap, munmap,
 * mprotect and the advice calls, on the regions of mm/vm.c.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <kernel/fs.h>
#include <kernel/vm.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include "../kernel/syscalls.h"

#define BRK_MAX             (1UL << 36)     /* heap size limit: RLIMIT_DATA-like */

static bool overlaps_existing(struct mm *mm, uint64_t start, uint64_t len)
{
    const struct vma *v;

    for (v = mm->vmas; v; v = v->next)
        if (v->start < start + len && start < v->end)
            return true;
    return false;
}

long sys_brk(uaddr_t addr)
{
    struct mm *mm = current->mm;
    uint64_t old_end = ALIGN_UP(mm->brk, PAGE_SIZE), new_end = ALIGN_UP(addr, PAGE_SIZE);

    if (addr < mm->brk_start || addr - mm->brk_start > BRK_MAX)
        return mm->brk;
    if (new_end > old_end && overlaps_existing(mm, old_end, new_end - old_end))
        return mm->brk;                 /* the heap may not grow over a mapping */
    if (new_end > old_end && !vma_grow_heap(mm, old_end, new_end) &&
        vma_map(mm, old_end, new_end - old_end, PROT_READ | PROT_WRITE,
                VMA_ANON | VMA_HEAP, NULL, 0, true) < 0)
        return mm->brk;
    if (new_end < old_end)
        vma_unmap(mm, new_end, old_end - new_end);
    mm->brk = addr;
    return addr;
}

static long file_for_mmap(uint64_t fd, uint64_t prot, uint64_t flags, struct inode **out,
                          bool *may_write)
{
    struct file *f = fget(fd);
    long err = 0;

    if (!f)
        return -EBADF;
    if (!S_ISREG(inode_mode(f->inode)))
        err = -ENODEV;
    else if ((f->flags & O_ACCMODE) == O_WRONLY)
        err = -EACCES;
    else if ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE) &&
             (f->flags & O_ACCMODE) != O_RDWR)
        err = -EACCES;
    if (!err) {
        *out = f->inode;
        inode_get(*out);
        *may_write = (f->flags & O_ACCMODE) == O_RDWR;
    }
    fput(f);
    return err;
}

static long check_mmap_args(uaddr_t addr, uint64_t len, uint64_t prot, uint64_t flags,
                            uint64_t off)
{
    uint64_t type = flags & MAP_TYPE;

    if (!len || off % PAGE_SIZE || ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && addr % PAGE_SIZE))
        return -EINVAL;
    if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
        return -EINVAL;
    if (prot & ~(uint64_t)(PROT_READ | PROT_WRITE | PROT_EXEC))
        return -EINVAL;
    if (len > USER_TOP)
        return -ENOMEM;
    return 0;
}

static bool hint_is_free(struct mm *mm, uaddr_t addr, uint64_t len)
{
    return addr && addr % PAGE_SIZE == 0 && addr >= USER_MMAP_BOTTOM &&
           addr + len <= USER_TOP && !overlaps_existing(mm, addr, len);
}

/*
 * A device that maps its own frames (file_ops.mmap, e.g. privcmd): the
 * file must be open for reading, and for writing too if a shared mapping
 * may write, as Linux's do_mmap checks.  The region is reserved here,
 * then handed to the driver; it holds no reference to the file.
 */
static long mmap_device(struct file *f, uaddr_t addr, uint64_t len, uint64_t prot,
                        uint64_t flags, uint64_t off, bool fixed)
{
    struct mm *mm = current->mm;
    long at, err;

    if ((f->flags & O_ACCMODE) == O_WRONLY)
        return -EACCES;
    if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE) &&
        (f->flags & O_ACCMODE) != O_RDWR)
        return -EACCES;
    at = vma_map(mm, addr, len, prot, VMA_SHARED | VMA_PFNMAP, NULL, off / PAGE_SIZE, fixed);
    if (at < 0)
        return at;
    if ((err = f->ops->mmap(f, vma_lookup(mm, (uint64_t)at)))) {
        vma_unmap(mm, (uint64_t)at, len);
        return err;
    }
    return at;
}

static long mmap_fd(uint64_t fd, uaddr_t addr, uint64_t len, uint64_t prot, uint64_t flags,
                    uint64_t off, bool fixed)
{
    struct file *f = fget(fd);
    long ret;

    if (!f)
        return -EBADF;
    ret = mmap_device(f, addr, len, prot, flags, off, fixed);
    fput(f);
    return ret;
}

/* Whether fd's driver maps its own frames (privcmd, also as /proc/xen/privcmd). */
static bool fd_is_mappable_device(uint64_t fd)
{
    struct file *f = fget(fd);
    bool device;

    if (!f)
        return false;
    device = f->ops && f->ops->mmap;
    fput(f);
    return device;
}

long sys_mmap(uaddr_t addr, uint64_t len, uint64_t prot, uint64_t flags, uint64_t fd,
              uint64_t off)
{
    struct mm *mm = current->mm;
    struct inode *ino = NULL;
    bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
    uint32_t vflags = (flags & MAP_TYPE) == MAP_PRIVATE ? 0 : VMA_SHARED;
    bool may_write = false;
    long err = check_mmap_args(addr, len, prot, flags, off), at;

    if (err)
        return err;
    len = ALIGN_UP(len, PAGE_SIZE);
    if ((flags & MAP_FIXED_NOREPLACE) && overlaps_existing(mm, addr, len))
        return -EEXIST;
    if (!fixed && hint_is_free(mm, addr, len))
        fixed = true;               /* the hint is free: honour it, as Linux does */
    if (!(flags & MAP_ANONYMOUS) && fd_is_mappable_device(fd))
        return mmap_fd(fd, addr, len, prot, flags, off, fixed);
    if (!(flags & MAP_ANONYMOUS) && (err = file_for_mmap(fd, prot, flags, &ino, &may_write)))
        return err;
    if (may_write)
        vflags |= VMA_MAYWRITE;
    /* Shared anonymous memory is private here: no process shares pages with another. */
    at = vma_map(mm, addr, len, prot, ino ? vflags : VMA_ANON, ino, off / PAGE_SIZE, fixed);
    if (ino)
        inode_put(ino);
    return at;
}

long sys_munmap(uaddr_t addr, uint64_t len)
{
    return vma_unmap(current->mm, addr, len);
}

long sys_mprotect(uaddr_t addr, uint64_t len, uint64_t prot)
{
    if (addr % PAGE_SIZE)
        return -EINVAL;
    if (!len)
        return 0;
    return vma_protect(current->mm, addr, len, prot & ~(uint64_t)(PROT_GROWSDOWN | PROT_GROWSUP));
}

#define MADV_DONTNEED       4
#define MADV_FREE           8

/* Advice is only advice, except that discarded pages must read back as new. */
long sys_madvise(uaddr_t addr, uint64_t len, uint64_t advice)
{
    if (addr % PAGE_SIZE)
        return -EINVAL;
    if (advice == MADV_DONTNEED || advice == MADV_FREE)
        return vma_discard(current->mm, addr, len);
    return 0;
}

/* Only shrinking in place; growing returns -ENOMEM so callers fall back to mmap+copy. */
long sys_mremap(uaddr_t addr, uint64_t old_len, uint64_t new_len, uint64_t flags,
                uaddr_t new_addr)
{
    (void)new_addr;
    if (addr % PAGE_SIZE || !new_len || (flags & ~(uint64_t)(MREMAP_MAYMOVE | MREMAP_FIXED)))
        return -EINVAL;
    old_len = ALIGN_UP(old_len, PAGE_SIZE);
    new_len = ALIGN_UP(new_len, PAGE_SIZE);
    if (new_len > old_len) {
        const struct vma *v = vma_lookup(current->mm, addr);
        /* Linux: a VM_DONTEXPAND | VM_PFNMAP region may not grow. */
        return v && (v->flags & VMA_PFNMAP) ? -EFAULT : -ENOMEM;
    }
    if (new_len < old_len)
        vma_unmap(current->mm, addr + new_len, old_len - new_len);
    return addr;
}

long sys_msync(uaddr_t addr, uint64_t len, uint64_t flags)
{
    (void)len;
    (void)flags;
    return addr % PAGE_SIZE ? -EINVAL : 0;
}
