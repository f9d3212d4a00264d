/*
 * guests/lib/pv.h - what a 64-bit PV guest knows about itself: the state
 * it was entered with, its start_info and shared_info, how its virtual
 * addresses map to pseudo-physical and machine frames, and the start-up
 * steps every guest performs (each a separate call, so the test guest
 * can check them one by one).
 *
 * Layout (set by the domain builder): the guests are linked at
 * GUEST_LINK_BASE with virtual base 0, so [0, v_end) maps pseudo-physical
 * frames 0.. and pfn = (va - GUEST_VIRT_BASE) >> PAGE_SHIFT.  The machine
 * frame of a pfn is start_info->mfn_list[pfn].  The bootstrap page tables
 * live inside that region and are mapped read-only.
 */
#ifndef GUEST_PV_H
#define GUEST_PV_H

#include "arch.h"

/* Where the ELF image is linked (guest.lds) and where pfn 0 is mapped. */
#define GUEST_LINK_BASE 0x200000
#define GUEST_VIRT_BASE 0

/* The guests' own stack, in .bss (head.S switches to it at once). */
#define GUEST_STACK_SIZE (4 * PAGE_SIZE)

/* A page-aligned .bss object that may be remapped (shares its page with nothing). */
#define PAGE_ALIGNED_BSS \
    __attribute__((aligned(PAGE_SIZE), section(".bss.page_aligned")))

/* Opcode the unfilled hypercall page is poisoned with ("ret"). */
#define HYPERCALL_PAGE_POISON 0xc3

/* struct boot_state field offsets, for head.S (checked in pv.c). */
#define BOOT_STATE_TSC        0
#define BOOT_STATE_START_INFO 8
#define BOOT_STATE_RSP        16
#define BOOT_STATE_RFLAGS     24
#define BOOT_STATE_CS         32
#define BOOT_STATE_SS         40

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <public/xen.h>

/* Registers as the guest found them at _start, saved by head.S. */
struct boot_state {
    uint64_t tsc;         /* "lfence; rdtsc" as the very first instructions */
    uint64_t start_info;  /* %rsi */
    uint64_t rsp;         /* top of the builder's boot stack */
    uint64_t rflags;
    uint64_t cs;
    uint64_t ss;
};

extern struct boot_state boot_state;
extern start_info_t *start_info;
/* NULL until pv_map_shared_info() succeeded. */
extern volatile shared_info_t *shared_info;
/* Top of the guest's own stack (for stack_switch). */
extern uint8_t boot_stack_top[];

/* Each guest's C entry point, called by pv_start() on the guest stack. */
__attribute__((noreturn)) void guest_main(void);

/* ---- Addresses and frames ---- */
unsigned long pv_va_to_pfn(unsigned long va);
unsigned long pv_pfn_to_mfn(unsigned long pfn);
unsigned long pv_va_to_mfn(const void *va);
/* Pseudo-physical frame holding machine frame mfn, or -1 (not ours). */
long pv_mfn_to_pfn(unsigned long mfn);
/* Virtual address of one of our machine frames, or NULL. */
void *pv_mfn_to_va(unsigned long mfn);
/* Is va inside [GUEST_VIRT_BASE, GUEST_VIRT_BASE + nr_pages pages)? */
int pv_region_contains(unsigned long va);
/* Machine address of the L1 entry that maps va, or 0 if there is none. */
uint64_t pv_l1e_maddr(unsigned long va);
/* A PTE mapping machine frame mfn with the given flags. */
static inline uint64_t pv_pte(unsigned long mfn, uint64_t flags)
{
    return ((uint64_t)mfn << PAGE_SHIFT) | flags;
}
/* Flags of an ordinary kernel data mapping (Xen adds the user bit). */
#define PV_PTE_RW (PTE_P | PTE_RW | PTE_A | PTE_D)
#define PV_PTE_RO (PTE_P | PTE_A)
/* Map va back onto its own frame read/write (undoes test remappings). */
long pv_restore_mapping(void *va);

/* ---- Start-up steps (0 or the failing hypercall's result) ---- */
int pv_hypercall_page_filled(void);
/* CR3 as the hypervisor reports it, and what it should be. */
unsigned long pv_expected_cr3(void);
long pv_set_user_baseptr(void);
long pv_register_callback(unsigned int type, void (*entry)(void),
                          unsigned int flags);
long pv_register_callbacks(void);     /* event, failsafe, syscall */
long pv_remap_gdt_ro(void);
long pv_load_gdt(void);
long pv_set_traps(void);
long pv_map_shared_info(void);
/* All of the above, for guests that do not check each step. */
long pv_setup_minimal(void);

/* The GDT page the guests load (read-only once remapped). */
extern uint64_t gdt_page[DESC_ENTRIES_PER_PAGE];
#define GUEST_GDT_ENTRIES DESC_ENTRIES_PER_PAGE
unsigned long pv_gdt_mfn(void);

/* ---- Time (vcpu_info[0].time, read with the version protocol) ---- */
struct pv_time {
    uint32_t version;       /* the even version the snapshot was taken at */
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t mul;
    int8_t   shift;
};
/* Take a consistent snapshot; returns 0, or -1 if it never settled. */
int pv_time_snapshot(struct pv_time *t);
/* Nanoseconds of system time now, from a snapshot. */
uint64_t pv_time_ns(const struct pv_time *t);

#endif /* !__ASSEMBLER__ */

#endif /* GUEST_PV_H */
