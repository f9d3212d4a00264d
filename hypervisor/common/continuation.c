/*
 * The state shared by preemptible hypercalls (minixen/preempt.h).
 */
#include <minixen/preempt.h>

/* hypercall_preempt_every=N on the command line (test aid). */
unsigned int opt_hypercall_preempt_every;
unsigned int hypercall_preempt_asked;
