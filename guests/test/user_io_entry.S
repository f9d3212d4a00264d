/*
 * guests/test/user_io_entry.S - a trip into 64-bit guest user mode and
 * back, for the port-I/O checks from user mode (user_io.c, interface in
 * user_io.h).  Built like compat_syscall_entry.S: user_run() saves the
 * callee-saved registers and its stack, then "returns" with the iret
 * hypercall to a frame whose CS has RPL 3 (user mode).  The user code
 * either faults (#GP, to user_gp_entry) or reaches its `int`
 * (user_done_entry); both arrive in kernel mode on the stack_switch stack,
 * record the frame and iret back, CS RPL 0, to user_resume.
 */
#include <public/xen.h>
#include "traps.h"
#include "user_io.h"

#define KERNEL_CS_RPL0 (FLAT_KERNEL_CS & ~3)
#define IRET_STUB (__HYPERVISOR_iret * XEN_HYPERCALL_PAGE_SLOT_SIZE)
#define POST_PORT 0x80

        .text
/* void user_run(rip (rdi), user_rsp (rsi), user_rflags (rdx), resume_rflags (rcx), out (r8)) */
        .globl  user_run
user_run:
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        mov     %rsp, user_resume_rsp(%rip)
        mov     %rcx, user_resume_rflags(%rip)
        mov     %r8, user_out(%rip)

        push    $FLAT_USER_SS           /* ss */
        push    %rsi                    /* rsp */
        push    %rdx                    /* rflags */
        push    $FLAT_USER_CS           /* cs: RPL 3, user mode */
        push    %rdi                    /* rip */
        push    $0                      /* flags: restore rcx/r11 */
        jmp     hypercall_page + IRET_STUB

user_resume:
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        ret

        .globl  user_gp_entry, user_done_entry
user_gp_entry:
        mov     $USER_ARRIVED_GP, %eax
        mov     USER_GP_FRAME_EC*8(%rsp), %rdx
        mov     USER_GP_FRAME_RIP*8(%rsp), %rsi
        mov     USER_GP_FRAME_RFLAGS*8(%rsp), %rdi
        jmp     user_record

user_done_entry:
        mov     $USER_ARRIVED_DONE, %eax
        xor     %edx, %edx
        mov     USER_INT_FRAME_RIP*8(%rsp), %rsi
        mov     USER_INT_FRAME_RFLAGS*8(%rsp), %rdi

/* Record, then back to user_resume on the stack user_run saved. */
user_record:
        mov     user_out(%rip), %rcx
        mov     %rax, USER_ARRIVAL_HOW(%rcx)
        mov     %rdx, USER_ARRIVAL_ERROR_CODE(%rcx)
        mov     %rsi, USER_ARRIVAL_RIP(%rcx)
        mov     %rdi, USER_ARRIVAL_RFLAGS(%rcx)

        push    $FLAT_KERNEL_SS                 /* ss */
        push    user_resume_rsp(%rip)           /* rsp */
        push    user_resume_rflags(%rip)        /* rflags */
        push    $KERNEL_CS_RPL0                 /* cs */
        lea     user_resume(%rip), %rax
        push    %rax                            /* rip */
        push    $0                              /* flags */
        jmp     hypercall_page + IRET_STUB

/* The user code (every kernel mapping of a 64-bit PV guest is user-visible). */
        .globl  user_inb_post, user_cli, user_nothing
user_inb_post:
        inb     $POST_PORT, %al
        int     $TRAP_SOFT_DPL3_VECTOR
user_cli:
        cli
        int     $TRAP_SOFT_DPL3_VECTOR
user_nothing:
        int     $TRAP_SOFT_DPL3_VECTOR

        .bss
        .balign 8
user_resume_rsp:
        .quad   0
user_resume_rflags:
        .quad   0
user_out:
        .quad   0

        .section .note.GNU-stack, "", @progbits
