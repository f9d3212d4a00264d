/*
 * tests/unit/test_console.c - the hypervisor console's line prefixes
 * (hypervisor/common/console.c): "(XEN) " on the hypervisor's lines,
 * "(dN) " on a domU's, none on domain 0's, each source deciding on its
 * own whether it is at the start of a line.
 *
 * The serial line is caught by serial_putc() below (its CRs dropped);
 * the vCPU writing is chosen through host_test_pcpu.curr.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <minixen/printk.h>
#include <minixen/sched.h>
#include <asm/serial.h>
#include <asm/power.h>

#define SERIAL_MAX 1024
#define NR_DOMS    3

struct pcpu host_test_pcpu;
static struct domain doms[NR_DOMS];
static char serial[SERIAL_MAX];
static size_t serial_len;

void serial_init(void) {}

void serial_putc(char c)
{
    if (c != '\r' && serial_len < SERIAL_MAX - 1)
        serial[serial_len++] = c;
}

/* panic() stops the other CPUs before powering off; no test panics. */
void smp_stop_other_cpus(void)
{
    fail_msg("smp_stop_other_cpus: nothing here panics");
}

void machine_power_off(unsigned int exit_value)
{
    fail_msg("power off (%u)", exit_value);
    abort();
}

/* Domain id's console_io output. */
static void write_as(unsigned int id, const char *s)
{
    host_test_pcpu.curr = &doms[id].vcpu0;
    console_write_raw(s, strlen(s));
}

static int setup(void **state)
{
    unsigned int i;

    (void)state;
    memset(doms, 0, sizeof(doms));
    for (i = 0; i < NR_DOMS; i++) {
        doms[i].domain_id = (domid_t)i;
        doms[i].vcpu0.domain = &doms[i];
    }
    host_test_pcpu.curr = NULL;
    console_init_early();
    /* A fresh serial capture, after whatever earlier tests left unfinished. */
    printk("\n");
    write_as(0, "\n");
    write_as(1, "\n");
    write_as(2, "\n");
    memset(serial, 0, sizeof(serial));
    serial_len = 0;
    return 0;
}

static void test_guest_line_after_dom0_prompt_is_prefixed(void **state)
{
    (void)state;
    write_as(0, "dom0# ");
    write_as(1, "hello\n");
    assert_string_equal(serial, "dom0# (d1) hello\n");
}

static void test_hypervisor_line_after_dom0_prompt_is_prefixed(void **state)
{
    (void)state;
    write_as(0, "dom0# ");
    printk("domain 1 shut down\n");
    assert_string_equal(serial, "dom0# (XEN) domain 1 shut down\n");
}

static void test_guest_line_goes_on_after_another_source(void **state)
{
    (void)state;
    write_as(1, "half ");
    printk("between\n");
    write_as(1, "whole\n");
    assert_string_equal(serial, "(d1) half (XEN) between\nwhole\n");
}

static void test_each_guest_has_its_own_line(void **state)
{
    (void)state;
    write_as(1, "one");
    write_as(2, "two\n");
    write_as(1, " more\n");
    write_as(2, "again\n");
    assert_string_equal(serial, "(d1) one(d2) two\n more\n(d2) again\n");
}

static void test_every_line_of_a_write_is_prefixed(void **state)
{
    (void)state;
    write_as(2, "a\nb\n");
    printk("x\ny\n");
    assert_string_equal(serial, "(d2) a\n(d2) b\n(XEN) x\n(XEN) y\n");
}

static void test_dom0_lines_stay_bare(void **state)
{
    (void)state;
    printk("unfinished ");
    write_as(0, "dom0 line\n");
    write_as(0, "next\n");
    assert_string_equal(serial, "(XEN) unfinished dom0 line\nnext\n");
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_guest_line_after_dom0_prompt_is_prefixed),
        T(test_hypervisor_line_after_dom0_prompt_is_prefixed),
        T(test_guest_line_goes_on_after_another_source),
        T(test_each_guest_has_its_own_line),
        T(test_every_line_of_a_write_is_prefixed),
        T(test_dom0_lines_stay_bare),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
