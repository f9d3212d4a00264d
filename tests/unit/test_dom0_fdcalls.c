/*
 * tests/unit/test_dom0_fdcalls.c - the file system calls on the booted
 * tree: the read-only root from an archive, tmpfs on /tmp, devfs, procfs.
 *
 * Each test boots a fresh tree (vfs_init) for a fake process with an
 * empty descriptor table and its cwd at /, calls the sys_* functions
 * exactly as the dispatcher would (host pointers stand for user ones;
 * BAD_UPTR faults), and checks results against Linux's.  The heap and
 * page counters of the fakes catch leaked files and inodes.
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
#include <kernel/mm.h>
#include <kernel/syscalls_fs.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include "vfs.h"
#include "dom0_fakes.h"

#define MTIME               1600000000
#define FILES_MAX           1024

static struct cpio_builder archive;

static int setup(void **state)
{
    (void)state;
    fake_process_reset();
    memset(&archive, 0, sizeof(archive));
    cpio_add(&archive, "bin/busybox", S_IFREG | 0755, "BUSYBOX!", 8, 1, 1);
    cpio_add(&archive, "bin/sh", S_IFLNK | 0777, "busybox", 7, 1, 2);
    cpio_add(&archive, "etc/passwd", S_IFREG | 0644, "root:x:0:0\n", 11, 1, 3);
    cpio_add(&archive, "usr/lib", S_IFDIR | 0755, NULL, 0, 2, 4);
    cpio_add(&archive, "lib", S_IFLNK | 0777, "usr/lib", 7, 1, 5);
    fake_fs_boot(&archive, true);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fake_fs_teardown(&archive);
    return 0;
}

static long open_(const char *path, uint32_t flags, uint32_t mode)
{
    return sys_open(U(path), flags, mode);
}

static struct linux_stat stat_of(const char *path)
{
    struct linux_stat st;

    memset(&st, 0xff, sizeof(st));
    assert_int_equal(sys_stat(U(path), U(&st)), 0);
    return st;
}

/* ---- Opening and reading the archive ---- */

static void test_read_archive_file(void **state)
{
    char buf[32] = { 0 };
    long fd = open_("/etc/passwd", O_RDONLY, 0);

    (void)state;
    assert_int_equal(fd, 0);
    assert_int_equal(sys_read(fd, U(buf), 4), 4);
    assert_memory_equal(buf, "root", 4);
    assert_int_equal(sys_read(fd, U(buf), sizeof(buf)), 7);
    assert_int_equal(sys_read(fd, U(buf), sizeof(buf)), 0);
    assert_int_equal(sys_lseek(fd, -3, SEEK_END), 8);
    assert_int_equal(sys_read(fd, U(buf), sizeof(buf)), 3);
    assert_memory_equal(buf, ":0\n", 3);
    assert_int_equal(sys_lseek(fd, -100, SEEK_CUR), -EINVAL);
    assert_int_equal(sys_lseek(fd, 0, 7), -EINVAL);
    assert_int_equal(sys_lseek(fd, 100, SEEK_SET), 100);
    assert_int_equal(sys_read(fd, U(buf), sizeof(buf)), 0);
    assert_int_equal(sys_lseek(fd, 2, SEEK_DATA), 2);
    assert_int_equal(sys_lseek(fd, 2, SEEK_HOLE), 11);
    assert_int_equal(sys_lseek(fd, 11, SEEK_DATA), -ENXIO);
    assert_int_equal(sys_pread64(fd, U(buf), 4, 5), 4);
    assert_memory_equal(buf, "x:0:", 4);
    assert_int_equal(sys_pread64(fd, U(buf), 4, (uint64_t)-1), -EINVAL);
    assert_int_equal(sys_read(fd, BAD_UPTR, 4), 0);     /* at EOF: nothing to copy */
    assert_int_equal(sys_lseek(fd, 0, SEEK_SET), 0);
    assert_int_equal(sys_read(fd, BAD_UPTR, 4), -EFAULT);
    assert_int_equal(sys_write(fd, U(buf), 1), -EBADF);
    assert_int_equal(sys_fcntl(fd, F_GETFL, 0), O_RDONLY | O_LARGEFILE);
    assert_int_equal(sys_close(fd), 0);
    assert_int_equal(sys_close(fd), -EBADF);
    assert_int_equal(sys_read(fd, U(buf), 1), -EBADF);
    assert_int_equal(sys_read(-1, U(buf), 1), -EBADF);
    assert_int_equal(sys_read(1ULL << 40, U(buf), 1), -EBADF);
}

