/*
 * tests/dom0/check.h - how dom0's test programs report: one line per
 * check, "ok - NAME" or "not ok - NAME: why", then one verdict line
 * "PROGRAM: PASS" or "PROGRAM: FAIL (N checks failed)" and exit status 0
 * or 1, the same shape as the test guests' lines, for the boot tests to
 * grep.
 */
#ifndef MINIXEN_TESTS_DOM0_CHECK_H
#define MINIXEN_TESTS_DOM0_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int check_failures;

/* A call expected to fail (-1) with errno `want`. */
static inline void check_errno(const char *name, long ret, int err, int want)
{
    if (ret == -1 && err == want) {
        printf("ok - %s\n", name);
        return;
    }
    check_failures++;
    printf("not ok - %s: returned %ld, errno %d (%s), expected -1 with "
           "errno %d (%s)\n", name, ret, ret == -1 ? err : 0,
           ret == -1 ? strerror(err) : "none", want, strerror(want));
}

/* A condition, with a message for when it does not hold. */
static inline void check_true(const char *name, int ok, const char *why)
{
    if (ok) {
        printf("ok - %s\n", name);
        return;
    }
    check_failures++;
    printf("not ok - %s: %s\n", name, why);
}

static inline int check_verdict(const char *program)
{
    if (!check_failures) {
        printf("%s: PASS\n", program);
        return 0;
    }
    printf("%s: FAIL (%d checks failed)\n", program, check_failures);
    return 1;
}

#endif /* MINIXEN_TESTS_DOM0_CHECK_H */
