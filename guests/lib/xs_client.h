/*
 * guests/lib/xs_client.h - a small xenstore client for the test guests:
 * requests over the domain's store ring (start_info's store_mfn and
 * store_evtchn), one at a time, with Xen's wire protocol
 * (public/io/xs_wire.h).  Watch events that arrive while a reply is
 * awaited are kept for xsc_wait_event.
 *
 * Calls return 0 (or a length) on success, else -XEN_E<name> for the
 * daemon's XS_ERROR, -XEN_ETIMEDOUT when no reply came in time, and
 * -XEN_EIO for a reply that breaks the protocol.
 */
#ifndef GUEST_XS_CLIENT_H
#define GUEST_XS_CLIENT_H

#include <stddef.h>
#include <stdint.h>

/* Finds the ring page in the guest's own mapping: 0, or -XEN_EINVAL. */
long xsc_init(void);
/* The value of path into buf (NUL-terminated): its length, or -errno. */
long xsc_read(const char *path, char *buf, size_t size);
long xsc_write(const char *path, const char *value);
long xsc_watch(const char *path, const char *token);
/* Starts a transaction (left open: the daemon drops it with the domain). */
long xsc_transaction_start(void);
/* The next watch event's path and token, waiting up to the timeout. */
long xsc_wait_event(char *path, size_t path_size, char *token, size_t token_size);

#endif /* GUEST_XS_CLIENT_H */
