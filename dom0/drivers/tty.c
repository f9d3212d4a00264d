/*
 * dom0/drivers/tty.c - the console terminal (kernel/tty.h): /dev/console
 * and /dev/tty, on the hypervisor's console.
 *
 * Input: the hypervisor queues serial input for dom0 (128 bytes, 7-bit)
 * and raises VIRQ_CONSOLE for every byte, even one it had to drop, so
 * each event drains console_io(CONSOLEIO_read) until it comes back
 * empty.  The bytes go through the line discipline (drivers/ldisc.c),
 * which edits, echoes and asks for signals; this file only moves bytes,
 * sleeps and wakes, and keeps the terminal's job-control state: the
 * session it controls and its foreground process group.
 *
 * Output: written synchronously through console_io(CONSOLEIO_write) in
 * small chunks after output processing, so there is no output queue
 * (TIOCOUTQ is 0, TCSBRK has nothing to drain).
 *
 * Linux differences, on purpose: there is one terminal, so /dev/tty is
 * the console for the session that controls it (ENXIO for any other, as
 * Linux answers a process without a controlling terminal); and a session
 * leader opening either node (without O_NOCTTY) while no live session
 * owns the terminal makes it its controlling terminal.  Linux never does that for /dev/console, but here
 * it is the only terminal, and the shell on it needs job control.
 */
#include <kernel/tty.h>
#include <kernel/kernel.h>
#include <kernel/ldisc.h>
#include <kernel/fs.h>
#include <kernel/events.h>
#include <kernel/process.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/wait.h>
#include <linux/errno.h>
#include <linux/termios.h>
#include <linux/fs.h>
#include <linux/signal.h>
#include "hypercall.h"


/* Bytes moved per step: console_io's own chunk, and a small stack buffer. */
#define TTY_CHUNK           128
/* Output processing at most doubles a chunk, except tabs to spaces. */
#define TTY_OUT_CHUNK       (2 * TTY_CHUNK)
#define TTY_DEFAULT_ROWS    25
#define TTY_DEFAULT_COLS    80

struct console_tty {
    struct ldisc ld;
    struct waitq readers;           /* input arrived or settings changed */
    struct waitq writers;           /* output restarted */
    struct linux_winsize winsize;
    int session;                    /* the session it controls; 0: none */
    int fg_pgrp;                    /* its foreground process group */
};

static struct console_tty console;

/* ---- The hypervisor console ---- */

static void console_write(const char *bytes, size_t n)
{
    HYPERVISOR_console_io(CONSOLEIO_write, (unsigned int)n, bytes);
}

/* The line discipline's echo goes straight out. */
static void console_emit(void *ctx, const char *bytes, size_t n)
{
    (void)ctx;
    console_write(bytes, n);
}

/* Runs n bytes through output processing and writes them. */
static void console_output(const uint8_t *in, size_t n)
{
    uint8_t out[TTY_OUT_CHUNK];
    size_t used, len;

    while (n) {
        len = ldisc_output(&console.ld, in, n, out, sizeof(out), &used);
        if (len)
            console_write((const char *)out, len);
        if (!used)
            break;          /* cannot happen: out holds any expansion */
        in += used;
        n -= used;
    }
}

static void deliver_input(const uint8_t *bytes, size_t n)
{
    int sig;

    for (size_t i = 0; i < n; i++) {
        sig = ldisc_input(&console.ld, bytes[i]);
        if (sig && console.fg_pgrp > 0)
            signal_send_pgrp(console.fg_pgrp, sig);
    }
}

void tty_console_event(void)
{
    uint8_t buf[TTY_CHUNK];
    long n;

    do {
        n = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(buf), (const char *)buf);
        if (n > 0)
            deliver_input(buf, (size_t)MIN((size_t)n, sizeof(buf)));
    } while (n == (long)sizeof(buf));
    waitq_wake(&console.readers);
    if (!ldisc_output_stopped(&console.ld))
        waitq_wake(&console.writers);
}

/* ---- Sessions and process groups ---- */

struct group_query {
    int pgid, sid;
    bool group_seen, in_session;
};

static int match_group(struct process *p, void *arg)
{
    struct group_query *q = arg;

    /* A group exists while any member does, zombies included (as on Linux). */
    if (p->state == PROC_ZOMBIE && !q->pgid)
        return 0;
    if (q->pgid && p->pgid == q->pgid) {
        q->group_seen = true;
        q->in_session |= p->sid == q->sid;
    }
    if (!q->pgid && p->sid == q->sid)
        q->in_session = true;
    return q->in_session;
}

