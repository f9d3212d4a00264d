/*
 * Domain life cycle: creation, shutdown and crash.
 *
 * When domain 0 (the hardware domain) shuts down the machine goes with it,
 * as on Xen: the hypervisor logs the reason and powers off, reboots or,
 * after a crash with `noreboot`, halts.
 */
#include <minixen/lib.h>
#include <minixen/hypercall.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/boot.h>
#include <minixen/event.h>
#include <minixen/sched_credit.h>
#include <minixen/grace.h>
#include <public/sched.h>
#include <asm/traps.h>
#include <asm/power.h>
#include <asm/time.h>
#include <asm/page.h>
#include <asm/smp.h>

/*
 * Domains live in hypervisor-heap pages of their own.  Every listed domain
 * is on one list in id order (getdomaininfo walks it) and in a hash
 * bucket by id (lookups).  A domain stays listed while it is dying, until
 * the last frame others held of it is freed.
 */
#define DOMAIN_HASH_SIZE    256
#define DOMAIN_PAGES        DIV_ROUND_UP(sizeof(struct domain), PAGE_SIZE)

static struct domain *domain_list_head;
static struct domain *domain_hash[DOMAIN_HASH_SIZE];
static unsigned int domains_listed;
/*
 * Changes to the list and the hash chains.  Readers take no lock: a
 * domain is linked in only once its links are set, and freed only a
 * grace period after it is unlinked (minixen/grace.h), so a reader
 * walking past it meanwhile still finds valid links.
 */
static DEFINE_SPINLOCK(domlist_lock);

struct domain *domain_list_first(void)
{
    return __atomic_load_n(&domain_list_head, __ATOMIC_ACQUIRE);
}

struct domain *domain_next(const struct domain *d)
{
    return __atomic_load_n(&d->next_in_list, __ATOMIC_ACQUIRE);
}

unsigned int nr_domains(void)
{
    return __atomic_load_n(&domains_listed, __ATOMIC_RELAXED);
}

struct domain *domain_lookup(domid_t id)
{
    struct domain *d = __atomic_load_n(&domain_hash[id % DOMAIN_HASH_SIZE], __ATOMIC_ACQUIRE);

    for (; d; d = __atomic_load_n(&d->next_in_hash, __ATOMIC_ACQUIRE))
        if (d->domain_id == id)
            return d;
    return NULL;
}

/* The exact id through the hash first: the toolstack's one-domain
 * queries (xl's monitors, xenstored's state checks) are O(1) then. */
struct domain *domain_first_from(domid_t first)
{
    struct domain *d = domain_lookup(first);

    for (d = d ? d : domain_list_first(); d && d->domain_id < first; d = domain_next(d))
        ;
    return d;
}

static void domain_list_insert(struct domain *d)
{
    struct domain **pd = &domain_list_head, **bucket;

    spin_lock(&domlist_lock);
    while (*pd && (*pd)->domain_id < d->domain_id)
        pd = &(*pd)->next_in_list;
    d->next_in_list = *pd;
    bucket = &domain_hash[d->domain_id % DOMAIN_HASH_SIZE];
    d->next_in_hash = *bucket;
    __atomic_store_n(pd, d, __ATOMIC_RELEASE);
    __atomic_store_n(bucket, d, __ATOMIC_RELEASE);
    domains_listed++;
    spin_unlock(&domlist_lock);
}

static void domain_list_remove(struct domain *d)
{
    struct domain **pd = &domain_list_head;

    spin_lock(&domlist_lock);
    while (*pd != d)
        pd = &(*pd)->next_in_list;
    __atomic_store_n(pd, d->next_in_list, __ATOMIC_RELEASE);
    for (pd = &domain_hash[d->domain_id % DOMAIN_HASH_SIZE]; *pd != d; )
        pd = &(*pd)->next_in_hash;
    __atomic_store_n(pd, d->next_in_hash, __ATOMIC_RELEASE);
    domains_listed--;
    spin_unlock(&domlist_lock);
}

/* A vCPU other than 0 fills pages of its own. */
#define VCPU_PAGES          DIV_ROUND_UP(sizeof(struct vcpu), PAGE_SIZE)

