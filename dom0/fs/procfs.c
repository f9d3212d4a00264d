/*
 * dom0/fs/procfs.c - /proc: self, one directory per process (exe, cmdline,
 * stat, status), meminfo and uptime, plus the files drivers register
 * (xen/privcmd, xen/capabilities).
 *
 * Registered and fixed entries live in an ordinary tree under the proc
 * root; process directories and their files are made at each lookup
 * (nlink 0), so they live exactly as long as someone references them.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/process.h>
#include <kernel/time.h>
#include <linux/errno.h>
#include "vfs.h"

#define NSEC_PER_SEC        1000000000ULL
#define NSEC_PER_CENTISEC   10000000ULL
#define KIB_PER_PAGE        (PAGE_SIZE / 1024)
#define PID_INO_BASE        0x100000ULL
#define PID_INO(pid, kind)  (PID_INO_BASE + (uint64_t)(pid) * 8 + (kind))

static struct fs_super proc_sb = { .name = "proc", .dev = 0x03,
                                   .magic = PROC_SUPER_MAGIC, .read_only = true };
static struct inode *proc_root;

#define FD_INO_BASE         0x40000000ULL
#define FD_INO(pid, fd)     (FD_INO_BASE + (uint64_t)(pid) * 1024 + (uint64_t)(fd))
#define FD_LINK_SIZE        64          /* what Linux's lstat shows for these */
#define KEY_FD_BITS         16

enum pid_entry { PID_DIR, PID_EXE, PID_CMDLINE, PID_STAT, PID_STATUS, PID_FD, PID_KINDS };

static const char *const pid_entry_names[PID_KINDS] = {
    [PID_EXE] = "exe", [PID_CMDLINE] = "cmdline", [PID_STAT] = "stat",
    [PID_STATUS] = "status", [PID_FD] = "fd",
};

static int inode_pid(const struct inode *ino)
{
    return (int)(intptr_t)ino->data;
}

/* snprintf's result as a generated length (truncated output counts whole). */
static long text_len(size_t size, int len)
{
    return len < 0 ? -EINVAL : (long)MIN((size_t)len, size);
}

/* ---- Fixed entries ---- */

static long self_readlink(struct inode *ino, char *buf, size_t size)
{
    (void)ino;
    if (!current)
        return -ENOENT;
    return text_len(size, snprintf(buf, size, "%d", current->pid));
}

static long meminfo_generate(struct inode *ino, char *buf, size_t size)
{
    unsigned long total = pages_total() * KIB_PER_PAGE;
    unsigned long free = pages_free_count() * KIB_PER_PAGE;

    (void)ino;
    return text_len(size, snprintf(buf, size,
        "MemTotal:       %8lu kB\nMemFree:        %8lu kB\n"
        "MemAvailable:   %8lu kB\nBuffers:               0 kB\n"
        "Cached:                0 kB\nSwapTotal:             0 kB\n"
        "SwapFree:              0 kB\nSlab:           %8lu kB\n", total, free, free,
        kmalloc_pages() * KIB_PER_PAGE));
}

static long uptime_generate(struct inode *ino, char *buf, size_t size)
{
    uint64_t cs = monotonic_ns() / NSEC_PER_CENTISEC;

    (void)ino;
    return text_len(size, snprintf(buf, size, "%llu.%02llu 0.00\n",
        (unsigned long long)(cs / 100), (unsigned long long)(cs % 100)));
}

static const struct inode_ops self_iops = { .readlink = self_readlink };
static const struct inode_ops meminfo_iops = { .generate = meminfo_generate };
static const struct inode_ops uptime_iops = { .generate = uptime_generate };

/* ---- Process directories ---- */

/* The length of process's executable path, or -ENOENT. */
static long exe_len(const struct inode *ino)
{
    struct process *p = process_find(inode_pid(ino));

    if (!p || !p->exe_path)
        return -ENOENT;
    return (long)strnlen(p->exe_path, LINUX_PATH_MAX - 1);
}

