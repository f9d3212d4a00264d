/*
 * guests/lib/head.S - entry point, hypercall page and the ELF notes every
 * guest carries.
 *
 * Notes here: XEN_VERSION, GUEST_OS, LOADER, HYPERCALL_PAGE and FEATURES.
 * Deliberately no VIRT_BASE and no ENTRY note (like XTF): the builder must
 * then use virtual base 0 and the ELF header's entry point.  Guests that
 * want both paths exercised add those two notes themselves (demo/notes.S).
 *
 * Entry state (Xen PV ABI): %rsi = start_info, %rsp = top of the boot
 * stack, events masked in vcpu_info, CS 0xe033, SS 0xe02b.  The builder
 * has zeroed .bss, so nothing is cleared here.
 */
#include <public/xen.h>
#include "arch.h"
#include "elfnote.h"
#include "pv.h"

        ELFNOTE XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0"
        ELFNOTE XEN_ELFNOTE_GUEST_OS, .asciz, "minixen-guest"
        ELFNOTE XEN_ELFNOTE_LOADER, .asciz, "generic"
        ELFNOTE XEN_ELFNOTE_HYPERCALL_PAGE, .quad, hypercall_page
        ELFNOTE XEN_ELFNOTE_FEATURES, .asciz, "!writable_page_tables"

        .section .text.head, "ax", @progbits
        .globl  _start
_start:
        /*
         * The very first instructions: the TSC now is the time from power-on
         * to the guest's first instruction (bench reports it).  rax/rdx
         * hold nothing yet, so they can be used freely.
         */
        lfence
        rdtsc
        shl     $32, %rdx
        or      %rdx, %rax
        mov     %rax, boot_state + BOOT_STATE_TSC(%rip)

        mov     %rsi, boot_state + BOOT_STATE_START_INFO(%rip)
        mov     %rsp, boot_state + BOOT_STATE_RSP(%rip)
        pushfq
        popq    boot_state + BOOT_STATE_RFLAGS(%rip)
        mov     %cs, %eax
        movzwl  %ax, %eax
        mov     %rax, boot_state + BOOT_STATE_CS(%rip)
        mov     %ss, %eax
        movzwl  %ax, %eax
        mov     %rax, boot_state + BOOT_STATE_SS(%rip)

        lea     boot_stack_top(%rip), %rsp
        xor     %ebp, %ebp
        call    pv_start
        ud2

/*
 * The hypercall page: 128 slots of 32 bytes the builder overwrites with
 * stubs.  Poisoned with "ret" (as XTF does) so an unfilled page is
 * detectable (pv_hypercall_page_filled) instead of executing zeros.
 */
        .section .text.hypercall_page, "ax", @progbits
        .balign PAGE_SIZE
        .globl  hypercall_page
hypercall_page:
        .fill   PAGE_SIZE, 1, HYPERCALL_PAGE_POISON
        .size   hypercall_page, PAGE_SIZE

        .bss
        .balign PAGE_SIZE
boot_stack:
        .skip   GUEST_STACK_SIZE
        .globl  boot_stack_top
boot_stack_top:

        .section .note.GNU-stack, "", @progbits
