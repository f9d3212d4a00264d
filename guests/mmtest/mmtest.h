/*
 * guests/mmtest/mmtest.h - the memory-management test guest: a second
 * address space built, pinned and switched to; mmu_update at every level;
 * pinning; the M2P; update_va_mapping flushes; ballooning.  Runs as dom0
 * or as an unprivileged domain: it needs no privilege.
 *
 * Every expectation is Xen 4.17's; the comment next to each check names
 * the Xen function that produces the value (xen/arch/x86/mm.c unless said
 * otherwise).
 */
#ifndef GUEST_MMTEST_H
#define GUEST_MMTEST_H

#include <stdint.h>
#include "arch.h"
#include "frames.h"
#include "hypercall.h"
#include "m2p.h"
#include "pt.h"
#include "pv.h"
#include "report.h"
#include "string.h"
#include "traps.h"

/* Page-aligned pages of the image that get remapped onto other frames. */
#define MT_WINDOWS     8
#define MT_WIN_TABLES  0   /* 0..3: the new space's tables (PT_SPACE_Ln) */
#define MT_WIN_A       4   /* scratch mappings */
#define MT_WIN_B       5
#define MT_WIN_FILL    6   /* filling frames (frame_write) */
extern uint8_t mt_windows[MT_WINDOWS][PAGE_SIZE];
#define MT_WIN(i) ((void *)mt_windows[i])

/* The page whose mapping differs between the boot space and the new one. */
extern uint8_t mt_probe[PAGE_SIZE];

/* Markers written into frames so a read shows which frame is mapped. */
#define MT_MAGIC_BOOT  ARCH_UL(0xb007b007b007b007)
#define MT_MAGIC_NEW   ARCH_UL(0x0e110e110e110e11)
#define MT_MAGIC_NEW2  ARCH_UL(0x5ec04d5ec04d0002)
#define MT_MAGIC_A     ARCH_UL(0xaaaa0000aaaa0001)
#define MT_MAGIC_B     ARCH_UL(0xbbbb0000bbbb0002)

/* A frame inside the hypervisor image (it is loaded at 2 MiB). */
#define MT_HYPERVISOR_MFN 0x200ul
/* How far past the last RAM frame the "device memory" frame lies. */
#define MT_PAST_RAM_DISTANCE 16

/* The second address space, shared by space.c and entries.c. */
struct mt_space {
    struct pt_space pt;
    unsigned long probe_mfn;    /* what mt_probe shows in the new space */
    int built, pinned, usable;  /* usable: safe to switch to */
};
extern struct mt_space mt_space;

/* ---- helpers (main.c) ---- */
/* A spare frame, or end the test if none is left. */
unsigned long mt_frame(void);
/* A spare frame zeroed through MT_WIN_FILL (mapped nowhere afterwards). */
unsigned long mt_zeroed_frame(void);
/* A spare frame whose first word is marker. */
unsigned long mt_marked_frame(uint64_t marker);
/* Map a scratch window and expect rc; a wrong success is undone. */
int mt_expect_map(const char *name, void *window, unsigned long mfn,
                  uint64_t flags, long expected);
unsigned long mt_past_ram_mfn(void);
/* First word of a frame, read through a read-only window mapping. */
uint64_t mt_peek(unsigned long mfn, void *window);

/* Is M2P[P2M[pfn]] == pfn for all our frames?  A check named name. */
int mt_m2p_check_all(const char *name);

/* ---- the groups, in the order main.c runs them ---- */
void mt_m2p(void);         /* m2p.c */
void mt_va_mapping(void);  /* uvm.c */
void mt_pins(void);        /* pins.c */
void mt_cache(void);       /* cache.c */
void mt_space_tests(void); /* space.c: builds and keeps the new space */
void mt_entries(void);     /* entries.c: mmu_update on its tables */
void mt_space_done(void);  /* space.c: switch back and unpin for good */
/* Run fn with the new space loaded, then return; 0 if it cannot be loaded. */
int mt_space_run(void (*fn)(void));
void mt_balloon(void);     /* balloon.c */

#endif /* GUEST_MMTEST_H */
