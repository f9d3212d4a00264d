/*
 * The register frame saved on the hypervisor stack on every entry from a
 * guest or from the hypervisor itself.  entry.S builds it; the field order
 * is fixed by the push order there (see REGS_* offsets, checked below).
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#define REGS_R15     0
#define REGS_R14     8
#define REGS_R13     16
#define REGS_R12     24
#define REGS_RBP     32
#define REGS_RBX     40
#define REGS_R11     48
#define REGS_R10     56
#define REGS_R9      64
#define REGS_R8      72
#define REGS_RAX     80
#define REGS_RCX     88
#define REGS_RDX     96
#define REGS_RSI     104
#define REGS_RDI     112
#define REGS_ERROR   120
#define REGS_VECTOR  124
#define REGS_RIP     128
#define REGS_CS      136
#define REGS_RFLAGS  144
#define REGS_RSP     152
#define REGS_SS      160
#define REGS_SIZE    168

/* regs->vector for entries that are not interrupts. */
#define ENTRY_SYSCALL 0x100
/*
 * A flag beside the vector (Xen's TRAP_syscall): the guest does not need
 * its RCX and R11 back, so the way out may be SYSRET, which overwrites
 * them.  Set on SYSCALL entry and by every bounce (whose frame on the
 * guest stack holds them); cleared when the iret hypercall restores them.
 */
#define FRAME_SYSRET_OK 0x200

#ifndef __ASSEMBLY__
#include <minixen/types.h>

struct cpu_user_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint32_t error_code;
    uint32_t vector;        /* entry kind: exception/IRQ vector or ENTRY_* */
    /* The hardware interrupt frame. */
    uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(__builtin_offsetof(struct cpu_user_regs, rdi) == REGS_RDI, "regs");
_Static_assert(__builtin_offsetof(struct cpu_user_regs, vector) == REGS_VECTOR, "regs");
_Static_assert(__builtin_offsetof(struct cpu_user_regs, rip) == REGS_RIP, "regs");
_Static_assert(sizeof(struct cpu_user_regs) == REGS_SIZE, "regs");

static inline bool regs_from_guest(const struct cpu_user_regs *r)
{ return (r->cs & 3) != 0; }
#endif

#endif /* ASM_REGS_H */
