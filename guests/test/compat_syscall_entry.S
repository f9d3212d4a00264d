/*
 * guests/test/compat_syscall_entry.S - a trip into 32-bit guest user mode and
 * back, for the compat `syscall` check (compat_syscall.c, interface in
 * compat_syscall.h).
 *
 * compat_user_run() saves the callee-saved registers and its stack
 * pointer, then "returns" with the iret hypercall to a frame whose CS is
 * FLAT_USER_CS32 (RPL 3: the hypervisor switches to user mode).  The 32-bit
 * code runs `syscall`.  Whatever the hypervisor makes of it arrives, in
 * guest kernel mode on the stack given to stack_switch, at one of the two
 * entries below.  They copy the bounce frame out and use the iret
 * hypercall again, now with CS RPL 0 (stay in kernel mode), to land at
 * compat_resume on the saved stack, which returns to the caller.
 */
#include <public/xen.h>
#include "compat_syscall.h"

/* CS with RPL 0: the iret hypercall keeps the guest in kernel mode. */
#define KERNEL_CS_RPL0 (FLAT_KERNEL_CS & ~3)
/* Offset of the iret stub in the hypercall page. */
#define IRET_STUB (__HYPERVISOR_iret * XEN_HYPERCALL_PAGE_SLOT_SIZE)

        .text
/* void compat_user_run(rip (rdi), user_rsp (rsi), resume_rflags (rdx), out (rcx)) */
        .globl  compat_user_run
compat_user_run:
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        mov     %rsp, compat_resume_rsp(%rip)
        mov     %rdx, compat_resume_rflags(%rip)
        mov     %rcx, compat_out(%rip)

        push    $FLAT_USER_SS           /* ss */
        push    %rsi                    /* rsp */
        push    $COMPAT_USER_RFLAGS     /* rflags */
        push    $FLAT_USER_CS32         /* cs: 32-bit user code */
        push    %rdi                    /* rip */
        push    $0                      /* flags: restore rcx/r11 */
        jmp     hypercall_page + IRET_STUB

/* Reached through the iret hypercall, on the stack compat_user_run saved. */
compat_resume:
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        ret

        .globl  compat_ud_entry
compat_ud_entry:
        mov     $COMPAT_ARRIVED_UD, %eax
        jmp     compat_record

        .globl  compat_syscall32_entry
compat_syscall32_entry:
        mov     $COMPAT_ARRIVED_SYSCALL32, %eax

/*
 * Record how we got here, where the stack was and the frame, then go back
 * to compat_resume.  Nothing of the interrupted user context is needed.
 */
compat_record:
        cld
        mov     compat_out(%rip), %rdi
        mov     %rax, COMPAT_ARRIVAL_HOW(%rdi)
        mov     %rsp, COMPAT_ARRIVAL_ENTRY_RSP(%rdi)
        lea     COMPAT_ARRIVAL_FRAME(%rdi), %rdi
        mov     %rsp, %rsi
        mov     $COMPAT_FRAME_WORDS, %ecx
        rep movsq

        push    $FLAT_KERNEL_SS                 /* ss */
        push    compat_resume_rsp(%rip)         /* rsp */
        push    compat_resume_rflags(%rip)      /* rflags */
        push    $KERNEL_CS_RPL0                 /* cs */
        lea     compat_resume(%rip), %rax
        push    %rax                            /* rip */
        push    $0                              /* flags */
        jmp     hypercall_page + IRET_STUB

/*
 * The user-mode code, 32-bit.  It lives in our image (below 4 GiB, and
 * every kernel mapping of a 64-bit PV guest is reachable from user mode).
 */
        .code32
        .globl  compat_syscall_insn, compat_after_syscall
compat_syscall_insn:
        syscall
compat_after_syscall:
        int3
        .code64

        .bss
        .balign 8
compat_resume_rsp:
        .quad   0
compat_resume_rflags:
        .quad   0
compat_out:
        .quad   0

        .section .note.GNU-stack, "", @progbits
