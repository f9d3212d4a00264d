/*
 * guests/bench/upcall.S - the leanest correct event upcall, for timing
 * the hypervisor's delivery path rather than a guest's dispatcher: clear
 * evtchn_upcall_pending, the selector and word 0 of the pending bitmap
 * (the loopback benchmark's only live ports are in it), count, and
 * return through the iret hypercall.  Registers other than RCX/R11 (which
 * the bounce frame carries) are preserved.
 */
#include <public/xen.h>

#define IRET_SLOT (__HYPERVISOR_iret * XEN_HYPERCALL_PAGE_SLOT_SIZE)

        .text
        .balign 16
        .globl  bench_upcall
bench_upcall:
        pop     %rcx                    /* the interrupted RCX and R11 */
        pop     %r11
        push    %rax
        mov     bench_vcpu_info(%rip), %rax
        movb    $0, (%rax)              /* evtchn_upcall_pending */
        movq    $0, 8(%rax)             /* evtchn_pending_sel */
        mov     bench_pending_word(%rip), %rax
        movq    $0, (%rax)
        incq    bench_upcalls(%rip)
        pop     %rax
        pushq   $0                      /* iret flags: restore RCX/R11 too */
        jmp     hypercall_page + IRET_SLOT

        .data
        .balign 8
        .globl  bench_vcpu_info, bench_pending_word, bench_upcalls
bench_vcpu_info:        .quad 0
bench_pending_word:     .quad 0
bench_upcalls:          .quad 0
