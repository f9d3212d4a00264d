/*
 * dom0/drivers/evtchn.c - /dev/xen/evtchn, Linux's event-channel device
 * (drivers/xen/evtchn.c, ABI in <public/evtchn.h>).
 *
 * Each open file binds ports through the ioctls and owns them until it
 * unbinds them or is closed.  When one of its ports fires, the upcall
 * masks it and queues it in the file's ring (evtchn_ring.c); read()
 * takes queued ports, whole uint32_t each, and write() of a port
 * unmasks it, so a port is queued at most once until its reader has
 * answered it.  poll() is readable while ports are queued.
 *
 * Errors are Linux's: another file's (or no file's) port is -ENOTCONN,
 * a port past the ABI's limit -EINVAL, an unknown ioctl -ENOSYS, a
 * restricted file binding anything but its domain's ports -EACCES; the
 * hypervisor's own refusals (Xen's errno) pass through.
 */
#include <kernel/kernel.h>
#include <kernel/events.h>
#include <kernel/fs.h>
#include <kernel/uaccess.h>
#include <kernel/wait.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <public/event_channel.h>
#include <public/evtchn.h>
#include "../arch/xen.h"
#include "evtchn_ring.h"

/* Linux's UNRESTRICTED_DOMID: the file may bind any domain's ports. */
#define UNRESTRICTED_DOMID  ((domid_t)-1)
#define PORT_BYTES          sizeof(uint32_t)
/* One read or write moves at most a page of ports, as on Linux. */
#define MAX_PORTS_PER_CALL  (PAGE_SIZE / PORT_BYTES)

struct evtchn_user {
    struct evtchn_ring ring;
    struct waitq readq;
    domid_t restrict_domid;
};

/* Which file owns each port, and whether its events are let through. */
static struct {
    struct evtchn_user *user;
    bool enabled;
} ports[EVENT_NR_PORTS];

static struct evtchn_user *port_user(uint32_t port)
{
    return port < EVENT_NR_PORTS ? ports[port].user : NULL;
}

/* From the upcall: the port stays masked until its reader writes it back. */
static void evtchn_fired(uint32_t port, void *data)
{
    struct evtchn_user *u = data;

    event_mask(port);
    if (port_user(port) != u || !ports[port].enabled)
        return;
    ports[port].enabled = false;
    evtchn_ring_push(&u->ring, port);
    waitq_wake(&u->readq);
}

static void evtchn_close_port(uint32_t port)
{
    evtchn_close_t op = { .port = port };

    HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
}

/* A port the hypervisor just bound for us becomes u's: the port, or -errno. */
static long bind_to_user(struct evtchn_user *u, uint32_t port)
{
    long rc;

    if (port >= EVENT_NR_PORTS || ports[port].user) {
        evtchn_close_port(port);
        return -ENOSPC;
    }
    ports[port].user = u;
    ports[port].enabled = true;
    if ((rc = event_bind_port(port, evtchn_fired, u))) {
        ports[port].user = NULL;
        evtchn_close_port(port);
        return rc;
    }
    return port;
}

static void unbind_from_user(uint32_t port)
{
    event_unbind_port(port);
    ports[port].user = NULL;
    ports[port].enabled = false;
    evtchn_close_port(port);
}

/* ---- the ioctls ---- */

static long ioctl_bind_virq(struct evtchn_user *u, uaddr_t arg)
{
    struct ioctl_evtchn_bind_virq bind;
    evtchn_bind_virq_t op = { .vcpu = 0 };
    long rc;

    if (u->restrict_domid != UNRESTRICTED_DOMID)
        return -EACCES;
    if (copy_from_user(&bind, arg, sizeof(bind)))
        return -EFAULT;
    op.virq = bind.virq;
    if ((rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op)))
        return rc;
    return bind_to_user(u, op.port);
}

static long ioctl_bind_interdomain(struct evtchn_user *u, uaddr_t arg)
{
    struct ioctl_evtchn_bind_interdomain bind;
    evtchn_bind_interdomain_t op;
    long rc;

    if (copy_from_user(&bind, arg, sizeof(bind)))
        return -EFAULT;
    if (u->restrict_domid != UNRESTRICTED_DOMID && u->restrict_domid != bind.remote_domain)
        return -EACCES;
    /* domid_t is 16 bits: a larger id names no domain (the hypervisor sees it cut). */
    if (bind.remote_domain > 0xffff)
        return -ESRCH;
    op = (evtchn_bind_interdomain_t){ .remote_dom = (domid_t)bind.remote_domain,
                                      .remote_port = bind.remote_port };
    if ((rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op)))
        return rc;
    return bind_to_user(u, op.local_port);
}

static long ioctl_bind_unbound_port(struct evtchn_user *u, uaddr_t arg)
{
    struct ioctl_evtchn_bind_unbound_port bind;
    evtchn_alloc_unbound_t op = { .dom = DOMID_SELF };
    long rc;

    if (u->restrict_domid != UNRESTRICTED_DOMID)
        return -EACCES;
    if (copy_from_user(&bind, arg, sizeof(bind)))
        return -EFAULT;
    if (bind.remote_domain > 0xffff)
        return -ESRCH;
    op.remote_dom = (domid_t)bind.remote_domain;
    if ((rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op)))
        return rc;
    return bind_to_user(u, op.port);
}

static long ioctl_unbind(struct evtchn_user *u, uaddr_t arg)
{
    struct ioctl_evtchn_unbind unbind;

    if (copy_from_user(&unbind, arg, sizeof(unbind)))
        return -EFAULT;
    if (unbind.port >= EVENT_NR_PORTS)
        return -EINVAL;
    if (port_user(unbind.port) != u)
        return -ENOTCONN;
    unbind_from_user(unbind.port);
    return 0;
}

