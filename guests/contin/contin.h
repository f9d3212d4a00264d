/*
 * guests/contin/contin.h - the continuation test guest: hypercalls long
 * enough to be preempted and continued (docs/hypercalls.md,
 * "Continuations"), each checked for its exact result, as if nothing had
 * happened in between.
 *
 * Booted with hypercall_preempt_every=N the hypervisor preempts them at
 * known points; the boot test then also checks its count of
 * continuations for the domain.  Command-line words (the module string):
 *   expect_preemption=1  the boot forces preemption (with N >= 2: at
 *                        N = 1 the multicall that carries the upcall is
 *                        always preempted before its pin starts), so the
 *                        checks that need one to happen (a sub-call's
 *                        continuation seen in its multicall entry, an
 *                        upcall delivered in the middle of a pin) run too;
 *   die=1                only build the big page-table tree, start
 *                        pinning it and, from the event upcall delivered
 *                        while the pin is preempted, power off: the
 *                        domain dies with partially validated tables.
 *
 * Every expectation is Xen 4.17's: a preempted call must give the result
 * the same call gives when it runs in one go.
 */
#ifndef GUEST_CONTIN_H
#define GUEST_CONTIN_H

#include <stdint.h>
#include "arch.h"
#include "args.h"
#include "frames.h"
#include "hypercall.h"
#include "m2p.h"
#include "pt.h"
#include "pv.h"
#include "report.h"
#include "string.h"
#include "traps.h"

/* Xen's mark of a continued mmu_update / mmuext_op count (asm/hypercall.h). */
#define CT_MMU_UPDATE_PREEMPTED 0x80000000u

/* A frame inside the hypervisor image (loaded at 2 MiB): never ours. */
#define CT_HYPERVISOR_MFN 0x200ul

/* Page-aligned pages of the image that get remapped onto other frames. */
#define CT_WINDOWS    4
#define CT_WIN_TARGET 0   /* the entry the mmu_update batches rewrite */
#define CT_WIN_FILL   1   /* filling frames (frame_write) */
#define CT_WIN_PROBE  2   /* checking a frame's type by mapping it */
extern uint8_t ct_windows[CT_WINDOWS][PAGE_SIZE];
#define CT_WIN(i) ((void *)ct_windows[i])

/* Frames CT_WIN_TARGET is pointed at, each with its own first word. */
#define CT_TARGETS 4
extern unsigned long ct_target_mfn[CT_TARGETS];
#define CT_TARGET_MAGIC(i) (ARCH_UL(0xc0471e0000000000) + (i))

/* Does the boot force preemption (expect_preemption=1)? */
extern int ct_expect_preemption;

/* ---- helpers (main.c) ---- */
/* A spare frame, or end the test if none is left. */
unsigned long ct_frame(unsigned long *pfn);
/* A spare frame zeroed through CT_WIN_FILL (mapped nowhere afterwards). */
unsigned long ct_zeroed_frame(void);
/* Write a whole frame through CT_WIN_FILL; ends the test on failure. */
void ct_fill_frame(unsigned long mfn, const void *page);
/* A request pointing CT_WIN_TARGET at target i (read/write or read-only). */
mmu_update_t ct_target_req(unsigned int i, int rw);
/* Which target CT_WIN_TARGET shows now (-1: none); restores nothing. */
int ct_target_shown(void);
/* Map CT_WIN_PROBE onto mfn, expect rc; a mapping that worked is undone. */
int ct_probe_map(const char *name, unsigned long mfn, uint64_t flags, long expected);
/* memory_op reservation call on DOMID_SELF. */
long ct_memop(unsigned int cmd, xen_pfn_t *list, unsigned long n, unsigned int order);
long ct_current_reservation(void);

/* ---- the groups, in the order main.c runs them ---- */
void ct_mmu_batches(void);      /* batch.c */
void ct_mmuext_batches(void);   /* batch.c */
void ct_multicall(void);        /* multicall.c */
void ct_memory(void);           /* memory.c */
void ct_tree(void);             /* tree.c */
void ct_tree_die(void);         /* tree.c: die=1 */
void ct_trap_table(void);       /* misc.c */
void ct_console(void);          /* misc.c */
void ct_evtchn_reset(void);     /* evtchn.c */

#endif /* GUEST_CONTIN_H */
