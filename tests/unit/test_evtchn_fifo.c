/*
 * tests/unit/test_evtchn_fifo.c - the FIFO event-channel ABI
 * (hypervisor/common/evtchn_fifo.c) on top of the real port table
 * (event_channel.c) and the 2-level ABI it switches from (evtchn_2l.c).
 *
 * One fake domain with one vCPU, a shared_info page, and a handful of
 * fake guest frames (host pages, each allocated on its own so that
 * AddressSanitizer catches a write past one): frames of the domain's
 * own, one of another domain's, and one that is a page table (refuses
 * the writable type).  The hooks of evtchn_fifo_page.c are replaced:
 * mapping a frame counts a reference, unmapping drops it, and every test
 * ends with no reference left and every hypervisor page given back.
 * The compare-and-swap hook can play a guest that flips MASKED in the
 * old tail's word each time, just before the hypervisor's swap lands.
 *
 * Expected values are Xen 4.17's (xen/common/event_fifo.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minixen/sched.h>
#include <minixen/event.h>
#include <minixen/printk.h>
#include <minixen/mm.h>

#define DOM_ID              1
#define OTHER_DOM_ID        2
#define WORDS_PER_PAGE      (PAGE_SIZE / sizeof(event_word_t))
#define MAX_ARRAY_PAGES     (EVTCHN_FIFO_NR_CHANNELS / WORDS_PER_PAGE)
#define CB_SIZE             sizeof(evtchn_fifo_control_block_t)
#define BIT(b)              ((event_word_t)1 << (b))
#define LINK(w)             ((w) & EVTCHN_FIFO_LINK_MASK)
/* Xen: one swap, then BUSY and at most four more. */
#define MAX_SWAPS           5

/* The fake guest frames (gfn = GFN_BASE + index). */
enum {
    F_CB,                   /* control block page */
    F_ARRAY0,               /* event array pages, in the order added */
    F_ARRAY1,
    F_OTHER_DOM,            /* another domain's frame */
    F_PAGE_TABLE,           /* the domain's, but typed as a page table */
    NR_FRAMES,
};
#define GFN_BASE            0x4000UL
#define GFN(f)              (GFN_BASE + (f))
#define GFN_NOT_RAM         0x99999999UL

struct fake_frame {
    void *page;
    domid_t owner;
    bool table;
    unsigned int refs;
};

static struct {
    struct fake_frame frames[NR_FRAMES];
    unsigned int pages_out;         /* hypervisor pages not yet freed */
    unsigned int marks;             /* vcpu_mark_events_pending calls */
    unsigned int polls;             /* evtchn_check_pollers calls */
    evtchn_port_t last_poll_port;
    unsigned int races;             /* swaps the fake guest still spoils */
    unsigned int swaps;             /* evtchn_guest_cmpxchg calls */
    unsigned int warnings;
} t;

static struct domain dom;
static shared_info_t *shinfo;
struct pcpu host_test_pcpu;

/* ---- What the event-channel code calls ---- */

void printk(const char *fmt, ...)
{
    if (strstr(fmt, XENLOG_WARNING))
        t.warnings++;
}

void panic(const char *fmt, ...)
{
    fail_msg("unexpected panic: %s", fmt);
    abort();
}

unsigned int current_domid(void) { return DOM_ID; }
/* The fake domain registry behind domain_lookup() (common/domain.c's). */
static struct domain *domain_list[MAX_DOMAINS] = { [DOM_ID] = &dom };

struct domain *domain_lookup(domid_t id)
{
    return id < MAX_DOMAINS ? domain_list[id] : NULL;
}
struct domain *domain_lookup_self(domid_t id)
{
    return id == DOMID_SELF ? &dom : domain_lookup(id);
}
struct domain *hardware_domain(void) { return NULL; }
void vcpu_periodic_timer_update(struct vcpu *v) { (void)v; }

/* hypercall_preempt_check(): a test sets it to 1 to force it. */
unsigned int opt_hypercall_preempt_every;
bool apic_timer_due(void) { return false; }

void vcpu_mark_events_pending(struct vcpu *v)
{
    assert_ptr_equal(v, &dom.vcpu0);
    t.marks++;
}

void evtchn_check_pollers(struct domain *d, evtchn_port_t port)
{
    assert_ptr_equal(d, &dom);
    t.polls++;
    t.last_poll_port = port;
}