static void test_open_errors(void **state)
{
    (void)state;
    assert_int_equal(open_("/nope", O_RDONLY, 0), -ENOENT);
    assert_int_equal(open_("", O_RDONLY, 0), -ENOENT);
    assert_int_equal(sys_open(BAD_UPTR, O_RDONLY, 0), -EFAULT);
    assert_int_equal(open_("/etc/passwd", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR);
    assert_int_equal(open_("/etc/passwd/", O_RDONLY, 0), -ENOTDIR);
    assert_int_equal(open_("/etc", O_WRONLY, 0), -EISDIR);
    assert_int_equal(open_("/etc", O_RDWR, 0), -EISDIR);
    assert_int_equal(open_("/bin/sh", O_RDONLY | O_NOFOLLOW, 0), -ELOOP);
    assert_int_equal(open_("/tmp/x/", O_CREAT | O_WRONLY, 0644), -EISDIR);
    assert_int_equal(open_("/tmp", O_CREAT | O_RDONLY, 0644), -EISDIR);
    assert_int_equal(open_("/nope/x", O_CREAT | O_WRONLY, 0644), -ENOENT);
    /* Following the link is the default. */
    long fd = open_("/bin/sh", O_RDONLY, 0);
    char buf[8];
    assert_true(fd >= 0);
    assert_int_equal(sys_read(fd, U(buf), 8), 8);
    assert_memory_equal(buf, "BUSYBOX!", 8);
    fd = open_("/etc", O_RDONLY | O_DIRECTORY, 0);
    assert_true(fd >= 0);
    assert_int_equal(sys_read(fd, U(buf), 8), -EISDIR);
}

static void test_root_is_read_only(void **state)
{
    (void)state;
    assert_int_equal(open_("/etc/passwd", O_WRONLY, 0), -EROFS);
    assert_int_equal(open_("/etc/passwd", O_RDWR | O_TRUNC, 0), -EROFS);
    assert_int_equal(open_("/etc/new", O_CREAT | O_WRONLY, 0644), -EROFS);
    assert_int_equal(sys_creat(U("/new"), 0644), -EROFS);
    assert_int_equal(sys_mkdir(U("/newdir"), 0755), -EROFS);
    assert_int_equal(sys_mkdir(U("/etc"), 0755), -EEXIST);    /* EEXIST wins */
    assert_int_equal(sys_unlink(U("/etc/passwd")), -EROFS);
    assert_int_equal(sys_unlink(U("/etc/none")), -EROFS);
    assert_int_equal(sys_rmdir(U("/usr/lib")), -EROFS);
    assert_int_equal(sys_rename(U("/etc/passwd"), U("/etc/p")), -EROFS);
    assert_int_equal(sys_symlink(U("x"), U("/etc/l")), -EROFS);
    assert_int_equal(sys_link(U("/etc/passwd"), U("/etc/l")), -EROFS);
    assert_int_equal(sys_chmod(U("/etc/passwd"), 0600), -EROFS);
    assert_int_equal(sys_chown(U("/etc/passwd"), 1, 1), -EROFS);
    assert_int_equal(sys_truncate(U("/etc/passwd"), 0), -EROFS);
    assert_int_equal(sys_utimensat((uint64_t)AT_FDCWD, U("/etc/passwd"), 0, 0), -EROFS);
    assert_int_equal(sys_access(U("/etc/passwd"), W_OK), -EROFS);
    assert_int_equal(sys_access(U("/etc/passwd"), R_OK), 0);
    assert_int_equal(sys_access(U("/bin/busybox"), X_OK), 0);
    assert_int_equal(sys_access(U("/etc/passwd"), X_OK), -EACCES);
    assert_int_equal(sys_access(U("/etc/passwd"), 8), -EINVAL);
    assert_int_equal(sys_access(U("/dev/null"), W_OK), 0);
    assert_int_equal(sys_faccessat2((uint64_t)AT_FDCWD, U("/etc"), F_OK, 0x8000), -EINVAL);
    assert_int_equal(sys_mkdir(U("/dev/x"), 0755), -EROFS);
    assert_int_equal(sys_mkdir(U("/proc/x"), 0755), -EROFS);
}

/* ---- tmpfs ---- */

static void test_tmpfs_create_write_read(void **state)
{
    char buf[16] = { 0 };
    long fd;
    struct linux_stat st;

    (void)state;
    fd = open_("/tmp/a", O_CREAT | O_RDWR, 0666);
    assert_true(fd >= 0);
    st = stat_of("/tmp/a");
    assert_int_equal(st.st_mode, S_IFREG | 0644);          /* umask 022 */
    assert_int_equal(st.st_size, 0);
    assert_int_equal(sys_write(fd, U("hello"), 5), 5);
    assert_int_equal(sys_lseek(fd, 0, SEEK_SET), 0);
    assert_int_equal(sys_read(fd, U(buf), sizeof(buf)), 5);
    assert_memory_equal(buf, "hello", 5);
    assert_int_equal(sys_pwrite64(fd, U("J"), 1, 0), 1);
    assert_int_equal(sys_pread64(fd, U(buf), 5, 0), 5);
    assert_memory_equal(buf, "Jello", 5);
    assert_int_equal(sys_write(fd, BAD_UPTR, 5), -EFAULT);
    assert_int_equal(open_("/tmp/a", O_CREAT | O_EXCL | O_WRONLY, 0644), -EEXIST);
    assert_int_equal(sys_close(fd), 0);
    fd = open_("/tmp/a", O_WRONLY | O_APPEND, 0);
    assert_int_equal(sys_write(fd, U("!"), 1), 1);
    assert_int_equal(stat_of("/tmp/a").st_size, 6);
    assert_int_equal(sys_close(fd), 0);
    fd = open_("/tmp/a", O_WRONLY | O_TRUNC, 0);
    assert_int_equal(stat_of("/tmp/a").st_size, 0);
    assert_int_equal(sys_close(fd), 0);
}

static void test_create_through_dangling_link(void **state)
{
    (void)state;
    assert_int_equal(sys_symlink(U("target"), U("/tmp/dangling")), 0);
    assert_int_equal(open_("/tmp/dangling", O_CREAT | O_EXCL | O_WRONLY, 0644), -EEXIST);
    assert_int_equal(open_("/tmp/dangling", O_CREAT | O_NOFOLLOW | O_WRONLY, 0644), -ELOOP);
    assert_true(open_("/tmp/dangling", O_CREAT | O_WRONLY, 0644) >= 0);
    assert_int_equal(stat_of("/tmp/target").st_mode, S_IFREG | 0644);
    assert_int_equal(sys_symlink(U("self"), U("/tmp/self")), 0);
    assert_int_equal(open_("/tmp/self", O_CREAT | O_WRONLY, 0644), -ELOOP);
    assert_int_equal(sys_symlink(U("/nope/x"), U("/tmp/deep")), 0);
    assert_int_equal(open_("/tmp/deep", O_CREAT | O_WRONLY, 0644), -ENOENT);
}

static void test_tmpfs_holes_and_truncate(void **state)
{
    static uint8_t buf[3 * 4096];
    long fd = open_("/tmp/sparse", O_CREAT | O_RDWR, 0600);
    struct linux_stat st;

    (void)state;
    assert_int_equal(sys_pwrite64(fd, U("end"), 3, 10000), 3);
    st = stat_of("/tmp/sparse");
    assert_int_equal(st.st_size, 10003);
    assert_int_equal(st.st_blocks, 8);                      /* one page */
    memset(buf, 0x55, sizeof(buf));
    assert_int_equal(sys_pread64(fd, U(buf), sizeof(buf), 0), 10003);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(buf[i], 0);
    assert_memory_equal(buf + 10000, "end", 3);
    assert_int_equal(sys_ftruncate(fd, 10001), 0);
    assert_int_equal(sys_ftruncate(fd, 20000), 0);
    assert_int_equal(sys_pread64(fd, U(buf), 4, 10000), 4);
    assert_memory_equal(buf, "e\0\0\0", 4);                 /* the cut bytes stay gone */
    assert_int_equal(sys_ftruncate(fd, (uint64_t)-1), -EINVAL);
    assert_int_equal(sys_truncate(U("/tmp/sparse"), 0), 0);
    assert_int_equal(stat_of("/tmp/sparse").st_blocks, 0);
    assert_int_equal(fake_pages_live(), 0);
    assert_int_equal(sys_truncate(U("/tmp"), 0), -EISDIR);
    long ro = open_("/tmp/sparse", O_RDONLY, 0);
    assert_int_equal(sys_ftruncate(ro, 0), -EINVAL);
}

static void test_tmpfs_page_for_mmap(void **state)
{
    long fd = open_("/tmp/m", O_CREAT | O_RDWR, 0600), err;
    struct inode *ino;
    char *page;
    char buf[4];

    (void)state;
    assert_int_equal(sys_pwrite64(fd, U("abcd"), 4, 4096), 4);
    assert_int_equal(vfs_lookup("/tmp/m", true, &ino), 0);
    /* A hole inside the file becomes a page of the file. */
    page = inode_page(ino, 0, &err);
    assert_non_null(page);
    memcpy(page, "mmap", 4);
    assert_int_equal(sys_pread64(fd, U(buf), 4, 0), 4);
    assert_memory_equal(buf, "mmap", 4);
    page_put(page);
    page = inode_page(ino, 1, &err);
    assert_memory_equal(page, "abcd", 4);
    page_put(page);
    inode_put(ino);
}

static void test_unlink_while_open(void **state)
{
    long before = fake_heap_live(), fd;
    char buf[4];

    (void)state;
    fd = open_("/tmp/gone", O_CREAT | O_RDWR, 0600);
    assert_int_equal(sys_write(fd, U("data"), 4), 4);
    assert_int_equal(sys_unlink(U("/tmp/gone")), 0);
    assert_int_equal(sys_access(U("/tmp/gone"), F_OK), -ENOENT);
    assert_int_equal(sys_pread64(fd, U(buf), 4, 0), 4);
    assert_memory_equal(buf, "data", 4);
    assert_int_equal(sys_close(fd), 0);
    assert_int_equal(fake_heap_live(), before);
    assert_int_equal(fake_pages_live(), 0);
    assert_int_equal(sys_unlink(U("/tmp/gone")), -ENOENT);
}

static void test_mkdir_rmdir(void **state)
{
    (void)state;
    assert_int_equal(sys_mkdir(U("/tmp/d"), 0777), 0);
    assert_int_equal(stat_of("/tmp/d").st_mode, S_IFDIR | 0755);
    assert_int_equal(stat_of("/tmp/d").st_nlink, 2);
    assert_int_equal(stat_of("/tmp").st_nlink, 3);
    assert_int_equal(sys_mkdir(U("/tmp/d"), 0777), -EEXIST);
    assert_int_equal(sys_mkdir(U("/tmp/d/e/"), 0777), 0);
    assert_int_equal(sys_mkdir(U("/tmp/none/e"), 0777), -ENOENT);
    assert_int_equal(sys_rmdir(U("/tmp/d")), -ENOTEMPTY);
    assert_int_equal(sys_unlink(U("/tmp/d")), -EISDIR);
    assert_int_equal(sys_rmdir(U("/tmp/d/e/.")), -EINVAL);
    assert_int_equal(sys_rmdir(U("/tmp/d/e/..")), -ENOTEMPTY);
    assert_int_equal(sys_close(open_("/tmp/d/f", O_CREAT | O_WRONLY, 0644)), 0);
    assert_int_equal(sys_rmdir(U("/tmp/d/f")), -ENOTDIR);
    assert_int_equal(sys_unlink(U("/tmp/d/f/")), -ENOTDIR);
    assert_int_equal(sys_unlinkat((uint64_t)AT_FDCWD, U("/tmp/d/e"), AT_REMOVEDIR), 0);
    assert_int_equal(sys_unlinkat((uint64_t)AT_FDCWD, U("/tmp/d/f"), 0), 0);
    assert_int_equal(sys_unlinkat((uint64_t)AT_FDCWD, U("/tmp/d"), 0x1), -EINVAL);
    assert_int_equal(sys_rmdir(U("/tmp/d")), 0);
    assert_int_equal(stat_of("/tmp").st_nlink, 2);
    assert_int_equal(sys_rmdir(U("/tmp")), -EROFS);        /* the mount point lives in / */
}

static void test_rename(void **state)
{
    char buf[4];
    long fd;

    (void)state;
    assert_int_equal(sys_mkdir(U("/tmp/d"), 0755), 0);
    assert_int_equal(sys_mkdir(U("/tmp/d/sub"), 0755), 0);
    assert_int_equal(sys_mkdir(U("/tmp/full"), 0755), 0);
    assert_int_equal(sys_close(open_("/tmp/full/x", O_CREAT | O_WRONLY, 0644)), 0);
    fd = open_("/tmp/f", O_CREAT | O_RDWR, 0644);
    assert_int_equal(sys_write(fd, U("ren"), 3), 3);
    assert_int_equal(sys_rename(U("/tmp/f"), U("/tmp/d/g")), 0);
    assert_int_equal(sys_access(U("/tmp/f"), F_OK), -ENOENT);
    assert_int_equal(sys_pread64(fd, U(buf), 3, 0), 3);
    assert_int_equal(sys_rename(U("/tmp/d/g"), U("/tmp/d/g")), 0);
    assert_int_equal(sys_rename(U("/tmp/none"), U("/tmp/x")), -ENOENT);
    assert_int_equal(sys_rename(U("/tmp/d"), U("/tmp/d/sub/inside")), -EINVAL);
    assert_int_equal(sys_rename(U("/tmp/d/sub"), U("/tmp/full")), -ENOTEMPTY);
    assert_int_equal(sys_rename(U("/tmp/d/g"), U("/tmp/full")), -EISDIR);
    assert_int_equal(sys_rename(U("/tmp/d/sub"), U("/tmp/d/g")), -ENOTDIR);
    assert_int_equal(sys_rename(U("/tmp/d/g"), U("/etc/g")), -EXDEV);
    assert_int_equal(sys_rename(U("/tmp/d/g/"), U("/tmp/h")), -ENOTDIR);
    assert_int_equal(sys_rename(U("/tmp/."), U("/tmp/h")), -EBUSY);
    assert_int_equal(sys_renameat2((uint64_t)AT_FDCWD, U("/tmp/d/g"), (uint64_t)AT_FDCWD,
                                   U("/tmp/full/x"), RENAME_NOREPLACE), -EEXIST);
    assert_int_equal(sys_renameat2((uint64_t)AT_FDCWD, U("/tmp/d/g"), (uint64_t)AT_FDCWD,
                                   U("/tmp/full/x"), RENAME_EXCHANGE), -EINVAL);
    /* Replacing a file: the old one goes. */
    assert_int_equal(sys_rename(U("/tmp/d/g"), U("/tmp/full/x")), 0);
    assert_int_equal(stat_of("/tmp/full/x").st_size, 3);
    /* Moving a directory moves its ".." and the link counts. */
    assert_int_equal(sys_rename(U("/tmp/d/sub"), U("/tmp/sub2")), 0);
    assert_int_equal(stat_of("/tmp/d").st_nlink, 2);
    assert_int_equal(stat_of("/tmp/sub2").st_nlink, 2);
    assert_int_equal(stat_of("/tmp/sub2/..").st_ino, stat_of("/tmp").st_ino);
    assert_int_equal(sys_rename(U("/tmp/sub2"), U("/tmp/d")), 0);  /* over an empty dir */
    assert_int_equal(stat_of("/tmp").st_nlink, 4);
}

/* Within one directory a renamed directory keeps its ".." (it once lost it). */
static void test_rename_within_a_directory(void **state)
{
    struct linux_stat a, dotdot;

    (void)state;
    assert_int_equal(sys_mkdir(U("/tmp/a"), 0755), 0);
    assert_int_equal(sys_mkdir(U("/tmp/a/b"), 0755), 0);
    assert_int_equal(sys_rename(U("/tmp/a/b"), U("/tmp/a/c")), 0);
    a = stat_of("/tmp/a");
    dotdot = stat_of("/tmp/a/c/..");
    assert_int_equal(dotdot.st_ino, a.st_ino);
    assert_int_equal(sys_rename(U("/tmp/a"), U("/tmp/a/c/d")), -EINVAL);
    assert_int_equal(stat_of("/tmp/a").st_ino, a.st_ino);
    assert_int_equal(sys_rmdir(U("/tmp/a/c")), 0);
    assert_int_equal(sys_rmdir(U("/tmp/a")), 0);
}

/* /tmp is sticky: only root or the owners may remove or replace an entry. */
static void test_sticky_tmp(void **state)
{
    (void)state;
    assert_int_equal(sys_close(open_("/tmp/roots", O_CREAT | O_WRONLY, 0666)), 0);
    fake_proc.euid = 1000;
    assert_int_equal(sys_close(open_("/tmp/mine", O_CREAT | O_WRONLY, 0666)), 0);
    assert_int_equal(sys_unlink(U("/tmp/roots")), -EPERM);
    assert_int_equal(sys_rename(U("/tmp/roots"), U("/tmp/stolen")), -EPERM);
    assert_int_equal(sys_rename(U("/tmp/mine"), U("/tmp/roots")), -EPERM);
    assert_int_equal(sys_unlink(U("/tmp/mine")), 0);
    fake_proc.euid = 0;
    assert_int_equal(sys_unlink(U("/tmp/roots")), 0);
}

static void test_links_and_symlinks(void **state)
{
    char buf[64];

    (void)state;
    assert_int_equal(sys_close(open_("/tmp/a", O_CREAT | O_WRONLY, 0644)), 0);
    assert_int_equal(sys_link(U("/tmp/a"), U("/tmp/b")), 0);
    assert_int_equal(stat_of("/tmp/a").st_nlink, 2);
    assert_int_equal(stat_of("/tmp/b").st_ino, stat_of("/tmp/a").st_ino);
    assert_int_equal(sys_link(U("/tmp/a"), U("/tmp/b")), -EEXIST);
    assert_int_equal(sys_link(U("/etc/passwd"), U("/tmp/p")), -EXDEV);
    assert_int_equal(sys_link(U("/tmp"), U("/tmp/t")), -EPERM);
    assert_int_equal(sys_unlink(U("/tmp/a")), 0);
    assert_int_equal(stat_of("/tmp/b").st_nlink, 1);
    assert_int_equal(sys_symlink(U("/etc/passwd"), U("/tmp/l")), 0);
    assert_int_equal(sys_symlink(U("x"), U("/tmp/l")), -EEXIST);
    assert_int_equal(sys_symlink(U(""), U("/tmp/e")), -ENOENT);
    assert_int_equal(sys_readlink(U("/tmp/l"), U(buf), sizeof(buf)), 11);
    assert_memory_equal(buf, "/etc/passwd", 11);
    assert_int_equal(sys_readlink(U("/tmp/l"), U(buf), 4), 4);
    assert_int_equal(sys_readlink(U("/tmp/l"), U(buf), 0), -EINVAL);
    assert_int_equal(sys_readlink(U("/tmp/b"), U(buf), sizeof(buf)), -EINVAL);
    assert_int_equal(sys_readlink(U("/tmp/l"), BAD_UPTR, 4), -EFAULT);
    assert_int_equal(stat_of("/tmp/l").st_size, 11);
    struct linux_stat st;
    assert_int_equal(sys_lstat(U("/tmp/l"), U(&st)), 0);
    assert_int_equal(st.st_mode, S_IFLNK | 0777);
    assert_int_equal(st.st_size, 11);
    assert_int_equal(sys_readlink(U("/proc/self/exe"), U(buf), sizeof(buf)), 12);
    assert_memory_equal(buf, "/bin/busybox", 12);
    /* linkat with AT_SYMLINK_FOLLOW links the target (here: across mounts). */
    assert_int_equal(sys_linkat((uint64_t)AT_FDCWD, U("/tmp/l"), (uint64_t)AT_FDCWD,
                                U("/tmp/l2"), AT_SYMLINK_FOLLOW), -EXDEV);
    assert_int_equal(sys_linkat((uint64_t)AT_FDCWD, U("/tmp/l"), (uint64_t)AT_FDCWD,
                                U("/tmp/l2"), 0), 0);
    assert_int_equal(sys_lstat(U("/tmp/l2"), U(&st)), 0);
    assert_int_equal(st.st_mode, S_IFLNK | 0777);
}

/* ---- Directories ---- */

struct listing {
    char names[16][32];
    uint8_t types[16];
    int n;
};

static void parse_dirents(const uint8_t *buf, long len, struct listing *l)
{
    for (long off = 0; off < len;) {
        const struct linux_dirent64 *d = (const void *)(buf + off);
        assert_true(d->d_reclen % 8 == 0 && d->d_reclen >= 24);
        assert_true(l->n < 16);
        snprintf(l->names[l->n], 32, "%s", d->d_name);
        l->types[l->n++] = d->d_type;
        off += d->d_reclen;
    }
}

static int find_name(const struct listing *l, const char *name)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->names[i], name) == 0)
            return i;
    return -1;
}

