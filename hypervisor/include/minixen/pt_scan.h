/*
 * Finding the present entries of a 512-entry x86-64 page table.  Most of
 * a table is empty (a new one entirely), and every validation, release
 * and teardown walks all 512 slots, so the walk takes eight empty ones
 * per test.  Shared by the hypervisor and dom0's kernel; host-tested
 * (tests/unit/test_pt_scan.c).
 */
#ifndef MINIXEN_PT_SCAN_H
#define MINIXEN_PT_SCAN_H

#include <minixen/types.h>

#define PT_SCAN_ENTRIES     512u
#define PT_SCAN_PRESENT     1u      /* bit 0 of an entry at every level */

/* The first present entry at or after i, PT_SCAN_ENTRIES if none. */
static inline unsigned int pt_next_present(const uint64_t *t, unsigned int i)
{
    for (; i < PT_SCAN_ENTRIES && (i & 7); i++)
        if (t[i] & PT_SCAN_PRESENT)
            return i;
    for (; i < PT_SCAN_ENTRIES; i += 8)
        if ((t[i] | t[i + 1] | t[i + 2] | t[i + 3] | t[i + 4] | t[i + 5] | t[i + 6] |
             t[i + 7]) & PT_SCAN_PRESENT)
            break;
    for (; i < PT_SCAN_ENTRIES; i++)
        if (t[i] & PT_SCAN_PRESENT)
            return i;
    return PT_SCAN_ENTRIES;
}

#define pt_for_each_present_slot(i, t) \
    for ((i) = pt_next_present((t), 0); (i) < PT_SCAN_ENTRIES; \
         (i) = pt_next_present((t), (i) + 1))

#endif /* MINIXEN_PT_SCAN_H */
