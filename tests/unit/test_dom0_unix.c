/*
 * tests/unit/test_dom0_unix.c - AF_UNIX stream sockets (dom0/net/)
 * through the system calls: creation, names, connections, the byte
 * queues, shutdown and close, poll, options, and every argument check.
 *
 * One fake process plays both ends; a connect completes before accept
 * (as on Linux), so a client and its server end live side by side.  The
 * fake waitq_sleep returns -EINTR unless fake_sleep_hook plays the other
 * process, so an interrupted wait shows as -ERESTARTSYS here.
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
#include <kernel/syscalls_net.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/socket.h>
#include "vfs.h"
#include "dom0_fakes.h"

#define CAPACITY            65536
#define SIGPIPE_NR          13
#define SUN_PATH_OFF        2
#define AF_INET             2

static struct cpio_builder archive;
static long heap_before;

static int setup(void **state)
{
    (void)state;
    fake_process_reset();
    memset(&archive, 0, sizeof(archive));
    cpio_add(&archive, "etc/passwd", S_IFREG | 0644, "root:x:0:0\n", 11, 1, 1);
    fake_fs_boot(&archive, true);
    heap_before = fake_heap_live();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    files_release(fake_proc.files);
    fake_proc.files = NULL;
    fake_fs_teardown(&archive);
    return 0;
}

/* Every socket, buffer page and name made since setup is gone. */
static void assert_all_freed(long names_left)
{
    assert_int_equal(fake_pages_live(), 0);
    assert_int_equal(fake_heap_live(), heap_before + names_left);
}

static long new_socket(void)
{
    return sys_socket(AF_UNIX, SOCK_STREAM, 0);
}

static uint64_t sun_set(struct linux_sockaddr_un *a, const char *path)
{
    memset(a, 0, sizeof(*a));
    a->sun_family = AF_UNIX;
    memcpy(a->sun_path, path, strlen(path));
    return SUN_PATH_OFF + strlen(path) + 1;
}

static long bind_to(long fd, const char *path)
{
    struct linux_sockaddr_un a;
    uint64_t len = sun_set(&a, path);

    return sys_bind(fd, U(&a), len);
}

static long connect_to(long fd, const char *path)
{
    struct linux_sockaddr_un a;
    uint64_t len = sun_set(&a, path);

    return sys_connect(fd, U(&a), len);
}

static long listener(const char *path, int backlog)
{
    long fd = new_socket();

    assert_true(fd >= 0);
    assert_int_equal(bind_to(fd, path), 0);
    assert_int_equal(sys_listen(fd, backlog), 0);
    return fd;
}

/* A client connected to the server at path, and the server's accepted end. */
static void connected(long srv, const char *path, long *client, long *conn)
{
    *client = new_socket();
    assert_int_equal(connect_to(*client, path), 0);
    *conn = sys_accept4(srv, 0, 0, 0);
    assert_true(*conn >= 0);
}

static void socket_pair(int sv[2])
{
    assert_int_equal(sys_socketpair(AF_UNIX, SOCK_STREAM, 0, U(sv)), 0);
}

static unsigned int poll_mask(long fd)
{
    struct linux_pollfd p = { .fd = (int)fd, .events = 0x7fff };

    assert_true(sys_poll(U(&p), 1, 0) >= 0);
    return (uint16_t)p.revents;
}

/* ---- creation ---- */

static void test_socket_arguments(void **state)
{
    (void)state;
    assert_int_equal(sys_socket(AF_INET, SOCK_STREAM, 0), -EAFNOSUPPORT);
    assert_int_equal(sys_socket(LINUX_NPROTO, SOCK_STREAM, 0), -EAFNOSUPPORT);
    assert_int_equal(sys_socket((uint64_t)-1, SOCK_STREAM, 0), -EAFNOSUPPORT);
    assert_int_equal(sys_socket(AF_UNIX, SOCK_MAX, 0), -EINVAL);
    assert_int_equal(sys_socket(AF_UNIX, SOCK_STREAM | O_APPEND, 0), -EINVAL);
    /* The flags are checked before the family, as Linux does. */
    assert_int_equal(sys_socket(AF_INET, SOCK_STREAM | O_APPEND, 0), -EINVAL);
    assert_int_equal(sys_socket(AF_UNIX, SOCK_STREAM, 6), -EPROTONOSUPPORT);
    assert_int_equal(sys_socket(AF_UNIX, SOCK_DGRAM, 0), -ESOCKTNOSUPPORT);
    assert_int_equal(sys_socket(AF_UNIX, SOCK_SEQPACKET, 0), -ESOCKTNOSUPPORT);
    assert_int_equal(sys_socket(AF_UNIX, 0, 0), -ESOCKTNOSUPPORT);
    assert_int_equal(sys_socket(AF_UNIX, SOCK_STREAM, AF_UNIX), 0);
    assert_int_equal(fake_heap_live(), heap_before + 3);      /* socket, inode, file */
}

static void test_socket_file(void **state)
{
    struct linux_stat st;
    char link[32];
    long fd = sys_socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

    (void)state;
    assert_int_equal(fd, 0);
    assert_int_equal(sys_fcntl(fd, F_GETFD, 0), FD_CLOEXEC);
    assert_int_equal(sys_fcntl(fd, F_GETFL, 0), O_RDWR | O_NONBLOCK);
    assert_int_equal(sys_fstat(fd, U(&st)), 0);
    assert_int_equal(st.st_mode, S_IFSOCK | 0777);
    assert_int_equal(sys_lseek(fd, 0, SEEK_SET), -ESPIPE);
    assert_int_equal(sys_pread64(fd, U(&st), 1, 0), -ESPIPE);
    /* /proc names it as Linux does; opening it there is ENXIO, as Linux's. */
    memset(link, 0, sizeof(link));
    assert_true(sys_readlink(U("/proc/self/fd/0"), U(link), sizeof(link)) > 8);
    assert_memory_equal(link, "socket:[", 8);
    assert_int_equal(sys_open(U("/proc/self/fd/0"), O_RDWR, 0), -ENXIO);
    /* Not connected: reads are EINVAL, writes ENOTCONN (no SIGPIPE). */
    assert_int_equal(sys_read(fd, U(&st), 1), -EINVAL);
    assert_int_equal(sys_write(fd, U("x"), 1), -ENOTCONN);
    assert_int_equal(fake_signal_count, 0);
    assert_int_equal(sys_close(fd), 0);
    assert_all_freed(0);
}

static void test_not_a_socket(void **state)
{
    long fd = sys_open(U("/etc/passwd"), O_RDONLY, 0);
    int len = 4, v;

    (void)state;
    assert_int_equal(sys_listen(fd, 1), -ENOTSOCK);
    assert_int_equal(connect_to(fd, "/tmp/x"), -ENOTSOCK);
    assert_int_equal(sys_accept(fd, 0, 0), -ENOTSOCK);
    assert_int_equal(sys_shutdown(fd, SHUT_RD), -ENOTSOCK);
    assert_int_equal(sys_getsockopt(fd, SOL_SOCKET, SO_TYPE, U(&v), U(&len)), -ENOTSOCK);
    assert_int_equal(sys_listen(77, 1), -EBADF);
    assert_int_equal(bind_to(77, "/tmp/x"), -EBADF);
    assert_int_equal(sys_sendto(77, U("x"), 1, 0, 0, 0), -EBADF);
    assert_int_equal(sys_recvfrom(-1, U(&v), 1, 0, 0, 0), -EBADF);
}

