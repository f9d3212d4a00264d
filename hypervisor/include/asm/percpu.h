/*
 * The x86 PV part of a physical CPU's state (struct pcpu's `arch`): what
 * the entry code reads on every way into and out of a guest.  It sits at
 * fixed offsets in struct pcpu, pinned in pv/domain.c, so entry.S can
 * reach each field with one instruction.
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#define PCPU_ARCH               8
#define PCPU_GUEST_VCPU_INFO    (PCPU_ARCH + 0)
#define PCPU_GUEST_IN_KERNEL    (PCPU_ARCH + 8)
#define PCPU_FAILSAFE_PENDING   (PCPU_ARCH + 9)

#ifndef __ASSEMBLER__
#include <minixen/types.h>

struct vcpu_info;

struct arch_pcpu {
    struct vcpu_info *guest_vcpu_info;  /* the running vCPU's: is an upcall due? */
    bool guest_in_kernel;               /* its mode: a syscall is a hypercall */
    bool failsafe_pending;              /* a data selector did not load on the switch */
    unsigned int gdt_window_used;       /* guest frames its GDT window last showed */
    /* The validation under way here (pv/pagetable.c): tables done, nesting. */
    unsigned long tables_validated;
    unsigned int validation_depth;
    uint64_t timer_deadline;            /* the local APIC timer's, system time; 0 = none */
};
#endif

#endif /* ASM_PERCPU_H */
