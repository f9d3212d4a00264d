/*
 * guests/test/user_io.h - interface of user_io_entry.S, which runs a few
 * instructions in 64-bit guest user mode and catches how they end: a #GP,
 * or the closing `int $TRAP_SOFT_DPL3_VECTOR` (used by user_io.c).
 */
#ifndef GUEST_TEST_USER_IO_H
#define GUEST_TEST_USER_IO_H

/* struct user_arrival.how */
#define USER_ARRIVED_NONE 0
#define USER_ARRIVED_GP   1  /* the user code faulted with #GP */
#define USER_ARRIVED_DONE 2  /* it ran to its closing int */

/* struct user_arrival offsets (checked in user_io.c). */
#define USER_ARRIVAL_HOW        0
#define USER_ARRIVAL_ERROR_CODE 8
#define USER_ARRIVAL_RIP        16
#define USER_ARRIVAL_RFLAGS     24

/* Bounce frame slots, in 8-byte words: #GP has an error code, int n none. */
#define USER_GP_FRAME_EC        2
#define USER_GP_FRAME_RIP       3
#define USER_GP_FRAME_RFLAGS    5
#define USER_INT_FRAME_RIP      2
#define USER_INT_FRAME_RFLAGS   4

#ifndef __ASSEMBLER__
#include <stdint.h>

struct user_arrival {
    uint64_t how;         /* USER_ARRIVED_* */
    uint64_t error_code;  /* #GP only */
    uint64_t rip;         /* as the frame reports it */
    uint64_t rflags;      /* as the frame reports it (IOPL included) */
};

/* The user code: one instruction each, then int $TRAP_SOFT_DPL3_VECTOR. */
extern const uint8_t user_inb_post[], user_cli[], user_nothing[];

/* Entry points for the trap table: #GP and TRAP_SOFT_DPL3_VECTOR. */
void user_gp_entry(void);
void user_done_entry(void);

/*
 * Enter guest user mode at rip, stack user_rsp, with user_rflags in the
 * iret frame, and come back here once an entry above has recorded the
 * arrival in *out; they return to kernel mode with the iret hypercall
 * and RFLAGS resume_rflags.
 */
void user_run(uint64_t rip, uint64_t user_rsp, uint64_t user_rflags,
              uint64_t resume_rflags, struct user_arrival *out);
#endif

#endif /* GUEST_TEST_USER_IO_H */
