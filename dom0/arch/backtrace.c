/*
 * dom0/arch/backtrace.c - naming kernel addresses in a fault report.
 *
 * The kernel is linked twice (dom0/dom0.mk): the second link carries a
 * table of its text symbols, sorted by address (scripts/gen_symbols.py),
 * and the kernel keeps frame pointers, so each frame's return address
 * can be found and named.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include "backtrace.h"

#define MAX_FRAMES          16

struct symbol {
    uint64_t addr;
    const char *name;
};

extern const uint64_t symbol_count;
extern const struct symbol symbol_table[];

static const struct symbol *symbol_at(uint64_t addr)
{
    uint64_t lo = 0, hi = symbol_count;

    while (lo < hi) {
        uint64_t mid = (lo + hi) / 2;
        if (symbol_table[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? &symbol_table[lo - 1] : NULL;
}

static void print_frame(uint64_t addr)
{
    const struct symbol *s = symbol_at(addr);

    if (s)
        printk("  [<%016lx>] %s+%#lx\n", addr, s->name, addr - s->addr);
    else
        printk("  [<%016lx>] ?\n", addr);
}

static bool kernel_stack_address(uint64_t a)
{
    return a >= KERNEL_BASE && a % 8 == 0 &&
           a + 16 <= KERNEL_BASE + pages_total() * PAGE_SIZE;
}

void backtrace_from(uint64_t rip, uint64_t rbp)
{
    int n;

    print_frame(rip);
    for (n = 0; n < MAX_FRAMES && kernel_stack_address(rbp); n++) {
        const uint64_t *frame = (const uint64_t *)rbp;
        if (!frame[1])
            break;
        print_frame(frame[1]);
        if (frame[0] <= rbp)
            break;
        rbp = frame[0];
    }
}

/* Starts at the caller's frame: frame pointers are kept (dom0/dom0.mk). */
void backtrace_here(void)
{
    const uint64_t *frame = __builtin_frame_address(0);

    backtrace_from(frame[1], frame[0]);
}
