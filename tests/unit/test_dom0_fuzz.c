/*
 * tests/unit/test_dom0_fuzz.c - random inputs against the file layer,
 * under ASan and UBSan: lookups of random paths, then long random
 * sequences of file system calls on a small set of names, descriptors
 * and flags (with bad pointers mixed in).  Besides "no crash", each
 * checks the reference counts: after every lookup the heap is back to
 * where it was, and after a whole sequence, once the descriptors and the
 * cwd are gone, no inode in the tree holds a reference any more.
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
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include "vfs.h"
#include "dom0_fakes.h"

#define LOOKUP_ROUNDS       20000
#define CALL_ROUNDS         30000
#define SEQUENCES           4

static struct cpio_builder archive;
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

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
    cpio_add(&archive, "bin/busybox", S_IFREG | 0755, "BB", 2, 1, 1);
    cpio_add(&archive, "bin/sh", S_IFLNK | 0777, "busybox", 7, 1, 2);
    cpio_add(&archive, "usr/lib/x", S_IFREG | 0644, "x", 1, 1, 3);
    cpio_add(&archive, "lib", S_IFLNK | 0777, "usr/lib", 7, 1, 4);
    cpio_add(&archive, "loop", S_IFLNK | 0777, "loop/x", 6, 1, 5);
    cpio_add(&archive, "up", S_IFLNK | 0777, "..", 2, 1, 6);
    fake_fs_boot(&archive, true);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fake_fs_teardown(&archive);
    return 0;
}

static const char *const tokens[] = {
    "/", "//", "bin", "sh", "busybox", "..", ".", "lib", "usr", "x", "tmp", "proc",
    "self", "fd", "0", "1", "dev", "null", "shm", "loop", "up", "exe", "status",
    "a", "b", "", "fd/", "1/",
};

static void random_path(char *buf, size_t size)
{
    size_t len = 0;
    int n = (int)rnd(10);

    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        const char *t = tokens[rnd(ARRAY_SIZE(tokens))];
        len += (size_t)snprintf(buf + len, size - len, "%s%s", t,
                                rnd(3) ? "/" : "");
        if (len >= size - 16)
            break;
    }
}

static void test_random_lookups(void **state)
{
    char path[512];
    long live;

    (void)state;
    /* An open descriptor, so /proc/self/fd/0 leads somewhere. */
    assert_int_equal(sys_open(U("/bin/busybox"), O_RDONLY, 0), 0);
    live = fake_heap_live();
    for (int i = 0; i < LOOKUP_ROUNDS; i++) {
        struct inode *ino;
        random_path(path, sizeof(path));
        if (vfs_lookup(path, rnd(2), &ino) == 0)
            inode_put(ino);
        assert_int_equal(fake_heap_live(), live);
    }
}

static const char *const names[] = {
    "/tmp/a", "/tmp/b", "/tmp/a/b", "/tmp/b/a", "/tmp/a/a", "/tmp/c", "/dev/shm/s",
    "/bin/busybox", "/bin/sh", "/lib/x", "/dev/null", "/proc/self/fd/3",
    "/proc/self/fd/0", "/tmp", "/", "a", "b", "..", "/tmp/l", "/nope/x", "",
};

static uaddr_t any_name(void)
{
    return rnd(40) ? U(names[rnd(ARRAY_SIZE(names))]) : BAD_UPTR;
}

static const uint32_t flag_choices[] = {
    O_RDONLY, O_WRONLY, O_RDWR, O_CREAT | O_RDWR, O_CREAT | O_EXCL | O_WRONLY,
    O_TRUNC | O_WRONLY, O_APPEND | O_WRONLY, O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC,
    O_RDWR | O_NONBLOCK,
};

static uint8_t scratch[9000] __attribute__((aligned(8)));

static uaddr_t any_buf(void)
{
    return rnd(20) ? U(scratch + rnd(64)) : BAD_UPTR;
}

static uint64_t any_fd(void)
{
    return rnd(30) ? rnd(12) : (uint64_t)-1;
}