static void *host_page(void)
{
    void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);

    assert_non_null(p);
    memset(p, 0, PAGE_SIZE);
    return p;
}

void *evtchn_alloc_page(void) { t.pages_out++; return host_page(); }
void evtchn_free_page(void *page) { t.pages_out--; free(page); }

void *alloc_xenheap_pages_virt(unsigned int nr)
{
    assert_int_equal(nr, 1);
    t.pages_out++;
    return aligned_alloc(PAGE_SIZE, PAGE_SIZE);     /* not zeroed: the code must */
}

void free_xenheap_pages_virt(void *va, unsigned int nr)
{
    assert_int_equal(nr, 1);
    t.pages_out--;
    free(va);
}

void *evtchn_map_guest_page(struct domain *d, uint64_t gfn)
{
    struct fake_frame *f;

    if (gfn < GFN_BASE || gfn >= GFN_BASE + NR_FRAMES)
        return NULL;
    f = &t.frames[gfn - GFN_BASE];
    if (f->owner != d->domain_id || f->table)
        return NULL;
    f->refs++;
    return f->page;
}

void evtchn_unmap_guest_page(const void *va)
{
    for (unsigned int i = 0; i < NR_FRAMES; i++) {
        char *p = t.frames[i].page;
        if ((const char *)va >= p && (const char *)va < p + PAGE_SIZE) {
            assert_true(t.frames[i].refs > 0);
            t.frames[i].refs--;
            return;
        }
    }
    fail_msg("unmap of %p: not a guest frame", va);
}

/* A racing guest flips MASKED in the word just before the swap. */
uint32_t evtchn_guest_cmpxchg(uint32_t *word, uint32_t old, uint32_t new)
{
    t.swaps++;
    if (t.races) {
        t.races--;
        *word ^= BIT(EVTCHN_FIFO_MASKED);
    }
    if (*word == old)
        *word = new;
    else
        old = *word;
    return old;
}

/* ---- Set-up ---- */

static int setup(void **state)
{
    (void)state;
    memset(&t, 0, sizeof(t));
    memset(&dom, 0, sizeof(dom));
    opt_hypercall_preempt_every = 0;
    shinfo = host_page();
    for (unsigned int i = 0; i < NR_FRAMES; i++) {
        t.frames[i].page = host_page();
        t.frames[i].owner = i == F_OTHER_DOM ? OTHER_DOM_ID : DOM_ID;
        t.frames[i].table = i == F_PAGE_TABLE;
    }
    dom.domain_id = DOM_ID;
    dom.shared_info = shinfo;
    dom.max_vcpus = 1;
    dom.vcpu[0] = &dom.vcpu0;
    dom.vcpu0.domain = &dom;
    dom.vcpu0.vcpu_info = &shinfo->vcpu_info[0];
    host_test_pcpu.curr = &dom.vcpu0;
    assert_true(evtchn_init(&dom));
    return 0;
}

/* Dying frees everything: no page of ours, no reference to a guest frame. */
static int teardown(void **state)
{
    (void)state;
    evtchn_destroy(&dom);
    assert_int_equal(t.pages_out, 0);
    for (unsigned int i = 0; i < NR_FRAMES; i++) {
        assert_int_equal(t.frames[i].refs, 0);
        free(t.frames[i].page);
    }
    free(shinfo);
    return 0;
}

/* ---- Helpers: the hypercalls, and a look at the guest's pages ---- */

static long init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu)
{
    evtchn_init_control_t c = { .control_gfn = gfn, .offset = offset, .vcpu = vcpu };
    long rc = evtchn_fifo_init_control(&c);

    assert_int_equal(c.link_bits, EVTCHN_FIFO_LINK_BITS);
    return rc;
}

static long expand(uint64_t gfn)
{
    evtchn_expand_array_t e = { .array_gfn = gfn };

    return evtchn_fifo_expand_array(&e);
}

static long set_priority(evtchn_port_t port, uint32_t prio)
{
    evtchn_set_priority_t p = { .port = port, .priority = prio };

    return evtchn_set_priority(&p);
}

static evtchn_port_t bind_ipi(void)
{
    evtchn_bind_ipi_t b = { .vcpu = 0 };

    assert_int_equal(evtchn_bind_ipi(&b), 0);
    return b.port;
}

