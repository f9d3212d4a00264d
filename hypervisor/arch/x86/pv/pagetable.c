/*
 * Validation of guest page tables: the rules that keep a PV guest inside
 * its own memory (the Xen PV ABI reference, sections 6 and 13).
 *
 * A frame becomes an Ln table only through get_page_type(), which calls
 * arch_validate_table(): every present entry must take the references it
 * needs, as in Xen:
 *   - an L1 entry: a general reference on a frame the domain owns, plus a
 *     writable-type reference when it maps with RW (so page tables and
 *     descriptor pages can only be mapped read-only); device memory only
 *     for privileged domains;
 *   - an L2/L3/L4 entry: a reference of type L(n-1) on the frame it points
 *     at (validating that frame in turn), or a linear entry: the same
 *     level, read-only, one level deep;
 *   - no superpages (PSE), no reserved bits, and an L4 never gets to keep
 *     its own entries in the hypervisor's slots: they are overwritten.
 * A failure part-way through drops what the earlier entries took.
 *
 * Validating a tree takes as long as the tree is big (an L4 over a few
 * thousand L1s means millions of entries), so inside a guest's hypercall
 * it is preemptible, Xen's way: before each table after the first one
 * the request completed, hypercall_preempt_check() may stop it.  Each
 * table on the way down then stops where it was, partial (minixen/mm.h),
 * and -ERESTART travels up to the hypercall, which makes a continuation;
 * re-executed, the same request walks down the same entries and each
 * partial table resumes at its first entry not yet validated.  Every
 * request completes at least one table before it stops, and a
 * continuation makes the stopped request first, so the work always
 * advances.  Outside a guest's hypercall (the domain builder, an
 * emulated CR3 write) validation never stops.
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/preempt.h>
#include <minixen/pt_scan.h>
#include <asm/page.h>
#include <asm/config.h>
#include <asm/x86.h>
#include <asm/pv.h>
#include <asm/smp.h>
#include <asm/apic.h>
#include <asm/ioapic.h>
#include <asm/traps.h>

/*
 * Bits a guest may not set.  Bits 52-62 are the CPU's "available" bits,
 * left to guests as on Xen, except bit 62 in an L1 entry, which Xen keeps
 * for grant mappings (bit 52 also marks guest-kernel mappings for us).
 * Cache attributes in L1 entries need I/O rights, which only the
 * privileged domain has; upper levels take neither superpages nor the
 * global bit.
 */
#define _PAGE_GNTTAB        (1UL << 62)
#define PTE_DISALLOW_MASK   _PAGE_GNTTAB
#define L1_CACHE_ATTRS      (_PAGE_PAT | _PAGE_PCD | _PAGE_PWT)
#define UPPER_DISALLOW_MASK (_PAGE_PSE | _PAGE_GLOBAL)
#define _PAGE_GUEST_KERNEL  (1UL << 52)

static pte_t *table_of(unsigned long mfn)
{
    return mfn_to_virt(mfn);
}

static bool is_device_frame(unsigned long mfn)
{
    return !mfn_is_ram(mfn) || frame_table[mfn].owner == DOMID_IO;
}

static bool is_hypervisor_slot(unsigned int slot)
{
    return slot >= HYPERVISOR_SLOT_FIRST && slot <= HYPERVISOR_SLOT_LAST;
}

/*
 * A 64-bit PV kernel runs in ring 3, so every guest entry gets the user
 * bit.  As on Xen, an L1 entry the guest wrote without it is marked as a
 * guest-kernel mapping; guest-user mappings are made global (they survive
 * the guest's kernel/user page-table switches; every switch to another
 * domain flushes global entries too).
 */
pte_t pv_adjust_guest_pte(pte_t e, int level)
{
    if (!(e & _PAGE_PRESENT))
        return e;
    if (level != PGT_l1)
        return e | _PAGE_USER;
    if (!(e & _PAGE_USER))
        e |= _PAGE_USER | _PAGE_GUEST_KERNEL;
    if (!(e & _PAGE_GUEST_KERNEL))
        e |= _PAGE_GLOBAL;
    return e;
}