static void free_vcpu(struct domain *d, unsigned int id)
{
    if (id && d->vcpu[id])
        free_xenheap_pages_virt(d->vcpu[id], VCPU_PAGES);
    d->vcpu[id] = NULL;
}

/* A grace period after it was unlisted: nothing can reach it any more. */
static void domain_free_after_grace(struct grace_item *item)
{
    struct domain *d = container_of(item, struct domain, grace);
    unsigned int i;

    for (i = 1; i < d->max_vcpus; i++)
        free_vcpu(d, i);
    free_xenheap_pages_virt(d, DOMAIN_PAGES);
}

/* Unlisted, its id free again; its pages go back once no CPU can hold it. */
static void domain_free(struct domain *d)
{
    if (__atomic_exchange_n(&d->freed, true, __ATOMIC_ACQ_REL))
        return;
    domain_list_remove(d);
    call_after_grace(&d->grace, domain_free_after_grace);
}

void domain_release_if_done(struct domain *d)
{
    /* Boot-module domains stay listed: power-off reports their reasons. */
    if (d->destroyed && d->toolstack_lifetime && d->tot_pages == 0)
        domain_free(d);
}

void domain_free_all_destroyed(void)
{
    struct domain *d = domain_list_first(), *next;

    for (; d; d = next) {
        next = domain_next(d);
        if (d->destroyed && d->tot_pages == 0)
            domain_free(d);
    }
    grace_run_all();                    /* at power-off: the other CPUs are parked */
}

