/*
 * The virtual memory layout of a 64-bit PV domain at boot, as Xen lays it
 * out (Xen PV ABI reference, section 3.2; Xen's libxenguest for a domU):
 *
 *   v_start (VIRT_BASE)  pseudo-physical frame 0
 *   kernel image         segments loaded, BSS zeroed
 *   ramdisk              if any
 *   P2M list             nr_pages 8-byte machine frame numbers
 *   start_info
 *   xenstore page        domU only (the toolstack's builder)
 *   console page         domU only
 *   boot page tables     mapped read-only
 *   boot stack           one page; %rsp starts at its end
 *   v_end                rounded up to 4 MiB, at least 512 KiB past the stack
 *
 * [v_start, v_end) maps pseudo-physical frames 0.. in order.  One
 * implementation for the hypervisor's boot-module builder (dom0_build.c)
 * and the toolstack's (tools/lib/xenguest.c): pure arithmetic, so it also
 * builds on the host.
 */
#ifndef MINIXEN_PV_LAYOUT_H
#define MINIXEN_PV_LAYOUT_H

#include <minixen/types.h>
#include <asm/config.h>

struct pv_kernel_info;

/* Pages between start_info and the page tables: none for dom0, store and console for a domU. */
#define PV_LAYOUT_DOM0_PAGES    0
#define PV_LAYOUT_DOMU_PAGES    2

struct pv_layout {
    unsigned long v_start, v_end;
    unsigned long kern_start, kern_end;
    unsigned long initrd_start, initrd_len;
    unsigned long p2m_start, start_info;
    unsigned long store_page, console_page;     /* 0 without domU pages */
    unsigned long pt_start, stack_start;
    unsigned long nr_pt_pages;
};

/* Page tables needed to map [start, end): one L4 plus L3s, L2s and L1s. */
unsigned long pv_layout_count_tables(unsigned long start, unsigned long end);

/*
 * Lay out a kernel k with an initrd_len-byte ramdisk in nr_pages of memory,
 * with domu_pages (PV_LAYOUT_*_PAGES) after start_info.  NULL, or a
 * one-line reason the layout is impossible (it overflows, reaches into the
 * hypervisor's range, or needs more than nr_pages).
 */
const char *pv_layout_compute(struct pv_layout *l, const struct pv_kernel_info *k,
                              unsigned long initrd_len, unsigned long nr_pages,
                              unsigned int domu_pages);

/* The pseudo-physical frame of va, which must lie in [v_start, v_end). */
static inline unsigned long pv_layout_pfn(const struct pv_layout *l, unsigned long va)
{
    return (va - l->v_start) >> PAGE_SHIFT;
}

#endif /* MINIXEN_PV_LAYOUT_H */
