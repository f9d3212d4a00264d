/*
 * dom0/kernel/process.c - creating, copying, ending and reaping processes.
 *
 * Processes live in one list sorted by pid.  A process that exits keeps
 * its struct (a zombie holding the status word) until its parent's wait4
 * takes it; orphans are handed to init, which reaps them.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/process.h>
#include <kernel/fs.h>
#include <kernel/vm.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <linux/signal.h>
#include <linux/wait.h>
#include "../arch/regs.h"
#include "../arch/cpu.h"
#include "../arch/xen.h"
#include "sched.h"
#include "signal.h"
#include "process_internal.h"

#define PID_MAX             32768
#define INIT_PID            1

static struct process *all_processes;
static int last_pid;

int process_for_each(int (*fn)(struct process *p, void *arg), void *arg)
{
    struct process *p, *next;
    int r;

    for (p = all_processes; p; p = next) {
        next = p->next_all;
        if ((r = fn(p, arg)))
            return r;
    }
    return 0;
}

struct process *process_find(int pid)
{
    struct process *p;

    for (p = all_processes; p && p->pid <= pid; p = p->next_all)
        if (p->pid == pid)
            return p;
    return NULL;
}

/* The next unused pid after the last one given, wrapping at PID_MAX. */
static int alloc_pid(void)
{
    int tries;

    for (tries = 0; tries < PID_MAX; tries++) {
        last_pid = last_pid >= PID_MAX - 1 ? 2 : last_pid + 1;
        if (!process_find(last_pid))
            return last_pid;
    }
    return -EAGAIN;
}

static void list_insert(struct process *n)
{
    struct process **pp = &all_processes;

    while (*pp && (*pp)->pid < n->pid)
        pp = &(*pp)->next_all;
    n->next_all = *pp;
    *pp = n;
}

static void list_remove(struct process *p)
{
    struct process **pp;

    for (pp = &all_processes; *pp; pp = &(*pp)->next_all)
        if (*pp == p) {
            *pp = p->next_all;
            return;
        }
}

static void process_free(struct process *p)
{
    if (p->kstack)
        pages_free(p->kstack, KSTACK_PAGES);
    fpu_state_free(p->fpu_state);
    kfree(p->cwd_path);
    kfree(p->exe_path);
    kfree(p);
}

struct process *process_alloc(void)
{
    struct process *p = kzalloc(sizeof(*p));
    int pid = alloc_pid();

    if (!p || pid < 0)
        goto fail;
    p->pid = pid;
    p->state = PROC_SLEEPING;           /* until make_runnable queues it */
    p->kstack = pages_alloc(KSTACK_PAGES);
    p->fpu_state = fpu_state_alloc();
    if (!p->kstack || !p->fpu_state)
        goto fail;
    p->start_ns = monotonic_ns();       /* /proc/<pid>/stat's start time */
    list_insert(p);
    return p;
fail:
    if (p)
        process_free(p);
    return NULL;
}

struct user_regs *process_user_regs(struct process *p)
{
    return (struct user_regs *)((char *)p->kstack + KSTACK_SIZE - USER_REGS_SIZE);
}

struct user_regs *current_user_regs(void)
{
    return process_user_regs(current);
}

/* switch_stacks pops six callee-saved registers, then returns to ret_from_fork. */
#define SWITCH_FRAME_WORDS  7

void process_prepare_first_run(struct process *p)
{
    uint64_t *frame = (uint64_t *)process_user_regs(p) - SWITCH_FRAME_WORDS;

    memset(frame, 0, SWITCH_FRAME_WORDS * sizeof(*frame));
    frame[SWITCH_FRAME_WORDS - 1] = (uint64_t)ret_from_fork;
    p->ksp = (unsigned long)frame;
}

static void inherit(struct process *child, const struct process *parent)
{
    child->ppid = parent->pid;
    child->pgid = parent->pgid;
    child->sid = parent->sid;
    child->umask = parent->umask;
    child->uid = parent->uid;
    child->gid = parent->gid;
    child->euid = parent->euid;
    child->egid = parent->egid;
    memcpy(child->name, parent->name, sizeof(child->name));
    memcpy(child->sig, parent->sig, sizeof(child->sig));
    child->sig_blocked = parent->sig_blocked;
    child->sigaltstack_sp = parent->sigaltstack_sp;
    child->sigaltstack_size = parent->sigaltstack_size;
    child->fs_base = parent->fs_base;
    child->gs_base = parent->gs_base;
    memcpy(child->limits, parent->limits, sizeof(child->limits));
    child->limits_set = parent->limits_set;
    child->cwd = parent->cwd;
    if (child->cwd)
        inode_get(child->cwd);
    child->cwd_path = parent->cwd_path ? kstrdup(parent->cwd_path) : NULL;
    child->exe_path = parent->exe_path ? kstrdup(parent->exe_path) : NULL;
}