enum { C_OPEN, C_CLOSE, C_READ, C_WRITE, C_LSEEK, C_DUP2, C_MKDIR, C_RMDIR, C_UNLINK,
       C_RENAME, C_SYMLINK, C_LINK, C_GETDENTS, C_PIPE, C_FCNTL, C_FTRUNCATE, C_FSTAT,
       C_CHDIR, C_PWRITE, C_FCHDIR, C_READLINK, C_KINDS };

/* Calls of each kind that succeeded: the sequence must do real work. */
static int successes[C_KINDS];

static long call_one(int kind)
{
    int fds[2];
    long r;

    switch (kind) {
    case C_OPEN: return sys_open(any_name(), flag_choices[rnd(ARRAY_SIZE(flag_choices))], 0644);
    case C_CLOSE: return sys_close(any_fd());
    case C_READ: return sys_read(any_fd(), any_buf(), rnd(2) ? rnd(100) : sizeof(scratch) - 64);
    case C_WRITE: return sys_write(any_fd(), any_buf(), rnd(2) ? rnd(100) : sizeof(scratch) - 64);
    case C_LSEEK: return sys_lseek(any_fd(), rnd(10000) - 100, rnd(6));
    case C_DUP2: return sys_dup2(any_fd(), any_fd());
    case C_MKDIR: return sys_mkdir(any_name(), 0755);
    case C_RMDIR: return sys_rmdir(any_name());
    case C_UNLINK: return sys_unlink(any_name());
    case C_RENAME: return sys_rename(any_name(), any_name());
    case C_SYMLINK: return sys_symlink(any_name(), any_name());
    case C_LINK: return sys_link(any_name(), any_name());
    case C_GETDENTS: return sys_getdents64(any_fd(), any_buf(), rnd(300));
    case C_PIPE:
        if ((r = sys_pipe2(U(fds), O_NONBLOCK)) == 0 && rnd(2))
            sys_close(fds[rnd(2)]);
        return r;
    case C_FCNTL: return sys_fcntl(any_fd(), rnd(2) ? F_DUPFD : F_SETFL, rnd(2000));
    case C_FTRUNCATE: return sys_ftruncate(any_fd(), rnd(9000));
    case C_FSTAT: return sys_fstat(any_fd(), any_buf());
    case C_CHDIR: return sys_chdir(any_name());
    case C_PWRITE: return sys_pwrite64(any_fd(), any_buf(), rnd(5000), rnd(20000));
    case C_FCHDIR: return sys_fchdir(any_fd());
    default: return sys_readlink(any_name(), any_buf(), rnd(80));
    }
}

/* One random call; its result only has to be an errno or a success. */
static void random_call(void)
{
    int kind = (int)rnd(C_KINDS);
    long r = call_one(kind);

    assert_true(r >= -MAX_ERRNO);
    successes[kind] += r >= 0;
}

/* Every inode reachable from dir holds no reference (roots keep their own). */
static void assert_no_references(struct inode *dir, int depth)
{
    assert_true(depth < 64);
    for (struct dentry *d = dir->children; d; d = d->next) {
        struct inode *child = d->inode;
        if (child->mounted) {
            assert_int_equal(child->refs, 0);
            child = child->mounted;
            assert_int_equal(child->refs, 1);
        } else {
            assert_int_equal(child->refs, 0);
        }
        if (S_ISDIR(child->mode))
            assert_no_references(child, depth + 1);
    }
}

static void test_random_calls(void **state)
{
    (void)state;
    for (int seq = 0; seq < SEQUENCES; seq++) {
        fake_sleep_count = 0;
        for (int i = 0; i < CALL_ROUNDS / SEQUENCES; i++)
            random_call();
        files_release(fake_proc.files);
        fake_proc.files = files_new();
        assert_int_equal(sys_chdir(U("/")), 0);
        assert_no_references(vfs_root_inode, 0);
    }
    assert_int_equal(fake_signal_count > 0, 1);     /* some write met a closed pipe */
    for (int kind = 0; kind < C_KINDS; kind++)
        if (!successes[kind])
            fail_msg("no call of kind %d succeeded", kind);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_random_lookups, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_calls, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
