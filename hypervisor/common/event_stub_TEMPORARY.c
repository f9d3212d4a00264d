/*
 * TEMPORARY: stand-ins for functions being written on the main branch
 * (event channels and the scheduler), so the console work builds on its
 * own.  Delete this file when the branches merge; nothing but the
 * console input path (console_input.c) and the 'r'/'e' debug keys
 * (keyhandler.c) calls these.
 */
#include <minixen/event.h>
#include <minixen/keyhandler.h>

/* No event channels yet: no domain can have bound VIRQ_CONSOLE. */
void send_global_virq(struct domain *d, uint32_t virq)
{
    (void)d;
    (void)virq;
}

void sched_dump_runqueues(void)
{
}

void evtchn_dump(void)
{
}
