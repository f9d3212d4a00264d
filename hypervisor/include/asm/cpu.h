/*
 * Per-CPU hardware setup (cpu.c).
 */
#ifndef ASM_CPU_H
#define ASM_CPU_H

void cpu_init(void);
/* Show the given GDT frames as GDT pages 0..13 of the running vCPU. */
void gdt_map_guest_frames(const unsigned long *frames, unsigned int nr);

#endif
