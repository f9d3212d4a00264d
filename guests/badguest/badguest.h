/*
 * guests/badguest/badguest.h - interface between the bad guest's C side
 * (main.c: which bad thing to do, and the report if it survives) and its
 * assembly (entry.S: the raw iret frames, the bad stack, the 32-bit code
 * and the entries that catch anything the hypervisor delivers).
 */
#ifndef GUEST_BADGUEST_H
#define GUEST_BADGUEST_H

#include "arch.h"

/* badguest_trapped()'s first argument for a callback rather than a vector. */
#define BADGUEST_CALLBACK 0x100

/* Size of the stack the catchers and the landing switch to. */
#define BADGUEST_STACK_SIZE (2 * PAGE_SIZE)

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Stubs for vectors 0-31, in vector order, for the trap table. */
extern const uint64_t badguest_trap_entries[X86_NR_EXCEPTIONS];
/* One entry for every callback (syscall, syscall32). */
void badguest_callback_entry(void);
/* Where a "good" iret frame points: reaching it means the iret worked. */
void badguest_landing(void);
/* Top of the catchers' own stack (valid whatever %rsp was). */
extern uint8_t badguest_stack_top[];
/* 32-bit user code: `syscall`, then `ud2`. */
extern const uint8_t badguest_compat_code[];

/* The iret hypercall with this frame (flags 0); does not come back. */
__attribute__((noreturn)) void badguest_iret(uint64_t rip, uint64_t cs,
                                             uint64_t rflags, uint64_t rsp,
                                             uint64_t ss);
/* The same with VGCF_in_syscall in the flags. */
__attribute__((noreturn)) void badguest_iret_in_syscall(uint64_t rip, uint64_t cs,
                                                        uint64_t rflags, uint64_t rsp,
                                                        uint64_t ss);
/* Point %rsp at bad_rsp and execute ud2. */
__attribute__((noreturn)) void badguest_fault_on_stack(uint64_t bad_rsp);

/*
 * Called on the catchers' stack when the hypervisor delivered something
 * (vector 0-31 or BADGUEST_CALLBACK) with its bounce frame at frame.
 */
__attribute__((noreturn)) void badguest_trapped(uint64_t what, const uint64_t *frame);
/* Called from badguest_landing. */
__attribute__((noreturn)) void badguest_landed(void);
#endif

#endif /* GUEST_BADGUEST_H */
