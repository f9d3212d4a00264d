/*
 * tests/unit/fake_privcmd.c - a stand-in for privcmd and the hypervisor,
 * LD_PRELOADed into dom0's tools on the host by test_dom0_tools.py, so
 * their output formats and error paths can be checked without a dom0.
 *
 * open() of a privcmd path gives a descriptor on /dev/null that ioctl()
 * treats as privcmd; hypercalls get fixed answers (one machine, two
 * domains, a console ring of FAKE_CONSOLE) and Xen's errors for bad
 * input: unknown numbers ENOSYS, addresses below 4096 EFAULT, other
 * sysctl versions EACCES, unknown ioctls ENOTTY.  FAKE_PRIVCMD_LOG, if
 * set, names a file that gets one line per sysctl readconsole call.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <public/hypercall-numbers.h>
#include <public/version.h>
#include <xen/privcmd.h>
#include <public/sysctl.h>
#include <public/domctl.h>

#define FAKE_CONSOLE "(XEN) first line\n(XEN) second line\n"
#define LOWEST_MAPPED 4096

static int fake_fd = -1;

static int is_privcmd(const char *path)
{
    return !strcmp(path, PRIVCMD_DEVICE) || !strcmp(path, PRIVCMD_LEGACY_DEVICE);
}

static int real_open(const char *path, int flags, mode_t mode)
{
    int (*next)(const char *, int, ...) =
        (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");

    return next(path, flags, mode);
}

static int fake_open(const char *path, int flags, va_list ap)
{
    mode_t mode = (flags & O_CREAT) ? va_arg(ap, mode_t) : 0;

    if (!is_privcmd(path))
        return real_open(path, flags, mode);
    fake_fd = real_open("/dev/null", O_RDWR, 0);
    return fake_fd;
}

int open(const char *path, int flags, ...)
{
    va_list ap;
    int fd;

    va_start(ap, flags);
    fd = fake_open(path, flags, ap);
    va_end(ap);
    return fd;
}

int open64(const char *path, int flags, ...)
{
    va_list ap;
    int fd;

    va_start(ap, flags);
    fd = fake_open(path, flags, ap);
    va_end(ap);
    return fd;
}

static long fail(int err)
{
    errno = err;
    return -1;
}

static int bad(uint64_t addr)
{
    return addr < LOWEST_MAPPED;
}

static long readconsole(struct xen_sysctl_readconsole *rc)
{
    static const char text[] = FAKE_CONSOLE;
    uint32_t left = rc->index < sizeof(text) - 1 ? sizeof(text) - 1 - rc->index : 0;
    uint32_t n = left < rc->count ? left : rc->count;
    const char *log = getenv("FAKE_PRIVCMD_LOG");

    if (bad((uint64_t)(uintptr_t)rc->buffer.p))
        return fail(EFAULT);
    if (log) {
        FILE *f = fopen(log, "a");
        fprintf(f, "readconsole clear=%u incremental=%u index=%u count=%u\n",
                rc->clear, rc->incremental, rc->index, rc->count);
        fclose(f);
    }
    memcpy(rc->buffer.p, text + rc->index, n);
    rc->index += n;
    rc->count = n;
    return 0;
}

static void physinfo(struct xen_sysctl_physinfo *pi)
{
    memset(pi, 0, sizeof(*pi));
    pi->threads_per_core = 1;
    pi->cores_per_socket = 2;
    pi->nr_cpus = 2;
    pi->max_cpu_id = 1;
    pi->nr_nodes = 1;
    pi->cpu_khz = 2400123;
    pi->capabilities = XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1;
    pi->total_pages = 65536;            /* 256 MiB */
    pi->free_pages = 25600;             /* 100 MiB */
    pi->outstanding_pages = 256;        /* 1 MiB */
    pi->hw_cap[0] = 0x178bfbff;
    pi->hw_cap[7] = 0x1;
}

static void domain(xen_domctl_getdomaininfo_t *d, domid_t id, uint32_t flags,
                   uint64_t pages, uint32_t vcpus, uint64_t ns)
{
    memset(d, 0, sizeof(*d));
    d->domain = id;
    d->flags = flags;
    d->tot_pages = pages;
    d->nr_online_vcpus = vcpus;
    d->cpu_time = ns;
}

