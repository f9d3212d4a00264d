/*
 * The FIFO event-channel ABI, with Xen 4.17's semantics and errno values
 * (docs/events.md, "The FIFO ABI").
 *
 * Every port has a 32-bit event word (PENDING, MASKED, LINKED, BUSY and a
 * 17-bit link to the next port of its queue) in pages the guest hands
 * over one at a time (EVTCHNOP_expand_array).  Every vCPU has a control
 * block (EVTCHNOP_init_control): per priority a ready bit and the head of
 * a queue.  The hypervisor appends a pending port at the tail of its
 * queue, by writing it into the old tail's link or, if the queue was
 * empty, into head[q]; the guest consumes from the head.
 *
 * All those words are the guest's, and it may rewrite them at any time.
 * The hypervisor never follows a link: it keeps each queue's tail itself,
 * so appending touches two words, and the one compare-and-swap loop on
 * the old tail is bounded.  It only ever writes into the pages it holds
 * a writable reference to, at offsets it checked.
 *
 * Locking: the setup calls (init_control, expand_array) hold the binding
 * lock, as every change of a port's binding does.  Linking runs under the
 * domain's queue lock (one for all its vCPUs' queues, where Xen has one
 * per queue and must chase a port that changes queue): two CPUs sending
 * on ports of one domain append one at a time, and a port that moves to
 * another vCPU's queue leaves the old one consistently.
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/event.h>

#define WORDS_PER_PAGE      (PAGE_SIZE / sizeof(event_word_t))
#define MAX_ARRAY_PAGES     (EVTCHN_FIFO_NR_CHANNELS / WORDS_PER_PAGE)
#define WORD_BIT(b)         ((event_word_t)1 << (b))
/* Xen's bound: with BUSY set the guest can change the tail word only so often. */
#define LINK_RETRIES        4
/* The control block's alignment Xen requires of init_control's offset. */
#define CONTROL_BLOCK_ALIGN 8

struct evtchn_fifo_vcpu {
    evtchn_fifo_control_block_t *control_block;     /* NULL until init_control */
    evtchn_port_t tail[EVTCHN_FIFO_MAX_QUEUES];     /* last port linked, 0: none */
};

struct evtchn_fifo_domain {
    spinlock_t queue_lock;          /* every tail[] and chn->last_*; taken after a channel's lock */
    struct evtchn_fifo_vcpu vcpu[MAX_VIRT_CPUS];
    event_word_t *array[MAX_ARRAY_PAGES];
    unsigned int nr_words;          /* ports below this have an event word */
};

/* ---- Bits of words the guest shares ---- */

static bool word_test(const event_word_t *w, unsigned int bit)
{
    return __atomic_load_n(w, __ATOMIC_SEQ_CST) & WORD_BIT(bit);
}

static bool word_test_and_set(event_word_t *w, unsigned int bit)
{
    return __atomic_fetch_or(w, WORD_BIT(bit), __ATOMIC_SEQ_CST) & WORD_BIT(bit);
}

static void word_set(event_word_t *w, unsigned int bit)
{
    __atomic_fetch_or(w, WORD_BIT(bit), __ATOMIC_SEQ_CST);
}

static void word_clear(event_word_t *w, unsigned int bit)
{
    __atomic_fetch_and(w, ~WORD_BIT(bit), __ATOMIC_SEQ_CST);
}

/* The port's event word, NULL if its array page has not been added. */
static event_word_t *word_from_port(const struct domain *d, evtchn_port_t port)
{
    const struct evtchn_fifo_domain *f = d->evtchn.fifo;

    /* expand_array publishes nr_words after the page it adds. */
    if (!f || port >= __atomic_load_n(&f->nr_words, __ATOMIC_ACQUIRE))
        return NULL;
    return &f->array[port / WORDS_PER_PAGE][port % WORDS_PER_PAGE];
}

static struct evtchn_fifo_vcpu *fifo_vcpu(const struct domain *d, unsigned int id)
{
    return &d->evtchn.fifo->vcpu[id];
}

/* ---- Linking ---- */

enum link_result { LINK_DONE, LINK_UNLINKED, LINK_RACED };

/* *seen: the tail word as last read; refreshed when the guest changed it. */
static enum link_result try_link(event_word_t *tail, event_word_t *seen,
                                 evtchn_port_t port)
{
    event_word_t old = *seen;
    event_word_t new = (old & ~(WORD_BIT(EVTCHN_FIFO_BUSY) | EVTCHN_FIFO_LINK_MASK)) | port;

    if (!(old & WORD_BIT(EVTCHN_FIFO_LINKED)))
        return LINK_UNLINKED;
    *seen = evtchn_guest_cmpxchg(tail, old, new);
    return *seen == old ? LINK_DONE : LINK_RACED;
}

