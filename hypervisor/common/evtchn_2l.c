/*
 * The 2-level event-channel ABI: one pending and one mask bit per port in
 * shared_info, and per vCPU a selector word whose bit i says "word i of
 * the pending bitmap may have work" (docs/events.md).
 *
 * Setting a port pending follows Xen's order, each step stopping the
 * chain when its bit was already set: pending bit; unless masked, the
 * selector bit; then the vCPU's upcall flag and a kick.  Pollers are
 * told even about masked ports: a guest polls masked ports on purpose.
 */
#include <minixen/lib.h>
#include <minixen/sched.h>
#include <minixen/event.h>

#define BITS_PER_WORD (sizeof(xen_ulong_t) * 8)

static bool test_and_set(xen_ulong_t *word, unsigned int bit)
{
    xen_ulong_t m = (xen_ulong_t)1 << bit;

    return __atomic_fetch_or(word, m, __ATOMIC_SEQ_CST) & m;
}

static bool test_and_clear(xen_ulong_t *word, unsigned int bit)
{
    xen_ulong_t m = (xen_ulong_t)1 << bit;

    return __atomic_fetch_and(word, ~m, __ATOMIC_SEQ_CST) & m;
}

static bool test(const xen_ulong_t *word, unsigned int bit)
{
    return (__atomic_load_n(word, __ATOMIC_SEQ_CST) >> bit) & 1;
}

static xen_ulong_t *pending_word(const struct domain *d, evtchn_port_t port)
{
    return &d->shared_info->evtchn_pending[port / BITS_PER_WORD];
}

static xen_ulong_t *mask_word(const struct domain *d, evtchn_port_t port)
{
    return &d->shared_info->evtchn_mask[port / BITS_PER_WORD];
}

/* The selector bit, then the upcall flag: the vCPU learns of the word. */
static void notify_word(struct vcpu *v, evtchn_port_t port)
{
    if (!test_and_set(&v->vcpu_info->evtchn_pending_sel, port / BITS_PER_WORD))
        vcpu_mark_events_pending(v);
}

static void set_pending_2l(struct vcpu *v, struct evtchn *chn)
{
    struct domain *d = v->domain;
    evtchn_port_t port = chn->port;

    if (test_and_set(pending_word(d, port), port % BITS_PER_WORD))
        return;
    if (!test(mask_word(d, port), port % BITS_PER_WORD))
        notify_word(v, port);
    evtchn_check_pollers(d, port);
}

static void clear_pending_2l(struct domain *d, struct evtchn *chn)
{
    test_and_clear(pending_word(d, chn->port), chn->port % BITS_PER_WORD);
}

/* An edge that arrived while masked is delivered now (only if it was masked). */
static void unmask_2l(struct domain *d, struct evtchn *chn)
{
    evtchn_port_t port = chn->port;
    struct vcpu *v = domain_vcpu(d, chn->notify_vcpu_id);

    if (test_and_clear(mask_word(d, port), port % BITS_PER_WORD) && v &&
        test(pending_word(d, port), port % BITS_PER_WORD))
        notify_word(v, port);
}

static bool is_pending_2l(const struct domain *d, evtchn_port_t port)
{
    return test(pending_word(d, port), port % BITS_PER_WORD);
}

static bool is_masked_2l(const struct domain *d, evtchn_port_t port)
{
    return test(mask_word(d, port), port % BITS_PER_WORD);
}

const struct evtchn_port_ops evtchn_port_ops_2l = {
    .name = "2-level",
    .set_pending = set_pending_2l,
    .clear_pending = clear_pending_2l,
    .unmask = unmask_2l,
    .is_pending = is_pending_2l,
    .is_masked = is_masked_2l,
};
