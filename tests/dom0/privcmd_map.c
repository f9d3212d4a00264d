/*
 * tests/dom0/privcmd_map.c - `privcmd_map DOMID`: mapping another
 * domain's frames through privcmd (IOCTL_PRIVCMD_MMAP, _MMAPBATCH and
 * _MMAPBATCH_V2), with Linux's rules, against a live domain DOMID.
 *
 * The frames used are shared_info pages, whose machine frame numbers
 * getdomaininfolist gives: DOMID's (it owns it, so mapping works) and
 * dom0's own (DOMID does not own it: Xen's -EBUSY for that frame).
 *
 * `privcmd_map DOMID cycles N`: N children each map a big window of
 * DOMID's frame and end without munmap, by exit or by exec, and a last
 * line "privcmd_map: MemFree A kB before, B kB after" (measured after
 * WARM_UP_CYCLES) shows whether exit and exec gave everything back.
 *
 * `privcmd_map DOMID dying`: maps DOMID's shared_info, then makes DOMID
 * (guests/evtest's pong, peer=0) shut down by notifying its offered
 * channel, and checks the mapping still reads the same until munmap.
 */
#define _GNU_SOURCE             /* mremap */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <poll.h>
#include <stdbool.h>
#include <public/hypercall-numbers.h>
#include <public/sysctl.h>
#include <public/xen.h>
#include <xen/evtchn.h>
#include <xen/privcmd.h>
#include "check.h"
#include "meminfo.h"

/* The call first, then errno: a function's arguments have no order. */
#define EXPECT_ERRNO(name, call, want) \
    do { long ret_ = (long)(call); check_errno((name), ret_, errno, (want)); } while (0)
#include "xencall.h"

#define PAGE 4096UL
#define RTC_EPOCH_2020 1577836800u      /* any wall clock read from the RTC is later */

static int privcmd;
static sigjmp_buf touch_jump;

static void on_fault(int sig)
{
    siglongjmp(touch_jump, sig);
}

/* Reads one byte at p: 0, or the signal the read raised. */
static int touch(const volatile char *p)
{
    int sig = sigsetjmp(touch_jump, 1);

    if (sig == 0)
        (void)*p;
    return sig;
}

static uint64_t shared_info_frame(domid_t dom)
{
    xen_domctl_getdomaininfo_t *info = xencall_buffer(sizeof(*info));
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_getdomaininfolist };
    uint64_t mfn = 0;

    op.u.getdomaininfolist.first_domain = dom;
    op.u.getdomaininfolist.max_domains = 1;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, info);
    if (xencall_sysctl(privcmd, &op) == 0 && op.u.getdomaininfolist.num_domains == 1 &&
        info->domain == dom)
        mfn = info->shared_info_frame;
    free(info);
    return mfn;
}

static char *window(size_t pages, int prot)
{
    char *w = mmap(NULL, pages * PAGE, prot, MAP_SHARED, privcmd, 0);

    return w == MAP_FAILED ? NULL : w;
}

static long batch_v2(char *addr, domid_t dom, const xen_pfn_t *arr, int *err, unsigned int n)
{
    struct privcmd_mmapbatch_v2 m = { .num = n, .dom = dom, .addr = (uintptr_t)addr,
                                      .arr = arr, .err = err };

    return ioctl(privcmd, IOCTL_PRIVCMD_MMAPBATCH_V2, &m);
}

static long mmap_range(char *va, domid_t dom, uint64_t mfn, uint64_t npages)
{
    struct privcmd_mmap_entry e = { .va = (uintptr_t)va, .mfn = mfn, .npages = npages };
    struct privcmd_mmap m = { .num = 1, .dom = dom, .entry = &e };

    return ioctl(privcmd, IOCTL_PRIVCMD_MMAP, &m);
}

static long bad_entry_list(void)
{
    struct privcmd_mmap m = { .num = 1, .dom = 0, .entry = (struct privcmd_mmap_entry *)16 };

    return ioctl(privcmd, IOCTL_PRIVCMD_MMAP, &m);
}

