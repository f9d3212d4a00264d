/*
 * dom0/include/kernel/syscalls_fs.h - the file system calls fs/ provides,
 * for the system-call dispatcher.
 *
 * Each takes its arguments raw, as Linux passes them in registers, and
 * narrows them to the type Linux's own prototype gives (an fd is an int,
 * flags an unsigned int...), so a value with junk in its upper half
 * behaves as on Linux.  Each returns the result or a negative errno.
 */
#ifndef DOM0_KERNEL_SYSCALLS_FS_H
#define DOM0_KERNEL_SYSCALLS_FS_H

#include <kernel/types.h>

/* fs/read_write.c */
long sys_read(uint64_t fd, uaddr_t buf, uint64_t count);
long sys_write(uint64_t fd, uaddr_t buf, uint64_t count);
long sys_readv(uint64_t fd, uaddr_t iov, uint64_t iovcnt);
long sys_writev(uint64_t fd, uaddr_t iov, uint64_t iovcnt);
long sys_pread64(uint64_t fd, uaddr_t buf, uint64_t count, uint64_t pos);
long sys_pwrite64(uint64_t fd, uaddr_t buf, uint64_t count, uint64_t pos);
long sys_sendfile(uint64_t out_fd, uint64_t in_fd, uaddr_t offset, uint64_t count);
long sys_lseek(uint64_t fd, uint64_t offset, uint64_t whence);
long sys_getdents64(uint64_t fd, uaddr_t dirp, uint64_t count);

/* fs/open.c */
long sys_open(uaddr_t path, uint64_t flags, uint64_t mode);
long sys_openat(uint64_t dirfd, uaddr_t path, uint64_t flags, uint64_t mode);
long sys_creat(uaddr_t path, uint64_t mode);
long sys_close(uint64_t fd);
long sys_dup(uint64_t fd);
long sys_dup2(uint64_t oldfd, uint64_t newfd);
long sys_dup3(uint64_t oldfd, uint64_t newfd, uint64_t flags);
long sys_fcntl(uint64_t fd, uint64_t cmd, uint64_t arg);
long sys_ioctl(uint64_t fd, uint64_t cmd, uint64_t arg);
long sys_pipe(uaddr_t fds);
long sys_pipe2(uaddr_t fds, uint64_t flags);

/* fs/stat.c */
long sys_stat(uaddr_t path, uaddr_t statbuf);
long sys_lstat(uaddr_t path, uaddr_t statbuf);
long sys_fstat(uint64_t fd, uaddr_t statbuf);
long sys_newfstatat(uint64_t dirfd, uaddr_t path, uaddr_t statbuf, uint64_t flags);
long sys_statx(uint64_t dirfd, uaddr_t path, uint64_t flags, uint64_t mask,
               uaddr_t statxbuf);
long sys_statfs(uaddr_t path, uaddr_t buf);
long sys_fstatfs(uint64_t fd, uaddr_t buf);
long sys_access(uaddr_t path, uint64_t mode);
long sys_faccessat(uint64_t dirfd, uaddr_t path, uint64_t mode);
long sys_faccessat2(uint64_t dirfd, uaddr_t path, uint64_t mode, uint64_t flags);
long sys_readlink(uaddr_t path, uaddr_t buf, uint64_t bufsiz);
long sys_readlinkat(uint64_t dirfd, uaddr_t path, uaddr_t buf, uint64_t bufsiz);
long sys_getcwd(uaddr_t buf, uint64_t size);

/* fs/dirops.c */
long sys_chdir(uaddr_t path);
long sys_fchdir(uint64_t fd);
long sys_mkdir(uaddr_t path, uint64_t mode);
long sys_mkdirat(uint64_t dirfd, uaddr_t path, uint64_t mode);
long sys_rmdir(uaddr_t path);
long sys_unlink(uaddr_t path);
long sys_unlinkat(uint64_t dirfd, uaddr_t path, uint64_t flags);
long sys_rename(uaddr_t oldpath, uaddr_t newpath);
long sys_renameat(uint64_t olddirfd, uaddr_t oldpath, uint64_t newdirfd,
                  uaddr_t newpath);
long sys_renameat2(uint64_t olddirfd, uaddr_t oldpath, uint64_t newdirfd,
                   uaddr_t newpath, uint64_t flags);
long sys_link(uaddr_t oldpath, uaddr_t newpath);
long sys_linkat(uint64_t olddirfd, uaddr_t oldpath, uint64_t newdirfd,
                uaddr_t newpath, uint64_t flags);
long sys_symlink(uaddr_t target, uaddr_t linkpath);
long sys_symlinkat(uaddr_t target, uint64_t newdirfd, uaddr_t linkpath);

/* fs/attr.c */
long sys_chmod(uaddr_t path, uint64_t mode);
long sys_fchmod(uint64_t fd, uint64_t mode);
long sys_fchmodat(uint64_t dirfd, uaddr_t path, uint64_t mode);
long sys_chown(uaddr_t path, uint64_t uid, uint64_t gid);
long sys_lchown(uaddr_t path, uint64_t uid, uint64_t gid);
long sys_fchown(uint64_t fd, uint64_t uid, uint64_t gid);
long sys_fchownat(uint64_t dirfd, uaddr_t path, uint64_t uid, uint64_t gid,
                  uint64_t flags);
long sys_truncate(uaddr_t path, uint64_t length);
long sys_ftruncate(uint64_t fd, uint64_t length);
long sys_utimensat(uint64_t dirfd, uaddr_t path, uaddr_t times, uint64_t flags);
long sys_umask(uint64_t mask);
long sys_sync(void);
long sys_fsync(uint64_t fd);
long sys_fdatasync(uint64_t fd);

/* fs/poll.c */
long sys_poll(uaddr_t fds, uint64_t nfds, uint64_t timeout_ms);
long sys_ppoll(uaddr_t fds, uint64_t nfds, uaddr_t timeout, uaddr_t sigmask,
               uint64_t sigsetsize);
long sys_select(uint64_t nfds, uaddr_t readfds, uaddr_t writefds,
                uaddr_t exceptfds, uaddr_t timeout);
long sys_pselect6(uint64_t nfds, uaddr_t readfds, uaddr_t writefds,
                  uaddr_t exceptfds, uaddr_t timeout, uaddr_t sigmask_arg);

/* fs/eventpoll.c */
long sys_epoll_create(uint64_t size);
long sys_epoll_create1(uint64_t flags);
long sys_epoll_ctl(uint64_t epfd, uint64_t op, uint64_t fd, uaddr_t event);
long sys_epoll_wait(uint64_t epfd, uaddr_t events, uint64_t maxevents,
                    uint64_t timeout_ms);
long sys_epoll_pwait(uint64_t epfd, uaddr_t events, uint64_t maxevents,
                     uint64_t timeout_ms, uaddr_t sigmask, uint64_t sigsetsize);

/*
 * Called by waitq_wake() for every wake: the poll() and select() sleepers
 * with a file that has no poll_queue wait on one queue of their own and
 * recheck all their files.
 */
void poll_wake_all(void);
struct waitq;
/* Called by waitq_wake(q): wakes the sleepers hooked on q alone. */
void poll_wake_hooked(struct waitq *q);

#endif /* DOM0_KERNEL_SYSCALLS_FS_H */
