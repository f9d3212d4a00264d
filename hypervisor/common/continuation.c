/*
 * The state shared by preemptible hypercalls (minixen/preempt.h) and
 * their continuations (minixen/hypercall.h).  The arch layer stores the
 * continuations (pv/hypercall.c); the handlers that can be preempted are
 * common and x86 code alike.
 */
#include <minixen/hypercall.h>
#include <minixen/preempt.h>

struct hypercall_state hypercall_state;

/* hypercall_preempt_every=N on the command line (test aid). */
unsigned int opt_hypercall_preempt_every;