static void check_bad_batches(domid_t dom, xen_pfn_t mfn)
{
    char *w = window(2, PROT_READ), *anon = mmap(NULL, PAGE, PROT_READ,
                                                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    xen_pfn_t arr[2] = { mfn, mfn };
    int err[2];

    EXPECT_ERRNO("v2 num 0", batch_v2(w, dom, arr, err, 0), EINVAL);
    EXPECT_ERRNO("v2 first fill not at the start", batch_v2(w + PAGE, dom, arr, err, 1),
                EINVAL);
    EXPECT_ERRNO("v2 first fill short of the end", batch_v2(w, dom, arr, err, 1), EINVAL);
    EXPECT_ERRNO("v2 past the end", batch_v2(w, dom, arr, err, 3), EINVAL);
    EXPECT_ERRNO("v2 outside a privcmd window", batch_v2(anon, dom, arr, err, 1), EINVAL);
    EXPECT_ERRNO("v2 unaligned", batch_v2(w + 1, dom, arr, err, 2), EINVAL);
    EXPECT_ERRNO("v2 bad err pointer", batch_v2(w, dom, arr, (int *)16, 2), EFAULT);
    EXPECT_ERRNO("v2 err past user space",
                batch_v2(w, dom, arr, (int *)0x7ffffffffff0UL, 0x100), EFAULT);
    EXPECT_ERRNO("v2 bad frame list", batch_v2(w, dom, (xen_pfn_t *)16, err, 2), EFAULT);
    munmap(w, 2 * PAGE);
    munmap(anon, PAGE);
}

/* /proc/xen/privcmd, the name older programs open, maps as the device does. */
static void check_legacy_device_maps(domid_t dom, xen_pfn_t frame)
{
    int fd = open(PRIVCMD_LEGACY_DEVICE, O_RDWR), err = 1;
    char *w = fd < 0 ? MAP_FAILED : mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
    struct privcmd_mmapbatch_v2 m = { .num = 1, .dom = dom, .addr = (uintptr_t)w,
                                      .arr = &frame, .err = &err };

    check_true("mmap of /proc/xen/privcmd", w != MAP_FAILED &&
               ioctl(fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &m) == 0 && err == 0 && touch(w) == 0,
               strerror(errno));
    if (w != MAP_FAILED)
        munmap(w, PAGE);
    close(fd);
}

/* IOCTL_PRIVCMD_RESTRICT: one domain's mappings only, and no hypercalls. */
static void check_restrict(domid_t dom, xen_pfn_t frame)
{
    int fd = open(PRIVCMD_DEVICE, O_RDWR), err = 1;
    domid_t other = 0;
    char *w = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
    struct privcmd_mmapbatch_v2 m = { .num = 1, .dom = other, .addr = (uintptr_t)w,
                                      .arr = &frame, .err = &err };
    struct privcmd_hypercall h = { .op = __HYPERVISOR_xen_version };

    check_true("restrict", ioctl(fd, IOCTL_PRIVCMD_RESTRICT, &dom) == 0, strerror(errno));
    check_true("restrict again to the same", ioctl(fd, IOCTL_PRIVCMD_RESTRICT, &dom) == 0,
               strerror(errno));
    EXPECT_ERRNO("restrict to another", ioctl(fd, IOCTL_PRIVCMD_RESTRICT, &other), EINVAL);
    EXPECT_ERRNO("restricted hypercall", ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &h), EPERM);
    EXPECT_ERRNO("restricted map of another domain", ioctl(fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &m),
                 EPERM);
    m.dom = dom;
    check_true("restricted map of its domain",
               ioctl(fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &m) == 0 && err == 0 && touch(w) == 0,
               strerror(errno));
    munmap(w, PAGE);
    close(fd);
}

