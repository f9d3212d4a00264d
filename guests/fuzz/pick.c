/*
 * guests/fuzz/pick.c - the random inputs: frames (ours, our tables, other
 * domains', the hypervisor's, device memory, nonsense), entry flags,
 * addresses and base pointers.  Biased towards values near the checks
 * the hypervisor has to make.
 */
#include "fuzz.h"

/* Frames of the hypervisor image (it is loaded at 2 MiB) and below 1 MiB. */
#define FUZZ_HYPERVISOR_MFN 0x200ul
#define FUZZ_HYPERVISOR_SPAN 0x40ul
#define FUZZ_LOW_MFNS        0x100ul
#define FUZZ_PAST_RAM_SPAN   0x1000ul
#define FUZZ_MFN_BITS        40
/* Addresses no L1 of ours maps, the hypervisor's range, non-canonical. */
#define FUZZ_VA_NO_L1        ARCH_UL(0x0000008000000000)
#define FUZZ_VA_HYPERVISOR   ARCH_UL(0xffff830000000000)
#define FUZZ_VA_NONCANONICAL ARCH_UL(0x0000800000000000)

uint64_t fuzz_below(uint64_t n)
{
    return prng_below(&fz.rng, n);
}

int fuzz_percent(unsigned int percent)
{
    return prng_percent(&fz.rng, percent);
}

unsigned long fuzz_own_frame(void)
{
    return fz.frames[fuzz_below(FUZZ_FRAMES)];
}

static unsigned long fuzz_foreign_frame(void)
{
    if (!fz.nr_foreign)
        return FUZZ_HYPERVISOR_MFN;
    return fz.foreign[fuzz_below(fz.nr_foreign)];
}

unsigned long fuzz_other_frame(void)
{
    uint64_t r = fuzz_below(100);

    if (r < 50)
        return fuzz_foreign_frame();
    if (r < 70)
        return FUZZ_HYPERVISOR_MFN + fuzz_below(FUZZ_HYPERVISOR_SPAN);
    if (r < 85)
        return fuzz_below(FUZZ_LOW_MFNS);
    return fz.ram_top + fuzz_below(FUZZ_PAST_RAM_SPAN);
}

static unsigned long fuzz_image_frame(void)
{
    return pv_pfn_to_mfn(fuzz_below(fz.image_pfns));
}

/* Percent thresholds, cumulative, for fuzz_frame(). */
unsigned long fuzz_frame(void)
{
    uint64_t r = fuzz_below(100);

    if (r < 45)
        return fuzz_own_frame();
    if (r < 55)
        return fz.boot_tables[fuzz_below(fz.nr_boot_tables)];
    if (r < 63)
        return fuzz_image_frame();
    if (r < 73)
        return fuzz_foreign_frame();
    if (r < 78)
        return FUZZ_HYPERVISOR_MFN + fuzz_below(FUZZ_HYPERVISOR_SPAN);
    if (r < 83)
        return fuzz_below(FUZZ_LOW_MFNS);
    if (r < 88)
        return fz.ram_top + fuzz_below(FUZZ_PAST_RAM_SPAN);
    if (r < 95)
        return fuzz_below(fz.ram_top ? fz.ram_top : 1);
    return fuzz_below(ARCH_UL(1) << FUZZ_MFN_BITS);
}

/* Never a template L4: CLEAR_PAGE / COPY_PAGE could wipe its slot 0. */
unsigned long fuzz_writable_target(void)
{
    if (fuzz_percent(80))
        return fz.frames[FUZZ_TEMPLATES + fuzz_below(FUZZ_FRAMES - FUZZ_TEMPLATES)];
    return fuzz_percent(50) ? fuzz_foreign_frame() : FUZZ_HYPERVISOR_MFN;
}

static uint64_t fuzz_bit(unsigned int percent, uint64_t bit)
{
    return fuzz_percent(percent) ? bit : 0;
}

static uint64_t fuzz_flags(void)
{
    uint64_t f = fuzz_bit(90, PTE_P) | fuzz_bit(50, PTE_RW) | fuzz_bit(30, PTE_US) |
                 fuzz_bit(5, PTE_PWT) | fuzz_bit(5, PTE_PCD) | fuzz_bit(50, PTE_A) |
                 fuzz_bit(30, PTE_D) | fuzz_bit(8, PTE_PSE) | fuzz_bit(8, PTE_G) |
                 fuzz_bit(10, PTE_NX) | fuzz_bit(5, PTE_XEN_GUEST_KERNEL);

    if (fuzz_percent(20))
        f |= fuzz_below(PTE_AVAIL_MASK >> PTE_AVAIL_SHIFT) << PTE_AVAIL_SHIFT;
    if (fuzz_percent(3))
        f |= prng_next(&fz.rng) & ~(PTE_ADDR_MASK | PAGE_MASK);   /* bits 52-63 */
    return f;
}

uint64_t fuzz_pte(void)
{
    uint64_t r = fuzz_below(100);

    if (r < 10)
        return 0;
    if (r < 15)
        return prng_next(&fz.rng);
    return pv_pte(fuzz_frame(), fuzz_flags());
}

unsigned long fuzz_window(void)
{
    return (unsigned long)fuzz_windows[fuzz_below(FUZZ_WINDOWS)];
}

unsigned long fuzz_linear_addr(void)
{
    uint64_t r = fuzz_below(100);

    if (r < 60)
        return fuzz_window();
    if (r < 70)
        return FUZZ_VA_NO_L1;
    if (r < 80)
        return FUZZ_VA_HYPERVISOR;
    if (r < 90)
        return FUZZ_VA_NONCANONICAL;
    return prng_next(&fz.rng);
}

/*
 * Only tables whose slot 0 maps the image can be loaded without killing
 * us: the templates and the boot L4.  The rest must be refused, so no
 * frame that may be mapped nowhere (an empty set-aside frame, a window's
 * own frame while the window is elsewhere) is offered: an all-zero frame
 * is a valid empty L4.
 */
unsigned long fuzz_baseptr(void)
{
    uint64_t r = fuzz_below(100);

    if (r < 60)
        return fz.frames[fuzz_below(FUZZ_TEMPLATES)];
    if (r < 80)
        return pt_boot_l4_mfn();
    if (r < 85)
        return fz.boot_tables[fuzz_below(fz.nr_boot_tables)];
    if (r < 90)
        return pv_va_to_mfn(&fz);   /* mapped writable: refused */
    if (r < 95)
        return fuzz_foreign_frame();
    return fz.ram_top + fuzz_below(FUZZ_PAST_RAM_SPAN);
}
