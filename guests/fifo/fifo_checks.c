/*
 * guests/fifo/fifo_checks.c - the FIFO ABI from the guest's side.
 *
 * Expected values are Xen 4.17's (xen/common/event_fifo.c): init_control
 * -ENOENT for a vCPU the domain lacks, -EINVAL for an offset that is not
 * 8-byte aligned or lets the control block cross its page, for a frame
 * the domain may not hand over and for a second call; expand_array
 * -EOPNOTSUPP before init_control and -EINVAL for a bad frame;
 * set_priority -ENOSYS under the 2-level ABI, -EINVAL for a priority
 * past 15 or a port past the table, -EACCES for a closed one.  A port pending under the 2-level ABI
 * stays pending across the switch and is linked once its event word
 * exists.  Events are masked (evtchn_upcall_mask) except where a check
 * lets them in, so each check sees exactly what its sends caused.
 */
#include "fifo.h"
#include "string.h"

#define WORD_BIT(b)     ((event_word_t)1 << (b))
#define LINK(w)         ((w) & EVTCHN_FIFO_LINK_MASK)
#define CB_SIZE         sizeof(evtchn_fifo_control_block_t)
/* A pointer into the hypervisor's range: never readable by a guest. */
#define FIFO_BAD_PTR    ((void *)0xffff830000000000UL)
/* A frame number this far past the last RAM frame is no frame at all. */
#define PAST_RAM_DISTANCE 16
/* A port no domain here has: past the first bucket of ports. */
#define UNUSED_PORT     5000
#define POLL_TIMEOUT_MS 2000
#define NS_PER_MS       1000000ULL
#define PRIO_LOW        9
#define PRIO_HIGH       2

static unsigned long cb_mfn, array_mfn, l4_mfn, past_ram_mfn;

static int log_is_one(evtchn_port_t port)
{
    return ev_log_is(&port, 1);
}

/* Let the pending upcall in, and out again: the handler logs what it consumed. */
static void deliver(void)
{
    evt_enable_upcalls();
    evt_disable_upcalls();
}

static long bind_or_abort(const char *what)
{
    long port = ev_bind_ipi();

    if (port <= 0)
        test_abort(what, "bind_ipi returned %ld", port);
    return port;
}

/* Before init_control: still the 2-level ABI; one port is left pending across the switch. */
static evtchn_port_t check_before_init(void)
{
    evtchn_port_t p = bind_or_abort("fifo.2l_bind_ipi");

    check_rc("fifo.expand_before_init", ev_expand_array(array_mfn), -XEN_EOPNOTSUPP);
    check_rc("fifo.set_priority_2l", ev_set_priority(p, PRIO_HIGH), -XEN_ENOSYS);
    evt_send(p);
    check(evt_is_pending(p), "fifo.2l_pending_before_switch", "port %u not pending", p);
    return p;
}

static void check_init_errors(void)
{
    uint8_t bits;

    check_rc("fifo.init_bad_vcpu", ev_init_control(cb_mfn, 0, 1, &bits), -XEN_ENOENT);
    check_rc("fifo.init_misaligned_offset", ev_init_control(cb_mfn, 4, 0, &bits),
             -XEN_EINVAL);
    check_rc("fifo.init_offset_past_page",
             ev_init_control(cb_mfn, PAGE_SIZE - CB_SIZE + 8, 0, &bits), -XEN_EINVAL);
    check_rc("fifo.init_frame_past_ram", ev_init_control(past_ram_mfn, 0, 0, &bits),
             -XEN_EINVAL);
    check_rc("fifo.init_page_table_frame", ev_init_control(l4_mfn, 0, 0, &bits),
             -XEN_EINVAL);
    check_rc("fifo.init_bad_pointer",
             HYPERVISOR_event_channel_op(EVTCHNOP_init_control, FIFO_BAD_PTR), -XEN_EFAULT);
    check_rc("fifo.still_2l_after_errors", ev_expand_array(array_mfn), -XEN_EOPNOTSUPP);
}

