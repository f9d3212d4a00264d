/*
 * The hypervisor console: printk() and guest console output go to the
 * serial line and into the log ring that `xl dmesg` reads.
 *
 * Hypervisor lines start "(XEN) "; output of domains other than domain 0
 * starts "(dN) ", as on Xen.  Whether a prefix is due is decided for
 * each source on its own (the hypervisor here, each domain in its struct
 * domain, as Xen keeps a buffer per domain): a line another source left
 * unfinished, such as dom0's shell prompt, must not take a guest's or
 * the hypervisor's prefix away.  A level prefix (XENLOG_*) at the start
 * of a message picks its level; messages above the configured level
 * (loglvl, or guest_loglvl for XENLOG_GUEST messages) are dropped.
 */
#include <minixen/lib.h>
#include <minixen/printk.h>
#include <minixen/console_ring.h>
#include <minixen/sched.h>
#include <minixen/spinlock.h>
#include <asm/serial.h>
#include <asm/x86.h>
#include <asm/power.h>
#include <asm/smp.h>

#define LOG_RING_SIZE   (64 * 1024)
#define PRINTK_BUF_SIZE 512
#define LEVEL_MARK      '\001'
#define DEFAULT_LEVEL   LOG_WARNING     /* messages without a prefix */

static char log_ring_buf[LOG_RING_SIZE];
static struct console_ring log_ring;
static unsigned int loglvl = LOG_INFO, guest_loglvl = LOG_WARNING;
static bool xen_mid_line;             /* printk's last line is unfinished */
static spinlock_t console_spin;
#define NO_OWNER        (~0u)
static unsigned int console_owner = NO_OWNER;   /* the CPU holding console_spin */
static unsigned int console_depth;              /* its nesting */
static unsigned int log_everything;     /* nesting depth */

struct console_ring *console_log_ring(void) { return &log_ring; }

void console_lock(void)
{
    unsigned int me = this_cpu()->cpu_id;

    if (__atomic_load_n(&console_owner, __ATOMIC_RELAXED) != me) {
        spin_lock(&console_spin);
        __atomic_store_n(&console_owner, me, __ATOMIC_RELAXED);
    }
    console_depth++;
}

void console_unlock(void)
{
    if (--console_depth)
        return;
    __atomic_store_n(&console_owner, NO_OWNER, __ATOMIC_RELAXED);
    spin_unlock(&console_spin);
}

void console_force_unlock(void)
{
    console_depth = 0;
    __atomic_store_n(&console_owner, NO_OWNER, __ATOMIC_RELAXED);
    __atomic_store_n(&console_spin.word, SPIN_LOCK_UNLOCKED.word, __ATOMIC_RELEASE);
}

void console_init_early(void)
{
    serial_init();
    console_ring_init(&log_ring, log_ring_buf, sizeof(log_ring_buf));
}

void console_set_levels(unsigned int level, unsigned int guest_level)
{
    loglvl = level;
    guest_loglvl = guest_level;
}

/*
 * console_to_ring: domain 0's own console output also goes into the log
 * ring (as Xen's option of that name); by default it reaches only the
 * serial line, so `xl dmesg` shows the hypervisor's and domUs' messages.
 */
bool opt_console_to_ring;

static void serial_write(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (s[i] == '\n')
            serial_putc('\r');
        serial_putc(s[i]);
    }
}

static void emit(const char *s, size_t len)
{
    serial_write(s, len);
    console_ring_write(&log_ring, s, len);
}

/* Debug-key output is asked for by a person at the console: show it all. */
void console_start_log_everything(void)
{
    log_everything++;
}

void console_end_log_everything(void)
{
    log_everything--;
}

/* Strip level prefixes; returns the level that applies. */
static unsigned int parse_level(const char **fmt)
{
    unsigned int level = DEFAULT_LEVEL;
    bool guest = false;

    while ((*fmt)[0] == LEVEL_MARK && (*fmt)[1]) {
        if ((*fmt)[1] == 'G')
            guest = true;
        else
            level = (*fmt)[1] - '0';
        *fmt += 2;
    }
    if (log_everything)
        return level;
    return level <= (guest ? guest_loglvl : loglvl) ? level : LOG_ALL + 1;
}

/* Writes one source's text, putting prefix at the start of each of its lines. */
static void emit_lines(const char *prefix, const char *text, size_t len, bool *mid_line)
{
    while (len) {
        size_t chunk = 0;
        bool newline = false;

        while (chunk < len && !newline)
            newline = text[chunk++] == '\n';

        if (!*mid_line && *prefix)
            emit(prefix, strlen(prefix));
        emit(text, chunk);
        *mid_line = !newline;
        text += chunk;
        len -= chunk;
    }
}

void vprintk(const char *fmt, va_list args)
{
    char buf[PRINTK_BUF_SIZE];
    int len;

    if (parse_level(&fmt) > LOG_ALL)
        return;
    len = vsnprintf(buf, sizeof(buf), fmt, args);
    console_lock();
    emit_lines("(XEN) ", buf, min((size_t)len, sizeof(buf) - 1), &xen_mid_line);
    console_unlock();
}

void printk(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
}

/* Unprivileged output may not carry escapes or forge lines of our own. */
static char printable(char c)
{
    return c == '\n' || c == '\t' || (c >= ' ' && c <= '~') ? c : '?';
}

static void write_raw_locked(const char *s, size_t len)
{
    char prefix[16] = "", clean[128];
    struct domain *d = current ? current->domain : NULL;
    /* No vCPU (never so in a hypercall): the line counts as the hypervisor's. */
    bool *mid_line = d ? &d->console_mid_line : &xen_mid_line;
    size_t i, n;

    if (!d || d->domain_id == 0) {
        if (opt_console_to_ring)
            emit_lines("", s, len, mid_line);
        else if (len) {
            serial_write(s, len);
            *mid_line = s[len - 1] != '\n';
        }
        return;
    }
    snprintf(prefix, sizeof(prefix), "(d%u) ", d->domain_id);
    while (len) {
        n = min(len, sizeof(clean));
        for (i = 0; i < n; i++)
            clean[i] = printable(s[i]);
        emit_lines(prefix, clean, n, mid_line);
        s += n;
        len -= n;
    }
}

void console_write_raw(const char *s, size_t len)
{
    console_lock();
    write_raw_locked(s, len);
    console_unlock();
}

unsigned int current_domid(void)
{
    return current ? current->domain->domain_id : DOMID_XEN;
}

void panic(const char *fmt, ...)
{
    va_list args;

    local_irq_disable();
    console_force_unlock();
    printk(XENLOG_ERR "\n****************************************\n");
    printk(XENLOG_ERR "Panic: ");
    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
    printk(XENLOG_ERR "\n****************************************\n");
    smp_stop_other_cpus();
    machine_power_off(EXIT_PANIC);
}