/*
 * Device memory the hypervisor itself drives stays out of every guest's
 * reach, the privileged one's included (as Xen denies dom0 the APICs):
 * the local APIC wherever its base MSR puts it, every IO-APIC the MADT
 * lists, and the architectural default pages of both in any case.
 */
#define LAPIC_DEFAULT_MFN   0xfee00UL
#define IOAPIC_DEFAULT_MFN  0xfec00UL

static bool iomem_denied(unsigned long mfn)
{
    return mfn == LAPIC_DEFAULT_MFN || mfn == IOAPIC_DEFAULT_MFN || mfn == apic_mfn() ||
           ioapic_frame(mfn);
}

/* A writable mapping with a cache attribute may leave RAM and caches apart. */
static void note_cache_attrs(pte_t e, unsigned long mfn)
{
    if ((e & _PAGE_RW) && (e & L1_CACHE_ATTRS))
        page_set_flags(mfn_to_page(mfn), PGF_non_coherent);
}

/* Every rule, for an entry the common case below did not take. */
static long __attribute__((noinline)) get_l1e_checked(pte_t e, struct domain *d)
{
    unsigned long mfn = pte_mfn(e);

    if (e & PTE_DISALLOW_MASK || (!d->is_privileged && (e & L1_CACHE_ATTRS)))
        return trace_err(-XEN_EINVAL);
    if (is_device_frame(mfn))
        return d->is_privileged && !iomem_denied(mfn) ? 0 : trace_err(-XEN_EPERM);
    if (!get_page_for_mapping(mfn, d, e & _PAGE_RW))
        return trace_err(-XEN_EBUSY);
    note_cache_attrs(e, mfn);
    return 0;
}

/*
 * The common case first, with nothing to save: RAM the domain owns,
 * mapped with no cache attribute (a frame of DOMID_IO is never the
 * domain's, so device memory goes the checked way).
 */
long pv_get_l1e(pte_t e, struct domain *d)
{
    unsigned long mfn = pte_mfn(e);

    if (!(e & _PAGE_PRESENT))
        return 0;
    if (likely(!(e & (PTE_DISALLOW_MASK | L1_CACHE_ATTRS)) && mfn_is_ram(mfn) &&
               get_page_for_mapping(mfn, d, e & _PAGE_RW)))
        return 0;
    return get_l1e_checked(e, d);
}

/*
 * A guest need not flush after dropping a writable mapping, so the CPU
 * may still hold it.  Before a frame becomes a page table or descriptor
 * page (which only works once no writable mapping is counted), any such
 * leftover must go, or the guest could write the new table through it.
 */
static bool writable_mapping_dropped;

void pv_flush_dropped_writable_mappings(void)
{
    /* Taken and cleared at once: a drop on another CPU meanwhile is not lost. */
    if (__atomic_exchange_n(&writable_mapping_dropped, false, __ATOMIC_ACQ_REL))
        flush_tlb_mask(guest_cpumask | smp_this_cpu_mask());  /* global entries included */
}

void pv_put_l1e(pte_t e)
{
    unsigned long mfn = pte_mfn(e);

    if (!(e & _PAGE_PRESENT) || is_device_frame(mfn))
        return;
    if (e & _PAGE_RW)
        __atomic_store_n(&writable_mapping_dropped, true, __ATOMIC_RELEASE);
    put_page_for_mapping(mfn, e & _PAGE_RW);
}

/*
 * A same-level entry: read-only, pointing at the table itself (no
 * reference) or at an already validated table of the same level that has
 * no linear entries of its own, from a table nobody points at linearly.
 */
/*
 * Linear counts move by compare-and-exchange, so that two tables taking
 * linear entries to one frame at once cannot both pass the check: step
 * +1 counts a linear entry of the table's own (refused once another
 * table's point at it), -1 one pointing at it (refused once it has its own).
 */