static void check_init(void)
{
    uint8_t bits = 0;

    if (!check_rc("fifo.init_control", ev_init_control(cb_mfn, FIFO_CB_OFFSET, 0, &bits), 0))
        test_finish();
    ev_abi = ABI_FIFO;
    check(bits == EVTCHN_FIFO_LINK_BITS, "fifo.link_bits", "link_bits %u", bits);
    check_rc("fifo.init_twice", ev_init_control(cb_mfn, FIFO_CB_OFFSET, 0, &bits),
             -XEN_EINVAL);
    check_rc("fifo.expand_frame_past_ram", ev_expand_array(past_ram_mfn), -XEN_EINVAL);
    check_rc("fifo.expand_page_table_frame", ev_expand_array(l4_mfn), -XEN_EINVAL);
    check(fifo_cb()->ready == 0, "fifo.no_event_words_no_queue",
          "ready %#x before the array page", fifo_cb()->ready);
    if (!check_rc("fifo.expand_array", ev_expand_array(array_mfn), 0))
        test_finish();
}

static void check_carried_over(evtchn_port_t p)
{
    evtchn_fifo_control_block_t *cb = fifo_cb();

    check(cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT] == p &&
          cb->ready == WORD_BIT(EVTCHN_FIFO_PRIORITY_DEFAULT) &&
          *fifo_word(p) == (WORD_BIT(EVTCHN_FIFO_PENDING) | WORD_BIT(EVTCHN_FIFO_LINKED)),
          "fifo.carried_over_linked", "head %u, ready %#x, word %#x",
          cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT], cb->ready, *fifo_word(p));
    ev_log_reset();
    deliver();
    check(ev_log_is(&p, 1), "fifo.carried_over_delivered", "%u events", ev_log.n);
}

static void check_set_priority(evtchn_port_t p)
{
    check_rc("fifo.set_priority_bad_priority",
             ev_set_priority(p, EVTCHN_FIFO_PRIORITY_MIN + 1), -XEN_EINVAL);
    check_rc("fifo.set_priority_bad_port", ev_set_priority(UNUSED_PORT, PRIO_HIGH),
             -XEN_EINVAL);
    check_rc("fifo.set_priority_closed_port", ev_set_priority(p + 1, PRIO_HIGH),
             -XEN_EACCES);
    check_rc("fifo.set_priority", ev_set_priority(p, EVTCHN_FIFO_PRIORITY_MIN), 0);
}

/* Queued in the order sent, each queue; delivered highest priority first. */
static void check_priorities(evtchn_port_t port[4])
{
    evtchn_fifo_control_block_t *cb = fifo_cb();
    evtchn_port_t a = port[0], b = port[1], c = port[2], d = port[3];
    const evtchn_port_t order[] = { c, b, d, a };

    ev_set_priority(a, PRIO_LOW);
    ev_set_priority(b, PRIO_HIGH);
    ev_set_priority(c, PRIO_HIGH);
    evt_send(a), evt_send(d), evt_send(c), evt_send(b);
    check(cb->ready == (WORD_BIT(PRIO_HIGH) | WORD_BIT(EVTCHN_FIFO_PRIORITY_DEFAULT) |
                        WORD_BIT(PRIO_LOW)), "fifo.ready_bits", "ready %#x", cb->ready);
    check(cb->head[PRIO_HIGH] == c && LINK(*fifo_word(c)) == b &&
          cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT] == d && cb->head[PRIO_LOW] == a,
          "fifo.queue_links", "heads %u %u %u, link of %u: %u", cb->head[PRIO_HIGH],
          cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT], cb->head[PRIO_LOW], c,
          LINK(*fifo_word(c)));
    ev_log_reset();
    deliver();
    check(ev_log_is(order, ARRAY_SIZE(order)), "fifo.priority_order",
          "%u events, first %u", ev_log.n, ev_log.port[0]);
}

static void check_repending(evtchn_port_t p)
{
    ev_log_reset();
    evt_send(p), evt_send(p), evt_send(p);
    deliver();
    check(ev_log_is(&p, 1), "fifo.repending_delivers_once", "%u events", ev_log.n);
}

