"""AF_UNIX stream sockets in domain 0's kernel (dom0/net/).

One boot of the control domain runs tests/dom0/unix_socket_test.c, a
Debian-built program: an accept server and a poll server with clients
in other processes, SO_PEERCRED, a megabyte through a full buffer, EOF,
EPIPE/SIGPIPE, non-blocking calls and a full backlog, signals during a
wait, the /run tmpfs, and bad arguments with Linux's errno.  Each check
is a line of its own, so a failure names what broke.
"""

import pytest

pytestmark = pytest.mark.xdist_group("dom0-unix")

CHECKS = [
    "/run is a tmpfs",
    "/var/run links to /run",
    "bind and listen on /run/unix_test/sock",
    "the name is a socket",
    "20 clients served, each SO_PEERCRED its own pid",
    "every client got its echo",
    "poll server: 8 clients, 3 lines each, all echoed",
    "1 MiB through a socket, intact",
    "then EOF",
    "read after the peer closed: EOF",
    "write after the peer closed: EPIPE",
    "... and SIGPIPE",
    "send MSG_NOSIGNAL: EPIPE",
    "... without SIGPIPE",
    "non-blocking read of nothing: EAGAIN",
    "writes fill the 64 KiB buffer, then EAGAIN",
    "a full socket does not poll writable",
    "a reader draining it wakes a poll for POLLOUT",
    "... which read it all",
    "peer gone: POLLIN|POLLRDHUP|POLLHUP",
    "backlog 0: one connection waits (through /var/run)",
    "backlog full, non-blocking connect: EAGAIN",
    "getpeername: the server's path",
    "writev then recvmsg into two buffers",
    "unlink removes the name",
    "connect to the removed name: ENOENT",
    "the connection still works",
    "a signal ends a blocking read: EINTR",
    "with SA_RESTART the read goes on and gets the byte",
    "SO_RCVTIMEO set and read back",
    "a read past SO_RCVTIMEO: EAGAIN",
    "... after waiting its 100 ms",
    "socket(AF_INET): EAFNOSUPPORT",
    "SOCK_DGRAM: ESOCKTNOSUPPORT",
    "bind to a bad pointer: EFAULT",
    "bind with length 200: EINVAL",
    "a second bind of the path: EADDRINUSE",
    "connect to a name nobody listens on: ECONNREFUSED",
    "connect to a non-socket: ECONNREFUSED",
    "connect to no path: ENOENT",
    "listen on a file: ENOTSOCK",
    "bind on a bad fd: EBADF",
]


@pytest.fixture(scope="module")
def unix_test(dom0_shell):
    return dom0_shell.run("/opt/tests/unix_socket_test", timeout=120)


@pytest.mark.parametrize("check", CHECKS)
def test_socket_check(unix_test, check):
    assert f"ok - {check}" in unix_test.lines, unix_test


def test_unix_socket_verdict(unix_test, dom0_shell):
    assert not [l for l in unix_test.lines if l.startswith("not ok")], unix_test
    assert unix_test.lines[-1] == "unix_socket_test: PASS", unix_test
    assert unix_test.status == 0, unix_test
    assert dom0_shell.ok("echo still here") == "still here"


def test_run_is_writable_from_the_shell(dom0_shell):
    """Where xenstored makes its socket's directory; /var/run leads there too."""
    dom0_shell.ok("mkdir -p /run/xenstored")
    assert dom0_shell.ok("test -d /var/run/xenstored && echo yes") == "yes"
