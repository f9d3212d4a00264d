/*
 * guests/console_echo/console_echo.h - shared by the console_echo guest's
 * files (see main.c for what the guest does).
 */
#ifndef CONSOLE_ECHO_H
#define CONSOLE_ECHO_H

#include <stddef.h>
#include "arch.h"

/* Canonical and unmapped, and inside the hypervisor's range. */
#define BAD_PTR_UNMAPPED    ARCH_UL(0x00000dead0000000)
#define BAD_PTR_HYPERVISOR  ARCH_UL(0xffff830000000000)

/* Bytes asked for per CONSOLEIO_read. */
#define READ_CHUNK          64

/* Seconds of guest time without the terminating line before giving up,
 * and the system time at which they are up. */
extern unsigned long input_timeout_s;
extern unsigned long long input_deadline_ns;

/* console_io(CONSOLEIO_read), without the casts. */
long console_read(void *buf, unsigned int count);

/* Yield once; test_abort() if the input timeout has passed. */
void wait_a_little(const char *waiting_for);

/* Guest system time in nanoseconds. */
unsigned long long now_ns(void);

/* The commands a line can be (commands.c); false if it is none. */
int run_command(const char *line);

/* With virq=1: bind VIRQ_CONSOLE (returns 1), else 0 (virq.c). */
int virq_wait_setup(void);
/* Nothing to read: block until VIRQ_CONSOLE with virq=1, else yield. */
void wait_for_input(void);
/* With virq=1, check at the end that the guest did block. */
void virq_wait_report(void);

#endif /* CONSOLE_ECHO_H */