/* A port the guest masked in its event word waits for EVTCHNOP_unmask. */
static void check_masked_port(evtchn_port_t p)
{
    volatile event_word_t *w = fifo_word(p);

    __atomic_fetch_or(w, WORD_BIT(EVTCHN_FIFO_MASKED), __ATOMIC_SEQ_CST);
    ev_log_reset();
    evt_enable_upcalls();
    evt_send(p);
    check(ev_log.n == 0 && (*w & WORD_BIT(EVTCHN_FIFO_PENDING)) &&
          !(*w & WORD_BIT(EVTCHN_FIFO_LINKED)), "fifo.masked_port_not_delivered",
          "%u events, word %#x", ev_log.n, *w);
    check_rc("fifo.unmask", evt_unmask(p), 0);
    check(ev_log_is(&p, 1) && !(*w & WORD_BIT(EVTCHN_FIFO_MASKED)),
          "fifo.unmask_delivers", "%u events, word %#x", ev_log.n, *w);
    evt_disable_upcalls();
}

/* A closed port stays busy until the guest consumed its queue entry. */
static void check_busy_port(evtchn_port_t d)
{
    long other;

    ev_log_reset();
    evt_send(d);
    check_rc("fifo.close_linked_port", evt_close(d), 0);
    other = ev_bind_ipi();
    check(other > 0 && (evtchn_port_t)other != d, "fifo.linked_port_not_reused",
          "bind_ipi returned %ld", other);
    deliver();
    check(ev_log.n == 0 && !(*fifo_word(d) & WORD_BIT(EVTCHN_FIFO_LINKED)),
          "fifo.closed_port_not_delivered", "%u events, word %#x", ev_log.n, *fifo_word(d));
    if (other > 0)
        evt_close(other);
    check(ev_bind_ipi() == d, "fifo.consumed_port_reused", "port %u not handed out", d);
}

/* Binding announces the new port once; each end's send reaches the other. */
static void check_loopback(void)
{
    long u = ev_alloc_unbound(DOMID_SELF), l;

    check(u > 0, "fifo.loopback_alloc_unbound", "alloc_unbound returned %ld", u);
    ev_log_reset();
    l = ev_bind_interdomain(DOMID_SELF, u);
    if (!check(l > 0, "fifo.loopback_bind", "bind_interdomain returned %ld", l))
        return;
    deliver();
    check(log_is_one(l),
          "fifo.loopback_bind_announces", "%u events", ev_log.n);
    ev_log_reset();
    evt_send(l);
    deliver();
    check(log_is_one(u), "fifo.loopback_send",
          "%u events", ev_log.n);
    ev_log_reset();
    evt_send(u);
    deliver();
    check(log_is_one(l), "fifo.loopback_reply",
          "%u events", ev_log.n);
}

/*
 * A pending port ends SCHEDOP_poll at once: its PENDING bit is what the
 * hypervisor looks at.  Were it missed, the poll would sleep until its
 * timeout, POLL_TIMEOUT_MS later.
 */
static void check_poll(evtchn_port_t p)
{
    evtchn_port_t ports[1] = { p };
    sched_poll_t poll = { .nr_ports = 1 };
    struct pv_time t;
    uint64_t start;
    long rc;

    set_xen_guest_handle(poll.ports, ports);
    evt_send(p);
    if (pv_time_snapshot(&t))
        test_abort("fifo.poll_sees_pending", "no stable time");
    start = pv_time_ns(&t);
    poll.timeout = start + POLL_TIMEOUT_MS * NS_PER_MS;
    rc = HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
    pv_time_snapshot(&t);
    check(rc == 0 && pv_time_ns(&t) - start < POLL_TIMEOUT_MS * NS_PER_MS / 2,
          "fifo.poll_sees_pending", "returned %ld after %lu ms", rc,
          (unsigned long)((pv_time_ns(&t) - start) / NS_PER_MS));
    ev_log_reset();
    deliver();
}

