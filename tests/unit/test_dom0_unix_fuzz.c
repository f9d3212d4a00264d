/*
 * tests/unit/test_dom0_unix_fuzz.c - random sequences of socket calls
 * (dom0/net/) under ASan and UBSan: a few names (paths, abstract, bad),
 * descriptors, flags, lengths and option numbers, with bad pointers
 * mixed in, and blocking calls that a fake signal ends.  Besides "no
 * crash" and "only errnos or successes", after each sequence, once every
 * descriptor is closed and the names unlinked: no socket, buffer page or
 * name is left, and no name in the tree still points at a socket.
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
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/socket.h>
#include "vfs.h"
#include "dom0_fakes.h"

#define CALL_ROUNDS         160000
#define SEQUENCES           16

static struct cpio_builder archive;
static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint32_t rnd(uint32_t n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng >> 33) % n;
}

static int setup(void **state)
{
    (void)state;
    fake_process_reset();
    memset(&archive, 0, sizeof(archive));
    cpio_add(&archive, "etc/passwd", S_IFREG | 0644, "root", 4, 1, 1);
    fake_fs_boot(&archive, true);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fake_fs_teardown(&archive);
    return 0;
}

static const char *const paths[] = {
    "/tmp/a", "/tmp/b", "/tmp/c", "/etc/passwd", "/tmp", "/nope/x", "/etc/x",
};
static const char *const removable[] = { "/tmp/a", "/tmp/b", "/tmp/c" };

/*
 * Addresses: paths, abstract names, autobind, junk, bad pointers and
 * lengths.  Each has room for the longest length the calls copy (128).
 */
static struct padded_sockaddr {
    struct linux_sockaddr_un sa;
    uint8_t room[LINUX_SOCKADDR_STORAGE - sizeof(struct linux_sockaddr_un)];
} addr_slots[12];
static uint64_t addr_lens[12];

static void make_addresses(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
        addr_slots[i].sa.sun_family = AF_UNIX;
        strcpy(addr_slots[i].sa.sun_path, paths[i]);
        addr_lens[i] = 2 + strlen(paths[i]) + 1;
    }
    addr_slots[7].sa = (struct linux_sockaddr_un){ AF_UNIX, "\0abs" };
    addr_lens[7] = 6;
    addr_slots[8].sa = (struct linux_sockaddr_un){ AF_UNIX, "\0abt" };
    addr_lens[8] = 6;
    addr_slots[9].sa = (struct linux_sockaddr_un){ AF_UNIX, "" };
    addr_lens[9] = 2;
    memset(&addr_slots[10].sa, 'z', sizeof(addr_slots[10].sa));
    addr_slots[10].sa.sun_family = AF_UNIX;
    addr_lens[10] = sizeof(addr_slots[10].sa);
    addr_slots[11].sa = (struct linux_sockaddr_un){ 2, "/tmp/a" };
    addr_lens[11] = 9;
}

static uaddr_t any_addr(uint64_t *len)
{
    uint32_t i = rnd(ARRAY_SIZE(addr_slots));

    *len = rnd(20) ? addr_lens[i] : (uint64_t)rnd(150) - 10;
    return rnd(30) ? U(&addr_slots[i]) : (rnd(2) ? BAD_UPTR : 0);
}

static uint8_t scratch[80000] __attribute__((aligned(8)));

static uaddr_t any_buf(void)
{
    return rnd(20) ? U(scratch + rnd(64)) : BAD_UPTR;
}

static uint64_t any_len(void)
{
    return rnd(3) ? rnd(200) : rnd(sizeof(scratch) - 64);
}

static uint64_t any_fd(void)
{
    return rnd(30) ? rnd(12) : (uint64_t)-1;
}

static const uint32_t msg_flag_choices[] = {
    0, MSG_DONTWAIT, MSG_PEEK, MSG_WAITALL, MSG_NOSIGNAL, MSG_OOB,
    MSG_PEEK | MSG_DONTWAIT, MSG_WAITALL | MSG_DONTWAIT, 0xffffffff,
};

static uint32_t any_msg_flags(void)
{
    return msg_flag_choices[rnd(ARRAY_SIZE(msg_flag_choices))];
}

/* A length cell for the calls that read and write one: sometimes bad. */
static int32_t len_cell;

static uaddr_t any_len_cell(void)
{
    len_cell = rnd(10) ? (int32_t)rnd(140) : -1;
    return rnd(25) ? U(&len_cell) : BAD_UPTR;
}

static struct linux_iovec iov[4];
static struct linux_msghdr msg;

static uaddr_t any_msghdr(void)
{
    uint64_t len;

    for (int i = 0; i < 4; i++)
        iov[i] = (struct linux_iovec){ any_buf(), rnd(3) ? rnd(300) : 0 };
    msg = (struct linux_msghdr){
        .msg_iov = rnd(15) ? U(iov) : BAD_UPTR, .msg_iovlen = rnd(10) ? rnd(5) : 5000,
    };
    if (!rnd(4))
        msg.msg_name = any_addr(&len), msg.msg_namelen = (int32_t)len;
    if (!rnd(8))
        msg.msg_control = U(scratch), msg.msg_controllen = rnd(64);
    return rnd(20) ? U(&msg) : BAD_UPTR;
}

enum { C_SERVER, C_SOCKET, C_PAIR, C_BIND, C_LISTEN, C_CONNECT, C_ACCEPT, C_READ, C_WRITE,
       C_SENDTO, C_RECVFROM, C_SENDMSG, C_RECVMSG, C_SHUTDOWN, C_GETOPT, C_SETOPT,
       C_NAME, C_CLOSE, C_UNLINK, C_POLL, C_NONBLOCK, C_DUP2, C_KINDS };

