/*
 * guests/lib/xs_client.c - the test guests' xenstore client (see
 * xs_client.h).  The ring is shared with xenstored: its indices are read
 * once per step and bounded, and replies are copied out before use.
 * Waiting yields the vCPU until the reply is there or XSC_TIMEOUT_NS
 * passes.
 */
#include <public/errno.h>
#include <public/io/xs_wire.h>
#include <public/sched.h>
#include "events.h"
#include "hypercall.h"
#include "m2p.h"
#include "pv.h"
#include "string.h"
#include "xs_client.h"

#define XSC_TIMEOUT_NS  (5ull * 1000 * 1000 * 1000)
#define XSC_EVENTS_MAX  8

struct xsc_msg {
    struct xsd_sockmsg hdr;
    char body[XENSTORE_PAYLOAD_MAX + 1];
};

static struct xenstore_domain_interface *ring;
static uint32_t next_req_id = 1;
static struct xsc_msg reply_msg;
static struct xsc_msg events[XSC_EVENTS_MAX];
static unsigned int nevents;

long xsc_init(void)
{
    unsigned long pfn;

    if (m2p_read(start_info->store_mfn, &pfn) || pfn >= start_info->nr_pages)
        return -XEN_EINVAL;
    ring = (struct xenstore_domain_interface *)
           (GUEST_VIRT_BASE + (pfn << PAGE_SHIFT));
    return 0;
}

/* Copies len bytes into the request ring, waiting for room. */
static long ring_put(const void *data, size_t len)
{
    uint64_t deadline = evt_now() + XSC_TIMEOUT_NS;
    const char *p = data;

    while (len) {
        XENSTORE_RING_IDX prod = ring->req_prod, cons = READ_ONCE(ring->req_cons);
        uint32_t space = XENSTORE_RING_SIZE - (prod - cons);
        if (prod - cons > XENSTORE_RING_SIZE)
            return -XEN_EIO;
        for (; space && len; space--, len--, prod++)
            ring->req[MASK_XENSTORE_IDX(prod)] = *p++;
        __atomic_thread_fence(__ATOMIC_RELEASE);
        ring->req_prod = prod;
        evt_send(start_info->store_evtchn);
        if (len && evt_now() > deadline)
            return -XEN_ETIMEDOUT;
        if (len)
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    return 0;
}

/* Copies len bytes out of the response ring, waiting for them. */
static long ring_get(void *data, size_t len, uint64_t deadline)
{
    char *p = data;

    while (len) {
        XENSTORE_RING_IDX cons = ring->rsp_cons, prod = READ_ONCE(ring->rsp_prod);
        if (prod - cons > XENSTORE_RING_SIZE)
            return -XEN_EIO;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        for (; cons != prod && len; cons++, len--)
            *p++ = ring->rsp[MASK_XENSTORE_IDX(cons)];
        __atomic_thread_fence(__ATOMIC_RELEASE);
        ring->rsp_cons = cons;
        evt_send(start_info->store_evtchn);
        if (!len)
            break;
        if (evt_now() > deadline)
            return -XEN_ETIMEDOUT;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    return 0;
}

static long get_msg(struct xsc_msg *m, uint64_t deadline)
{
    long rc = ring_get(&m->hdr, sizeof(m->hdr), deadline);

    if (rc)
        return rc;
    if (m->hdr.len > XENSTORE_PAYLOAD_MAX)
        return -XEN_EIO;
    rc = ring_get(m->body, m->hdr.len, deadline);
    m->body[m->hdr.len] = '\0';
    return rc;
}

#define XSC_ERROR_ENTRY(e) { XEN_##e, #e },
static const struct { long err; const char *name; } error_names[] = {
    XS_ERROR_LIST(XSC_ERROR_ENTRY)
};

static long error_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof(error_names) / sizeof(error_names[0]); i++)
        if (strcmp(name, error_names[i].name) == 0)
            return -error_names[i].err;
    return -XEN_EINVAL;
}

/* Sends one request (two parts: a NUL-terminated string, raw bytes) and
 * waits for its reply in reply_msg; watch events are queued meanwhile. */
static long request(uint32_t type, const char *arg, const void *extra, size_t extra_len)
{
    struct xsd_sockmsg hdr = { type, next_req_id++, 0,
                               (uint32_t)(strlen(arg) + 1 + extra_len) };
    uint64_t deadline = evt_now() + XSC_TIMEOUT_NS;
    long rc;

    if (!ring)
        return -XEN_EINVAL;
    if (hdr.len > XENSTORE_PAYLOAD_MAX)
        return -XEN_E2BIG;
    rc = ring_put(&hdr, sizeof(hdr));
    if (!rc)
        rc = ring_put(arg, strlen(arg) + 1);
    if (!rc && extra_len)
        rc = ring_put(extra, extra_len);
    while (!rc && !(rc = get_msg(&reply_msg, deadline))) {
        if (reply_msg.hdr.type != XS_WATCH_EVENT)
            break;
        if (nevents < XSC_EVENTS_MAX)
            events[nevents++] = reply_msg;
    }
    if (rc)
        return rc;
    if (reply_msg.hdr.type == XS_ERROR)
        return error_from_name(reply_msg.body);
    if (reply_msg.hdr.type != type || reply_msg.hdr.req_id != hdr.req_id)
        return -XEN_EIO;
    return 0;
}

long xsc_read(const char *path, char *buf, size_t size)
{
    long rc = request(XS_READ, path, NULL, 0);

    if (rc)
        return rc;
    if (reply_msg.hdr.len >= size)
        return -XEN_E2BIG;
    memcpy(buf, reply_msg.body, reply_msg.hdr.len + 1);
    return reply_msg.hdr.len;
}

long xsc_write(const char *path, const char *value)
{
    return request(XS_WRITE, path, value, strlen(value));
}

long xsc_watch(const char *path, const char *token)
{
    return request(XS_WATCH, path, token, strlen(token) + 1);
}

long xsc_transaction_start(void)
{
    return request(XS_TRANSACTION_START, "", NULL, 0);
}

/* Copies the string at s (within a payload of len bytes) into out. */
static long copy_string(const char *s, size_t len, char *out, size_t size)
{
    size_t n = strlen(s);

    if (n >= len || n >= size)
        return -XEN_E2BIG;
    memcpy(out, s, n + 1);
    return 0;
}

long xsc_wait_event(char *path, size_t path_size, char *token, size_t token_size)
{
    struct xsc_msg *m = &events[0];
    size_t plen;
    long rc = 0;

    if (!nevents) {
        uint64_t deadline = evt_now() + XSC_TIMEOUT_NS;
        do
            rc = get_msg(&events[0], deadline);
        while (!rc && events[0].hdr.type != XS_WATCH_EVENT);
        if (rc)
            return rc;
        nevents = 1;
    }
    plen = strlen(m->body) + 1;
    if (plen >= m->hdr.len)
        rc = -XEN_EIO;   /* no token after the path */
    else
        rc = copy_string(m->body, m->hdr.len, path, path_size);
    if (!rc)
        rc = copy_string(m->body + plen, m->hdr.len - plen, token, token_size);
    nevents--;
    for (unsigned int i = 0; i < nevents; i++)
        events[i] = events[i + 1];
    return rc;
}
