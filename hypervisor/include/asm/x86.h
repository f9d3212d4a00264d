/*
 * x86 architectural constants and thin wrappers around single instructions.
 */
#ifndef ASM_X86_H
#define ASM_X86_H

#define X86_CR0_PE      (1UL << 0)
#define X86_CR0_MP      (1UL << 1)
#define X86_CR0_EM      (1UL << 2)
#define X86_CR0_TS      (1UL << 3)
#define X86_CR0_ET      (1UL << 4)
#define X86_CR0_NE      (1UL << 5)
#define X86_CR0_WP      (1UL << 16)
#define X86_CR0_AM      (1UL << 18)
#define X86_CR0_PG      (1UL << 31)

#define X86_CR4_PSE     (1UL << 4)
#define X86_CR4_PAE     (1UL << 5)
#define X86_CR4_PGE     (1UL << 7)
#define X86_CR4_OSFXSR  (1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)
#define X86_CR4_FSGSBASE (1UL << 16)
#define X86_CR4_SMEP    (1UL << 20)

#define CPUID_LEAF_EXT_FEATURES 7
#define CPUID7_EBX_SMEP (1u << 7)

#define X86_EFLAGS_CF   (1UL << 0)
#define X86_EFLAGS_MBS  (1UL << 1)      /* always set */
#define X86_EFLAGS_TF   (1UL << 8)
#define X86_EFLAGS_IF   (1UL << 9)
#define X86_EFLAGS_DF   (1UL << 10)
#define X86_EFLAGS_IOPL_SHIFT 12
#define X86_EFLAGS_IOPL (3UL << X86_EFLAGS_IOPL_SHIFT)
#define X86_EFLAGS_NT   (1UL << 14)
#define X86_EFLAGS_RF   (1UL << 16)
#define X86_EFLAGS_VM   (1UL << 17)
#define X86_EFLAGS_AC   (1UL << 18)

#define MSR_EFER            0xc0000080
#define MSR_STAR            0xc0000081
#define MSR_LSTAR           0xc0000082
#define MSR_CSTAR           0xc0000083
#define MSR_SYSENTER_CS     0x00000174
#define MSR_SYSCALL_MASK    0xc0000084
#define MSR_FS_BASE         0xc0000100
#define MSR_GS_BASE         0xc0000101
#define MSR_SHADOW_GS_BASE  0xc0000102
#define MSR_APIC_BASE       0x0000001b
#define MSR_PAT             0x00000277
#define MSR_TSC             0x00000010
#define MSR_MISC_ENABLE     0x000001a0
#define MSR_TSC_AUX         0xc0000103

#define EFER_SCE        (1UL << 0)
#define EFER_LME        (1UL << 8)
#define EFER_NXE        (1UL << 11)

/* Exception vectors. */
#define X86_EXC_DE      0
#define X86_EXC_DB      1
#define X86_EXC_NMI     2
#define X86_EXC_BP      3
#define X86_EXC_OF      4
#define X86_EXC_BR      5
#define X86_EXC_UD      6
#define X86_EXC_NM      7
#define X86_EXC_DF      8
#define X86_EXC_TS      10
#define X86_EXC_NP      11
#define X86_EXC_SS      12
#define X86_EXC_GP      13
#define X86_EXC_PF      14
#define X86_EXC_MF      16
#define X86_EXC_AC      17
#define X86_EXC_MC      18
#define X86_EXC_XM      19
#define X86_EXC_VE      20
#define X86_EXC_CP      21
#define X86_NR_EXCEPTIONS 32
/* Exceptions that push an error code. */
#define X86_EXC_HAVE_EC ((1u << 8) | (1u << 10) | (1u << 11) | (1u << 12) | \
                         (1u << 13) | (1u << 14) | (1u << 17) | (1u << 21))

/* #PF error code bits. */
#define PFEC_PRESENT    (1u << 0)
#define PFEC_WRITE      (1u << 1)
#define PFEC_USER       (1u << 2)
#define PFEC_RSVD       (1u << 3)
#define PFEC_INSN       (1u << 4)

