/*
 * tools/xenstore/xs_os.h - xenstored's use of dom0's devices (xs_os.c).
 */
#ifndef MINIXEN_XS_OS_H
#define MINIXEN_XS_OS_H

#include <stdint.h>

/* Opens privcmd and evtchn and installs xs_dom_ops: 0, or -1 (errno)
 * when domains cannot be served. */
int xs_os_init(void);
int xs_os_evtchn_fd(void);
/* Fired local ports into ports[0..max): how many, or -1. */
int xs_os_pending(uint32_t *ports, int max);
void xs_os_unmask(const uint32_t *ports, int n);

#endif /* MINIXEN_XS_OS_H */