/* A child has no privcmd window (Linux's VM_DONTCOPY): its touch is SIGSEGV. */
static void check_fork_leaves_window_out(char *w)
{
    int status = 0;
    pid_t pid = fork();

    if (pid == 0) {
        signal(SIGSEGV, SIG_DFL);
        signal(SIGBUS, SIG_DFL);
        (void)*(volatile char *)w;
        _exit(0);
    }
    waitpid(pid, &status, 0);
    check_true("fork child has no mapping", WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
               "the child was not killed by SIGSEGV");
    check_true("parent keeps its mapping", touch(w) == 0, "parent's read faulted");
}

static void check_batch_v2(domid_t dom, xen_pfn_t theirs, xen_pfn_t ours)
{
    char *w = window(4, PROT_READ);
    xen_pfn_t arr[4] = { theirs, ours, theirs, theirs };
    int err[4] = { 7, 7, 7, 7 }, devnull = open("/dev/null", O_WRONLY);
    const shared_info_t *si = (const shared_info_t *)w;
    char why[160];
    long ret;

    check_true("mmap of privcmd", w != NULL, strerror(errno));
    if (!w)
        return;
    check_true("touch before filling is SIGBUS", touch(w) == SIGBUS, "no SIGBUS");
    ret = batch_v2(w, dom, arr, err, 4);
    snprintf(why, sizeof(why), "ret %ld errno %d, err %d %d %d %d", ret, ret ? errno : 0,
             err[0], err[1], err[2], err[3]);
    check_true("v2 per-frame errors", ret == 0 && err[0] == 0 && err[1] == -EBUSY &&
               err[2] == 0 && err[3] == 0, why);
    snprintf(why, sizeof(why), "wc_sec %u, time version %u", si->wc_sec,
             si->vcpu_info[0].time.version);
    check_true("their shared_info is readable", si->wc_sec > RTC_EPOCH_2020 &&
               si->vcpu_info[0].time.version != 0, why);
    check_true("the same frame twice reads the same", memcmp(w, w + 2 * PAGE, 64) == 0,
               "pages 0 and 2 differ");
    check_true("a failed frame's page is SIGBUS", touch(w + PAGE) == SIGBUS, "no SIGBUS");
    check_true("write() from a foreign page", write(devnull, w, 64) == 64, strerror(errno));
    err[0] = 7;
    ret = batch_v2(w + PAGE, dom, arr, err, 1);
    check_true("v2 refills a hole", ret == 0 && err[0] == 0 && touch(w + PAGE) == 0,
               "the retry of the failed page did not map it");
    EXPECT_ERRNO("v2 refill of a mapped page", batch_v2(w, dom, arr, err, 1), EINVAL);
    EXPECT_ERRNO("v2 refill across mapped pages", batch_v2(w + PAGE, dom, arr, err, 2),
                EINVAL);
    EXPECT_ERRNO("mprotect of a window", mprotect(w, PAGE, PROT_READ | PROT_WRITE),
                EACCES);
    EXPECT_ERRNO("mremap growing a window", (long)mremap(w, 4 * PAGE, 8 * PAGE, 0) == -1 ? -1 : 0,
                EFAULT);
    EXPECT_ERRNO("madvise DONTNEED on a window", madvise(w, PAGE, MADV_DONTNEED), EINVAL);
    check_fork_leaves_window_out(w);
    check_true("munmap of a window", munmap(w, PAGE) == 0, strerror(errno));
    check_true("touch after munmap is SIGSEGV", touch(w) == SIGSEGV, "no SIGSEGV");
    check_true("the rest stays mapped", touch(w + 2 * PAGE) == 0, "page 2 faulted");
    munmap(w + PAGE, 3 * PAGE);
    close(devnull);
}