/* A live process is in session sid; or, for a nonzero pgid, a member of pgid is. */
static struct group_query query_group(int pgid, int sid)
{
    struct group_query q = { .pgid = pgid, .sid = sid };

    process_for_each(match_group, &q);
    return q;
}

static bool session_alive(int sid)
{
    return sid > 0 && query_group(0, sid).in_session;
}

/* The console is current's controlling terminal. */
static bool is_controlling(void)
{
    return current && console.session && current->sid == console.session;
}

static bool in_background(void)
{
    return is_controlling() && current->pgid != console.fg_pgrp;
}

static bool signal_ignored_or_blocked(int sig)
{
    uint64_t bit = 1ULL << (sig - 1);

    return current->sig[sig - 1].handler == SIG_IGN ||
           (current->sig_blocked & bit);
}

/*
 * A background process touching its terminal: its group gets sig
 * (SIGTTIN/SIGTTOU) and the call is restarted once it continues, as on
 * Linux.  A read with SIGTTIN ignored fails with EIO; a write or a
 * settings change with SIGTTOU ignored simply goes ahead.
 */
static long job_control(int sig)
{
    if (!in_background())
        return 0;
    if (signal_ignored_or_blocked(sig))
        return sig == SIGTTIN ? -EIO : 0;
    signal_send_pgrp(current->pgid, sig);
    return -ERESTARTSYS;
}

/* Opening makes the console a session leader's terminal when it is free. */
static void maybe_acquire(uint32_t flags)
{
    if (!current || (flags & O_NOCTTY) || current->pid != current->sid)
        return;
    if (session_alive(console.session))
        return;
    console.session = current->sid;
    console.fg_pgrp = current->pgid;
}

static long tty_open(struct file *f)
{
    maybe_acquire(f->flags);
    return 0;
}

/*
 * /dev/tty is the opener's controlling terminal: without one it is
 * ENXIO, as on Linux, so a process of another session cannot read or
 * reconfigure the console through it.
 */
static long controlling_tty_open(struct file *f)
{
    maybe_acquire(f->flags);
    return is_controlling() ? 0 : -ENXIO;
}

/* ---- Reading ---- */

static bool nonblocking(const struct file *f)
{
    return (f->flags & O_NONBLOCK) != 0;
}

/* Waits for a canonical line: 0, -EAGAIN or -EINTR. */
static long wait_for_line(const struct file *f)
{
    long err;

    while (!ldisc_line_ready(&console.ld)) {
        if (nonblocking(f))
            return -EAGAIN;
        err = waitq_sleep(&console.readers);
        if (err)
            return err;
    }
    return 0;
}

/*
 * Copies out up to n bytes in chunks; *line_ended as ldisc_read.  Bytes
 * already taken from the discipline when a copy faults are lost, as on
 * Linux; the bytes copied before count.
 */
static long copy_out(uaddr_t buf, size_t n, bool *line_ended)
{
    uint8_t chunk[TTY_CHUNK];
    size_t done = 0, got;

    *line_ended = false;
    while (done < n && !*line_ended) {
        got = ldisc_read(&console.ld, chunk, MIN(n - done, sizeof(chunk)),
                         line_ended);
        if (got == 0)
            break;
        if (copy_to_user(buf + done, chunk, got))
            return done ? (long)done : -EFAULT;
        done += got;
    }
    return (long)done;
}

static long read_canonical(struct file *f, uaddr_t buf, size_t n)
{
    long err = wait_for_line(f);
    bool line_ended;

    if (err)
        return err;
    return copy_out(buf, n, &line_ended);
}

/* The timer of a VMIN/VTIME read, restarted at each byte when interbyte. */
static uint64_t raw_deadline(const struct ldisc_read_rule *rule)
{
    return rule->timeout_ns ? monotonic_ns() + rule->timeout_ns : 0;
}

static long read_raw(struct file *f, uaddr_t buf, size_t n)
{
    struct ldisc_read_rule rule = ldisc_read_rule(&console.ld, n);
    uint64_t deadline = rule.interbyte ? 0 : raw_deadline(&rule);
    size_t done = 0;
    bool unused;
    long got, err;

    for (;;) {
        got = copy_out(buf + done, n - done, &unused);
        if (got < 0)
            return done ? (long)done : got;
        done += (size_t)got;
        if (done >= rule.min)
            return (long)done;
        if (got && rule.interbyte)
            deadline = raw_deadline(&rule);
        if (nonblocking(f))
            return done ? (long)done : -EAGAIN;
        err = deadline ? waitq_sleep_until(&console.readers, deadline)
                       : waitq_sleep(&console.readers);
        if (err == -ETIMEDOUT)
            return (long)done;
        if (err)
            return done ? (long)done : err;
    }
}

