/*
 * tests/dom0/unix_socket_test.c - AF_UNIX stream sockets as dom0's
 * programs use them, built against Debian's glibc: a server and its
 * clients in separate processes (an accept loop and a poll loop), a
 * megabyte through a full buffer, EOF, EPIPE and SIGPIPE, non-blocking
 * calls, poll, SO_PEERCRED, signals and SO_RCVTIMEO during a wait, the
 * /run tmpfs, and each bad argument with Linux's errno.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define DIR             "/run/unix_test"
#define SOCK_PATH       DIR "/sock"
#define CLIENTS         20
#define POLL_CLIENTS    8
#define MESSAGES        3
#define BIG             (1 << 20)
#define TMPFS_MAGIC     0x01021994

#define CHECK_ERRNO(name, call, want) do {                  \
        long ret_ = (call);                                 \
        check_errno(name, ret_, errno, want);               \
    } while (0)

static socklen_t sun_of(struct sockaddr_un *a, const char *path)
{
    memset(a, 0, sizeof(*a));
    a->sun_family = AF_UNIX;
    memcpy(a->sun_path, path, strnlen(path, sizeof(a->sun_path) - 1));
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static int listen_at(const char *path, int backlog)
{
    struct sockaddr_un a;
    socklen_t len = sun_of(&a, path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    unlink(path);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, len) || listen(fd, backlog))
        return -1;
    return fd;
}

static int connect_to(const char *path, int type_flags)
{
    struct sockaddr_un a;
    socklen_t len = sun_of(&a, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | type_flags, 0);

    if (fd < 0 || connect(fd, (struct sockaddr *)&a, len)) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

/* Reads exactly n bytes unless EOF or an error comes first. */
static ssize_t read_full(int fd, void *buf, size_t n)
{
    size_t done = 0;

    while (done < n) {
        ssize_t got = read(fd, (char *)buf + done, n - done);
        if (got <= 0)
            return got < 0 ? got : (ssize_t)done;
        done += (size_t)got;
    }
    return (ssize_t)done;
}

static int wait_all(int count)
{
    int status, bad = 0;

    for (int i = 0; i < count; i++)
        if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
            bad++;
    return bad;
}

/* ---- a server and clients across fork ---- */

/* A client: sends its pid, expects "echo <pid>" back. */
static void echo_client(void)
{
    char msg[32], want[40], got[40] = { 0 };
    int fd = connect_to(SOCK_PATH, 0);
    int n = snprintf(msg, sizeof(msg), "%d", getpid());

    snprintf(want, sizeof(want), "echo %s", msg);
    if (fd < 0 || write(fd, msg, (size_t)n) != n || shutdown(fd, SHUT_WR))
        _exit(2);
    if (read_full(fd, got, sizeof(got) - 1) != (ssize_t)strlen(want) || strcmp(got, want))
        _exit(3);
    _exit(0);
}

/* Reads a client's pid and checks it against SO_PEERCRED: 1 if they agree. */
static int serve_one(int conn)
{
    struct ucred cred;
    socklen_t len = sizeof(cred);
    char msg[32] = { 0 }, reply[40];
    ssize_t n = read_full(conn, msg, sizeof(msg) - 1);
    int ok;

    ok = n > 0 && !getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &cred, &len) &&
         len == sizeof(cred) && cred.pid == atoi(msg) && cred.uid == getuid() &&
         cred.gid == getgid();
    n = snprintf(reply, sizeof(reply), "echo %s", msg);
    ok = ok && write(conn, reply, (size_t)n) == n;
    close(conn);
    return ok;
}

static void accept_server(void)
{
    int srv = listen_at(SOCK_PATH, 64), served = 0;
    struct stat st;

    check_true("bind and listen on " SOCK_PATH, srv >= 0, strerror(errno));
    check_true("the name is a socket", !stat(SOCK_PATH, &st) && S_ISSOCK(st.st_mode),
               "not S_IFSOCK");
    for (int i = 0; i < CLIENTS; i++)
        if (fork() == 0)
            echo_client();
    for (int i = 0; i < CLIENTS; i++) {
        int conn = accept(srv, NULL, NULL);
        served += conn >= 0 && serve_one(conn);
    }
    check_true("20 clients served, each SO_PEERCRED its own pid", served == CLIENTS,
               "a client got a wrong answer");
    check_true("every client got its echo", wait_all(CLIENTS) == 0, "a client failed");
    close(srv);
}

/* A client of the poll server: MESSAGES lines, each echoed before the next. */
static void chatty_client(int id)
{
    int fd = connect_to(SOCK_PATH, 0);

    for (int m = 0; fd >= 0 && m < MESSAGES; m++) {
        char msg[16], got[16] = { 0 };
        int n = snprintf(msg, sizeof(msg), "c%d m%d\n", id, m);
        if (write(fd, msg, (size_t)n) != n || read_full(fd, got, (size_t)n) != n ||
            memcmp(got, msg, (size_t)n))
            _exit(2);
    }
    _exit(fd >= 0 ? 0 : 3);
}