static long ioctl_notify(struct evtchn_user *u, uaddr_t arg)
{
    struct ioctl_evtchn_notify notify;
    evtchn_send_t op;

    if (copy_from_user(&notify, arg, sizeof(notify)))
        return -EFAULT;
    if (port_user(notify.port) != u)
        return -ENOTCONN;
    op.port = notify.port;
    /* As Linux's notify_remote_via_evtchn: the hypervisor's answer is not the caller's. */
    HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
    return 0;
}

static long ioctl_restrict_domid(struct evtchn_user *u, uaddr_t arg)
{
    struct ioctl_evtchn_restrict_domid r;

    if (u->restrict_domid != UNRESTRICTED_DOMID)
        return -EACCES;
    if (copy_from_user(&r, arg, sizeof(r)))
        return -EFAULT;
    if (r.domid == 0 || r.domid >= DOMID_FIRST_RESERVED)
        return -EINVAL;
    u->restrict_domid = r.domid;
    return 0;
}

static long evtchn_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
    struct evtchn_user *u = f->priv;

    switch (cmd) {
    case IOCTL_EVTCHN_BIND_VIRQ:
        return ioctl_bind_virq(u, arg);
    case IOCTL_EVTCHN_BIND_INTERDOMAIN:
        return ioctl_bind_interdomain(u, arg);
    case IOCTL_EVTCHN_BIND_UNBOUND_PORT:
        return ioctl_bind_unbound_port(u, arg);
    case IOCTL_EVTCHN_UNBIND:
        return ioctl_unbind(u, arg);
    case IOCTL_EVTCHN_NOTIFY:
        return ioctl_notify(u, arg);
    case IOCTL_EVTCHN_RESET:
        evtchn_ring_reset(&u->ring);
        return 0;
    case IOCTL_EVTCHN_RESTRICT_DOMID:
        return ioctl_restrict_domid(u, arg);
    default:
        return -ENOSYS;             /* Linux's driver's answer, not -ENOTTY */
    }
}

/* ---- read, write, poll ---- */

/* Whole ports only, at most a page of them: the byte count to move. */
static size_t whole_ports(size_t n)
{
    n &= ~(PORT_BYTES - 1);
    return MIN(n, MAX_PORTS_PER_CALL * PORT_BYTES);
}

static long wait_for_ports(struct file *f, struct evtchn_user *u)
{
    while (!evtchn_ring_count(&u->ring)) {
        long err;
        if (u->ring.overflow)
            return -EFBIG;
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if ((err = waitq_sleep(&u->readq)))
            return err;
    }
    return u->ring.overflow ? -EFBIG : 0;
}

static long evtchn_read(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    struct evtchn_user *u = f->priv;
    uint32_t *out;
    unsigned int got;
    long rc;

    (void)pos;
    if (!(n = whole_ports(n)))
        return 0;
    if ((rc = wait_for_ports(f, u)))
        return rc;
    if (!(out = kmalloc(n)))
        return -ENOMEM;
    /* Taken only once the caller has them: a bad buffer loses no port. */
    got = evtchn_ring_peek(&u->ring, out, (unsigned int)(n / PORT_BYTES));
    rc = copy_to_user(buf, out, got * PORT_BYTES) ? -EFAULT : (long)(got * PORT_BYTES);
    if (rc > 0)
        evtchn_ring_consume(&u->ring, got);
    kfree(out);
    return rc;
}

/* Ports written back are unmasked, if they are this file's and were held. */
static void enable_ports(struct evtchn_user *u, const uint32_t *in, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        uint32_t port = in[i];
        if (port_user(port) == u && !ports[port].enabled) {
            ports[port].enabled = true;
            event_unmask(port);
        }
    }
}

static long evtchn_write(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    uint32_t *in;
    long rc;

    (void)pos;
    if (!(n = whole_ports(n)))
        return 0;
    if (!(in = kmalloc(n)))
        return -ENOMEM;
    rc = copy_from_user(in, buf, n) ? -EFAULT : (long)n;
    if (rc > 0)
        enable_ports(f->priv, in, n / PORT_BYTES);
    kfree(in);
    return rc;
}

static unsigned int evtchn_poll(struct file *f)
{
    struct evtchn_user *u = f->priv;

    if (u->ring.overflow)
        return POLLERR;
    return POLLOUT | POLLWRNORM | (evtchn_ring_count(&u->ring) ? POLLIN | POLLRDNORM : 0);
}

/* Only a port queued (evtchn_fired wakes readq) raises the mask. */
static struct waitq *evtchn_poll_queue(struct file *f)
{
    struct evtchn_user *u = f->priv;

    return &u->readq;
}

/* ---- open and close ---- */

static long evtchn_open(struct file *f)
{
    struct evtchn_user *u = kzalloc(sizeof(*u));

    if (!u)
        return -ENOMEM;
    u->restrict_domid = UNRESTRICTED_DOMID;
    f->priv = u;
    return 0;
}

/* Every port the file still holds is closed, as Linux's release does. */
static void evtchn_release(struct file *f)
{
    struct evtchn_user *u = f->priv;

    for (uint32_t port = 0; port < EVENT_NR_PORTS; port++)
        if (ports[port].user == u)
            unbind_from_user(port);
    kfree(u);
}

static const struct file_ops evtchn_ops = {
    .open = evtchn_open,
    .read = evtchn_read,
    .write = evtchn_write,
    .ioctl = evtchn_ioctl,
    .poll = evtchn_poll,
    .poll_queue = evtchn_poll_queue,
    .release = evtchn_release,
};

void evtchn_dev_init(void)
{
    if (devfs_register("xen/evtchn", S_IFCHR | 0600, &evtchn_ops, NULL))
        panic("cannot register the event-channel device");
}