static void check_batch_v1(domid_t dom, xen_pfn_t theirs, xen_pfn_t ours)
{
    char *w = window(2, PROT_READ);
    struct privcmd_mmapbatch m;
    xen_pfn_t arr[2] = { theirs, ours };
    long ret;

    m = (struct privcmd_mmapbatch){ .num = 2, .dom = dom, .addr = (uintptr_t)w, .arr = arr };
    ret = ioctl(privcmd, IOCTL_PRIVCMD_MMAPBATCH, &m);
    check_true("v1 marks the failed frame", ret == 0 && arr[0] == theirs &&
               arr[1] == (ours | PRIVCMD_MMAPBATCH_MFN_ERROR), "arr not as Linux leaves it");
    check_true("v1 maps the good frame", touch(w) == 0 && touch(w + PAGE) == SIGBUS,
               "pages not as expected");
    munmap(w, 2 * PAGE);
}

static bool mask_bit(const volatile shared_info_t *si, uint32_t port)
{
    return (si->evtchn_mask[port / 64] >> (port % 64)) & 1;
}

/*
 * dom0's own shared_info by range, watched while /dev/xen/evtchn works:
 * a fired port is masked (its bit set) until it is written back.
 */
static void check_mask_bits_move(const volatile shared_info_t *si)
{
    int fd = open(EVTCHN_DEVICE, O_RDWR);
    struct ioctl_evtchn_bind_unbound_port u = { .remote_domain = 0 };
    struct ioctl_evtchn_bind_interdomain i = { .remote_domain = 0 };
    struct pollfd p = { .fd = fd, .events = POLLIN };
    uint32_t port = 0;
    long b;

    i.remote_port = (unsigned int)ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &u);
    b = ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &i);   /* raises b at once */
    if (b > 0 && poll(&p, 1, 10000) == 1 && read(fd, &port, 4) == 4 && port == b) {
        check_true("a fired port is masked in shared_info", mask_bit(si, port), "bit clear");
        write(fd, &port, 4);
        check_true("writing it back unmasks it", !mask_bit(si, port), "bit still set");
    } else {
        check_true("loopback channel", 0, "binding or reading failed");
    }
    close(fd);
}

static void check_mmap_range(xen_pfn_t ours)
{
    char *w = window(1, PROT_READ), *w2 = window(2, PROT_READ);

    check_true("mmap range", mmap_range(w, 0, ours, 1) == 0, strerror(errno));
    check_mask_bits_move((const volatile shared_info_t *)w);
    EXPECT_ERRNO("mmap range twice", mmap_range(w, 0, ours, 1), EINVAL);
    EXPECT_ERRNO("mmap range not at the start", mmap_range(w2 + PAGE, 0, ours, 1), EINVAL);
    EXPECT_ERRNO("mmap range past the end", mmap_range(w2, 0, ours, 3), EINVAL);
    EXPECT_ERRNO("mmap range huge npages", mmap_range(w2, 0, ours, 1UL << 60), EINVAL);
    EXPECT_ERRNO("mmap range bad entry pointer", bad_entry_list(), EFAULT);
    munmap(w, PAGE);
    munmap(w2, 2 * PAGE);
}

#define CYCLE_PAGES 1024        /* four page tables' worth of entries */
#define WARM_UP_CYCLES 16

