/*
 * tests/unit/test_dom0_ldisc.c - the dom0 kernel's line discipline
 * (dom0/drivers/ldisc.c), driven byte by byte as the console would drive
 * it, checking what a reader gets and what is echoed.  The expected
 * behaviour is Linux's n_tty with the console's default termios.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <kernel/ldisc.h>

#define ECHO_MAX    (4 * LDISC_BUF_SIZE)

struct fixture {
    struct ldisc ld;
    char echo[ECHO_MAX + 1];
    size_t echo_len;
    int last_signal;
};

static void capture_echo(void *ctx, const char *bytes, size_t n)
{
    struct fixture *f = ctx;

    assert_true(f->echo_len + n <= ECHO_MAX);
    memcpy(f->echo + f->echo_len, bytes, n);
    f->echo_len += n;
    f->echo[f->echo_len] = '\0';
}

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));

    ldisc_init(&f->ld, capture_echo, f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    test_free(*state);
    return 0;
}

/* Types s; returns the last signal asked for (0 if none). */
static int type(struct fixture *f, const char *s)
{
    int sig = 0, r;

    for (; *s; s++) {
        r = ldisc_input(&f->ld, (uint8_t)*s);
        if (r)
            sig = r;
    }
    return sig;
}

static void type_byte(struct fixture *f, uint8_t c)
{
    f->last_signal = ldisc_input(&f->ld, c);
}

/* Reads like read(2) with an n-byte buffer; the bytes as a string. */
static size_t read_str(struct fixture *f, char *out, size_t n)
{
    size_t got = ldisc_read(&f->ld, (uint8_t *)out, n, NULL);

    out[got] = '\0';
    return got;
}

static void set_lflag(struct fixture *f, linux_tcflag_t set, linux_tcflag_t clear)
{
    struct linux_termios t;

    ldisc_get_termios(&f->ld, &t);
    t.c_lflag = (t.c_lflag | set) & ~clear;
    ldisc_set_termios(&f->ld, &t);
}

static void set_raw(struct fixture *f, uint8_t vmin, uint8_t vtime)
{
    struct linux_termios t;

    ldisc_get_termios(&f->ld, &t);
    t.c_lflag &= ~(linux_tcflag_t)(ICANON | ECHO);
    t.c_cc[VMIN] = vmin;
    t.c_cc[VTIME] = vtime;
    ldisc_set_termios(&f->ld, &t);
}

static void test_default_termios(void **state)
{
    struct fixture *f = *state;
    struct linux_termios t;

    ldisc_get_termios(&f->ld, &t);
    assert_int_equal(t.c_iflag, ICRNL | IXON);
    assert_int_equal(t.c_oflag, OPOST | ONLCR);
    assert_true(t.c_lflag & ICANON);
    assert_true(t.c_lflag & ECHOCTL);
    assert_int_equal(t.c_cc[VINTR], 3);
    assert_int_equal(t.c_cc[VERASE], 0x7f);
    assert_int_equal(t.c_cc[VKILL], 0x15);
    assert_int_equal(t.c_cc[VEOF], 4);
    assert_int_equal(t.c_cc[VMIN], 1);
    assert_int_equal(t.c_cc[VWERASE], 0x17);
}

/* Enter sends '\r'; ICRNL makes it the newline that completes the line. */
static void test_canonical_line(void **state)
{
    struct fixture *f = *state;
    char buf[64];

    type(f, "ls -l");
    assert_false(ldisc_line_ready(&f->ld));
    assert_false(ldisc_poll_in(&f->ld));
    assert_int_equal(ldisc_available(&f->ld), 0);
    type(f, "\r");
    assert_true(ldisc_line_ready(&f->ld));
    assert_true(ldisc_poll_in(&f->ld));
    assert_int_equal(ldisc_available(&f->ld), 6);
    assert_string_equal(f->echo, "ls -l\r\n");
    assert_int_equal(read_str(f, buf, sizeof(buf) - 1), 6);
    assert_string_equal(buf, "ls -l\n");
    assert_false(ldisc_line_ready(&f->ld));
}

/* One read returns one line; a short buffer leaves the rest for the next. */
static void test_one_line_per_read(void **state)
{
    struct fixture *f = *state;
    char buf[64];

    type(f, "ab\rcd\r");
    assert_int_equal(read_str(f, buf, 1), 1);
    assert_string_equal(buf, "a");
    assert_int_equal(read_str(f, buf, sizeof(buf) - 1), 2);
    assert_string_equal(buf, "b\n");
    assert_int_equal(read_str(f, buf, sizeof(buf) - 1), 3);
    assert_string_equal(buf, "cd\n");
}

