/*
 * guests/test/user_io_entry.S - the port-I/O checks from 64-bit guest user
 * mode (user_io.c, interface in user_io.h).  user_run() goes to user mode
 * with user_trip (user_trip.S).  The user code either faults (#GP, to
 * user_gp_entry) or reaches its `int` (user_done_entry); both record the
 * frame and leave through user_trip_return.
 */
#include <public/xen.h>
#include "traps.h"
#include "user_io.h"

#define POST_PORT 0x80

        .text
/* void user_run(rip (rdi), user_rsp (rsi), user_rflags (rdx), resume_rflags (rcx), out (r8)) */
        .globl  user_run
user_run:
        mov     %r8, user_out(%rip)
        mov     %rcx, %r8
        mov     $FLAT_USER_CS, %ecx
        jmp     user_trip

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

/* Record, then back to user_run's caller. */
user_record:
        mov     user_out(%rip), %rcx
        mov     %rax, USER_ARRIVAL_HOW(%rcx)
        mov     %rdx, USER_ARRIVAL_ERROR_CODE(%rcx)
        mov     %rsi, USER_ARRIVAL_RIP(%rcx)
        mov     %rdi, USER_ARRIVAL_RFLAGS(%rcx)

        jmp     user_trip_return

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
user_out:
        .quad   0

        .section .note.GNU-stack, "", @progbits
