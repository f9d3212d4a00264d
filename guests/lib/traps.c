/*
 * guests/lib/traps.c - the C side of exception handling: the trap table,
 * the exception-table lookup that recovers expected faults, the event
 * upcall and failsafe callback handlers and the reports for everything
 * unexpected.
 */
#include <stddef.h>
#include "traps.h"
#include "events.h"
#include "report.h"

/* Stubs in trap_entry.S, in vector order (soft: dpl3, dpl0, syscall80). */
extern const uint64_t trap_entries[X86_NR_EXCEPTIONS];
extern const uint64_t trap_soft_entries[3];

/* One .extable entry, written by the EXTABLE() macro. */
struct extable_entry {
    uint64_t insn;
    uint64_t fixup;
};

/* Bounds of .extable, from the linker script. */
extern const struct extable_entry __start_extable[], __stop_extable[];

_Static_assert(offsetof(struct trap_frame, vector) == TRAP_FRAME_VECTOR,
               "trap_entry.S pushes TRAP_FRAME_GPRS registers below the vector");
_Static_assert(sizeof(struct trap_frame) == (TRAP_FRAME_GPRS + 7) * 8,
               "vector, error code and the five-word hardware frame");

volatile struct fault_record last_fault = { .vector = -1 };
volatile struct failsafe_record last_failsafe;
static volatile int failsafe_expected;
/* Written by entry_failsafe_callback: DS, ES, FS, GS as the frame had them. */
extern const volatile uint64_t failsafe_frame_selectors[FAILSAFE_FRAME_SELECTORS];
volatile uint64_t events_delivered;
void (*event_hook)(struct trap_frame *f);
volatile struct shared_info *trap_shared_info;

/* Vectors 0-31 plus three software vectors plus the terminator. */
#define TRAP_TABLE_ENTRIES (X86_NR_EXCEPTIONS + 3 + 1)
/* DPL values in trap_info.flags. */
#define TRAP_DPL_KERNEL 0
#define TRAP_DPL_USER   3

static trap_info_t trap_table[TRAP_TABLE_ENTRIES];

void fault_reset(void)
{
    last_fault.vector = -1;
    last_fault.error_code = 0;
    last_fault.rip = 0;
    last_fault.cr2 = 0;
    last_fault.upcall_mask = 0;
    last_fault.rsp = 0;
    last_fault.rip_slot = 0;
    last_fault.count = 0;
}

static void trap_table_set(unsigned int i, uint8_t vector, uint8_t dpl,
                           uint64_t entry)
{
    trap_table[i] = (trap_info_t){
        .vector = vector,
        .flags = dpl,
        .cs = FLAT_KERNEL_CS,
        .address = entry,
    };
}

const trap_info_t *traps_table(void)
{
    unsigned int v, i = 0;

    for (v = 0; v < X86_NR_EXCEPTIONS; v++) {
        int user = (v == X86_EXC_BP || v == X86_EXC_OF);

        trap_table_set(i++, v, user ? TRAP_DPL_USER : TRAP_DPL_KERNEL,
                       trap_entries[v]);
    }
    trap_table_set(i++, TRAP_SOFT_DPL3_VECTOR, TRAP_DPL_USER, trap_soft_entries[0]);
    trap_table_set(i++, TRAP_SOFT_DPL0_VECTOR, TRAP_DPL_KERNEL, trap_soft_entries[1]);
    trap_table_set(i++, TRAP_SYSCALL80_VECTOR, TRAP_DPL_USER, trap_soft_entries[2]);
    trap_table[i] = (trap_info_t){ 0 };  /* address 0 ends the table */
    return trap_table;
}

static uint64_t extable_fixup(uint64_t rip)
{
    const struct extable_entry *e;

    for (e = __start_extable; e < __stop_extable; e++)
        if (e->insn == rip)
            return e->fixup;
    return 0;
}

static uint8_t upcall_mask_now(void)
{
    return trap_shared_info ? trap_shared_info->vcpu_info[0].evtchn_upcall_mask : 0;
}

