/*
 * dom0/arch/xen.c - small wrappers over the hypercalls the rest of the
 * kernel makes most often.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include "xen.h"

start_info_t *start_info;
shared_info_t *shared_info;

long xen_pte_write(uint64_t table_mfn, unsigned int index, uint64_t val)
{
    mmu_update_t u = {
        .ptr = ((table_mfn << PAGE_SHIFT) + index * sizeof(uint64_t)) | MMU_NORMAL_PT_UPDATE,
        .val = val,
    };

    return HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
}

void xen_remap_kernel_page(void *va, bool writable)
{
    uint64_t pte = (pfn_to_mfn(virt_to_pfn(va)) << PAGE_SHIFT) | PTE_PRESENT |
                   PTE_USER | PTE_ACCESSED | (writable ? PTE_RW | PTE_DIRTY : 0);

    if (HYPERVISOR_update_va_mapping((unsigned long)va, pte, UVMF_INVLPG))
        panic("cannot remap kernel page %p %s", va, writable ? "writable" : "read-only");
}

long xen_mmuext(unsigned int cmd, unsigned long mfn)
{
    struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };

    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

void xen_console_write(const char *s, size_t n)
{
    HYPERVISOR_console_io(CONSOLEIO_write, n, (char *)s);
}

void xen_shutdown(unsigned int reason)
{
    for (;;)
        HYPERVISOR_shutdown(reason);
}
