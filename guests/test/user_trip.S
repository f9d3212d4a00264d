/*
 * guests/test/user_trip.S - a trip into guest user mode and back, shared by
 * the checks that run code in user mode (user_io_entry.S,
 * compat_syscall_entry.S).
 *
 * user_trip() saves the callee-saved registers and its stack pointer, then
 * "returns" with the iret hypercall to a frame whose CS has RPL 3, so the
 * hypervisor switches to user mode.  Whatever the user code provokes
 * arrives, in guest kernel mode on the stack given to stack_switch, at an
 * entry of the caller's; once it has recorded what it wants it jumps to
 * user_trip_return, which uses the iret hypercall again, now with CS RPL 0
 * (stay in kernel mode), to land on the saved stack and return from
 * user_trip() to its caller.
 */
#include <public/xen.h>

/* CS with RPL 0: the iret hypercall keeps the guest in kernel mode. */
#define KERNEL_CS_RPL0 (FLAT_KERNEL_CS & ~3)
/* Offset of the iret stub in the hypercall page. */
#define IRET_STUB (__HYPERVISOR_iret * XEN_HYPERCALL_PAGE_SLOT_SIZE)

        .text
/* user_trip(rip (rdi), user_rsp (rsi), user_rflags (rdx), user_cs (rcx), resume_rflags (r8)) */
        .globl  user_trip
user_trip:
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        mov     %rsp, trip_resume_rsp(%rip)
        mov     %r8, trip_resume_rflags(%rip)

        push    $FLAT_USER_SS           /* ss */
        push    %rsi                    /* rsp */
        push    %rdx                    /* rflags */
        push    %rcx                    /* cs: RPL 3, user mode */
        push    %rdi                    /* rip */
        push    $0                      /* flags: restore rcx/r11 */
        jmp     hypercall_page + IRET_STUB

/* Jumped to from kernel mode, any stack: back to user_trip's caller. */
        .globl  user_trip_return
user_trip_return:
        push    $FLAT_KERNEL_SS                 /* ss */
        push    trip_resume_rsp(%rip)           /* rsp */
        push    trip_resume_rflags(%rip)        /* rflags */
        push    $KERNEL_CS_RPL0                 /* cs */
        lea     trip_resume(%rip), %rax
        push    %rax                            /* rip */
        push    $0                              /* flags */
        jmp     hypercall_page + IRET_STUB

trip_resume:
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        ret

        .bss
        .balign 8
trip_resume_rsp:
        .quad   0
trip_resume_rflags:
        .quad   0

        .section .note.GNU-stack, "", @progbits