static long domainlist(struct xen_sysctl_getdomaininfolist *l)
{
    xen_domctl_getdomaininfo_t *d = l->buffer.p;
    uint32_t n = 0;

    if (bad((uint64_t)(uintptr_t)l->buffer.p))
        return fail(EFAULT);
    if (l->first_domain == 0 && n < l->max_domains)
        domain(&d[n++], 0, XEN_DOMINF_running, 32768, 1, 12345678901ULL);
    if (l->first_domain <= 1 && n < l->max_domains)
        domain(&d[n++], 1, XEN_DOMINF_shutdown | XEN_DOMINF_dying |
               (3u << XEN_DOMINF_shutdownshift), 2048, 2, 500000000ULL);
    l->num_domains = n;
    return 0;
}

static long sysctl(uint64_t arg)
{
    struct xen_sysctl *op = (struct xen_sysctl *)arg;

    if (bad(arg))
        return fail(EFAULT);
    if (op->interface_version != XEN_SYSCTL_INTERFACE_VERSION)
        return fail(EACCES);
    switch (op->cmd) {
    case XEN_SYSCTL_readconsole:
        return readconsole(&op->u.readconsole);
    case XEN_SYSCTL_physinfo:
        physinfo(&op->u.physinfo);
        return 0;
    case XEN_SYSCTL_sched_id:
        op->u.sched_id.sched_id = XEN_SCHEDULER_CREDIT;
        return 0;
    case XEN_SYSCTL_getdomaininfolist:
        return domainlist(&op->u.getdomaininfolist);
    }
    return fail(ENOSYS);
}

static long version_string(uint64_t arg, const char *text)
{
    strcpy((char *)arg, text);
    return 0;
}

static long build_id(xen_build_id_t *id)
{
    static const unsigned char bytes[] = { 0xde, 0xad, 0xbe, 0xef };

    if (id->len < sizeof(bytes))
        return fail(ENOBUFS);
    memcpy(id->buf, bytes, sizeof(bytes));
    return sizeof(bytes);
}

static long xen_version(uint64_t cmd, uint64_t arg)
{
    xen_compile_info_t *ci = (xen_compile_info_t *)arg;

    if (cmd == XENVER_version)
        return 4L << XENVER_MAJOR_SHIFT | 17;
    if (cmd == XENVER_pagesize)
        return XEN_PAGE_SIZE;
    if (bad(arg))
        return fail(EFAULT);
    switch (cmd) {
    case XENVER_extraversion:  return version_string(arg, ".0-fake");
    case XENVER_capabilities:  return version_string(arg, "xen-3.0-x86_64 xen-3.0-x86_32p");
    case XENVER_changeset:     return version_string(arg, "abcdef123456");
    case XENVER_commandline:   return version_string(arg, "console=com1 loglvl=all");
    case XENVER_build_id:      return build_id((xen_build_id_t *)arg);
    case XENVER_platform_parameters:
        ((xen_platform_parameters_t *)arg)->virt_start = 0xffff800000000000UL;
        return 0;
    case XENVER_compile_info:
        memset(ci, 0, sizeof(*ci));
        strcpy(ci->compiler, "gcc 12");
        strcpy(ci->compile_by, "tester");
        strcpy(ci->compile_domain, "example.org");
        strcpy(ci->compile_date, "Tue Dec  1 00:00:00 UTC 2026");
        return 0;
    }
    return fail(ENOSYS);
}

static long hypercall(const privcmd_hypercall_t *call)
{
    switch (call->op) {
    case __HYPERVISOR_sysctl:
        return sysctl(call->arg[0]);
    case __HYPERVISOR_xen_version:
        return xen_version(call->arg[0], call->arg[1]);
    case __HYPERVISOR_print_string:
        return call->arg[0] && bad(call->arg[0]) ? fail(EFAULT) : 1;
    }
    return fail(ENOSYS);
}

int ioctl(int fd, unsigned long request, ...)
{
    int (*next)(int, unsigned long, ...) =
        (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
    va_list ap;
    void *arg;

    va_start(ap, request);
    arg = va_arg(ap, void *);
    va_end(ap);
    if (fd != fake_fd || fd < 0)
        return next(fd, request, arg);
    if (request != IOCTL_PRIVCMD_HYPERCALL)
        return fail(ENOTTY);
    return hypercall(arg);
}
