/*
 * dom0/include/linux/fs.h - Linux's x86_64 file ABI as user space sees it:
 * open and *at() flags, fcntl commands, file types, and the layouts of
 * stat, statx, statfs and getdents64 records.
 *
 * The struct names carry a linux_ prefix so the host unit tests can
 * include the C library's headers beside this one; the macro names are
 * Linux's own (the tests never include <fcntl.h> or <sys/stat.h>).
 */
#ifndef DOM0_LINUX_FS_H
#define DOM0_LINUX_FS_H

#include <kernel/types.h>

/* open(2) flags (the generic values x86_64 uses, in octal as Linux). */
#define O_ACCMODE       00000003
#define O_RDONLY        00000000
#define O_WRONLY        00000001
#define O_RDWR          00000002
#define O_CREAT         00000100
#define O_EXCL          00000200
#define O_NOCTTY        00000400
#define O_TRUNC         00001000
#define O_APPEND        00002000
#define O_NONBLOCK      00004000
#define O_DSYNC         00010000
#define O_ASYNC         00020000
#define O_DIRECT        00040000
#define O_LARGEFILE     00100000
#define O_DIRECTORY     00200000
#define O_NOFOLLOW      00400000
#define O_NOATIME       01000000
#define O_CLOEXEC       02000000
#define O_SYNC          04010000
#define O_PATH          010000000
#define O_TMPFILE       020200000

/* The *at() calls. */
#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EACCESS          0x200
#define AT_REMOVEDIR        0x200
#define AT_SYMLINK_FOLLOW   0x400
#define AT_NO_AUTOMOUNT     0x800
#define AT_EMPTY_PATH       0x1000
#define AT_STATX_SYNC_TYPE  0x6000

/* renameat2(2). */
#define RENAME_NOREPLACE    1
#define RENAME_EXCHANGE     2
#define RENAME_WHITEOUT     4

/* fcntl(2). */
#define F_DUPFD             0
#define F_GETFD             1
#define F_SETFD             2
#define F_GETFL             3
#define F_SETFL             4
#define F_DUPFD_CLOEXEC     1030
#define F_GETPIPE_SZ        1032
#define FD_CLOEXEC          1

/* access(2). */
#define F_OK                0
#define X_OK                1
#define W_OK                2
#define R_OK                4

/* lseek(2). */
#define SEEK_SET            0
#define SEEK_CUR            1
#define SEEK_END            2
#define SEEK_DATA           3
#define SEEK_HOLE           4

/* Generic ioctls every descriptor answers. */
#define FIONREAD            0x541B
#define FIONBIO             0x5421
#define FIONCLEX            0x5450
#define FIOCLEX             0x5451

/* File types and permission bits (st_mode). */
#define S_IFMT              0170000
#define S_IFSOCK            0140000
#define S_IFLNK             0120000
#define S_IFREG             0100000
#define S_IFBLK             0060000
#define S_IFDIR             0040000
#define S_IFCHR             0020000
#define S_IFIFO             0010000
#define S_ISUID             04000
#define S_ISGID             02000
#define S_ISVTX             01000
#define S_IALLUGO           07777
#define S_IRWXUGO           0777
#define S_ISREG(m)          (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)          (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)          (((m) & S_IFMT) == S_IFCHR)
#define S_ISLNK(m)          (((m) & S_IFMT) == S_IFLNK)
#define S_ISFIFO(m)         (((m) & S_IFMT) == S_IFIFO)
#define S_ISSOCK(m)         (((m) & S_IFMT) == S_IFSOCK)

/* getdents64's d_type is the file type's four bits. */
#define DT_UNKNOWN          0
#define DT_FIFO             1
#define DT_CHR              2
#define DT_DIR              4
#define DT_REG              8
#define DT_LNK              10
#define IFTODT(mode)        (((mode) & S_IFMT) >> 12)

/* utimensat(2)'s special nanosecond values. */
#define UTIME_NOW           ((1L << 30) - 1)
#define UTIME_OMIT          ((1L << 30) - 2)

#define LINUX_NAME_MAX      255
#define LINUX_PATH_MAX      4096
#define LINUX_SYMLOOP_MAX   40
/* The most one read or write moves, as Linux's MAX_RW_COUNT. */
#define LINUX_MAX_RW_COUNT  0x7ffff000L
#define LINUX_UIO_MAXIOV    1024
#define LINUX_PIPE_BUF      4096

struct linux_timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};

struct linux_timeval {
    int64_t tv_sec;
    int64_t tv_usec;
};

struct linux_iovec {
    uint64_t iov_base;
    uint64_t iov_len;
};

/* x86_64's struct stat (arch/x86/include/uapi/asm/stat.h). */
struct linux_stat {
    uint64_t st_dev;
    uint64_t st_ino;
    uint64_t st_nlink;
    uint32_t st_mode;
    uint32_t st_uid;
    uint32_t st_gid;
    uint32_t pad0;
    uint64_t st_rdev;
    int64_t st_size;
    int64_t st_blksize;
    int64_t st_blocks;
    struct linux_timespec st_atim;
    struct linux_timespec st_mtim;
    struct linux_timespec st_ctim;
    int64_t unused[3];
};