static long copy_into(struct process *child, uint64_t flags, uaddr_t stack, uaddr_t ctid)
{
    struct user_regs *regs = process_user_regs(child);
    uint32_t pid = child->pid;
    void *slot;

    if (flags & CLONE_VM) {
        child->mm = current->mm;
        mm_get(child->mm);
    } else {
        child->mm = mm_fork(current->mm);
    }
    child->files = files_clone(current->files);
    if (!child->mm || !child->files)
        return -ENOMEM;
    *regs = *current_user_regs();
    regs->rax = 0;
    if (stack)
        regs->rsp = stack;
    fpu_save(current->fpu_state);
    fpu_state_copy(child->fpu_state, current->fpu_state);
    if (flags & CLONE_CHILD_SETTID) {
        slot = ctid % 4 || ctid > USER_TOP - 4 ? NULL : mm_user_page(child->mm, ctid, true);
        if (!slot)
            return -EFAULT;
        *(uint32_t *)slot = pid;
    }
    if (flags & CLONE_CHILD_CLEARTID)
        child->clear_child_tid = ctid;
    return 0;
}

static void child_undo(struct process *child)
{
    if (child->mm)
        mm_put(child->mm);
    if (child->files)
        files_release(child->files);
    if (child->cwd)
        inode_put(child->cwd);
    list_remove(child);
    process_free(child);
}

#define CLONE_SUPPORTED (CSIGNAL | CLONE_VM | CLONE_VFORK | CLONE_CHILD_SETTID | \
                         CLONE_CHILD_CLEARTID | CLONE_PARENT_SETTID)

/*
 * fork, vfork and clone for a new process.  With CLONE_VM (vfork,
 * posix_spawn) the child shares the parent's address space, as on
 * Linux; with CLONE_VFORK the parent sleeps until the child execs or
 * exits.  Threads (CLONE_THREAD and the sharing flags it needs) are
 * refused with -EINVAL.
 */
long sys_clone(uint64_t flags, uaddr_t stack, uaddr_t ptid, uaddr_t ctid, uint64_t tls)
{
    struct process *child;
    long err;

    (void)tls;
    if (flags & ~(uint64_t)CLONE_SUPPORTED)
        return -EINVAL;
    if ((flags & CSIGNAL) && (flags & CSIGNAL) != SIGCHLD)
        return -EINVAL;
    child = process_alloc();
    if (!child)
        return -EAGAIN;
    inherit(child, current);
    err = copy_into(child, flags, stack, ctid);
    if (!err && (flags & CLONE_PARENT_SETTID))
        err = copy_to_user(ptid, &child->pid, sizeof(uint32_t));
    if (err) {
        child_undo(child);
        return err;
    }
    process_prepare_first_run(child);
    make_runnable(child);
    if (flags & CLONE_VFORK)
        vfork_wait(child);
    return child->pid;
}

long sys_fork(void)
{
    return sys_clone(SIGCHLD, 0, 0, 0, 0);
}

