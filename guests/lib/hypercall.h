/*
 * guests/lib/hypercall.h - calling the hypervisor from a 64-bit PV guest.
 *
 * HYPERVISOR_<name>() for every hypercall comes from <guest/hypercalls.h>,
 * generated from hypervisor/hypercalls.def (the HYPERCALLn macros behind
 * it are in hypercall_page.h).  This header adds the public ABI headers
 * guests use with them and a few helpers that wrap one sub-command.
 *
 * The iret hypercall (slot 23) never returns, so it has no wrapper; it is
 * entered with jmp from trap_entry.S.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <stdint.h>
#include <guest/hypercalls.h>
#include <public/xen.h>
#include <public/callback.h>
#include <public/event_channel.h>
#include <public/memory.h>
#include <public/physdev.h>
#include <public/sched.h>
#include <public/version.h>
#include <public/vcpu.h>

/* PHYSDEVOP_set_iopl with the given level. */
static inline long HYPERVISOR_set_iopl(unsigned int iopl)
{
    physdev_set_iopl_t op = { .iopl = iopl };

    return HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &op);
}

/* PHYSDEVOP_set_iobitmap: nr_ports ports described by bitmap (0: none). */
static inline long HYPERVISOR_set_iobitmap(const void *bitmap, unsigned int nr_ports)
{
    physdev_set_iobitmap_t op = { .nr_ports = nr_ports };

    set_xen_guest_handle(op.bitmap, (uint8_t *)bitmap);
    return HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, &op);
}

/* SCHEDOP_shutdown with the given SHUTDOWN_* reason; returns only on error. */
static inline long HYPERVISOR_shutdown(unsigned int reason)
{
    struct sched_shutdown sd = { .reason = reason };

    return HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
}

#endif /* GUEST_HYPERCALL_H */