/*
 * Point the old tail at port, if the guest has not unlinked it (then the
 * queue is empty).  While the word is LINKED the guest may only set or
 * clear MASKED, clear PENDING, or unlink it; BUSY forbids it to unmask,
 * which bounds how often our compare-and-swap can lose.  A guest that
 * still wins loses the event (reported linked, so head is left alone),
 * as on Xen.
 */
static bool link_after(struct domain *d, event_word_t *tail, evtchn_port_t port)
{
    event_word_t seen = __atomic_load_n(tail, __ATOMIC_SEQ_CST);
    enum link_result r = try_link(tail, &seen, port);
    unsigned int i;

    if (r != LINK_RACED)
        return r == LINK_DONE;
    word_set(tail, EVTCHN_FIFO_BUSY);
    seen = __atomic_load_n(tail, __ATOMIC_SEQ_CST);
    for (i = 0; i < LINK_RETRIES && (r = try_link(tail, &seen, port)) == LINK_RACED; i++)
        continue;
    if (r == LINK_DONE)
        return true;                /* the new value has BUSY clear */
    word_clear(tail, EVTCHN_FIFO_BUSY);
    if (r == LINK_UNLINKED)
        return false;
    printk(XENLOG_GUEST XENLOG_WARNING "d%u: port %u not linked: its queue's "
           "tail kept changing\n", d->domain_id, port);
    return true;
}

/*
 * The queue the port was last linked on may no longer end at it (the
 * guest consumed it), and must not, if the port now moves elsewhere: an
 * event appended there would write into a word that is in another queue.
 */
static void forget_last_queue(struct domain *d, struct evtchn *chn, unsigned int vcpu_id,
                              unsigned int q)
{
    unsigned int last = chn->last_vcpu_id < d->max_vcpus ? chn->last_vcpu_id : vcpu_id;
    struct evtchn_fifo_vcpu *old = fifo_vcpu(d, last);

    if (old->tail[chn->last_priority] == chn->port)
        old->tail[chn->last_priority] = 0;
    chn->last_vcpu_id = vcpu_id;
    chn->last_priority = q;
}

/* Append a port that just became LINKED to its queue on v; v learns of a queue that was empty. */
static void link_event(struct vcpu *v, struct evtchn_fifo_vcpu *fv, struct evtchn *chn)
{
    struct domain *d = v->domain;
    /*
     * Read once: a sender on the other end of an interdomain channel holds
     * that end's lock, not this one's, so set_priority may change it now.
     */
    unsigned int q = __atomic_load_n(&chn->priority, __ATOMIC_RELAXED);
    event_word_t *tail_word;
    bool linked = false;

    spin_lock(&d->evtchn.fifo->queue_lock);
    forget_last_queue(d, chn, v->vcpu_id, q);
    if (fv->tail[q] && (tail_word = word_from_port(d, fv->tail[q])))
        linked = link_after(d, tail_word, chn->port);
    if (!linked)
        __atomic_store_n(&fv->control_block->head[q], chn->port, __ATOMIC_SEQ_CST);
    fv->tail[q] = chn->port;
    if (!linked && !word_test_and_set(&fv->control_block->ready, q))
        vcpu_mark_events_pending(v);
    spin_unlock(&d->evtchn.fifo->queue_lock);
}

/* ---- The port operations ---- */

static void fifo_init(struct domain *d, struct evtchn *chn)
{
    event_word_t *word = word_from_port(d, chn->port);

    chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
    /* Left on a queue by its last binding: its first event may go to that queue. */
    if (word && word_test(word, EVTCHN_FIFO_LINKED))
        printk(XENLOG_GUEST XENLOG_WARNING "d%u: port %u is still linked\n",
               d->domain_id, chn->port);
}

static void fifo_set_pending(struct vcpu *v, struct evtchn *chn)
{
    struct domain *d = v->domain;
    event_word_t *word = word_from_port(d, chn->port);
    struct evtchn_fifo_vcpu *fv = fifo_vcpu(d, v->vcpu_id);
    bool was_pending;

    if (!word) {
        /*
         * Raised when expand_array adds its page.  It may have added it
         * and looked already (a remote sender holds only its own end's
         * lock), so look again: whoever clears the flag delivers.
         */
        __atomic_store_n(&chn->pending, true, __ATOMIC_SEQ_CST);
        if (!(word = word_from_port(d, chn->port)) ||
            !__atomic_exchange_n(&chn->pending, false, __ATOMIC_SEQ_CST))
            return;
    }
    /* The guest may not unmask before it set the control block up: drop. */
    if (!__atomic_load_n(&fv->control_block, __ATOMIC_ACQUIRE)) {
        printk(XENLOG_GUEST XENLOG_WARNING "d%u: vCPU %u has no FIFO control block\n",
               d->domain_id, v->vcpu_id);
        return;
    }
    was_pending = word_test_and_set(word, EVTCHN_FIFO_PENDING);
    if (!word_test(word, EVTCHN_FIFO_MASKED) && !word_test_and_set(word, EVTCHN_FIFO_LINKED))
        link_event(v, fv, chn);
    if (!was_pending)
        evtchn_check_pollers(d, chn->port);
}

