/*
 * dom0/kernel/signal.c - Linux signals for dom0 processes.
 *
 * A signal is a pending bit until the process returns to user mode; then
 * the lowest unblocked one is acted on: its default action (terminate,
 * ignore), or a handler entered through Linux's rt_sigframe, which the
 * handler's restorer hands back with rt_sigreturn.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>
#include <linux/errno.h>
#include <linux/signal.h>
#include "../arch/regs.h"
#include "../arch/cpu.h"
#include "signal.h"
#include "sched.h"
#include "process_internal.h"

#define UNBLOCKABLE         (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))
#define RED_ZONE            128
#define EFLAGS_TF           (1UL << 8)
#define EFLAGS_DF           (1UL << 10)
#define EFLAGS_USER_CHANGEABLE 0x00000000003f4dd5UL   /* Linux's FIX_EFLAGS */

static bool valid_signal(uint64_t sig)
{
    return sig >= 1 && sig <= NSIG_LINUX;
}

static void raise_with(struct process *p, int sig, int code, int pid, uint64_t addr);

#define STOP_SIGNALS        (SIG_BIT(SIGSTOP) | SIG_BIT(SIGTSTP) | SIG_BIT(SIGTTIN) | \
                             SIG_BIT(SIGTTOU))

/* Signals whose default action is to do nothing (SIGCONT's work is done when sent). */
static bool default_ignored(int sig)
{
    return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

static bool default_stops(int sig)
{
    return STOP_SIGNALS & SIG_BIT(sig);
}

static bool ignored(const struct process *p, int sig)
{
    uint64_t h = p->sig[sig - 1].handler;

    return h == SIG_IGN || (h == SIG_DFL && default_ignored(sig));
}

/* The parent hears of a child stopping or continuing, unless it asked not to. */
static void notify_parent_stop(struct process *child, int code)
{
    struct process *parent = process_find(child->ppid);

    if (!parent)
        return;
    waitq_wake(&parent->child_exit);
    if (!(parent->sig[SIGCHLD - 1].flags & SA_NOCLDSTOP))
        raise_with(parent, SIGCHLD, code, child->pid, 0);
}

/*
 * SIGCONT resumes a stopped process whatever its handler, and cancels
 * pending stops; a stop signal cancels a pending SIGCONT (as on Linux).
 */
static void stop_or_continue_on_send(struct process *p, int sig)
{
    if (sig == SIGCONT) {
        p->sig_pending &= ~STOP_SIGNALS;
        if (p->stopped) {
            p->stopped = false;
            p->cont_report = true;
            p->stop_report = false;
            notify_parent_stop(p, CLD_CONTINUED);
            wake_for_signal(p);
        }
    } else if (default_stops(sig)) {
        p->sig_pending &= ~SIG_BIT(SIGCONT);
    }
}

static void raise_with(struct process *p, int sig, int code, int pid, uint64_t addr)
{
    if (p->state == PROC_ZOMBIE)
        return;
    stop_or_continue_on_send(p, sig);
    if (ignored(p, sig) && sig != SIGKILL)
        return;
    p->sig_pending |= SIG_BIT(sig);
    p->sig_origin[sig - 1] = (struct sig_origin){ .code = code, .pid = pid, .addr = addr };
    /* A stopped process sleeps until SIGCONT or SIGKILL. */
    if ((!(p->sig_blocked & SIG_BIT(sig)) && !p->stopped) || sig == SIGKILL)
        wake_for_signal(p);
}

void signal_send(struct process *p, int sig)
{
    raise_with(p, sig, SI_KERNEL, 0, 0);
}

struct pgrp_signal {
    int pgid, sig;
    int sent;
};

static int send_if_in_group(struct process *p, void *arg)
{
    struct pgrp_signal *g = arg;

    if (p->pgid == g->pgid && p->state != PROC_ZOMBIE) {
        raise_with(p, g->sig, SI_KERNEL, 0, 0);
        g->sent++;
    }
    return 0;
}

void signal_send_pgrp(int pgid, int sig)
{
    struct pgrp_signal g = { .pgid = pgid, .sig = sig };

    process_for_each(send_if_in_group, &g);
}

bool signal_pending(void)
{
    return current->sig_pending & ~current->sig_blocked;
}

void signal_force(int sig, int code, uint64_t addr)
{
    struct sighand *h = &current->sig[sig - 1];

    if ((current->sig_blocked & SIG_BIT(sig)) || h->handler == SIG_IGN) {
        current->sig_blocked &= ~SIG_BIT(sig);
        h->handler = SIG_DFL;
    }
    current->sig_pending |= SIG_BIT(sig);
    current->sig_origin[sig - 1] = (struct sig_origin){ .code = code, .addr = addr };
}

void signal_reset_for_exec(struct process *p)
{
    int i;

    for (i = 0; i < NSIG_LINUX; i++)
        if (p->sig[i].handler != SIG_IGN)
            p->sig[i] = (struct sighand){ 0 };
    p->sigaltstack_sp = p->sigaltstack_size = 0;
}

void signal_child_exit(struct process *child)
{
    struct process *parent = process_find(child->ppid);

    if (parent)
        raise_with(parent, SIGCHLD, CLD_EXITED, child->pid, 0);
}

static void fill_siginfo(struct linux_siginfo *si, const struct process *p, int sig)
{
    const struct sig_origin *o = &p->sig_origin[sig - 1];

    memset(si, 0, sizeof(*si));
    si->si_signo = sig;
    si->si_code = o->code;
    if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE)
        si->u.fault.addr = o->addr;
    else
        si->u.kill.pid = o->pid;
}

