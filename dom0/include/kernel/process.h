/*
 * dom0/include/kernel/process.h - a user process, as the rest of the
 * kernel sees it.
 *
 * One thread per process.  `current` is the process whose system call or
 * fault the kernel is handling; the kernel does not preempt itself, so
 * `current` changes only inside waitq_sleep() and at the return to user
 * mode.
 */
#ifndef DOM0_KERNEL_PROCESS_H
#define DOM0_KERNEL_PROCESS_H

#include <kernel/types.h>
#include <kernel/wait.h>

struct inode;
struct files;           /* fs/file.c: the descriptor table */
struct mm;              /* mm/vma.c: the address space */
struct user_regs;       /* arch/regs.h */

enum process_state { PROC_RUNNABLE, PROC_SLEEPING, PROC_ZOMBIE };

#define PROC_NAME_MAX       16
#define PATH_MAX_LINUX      4096

struct sighand {
    uint64_t handler, flags, restorer, mask;
};

struct process {
    int pid, ppid, pgid, sid;
    enum process_state state;
    int exit_status;                    /* wait4's status word, once a zombie */

    struct mm *mm;
    struct files *files;
    struct inode *cwd;
    char *cwd_path;                     /* kmalloc'd absolute path, for getcwd */
    uint32_t umask;
    char name[PROC_NAME_MAX];           /* comm: the exec'd file's base name */
    char *exe_path;                     /* /proc/self/exe */
    uint32_t uid, gid, euid, egid;

    /* Signals (kernel/signal.c); bit n-1 is signal n. */
    uint64_t sig_pending, sig_blocked;
    uint64_t saved_sigmask;             /* sigsuspend/ppoll: restored after the handler */
    bool restore_sigmask;
    struct sighand sig[64];
    struct sig_origin { int32_t code, pid; uint64_t addr; } sig_origin[64];
    uint64_t sigaltstack_sp, sigaltstack_size;

    /* Job control: stopped by a stop signal until SIGCONT; wait4 reports each change once. */
    bool stopped, stop_report, cont_report;
    int stop_sig;

    /* Children and waiting for them (kernel/process.c). */
    struct waitq child_exit;

    /* Scheduling and sleeping (kernel/sched.c). */
    struct process *next_sleeper;       /* on the waitq it sleeps on */
    struct process *next_timed;         /* on sched.c's sleepers with a deadline */
    struct waitq *sleeping_on;
    uint64_t wake_deadline;
    bool woken_by_timeout;
    struct process *next_runnable;
    struct process *next_all;
    void *kstack;                       /* its kernel stack, KSTACK_SIZE */
    unsigned long ksp;                  /* saved kernel rsp while switched out */
    uint64_t fs_base, gs_base;          /* user segment bases (arch_prctl) */
    void *fpu_state;                    /* FXSAVE/XSAVE area, saved while switched out */
    bool woken_by_signal;
    uint64_t clear_child_tid;           /* set_tid_address */
    int vfork_parent;                   /* pid waiting for our exec or exit */
    uint64_t utime_ns, stime_ns;
    uint64_t uaccess_window, uaccess_window_len;   /* uaccess_window_open */
    uint64_t robust_list;               /* set_robust_list: kept, never walked */
    uint64_t alarm_at;                  /* alarm(2) deadline, monotonic ns; 0 = none */
    uint64_t limits[16][2];             /* rlimits (cur, max) once limits_set */
    bool limits_set;
    uint64_t start_ns;
};

extern struct process *current;

/* The process with this pid, or NULL (zombies included). */
struct process *process_find(int pid);
/* Calls fn for every process, in pid order, until it returns nonzero. */
int process_for_each(int (*fn)(struct process *p, void *arg), void *arg);

/* Signals: raise for one process or a process group (tty's Ctrl-C). */
void signal_send(struct process *p, int sig);
void signal_send_pgrp(int pgid, int sig);
/* A signal that would interrupt a sleep is pending and not blocked. */
bool signal_pending(void);

#endif /* DOM0_KERNEL_PROCESS_H */
