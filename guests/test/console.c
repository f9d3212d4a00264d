/*
 * guests/test/console.c - console_io and the minixen-only print_string.
 *
 * console_io expectations checked against Xen's do_console_io and
 * guest_console_write (xen/drivers/char/console.c): CONSOLEIO_write copies
 * the buffer in small chunks and returns 0 (not a byte count), or -EFAULT
 * when a chunk cannot be read; CONSOLEIO_read returns the number of bytes
 * read (0 with no input) and -E2BIG for a count above INT_MAX; other
 * commands return -ENOSYS.
 */
#include "test.h"

/* A count far larger than the guest's memory (100 MiB). */
#define HUGE_COUNT (100u << 20)
/* Bytes left before the guard page in the huge-count test. */
#define HUGE_TAIL 8
/* A read count just above INT_MAX. */
#define READ_COUNT_TOO_BIG 0x80000000u
/* No CONSOLEIO_ command has this number. */
#define CONSOLEIO_UNDEFINED 99
/* print_string's documented result. */
#define PRINT_STRING_OK 1
/* Bytes of an unterminated string that ends where the guard hole starts. */
#define NEAR_HOLE_LEN 8

void test_console_io(void)
{
    static const char msg[] = "# console_io write check\n";
    char *tail = (char *)scratch_pages[SCRATCH_B] + PAGE_SIZE - HUGE_TAIL;
    char in[16];
    long rc;

    check_rc("console_io.write", console_write(msg, sizeof(msg) - 1), 0);
    check_rc("console_io.write_bad_pointer",
             HYPERVISOR_console_io(CONSOLEIO_write, HUGE_TAIL,
                                   (const char *)BAD_PTR_UNMAPPED), -XEN_EFAULT);

    /* 100 MiB from a buffer whose page is followed by a hole: must end. */
    memcpy(tail, "# huge\n", HUGE_TAIL);
    if (check_rc("console_io.guard_unmap", test_guard_unmap(), 0)) {
        rc = HYPERVISOR_console_io(CONSOLEIO_write, HUGE_COUNT, tail);
        check_rc("console_io.write_huge_count", rc, -XEN_EFAULT);
        check_rc("console_io.guard_restore", test_guard_restore(), 0);
    }

    rc = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(in), in);
    check(rc >= 0 && rc <= (long)sizeof(in), "console_io.read", "returned %ld", rc);
    check_rc("console_io.read_count_too_big",
             HYPERVISOR_console_io(CONSOLEIO_read, READ_COUNT_TOO_BIG, in),
             -XEN_E2BIG);
    check_rc("console_io.unknown_cmd",
             HYPERVISOR_console_io(CONSOLEIO_UNDEFINED, 0, NULL), -XEN_ENOSYS);
}

/*
 * print_string (38) is minixen's own: log a NUL-terminated string, or
 * "no message!" for NULL, return 1; -EFAULT if the string runs into
 * memory the guest cannot read before its NUL.  The hypervisor log is
 * expected to show "the message is: hello!" and a line of 'A's ending in
 * " [truncated]".
 */
void test_print_string(void)
{
    uint8_t *two_pages = &scratch_pages[0][0] + SCRATCH_A * PAGE_SIZE;
    long rc;

    check_rc("print_string.hello", HYPERVISOR_print_string("hello!"), PRINT_STRING_OK);
    check_rc("print_string.null", HYPERVISOR_print_string(NULL), PRINT_STRING_OK);
    check_rc("print_string.bad_pointer",
             HYPERVISOR_print_string((const char *)BAD_PTR_UNMAPPED), -XEN_EFAULT);

    /*
     * 8 KiB of 'A' and then a hole: the copy stops at the hypervisor's
     * buffer size long before the hole, so the message is logged cut (and
     * marked " [truncated]").  The last NEAR_HOLE_LEN bytes of the same
     * run, read from their start, reach the hole before any NUL: -EFAULT.
     */
    memset(two_pages, 'A', 2 * PAGE_SIZE);
    if (check_rc("print_string.guard_unmap", test_guard_unmap(), 0)) {
        rc = HYPERVISOR_print_string((const char *)two_pages);
        check_rc("print_string.unterminated", rc, PRINT_STRING_OK);
        rc = HYPERVISOR_print_string((const char *)two_pages + 2 * PAGE_SIZE -
                                     NEAR_HOLE_LEN);
        check_rc("print_string.unterminated_near_hole", rc, -XEN_EFAULT);
        check_rc("print_string.guard_restore", test_guard_restore(), 0);
    }
}
