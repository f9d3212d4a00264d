/*
 * guests/test/test.h - shared pieces of the boot test guest: the check
 * groups (one file each), scratch pages, deliberately bad addresses and
 * the exception probe macros.
 *
 * Expectations follow Xen 4.17.  Where a value was checked against the
 * Xen sources, the check carries a comment naming the file.
 */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#include <stdint.h>
#include "arch.h"
#include "hypercall.h"
#include "pv.h"
#include "report.h"
#include "string.h"
#include "traps.h"

/* The boot test passes "test.elf minixen-test-cmdline"; the name is dropped. */
#define TEST_CMDLINE "minixen-test-cmdline"

/* Addresses no hypercall may read or write through. */
#define BAD_PTR_UNMAPPED     ARCH_UL(0x00000dead0000000) /* canonical, unmapped */
#define BAD_PTR_HYPERVISOR   ARCH_UL(0xffff830000000000) /* inside Xen's hole */
#define BAD_PTR_NONCANONICAL X86_NONCANONICAL_LOW

/* A value hypercalls never produce, to see whether a field was written. */
#define TEST_SENTINEL ARCH_UL(0x5a5a5a5a5a5a5a5a)

/* Page-aligned scratch pages the memory tests remap (see common.c). */
#define SCRATCH_PAGES 4
#define SCRATCH_A     0   /* first of two pages of 'A' (print_string) */
#define SCRATCH_B     1   /* second page of 'A', ends where the guard starts */
#define SCRATCH_GUARD 2   /* unmapped while a test needs a hole */
#define SCRATCH_ALIAS 3   /* remapped onto other frames */
extern uint8_t scratch_pages[SCRATCH_PAGES][PAGE_SIZE];

/* ---- common.c ---- */
/* XENMEM_maximum_ram_page, or 0 if the call failed. */
unsigned long test_max_ram_page(void);
/* A RAM frame below the top of RAM that is not ours, or 0. */
unsigned long test_foreign_ram_frame(void);
/* A frame number beyond the end of RAM (MMIO space). */
unsigned long test_frame_past_ram(void);
/* Unmap / remap the SCRATCH_GUARD page; return the hypercall result. */
long test_guard_unmap(void);
long test_guard_restore(void);

/* ---- The check groups, in the order main.c runs them ---- */
void test_startup(void);          /* startup.c: fatal on failure */
void test_start_info(void);       /* startup.c */
void test_time(void);             /* startup.c */
void test_hypercall_page(void);   /* version.c */
void test_xen_version(void);      /* version.c */
void test_console_io(void);       /* console.c */
void test_print_string(void);     /* console.c */
void test_trap_table(void);       /* callbacks.c */
void test_callback_op(void);      /* callbacks.c */
void test_cpu_state_ops(void);    /* callbacks.c: stack_switch, fpu, segbase */
void test_descriptors(void);      /* descriptors.c */
void test_multicall(void);        /* multicall.c */
void test_vm_assist(void);        /* multicall.c */
void test_memory_op(void);        /* memory.c */
void test_va_mapping(void);       /* memory.c */
void test_mmu_update(void);       /* mmu.c */
void test_mmuext_op(void);        /* mmu.c */
void test_exceptions(void);       /* exceptions.c */
void test_privileged_ops(void);   /* exceptions.c */
void test_physdev(void);          /* physdev.c: physdev_op and its compat form */
void test_port_io(void);          /* physdev.c: in/out, cli/sti per I/O rights */
void test_user_io(void);          /* user_io.c: the same from user mode; vmassist */
void test_sched_op(void);         /* sched.c */
void test_shutdown_code(void);    /* sched.c: last, it sets the final code */

/*
 * Exception probes.  PROBE_START/PROBE_END wrap one instruction at label
 * 1 with a nop at label 2 after it; an exception reported at either label
 * resumes at label 2, so a fault (reported at 1) and a trap (reported at
 * 2, after the instruction) both continue, and a wrong report cannot loop.
 * The addresses of both labels come back through PROBE_OUTPUTS so the
 * reported RIP can be checked.
 */
struct probe_addr {
    uint64_t at;    /* the instruction */
    uint64_t next;  /* just after it */
};

#define PROBE_START                                   \
    "lea 1f(%%rip), %[probe_at]\n\t"                  \
    "lea 2f(%%rip), %[probe_next]\n\t"                \
    "1: "
#define PROBE_END                                     \
    "\n\t2: nop\n\t"                                  \
    EXTABLE("1b", "2b")                               \
    EXTABLE("2b", "2b")
#define PROBE_OUTPUTS(p) \
    [probe_at] "=&r" ((p).at), [probe_next] "=&r" ((p).next)

/* Error code value meaning "any". */
#define PROBE_ANY_EC (-1L)

/*
 * Check that the last probe raised exactly one exception with this vector
 * (and error code unless PROBE_ANY_EC), reported at the instruction for a
 * fault or after it for a trap.  Returns the check's result.
 */
int expect_fault(const char *name, const struct probe_addr *p, int vector,
                 long error_code);
int expect_trap(const char *name, const struct probe_addr *p, int vector);
/* Check that the last probe raised nothing. */
int expect_no_fault(const char *name);

#endif /* GUEST_TEST_H */
