/*
 * guests/bench/bench.h - the benchmark guest's parts (main.c runs them).
 */
#ifndef GUEST_BENCH_H
#define GUEST_BENCH_H

/* mm.c: update_va_mapping, 512-entry mmu_update batches, NEW_BASEPTR. */
void bench_mm(void);

/* events.c: event delivery, yield, ping-pong and domain switches. */
void bench_events(void);
/* The second domain's part (role=pong). */
__attribute__((noreturn)) void bench_pong(void);

#endif /* GUEST_BENCH_H */
