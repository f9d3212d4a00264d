/*
 * guests/lib/report.h - verdict lines for the test guests.
 *
 * Each check prints one line, "ok - <name>" or "not ok - <name>: <detail>",
 * and failures are counted.  A test ends with exactly one verdict line,
 * "Test result: SUCCESS" or "Test result: FAILURE (<n> checks failed)",
 * followed by SCHEDOP_shutdown.  A boot test reads these lines from the
 * serial log, so names stay stable: lowercase, words joined by '_' and
 * groups by '.', e.g. "xen_version.bad_pointer".
 */
#ifndef GUEST_REPORT_H
#define GUEST_REPORT_H

#include "console.h"

/*
 * Print the verdict for one check.  fmt/... describe what went wrong and
 * are only formatted when cond is false.  Returns cond, so callers can
 * skip follow-up checks that depend on this one.
 */
int check(int cond, const char *name, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* Print "ok - <name>" for a step that has already been verified. */
void report_pass(const char *name);

/* check() that a hypercall returned exactly the expected value. */
int check_rc(const char *name, long rc, long expected);

/* Failures so far. */
unsigned int report_failures(void);

/*
 * Print the verdict line only, for a guest that must stay up afterwards
 * (another domain shuts it down once it has looked at it).
 */
void report_verdict(void);

/* Print the final verdict and power off; never returns. */
__attribute__((noreturn)) void test_finish(void);
/* The same, shutting down with reason SHUTDOWN_<reason> instead. */
__attribute__((noreturn)) void test_finish_as(unsigned int reason);

/*
 * A check that the rest of the test cannot run without failed: print the
 * verdict (counting this failure) and power off.  Never returns.
 */
__attribute__((noreturn)) void test_abort(const char *name, const char *fmt, ...)
    PRINTF_LIKE(2, 3);

/*
 * Something went wrong outside any check: print "not ok - <what>" (what is
 * e.g. "unexpected exception: ..."), the FAILURE verdict, and shut down
 * with SHUTDOWN_crash.
 */
__attribute__((noreturn)) void test_crash(const char *fmt, ...) PRINTF_LIKE(1, 2);

#endif /* GUEST_REPORT_H */
