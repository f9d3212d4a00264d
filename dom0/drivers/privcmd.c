/*
 * dom0/drivers/privcmd.c - Linux's privcmd device: hypercalls on behalf of
 * a dom0 process.
 *
 * /dev/xen/privcmd, and /proc/xen/privcmd (the name older programs open),
 * take IOCTL_PRIVCMD_HYPERCALL with struct privcmd_hypercall { op,
 * arg[5] }.  The kernel makes the call while the process's own page
 * tables are loaded, so the hypervisor reads and writes the buffers the
 * process passed in place; a pointer it cannot use comes back as
 * -EFAULT.  The hypervisor's result is the ioctl's: a negative errno
 * becomes -1 with errno set, as Linux's driver does.  mmap() and the
 * foreign-mapping ioctls are in privcmd_map.c.
 */
#include <kernel/kernel.h>
#include <kernel/fs.h>
#include <kernel/process.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include "../arch/xen.h"

#include <public/privcmd.h>
#include "privcmd.h"

#define HYPERCALL_SLOTS         128

/*
 * Hypercall buffers must be mapped when the hypervisor looks: first
 * touch each argument that points into the process, as Linux callers
 * lock their buffers (libxencall's hypercall buffers).
 */
static void touch_argument_pages(const struct privcmd_hypercall *h)
{
    unsigned int i;

    for (i = 0; i < 5; i++)
        if (h->arg[i] >= USER_MMAP_BOTTOM && h->arg[i] < USER_TOP && current->mm)
            if (!mm_user_page(current->mm, h->arg[i], true))
                mm_user_page(current->mm, h->arg[i], false);
}

/* Through the hypercall page, as the kernel's own calls: slot op * 32. */
static long hypercall(const struct privcmd_hypercall *h)
{
    register unsigned long a1 asm("rdi") = h->arg[0];
    register unsigned long a2 asm("rsi") = h->arg[1];
    register unsigned long a3 asm("rdx") = h->arg[2];
    register unsigned long a4 asm("r10") = h->arg[3];
    register unsigned long a5 asm("r8") = h->arg[4];
    long ret;

    asm volatile("call *%[stub]"
                 : "=a"(ret), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
                 : [stub] "r"(hypercall_page + h->op * 32)
                 : "memory", "rcx", "r11", "r9");
    return ret;
}

/*
 * Who may open privcmd may make any hypercall as dom0 (the device is
 * root's, 0600, as on Linux): arguments that point into the kernel, or
 * a multicall wrapping iret, are that process's to answer for.  Only a
 * direct iret is refused, since it would return to this very frame.
 */
static long privcmd_hypercall(uaddr_t arg, domid_t restricted_to)
{
    struct privcmd_hypercall h;

    if (restricted_to != DOMID_INVALID)     /* Linux: no hypercalls once restricted */
        return -EPERM;
    if (copy_from_user(&h, arg, sizeof(h)))
        return -EFAULT;
    /* Slots past the page do not exist; iret would return to the process's frame. */
    if (h.op >= HYPERCALL_SLOTS)
        return -ENOSYS;
    if (h.op == __HYPERVISOR_iret)
        return -EINVAL;
    touch_argument_pages(&h);
    return hypercall(&h);
}

/* Per open file: the domain it is restricted to, or DOMID_INVALID. */
struct privcmd_file {
    domid_t restricted_to;
};

/* The first restriction sticks; asking again for another domain is -EINVAL. */
static long privcmd_restrict(struct privcmd_file *pf, uaddr_t arg)
{
    domid_t dom;

    if (copy_from_user(&dom, arg, sizeof(dom)))
        return -EFAULT;
    if (pf->restricted_to == DOMID_INVALID)
        pf->restricted_to = dom;
    else if (pf->restricted_to != dom)
        return -EINVAL;
    return 0;
}

static long privcmd_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
    struct privcmd_file *pf = f->priv;

    switch (cmd) {
    case IOCTL_PRIVCMD_HYPERCALL:
        return privcmd_hypercall(arg, pf->restricted_to);
    case IOCTL_PRIVCMD_MMAP:
        return privcmd_ioctl_mmap(arg, pf->restricted_to);
    case IOCTL_PRIVCMD_MMAPBATCH:
        return privcmd_ioctl_mmapbatch(arg, 1, pf->restricted_to);
    case IOCTL_PRIVCMD_MMAPBATCH_V2:
        return privcmd_ioctl_mmapbatch(arg, 2, pf->restricted_to);
    case IOCTL_PRIVCMD_RESTRICT:
        return privcmd_restrict(pf, arg);
    default:
        return -ENOTTY;
    }
}

static long privcmd_open(struct file *f)
{
    struct privcmd_file *pf = kmalloc(sizeof(*pf));

    if (!pf)
        return -ENOMEM;
    pf->restricted_to = DOMID_INVALID;
    f->priv = pf;
    return 0;
}

static void privcmd_release(struct file *f)
{
    kfree(f->priv);
}

static const struct file_ops privcmd_ops = {
    .open = privcmd_open,
    .ioctl = privcmd_ioctl,
    .mmap = privcmd_mmap,
    .release = privcmd_release,
};

/* /proc/xen/capabilities: "control_d" marks the control domain, as on Xen. */
static long capabilities_read(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    static const char text[] = "control_d\n";
    size_t len = sizeof(text) - 1;

    (void)f;
    if (*pos >= (int64_t)len)
        return 0;
    n = MIN(n, len - (size_t)*pos);
    if (copy_to_user(buf, text + *pos, n))
        return -EFAULT;
    *pos += n;
    return n;
}

static const struct file_ops capabilities_ops = {
    .read = capabilities_read,
};

void privcmd_init(void)
{
    if (devfs_register("xen/privcmd", S_IFCHR | 0600, &privcmd_ops, NULL) ||
        procfs_register("xen/privcmd", S_IFREG | 0400, &privcmd_ops, NULL) ||
        procfs_register("xen/capabilities", S_IFREG | 0444, &capabilities_ops, NULL))
        panic("cannot register the privcmd device");
}
