/*
 * The boot layout of a 64-bit PV domain (see minixen/pv_layout.h).  Every
 * input may come from a hostile image, so each step is checked for
 * overflow before anything is compared.
 */
#include <minixen/pv_layout.h>
#include <minixen/elf.h>
#include <minixen/lib.h>
#include <asm/config.h>
#include <asm/page.h>

#define LAYOUT_ALIGN        (4UL << 20)
#define LAYOUT_MIN_SLACK    (512UL << 10)
#define P2M_ENTRY_BYTES     8UL

unsigned long pv_layout_count_tables(unsigned long start, unsigned long end)
{
    unsigned long n = 1;
    int level;

    for (level = 3; level >= 1; level--) {
        unsigned long span = 1UL << PT_SHIFT(level + 1);
        n += (ROUNDUP(end, span) - ROUNDDOWN(start, span)) / span;
    }
    return n;
}

/* *out = ROUNDUP(a + b, align), false if that wraps. */
static bool add_round(unsigned long a, unsigned long b, unsigned long align,
                      unsigned long *out)
{
    unsigned long sum;

    if (__builtin_add_overflow(a, b, &sum) ||
        __builtin_add_overflow(sum, align - 1, &sum))
        return false;
    *out = ROUNDDOWN(sum, align);
    return true;
}

/* Everything from the kernel to start_info; false if an address wraps. */
static bool layout_low(struct pv_layout *l, unsigned long initrd_len,
                       unsigned long nr_pages)
{
    if (nr_pages > ~0UL / P2M_ENTRY_BYTES)
        return false;
    return add_round(l->kern_end, 0, PAGE_SIZE, &l->initrd_start) &&
           add_round(l->initrd_start, initrd_len, PAGE_SIZE, &l->p2m_start) &&
           add_round(l->p2m_start, nr_pages * P2M_ENTRY_BYTES, PAGE_SIZE,
                     &l->start_info);
}

/* v_end for nr_pt_pages tables; false if it wraps. */
static bool layout_high(struct pv_layout *l)
{
    unsigned long stack_end;

    if (!add_round(l->pt_start, l->nr_pt_pages * PAGE_SIZE, PAGE_SIZE,
                   &l->stack_start) ||
        !add_round(l->stack_start, PAGE_SIZE, PAGE_SIZE, &stack_end) ||
        !add_round(stack_end, 0, LAYOUT_ALIGN, &l->v_end))
        return false;
    if (l->v_end - stack_end < LAYOUT_MIN_SLACK)
        return !__builtin_add_overflow(l->v_end, LAYOUT_ALIGN, &l->v_end);
    return true;
}

static const char *const out_of_range = "layout reaches into the hypervisor's range";
static const char *const out_of_memory = "not enough memory for the kernel's initial layout";

static const char *layout_check(const struct pv_layout *l, unsigned long nr_pages)
{
    if (l->v_end <= l->v_start || !is_canonical_address(l->v_end - 1) ||
        (l->v_start < HYPERVISOR_RANGE_END && l->v_end > HYPERVISOR_RANGE_START))
        return out_of_range;
    if ((l->v_end - l->v_start) >> PAGE_SHIFT > nr_pages)
        return out_of_memory;
    return NULL;
}

/*
 * The tables map themselves: grow them until they cover the layout.  More
 * tables than pages can never fit, which bounds the search.
 */
static const char *layout_tables(struct pv_layout *l, unsigned long nr_pages)
{
    const char *problem;

    for (l->nr_pt_pages = 1;; l->nr_pt_pages++) {
        if (!layout_high(l) || l->v_end <= l->v_start)
            return out_of_range;
        if (pv_layout_count_tables(l->v_start, l->v_end) <= l->nr_pt_pages)
            return layout_check(l, nr_pages);
        if (l->nr_pt_pages >= nr_pages)
            break;
    }
    problem = layout_check(l, nr_pages);
    return problem ? problem : out_of_memory;
}

const char *pv_layout_compute(struct pv_layout *l, const struct pv_kernel_info *k,
                              unsigned long initrd_len, unsigned long nr_pages,
                              unsigned int domu_pages)
{
    *l = (struct pv_layout){
        .v_start = k->virt_base, .kern_start = k->virt_kstart,
        .kern_end = k->virt_kend, .initrd_len = initrd_len,
    };
    if (l->kern_start < l->v_start)
        return "kernel starts below its VIRT_BASE";
    if (!layout_low(l, initrd_len, nr_pages))
        return out_of_range;
    if (__builtin_add_overflow(l->start_info, (1UL + domu_pages) * PAGE_SIZE,
                               &l->pt_start))
        return out_of_range;
    if (domu_pages) {
        l->store_page = l->start_info + PAGE_SIZE;
        l->console_page = l->store_page + PAGE_SIZE;
    }
    return layout_tables(l, nr_pages);
}