/* The guest unlinks and skips ports that are no longer pending. */
static void fifo_clear_pending(struct domain *d, struct evtchn *chn)
{
    event_word_t *word = word_from_port(d, chn->port);

    chn->pending = false;
    if (word)
        word_clear(word, EVTCHN_FIFO_PENDING);
}

static void fifo_unmask(struct domain *d, struct evtchn *chn)
{
    struct vcpu *v = domain_vcpu(d, chn->notify_vcpu_id);
    event_word_t *word = word_from_port(d, chn->port);

    if (!word)
        return;
    word_clear(word, EVTCHN_FIFO_MASKED);
    if (v && word_test(word, EVTCHN_FIFO_PENDING))
        fifo_set_pending(v, chn);
}

static bool fifo_is_pending(const struct domain *d, evtchn_port_t port)
{
    const event_word_t *word = word_from_port(d, port);

    return word && word_test(word, EVTCHN_FIFO_PENDING);
}

/* A port without an event word cannot be delivered: it counts as masked. */
static bool fifo_is_masked(const struct domain *d, evtchn_port_t port)
{
    const event_word_t *word = word_from_port(d, port);

    return !word || word_test(word, EVTCHN_FIFO_MASKED);
}

static bool fifo_is_busy(const struct domain *d, evtchn_port_t port)
{
    const event_word_t *word = word_from_port(d, port);

    return word && word_test(word, EVTCHN_FIFO_LINKED);
}

/* For later events only: one already linked stays on its queue. */
static long fifo_set_priority(struct domain *d, struct evtchn *chn, unsigned int prio)
{
    (void)d;
    if (prio > EVTCHN_FIFO_PRIORITY_MIN)
        return trace_err(-XEN_EINVAL);
    chn->priority = prio;
    return 0;
}

void evtchn_fifo_for_each_page(const struct domain *d, void (*fn)(const void *va))
{
    const struct evtchn_fifo_domain *f = d->evtchn.fifo;
    unsigned int i;

    if (!f)
        return;
    for (i = 0; i < MAX_VIRT_CPUS; i++)
        if (f->vcpu[i].control_block)
            fn(f->vcpu[i].control_block);
    for (i = 0; i < f->nr_words / WORDS_PER_PAGE; i++)
        fn(f->array[i]);
}

/* A static function: an extern one's address would need the GOT. */
static void unmap_page(const void *va)
{
    evtchn_unmap_guest_page(va);
}

static void free_fifo(struct domain *d)
{
    evtchn_fifo_for_each_page(d, unmap_page);
    free_xenheap_pages_virt(d->evtchn.fifo, 1);
    d->evtchn.fifo = NULL;
}

/* The caller (evtchn_reset, a dying domain) puts the 2-level ops back. */
static void fifo_destroy(struct domain *d)
{
    if (d->evtchn.fifo)
        free_fifo(d);
}

static const struct evtchn_port_ops evtchn_port_ops_fifo = {
    .name = "FIFO",
    .init = fifo_init,
    .set_pending = fifo_set_pending,
    .clear_pending = fifo_clear_pending,
    .unmask = fifo_unmask,
    .is_pending = fifo_is_pending,
    .is_masked = fifo_is_masked,
    .is_busy = fifo_is_busy,
    .set_priority = fifo_set_priority,
    .destroy = fifo_destroy,
};

/* ---- EVTCHNOP_init_control ---- */

static long map_control_block(struct domain *d, struct vcpu *v, uint64_t gfn,
                              uint32_t offset)
{
    struct evtchn_fifo_vcpu *fv = fifo_vcpu(d, v->vcpu_id);
    char *page;

    if (fv->control_block)
        return trace_err(-XEN_EINVAL);
    if (!(page = evtchn_map_guest_page(d, gfn)))
        return trace_err(-XEN_EINVAL);
    __atomic_store_n(&fv->control_block, (evtchn_fifo_control_block_t *)(page + offset),
                     __ATOMIC_RELEASE);
    return 0;
}