static void test_socketpair(void **state)
{
    int sv[2], more[2];
    char buf[16];

    (void)state;
    socket_pair(sv);
    assert_int_equal(sys_write(sv[0], U("ping"), 4), 4);
    assert_int_equal(sys_read(sv[1], U(buf), sizeof(buf)), 4);
    assert_memory_equal(buf, "ping", 4);
    assert_int_equal(sys_write(sv[1], U("pong!"), 5), 5);
    assert_int_equal(sys_read(sv[0], U(buf), sizeof(buf)), 5);
    /* A bad array leaves no descriptors behind. */
    assert_int_equal(sys_socketpair(AF_UNIX, SOCK_STREAM, 0, BAD_UPTR), -EFAULT);
    assert_int_equal(sys_socketpair(AF_INET, SOCK_STREAM, 0, U(more)), -EAFNOSUPPORT);
    assert_int_equal(sys_socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, U(more)), 0);
    assert_int_equal(more[0], 2);
    assert_int_equal(sys_fcntl(more[1], F_GETFD, 0), FD_CLOEXEC);
    for (int fd = 0; fd < 4; fd++)
        assert_int_equal(sys_close(fd), 0);
    assert_all_freed(0);
}

/* ---- names ---- */

static void test_bind_creates_a_socket_node(void **state)
{
    struct linux_stat st;
    long a = new_socket(), b = new_socket();

    (void)state;
    fake_proc.umask = 077;
    assert_int_equal(bind_to(a, "/tmp/sock"), 0);
    assert_int_equal(sys_stat(U("/tmp/sock"), U(&st)), 0);
    assert_int_equal(st.st_mode, S_IFSOCK | 0700);
    assert_int_equal(bind_to(b, "/tmp/sock"), -EADDRINUSE);
    assert_int_equal(bind_to(b, "/etc/passwd"), -EADDRINUSE);
    assert_int_equal(bind_to(b, "/tmp/.."), -EADDRINUSE);
    assert_int_equal(bind_to(a, "/tmp/other"), -EINVAL);         /* already bound */
    assert_int_equal(sys_stat(U("/tmp/other"), U(&st)), -ENOENT);
    assert_int_equal(bind_to(a, "/tmp/sock"), -EADDRINUSE);     /* the name first, as Linux */
    assert_int_equal(bind_to(b, "/nodir/sock"), -ENOENT);
    assert_int_equal(bind_to(b, "/etc/passwd/sock"), -ENOTDIR);
    assert_int_equal(bind_to(b, "/etc/sock"), -EROFS);
    assert_int_equal(bind_to(b, "/tmp/dir/"), -ENOENT);
    /* Opening a socket's name is ENXIO, as Linux's. */
    assert_int_equal(sys_open(U("/tmp/sock"), O_RDWR, 0), -ENXIO);
    assert_int_equal(sys_chdir(U("/tmp")), 0);
    assert_int_equal(bind_to(b, "sock2"), 0);                   /* relative to the cwd */
    assert_int_equal(sys_stat(U("/tmp/sock2"), U(&st)), 0);
}

static void test_address_checks(void **state)
{
    struct linux_sockaddr_un a;
    long fd = new_socket();
    uint8_t big[LINUX_SOCKADDR_STORAGE + 1] = { AF_UNIX, 0, 'x' };

    (void)state;
    sun_set(&a, "/tmp/s");
    assert_int_equal(sys_bind(fd, U(&a), 0), -EINVAL);
    assert_int_equal(sys_bind(fd, U(&a), 1), -EINVAL);
    assert_int_equal(sys_bind(fd, U(big), sizeof(a) + 1), -EINVAL);
    assert_int_equal(sys_bind(fd, U(big), sizeof(big)), -EINVAL);
    assert_int_equal(sys_bind(fd, U(&a), (uint64_t)-1), -EINVAL);
    assert_int_equal(sys_bind(fd, BAD_UPTR, 10), -EFAULT);
    assert_int_equal(sys_connect(fd, BAD_UPTR, 10), -EFAULT);
    assert_int_equal(sys_connect(fd, U(&a), 2), -EINVAL);     /* no autobind for connect */
    a.sun_family = AF_INET;
    assert_int_equal(sys_bind(fd, U(&a), 10), -EINVAL);
    assert_int_equal(sys_connect(fd, U(&a), 10), -EINVAL);
}

/* A sun_path of 108 bytes without a NUL names a path of 108 characters. */
static void test_unterminated_full_path(void **state)
{
    struct linux_sockaddr_un a, out;
    struct linux_stat st;
    char path[UNIX_PATH_MAX + 1];
    long fd = new_socket(), c = new_socket();
    int len = sizeof(out);

    (void)state;
    memset(path, 'p', UNIX_PATH_MAX);
    memcpy(path, "/tmp/", 5);
    path[UNIX_PATH_MAX] = 0;
    a.sun_family = AF_UNIX;
    memcpy(a.sun_path, path, UNIX_PATH_MAX);
    assert_int_equal(sys_bind(fd, U(&a), sizeof(a)), 0);
    assert_int_equal(sys_stat(U(path), U(&st)), 0);
    assert_int_equal(st.st_mode & S_IFMT, S_IFSOCK);
    assert_int_equal(sys_getsockname(fd, U(&out), U(&len)), 0);
    assert_int_equal(len, sizeof(a) + 1);                      /* Linux's 111 */
    assert_memory_equal(out.sun_path, path, UNIX_PATH_MAX);
    assert_int_equal(sys_listen(fd, 0), 0);
    assert_int_equal(sys_connect(c, U(&a), sizeof(a)), 0);
}