static const char *const shutdown_names[] = {
    [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
    [SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
    [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

const char *shutdown_reason_name(unsigned int reason)
{
    return reason < ARRAY_SIZE(shutdown_names) ? shutdown_names[reason] : "unknown";
}

/* The creation reference; guest mappings of the page are gone by now. */
static void free_shared_info(struct domain *d)
{
    unsigned long mfn = d->shared_info_mfn;
    struct vcpu *v;

    if (!mfn)
        return;
    frame_table[mfn].owner = DOMID_XEN;     /* not part of tot_pages */
    put_page_and_type(mfn);
    d->shared_info_mfn = 0;
    /* The page may be reused at once; a dying domain has none. */
    d->shared_info = NULL;
    for_each_vcpu(d, v)
        v->vcpu_info = NULL;
}

static bool alloc_shared_info(struct domain *d)
{
    unsigned long mfn = alloc_xenheap_page();
    unsigned int i;

    if (mfn == INVALID_MFN_VALUE)
        return false;
    /* Xen's page, but the domain may map it (writable). */
    frame_table[mfn].owner = d->domain_id;
    frame_table[mfn].count = 1;
    /*
     * Typed writable for good: the hypervisor writes into it (time,
     * cr2, event bits), so it must never become a page table or GDT.
     */
    frame_table[mfn].type = PGT_writable;
    frame_table[mfn].type_count = 1;
    page_set_flags(&frame_table[mfn], PGF_validated);
    d->shared_info_mfn = mfn;
    d->shared_info = mfn_to_virt(mfn);
    for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
        d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
    return true;
}

void *evtchn_alloc_page(void)
{
    void *page = alloc_xenheap_pages_virt(1);

    BUILD_BUG_ON(EVTCHNS_PER_BUCKET * sizeof(struct evtchn) > PAGE_SIZE);
    if (page)
        memset(page, 0, PAGE_SIZE);
    return page;
}

void evtchn_free_page(void *page)
{
    free_xenheap_pages_virt(page, 1);
}

static void watchdog_fired(void *data);

static void vcpu_setup(struct domain *d, struct vcpu *v, unsigned int id)
{
    vcpu_init(d, v, id);
    v->vcpu_info = &d->shared_info->vcpu_info[id];
    vcpu_timers_init(v);
    arch_vcpu_init(v);
}

static struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
    struct vcpu *v = alloc_xenheap_pages_virt(VCPU_PAGES);

    if (v) {
        memset(v, 0, sizeof(*v));
        vcpu_setup(d, v, id);
    }
    return v;
}

long domain_create_vcpus(struct domain *d, unsigned int n)
{
    unsigned int i, had = d->max_vcpus;
    uint32_t created = 0;

    BUILD_BUG_ON(MAX_VIRT_CPUS > 32);
    if (n == 0 || n > MAX_VIRT_CPUS)
        return trace_err(-XEN_EINVAL);
    d->max_vcpus = max(n, had);
    d->vcpu[0] = &d->vcpu0;
    for (i = 1; i < n; i++) {
        if (d->vcpu[i])
            continue;
        if (!vcpu_create(d, i))
            goto nomem;
        created |= 1u << i;
    }
    return 0;
nomem:
    for (i = 1; i < n; i++)
        if (created & (1u << i))
            free_vcpu(d, i);
    d->max_vcpus = had;
    return trace_err(-XEN_ENOMEM);
}

struct domain *domain_create(domid_t id, const char *name, bool privileged)
{
    struct domain *d;
    unsigned int i;

    if (id >= DOMID_FIRST_RESERVED || domain_lookup(id) || domains_listed >= MAX_DOMAINS)
        return NULL;
    if (!(d = alloc_xenheap_pages_virt(DOMAIN_PAGES)))
        return NULL;
    d->domain_id = id;
    page_list_init(d);
    d->page_alloc_lock = RSPIN_LOCK_UNLOCKED;
    strlcpy(d->name, name, sizeof(d->name));
    d->is_privileged = privileged;
    d->shutdown_code = SHUTDOWN_CODE_NONE;
    d->weight = CREDIT_DEFAULT_WEIGHT;
    if (!alloc_shared_info(d)) {
        free_xenheap_pages_virt(d, DOMAIN_PAGES);
        return NULL;
    }
    if (!evtchn_init(d)) {
        evtchn_destroy(d);
        free_shared_info(d);
        free_xenheap_pages_virt(d, DOMAIN_PAGES);
        return NULL;
    }
    for (i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++)
        init_timer(&d->watchdog_timer[i], watchdog_fired, d, 0);
    d->max_vcpus = 1;
    vcpu_setup(d, &d->vcpu0, 0);
    domain_list_insert(d);
    return d;
}

struct domain *hardware_domain(void)
{
    struct domain *d = domain_lookup(0);

    return d && d->is_privileged ? d : NULL;
}

struct domain *domain_lookup_self(domid_t id)
{
    return id == DOMID_SELF ? current_domain() : domain_lookup_live(id);
}

/* Domain 0 took the machine down with it. */
static void __attribute__((noreturn)) hwdom_shutdown(unsigned int code)
{
    printk("Hardware Dom0 shutdown: reason %s (code %u)\n",
           shutdown_reason_name(code), code);
    switch (code) {
    case SHUTDOWN_poweroff:
        machine_power_off(code);
    case SHUTDOWN_crash:
        if (opt_noreboot) {
            printk("Hardware Dom0 crashed: 'noreboot' set - not rebooting.\n");
            machine_halt();
        }
        debug_exit(code);
        machine_restart();
    default:
        debug_exit(code);
        machine_restart();
    }
}

static bool all_shut_down(void)
{
    const struct domain *d;

    for_each_domain(d)
        if (!d->is_shutdown)
            return false;
    return true;
}

/* The domain's own hold on a table frame: partial state and pin. */
static void release_table_holds(struct domain *d, unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    if (pg->flags & PGF_partial)
        put_partial_page(mfn);
    if (page_test_and_clear_flags(pg, PGF_pinned)) {
        __atomic_fetch_sub(&d->nr_pinned, 1, __ATOMIC_RELAXED);
        put_page_and_type(mfn);
    }
}

/*
 * First pass: pins and partial tables.  Releasing a table may free other
 * frames of d anywhere on the list (those whose allocation it gave up
 * while they were still mapped), so the frame in hand holds an extra
 * reference until its successor has been read: it stays on the list
 * meanwhile, and dropping that reference frees at most the frame itself.
 */
static void release_tables(struct domain *d)
{
    unsigned long mfn = d->page_list_head, next;

    /* Done once no pin of d's and no partial table anywhere is left. */
    for (; mfn != PAGE_LIST_NULL && (d->nr_pinned || nr_partial_pages); mfn = next) {
        if (!(frame_table[mfn].flags & (PGF_partial | PGF_pinned))) {
            next = frame_table[mfn].list_next;
            continue;
        }
        __atomic_fetch_add(&frame_table[mfn].count, 1, __ATOMIC_ACQUIRE);
        release_table_holds(d, mfn);
        next = frame_table[mfn].list_next;
        put_own_page(d, mfn);
    }
}

/* Held by its allocation reference alone, and needing no cache flush. */
static bool held_by_allocation_only(const struct page_info *pg)
{
    return (pg->flags & (PGF_allocated | PGF_non_coherent)) == PGF_allocated &&
           pg->count == 1;
}

/* The page_info words of a frame d holds by its allocation alone, on its list. */
static void allocated_only_words(const struct domain *d, uint64_t *count, uint64_t *owner)
{
    const struct page_info held = { .count = 1, .flags = PGF_allocated | PGF_on_list,
                                    .owner = d->domain_id };

    __builtin_memcpy(count, (const char *)&held, 8);
    __builtin_memcpy(owner, (const char *)&held + 8, 8);
}

/*
 * Scrap first and the frames after it while the list goes on in frame
 * order (as runs from the allocator joined it) and each is held by its
 * allocation alone.  Returns how many; *next is the list's next frame.
 * Each frame is claimed by a compare-and-exchange of its count from 1 to
 * 0 first, so a reference another CPU takes at that moment (it looked
 * the frame up before the domain was dying) either comes first, and the
 * run ends there, or fails.
 *
 * A tight loop: a 32 MiB domain's 8192 frames mostly leave through here,
 * so a frame is written as PAGE_INFO_SCRAPPED's three words (its M2P
 * entry made invalid in the same pass), and the next
 * one qualifies when its first two words are exactly those of a frame
 * held by its allocation alone (anything else ends the run, and the
 * caller looks at that frame the long way).
 */
static unsigned long scrap_allocated_run(const struct domain *d, unsigned long first,
                                         unsigned long *next)
{
    const struct page_info scrapped = PAGE_INFO_SCRAPPED;
    char *at = (char *)mfn_to_page(first);
    unsigned long *m2p = m2p_table + first;     /* listed frames are RAM */
    uint64_t held_count, held_owner, gone_count, gone_owner, gone_links;
    unsigned long n = 0, link;

    allocated_only_words(d, &held_count, &held_owner);
    __builtin_memcpy(&gone_count, (const char *)&scrapped, 8);
    __builtin_memcpy(&gone_owner, (const char *)&scrapped + 8, 8);
    __builtin_memcpy(&gone_links, (const char *)&scrapped + 16, 8);
    for (;;) {
        uint64_t count, owner;
        uint32_t held = 1;

        /* Claimed: a reference another CPU takes from here on fails (count 0). */
        if (!__atomic_compare_exchange_n(&((struct page_info *)at)->count, &held, 0, false,
                                         __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
            link = first + n;           /* referenced meanwhile: the long way */
            break;
        }
        link = ((struct page_info *)at)->list_next;
        __builtin_memcpy(at, &gone_count, 8);
        __builtin_memcpy(at + 8, &gone_owner, 8);
        __builtin_memcpy(at + 16, &gone_links, 8);
        m2p[n++] = INVALID_M2P_ENTRY;
        at += sizeof(struct page_info);
        if (link != first + n)
            break;
        __builtin_memcpy(&count, at, 8);
        __builtin_memcpy(&owner, at + 8, 8);
        if (count != held_count || owner != held_owner)
            break;
    }
    *next = link;
    return n;
}

/*
 * Second pass: the allocation references.  Dropping one frees only the
 * frame itself, so the list is taken apart as it is walked: a frame
 * nobody else holds goes back in a run with its neighbours, one that
 * another domain still maps is kept on a new list, freed on its unmap.
 */
static void release_allocations(struct domain *d)
{
    unsigned long mfn = d->page_list_head, next, n;
    struct frame_run run = { 0, 0 };

    page_list_init(d);
    for (; mfn != PAGE_LIST_NULL; mfn = next) {
        struct page_info *pg = mfn_to_page(mfn);

        if (held_by_allocation_only(pg)) {
            n = scrap_allocated_run(d, mfn, &next);
            frame_run_add(&run, mfn, n);
            d->tot_pages -= min(n, d->tot_pages);   /* as free_domain_frame() counts */
            continue;
        }
        next = pg->list_next;
        /* Another CPU may drop its own reference meanwhile: count atomically. */
        if (page_test_and_clear_flags(pg, PGF_allocated) &&
            __atomic_sub_fetch(&pg->count, 1, __ATOMIC_ACQ_REL) == 0) {
            frame_run_free(&run, mfn);
            if (d->tot_pages)
                d->tot_pages--;
            continue;
        }
        page_list_add(d, mfn);
    }
    frame_run_flush(&run);
}

/*
 * Under the page list's lock throughout: a frame another domain still
 * maps may have its last reference dropped on another CPU meanwhile, and
 * that CPU then waits to take it off the list.
 */
static void relinquish_memory(struct domain *d)
{
    spin_lock_recursive(&d->page_alloc_lock);
    release_tables(d);
    release_allocations(d);
    spin_unlock_recursive(&d->page_alloc_lock);
}

/* Every vCPU of d stops (flag 0: only the domain's own pause holds them). */
static void sleep_all_vcpus(struct domain *d, unsigned int pause_flag)
{
    struct vcpu *v;

    for_each_vcpu(d, v)
        vcpu_sleep(v, pause_flag);
}

/* The same, and each is off every other CPU, its registers saved, when this returns. */
static void sleep_all_vcpus_sync(struct domain *d, unsigned int pause_flag)
{
    struct vcpu *v;

    sleep_all_vcpus(d, pause_flag);
    for_each_vcpu(d, v)
        vcpu_sleep_sync(v, 0);
}

/* Drop every reference the domain holds; its frames go back to the allocator. */
void domain_destroy(struct domain *d)
{
    struct vcpu *v;

    if (__atomic_exchange_n(&d->is_dying, true, __ATOMIC_SEQ_CST))
        return;                         /* another CPU destroys it, or did */
    sleep_all_vcpus_sync(d, VPF_down);  /* off every CPU but this one */
    if (current && d == current->domain)
        sched_drop_current();           /* its vcpu_info is about to be freed */
    printk(XENLOG_INFO "domain %u: ran on CPUs %#lx\n", d->domain_id, d->dirty_cpumask);
    sched_destroy_domain(d);
    evtchn_destroy(d);
    for_each_vcpu(d, v)
        vcpu_info_release(v);
    arch_domain_destroy(d);
    relinquish_memory(d);
    free_shared_info(d);
    if (d->tot_pages)
        printk(XENLOG_INFO "domain %u: %lu frames still mapped by other domains: "
               "freed when they are unmapped\n", d->domain_id, d->tot_pages);
    else
        printk(XENLOG_INFO "domain %u: all memory returned\n", d->domain_id);
    d->destroyed = true;
    domain_release_if_done(d);
}

/* A domain whose building failed: as if it had never been created. */
void domain_discard(struct domain *d)
{
    d->toolstack_lifetime = true;       /* forgotten with its last frame */
    domain_destroy(d);
}

/* Domain 0 went: nobody is left to destroy the domains its toolstack made. */
static void destroy_toolstack_domains(void)
{
    struct domain *d, *next;

    for (d = domain_list_head; d; d = next) {
        next = d->next_in_list;
        if (!d->toolstack_lifetime || d->destroyed)
            continue;
        if (!d->is_shutdown) {
            d->is_shutdown = true;
            d->shutdown_reason = SHUTDOWN_poweroff;
            sleep_all_vcpus(d, VPF_down);
        }
        domain_destroy(d);
    }
}

/* mm_audit: the other CPUs keep still meanwhile, or the check is skipped. */
static void audit_holding_others(void)
{
    if (!smp_hold_others()) {
        printk(XENLOG_WARNING "frame table check: skipped, other CPUs busy\n");
        return;
    }
    frame_table_audit();
    smp_release_others();
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    if (__atomic_exchange_n(&d->is_shutdown, true, __ATOMIC_SEQ_CST))
        return;
    /* A code recorded with SCHEDOP_shutdown_code wins, as on Xen. */
    if (d->shutdown_code == SHUTDOWN_CODE_NONE)
        d->shutdown_code = reason;
    d->shutdown_reason = d->shutdown_code;
    sleep_all_vcpus(d, VPF_down);
    printk(XENLOG_INFO "domain %u shut down: reason %s (code %u)\n",
           d->domain_id, shutdown_reason_name(d->shutdown_reason), d->shutdown_reason);
    /* A toolstack's domain stays, shut down, until the toolstack destroys it. */
    if (d->toolstack_lifetime) {
        send_global_virq(hardware_domain(), VIRQ_DOM_EXC);
        return;
    }
    if (d == hardware_domain())
        destroy_toolstack_domains();
    /* Domain 0 alone takes the machine with it; among boot-module domains it waits. */
    if (d->domain_id == 0 && nr_domains() == 1)
        hwdom_shutdown(d->shutdown_reason);
    if (opt_mm_audit)
        audit_holding_others();
    domain_destroy(d);
    /* After its channels closed, so the control domain finds them unbound. */
    if (d != hardware_domain())
        send_global_virq(hardware_domain(), VIRQ_DOM_EXC);
    if (all_shut_down())
        machine_power_off_all();
}

/*
 * The controller's pause (nested): the domain's vCPUs stop, on every CPU,
 * before this returns (its state can be read), until the last unpause.
 */
void domain_pause(struct domain *d)
{
    __atomic_fetch_add(&d->pause_count, 1, __ATOMIC_SEQ_CST);
    sleep_all_vcpus_sync(d, 0);
}

void domain_unpause(struct domain *d)
{
    unsigned int n = __atomic_load_n(&d->pause_count, __ATOMIC_RELAXED);
    struct vcpu *v;

    while (n && !__atomic_compare_exchange_n(&d->pause_count, &n, n - 1, false,
                                             __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
        ;
    if (n == 1)
        for_each_vcpu(d, v)
            vcpu_wake(v);
}

static void watchdog_fired(void *data)
{
    struct domain *d = data;

    printk(XENLOG_WARNING "Watchdog timer fired for domain %u\n", d->domain_id);
    domain_shutdown(d, SHUTDOWN_watchdog);
}

/* Xen's rules: ids 1..NR, -ENOSPC when all are in use, -EINVAL for one not in use. */
long domain_watchdog(struct domain *d, uint32_t id, uint32_t timeout_s)
{
    uint64_t deadline = get_s_time() + (uint64_t)timeout_s * NSEC_PER_SEC;

    if (id > NR_DOMAIN_WATCHDOG_TIMERS)
        return trace_err(-XEN_EINVAL);
    if (id == 0) {
        for (id = 0; id < NR_DOMAIN_WATCHDOG_TIMERS; id++)
            if (!(d->watchdog_inuse & (1u << id)))
                break;
        if (id == NR_DOMAIN_WATCHDOG_TIMERS)
            return trace_err(-XEN_ENOSPC);
        d->watchdog_inuse |= 1u << id;
        set_timer(&d->watchdog_timer[id], deadline);
        return id + 1;
    }
    if (!(d->watchdog_inuse & (1u << --id)))
        return trace_err(-XEN_EINVAL);
    if (timeout_s)
        set_timer(&d->watchdog_timer[id], deadline);
    else {
        stop_timer(&d->watchdog_timer[id]);
        d->watchdog_inuse &= ~(1u << id);
    }
    return 0;
}

void domain_crash(struct domain *d, const char *why)
{
    printk(XENLOG_ERR "domain %u crashed: %s\n", d->domain_id, why);
    if (current && d == current->domain)
        show_registers(guest_cpu_regs());
    domain_shutdown(d, SHUTDOWN_crash);
}
