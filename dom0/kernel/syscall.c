/*
 * dom0/kernel/syscall.c - from a user `syscall` to its handler and back.
 *
 * The hypervisor bounces the instruction to our syscall callback
 * (arch/entry.S), which saves the registers; here the number in RAX picks
 * a handler from the table, called with RDI, RSI, RDX, R10, R8, R9 as
 * Linux passes them.  A number without one is -ENOSYS, logged the first
 * time.  Before the return to user mode, pending signals are delivered
 * and the CPU may go to another process.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <kernel/syscalls_fs.h>
#include <kernel/syscalls_net.h>
#include <linux/errno.h>
#include <linux/unistd.h>
#include <kernel/vm.h>
#include <linux/signal.h>
#include "../arch/regs.h"
#include "syscalls.h"
#include "signal.h"
#include "sched.h"

typedef long (*syscall_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

struct syscall_entry {
    syscall_fn fn;
    const char *name;
};

/* Handlers take their own argument types; all are passed in registers. */
#define SYSCALL(name) [__NR_##name] = { (syscall_fn)(void (*)(void))sys_##name, #name }

static const struct syscall_entry syscall_table[NR_SYSCALLS] = {
    SYSCALL(read), SYSCALL(write), SYSCALL(open), SYSCALL(close), SYSCALL(stat),
    SYSCALL(fstat), SYSCALL(lstat), SYSCALL(poll), SYSCALL(lseek), SYSCALL(mmap),
    SYSCALL(mprotect), SYSCALL(munmap), SYSCALL(brk), SYSCALL(rt_sigaction),
    SYSCALL(rt_sigprocmask), SYSCALL(rt_sigreturn), SYSCALL(ioctl), SYSCALL(pread64),
    SYSCALL(pwrite64), SYSCALL(readv), SYSCALL(writev), SYSCALL(access), SYSCALL(pipe),
    SYSCALL(select), SYSCALL(sched_yield), SYSCALL(mremap), SYSCALL(msync),
    SYSCALL(madvise), SYSCALL(dup), SYSCALL(dup2), SYSCALL(pause),
    SYSCALL(nanosleep), SYSCALL(alarm), SYSCALL(getpid), SYSCALL(sendfile), SYSCALL(clone), SYSCALL(fork),
    SYSCALL(vfork), SYSCALL(execve), SYSCALL(exit), SYSCALL(wait4), SYSCALL(kill),
    SYSCALL(uname), SYSCALL(fcntl), SYSCALL(fsync), SYSCALL(fdatasync),
    SYSCALL(truncate), SYSCALL(ftruncate), SYSCALL(getcwd), SYSCALL(chdir),
    SYSCALL(fchdir), SYSCALL(rename), SYSCALL(mkdir), SYSCALL(rmdir), SYSCALL(creat),
    SYSCALL(link), SYSCALL(unlink), SYSCALL(symlink), SYSCALL(readlink), SYSCALL(chmod),
    SYSCALL(fchmod), SYSCALL(chown), SYSCALL(fchown), SYSCALL(lchown), SYSCALL(umask),
    SYSCALL(gettimeofday), SYSCALL(getrlimit), SYSCALL(getrusage), SYSCALL(sysinfo),
    SYSCALL(times), SYSCALL(getuid), SYSCALL(getgid), SYSCALL(setuid), SYSCALL(setgid),
    SYSCALL(geteuid), SYSCALL(getegid), SYSCALL(setpgid), SYSCALL(getppid),
    SYSCALL(getpgrp), SYSCALL(setsid), SYSCALL(setreuid), SYSCALL(setregid),
    SYSCALL(getgroups), SYSCALL(setgroups), SYSCALL(setresuid), SYSCALL(getresuid),
    SYSCALL(setresgid), SYSCALL(getresgid), SYSCALL(getpgid), SYSCALL(getsid),
    SYSCALL(rt_sigpending), SYSCALL(rt_sigsuspend), SYSCALL(sigaltstack),
    SYSCALL(statfs), SYSCALL(fstatfs), SYSCALL(prctl), SYSCALL(arch_prctl),
    SYSCALL(setrlimit), SYSCALL(sync), SYSCALL(reboot), SYSCALL(sethostname),
    SYSCALL(gettid), SYSCALL(tkill), SYSCALL(time), SYSCALL(futex),
    SYSCALL(sched_getaffinity), SYSCALL(getdents64), SYSCALL(set_tid_address),
    SYSCALL(clock_gettime), SYSCALL(clock_getres), SYSCALL(clock_nanosleep),
    SYSCALL(exit_group), SYSCALL(tgkill), SYSCALL(openat), SYSCALL(mkdirat),
    SYSCALL(fchownat), SYSCALL(newfstatat), SYSCALL(unlinkat), SYSCALL(renameat),
    SYSCALL(linkat), SYSCALL(symlinkat), SYSCALL(readlinkat), SYSCALL(fchmodat),
    SYSCALL(faccessat), SYSCALL(pselect6), SYSCALL(ppoll), SYSCALL(set_robust_list),
    SYSCALL(get_robust_list), SYSCALL(utimensat), SYSCALL(dup3), SYSCALL(pipe2),
    SYSCALL(prlimit64), SYSCALL(getcpu), SYSCALL(renameat2), SYSCALL(getrandom),
    SYSCALL(statx), SYSCALL(rseq), SYSCALL(clone3), SYSCALL(faccessat2),
    SYSCALL(socket), SYSCALL(connect), SYSCALL(accept), SYSCALL(sendto),
    SYSCALL(recvfrom), SYSCALL(sendmsg), SYSCALL(recvmsg), SYSCALL(shutdown),
    SYSCALL(bind), SYSCALL(listen), SYSCALL(getsockname), SYSCALL(getpeername),
    SYSCALL(socketpair), SYSCALL(setsockopt), SYSCALL(getsockopt), SYSCALL(accept4),
    SYSCALL(epoll_create), SYSCALL(epoll_create1), SYSCALL(epoll_ctl),
    SYSCALL(epoll_wait), SYSCALL(epoll_pwait),
};