static void test_abstract_and_autobind(void **state)
{
    struct linux_sockaddr_un a = { AF_UNIX, "\0hidden" }, out;
    long s = new_socket(), t = new_socket(), c = new_socket();
    int len = sizeof(out);

    (void)state;
    assert_int_equal(sys_bind(s, U(&a), SUN_PATH_OFF + 7), 0);
    assert_int_equal(sys_bind(t, U(&a), SUN_PATH_OFF + 7), -EADDRINUSE);
    /* A different length is a different name. */
    assert_int_equal(sys_bind(t, U(&a), SUN_PATH_OFF + 6), 0);
    assert_int_equal(sys_getsockname(s, U(&out), U(&len)), 0);
    assert_int_equal(len, SUN_PATH_OFF + 7);
    assert_memory_equal(out.sun_path, "\0hidden", 7);
    assert_int_equal(sys_connect(c, U(&a), SUN_PATH_OFF + 7), -ECONNREFUSED);
    assert_int_equal(sys_listen(s, 4), 0);
    assert_int_equal(sys_connect(c, U(&a), SUN_PATH_OFF + 7), 0);
    assert_int_equal(sys_close(s), 0);
    assert_int_equal(sys_close(t), 0);
    /* The name went with the socket. */
    t = new_socket();
    assert_int_equal(sys_bind(t, U(&a), SUN_PATH_OFF + 7), 0);
    /* Autobind: a NUL and five hex digits. */
    s = new_socket();
    assert_int_equal(sys_bind(s, U(&a), SUN_PATH_OFF), 0);
    len = sizeof(out);
    assert_int_equal(sys_getsockname(s, U(&out), U(&len)), 0);
    assert_int_equal(len, SUN_PATH_OFF + 6);
    assert_int_equal(out.sun_path[0], 0);
    assert_int_equal(strspn(out.sun_path + 1, "0123456789abcdef"), 5);
    /* Autobinding a bound socket succeeds and changes nothing. */
    assert_int_equal(sys_bind(t, U(&a), SUN_PATH_OFF), 0);
    len = sizeof(out);
    assert_int_equal(sys_getsockname(t, U(&out), U(&len)), 0);
    assert_int_equal(len, SUN_PATH_OFF + 7);
}

/* SO_PASSCRED gives an unbound client a name when it connects, as Linux. */
static void test_passcred_autobinds_on_connect(void **state)
{
    struct linux_sockaddr_un out;
    long srv = listener("/tmp/srv", 4), c = new_socket(), conn;
    int one = 1, len = sizeof(out);

    (void)state;
    assert_int_equal(sys_setsockopt(c, SOL_SOCKET, SO_PASSCRED, U(&one), 4), 0);
    assert_int_equal(connect_to(c, "/tmp/srv"), 0);
    assert_int_equal(sys_getsockname(c, U(&out), U(&len)), 0);
    assert_int_equal(len, SUN_PATH_OFF + 6);
    conn = sys_accept(srv, 0, 0);
    len = sizeof(out);
    assert_int_equal(sys_getpeername(conn, U(&out), U(&len)), 0);
    assert_int_equal(len, SUN_PATH_OFF + 6);
    assert_int_equal(out.sun_path[0], 0);
}

static void test_names_reported(void **state)
{
    struct linux_sockaddr_un out;
    long srv = listener("/tmp/srv", 4), c, conn;
    int len = sizeof(out);

    (void)state;
    connected(srv, "/tmp/srv", &c, &conn);
    /* The client is unbound: the family alone. */
    assert_int_equal(sys_getsockname(c, U(&out), U(&len)), 0);
    assert_int_equal(len, SUN_PATH_OFF);
    assert_int_equal(out.sun_family, AF_UNIX);
    len = sizeof(out);
    assert_int_equal(sys_getpeername(c, U(&out), U(&len)), 0);
    assert_int_equal(len, SUN_PATH_OFF + 9);
    assert_string_equal(out.sun_path, "/tmp/srv");
    len = sizeof(out);
    assert_int_equal(sys_getsockname(conn, U(&out), U(&len)), 0);
    assert_string_equal(out.sun_path, "/tmp/srv");
    /* A short buffer gets the start; the length says what there was. */
    len = 4;
    memset(&out, 0, sizeof(out));
    assert_int_equal(sys_getpeername(c, U(&out), U(&len)), 0);
    assert_int_equal(len, SUN_PATH_OFF + 9);
    assert_memory_equal(out.sun_path, "/t\0", 3);
    len = -1;
    assert_int_equal(sys_getsockname(c, U(&out), U(&len)), -EINVAL);
    assert_int_equal(sys_getsockname(c, U(&out), BAD_UPTR), -EFAULT);
    len = sizeof(out);
    assert_int_equal(sys_getsockname(c, BAD_UPTR, U(&len)), -EFAULT);
    assert_int_equal(sys_getpeername(srv, U(&out), U(&len)), -ENOTCONN);
    /* The peer's name is read as it is now: the client binds after connecting. */
    assert_int_equal(bind_to(c, "/tmp/late"), 0);
    len = sizeof(out);
    assert_int_equal(sys_getpeername(conn, U(&out), U(&len)), 0);
    assert_string_equal(out.sun_path, "/tmp/late");
    /* ... and kept once the peer is gone. */
    assert_int_equal(sys_close(conn), 0);
    len = sizeof(out);
    assert_int_equal(sys_getpeername(c, U(&out), U(&len)), 0);
    assert_string_equal(out.sun_path, "/tmp/srv");
    /* accept reports the client's (unbound) name. */
    c = new_socket();
    assert_int_equal(connect_to(c, "/tmp/srv"), 0);
    len = sizeof(out);
    assert_true(sys_accept(srv, U(&out), U(&len)) >= 0);
    assert_int_equal(len, SUN_PATH_OFF);
    /* A fault on accept's address loses the connection, as Linux's. */
    assert_int_equal(connect_to(new_socket(), "/tmp/srv"), 0);
    assert_int_equal(sys_accept(srv, BAD_UPTR, U(&len)), -EFAULT);
    /* accept4's SOCK_NONBLOCK is the new socket's; the listener's own decides waiting. */
    assert_int_equal(sys_accept4(srv, 0, 0, SOCK_NONBLOCK), -ERESTARTSYS);
    assert_int_equal(sys_fcntl(srv, F_SETFL, O_NONBLOCK), 0);
    assert_int_equal(sys_accept4(srv, 0, 0, SOCK_NONBLOCK), -EAGAIN);
}

/* ---- connecting ---- */

static void test_connect_errors(void **state)
{
    long c = new_socket(), bound = new_socket(), srv;

    (void)state;
    assert_int_equal(connect_to(c, "/tmp/none"), -ENOENT);
    assert_int_equal(connect_to(c, "/etc/passwd"), -ECONNREFUSED);
    assert_int_equal(connect_to(c, "/etc/passwd/x"), -ENOTDIR);
    assert_int_equal(bind_to(bound, "/tmp/bound"), 0);
    assert_int_equal(connect_to(c, "/tmp/bound"), -ECONNREFUSED);  /* not listening */
    assert_int_equal(sys_listen(c, 1), -EINVAL);                  /* unbound */
    assert_int_equal(sys_accept(bound, 0, 0), -EINVAL);           /* not listening */
    assert_int_equal(sys_accept4(bound, 0, 0, 0x1), -EINVAL);     /* bad flags */
    srv = listener("/tmp/srv", 4);
    assert_int_equal(connect_to(srv, "/tmp/srv"), -EINVAL);       /* a listener */
    assert_int_equal(connect_to(c, "/tmp/srv"), 0);
    assert_int_equal(connect_to(c, "/tmp/srv"), -EISCONN);
    assert_int_equal(sys_listen(c, 1), -EINVAL);                  /* connected */
    /* Only a writer of the name may connect. */
    fake_proc.euid = 1000;
    assert_int_equal(sys_chmod(U("/tmp/srv"), 0755), -EPERM);
    fake_proc.euid = 0;
    assert_int_equal(sys_chmod(U("/tmp/srv"), 0755), 0);
    fake_proc.euid = fake_proc.uid = 1000;
    assert_int_equal(connect_to(new_socket(), "/tmp/srv"), -EACCES);
    fake_proc.euid = fake_proc.uid = 0;
    /* A closed listener leaves its name, which refuses. */
    assert_int_equal(sys_close(srv), 0);
    assert_int_equal(connect_to(new_socket(), "/tmp/srv"), -ECONNREFUSED);
}