static void test_getdents64(void **state)
{
    uint8_t buf[512] __attribute__((aligned(8)));
    struct listing l = { 0 };
    long fd = open_("/bin", O_RDONLY | O_DIRECTORY, 0), len;

    (void)state;
    len = sys_getdents64(fd, U(buf), sizeof(buf));
    assert_true(len > 0);
    parse_dirents(buf, len, &l);
    assert_int_equal(l.n, 4);
    assert_int_equal(l.types[find_name(&l, ".")], DT_DIR);
    assert_int_equal(l.types[find_name(&l, "..")], DT_DIR);
    assert_int_equal(l.types[find_name(&l, "busybox")], DT_REG);
    assert_int_equal(l.types[find_name(&l, "sh")], DT_LNK);
    assert_int_equal(sys_getdents64(fd, U(buf), sizeof(buf)), 0);
    /* One record at a time, continuing where the last call stopped. */
    assert_int_equal(sys_lseek(fd, 0, SEEK_SET), 0);
    memset(&l, 0, sizeof(l));
    while ((len = sys_getdents64(fd, U(buf), 32)) > 0)
        parse_dirents(buf, len, &l);
    assert_int_equal(len, 0);
    assert_int_equal(l.n, 4);
    assert_int_equal(sys_lseek(fd, 0, SEEK_SET), 0);
    assert_int_equal(sys_getdents64(fd, U(buf), 10), -EINVAL);
    assert_int_equal(sys_getdents64(fd, BAD_UPTR, sizeof(buf)), -EFAULT);
    assert_int_equal(sys_getdents64(open_("/etc/passwd", O_RDONLY, 0), U(buf), 512),
                     -ENOTDIR);
    assert_int_equal(sys_getdents64(99, U(buf), 512), -EBADF);
}

