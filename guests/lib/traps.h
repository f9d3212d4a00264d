/*
 * guests/lib/traps.h - exceptions, software interrupts and callbacks.
 *
 * The hypervisor bounces an exception to the guest by pushing, on the
 * guest kernel stack, RCX, R11, [error code], RIP, CS (saved upcall mask
 * in bits 32-39), RFLAGS, RSP, SS and jumping to the handler registered
 * with set_trap_table.  The stubs in trap_entry.S pop RCX/R11, add a zero
 * error code where the CPU pushes none, save every register in a
 * struct trap_frame and call trap_dispatch().  Returning goes through the
 * iret hypercall, so the dispatcher may change any saved register.
 *
 * Expected faults are recovered through an exception table, as in XTF:
 * an instruction that may fault gets an entry {fault address, fixup
 * address} in section .extable (see EXTABLE below).  When an exception
 * arrives at a listed address, the dispatcher records it in last_fault
 * and resumes at the fixup.  For traps (int3, int n) the reported RIP is
 * the address after the instruction, so the entry names that address.
 * Anything else is an unexpected exception: the test fails and the guest
 * shuts down with SHUTDOWN_crash.
 *
 * The failsafe callback (the hypervisor could not load one of our data
 * selectors when it switched back to us, loaded null instead and pushed
 * RCX, R11, then the DS, ES, FS, GS we had, above the usual frame) is
 * fatal in the same way, unless a test said it expects one
 * (failsafe_expect()); then it is recorded in last_failsafe and returns
 * to the interrupted code, which runs on with the null selectors.
 */
#ifndef GUEST_TRAPS_H
#define GUEST_TRAPS_H

#include "arch.h"

/* Software-interrupt vectors the guests register (beyond 0-31). */
#define TRAP_SOFT_DPL3_VECTOR    0x20  /* "int $0x20" allowed from any ring */
#define TRAP_SOFT_DPL0_VECTOR    0x21  /* "int $0x21" refused: becomes #GP */
#define TRAP_SYSCALL80_VECTOR    0x80  /* classic syscall gate, DPL 3 */
#define TRAP_UNREGISTERED_VECTOR 0x22  /* left out of the trap table */

/* Pseudo-vectors in trap_frame.vector for the event upcall and the failsafe callback. */
#define TRAP_EVENT_UPCALL 0x100
#define TRAP_FAILSAFE     0x101

/* Words of the failsafe frame's selectors (DS, ES, FS, GS), for trap_entry.S. */
#define FAILSAFE_FRAME_SELECTORS 4

/* trap_frame field offsets, for trap_entry.S (checked in traps.c). */
#define TRAP_FRAME_GPRS   15  /* r15 .. rax */
#define TRAP_FRAME_VECTOR (TRAP_FRAME_GPRS * 8)

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <public/xen.h>

/* Registers of the interrupted context, lowest address first. */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;  /* as the hypervisor pushed them */
};

/* The most recent exception recovered through the exception table. */
struct fault_record {
    int64_t  vector;      /* -1: none since fault_reset() */
    uint64_t error_code;  /* 0 for vectors without one */
    uint64_t rip;         /* reported RIP (faults: the instruction) */
    uint64_t cr2;         /* #PF only: vcpu_info[0].arch.cr2 */
    uint64_t cs;          /* saved CS slot, upcall mask in bits 32-39 */
    uint64_t rflags;
    uint64_t rsp;         /* the interrupted RSP, as the frame has it */
    uint64_t rip_slot;    /* where the frame's RIP slot is on our stack */
    uint8_t  upcall_mask; /* vcpu_info[0].evtchn_upcall_mask in the handler */
    uint64_t count;       /* recovered exceptions since fault_reset() */
};

extern volatile struct fault_record last_fault;

/* The most recent failsafe callback, once failsafe_expect() allowed them. */
struct failsafe_record {
    uint64_t count;       /* callbacks since failsafe_expect() */
    uint64_t ds, es, fs, gs;                /* the frame's selectors: what we had */
    uint64_t rcx, r11, rip, cs, rflags, rsp, ss;   /* the rest of the frame */
    uint64_t rip_slot;    /* where the frame's RIP slot was on our stack */
    uint16_t live_ds, live_es, live_fs, live_gs;   /* loaded in the callback */
    uint8_t  upcall_mask; /* vcpu_info[0].evtchn_upcall_mask in the callback */
};

extern volatile struct failsafe_record last_failsafe;

/* From now on a failsafe callback is recorded, not fatal; the record is cleared. */
void failsafe_expect(void);
/* Failsafe callbacks are fatal again. */
void failsafe_forbid(void);

/* Event upcalls delivered so far (the handler also clears upcall_pending). */
extern volatile uint64_t events_delivered;

/*
 * Called by the event upcall, once its events are consumed, with the
 * interrupted context's frame (NULL: nothing to call).  A test uses it to act at the
 * moment the hypervisor returns to the guest, e.g. in the middle of a
 * preempted hypercall, whose frame then points at its `syscall`.
 */
extern void (*event_hook)(struct trap_frame *f);

/*
 * A guest that speaks another event-channel ABI (the FIFO one) consumes
 * its events here instead of in the 2-level scan of events.c; the
 * handler clears evtchn_upcall_pending itself.
 */
void traps_set_event_handler(void (*handler)(void));

/* Where a #PF's CR2 is read from; NULL until shared_info is mapped. */
extern volatile struct shared_info *trap_shared_info;

/* Forget the last recorded exception. */
void fault_reset(void);

/*
 * The trap table the guests install: vectors 0-31 (#BP and #OF with
 * DPL 3, the rest DPL 0), TRAP_SOFT_DPL3_VECTOR and TRAP_SYSCALL80_VECTOR
 * with DPL 3, TRAP_SOFT_DPL0_VECTOR with DPL 0, terminated by a zero entry.
 */
const trap_info_t *traps_table(void);

/* Entry points for callback_op / set_callbacks (defined in trap_entry.S). */
void entry_event_callback(void);
void entry_failsafe_callback(void);
void entry_syscall_callback(void);
void entry_nmi_callback(void);

/* Called from trap_entry.S. */
void trap_dispatch(struct trap_frame *f);
__attribute__((noreturn)) void callback_fatal(void);

/*
 * "insn" and "fixup" are assembler labels (e.g. "1b", "2f"): an exception
 * reported at insn resumes at fixup.
 */
#define EXTABLE(insn, fixup)                                  \
    ".pushsection .extable, \"a\"\n\t"                        \
    ".balign 8\n\t"                                           \
    ".quad " insn ", " fixup "\n\t"                           \
    ".popsection\n\t"

#endif /* !__ASSEMBLER__ */

#endif /* GUEST_TRAPS_H */
