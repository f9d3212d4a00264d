/*
 * Event channels as the rest of the hypervisor sees them: raising a
 * virtual interrupt (VIRQ_*, include/public/xen.h) for a domain.
 */
#ifndef MINIXEN_EVENT_H
#define MINIXEN_EVENT_H

#include <minixen/types.h>

struct domain;

/*
 * Raise the global VIRQ virq for domain d, on the vCPU it is bound to;
 * nothing happens if d has not bound it.  The console calls this from
 * its serial interrupt handler, with interrupts off, when input for the
 * hardware domain arrives.
 */
void send_global_virq(struct domain *d, uint32_t virq);

#endif /* MINIXEN_EVENT_H */