static void test_getdents64_proc(void **state)
{
    uint8_t buf[1024] __attribute__((aligned(8)));
    struct listing l = { 0 };
    struct process other = { .pid = 42 };
    long fd, len;

    (void)state;
    fake_process_add(&other);
    fd = open_("/proc", O_RDONLY | O_DIRECTORY, 0);
    len = sys_getdents64(fd, U(buf), sizeof(buf));
    parse_dirents(buf, len, &l);
    assert_true(find_name(&l, "self") >= 0);
    assert_true(find_name(&l, "meminfo") >= 0);
    assert_int_equal(l.types[find_name(&l, "1")], DT_DIR);
    assert_int_equal(l.types[find_name(&l, "42")], DT_DIR);
    memset(&l, 0, sizeof(l));
    fd = open_("/proc/42", O_RDONLY | O_DIRECTORY, 0);
    len = sys_getdents64(fd, U(buf), sizeof(buf));
    parse_dirents(buf, len, &l);
    assert_int_equal(l.n, 7);
    assert_int_equal(l.types[find_name(&l, "exe")], DT_LNK);
    assert_int_equal(l.types[find_name(&l, "fd")], DT_DIR);
}

static void test_cwd(void **state)
{
    char buf[64];
    long fd;

    (void)state;
    assert_int_equal(sys_getcwd(U(buf), sizeof(buf)), 2);
    assert_string_equal(buf, "/");
    assert_int_equal(sys_chdir(U("/lib")), 0);              /* through a symlink */
    assert_int_equal(sys_getcwd(U(buf), sizeof(buf)), 9);
    assert_string_equal(buf, "/usr/lib");
    assert_int_equal(sys_getcwd(U(buf), 8), -ERANGE);
    assert_int_equal(sys_getcwd(BAD_UPTR, 64), -EFAULT);
    assert_int_equal(sys_chdir(U("../../etc/passwd")), -ENOTDIR);
    assert_int_equal(sys_chdir(U("..")), 0);
    assert_int_equal(sys_getcwd(U(buf), sizeof(buf)), 5);
    assert_string_equal(buf, "/usr");
    fd = open_("/tmp", O_RDONLY | O_DIRECTORY, 0);
    assert_int_equal(sys_fchdir(fd), 0);
    assert_int_equal(sys_getcwd(U(buf), sizeof(buf)), 5);
    assert_string_equal(buf, "/tmp");
    assert_int_equal(sys_close(open_("rel", O_CREAT | O_WRONLY, 0644)), 0);
    assert_int_equal(sys_access(U("/tmp/rel"), F_OK), 0);
    assert_int_equal(sys_fchdir(open_("/etc/passwd", O_RDONLY, 0)), -ENOTDIR);
}

