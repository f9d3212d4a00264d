/*
 * Guest GDTs: set_gdt and update_descriptor.
 *
 * A guest's GDT frames are typed as descriptor pages, which cannot be
 * mapped writable, so every descriptor the CPU can load passed through
 * check_descriptor() first: code and data segments get DPL 3 (a 64-bit PV
 * kernel runs in ring 3), call gates must point at guest code, other
 * system descriptors are refused.
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <asm/desc.h>
#include <asm/cpu.h>
#include <asm/page.h>
#include <asm/pv.h>

#define DESCS_PER_PAGE      (PAGE_SIZE / sizeof(uint64_t))
#define DESC_TYPE_MASK      (0xfu << 8)
#define DESC_DPL_MASK       (3u << 13)
#define SYS_TYPE_CALL_GATE  0xc
#define GUEST_RPL           3

/* Call gates may only lead to guest code selectors, at guest privilege. */
static bool call_gate_target_ok(uint32_t lo)
{
    uint16_t sel = lo >> 16;

    return (sel >> 3) < FIRST_RESERVED_GDT_ENTRY || (sel & ~3u) == (HYP_GUEST_CS64 & ~3u);
}

/* Check (and fix up) one descriptor; false if it must be refused. */
static bool check_descriptor(uint64_t *desc)
{
    uint32_t lo = *desc, hi = *desc >> 32;

    if (!(hi & DESC_P))
        return true;                    /* not present: always faults */
    hi |= DESC_DPL_MASK;                /* DPL 3 */
    if (hi & DESC_S)
        goto good;
    if (DESC_TYPE(hi) == 0)
        return true;                    /* e.g. the upper half of a gate */
    if (DESC_TYPE(hi) != SYS_TYPE_CALL_GATE || !call_gate_target_ok(lo))
        return false;
    lo |= GUEST_RPL << 16;              /* target selector RPL */
good:
    *desc = ((uint64_t)hi << 32) | lo;
    return true;
}

static bool check_descriptor_page(unsigned long mfn)
{
    uint64_t *descs = mfn_to_virt(mfn);
    unsigned int i;

    for (i = 0; i < DESCS_PER_PAGE; i++)
        if (!check_descriptor(&descs[i]))
            return false;
    return true;
}

static void put_gdt_frames(const unsigned long *frames, unsigned int nr)
{
    while (nr--)
        put_page_and_type(frames[nr]);
}

long do_set_gdt(XEN_GUEST_HANDLE_PARAM(xen_ulong_t) frame_list, unsigned int entries)
{
    unsigned long frames[MAX_GDT_FRAMES];

    if (entries > FIRST_RESERVED_GDT_ENTRY)
        return trace_err(-XEN_EINVAL);
    if (copy_from_guest(frames, frame_list, DIV_ROUND_UP(entries, DESCS_PER_PAGE)))
        return -XEN_EFAULT;
    return pv_set_gdt(current, frames, entries);
}

long pv_set_gdt(struct vcpu *v, const unsigned long *frames, unsigned int entries)
{
    unsigned int nr = DIV_ROUND_UP(entries, DESCS_PER_PAGE), i;

    if (entries > FIRST_RESERVED_GDT_ENTRY)
        return trace_err(-XEN_EINVAL);
    for (i = 0; i < nr; i++) {
        if (!get_page_and_type(frames[i], v->domain, PGT_seg_desc))
            goto fail;
        pv_flush_dropped_writable_mappings();
        if (!check_descriptor_page(frames[i])) {
            put_page_and_type(frames[i]);
            goto fail;
        }
    }
    put_gdt_frames(v->arch.gdt_frames, DIV_ROUND_UP(v->arch.gdt_ents, DESCS_PER_PAGE));
    memset(v->arch.gdt_frames, 0, sizeof(v->arch.gdt_frames));
    memcpy(v->arch.gdt_frames, frames, nr * sizeof(frames[0]));
    v->arch.gdt_ents = entries;
    if (v == current)
        gdt_map_guest_frames(v->arch.gdt_frames, nr);
    return 0;
fail:
    put_gdt_frames(frames, i);
    return trace_err(-XEN_EINVAL);
}

/*
 * Write one descriptor, in a descriptor page or in any frame the guest
 * could map writable (not a page table).
 */
long do_update_descriptor(uint64_t maddr, uint64_t desc)
{
    struct domain *d = current_domain();
    unsigned long mfn = maddr >> PAGE_SHIFT;
    enum page_type type;

    if (maddr & (sizeof(desc) - 1) || !check_descriptor(&desc))
        return trace_err(-XEN_EINVAL);
    if (!get_page(mfn, d))
        return trace_err(-XEN_EINVAL);
    type = frame_table[mfn].type == PGT_seg_desc && frame_table[mfn].type_count
           ? PGT_seg_desc : PGT_writable;
    if (!get_page_type(mfn, type)) {
        put_page(mfn);
        return trace_err(-XEN_EINVAL);
    }
    *(uint64_t *)maddr_to_virt(maddr) = desc;
    put_page_and_type(mfn);
    return 0;
}
