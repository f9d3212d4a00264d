/*
 * guests/test/common.c - helpers shared by the check groups: scratch
 * pages, frames the guest does not own, and the verdicts for exception
 * probes.
 */
#include "test.h"

uint8_t scratch_pages[SCRATCH_PAGES][PAGE_SIZE] PAGE_ALIGNED_BSS;

/* The foreign-frame search starts above the legacy first MiB. */
#define LOW_MEMORY_END_MFN 0x100
/* ... and gives up after this many candidates. */
#define FOREIGN_SEARCH_LIMIT 0x10000
/* How far beyond the last RAM frame the "past RAM" frame lies. */
#define PAST_RAM_DISTANCE 16

unsigned long test_max_ram_page(void)
{
    long rc = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);

    return rc > 0 ? (unsigned long)rc : 0;
}

/*
 * The first frame above 1 MiB that is neither in our P2M nor our
 * shared_info page.  In Xen such a frame belongs to the hypervisor or is
 * free; either way it is RAM the guest does not own.
 */
unsigned long test_foreign_ram_frame(void)
{
    unsigned long top = test_max_ram_page();
    unsigned long shinfo_mfn = start_info->shared_info >> PAGE_SHIFT;
    unsigned long mfn;

    for (mfn = LOW_MEMORY_END_MFN;
         mfn < top && mfn < LOW_MEMORY_END_MFN + FOREIGN_SEARCH_LIMIT; mfn++)
        if (mfn != shinfo_mfn && pv_mfn_to_pfn(mfn) < 0)
            return mfn;
    return 0;
}

unsigned long test_frame_past_ram(void)
{
    return test_max_ram_page() + PAST_RAM_DISTANCE;
}

long test_guard_unmap(void)
{
    return HYPERVISOR_update_va_mapping((unsigned long)scratch_pages[SCRATCH_GUARD],
                                        0, UVMF_INVLPG);
}

long test_guard_restore(void)
{
    return pv_restore_mapping(scratch_pages[SCRATCH_GUARD]);
}

static int expect_exception(const char *name, int vector, long error_code,
                            uint64_t rip)
{
    int ok = last_fault.count == 1 && last_fault.vector == vector &&
             last_fault.rip == rip &&
             (error_code == PROBE_ANY_EC ||
              last_fault.error_code == (uint64_t)error_code);

    return check(ok, name,
                 "%lu exception(s), last vector %ld error code %#lx at %#lx; "
                 "expected vector %d error code %#lx at %#lx",
                 last_fault.count, last_fault.vector, last_fault.error_code,
                 last_fault.rip, vector, error_code, rip);
}

int expect_fault(const char *name, const struct probe_addr *p, int vector,
                 long error_code)
{
    return expect_exception(name, vector, error_code, p->at);
}

int expect_trap(const char *name, const struct probe_addr *p, int vector)
{
    return expect_exception(name, vector, PROBE_ANY_EC, p->next);
}

int expect_no_fault(const char *name)
{
    return check(last_fault.count == 0, name,
                 "unexpected exception: vector %ld error code %#lx at %#lx",
                 last_fault.vector, last_fault.error_code, last_fault.rip);
}
