/*
 * tests/unit/test_console_ring.c - the hypervisor log ring
 * (hypervisor/common/console_ring.c).
 *
 * A reference model checks the ring: every byte ever written is kept in a
 * plain array, so the bytes a read returns must equal that array from the
 * cursor on, with the oldest position equal to max(0, written - size).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <minixen/console_ring.h>
#include <public/errno.h>

#define RING_SIZE   16
/* Guard bytes around the ring storage, to catch writes outside it. */
#define GUARD       8
#define GUARD_BYTE  '#'
#define HISTORY_MAX 4096

struct fixture {
    char storage[GUARD + RING_SIZE + GUARD];
    struct console_ring ring;
    char history[HISTORY_MAX];      /* every byte written, in order */
    size_t written;
};

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));

    memset(f->storage, GUARD_BYTE, sizeof(f->storage));
    assert_int_equal(console_ring_init(&f->ring, f->storage + GUARD, RING_SIZE), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    for (size_t i = 0; i < GUARD; i++) {
        assert_int_equal(f->storage[i], GUARD_BYTE);
        assert_int_equal(f->storage[GUARD + RING_SIZE + i], GUARD_BYTE);
    }
    test_free(f);
    return 0;
}

/* Write text and remember it in the model. */
static void put(struct fixture *f, const char *text, size_t len)
{
    assert_true(f->written + len <= HISTORY_MAX);
    memcpy(f->history + f->written, text, len);
    f->written += len;
    console_ring_write(&f->ring, text, len);
}

static void puts_(struct fixture *f, const char *text)
{
    put(f, text, strlen(text));
}

static uint64_t model_oldest(const struct fixture *f)
{
    return f->written > RING_SIZE ? f->written - RING_SIZE : 0;
}

/* Read everything from cursor with chunks of chunk bytes; check it all. */
static void check_read_all(struct fixture *f, uint64_t cursor, size_t chunk)
{
    char out[HISTORY_MAX];
    uint64_t start = cursor < model_oldest(f) ? model_oldest(f) : cursor;
    size_t total = 0, n;

    while ((n = console_ring_read(&f->ring, &cursor, out + total, chunk)) != 0) {
        assert_true(n <= chunk);
        total += n;
    }
    assert_int_equal(cursor, f->written);
    assert_int_equal(total, f->written - start);
    assert_memory_equal(out, f->history + start, total);
}

static void check_positions(const struct fixture *f)
{
    assert_int_equal(console_ring_newest(&f->ring), f->written);
    assert_int_equal(console_ring_oldest(&f->ring), model_oldest(f));
    assert_int_equal(console_ring_used(&f->ring), f->written - model_oldest(f));
}

static void test_init_rejects_bad_sizes(void **state)
{
    struct console_ring ring;
    char buf[24];

    (void)state;
    assert_int_equal(console_ring_init(&ring, buf, 0), -XEN_EINVAL);
    assert_int_equal(console_ring_init(&ring, buf, 24), -XEN_EINVAL);
    assert_int_equal(console_ring_init(&ring, buf, 1), 0);
    assert_int_equal(console_ring_init(&ring, buf, 16), 0);
}

static void test_empty_ring(void **state)
{
    struct fixture *f = *state;
    uint64_t cursor = 0;
    char out[4];

    check_positions(f);
    assert_int_equal(console_ring_read(&f->ring, &cursor, out, sizeof(out)), 0);
    assert_int_equal(cursor, 0);
}

static void test_simple_write_read(void **state)
{
    struct fixture *f = *state;

    puts_(f, "hello");
    check_positions(f);
    check_read_all(f, 0, 64);
    check_read_all(f, 2, 1);            /* from the middle, byte by byte */
}

static void test_wraparound(void **state)
{
    struct fixture *f = *state;

    puts_(f, "0123456789");             /* 10 of 16 */
    puts_(f, "abcdefghij");             /* wraps; oldest is now 4 */
    check_positions(f);
    assert_int_equal(console_ring_oldest(&f->ring), 4);
    for (size_t chunk = 1; chunk <= RING_SIZE + 1; chunk++)
        check_read_all(f, 0, chunk);
}