/* Read in chunks, a line says where it ends, and an empty EOF line too. */
static void test_line_ended_flag(void **state)
{
    struct fixture *f = *state;
    uint8_t buf[8];
    bool ended;

    type(f, "abc\r\x04");
    assert_int_equal(ldisc_read(&f->ld, buf, 2, &ended), 2);
    assert_false(ended);
    assert_int_equal(ldisc_read(&f->ld, buf, 2, &ended), 2);
    assert_true(ended);
    assert_int_equal(ldisc_read(&f->ld, buf, 2, &ended), 0);
    assert_true(ended);
}

static void test_erase(void **state)
{
    struct fixture *f = *state;
    char buf[64];

    type(f, "abx\x7f" "c\b" "d\r");
    assert_string_equal(f->echo, "abx\b \bc\b \bd\r\n");
    read_str(f, buf, sizeof(buf) - 1);
    assert_string_equal(buf, "abd\n");
}

/* Erasing past the start of the line does nothing, echoes nothing. */
static void test_erase_empty_line(void **state)
{
    struct fixture *f = *state;

    type(f, "\x7f\x7f");
    assert_int_equal(f->echo_len, 0);
    type(f, "a\r\x7f");
    assert_string_equal(f->echo, "a\r\n");
}

/* A control character echoed as ^X takes two columns to rub out. */
static void test_erase_control_char(void **state)
{
    struct fixture *f = *state;

    type(f, "\x01\x7f");
    assert_string_equal(f->echo, "^A\b \b\b \b");
}

static void test_erase_tab(void **state)
{
    struct fixture *f = *state;
    char buf[16];

    type(f, "ab\t\x7f" "c\r");
    assert_string_equal(f->echo, "ab\t\b\b\b\b\b\bc\r\n");
    read_str(f, buf, sizeof(buf) - 1);
    assert_string_equal(buf, "abc\n");
}

static void test_kill(void **state)
{
    struct fixture *f = *state;
    char buf[64];

    type(f, "abc\x15" "de\r");
    assert_string_equal(f->echo, "abc\b \b\b \b\b \bde\r\n");
    read_str(f, buf, sizeof(buf) - 1);
    assert_string_equal(buf, "de\n");
}

/* Without ECHOKE the kill character is echoed, then a newline (ECHOK). */
static void test_kill_without_echoke(void **state)
{
    struct fixture *f = *state;

    set_lflag(f, 0, ECHOKE);
    type(f, "abc\x15");
    assert_string_equal(f->echo, "abc^U\r\n");
}

static void test_word_erase(void **state)
{
    struct fixture *f = *state;
    char buf[64];

    type(f, "echo foo_1  \x17" "bar\r");
    assert_string_equal(f->echo,
                        "echo foo_1  \b \b\b \b\b \b\b \b\b \b\b \b\b \bbar\r\n");
    read_str(f, buf, sizeof(buf) - 1);
    assert_string_equal(buf, "echo bar\n");
}

/* Word erase is an IEXTEN character: without it ^W is plain input. */
static void test_word_erase_needs_iexten(void **state)
{
    struct fixture *f = *state;
    char buf[16];

    set_lflag(f, 0, IEXTEN);
    type(f, "a b\x17\r");
    assert_int_equal(read_str(f, buf, sizeof(buf) - 1), 5);
    assert_memory_equal(buf, "a b\x17\n", 5);
}

static void test_eof_at_line_start(void **state)
{
    struct fixture *f = *state;
    char buf[16];

    type(f, "\x04");
    assert_true(ldisc_line_ready(&f->ld));
    assert_true(ldisc_poll_in(&f->ld));
    assert_int_equal(ldisc_available(&f->ld), 0);
    assert_int_equal(f->echo_len, 0);
    assert_int_equal(read_str(f, buf, sizeof(buf) - 1), 0);
    assert_false(ldisc_line_ready(&f->ld));
}

/* Mid-line, Ctrl-D hands the line over without the EOF character. */
static void test_eof_mid_line(void **state)
{
    struct fixture *f = *state;
    char buf[16];

    type(f, "abc\x04");
    assert_true(ldisc_line_ready(&f->ld));
    assert_int_equal(read_str(f, buf, sizeof(buf) - 1), 3);
    assert_string_equal(buf, "abc");
    assert_false(ldisc_line_ready(&f->ld));
    /* A second Ctrl-D, now at the start of a line, is end of file. */
    type(f, "\x04");
    assert_int_equal(read_str(f, buf, sizeof(buf) - 1), 0);
}

