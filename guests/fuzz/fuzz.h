/*
 * guests/fuzz/fuzz.h - random mmu_update, mmuext_op and
 * update_va_mapping requests from a fixed seed, every error tolerated.
 * The hypervisor must stay up and keep its frame table consistent (its
 * own self-check runs when the domains are gone).
 *
 * The guest keeps itself alive by construction:
 *  - mappings change only at FUZZ_WINDOWS scratch pages, never read or
 *    written through;
 *  - page-table updates go only to FUZZ_FRAMES frames set aside past
 *    v_end, never to their slot 0, and to the windows' own L1 entries;
 *  - the first FUZZ_TEMPLATES of those frames start as copies of the boot
 *    L4, so their slot 0 maps the image: they are the only tables a
 *    successful NEW_BASEPTR can load besides the boot L4, and nothing
 *    else writes them (CLEAR_PAGE / COPY_PAGE never target them);
 *  - the boot tables are pinned at most, never unpinned or written;
 *  - only our set-aside frames' M2P entries change (restored at the end).
 * Options: "seed=N" and "requests=N" on the command line.
 */
#ifndef GUEST_FUZZ_H
#define GUEST_FUZZ_H

#include <stdint.h>
#include "arch.h"
#include "hypercall.h"
#include "prng.h"
#include "pt.h"
#include "pv.h"

#define FUZZ_DEFAULT_SEED     ARCH_UL(0x6d696e6978656e21)   /* "minixen!" */
#define FUZZ_DEFAULT_REQUESTS 20000
#define FUZZ_MAX_REQUESTS     1000000
#define FUZZ_FRAMES      16
#define FUZZ_TEMPLATES   4
#define FUZZ_SCRIBBLE    2   /* own data frames that mmu_update may write */
#define FUZZ_WINDOWS     8
#define FUZZ_FOREIGN     8
#define FUZZ_BOOT_TABLES 16
#define FUZZ_BATCH_MAX   4

/* Request kinds, for the statistics line. */
enum fuzz_kind { FUZZ_UVM, FUZZ_MMU, FUZZ_EXT, FUZZ_KINDS };

struct fuzz_state {
    struct prng rng;
    uint64_t seed;
    unsigned long frames[FUZZ_FRAMES];      /* set aside past v_end */
    unsigned long frame_pfns[FUZZ_FRAMES];
    unsigned long scribble[FUZZ_SCRIBBLE];
    unsigned long foreign[FUZZ_FOREIGN];    /* others' frames, via the M2P */
    unsigned int nr_foreign;
    unsigned long boot_tables[FUZZ_BOOT_TABLES];
    unsigned int nr_boot_tables;
    unsigned long image_pfns;               /* pfns below v_end */
    unsigned long ram_top;                  /* XENMEM_maximum_ram_page */
    unsigned long calls[FUZZ_KINDS], requests[FUZZ_KINDS], ok[FUZZ_KINDS];
};
extern struct fuzz_state fz;
extern uint8_t fuzz_windows[FUZZ_WINDOWS][PAGE_SIZE];

/* ---- pick.c: random inputs biased towards interesting values ---- */
uint64_t fuzz_below(uint64_t n);
int fuzz_percent(unsigned int percent);
unsigned long fuzz_frame(void);          /* any frame, ours or not */
unsigned long fuzz_own_frame(void);      /* one of the set-aside frames */
unsigned long fuzz_other_frame(void);    /* surely not ours */
unsigned long fuzz_writable_target(void); /* CLEAR/COPY destinations */
uint64_t fuzz_pte(void);
unsigned long fuzz_window(void);
unsigned long fuzz_linear_addr(void);
unsigned long fuzz_baseptr(void);

/* ---- ops.c: one random hypercall; returns the number of requests ---- */
unsigned int fuzz_one(void);

#endif /* GUEST_FUZZ_H */