static long exe_readlink(struct inode *ino, char *buf, size_t size)
{
    long len = exe_len(ino);

    if (len >= 0)
        memcpy(buf, process_find(inode_pid(ino))->exe_path, MIN((size_t)len, size));
    return len;
}

static long cmdline_generate(struct inode *ino, char *buf, size_t size)
{
    (void)buf, (void)size;
    return process_find(inode_pid(ino)) ? 0 : -ESRCH;
}

static char state_letter(const struct process *p)
{
    return p->state == PROC_ZOMBIE ? 'Z' : p->state == PROC_SLEEPING ? 'S' : 'R';
}

static long stat_generate(struct inode *ino, char *buf, size_t size)
{
    struct process *p = process_find(inode_pid(ino));

    if (!p)
        return -ESRCH;
    return text_len(size, snprintf(buf, size,
        "%d (%s) %c %d %d %d 0 -1 0 0 0 0 0 %llu %llu 0 0 20 0 1 0 %llu 0 0\n",
        p->pid, p->name, state_letter(p), p->ppid, p->pgid, p->sid,
        (unsigned long long)(p->utime_ns / NSEC_PER_CENTISEC),
        (unsigned long long)(p->stime_ns / NSEC_PER_CENTISEC),
        (unsigned long long)(p->start_ns / NSEC_PER_CENTISEC)));
}

static long status_generate(struct inode *ino, char *buf, size_t size)
{
    struct process *p = process_find(inode_pid(ino));

    if (!p)
        return -ESRCH;
    return text_len(size, snprintf(buf, size,
        "Name:\t%s\nState:\t%c\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\n"
        "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nThreads:\t1\n",
        p->name, state_letter(p), p->pid, p->pid, p->ppid,
        p->uid, p->euid, p->euid, p->euid, p->gid, p->egid, p->egid, p->egid));
}

/* ---- /proc/<pid>/fd: one magic link per open descriptor ---- */

static struct file *fd_link_file(const struct inode *ino)
{
    intptr_t key = (intptr_t)ino->data;
    struct process *p = process_find((int)(key >> KEY_FD_BITS));

    return p ? files_peek(p->files, (int)(key & ((1 << KEY_FD_BITS) - 1))) : NULL;
}

/* The file's path where the tree still names it; pipes and sockets as Linux shows them. */
static long fd_link_readlink(struct inode *ino, char *buf, size_t size)
{
    struct file *f = fd_link_file(ino);
    long len;

    if (!f)
        return -ENOENT;
    if (S_ISFIFO(f->inode->mode))
        return text_len(size, snprintf(buf, size, "pipe:[%llu]",
                                       (unsigned long long)f->inode->ino));
    if (S_ISSOCK(f->inode->mode))
        return text_len(size, snprintf(buf, size, "socket:[%llu]",
                                       (unsigned long long)f->inode->ino));
    len = inode_path(vfs_root_inode, f->inode, buf, size);
    return len >= 0 ? len : text_len(size, snprintf(buf, size, "(deleted)"));
}

/* Opening the link opens the file itself, even one no name leads to. */
static long fd_link_follow(struct inode *ino, struct inode **out)
{
    struct file *f = fd_link_file(ino);

    if (!f)
        return -ENOENT;
    inode_get(f->inode);
    *out = f->inode;
    return 0;
}

static const struct inode_ops fd_link_iops = {
    .readlink = fd_link_readlink, .follow = fd_link_follow,
};

/* Decimal without leading zeros ("0" itself is fine), as /proc names are. */
static bool parse_number(const char *name, size_t len, int *out)
{
    long v = 0;

    if (len == 0 || len > 9 || (name[0] == '0' && len > 1))
        return false;
    for (size_t i = 0; i < len; i++) {
        if (name[i] < '0' || name[i] > '9')
            return false;
        v = v * 10 + (name[i] - '0');
    }
    *out = (int)v;
    return true;
}