/* Echoes what a connection sent; 0 at its EOF (then it is closed). */
static int echo_some(int fd, long *bytes)
{
    char buf[256];
    ssize_t n = read(fd, buf, sizeof(buf));

    if (n <= 0) {
        close(fd);
        return 0;
    }
    *bytes += n;
    return write(fd, buf, (size_t)n) == n;
}

static void poll_server(void)
{
    struct pollfd p[1 + POLL_CLIENTS];
    int srv = listen_at(SOCK_PATH, 4), open_conns = 0, accepted = 0;
    long bytes = 0;

    for (int i = 0; i < POLL_CLIENTS; i++)
        if (fork() == 0)
            chatty_client(i);
    p[0] = (struct pollfd){ .fd = srv, .events = POLLIN };
    for (int i = 1; i <= POLL_CLIENTS; i++)
        p[i] = (struct pollfd){ .fd = -1, .events = POLLIN };
    while (srv >= 0 && (accepted < POLL_CLIENTS || open_conns > 0)) {
        if (poll(p, 1 + POLL_CLIENTS, 10000) <= 0)
            break;
        if ((p[0].revents & POLLIN) && accepted < POLL_CLIENTS) {
            p[1 + accepted++].fd = accept4(srv, NULL, NULL, SOCK_CLOEXEC);
            open_conns++;
        }
        for (int i = 1; i <= POLL_CLIENTS; i++)
            if (p[i].fd >= 0 && (p[i].revents & (POLLIN | POLLHUP)) && !echo_some(p[i].fd, &bytes)) {
                p[i].fd = -1;
                open_conns--;
            }
    }
    check_true("poll server: 8 clients, 3 lines each, all echoed",
               accepted == POLL_CLIENTS && open_conns == 0 && bytes == POLL_CLIENTS * MESSAGES * 6,
               "lost a client or a line");
    check_true("poll clients all got their echoes", wait_all(POLL_CLIENTS) == 0,
               "a client failed");
    close(srv);
}

/* A megabyte from a child through a 64 KiB buffer: the writer waits for the reader. */
static void big_transfer(void)
{
    static unsigned char buf[BIG];
    int sv[2], good = 1;
    uint32_t sum = 0, want = 0;

    for (int i = 0; i < BIG; i++)
        want += (uint8_t)(i * 31 + 7);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    if (fork() == 0) {
        close(sv[0]);
        for (int i = 0; i < BIG; i++)
            buf[i] = (uint8_t)(i * 31 + 7);
        _exit(write(sv[1], buf, BIG) == BIG ? 0 : 1);
    }
    close(sv[1]);
    memset(buf, 0, sizeof(buf));
    good = read_full(sv[0], buf, BIG) == BIG;
    for (int i = 0; i < BIG; i++)
        sum += buf[i];
    check_true("1 MiB through a socket, intact", good && sum == want, "short or corrupt");
    check_true("then EOF", read(sv[0], buf, 1) == 0, "no EOF");
    check_true("the writer wrote it all in one call", wait_all(1) == 0, "short write");
    close(sv[0]);
}

/* ---- EOF, EPIPE, non-blocking, poll ---- */

static volatile sig_atomic_t sigpipes, alarms;

static void on_sigpipe(int sig)
{
    (void)sig;
    sigpipes++;
}

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

static void eof_and_epipe(void)
{
    int sv[2];
    char c;

    signal(SIGPIPE, on_sigpipe);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    close(sv[0]);
    check_true("read after the peer closed: EOF", read(sv[1], &c, 1) == 0, "not 0");
    CHECK_ERRNO("write after the peer closed: EPIPE", write(sv[1], "x", 1), EPIPE);
    check_true("... and SIGPIPE", sigpipes == 1, "no SIGPIPE");
    CHECK_ERRNO("send MSG_NOSIGNAL: EPIPE", send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE);
    check_true("... without SIGPIPE", sigpipes == 1, "SIGPIPE anyway");
    close(sv[1]);
    signal(SIGPIPE, SIG_DFL);
}