static void test_backlog(void **state)
{
    long srv = listener("/tmp/srv", 1), c[4];

    (void)state;
    for (int i = 0; i < 4; i++)
        c[i] = sys_socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    /* A backlog of 1 lets two wait, as Linux's. */
    assert_int_equal(connect_to(c[0], "/tmp/srv"), 0);
    assert_int_equal(connect_to(c[1], "/tmp/srv"), 0);
    assert_int_equal(connect_to(c[2], "/tmp/srv"), -EAGAIN);
    assert_int_equal(poll_mask(srv) & POLLIN, POLLIN);
    /* Blocking: waits, and a signal ends the wait for a restart. */
    assert_int_equal(sys_fcntl(c[3], F_SETFL, 0), 0);
    assert_int_equal(connect_to(c[3], "/tmp/srv"), -ERESTARTSYS);
    assert_int_equal(fake_sleep_count, 1);
    assert_true(sys_accept(srv, 0, 0) >= 0);
    assert_int_equal(connect_to(c[2], "/tmp/srv"), 0);
    /* A negative backlog means the largest. */
    assert_int_equal(sys_listen(srv, (uint64_t)-1), 0);
    assert_int_equal(connect_to(c[3], "/tmp/srv"), 0);
}

static void test_accept_waits(void **state)
{
    (void)state;
    long srv = listener("/tmp/srv", 4);

    assert_int_equal(sys_accept(srv, 0, 0), -ERESTARTSYS);
    assert_int_equal(fake_sleep_count, 1);
    assert_int_equal(sys_shutdown(srv, SHUT_RD), 0);
    assert_int_equal(sys_accept(srv, 0, 0), -EINVAL);
    assert_int_equal(connect_to(new_socket(), "/tmp/srv"), -ECONNREFUSED);
}

static void test_unlink_removes_only_the_name(void **state)
{
    long srv = listener("/tmp/srv", 4), c, conn, again;
    char buf[4];

    (void)state;
    connected(srv, "/tmp/srv", &c, &conn);
    assert_int_equal(sys_unlink(U("/tmp/srv")), 0);
    assert_int_equal(connect_to(new_socket(), "/tmp/srv"), -ENOENT);
    assert_int_equal(sys_write(c, U("abc"), 3), 3);
    assert_int_equal(sys_read(conn, U(buf), sizeof(buf)), 3);
    again = listener("/tmp/srv", 4);
    assert_int_equal(connect_to(new_socket(), "/tmp/srv"), 0);
    assert_int_equal(sys_accept(srv, 0, 0) < 0, 1);             /* the old one got none */
    assert_true(sys_accept(again, 0, 0) >= 0);
}

/* ---- data ---- */

static void test_write_before_accept(void **state)
{
    long srv = listener("/tmp/srv", 4), c = new_socket(), conn;
    char buf[8];

    (void)state;
    assert_int_equal(connect_to(c, "/tmp/srv"), 0);
    assert_int_equal(sys_write(c, U("early"), 5), 5);
    conn = sys_accept(srv, 0, 0);
    assert_int_equal(sys_read(conn, U(buf), sizeof(buf)), 5);
    assert_memory_equal(buf, "early", 5);
}

static void test_eof_and_epipe(void **state)
{
    int sv[2];
    char buf[8];

    (void)state;
    socket_pair(sv);
    assert_int_equal(sys_write(sv[0], U("last"), 4), 4);
    assert_int_equal(sys_close(sv[0]), 0);
    /* What was written before the close is still read, then EOF. */
    assert_int_equal(sys_read(sv[1], U(buf), sizeof(buf)), 4);
    assert_int_equal(sys_read(sv[1], U(buf), sizeof(buf)), 0);
    assert_int_equal(sys_write(sv[1], U("x"), 1), -EPIPE);
    assert_int_equal(fake_last_signal, SIGPIPE_NR);
    assert_int_equal(sys_sendto(sv[1], U("x"), 1, MSG_NOSIGNAL, 0, 0), -EPIPE);
    assert_int_equal(fake_signal_count, 1);
    /* The peer's close shut this end down both ways: even an empty write is EPIPE. */
    assert_int_equal(sys_write(sv[1], U("x"), 0), -EPIPE);
    assert_int_equal(fake_signal_count, 2);
    assert_int_equal(fake_sleep_count, 0);
    assert_int_equal(sys_close(sv[1]), 0);
    assert_all_freed(0);
}

static void test_close_with_unread_data_resets(void **state)
{
    int sv[2];
    char buf[8];

    (void)state;
    socket_pair(sv);
    assert_int_equal(sys_write(sv[1], U("unread"), 6), 6);
    assert_int_equal(sys_close(sv[0]), 0);
    assert_int_equal(poll_mask(sv[1]) & POLLERR, POLLERR);
    assert_int_equal(sys_read(sv[1], U(buf), sizeof(buf)), -ECONNRESET);
    assert_int_equal(sys_read(sv[1], U(buf), sizeof(buf)), 0);
}

static void test_listener_close_resets_waiting_clients(void **state)
{
    long srv = listener("/tmp/srv", 4), c = new_socket();
    int err = -1, len = sizeof(err);
    char buf[4];

    (void)state;
    assert_int_equal(connect_to(c, "/tmp/srv"), 0);
    assert_int_equal(sys_close(srv), 0);
    assert_int_equal(sys_getsockopt(c, SOL_SOCKET, SO_ERROR, U(&err), U(&len)), 0);
    assert_int_equal(err, ECONNRESET);
    assert_int_equal(sys_getsockopt(c, SOL_SOCKET, SO_ERROR, U(&err), U(&len)), 0);
    assert_int_equal(err, 0);
    assert_int_equal(sys_read(c, U(buf), sizeof(buf)), 0);
    assert_int_equal(sys_write(c, U("x"), 1), -EPIPE);
    assert_int_equal(sys_close(c), 0);
    assert_int_equal(sys_unlink(U("/tmp/srv")), 0);
    assert_all_freed(0);
}

static uint8_t big[CAPACITY + 8192], out[CAPACITY + 8192];