static void fill_sigcontext(struct linux_sigcontext *sc, const struct user_regs *r,
                            uint64_t fpstate, uint64_t oldmask)
{
    *sc = (struct linux_sigcontext){
        .r8 = r->r8, .r9 = r->r9, .r10 = r->r10, .r11 = r->r11, .r12 = r->r12,
        .r13 = r->r13, .r14 = r->r14, .r15 = r->r15, .rdi = r->rdi, .rsi = r->rsi,
        .rbp = r->rbp, .rbx = r->rbx, .rdx = r->rdx, .rax = r->rax, .rcx = r->rcx,
        .rsp = r->rsp, .rip = r->rip, .eflags = r->rflags, .cs = r->cs, .ss = r->ss,
        .err = r->error_code, .trapno = r->vector, .oldmask = oldmask,
        .cr2 = current->sig_origin[SIGSEGV - 1].addr, .fpstate = fpstate,
    };
}

/* Where the frame goes: below the red zone, or on the alternate stack. */
static uint64_t frame_stack_top(const struct user_regs *r, const struct sighand *h)
{
    const struct process *p = current;
    bool on_alt = r->rsp - p->sigaltstack_sp < p->sigaltstack_size;

    if ((h->flags & SA_ONSTACK) && p->sigaltstack_size && !on_alt)
        return p->sigaltstack_sp + p->sigaltstack_size;
    return r->rsp - RED_ZONE;
}

static long push_frame(struct user_regs *r, int sig, const struct sighand *h)
{
    uint64_t fp = ALIGN_DOWN(frame_stack_top(r, h) - fpu_state_size(), 64);
    uint64_t frame = ALIGN_DOWN(fp - sizeof(struct linux_rt_sigframe), 16) - 8;
    struct linux_rt_sigframe f;

    if (h->handler >= USER_TOP)
        return -EFAULT;                 /* the process dies of SIGSEGV */
    memset(&f, 0, sizeof(f));
    fpu_save(current->fpu_state);
    if (copy_to_user(fp, current->fpu_state, fpu_state_size()))
        return -EFAULT;
    f.pretcode = h->restorer;
    f.uc.uc_stack.ss_sp = current->sigaltstack_sp;
    f.uc.uc_stack.ss_size = current->sigaltstack_size;
    f.uc.uc_stack.ss_flags = current->sigaltstack_size ? 0 : SS_DISABLE;
    f.uc.uc_sigmask = current->restore_sigmask ? current->saved_sigmask : current->sig_blocked;
    current->restore_sigmask = false;
    fill_sigcontext(&f.uc.uc_mcontext, r, fp, f.uc.uc_sigmask);
    fill_siginfo(&f.info, current, sig);
    if (copy_to_user(frame, &f, sizeof(f)))
        return -EFAULT;
    r->rsp = frame;
    r->rip = h->handler;
    r->rdi = sig;
    r->rsi = frame + offsetof(struct linux_rt_sigframe, info);
    r->rdx = frame + offsetof(struct linux_rt_sigframe, uc);
    r->rax = 0;
    r->rflags &= ~(EFLAGS_TF | EFLAGS_DF);
    return 0;
}

/*
 * The status word of a death by sig.  Signals whose default is a core
 * dump end the process the same way: dom0 writes no core files (Linux
 * too, with Debian's RLIMIT_CORE of 0), so the core bit stays clear.
 */
static void __attribute__((noreturn)) die_by(int sig)
{
    process_exit(sig);
}

/* An interrupted system call: -EINTR unless the handler asks for a restart. */
static void syscall_interrupted(struct user_regs *r, const struct sighand *h)
{
    if (r->vector != VECTOR_SYSCALL || (long)r->rax != -ERESTARTSYS)
        return;
    if (h && !(h->flags & SA_RESTART)) {
        r->rax = -EINTR;
        return;
    }
    r->rax = r->error_code;             /* the system call number, saved on entry */
    r->rip -= 2;                        /* back over the syscall instruction */
}

