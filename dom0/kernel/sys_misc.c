/*
 * dom0/kernel/sys_misc.c - system information, limits, identity, and the
 * calls glibc makes at start-up (arch_prctl, set_tid_address, robust
 * lists), which for one-thread processes need little more than a
 * faithful answer.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/process.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>
#include <linux/errno.h>
#include <linux/signal.h>
#include <linux/time.h>
#include <linux/utsname.h>
#include "../arch/xen.h"
#include "syscalls.h"
#include "random.h"
#include "sched.h"
#include "process_internal.h"

/* The kernel reports itself as Linux so glibc accepts it (it checks >= 3.2). */
#define UTS_RELEASE         "6.1.0-minixen"
#define UTS_VERSION         "#1 minixen dom0"
static char hostname[UTS_FIELD_LEN] = "minixen";

long sys_uname(uaddr_t buf)
{
    struct linux_utsname u;

    memset(&u, 0, sizeof(u));
    kstrlcpy(u.sysname, "Linux", sizeof(u.sysname));
    kstrlcpy(u.nodename, hostname, sizeof(u.nodename));
    kstrlcpy(u.release, UTS_RELEASE, sizeof(u.release));
    kstrlcpy(u.version, UTS_VERSION, sizeof(u.version));
    kstrlcpy(u.machine, "x86_64", sizeof(u.machine));
    kstrlcpy(u.domainname, "(none)", sizeof(u.domainname));
    return copy_to_user(buf, &u, sizeof(u));
}

long sys_sethostname(uaddr_t name, uint64_t len)
{
    char buf[UTS_FIELD_LEN];

    if (current->euid)
        return -EPERM;
    if (len >= UTS_FIELD_LEN)
        return -EINVAL;
    if (copy_from_user(buf, name, len))
        return -EFAULT;
    buf[len] = 0;
    memcpy(hostname, buf, len + 1);
    return 0;
}

#define ARCH_SET_GS         0x1001
#define ARCH_SET_FS         0x1002
#define ARCH_GET_FS         0x1003
#define ARCH_GET_GS         0x1004

long sys_arch_prctl(uint64_t code, uint64_t addr)
{
    switch (code) {
    case ARCH_SET_FS:
        if (addr >= USER_TOP)
            return -EPERM;
        current->fs_base = addr;
        return HYPERVISOR_set_segment_base(SEGBASE_FS, addr) ? -EINVAL : 0;
    case ARCH_GET_FS:
        return copy_to_user(addr, &current->fs_base, sizeof(uint64_t));
    case ARCH_SET_GS:
        if (addr >= USER_TOP)
            return -EPERM;
        current->gs_base = addr;
        return sched_load_user_gs(addr);
    case ARCH_GET_GS:
        return copy_to_user(addr, &current->gs_base, sizeof(uint64_t));
    }
    return -EINVAL;
}

long sys_set_tid_address(uaddr_t tidptr)
{
    current->clear_child_tid = tidptr;
    return current->pid;
}

#define ROBUST_LIST_HEAD_SIZE 24

long sys_set_robust_list(uaddr_t head, uint64_t len)
{
    if (len != ROBUST_LIST_HEAD_SIZE)
        return -EINVAL;
    current->robust_list = head;
    return 0;
}

long sys_get_robust_list(int pid, uaddr_t head, uaddr_t len)
{
    struct process *p = pid ? process_find(pid) : current;
    uint64_t size = ROBUST_LIST_HEAD_SIZE;

    if (!p)
        return -ESRCH;
    if (copy_to_user(head, &p->robust_list, sizeof(uint64_t)) ||
        copy_to_user(len, &size, sizeof(size)))
        return -EFAULT;
    return 0;
}

/* Resource limits: Linux's defaults, which processes may lower. */
#define RLIM_INFINITY       (~0UL)
#define RLIMIT_STACK        3
#define RLIMIT_NOFILE       7
#define RLIM_NLIMITS        16

struct linux_rlimit {
    uint64_t cur, max;
};