static void test_buffer_fills_and_wraps(void **state)
{
    int sv[2], wakes;

    (void)state;
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (uint8_t)(i * 13 + 1);
    assert_int_equal(sys_socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, U(sv)), 0);
    assert_int_equal(sys_write(sv[0], U(big), sizeof(big)), CAPACITY);
    assert_int_equal(sys_write(sv[0], U(big), 1), -EAGAIN);
    assert_int_equal(poll_mask(sv[0]) & POLLOUT, 0);
    /* Reading from a full buffer wakes its writer... */
    wakes = fake_wake_count;
    assert_int_equal(sys_read(sv[1], U(out), 1000), 1000);
    assert_int_equal(fake_wake_count, wakes + 1);
    assert_int_equal(sys_write(sv[0], U(big), 3000), 1000);
    assert_int_equal(sys_read(sv[1], U(out), sizeof(out)), CAPACITY);
    assert_memory_equal(out, big + 1000, CAPACITY - 1000);
    assert_memory_equal(out + CAPACITY - 1000, big, 1000);
    /* Drained: the pages went back. */
    assert_int_equal(fake_pages_live(), 0);
    /* ... but a read from a buffer a quarter full or less wakes nobody: no one can wait for it. */
    assert_int_equal(sys_write(sv[0], U(big), CAPACITY / 4), CAPACITY / 4);
    wakes = fake_wake_count;
    assert_int_equal(sys_read(sv[1], U(out), sizeof(out)), CAPACITY / 4);
    assert_int_equal(fake_wake_count, wakes);
    assert_int_equal(sys_read(sv[1], U(out), 1), -EAGAIN);
    for (int round = 0; round < 5; round++) {
        size_t n = 30000 + (size_t)round * 7777;
        assert_int_equal(sys_write(sv[1], U(big + round), n), n);
        assert_int_equal(sys_read(sv[0], U(out), sizeof(out)), n);
        assert_memory_equal(out, big + round, n);
    }
}

static int reader_socket;
static long drained;

static void reader_process(void)
{
    long n = sys_read(reader_socket, U(out), 5000);

    assert_true(n > 0);
    drained += n;
}

static void test_blocking_write_waits_for_the_reader(void **state)
{
    int sv[2], left;

    (void)state;
    socket_pair(sv);
    reader_socket = sv[1];
    drained = 0;
    fake_sleep_hook = reader_process;
    assert_int_equal(sys_write(sv[0], U(big), sizeof(big)), sizeof(big));
    assert_int_equal(sys_ioctl(sv[1], FIONREAD, U(&left)), 0);
    assert_int_equal(left + drained, sizeof(big));
    assert_int_equal(sys_ioctl(sv[0], SIOCOUTQ, U(&left)), 0);
    assert_int_equal(left + drained, sizeof(big));
    fake_sleep_hook = NULL;
    /* Interrupted with some moved: that count; with none: a restart. */
    assert_int_equal(sys_write(sv[0], U(big), sizeof(big)), CAPACITY - left);
    assert_int_equal(sys_write(sv[0], U(big), 1), -ERESTARTSYS);
    assert_int_equal(sys_read(sv[0], U(out), 1), -ERESTARTSYS);
    assert_int_equal(sys_ioctl(sv[0], 0x5401 /* TCGETS */, U(&left)), -ENOTTY);
}

static int writer_socket;

static void writer_process(void)
{
    assert_int_equal(sys_write(writer_socket, U("more"), 4), 4);
}

static void test_recv_flags(void **state)
{
    int sv[2];
    char buf[16] = { 0 };

    (void)state;
    socket_pair(sv);
    assert_int_equal(sys_recvfrom(sv[1], U(buf), 4, MSG_DONTWAIT, 0, 0), -EAGAIN);
    assert_int_equal(sys_write(sv[0], U("abcdef"), 6), 6);
    assert_int_equal(sys_recvfrom(sv[1], U(buf), 4, MSG_PEEK, 0, 0), 4);
    assert_memory_equal(buf, "abcd", 4);
    assert_int_equal(sys_recvfrom(sv[1], U(buf), sizeof(buf), MSG_PEEK, 0, 0), 6);
    assert_int_equal(sys_recvfrom(sv[1], U(buf), 2, 0, 0, 0), 2);
    assert_memory_equal(buf, "ab", 2);
    /* MSG_WAITALL waits for the rest. */
    writer_socket = sv[0];
    fake_sleep_hook = writer_process;
    assert_int_equal(sys_recvfrom(sv[1], U(buf), 8, MSG_WAITALL, 0, 0), 8);
    assert_memory_equal(buf, "cdefmore", 8);
    /* A peek may wait for all of it too, and leaves it queued. */
    assert_int_equal(sys_recvfrom(sv[1], U(buf), 6, MSG_PEEK | MSG_WAITALL, 0, 0), 6);
    assert_memory_equal(buf, "moremo", 6);
    assert_int_equal(sys_recvfrom(sv[1], U(buf), sizeof(buf), MSG_DONTWAIT, 0, 0), 8);
    fake_sleep_hook = NULL;
    assert_int_equal(sys_recvfrom(sv[1], U(buf), 1, MSG_OOB, 0, 0), -EOPNOTSUPP);
    assert_int_equal(sys_sendto(sv[0], U(buf), 1, MSG_OOB, 0, 0), -EOPNOTSUPP);
    assert_int_equal(sys_recvfrom(sv[1], BAD_UPTR, 1, MSG_DONTWAIT, 0, 0), -EAGAIN);
    assert_int_equal(sys_write(sv[0], U("z"), 1), 1);
    assert_int_equal(sys_recvfrom(sv[1], BAD_UPTR, 1, 0, 0, 0), -EFAULT);
    assert_int_equal(sys_write(sv[0], BAD_UPTR, 1), -EFAULT);
    /* The byte a faulting read could not take is still there. */
    assert_int_equal(sys_read(sv[1], U(buf), sizeof(buf)), 1);
}

static void test_sendto_with_an_address(void **state)
{
    struct linux_sockaddr_un a;
    uint64_t len = sun_set(&a, "/tmp/srv");
    long lone = new_socket();
    int sv[2];

    (void)state;
    socket_pair(sv);
    assert_int_equal(sys_sendto(sv[0], U("x"), 1, 0, U(&a), len), -EISCONN);
    assert_int_equal(sys_sendto(lone, U("x"), 1, 0, U(&a), len), -EOPNOTSUPP);
    assert_int_equal(sys_sendto(sv[0], U("x"), 1, 0, U(&a), 200), -EINVAL);
    assert_int_equal(sys_sendto(sv[0], U("x"), 1, 0, BAD_UPTR, len), -EFAULT);
    assert_int_equal(sys_sendto(sv[0], U("x"), 1, 0, U(&a), 0), 1);
}

