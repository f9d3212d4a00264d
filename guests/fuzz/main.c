/*
 * guests/fuzz/main.c - set-up, the request loop and the clean-up of the
 * fuzz guest (see fuzz.h).  Works as dom0 or as an unprivileged domain.
 */
#include "fuzz.h"
#include "args.h"
#include "frames.h"
#include "m2p.h"
#include "report.h"
#include "string.h"

struct fuzz_state fz;
uint8_t fuzz_windows[FUZZ_WINDOWS][PAGE_SIZE] PAGE_ALIGNED_BSS;

/* A copy of the boot tables, to check they come out unchanged. */
static uint64_t fuzz_boot_copy[FUZZ_BOOT_TABLES][PT_ENTRIES];
static uint64_t fuzz_page[PT_ENTRIES];
/* Progress line every so many requests. */
#define FUZZ_PROGRESS 5000

static void fuzz_take_frames(void)
{
    unsigned int i;

    for (i = 0; i < FUZZ_FRAMES; i++) {
        fz.frame_pfns[i] = frames_take(&fz.frames[i]);
        if (!fz.frame_pfns[i])
            test_abort("fuzz.spare_frames", "only %u frames past v_end", i);
    }
    for (i = 0; i < FUZZ_SCRIBBLE; i++)
        if (!(fz.scribble[i] = frames_take_mfn()))
            test_abort("fuzz.spare_frames", "no scribble frame");
}

/* Templates are boot L4 copies (slot 0 maps the image), the rest zeroed. */
static void fuzz_fill_frames(void)
{
    const uint64_t *boot_l4 = pt_boot_view(pt_boot_l4_mfn());
    unsigned int i;
    long rc = 0;

    for (i = 0; i < FUZZ_FRAMES && !rc; i++)
        rc = frame_write(fz.frames[i], i < FUZZ_TEMPLATES ? boot_l4 : NULL,
                         fuzz_windows[0]);
    for (i = 0; i < FUZZ_SCRIBBLE && !rc; i++)
        rc = frame_write(fz.scribble[i], fuzz_page, fuzz_windows[0]);
    if (rc)
        test_abort("fuzz.fill_frames", "update_va_mapping returned %ld", rc);
}

static void fuzz_record_boot_tables(void)
{
    unsigned long first = pv_va_to_pfn(start_info->pt_base), i;

    fz.nr_boot_tables = start_info->nr_pt_frames;
    if (fz.nr_boot_tables > FUZZ_BOOT_TABLES)
        fz.nr_boot_tables = FUZZ_BOOT_TABLES;
    for (i = 0; i < fz.nr_boot_tables; i++) {
        fz.boot_tables[i] = pv_pfn_to_mfn(first + i);
        memcpy(fuzz_boot_copy[i], pt_boot_view(fz.boot_tables[i]), PAGE_SIZE);
    }
}

static void fuzz_setup(void)
{
    long rc = pv_setup_minimal(), top;

    if (rc)
        test_abort("fuzz.setup", "start-up hypercalls returned %ld", rc);
    frames_init();
    fz.image_pfns = frames_first_spare_pfn();
    top = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    fz.ram_top = top > 0 ? (unsigned long)top : 0;
    fuzz_take_frames();
    fuzz_fill_frames();
    fuzz_record_boot_tables();
    fz.nr_foreign = m2p_foreign_frames(fz.foreign, FUZZ_FOREIGN);
    fz.seed = arg_ulong("seed", FUZZ_DEFAULT_SEED);
    prng_seed(&fz.rng, fz.seed);
    printk("fuzz: seed %#lx, %lu foreign frames found, %s domain\n", fz.seed,
           (unsigned long)fz.nr_foreign,
           (start_info->flags & SIF_PRIVILEGED) ? "privileged" : "unprivileged");
}

