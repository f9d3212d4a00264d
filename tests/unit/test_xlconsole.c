/*
 * tests/unit/test_xlconsole.c - `xl console`'s client
 * (tools/lib/xlconsole.c) against a daemon played by the test.
 *
 * The client runs in a child process whose standard input and output
 * are pipes held by the test (so it is not a terminal and no raw mode is
 * set); XENCONSOLED_SOCKET points it at a socket the test listens on.
 * Checked: the request line, output relayed, input relayed up to Ctrl-]
 * (which ends the session and is not sent), the end of the session when
 * the daemon closes, and the exit status and message for a refused
 * attach and for no daemon at all.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "xlconsole.h"

#define DOMID 7

struct session {
    int listen_fd, daemon_fd;
    int to_stdin, from_stdout, from_stderr;
    pid_t pid;
    char dir[64], path[128];
};

static struct session s;

static int listen_on(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    strcpy(addr.sun_path, path);
    assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
    assert_int_equal(listen(fd, 1), 0);
    return fd;
}

static void start_client(void)
{
    int in[2], out[2], err[2];

    assert_int_equal(pipe(in) | pipe(out) | pipe(err), 0);
    s.pid = fork();
    assert_true(s.pid >= 0);
    if (s.pid == 0) {
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        _exit(xl_console_attach(DOMID));
    }
    close(in[0]), close(out[1]), close(err[1]);
    s.to_stdin = in[1];
    s.from_stdout = out[0];
    s.from_stderr = err[0];
}

static int setup(void **state)
{
    (void)state;
    snprintf(s.dir, sizeof(s.dir), "/tmp/xlconsole-test.XXXXXX");
    assert_non_null(mkdtemp(s.dir));
    snprintf(s.path, sizeof(s.path), "%s/socket", s.dir);
    setenv("XENCONSOLED_SOCKET", s.path, 1);
    s.listen_fd = listen_on(s.path);
    s.daemon_fd = -1;
    start_client();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (s.listen_fd >= 0)
        close(s.listen_fd);
    if (s.daemon_fd >= 0)
        close(s.daemon_fd);
    close(s.to_stdin), close(s.from_stdout), close(s.from_stderr);
    unlink(s.path);
    rmdir(s.dir);
    return 0;
}

/* Read exactly n bytes (blocking) into a NUL-terminated static buffer. */
static const char *read_n(int fd, size_t n)
{
    static char buf[256];
    size_t got = 0;

    assert_true(n < sizeof(buf));
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);

        assert_true(r > 0);
        got += (size_t)r;
    }
    buf[got] = '\0';
    return buf;
}

static int exit_status(void)
{
    int status;

    assert_int_equal(waitpid(s.pid, &status, 0), s.pid);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void daemon_accepts(const char *reply)
{
    s.daemon_fd = accept(s.listen_fd, NULL, NULL);
    assert_true(s.daemon_fd >= 0);
    assert_string_equal(read_n(s.daemon_fd, 9), "attach 7\n");
    assert_int_equal(write(s.daemon_fd, reply, strlen(reply)), (ssize_t)strlen(reply));
}

static void test_relays_both_ways_until_escape(void **state)
{
    char byte;

    (void)state;
    daemon_accepts("ok\nboot line\n");
    assert_string_equal(read_n(s.from_stdout, 10), "boot line\n");
    assert_int_equal(write(s.to_stdin, "ls\r", 3), 3);
    assert_string_equal(read_n(s.daemon_fd, 3), "ls\r");
    assert_int_equal(write(s.to_stdin, "ab\x1d" "cd", 5), 5);
    assert_string_equal(read_n(s.daemon_fd, 2), "ab");
    assert_int_equal(read(s.daemon_fd, &byte, 1), 0);      /* detached */
    assert_int_equal(exit_status(), 0);
}

static void test_ends_when_the_daemon_closes(void **state)
{
    (void)state;
    daemon_accepts("ok\n");
    assert_int_equal(write(s.daemon_fd, "bye\n", 4), 4);
    close(s.daemon_fd);
    s.daemon_fd = -1;
    assert_string_equal(read_n(s.from_stdout, 4), "bye\n");
    assert_int_equal(exit_status(), 0);
}

static void test_refused_attach_is_status_1_with_a_message(void **state)
{
    static const char msg[] = "xl console: domain 7: no console: No such file or directory\n";

    (void)state;
    daemon_accepts("error ENOENT No such file or directory\n");
    assert_int_equal(exit_status(), 1);
    assert_string_equal(read_n(s.from_stderr, sizeof(msg) - 1), msg);
}

static void test_garbage_reply_is_refused(void **state)
{
    (void)state;
    daemon_accepts("welcome!\n");
    assert_int_equal(exit_status(), 1);
}

static int setup_no_daemon(void **state)
{
    (void)state;
    snprintf(s.dir, sizeof(s.dir), "/tmp/xlconsole-test.XXXXXX");
    assert_non_null(mkdtemp(s.dir));
    snprintf(s.path, sizeof(s.path), "%s/nothing-here", s.dir);
    setenv("XENCONSOLED_SOCKET", s.path, 1);
    s.listen_fd = -1;
    s.daemon_fd = -1;
    start_client();
    return 0;
}

static void test_no_daemon_is_status_1(void **state)
{
    static const char msg[] = "xl console: domain 7: cannot reach xenconsoled: "
                              "No such file or directory\n";

    (void)state;
    assert_int_equal(exit_status(), 1);
    assert_string_equal(read_n(s.from_stderr, sizeof(msg) - 1), msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_relays_both_ways_until_escape, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ends_when_the_daemon_closes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_attach_is_status_1_with_a_message, setup, teardown),
        cmocka_unit_test_setup_teardown(test_garbage_reply_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_daemon_is_status_1, setup_no_daemon, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