static long tty_read(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    long err = job_control(SIGTTIN);

    (void)pos;
    if (err)
        return err;
    if (n == 0)
        return 0;
    if (ldisc_canonical(&console.ld))
        return read_canonical(f, buf, n);
    return read_raw(f, buf, n);
}

/* ---- Writing ---- */

/* Output stopped by ^S (IXON) waits for ^Q: 0, -EAGAIN or -EINTR. */
static long wait_output_started(const struct file *f)
{
    long err;

    while (ldisc_output_stopped(&console.ld)) {
        if (nonblocking(f))
            return -EAGAIN;
        err = waitq_sleep(&console.writers);
        if (err)
            return err;
    }
    return 0;
}

static bool tostop(void)
{
    struct linux_termios t;

    ldisc_get_termios(&console.ld, &t);
    return (t.c_lflag & TOSTOP) != 0;
}

/* A long write stops early at a signal once part of it is out, as Linux. */
static long tty_write(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    uint8_t chunk[TTY_CHUNK];
    size_t done = 0, len;
    long err = tostop() ? job_control(SIGTTOU) : 0;

    (void)pos;
    while (!err && done < n) {
        err = wait_output_started(f);
        if (err)
            break;
        len = MIN(n - done, sizeof(chunk));
        if (copy_from_user(chunk, buf + done, len)) {
            err = -EFAULT;
            break;
        }
        console_output(chunk, len);
        done += len;
        if (done < n && signal_pending())
            break;
    }
    return done ? (long)done : err;
}

static unsigned int tty_poll(struct file *f)
{
    (void)f;
    return (ldisc_poll_in(&console.ld) ? POLLIN : 0) | POLLOUT;
}

/* ---- ioctl ---- */

static long get_termios(uint64_t arg)
{
    struct linux_termios t;

    ldisc_get_termios(&console.ld, &t);
    return copy_to_user(arg, &t, sizeof(t)) ? -EFAULT : 0;
}

/* TCSETS, TCSETSW (output is never queued: nothing to drain), TCSETSF. */
static long set_termios(uint64_t arg, bool flush)
{
    struct linux_termios t;
    long err = job_control(SIGTTOU);

    if (err)
        return err;
    if (copy_from_user(&t, arg, sizeof(t)))
        return -EFAULT;
    if (flush)
        ldisc_flush_input(&console.ld);
    ldisc_set_termios(&console.ld, &t);
    waitq_wake(&console.readers);
    waitq_wake(&console.writers);
    return 0;
}

static long get_winsize(uint64_t arg)
{
    return copy_to_user(arg, &console.winsize, sizeof(console.winsize)) ? -EFAULT : 0;
}

/* A new size tells the foreground group (SIGWINCH), as Linux does. */
static long set_winsize(uint64_t arg)
{
    struct linux_winsize ws;

    if (copy_from_user(&ws, arg, sizeof(ws)))
        return -EFAULT;
    if (!memcmp(&ws, &console.winsize, sizeof(ws)))
        return 0;
    console.winsize = ws;
    if (console.fg_pgrp > 0)
        signal_send_pgrp(console.fg_pgrp, SIGWINCH);
    return 0;
}

static long put_int(uint64_t arg, int value)
{
    return copy_to_user(arg, &value, sizeof(value)) ? -EFAULT : 0;
}

static long get_pgrp(uint64_t arg)
{
    if (!is_controlling())
        return -ENOTTY;
    return put_int(arg, console.fg_pgrp);
}

static long get_sid(uint64_t arg)
{
    if (!is_controlling())
        return -ENOTTY;
    return put_int(arg, console.session);
}

/* tcsetpgrp: the group must exist (ESRCH) and be in our session (EPERM). */
static long set_pgrp(uint64_t arg)
{
    struct group_query q;
    int pgid;
    long err;

    if (!is_controlling())
        return -ENOTTY;
    err = job_control(SIGTTOU);
    if (err)
        return err;
    if (copy_from_user(&pgid, arg, sizeof(pgid)))
        return -EFAULT;
    if (pgid < 0)
        return -EINVAL;
    q = query_group(pgid, console.session);
    if (!q.group_seen)
        return -ESRCH;
    if (!q.in_session)
        return -EPERM;
    console.fg_pgrp = pgid;
    return 0;
}