/*
 * Ports bound under the 2-level ABI keep their pending state, as a
 * pending flag: there are no event words yet, so it is raised when
 * expand_array adds the port's page.  Masks are not carried over (the
 * guest sets up its event words itself).  The FIFO ops are in place
 * already: a send under a port's lock before we take it set the 2-level
 * bit, one after it finds the FIFO ABI and sets the flag itself.
 */
static void carry_over_ports(struct domain *d, unsigned int prev_max_ports)
{
    unsigned int limit = min(prev_max_ports, d->evtchn.valid_ports);
    evtchn_port_t port;

    for (port = 1; port < limit; port++) {
        struct evtchn *chn = evtchn_from_port(d, port);

        spin_lock(&chn->lock);
        if (evtchn_port_ops_2l.is_pending(d, port))
            __atomic_store_n(&chn->pending, true, __ATOMIC_SEQ_CST);
        chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
        spin_unlock(&chn->lock);
    }
}

static long switch_to_fifo(struct domain *d, struct vcpu *v,
                           const evtchn_init_control_t *c)
{
    struct evtchn_fifo_domain *f = alloc_xenheap_pages_virt(1);
    unsigned int prev_max_ports;
    long rc;

    BUILD_BUG_ON(sizeof(*f) > PAGE_SIZE);
    if (!f)
        return trace_err(-XEN_ENOMEM);
    memset(f, 0, sizeof(*f));
    d->evtchn.fifo = f;
    if ((rc = map_control_block(d, v, c->control_gfn, c->offset))) {
        free_fifo(d);
        return rc;
    }
    prev_max_ports = d->evtchn.max_ports;
    __atomic_store_n(&d->evtchn.ops, &evtchn_port_ops_fifo, __ATOMIC_RELEASE);
    carry_over_ports(d, prev_max_ports);
    d->evtchn.max_ports = EVTCHN_FIFO_NR_CHANNELS;
    return 0;
}

/* The first call switches the domain to the FIFO ABI. */
static long init_control(evtchn_init_control_t *c)
{
    struct domain *d = current_domain();
    struct vcpu *v = domain_vcpu(d, c->vcpu);

    c->link_bits = EVTCHN_FIFO_LINK_BITS;
    if (!v)
        return trace_err(-XEN_ENOENT);
    /* Checked before any use: the whole block inside the page, aligned. */
    if (c->offset > PAGE_SIZE - sizeof(evtchn_fifo_control_block_t) ||
        !IS_ALIGNED(c->offset, CONTROL_BLOCK_ALIGN))
        return trace_err(-XEN_EINVAL);
    if (d->evtchn.fifo)
        return map_control_block(d, v, c->control_gfn, c->offset);
    return switch_to_fifo(d, v, c);
}

/* ---- EVTCHNOP_expand_array ---- */

/* Events raised on ports of the new page while it was missing. */
static void raise_saved_events(struct domain *d, evtchn_port_t first)
{
    evtchn_port_t port;

    for (port = first; port < first + WORDS_PER_PAGE && port < d->evtchn.valid_ports; port++) {
        struct evtchn *chn = evtchn_from_port(d, port);
        struct vcpu *v;

        spin_lock(&chn->lock);
        v = domain_vcpu(d, chn->notify_vcpu_id);
        if (v && __atomic_exchange_n(&chn->pending, false, __ATOMIC_SEQ_CST))
            fifo_set_pending(v, chn);
        spin_unlock(&chn->lock);
    }
}

static long expand_array(evtchn_expand_array_t *e)
{
    struct domain *d = current_domain();
    struct evtchn_fifo_domain *f = d->evtchn.fifo;
    unsigned int slot;
    event_word_t *page;

    if (!f)
        return trace_err(-XEN_EOPNOTSUPP);
    slot = f->nr_words / WORDS_PER_PAGE;
    if (slot >= MAX_ARRAY_PAGES)
        return trace_err(-XEN_ENOSPC);
    if (!(page = evtchn_map_guest_page(d, e->array_gfn)))
        return trace_err(-XEN_EINVAL);
    f->array[slot] = page;
    __atomic_store_n(&f->nr_words, f->nr_words + WORDS_PER_PAGE, __ATOMIC_RELEASE);
    raise_saved_events(d, slot * WORDS_PER_PAGE);
    return 0;
}

/* Both under the binding lock, as every change of a domain's ports. */
long evtchn_fifo_init_control(evtchn_init_control_t *c)
{
    return EVTCHN_UNDER_BINDING_LOCK(init_control(c));
}

long evtchn_fifo_expand_array(evtchn_expand_array_t *e)
{
    return EVTCHN_UNDER_BINDING_LOCK(expand_array(e));
}