static struct linux_rlimit *limit_of(struct process *p, uint64_t resource)
{
    if (!p->limits_set) {
        unsigned int i;
        for (i = 0; i < RLIM_NLIMITS; i++)
            p->limits[i][0] = p->limits[i][1] = RLIM_INFINITY;
        p->limits[RLIMIT_STACK][0] = USER_STACK_MAX;
        p->limits[RLIMIT_NOFILE][0] = 1024;
        p->limits[RLIMIT_NOFILE][1] = 4096;
        p->limits_set = true;
    }
    return (struct linux_rlimit *)p->limits[resource];
}

long sys_prlimit64(int pid, uint64_t resource, uaddr_t new_limit, uaddr_t old_limit)
{
    struct process *p = pid ? process_find(pid) : current;
    struct linux_rlimit n, *l;

    if (resource >= RLIM_NLIMITS)
        return -EINVAL;
    if (!p || p->state == PROC_ZOMBIE)
        return -ESRCH;
    l = limit_of(p, resource);
    if (new_limit && copy_from_user(&n, new_limit, sizeof(n)))
        return -EFAULT;
    if (new_limit && n.cur > n.max)
        return -EINVAL;
    if (new_limit && n.max > l->max && current->euid)
        return -EPERM;
    if (old_limit && copy_to_user(old_limit, l, sizeof(*l)))
        return -EFAULT;
    if (new_limit)
        *l = n;
    return 0;
}

long sys_getrlimit(uint64_t resource, uaddr_t rlim)
{
    return sys_prlimit64(0, resource, 0, rlim);
}

long sys_setrlimit(uint64_t resource, uaddr_t rlim)
{
    return sys_prlimit64(0, resource, rlim, 0);
}

#define GRND_NONBLOCK       1
#define GRND_RANDOM         2
#define GRND_INSECURE       4
#define GETRANDOM_MAX       (32UL << 20)