static bool linear_step(int16_t *count, int step)
{
    int16_t x = __atomic_load_n(count, __ATOMIC_RELAXED);

    do {
        if (step > 0 ? x < 0 || x == INT16_MAX : x > 0 || x == INT16_MIN)
            return false;
    } while (!__atomic_compare_exchange_n(count, &x, (int16_t)(x + step), true,
                                          __ATOMIC_RELAXED, __ATOMIC_RELAXED));
    return true;
}

static bool get_linear(pte_t e, unsigned long table, enum page_type level,
                       struct domain *d)
{
    unsigned long target = pte_mfn(e);
    struct page_info *pg = mfn_to_page(target);

    if (e & _PAGE_RW)
        return false;
    if (target == table)
        return true;
    if (!mfn_is_ram(target) || !get_page(target, d))
        return false;
    if (!get_page_type_held(target, level)) {
        put_page(target);
        return false;
    }
    if (linear_step(&pg->linear, -1)) {
        if (linear_step(&mfn_to_page(table)->linear, +1))
            return true;
        __atomic_fetch_add(&pg->linear, 1, __ATOMIC_RELAXED);
    }
    put_page_and_type(target);
    return false;
}

/* An L2, L3 or L4 entry of table (of the given level). */
static long get_upper_entry(pte_t e, unsigned long table, enum page_type level,
                            struct domain *d)
{
    unsigned long target = pte_mfn(e);
    long rc;

    if (!(e & _PAGE_PRESENT))
        return 0;
    if (e & UPPER_DISALLOW_MASK ||
        (!d->is_privileged && (e & (_PAGE_PCD | _PAGE_PWT))))
        return trace_err(-XEN_EINVAL);
    if (!mfn_is_ram(target))
        return trace_err(-XEN_EINVAL);
    rc = get_page_and_type_rc(target, d, level - 1);
    /* A type conflict may still be a legal linear (same-level) entry. */
    if (rc == -XEN_EINVAL && get_linear(e, table, level, d))
        return 0;
    /* -ERESTART: the table below stopped part-way; not a refusal. */
    return rc && rc != -XEN_ERESTART ? trace_err(rc) : rc;
}

static void put_upper_entry(pte_t e, unsigned long table, enum page_type level)
{
    unsigned long target = pte_mfn(e);
    struct page_info *pg;

    if (!(e & _PAGE_PRESENT) || target == table)
        return;
    pg = mfn_to_page(target);
    if (pg->type == level && pg->linear < 0) {
        __atomic_fetch_sub(&mfn_to_page(table)->linear, 1, __ATOMIC_RELAXED);
        __atomic_fetch_add(&pg->linear, 1, __ATOMIC_RELAXED);
    }
    put_page_and_type(target);
}

long pv_get_entry(pte_t e, unsigned long table, int level, struct domain *d)
{
    if (level == PGT_l1)
        return pv_get_l1e(e, d);
    return get_upper_entry(e, table, level, d);
}

void pv_put_entry(pte_t e, unsigned long table, int level)
{
    if (level == PGT_l1)
        pv_put_l1e(e);
    else
        put_upper_entry(e, table, level);
}

_Static_assert(PT_SCAN_ENTRIES == PT_ENTRIES, "pt_scan.h walks whole tables");

/* Each table's release and each process's exit goes through its L1 entries. */
static void release_l1_entries(const pte_t *t, unsigned int upto)
{
    unsigned int i;

    for (i = pt_next_present(t, 0); i < upto; i = pt_next_present(t, i + 1))
        pv_put_l1e(t[i]);
}

static void release_entries(unsigned long mfn, enum page_type level, unsigned int upto)
{
    pte_t *t = table_of(mfn);
    unsigned int i;

    if (level == PGT_l1)
        return release_l1_entries(t, upto);
    for (i = pt_next_present(t, 0); i < upto; i = pt_next_present(t, i + 1))
        if (level != PGT_l4 || !is_hypervisor_slot(i))
            put_upper_entry(t[i], mfn, level);
}

