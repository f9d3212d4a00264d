/*
 * tools/lib/xlconsole.h - `xl console`'s attach, shared with `xl create -c`.
 *
 * xl_console_attach() asks xenconsoled (over its socket, see
 * xlconsole_proto.h) for domid's PV console, puts the terminal in raw
 * mode and relays both ways until the user types Ctrl-] (the escape,
 * which is not sent), standard input ends, or xenconsoled closes the
 * connection because the domain went away.  The terminal is restored in
 * every case.  Returns an exit status: 0, or 1 after a one-line message
 * on stderr (no such domain, no console daemon, ...).
 */
#ifndef MINIXEN_TOOLS_XLCONSOLE_H
#define MINIXEN_TOOLS_XLCONSOLE_H

#include <stdint.h>

/* Ctrl-], as in Xen's console client. */
#define XLCONS_ESCAPE 0x1d

int xl_console_attach(uint32_t domid);

/*
 * The same, calling on_attached(arg) once xenconsoled has accepted the
 * client and before relaying starts: xl create -c unpauses the domain
 * there, so not a byte of its first output can come before the console
 * is attached.  on_attached may be NULL.
 */
int xl_console_attach_notify(uint32_t domid, void (*on_attached)(void *arg),
                             void *arg);

#endif /* MINIXEN_TOOLS_XLCONSOLE_H */
