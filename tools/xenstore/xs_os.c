/*
 * tools/xenstore/xs_os.c - xenstored's domain operations on dom0's
 * devices, with Linux's interfaces: a domain's store page is mapped with
 * mmap() of /dev/xen/privcmd and IOCTL_PRIVCMD_MMAPBATCH_V2, its event
 * channel bound with /dev/xen/evtchn's IOCTL_EVTCHN_BIND_INTERDOMAIN, and
 * a domain's state read with sysctl getdomaininfolist.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "xencall.h"   /* first: Linux's evtchn.h wants Xen's domid_t */
#include <xen/evtchn.h>
#include "xenstored.h"
#include "xs_os.h"

#define XS_PAGE_SIZE 4096

/* Linux's struct privcmd_mmapbatch_v2 (include/uapi/xen/privcmd.h). */
struct xs_privcmd_mmapbatch_v2 {
    unsigned int num;
    uint16_t dom;
    uint64_t addr;
    const uint64_t *arr;
    int *err;
};
#define XS_IOCTL_PRIVCMD_MMAPBATCH_V2 \
    _IOC(_IOC_NONE, 'P', 4, sizeof(struct xs_privcmd_mmapbatch_v2))
_Static_assert(offsetof(struct xs_privcmd_mmapbatch_v2, addr) == 8, "Linux layout");
_Static_assert(offsetof(struct xs_privcmd_mmapbatch_v2, err) == 24, "Linux layout");
_Static_assert(XS_IOCTL_PRIVCMD_MMAPBATCH_V2 == 0x00205004, "Linux's number");

static int privcmd_fd = -1;
static int evtchn_fd = -1;

static void *os_map_ring(unsigned int domid, unsigned long mfn)
{
    uint64_t frame = mfn;
    int err = 0;
    struct xs_privcmd_mmapbatch_v2 batch = { 1, (uint16_t)domid, 0, &frame, &err };
    void *va = mmap(NULL, XS_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
                    privcmd_fd, 0);

    if (va == MAP_FAILED)
        return NULL;
    batch.addr = (uintptr_t)va;
    if (ioctl(privcmd_fd, XS_IOCTL_PRIVCMD_MMAPBATCH_V2, &batch) < 0 || err) {
        int saved = err ? -err : errno;
        munmap(va, XS_PAGE_SIZE);
        errno = saved;
        return NULL;
    }
    return va;
}

static void os_unmap_ring(void *ring)
{
    munmap(ring, XS_PAGE_SIZE);
}

static int os_bind(unsigned int domid, unsigned int port)
{
    struct ioctl_evtchn_bind_interdomain bind = { domid, port };
    int local = ioctl(evtchn_fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bind);

    return local < 0 ? -errno : local;
}

static void os_unbind(int local_port)
{
    struct ioctl_evtchn_unbind unbind = { (unsigned int)local_port };

    ioctl(evtchn_fd, IOCTL_EVTCHN_UNBIND, &unbind);
}

static void os_notify(int local_port)
{
    struct ioctl_evtchn_notify notify = { (unsigned int)local_port };

    ioctl(evtchn_fd, IOCTL_EVTCHN_NOTIFY, &notify);
}

#define LIST_BATCH 64

/* Up to max domains from first on into the hypercall buffer: how many, or -1. */
static int list_domains(unsigned int first, unsigned int max,
                        xen_domctl_getdomaininfo_t **info)
{
    static xen_domctl_getdomaininfo_t *buf;
    struct xen_sysctl op;

    if (!buf && !(buf = xencall_buffer(LIST_BATCH * sizeof(*buf))))
        return -1;
    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_getdomaininfolist;
    op.u.getdomaininfolist.first_domain = (domid_t)first;
    op.u.getdomaininfolist.max_domains = max < LIST_BATCH ? max : LIST_BATCH;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, buf);
    if (xencall_sysctl(privcmd_fd, &op) < 0)
        return -1;
    *info = buf;
    return (int)op.u.getdomaininfolist.num_domains;
}

static enum xs_domain_state state_of(const xen_domctl_getdomaininfo_t *info)
{
    if (info->flags & XEN_DOMINF_dying)
        return XS_DOM_DYING;
    return info->flags & XEN_DOMINF_shutdown ? XS_DOM_SHUTDOWN : XS_DOM_RUNNING;
}

/* Every domain's id and state, in id order, while a snapshot is held. */
static struct { domid_t id; enum xs_domain_state state; } *snap;
static int snap_count = -1;        /* -1: no snapshot */

static void os_snapshot(bool take)
{
    xen_domctl_getdomaininfo_t *info;
    unsigned int first = 0;
    int n, cap = 0;

    free(snap);
    snap = NULL;
    snap_count = -1;
    while (take && (n = list_domains(first, LIST_BATCH, &info)) > 0) {
        void *grown = realloc(snap, (size_t)(cap + n) * sizeof(*snap));
        if (!grown)
            break;
        snap = grown;
        for (int i = 0; i < n; i++)
            snap[cap + i].id = info[i].domain, snap[cap + i].state = state_of(&info[i]);
        cap += n;
        first = info[n - 1].domain + 1u;
        if (n < LIST_BATCH) {
            snap_count = cap;      /* complete: it may answer */
            break;
        }
    }
}

static int snap_find(unsigned int domid)
{
    int lo = 0, hi = snap_count - 1;

    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (snap[mid].id == domid)
            return mid;
        if (snap[mid].id < domid)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static enum xs_domain_state os_state(unsigned int domid)
{
    xen_domctl_getdomaininfo_t *info;
    int i, n;

    if (snap_count >= 0)
        return (i = snap_find(domid)) >= 0 ? snap[i].state : XS_DOM_GONE;
    n = list_domains(domid, 1, &info);
    if (n < 0)
        return XS_DOM_RUNNING;   /* cannot tell: keep serving it */
    if (n == 0 || info->domain != domid)
        return XS_DOM_GONE;
    return state_of(info);
}

static int os_bind_dom_exc(void)
{
    struct ioctl_evtchn_bind_virq virq = { VIRQ_DOM_EXC };
    int port = ioctl(evtchn_fd, IOCTL_EVTCHN_BIND_VIRQ, &virq);

    return port < 0 ? -errno : port;
}

static const struct xs_domain_ops os_ops = {
    os_map_ring, os_unmap_ring, os_bind, os_unbind, os_notify, os_state,
    os_bind_dom_exc, os_snapshot,
};

int xs_os_init(void)
{
    xs_dom_ops = &os_ops;
    privcmd_fd = xencall_open();
    evtchn_fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
    return privcmd_fd < 0 || evtchn_fd < 0 ? -1 : 0;
}

int xs_os_evtchn_fd(void)
{
    return evtchn_fd;
}

/* The ports that fired; each is unmasked again once handled. */
int xs_os_pending(uint32_t *ports, int max)
{
    ssize_t n = read(evtchn_fd, ports, (size_t)max * sizeof(*ports));

    return n < 0 ? -1 : (int)(n / (ssize_t)sizeof(*ports));
}

void xs_os_unmask(const uint32_t *ports, int n)
{
    if (n > 0 && write(evtchn_fd, ports, (size_t)n * sizeof(*ports)) < 0)
        return;   /* nothing to undo: the port stays masked */
}
