/*
 * guests/lib/arch.h - x86 facts the PV guests need that are not part of
 * the Xen ABI headers: exception vectors, control-register and RFLAGS
 * bits, page-table entry bits, segment descriptor fields, and tiny
 * wrappers around single instructions.
 *
 * Usable from C and from assembly (C parts sit behind __ASSEMBLER__).
 */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

/* Integer constants with a C suffix that assembly files can use too. */
#ifdef __ASSEMBLER__
#define ARCH_UL(x) x
#define ARCH_U(x)  x
#else
#define ARCH_UL(x) x ## ul
#define ARCH_U(x)  x ## u
#endif

/* ---- Exception vectors ---- */
#define X86_EXC_DE  0   /* divide error */
#define X86_EXC_DB  1   /* debug */
#define X86_EXC_NMI 2
#define X86_EXC_BP  3   /* int3 */
#define X86_EXC_OF  4   /* into */
#define X86_EXC_BR  5   /* bound */
#define X86_EXC_UD  6   /* invalid opcode */
#define X86_EXC_NM  7   /* device not available (CR0.TS) */
#define X86_EXC_DF  8   /* double fault */
#define X86_EXC_TS  10  /* invalid TSS */
#define X86_EXC_NP  11  /* segment not present */
#define X86_EXC_SS  12  /* stack fault */
#define X86_EXC_GP  13  /* general protection */
#define X86_EXC_PF  14  /* page fault */
#define X86_EXC_MF  16  /* x87 error */
#define X86_EXC_AC  17  /* alignment check */
#define X86_EXC_MC  18  /* machine check */
#define X86_EXC_XM  19  /* SIMD error */
#define X86_EXC_CP  21  /* control protection */
#define X86_NR_EXCEPTIONS 32

/*
 * Vectors that push an error code (the stubs add a 0 for the others).
 * No integer suffixes: traps.S evaluates this in the assembler.
 */
#define X86_EXC_HAVE_EC ((1 << X86_EXC_DF) | (1 << X86_EXC_TS) | \
                         (1 << X86_EXC_NP) | (1 << X86_EXC_SS) | \
                         (1 << X86_EXC_GP) | (1 << X86_EXC_PF) | \
                         (1 << X86_EXC_AC) | (1 << X86_EXC_CP))

/* #GP error code of a software "int n" refused by the gate's DPL. */
#define X86_XEC_IDT        (ARCH_U(1) << 1)
#define X86_XEC_SEL_SHIFT  3
#define X86_SOFTINT_GP_EC(vec) (((vec) << X86_XEC_SEL_SHIFT) | X86_XEC_IDT)

/* #PF error code bits. */
#define X86_PFEC_PRESENT (ARCH_U(1) << 0)
#define X86_PFEC_WRITE   (ARCH_U(1) << 1)
#define X86_PFEC_USER    (ARCH_U(1) << 2)

/* ---- Control registers and flags ---- */
#define X86_CR0_PE (ARCH_UL(1) << 0)
#define X86_CR0_TS (ARCH_UL(1) << 3)
#define X86_CR0_AM (ARCH_UL(1) << 18)
#define X86_CR0_PG (ARCH_UL(1) << 31)

#define X86_EFLAGS_IF   (ARCH_UL(1) << 9)
#define X86_EFLAGS_IOPL (ARCH_UL(3) << 12)

/* Requested privilege level bits of a selector. */
#define X86_SEL_RPL_MASK 3
#define X86_SEL_RPL3     3

/* ---- Paging (4-level, 4 KiB pages) ---- */
#define PAGE_SHIFT 12
#define PAGE_SIZE  (ARCH_UL(1) << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#define PTE_P   (ARCH_UL(1) << 0)   /* present */
#define PTE_RW  (ARCH_UL(1) << 1)   /* writable */
#define PTE_US  (ARCH_UL(1) << 2)   /* user */
#define PTE_A   (ARCH_UL(1) << 5)   /* accessed */
#define PTE_D   (ARCH_UL(1) << 6)   /* dirty */
#define PTE_ADDR_MASK ARCH_UL(0x000ffffffffff000)

#define PT_ENTRIES        512
#define PT_INDEX_BITS     9
#define PT_LEVELS         4
/* Index of va in the table of the given level (1 = L1 ... 4 = L4). */
#define PT_INDEX(va, level) \
    (((va) >> (PAGE_SHIFT + PT_INDEX_BITS * ((level) - 1))) & (PT_ENTRIES - 1))

/* Lowest non-canonical address of the lower half (48-bit addressing). */
#define X86_NONCANONICAL_LOW ARCH_UL(0x0000800000000000)

/* ---- Segment descriptors (8 bytes) ---- */
#define DESC_SIZE        8
#define DESC_ENTRIES_PER_PAGE (PAGE_SIZE / DESC_SIZE)
#define DESC_DPL_SHIFT   45
#define DESC_DPL_MASK    (ARCH_UL(3) << DESC_DPL_SHIFT)
#define DESC_PRESENT     (ARCH_UL(1) << 47)
/* Flat 4 GiB data, read/write, accessed, DPL 3 (accessed so the CPU never writes). */
#define DESC_FLAT_DATA_DPL3 ARCH_UL(0x00cff3000000ffff)
/* Flat 64-bit code, execute/read, accessed, DPL 0 (Xen raises DPL to 3). */
#define DESC_CODE64_DPL0    ARCH_UL(0x00af9b000000ffff)
/* Available 64-bit TSS, present: a system type Xen refuses in a guest GDT. */
#define DESC_TSS64_PRESENT  ARCH_UL(0x0000890000000067)
/* Call gate (type 0xc), present, DPL 3; the target selector goes in bits 16-31. */
#define DESC_CALL_GATE_DPL3 ARCH_UL(0x0000ec0000000000)
#define DESC_GATE_SEL_SHIFT 16
/* Xen's own ring-0 code selector: a gate aiming at it must be refused. */
#define XEN_PRIVATE_CS      0xe008

/* A GDT selector for entry n, RPL 3. */
#define GDT_SEL(n) (((n) << 3) | X86_SEL_RPL3)

/* ---- Xen CPUID leaves ---- */
#define XEN_CPUID_LEAF_BASE 0x40000000u
#define XEN_CPUID_SIGNATURE "XenVMMXenVMM"

/* A port that is never used for anything real (POST codes). */
#define X86_POST_PORT 0x80

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline uint64_t rdtsc_ordered(void)
{
    uint32_t lo, hi;

    asm volatile ("lfence; rdtsc" : "=a" (lo), "=d" (hi) :: "memory");
    return ((uint64_t)hi << 32) | lo;
}

/* The control-register moves trap to the hypervisor, which emulates them. */
static inline unsigned long read_cr0(void)
{
    unsigned long v;

    asm volatile ("mov %%cr0, %0" : "=r" (v));
    return v;
}

static inline void write_cr0(unsigned long v)
{
    asm volatile ("mov %0, %%cr0" :: "r" (v) : "memory");
}

static inline unsigned long read_cr3(void)
{
    unsigned long v;

    asm volatile ("mov %%cr3, %0" : "=r" (v));
    return v;
}

static inline void write_cr3(unsigned long v)
{
    asm volatile ("mov %0, %%cr3" :: "r" (v) : "memory");
}

static inline void barrier(void)
{
    asm volatile ("" ::: "memory");
}

/* Hardware reads and writes the compiler must not merge or drop. */
#define READ_ONCE(x)     (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* !__ASSEMBLER__ */

#endif /* GUEST_ARCH_H */
