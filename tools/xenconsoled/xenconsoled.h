/*
 * tools/xenconsoled/xenconsoled.h - dom0's console daemon: serves each
 * domU's PV console ring (docs/consoles.md).
 *
 * A domain gets a struct console when it first appears in the
 * hypervisor's list; it is connected once xenstore holds its
 * console/ring-ref (the ring's machine frame) and console/port (the
 * guest's end of the event channel): the frame is mapped, the channel
 * bound.  Guest output goes to the log file and to the output backlog,
 * which an attached `xl console` drains; the client's bytes wait in the
 * input backlog for ring space.  A domain that is dying or gone has its
 * ring drained one last time and is dropped.
 */
#ifndef XENCONSOLED_H
#define XENCONSOLED_H

#include <poll.h>
#include <stdint.h>
#include <xenctrl.h>
#include <xenstore.h>
#include "backlog.h"
#include "logname.h"

#define INPUT_BACKLOG_SIZE 1024

struct console {
    uint32_t domid;
    char name[LOGNAME_NAME_MAX + 1];
    volatile struct xencons_interface *ring;   /* NULL until connected */
    uint32_t remote_port;
    int local_port;                             /* -1: not bound */
    int log_fd;                                 /* -1: no log */
    int client_fd;                              /* attached xl console, or -1 */
    int ring_broken;                            /* reported once */
    int seen;                                   /* in the latest scan */
    int connect_failed;                         /* reported once */
    struct backlog output, input;
    struct console *next;
};

struct daemon {
    xc_interface *xch;
    struct xs_handle *xs;
    xenevtchn_handle *xce;
    int listen_fd;
    const char *log_dir;
    struct console *consoles;
    int rescan_soon;            /* look at the domain list again shortly */
};

/*
 * After a watch event the domain list is looked at once more this long
 * later: events that came in while a scan talked to xenstored wait in
 * the library's queue, where poll() on xs_fileno() may not see them.
 */
#define RESCAN_DELAY_MS 100

/* domains.c */
void domains_scan(struct daemon *d);
void domains_handle_event(struct daemon *d);
struct console *console_find(struct daemon *d, uint32_t domid);
void console_service(struct daemon *d, struct console *c);
void domains_close_all(struct daemon *d);

/* attach.c */
void attach_init(void);
int attach_listen(const char *path);
void attach_accept(struct daemon *d);
/* Fill pfd[] with the clients not attached yet; returns how many. */
int attach_pending_pollfds(struct pollfd *pfd, int max);
void attach_pending_ready(struct daemon *d, int fd, short revents);
void attach_client_ready(struct daemon *d, struct console *c, short revents);
void attach_detach(struct console *c);
/* Write what the backlog holds to the client, as far as it takes it. */
void attach_flush_output(struct console *c);

/* Socket path: $XENCONSOLED_SOCKET or XLCONS_SOCKET. */
const char *attach_socket_path(void);

#endif /* XENCONSOLED_H */