static void send(evtchn_port_t port)
{
    assert_int_equal(evtchn_send(&dom, port), 0);
}

static evtchn_fifo_control_block_t *cb(void)
{
    return t.frames[F_CB].page;
}

static event_word_t *word(evtchn_port_t port)
{
    event_word_t *page = t.frames[F_ARRAY0 + port / WORDS_PER_PAGE].page;

    return &page[port % WORDS_PER_PAGE];
}

static bool has(evtchn_port_t port, unsigned int bit)
{
    return *word(port) & BIT(bit);
}

/* FIFO on, control block at offset 0, the first array page added. */
static void fifo_on(void)
{
    assert_int_equal(init_control(GFN(F_CB), 0, 0), 0);
    assert_int_equal(expand(GFN(F_ARRAY0)), 0);
}

/* ---- init_control ---- */

static void test_init_control_switches_abi(void **state)
{
    (void)state;
    assert_ptr_equal(dom.evtchn.ops, &evtchn_port_ops_2l);
    assert_int_equal(init_control(GFN(F_CB), 0, 0), 0);
    assert_string_equal(dom.evtchn.ops->name, "FIFO");
    assert_int_equal(dom.evtchn.max_ports, EVTCHN_FIFO_NR_CHANNELS);
    assert_int_equal(t.frames[F_CB].refs, 1);
}

static void test_init_control_last_offset(void **state)
{
    (void)state;
    assert_int_equal(init_control(GFN(F_CB), PAGE_SIZE - CB_SIZE, 0), 0);
    assert_int_equal(expand(GFN(F_ARRAY0)), 0);
    send(bind_ipi());
    /* The block's last byte is the page's last: nothing written past it. */
    assert_int_equal(((evtchn_fifo_control_block_t *)
                      ((char *)cb() + PAGE_SIZE - CB_SIZE))->head[7], 1);
}

static void assert_still_2l(void)
{
    assert_ptr_equal(dom.evtchn.ops, &evtchn_port_ops_2l);
    assert_null(dom.evtchn.fifo);
    assert_int_equal(dom.evtchn.max_ports, EVTCHN_2L_NR_CHANNELS);
    for (unsigned int i = 0; i < NR_FRAMES; i++)
        assert_int_equal(t.frames[i].refs, 0);
    assert_int_equal(t.pages_out, 1);           /* the port bucket only */
}

static void test_init_control_bad_offset(void **state)
{
    (void)state;
    assert_int_equal(init_control(GFN(F_CB), 4, 0), -XEN_EINVAL);          /* misaligned */
    assert_int_equal(init_control(GFN(F_CB), PAGE_SIZE - CB_SIZE + 8, 0), -XEN_EINVAL);
    assert_int_equal(init_control(GFN(F_CB), PAGE_SIZE, 0), -XEN_EINVAL);
    assert_int_equal(init_control(GFN(F_CB), UINT32_MAX & ~7u, 0), -XEN_EINVAL);
    assert_still_2l();
}

static void test_init_control_bad_vcpu(void **state)
{
    (void)state;
    assert_int_equal(init_control(GFN(F_CB), 0, 1), -XEN_ENOENT);
    assert_int_equal(init_control(GFN(F_CB), 0, UINT32_MAX), -XEN_ENOENT);
    /* The vCPU is checked before the offset, as on Xen. */
    assert_int_equal(init_control(GFN(F_CB), 3, 1), -XEN_ENOENT);
    assert_still_2l();
}

static void test_init_control_bad_frame(void **state)
{
    (void)state;
    assert_int_equal(init_control(GFN_NOT_RAM, 0, 0), -XEN_EINVAL);
    assert_int_equal(init_control(GFN(F_OTHER_DOM), 0, 0), -XEN_EINVAL);
    assert_int_equal(init_control(GFN(F_PAGE_TABLE), 0, 0), -XEN_EINVAL);
    assert_still_2l();
}

static void test_init_control_twice(void **state)
{
    (void)state;
    assert_int_equal(init_control(GFN(F_CB), 0, 0), 0);
    assert_int_equal(init_control(GFN(F_CB), 0, 0), -XEN_EINVAL);
    assert_int_equal(init_control(GFN(F_ARRAY0), 64, 0), -XEN_EINVAL);
    assert_int_equal(t.frames[F_CB].refs, 1);
    assert_int_equal(t.frames[F_ARRAY0].refs, 0);
}

