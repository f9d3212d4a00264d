/*
 * Hypervisor log: printk() writes to the serial console and to the
 * console ring that the control domain reads (xl dmesg).
 *
 * A message may start with a level prefix, as in Xen: XENLOG_ERR "..." .
 * Messages caused by a guest add XENLOG_GUEST so that guest_loglvl, not
 * loglvl, decides whether they are shown.
 */
#ifndef MINIXEN_PRINTK_H
#define MINIXEN_PRINTK_H

#include <minixen/types.h>
#include <stdarg.h>

#define XENLOG_ERR      "\001" "1"
#define XENLOG_WARNING  "\001" "2"
#define XENLOG_INFO     "\001" "3"
#define XENLOG_DEBUG    "\001" "4"
#define XENLOG_GUEST    "\001" "G"

enum log_level {
    LOG_NONE = 0,
    LOG_ERR = 1,
    LOG_WARNING = 2,
    LOG_INFO = 3,
    LOG_DEBUG = 4,
    LOG_ALL = 5,
};

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list args);

/* Guest-triggered message tagged with the current domain: "(XEN) d1: ...". */
#define gprintk(lvl, fmt, ...) \
    printk(XENLOG_GUEST lvl "d%u: " fmt, current_domid(), ##__VA_ARGS__)

unsigned int current_domid(void);

/* Raw console output (no prefix, no level): guest console writes. */
void console_write_raw(const char *s, size_t len);

/* Between these, every message is printed whatever its level (nests). */
void console_start_log_everything(void);
void console_end_log_everything(void);

void console_init_early(void);
void console_set_levels(unsigned int loglvl, unsigned int guest_loglvl);
/* Domain 0's console_io output also goes to the log ring (command line). */
extern bool opt_console_to_ring;
struct console_ring;
struct console_ring *console_log_ring(void);
/*
 * The console lock: one CPU at a time writes to the serial line and the
 * log ring, or reads the ring.  A CPU may take it again while it holds it
 * (an NMI's report while its CPU was printing).  console_force_unlock()
 * is for a panic: a CPU stopped while holding it must not silence the
 * last words.
 */
void console_lock(void);
void console_unlock(void);
void console_force_unlock(void);

/*
 * Report where an error came from: `return trace_err(-XEN_EINVAL);` logs
 * file, line and code at debug level, so a test log shows the rejection.
 */
#define trace_err(err) ({                                                 \
    long __e = (err);                                                     \
    printk(XENLOG_GUEST XENLOG_DEBUG "%s:%d: error %ld\n",                \
           __FILE__, __LINE__, __e);                                      \
    __e; })

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#define BUG_ON(cond) do {                                                 \
    if (__builtin_expect(!!(cond), 0))                                    \
        panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond);             \
} while (0)

#endif