static unsigned long fuzz_run(unsigned long requests)
{
    unsigned long done = 0, next = FUZZ_PROGRESS;

    while (done < requests) {
        done += fuzz_one();
        if (done >= next) {
            printk("fuzz: %lu requests\n", done);
            next += FUZZ_PROGRESS;
        }
    }
    return done;
}

static long fuzz_set_ldt_none(void)
{
    mmuext_op_t op = { .cmd = MMUEXT_SET_LDT };

    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Unpinning every frame we may have pinned releases whatever they hold. */
static void fuzz_unpin_all(void)
{
    unsigned int i;

    for (i = 0; i < FUZZ_FRAMES; i++)
        pt_unpin(fz.frames[i]);
    for (i = 0; i < FUZZ_WINDOWS; i++)
        pt_unpin(pv_va_to_mfn(fuzz_windows[i]));
}

static void fuzz_restore(void)
{
    unsigned int i, windows = 0, m2p = 0;

    check_rc("fuzz.restore_baseptr", pt_switch(pt_boot_l4_mfn()), 0);
    check(read_cr3() == pv_expected_cr3(), "fuzz.cr3_restored",
          "cr3 %#lx, expected %#lx", read_cr3(), pv_expected_cr3());
    check_rc("fuzz.restore_user_baseptr",
             mmuext_cmd(MMUEXT_NEW_USER_BASEPTR, pt_boot_l4_mfn()), 0);
    /*
     * Drop any LDT the requests set.  Xen returns 0; minixen has no LDT
     * support and returns -ENOSYS for every SET_LDT, so there is nothing
     * to restore and the result proves nothing: it is logged, not checked.
     */
    printk("fuzz: set_ldt none returned %ld (not checked)\n", fuzz_set_ldt_none());
    fuzz_unpin_all();
    for (i = 0; i < FUZZ_WINDOWS; i++)
        if (pv_restore_mapping(fuzz_windows[i]))
            windows++;
    check(!windows, "fuzz.windows_restored", "%u windows could not be restored", windows);
    for (i = 0; i < FUZZ_FRAMES; i++)
        if (m2p_update(fz.frames[i], fz.frame_pfns[i]))
            m2p++;
    check(!m2p, "fuzz.m2p_restored", "%u M2P entries could not be restored", m2p);
}

/* Our boot tables, hypervisor slots aside, must be as they were. */
static void fuzz_check_boot_tables(void)
{
    unsigned int t, s;

    for (t = 0; t < fz.nr_boot_tables; t++)
        for (s = 0; s < PT_ENTRIES; s++) {
            const uint64_t *now = pt_boot_view(fz.boot_tables[t]);

            if (t == 0 && pt_is_xen_l4_slot(s))
                continue;
            if (!pte_same(now[s], fuzz_boot_copy[t][s])) {
                check(0, "fuzz.boot_tables_intact", "table %u slot %u is %#lx, was %#lx",
                      t, s, now[s], fuzz_boot_copy[t][s]);
                return;
            }
        }
    report_pass("fuzz.boot_tables_intact");
}

static void fuzz_report(unsigned long requests)
{
    static const char *const names[FUZZ_KINDS] = {
        "update_va_mapping", "mmu_update", "mmuext_op" };
    unsigned int k;

    for (k = 0; k < FUZZ_KINDS; k++)
        printk("fuzz: %s: %lu calls, %lu requests, %lu calls accepted\n", names[k],
               fz.calls[k], fz.requests[k], fz.ok[k]);
    printk("fuzz: done %lu requests (seed %#lx)\n", requests, fz.seed);
}

void guest_main(void)
{
    unsigned long want = arg_ulong("requests", FUZZ_DEFAULT_REQUESTS), done;

    printk("minixen fuzz guest starting\n");
    if (want > FUZZ_MAX_REQUESTS)
        want = FUZZ_MAX_REQUESTS;
    fuzz_setup();
    done = fuzz_run(want);
    report_pass("fuzz.alive");
    fuzz_restore();
    fuzz_check_boot_tables();
    fuzz_report(done);
    test_finish();
}
