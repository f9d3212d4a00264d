/*
 * dom0/drivers/sysrq.c - /proc/sysrq-trigger, Linux's way of asking the
 * kernel for an emergency action by writing one character.
 *
 * Only 'c' is implemented: a deliberate kernel fault (a write through a
 * null pointer, as Linux's sysrq crash does), so the kernel's fault
 * report, its symbolised backtrace and dom0's crash can be seen and
 * tested.  Other characters are accepted and ignored, as unknown keys
 * are on Linux.
 */
#include <kernel/kernel.h>
#include <kernel/fs.h>
#include <kernel/process.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <linux/fs.h>

static void __attribute__((noinline)) sysrq_crash(void)
{
    printk("sysrq: triggering a kernel fault (requested by %s[%d])\n", current->name,
           current->pid);
    *(volatile int *)0 = 1;
}

static long sysrq_write(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    char key;

    (void)f;
    (void)pos;
    if (!n)
        return 0;
    if (current->euid)
        return -EPERM;
    if (copy_from_user(&key, buf, 1))
        return -EFAULT;
    if (key == 'c')
        sysrq_crash();
    return n;
}

static const struct file_ops sysrq_ops = {
    .write = sysrq_write,
};

void sysrq_init(void)
{
    if (procfs_register("sysrq-trigger", S_IFREG | 0200, &sysrq_ops, NULL))
        panic("cannot register /proc/sysrq-trigger");
}
