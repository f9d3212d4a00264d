/*
 * x86 parts of sysctl physinfo and of getdomaininfo: the CPU's clock,
 * feature words and address width, as Xen 4.17 reports them.
 */
#include <minixen/lib.h>
#include <minixen/domctl.h>
#include <public/sysctl.h>
#include <asm/x86.h>
#include <asm/time.h>

#define CPUID_FEATURES        0x00000001u
#define CPUID_STRUCT_FEATURES 0x00000007u
#define CPUID_XSAVE           0x0000000du
#define CPUID_EXT_MAX         0x80000000u
#define CPUID_EXT_FEATURES    0x80000001u
#define CPUID_EXT_POWER       0x80000007u
#define CPUID_ADDR_SIZES      0x80000008u
/* Xen's address widths: assumed without leaf 0x80000008, and the cap. */
#define PADDR_BITS_DEFAULT    36
#define PADDR_BITS_MAX        52
#define BYTE_MASK             0xffu
#define GUEST_BITS_SHIFT      16

/* hw_cap[] words, in the order of Xen's featureset (cpufeatureset.h). */
enum hw_cap_word {
    HW_CAP_1D, HW_CAP_1C, HW_CAP_E1D, HW_CAP_E1C,
    HW_CAP_DA1, HW_CAP_7B0, HW_CAP_7C0, HW_CAP_E7D,
};

static uint32_t cpuid_max(uint32_t base)
{
    uint32_t a, b, c, d;

    cpuid_count(base, 0, &a, &b, &c, &d);
    return a;
}

static void fill_hw_cap(uint32_t *cap)
{
    uint32_t a, b, c, d, max = cpuid_max(0), ext = cpuid_max(CPUID_EXT_MAX);

    cpuid_count(CPUID_FEATURES, 0, &a, &b, &cap[HW_CAP_1C], &cap[HW_CAP_1D]);
    if (max >= CPUID_XSAVE)
        cpuid_count(CPUID_XSAVE, 1, &cap[HW_CAP_DA1], &b, &c, &d);
    if (max >= CPUID_STRUCT_FEATURES)
        cpuid_count(CPUID_STRUCT_FEATURES, 0, &a, &cap[HW_CAP_7B0], &cap[HW_CAP_7C0], &d);
    if (ext >= CPUID_EXT_FEATURES)
        cpuid_count(CPUID_EXT_FEATURES, 0, &a, &b, &cap[HW_CAP_E1C], &cap[HW_CAP_E1D]);
    if (ext >= CPUID_EXT_POWER)
        cpuid_count(CPUID_EXT_POWER, 0, &a, &b, &c, &cap[HW_CAP_E7D]);
}

void arch_physinfo(struct xen_sysctl_physinfo *pi)
{
    pi->cpu_khz = (uint32_t)tsc_khz;
    /* No HVM, so no assisted xAPIC: arch_capabilities stays 0. */
    fill_hw_cap(pi->hw_cap);
}

/* Xen's hap_paddr_bits: the guest width of 0x80000008, else the host's. */
static uint8_t guest_paddr_bits(void)
{
    uint32_t a, b, c, d, bits;

    if (cpuid_max(CPUID_EXT_MAX) < CPUID_ADDR_SIZES)
        return PADDR_BITS_DEFAULT;
    cpuid_count(CPUID_ADDR_SIZES, 0, &a, &b, &c, &d);
    bits = (a >> GUEST_BITS_SHIFT) & BYTE_MASK;
    if (!bits)
        bits = a & BYTE_MASK;
    return (uint8_t)min(bits, (uint32_t)PADDR_BITS_MAX);
}

void arch_get_domain_info(const struct domain *d,
                          struct xen_domctl_getdomaininfo *info)
{
    (void)d;                    /* PV: no HAP flag, no emulated devices */
    info->gpaddr_bits = guest_paddr_bits();
}
