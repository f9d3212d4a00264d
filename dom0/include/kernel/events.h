/*
 * dom0/include/kernel/events.h - event channels as dom0's interrupts
 * (kernel/events.c).  Handlers run with events masked, from the upcall,
 * on whatever kernel stack was current: they may wake wait queues and
 * send signals, never sleep.
 */
#ifndef DOM0_KERNEL_EVENTS_H
#define DOM0_KERNEL_EVENTS_H

typedef void (*event_handler_t)(void);

/* Binds a VIRQ on vCPU 0 to handler: the port, or a negative errno. */
long bind_virq_handler(unsigned int virq, event_handler_t handler);

#endif /* DOM0_KERNEL_EVENTS_H */