static void test_at_calls(void **state)
{
    long dirfd = open_("/etc", O_RDONLY | O_DIRECTORY, 0), fd;
    struct linux_stat st;

    (void)state;
    fd = sys_openat(dirfd, U("passwd"), O_RDONLY, 0);
    assert_true(fd >= 0);
    assert_int_equal(sys_openat(fd, U("x"), O_RDONLY, 0), -ENOTDIR);
    assert_int_equal(sys_openat(77, U("x"), O_RDONLY, 0), -EBADF);
    /* An absolute path ignores dirfd, even a bad one. */
    assert_true(sys_openat(77, U("/etc/passwd"), O_RDONLY, 0) >= 0);
    assert_int_equal(sys_newfstatat(dirfd, U("passwd"), U(&st), 0), 0);
    assert_int_equal(st.st_size, 11);
    assert_int_equal(sys_newfstatat(fd, U(""), U(&st), AT_EMPTY_PATH), 0);
    assert_int_equal(st.st_size, 11);
    assert_int_equal(sys_newfstatat(fd, U(""), U(&st), 0), -ENOENT);
    assert_int_equal(sys_newfstatat(dirfd, U("passwd"), U(&st), 0x1), -EINVAL);
    assert_int_equal(sys_faccessat(dirfd, U("passwd"), R_OK), 0);
    assert_int_equal(sys_readlinkat((uint64_t)AT_FDCWD, U("/bin/sh"), U(&st), 7), 7);
}

/* ---- stat ---- */

static void test_stat_values(void **state)
{
    struct linux_stat st;

    (void)state;
    st = stat_of("/etc/passwd");
    assert_int_equal(st.st_mode, S_IFREG | 0644);
    assert_int_equal(st.st_size, 11);
    assert_int_equal(st.st_nlink, 1);
    assert_int_equal(st.st_blksize, 4096);
    assert_int_equal(st.st_blocks, 8);
    assert_int_equal(st.st_mtim.tv_sec, MTIME);
    assert_int_equal(st.st_uid, 0);
    assert_true(st.st_ino != 0);
    assert_int_equal(st.pad0, 0);
    st = stat_of("/dev/null");
    assert_int_equal(st.st_mode, S_IFCHR | 0666);
    assert_int_equal(st.st_rdev, 0x103);
    assert_int_equal(sys_stat(U("/dev/tty"), U(&st)), -ENOENT);   /* the tty driver's */
}

static void test_stat_more(void **state)
{
    struct linux_stat st;
    struct linux_statx sx;
    long fd = open_("/bin/busybox", O_RDONLY, 0);

    (void)state;
    assert_int_equal(sys_lstat(U("/bin/sh"), U(&st)), 0);
    assert_int_equal(st.st_mode, S_IFLNK | 0777);
    assert_int_equal(st.st_size, 7);
    assert_int_equal(sys_newfstatat((uint64_t)AT_FDCWD, U("/bin/sh"), U(&st),
                                    AT_SYMLINK_NOFOLLOW), 0);
    assert_int_equal(st.st_mode, S_IFLNK | 0777);
    assert_int_equal(sys_fstat(fd, U(&st)), 0);
    assert_int_equal(st.st_size, 8);
    assert_int_equal(sys_fstat(fd, BAD_UPTR), -EFAULT);
    assert_int_equal(sys_fstat(55, U(&st)), -EBADF);
    assert_int_equal(sys_stat(U("/bin/sh"), BAD_UPTR), -EFAULT);
    assert_int_equal(sys_stat(BAD_UPTR, U(&st)), -EFAULT);
    memset(&sx, 0xff, sizeof(sx));
    assert_int_equal(sys_statx((uint64_t)AT_FDCWD, U("/bin/sh"), 0, STATX_BASIC_STATS,
                               U(&sx)), 0);
    assert_int_equal(sx.stx_mask, STATX_BASIC_STATS);
    assert_int_equal(sx.stx_mode, S_IFREG | 0755);
    assert_int_equal(sx.stx_size, 8);
    assert_int_equal(sx.stx_mtime.tv_sec, MTIME);
    assert_int_equal(sx.stx_nlink, 1);
    assert_int_equal(sx.spare3[0], 0);
    assert_int_equal(sys_statx(fd, U(""), AT_EMPTY_PATH, STATX_BASIC_STATS, U(&sx)), 0);
    assert_int_equal(sx.stx_size, 8);
    assert_int_equal(sys_statx(fd, 0, AT_EMPTY_PATH, STATX_BASIC_STATS, U(&sx)), 0);
    assert_int_equal(sys_statx((uint64_t)AT_FDCWD, U("/"), 0, STATX__RESERVED, U(&sx)),
                     -EINVAL);
    assert_int_equal(sys_statx((uint64_t)AT_FDCWD, U("/"), 0x6000, 0, U(&sx)), -EINVAL);
    sx.stx_mode = 0;
    assert_int_equal(sys_statx((uint64_t)AT_FDCWD, U("/dev/null"), 0, 0, U(&sx)), 0);
    assert_int_equal(sx.stx_rdev_major, 1);
    assert_int_equal(sx.stx_rdev_minor, 3);
}

static void test_statfs(void **state)
{
    struct linux_statfs sf;

    (void)state;
    assert_int_equal(sys_statfs(U("/tmp"), U(&sf)), 0);
    assert_int_equal(sf.f_type, TMPFS_MAGIC);
    assert_int_equal(sf.f_flags & ST_RDONLY, 0);
    assert_int_equal(sf.f_namelen, 255);
    assert_int_equal(sys_statfs(U("/etc"), U(&sf)), 0);
    assert_int_equal(sf.f_flags & ST_RDONLY, ST_RDONLY);
    assert_int_equal(sys_fstatfs(open_("/proc", O_RDONLY, 0), U(&sf)), 0);
    assert_int_equal(sf.f_type, PROC_SUPER_MAGIC);
}

/* ---- Descriptors ---- */