static long pid_fd_lookup(struct inode *dir, const char *name, size_t len,
                          struct inode **out)
{
    int pid = inode_pid(dir), fd;
    struct process *p = process_find(pid);
    struct inode *ino;

    if (!parse_number(name, len, &fd) || !p || !files_peek(p->files, fd))
        return -ENOENT;
    if (!(ino = inode_new(&proc_sb, S_IFLNK | 0700)))
        return -ENOMEM;
    ino->ino = FD_INO(pid, fd);
    ino->data = (void *)(((intptr_t)pid << KEY_FD_BITS) | fd);
    ino->iops = &fd_link_iops;
    ino->size = FD_LINK_SIZE;
    *out = ino;
    return 0;
}

/* "." and ".." at positions 0 and 1: false when the buffer filled first. */
static bool emit_dots(struct inode *dir, int64_t *pos, dir_emit_t emit, void *ctx)
{
    if (*pos == 0 && emit(ctx, ".", 1, dir->ino, DT_DIR) == 0)
        (*pos)++;
    if (*pos == 1 && emit(ctx, "..", 2, proc_root->ino, DT_DIR) == 0)
        (*pos)++;
    return *pos >= 2;
}

/* Descriptor n sits at position n + 2. */
static long pid_fd_iterate(struct inode *dir, int64_t *pos, dir_emit_t emit, void *ctx)
{
    int pid = inode_pid(dir), fd;
    struct process *p = process_find(pid);
    char name[16];

    if (!emit_dots(dir, pos, emit, ctx) || !p)
        return 0;
    while ((fd = files_next_open(p->files, (int)MIN(*pos - 2, INT32_MAX))) >= 0) {
        int len = snprintf(name, sizeof(name), "%d", fd);
        if (emit(ctx, name, (size_t)len, FD_INO(pid, fd), DT_LNK))
            break;
        *pos = fd + 3;
    }
    return 0;
}

static const struct inode_ops pid_iops[PID_KINDS] = {
    [PID_FD] = { .lookup = pid_fd_lookup, .iterate = pid_fd_iterate },
    [PID_EXE] = { .readlink = exe_readlink },
    [PID_CMDLINE] = { .generate = cmdline_generate },
    [PID_STAT] = { .generate = stat_generate },
    [PID_STATUS] = { .generate = status_generate },
};

static const uint32_t pid_modes[PID_KINDS] = {
    [PID_DIR] = S_IFDIR | 0555, [PID_EXE] = S_IFLNK | 0777,
    [PID_CMDLINE] = S_IFREG | 0444, [PID_STAT] = S_IFREG | 0444,
    [PID_STATUS] = S_IFREG | 0444, [PID_FD] = S_IFDIR | 0500,
};

static const struct inode_ops pid_dir_iops;

/* A fresh inode for one entry of process pid's directory. */
static struct inode *pid_inode(int pid, enum pid_entry kind)
{
    struct inode *ino = inode_new(&proc_sb, pid_modes[kind]);

    if (!ino)
        return NULL;
    ino->ino = PID_INO(pid, kind);
    ino->data = (void *)(intptr_t)pid;
    ino->iops = kind == PID_DIR ? &pid_dir_iops : &pid_iops[kind];
    ino->parent = proc_root;
    if (kind == PID_EXE) {
        long len = exe_len(ino);
        ino->size = len < 0 ? 0 : len;
    }
    return ino;
}

static long pid_dir_lookup(struct inode *dir, const char *name, size_t len,
                           struct inode **out)
{
    for (int kind = PID_EXE; kind < PID_KINDS; kind++) {
        if (strlen(pid_entry_names[kind]) != len ||
            memcmp(pid_entry_names[kind], name, len) != 0)
            continue;
        *out = pid_inode(inode_pid(dir), (enum pid_entry)kind);
        return *out ? 0 : -ENOMEM;
    }
    return -ENOENT;
}