/* ---- expand_array ---- */

static void test_expand_before_init(void **state)
{
    (void)state;
    assert_int_equal(expand(GFN(F_ARRAY0)), -XEN_EOPNOTSUPP);
    assert_int_equal(t.frames[F_ARRAY0].refs, 0);
}

static void test_expand_bad_frame(void **state)
{
    (void)state;
    assert_int_equal(init_control(GFN(F_CB), 0, 0), 0);
    assert_int_equal(expand(GFN_NOT_RAM), -XEN_EINVAL);
    assert_int_equal(expand(GFN(F_OTHER_DOM)), -XEN_EINVAL);
    assert_int_equal(expand(GFN(F_PAGE_TABLE)), -XEN_EINVAL);
    assert_true(dom.evtchn.ops->is_masked(&dom, 1));   /* still no event words */
}

/* The same frame may back every page (Xen lets it): 128 pages, then -ENOSPC. */
static void test_expand_to_limit(void **state)
{
    (void)state;
    assert_int_equal(MAX_ARRAY_PAGES, 128);
    assert_int_equal(init_control(GFN(F_CB), 0, 0), 0);
    for (unsigned int i = 0; i < MAX_ARRAY_PAGES; i++)
        assert_int_equal(expand(GFN(F_ARRAY0)), 0);
    assert_int_equal(expand(GFN(F_ARRAY1)), -XEN_ENOSPC);
    assert_int_equal(t.frames[F_ARRAY0].refs, MAX_ARRAY_PAGES);
    assert_int_equal(t.frames[F_ARRAY1].refs, 0);
    assert_false(dom.evtchn.ops->is_masked(&dom, EVTCHN_FIFO_NR_CHANNELS - 1));
}

/* ---- set_priority ---- */

static void test_set_priority(void **state)
{
    evtchn_port_t p;

    (void)state;
    p = bind_ipi();
    assert_int_equal(set_priority(p, 3), -XEN_ENOSYS);         /* 2-level */
    assert_int_equal(set_priority(9999, 3), -XEN_EINVAL);      /* port first */
    fifo_on();
    assert_int_equal(set_priority(p, EVTCHN_FIFO_PRIORITY_MIN + 1), -XEN_EINVAL);
    assert_int_equal(set_priority(p, UINT32_MAX), -XEN_EINVAL);
    assert_int_equal(set_priority(dom.evtchn.valid_ports, 3), -XEN_EINVAL);
    assert_int_equal(set_priority(p + 1, 3), -XEN_EACCES);    /* free */
    assert_int_equal(set_priority(0, 3), -XEN_EACCES);        /* reserved */
    assert_int_equal(set_priority(p, EVTCHN_FIFO_PRIORITY_MIN), 0);
    send(p);
    assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_MIN], p);
    assert_int_equal(cb()->ready, BIT(EVTCHN_FIFO_PRIORITY_MIN));
}

/* ---- Delivery ---- */

static void test_link_at_tail(void **state)
{
    evtchn_port_t a, b, c;

    (void)state;
    fifo_on();
    a = bind_ipi(), b = bind_ipi(), c = bind_ipi();
    send(a), send(b), send(c);
    assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], a);
    assert_int_equal(LINK(*word(a)), b);
    assert_int_equal(LINK(*word(b)), c);
    assert_int_equal(LINK(*word(c)), 0);
    for (evtchn_port_t p = a; p <= c; p++)
        assert_int_equal(*word(p) & ~EVTCHN_FIFO_LINK_MASK,
                         BIT(EVTCHN_FIFO_PENDING) | BIT(EVTCHN_FIFO_LINKED));
    assert_int_equal(cb()->ready, BIT(EVTCHN_FIFO_PRIORITY_DEFAULT));
    assert_int_equal(t.marks, 1);           /* only the empty queue's first event */
    assert_int_equal(t.polls, 3);
    assert_true(dom.evtchn.ops->is_pending(&dom, b));
}

/* Appended behind a linked tail, an event leaves ready alone: the guest is still at it. */
static void test_append_leaves_ready(void **state)
{
    evtchn_port_t a, b;

    (void)state;
    fifo_on();
    a = bind_ipi(), b = bind_ipi();
    send(a);
    cb()->ready = 0;
    send(b);
    assert_int_equal(LINK(*word(a)), b);
    assert_int_equal(cb()->ready, 0);
    assert_int_equal(t.marks, 1);
}