static uint64_t logged_unknown[(NR_SYSCALLS + 1 + 63) / 64];

/* Programs probe for newer calls (rseq, clone3): say so once per number. */
static long unknown_syscall(uint64_t nr)
{
    uint64_t bit = nr < NR_SYSCALLS ? nr : NR_SYSCALLS;

    if (!(logged_unknown[bit / 64] & (1UL << (bit % 64)))) {
        logged_unknown[bit / 64] |= 1UL << (bit % 64);
        printk("%s[%d]: unimplemented system call %lu\n", current->name, current->pid, nr);
    }
    return -ENOSYS;
}

/* `syscall_trace` on dom0's command line logs every call and its result. */
bool syscall_trace;

static void trace(const struct syscall_entry *e, const struct user_regs *r, uint64_t nr)
{
    printk("%s[%d] %s(%#lx, %#lx, %#lx, %#lx) = %ld\n", current->name, current->pid,
           e && e->name ? e->name : "?", r->rdi, r->rsi, r->rdx, r->r10, (long)r->rax);
    (void)nr;
}

void syscall_dispatch(struct user_regs *r)
{
    uint64_t nr = r->rax;
    const struct syscall_entry *e = nr < NR_SYSCALLS ? &syscall_table[nr] : NULL;

    r->error_code = nr;                 /* kept for a restart after a signal */
    if (!e || !e->fn)
        r->rax = unknown_syscall(nr);
    else
        r->rax = e->fn(r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9);
    if (syscall_trace)
        trace(e, r, nr);
}

/*
 * A frame the CPU would refuse to return to (a RIP or RSP outside user
 * space, which only rt_sigreturn or clone's stack argument can set)
 * would make the hypervisor's iret fault and crash dom0: the process
 * gets SIGSEGV instead, as Linux's refused iret gives it one.
 */
static void check_return_frame(struct user_regs *r)
{
    if (r->rip >= USER_TOP || r->rsp >= USER_TOP) {
        signal_force(SIGSEGV, SI_KERNEL, 0);
        if (r->rip >= USER_TOP)
            r->rip = 0;                 /* an address that faults in user mode */
        if (r->rsp >= USER_TOP)
            r->rsp = 0;
    }
}

/* Everything a return to user mode waits for (arch/entry.S calls it). */
void prepare_return_to_user(struct user_regs *r)
{
    check_return_frame(r);
    if (need_resched)
        schedule();
    if (current->sig_pending)
        signal_deliver(r);
    if (sched_others_runnable())
        timer_ensure_slice();
}
