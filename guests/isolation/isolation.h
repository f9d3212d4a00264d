/*
 * guests/isolation/isolation.h - two unprivileged domains side by side:
 * a victim that fills its memory with a pattern and checks it survived,
 * and an attacker that tries every way issue 4 lists to reach memory that
 * is not its own.  Both are this one program; build/guests/victim.elf and
 * attacker.elf differ only in guests/{victim,attacker}/role.c, which are
 * the same size, so the two images have the same layout.
 *
 * Boot order: the victim is the first module after dom0's kernel
 * ("victim.elf domain=victim memory=8M"), the attacker the next one, so
 * the victim is domain 1 (override with "victim_domid=N" on the
 * attacker's command line).  Scheduling is cooperative: the attacker
 * yields after each group of attacks and the victim yields until the
 * attacker is done, so the victim checks its memory after the last attack.
 *
 * "Done" travels through the M2P, which both can read: at the end the
 * attacker sets the M2P entry of its own frame for the pattern's first
 * pfn to ISOLATION_DONE_MARK (Xen stores any value a domain gives for its
 * own frame: do_mmu_update, MMU_MACHPHYS_UPDATE).  The victim watches the
 * frames that are not its own but carry that pfn (the attacker's, and
 * dom0's), and waits at least ISOLATION_VICTIM_MIN_YIELDS and at most
 * ISOLATION_VICTIM_MAX_YIELDS yields.  The attacker yields once more after
 * setting the mark: its frames (and their M2P entries) are released when
 * it shuts down.
 *
 * Finding the victim: the M2P is readable by everyone.  Because the
 * layouts match, the victim's top-level table is its pseudo-physical
 * frame pv_va_to_pfn(pt_base), the same number as ours: the nearest frame
 * that is not ours with that M2P entry.  Its pattern page likewise.
 */
#ifndef GUEST_ISOLATION_H
#define GUEST_ISOLATION_H

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

/* Values of isolation_role (role.c); never 0, so it lands in .rodata. */
#define ISOLATION_VICTIM   1
#define ISOLATION_ATTACKER 2
extern const unsigned int isolation_role;

#define ISOLATION_VICTIM_MIN_YIELDS    50
#define ISOLATION_VICTIM_MAX_YIELDS    20000
#define ISOLATION_DONE_MARK            ARCH_UL(0x00d0de00d0de0000)
/* How many frames carrying the signal pfn the victim watches. */
#define ISOLATION_WATCH_FRAMES         4
#define ISOLATION_VICTIM_DOMID_DEFAULT 1

/* The victim's pattern: this many pages of words derived from addresses. */
#define ISOLATION_PATTERN_PAGES 64
#define ISOLATION_PATTERN_SEED  ARCH_UL(0x5eed5eed00000000)
extern uint64_t isolation_pattern[ISOLATION_PATTERN_PAGES][PT_ENTRIES];

__attribute__((noreturn)) void victim_main(void);
__attribute__((noreturn)) void attacker_main(void);

/* ---- attacker state and helpers (attacker.c) ---- */
struct attack_target {
    domid_t domid;
    unsigned long l4_mfn;       /* the victim's top-level page table */
    unsigned long data_mfn;     /* the victim's first pattern page */
    int found;
};
extern struct attack_target victim;

/* Scratch pages the attacks remap. */
#define ATTACK_WINDOWS  4
#define ATTACK_WIN_MAP  0
#define ATTACK_WIN_FILL 1
#define ATTACK_WIN_VIEW 2
extern uint8_t attack_windows[ATTACK_WINDOWS][PAGE_SIZE];
#define ATTACK_WIN(i) ((void *)attack_windows[i])

/* Written through a mapping that should never have been allowed. */
#define ATTACK_SCRIBBLE ARCH_UL(0xa77ac4a77ac4a77a)

/* A frame inside the hypervisor image (loaded at 2 MiB). */
#define ATTACK_HYPERVISOR_MFN 0x200ul
/* A frame in the legacy VGA hole below 1 MiB: device memory. */
#define ATTACK_LOW_IO_MFN     0xb8ul
#define ATTACK_PAST_RAM_DISTANCE 16

/* update_va_mapping of window ATTACK_WIN_MAP; a wrong success scribbles. */
int attack_map(const char *name, unsigned long mfn, uint64_t flags, long expected);
/* A spare frame (zeroed, mapped nowhere), or end the test. */
unsigned long attack_zeroed_frame(void);
/* A spare frame holding the given page, mapped nowhere. */
unsigned long attack_frame_with(const uint64_t *page);
unsigned long attack_past_ram_mfn(void);
/* Let the victim run between groups of attacks. */
void attack_yield(void);

/* ---- the groups (attacks_*.c), in the order they run ---- */
void attacks_mapping(void);
void attacks_tables(void);
void attacks_linear(void);
void attacks_batch(void);
void attacks_victim(void);

#endif /* GUEST_ISOLATION_H */
