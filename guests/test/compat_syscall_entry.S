/*
 * guests/test/compat_syscall_entry.S - the compat `syscall` check from
 * 32-bit guest user mode (compat_syscall.c, interface in compat_syscall.h).
 * compat_user_run() goes to user mode with user_trip (user_trip.S) in
 * FLAT_USER_CS32.  Whatever the hypervisor makes of the 32-bit `syscall`
 * arrives at one of the two entries below; they copy the bounce frame out
 * and leave through user_trip_return.
 */
#include <public/xen.h>
#include "compat_syscall.h"

        .text
/* void compat_user_run(rip (rdi), user_rsp (rsi), resume_rflags (rdx), out (rcx)) */
        .globl  compat_user_run
compat_user_run:
        mov     %rcx, compat_out(%rip)
        mov     %rdx, %r8
        mov     $FLAT_USER_CS32, %ecx
        mov     $COMPAT_USER_RFLAGS, %edx
        jmp     user_trip

        .globl  compat_ud_entry
compat_ud_entry:
        mov     $COMPAT_ARRIVED_UD, %eax
        jmp     compat_record

        .globl  compat_syscall32_entry
compat_syscall32_entry:
        mov     $COMPAT_ARRIVED_SYSCALL32, %eax

/*
 * Record how we got here, where the stack was and the frame, then go back
 * to compat_user_run's caller.  Nothing of the interrupted user context is
 * needed.
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

        jmp     user_trip_return

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
compat_out:
        .quad   0

        .section .note.GNU-stack, "", @progbits