/* A read that stops just before the EOF mark consumes it: no false EOF. */
static void test_eof_mid_line_exact_read(void **state)
{
    struct fixture *f = *state;
    char buf[16];

    type(f, "ab\x04" "cd\r");
    assert_int_equal(read_str(f, buf, 2), 2);
    assert_int_equal(read_str(f, buf, sizeof(buf) - 1), 3);
    assert_string_equal(buf, "cd\n");
}

static void test_ctrl_c_signals_and_flushes(void **state)
{
    struct fixture *f = *state;
    char buf[16];

    type(f, "done\rhalf");
    assert_int_equal(type(f, "\x03"), LDISC_SIGINT);
    assert_false(ldisc_line_ready(&f->ld));
    assert_int_equal(ldisc_available(&f->ld), 0);
    assert_string_equal(f->echo, "done\r\nhalf^C");
    type(f, "x\r");
    read_str(f, buf, sizeof(buf) - 1);
    assert_string_equal(buf, "x\n");
}

static void test_quit_and_suspend(void **state)
{
    struct fixture *f = *state;

    type_byte(f, 0x1c);
    assert_int_equal(f->last_signal, LDISC_SIGQUIT);
    type_byte(f, 0x1a);
    assert_int_equal(f->last_signal, LDISC_SIGTSTP);
    assert_string_equal(f->echo, "^\\^Z");
}

static void test_noflsh_keeps_input(void **state)
{
    struct fixture *f = *state;
    char buf[16];

    set_lflag(f, NOFLSH, 0);
    type(f, "ab\r");
    assert_int_equal(type(f, "\x03"), LDISC_SIGINT);
    read_str(f, buf, sizeof(buf) - 1);
    assert_string_equal(buf, "ab\n");
}

static void test_no_signals_without_isig(void **state)
{
    struct fixture *f = *state;
    char buf[16];

    set_lflag(f, 0, ISIG);
    assert_int_equal(type(f, "\x03\x1c\x1a\r"), 0);
    assert_int_equal(read_str(f, buf, sizeof(buf) - 1), 4);
    assert_memory_equal(buf, "\x03\x1c\x1a\n", 4);
    assert_string_equal(f->echo, "^C^\\^Z\r\n");
}

/* A disabled control character (0) never matches, not even a NUL byte. */
static void test_disabled_cc(void **state)
{
    struct fixture *f = *state;
    struct linux_termios t;

    ldisc_get_termios(&f->ld, &t);
    t.c_cc[VINTR] = LINUX_VDISABLE;
    ldisc_set_termios(&f->ld, &t);
    assert_int_equal(type(f, "\x03"), 0);
    type_byte(f, 0);
    assert_int_equal(f->last_signal, 0);
}

static void test_echo_off(void **state)
{
    struct fixture *f = *state;
    char buf[16];

    set_lflag(f, 0, ECHO);
    type(f, "secret\r");
    assert_int_equal(f->echo_len, 0);
    read_str(f, buf, sizeof(buf) - 1);
    assert_string_equal(buf, "secret\n");
}

/* ECHONL echoes the newline when everything else is silent. */
static void test_echonl(void **state)
{
    struct fixture *f = *state;

    set_lflag(f, ECHONL, ECHO);
    type(f, "pw\r");
    assert_string_equal(f->echo, "\r\n");
}

static void test_echoctl_off(void **state)
{
    struct fixture *f = *state;

    set_lflag(f, 0, ECHOCTL);
    type(f, "\x03");
    assert_string_equal(f->echo, "\x03");
}

static void set_iflag(struct fixture *f, linux_tcflag_t iflag)
{
    struct linux_termios t;

    ldisc_get_termios(&f->ld, &t);
    t.c_iflag = iflag;
    ldisc_set_termios(&f->ld, &t);
}

static void test_input_cr_translation(void **state)
{
    struct fixture *f = *state;
    char buf[16];

    /* No ICRNL: '\r' is an ordinary byte; '\n' still ends the line. */
    set_iflag(f, 0);
    type(f, "a\r\n");
    assert_int_equal(read_str(f, buf, sizeof(buf) - 1), 3);
    assert_string_equal(buf, "a\r\n");
    /* IGNCR drops it. */
    set_iflag(f, IGNCR);
    type(f, "b\r\n");
    read_str(f, buf, sizeof(buf) - 1);
    assert_string_equal(buf, "b\n");
    /* INLCR turns '\n' into '\r', which then no longer ends a line. */
    set_iflag(f, INLCR);
    type(f, "c\n");
    assert_false(ldisc_line_ready(&f->ld));
}

