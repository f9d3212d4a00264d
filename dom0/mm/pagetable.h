/* dom0/mm/pagetable.h - page-table helpers for mm/vm.c (mm/pagetable.c). */
#ifndef DOM0_MM_PAGETABLE_H
#define DOM0_MM_PAGETABLE_H

#include <kernel/types.h>

struct mm;

long pt_new_top(struct mm *mm);
void pt_destroy(struct mm *mm);
void pt_activate(uint64_t *kernel_l4, uint64_t *user_l4);
void pt_flush_tlb(void);
void pt_invlpg(uint64_t va);
uint64_t *pt_new_table(void);
void pt_free_table(uint64_t *t);
/* The L1 table covering va (created when asked), or NULL. */
uint64_t *pt_l1_table(struct mm *mm, uint64_t va, bool create);
/* The machine address of va's L1 entry (tables made as needed), for mmu_update. */
long pt_entry_maddr(struct mm *mm, uint64_t va, uint64_t *maddr);
/* The L1 entry for va, 0 when nothing maps it. */
uint64_t pt_lookup(struct mm *mm, uint64_t va);
long pt_set(struct mm *mm, uint64_t va, uint64_t pte);
/*
 * n entries (at most PT_RUN_MAX) for pages vas[] of one L1 table (one
 * PT_L1_SPAN), in one mmu_update: how many were written, in order (0
 * without a table).
 */
#define PT_RUN_MAX  16
#define PT_L1_SPAN  (512 * PAGE_SIZE)
#define PT_L1_SHIFT 21          /* log2(PT_L1_SPAN) */
unsigned int pt_set_run(struct mm *mm, const uint64_t *vas, const uint64_t *ptes,
                        unsigned int n);
uint64_t pt_make_pte(void *page, bool writable);
void *pt_page_of(uint64_t pte);

typedef long (*pt_visit_fn)(struct mm *mm, uint64_t va, uint64_t pte, void *arg);
long pt_for_each_present(struct mm *mm, uint64_t start, uint64_t end, pt_visit_fn fn,
                         void *arg);

#endif /* DOM0_MM_PAGETABLE_H */
