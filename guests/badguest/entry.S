/*
 * guests/badguest/entry.S - the bad guest's hand-made control transfers
 * (see badguest.h).
 *
 * Everything that could bring control back to the guest after the bad
 * act (an exception, a callback, an iret that worked) lands on its own
 * stack and calls C, which reports that the guest survived.  None of it
 * returns: the guest is meant to be dead by then.
 */
#include <public/xen.h>
#include "badguest.h"

/* Offset of the iret stub in the hypercall page. */
#define IRET_STUB (__HYPERVISOR_iret * XEN_HYPERCALL_PAGE_SLOT_SIZE)

        .text
/* One stub per vector: what arrived, and where the frame is. */
.macro CATCH vec
        .balign 16
badguest_trap_\vec:
        mov     %rsp, %rsi
        mov     $\vec, %edi
        jmp     badguest_catch
.endm

.irp vec, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
          16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
        CATCH \vec
.endr

        .balign 16
        .globl  badguest_callback_entry
badguest_callback_entry:
        mov     %rsp, %rsi
        mov     $BADGUEST_CALLBACK, %edi

/* %rsp may be anything here: take our own stack before calling C. */
badguest_catch:
        lea     badguest_stack_top(%rip), %rsp
        call    badguest_trapped
        ud2

        .globl  badguest_landing
badguest_landing:
        lea     badguest_stack_top(%rip), %rsp
        call    badguest_landed
        ud2

/* badguest_iret(rip (rdi), cs (rsi), rflags (rdx), rsp (rcx), ss (r8)) */
        .globl  badguest_iret
badguest_iret:
        push    %r8                     /* ss */
        push    %rcx                    /* rsp */
        push    %rdx                    /* rflags */
        push    %rsi                    /* cs */
        push    %rdi                    /* rip */
        push    $0                      /* flags: restore rcx/r11 */
        jmp     hypercall_page + IRET_STUB

/* The same, flagged VGCF_in_syscall: the way back may be SYSRET. */
        .globl  badguest_iret_in_syscall
badguest_iret_in_syscall:
        push    %r8
        push    %rcx
        push    %rdx
        push    %rsi
        push    %rdi
        push    $VGCF_in_syscall
        jmp     hypercall_page + IRET_STUB

/* badguest_fault_on_stack(bad_rsp (rdi)): the #UD must be bounced onto it. */
        .globl  badguest_fault_on_stack
badguest_fault_on_stack:
        mov     %rdi, %rsp
        ud2

/* 32-bit user code for syscall32_no_kernel_stack. */
        .code32
        .globl  badguest_compat_code
badguest_compat_code:
        syscall
        ud2
        .code64

        .section .rodata
        .balign 8
        .globl  badguest_trap_entries
badguest_trap_entries:
.irp vec, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
          16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
        .quad   badguest_trap_\vec
.endr

        .bss
        .balign 16
        .skip   BADGUEST_STACK_SIZE
        .globl  badguest_stack_top
badguest_stack_top:

        .section .note.GNU-stack, "", @progbits

        .text
        .globl  probe_user_code
probe_user_code:
        mov     %cr3, %rax
        syscall
        ud2

/* tlb_switch's 64-bit user code: straight back to the kernel. */
        .globl  tlb_user_code
tlb_user_code:
        syscall
        ud2

        .globl  probe_set_cr2
probe_set_cr2:
        mov     %rdi, %cr2
        ret
