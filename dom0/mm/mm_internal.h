/*
 * dom0/mm/mm_internal.h - what the memory files share among themselves.
 */
#ifndef DOM0_MM_INTERNAL_H
#define DOM0_MM_INTERNAL_H

#include <kernel/types.h>

extern char _image_start[], _image_end[];

void page_alloc_init(unsigned long boot_stack_top);
/* The next-level table an entry points at (through the kernel map), or NULL. */
uint64_t *table_next(const uint64_t *table, unsigned int index);
unsigned int page_refs(const void *page);

#endif /* DOM0_MM_INTERNAL_H */
