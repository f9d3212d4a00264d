/*
 * guests/lib/m2p.h - the machine-to-phys table as a 64-bit PV guest sees
 * it: read-only at MACH2PHYS_VIRT_START (0xffff800000000000, Xen's place),
 * one 8-byte entry per machine frame, written only through
 * mmu_update(MMU_MACHPHYS_UPDATE) for frames the caller owns.
 *
 * Reads are protected by the exception table, so a hypervisor that does
 * not map the table yet makes the helpers fail instead of the guest.
 * Needs the trap table (pv_set_traps) to be installed.
 */
#ifndef GUEST_M2P_H
#define GUEST_M2P_H

#include <stdint.h>

/* Xen's VALID_M2P: entries with the top bit set (INVALID, SHARED) are not pfns. */
#define M2P_INVALID_BIT (1ul << 63)
static inline int m2p_entry_valid(unsigned long e)
{
    return !(e & M2P_INVALID_BIT);
}

/* What Linux stores in a P2M slot whose frame was given back. */
#define INVALID_P2M_ENTRY (~0ul)
/* Set our P2M list's entry for pfn (the list is ordinary guest memory). */
void p2m_set(unsigned long pfn, unsigned long mfn);

/* Address of mfn's entry in the read-only table. */
volatile unsigned long *m2p_entry_va(unsigned long mfn);
/* Read mfn's entry: 0 and *pfn set, or -1 if the read faulted. */
int m2p_read(unsigned long mfn, unsigned long *pfn);
/* Can the table be read at all (tried on one of our own frames)? */
int m2p_readable(void);
/* MMU_MACHPHYS_UPDATE: set M2P[mfn] = pfn. */
long m2p_update(unsigned long mfn, unsigned long pfn);

/* Lowest and highest machine frame in our P2M list. */
void pv_mfn_bounds(unsigned long *lowest, unsigned long *highest);
/*
 * Up to max frames that the M2P says are someone's (a valid entry) but
 * that are not in our P2M: the nearest to our own frames first.  0 if the
 * table cannot be read.
 */
unsigned int m2p_foreign_frames(unsigned long *out, unsigned int max);

/*
 * The frame nearest to center (searching outward) that is not ours and
 * whose M2P entry is pfn, i.e. another domain's pseudo-physical frame pfn.
 * Returns 0 if none is found or the table cannot be read.
 */
unsigned long m2p_find_foreign(unsigned long center, unsigned long pfn);
/* The same, collecting up to max such frames, nearest first; returns how many. */
unsigned int m2p_find_foreign_all(unsigned long center, unsigned long pfn,
                                  unsigned long *out, unsigned int max);

#endif /* GUEST_M2P_H */
