/*
 * Hypervisor command-line options other code looks at (set in setup.c;
 * docs/command-line.md lists them all).
 */
#ifndef MINIXEN_BOOT_H
#define MINIXEN_BOOT_H

#include <minixen/types.h>

/* After a crash of domain 0: halt instead of rebooting. */
extern bool opt_noreboot;

/* Name of a SHUTDOWN_* reason, for logs. */
const char *shutdown_reason_name(unsigned int reason);

#endif
