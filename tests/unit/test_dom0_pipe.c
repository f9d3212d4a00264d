/*
 * tests/unit/test_dom0_pipe.c - pipes (dom0/fs/pipe.c) through the system
 * calls, and poll/select (dom0/fs/poll.c) on them.
 *
 * The fake waitq_sleep cannot switch processes: a test that needs the
 * other end to act while a call waits sets fake_sleep_hook, which plays
 * that other process; without a hook a sleep returns -EINTR as if a
 * signal had come.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <kernel/kernel.h>
#include <kernel/fs.h>
#include <kernel/syscalls_fs.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include "vfs.h"
#include "dom0_fakes.h"

#define CAPACITY            65536
#define SIGPIPE_NR          13

static int fds[2];
static long heap_before;
static uint8_t big[CAPACITY + 8192];

static int setup(void **state)
{
    (void)state;
    fake_process_reset();
    fake_proc.files = files_new();
    heap_before = fake_heap_live();
    assert_int_equal(sys_pipe2(U(fds), 0), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    files_release(fake_proc.files);
    fake_proc.files = NULL;
    /* Every pipe, file and page went with its last descriptor. */
    assert_int_equal(fake_heap_live(), heap_before - 1);
    assert_int_equal(fake_pages_live(), 0);
    fake_heap_reset();
    return 0;
}

static void test_data_flows_in_order(void **state)
{
    char buf[16] = { 0 };

    (void)state;
    assert_int_equal(fds[0], 0);
    assert_int_equal(fds[1], 1);
    assert_int_equal(sys_write(fds[1], U("hello "), 6), 6);
    assert_int_equal(sys_write(fds[1], U("world"), 5), 5);
    assert_int_equal(sys_read(fds[0], U(buf), 3), 3);
    assert_memory_equal(buf, "hel", 3);
    assert_int_equal(sys_read(fds[0], U(buf), sizeof(buf)), 8);
    assert_memory_equal(buf, "lo world", 8);
    /* The wrong end of each: EBADF as Linux. */
    assert_int_equal(sys_read(fds[1], U(buf), 1), -EBADF);
    assert_int_equal(sys_write(fds[0], U(buf), 1), -EBADF);
}

static void test_wraps_around_the_ring(void **state)
{
    static uint8_t out[CAPACITY];

    (void)state;
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (uint8_t)(i * 7 + 3);
    assert_int_equal(sys_fcntl(fds[1], F_SETFL, O_NONBLOCK), 0);
    for (int round = 0; round < 5; round++) {
        size_t n = 40000 + (size_t)round * 1111;
        assert_int_equal(sys_write(fds[1], U(big + round), n), n);
        assert_int_equal(sys_read(fds[0], U(out), sizeof(out)), n);
        assert_memory_equal(out, big + round, n);
    }
}

static void test_eof_when_writers_are_gone(void **state)
{
    char buf[4];

    (void)state;
    assert_int_equal(sys_write(fds[1], U("ab"), 2), 2);
    assert_int_equal(sys_close(fds[1]), 0);
    assert_int_equal(sys_read(fds[0], U(buf), sizeof(buf)), 2);
    assert_int_equal(sys_read(fds[0], U(buf), sizeof(buf)), 0);
    assert_int_equal(fake_sleep_count, 0);
}

static void test_epipe_and_sigpipe(void **state)
{
    (void)state;
    assert_int_equal(sys_close(fds[0]), 0);
    assert_int_equal(sys_write(fds[1], U("x"), 1), -EPIPE);
    assert_int_equal(fake_last_signal, SIGPIPE_NR);
    assert_int_equal(fake_signal_count, 1);
    /* A zero-length write checks nothing, as on Linux. */
    assert_int_equal(sys_write(fds[1], U("x"), 0), 0);
    assert_int_equal(fake_signal_count, 1);
}

static void test_nonblocking(void **state)
{
    char buf[8];

    (void)state;
    assert_int_equal(sys_close(fds[0]), 0);
    assert_int_equal(sys_close(fds[1]), 0);
    assert_int_equal(sys_pipe2(U(fds), O_NONBLOCK), 0);
    assert_int_equal(sys_read(fds[0], U(buf), sizeof(buf)), -EAGAIN);
    assert_int_equal(sys_write(fds[1], U(big), CAPACITY - 10), CAPACITY - 10);
    /* Up to PIPE_BUF bytes go in whole or not at all. */
    assert_int_equal(sys_write(fds[1], U(big), 100), -EAGAIN);
    /* Longer writes go in part. */
    assert_int_equal(sys_write(fds[1], U(big), 5000), 10);
    assert_int_equal(sys_write(fds[1], U(big), 5000), -EAGAIN);
    assert_int_equal(sys_fcntl(fds[0], F_GETFL, 0) & O_NONBLOCK, O_NONBLOCK);
    assert_int_equal(fake_sleep_count, 0);
}