static void test_sendmsg_recvmsg(void **state)
{
    long srv = listener("/tmp/srv", 4), c, conn;
    char part1[3], part2[8];
    struct linux_iovec out_iov[2] = { { U("hel"), 3 }, { U("lo there"), 8 } };
    struct linux_iovec in_iov[2] = { { U(part1), 3 }, { U(part2), 8 } };
    struct linux_sockaddr_un from;
    struct linux_msghdr m = { .msg_iov = U(out_iov), .msg_iovlen = 2 };
    uint64_t control[4];

    (void)state;
    connected(srv, "/tmp/srv", &c, &conn);
    assert_int_equal(sys_sendmsg(conn, U(&m), 0), 11);
    memset(&m, 0xff, sizeof(m));
    m = (struct linux_msghdr){ .msg_name = U(&from), .msg_namelen = sizeof(from),
                               .msg_iov = U(in_iov), .msg_iovlen = 2,
                               .msg_control = U(control), .msg_controllen = sizeof(control),
                               .msg_flags = 0x77 };
    assert_int_equal(sys_recvmsg(c, U(&m), 0), 11);
    assert_memory_equal(part1, "hel", 3);
    assert_memory_equal(part2, "lo there", 8);
    /* From the server: its name; no control data, no flags. */
    assert_int_equal(m.msg_namelen, SUN_PATH_OFF + 9);
    assert_string_equal(from.sun_path, "/tmp/srv");
    assert_int_equal(m.msg_controllen, 0);
    assert_int_equal(m.msg_flags, 0);
    /* From the unbound client: no name. */
    assert_int_equal(sys_write(c, U("hi"), 2), 2);
    m.msg_namelen = sizeof(from);
    assert_int_equal(sys_recvmsg(conn, U(&m), 0), 2);
    assert_int_equal(m.msg_namelen, 0);
    /* Control data is refused; the bytes are not sent. */
    m = (struct linux_msghdr){ .msg_iov = U(out_iov), .msg_iovlen = 1,
                               .msg_control = U(control), .msg_controllen = 16 };
    assert_int_equal(sys_sendmsg(c, U(&m), 0), -EOPNOTSUPP);
    m.msg_controllen = 0;
    m.msg_iovlen = LINUX_UIO_MAXIOV + 1;
    assert_int_equal(sys_sendmsg(c, U(&m), 0), -EMSGSIZE);
    m.msg_iovlen = 1;
    m.msg_iov = BAD_UPTR;
    assert_int_equal(sys_sendmsg(c, U(&m), 0), -EFAULT);
    assert_int_equal(sys_sendmsg(c, BAD_UPTR, 0), -EFAULT);
    assert_int_equal(sys_recvmsg(c, BAD_UPTR, 0), -EFAULT);
    m.msg_iov = U(out_iov);
    m.msg_name = U(&from);
    m.msg_namelen = -1;
    assert_int_equal(sys_sendmsg(c, U(&m), 0), -EINVAL);
    assert_int_equal(sys_ioctl(conn, FIONREAD, U(&m.msg_namelen)), 0);
    assert_int_equal(m.msg_namelen, 0);
}

/* ---- shutdown and poll ---- */

static void test_shutdown(void **state)
{
    int sv[2];
    char buf[4];

    (void)state;
    socket_pair(sv);
    assert_int_equal(sys_shutdown(sv[0], 3), -EINVAL);
    assert_int_equal(sys_shutdown(sv[0], (uint64_t)-1), -EINVAL);
    assert_int_equal(sys_shutdown(sv[0], SHUT_WR), 0);
    assert_int_equal(sys_write(sv[0], U("x"), 1), -EPIPE);
    assert_int_equal(sys_write(sv[0], U("x"), 0), -EPIPE);      /* even empty */
    assert_int_equal(fake_signal_count, 2);
    assert_int_equal(sys_read(sv[1], U(buf), sizeof(buf)), 0);
    assert_int_equal(poll_mask(sv[1]), POLLIN | POLLRDNORM | POLLRDHUP | POLLOUT |
                                        POLLWRNORM | POLLWRBAND);
    /* The other way still works. */
    assert_int_equal(sys_write(sv[1], U("back"), 4), 4);
    assert_int_equal(sys_read(sv[0], U(buf), sizeof(buf)), 4);
    assert_int_equal(sys_shutdown(sv[1], SHUT_RD), 0);
    assert_int_equal(sys_write(sv[0], U("x"), 0), -EPIPE);
    assert_int_equal(sys_shutdown(new_socket(), SHUT_RDWR), 0); /* unconnected: fine */
}

static void test_poll_masks(void **state)
{
    long lone = new_socket(), srv = listener("/tmp/srv", 4), c, conn;
    const unsigned int out = POLLOUT | POLLWRNORM | POLLWRBAND;

    (void)state;
    assert_int_equal(poll_mask(lone), POLLHUP | out);
    assert_int_equal(poll_mask(srv), 0);
    c = new_socket();
    assert_int_equal(connect_to(c, "/tmp/srv"), 0);
    assert_int_equal(poll_mask(srv), POLLIN | POLLRDNORM);
    conn = sys_accept(srv, 0, 0);
    assert_int_equal(poll_mask(srv), 0);
    assert_int_equal(poll_mask(c), out);
    assert_int_equal(sys_write(conn, U("x"), 1), 1);
    assert_int_equal(poll_mask(c), POLLIN | POLLRDNORM | out);
    assert_int_equal(sys_close(conn), 0);
    assert_int_equal(poll_mask(c), POLLIN | POLLRDNORM | POLLRDHUP | POLLHUP | out);
}

/* ---- epoll (fs/eventpoll.c) over sockets ---- */

struct epoll_ev {
    uint32_t events;
    uint64_t data;
} __attribute__((packed));

static long ep_ctl(long ep, int op, long fd, uint32_t events, uint64_t data)
{
    struct epoll_ev ev = { events, data };

    return sys_epoll_ctl(ep, op, fd, U(&ev));
}

static long ep_wait(long ep, struct epoll_ev *out)
{
    return sys_epoll_wait(ep, U(out), 4, 0);
}

/* Level-triggered: reported while readable; MOD, DEL and close. */
static void test_epoll_sockets(void **state)
{
    int sv[2];
    long ep = sys_epoll_create1(0);
    struct epoll_ev out[4];
    char c;

    (void)state;
    assert_true(ep >= 0);
    socket_pair(sv);
    assert_int_equal(ep_ctl(ep, 1, sv[0], POLLIN, 42), 0);
    assert_int_equal(ep_ctl(ep, 1, sv[0], POLLIN, 42), -EEXIST);
    assert_int_equal(ep_ctl(sv[1], 1, sv[0], POLLIN, 42), -EINVAL);
    assert_int_equal(ep_ctl(ep, 1, ep, POLLIN, 1), -EINVAL);
    assert_int_equal(ep_wait(ep, out), 0);
    assert_int_equal(sys_write(sv[1], U("x"), 1), 1);
    assert_int_equal(ep_wait(ep, out), 1);
    assert_int_equal(out[0].events, POLLIN);
    assert_int_equal(out[0].data, 42);
    assert_int_equal(ep_wait(ep, out), 1);        /* still readable */
    assert_int_equal(sys_read(sv[0], U(&c), 1), 1);
    assert_int_equal(ep_wait(ep, out), 0);
    assert_int_equal(ep_ctl(ep, 3, sv[0], POLLOUT, 7), 0);
    assert_int_equal(ep_wait(ep, out), 1);
    assert_int_equal(out[0].events, POLLOUT);
    assert_int_equal(out[0].data, 7);
    assert_int_equal(ep_ctl(ep, 2, sv[0], 0, 0), 0);
    assert_int_equal(ep_ctl(ep, 2, sv[0], 0, 0), -ENOENT);
    assert_int_equal(ep_ctl(ep, 1, sv[1], POLLIN, 9), 0);
    assert_int_equal(sys_write(sv[0], U("z"), 1), 1);
    assert_int_equal(ep_wait(ep, out), 1);        /* sv[1] readable */
    assert_int_equal(out[0].data, 9);
    assert_int_equal(sys_close(sv[1]), 0);         /* leaves the set */
    assert_int_equal(sys_write(sv[0], U("y"), 1), -EPIPE);
    assert_int_equal(ep_wait(ep, out), 0);
    assert_int_equal(sys_close(sv[0]), 0);
    assert_int_equal(sys_close(ep), 0);
    assert_all_freed(0);
}

