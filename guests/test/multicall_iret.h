/*
 * guests/test/multicall_iret.h - interface of multicall_iret.S (an iret
 * inside a multicall batch), shared by the assembly and multicall.c.
 */
#ifndef GUEST_TEST_MULTICALL_IRET_H
#define GUEST_TEST_MULTICALL_IRET_H

/* How control came back from the probe. */
#define MC_IRET_PATH_IRET     1  /* through the iret frame */
#define MC_IRET_PATH_RETURNED 2  /* the multicall returned normally */

/* struct multicall_iret_result offsets (checked in multicall.c). */
#define MC_IRET_PATH         0
#define MC_IRET_RCX          8
#define MC_IRET_EXPECTED_RCX 16

#ifndef __ASSEMBLER__
#include <public/xen.h>

struct multicall_iret_result {
    uint64_t path;          /* MC_IRET_PATH_* */
    uint64_t rcx;           /* %rcx at the landing point */
    uint64_t expected_rcx;  /* the RCX word of the frame */
};

void multicall_iret_probe(multicall_entry_t *list, unsigned long nr,
                          unsigned long rflags,
                          struct multicall_iret_result *out);
#endif

#endif /* GUEST_TEST_MULTICALL_IRET_H */