static long pid_dir_iterate(struct inode *dir, int64_t *pos, dir_emit_t emit, void *ctx)
{
    int pid = inode_pid(dir);

    if (!emit_dots(dir, pos, emit, ctx))
        return 0;
    /* Position 2 is the first entry kind after the directory itself. */
    while (*pos - 1 < PID_KINDS) {
        int kind = (int)*pos - 1;
        if (emit(ctx, pid_entry_names[kind], strlen(pid_entry_names[kind]),
                 PID_INO(pid, kind), IFTODT(pid_modes[kind])))
            break;
        (*pos)++;
    }
    return 0;
}

static const struct inode_ops pid_dir_iops = {
    .lookup = pid_dir_lookup, .iterate = pid_dir_iterate,
};

/* ---- The proc root: its tree, then one directory per process ---- */

static long proc_root_lookup(struct inode *dir, const char *name, size_t len,
                             struct inode **out)
{
    struct inode *ino = dir_find(dir, name, len);
    int pid;

    if (ino) {
        inode_get(ino);
        *out = ino;
        return 0;
    }
    if (!parse_number(name, len, &pid) || !process_find(pid))
        return -ENOENT;
    *out = pid_inode(pid, PID_DIR);
    return *out ? 0 : -ENOMEM;
}

struct pid_listing {
    int64_t skip;                   /* processes already listed */
    int64_t *pos;
    dir_emit_t emit;
    void *ctx;
};

static int list_one_pid(struct process *p, void *arg)
{
    struct pid_listing *l = arg;
    char name[16];
    int len;

    if (l->skip > 0) {
        l->skip--;
        return 0;
    }
    len = snprintf(name, sizeof(name), "%d", p->pid);
    if (l->emit(l->ctx, name, (size_t)len, PID_INO(p->pid, PID_DIR), DT_DIR))
        return 1;
    (*l->pos)++;
    return 0;
}

static long proc_root_iterate(struct inode *dir, int64_t *pos, dir_emit_t emit, void *ctx)
{
    int64_t fixed = 2;
    struct pid_listing l = { .pos = pos, .emit = emit, .ctx = ctx };

    for (struct dentry *d = dir->children; d; d = d->next)
        fixed++;
    dir_iterate(dir, pos, emit, ctx);
    if (*pos < fixed)
        return 0;                   /* the buffer filled up first */
    l.skip = *pos - fixed;
    process_for_each(list_one_pid, &l);
    return 0;
}

static const struct inode_ops proc_root_iops = {
    .lookup = proc_root_lookup, .iterate = proc_root_iterate,
};

static struct inode *proc_root_get(void)
{
    if (!proc_root && (proc_root = ramfs_new_root(&proc_sb, S_IFDIR | 0555)))
        proc_root->iops = &proc_root_iops;
    return proc_root;
}

long procfs_register(const char *name, uint32_t mode, const struct file_ops *ops,
                     void *data)
{
    struct inode *ino;
    long err = -ENOMEM;

    if (!proc_root_get() || !(ino = fs_add_node(proc_root, name, mode, &err)))
        return err;
    ino->fops = ops;
    ino->data = data;
    return 0;
}

static void proc_fixed(const char *name, uint32_t mode, const struct inode_ops *iops)
{
    long err;
    struct inode *ino = fs_add_node(proc_root, name, mode, &err);

    if (ino)
        ino->iops = iops;
}

struct inode *procfs_init(void)
{
    if (!proc_root_get())
        return NULL;
    proc_fixed("self", S_IFLNK | 0777, &self_iops);
    proc_fixed("meminfo", S_IFREG | 0444, &meminfo_iops);
    proc_fixed("uptime", S_IFREG | 0444, &uptime_iops);
    return proc_root;
}

void procfs_forget(void)
{
    proc_root = NULL;
}
