/*
 * Hypervisor command-line options other code looks at (set in setup.c;
 * docs/command-line.md lists them all).
 */
#ifndef MINIXEN_BOOT_H
#define MINIXEN_BOOT_H

#include <minixen/types.h>

/* After a crash of domain 0: halt instead of rebooting. */
extern bool opt_noreboot;

/* Check the frame table's reference counts at every domain shutdown. */
extern bool opt_mm_audit;
/* The check itself: logs "frame table check: OK" or what is wrong. */
bool frame_table_audit(void);
void frame_table_audit_init(void);

/* Who holds the machine's RAM frames. */
struct frame_census {
    unsigned long free, xen, domains;
};
void frame_table_census(struct frame_census *c);
/* Taken just before the first domain was built. */
extern struct frame_census census_before_domains;
/* Boot-module frames handed back to the allocator after building. */
extern unsigned long boot_module_frames_freed;

/* Name of a SHUTDOWN_* reason, for logs. */
const char *shutdown_reason_name(unsigned int reason);

#endif
