/*
 * tests/unit/test_console_input.c - serial console input
 * (hypervisor/common/console_input.c): the CTRL-a switch between the
 * hypervisor and domain 0, and domain 0's input ring.
 *
 * The hypervisor functions console_input.c calls are stubbed below and
 * record what they were given: keys handed to the debug-key table,
 * VIRQs raised, the last log line, and whether there is a hardware
 * domain.
 *
 * The module keeps its state between tests, so each test starts from
 * "input to domain 0, ring empty" (setup) and leaves it that way.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <minixen/console_input.h>
#include <minixen/keyhandler.h>
#include <minixen/event.h>
#include <minixen/sched.h>

#define CTRL_A      '\001'
#define KEYS_MAX    64
#define LOG_MAX     256

static char keys[KEYS_MAX];             /* keys given to handle_keypress */
static size_t nr_keys;
static unsigned int virqs_raised;
static uint32_t last_virq;
static char last_log[LOG_MAX];
static struct domain dom0 = { .domain_id = 0, .is_privileged = true };
static bool dom0_exists = true;

void handle_keypress(unsigned char key)
{
    assert_true(nr_keys < KEYS_MAX);
    keys[nr_keys++] = (char)key;
}

void send_global_virq(struct domain *d, uint32_t virq)
{
    assert_ptr_equal(d, &dom0);
    virqs_raised++;
    last_virq = virq;
}

struct domain *hardware_domain(void)
{
    return dom0_exists ? &dom0 : NULL;
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(last_log, sizeof(last_log), fmt, ap);
    va_end(ap);
}

static void type(const char *s, size_t len)
{
    while (len--)
        console_rx_char(*s++);
}

#define TYPE(s) type((s), sizeof(s) - 1)

/* Everything pending for domain 0, consumed. */
static size_t drain(char *buf, size_t max)
{
    size_t n = console_input_peek(buf, max);

    console_input_consume(n);
    return n;
}

static int setup(void **state)
{
    char buf[SERIAL_RX_SIZE];

    (void)state;
    console_endboot();                  /* the first time only: to domain 0 */
    assert_false(console_input_to_xen());
    drain(buf, sizeof(buf));
    console_input_take_dropped();
    nr_keys = 0;
    virqs_raised = 0;
    last_log[0] = '\0';
    dom0_exists = true;
    return 0;
}

static void test_endboot_switches_to_dom0(void **state)
{
    (void)state;
    /* setup() already ran console_endboot(); a second call changes nothing. */
    console_endboot();
    assert_false(console_input_to_xen());
    assert_string_equal(last_log, "");
}

static void test_text_reaches_dom0_in_order(void **state)
{
    char buf[SERIAL_RX_SIZE];

    (void)state;
    TYPE("hello\n");
    assert_int_equal(virqs_raised, 6);
    assert_int_equal(last_virq, VIRQ_CONSOLE);
    assert_int_equal(console_input_peek(buf, 3), 3);
    assert_memory_equal(buf, "hel", 3);
    /* A peek consumes nothing. */
    assert_int_equal(console_input_peek(buf, sizeof(buf)), 6);
    console_input_consume(2);
    assert_int_equal(drain(buf, sizeof(buf)), 4);
    assert_memory_equal(buf, "llo\n", 4);
    assert_int_equal(drain(buf, sizeof(buf)), 0);
    assert_int_equal(nr_keys, 0);
}

static void test_top_bit_cleared(void **state)
{
    char buf[4];

    (void)state;
    TYPE("\xe1\x80");
    assert_int_equal(drain(buf, sizeof(buf)), 2);
    assert_memory_equal(buf, "a\0", 2);
}

static void test_ctrl_a_three_times_switches(void **state)
{
    char buf[8];

    (void)state;
    TYPE("\001\001\001");
    assert_true(console_input_to_xen());
    assert_string_equal(last_log,
        "*** Serial input to Xen (type 'CTRL-a' three times to switch input)\n");
    TYPE("hq");
    assert_int_equal(nr_keys, 2);
    assert_memory_equal(keys, "hq", 2);
    assert_int_equal(drain(buf, sizeof(buf)), 0);
    TYPE("\001\001\001");
    assert_false(console_input_to_xen());
    assert_string_equal(last_log,
        "*** Serial input to DOM0 (type 'CTRL-a' three times to switch input)\n");
    TYPE("x");
    assert_int_equal(drain(buf, sizeof(buf)), 1);
    assert_int_equal(nr_keys, 2);
    /* The switch presses themselves reach no one. */
    assert_int_equal(virqs_raised, 1);
}