/* A stop signal's default action: stopped until SIGCONT (or killed). */
static void stop_self(int sig)
{
    struct process *p = current;

    p->stopped = true;
    p->stop_sig = sig;
    p->stop_report = true;
    p->cont_report = false;
    notify_parent_stop(p, CLD_STOPPED);
    while (p->stopped && !(p->sig_pending & SIG_BIT(SIGKILL)))
        sleep_while_stopped();
    p->stopped = false;
}

static void handle_one(struct user_regs *r, int sig)
{
    struct sighand *h = &current->sig[sig - 1];
    struct sighand saved = *h;

    current->sig_pending &= ~SIG_BIT(sig);
    if (h->handler == SIG_IGN || (h->handler == SIG_DFL && default_ignored(sig))) {
        syscall_interrupted(r, NULL);
        return;
    }
    if (h->handler == SIG_DFL && default_stops(sig)) {
        stop_self(sig);
        return;
    }
    if (h->handler == SIG_DFL)
        die_by(sig);
    syscall_interrupted(r, &saved);
    if (push_frame(r, sig, &saved)) {
        signal_force(SIGSEGV, SI_KERNEL, 0);
        if (sig == SIGSEGV)
            die_by(SIGSEGV);
        return;
    }
    if (h->flags & SA_RESETHAND)
        h->handler = SIG_DFL;
    current->sig_blocked |= saved.mask | (saved.flags & SA_NODEFER ? 0 : SIG_BIT(sig));
    current->sig_blocked &= ~UNBLOCKABLE;
}

void signal_deliver(struct user_regs *r)
{
    uint64_t ready;

    while ((ready = current->sig_pending & (~current->sig_blocked | SIG_BIT(SIGKILL))))
        handle_one(r, __builtin_ctzl(ready) + 1);
    syscall_interrupted(r, NULL);
    if (current->restore_sigmask) {
        current->sig_blocked = current->saved_sigmask;
        current->restore_sigmask = false;
    }
}

/* The system calls. */

long sys_rt_sigaction(uint64_t sig, uaddr_t act, uaddr_t oldact, uint64_t size)
{
    struct linux_sigaction a;
    struct sighand *h;

    if (!valid_signal(sig) || size != sizeof(uint64_t))
        return -EINVAL;
    h = &current->sig[sig - 1];
    if (act && copy_from_user(&a, act, sizeof(a)))
        return -EFAULT;
    if (act && (sig == SIGKILL || sig == SIGSTOP))
        return -EINVAL;
    if (oldact) {
        struct linux_sigaction o = { h->handler, h->flags, h->restorer, h->mask };
        if (copy_to_user(oldact, &o, sizeof(o)))
            return -EFAULT;
    }
    if (act) {
        *h = (struct sighand){ a.handler, a.flags, a.restorer, a.mask & ~UNBLOCKABLE };
        if (ignored(current, sig))
            current->sig_pending &= ~SIG_BIT(sig);
    }
    return 0;
}

