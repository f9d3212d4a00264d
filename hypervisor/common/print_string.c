/*
 * print_string (38): minixen's own teaching hypercall, not part of Xen
 * (Xen leaves 38, the retired tmem_op, unwired).
 *
 * The guest passes a pointer to a NUL-terminated string; the hypervisor
 * logs "the message is: <text>" and returns 1.  A NULL pointer logs
 * "no message!" and also returns 1; a pointer the guest cannot read
 * returns -EFAULT.  docs/adding-a-hypercall.md walks through this file.
 *
 * The string is copied once into a fixed buffer (a longer one is cut and
 * marked) and every byte that is not printable ASCII is replaced, so a
 * guest cannot start fake log lines or inject terminal escapes.
 */
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <minixen/printk.h>

/* Longest message printed, including the NUL; longer ones are cut. */
#define PRINT_STRING_MAX    256
/* Printable ASCII; anything else is shown as PRINT_STRING_BADCHAR. */
#define PRINTABLE_FIRST     0x20
#define PRINTABLE_LAST      0x7e
#define PRINT_STRING_BADCHAR '?'

static void print_string_sanitise(char *text)
{
    for (; *text; text++)
        if (*text < PRINTABLE_FIRST || *text > PRINTABLE_LAST)
            *text = PRINT_STRING_BADCHAR;
}

long do_print_string(XEN_GUEST_HANDLE_PARAM(const_char) message)
{
    char text[PRINT_STRING_MAX];
    long len;

    /* Plain printk at the default level: shown unless loglvl hides warnings. */
    if (guest_handle_is_null(message)) {
        printk("no message!\n");
        return 1;
    }
    len = strncpy_from_guest(text, guest_handle_addr(message), sizeof(text));
    if (len < 0)
        return trace_err(len);
    print_string_sanitise(text);
    /* len == sizeof(text) means the copy stopped before the NUL. */
    printk("the message is: %s%s\n", text,
           len >= (long)sizeof(text) ? " [truncated]" : "");
    return 1;
}