/* One or two presses followed by something else are passed on first. */
static void test_short_ctrl_a_runs_are_replayed(void **state)
{
    char buf[8];

    (void)state;
    TYPE("\001x\001\001y");
    assert_int_equal(drain(buf, sizeof(buf)), 5);
    assert_memory_equal(buf, "\001x\001\001y", 5);
    assert_false(console_input_to_xen());
    /* Four in a row: the first three switch, the fourth waits. */
    TYPE("\001\001\001\001z");
    assert_true(console_input_to_xen());
    assert_int_equal(nr_keys, 2);
    assert_memory_equal(keys, "\001z", 2);
    TYPE("\001\001\001");
    assert_false(console_input_to_xen());
}

static void test_full_ring_drops_newest(void **state)
{
    char in[SERIAL_RX_SIZE + 50], buf[SERIAL_RX_SIZE + 50];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(in); i++)
        in[i] = (char)('0' + i % 10);
    type(in, sizeof(in));
    assert_int_equal(console_input_take_dropped(), 50);
    assert_int_equal(console_input_take_dropped(), 0);
    /* Every character still raised the VIRQ. */
    assert_int_equal(virqs_raised, sizeof(in));
    assert_int_equal(drain(buf, sizeof(buf)), SERIAL_RX_SIZE);
    assert_memory_equal(buf, in, SERIAL_RX_SIZE);
    /* Room again once read. */
    TYPE("ok");
    assert_int_equal(drain(buf, sizeof(buf)), 2);
    assert_memory_equal(buf, "ok", 2);
    assert_int_equal(console_input_take_dropped(), 0);
}

/* Reads of all sizes across the ring's wrap point keep the order. */
static void test_wrap_keeps_order(void **state)
{
    char buf[SERIAL_RX_SIZE];
    size_t round, n, got, room, expect = 0, next = 0;

    (void)state;
    for (round = 0; round < 500; round++) {
        room = SERIAL_RX_SIZE - (next - expect);
        for (n = 0; n < round % 97 && n < room; n++)
            console_rx_char((char)('a' + next++ % 26));
        got = drain(buf, (round * 7) % SERIAL_RX_SIZE + 1);
        for (n = 0; n < got; n++)
            assert_int_equal(buf[n], 'a' + expect++ % 26);
    }
    assert_int_equal(console_input_take_dropped(), 0);
    while ((got = drain(buf, sizeof(buf))) > 0)
        for (n = 0; n < got; n++)
            assert_int_equal(buf[n], 'a' + expect++ % 26);
    assert_int_equal(expect, next);
}

static void test_consume_bounded(void **state)
{
    char buf[4];

    (void)state;
    TYPE("ab");
    console_input_consume(1000);
    assert_int_equal(console_input_peek(buf, sizeof(buf)), 0);
    TYPE("c");
    assert_int_equal(drain(buf, sizeof(buf)), 1);
    assert_int_equal(buf[0], 'c');
}

/* With no hardware domain no VIRQ is raised; the ring still takes input. */
static void test_no_dom0_no_virq(void **state)
{
    char buf[4];

    (void)state;
    dom0_exists = false;
    TYPE("q");
    assert_int_equal(virqs_raised, 0);
    assert_int_equal(drain(buf, sizeof(buf)), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_endboot_switches_to_dom0, setup),
        cmocka_unit_test_setup(test_text_reaches_dom0_in_order, setup),
        cmocka_unit_test_setup(test_top_bit_cleared, setup),
        cmocka_unit_test_setup(test_ctrl_a_three_times_switches, setup),
        cmocka_unit_test_setup(test_short_ctrl_a_runs_are_replayed, setup),
        cmocka_unit_test_setup(test_full_ring_drops_newest, setup),
        cmocka_unit_test_setup(test_wrap_keeps_order, setup),
        cmocka_unit_test_setup(test_consume_bounded, setup),
        cmocka_unit_test_setup(test_no_dom0_no_virq, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