long sys_rt_sigprocmask(uint64_t how, uaddr_t set, uaddr_t oldset, uint64_t size)
{
    uint64_t s, old = current->sig_blocked;

    if (size != sizeof(uint64_t))
        return -EINVAL;
    if (set && copy_from_user(&s, set, sizeof(s)))
        return -EFAULT;
    if (set) {
        if (how == SIG_BLOCK)
            current->sig_blocked |= s;
        else if (how == SIG_UNBLOCK)
            current->sig_blocked &= ~s;
        else if (how == SIG_SETMASK)
            current->sig_blocked = s;
        else
            return -EINVAL;
        current->sig_blocked &= ~UNBLOCKABLE;
    }
    if (oldset && copy_to_user(oldset, &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

long sys_rt_sigpending(uaddr_t set, uint64_t size)
{
    uint64_t p = current->sig_pending & current->sig_blocked;

    if (size != sizeof(uint64_t))
        return -EINVAL;
    return copy_to_user(set, &p, sizeof(p));
}

/* A frame without FPU state (fpstate NULL) resets it, as Linux does. */
static long restore_fpu(uint64_t fpstate)
{
    void *buf = fpstate ? kmalloc(fpu_state_size()) : fpu_state_alloc();
    long err = -EFAULT;

    if (!buf)
        return -ENOMEM;
    if (!fpstate || (!copy_from_user(buf, fpstate, fpu_state_size()) && fpu_state_valid(buf))) {
        fpu_state_copy(current->fpu_state, buf);
        fpu_restore(current->fpu_state);
        err = 0;
    }
    kfree(buf);
    return err;
}

static void restore_regs(struct user_regs *r, const struct linux_sigcontext *sc)
{
    r->r8 = sc->r8; r->r9 = sc->r9; r->r10 = sc->r10; r->r11 = sc->r11;
    r->r12 = sc->r12; r->r13 = sc->r13; r->r14 = sc->r14; r->r15 = sc->r15;
    r->rdi = sc->rdi; r->rsi = sc->rsi; r->rbp = sc->rbp; r->rbx = sc->rbx;
    r->rdx = sc->rdx; r->rax = sc->rax; r->rcx = sc->rcx; r->rsp = sc->rsp;
    r->rip = sc->rip;
    r->rflags = (r->rflags & ~EFLAGS_USER_CHANGEABLE) | (sc->eflags & EFLAGS_USER_CHANGEABLE);
    r->vector = 0;                      /* no system call to restart */
}

long sys_rt_sigreturn(void)
{
    struct user_regs *r = current_user_regs();
    uint64_t frame = r->rsp - 8;        /* the handler's ret popped pretcode */
    struct linux_rt_sigframe f;

    if (copy_from_user(&f, frame, sizeof(f)) || restore_fpu(f.uc.uc_mcontext.fpstate)) {
        signal_force(SIGSEGV, SI_KERNEL, 0);
        return r->rax;
    }
    restore_regs(r, &f.uc.uc_mcontext);
    current->sig_blocked = f.uc.uc_sigmask & ~UNBLOCKABLE;
    return r->rax;
}

long sys_sigaltstack(uaddr_t uss, uaddr_t uoss)
{
    struct linux_stack ss, old = {
        .ss_sp = current->sigaltstack_sp, .ss_size = current->sigaltstack_size,
        .ss_flags = current->sigaltstack_size ? 0 : SS_DISABLE,
    };

    if (uss && copy_from_user(&ss, uss, sizeof(ss)))
        return -EFAULT;
    if (uss) {
        if (ss.ss_flags & ~SS_DISABLE)
            return -EINVAL;
        if (!(ss.ss_flags & SS_DISABLE) && ss.ss_size < MINSIGSTKSZ_LINUX)
            return -ENOMEM;
        current->sigaltstack_sp = ss.ss_flags & SS_DISABLE ? 0 : ss.ss_sp;
        current->sigaltstack_size = ss.ss_flags & SS_DISABLE ? 0 : ss.ss_size;
    }
    if (uoss && copy_to_user(uoss, &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

static long kill_one(struct process *p, uint64_t sig)
{
    if (p->state == PROC_ZOMBIE)
        return 0;
    if (sig)
        raise_with(p, sig, SI_USER, current->pid, 0);
    return 0;
}

struct kill_group {
    int pgid;
    uint64_t sig;
    int found;
};

static int kill_in_group(struct process *p, void *arg)
{
    struct kill_group *k = arg;

    if ((k->pgid == -1 ? p->pid > 1 && p != current : p->pgid == k->pgid) &&
        p->state != PROC_ZOMBIE) {
        kill_one(p, k->sig);
        k->found++;
    }
    return 0;
}

long sys_kill(int pid, uint64_t sig)
{
    struct kill_group k = { .sig = sig };
    struct process *p;

    if (sig && !valid_signal(sig))
        return -EINVAL;
    if (pid > 0) {
        p = process_find(pid);
        return p && p->state != PROC_ZOMBIE ? kill_one(p, sig) : -ESRCH;
    }
    k.pgid = pid == 0 ? current->pgid : pid == -1 ? -1 : -pid;
    process_for_each(kill_in_group, &k);
    return k.found ? 0 : -ESRCH;
}

long sys_tgkill(int tgid, int tid, uint64_t sig)
{
    if (tgid <= 0 || tid <= 0)
        return -EINVAL;
    if (tgid != tid)
        return -ESRCH;
    return sys_kill(tid, sig);
}

long sys_tkill(int tid, uint64_t sig)
{
    return tid <= 0 ? -EINVAL : sys_kill(tid, sig);
}

long sys_rt_sigsuspend(uaddr_t umask, uint64_t size)
{
    uint64_t mask, saved = current->sig_blocked;
    static struct waitq never = WAITQ_INIT;

    if (size != sizeof(uint64_t))
        return -EINVAL;
    if (copy_from_user(&mask, umask, sizeof(mask)))
        return -EFAULT;
    current->sig_blocked = mask & ~UNBLOCKABLE;
    while (!signal_pending())
        waitq_sleep(&never);
    /* The handler runs with the suspend mask; the old one comes back after. */
    current->saved_sigmask = saved;
    current->restore_sigmask = true;
    return -EINTR;
}