static void test_dup_and_fcntl(void **state)
{
    long fd = open_("/etc/passwd", O_RDONLY, 0);
    char buf[4];

    (void)state;
    assert_int_equal(sys_dup(fd), 1);
    assert_int_equal(sys_read(1, U(buf), 4), 4);
    assert_int_equal(sys_lseek(fd, 0, SEEK_CUR), 4);        /* one shared offset */
    assert_int_equal(sys_dup2(fd, fd), fd);
    assert_int_equal(sys_dup2(9, 9), -EBADF);
    assert_int_equal(sys_dup2(fd, 1023), 1023);
    assert_int_equal(sys_dup2(fd, 1024), -EBADF);
    assert_int_equal(sys_dup2(fd, 1), 1);                   /* closes what was there */
    assert_int_equal(sys_dup3(fd, fd, 0), -EINVAL);
    assert_int_equal(sys_dup3(fd, 5, O_NONBLOCK), -EINVAL);
    assert_int_equal(sys_dup3(fd, 5, O_CLOEXEC), 5);
    assert_int_equal(sys_fcntl(5, F_GETFD, 0), FD_CLOEXEC);
    assert_int_equal(sys_fcntl(fd, F_DUPFD, 10), 10);
    assert_int_equal(sys_fcntl(fd, F_DUPFD, 10), 11);
    assert_int_equal(sys_fcntl(fd, F_DUPFD, 1024), -EINVAL);
    assert_int_equal(sys_fcntl(fd, F_DUPFD_CLOEXEC, 0), 2);
    assert_int_equal(sys_fcntl(2, F_GETFD, 0), FD_CLOEXEC);
    assert_int_equal(sys_fcntl(2, F_SETFD, 0), 0);
    assert_int_equal(sys_fcntl(2, F_GETFD, 0), 0);
    assert_int_equal(sys_fcntl(11, F_SETFD, FD_CLOEXEC), 0);
    assert_int_equal(sys_fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK | O_RDWR | O_CREAT), 0);
    assert_int_equal(sys_fcntl(1, F_GETFL, 0), O_RDONLY | O_LARGEFILE | O_APPEND | O_NONBLOCK);
    assert_int_equal(sys_fcntl(fd, 99, 0), -EINVAL);
    assert_int_equal(sys_fcntl(fd, 6 /* F_SETLK */, 0), -EINVAL);
    assert_int_equal(sys_fcntl(77, F_GETFD, 0), -EBADF);
    assert_int_equal(sys_ioctl(fd, FIOCLEX, 0), 0);
    assert_int_equal(sys_fcntl(fd, F_GETFD, 0), FD_CLOEXEC);
    assert_int_equal(sys_ioctl(fd, FIONCLEX, 0), 0);
    assert_int_equal(sys_fcntl(fd, F_GETFD, 0), 0);
    /* execve closes exactly the close-on-exec descriptors. */
    files_close_on_exec(fake_proc.files);
    assert_int_equal(sys_fcntl(5, F_GETFD, 0), -EBADF);
    assert_int_equal(sys_fcntl(11, F_GETFD, 0), -EBADF);
    assert_int_equal(sys_fcntl(10, F_GETFD, 0), 0);
    assert_int_equal(sys_fcntl(2, F_GETFD, 0), 0);
}

static void test_emfile_and_release(void **state)
{
    long before = fake_heap_live();
    struct files *saved = fake_proc.files;

    (void)state;
    for (int i = 0; i < FILES_MAX; i++)
        assert_int_equal(open_("/etc/passwd", O_RDONLY, 0), i);
    assert_int_equal(open_("/etc/passwd", O_RDONLY, 0), -EMFILE);
    assert_int_equal(sys_dup(0), -EMFILE);
    assert_int_equal(sys_fcntl(0, F_DUPFD, 0), -EMFILE);
    int p[2];
    assert_int_equal(sys_pipe(U(p)), -EMFILE);
    /* fork shares the open files; both tables must let go of them. */
    struct files *child = files_clone(saved);
    files_release(saved);
    fake_proc.files = child;
    char buf[4];
    assert_int_equal(sys_read(500, U(buf), 4), 4);
    files_release(child);
    fake_proc.files = files_new();
    assert_int_equal(fake_heap_live(), before);
    assert_int_equal(sys_read(0, U(buf), 4), -EBADF);
}

static void test_readv_writev(void **state)
{
    char a[3], b[5];
    struct linux_iovec iov[3] = {
        { U("abc"), 3 }, { U("defgh"), 5 }, { U(""), 0 },
    };
    long fd = open_("/tmp/v", O_CREAT | O_RDWR, 0644);

    (void)state;
    assert_int_equal(sys_writev(fd, U(iov), 3), 8);
    assert_int_equal(sys_lseek(fd, 0, SEEK_SET), 0);
    iov[0].iov_base = U(a);
    iov[1].iov_base = U(b);
    assert_int_equal(sys_readv(fd, U(iov), 2), 8);
    assert_memory_equal(a, "abc", 3);
    assert_memory_equal(b, "defgh", 5);
    assert_int_equal(sys_readv(fd, U(iov), 1025), -EINVAL);
    assert_int_equal(sys_readv(fd, BAD_UPTR, 1), -EFAULT);
    assert_int_equal(sys_readv(fd, U(iov), 0), 0);
    iov[1].iov_len = (uint64_t)-1;
    assert_int_equal(sys_readv(fd, U(iov), 2), -EINVAL);
    iov[1].iov_len = 5;
    iov[1].iov_base = BAD_UPTR;
    assert_int_equal(sys_lseek(fd, 0, SEEK_SET), 0);
    assert_int_equal(sys_readv(fd, U(iov), 2), 3);          /* stops at the fault */
}

static void test_sendfile(void **state)
{
    char buf[16] = { 0 };
    int64_t off = 3;
    long in = open_("/etc/passwd", O_RDONLY, 0);
    long out = open_("/tmp/sf", O_CREAT | O_RDWR, 0644);
    int32_t fds[2];

    (void)state;
    assert_int_equal(sys_sendfile(out, in, 0, 4), 4);          /* from in's position */
    assert_int_equal(sys_lseek(in, 0, SEEK_CUR), 4);
    assert_int_equal(sys_sendfile(out, in, U(&off), 100), 8);  /* at *off, to EOF */
    assert_int_equal(off, 11);
    assert_int_equal(sys_lseek(in, 0, SEEK_CUR), 4);           /* with an offset, unmoved */
    assert_int_equal(sys_pread64(out, U(buf), sizeof(buf), 0), 12);
    assert_memory_equal(buf, "root", 4);
    assert_memory_equal(buf + 4, "t:x:0:0\n", 8);
    assert_int_equal(sys_sendfile(out, in, BAD_UPTR, 1), -EFAULT);
    off = -1;
    assert_int_equal(sys_sendfile(out, in, U(&off), 1), -EINVAL);
    assert_int_equal(sys_sendfile(out, 999, 0, 1), -EBADF);
    assert_int_equal(sys_sendfile(999, in, 0, 1), -EBADF);
    assert_int_equal(sys_pipe2(U(fds), 0), 0);
    assert_int_equal(sys_sendfile(out, fds[0], 0, 1), -EINVAL);  /* in must be a file */
    assert_int_equal(sys_sendfile(in, in, 0, 1), -EBADF);        /* out not writable */
}

/* ---- Devices and procfs ---- */