static void test_exact_size_writes(void **state)
{
    struct fixture *f = *state;

    puts_(f, "ABCDEFGHIJKLMNOP");       /* exactly RING_SIZE */
    check_positions(f);
    assert_int_equal(console_ring_used(&f->ring), RING_SIZE);
    check_read_all(f, 0, 7);
    puts_(f, "abc");
    puts_(f, "QRSTUVWXYZ012345");       /* exactly RING_SIZE, unaligned */
    check_positions(f);
    check_read_all(f, 0, 5);
}

static void test_write_larger_than_ring(void **state)
{
    struct fixture *f = *state;
    char big[3 * RING_SIZE + 5];

    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (char)('a' + i % 26);
    puts_(f, "xyz");
    put(f, big, sizeof(big));           /* only the last 16 survive */
    check_positions(f);
    check_read_all(f, 0, 3);
    assert_int_equal(console_ring_newest(&f->ring), 3 + sizeof(big));
}

static void test_reader_falls_behind(void **state)
{
    struct fixture *f = *state;
    uint64_t cursor = 0;
    char out[RING_SIZE];

    puts_(f, "0123");
    assert_int_equal(console_ring_read(&f->ring, &cursor, out, 2), 2);
    assert_memory_equal(out, "01", 2);
    /* Overwrite far past the reader's cursor (2). */
    puts_(f, "abcdefghijklmnopqrstuvwxyz");
    assert_true(cursor < console_ring_oldest(&f->ring));
    /* The next read starts at the oldest byte still held. */
    assert_int_equal(console_ring_read(&f->ring, &cursor, out, 4), 4);
    assert_memory_equal(out, f->history + model_oldest(f), 4);
    assert_int_equal(cursor, model_oldest(f) + 4);
    check_read_all(f, cursor, 4);
}

static void test_cursor_from_the_future(void **state)
{
    struct fixture *f = *state;
    uint64_t cursor = 1000;
    char out[4];

    puts_(f, "ab");
    assert_int_equal(console_ring_read(&f->ring, &cursor, out, sizeof(out)), 0);
    assert_int_equal(cursor, 2);
}

static void test_zero_length_calls(void **state)
{
    struct fixture *f = *state;
    uint64_t cursor = 0;
    char out[1] = { 'z' };

    put(f, "", 0);
    check_positions(f);
    puts_(f, "abc");
    put(f, "", 0);
    check_positions(f);
    assert_int_equal(console_ring_read(&f->ring, &cursor, out, 0), 0);
    assert_int_equal(cursor, 0);
    assert_int_equal(out[0], 'z');
}

static void test_clear(void **state)
{
    struct fixture *f = *state;
    uint64_t cursor = 0;
    char out[RING_SIZE];

    puts_(f, "before");
    console_ring_clear(&f->ring);
    assert_int_equal(console_ring_used(&f->ring), 0);
    assert_int_equal(console_ring_oldest(&f->ring), 6);
    assert_int_equal(console_ring_newest(&f->ring), 6);
    assert_int_equal(console_ring_read(&f->ring, &cursor, out, sizeof(out)), 0);
    assert_int_equal(cursor, 6);
    console_ring_write(&f->ring, "after", 5);
    assert_int_equal(console_ring_read(&f->ring, &cursor, out, sizeof(out)), 5);
    assert_memory_equal(out, "after", 5);
}

/* A 32-bit cursor resumes only inside (oldest, newest]; else at the oldest. */
static void test_resume_cursor(void **state)
{
    struct fixture *f = *state;

    puts_(f, "0123456789abcdefXYZ");        /* holds positions 3..18 */
    assert_int_equal(console_ring_resume(&f->ring, false, 10), 3);
    assert_int_equal(console_ring_resume(&f->ring, true, 10), 10);
    assert_int_equal(console_ring_resume(&f->ring, true, 19), 19);
    assert_int_equal(console_ring_resume(&f->ring, true, 4), 4);
    /* The oldest byte itself, overwritten bytes and the future: oldest. */
    assert_int_equal(console_ring_resume(&f->ring, true, 3), 3);
    assert_int_equal(console_ring_resume(&f->ring, true, 1), 3);
    assert_int_equal(console_ring_resume(&f->ring, true, 20), 3);
    assert_int_equal(console_ring_resume(&f->ring, true, 0xffffffffu), 3);
}