static void test_two_queues(void **state)
{
    evtchn_port_t lo, hi;

    (void)state;
    fifo_on();
    lo = bind_ipi(), hi = bind_ipi();
    assert_int_equal(set_priority(lo, 9), 0);
    assert_int_equal(set_priority(hi, 2), 0);
    send(lo), send(hi);
    assert_int_equal(cb()->head[9], lo);
    assert_int_equal(cb()->head[2], hi);
    assert_int_equal(LINK(*word(lo)), 0);
    assert_int_equal(cb()->ready, BIT(2) | BIT(9));
    assert_int_equal(t.marks, 2);
}

static void test_masked_then_unmask(void **state)
{
    evtchn_port_t p;

    (void)state;
    fifo_on();
    p = bind_ipi();
    *word(p) = BIT(EVTCHN_FIFO_MASKED);
    send(p);
    assert_int_equal(*word(p), BIT(EVTCHN_FIFO_MASKED) | BIT(EVTCHN_FIFO_PENDING));
    assert_int_equal(cb()->ready, 0);
    assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], 0);
    assert_int_equal(t.marks, 0);
    assert_int_equal(t.polls, 1);           /* pollers learn of masked ports too */
    assert_int_equal(evtchn_unmask(p), 0);
    assert_int_equal(*word(p), BIT(EVTCHN_FIFO_PENDING) | BIT(EVTCHN_FIFO_LINKED));
    assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], p);
    assert_int_equal(t.marks, 1);
}

/* A port not in use is left alone, whatever the guest put in its word. */
static void test_unmask_free_port(void **state)
{
    (void)state;
    fifo_on();
    *word(3) = BIT(EVTCHN_FIFO_MASKED) | BIT(EVTCHN_FIFO_PENDING);
    assert_int_equal(evtchn_unmask(3), 0);
    assert_int_equal(*word(3), BIT(EVTCHN_FIFO_MASKED) | BIT(EVTCHN_FIFO_PENDING));
    assert_int_equal(cb()->ready, 0);
}

static void test_unmask_not_pending(void **state)
{
    evtchn_port_t p;

    (void)state;
    fifo_on();
    p = bind_ipi();
    *word(p) = BIT(EVTCHN_FIFO_MASKED);
    assert_int_equal(evtchn_unmask(p), 0);
    assert_int_equal(*word(p), 0);
    assert_int_equal(t.marks, 0);
}

static void test_repending_no_duplicate(void **state)
{
    evtchn_port_t a, b;

    (void)state;
    fifo_on();
    a = bind_ipi(), b = bind_ipi();
    send(a), send(b), send(a), send(a);
    assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], a);
    assert_int_equal(LINK(*word(a)), b);
    assert_int_equal(LINK(*word(b)), 0);    /* a not appended behind b */
    assert_int_equal(t.marks, 1);
    assert_int_equal(t.polls, 2);           /* only when PENDING was newly set */
}

/* The guest consumes the whole queue the FIFO way: the next event starts it again. */
static void test_consumed_queue_restarts(void **state)
{
    evtchn_port_t a, b;

    (void)state;
    fifo_on();
    a = bind_ipi(), b = bind_ipi();
    send(a);
    cb()->ready = 0;
    cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT] = 0;
    *word(a) = 0;
    send(b);
    assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], b);
    assert_int_equal(LINK(*word(a)), 0);    /* the consumed tail is left alone */
    assert_int_equal(cb()->ready, BIT(EVTCHN_FIFO_PRIORITY_DEFAULT));
    assert_int_equal(t.marks, 2);
    send(a);                                /* and a comes after b */
    assert_int_equal(LINK(*word(b)), a);
}

/* A consumed port that changed priority leaves its old queue empty behind it. */
static void test_moved_port_forgotten_by_old_queue(void **state)
{
    evtchn_port_t a, b;

    (void)state;
    fifo_on();
    a = bind_ipi(), b = bind_ipi();
    send(a);
    *word(a) = 0;                           /* consumed, still the queue's tail */
    cb()->ready = 0;
    assert_int_equal(set_priority(a, 1), 0);
    send(a);
    assert_int_equal(cb()->head[1], a);
    send(b);                                /* default queue: must not link behind a */
    assert_int_equal(LINK(*word(a)), 0);
    assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], b);
    assert_int_equal(cb()->ready, BIT(1) | BIT(EVTCHN_FIFO_PRIORITY_DEFAULT));
}