static void test_lnext_quotes(void **state)
{
    struct fixture *f = *state;
    char buf[16];

    type(f, "\x16\x03\x16\x7f\r");
    assert_int_equal(f->last_signal, 0);
    assert_int_equal(read_str(f, buf, sizeof(buf) - 1), 3);
    assert_memory_equal(buf, "\x03\x7f\n", 3);
}

/* Busybox's line editing: ~ICANON ~ECHO, VMIN 1 VTIME 0, bytes at once. */
static void test_raw_vmin1(void **state)
{
    struct fixture *f = *state;
    struct ldisc_read_rule rule;
    char buf[16];

    set_raw(f, 1, 0);
    rule = ldisc_read_rule(&f->ld, 16);
    assert_int_equal(rule.min, 1);
    assert_int_equal(rule.timeout_ns, 0);
    assert_false(ldisc_poll_in(&f->ld));
    type(f, "a\x7f\r");
    assert_true(ldisc_poll_in(&f->ld));
    assert_int_equal(ldisc_available(&f->ld), 3);
    assert_int_equal(f->echo_len, 0);
    assert_int_equal(read_str(f, buf, sizeof(buf) - 1), 3);
    assert_memory_equal(buf, "a\x7f\n", 3);
}

static void test_raw_read_rules(void **state)
{
    struct fixture *f = *state;
    struct ldisc_read_rule rule;

    set_raw(f, 0, 0);
    rule = ldisc_read_rule(&f->ld, 8);
    assert_int_equal(rule.min, 0);
    set_raw(f, 0, 5);
    rule = ldisc_read_rule(&f->ld, 8);
    assert_int_equal(rule.min, 1);
    assert_int_equal(rule.timeout_ns, 500000000ULL);
    assert_false(rule.interbyte);
    set_raw(f, 4, 2);
    rule = ldisc_read_rule(&f->ld, 2);
    assert_int_equal(rule.min, 2);
    assert_true(rule.interbyte);
    /* poll waits for VMIN bytes only when VTIME is 0. */
    set_raw(f, 3, 0);
    type(f, "ab");
    assert_false(ldisc_poll_in(&f->ld));
    type(f, "c");
    assert_true(ldisc_poll_in(&f->ld));
}

/* Raw input typed before ICANON comes back is one line, not lost. */
static void test_raw_to_canonical_pushes(void **state)
{
    struct fixture *f = *state;
    char buf[16];

    set_raw(f, 1, 0);
    type(f, "xy");
    set_lflag(f, ICANON | ECHO, 0);
    assert_true(ldisc_line_ready(&f->ld));
    assert_int_equal(read_str(f, buf, sizeof(buf) - 1), 2);
    assert_string_equal(buf, "xy");
}

static void test_raw_echo_with_signals(void **state)
{
    struct fixture *f = *state;

    set_raw(f, 1, 0);
    set_lflag(f, ECHO, 0);
    type(f, "a\x01\r");
    assert_string_equal(f->echo, "a^A\r\n");
    assert_int_equal(type(f, "\x03"), LDISC_SIGINT);
}

static size_t output_str(struct fixture *f, const char *in, char *out, size_t cap,
                         size_t *consumed)
{
    size_t len = ldisc_output(&f->ld, (const uint8_t *)in, strlen(in),
                              (uint8_t *)out, cap, consumed);

    out[len] = '\0';
    return len;
}

static void test_output_onlcr(void **state)
{
    struct fixture *f = *state;
    char out[32];
    size_t used;

    assert_int_equal(output_str(f, "a\nb\n", out, 16, &used), 6);
    assert_int_equal(used, 4);
    assert_string_equal(out, "a\r\nb\r\n");
}

/* A "\r\n" that does not fit is left whole for the next call. */
static void test_output_bounded(void **state)
{
    struct fixture *f = *state;
    char out[32];
    size_t used;

    assert_int_equal(output_str(f, "ab\n", out, 3, &used), 2);
    assert_int_equal(used, 2);
    assert_string_equal(out, "ab");
}

