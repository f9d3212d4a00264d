/*
 * tests/unit/dom0_fs_fixture.c - booting the dom0 file layer for a host
 * test, and tearing it down: linked into the tests whose sources include
 * the file layer (UNIT_DOM0_FS in unit.mk).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <kernel/kernel.h>
#include <kernel/fs.h>
#include <kernel/process.h>
#include "vfs.h"
#include "dom0_fakes.h"

void fake_fs_boot(struct cpio_builder *b, bool with_files)
{
    cpio_finish(b);
    vfs_init(b->buf, b->len);
    fake_proc.cwd = vfs_root_inode;
    if (!with_files)
        return;
    fake_proc.files = files_new();
    inode_get(vfs_root_inode);
    fake_proc.cwd_path = kstrdup("/");
    fake_proc.exe_path = "/bin/busybox";
}

void fake_fs_teardown(struct cpio_builder *b)
{
    fake_heap_reset();
    vfs_forget();
    cpio_builder_free(b);
}
