/*
 * tests/unit/test_privcmd_wrappers.c - host test of the generated dom0
 * program wrappers (build/gen/include/tools/hypercalls.h).
 *
 * The header is compiled here with the host gcc against glibc, as a dom0
 * program is, so a wrapper that does not compile there fails the build.
 * The test links with -Wl,--wrap=ioctl, so each wrapper's ioctl lands in
 * __wrap_ioctl below, which records the request and answers as Linux's
 * privcmd does: the hypercall's result, or -1 with errno.  The expected
 * numbers are written out from Xen's list, not read from the .def.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>
#include <cmocka.h>

#include <tools/hypercalls.h>

/* Linux's value for IOCTL_PRIVCMD_HYPERCALL on x86_64. */
#define LINUX_IOCTL_PRIVCMD_HYPERCALL 0x305000UL
_Static_assert(IOCTL_PRIVCMD_HYPERCALL == LINUX_IOCTL_PRIVCMD_HYPERCALL,
               "the ioctl number must be Linux's");
_Static_assert(sizeof(struct privcmd_hypercall) == 48,
               "struct privcmd_hypercall is { u64 op; u64 arg[5]; }");

#define PRIVCMD_FD 7

/* What the last ioctl received, and what it answers. */
static struct {
    int fd;
    unsigned long request;
    struct privcmd_hypercall call;
} seen;
static long answer;
static int answer_errno;

int __wrap_ioctl(int fd, unsigned long request, ...);
int __wrap_ioctl(int fd, unsigned long request, ...)
{
    va_list ap;

    va_start(ap, request);
    seen.fd = fd;
    seen.request = request;
    seen.call = *va_arg(ap, struct privcmd_hypercall *);
    va_end(ap);
    if (answer_errno) {
        errno = answer_errno;
        return -1;
    }
    return (int)answer;
}

static int reset(void **state)
{
    (void)state;
    memset(&seen, 0, sizeof(seen));
    answer = 0;
    answer_errno = 0;
    return 0;
}

/* print_string (38): one pointer, the result passed back. */
static void test_print_string_fills_the_request(void **state)
{
    static const char message[] = "hello!";

    (void)state;
    answer = 1;
    assert_int_equal(xen_hypercall_print_string(PRIVCMD_FD, message), 1);
    assert_int_equal(seen.fd, PRIVCMD_FD);
    assert_int_equal(seen.request, LINUX_IOCTL_PRIVCMD_HYPERCALL);
    assert_int_equal(seen.call.op, 38);
    assert_int_equal(seen.call.arg[0], (uintptr_t)message);
    assert_int_equal(seen.call.arg[1], 0);
}

/* mmu_update (1): four arguments in register order, the rest zero. */
static void test_arguments_keep_their_order(void **state)
{
    mmu_update_t req = { 0 };
    unsigned int done;

    (void)state;
    xen_hypercall_mmu_update(PRIVCMD_FD, &req, 3, &done, DOMID_SELF);
    assert_int_equal(seen.call.op, 1);
    assert_int_equal(seen.call.arg[0], (uintptr_t)&req);
    assert_int_equal(seen.call.arg[1], 3);
    assert_int_equal(seen.call.arg[2], (uintptr_t)&done);
    assert_int_equal(seen.call.arg[3], DOMID_SELF);
    assert_int_equal(seen.call.arg[4], 0);
}

/* A refused call comes back as privcmd returns it: -1 and errno. */
static void test_error_is_minus_one_and_errno(void **state)
{
    (void)state;
    answer_errno = EFAULT;
    errno = 0;
    assert_int_equal(xen_hypercall_console_io(PRIVCMD_FD, CONSOLEIO_write,
                                              5, "hello"), -1);
    assert_int_equal(errno, EFAULT);
    assert_int_equal(seen.call.op, 18);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_print_string_fills_the_request, reset),
        cmocka_unit_test_setup(test_arguments_keep_their_order, reset),
        cmocka_unit_test_setup(test_error_is_minus_one_and_errno, reset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
