/*
 * createdomain's pure parts (common/domctl_config.c): the new domain's
 * id and the check of its configuration.
 */
#ifndef MINIXEN_DOMCTL_CONFIG_H
#define MINIXEN_DOMCTL_CONFIG_H

#include <minixen/types.h>
#include <public/domctl.h>

/* vCPUs per domain (sched.h's MAX_VIRT_CPUS); grant tables v1 and v2 (Xen's). */
#define CREATEDOMAIN_MAX_VCPUS          32
#define CREATEDOMAIN_MAX_GRANT_VERSION  2

/*
 * Xen's domid allocation: an ordinary id (1..DOMID_FIRST_RESERVED-1) is
 * given if free (-EEXIST if not); 0 or a reserved id picks the first free
 * id after *rover, wrapping to 1, and moves the rover there (-ENOMEM when
 * every id is in use).  Returns the id or -errno.
 */
long domid_pick(domid_t requested, domid_t *rover, bool (*in_use)(domid_t));

/* 0 if minixen can build a domain so configured, else Xen's -errno. */
long createdomain_config_check(const struct xen_domctl_createdomain *c);

#endif
