/*
 * The FIFO event-channel ABI: not offered yet, so a guest stays on the
 * 2-level ABI (Linux falls back to it when init_control fails).
 */
#include <minixen/hypercall.h>
#include <minixen/printk.h>
#include <minixen/event.h>

long evtchn_fifo_init_control(evtchn_init_control_t *c)
{
    (void)c;
    return trace_err(-XEN_ENOSYS);
}

long evtchn_fifo_expand_array(evtchn_expand_array_t *e)
{
    (void)e;
    return trace_err(-XEN_ENOSYS);
}
