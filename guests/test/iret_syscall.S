/*
 * guests/test/iret_syscall.S - the iret hypercall with VGCF_in_syscall,
 * as Linux returns from a system call: the guest says its RCX and R11
 * need not come back, so the hypervisor may return with SYSRET.  Either
 * way the frame's RIP, RSP and RFLAGS must be the ones it lands with.
 *
 * The frame returns to the landing below, in kernel mode, with the stack
 * pointer this function was entered with minus the three saved registers,
 * and the RFLAGS asked for.  The landing records what it finds.
 *
 * void iret_in_syscall_probe(unsigned long rflags (rdi),
 *                            struct iret_probe_result *out (rsi))
 */
#include <public/xen.h>
#include "iret_syscall.h"

#define KERNEL_CS_RPL0  (FLAT_KERNEL_CS & ~3)
#define IRET_STUB       (__HYPERVISOR_iret * XEN_HYPERCALL_PAGE_SLOT_SIZE)

        .text
        .globl  iret_in_syscall_probe
iret_in_syscall_probe:
        push    %rbx
        push    %rbp
        push    %r12
        mov     %rsp, %rbx
        mov     %rsi, %r12
        mov     %rbx, IRET_PROBE_EXPECTED_RSP(%r12)
        lea     1f(%rip), %rax
        mov     %rax, IRET_PROBE_EXPECTED_RIP(%r12)

        push    $FLAT_KERNEL_SS         /* ss */
        push    %rbx                    /* rsp */
        push    %rdi                    /* rflags */
        push    $KERNEL_CS_RPL0         /* cs */
        push    %rax                    /* rip */
        push    $VGCF_in_syscall        /* flags */
        jmp     hypercall_page + IRET_STUB

1:      mov     %rsp, IRET_PROBE_RSP(%r12)
        pushfq
        pop     IRET_PROBE_RFLAGS(%r12)
        lea     1b(%rip), %rax
        mov     %rax, IRET_PROBE_RIP(%r12)
        pop     %r12
        pop     %rbp
        pop     %rbx
        ret

        .section .note.GNU-stack, "", @progbits