/* An empty ring: every cursor resumes at the one position there is. */
static void test_resume_empty(void **state)
{
    struct fixture *f = *state;

    puts_(f, "abc");
    console_ring_clear(&f->ring);
    assert_int_equal(console_ring_resume(&f->ring, true, 3), 3);
    assert_int_equal(console_ring_resume(&f->ring, true, 1), 3);
    assert_int_equal(console_ring_resume(&f->ring, false, 0), 3);
}

/* Positions past 2^32: the low 32 bits of the cursor still find them. */
static void test_resume_across_2_32(void **state)
{
    struct fixture *f = *state;
    const uint64_t start = 0xfffffff8ull;

    f->ring.head = f->ring.tail = start;
    console_ring_write(&f->ring, "0123456789abcdef", RING_SIZE);
    assert_int_equal(console_ring_newest(&f->ring), start + RING_SIZE);
    assert_int_equal(console_ring_resume(&f->ring, true, 4), 0x100000004ull);
    assert_int_equal(console_ring_resume(&f->ring, true, 0xfffffffcu), 0xfffffffcull);
    assert_int_equal(console_ring_resume(&f->ring, true, 0xfffffff8u), start);
    assert_int_equal(console_ring_resume(&f->ring, true, 9), start);
}

/* Spans: up to the end of the buffer, then from its start; none outside. */
static void test_span(void **state)
{
    struct fixture *f = *state;
    const char *data = NULL;

    puts_(f, "0123456789");
    puts_(f, "abcdefghij");                 /* holds 4..19, wrapped at 16 */
    assert_int_equal(console_ring_span(&f->ring, 4, &data), 12);
    assert_memory_equal(data, "456789abcdef", 12);
    assert_int_equal(console_ring_span(&f->ring, 16, &data), 4);
    assert_memory_equal(data, "ghij", 4);
    assert_int_equal(console_ring_span(&f->ring, 18, &data), 2);
    assert_memory_equal(data, "ij", 2);
    data = NULL;
    assert_int_equal(console_ring_span(&f->ring, 20, &data), 0);
    assert_int_equal(console_ring_span(&f->ring, 3, &data), 0);
    assert_int_equal(console_ring_span(&f->ring, 1000, &data), 0);
    assert_null(data);
}

/* clear_to drops what lies before pos, never more than is held. */
static void test_clear_to(void **state)
{
    struct fixture *f = *state;
    uint64_t cursor = 0;
    char out[RING_SIZE];

    puts_(f, "0123456789");
    console_ring_clear_to(&f->ring, 4);
    assert_int_equal(console_ring_oldest(&f->ring), 4);
    assert_int_equal(console_ring_read(&f->ring, &cursor, out, sizeof(out)), 6);
    assert_memory_equal(out, "456789", 6);
    console_ring_clear_to(&f->ring, 2);     /* already gone: no change */
    assert_int_equal(console_ring_oldest(&f->ring), 4);
    console_ring_clear_to(&f->ring, 99);    /* beyond the newest: all */
    assert_int_equal(console_ring_oldest(&f->ring), 10);
    assert_int_equal(console_ring_used(&f->ring), 0);
}

/* Many writes of every length from 0 to 2 * size, checked each time. */
static void test_many_lengths(void **state)
{
    struct fixture *f = *state;
    char text[2 * RING_SIZE];

    for (size_t len = 0; len <= sizeof(text); len++) {
        for (size_t i = 0; i < len; i++)
            text[i] = (char)('A' + (f->written + i) % 58);
        put(f, text, len);
        check_positions(f);
        check_read_all(f, 0, 1 + len % 7);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_rejects_bad_sizes),
        cmocka_unit_test_setup_teardown(test_empty_ring, setup, teardown),
        cmocka_unit_test_setup_teardown(test_simple_write_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wraparound, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exact_size_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_larger_than_ring, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reader_falls_behind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cursor_from_the_future, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zero_length_calls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clear, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_lengths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resume_cursor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resume_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resume_across_2_32, setup, teardown),
        cmocka_unit_test_setup_teardown(test_span, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clear_to, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
