/*
 * dom0/arch/cpu.h - per-process CPU state the kernel saves itself: the
 * floating-point and vector registers (arch/cpu.c).  The kernel never
 * uses them, so they are saved only when switching processes.
 */
#ifndef DOM0_ARCH_CPU_H
#define DOM0_ARCH_CPU_H

#include <kernel/types.h>

void fpu_init(void);
/* A save area holding the initial state (as after FNINIT). */
void *fpu_state_alloc(void);
void fpu_state_free(void *state);
void fpu_state_copy(void *dst, const void *src);
void fpu_save(void *state);
void fpu_restore(const void *state);
size_t fpu_state_size(void);
bool fpu_state_valid(const void *state);
uint64_t cpu_hwcap(void);

#endif /* DOM0_ARCH_CPU_H */
