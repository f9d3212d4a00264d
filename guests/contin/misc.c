/*
 * guests/contin/misc.c - a long trap table and a long console write.
 *
 * Xen: set_trap_table (xen/arch/x86/pv/traps.c) reads entries until one
 * with address 0, checking hypercall_preempt_check() after each and
 * continuing with the rest of the table; a non-canonical handler is
 * -EINVAL, the entries before it staying installed.  console_io write
 * (xen/drivers/char/console.c guest_console_write) prints the whole
 * buffer, continuing between 128-byte chunks, and returns 0.  minixen
 * used to stop at 1024 entries (-E2BIG) and at 64 KiB.
 */
#include "contin.h"

/* Copies of the guest's own table: 3000-odd entries before the end. */
#define CT_TRAP_COPIES      90
#define CT_TRAP_ENTRIES_MAX 40
#define CT_TRAP_BAD_AT      2000
/*
 * The long write: 800 lines of exactly one 128-byte chunk each (100 KiB),
 * so whatever is printed while the write is continued (another domain's
 * lines, the hypervisor's) falls between two of its lines.
 */
#define CT_LINES            800
#define CT_LINE_LEN         128

static trap_info_t long_table[CT_TRAP_COPIES * CT_TRAP_ENTRIES_MAX + 1];
static char text[CT_LINES * CT_LINE_LEN];

/* The guest's table repeated: the last copy of each vector wins. */
static unsigned int ct_long_table(void)
{
    const trap_info_t *own = traps_table();
    unsigned int n = 0, i, c;

    while (own[n].address)
        n++;
    if (n > CT_TRAP_ENTRIES_MAX)
        test_abort("trap_table.own_table", "%u entries, room for %u", n,
                   CT_TRAP_ENTRIES_MAX);
    for (c = 0; c < CT_TRAP_COPIES; c++)
        for (i = 0; i < n; i++)
            long_table[c * n + i] = own[i];
    long_table[CT_TRAP_COPIES * n] = (trap_info_t){ 0 };
    return CT_TRAP_COPIES * n;
}

/* int3 goes to the handler the long table installed for #BP. */
static int ct_int3_handled(void)
{
    fault_reset();
    asm volatile ("int3\n1:\n\t" EXTABLE("1b", "1b") ::: "memory");
    return last_fault.vector == X86_EXC_BP;
}

void ct_trap_table(void)
{
    unsigned int n = ct_long_table();

    check_rc("trap_table.3000_entries", HYPERVISOR_set_trap_table(long_table), 0);
    check(ct_int3_handled(), "trap_table.long_table_installed",
          "int3 was not delivered to the #BP handler (%u entries)", n);
    long_table[CT_TRAP_BAD_AT].address = X86_NONCANONICAL_LOW;
    check_rc("trap_table.bad_entry_after_continuation",
             HYPERVISOR_set_trap_table(long_table), -XEN_EINVAL);
    check_rc("trap_table.restore", pv_set_traps(), 0);
    check(ct_int3_handled(), "trap_table.restored", "int3 not handled");
}

/* 800 numbered lines in one write; the boot test looks for all of them. */
void ct_console(void)
{
    unsigned int i, len;

    for (i = 0; i < CT_LINES; i++) {
        char *line = text + i * CT_LINE_LEN;
        len = (unsigned int)fmt_snprintf(line, CT_LINE_LEN, "contin: console line %u of %u ",
                                         i + 1, CT_LINES);
        memset(line + len, '.', CT_LINE_LEN - 1 - len);
        line[CT_LINE_LEN - 1] = '\n';
    }
    check_rc("console_io.write_100k", HYPERVISOR_console_io(CONSOLEIO_write,
                                                           sizeof(text), text), 0);
}
