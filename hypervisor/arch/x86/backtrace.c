/*
 * Symbolised backtraces for hypervisor faults and panics.  The symbol
 * table is embedded by the second link (scripts/gen_symbols.py); the walk
 * follows saved frame pointers, so it stops early in code built without
 * them, and never follows a pointer outside the hypervisor stack.
 */
#include <minixen/lib.h>
#include <minixen/printk.h>
#include <asm/traps.h>

#define BACKTRACE_MAX_FRAMES 16

struct symbol {
    unsigned long addr;
    const char *name;
};

extern const unsigned long symbol_count;
extern const struct symbol symbol_table[];

/* The closest symbol at or below addr (binary search), or NULL. */
static const struct symbol *symbol_lookup(unsigned long addr)
{
    unsigned long lo = 0, hi = symbol_count;

    if (hi == 0 || addr < symbol_table[0].addr)
        return NULL;
    while (hi - lo > 1) {
        unsigned long mid = (lo + hi) / 2;
        if (symbol_table[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    return &symbol_table[lo];
}

static void print_address(unsigned long addr)
{
    const struct symbol *s = symbol_lookup(addr);

    if (s)
        printk(XENLOG_ERR "   [<%016lx>] %s+%#lx\n", addr, s->name, addr - s->addr);
    else
        printk(XENLOG_ERR "   [<%016lx>] ?\n", addr);
}

/* In this CPU's stack block, below its struct pcpu (the IST stacks count). */
static bool on_stack(unsigned long p)
{
    unsigned long top = (unsigned long)this_cpu();

    return p >= top - (PERCPU_BLOCK_SIZE - PCPU_AREA_SIZE) && p + 16 <= top;
}

void show_backtrace(unsigned long rip, unsigned long rbp)
{
    unsigned int n;

    printk(XENLOG_ERR "Call trace:\n");
    print_address(rip);
    for (n = 0; n < BACKTRACE_MAX_FRAMES && on_stack(rbp); n++) {
        const unsigned long *frame = (const unsigned long *)rbp;
        print_address(frame[1]);
        rbp = frame[0];
    }
}
