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
#include <pthread.h>
#include <cmocka.h>
#include "stress.h"

#include <minixen/printk.h>
#include <minixen/console_ring.h>
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

/* ---- Two CPUs printing at once ---- */

#define RACE_LINES  600         /* both CPUs' lines fit the 64 KiB ring */
#define LINE_CHARS  40

#define RACE_RUNS   20

static struct pcpu race_pcpu[2];
static unsigned int ready;      /* threads spinning at the start, not asleep in a barrier */

static void *print_lines(void *arg)
{
    unsigned int cpu = (unsigned int)(uintptr_t)arg;
    char line[LINE_CHARS + 2];

    host_test_thread_pcpu = &race_pcpu[cpu];
    race_pcpu[cpu].cpu_id = cpu;
    memset(line, 'A' + cpu, LINE_CHARS);
    strcpy(line + LINE_CHARS, "\n");
    __atomic_fetch_add(&ready, 1, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) < 2)
        ;
    for (unsigned int i = 0; i < RACE_LINES; i++)
        printk("%s", line);
    return NULL;
}

/* The log ring holds every line whole: "(XEN) " then one CPU's letters. */
static void check_ring_lines(void)
{
    static char text[2 * RACE_LINES * (LINE_CHARS + 8)];
    struct console_ring *ring = console_log_ring();
    uint64_t pos = console_ring_resume(ring, false, 0);
    unsigned int lines = 0;
    size_t len = 0, n;
    const char *data;

    while ((n = console_ring_span(ring, pos, &data)) && len + n < sizeof(text)) {
        memcpy(text + len, data, n);
        len += n;
        pos += n;
    }
    text[len] = '\0';
    for (char *line = text, *end; (end = strchr(line, '\n')); line = end + 1, lines++) {
        assert_int_equal(end - line, 6 + LINE_CHARS);
        assert_memory_equal(line, "(XEN) ", 6);
        for (unsigned int i = 7; i < 6 + LINE_CHARS; i++)
            assert_int_equal(line[i], line[6]);
    }
    assert_int_equal(lines, 2 * RACE_LINES);
}

static void test_two_cpus_lines_whole(void **state)
{
    pthread_t t[2];

    (void)state;
    for (unsigned int run = 0; run < stress_rounds(RACE_RUNS); run++) {
        console_init_early();
        ready = 0;
        for (unsigned int i = 0; i < 2; i++)
            assert_int_equal(pthread_create(&t[i], NULL, print_lines, (void *)(uintptr_t)i), 0);
        for (unsigned int i = 0; i < 2; i++)
            assert_int_equal(pthread_join(t[i], NULL), 0);
        check_ring_lines();
    }
}

/* A CPU holding the lock may print: an NMI's report while its CPU was printing. */
static void test_lock_nests_on_one_cpu(void **state)
{
    (void)state;
    console_lock();
    printk("nested\n");
    console_lock();
    console_unlock();
    console_unlock();
    printk("after\n");
    assert_string_equal(serial, "(XEN) nested\n(XEN) after\n");
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
        T(test_two_cpus_lines_whole),
        T(test_lock_nests_on_one_cpu),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
