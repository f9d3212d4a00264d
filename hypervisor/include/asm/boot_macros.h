/*
 * Steps the boot CPU (boot/head.S) and each application processor
 * (boot/trampoline.S, ap_start64) take alike on the way to 64-bit code.
 * Assembly only.
 */
#ifndef ASM_BOOT_MACROS_H
#define ASM_BOOT_MACROS_H

#include <asm/x86.h>
#include <asm/desc.h>

/*
 * From 32-bit protected mode: PAE, long mode with NX and SYSCALL, then
 * paging on the tables at the physical address in %eax.  Clobbers %eax,
 * %ecx, %edx; the far jump into 64-bit code is the caller's.
 */
        .macro ENABLE_LONG_MODE
        mov     %eax, %edx
        mov     %cr4, %eax
        or      $(X86_CR4_PAE | X86_CR4_PGE), %eax
        mov     %eax, %cr4
        mov     %edx, %cr3
        mov     $MSR_EFER, %ecx
        rdmsr
        or      $(EFER_LME | EFER_NXE | EFER_SCE), %eax
        wrmsr
        mov     %cr0, %eax
        or      $(X86_CR0_PG | X86_CR0_WP | X86_CR0_NE | X86_CR0_MP | X86_CR0_PE), %eax
        mov     %eax, %cr0
        .endm

/* The hypervisor's data selectors, and none in FS and GS. */
        .macro LOAD_HYPERVISOR_DATA_SEGMENTS
        mov     $__HYPERVISOR_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        xor     %eax, %eax
        mov     %eax, %fs
        mov     %eax, %gs
        .endm

#endif /* ASM_BOOT_MACROS_H */