/* A child maps CYCLE_PAGES of the frame, then exits or execs with them mapped. */
static int map_and_leave(domid_t dom, xen_pfn_t frame, bool by_exec)
{
    static xen_pfn_t arr[CYCLE_PAGES];
    static int err[CYCLE_PAGES];
    int status = -1;
    pid_t pid = fork();

    if (pid == 0) {
        char *w = window(CYCLE_PAGES, PROT_READ);
        for (int i = 0; i < CYCLE_PAGES; i++)
            arr[i] = frame;
        if (!w || batch_v2(w, dom, arr, err, CYCLE_PAGES) || err[CYCLE_PAGES - 1] ||
            touch(w + (CYCLE_PAGES - 1) * PAGE))
            _exit(2);
        if (by_exec)
            execl("/bin/true", "true", (char *)NULL);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int run_cycles(domid_t dom, xen_pfn_t frame, long n)
{
    long before, after, good = 0;

    /* Warm-up: the kernel heap's free lists and caches reach their working size. */
    for (int i = 0; i < WARM_UP_CYCLES; i++)
        map_and_leave(dom, frame, i & 1);
    before = mem_free_kb();
    for (long i = 0; i < n; i++)
        good += map_and_leave(dom, frame, i & 1);
    after = mem_free_kb();
    check_true("every cycle mapped and left", good == n, "a child failed");
    printf("privcmd_map: MemFree %ld kB before, %ld kB after\n", before, after);
    return check_verdict("privcmd_map");
}

#define VIRQ_DOM_EXC 3
#define PONG_OFFER_PORT 1

/* Waits up to 10 s for port on the evtchn file; each other port is answered. */
static bool wait_port(int fd, uint32_t want)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    uint32_t port;

    while (poll(&p, 1, 10000) == 1 && read(fd, &port, 4) == 4) {
        if (port == want)
            return true;
        write(fd, &port, 4);
    }
    return false;
}

/* The pong domU answers one notification and shuts down: VIRQ_DOM_EXC. */
static bool make_it_die(domid_t dom)
{
    struct ioctl_evtchn_bind_virq virq = { .virq = VIRQ_DOM_EXC };
    struct ioctl_evtchn_bind_interdomain i = { .remote_domain = dom,
                                               .remote_port = PONG_OFFER_PORT };
    struct ioctl_evtchn_notify n;
    int fd = open(EVTCHN_DEVICE, O_RDWR);
    long exc = ioctl(fd, IOCTL_EVTCHN_BIND_VIRQ, &virq), e = ioctl(fd,
                     IOCTL_EVTCHN_BIND_INTERDOMAIN, &i);
    bool died;

    n.port = (unsigned int)e;
    died = exc > 0 && e > 0 && ioctl(fd, IOCTL_EVTCHN_NOTIFY, &n) == 0 && wait_port(fd, exc);
    close(fd);
    return died;
}

static int run_dying(domid_t dom, xen_pfn_t frame)
{
    char *w = window(1, PROT_READ), before[PAGE];
    const shared_info_t *si = (const shared_info_t *)w;
    int err = 1;

    check_true("map the frame", batch_v2(w, dom, &frame, &err, 1) == 0 && err == 0,
               strerror(errno));
    memcpy(before, w, PAGE);
    check_true("the domain shuts down", make_it_die(dom), "no VIRQ_DOM_EXC");
    check_true("its frame still reads as before",
               touch(w) == 0 && si->wc_sec == ((const shared_info_t *)before)->wc_sec &&
               memcmp(w + 2048, before + 2048, 512) == 0, "the page changed");
    check_true("munmap", munmap(w, PAGE) == 0, strerror(errno));
    return check_verdict("privcmd_map");
}

int main(int argc, char **argv)
{
    domid_t dom = argc > 1 ? (domid_t)strtoul(argv[1], NULL, 10) : 1;
    xen_pfn_t theirs, ours;

    privcmd = xencall_open();
    if (privcmd < 0) {
        perror("privcmd_map: open privcmd");
        return 1;
    }
    signal(SIGSEGV, on_fault);
    signal(SIGBUS, on_fault);
    theirs = shared_info_frame(dom);
    ours = shared_info_frame(0);
    check_true("shared_info frames known", theirs && ours && theirs != ours,
               "getdomaininfolist gave no frames");
    if (argc > 2 && strcmp(argv[2], "dying") == 0)
        return run_dying(dom, theirs);
    if (argc > 3 && strcmp(argv[2], "cycles") == 0)
        return run_cycles(dom, theirs, strtol(argv[3], NULL, 10));
    check_legacy_device_maps(dom, theirs);
    check_restrict(dom, theirs);
    check_bad_batches(dom, theirs);
    check_batch_v2(dom, theirs, ours);
    check_batch_v1(dom, theirs, ours);
    check_mmap_range(ours);
    return check_verdict("privcmd_map");
}
