/*
 * Debug keys: while serial input goes to the hypervisor (CTRL-a three
 * times), each key typed runs the handler registered for it, as on Xen.
 * 'h' lists them all.  Handlers print to the hypervisor log.
 *
 * Handlers run in the serial interrupt handler, with interrupts off, at a
 * moment when no hypercall is half done: the hypervisor takes interrupts
 * only while a guest runs or the CPU idles.
 */
#ifndef MINIXEN_KEYHANDLER_H
#define MINIXEN_KEYHANDLER_H

#include <minixen/types.h>

typedef void keyhandler_fn_t(unsigned char key);

/*
 * Bind key (7-bit ASCII) to fn with a one-line description for 'h'.
 * Panics on a key out of range or already bound: both are bugs in the
 * hypervisor, and the table is filled once, at boot.
 */
void register_keyhandler(unsigned char key, keyhandler_fn_t *fn,
                         const char *desc);

/* Bind the built-in keys (h, m, q, r, e).  Call once at boot. */
void keyhandler_init(void);

/* Run the handler for one key typed while input goes to the hypervisor. */
void handle_keypress(unsigned char key);

/* 'r' and 'e' run sched_dump_runqueues() (minixen/sched.h) and
 * evtchn_dump() (minixen/event.h). */

/* Arch: one vCPU's registers, for the 'q' dump. */
struct vcpu;
void arch_dump_vcpu_info(const struct vcpu *v);

#endif /* MINIXEN_KEYHANDLER_H */