static uint64_t fault_cr2(const struct trap_frame *f)
{
    if (f->vector != X86_EXC_PF || !trap_shared_info)
        return 0;
    return trap_shared_info->vcpu_info[0].arch.cr2;
}

static void fault_record(const struct trap_frame *f)
{
    last_fault.vector = (int64_t)f->vector;
    last_fault.error_code = f->error_code;
    last_fault.rip = f->rip;
    last_fault.cr2 = fault_cr2(f);
    last_fault.cs = f->cs;
    last_fault.rflags = f->rflags;
    last_fault.rsp = f->rsp;
    last_fault.rip_slot = (uint64_t)&f->rip;
    last_fault.upcall_mask = upcall_mask_now();
    last_fault.count++;
}

void failsafe_expect(void)
{
    last_failsafe = (struct failsafe_record){ 0 };
    failsafe_expected = 1;
}

void failsafe_forbid(void)
{
    failsafe_expected = 0;
}

/* The selectors the hypervisor left loaded: null for each it could not load. */
static void failsafe_read_live(volatile struct failsafe_record *r)
{
    uint16_t ds, es, fs, gs;

    asm volatile ("mov %%ds, %0; mov %%es, %1; mov %%fs, %2; mov %%gs, %3"
                  : "=r" (ds), "=r" (es), "=r" (fs), "=r" (gs));
    r->live_ds = ds;
    r->live_es = es;
    r->live_fs = fs;
    r->live_gs = gs;
}

static void failsafe_record(const struct trap_frame *f)
{
    volatile struct failsafe_record *r = &last_failsafe;

    r->upcall_mask = upcall_mask_now();
    failsafe_read_live(r);
    r->ds = failsafe_frame_selectors[0];
    r->es = failsafe_frame_selectors[1];
    r->fs = failsafe_frame_selectors[2];
    r->gs = failsafe_frame_selectors[3];
    r->rcx = f->rcx;
    r->r11 = f->r11;
    r->rip = f->rip;
    r->cs = f->cs;
    r->rflags = f->rflags;
    r->rsp = f->rsp;
    r->ss = f->ss;
    r->rip_slot = (uint64_t)&f->rip;
    r->count++;
}

/* Returning resumes the interrupted code, with the null selectors. */
static void failsafe_callback(const struct trap_frame *f)
{
    if (failsafe_expected) {
        failsafe_record(f);
        return;
    }
    test_crash("unexpected failsafe callback: ds %#lx, es %#lx, fs %#lx, gs %#lx, rip %#lx",
               failsafe_frame_selectors[0], failsafe_frame_selectors[1],
               failsafe_frame_selectors[2], failsafe_frame_selectors[3], f->rip);
}

static void (*event_handler)(void);

void traps_set_event_handler(void (*handler)(void))
{
    event_handler = handler;
}

/*
 * The event callback: the guest's own handler (one that speaks another
 * ABI), or else scan and count the pending ports (events.c).  Then a
 * test's event_hook, if one is set, sees the interrupted frame.
 */
static void event_upcall(struct trap_frame *f)
{
    if (event_handler)
        event_handler();
    else
        evt_handle_upcall();
    events_delivered++;
    if (event_hook)
        event_hook(f);
}

void trap_dispatch(struct trap_frame *f)
{
    uint64_t fixup;

    if (f->vector == TRAP_EVENT_UPCALL) {
        event_upcall(f);
        return;
    }
    if (f->vector == TRAP_FAILSAFE) {
        failsafe_callback(f);
        return;
    }
    fixup = extable_fixup(f->rip);
    if (fixup) {
        fault_record(f);
        f->rip = fixup;
        return;
    }
    test_crash("unexpected exception: vector %lu, error code %#lx, "
               "rip %#lx, cr2 %#lx, rsp %#lx",
               f->vector, f->error_code, f->rip, fault_cr2(f), f->rsp);
}

void callback_fatal(void)
{
    test_crash("unexpected syscall callback");
}