static void test_memory_devices(void **state)
{
    uint8_t buf[600], again[600];
    long zero = open_("/dev/zero", O_RDWR, 0), null = open_("/dev/null", O_RDWR, 0);
    long full = open_("/dev/full", O_WRONLY, 0), urandom = open_("/dev/urandom", O_RDONLY, 0);

    (void)state;
    memset(buf, 1, sizeof(buf));
    assert_int_equal(sys_read(zero, U(buf), sizeof(buf)), sizeof(buf));
    for (size_t i = 0; i < sizeof(buf); i++)
        assert_int_equal(buf[i], 0);
    assert_int_equal(sys_read(null, U(buf), sizeof(buf)), 0);
    assert_int_equal(sys_write(null, U(buf), 123), 123);
    assert_int_equal(sys_write(full, U(buf), 1), -ENOSPC);
    assert_int_equal(sys_lseek(null, 100, SEEK_SET), 0);
    assert_int_equal(sys_pread64(zero, U(buf), 4, 50), 4);
    random_seed(99);
    assert_int_equal(sys_read(urandom, U(buf), sizeof(buf)), sizeof(buf));
    random_seed(99);
    assert_int_equal(sys_read(urandom, U(again), sizeof(again)), sizeof(again));
    assert_memory_equal(buf, again, sizeof(buf));
    assert_int_equal(sys_read(urandom, U(again), sizeof(again)), sizeof(again));
    assert_memory_not_equal(buf, again, sizeof(buf));
    assert_int_equal(sys_read(urandom, BAD_UPTR, 10), -EFAULT);
    assert_int_equal(sys_ioctl(null, 0x5401, 0), -ENOTTY);
}

static int opened, released;

static long dev_open(struct file *f)
{
    opened++;
    return f->priv == (void *)0x1234 ? 0 : -ENODEV;
}

static long dev_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
    (void)f;
    return cmd == 0x42 ? (long)arg + 1 : -ENOTTY;
}

static void dev_release(struct file *f)
{
    (void)f;
    released++;
}

static const struct file_ops dev_ops = {
    .open = dev_open, .ioctl = dev_ioctl, .release = dev_release,
};

static void test_registered_devices(void **state)
{
    long fd, nb = 1;
    char buf[4];

    (void)state;
    opened = released = 0;
    assert_int_equal(devfs_register("xen/privcmd", S_IFCHR | 0600, &dev_ops, (void *)0x1234), 0);
    assert_int_equal(devfs_register("xen/privcmd", S_IFCHR | 0600, &dev_ops, NULL), -EEXIST);
    assert_int_equal(procfs_register("xen/privcmd", S_IFREG | 0400, &dev_ops, (void *)0x1234), 0);
    assert_int_equal(devfs_register("bad", S_IFCHR | 0600, &dev_ops, NULL), 0);
    fd = open_("/dev/xen/privcmd", O_RDWR, 0);
    assert_true(fd >= 0);
    assert_int_equal(opened, 1);
    assert_int_equal(sys_ioctl(fd, 0x42, 41), 42);
    assert_int_equal(sys_ioctl(fd, FIONBIO, U(&nb)), 0);
    assert_int_equal(sys_fcntl(fd, F_GETFL, 0) & O_NONBLOCK, O_NONBLOCK);
    assert_int_equal(sys_ioctl(fd, FIONBIO, BAD_UPTR), -EFAULT);
    assert_int_equal(sys_read(fd, U(buf), 4), -EINVAL);     /* no read op */
    assert_int_equal(sys_lseek(fd, 0, SEEK_SET), -ESPIPE);
    assert_int_equal(sys_close(fd), 0);
    assert_int_equal(released, 1);
    /* /proc/xen/privcmd opens read-write although /proc is read-only. */
    fd = open_("/proc/xen/privcmd", O_RDWR, 0);
    assert_true(fd >= 0);
    assert_int_equal(sys_ioctl(fd, 0x42, 1), 2);
    /* A failed open is never released. */
    assert_int_equal(open_("/dev/bad", O_RDWR, 0), -ENODEV);
    assert_int_equal(released, 1);
}

static void test_proc_files(void **state)
{
    char buf[256] = { 0 };
    long fd = open_("/proc/meminfo", O_RDONLY, 0), n;

    (void)state;
    n = sys_read(fd, U(buf), sizeof(buf) - 1);
    assert_true(n > 0);
    assert_non_null(strstr(buf, "MemTotal:          16384 kB\n"));
    assert_non_null(strstr(buf, "MemFree:            4000 kB\n"));
    assert_int_equal(sys_read(fd, U(buf), sizeof(buf)), 0);
    memset(buf, 0, sizeof(buf));
    fd = open_("/proc/self/status", O_RDONLY, 0);
    assert_true(sys_read(fd, U(buf), sizeof(buf) - 1) > 0);
    assert_non_null(strstr(buf, "Name:\tinit\n"));
    assert_non_null(strstr(buf, "Pid:\t1\n"));
    fd = open_("/proc/1/cmdline", O_RDONLY, 0);
    assert_int_equal(sys_read(fd, U(buf), sizeof(buf)), 0);
    memset(buf, 0, sizeof(buf));
    fd = open_("/proc/uptime", O_RDONLY, 0);
    assert_true(sys_read(fd, U(buf), sizeof(buf) - 1) > 0);
    assert_string_equal(buf, "1.00 0.00\n");
    assert_int_equal(open_("/proc/meminfo", O_WRONLY, 0), -EACCES);
    assert_int_equal(open_("/proc/2/stat", O_RDONLY, 0), -ENOENT);
}

static void test_proc_fd_links(void **state)
{
    uint8_t dents[512] __attribute__((aligned(8)));
    struct listing l = { 0 };
    char buf[64] = { 0 };
    int p[2];
    long fd, dir, len;
    struct linux_stat st;

    (void)state;
    assert_int_equal(open_("/etc/passwd", O_RDONLY, 0), 0);
    assert_int_equal(sys_pipe(U(p)), 0);
    assert_int_equal(sys_readlink(U("/proc/self/fd/0"), U(buf), sizeof(buf)), 11);
    assert_string_equal(buf, "/etc/passwd");
    len = sys_readlink(U("/proc/self/fd/1"), U(buf), sizeof(buf));
    assert_true(len > 6);
    assert_memory_equal(buf, "pipe:[", 6);
    assert_int_equal(sys_readlink(U("/proc/self/fd/9"), U(buf), sizeof(buf)), -ENOENT);
    assert_int_equal(sys_readlink(U("/proc/self/fd/00"), U(buf), sizeof(buf)), -ENOENT);
    /* /dev/stdin is fd 0 of whoever opens it. */
    fd = open_("/dev/stdin", O_RDONLY, 0);
    assert_true(fd >= 0);
    assert_int_equal(sys_read(fd, U(buf), 4), 4);
    assert_memory_equal(buf, "root", 4);
    assert_int_equal(sys_stat(U("/dev/fd/0"), U(&st)), 0);
    assert_int_equal(st.st_size, 11);
    assert_int_equal(sys_lstat(U("/proc/self/fd/0"), U(&st)), 0);
    assert_int_equal(st.st_mode, S_IFLNK | 0700);
    /* A pipe opened again through its link is one more reader. */
    assert_int_equal(sys_write(p[1], U("via"), 3), 3);
    snprintf(buf, sizeof(buf), "/proc/self/fd/%d", p[0]);
    fd = open_(buf, O_RDONLY, 0);
    assert_true(fd >= 0);
    assert_int_equal(sys_close(p[0]), 0);
    assert_int_equal(sys_read(fd, U(buf), 3), 3);
    assert_memory_equal(buf, "via", 3);
    assert_int_equal(sys_write(p[1], U("x"), 1), 1);        /* a reader is left */
    dir = open_("/proc/self/fd", O_RDONLY | O_DIRECTORY, 0);
    len = sys_getdents64(dir, U(dents), sizeof(dents));
    parse_dirents(dents, len, &l);
    assert_int_equal(l.types[find_name(&l, "0")], DT_LNK);
    /* 0 passwd, 1 this directory (p[0]'s old slot), 2 p[1], 3 stdin, 4 the reader. */
    assert_int_equal(l.n, 2 + 5);
    assert_true(find_name(&l, "4") >= 0);
    assert_true(find_name(&l, "5") < 0);
    /* A deleted file still opens through its link. */
    assert_int_equal(sys_close(open_("/tmp/del", O_CREAT | O_WRONLY, 0644)), 0);
    fd = open_("/tmp/del", O_RDWR, 0);
    assert_int_equal(sys_unlink(U("/tmp/del")), 0);
    snprintf(buf, sizeof(buf), "/proc/self/fd/%ld", fd);
    assert_true(open_(buf, O_RDONLY, 0) >= 0);
    char target[32];
    assert_int_equal(sys_readlink(U(buf), U(target), sizeof(target)), 9);
    assert_memory_equal(target, "(deleted)", 9);
}