static void test_blocking_read_is_interrupted(void **state)
{
    char buf[8];

    (void)state;
    assert_int_equal(sys_read(fds[0], U(buf), sizeof(buf)), -EINTR);
    assert_int_equal(fake_sleep_count, 1);
}

static void writer_process(void)
{
    assert_int_equal(sys_write(fds[1], U("late"), 4), 4);
}

static void test_blocking_read_gets_data(void **state)
{
    char buf[8];

    (void)state;
    fake_sleep_hook = writer_process;
    assert_int_equal(sys_read(fds[0], U(buf), sizeof(buf)), 4);
    assert_memory_equal(buf, "late", 4);
}

static int drained;

static void reader_process(void)
{
    static uint8_t sink[CAPACITY];
    long n = sys_read(fds[0], U(sink), 3000);

    assert_true(n > 0);
    drained += (int)n;
}

static void test_blocking_write_waits_for_room(void **state)
{
    int left;

    (void)state;
    fake_sleep_hook = reader_process;
    assert_int_equal(sys_write(fds[1], U(big), sizeof(big)), sizeof(big));
    assert_int_equal(sys_ioctl(fds[0], FIONREAD, U(&left)), 0);
    assert_int_equal(left + drained, sizeof(big));
    assert_true(left > CAPACITY - 3000);
}

static void test_interrupted_write_returns_progress(void **state)
{
    (void)state;
    assert_int_equal(sys_write(fds[1], U(big), sizeof(big)), CAPACITY);
    assert_int_equal(fake_sleep_count, 1);
}

static void test_bad_pointers(void **state)
{
    int more[2];

    (void)state;
    assert_int_equal(sys_write(fds[1], BAD_UPTR, 10), -EFAULT);
    assert_int_equal(sys_write(fds[1], U("abc"), 3), 3);
    assert_int_equal(sys_read(fds[0], BAD_UPTR, 10), -EFAULT);
    /* pipe2 to a bad array leaves no descriptors behind. */
    assert_int_equal(sys_pipe2(BAD_UPTR, 0), -EFAULT);
    assert_int_equal(sys_pipe2(U(more), 0), 0);
    assert_int_equal(more[0], 2);
    assert_int_equal(sys_pipe2(U(more), O_DIRECT), -EINVAL);
    assert_int_equal(sys_pipe2(U(more), 0x80000000u), -EINVAL);
}

static void test_fd_calls_on_pipes(void **state)
{
    int more[2], avail = -1;

    (void)state;
    assert_int_equal(sys_pipe2(U(more), O_CLOEXEC), 0);
    assert_int_equal(sys_fcntl(more[0], F_GETFD, 0), FD_CLOEXEC);
    assert_int_equal(sys_fcntl(fds[0], F_GETFD, 0), 0);
    assert_int_equal(sys_fcntl(fds[0], F_GETPIPE_SZ, 0), CAPACITY);
    assert_int_equal(sys_lseek(fds[0], 0, SEEK_SET), -ESPIPE);
    assert_int_equal(sys_pread64(fds[0], U(&avail), 1, 0), -ESPIPE);
    assert_int_equal(sys_write(fds[1], U("12345"), 5), 5);
    assert_int_equal(sys_ioctl(fds[0], FIONREAD, U(&avail)), 0);
    assert_int_equal(avail, 5);
    assert_int_equal(sys_ioctl(fds[0], 0x5401 /* TCGETS */, U(&avail)), -ENOTTY);
}

static void test_poll_masks(void **state)
{
    struct linux_pollfd p[3] = {
        { .fd = fds[0], .events = POLLIN }, { .fd = fds[1], .events = POLLOUT },
        { .fd = 99, .events = POLLIN },
    };

    (void)state;
    assert_int_equal(sys_poll(U(p), 3, 0), 2);
    assert_int_equal(p[0].revents, 0);
    assert_int_equal(p[1].revents, POLLOUT);
    assert_int_equal(p[2].revents, POLLNVAL);
    assert_int_equal(sys_write(fds[1], U("x"), 1), 1);
    assert_int_equal(sys_poll(U(p), 2, 0), 2);
    assert_int_equal(p[0].revents, POLLIN);
    assert_int_equal(sys_close(fds[1]), 0);
    assert_int_equal(sys_poll(U(p), 1, 0), 1);
    assert_int_equal(p[0].revents, POLLIN | POLLHUP);
    p[0].fd = -1;                   /* ignored */
    assert_int_equal(sys_poll(U(p), 1, 0), 0);
    assert_int_equal(p[0].revents, 0);
    assert_int_equal(sys_poll(U(p), 1025, 0), -EINVAL);
    assert_int_equal(sys_poll(BAD_UPTR, 1, 0), -EFAULT);
    assert_int_equal(fake_sleep_count, 0);
}