/* Sets inside sets: reported through, but no loop and at most 4 deep
 * (Linux's ELOOP); a regular file cannot be watched (EPERM). */
static void test_epoll_nesting(void **state)
{
    long set[7], file = sys_open(U("/etc/passwd"), O_RDONLY, 0);
    struct epoll_ev out[4];
    int sv[2];

    (void)state;
    for (int i = 0; i < 7; i++)
        assert_true((set[i] = sys_epoll_create1(0)) >= 0);
    assert_true(file >= 0);
    assert_int_equal(ep_ctl(set[0], 1, file, POLLIN, 0), -EPERM);
    /* set[0] holds set[1] holds ... set[4]: five sets, four levels. */
    for (int i = 0; i < 4; i++)
        assert_int_equal(ep_ctl(set[i], 1, set[i + 1], POLLIN, i), 0);
    assert_int_equal(ep_ctl(set[1], 1, set[0], POLLIN, 0), -ELOOP);
    assert_int_equal(ep_ctl(set[4], 1, set[0], POLLIN, 0), -ELOOP);
    assert_int_equal(ep_ctl(set[4], 1, set[5], POLLIN, 0), -ELOOP);  /* below */
    assert_int_equal(ep_ctl(set[6], 1, set[0], POLLIN, 0), -ELOOP);  /* above */
    assert_int_equal(ep_ctl(set[6], 1, set[4], POLLIN, 6), 0);       /* a short way in */
    socket_pair(sv);
    assert_int_equal(ep_ctl(set[4], 1, sv[0], POLLIN, 44), 0);
    assert_int_equal(ep_wait(set[0], out), 0);
    assert_int_equal(sys_write(sv[1], U("x"), 1), 1);
    assert_int_equal(ep_wait(set[0], out), 1);     /* through three sets */
    assert_int_equal(out[0].data, 0);
    assert_int_equal(ep_wait(set[4], out), 1);
    assert_int_equal(out[0].data, 44);
    assert_int_equal(sys_close(set[2]), 0);        /* the chain breaks */
    assert_int_equal(ep_ctl(set[4], 1, set[5], POLLIN, 0), 0);
    for (int i = 0; i < 7; i++)
        if (i != 2)
            assert_int_equal(sys_close(set[i]), 0);
    assert_int_equal(sys_close(sv[0]), 0);
    assert_int_equal(sys_close(sv[1]), 0);
    assert_int_equal(sys_close(file), 0);
    assert_all_freed(0);
}

/* ---- options ---- */

static int int_opt(long fd, int name)
{
    int v = -7, len = sizeof(v);

    assert_int_equal(sys_getsockopt(fd, SOL_SOCKET, name, U(&v), U(&len)), 0);
    assert_int_equal(len, sizeof(v));
    return v;
}

static void test_socket_options(void **state)
{
    long srv = listener("/tmp/srv", 4), c, conn, lone = new_socket();
    struct linux_ucred cred;
    int len = sizeof(cred), one = 1, v;

    (void)state;
    assert_int_equal(int_opt(srv, SO_TYPE), SOCK_STREAM);
    assert_int_equal(int_opt(srv, SO_DOMAIN), AF_UNIX);
    assert_int_equal(int_opt(srv, SO_PROTOCOL), 0);
    assert_int_equal(int_opt(srv, SO_ACCEPTCONN), 1);
    assert_int_equal(int_opt(lone, SO_ACCEPTCONN), 0);
    assert_int_equal(int_opt(srv, SO_SNDBUF), CAPACITY);
    assert_int_equal(int_opt(srv, SO_RCVBUF), CAPACITY);
    assert_int_equal(int_opt(srv, SO_ERROR), 0);
    /* Credentials: the peer's at connect, unknown before. */
    assert_int_equal(sys_chmod(U("/tmp/srv"), 0777), 0);
    fake_proc.pid = 42;
    fake_proc.euid = 1000;
    fake_proc.egid = 100;
    c = new_socket();
    assert_int_equal(connect_to(c, "/tmp/srv"), 0);
    fake_proc.pid = 1;
    fake_proc.euid = fake_proc.egid = 0;
    conn = sys_accept(srv, 0, 0);
    assert_int_equal(sys_getsockopt(conn, SOL_SOCKET, SO_PEERCRED, U(&cred), U(&len)), 0);
    assert_int_equal(len, sizeof(cred));
    assert_int_equal(cred.pid, 42);
    assert_int_equal(cred.uid, 1000);
    assert_int_equal(cred.gid, 100);
    assert_int_equal(sys_getsockopt(c, SOL_SOCKET, SO_PEERCRED, U(&cred), U(&len)), 0);
    assert_int_equal(cred.pid, 1);                  /* the listener's, at listen */
    assert_int_equal(cred.uid, 0);
    assert_int_equal(sys_getsockopt(lone, SOL_SOCKET, SO_PEERCRED, U(&cred), U(&len)), 0);
    assert_int_equal(cred.pid, 0);
    assert_int_equal(cred.uid, (uint32_t)-1);
    /* Short lengths get the start of the value; negative ones EINVAL. */
    len = 2;
    v = 0;
    assert_int_equal(sys_getsockopt(srv, SOL_SOCKET, SO_TYPE, U(&v), U(&len)), 0);
    assert_int_equal(len, 2);
    assert_int_equal(v, SOCK_STREAM);
    len = -1;
    assert_int_equal(sys_getsockopt(srv, SOL_SOCKET, SO_TYPE, U(&v), U(&len)), -EINVAL);
    len = 4;
    assert_int_equal(sys_getsockopt(srv, SOL_SOCKET, SO_TYPE, BAD_UPTR, U(&len)), -EFAULT);
    assert_int_equal(sys_getsockopt(srv, SOL_SOCKET, SO_TYPE, U(&v), BAD_UPTR), -EFAULT);
    assert_int_equal(sys_getsockopt(srv, SOL_SOCKET, 9999, U(&v), U(&len)), -ENOPROTOOPT);
    assert_int_equal(sys_getsockopt(srv, 6 /* SOL_TCP */, 1, U(&v), U(&len)), -EOPNOTSUPP);
    /* Setting: flags stick, buffer sizes are accepted, read-only ones refused. */
    assert_int_equal(sys_setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, U(&one), 4), 0);
    assert_int_equal(int_opt(srv, SO_REUSEADDR), 1);
    assert_int_equal(sys_setsockopt(srv, SOL_SOCKET, SO_PASSCRED, U(&one), 4), 0);
    assert_int_equal(int_opt(srv, SO_PASSCRED), 1);
    v = 0;
    assert_int_equal(sys_setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, U(&v), 4), 0);
    assert_int_equal(int_opt(srv, SO_REUSEADDR), 0);
    assert_int_equal(sys_setsockopt(srv, SOL_SOCKET, SO_SNDBUF, U(&one), 4), 0);
    assert_int_equal(int_opt(srv, SO_SNDBUF), CAPACITY);
    assert_int_equal(sys_setsockopt(srv, SOL_SOCKET, SO_TYPE, U(&one), 4), -ENOPROTOOPT);
    fake_proc.euid = 1000;
    assert_int_equal(sys_setsockopt(srv, SOL_SOCKET, SO_DEBUG, U(&one), 4), -EACCES);
    fake_proc.euid = 0;
    assert_int_equal(sys_setsockopt(srv, SOL_SOCKET, SO_DEBUG, U(&one), 4), 0);
    assert_int_equal(sys_setsockopt(srv, SOL_SOCKET, SO_KEEPALIVE, U(&one), 3), -EINVAL);
    assert_int_equal(sys_setsockopt(srv, SOL_SOCKET, SO_KEEPALIVE, U(&one), -1), -EINVAL);
    assert_int_equal(sys_setsockopt(srv, SOL_SOCKET, SO_KEEPALIVE, BAD_UPTR, 4), -EFAULT);
    assert_int_equal(sys_setsockopt(srv, 6, 1, U(&one), 4), -EOPNOTSUPP);
    assert_int_equal(sys_setsockopt(99, SOL_SOCKET, SO_KEEPALIVE, U(&one), 4), -EBADF);
}

