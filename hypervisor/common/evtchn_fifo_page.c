/*
 * How the FIFO event-channel ABI reaches the pages a guest shares with
 * it: the event array pages and the per-vCPU control blocks.
 *
 * For a PV guest the frame number it passes is the machine frame.  The
 * frame must be the domain's own and take a writable type reference, so
 * that while the hypervisor writes into it, it can become neither a page
 * table nor a descriptor page, and is not freed under our feet when the
 * guest gives it back.  Kept apart from evtchn_fifo.c so that the host
 * unit test can stand in guest pages of its own, and a guest that
 * rewrites a word while the hypervisor links it.
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/event.h>
#include <asm/page.h>

void *evtchn_map_guest_page(struct domain *d, uint64_t gfn)
{
    if (!mfn_is_ram(gfn) || !get_page_and_type(gfn, d, PGT_writable))
        return NULL;
    return mfn_to_virt(gfn);
}

void evtchn_unmap_guest_page(const void *va)
{
    put_page_and_type(virt_to_mfn((const void *)ROUNDDOWN((unsigned long)va, PAGE_SIZE)));
}

uint32_t evtchn_guest_cmpxchg(uint32_t *word, uint32_t old, uint32_t new)
{
    __atomic_compare_exchange_n(word, &old, new, false, __ATOMIC_SEQ_CST,
                                __ATOMIC_SEQ_CST);
    return old;
}