static void nonblocking(void)
{
    static char chunk[4096];
    struct pollfd p;
    int sv[2], full = 0;
    long total = 0;
    ssize_t n;
    char c;

    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
    CHECK_ERRNO("non-blocking read of nothing: EAGAIN", read(sv[0], &c, 1), EAGAIN);
    while ((n = write(sv[1], chunk, sizeof(chunk))) > 0)
        total += n;
    full = n < 0 && errno == EAGAIN;
    check_true("writes fill the 64 KiB buffer, then EAGAIN", full && total == 65536,
               "no EAGAIN or a different size");
    p = (struct pollfd){ .fd = sv[1], .events = POLLOUT };
    check_true("a full socket does not poll writable", poll(&p, 1, 0) == 0, "POLLOUT");
    p = (struct pollfd){ .fd = sv[0], .events = POLLIN };
    check_true("its peer polls readable", poll(&p, 1, 0) == 1 && (p.revents & POLLIN),
               "no POLLIN");
    if (fork() == 0) {
        static char sink[1 << 20];
        fcntl(sv[0], F_SETFL, 0);
        _exit(total <= (long)sizeof(sink) && read_full(sv[0], sink, (size_t)total) == total ? 0 : 1);
    }
    p = (struct pollfd){ .fd = sv[1], .events = POLLOUT };
    check_true("a reader draining it wakes a poll for POLLOUT",
               poll(&p, 1, 20000) == 1 && (p.revents & POLLOUT), "no POLLOUT");
    check_true("... which read it all", wait_all(1) == 0, "short read");
    fcntl(sv[0], F_SETFL, 0);
    CHECK_ERRNO("MSG_DONTWAIT on a blocking socket", (recv(sv[1], &c, 1, MSG_DONTWAIT)),
                EAGAIN);
    close(sv[1]);
    p = (struct pollfd){ .fd = sv[0], .events = POLLIN | POLLRDHUP };
    check_true("peer gone: POLLIN|POLLRDHUP|POLLHUP",
               poll(&p, 1, 0) == 1 && p.revents == (POLLIN | POLLRDHUP | POLLHUP),
               "other revents");
    close(sv[0]);
}

static void full_backlog(void)
{
    int srv = listen_at(SOCK_PATH, 0), a, b;

    a = connect_to("/var/run/unix_test/sock", SOCK_NONBLOCK);
    check_true("backlog 0: one connection waits (through /var/run)", a >= 0, strerror(errno));
    b = connect_to(SOCK_PATH, SOCK_NONBLOCK);
    check_errno("backlog full, non-blocking connect: EAGAIN", b, errno, EAGAIN);
    close(a);
    close(srv);
}

/* ---- signals during a wait ---- */

static void interrupted_read(void)
{
    struct sigaction sa = { .sa_handler = on_alarm };
    int sv[2];
    char c;

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    sigaction(SIGALRM, &sa, NULL);
    alarm(1);
    CHECK_ERRNO("a signal ends a blocking read: EINTR", read(sv[0], &c, 1), EINTR);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    if (fork() == 0) {
        sleep(2);
        _exit(write(sv[1], "r", 1) == 1 ? 0 : 1);
    }
    alarm(1);
    check_true("with SA_RESTART the read goes on and gets the byte",
               read(sv[0], &c, 1) == 1 && c == 'r' && alarms == 2, "interrupted");
    wait_all(1);
    close(sv[0]);
    close(sv[1]);
}

/* SO_RCVTIMEO ends a read that waited 100 ms with EAGAIN. */
static void receive_timeout(void)
{
    struct timeval tv = { 0, 100000 }, got = { 9, 9 };
    struct timespec t0, t1;
    socklen_t len = sizeof(got);
    int sv[2];
    char c;
    long waited_ms;

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    check_true("SO_RCVTIMEO set and read back",
               !setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) &&
               !getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &got, &len) &&
               got.tv_sec == 0 && got.tv_usec == 100000, "not the value set");
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK_ERRNO("a read past SO_RCVTIMEO: EAGAIN", read(sv[0], &c, 1), EAGAIN);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    waited_ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    check_true("... after waiting its 100 ms", waited_ms >= 100, "returned early");
    close(sv[0]);
    close(sv[1]);
}

/* ---- names, vectors, credentials ---- */

static void names_and_vectors(void)
{
    struct sockaddr_un a;
    socklen_t len = sizeof(a);
    int srv = listen_at(SOCK_PATH, 4), c = connect_to(SOCK_PATH, 0), conn;
    char x[3], y[5];
    struct iovec out[2] = { { "abc", 3 }, { "defgh", 5 } }, in[2] = { { x, 3 }, { y, 5 } };
    struct msghdr m = { .msg_iov = in, .msg_iovlen = 2 };

    conn = accept(srv, NULL, NULL);
    check_true("getpeername: the server's path",
               !getpeername(c, (struct sockaddr *)&a, &len) && !strcmp(a.sun_path, SOCK_PATH),
               "wrong name");
    check_true("writev then recvmsg into two buffers",
               writev(conn, out, 2) == 8 && recvmsg(c, &m, 0) == 8 &&
               !memcmp(x, "abc", 3) && !memcmp(y, "defgh", 5), "bytes differ");
    check_true("unlink removes the name", !unlink(SOCK_PATH), strerror(errno));
    CHECK_ERRNO("connect to the removed name: ENOENT", connect_to(SOCK_PATH, 0), ENOENT);
    check_true("the connection still works", write(c, "z", 1) == 1 &&
               read(conn, x, 1) == 1 && x[0] == 'z', "broken");
    close(c);
    close(conn);
    close(srv);
}