static long set_timeout(long fd, int name, int64_t sec, int64_t usec)
{
    struct linux_timeval tv = { sec, usec };

    return sys_setsockopt(fd, SOL_SOCKET, name, U(&tv), sizeof(tv));
}

static void test_timeouts(void **state)
{
    struct linux_timeval tv = { 7, 7 };
    int sv[2], len = sizeof(tv);
    uint64_t start = fake_now_ns;
    long srv = listener("/tmp/srv", 0), c;
    char buf[4];

    (void)state;
    socket_pair(sv);
    assert_int_equal(set_timeout(sv[0], SO_RCVTIMEO, 0, 500000), 0);
    assert_int_equal(sys_read(sv[0], U(buf), sizeof(buf)), -EAGAIN);
    assert_int_equal(fake_now_ns, start + 500000000);
    assert_int_equal(fake_sleep_count, 1);
    assert_int_equal(sys_getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, U(&tv), U(&len)), 0);
    assert_int_equal(len, sizeof(tv));
    assert_int_equal(tv.tv_sec, 0);
    assert_int_equal(tv.tv_usec, 500000);
    /* A negative timeout never waits; 0 waits for ever (here: until the fake signal). */
    assert_int_equal(set_timeout(sv[0], SO_RCVTIMEO, -1, 0), 0);
    assert_int_equal(sys_read(sv[0], U(buf), sizeof(buf)), -EAGAIN);
    assert_int_equal(fake_sleep_count, 1);
    assert_int_equal(set_timeout(sv[0], SO_RCVTIMEO, 0, 0), 0);
    assert_int_equal(sys_read(sv[0], U(buf), sizeof(buf)), -ERESTARTSYS);
    /* Sending: what fits goes, then the wait times out. */
    assert_int_equal(set_timeout(sv[1], SO_SNDTIMEO, 2, 0), 0);
    assert_int_equal(sys_write(sv[1], U(big), sizeof(big)), CAPACITY);
    start = fake_now_ns;
    assert_int_equal(sys_write(sv[1], U(big), 1), -EAGAIN);
    assert_int_equal(fake_now_ns, start + 2000000000ULL);
    /* accept and connect wait by the same rules. */
    assert_int_equal(set_timeout(srv, SO_RCVTIMEO, 1, 0), 0);
    assert_int_equal(sys_accept(srv, 0, 0), -EAGAIN);
    assert_int_equal(connect_to(new_socket(), "/tmp/srv"), 0);
    c = new_socket();
    assert_int_equal(set_timeout(c, SO_SNDTIMEO, 1, 0), 0);
    assert_int_equal(connect_to(c, "/tmp/srv"), -EAGAIN);
    /* Bad values. */
    assert_int_equal(set_timeout(sv[0], SO_RCVTIMEO, 1, 1000000), -EDOM);
    assert_int_equal(set_timeout(sv[0], SO_SNDTIMEO, 1, -1), -EDOM);
    assert_int_equal(sys_setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, U(&tv), 8), -EINVAL);
    assert_int_equal(sys_setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, BAD_UPTR, 16), -EFAULT);
}

/* Forty connections at once keep their bytes apart, and give everything back. */
static void test_many_connections_freed(void **state)
{
    long srv = listener("/tmp/srv", 64), c[40], conn[40];
    char buf[8];

    (void)state;
    for (int i = 0; i < 40; i++)
        connected(srv, "/tmp/srv", &c[i], &conn[i]);
    for (int i = 0; i < 40; i++) {
        char msg[2] = { (char)('A' + i), 0 };
        assert_int_equal(sys_write(c[i], U(msg), 1), 1);
    }
    for (int i = 39; i >= 0; i--) {
        assert_int_equal(sys_read(conn[i], U(buf), sizeof(buf)), 1);
        assert_int_equal(buf[0], 'A' + i);
    }
    for (int i = 0; i < 40; i++) {
        assert_int_equal(sys_close(c[i]), 0);
        assert_int_equal(sys_close(conn[i]), 0);
    }
    assert_int_equal(sys_close(srv), 0);
    assert_int_equal(sys_unlink(U("/tmp/srv")), 0);
    assert_all_freed(0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_socket_arguments), T(test_socket_file), T(test_not_a_socket),
        T(test_socketpair), T(test_bind_creates_a_socket_node), T(test_address_checks),
        T(test_unterminated_full_path), T(test_abstract_and_autobind),
        T(test_passcred_autobinds_on_connect),
        T(test_names_reported), T(test_connect_errors), T(test_backlog),
        T(test_accept_waits), T(test_unlink_removes_only_the_name),
        T(test_write_before_accept), T(test_eof_and_epipe),
        T(test_close_with_unread_data_resets),
        T(test_listener_close_resets_waiting_clients), T(test_buffer_fills_and_wraps),
        T(test_blocking_write_waits_for_the_reader), T(test_recv_flags),
        T(test_sendto_with_an_address), T(test_sendmsg_recvmsg), T(test_shutdown),
        T(test_poll_masks), T(test_epoll_sockets), T(test_epoll_nesting), T(test_socket_options), T(test_timeouts),
        T(test_many_connections_freed),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