long sys_getrandom(uaddr_t buf, uint64_t len, uint64_t flags)
{
    uint8_t chunk[256];
    uint64_t done = 0;

    if (flags & ~(uint64_t)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
        return -EINVAL;
    len = MIN(len, GETRANDOM_MAX);
    while (done < len) {
        size_t n = MIN(sizeof(chunk), len - done);
        random_bytes(chunk, n);
        if (copy_to_user(buf + done, chunk, n))
            return done ? (long)done : -EFAULT;
        done += n;
    }
    return done;
}

struct linux_sysinfo {
    int64_t uptime;
    uint64_t loads[3];
    uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs, pad;
    uint32_t pad2;
    uint64_t totalhigh, freehigh;
    uint32_t mem_unit;
    char reserved[4];
};
BUILD_BUG_ON(sizeof(struct linux_sysinfo) != 112);

static int count_process(struct process *p, void *n)
{
    (void)p;
    (*(int *)n)++;
    return 0;
}

long sys_sysinfo(uaddr_t info)
{
    struct linux_sysinfo s;
    int procs = 0;

    memset(&s, 0, sizeof(s));
    process_for_each(count_process, &procs);
    s.uptime = monotonic_ns() / NSEC_PER_SEC;
    s.totalram = pages_total() * PAGE_SIZE;
    s.freeram = pages_free_count() * PAGE_SIZE;
    s.procs = procs;
    s.mem_unit = 1;
    return copy_to_user(info, &s, sizeof(s));
}

#define FUTEX_WAIT          0
#define FUTEX_WAKE          1
#define FUTEX_WAIT_BITSET   9
#define FUTEX_WAKE_BITSET   10
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK      0x7f

/* FUTEX_WAIT's relative timeout, or WAIT_BITSET's absolute one: a monotonic deadline. */
static long futex_deadline(uaddr_t timeout, uint64_t op, uint64_t *deadline)
{
    struct linux_timespec64 ts;
    uint64_t ns, now;

    *deadline = 0;
    if (!timeout)
        return 0;
    if (copy_from_user(&ts, timeout, sizeof(ts)))
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
        return -EINVAL;
    ns = (uint64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
    now = monotonic_ns();
    if ((op & FUTEX_CMD_MASK) == FUTEX_WAIT) {
        *deadline = now + ns;
    } else {
        uint64_t clock_now = (op & FUTEX_CLOCK_REALTIME) ? realtime_ns() : now;
        *deadline = ns > clock_now ? now + (ns - clock_now) : now;
    }
    *deadline = *deadline ? *deadline : 1;
    return 0;
}

/*
 * One thread per process: a wait on a value that still matches can only
 * end by a signal or its timeout, and a wake has nobody to wake.
 */
static long futex_wait(uaddr_t uaddr, uint64_t op, uint32_t val, uaddr_t timeout)
{
    uint64_t deadline;
    uint32_t cur;
    long err = futex_deadline(timeout, op, &deadline);

    if (err)
        return err;
    if (copy_from_user(&cur, uaddr, sizeof(cur)))
        return -EFAULT;
    if (cur != val)
        return -EAGAIN;
    do {
        err = waitq_sleep_until(NULL, deadline);
    } while (err == 0);
    return err;
}

long sys_futex(uaddr_t uaddr, uint64_t op, uint64_t val, uaddr_t timeout, uaddr_t uaddr2,
               uint64_t val3)
{
    (void)uaddr2;
    (void)val3;
    if (uaddr % 4)
        return -EINVAL;
    switch (op & FUTEX_CMD_MASK) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
        return futex_wait(uaddr, op, (uint32_t)val, timeout);
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
        return 0;
    }
    return -ENOSYS;
}

/*
 * Calls glibc probes and falls back from when they fail: answered as a
 * Linux kernel built without them answers (CONFIG_RSEQ off; before
 * clone3 existed), -ENOSYS, without the unimplemented-call log line.
 */
long sys_rseq(uaddr_t rseq, uint64_t len, uint64_t flags, uint64_t sig)
{
    (void)rseq; (void)len; (void)flags; (void)sig;
    return -ENOSYS;
}

long sys_clone3(uaddr_t args, uint64_t size)
{
    (void)args; (void)size;
    return -ENOSYS;
}

#define PR_SET_PDEATHSIG    1
#define PR_GET_PDEATHSIG    2
#define PR_SET_NAME         15
#define PR_GET_NAME         16

long sys_prctl(uint64_t option, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    char name[PROC_NAME_MAX];
    int32_t zero = 0;
    long n;

    (void)a3; (void)a4; (void)a5;
    switch (option) {
    case PR_SET_NAME:
        n = strncpy_from_user(name, a2, sizeof(name));
        if (n == -EFAULT)
            return -EFAULT;
        name[sizeof(name) - 1] = 0;
        memcpy(current->name, name, sizeof(name));
        return 0;
    case PR_GET_NAME:
        return copy_to_user(a2, current->name, sizeof(current->name));
    case PR_SET_PDEATHSIG:
        return a2 > NSIG_LINUX ? -EINVAL : 0;
    case PR_GET_PDEATHSIG:
        return copy_to_user(a2, &zero, sizeof(zero));
    }
    return -EINVAL;
}

long sys_sched_getaffinity(int pid, uint64_t len, uaddr_t mask)
{
    uint64_t one = 1;

    if (pid && !process_find(pid))
        return -ESRCH;
    if (len < sizeof(one) || len % sizeof(one))
        return -EINVAL;
    if (copy_to_user(mask, &one, sizeof(one)))
        return -EFAULT;
    return sizeof(one);
}

long sys_getcpu(uaddr_t cpu, uaddr_t node, uaddr_t cache)
{
    uint32_t zero = 0;

    (void)cache;
    if ((cpu && copy_to_user(cpu, &zero, sizeof(zero))) ||
        (node && copy_to_user(node, &zero, sizeof(zero))))
        return -EFAULT;
    return 0;
}

long sys_getgroups(int size, uaddr_t list)
{
    (void)list;
    return size < 0 ? -EINVAL : 0;
}

long sys_setgroups(int size, uaddr_t list)
{
    (void)list;
    if (current->euid)
        return -EPERM;
    return size < 0 || size > 65536 ? -EINVAL : 0;
}

/* Identity: dom0's processes run as root; a process may give root up. */
static long set_ids(uint32_t *real, uint32_t *eff, uint64_t r, uint64_t e)
{
    if (current->euid && ((r != (uint64_t)-1 && r != *real) || (e != (uint64_t)-1 && e != *real && e != *eff)))
        return -EPERM;
    if (r != (uint64_t)-1)
        *real = r;
    if (e != (uint64_t)-1)
        *eff = e;
    return 0;
}

long sys_setuid(uint64_t uid) { return set_ids(&current->uid, &current->euid, uid, uid); }
long sys_setgid(uint64_t gid) { return set_ids(&current->gid, &current->egid, gid, gid); }
long sys_setreuid(uint64_t r, uint64_t e) { return set_ids(&current->uid, &current->euid, r, e); }
long sys_setregid(uint64_t r, uint64_t e) { return set_ids(&current->gid, &current->egid, r, e); }

long sys_setresuid(uint64_t r, uint64_t e, uint64_t s)
{
    (void)s;
    return set_ids(&current->uid, &current->euid, r, e);
}

long sys_setresgid(uint64_t r, uint64_t e, uint64_t s)
{
    (void)s;
    return set_ids(&current->gid, &current->egid, r, e);
}

static long put_three(uaddr_t a, uaddr_t b, uaddr_t c, uint32_t x, uint32_t y, uint32_t z)
{
    if (copy_to_user(a, &x, 4) || copy_to_user(b, &y, 4) || copy_to_user(c, &z, 4))
        return -EFAULT;
    return 0;
}

long sys_getresuid(uaddr_t r, uaddr_t e, uaddr_t s)
{
    return put_three(r, e, s, current->uid, current->euid, current->euid);
}

long sys_getresgid(uaddr_t r, uaddr_t e, uaddr_t s)
{
    return put_three(r, e, s, current->gid, current->egid, current->egid);
}

#define REBOOT_MAGIC1       0xfee1dead
#define REBOOT_MAGIC2       672274793
#define REBOOT_MAGIC2A      85072278
#define REBOOT_MAGIC2B      369367448
#define REBOOT_MAGIC2C      537993216
#define REBOOT_CMD_RESTART  0x01234567
#define REBOOT_CMD_HALT     0xcdef0123
#define REBOOT_CMD_POWER_OFF 0x4321fedc
#define REBOOT_CMD_CAD_ON   0x89abcdef
#define REBOOT_CMD_CAD_OFF  0x00000000

/* poweroff/reboot from dom0 shut the domain down, as Linux on Xen does. */
long sys_reboot(uint64_t magic1, uint64_t magic2, uint64_t cmd, uaddr_t arg)
{
    (void)arg;
    if (current->euid)
        return -EPERM;
    if ((uint32_t)magic1 != REBOOT_MAGIC1 ||
        ((uint32_t)magic2 != REBOOT_MAGIC2 && (uint32_t)magic2 != REBOOT_MAGIC2A &&
         (uint32_t)magic2 != REBOOT_MAGIC2B && (uint32_t)magic2 != REBOOT_MAGIC2C))
        return -EINVAL;
    switch ((uint32_t)cmd) {
    case REBOOT_CMD_RESTART:
        printk("reboot requested by %s[%d]\n", current->name, current->pid);
        xen_shutdown(SHUTDOWN_reboot);
    case REBOOT_CMD_HALT:
    case REBOOT_CMD_POWER_OFF:
        printk("power off requested by %s[%d]\n", current->name, current->pid);
        xen_shutdown(SHUTDOWN_poweroff);
    case REBOOT_CMD_CAD_ON:
    case REBOOT_CMD_CAD_OFF:
        return 0;
    }
    return -EINVAL;
}

/* alarm(2): SIGALRM after the given seconds (sched.c's deadline scan fires it). */
long sys_alarm(uint64_t seconds)
{
    uint64_t now = monotonic_ns(), left = 0;

    if (current->alarm_at > now)
        left = (current->alarm_at - now + NSEC_PER_SEC - 1) / NSEC_PER_SEC;
    current->alarm_at = seconds ? now + MIN(seconds, 1UL << 31) * NSEC_PER_SEC : 0;
    if (current->alarm_at) {
        sched_note_alarm();
        timer_arm(current->alarm_at);
    }
    return left;
}