static int successes[C_KINDS];

/* A listener on one of the good names, so that connects have somewhere to go. */
static long new_server(void)
{
    uint32_t i = rnd(3) ? rnd(3) : 7 + rnd(2);
    long fd = sys_socket(AF_UNIX, SOCK_STREAM | (rnd(2) ? SOCK_NONBLOCK : 0), 0);

    if (fd >= 0 && (sys_bind(fd, U(&addr_slots[i]), addr_lens[i]) ||
                    sys_listen(fd, rnd(3)))) {
        sys_close(fd);
        return -EADDRINUSE;
    }
    return fd;
}

static long call_net(int kind)
{
    uint64_t len;
    uaddr_t a;
    int fds[2];

    switch (kind) {
    case C_SERVER: return new_server();
    case C_SOCKET: return sys_socket(rnd(8) ? AF_UNIX : rnd(50), rnd(8) ? SOCK_STREAM | (rnd(2) ? SOCK_NONBLOCK : 0) : rnd(20), rnd(8) ? 0 : rnd(3));
    case C_PAIR: return sys_socketpair(AF_UNIX, SOCK_STREAM | (rnd(2) ? SOCK_NONBLOCK : 0), 0, rnd(20) ? U(fds) : BAD_UPTR);
    case C_BIND: a = any_addr(&len); return sys_bind(any_fd(), a, len);
    case C_LISTEN: return sys_listen(any_fd(), rnd(4) ? rnd(4) : (uint64_t)-1);
    case C_CONNECT: a = any_addr(&len); return sys_connect(any_fd(), a, len);
    case C_ACCEPT: return sys_accept4(any_fd(), rnd(2) ? any_buf() : 0, any_len_cell(), rnd(6) ? SOCK_NONBLOCK : rnd(4));
    case C_READ: return sys_read(any_fd(), any_buf(), any_len());
    default: return -EINVAL;
    }
}

static long call_io(int kind)
{
    uint64_t len;
    uaddr_t a;
    struct linux_pollfd p = { .fd = (int)any_fd(), .events = POLLIN | POLLOUT };

    switch (kind) {
    case C_WRITE: return sys_write(any_fd(), any_buf(), any_len());
    case C_SENDTO: a = rnd(4) ? 0 : any_addr(&len); return sys_sendto(any_fd(), any_buf(), any_len(), any_msg_flags(), a, a ? len : 0);
    case C_RECVFROM: return sys_recvfrom(any_fd(), any_buf(), any_len(), any_msg_flags(), rnd(2) ? any_buf() : 0, any_len_cell());
    case C_SENDMSG: return sys_sendmsg(any_fd(), any_msghdr(), any_msg_flags());
    case C_RECVMSG: return sys_recvmsg(any_fd(), any_msghdr(), any_msg_flags());
    case C_SHUTDOWN: return sys_shutdown(any_fd(), rnd(4));
    case C_GETOPT: return sys_getsockopt(any_fd(), rnd(6) ? SOL_SOCKET : rnd(300), rnd(45), any_buf(), any_len_cell());
    case C_SETOPT: return sys_setsockopt(any_fd(), rnd(6) ? SOL_SOCKET : rnd(300), rnd(45), any_buf(), rnd(10) - 2);
    case C_NAME: return rnd(2) ? sys_getsockname(any_fd(), any_buf(), any_len_cell()) : sys_getpeername(any_fd(), any_buf(), any_len_cell());
    case C_CLOSE: return sys_close(any_fd());
    case C_UNLINK: return sys_unlink(U(removable[rnd(ARRAY_SIZE(removable))]));
    case C_POLL: return sys_poll(U(&p), 1, 0);
    case C_NONBLOCK: return sys_fcntl(any_fd(), F_SETFL, rnd(2) ? O_NONBLOCK : 0);
    default: return sys_dup2(any_fd(), any_fd());
    }
}

static void random_call(void)
{
    int kind = (int)rnd(C_KINDS);
    long r = kind <= C_READ ? call_net(kind) : call_io(kind);

    assert_true(r >= -MAX_ERRNO || r == -ERESTARTSYS);
    successes[kind] += r >= 0;
}

/* No name in the tree points at a socket, and none holds a reference. */
static void assert_names_released(struct inode *dir)
{
    for (struct dentry *d = dir->children; d; d = d->next) {
        struct inode *child = d->inode->mounted ? d->inode->mounted : d->inode;
        assert_null(child->bound_sock);
        if (S_ISSOCK(child->mode))
            assert_int_equal(child->refs, 0);
        if (S_ISDIR(child->mode) && child->sb == dir->sb)
            assert_names_released(child);
    }
}

static void test_random_socket_calls(void **state)
{
    struct inode *tmp;

    (void)state;
    make_addresses();
    for (int seq = 0; seq < SEQUENCES; seq++) {
        long heap = fake_heap_live();
        for (int i = 0; i < CALL_ROUNDS / SEQUENCES; i++)
            random_call();
        files_release(fake_proc.files);
        assert_int_equal(vfs_lookup("/tmp", true, &tmp), 0);
        assert_names_released(tmp);
        inode_put(tmp);
        for (size_t i = 0; i < ARRAY_SIZE(removable); i++)
            sys_unlink(U(removable[i]));
        assert_int_equal(fake_pages_live(), 0);
        assert_int_equal(fake_heap_live(), heap - 1);   /* the table itself */
        fake_proc.files = files_new();
    }
    assert_true(fake_signal_count > 0);             /* some write met a closed peer */
    for (int kind = 0; kind < C_KINDS; kind++)
        if (!successes[kind])
            fail_msg("no call of kind %d succeeded", kind);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_random_socket_calls, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
