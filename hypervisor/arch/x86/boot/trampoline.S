/*
 * The application processors' way in.  smpboot.c copies the bytes from
 * trampoline_start to trampoline_end to TRAMPOLINE_PHYS and fills in
 * trampoline_params; a startup IPI then starts an AP in real mode at
 * TRAMPOLINE_PHYS (CS = TRAMPOLINE_PHYS / 16, IP = 0).  The code runs
 * where it was copied, so every address in it is TRAMPOLINE_PHYS plus an
 * offset.  It enters protected mode on its own small GDT, enables PAE
 * and long mode on the page tables the boot CPU left in
 * trampoline_params (the boot identity map of the first GiB beside the
 * image), and jumps to ap_start64 at the hypervisor's own address.
 */
#include <asm/x86.h>
#include <asm/smp.h>
#include <asm/boot_macros.h>

#define TRAMP(sym)  (TRAMPOLINE_PHYS + ((sym) - trampoline_start))

        .section .rodata, "a", @progbits
        .align 16
        .globl trampoline_start
trampoline_start:
        .code16
        cli
        cld
        mov     %cs, %ax
        mov     %ax, %ds
        lgdtl   tramp_gdtr - trampoline_start
        mov     %cr0, %eax
        or      $X86_CR0_PE, %eax
        mov     %eax, %cr0
        ljmpl   $TRAMPOLINE_CS32, $TRAMP(tramp32)

        .code32
tramp32:
        mov     $TRAMPOLINE_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     TRAMP(tramp_cr3), %eax
        ENABLE_LONG_MODE
        ljmp    $TRAMPOLINE_CS64, $TRAMP(tramp64)

        .code64
tramp64:
        mov     $TRAMP(tramp_entry), %eax
        jmp     *(%rax)

        .align 8
tramp_gdt:
        .quad   0
        .quad   0x00cf9b000000ffff      /* TRAMPOLINE_CS32: flat 32-bit code */
        .quad   0x00cf93000000ffff      /* TRAMPOLINE_DS: flat data */
        .quad   0x00af9b000000ffff      /* TRAMPOLINE_CS64: 64-bit code */
tramp_gdtr:
        .word   4 * 8 - 1
        .long   TRAMP(tramp_gdt)

        /* struct trampoline_params (smpboot.c) */
        .align 8
        .globl trampoline_params
trampoline_params:
tramp_entry:
        .quad   0                       /* where long mode goes: ap_start64 */
tramp_cr3:
        .long   0                       /* the tables it starts on (< 4 GiB) */
        .long   0
        .globl trampoline_end
trampoline_end:
