/*
 * tests/unit/test_dom0_path.c - path lookup (dom0/fs/namei.c) on a root
 * unpacked from an archive, with /tmp, /dev and /proc mounted on it:
 * ".", "..", repeated and trailing slashes, symlinks (relative, absolute,
 * dangling, loops), the length limits, and crossing mount points both
 * ways.  Also the reverse walk getcwd relies on (inode_path).
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
#include <linux/errno.h>
#include <linux/fs.h>
#include "vfs.h"
#include "dom0_fakes.h"

static struct cpio_builder archive;

static int setup(void **state)
{
    (void)state;
    fake_process_reset();
    memset(&archive, 0, sizeof(archive));
    cpio_add(&archive, "bin/busybox", S_IFREG | 0755, "BB", 2, 1, 1);
    cpio_add(&archive, "bin/sh", S_IFLNK | 0777, "busybox", 7, 1, 2);
    cpio_add(&archive, "usr/bin", S_IFDIR | 0755, NULL, 0, 2, 3);
    cpio_add(&archive, "usr/lib/libc.so.6", S_IFREG | 0644, "LIBC", 4, 1, 4);
    cpio_add(&archive, "lib", S_IFLNK | 0777, "usr/lib", 7, 1, 5);
    cpio_add(&archive, "abs", S_IFLNK | 0777, "/usr/lib/libc.so.6", 18, 1, 6);
    cpio_add(&archive, "dangling", S_IFLNK | 0777, "nowhere", 7, 1, 7);
    cpio_add(&archive, "loop1", S_IFLNK | 0777, "loop2", 5, 1, 8);
    cpio_add(&archive, "loop2", S_IFLNK | 0777, "loop1", 5, 1, 9);
    cpio_add(&archive, "up", S_IFLNK | 0777, "../..", 5, 1, 10);
    cpio_add(&archive, "tmplink", S_IFLNK | 0777, "/tmp", 4, 1, 11);
    fake_fs_boot(&archive, false);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fake_fs_teardown(&archive);
    return 0;
}

/* The inode path names, or NULL with *err set. */
static struct inode *look(const char *path, bool follow, long *err)
{
    struct inode *ino = NULL;

    *err = vfs_lookup(path, follow, &ino);
    if (*err)
        return NULL;
    inode_put(ino);                 /* tree inodes outlive the reference */
    return ino;
}

static struct inode *must(const char *path)
{
    long err;
    struct inode *ino = look(path, true, &err);

    if (!ino)
        fail_msg("lookup of %s: %ld", path, err);
    return ino;
}

static long lookup_err(const char *path, bool follow)
{
    long err;

    look(path, follow, &err);
    return err;
}

static void test_dots_and_slashes(void **state)
{
    struct inode *bb = must("/bin/busybox");

    (void)state;
    assert_ptr_equal(must("/"), vfs_root_inode);
    assert_ptr_equal(must("//bin///busybox"), bb);
    assert_ptr_equal(must("/./bin/./busybox"), bb);
    assert_ptr_equal(must("/usr/../bin/busybox"), bb);
    assert_ptr_equal(must("/.."), vfs_root_inode);
    assert_ptr_equal(must("/../../.."), vfs_root_inode);
    assert_ptr_equal(must("bin/busybox"), bb);
    assert_ptr_equal(must("."), vfs_root_inode);
    assert_ptr_equal(must("/usr/bin/"), must("/usr/bin"));
    assert_ptr_equal(must("/usr/bin/."), must("/usr/bin"));
}

static void test_relative_to_cwd(void **state)
{
    (void)state;
    fake_proc.cwd = must("/usr/lib");
    assert_ptr_equal(must("libc.so.6"), must("/usr/lib/libc.so.6"));
    assert_ptr_equal(must(".."), must("/usr"));
    assert_ptr_equal(must("../../bin/busybox"), must("/bin/busybox"));
    assert_int_equal(lookup_err("busybox", true), -ENOENT);
}

static void test_errors(void **state)
{
    char name[300], path[4200];

    (void)state;
    assert_int_equal(lookup_err("", true), -ENOENT);
    assert_int_equal(lookup_err("/nope", true), -ENOENT);
    assert_int_equal(lookup_err("/nope/x", true), -ENOENT);
    assert_int_equal(lookup_err("/bin/busybox/x", true), -ENOTDIR);
    assert_int_equal(lookup_err("/bin/busybox/", true), -ENOTDIR);
    assert_int_equal(lookup_err("/bin/busybox/.", true), -ENOTDIR);
    memset(name, 'a', 256);
    name[256] = '\0';
    assert_int_equal(lookup_err(name, true), -ENAMETOOLONG);
    name[255] = '\0';
    assert_int_equal(lookup_err(name, true), -ENOENT);      /* 255 is allowed */
    memset(path, '/', sizeof(path));
    path[4096] = '\0';                      /* 4096 bytes and the NUL: too long */
    assert_int_equal(lookup_err(path, true), -ENAMETOOLONG);
    path[4095] = '\0';
    assert_ptr_equal(must(path), vfs_root_inode);
}

static void test_symlinks(void **state)
{
    struct inode *libc = must("/usr/lib/libc.so.6");
    struct inode *ino;
    long err;

    (void)state;
    assert_ptr_equal(must("/bin/sh"), must("/bin/busybox"));
    assert_ptr_equal(must("/lib/libc.so.6"), libc);
    assert_ptr_equal(must("/abs"), libc);
    ino = look("/bin/sh", false, &err);
    assert_non_null(ino);
    assert_true(S_ISLNK(inode_mode(ino)));
    /* Not following the last link still follows the ones before it. */
    ino = look("/lib/libc.so.6", false, &err);
    assert_ptr_equal(ino, libc);
    assert_int_equal(lookup_err("/dangling", true), -ENOENT);
    assert_int_equal(lookup_err("/dangling", false), 0);
    assert_int_equal(lookup_err("/loop1", true), -ELOOP);
    assert_int_equal(lookup_err("/loop1/x", false), -ELOOP);
    assert_int_equal(lookup_err("/loop1", false), 0);
    /* A trailing slash follows a final link. */
    assert_ptr_equal(must("/lib/"), must("/usr/lib"));
    /* A link's ".." is taken from the directory holding the link. */
    assert_ptr_equal(must("/up"), vfs_root_inode);
}

static void test_link_limit_is_forty(void **state)
{
    struct cpio_builder b = { 0 };
    char name[16], target[16];

    (void)state;
    fake_heap_reset();
    vfs_forget();
    /* l0 -> l1 -> ... -> l40 -> file: 41 links is one too many. */
    for (int i = 0; i <= 40; i++) {
        snprintf(name, sizeof(name), "l%d", i);
        snprintf(target, sizeof(target), i == 40 ? "file" : "l%d", i + 1);
        cpio_add(&b, name, S_IFLNK | 0777, target, strlen(target), 1, (uint32_t)i + 1);
    }
    cpio_add(&b, "file", S_IFREG | 0644, "x", 1, 1, 100);
    cpio_finish(&b);
    vfs_init(b.buf, b.len);
    fake_proc.cwd = vfs_root_inode;
    assert_int_equal(lookup_err("/l0", true), -ELOOP);
    assert_int_equal(lookup_err("/l1", true), 0);
    cpio_builder_free(&b);
}

static void test_mount_points(void **state)
{
    struct inode *tmp = must("/tmp");
    struct inode *dev = must("/dev");

    (void)state;
    assert_ptr_not_equal(tmp->sb, vfs_root_inode->sb);
    assert_ptr_equal(tmp->covered->parent, vfs_root_inode);
    assert_ptr_equal(must("/tmp/.."), vfs_root_inode);
    assert_ptr_equal(must("/tmp/../tmp"), tmp);
    assert_ptr_equal(must("/tmplink"), tmp);
    assert_ptr_equal(must("/tmplink/.."), vfs_root_inode);
    assert_true(S_ISCHR(inode_mode(must("/dev/null"))));
    assert_ptr_equal(must("/dev/../bin/busybox"), must("/bin/busybox"));
    assert_true(dev->sb->read_only);
    assert_false(tmp->sb->read_only);
    assert_true(vfs_root_inode->sb->read_only);
}

static void test_proc_entries(void **state)
{
    struct process other = { .pid = 7, .exe_path = "/bin/busybox" };
    struct inode *ino;
    char buf[64];
    long len;

    (void)state;
    fake_proc.exe_path = "/usr/lib/libc.so.6";
    fake_process_add(&other);
    assert_int_equal(vfs_lookup("/proc/self", false, &ino), 0);
    len = inode_readlink(ino, buf, sizeof(buf));
    assert_int_equal(len, 1);
    assert_memory_equal(buf, "1", 1);
    inode_put(ino);
    assert_int_equal(vfs_lookup("/proc/self/exe", true, &ino), 0);
    assert_ptr_equal(ino, must("/usr/lib/libc.so.6"));
    inode_put(ino);
    assert_int_equal(vfs_lookup("/proc/7/exe", true, &ino), 0);
    assert_ptr_equal(ino, must("/bin/busybox"));
    inode_put(ino);
    assert_int_equal(vfs_lookup("/proc/7/..", true, &ino), 0);
    assert_ptr_equal(ino, must("/proc"));
    inode_put(ino);
    assert_int_equal(lookup_err("/proc/8", true), -ENOENT);
    assert_int_equal(lookup_err("/proc/07", true), -ENOENT);
    assert_int_equal(lookup_err("/proc/7/nope", true), -ENOENT);
    /* Every dynamic inode went away with its last reference. */
    long live = fake_heap_live();
    assert_int_equal(vfs_lookup("/proc/self/status", true, &ino), 0);
    inode_put(ino);
    assert_int_equal(fake_heap_live(), live);
}

static void test_inode_path(void **state)
{
    char buf[64];

    (void)state;
    assert_int_equal(inode_path(vfs_root_inode, must("/usr/lib"), buf, sizeof(buf)), 8);
    assert_string_equal(buf, "/usr/lib");
    assert_int_equal(inode_path(vfs_root_inode, vfs_root_inode, buf, sizeof(buf)), 1);
    assert_string_equal(buf, "/");
    assert_int_equal(inode_path(vfs_root_inode, must("/tmp"), buf, sizeof(buf)), 4);
    assert_string_equal(buf, "/tmp");
    assert_int_equal(inode_path(vfs_root_inode, must("/dev/pts"), buf, sizeof(buf)), 8);
    assert_string_equal(buf, "/dev/pts");
    assert_int_equal(inode_path(vfs_root_inode, must("/usr/lib"), buf, 8), -ENAMETOOLONG);
}

/* The walk itself is pure: any root and start directory will do. */
static void test_walk_from_any_root(void **state)
{
    struct walk w = { .root = must("/usr") };
    struct inode *out;

    (void)state;
    assert_int_equal(path_walk(&w, w.root, "/lib/libc.so.6", 14, true, &out), 0);
    assert_ptr_equal(out, must("/usr/lib/libc.so.6"));
    inode_put(out);
    assert_int_equal(path_walk(&w, w.root, "../../..", 8, true, &out), 0);
    assert_ptr_equal(out, w.root);
    inode_put(out);
    /* The length bounds the walk, not a NUL. */
    assert_int_equal(path_walk(&w, w.root, "binary", 3, true, &out), 0);
    assert_ptr_equal(out, must("/usr/bin"));
    inode_put(out);
}

static void test_parent_split(void **state)
{
    struct walk w = { .root = vfs_root_inode };
    struct inode *dir;
    const char *name;
    size_t len;
    bool trailing;

    (void)state;
    assert_int_equal(path_parent(&w, vfs_root_inode, "/usr/lib/new/", 13, &dir, &name,
                                 &len, &trailing), 0);
    assert_ptr_equal(dir, must("/usr/lib"));
    assert_int_equal(len, 3);
    assert_memory_equal(name, "new", 3);
    assert_true(trailing);
    inode_put(dir);
    assert_int_equal(path_parent(&w, vfs_root_inode, "//", 2, &dir, &name, &len,
                                 &trailing), 0);
    assert_ptr_equal(dir, vfs_root_inode);
    assert_memory_equal(name, ".", 1);
    inode_put(dir);
    assert_int_equal(path_parent(&w, vfs_root_inode, "/bin/busybox/x", 14, &dir, &name,
                                 &len, &trailing), -ENOTDIR);
    assert_int_equal(path_parent(&w, vfs_root_inode, "/nope/x", 7, &dir, &name, &len,
                                 &trailing), -ENOENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dots_and_slashes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_relative_to_cwd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlinks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_limit_is_forty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mount_points, setup, teardown),
        cmocka_unit_test_setup_teardown(test_proc_entries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inode_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walk_from_any_root, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parent_split, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