long sys_vfork(void)
{
    return sys_clone(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
}

/* The vfork parent sleeps until the child has exec'd or exited. */
static struct waitq vfork_done = WAITQ_INIT;

void vfork_wait(struct process *child)
{
    int pid = child->pid;

    child->vfork_parent = current->pid;
    /* Only SIGKILL ends the wait: a handler would run on the stack the child uses. */
    while ((child = process_find(pid)) && child->vfork_parent && child->state != PROC_ZOMBIE)
        if (waitq_sleep_killable(&vfork_done))
            break;
}

void vfork_release(struct process *p)
{
    if (p->vfork_parent) {
        p->vfork_parent = 0;
        waitq_wake(&vfork_done);
    }
}

static int adopt(struct process *p, void *dying)
{
    struct process *d = dying;

    if (p->ppid == d->pid) {
        p->ppid = INIT_PID;
        if (p->state == PROC_ZOMBIE) {
            struct process *init = process_find(INIT_PID);
            if (init)
                waitq_wake(&init->child_exit);
        }
    }
    return 0;
}

static void clear_child_tid(struct process *p)
{
    uint32_t zero = 0;

    if (p->clear_child_tid)
        copy_to_user(p->clear_child_tid, &zero, sizeof(zero));
}

static void release_resources(struct process *p)
{
    clear_child_tid(p);
    if (p->files)
        files_release(p->files);
    p->files = NULL;
    if (p->cwd)
        inode_put(p->cwd);
    p->cwd = NULL;
    if (p->mm) {
        sched_forget_mm(p->mm);
        mm_put(p->mm);
        p->mm = NULL;
    }
}

void process_exit(int wstatus)
{
    struct process *p = current, *parent;

    if (p->pid == INIT_PID) {
        printk("init exited (status %#x): powering off\n", wstatus);
        xen_shutdown(SHUTDOWN_poweroff);
    }
    release_resources(p);
    vfork_release(p);
    process_for_each(adopt, p);
    p->exit_status = wstatus;
    p->state = PROC_ZOMBIE;
    parent = process_find(p->ppid);
    if (parent)
        waitq_wake(&parent->child_exit);
    signal_child_exit(p);
    schedule();
    panic("zombie %d ran again", p->pid);
}

long sys_exit(uint64_t status)
{
    process_exit((status & 0xff) << 8);
}

long sys_exit_group(uint64_t status)
{
    process_exit((status & 0xff) << 8);
}

static bool wait_matches(const struct process *p, int pid)
{
    if (p->ppid != current->pid)
        return false;
    if (pid > 0)
        return p->pid == pid;
    if (pid == 0)
        return p->pgid == current->pgid;
    return pid == -1 || p->pgid == -pid;
}

struct wait_scan {
    int pid;
    uint64_t options;
    struct process *found;      /* a zombie, or a stop/continue to report */
    int children;
};

static bool reportable(const struct process *p, uint64_t options)
{
    return p->state == PROC_ZOMBIE || (p->stop_report && (options & WUNTRACED)) ||
           (p->cont_report && (options & WCONTINUED));
}

static int scan_child(struct process *p, void *arg)
{
    struct wait_scan *w = arg;

    if (!wait_matches(p, w->pid))
        return 0;
    w->children++;
    if (!w->found && reportable(p, w->options))
        w->found = p;
    return 0;
}

/* wait4 on a stopped or continued child: the status word, reported once. */
static long report_stop(struct process *p, uaddr_t wstatus)
{
    int status = p->stop_report ? (p->stop_sig << 8) | 0x7f : 0xffff;

    if (wstatus && copy_to_user(wstatus, &status, sizeof(status)))
        return -EFAULT;
    p->stop_report = p->cont_report = false;
    return p->pid;
}

static long reap(struct process *z, uaddr_t wstatus, uaddr_t rusage)
{
    static const uint8_t zero_rusage[RUSAGE_SIZE];
    int pid = z->pid, status = z->exit_status;

    if (wstatus && copy_to_user(wstatus, &status, sizeof(status)))
        return -EFAULT;
    if (rusage && copy_to_user(rusage, zero_rusage, sizeof(zero_rusage)))
        return -EFAULT;
    list_remove(z);
    process_free(z);
    return pid;
}

long sys_wait4(int pid, uaddr_t wstatus, uint64_t options, uaddr_t rusage)
{
    if (options & ~(uint64_t)(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE))
        return -EINVAL;
    if (pid == INT32_MIN)
        return -ESRCH;
    for (;;) {
        struct wait_scan w = { .pid = pid, .options = options };
        long err;
        process_for_each(scan_child, &w);
        if (!w.children)
            return -ECHILD;
        if (w.found && w.found->state == PROC_ZOMBIE)
            return reap(w.found, wstatus, rusage);
        if (w.found)
            return report_stop(w.found, wstatus);
        if (options & WNOHANG)
            return 0;
        err = waitq_sleep(&current->child_exit);
        if (err)
            return err == -EINTR ? -ERESTARTSYS : err;
    }
}

long sys_getpid(void) { return current->pid; }
long sys_gettid(void) { return current->pid; }
long sys_getppid(void) { return current->ppid; }
long sys_getuid(void) { return current->uid; }
long sys_geteuid(void) { return current->euid; }
long sys_getgid(void) { return current->gid; }
long sys_getegid(void) { return current->egid; }

static struct process *target(int pid)
{
    return pid == 0 ? current : process_find(pid);
}

/* A group exists while any member does, zombies included (Linux's setpgid). */
static int session_has_group(struct process *p, void *arg)
{
    const int *want = arg;      /* [sid, pgid] */

    return p->sid == want[0] && p->pgid == want[1];
}

long sys_setpgid(int pid, int pgid)
{
    struct process *p = target(pid);
    int want[2];

    if (pgid < 0)
        return -EINVAL;
    if (!p || (p != current && p->ppid != current->pid))
        return -ESRCH;
    if (p->sid != current->sid || p->pid == p->sid)
        return -EPERM;
    if (pgid == 0)
        pgid = p->pid;
    want[0] = p->sid;
    want[1] = pgid;
    if (pgid != p->pid && !process_for_each(session_has_group, want))
        return -EPERM;
    p->pgid = pgid;
    return 0;
}

long sys_getpgid(int pid)
{
    struct process *p = target(pid);

    return p ? p->pgid : -ESRCH;
}

long sys_getpgrp(void)
{
    return current->pgid;
}

static int leads_group(struct process *p, void *arg)
{
    return p->pgid == *(int *)arg && p != current;
}

long sys_setsid(void)
{
    int pid = current->pid;

    if (current->pgid == pid || process_for_each(leads_group, &pid))
        return -EPERM;
    current->sid = current->pgid = pid;
    return pid;
}

long sys_getsid(int pid)
{
    struct process *p = target(pid);

    return p ? p->sid : -ESRCH;
}
