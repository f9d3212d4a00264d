/*
 * Per-CPU hardware setup (cpu.c).
 */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <minixen/types.h>

struct tss64;

void cpu_init(void);
/* An AP's own GDT page, TSS and IST stacks. */
struct cpu_tables {
    uint8_t *block;                 /* stacks and struct pcpu (asm/config.h) */
    uint64_t *gdt;
    struct tss64 *tss;
};
/* Allocated by the boot CPU (false: out of memory), loaded by the AP with the shared IDT. */
bool cpu_alloc_secondary(struct cpu_tables *t, unsigned int cpu);
unsigned long cpu_secondary_stack(const struct cpu_tables *t);
void cpu_init_secondary(const struct cpu_tables *t, unsigned int cpu);
/* Show the given GDT frames as GDT pages 0..13 of this CPU's window (the vCPU it runs). */
void gdt_map_guest_frames(const unsigned long *frames, unsigned int nr);

#endif
