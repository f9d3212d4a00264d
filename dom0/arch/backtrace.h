/* dom0/arch/backtrace.h - symbolised backtraces for kernel faults and panics. */
#ifndef DOM0_ARCH_BACKTRACE_H
#define DOM0_ARCH_BACKTRACE_H

#include <kernel/types.h>

/* Prints "  [<addr>] name+off" for each frame from rbp (frame pointers). */
void backtrace_from(uint64_t rip, uint64_t rbp);
void backtrace_here(void);

#endif /* DOM0_ARCH_BACKTRACE_H */