/* A priority change does not move a port that is already linked. */
static void test_priority_for_future_events(void **state)
{
    evtchn_port_t a;

    (void)state;
    fifo_on();
    a = bind_ipi();
    send(a);
    assert_int_equal(set_priority(a, 0), 0);
    send(a);
    assert_int_equal(cb()->ready, BIT(EVTCHN_FIFO_PRIORITY_DEFAULT));
    assert_int_equal(cb()->head[0], 0);
}

static void test_busy_retries_then_links(void **state)
{
    evtchn_port_t a, b;

    (void)state;
    fifo_on();
    a = bind_ipi(), b = bind_ipi();
    send(a);
    t.races = 3;
    send(b);
    assert_int_equal(t.swaps, 4);
    assert_int_equal(LINK(*word(a)), b);
    assert_false(has(a, EVTCHN_FIFO_BUSY));
    assert_true(has(a, EVTCHN_FIFO_MASKED));        /* the guest's three flips */
    assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], a);
}

/* A guest that never lets the swap land costs a bounded number of tries. */
static void test_busy_bounded(void **state)
{
    evtchn_port_t a, b;

    (void)state;
    fifo_on();
    a = bind_ipi(), b = bind_ipi();
    send(a);
    t.races = 1000;
    send(b);
    assert_int_equal(t.swaps, MAX_SWAPS);
    assert_int_equal(LINK(*word(a)), 0);
    assert_false(has(a, EVTCHN_FIFO_BUSY));
    assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], a);  /* head kept */
    assert_int_equal(t.marks, 1);
    assert_int_equal(t.warnings, 1);
}

/* The guest unlinks the tail while the hypervisor tries: the queue is empty. */
static void test_tail_unlinked_during_link(void **state)
{
    evtchn_port_t a, b;

    (void)state;
    fifo_on();
    a = bind_ipi(), b = bind_ipi();
    send(a);
    *word(a) &= ~BIT(EVTCHN_FIFO_LINKED);
    send(b);
    assert_int_equal(t.swaps, 0);
    assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], b);
}

static void test_is_busy_blocks_reuse(void **state)
{
    evtchn_port_t a, b;

    (void)state;
    fifo_on();
    a = bind_ipi();
    send(a);
    assert_int_equal(evtchn_close(&dom, a), 0);
    assert_false(has(a, EVTCHN_FIFO_PENDING));      /* closing clears it */
    assert_true(dom.evtchn.ops->is_busy(&dom, a));
    b = bind_ipi();
    assert_int_not_equal(b, a);
    *word(a) &= ~BIT(EVTCHN_FIFO_LINKED);           /* the guest consumes it */
    assert_int_equal(bind_ipi(), a);
}

static void test_no_event_word(void **state)
{
    evtchn_port_t p = WORDS_PER_PAGE + 5;

    (void)state;
    fifo_on();
    while (bind_ipi() < p)
        continue;
    assert_false(dom.evtchn.ops->is_pending(&dom, p));
    assert_true(dom.evtchn.ops->is_masked(&dom, p));
    assert_false(dom.evtchn.ops->is_busy(&dom, p));
    send(p);                                /* remembered, nothing written */
    assert_int_equal(t.marks, 0);
    assert_int_equal(evtchn_unmask(p), 0);
    assert_int_equal(expand(GFN(F_ARRAY1)), 0);
    assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], p);
    assert_int_equal(t.marks, 1);
    assert_false(evtchn_from_port(&dom, p)->pending);
}

/* An event remembered for a port without a word dies with the binding. */
static void test_saved_event_dropped_on_close(void **state)
{
    evtchn_port_t p = WORDS_PER_PAGE;

    (void)state;
    fifo_on();
    while (bind_ipi() < p)
        continue;
    send(p);
    assert_int_equal(evtchn_close(&dom, p), 0);
    assert_int_equal(bind_ipi(), p);
    assert_int_equal(expand(GFN(F_ARRAY1)), 0);
    assert_int_equal(*word(p), 0);
    assert_int_equal(cb()->ready, 0);
}

