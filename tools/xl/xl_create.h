/*
 * tools/xl/xl_create.h - building a PV domain from its parsed config
 * (xl_create.c) and watching over it afterwards (xl_monitor.c), shared
 * so the monitor can rebuild a domain that asked to restart.
 */
#ifndef MINIXEN_TOOLS_XL_CREATE_H
#define MINIXEN_TOOLS_XL_CREATE_H

#include <stdbool.h>
#include <stdint.h>
#include "xl_parse.h"

/*
 * Creates, builds and (unless paused) unpauses the domain of dc: 0 and
 * *domid, or XL_ERROR_FAIL after one line on stderr, with the domain
 * destroyed and no xenstore node left.
 */
int xl_build_domain(const struct xl_domain_config *dc, bool paused,
                    uint32_t *domid);

/*
 * Stays with domain domid until it dies, carrying out on_poweroff,
 * on_reboot and on_crash as Xen's xl does (messages to stderr, the
 * daemon's log): 0 when there is nothing left to watch.
 */
int xl_monitor_domain(struct xl_domain_config *dc, uint32_t domid);

#endif /* MINIXEN_TOOLS_XL_CREATE_H */
