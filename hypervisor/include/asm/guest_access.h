/*
 * x86 guest-memory access: the range rule, and single loads and stores
 * for the hot paths (event delivery, the iret hypercall, small hypercall
 * arguments), each one instruction under the exception table, so a guest
 * address that faults makes the access fail instead of the hypervisor.
 * minixen/guest_access.h has the general copies.
 */
#ifndef ASM_GUEST_ACCESS_H
#define ASM_GUEST_ACCESS_H

#include <minixen/types.h>
#include <asm/config.h>
#include <asm/page.h>

/*
 * Inside the guest-owned part of the address space, without wrapping.  A
 * 64-bit PV guest owns two contiguous ranges: the canonical lower half,
 * and the upper half above the hypervisor's slots; the non-canonical hole
 * and the hypervisor lie between them.  So a range is good when it ends
 * in the first or starts in the second.
 */
static inline bool guest_range_ok(unsigned long addr, size_t n)
{
    unsigned long last = addr + n - 1;

    if (n == 0)
        return true;
    return last >= addr && (last < CANONICAL_LOW_END || addr >= HYPERVISOR_RANGE_END);
}

/* "the instruction at 1: faults -> continue at label" */
#define GUEST_ACCESS_FIXUP(label)                           \
    ".pushsection .ex_table, \"a\"\n\t"                     \
    ".quad 1b, %l[" #label "]\n\t"                          \
    ".popsection"

/* *val = the guest's 32-bit value at addr; false if it cannot be read. */
static inline bool get_guest_u32(uint32_t *val, unsigned long addr)
{
    uint32_t v;

    if (!guest_range_ok(addr, sizeof(v)))
        return false;
    asm goto ("1: movl %1, %0\n\t" GUEST_ACCESS_FIXUP(fault)
              : "=r" (v) : "m" (*(const uint32_t *)addr) : : fault);
    *val = v;
    return true;
fault:
    return false;
}

/* *val = the guest's 64-bit value at addr (range already checked); false if it faults. */
static inline bool get_guest_u64_checked(uint64_t *val, unsigned long addr)
{
    uint64_t v;

    asm goto ("1: movq %1, %0\n\t" GUEST_ACCESS_FIXUP(fault)
              : "=r" (v) : "m" (*(const uint64_t *)addr) : : fault);
    *val = v;
    return true;
fault:
    return false;
}

/* Store val at the guest address addr (range already checked); false if it faults. */
static inline bool put_guest_u64_checked(unsigned long addr, uint64_t val)
{
    asm goto ("1: movq %0, %1\n\t" GUEST_ACCESS_FIXUP(fault)
              : : "r" (val), "m" (*(uint64_t *)addr) : "memory" : fault);
    return true;
fault:
    return false;
}

#endif /* ASM_GUEST_ACCESS_H */