static void run_tmpfs(void)
{
    struct statfs fs;
    char target[16] = { 0 };

    check_true("/run is a tmpfs", !statfs("/run", &fs) && fs.f_type == TMPFS_MAGIC,
               "not tmpfs");
    check_true("/var/run links to /run",
               readlink("/var/run", target, sizeof(target) - 1) == 4 &&
               !strcmp(target, "/run"), target);
    check_true("daemons can make a directory there", !mkdir(DIR, 0755) || errno == EEXIST,
               strerror(errno));
}

/* ---- bad arguments ---- */

static void bad_arguments(void)
{
    struct sockaddr_un a;
    socklen_t len = sun_of(&a, SOCK_PATH);
    int s = socket(AF_UNIX, SOCK_STREAM, 0), t = socket(AF_UNIX, SOCK_STREAM, 0);
    int file = open("/etc/passwd", O_RDONLY), v;
    socklen_t vlen = sizeof(v);

    CHECK_ERRNO("socket(AF_INET): EAFNOSUPPORT", socket(AF_INET, SOCK_STREAM, 0), EAFNOSUPPORT);
    CHECK_ERRNO("SOCK_DGRAM: ESOCKTNOSUPPORT", socket(AF_UNIX, SOCK_DGRAM, 0), ESOCKTNOSUPPORT);
    CHECK_ERRNO("bad type flags: EINVAL", socket(AF_UNIX, SOCK_STREAM | O_APPEND, 0), EINVAL);
    CHECK_ERRNO("bind on a bad fd: EBADF", bind(999, (struct sockaddr *)&a, len), EBADF);
    CHECK_ERRNO("listen on a file: ENOTSOCK", listen(file, 1), ENOTSOCK);
    CHECK_ERRNO("bind to a bad pointer: EFAULT", bind(s, (struct sockaddr *)8, len), EFAULT);
    CHECK_ERRNO("bind with length 0: EINVAL", bind(s, (struct sockaddr *)&a, 0), EINVAL);
    CHECK_ERRNO("bind with length 200: EINVAL", bind(s, (struct sockaddr *)&a, 200), EINVAL);
    unlink(SOCK_PATH);
    check_true("bind", !bind(s, (struct sockaddr *)&a, len), strerror(errno));
    CHECK_ERRNO("a second bind of the path: EADDRINUSE", bind(t, (struct sockaddr *)&a, len),
                EADDRINUSE);
    CHECK_ERRNO("connect to a name nobody listens on: ECONNREFUSED",
                connect(t, (struct sockaddr *)&a, len), ECONNREFUSED);
    len = sun_of(&a, "/etc/passwd");
    CHECK_ERRNO("connect to a non-socket: ECONNREFUSED", connect(t, (struct sockaddr *)&a, len),
                ECONNREFUSED);
    len = sun_of(&a, "/run/no/such");
    CHECK_ERRNO("connect to no path: ENOENT", connect(t, (struct sockaddr *)&a, len), ENOENT);
    CHECK_ERRNO("accept on an unlistened socket: EINVAL", accept(t, NULL, NULL), EINVAL);
    CHECK_ERRNO("read unconnected: EINVAL", read(t, &v, 1), EINVAL);
    CHECK_ERRNO("write unconnected: ENOTCONN", write(t, "x", 1), ENOTCONN);
    CHECK_ERRNO("shutdown how=7: EINVAL", shutdown(t, 7), EINVAL);
    CHECK_ERRNO("getsockopt unknown: ENOPROTOOPT",
                getsockopt(t, SOL_SOCKET, 12345, &v, &vlen), ENOPROTOOPT);
    check_true("SO_TYPE is SOCK_STREAM",
               !getsockopt(t, SOL_SOCKET, SO_TYPE, &v, &vlen) && v == SOCK_STREAM, "wrong");
    CHECK_ERRNO("lseek on a socket: ESPIPE", lseek(t, 0, SEEK_SET), ESPIPE);
    unlink(SOCK_PATH);
    close(s);
    close(t);
    close(file);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    run_tmpfs();
    accept_server();
    poll_server();
    big_transfer();
    eof_and_epipe();
    nonblocking();
    full_backlog();
    names_and_vectors();
    interrupted_read();
    receive_timeout();
    bad_arguments();
    return check_verdict("unix_socket_test");
}
