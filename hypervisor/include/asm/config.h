/*
 * The hypervisor's virtual memory map and fixed limits.
 *
 * Everything the hypervisor maps lives in the 16 top-level slots that Xen
 * reserves for itself in 64-bit PV guests (256..271), so these L4 entries
 * can be copied into every guest's top-level table while guests own the
 * rest of the address space.  Usable from C and assembly.
 */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#ifdef __ASSEMBLY__
#define _AC(x, suffix) x
#else
#define _AC(x, suffix) (x##suffix)
#endif

#define PAGE_SHIFT              12
#define PAGE_SIZE               _AC(4096, UL)
#define L2_PAGE_SHIFT           21
#define L2_PAGE_SIZE            _AC(0x200000, UL)

/* L4 slot n starts at this address (sign-extended). */
#define L4_SLOT_ADDR(n)         (_AC(0xffff000000000000, UL) | ((_AC(n, UL)) << 39))

#define HYPERVISOR_SLOT_FIRST   256
#define HYPERVISOR_SLOT_LAST    271
#define HYPERVISOR_RANGE_START  L4_SLOT_ADDR(256)       /* 0xffff800000000000 */
#define HYPERVISOR_RANGE_END    L4_SLOT_ADDR(272)       /* 0xffff880000000000 */

/* Slot 256: machine-to-phys table, read-only for guests (Xen's place). */
#define RO_M2P_SLOT             256
#define RO_M2P_VIRT_START       L4_SLOT_ADDR(256)
/* Slot 258: per-vCPU window (the GDT of the running vCPU). */
#define PERVCPU_SLOT            258
#define GDT_VIRT_START          L4_SLOT_ADDR(258)
/* Slot 261: the hypervisor image, at Xen's address. */
#define XEN_IMAGE_SLOT          261
#define XEN_VIRT_START          _AC(0xffff82d040000000, UL)
#define XEN_IMAGE_SPAN          (16 * L2_PAGE_SIZE)
/* Slot 262 onward: every machine frame, mapped 1:1 (the direct map). */
#define DIRECTMAP_SLOT          262
#define DIRECTMAP_VIRT_START    L4_SLOT_ADDR(262)

/* Physical load address of the image (multiboot). */
#define XEN_PHYS_START          _AC(0x200000, UL)

/* Direct map size covered by the static page tables built at boot. */
#define DIRECTMAP_MAX_BYTES     (_AC(64, UL) << 30)

/* The hypercall page: 128 stubs of 32 bytes. */
#define HYPERCALL_PAGE_SLOTS    128
#define HYPERCALL_STUB_SIZE     32

/*
 * Each CPU's stacks are one block, aligned to its size, so the code on
 * any of them finds the CPU's struct pcpu by masking %rsp (this_cpu()):
 *
 *   [0, 3 pages)           the IST stacks (NMI, #DF, #MC), one page each
 *   [3 pages, 4 pages)     unused: a gap below the main stack
 *   [4 pages, 8 pages)     the main stack, growing down from below ...
 *   [8 pages - PCPU_AREA_SIZE, 8 pages)  ... struct pcpu, at the very top
 *
 * A guest's register frame sits right below struct pcpu (TSS.RSP0 and
 * the SYSCALL entry put it there), so with %rsp at that frame the entry
 * code reaches a struct pcpu field at REGS_SIZE + offset(%rsp).
 */
#define STACK_SIZE              (4 * PAGE_SIZE)
#define IST_STACK_SIZE          PAGE_SIZE
#define PERCPU_BLOCK_PAGES      8
#define PERCPU_BLOCK_SIZE       (PERCPU_BLOCK_PAGES * PAGE_SIZE)
#define PCPU_AREA_SIZE          512
/* Each CPU's SYSCALL stubs (entry.S). */
#define SYSCALL_STUB_SIZE       32

#endif /* ASM_CONFIG_H */
