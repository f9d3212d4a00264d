/*
 * dom0/arch/regs.h - a process's user registers, as the entry code saves
 * them at the top of its kernel stack on every entry from user mode
 * (system call, exception, event), lowest address first.
 */
#ifndef DOM0_ARCH_REGS_H
#define DOM0_ARCH_REGS_H

#include <kernel/types.h>

struct user_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint64_t vector;            /* exception vector, or VECTOR_SYSCALL/VECTOR_EVENT */
    uint64_t error_code;
    uint64_t rip, cs, rflags, rsp, ss;
};

#define VECTOR_SYSCALL      0x100
#define VECTOR_EVENT        0x101
#define USER_REGS_SIZE      176
BUILD_BUG_ON(sizeof(struct user_regs) != USER_REGS_SIZE);

/* The frame came from user mode (a kernel-mode bounce has CS RPL 0). */
static inline bool regs_from_user(const struct user_regs *r)
{
    return (r->cs & 3) == 3;
}

#endif /* DOM0_ARCH_REGS_H */
