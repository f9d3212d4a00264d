/*
 * Domain life cycle: creation, shutdown and crash.
 *
 * When domain 0 (the hardware domain) shuts down the machine goes with it,
 * as on Xen: the hypervisor logs the reason and powers off, reboots or,
 * after a crash with `noreboot`, halts.
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/boot.h>
#include <public/sched.h>
#include <asm/traps.h>
#include <asm/power.h>

static struct domain domains[MAX_DOMAINS];
struct domain *domain_list[MAX_DOMAINS];

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

    if (!mfn)
        return;
    frame_table[mfn].owner = DOMID_XEN;     /* not part of tot_pages */
    put_page_and_type(mfn);
    d->shared_info_mfn = 0;
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
    d->shared_info_mfn = mfn;
    d->shared_info = mfn_to_virt(mfn);
    for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
        d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
    return true;
}

struct domain *domain_create(domid_t id, const char *name, bool privileged)
{
    struct domain *d;

    if (id >= MAX_DOMAINS || domain_list[id])
        return NULL;
    d = &domains[id];
    memset(d, 0, sizeof(*d));
    d->domain_id = id;
    strlcpy(d->name, name, sizeof(d->name));
    d->is_privileged = privileged;
    d->shutdown_code = SHUTDOWN_CODE_NONE;
    if (!alloc_shared_info(d))
        return NULL;
    d->vcpu0.domain = d;
    d->vcpu0.vcpu_info = &d->shared_info->vcpu_info[0];
    d->vcpu0.state = VCPU_DOWN;
    arch_vcpu_init(&d->vcpu0);
    domain_list[id] = d;
    return d;
}

struct domain *domain_lookup(domid_t id)
{
    return id < MAX_DOMAINS ? domain_list[id] : NULL;
}

struct domain *domain_lookup_self(domid_t id)
{
    return id == DOMID_SELF ? current_domain() : domain_lookup(id);
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

static unsigned int nr_domains(void)
{
    unsigned int i, n = 0;

    for (i = 0; i < MAX_DOMAINS; i++)
        n += domain_list[i] != NULL;
    return n;
}

static bool all_shut_down(void)
{
    unsigned int i;

    for (i = 0; i < MAX_DOMAINS; i++)
        if (domain_list[i] && !domain_list[i]->is_shutdown)
            return false;
    return true;
}

/* Drop every reference the domain holds; its frames go back to the allocator. */
void domain_destroy(struct domain *d)
{
    unsigned long mfn, left = 0;

    d->is_dying = true;
    if (current && d == current->domain) {
        arch_leave_guest_address_space();
        current = NULL;             /* its vcpu_info is about to be freed */
    }
    arch_domain_destroy(d);
    for (mfn = 0; mfn < max_page; mfn++)
        if (frame_table[mfn].owner == d->domain_id && (frame_table[mfn].flags & PGF_pinned)) {
            frame_table[mfn].flags &= ~PGF_pinned;
            put_page_and_type(mfn);
        }
    for (mfn = 0; mfn < max_page; mfn++)
        if (frame_table[mfn].owner == d->domain_id && (frame_table[mfn].flags & PGF_allocated)) {
            frame_table[mfn].flags &= ~PGF_allocated;
            put_page(mfn);
        }
    free_shared_info(d);
    for (mfn = 0; mfn < max_page; mfn++)
        left += frame_table[mfn].owner == d->domain_id;
    if (left || d->tot_pages)
        printk(XENLOG_ERR "domain %u: %lu frames still referenced after destruction "
               "(%lu pages counted)\n", d->domain_id, left, d->tot_pages);
    else
        printk(XENLOG_INFO "domain %u: all memory returned\n", d->domain_id);
}

/* A domain whose building failed: as if it had never been created. */
void domain_discard(struct domain *d)
{
    domain_destroy(d);
    domain_list[d->domain_id] = NULL;
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    if (d->is_shutdown)
        return;
    /* A code recorded with SCHEDOP_shutdown_code wins, as on Xen. */
    if (d->shutdown_code == SHUTDOWN_CODE_NONE)
        d->shutdown_code = reason;
    d->shutdown_reason = d->shutdown_code;
    d->is_shutdown = true;
    d->vcpu0.state = VCPU_DOWN;
    printk(XENLOG_INFO "domain %u shut down: reason %s (code %u)\n",
           d->domain_id, shutdown_reason_name(d->shutdown_reason), d->shutdown_reason);
    /* Domain 0 alone takes the machine with it; among others it waits. */
    if (d->domain_id == 0 && nr_domains() == 1)
        hwdom_shutdown(d->shutdown_reason);
    if (opt_mm_audit)
        frame_table_audit();
    domain_destroy(d);
    if (all_shut_down())
        machine_power_off_all();
}

void domain_crash(struct domain *d, const char *why)
{
    printk(XENLOG_ERR "domain %u crashed: %s\n", d->domain_id, why);
    if (current && d == current->domain)
        show_registers(guest_cpu_regs());
    domain_shutdown(d, SHUTDOWN_crash);
}
