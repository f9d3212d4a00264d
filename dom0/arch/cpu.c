/*
 * dom0/arch/cpu.c - saving user processes' FPU/SSE/AVX registers.
 *
 * Where the CPU has XSAVE enabled (CPUID.1:ECX.OSXSAVE) every component
 * in XCR0 is saved with xsave, as user space may use AVX; otherwise with
 * fxsave.  A fresh area holds the state a new process starts with.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include "cpu.h"

#define CPUID_OSXSAVE       (1U << 27)
#define FXSAVE_SIZE         512
#define MXCSR_OFFSET        24
#define MXCSR_DEFAULT       0x1f80
#define FCW_DEFAULT         0x37f

#define MXCSR_MASK_OFFSET   28
#define MXCSR_MASK_DEFAULT  0xffbf      /* what the CPU allows when it reports 0 */

static bool use_xsave;
static uint32_t mxcsr_mask = MXCSR_MASK_DEFAULT;
static uint64_t xsave_mask;
static size_t state_size = FXSAVE_SIZE;

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    asm volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                 : "a"(leaf), "c"(sub));
}

/* The MXCSR bits this CPU accepts: loading any other one faults. */
static void read_mxcsr_mask(void)
{
    static uint8_t area[FXSAVE_SIZE] __attribute__((aligned(16)));
    uint32_t mask;

    asm volatile("fxsave64 (%0)" :: "r"(area) : "memory");
    mask = *(uint32_t *)(area + MXCSR_MASK_OFFSET);
    mxcsr_mask = mask ? mask : MXCSR_MASK_DEFAULT;
}

void fpu_init(void)
{
    uint32_t r[4];
    uint32_t lo, hi;

    read_mxcsr_mask();
    cpuid(1, 0, r);
    if (!(r[2] & CPUID_OSXSAVE))
        return;
    asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    xsave_mask = ((uint64_t)hi << 32) | lo;
    cpuid(0xd, 0, r);
    state_size = r[1];                  /* for the components XCR0 enables */
    use_xsave = true;
}

size_t fpu_state_size(void)
{
    return state_size;
}

void *fpu_state_alloc(void)
{
    uint8_t *s = kzalloc(ALIGN_UP(state_size, 64));

    if (s) {
        *(uint16_t *)s = FCW_DEFAULT;
        *(uint32_t *)(s + MXCSR_OFFSET) = MXCSR_DEFAULT;
    }
    return s;
}

void fpu_state_free(void *state)
{
    kfree(state);
}

void fpu_state_copy(void *dst, const void *src)
{
    memcpy(dst, src, state_size);
}

void fpu_save(void *state)
{
    if (use_xsave)
        asm volatile("xsave64 (%0)" :: "r"(state), "a"((uint32_t)xsave_mask),
                     "d"((uint32_t)(xsave_mask >> 32)) : "memory");
    else
        asm volatile("fxsave64 (%0)" :: "r"(state) : "memory");
}

void fpu_restore(const void *state)
{
    if (use_xsave)
        asm volatile("xrstor64 (%0)" :: "r"(state), "a"((uint32_t)xsave_mask),
                     "d"((uint32_t)(xsave_mask >> 32)) : "memory");
    else
        asm volatile("fxrstor64 (%0)" :: "r"(state) : "memory");
}

/*
 * A save area from user space (rt_sigreturn) that the restore instruction
 * will not fault on: MXCSR with only bits the CPU accepts and, for XSAVE, a header
 * naming only enabled components in the standard format.
 */
#define XSAVE_HEADER        512
#define XSAVE_HEADER_SIZE   64

bool fpu_state_valid(const void *state)
{
    const uint8_t *s = state;
    uint64_t bv, comp;
    int i;

    if (*(const uint32_t *)(s + MXCSR_OFFSET) & ~mxcsr_mask)
        return false;
    if (!use_xsave)
        return true;
    bv = *(const uint64_t *)(s + XSAVE_HEADER);
    comp = *(const uint64_t *)(s + XSAVE_HEADER + 8);
    if ((bv & ~xsave_mask) || comp)
        return false;
    for (i = 16; i < XSAVE_HEADER_SIZE; i++)
        if (s[XSAVE_HEADER + i])
            return false;
    return true;
}

/* AT_HWCAP: CPUID.1:EDX, as Linux reports it on x86. */
uint64_t cpu_hwcap(void)
{
    uint32_t r[4];

    cpuid(1, 0, r);
    return r[3];
}
