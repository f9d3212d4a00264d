/*
 * guests/test/multicall_iret.S - issue a multicall whose batch contains an
 * iret, with a valid iret frame on the stack.
 *
 * Xen 4.17 runs an iret entry like the iret hypercall itself (the frame
 * is read at the guest stack pointer the multicall was made with) and ends
 * the batch there (pv_do_multicall_call returns mc_exit for
 * __HYPERVISOR_iret, xen/arch/x86/pv/hypercall.c).  So the probe builds
 * the frame the iret stub would have pushed and enters the multicall stub
 * with jmp: the stub's own pushes of RCX and R11 then sit where the
 * frame's RAX and R11 belong, and the word we push last becomes the
 * frame's RCX.
 *
 * Both outcomes come back here: through the frame (path 1, the iret was
 * performed) or by the stub's ret, which pops that same last word - so it
 * holds the address of the "returned normally" landing (path 2).  %rbx
 * holds the stack pointer to restore either way.
 *
 * void multicall_iret_probe(multicall_entry_t *list (rdi),
 *                           unsigned long nr (rsi),
 *                           unsigned long rflags (rdx),
 *                           struct multicall_iret_result *out (rcx))
 */
#include <public/xen.h>
#include "multicall_iret.h"

/* CS with RPL 0: the frame returns to guest kernel mode. */
#define KERNEL_CS_RPL0 (FLAT_KERNEL_CS & ~3)
/* Offset of the multicall stub in the hypercall page. */
#define MULTICALL_STUB (__HYPERVISOR_multicall * XEN_HYPERCALL_PAGE_SLOT_SIZE)

        .text
        .globl  multicall_iret_probe
multicall_iret_probe:
        push    %rbx
        push    %rbp
        push    %r12
        mov     %rsp, %rbx
        mov     %rcx, %r12

        lea     2f(%rip), %rax
        mov     %rax, MC_IRET_EXPECTED_RCX(%r12)
        lea     1f(%rip), %rbp

        push    $FLAT_KERNEL_SS         /* ss */
        push    %rbx                    /* rsp */
        push    %rdx                    /* rflags */
        push    $KERNEL_CS_RPL0         /* cs */
        push    %rbp                    /* rip: path 1 */
        push    $0                      /* flags: restore rcx/r11 */
        push    %rax                    /* rcx, and the stub's ret address */
        jmp     hypercall_page + MULTICALL_STUB

1:      movq    $MC_IRET_PATH_IRET, MC_IRET_PATH(%r12)
        jmp     3f
2:      movq    $MC_IRET_PATH_RETURNED, MC_IRET_PATH(%r12)
3:      mov     %rcx, MC_IRET_RCX(%r12)
        mov     %rbx, %rsp
        pop     %r12
        pop     %rbp
        pop     %rbx
        ret

        .section .note.GNU-stack, "", @progbits
