/*
 * tests/dom0/bad_sigreturn.c - `bad_sigreturn`: rt_sigreturn with a
 * frame whose RIP is not a user address (non-canonical), as an attacker
 * would hand the kernel.  The kernel must not return to it (the
 * hypervisor's iret would fault and crash dom0): the process dies of
 * SIGSEGV instead, and the shell goes on.  Prints one line first.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

/* Linux's x86_64 rt_sigframe: the restorer address, then the ucontext. */
struct frame {
    uint64_t pretcode;
    ucontext_t uc;
} __attribute__((aligned(16)));

int main(void)
{
    static struct frame f;

    memset(&f, 0, sizeof(f));
    f.uc.uc_mcontext.gregs[REG_RIP] = 0x8000000000000000ULL;
    f.uc.uc_mcontext.gregs[REG_RSP] = (uintptr_t)&f;
    f.uc.uc_mcontext.fpregs = NULL;
    printf("bad_sigreturn: returning to a non-canonical address\n");
    fflush(stdout);
    /* rt_sigreturn finds the frame 8 bytes below the stack pointer. */
    asm volatile("mov %0, %%rsp; mov $15, %%eax; syscall"
                 :: "r"((uintptr_t)&f.uc) : "memory");
    return 0;
}