#ifndef __ASSEMBLY__
#include <minixen/types.h>

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    asm volatile ("rdmsr" : "=a" (lo), "=d" (hi) : "c" (msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
    asm volatile ("wrmsr" :: "c" (msr), "a" ((uint32_t)val),
                  "d" ((uint32_t)(val >> 32)));
}

static inline uint64_t rdtsc_ordered(void)
{
    uint32_t lo, hi;
    asm volatile ("lfence; rdtsc" : "=a" (lo), "=d" (hi) :: "memory");
    return ((uint64_t)hi << 32) | lo;
}

#define DEFINE_CR_ACCESSORS(n)                                           \
static inline unsigned long read_cr##n(void)                             \
{ unsigned long v; asm volatile ("mov %%cr" #n ", %0" : "=r" (v)); return v; } \
static inline void write_cr##n(unsigned long v)                          \
{ asm volatile ("mov %0, %%cr" #n :: "r" (v) : "memory"); }
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(2)
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)
#undef DEFINE_CR_ACCESSORS

static inline void outb(uint16_t port, uint8_t v)
{ asm volatile ("outb %0, %1" :: "a" (v), "Nd" (port)); }
static inline uint8_t inb(uint16_t port)
{ uint8_t v; asm volatile ("inb %1, %0" : "=a" (v) : "Nd" (port)); return v; }
static inline uint16_t inw(uint16_t port)
{ uint16_t v; asm volatile ("inw %1, %0" : "=a" (v) : "Nd" (port)); return v; }
static inline uint32_t inl(uint16_t port)
{ uint32_t v; asm volatile ("inl %1, %0" : "=a" (v) : "Nd" (port)); return v; }
static inline void outw(uint16_t port, uint16_t v)
{ asm volatile ("outw %0, %1" :: "a" (v), "Nd" (port)); }
static inline void outl(uint16_t port, uint32_t v)
{ asm volatile ("outl %0, %1" :: "a" (v), "Nd" (port)); }

static inline void invlpg(unsigned long va)
{ asm volatile ("invlpg (%0)" :: "r" (va) : "memory"); }

static inline void flush_tlb_local(void)
{
    unsigned long cr4 = read_cr4();
    /* Toggling PGE drops global entries too. */
    write_cr4(cr4 & ~X86_CR4_PGE);
    write_cr4(cr4);
}

static inline void cpuid_count(uint32_t leaf, uint32_t sub, uint32_t *a,
                               uint32_t *b, uint32_t *c, uint32_t *d)
{
    asm volatile ("cpuid" : "=a" (*a), "=b" (*b), "=c" (*c), "=d" (*d)
                  : "a" (leaf), "c" (sub));
}

static inline void cpu_relax(void) { asm volatile ("pause" ::: "memory"); }
static inline void local_irq_disable(void) { asm volatile ("cli" ::: "memory"); }
static inline void local_irq_enable(void) { asm volatile ("sti" ::: "memory"); }
static inline void halt(void) { asm volatile ("hlt" ::: "memory"); }

#ifdef MINIXEN_HOST_TEST
/* Host unit tests run as threads of a process: nothing to turn off. */
static inline unsigned long local_irq_save(void) { return 0; }
static inline void local_irq_restore(unsigned long flags) { (void)flags; }
#else
/* RFLAGS as they were; interrupts are off from here. */
static inline unsigned long local_irq_save(void)
{
    unsigned long flags;

    asm volatile ("pushf; pop %0; cli" : "=r" (flags) :: "memory");
    return flags;
}

/* Interrupts back on if they were on at local_irq_save(). */
static inline void local_irq_restore(unsigned long flags)
{
    if (flags & X86_EFLAGS_IF)
        local_irq_enable();
}
#endif
#endif /* __ASSEMBLY__ */

#endif /* ASM_X86_H */
