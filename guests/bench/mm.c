/*
 * guests/bench/mm.c - cost of the memory-management hypercalls, in TSC
 * ticks:
 *
 *   bench: update_va_mapping <avg> ticks/call   one scratch page remapped
 *                                               between two frames, UVMF_INVLPG
 *   bench: mmu_update_512 <avg> ticks/batch     512 MMU_NORMAL_PT_UPDATEs in
 *                                               one call: every entry of a
 *                                               pinned L1, alternating frames
 *   bench: new_baseptr <avg> ticks/call         MMUEXT_NEW_BASEPTR between the
 *                                               boot L4 and a pinned copy
 *
 * A hypervisor without one of these prints "bench: <name> unsupported
 * (<rc>)" instead (scripts/bench.py ignores such lines) and the rest still
 * runs.  None of this changes the verdict.
 */
#include "bench.h"
#include "console.h"
#include "frames.h"
#include "pt.h"
#include "string.h"

#define BENCH_UVM_CALLS     10000ul
#define BENCH_MMU_BATCHES   200ul
#define BENCH_BASEPTR_CALLS 10000ul
#define BENCH_WIN_SCRATCH   PT_LEVELS   /* after the copy's four tables */
#define BENCH_WINDOWS       (PT_LEVELS + 1)

static uint8_t bench_windows[BENCH_WINDOWS][PAGE_SIZE] PAGE_ALIGNED_BSS;
static mmu_update_t bench_batch[2][PT_ENTRIES];

/* Average with one decimal, rounded, as main.c prints it. */
static void bench_print(const char *name, uint64_t ticks, unsigned long n,
                        const char *unit)
{
    uint64_t tenths = (ticks * 10 + n / 2) / n;

    printk("bench: %s %lu.%lu %s\n", name, tenths / 10, tenths % 10, unit);
}

static void bench_unsupported(const char *name, long rc)
{
    printk("bench: %s unsupported (%ld)\n", name, rc);
}

static void bench_update_va_mapping(void)
{
    void *w = bench_windows[BENCH_WIN_SCRATCH];
    unsigned long frame[2] = { frames_take_mfn(), frames_take_mfn() };
    uint64_t start, end;
    unsigned long i;
    long rc = pt_map(w, frame[0], PV_PTE_RW);

    for (i = 0, start = rdtsc_ordered(); i < BENCH_UVM_CALLS && !rc; i++)
        rc = HYPERVISOR_update_va_mapping((unsigned long)w,
                                          pv_pte(frame[i & 1], PV_PTE_RW), UVMF_INVLPG);
    end = rdtsc_ordered();
    pv_restore_mapping(w);
    if (rc)
        bench_unsupported("update_va_mapping", rc);
    else
        bench_print("update_va_mapping", end - start, BENCH_UVM_CALLS, "ticks/call");
}

/* Two batches over the same L1: one maps frame 0 everywhere, one frame 1. */
static void bench_batch_fill(unsigned long table, const unsigned long frame[2])
{
    unsigned int b, i;

    for (b = 0; b < 2; b++)
        for (i = 0; i < PT_ENTRIES; i++) {
            bench_batch[b][i].ptr = pt_entry_maddr(table, i) | MMU_NORMAL_PT_UPDATE;
            bench_batch[b][i].val = pv_pte(frame[b], PV_PTE_RO);
        }
}

static void bench_mmu_update(void)
{
    unsigned long table = frames_take_mfn();
    unsigned long frame[2] = { frames_take_mfn(), frames_take_mfn() };
    unsigned int done = 0;
    uint64_t start, end;
    unsigned long b;
    long rc = frame_zero(table, bench_windows[BENCH_WIN_SCRATCH]);

    if (!rc)
        rc = pt_pin(1, table);
    if (rc) {
        bench_unsupported("mmu_update_512", rc);
        return;
    }
    bench_batch_fill(table, frame);
    for (b = 0, start = rdtsc_ordered(); b < BENCH_MMU_BATCHES && !rc; b++)
        rc = HYPERVISOR_mmu_update(bench_batch[b & 1], PT_ENTRIES, &done, DOMID_SELF);
    end = rdtsc_ordered();
    pt_unpin(table);
    if (rc)
        bench_unsupported("mmu_update_512", rc);
    else
        bench_print("mmu_update_512", end - start, BENCH_MMU_BATCHES, "ticks/batch");
}

/* A pinned copy of the boot space (identical mappings, other frames). */
static long bench_second_l4(struct pt_space *s, void *windows[PT_LEVELS])
{
    unsigned long frames[PT_LEVELS], va = (unsigned long)bench_windows[BENCH_WIN_SCRATCH];
    unsigned int i;
    long rc;

    for (i = 0; i < PT_LEVELS; i++)
        windows[i] = bench_windows[i];
    for (i = 0; i < PT_LEVELS; i++) {
        frames[i] = frames_take_mfn();
        if ((rc = frame_zero(frames[i], bench_windows[BENCH_WIN_SCRATCH])))
            return rc;
    }
    rc = pt_space_build(s, va, pt_boot_l1e(va), 0, frames, windows);
    return rc ? rc : pt_pin(4, s->mfn[PT_SPACE_L4]);
}

static void bench_new_baseptr(void)
{
    unsigned long l4[2] = { pt_boot_l4_mfn(), 0 };
    struct pt_space s = { 0 };
    void *windows[PT_LEVELS];
    uint64_t start, end;
    unsigned long i;
    long rc = bench_second_l4(&s, windows);

    l4[1] = s.mfn[PT_SPACE_L4];
    for (i = 0, start = rdtsc_ordered(); i < BENCH_BASEPTR_CALLS && !rc; i++)
        rc = pt_switch(l4[(i & 1) ^ 1]);
    end = rdtsc_ordered();
    if (pt_switch(l4[0]))
        printk("bench: could not return to the boot page tables\n");
    if (l4[1])
        pt_unpin(l4[1]);
    pt_space_release_windows(windows);
    if (rc)
        bench_unsupported("new_baseptr", rc);
    else
        bench_print("new_baseptr", end - start, BENCH_BASEPTR_CALLS, "ticks/call");
}

void bench_mm(void)
{
    frames_init();
    if (frames_left() < BENCH_WINDOWS * 2) {
        printk("bench: memory-management figures skipped: no spare frames\n");
        return;
    }
    bench_update_va_mapping();
    bench_mmu_update();
    bench_new_baseptr();
}