static void test_dev_shm_and_removed_cwd(void **state)
{
    struct linux_statfs sf;
    long before;

    (void)state;
    assert_int_equal(sys_close(open_("/dev/shm/sem.x", O_CREAT | O_RDWR, 0600)), 0);
    assert_int_equal(sys_statfs(U("/dev/shm/sem.x"), U(&sf)), 0);
    assert_int_equal(sf.f_type, TMPFS_MAGIC);
    assert_int_equal(sys_rename(U("/dev/shm/sem.x"), U("/tmp/x")), -EXDEV);
    assert_int_equal(sys_unlink(U("/dev/shm/sem.x")), 0);
    /* The cwd and its parent removed: nothing dangles, nothing is made. */
    before = fake_heap_live();
    assert_int_equal(sys_mkdir(U("/tmp/a"), 0755), 0);
    assert_int_equal(sys_mkdir(U("/tmp/a/b"), 0755), 0);
    assert_int_equal(sys_chdir(U("/tmp/a/b")), 0);
    assert_int_equal(sys_rmdir(U("/tmp/a/b")), 0);
    assert_int_equal(sys_rmdir(U("/tmp/a")), 0);
    assert_int_equal(open_("new", O_CREAT | O_WRONLY, 0644), -ENOENT);
    assert_int_equal(sys_mkdir(U("sub"), 0755), -ENOENT);
    struct linux_stat st;
    assert_int_equal(sys_stat(U(".."), U(&st)), 0);
    assert_int_equal(sys_chdir(U("/")), 0);
    kfree(fake_proc.cwd_path);
    fake_proc.cwd_path = kstrdup("/");
    assert_int_equal(fake_heap_live(), before);
}

static void test_attributes(void **state)
{
    struct linux_timespec ts[2] = { { 100, 5 }, { 200, UTIME_OMIT } };
    struct linux_stat st;
    long fd = open_("/tmp/attr", O_CREAT | O_RDWR, 0600);

    (void)state;
    assert_int_equal(sys_fchmod(fd, 04755), 0);
    assert_int_equal(stat_of("/tmp/attr").st_mode, S_IFREG | 04755);
    assert_int_equal(sys_chmod(U("/tmp/attr"), 0640), 0);
    assert_int_equal(stat_of("/tmp/attr").st_mode, S_IFREG | 0640);
    assert_int_equal(sys_chown(U("/tmp/attr"), 5, (uint64_t)-1), 0);
    st = stat_of("/tmp/attr");
    assert_int_equal(st.st_uid, 5);
    assert_int_equal(st.st_gid, 0);
    assert_int_equal(sys_fchownat((uint64_t)AT_FDCWD, U("/tmp/attr"), 0, 0, 0x2), -EINVAL);
    long mtime = stat_of("/tmp/attr").st_mtim.tv_sec;
    assert_int_equal(sys_utimensat((uint64_t)AT_FDCWD, U("/tmp/attr"), U(ts), 0), 0);
    st = stat_of("/tmp/attr");
    assert_int_equal(st.st_atim.tv_sec, 100);
    assert_int_equal(st.st_atim.tv_nsec, 5);
    assert_int_equal(st.st_mtim.tv_sec, mtime);
    assert_int_equal(sys_utimensat(fd, 0, 0, 0), 0);
    ts[0].tv_nsec = 1000000000;
    assert_int_equal(sys_utimensat(fd, 0, U(ts), 0), -EINVAL);
    assert_int_equal(sys_utimensat((uint64_t)AT_FDCWD, U("/tmp/attr"), BAD_UPTR, 0), -EFAULT);
    /* Not root: no giving files away, no chmod of someone else's file. */
    fake_proc.euid = 5;
    assert_int_equal(sys_chown(U("/tmp/attr"), 6, (uint64_t)-1), -EPERM);
    assert_int_equal(sys_chown(U("/tmp/attr"), 5, (uint64_t)-1), 0);
    assert_int_equal(sys_chmod(U("/tmp/attr"), 0600), 0);
    fake_proc.euid = 7;
    assert_int_equal(sys_chmod(U("/tmp/attr"), 0666), -EPERM);
    assert_int_equal(open_("/tmp/attr", O_RDONLY, 0), -EACCES);
    fake_proc.euid = 0;
    assert_int_equal(sys_umask(077), 022);
    assert_int_equal(sys_umask(022), 077);
    assert_int_equal(sys_fsync(fd), 0);
    assert_int_equal(sys_fdatasync(99), -EBADF);
    assert_int_equal(sys_sync(), 0);
}

static void test_kernel_open(void **state)
{
    struct file *f = vfs_open("/dev/null", O_RDWR, 0);

    (void)state;
    assert_false(IS_ERR(f));
    assert_int_equal(fd_install(f, 0), 0);
    assert_int_equal(fd_install(vfs_open("/dev/null", O_RDWR, 0), FD_CLOEXEC), 1);
    assert_int_equal(sys_fcntl(1, F_GETFD, 0), FD_CLOEXEC);
    f = vfs_open("/nope", O_RDONLY, 0);
    assert_true(IS_ERR(f));
    assert_int_equal(PTR_ERR(f), -ENOENT);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_read_archive_file), T(test_open_errors), T(test_root_is_read_only),
        T(test_tmpfs_create_write_read), T(test_create_through_dangling_link),
        T(test_tmpfs_holes_and_truncate),
        T(test_tmpfs_page_for_mmap), T(test_unlink_while_open), T(test_mkdir_rmdir),
        T(test_rename), T(test_rename_within_a_directory), T(test_sticky_tmp),
        T(test_links_and_symlinks), T(test_getdents64),
        T(test_getdents64_proc), T(test_cwd), T(test_at_calls), T(test_stat_values),
        T(test_stat_more), T(test_statfs), T(test_dup_and_fcntl),
        T(test_emfile_and_release), T(test_readv_writev), T(test_sendfile),
        T(test_memory_devices),
        T(test_registered_devices), T(test_proc_files), T(test_proc_fd_links),
        T(test_dev_shm_and_removed_cwd), T(test_attributes),
        T(test_kernel_open),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
