/*
 * The frame-table self-check (command line `mm_audit`, and at the final
 * power-off): recount every reference from first principles — allocation,
 * pins, base pointers, GDT frames, shared_info, the FIFO event-channel
 * pages, every entry of every validated page table, and the validated
 * entries and own references of partially validated ones — and compare
 * with the counts in the frame table.
 * A mismatch means the reference counting that isolates guests is wrong.
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/boot.h>
#include <asm/page.h>
#include <asm/config.h>

#define AUDIT_REPORT_MAX 8

struct expected {
    uint32_t count, type_count;
};

static struct expected *expected;

/* The references of a table's validated entries (a partial one's first few). */
static void tally_table(unsigned long table, enum page_type level)
{
    const pte_t *t = mfn_to_virt(table);
    const struct page_info *pg = &frame_table[table];
    unsigned int i, n = pg->flags & PGF_partial ? pg->nr_validated : PT_ENTRIES;

    for (i = 0; i < n; i++) {
        unsigned long target = pte_mfn(t[i]);
        if (!(t[i] & _PAGE_PRESENT) || !mfn_is_ram(target))
            continue;
        if (level == PGT_l4 && i >= HYPERVISOR_SLOT_FIRST && i <= HYPERVISOR_SLOT_LAST)
            continue;
        if (level == PGT_l1) {
            if (frame_table[target].owner == DOMID_IO)
                continue;
            expected[target].count++;
            expected[target].type_count += !!(t[i] & _PAGE_RW);
        } else if (target != table) {
            expected[target].count++;
            expected[target].type_count++;
        }
    }
}

static void tally_ref(unsigned long mfn, bool typed)
{
    if (mfn && mfn_is_ram(mfn)) {
        expected[mfn].count++;
        expected[mfn].type_count += typed;
    }
}

/* A page the hypervisor writes into (FIFO event words): writable type. */
static void tally_guest_page(const void *va)
{
    tally_ref(virt_to_mfn((const void *)ROUNDDOWN((unsigned long)va, PAGE_SIZE)), true);
}

static void tally_vcpu(const struct vcpu *v)
{
    unsigned int i;

    tally_ref(v->arch.guest_table, true);
    tally_ref(v->arch.guest_table_user, true);
    for (i = 0; i < DIV_ROUND_UP(v->arch.gdt_ents, 512); i++)
        tally_ref(v->arch.gdt_frames[i], true);
    tally_ref(v->vcpu_info_mfn, true);          /* VCPUOP_register_vcpu_info */
}

static void tally_domain(const struct domain *d)
{
    const struct vcpu *v;

    for_each_vcpu(d, v)
        tally_vcpu(v);
    tally_ref(d->shared_info_mfn, true);
    evtchn_fifo_for_each_page(d, tally_guest_page);
}

static void tally_frames(void)
{
    unsigned long mfn;

    for (mfn = 0; mfn < max_page; mfn++) {
        const struct page_info *pg = &frame_table[mfn];
        if (pg->flags & PGF_allocated)
            expected[mfn].count++;
        if (pg->flags & PGF_pinned)
            tally_ref(mfn, true);
        if (pg->flags & PGF_partial)
            tally_ref(mfn, true);       /* a partial table holds its own pair */
        if (page_type_is_table(pg->type) && pg->type_count)
            tally_table(mfn, pg->type);
    }
}

/*
 * Between hypercalls no CPU holds a claim: a frame with a type is
 * validated or partial, one without is neither.
 */
static bool type_state_settled(const struct page_info *pg)
{
    bool validated = pg->flags & PGF_validated, partial = pg->flags & PGF_partial;

    if (pg->flags & PGF_locked)
        return false;
    return pg->type_count ? validated != partial : !validated && !partial;
}

/* Frames that only domains reference: compare; report the first few. */
static unsigned long compare(void)
{
    unsigned long mfn, bad = 0;

    for (mfn = 0; mfn < max_page; mfn++) {
        const struct page_info *pg = &frame_table[mfn];
        if (pg->owner == DOMID_XEN || pg->owner == DOMID_IO)
            continue;
        if (pg->count == expected[mfn].count && pg->type_count == expected[mfn].type_count &&
            (pg->type_count || pg->type == PGT_none) && type_state_settled(pg))
            continue;
        if (bad++ < AUDIT_REPORT_MAX)
            printk(XENLOG_ERR "frame table check: mfn %#lx (owner %u, type %u): "
                   "count %u type_count %u, expected %u and %u\n", mfn, pg->owner,
                   pg->type, pg->count, pg->type_count, expected[mfn].count,
                   expected[mfn].type_count);
    }
    return bad;
}

/* Taken at boot, before any domain exists, so the census can compare. */
void frame_table_audit_init(void)
{
    expected = alloc_xenheap_pages_virt(DIV_ROUND_UP(max_page * sizeof(*expected), PAGE_SIZE));
}

void frame_table_census(struct frame_census *c)
{
    unsigned long mfn;

    memset(c, 0, sizeof(*c));
    for (mfn = 0; mfn < max_page; mfn++) {
        domid_t owner = frame_table[mfn].owner;
        if (owner == DOMID_INVALID)
            c->free++;
        else if (owner == DOMID_XEN)
            c->xen++;
        else if (owner != DOMID_IO)
            c->domains++;
    }
}

/* Each domain's pin count (teardown's first pass stops by it) against its frames. */
static unsigned long compare_pins(void)
{
    const struct domain *d;
    unsigned long mfn, pinned, bad = 0;

    for_each_domain(d) {
        for (pinned = 0, mfn = d->page_list_head; mfn != PAGE_LIST_NULL;
             mfn = frame_table[mfn].list_next)
            pinned += !!(frame_table[mfn].flags & PGF_pinned);
        if (pinned == d->nr_pinned)
            continue;
        bad++;
        printk(XENLOG_ERR "frame table check: domain %u has %lu pinned frames, "
               "counts %lu\n", d->domain_id, pinned, d->nr_pinned);
    }
    return bad;
}

bool frame_table_audit(void)
{
    struct domain *d;
    unsigned long bad;

    if (!expected) {
        printk(XENLOG_ERR "frame table check: no memory for it\n");
        return false;
    }
    memset(expected, 0, max_page * sizeof(*expected));
    tally_frames();
    for_each_domain(d)
        if (!d->is_dying)
            tally_domain(d);
    bad = compare() + compare_pins();
    if (bad)
        printk(XENLOG_ERR "frame table check: FAILED (%lu frames or domains wrong)\n", bad);
    else
        printk("frame table check: OK\n");
    return bad == 0;
}