/*
 * Tables completed since the outermost validation under way began (a
 * pin, a base pointer, an entry update), and how deep it has gone.  Each
 * continuation makes the stopped request again first, so completing one
 * table per request before any stop is enough to always advance.  Each
 * CPU keeps its own: validations on two CPUs are two different requests.
 */
#define tables_validated    (this_cpu()->arch.tables_validated)
#define validation_depth    (this_cpu()->arch.validation_depth)

/* Stop before the next table?  Never before one is done, never outside a hypercall. */
static bool validation_should_stop(void)
{
    return tables_validated && in_guest_hypercall() && hypercall_preempt_check();
}

/* Entry i of an upper table being validated: adjusted in place, then its references. */
static long validate_entry(unsigned long mfn, enum page_type level, unsigned int i,
                           struct domain *d)
{
    pte_t *t = table_of(mfn);
    long rc;

    if (level == PGT_l4 && is_hypervisor_slot(i))
        return 0;
    /* Idempotent, so an entry that stopped with -ERESTART is adjusted again safely. */
    t[i] = pv_adjust_guest_pte(t[i], level);
    rc = get_upper_entry(t[i], mfn, level, d);
    if (rc && rc != -XEN_ERESTART)
        gprintk(XENLOG_DEBUG, "L%u table %#lx: entry %u (%#lx) refused\n",
                level - PGT_l1 + 1, mfn, i, (unsigned long)t[i]);
    return rc;
}

/*
 * An L1 table never stops part-way (no entry leads to another table), so
 * its loop is a plain one: a 32 MiB domain's pin validates 8192 entries.
 */
static long validate_l1_entries(unsigned long mfn, unsigned int i, struct domain *d)
{
    pte_t *t = table_of(mfn);
    long rc;

    for (i = pt_next_present(t, i); i < PT_ENTRIES; i = pt_next_present(t, i + 1)) {
        t[i] = pv_adjust_guest_pte(t[i], PGT_l1);
        if ((rc = pv_get_l1e(t[i], d))) {
            gprintk(XENLOG_DEBUG, "L1 table %#lx: entry %u (%#lx) refused\n", mfn, i,
                    (unsigned long)t[i]);
            release_l1_entries(t, i);
            return rc;
        }
    }
    tables_validated++;
    return 0;
}

/*
 * From the first entry, or for a partial table from where it stopped.
 * The frame is claimed as level and cannot be written meanwhile, so the
 * entries already validated stay as they were.
 */
static long validate_entries(unsigned long mfn, enum page_type level)
{
    struct page_info *pg = mfn_to_page(mfn);
    struct domain *d = domain_lookup(pg->owner);
    unsigned int i = pg->nr_validated;     /* 0 unless a partial table resumes */
    const pte_t *t = table_of(mfn);
    long rc;

    if (!d)
        return -XEN_EINVAL;
    if (validation_should_stop()) {
        pg->nr_validated = i;
        return -XEN_ERESTART;
    }
    pv_flush_dropped_writable_mappings();
    if (level == PGT_l1)
        return validate_l1_entries(mfn, i, d);
    /* An empty entry has nothing to adjust or take. */
    for (i = pt_next_present(t, i); i < PT_ENTRIES; i = pt_next_present(t, i + 1)) {
        rc = validate_entry(mfn, level, i, d);
        if (rc == -XEN_ERESTART)
            pg->nr_validated = i;
        else if (rc)
            release_entries(mfn, level, i);
        if (rc)
            return rc;
    }
    tables_validated++;
    if (level == PGT_l4)
        pv_l4_fill_hypervisor_slots(table_of(mfn));
    return 0;
}

/* Entries lead to the tables below: the outermost call starts the count. */
long arch_validate_table(unsigned long mfn, enum page_type level)
{
    long rc;

    if (validation_depth++ == 0)
        tables_validated = 0;
    rc = validate_entries(mfn, level);
    validation_depth--;
    return rc;
}

void arch_release_table(unsigned long mfn, enum page_type level, unsigned int nr)
{
    release_entries(mfn, level, min(nr, (unsigned int)PT_ENTRIES));
}