/* A loopback interdomain channel: binding announces itself once. */
static void test_loopback_interdomain(void **state)
{
    evtchn_alloc_unbound_t a = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    evtchn_bind_interdomain_t b = { .remote_dom = DOMID_SELF };

    (void)state;
    fifo_on();
    assert_int_equal(evtchn_alloc_unbound(&a), 0);
    b.remote_port = a.port;
    assert_int_equal(evtchn_bind_interdomain(&b), 0);
    assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], b.local_port);
    send(b.local_port);
    assert_int_equal(LINK(*word(b.local_port)), a.port);
}

/* ---- Switching ABIs ---- */

static void test_switch_from_2l(void **state)
{
    evtchn_port_t quiet, loud;

    (void)state;
    quiet = bind_ipi(), loud = bind_ipi();
    assert_int_equal(set_priority(loud, 0), -XEN_ENOSYS);
    send(loud);                             /* pending in shared_info */
    assert_int_equal(t.marks, 1);
    assert_int_equal(init_control(GFN(F_CB), 0, 0), 0);
    assert_false(dom.evtchn.ops->is_pending(&dom, loud));  /* no words yet */
    assert_int_equal(cb()->ready, 0);
    assert_int_equal(expand(GFN(F_ARRAY0)), 0);
    assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], loud);
    assert_int_equal(*word(loud), BIT(EVTCHN_FIFO_PENDING) | BIT(EVTCHN_FIFO_LINKED));
    assert_int_equal(*word(quiet), 0);
    assert_int_equal(t.marks, 2);
    send(quiet);                            /* the port still works */
    assert_int_equal(LINK(*word(loud)), quiet);
}

/* The carried-over event meets a word the guest masked: pending, not linked. */
static void test_switch_from_2l_masked(void **state)
{
    evtchn_port_t p;

    (void)state;
    p = bind_ipi();
    send(p);
    assert_int_equal(init_control(GFN(F_CB), 0, 0), 0);
    ((event_word_t *)t.frames[F_ARRAY0].page)[p] = BIT(EVTCHN_FIFO_MASKED);
    assert_int_equal(expand(GFN(F_ARRAY0)), 0);
    assert_int_equal(*word(p), BIT(EVTCHN_FIFO_MASKED) | BIT(EVTCHN_FIFO_PENDING));
    assert_int_equal(cb()->ready, 0);
}

static void test_reset_back_to_2l(void **state)
{
    evtchn_port_t p;

    (void)state;
    fifo_on();
    assert_int_equal(expand(GFN(F_ARRAY1)), 0);
    p = bind_ipi();
    send(p);
    assert_int_equal(evtchn_reset(DOMID_SELF, false), 0);
    assert_ptr_equal(dom.evtchn.ops, &evtchn_port_ops_2l);
    assert_null(dom.evtchn.fifo);
    assert_int_equal(dom.evtchn.max_ports, EVTCHN_2L_NR_CHANNELS);
    for (unsigned int i = 0; i < NR_FRAMES; i++)
        assert_int_equal(t.frames[i].refs, 0);
    assert_int_equal(t.pages_out, 1);
    /* 2-level delivery works again, and FIFO can be turned on again. */
    p = bind_ipi();
    send(p);
    assert_true(evtchn_port_is_pending(&dom, p));
    assert_int_equal(expand(GFN(F_ARRAY0)), -XEN_EOPNOTSUPP);
    fifo_on();
}

/*
 * A preempted reset stays on FIFO until its last part; a port bound
 * between the parts keeps FIFO for good (-EAGAIN), as Xen's active count
 * does, and a new reset then finishes the job.
 */
static void test_reset_preempted_stays_fifo(void **state)
{
    unsigned int i;
    long rc;

    (void)state;
    fifo_on();
    for (i = 1; i <= 100; i++)
        assert_int_equal(bind_ipi(), i);
    opt_hypercall_preempt_every = 1;
    assert_int_equal(evtchn_reset(DOMID_SELF, false), -XEN_ERESTART);
    assert_non_null(dom.evtchn.fifo);
    assert_int_equal(bind_ipi(), 1);
    send(1);
    assert_true(has(1, EVTCHN_FIFO_LINKED));
    while ((rc = evtchn_reset(DOMID_SELF, true)) == -XEN_ERESTART)
        assert_non_null(dom.evtchn.fifo);
    assert_int_equal(rc, -XEN_EAGAIN);
    assert_non_null(dom.evtchn.fifo);
    opt_hypercall_preempt_every = 0;
    assert_int_equal(evtchn_reset(DOMID_SELF, false), 0);
    assert_ptr_equal(dom.evtchn.ops, &evtchn_port_ops_2l);
    assert_null(dom.evtchn.fifo);
}

