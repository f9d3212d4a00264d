/*
 * Multiboot (v1) entry.  The loader jumps here in 32-bit protected mode
 * with paging off, EAX = multiboot magic, EBX = physical address of the
 * multiboot information.  This file builds just enough page tables to
 * enter long mode (an identity map of the first 1 GiB, and the same
 * memory at the hypervisor's own address), switches to 64-bit mode,
 * moves to the high address and calls start_xen() in C.
 */
#include <asm/config.h>
#include <asm/x86.h>
#include <asm/page.h>
#include <asm/desc.h>
#include <asm/regs.h>
#include <asm/boot_macros.h>

#define MULTIBOOT_MAGIC         0x1badb002
#define MULTIBOOT_PAGE_ALIGN    (1 << 0)
#define MULTIBOOT_MEMORY_INFO   (1 << 1)
#define MULTIBOOT_AOUT_KLUDGE   (1 << 16)
#define MULTIBOOT_FLAGS (MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO | MULTIBOOT_AOUT_KLUDGE)

#define PHYS(sym)  ((sym) - XEN_VIRT_START)

        .section .text.multiboot, "ax", @progbits
        .code32
        .align 4
multiboot_header:
        .long MULTIBOOT_MAGIC
        .long MULTIBOOT_FLAGS
        .long -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)
        /* Load addresses, so loaders need not parse our ELF container. */
        .long PHYS(multiboot_header)
        .long PHYS(__image_start)
        .long PHYS(__load_end)
        .long PHYS(__bss_end)
        .long PHYS(start32)

        .globl start32
start32:
        cli
        cld
        mov     %eax, %edi                      /* multiboot magic */
        mov     %ebx, %esi                      /* multiboot info */

        /* A provisional stack, in our own BSS. */
        mov     $PHYS(boot_stack_top), %esp

        /*
         * The BSS is already zero: the multiboot header gives its end
         * (bss_end_addr), and the loader clears it.
         */

        /* boot_l2: 512 x 2 MiB pages covering physical 0..1 GiB. */
        mov     $PHYS(boot_l2), %ebx
        xor     %ecx, %ecx
1:      mov     %ecx, %eax
        shl     $L2_PAGE_SHIFT, %eax
        or      $(_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE | _PAGE_ACCESSED | _PAGE_DIRTY), %eax
        mov     %eax, (%ebx, %ecx, 8)
        inc     %ecx
        cmp     $PT_ENTRIES, %ecx
        jb      1b

        /* Identity: L4[0] -> L3[0] -> boot_l2. */
        mov     $(PHYS(boot_l2) + (_PAGE_PRESENT | _PAGE_RW)), %eax
        mov     %eax, PHYS(boot_l3_low)
        mov     $(PHYS(boot_l3_low) + (_PAGE_PRESENT | _PAGE_RW)), %eax
        mov     %eax, PHYS(idle_pg_table)
        /* Image: L4[261] -> L3[321] -> the same boot_l2. */
        mov     $(PHYS(boot_l2) + (_PAGE_PRESENT | _PAGE_RW)), %eax
        mov     %eax, PHYS(boot_l3_image) + ((XEN_VIRT_START >> 30) & 511) * 8
        mov     $(PHYS(boot_l3_image) + (_PAGE_PRESENT | _PAGE_RW)), %eax
        mov     %eax, PHYS(idle_pg_table) + XEN_IMAGE_SLOT * 8

        mov     $PHYS(idle_pg_table), %eax
        ENABLE_LONG_MODE

        lgdt    PHYS(boot_gdtr32)
        ljmp    $__HYPERVISOR_CS, $PHYS(start64_low)

        .code64
start64_low:
        /* Now in 64-bit mode at the physical address: go high. */
        movabs  $start64_high, %rax
        jmp     *%rax

start64_high:
        lgdt    boot_gdtr64(%rip)
        LOAD_HYPERVISOR_DATA_SEGMENTS
        /* The top of the stack is where guest register frames live. */
        lea     cpu0_stack_top - REGS_SIZE(%rip), %rsp
        /* start_xen(magic, mbi physical address) */
        mov     %edi, %edi
        mov     %esi, %esi
        call    start_xen
        ud2

/*
 * An application processor, from the trampoline: 64-bit mode on
 * ap_boot_l4, at our own address.  It takes the boot GDT, the
 * hypervisor's tables and the stack smpboot.c left in ap_stack_top (in
 * the direct map, which only those tables map), then our selectors.
 */
        .globl ap_start64
ap_start64:
        lgdt    boot_gdtr64(%rip)
        mov     $PHYS(idle_pg_table), %eax
        mov     %rax, %cr3
        mov     ap_stack_top(%rip), %rsp        /* in the direct map: after CR3 */
        /* CS still holds the trampoline's selector: reload ours. */
        pushq   $__HYPERVISOR_CS
        lea     1f(%rip), %rax
        pushq   %rax
        lretq
1:      LOAD_HYPERVISOR_DATA_SEGMENTS
        call    start_secondary
        ud2

        .section .rodata, "a", @progbits
        .align 8
/*
 * The boot GDT sits where every GDT's hypervisor part sits (0xe000), so
 * the selector values stay the same once the per-vCPU GDT takes over.
 */
boot_gdtr32:
        .word   FIRST_RESERVED_GDT_BYTE + 0x40 - 1
        .long   PHYS(boot_gdt) - FIRST_RESERVED_GDT_BYTE
boot_gdtr64:
        .word   FIRST_RESERVED_GDT_BYTE + 0x40 - 1
        .quad   boot_gdt - FIRST_RESERVED_GDT_BYTE

        .globl boot_gdt
        .align 16
boot_gdt:
        .quad   0                       /* 0xe000 */
        .quad   0x00af9b000000ffff      /* 0xe008 ring 0 code, 64-bit */
        .quad   0x00cf93000000ffff      /* 0xe010 ring 0 data */
        .quad   0                       /* 0xe018 */
        .quad   0x00cffb000000ffff      /* 0xe023 ring 3 code, 32-bit */
        .quad   0x00cff3000000ffff      /* 0xe02b ring 3 data */
        .quad   0x00affb000000ffff      /* 0xe033 ring 3 code, 64-bit */
        .quad   0x00cf9b000000ffff      /* 0xe038 ring 0 code, 32-bit */

        .section .bss.page_aligned, "aw", @nobits
        .align PAGE_SIZE
        .globl idle_pg_table
idle_pg_table:  .skip PAGE_SIZE
        .globl boot_l3_low
boot_l3_low:    .skip PAGE_SIZE
        .globl boot_l3_image
boot_l3_image:  .skip PAGE_SIZE
        .globl boot_l2
boot_l2:        .skip PAGE_SIZE
        /* An AP's first tables: L4[0] and L4[XEN_IMAGE_SLOT] as at boot. */
        .globl ap_boot_l4
ap_boot_l4:     .skip PAGE_SIZE
        /* The boot CPU's stack block (asm/config.h), aligned to its size. */
        .align PERCPU_BLOCK_SIZE
        .globl cpu0_block
cpu0_block:     .skip PERCPU_BLOCK_SIZE
        /* Where guest frames end: struct pcpu is above. */
cpu0_stack_top = cpu0_block + PERCPU_BLOCK_SIZE - PCPU_AREA_SIZE
boot_stack_top = cpu0_stack_top
