/*
 * guests/lib/trap_entry.S - entry stubs for exceptions, software interrupts
 * and hypervisor callbacks, and the return path through the iret
 * hypercall.  See traps.h for the frame the hypervisor builds and the
 * struct trap_frame the stubs hand to trap_dispatch().
 */
#include <public/xen.h>
#include "arch.h"
#include "traps.h"

/* Offset of the iret stub in the hypercall page. */
#define IRET_STUB_OFFSET (__HYPERVISOR_iret * XEN_HYPERCALL_PAGE_SLOT_SIZE)

        .text

/*
 * One stub per vector.  The hypervisor left RCX and R11 on top of the
 * native-looking frame; put them back, supply a zero error code where the
 * CPU pushes none, push the vector and join the common path.
 */
.macro TRAP_ENTRY name, vec, has_ec
        .balign 16
\name:
        pop     %rcx
        pop     %r11
.if !\has_ec
        push    $0
.endif
        push    $\vec
        jmp     trap_common
.endm

.irp vec, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
          16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
        TRAP_ENTRY trap_entry_\vec, \vec, ((X86_EXC_HAVE_EC >> \vec) & 1)
.endr

        TRAP_ENTRY trap_entry_soft_dpl3, TRAP_SOFT_DPL3_VECTOR, 0
        TRAP_ENTRY trap_entry_soft_dpl0, TRAP_SOFT_DPL0_VECTOR, 0
        TRAP_ENTRY trap_entry_syscall80, TRAP_SYSCALL80_VECTOR, 0

/*
 * Save every general register below the vector/error-code pair so the
 * stack holds a struct trap_frame, call trap_dispatch(frame), then restore
 * the (possibly edited) registers and return with the iret hypercall.
 * %rbx keeps the frame address across the call while %rsp is aligned.
 */
trap_common:
        push    %rax
        push    %rbx
        push    %rcx
        push    %rdx
        push    %rsi
        push    %rdi
        push    %rbp
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %r12
        push    %r13
        push    %r14
        push    %r15

        mov     %rsp, %rdi
        mov     %rsp, %rbx
        and     $-16, %rsp
        cld
        call    trap_dispatch
        mov     %rbx, %rsp

        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rbp
        pop     %rdi
        pop     %rsi
        pop     %rdx
        pop     %rcx
        pop     %rbx
        pop     %rax

        /*
         * Drop vector and error code; RIP, CS, RFLAGS, RSP, SS remain.  The
         * iret frame wants a flags word below them (0: not returning from
         * a syscall, so RCX and R11 are restored too); the stub pushes
         * RCX, R11 and RAX itself.
         */
        add     $16, %rsp
        push    $0
        jmp     hypercall_page + IRET_STUB_OFFSET

/* Event-channel upcall: a frame like an exception without error code. */
        .balign 16
        .globl  entry_event_callback
entry_event_callback:
        pop     %rcx
        pop     %r11
        push    $0
        push    $TRAP_EVENT_UPCALL
        jmp     trap_common

/* NMI callback (callback_op): nothing sends one; it is reported as unexpected. */
        .balign 16
        .globl  entry_nmi_callback
entry_nmi_callback:
        pop     %rcx
        pop     %r11
        push    $0
        push    $X86_EXC_NMI
        jmp     trap_common

/*
 * The failsafe callback: RCX and R11, then the DS, ES, FS, GS the
 * hypervisor could not load, then a frame like an exception's without
 * error code.  The selectors go to failsafe_frame_selectors for
 * trap_dispatch(); callbacks do not nest, so one copy is enough.
 */
        .balign 16
        .globl  entry_failsafe_callback
entry_failsafe_callback:
        pop     %rcx
        pop     %r11
        popq    failsafe_frame_selectors + 0(%rip)
        popq    failsafe_frame_selectors + 8(%rip)
        popq    failsafe_frame_selectors + 16(%rip)
        popq    failsafe_frame_selectors + 24(%rip)
        push    $0
        push    $TRAP_FAILSAFE
        jmp     trap_common

/*
 * The syscall callbacks are only reachable from user mode, which these
 * guests never enter from here: something is broken, report it.
 */
        .balign 16
        .globl  entry_syscall_callback
entry_syscall_callback:
        and     $-16, %rsp
        call    callback_fatal
        ud2

/* Stub addresses for building the trap table in C. */
        .section .rodata
        .balign 8
        .globl  trap_entries
trap_entries:
.irp vec, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
          16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
        .quad   trap_entry_\vec
.endr

        .globl  trap_soft_entries
trap_soft_entries:
        .quad   trap_entry_soft_dpl3
        .quad   trap_entry_soft_dpl0
        .quad   trap_entry_syscall80

        .bss
        .balign 8
        .globl  failsafe_frame_selectors
failsafe_frame_selectors:
        .skip   FAILSAFE_FRAME_SELECTORS * 8

        .section .note.GNU-stack, "", @progbits