/*
 * The guest fills its event words and control block with garbage: every
 * word LINKED and BUSY with a link far past the array, every ready bit,
 * every head.  The hypervisor never follows a link, so an event appended
 * behind tail (the last port it linked on that queue) only rewrites that
 * word's link, and clears BUSY in passing.
 */
static void check_hostile_words(evtchn_port_t tail, evtchn_port_t p)
{
    const event_word_t junk = WORD_BIT(EVTCHN_FIFO_LINKED) | WORD_BIT(EVTCHN_FIFO_BUSY) |
                              EVTCHN_FIFO_LINK_MASK;
    evtchn_fifo_control_block_t *cb = fifo_cb();
    unsigned int i;
    long rc;

    for (i = 0; i < ARRAY_SIZE(fifo_array_page); i++)
        fifo_array_page[i] = junk;
    cb->ready = ~0u;
    for (i = 0; i < EVTCHN_FIFO_MAX_QUEUES; i++)
        cb->head[i] = EVTCHN_FIFO_LINK_MASK;
    fifo_array_page[p] = 0;
    rc = evt_send(p);
    check(rc == 0 && *fifo_word(tail) == (WORD_BIT(EVTCHN_FIFO_LINKED) | p) &&
          *fifo_word(p) == (WORD_BIT(EVTCHN_FIFO_PENDING) | WORD_BIT(EVTCHN_FIFO_LINKED)) &&
          cb->head[PRIO_HIGH] == EVTCHN_FIFO_LINK_MASK, "fifo.hostile_words_contained",
          "send %ld, tail word %#x, word %#x, head %#x", rc, *fifo_word(tail),
          *fifo_word(p), cb->head[PRIO_HIGH]);
}

/*
 * Back to the 2-level ABI.  Its bitmaps still hold what was pending when
 * the guest left it (Xen leaves them too): a guest starting over clears
 * them, as here.
 */
static void check_reset(void)
{
    uint32_t before;
    long p;

    check_rc("fifo.reset", ev_reset(), 0);
    ev_abi = ABI_2L;
    memset((void *)shared_info->evtchn_pending, 0, sizeof(shared_info->evtchn_pending));
    shared_info->vcpu_info[0].evtchn_pending_sel = 0;
    check_rc("fifo.reset_leaves_fifo", ev_expand_array(array_mfn), -XEN_EOPNOTSUPP);
    p = ev_bind_ipi();
    if (!check(p == 1, "fifo.reset_closed_ports", "first port after reset %ld", p) || p <= 0)
        return;
    check_rc("fifo.set_priority_after_reset", ev_set_priority(p, PRIO_HIGH), -XEN_ENOSYS);
    before = evt_count[p];
    evt_send(p);
    deliver();
    check(evt_count[p] == before + 1, "fifo.2l_after_reset", "%u events",
          evt_count[p] - before);
}

static void check_init_again(void)
{
    long p;

    if (!check_rc("fifo.init_again", fifo_start(), 0))
        test_finish();
    p = bind_or_abort("fifo.bind_after_reinit");
    ev_log_reset();
    evt_send(p);
    deliver();
    check(log_is_one(p),
          "fifo.delivery_after_reinit", "%u events", ev_log.n);
}

void fifo_checks(void)
{
    evtchn_port_t carried, port[4];
    long top = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    unsigned int i;

    cb_mfn = pv_va_to_mfn(fifo_cb_page);
    array_mfn = pv_va_to_mfn(fifo_array_page);
    l4_mfn = pv_va_to_mfn((const void *)start_info->pt_base);
    past_ram_mfn = (top > 0 ? (unsigned long)top : 0) + PAST_RAM_DISTANCE;
    carried = check_before_init();
    check_init_errors();
    check_init();
    check_carried_over(carried);
    check_set_priority(carried);
    for (i = 0; i < ARRAY_SIZE(port); i++)
        port[i] = bind_or_abort("fifo.bind_ipi");
    check_priorities(port);
    check_repending(port[1]);
    check_masked_port(port[0]);
    check_busy_port(port[3]);
    check_loopback();
    check_poll(port[2]);
    check_hostile_words(port[2], port[1]);
    check_reset();
    check_init_again();
}
