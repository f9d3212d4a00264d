/*
 * guests/test/compat_syscall.h - interface of compat_syscall_entry.S, which
 * runs `syscall` in 32-bit guest user mode and catches what the
 * hypervisor delivers for it (used by compat_syscall.c).
 */
#ifndef GUEST_TEST_COMPAT_SYSCALL_H
#define GUEST_TEST_COMPAT_SYSCALL_H

/* struct compat_arrival.how: which entry point the hypervisor used. */
#define COMPAT_ARRIVED_NONE      0
#define COMPAT_ARRIVED_UD        1  /* the #UD handler in the trap table */
#define COMPAT_ARRIVED_SYSCALL32 2  /* the CALLBACKTYPE_syscall32 callback */

/*
 * The bounce frame both entries find (no error code), lowest address
 * first: RCX, R11, RIP, CS (saved upcall mask in bits 32-39), RFLAGS,
 * RSP, SS.
 */
#define COMPAT_FRAME_RCX    0
#define COMPAT_FRAME_R11    1
#define COMPAT_FRAME_RIP    2
#define COMPAT_FRAME_CS     3
#define COMPAT_FRAME_RFLAGS 4
#define COMPAT_FRAME_RSP    5
#define COMPAT_FRAME_SS     6
#define COMPAT_FRAME_WORDS  7

/* struct compat_arrival offsets (checked in compat_syscall.c). */
#define COMPAT_ARRIVAL_HOW       0
#define COMPAT_ARRIVAL_ENTRY_RSP 8
#define COMPAT_ARRIVAL_FRAME     16

/* RFLAGS of the user-mode frame: IF (events on) and the always-one bit 1. */
#define COMPAT_USER_RFLAGS 0x202

#ifndef __ASSEMBLER__
#include <stdint.h>

struct compat_arrival {
    uint64_t how;                        /* COMPAT_ARRIVED_* */
    uint64_t entry_rsp;                  /* %rsp as the handler was entered */
    uint64_t frame[COMPAT_FRAME_WORDS];  /* the bounce frame, COMPAT_FRAME_* */
};

/*
 * The 32-bit user code: `syscall` at compat_syscall_insn, then `int3` at
 * compat_after_syscall, which would trap (vector 3, an unexpected
 * exception) if the syscall ever came back to user mode.
 */
extern const uint8_t compat_syscall_insn[], compat_after_syscall[];

/* The entry points to register: #UD (trap table) and syscall32 (callback). */
void compat_ud_entry(void);
void compat_syscall32_entry(void);

/*
 * Enter guest user mode at rip in FLAT_USER_CS32 with stack user_rsp
 * (iret hypercall), and come back here once compat_ud_entry or
 * compat_syscall32_entry has run: they record what arrived in *out and
 * return to guest kernel mode with the iret hypercall, with RFLAGS
 * resume_rflags (its IF decides the upcall mask afterwards).
 */
void compat_user_run(uint64_t rip, uint64_t user_rsp, uint64_t resume_rflags,
                     struct compat_arrival *out);

/* The check itself (compat_syscall.c), run from test_exceptions(). */
void test_compat_syscall(void);
#endif

#endif /* GUEST_TEST_COMPAT_SYSCALL_H */