static void test_output_without_opost(void **state)
{
    struct fixture *f = *state;
    struct linux_termios t;
    char out[32];
    size_t used;

    ldisc_get_termios(&f->ld, &t);
    t.c_oflag &= ~(linux_tcflag_t)OPOST;
    ldisc_set_termios(&f->ld, &t);
    assert_int_equal(output_str(f, "a\nb", out, 16, &used), 3);
    assert_string_equal(out, "a\nb");
}

static void test_output_xtabs(void **state)
{
    struct fixture *f = *state;
    struct linux_termios t;
    char out[32];
    size_t used;

    ldisc_get_termios(&f->ld, &t);
    t.c_oflag |= XTABS;
    ldisc_set_termios(&f->ld, &t);
    assert_int_equal(output_str(f, "ab\tc", out, 16, &used), 9);
    assert_string_equal(out, "ab      c");
}

/*
 * The buffer holds LDISC_BUF_SIZE bytes; in canonical mode the last one
 * is kept for the newline, so an overlong line still ends.
 */
static void test_canonical_overflow(void **state)
{
    struct fixture *f = *state;
    static char buf[LDISC_BUF_SIZE + 16];

    set_lflag(f, 0, ECHO);
    for (int i = 0; i < LDISC_BUF_SIZE + 100; i++)
        type_byte(f, 'x');
    assert_false(ldisc_line_ready(&f->ld));
    type(f, "\r");
    assert_true(ldisc_line_ready(&f->ld));
    assert_int_equal(read_str(f, buf, sizeof(buf) - 1), LDISC_BUF_SIZE);
    assert_int_equal(buf[LDISC_BUF_SIZE - 2], 'x');
    assert_int_equal(buf[LDISC_BUF_SIZE - 1], '\n');
    assert_int_equal(f->ld.dropped, 101);
}

static void test_raw_overflow(void **state)
{
    struct fixture *f = *state;
    static char buf[LDISC_BUF_SIZE + 16];

    set_raw(f, 1, 0);
    for (int i = 0; i < LDISC_BUF_SIZE + 10; i++)
        type_byte(f, (uint8_t)('a' + i % 26));
    assert_int_equal(ldisc_available(&f->ld), LDISC_BUF_SIZE);
    assert_int_equal(read_str(f, buf, sizeof(buf) - 1), LDISC_BUF_SIZE);
    assert_int_equal(buf[0], 'a');
    /* After reading, the ring has room again and wraps correctly. */
    type(f, "zz");
    assert_int_equal(read_str(f, buf, sizeof(buf) - 1), 2);
    assert_string_equal(buf, "zz");
}

static void test_flow_control(void **state)
{
    struct fixture *f = *state;

    type(f, "\x13");
    assert_true(ldisc_output_stopped(&f->ld));
    type(f, "a");
    assert_true(ldisc_output_stopped(&f->ld));
    type(f, "\x11");
    assert_false(ldisc_output_stopped(&f->ld));
    /* Neither reached the input. */
    type(f, "\r");
    assert_int_equal(ldisc_available(&f->ld), 2);
}

static void test_flush_input(void **state)
{
    struct fixture *f = *state;

    type(f, "ab\rcd");
    ldisc_flush_input(&f->ld);
    assert_false(ldisc_line_ready(&f->ld));
    assert_int_equal(ldisc_available(&f->ld), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_default_termios),
        T(test_canonical_line),
        T(test_one_line_per_read),
        T(test_line_ended_flag),
        T(test_erase),
        T(test_erase_empty_line),
        T(test_erase_control_char),
        T(test_erase_tab),
        T(test_kill),
        T(test_kill_without_echoke),
        T(test_word_erase),
        T(test_word_erase_needs_iexten),
        T(test_eof_at_line_start),
        T(test_eof_mid_line),
        T(test_eof_mid_line_exact_read),
        T(test_ctrl_c_signals_and_flushes),
        T(test_quit_and_suspend),
        T(test_noflsh_keeps_input),
        T(test_no_signals_without_isig),
        T(test_disabled_cc),
        T(test_echo_off),
        T(test_echonl),
        T(test_echoctl_off),
        T(test_input_cr_translation),
        T(test_lnext_quotes),
        T(test_raw_vmin1),
        T(test_raw_read_rules),
        T(test_raw_to_canonical_pushes),
        T(test_raw_echo_with_signals),
        T(test_output_onlcr),
        T(test_output_bounded),
        T(test_output_without_opost),
        T(test_output_xtabs),
        T(test_canonical_overflow),
        T(test_raw_overflow),
        T(test_flow_control),
        T(test_flush_input),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