struct linux_statx_timestamp {
    int64_t tv_sec;
    uint32_t tv_nsec;
    int32_t reserved;
};

struct linux_statx {
    uint32_t stx_mask;
    uint32_t stx_blksize;
    uint64_t stx_attributes;
    uint32_t stx_nlink;
    uint32_t stx_uid;
    uint32_t stx_gid;
    uint16_t stx_mode;
    uint16_t spare0;
    uint64_t stx_ino;
    uint64_t stx_size;
    uint64_t stx_blocks;
    uint64_t stx_attributes_mask;
    struct linux_statx_timestamp stx_atime;
    struct linux_statx_timestamp stx_btime;
    struct linux_statx_timestamp stx_ctime;
    struct linux_statx_timestamp stx_mtime;
    uint32_t stx_rdev_major;
    uint32_t stx_rdev_minor;
    uint32_t stx_dev_major;
    uint32_t stx_dev_minor;
    uint64_t stx_mnt_id;
    uint32_t stx_dio_mem_align;
    uint32_t stx_dio_offset_align;
    uint64_t spare3[12];
};

#define STATX_TYPE          0x0001U
#define STATX_MODE          0x0002U
#define STATX_NLINK         0x0004U
#define STATX_UID           0x0008U
#define STATX_GID           0x0010U
#define STATX_ATIME         0x0020U
#define STATX_MTIME         0x0040U
#define STATX_CTIME         0x0080U
#define STATX_INO           0x0100U
#define STATX_SIZE          0x0200U
#define STATX_BLOCKS        0x0400U
#define STATX_BASIC_STATS   0x07ffU
#define STATX_BTIME         0x0800U
#define STATX__RESERVED     0x80000000U

/* x86_64's struct statfs (asm-generic/statfs.h with 64-bit longs). */
struct linux_statfs {
    int64_t f_type;
    int64_t f_bsize;
    uint64_t f_blocks;
    uint64_t f_bfree;
    uint64_t f_bavail;
    uint64_t f_files;
    uint64_t f_ffree;
    int32_t f_fsid[2];
    int64_t f_namelen;
    int64_t f_frsize;
    int64_t f_flags;
    int64_t f_spare[4];
};

#define ST_RDONLY           1
#define RAMFS_MAGIC         0x858458f6
#define TMPFS_MAGIC         0x01021994
#define PROC_SUPER_MAGIC    0x9fa0

/* One getdents64 record; d_reclen rounds the whole up to 8 bytes. */
struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[];
};

/* poll(2) bits and struct pollfd. */
#define POLLIN              0x0001
#define POLLPRI             0x0002
#define POLLOUT             0x0004
#define POLLERR             0x0008
#define POLLHUP             0x0010
#define POLLNVAL            0x0020
#define POLLRDNORM          0x0040
#define POLLRDBAND          0x0080
#define POLLWRNORM          0x0100
#define POLLWRBAND          0x0200
#define POLLRDHUP           0x2000

struct linux_pollfd {
    int32_t fd;
    int16_t events;
    int16_t revents;
};

/* select(2)'s fd_set: FD_SETSIZE bits in longs. */
#define LINUX_FD_SETSIZE    1024

BUILD_BUG_ON(sizeof(struct linux_timespec) != 16);
BUILD_BUG_ON(sizeof(struct linux_iovec) != 16);
BUILD_BUG_ON(sizeof(struct linux_stat) != 144);
BUILD_BUG_ON(offsetof(struct linux_stat, st_mode) != 24);
BUILD_BUG_ON(offsetof(struct linux_stat, st_rdev) != 40);
BUILD_BUG_ON(offsetof(struct linux_stat, st_size) != 48);
BUILD_BUG_ON(offsetof(struct linux_stat, st_blocks) != 64);
BUILD_BUG_ON(offsetof(struct linux_stat, st_atim) != 72);
BUILD_BUG_ON(offsetof(struct linux_stat, st_mtim) != 88);
BUILD_BUG_ON(offsetof(struct linux_stat, st_ctim) != 104);
BUILD_BUG_ON(sizeof(struct linux_statx_timestamp) != 16);
BUILD_BUG_ON(sizeof(struct linux_statx) != 256);
BUILD_BUG_ON(offsetof(struct linux_statx, stx_mode) != 0x1c);
BUILD_BUG_ON(offsetof(struct linux_statx, stx_ino) != 0x20);
BUILD_BUG_ON(offsetof(struct linux_statx, stx_atime) != 0x40);
BUILD_BUG_ON(offsetof(struct linux_statx, stx_mtime) != 0x70);
BUILD_BUG_ON(offsetof(struct linux_statx, stx_rdev_major) != 0x80);
BUILD_BUG_ON(offsetof(struct linux_statx, stx_mnt_id) != 0x90);
BUILD_BUG_ON(sizeof(struct linux_statfs) != 120);
BUILD_BUG_ON(offsetof(struct linux_statfs, f_fsid) != 56);
BUILD_BUG_ON(offsetof(struct linux_dirent64, d_name) != 19);
BUILD_BUG_ON(sizeof(struct linux_pollfd) != 8);

#endif /* DOM0_LINUX_FS_H */