/* A dying domain gives everything back (checked by teardown). */
static void test_destroy_frees(void **state)
{
    (void)state;
    fifo_on();
    assert_int_equal(expand(GFN(F_ARRAY1)), 0);
    send(bind_ipi());
    evtchn_destroy(&dom);
    assert_null(dom.evtchn.ops);
}

static unsigned int listed[NR_FRAMES];

static void list_page(const void *va)
{
    for (unsigned int i = 0; i < NR_FRAMES; i++)
        if (va >= t.frames[i].page && (const char *)va < (char *)t.frames[i].page + PAGE_SIZE)
            listed[i]++;
}

/* What the frame-table audit is told: every page referenced, as often. */
static void test_for_each_page_lists_references(void **state)
{
    (void)state;
    memset(listed, 0, sizeof(listed));
    evtchn_fifo_for_each_page(&dom, list_page);     /* 2-level: none */
    assert_int_equal(init_control(GFN(F_CB), 64, 0), 0);
    assert_int_equal(expand(GFN(F_ARRAY0)), 0);
    assert_int_equal(expand(GFN(F_ARRAY1)), 0);
    assert_int_equal(expand(GFN(F_ARRAY1)), 0);
    evtchn_fifo_for_each_page(&dom, list_page);
    for (unsigned int i = 0; i < NR_FRAMES; i++)
        assert_int_equal(listed[i], t.frames[i].refs);
    assert_int_equal(listed[F_ARRAY1], 2);
}

/* ---- Hostile words ---- */

/* Garbage in every word and in the control block: the hypervisor only writes where it may. */
static void test_garbage_words(void **state)
{
    evtchn_port_t bound[40];

    (void)state;
    fifo_on();
    srand(1);
    for (unsigned int i = 0; i < 40; i++)
        bound[i] = bind_ipi();
    for (unsigned int round = 0; round < 200; round++) {
        for (unsigned int i = 0; i < WORDS_PER_PAGE; i++)
            ((event_word_t *)t.frames[F_ARRAY0].page)[i] = (event_word_t)rand() << 1 ^ rand();
        cb()->ready = rand();
        for (unsigned int i = 0; i < EVTCHN_FIFO_MAX_QUEUES; i++)
            cb()->head[i] = rand();
        t.races = rand() % 8;
        if (rand() % 4 == 0)
            assert_int_equal(set_priority(bound[rand() % 40], rand() % 16), 0);
        send(bound[rand() % 40]);
        assert_true(t.swaps <= MAX_SWAPS * (round + 1));
    }
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_init_control_switches_abi),
        T(test_init_control_last_offset),
        T(test_init_control_bad_offset),
        T(test_init_control_bad_vcpu),
        T(test_init_control_bad_frame),
        T(test_init_control_twice),
        T(test_expand_before_init),
        T(test_expand_bad_frame),
        T(test_expand_to_limit),
        T(test_set_priority),
        T(test_link_at_tail),
        T(test_append_leaves_ready),
        T(test_two_queues),
        T(test_masked_then_unmask),
        T(test_unmask_not_pending),
        T(test_unmask_free_port),
        T(test_repending_no_duplicate),
        T(test_consumed_queue_restarts),
        T(test_moved_port_forgotten_by_old_queue),
        T(test_priority_for_future_events),
        T(test_busy_retries_then_links),
        T(test_busy_bounded),
        T(test_tail_unlinked_during_link),
        T(test_is_busy_blocks_reuse),
        T(test_no_event_word),
        T(test_saved_event_dropped_on_close),
        T(test_loopback_interdomain),
        T(test_switch_from_2l),
        T(test_switch_from_2l_masked),
        T(test_reset_back_to_2l),
        T(test_reset_preempted_stays_fifo),
        T(test_destroy_frees),
        T(test_for_each_page_lists_references),
        T(test_garbage_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
