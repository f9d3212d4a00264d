/*
 * guests/lib/hypercall.h - calling the hypervisor from a 64-bit PV guest.
 *
 * Every hypercall goes through the hypercall page the domain builder
 * filled in (hypercall_page, declared by an ELF note in head.S): the stub
 * for hypercall N sits at hypercall_page + N * 32 and is entered with a
 * plain "call".  Arguments travel in rdi, rsi, rdx, r10, r8 and the result
 * comes back in rax.  The stub saves and restores rcx/r11 around its
 * syscall, but a debug Xen scribbles over the argument registers it used,
 * so all five argument registers are treated as clobbered, as is memory
 * (the hypervisor reads and writes guest buffers).  rcx/r11 are listed
 * too, so a stub that does not preserve them cannot hurt us.
 *
 * The iret hypercall (slot 23) never returns; it is entered with jmp from
 * traps.S, not from here.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <stdint.h>
#include <public/xen.h>
#include <public/callback.h>
#include <public/event_channel.h>
#include <public/memory.h>
#include <public/physdev.h>
#include <public/sched.h>
#include <public/version.h>
#include <public/event_channel.h>
#include <public/vcpu.h>

/* The page itself, 4 KiB in .text, filled in by the domain builder. */
extern uint8_t hypercall_page[];

/*
 * Call hypercall slot nr (a compile-time constant) with five arguments.
 * Unused arguments are passed as 0.
 */
#define HYPERCALL5(nr, a1, a2, a3, a4, a5) ({                                 \
    register unsigned long hc_a1_ asm("rdi") = (unsigned long)(a1);           \
    register unsigned long hc_a2_ asm("rsi") = (unsigned long)(a2);           \
    register unsigned long hc_a3_ asm("rdx") = (unsigned long)(a3);           \
    register unsigned long hc_a4_ asm("r10") = (unsigned long)(a4);           \
    register unsigned long hc_a5_ asm("r8")  = (unsigned long)(a5);           \
    long hc_res_;                                                             \
    asm volatile ("call hypercall_page + %c[off]"                             \
                  : "=a" (hc_res_), "+r" (hc_a1_), "+r" (hc_a2_),             \
                    "+r" (hc_a3_), "+r" (hc_a4_), "+r" (hc_a5_)               \
                  : [off] "i" ((nr) * XEN_HYPERCALL_PAGE_SLOT_SIZE)           \
                  : "memory", "rcx", "r11", "r9");                            \
    hc_res_;                                                                  \
})

#define HYPERCALL0(nr)                 HYPERCALL5(nr, 0, 0, 0, 0, 0)
#define HYPERCALL1(nr, a1)             HYPERCALL5(nr, a1, 0, 0, 0, 0)
#define HYPERCALL2(nr, a1, a2)         HYPERCALL5(nr, a1, a2, 0, 0, 0)
#define HYPERCALL3(nr, a1, a2, a3)     HYPERCALL5(nr, a1, a2, a3, 0, 0)
#define HYPERCALL4(nr, a1, a2, a3, a4) HYPERCALL5(nr, a1, a2, a3, a4, 0)

static inline long HYPERVISOR_set_trap_table(const trap_info_t *table)
{
    return HYPERCALL1(__HYPERVISOR_set_trap_table, table);
}

static inline long HYPERVISOR_mmu_update(const mmu_update_t *req,
                                         unsigned int count,
                                         unsigned int *done,
                                         unsigned int foreigndom)
{
    return HYPERCALL4(__HYPERVISOR_mmu_update, req, count, done, foreigndom);
}

static inline long HYPERVISOR_set_gdt(const xen_ulong_t *frames,
                                      unsigned int entries)
{
    return HYPERCALL2(__HYPERVISOR_set_gdt, frames, entries);
}

static inline long HYPERVISOR_stack_switch(unsigned long ss, unsigned long sp)
{
    return HYPERCALL2(__HYPERVISOR_stack_switch, ss, sp);
}