/*
 * TIOCSCTTY: only a session leader; taking the terminal from another
 * live session needs arg 1 and root, as on Linux.
 */
static long set_ctty(uint64_t arg)
{
    if (!current)
        return -EPERM;
    if (is_controlling())
        return 0;
    if (current->pid != current->sid)
        return -EPERM;
    if (session_alive(console.session) && (arg != 1 || current->euid != 0))
        return -EPERM;
    console.session = current->sid;
    console.fg_pgrp = current->pgid;
    return 0;
}

/* TIOCNOTTY from the session leader frees the terminal (SIGHUP, SIGCONT). */
static long drop_ctty(void)
{
    int fg = console.fg_pgrp;

    if (!is_controlling())
        return -ENOTTY;
    if (current->pid != current->sid)
        return 0;
    console.session = 0;
    console.fg_pgrp = 0;
    if (fg > 0) {
        signal_send_pgrp(fg, SIGHUP);
        signal_send_pgrp(fg, SIGCONT);
    }
    return 0;
}

static long flush_queues(uint64_t arg)
{
    long err = job_control(SIGTTOU);

    if (err)
        return err;
    if (arg != TCIFLUSH && arg != TCOFLUSH && arg != TCIOFLUSH)
        return -EINVAL;
    if (arg != TCOFLUSH)
        ldisc_flush_input(&console.ld);
    return 0;
}

/* TCXONC: TCOOFF/TCOON stop and restart output; TCIOFF/TCION have no line. */
static long flow_control(uint64_t arg)
{
    long err = job_control(SIGTTOU);

    if (err)
        return err;
    if (arg == TCOOFF || arg == TCOON) {
        ldisc_set_stopped(&console.ld, arg == TCOOFF);
        waitq_wake(&console.writers);
        return 0;
    }
    return arg == TCIOFF || arg == TCION ? 0 : -EINVAL;
}

static long tty_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
    (void)f;
    switch (cmd) {
    case TCGETS:        return get_termios(arg);
    case TCSETS:
    case TCSETSW:       return set_termios(arg, false);
    case TCSETSF:       return set_termios(arg, true);
    case TIOCGWINSZ:    return get_winsize(arg);
    case TIOCSWINSZ:    return set_winsize(arg);
    case TIOCGPGRP:     return get_pgrp(arg);
    case TIOCSPGRP:     return set_pgrp(arg);
    case TIOCSCTTY:     return set_ctty(arg);
    case TIOCNOTTY:     return drop_ctty();
    case TIOCGSID:      return get_sid(arg);
    case FIONREAD:      return put_int(arg, (int)ldisc_available(&console.ld));
    case TIOCOUTQ:      return put_int(arg, 0);
    case TCFLSH:        return flush_queues(arg);
    case TCXONC:        return flow_control(arg);
    case TCSBRK:
    case TCSBRKP:       return 0;
    }
    return -ENOTTY;
}

static const struct file_ops tty_ops = {
    .open = tty_open,
    .read = tty_read,
    .write = tty_write,
    .ioctl = tty_ioctl,
    .poll = tty_poll,
};

static const struct file_ops controlling_tty_ops = {
    .open = controlling_tty_open,
    .read = tty_read,
    .write = tty_write,
    .ioctl = tty_ioctl,
    .poll = tty_poll,
};

void tty_init(void)
{
    long err;

    ldisc_init(&console.ld, console_emit, NULL);
    console.winsize = (struct linux_winsize){ .ws_row = TTY_DEFAULT_ROWS,
                                              .ws_col = TTY_DEFAULT_COLS };
    if (devfs_register("console", S_IFCHR | 0620, &tty_ops, &console) < 0 ||
        devfs_register("tty", S_IFCHR | 0666, &controlling_tty_ops, &console) < 0)
        printk("tty: cannot register /dev/console and /dev/tty\n");
    err = bind_virq_handler(VIRQ_CONSOLE, tty_console_event);
    if (err < 0)
        printk("tty: cannot bind VIRQ_CONSOLE (%ld): no console input\n", err);
    /* Input typed before the handler was bound raised no event for us. */
    tty_console_event();
}
