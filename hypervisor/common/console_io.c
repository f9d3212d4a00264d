/*
 * console_io: guests write to and read from the hypervisor console.
 *
 * Owns the guest side of the console: text a guest writes is copied
 * through a small stack buffer, one chunk at a time, and handed to
 * console_write_raw(), which adds the "(dN) " prefix for guests other
 * than dom0.  Reads return pending serial input without waiting: the
 * bytes console_input.c keeps for domain 0 while input is switched to it.
 *
 * Who may call: Xen builds without verbose debugging let only the
 * privileged (or console) domain use console_io at all.  minixen lets
 * every domain write, as Xen debug builds do, because test guests report
 * their verdict this way; reading stays privileged (-EPERM otherwise).
 *
 * A write of any length is printed, one chunk at a time.  Between
 * chunks it may be preempted, as in Xen: the continuation is the same
 * write of the bytes not printed yet.
 */
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <minixen/lib.h>
#include <minixen/preempt.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/console_input.h>

/* Bytes copied from or to the guest per step (Xen uses 128 too). */
#define CONSOLE_CHUNK     128

/* Print the guest's buffer, chunk by chunk; preemptible between chunks. */
static long console_write_guest(XEN_GUEST_HANDLE_PARAM(char) buffer,
                                unsigned int count)
{
    char chunk[CONSOLE_CHUNK];
    unsigned int n = 0;

    while (count) {
        if (n && hypercall_preempt_check())
            return hypercall_create_continuation(__HYPERVISOR_console_io,
                                                 CONSOLEIO_write, count,
                                                 guest_handle_addr(buffer));
        n = min(count, (unsigned int)sizeof(chunk));
        /* As in Xen, chunks already printed stay printed after a fault. */
        if (copy_from_guest(chunk, buffer, n))
            return trace_err(-XEN_EFAULT);
        console_write_raw(chunk, n);
        guest_handle_add_offset(buffer, n);
        count -= n;
    }
    return 0;
}

/* Xen drops input silently; minixen says how much, once the reader is back. */
static void report_dropped_input(void)
{
    unsigned long dropped = console_input_take_dropped();

    if (dropped)
        printk(XENLOG_WARNING "console input: %lu characters dropped "
               "(the %u-byte ring was full)\n", dropped, SERIAL_RX_SIZE);
}

/*
 * Copy pending input into the guest's buffer, up to count bytes, without
 * waiting for more.  Returns the number of bytes read.  A chunk is only
 * consumed once it has reached the guest, so -EFAULT leaves the input of
 * the chunk that failed (Xen: the ring piece that failed) to be read
 * again; chunks copied before it stay consumed, as on Xen.
 */
static long console_read_guest(XEN_GUEST_HANDLE_PARAM(char) buffer,
                               unsigned int count)
{
    char chunk[CONSOLE_CHUNK];
    unsigned int done = 0;
    size_t n;

    /* The result must stay positive as a long and as a 32-bit int (Xen). */
    if (count > INT32_MAX)
        return trace_err(-XEN_E2BIG);
    report_dropped_input();
    while (done < count) {
        n = console_input_peek(chunk, min(count - done,
                                          (unsigned int)sizeof(chunk)));
        if (n == 0)
            break;
        if (copy_to_guest_offset(buffer, done, chunk, n))
            return trace_err(-XEN_EFAULT);
        console_input_consume(n);
        done += n;
    }
    return done;
}

long do_console_io(unsigned int cmd, unsigned int count,
                   XEN_GUEST_HANDLE_PARAM(char) buffer)
{
    /* Writes are open to all; everything else needs privilege, as in Xen. */
    if (cmd != CONSOLEIO_write && !current_domain()->is_privileged)
        return trace_err(-XEN_EPERM);

    switch (cmd) {
    case CONSOLEIO_write:
        return console_write_guest(buffer, count);
    case CONSOLEIO_read:
        return console_read_guest(buffer, count);
    }
    return trace_err(-XEN_ENOSYS);
}