static inline long HYPERVISOR_set_callbacks(unsigned long event,
                                            unsigned long failsafe,
                                            unsigned long syscall)
{
    return HYPERCALL3(__HYPERVISOR_set_callbacks, event, failsafe, syscall);
}

static inline long HYPERVISOR_fpu_taskswitch(int set)
{
    return HYPERCALL1(__HYPERVISOR_fpu_taskswitch, set);
}

static inline long HYPERVISOR_update_descriptor(uint64_t maddr, uint64_t desc)
{
    return HYPERCALL2(__HYPERVISOR_update_descriptor, maddr, desc);
}

static inline long HYPERVISOR_memory_op(unsigned long cmd, void *arg)
{
    return HYPERCALL2(__HYPERVISOR_memory_op, cmd, arg);
}

static inline long HYPERVISOR_multicall(multicall_entry_t *list,
                                        unsigned int nr)
{
    return HYPERCALL2(__HYPERVISOR_multicall, list, nr);
}

static inline long HYPERVISOR_update_va_mapping(unsigned long va,
                                                uint64_t pte,
                                                unsigned long flags)
{
    return HYPERCALL3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
    return HYPERCALL2(__HYPERVISOR_xen_version, cmd, arg);
}

static inline long HYPERVISOR_console_io(int cmd, unsigned int count,
                                         const char *buf)
{
    return HYPERCALL3(__HYPERVISOR_console_io, cmd, count, buf);
}

static inline long HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
    return HYPERCALL2(__HYPERVISOR_vm_assist, cmd, type);
}

static inline long HYPERVISOR_set_segment_base(unsigned int which,
                                               unsigned long base)
{
    return HYPERCALL2(__HYPERVISOR_set_segment_base, which, base);
}

static inline long HYPERVISOR_mmuext_op(const mmuext_op_t *ops,
                                        unsigned int count,
                                        unsigned int *done,
                                        unsigned int foreigndom)
{
    return HYPERCALL4(__HYPERVISOR_mmuext_op, ops, count, done, foreigndom);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
    return HYPERCALL2(__HYPERVISOR_sched_op, cmd, arg);
}

static inline long HYPERVISOR_callback_op(int cmd, const void *arg)
{
    return HYPERCALL2(__HYPERVISOR_callback_op, cmd, arg);
}

static inline long HYPERVISOR_physdev_op(int cmd, void *arg)
{
    return HYPERCALL2(__HYPERVISOR_physdev_op, cmd, arg);
}

/* The legacy form (19): the command travels inside *op. */
static inline long HYPERVISOR_physdev_op_compat(physdev_op_t *op)
{
    return HYPERCALL1(__HYPERVISOR_physdev_op_compat, op);
}

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

/* minixen-only (38): log a NUL-terminated string (NULL allowed); returns 1. */
static inline long HYPERVISOR_sysctl(void *op)
{
    return HYPERCALL1(__HYPERVISOR_sysctl, op);
}

static inline long HYPERVISOR_domctl(void *op)
{
    return HYPERCALL1(__HYPERVISOR_domctl, op);
}

static inline long HYPERVISOR_print_string(const char *s)
{
    return HYPERCALL1(__HYPERVISOR_print_string, s);
}

static inline long HYPERVISOR_sched_op_compat(int cmd, unsigned long arg)
{
    return HYPERCALL2(__HYPERVISOR_sched_op_compat, cmd, arg);
}

static inline long HYPERVISOR_set_timer_op(uint64_t timeout)
{
    return HYPERCALL1(__HYPERVISOR_set_timer_op, timeout);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
    return HYPERCALL2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static inline long HYPERVISOR_event_channel_op_compat(evtchn_op_t *op)
{
    return HYPERCALL1(__HYPERVISOR_event_channel_op_compat, op);
}

static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
    return HYPERCALL3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

/* SCHEDOP_shutdown with the given SHUTDOWN_* reason; returns only on error. */
static inline long HYPERVISOR_shutdown(unsigned int reason)
{
    struct sched_shutdown sd = { .reason = reason };

    return HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
}

#endif /* GUEST_HYPERCALL_H */
