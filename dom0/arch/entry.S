/*
 * dom0/arch/entry.S - every way into the dom0 kernel after boot, and the
 * one way out.
 *
 * The hypervisor delivers system calls, exceptions and event upcalls as a
 * bounce frame: RCX, R11, [error code], RIP, CS, RFLAGS, RSP, SS, on the
 * process's kernel stack when it came from user mode.  Each stub turns
 * that into a struct user_regs (arch/regs.h): RCX and R11 go back into
 * their registers, a vector and an error code are pushed, then every
 * general register.  The way out is the iret hypercall, whose frame is
 * RAX, R11, RCX (pushed by its stub), flags, RIP, CS, RFLAGS, RSP, SS:
 * RPL 3 in CS returns to user mode, RPL 0 stays in the kernel.
 */
#include <public/xen.h>

#define IRET_STUB       (__HYPERVISOR_iret * 32)
#define VECTOR_SYSCALL  0x100
#define VECTOR_EVENT    0x101

.macro SAVE_GPRS
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        push    %rax
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
.endm

/* An entry without an error code: a zero takes its place. */
.macro ENTRY_NOERR name, vector, handler
        .globl  \name
\name:
        pop     %rcx
        pop     %r11
        push    $0
        push    $\vector
        SAVE_GPRS
        mov     %rsp, %rdi
        call    \handler
        jmp     ret_from_entry
.endm

.macro ENTRY_ERR name, vector, handler
        .globl  \name
\name:
        pop     %rcx
        pop     %r11
        push    $\vector
        SAVE_GPRS
        mov     %rsp, %rdi
        call    \handler
        jmp     ret_from_entry
.endm

        .text
ENTRY_NOERR syscall_entry, VECTOR_SYSCALL, syscall_dispatch
ENTRY_NOERR event_entry, VECTOR_EVENT, event_upcall
ENTRY_NOERR failsafe_entry, 0xff, failsafe_callback

ENTRY_NOERR trap_de, 0, do_trap
ENTRY_NOERR trap_db, 1, do_trap
ENTRY_NOERR trap_nmi, 2, do_trap
ENTRY_NOERR trap_bp, 3, do_trap
ENTRY_NOERR trap_of, 4, do_trap
ENTRY_NOERR trap_br, 5, do_trap
ENTRY_NOERR trap_ud, 6, do_trap
ENTRY_NOERR trap_nm, 7, do_trap
ENTRY_ERR   trap_df, 8, do_trap
ENTRY_ERR   trap_ts, 10, do_trap
ENTRY_ERR   trap_np, 11, do_trap
ENTRY_ERR   trap_ss, 12, do_trap
ENTRY_ERR   trap_gp, 13, do_trap
ENTRY_ERR   trap_pf, 14, do_page_fault
ENTRY_NOERR trap_mf, 16, do_trap
ENTRY_ERR   trap_ac, 17, do_trap
ENTRY_NOERR trap_mc, 18, do_trap
ENTRY_NOERR trap_xm, 19, do_trap

/*
 * Back to whatever was interrupted.  From user mode, pending work
 * (signals, a reschedule) is done first; its C side may switch processes
 * and come back here on this process's stack later.
 */
        .globl  ret_from_entry
ret_from_entry:
        testb   $3, 18*8(%rsp)          /* user_regs.cs */
        jz      restore_regs
        mov     %rsp, %rdi
        call    prepare_return_to_user
restore_regs:
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rax
        pop     %rcx
        pop     %rdx
        pop     %rsi
        pop     %rdi
        add     $8, %rsp                /* vector */
        movq    $0, (%rsp)              /* error code slot: iret's flags (restore RCX, R11) */
        jmp     hypercall_page + IRET_STUB

/*
 * switch_stacks(&prev->ksp, next_ksp): saves the callee-saved registers
 * on the old stack, returns on the new one.
 */
        .globl  switch_stacks
switch_stacks:
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        mov     %rsp, (%rdi)
        mov     %rsi, %rsp
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        ret

/* A new process's first return: its user_regs are at the stack top. */
        .globl  ret_from_fork
ret_from_fork:
        call    schedule_tail
        jmp     ret_from_entry

        .section .note.GNU-stack, "", @progbits
