/*
 * guests/lib/hypercall_page.h - how a 64-bit PV guest enters the hypervisor.
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
 * Only the HYPERCALLn macros live here.  The typed HYPERVISOR_<name>()
 * wrappers are generated from hypervisor/hypercalls.def into
 * <guest/hypercalls.h>; guests include "hypercall.h", which has both.
 */
#ifndef GUEST_HYPERCALL_PAGE_H
#define GUEST_HYPERCALL_PAGE_H

#include <stdint.h>
#include <public/xen.h>

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

#endif /* GUEST_HYPERCALL_PAGE_H */