static void test_poll_sleeps_until_timeout(void **state)
{
    struct linux_pollfd p = { .fd = fds[0], .events = POLLIN };
    uint64_t start = fake_now_ns;
    struct linux_timespec ts = { 0, 5000000 };

    (void)state;
    assert_int_equal(sys_poll(U(&p), 1, 10), 0);
    assert_int_equal(fake_sleep_count, 1);
    assert_int_equal(fake_now_ns, start + 10000000);
    /* No timeout: sleeps until a signal. */
    assert_int_equal(sys_poll(U(&p), 1, (uint64_t)-1), -EINTR);
    assert_int_equal(sys_ppoll(U(&p), 1, U(&ts), 0, 8), 0);
    assert_int_equal(ts.tv_sec, 0);
    assert_int_equal(ts.tv_nsec, 0);
    ts.tv_nsec = 1000000000;
    assert_int_equal(sys_ppoll(U(&p), 1, U(&ts), 0, 8), -EINVAL);
}

static void test_poll_woken_by_writer(void **state)
{
    struct linux_pollfd p = { .fd = fds[0], .events = POLLIN };

    (void)state;
    fake_sleep_hook = writer_process;
    assert_int_equal(sys_poll(U(&p), 1, (uint64_t)-1), 1);
    assert_int_equal(p.revents, POLLIN);
}

static void test_ppoll_mask_is_temporary(void **state)
{
    struct linux_pollfd p = { .fd = fds[1], .events = POLLOUT };
    uint64_t mask = ~0ULL;

    (void)state;
    fake_proc.sig_blocked = 0x5;
    assert_int_equal(sys_ppoll(U(&p), 1, 0, U(&mask), 8), 1);
    assert_int_equal(fake_proc.sig_blocked, 0x5);
    assert_int_equal(sys_ppoll(U(&p), 1, 0, U(&mask), 4), -EINVAL);
}

static void test_select(void **state)
{
    uint64_t rd[16] = { 0 }, wr[16] = { 0 };
    struct linux_timeval tv = { 0, 0 };

    (void)state;
    rd[0] = 1ULL << fds[0];
    wr[0] = 1ULL << fds[1];
    assert_int_equal(sys_select(2, U(rd), U(wr), 0, U(&tv)), 1);
    assert_int_equal(rd[0], 0);
    assert_int_equal(wr[0], 1ULL << fds[1]);
    assert_int_equal(sys_write(fds[1], U("x"), 1), 1);
    rd[0] = 1ULL << fds[0];
    wr[0] = 1ULL << fds[1];
    assert_int_equal(sys_select(2, U(rd), U(wr), 0, U(&tv)), 2);
    rd[0] = 1ULL << 9;
    assert_int_equal(sys_select(10, U(rd), 0, 0, U(&tv)), -EBADF);
    assert_int_equal(sys_select((uint64_t)-1, U(rd), 0, 0, U(&tv)), -EINVAL);
    tv.tv_usec = 1000000;
    assert_int_equal(sys_select(1, 0, 0, 0, U(&tv)), -EINVAL);
    /* Descriptors at and past nfds are not looked at. */
    tv.tv_usec = 0;
    rd[0] = 1ULL << 9;
    assert_int_equal(sys_select(9, U(rd), 0, 0, U(&tv)), 0);
    tv.tv_usec = 20;
    rd[0] = 1ULL << fds[0];
    assert_int_equal(sys_pselect6(1, U(rd), 0, 0, 0, 0), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_data_flows_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wraps_around_the_ring, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eof_when_writers_are_gone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_epipe_and_sigpipe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nonblocking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blocking_read_is_interrupted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blocking_read_gets_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blocking_write_waits_for_room, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interrupted_write_returns_progress, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_pointers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fd_calls_on_pipes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_poll_masks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_poll_sleeps_until_timeout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_poll_woken_by_writer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ppoll_mask_is_temporary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_select, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
