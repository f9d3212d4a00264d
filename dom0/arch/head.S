/*
 * dom0/arch/head.S - the kernel's entry point, its hypercall page and the
 * ELF notes that tell the domain builder how to load it.
 *
 * Entry state (Xen PV ABI): %rsi = start_info, events masked.  The boot
 * stack the builder gave us is one page; start_kernel runs on our own.
 */
#include <public/xen.h>
#include "elfnote.h"

#define KERNEL_BASE     0xffffffff80000000
#define BOOT_STACK_SIZE (4 * 4096)

        ELFNOTE XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0"
        ELFNOTE XEN_ELFNOTE_GUEST_OS, .asciz, "minixen-dom0"
        ELFNOTE XEN_ELFNOTE_LOADER, .asciz, "generic"
        ELFNOTE XEN_ELFNOTE_VIRT_BASE, .quad, KERNEL_BASE
        /* Linked with load address = virtual address: no offset to apply. */
        ELFNOTE XEN_ELFNOTE_PADDR_OFFSET, .quad, KERNEL_BASE
        ELFNOTE XEN_ELFNOTE_ENTRY, .quad, _start
        ELFNOTE XEN_ELFNOTE_HYPERCALL_PAGE, .quad, hypercall_page
        ELFNOTE XEN_ELFNOTE_FEATURES, .asciz, "!writable_page_tables"

        .section .text.head, "ax", @progbits
        .globl  _start
_start:
        mov     %rsp, %rdx              /* the builder's stack: its top ends the boot layout */
        mov     %rsi, %rdi
        mov     %rdx, %rsi
        lea     boot_stack_top(%rip), %rsp
        xor     %ebp, %ebp
        call    start_kernel            /* (start_info, boot rsp) */
        ud2

        .section .text.hypercall_page, "ax", @progbits
        .balign 4096
        .globl  hypercall_page
hypercall_page:
        .fill   4096, 1, 0xc3
        .size   hypercall_page, 4096

        .bss
        .balign 4096
        .globl  boot_stack_top
boot_stack:
        .skip   BOOT_STACK_SIZE
boot_stack_top:

        .section .note.GNU-stack, "", @progbits
