/*
 * dom0/kernel/syscalls.h - the system calls the core implements (process,
 * signals, memory, time, system information).  The file system's are in
 * <kernel/syscalls_fs.h>.  Arguments arrive as Linux passes them: raw
 * 64-bit register values, pointers as uaddr_t.
 */
#ifndef DOM0_KERNEL_SYSCALLS_H
#define DOM0_KERNEL_SYSCALLS_H

#include <kernel/types.h>

/* kernel/process.c */
long sys_clone(uint64_t flags, uaddr_t stack, uaddr_t ptid, uaddr_t ctid, uint64_t tls);
long sys_fork(void);
long sys_vfork(void);
long sys_exit(uint64_t status);
long sys_exit_group(uint64_t status);
long sys_wait4(int pid, uaddr_t wstatus, uint64_t options, uaddr_t rusage);
long sys_getpid(void);
long sys_gettid(void);
long sys_getppid(void);
long sys_getuid(void);
long sys_geteuid(void);
long sys_getgid(void);
long sys_getegid(void);
long sys_setpgid(int pid, int pgid);
long sys_getpgid(int pid);
long sys_getpgrp(void);
long sys_setsid(void);
long sys_getsid(int pid);

/* kernel/exec.c */
long sys_execve(uaddr_t path, uaddr_t argv, uaddr_t envp);

/* kernel/signal.c */
long sys_rt_sigaction(uint64_t sig, uaddr_t act, uaddr_t oldact, uint64_t size);
long sys_rt_sigprocmask(uint64_t how, uaddr_t set, uaddr_t oldset, uint64_t size);
long sys_rt_sigpending(uaddr_t set, uint64_t size);
long sys_rt_sigreturn(void);
long sys_rt_sigsuspend(uaddr_t mask, uint64_t size);
long sys_sigaltstack(uaddr_t ss, uaddr_t oss);
long sys_kill(int pid, uint64_t sig);
long sys_tkill(int tid, uint64_t sig);
long sys_tgkill(int tgid, int tid, uint64_t sig);

/* mm/sys_mm.c */
long sys_brk(uaddr_t addr);
long sys_mmap(uaddr_t addr, uint64_t len, uint64_t prot, uint64_t flags, uint64_t fd,
              uint64_t off);
long sys_munmap(uaddr_t addr, uint64_t len);
long sys_mprotect(uaddr_t addr, uint64_t len, uint64_t prot);
long sys_madvise(uaddr_t addr, uint64_t len, uint64_t advice);
long sys_mremap(uaddr_t addr, uint64_t old_len, uint64_t new_len, uint64_t flags,
                uaddr_t new_addr);
long sys_msync(uaddr_t addr, uint64_t len, uint64_t flags);

/* kernel/sys_time.c */
long sys_clock_gettime(uint64_t clock, uaddr_t tp);
long sys_clock_getres(uint64_t clock, uaddr_t tp);
long sys_gettimeofday(uaddr_t tv, uaddr_t tz);
long sys_time(uaddr_t t);
long sys_nanosleep(uaddr_t req, uaddr_t rem);
long sys_clock_nanosleep(uint64_t clock, uint64_t flags, uaddr_t req, uaddr_t rem);
long sys_pause(void);
long sys_sched_yield(void);
long sys_times(uaddr_t buf);
long sys_getrusage(int who, uaddr_t usage);

/* kernel/sys_misc.c */
long sys_uname(uaddr_t buf);
long sys_sethostname(uaddr_t name, uint64_t len);
long sys_arch_prctl(uint64_t code, uint64_t addr);
long sys_set_tid_address(uaddr_t tidptr);
long sys_set_robust_list(uaddr_t head, uint64_t len);
long sys_get_robust_list(int pid, uaddr_t head, uaddr_t len);
long sys_prlimit64(int pid, uint64_t resource, uaddr_t new_limit, uaddr_t old_limit);
long sys_getrlimit(uint64_t resource, uaddr_t rlim);
long sys_setrlimit(uint64_t resource, uaddr_t rlim);
long sys_getrandom(uaddr_t buf, uint64_t len, uint64_t flags);
long sys_sysinfo(uaddr_t info);
long sys_futex(uaddr_t uaddr, uint64_t op, uint64_t val, uaddr_t timeout, uaddr_t uaddr2,
               uint64_t val3);
long sys_rseq(uaddr_t rseq, uint64_t len, uint64_t flags, uint64_t sig);
long sys_clone3(uaddr_t args, uint64_t size);
long sys_prctl(uint64_t option, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);
long sys_sched_getaffinity(int pid, uint64_t len, uaddr_t mask);
long sys_getcpu(uaddr_t cpu, uaddr_t node, uaddr_t cache);
long sys_getgroups(int size, uaddr_t list);
long sys_setgroups(int size, uaddr_t list);
long sys_setuid(uint64_t uid);
long sys_setgid(uint64_t gid);
long sys_setreuid(uint64_t ruid, uint64_t euid);
long sys_setregid(uint64_t rgid, uint64_t egid);
long sys_setresuid(uint64_t ruid, uint64_t euid, uint64_t suid);
long sys_setresgid(uint64_t rgid, uint64_t egid, uint64_t sgid);
long sys_getresuid(uaddr_t ruid, uaddr_t euid, uaddr_t suid);
long sys_getresgid(uaddr_t rgid, uaddr_t egid, uaddr_t sgid);
long sys_reboot(uint64_t magic1, uint64_t magic2, uint64_t cmd, uaddr_t arg);
long sys_alarm(uint64_t seconds);

#endif /* DOM0_KERNEL_SYSCALLS_H */
