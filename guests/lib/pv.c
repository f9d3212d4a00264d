/*
 * guests/lib/pv.c - start-of-day state, address/frame translation and the
 * start-up steps of a 64-bit PV guest (the sequence XTF's PV start-up
 * uses: CR3, user base pointer, callbacks, GDT, trap table, shared_info).
 */
#include <stddef.h>
#include "pv.h"
#include "hypercall.h"
#include "traps.h"

_Static_assert(offsetof(struct boot_state, tsc) == BOOT_STATE_TSC, "head.S");
_Static_assert(offsetof(struct boot_state, start_info) == BOOT_STATE_START_INFO, "head.S");
_Static_assert(offsetof(struct boot_state, rsp) == BOOT_STATE_RSP, "head.S");
_Static_assert(offsetof(struct boot_state, rflags) == BOOT_STATE_RFLAGS, "head.S");
_Static_assert(offsetof(struct boot_state, cs) == BOOT_STATE_CS, "head.S");
_Static_assert(offsetof(struct boot_state, ss) == BOOT_STATE_SS, "head.S");

struct boot_state boot_state;
start_info_t *start_info;
volatile shared_info_t *shared_info;

uint64_t gdt_page[DESC_ENTRIES_PER_PAGE] PAGE_ALIGNED_BSS;
/* The virtual page shared_info is mapped at (its own frame is left unused). */
static uint8_t shared_info_page[PAGE_SIZE] PAGE_ALIGNED_BSS;

/* Called by head.S on the guest stack. */
__attribute__((noreturn)) void pv_start(void);

void pv_start(void)
{
    start_info = (start_info_t *)boot_state.start_info;
    /*
     * Without the hypercall page nothing can be printed; fault with no
     * trap table installed so the hypervisor reports a crash instead.
     */
    if (!pv_hypercall_page_filled())
        asm volatile ("ud2");
    guest_main();
}

unsigned long pv_va_to_pfn(unsigned long va)
{
    return (va - GUEST_VIRT_BASE) >> PAGE_SHIFT;
}

unsigned long pv_pfn_to_mfn(unsigned long pfn)
{
    return ((const xen_pfn_t *)start_info->mfn_list)[pfn];
}

unsigned long pv_va_to_mfn(const void *va)
{
    return pv_pfn_to_mfn(pv_va_to_pfn((unsigned long)va));
}

long pv_mfn_to_pfn(unsigned long mfn)
{
    const xen_pfn_t *p2m = (const xen_pfn_t *)start_info->mfn_list;
    unsigned long pfn;

    for (pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (p2m[pfn] == mfn)
            return (long)pfn;
    return -1;
}

void *pv_mfn_to_va(unsigned long mfn)
{
    long pfn = pv_mfn_to_pfn(mfn);

    if (pfn < 0)
        return NULL;
    return (void *)(GUEST_VIRT_BASE + ((unsigned long)pfn << PAGE_SHIFT));
}

/* Addresses below the base wrap around to huge offsets and fail too. */
int pv_region_contains(unsigned long va)
{
    return va - GUEST_VIRT_BASE < (start_info->nr_pages << PAGE_SHIFT);
}

/*
 * Walk the bootstrap tables from pt_base.  Every table is one of our own
 * frames, mapped read-only inside our region, so it can be read directly.
 */
uint64_t pv_l1e_maddr(unsigned long va)
{
    const uint64_t *table = (const uint64_t *)start_info->pt_base;
    unsigned long mfn = pv_va_to_mfn(table);
    int level;

    for (level = PT_LEVELS; level > 1; level--) {
        uint64_t e = table[PT_INDEX(va, level)];

        if (!(e & PTE_P))
            return 0;
        mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;
        table = pv_mfn_to_va(mfn);
        if (!table)
            return 0;
    }
    return ((uint64_t)mfn << PAGE_SHIFT) + PT_INDEX(va, 1) * sizeof(uint64_t);
}

long pv_restore_mapping(void *va)
{
    return HYPERVISOR_update_va_mapping((unsigned long)va,
                                        pv_pte(pv_va_to_mfn(va), PV_PTE_RW),
                                        UVMF_INVLPG);
}

int pv_hypercall_page_filled(void)
{
    return hypercall_page[__HYPERVISOR_xen_version *
                          XEN_HYPERCALL_PAGE_SLOT_SIZE] != HYPERCALL_PAGE_POISON;
}

unsigned long pv_expected_cr3(void)
{
    return xen_pfn_to_cr3(pv_va_to_mfn((const void *)start_info->pt_base));
}

/* Xen allows the kernel table as the user table too (XTF does this). */
long pv_set_user_baseptr(void)
{
    mmuext_op_t op = {
        .cmd = MMUEXT_NEW_USER_BASEPTR,
        .arg1.mfn = pv_va_to_mfn((const void *)start_info->pt_base),
    };

    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

long pv_register_callback(unsigned int type, void (*entry)(void),
                          unsigned int flags)
{
    struct callback_register cb = {
        .type = type,
        .flags = flags,
        .address = (unsigned long)entry,
    };

    return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

long pv_register_callbacks(void)
{
    long rc;

    rc = pv_register_callback(CALLBACKTYPE_event, entry_event_callback, 0);
    if (!rc)
        rc = pv_register_callback(CALLBACKTYPE_failsafe, entry_failsafe_callback,
                                  CALLBACKF_mask_events);
    if (!rc)
        rc = pv_register_callback(CALLBACKTYPE_syscall, entry_syscall_callback,
                                  CALLBACKF_mask_events);
    return rc;
}

unsigned long pv_gdt_mfn(void)
{
    return pv_va_to_mfn(gdt_page);
}

/* A GDT frame must not be mapped writable anywhere before set_gdt. */
long pv_remap_gdt_ro(void)
{
    return HYPERVISOR_update_va_mapping((unsigned long)gdt_page,
                                        pv_pte(pv_gdt_mfn(), PV_PTE_RO),
                                        UVMF_INVLPG);
}

long pv_load_gdt(void)
{
    xen_ulong_t frames[1] = { pv_gdt_mfn() };

    return HYPERVISOR_set_gdt(frames, GUEST_GDT_ENTRIES);
}

long pv_set_traps(void)
{
    return HYPERVISOR_set_trap_table(traps_table());
}

/* Map shared_info without the user bit: the hypervisor must add it. */
long pv_map_shared_info(void)
{
    long rc = HYPERVISOR_update_va_mapping((unsigned long)shared_info_page,
                                           start_info->shared_info | PV_PTE_RW,
                                           UVMF_INVLPG);

    if (!rc) {
        shared_info = (volatile shared_info_t *)shared_info_page;
        trap_shared_info = shared_info;
    }
    return rc;
}

long pv_setup_minimal(void)
{
    long rc = pv_register_callbacks();

    if (!rc)
        rc = pv_set_traps();
    if (!rc)
        rc = pv_map_shared_info();
    return rc;
}

/* Retries before a time snapshot is declared unstable. */
#define TIME_SNAPSHOT_TRIES 1000

int pv_time_snapshot(struct pv_time *t)
{
    volatile struct vcpu_time_info *ti = &shared_info->vcpu_info[0].time;
    int tries;

    for (tries = 0; tries < TIME_SNAPSHOT_TRIES; tries++) {
        t->version = ti->version;
        barrier();
        t->tsc_timestamp = ti->tsc_timestamp;
        t->system_time = ti->system_time;
        t->mul = ti->tsc_to_system_mul;
        t->shift = ti->tsc_shift;
        barrier();
        if (!(t->version & 1) && t->version == ti->version)
            return 0;
    }
    return -1;
}

uint64_t pv_time_ns(const struct pv_time *t)
{
    uint64_t delta = rdtsc_ordered() - t->tsc_timestamp;

    if (t->shift >= 0)
        delta <<= t->shift;
    else
        delta >>= -t->shift;
    return t->system_time + (uint64_t)(((unsigned __int128)delta * t->mul) >> 32);
}
