/*
 * tools/xl/xl_domain.h - what xl's domain commands share: the
 * libxenctrl and xenstore handles, finding a domain by name or id (names
 * live in xenstore, as on Xen), a domain's state, and destroying a domain
 * with its xenstore nodes.
 *
 * Relies on tools/lib's libxenctrl (xenctrl.h) and libxenstore
 * (xenstore.h), with Xen's names and signatures.
 */
#ifndef MINIXEN_TOOLS_XL_DOMAIN_H
#define MINIXEN_TOOLS_XL_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>
#include "xenctrl.h"
#include "xenstore.h"
#include "xl_policy.h"

/* libxl's ERROR_INVAL, which Xen's xl prints for an unknown domain. */
#define XL_ERROR_INVAL (-6)
/* libxl's ERROR_FAIL: create's exit status is its negation. */
#define XL_ERROR_FAIL  (-3)

/* The handles, opened on first use; each exits with a message if it can't. */
xc_interface *xl_xc(void);
struct xs_handle *xl_xs(void);

/*
 * A domain named by id or name, as Xen's find_domain: the id, or exits
 * with "NAME is an invalid domain identifier (rc=-6)".
 */
uint32_t xl_find_domain(const char *qualifier);

/* The id of the domain with this name: 0, or -ESRCH. */
int xl_name_to_domid(const char *name, uint32_t *domid);

/* The domain's name into buf (XL_NAME_MAX + 1): 0, or -ESRCH. */
int xl_domid_to_name(uint32_t domid, char *buf);

/* The domain's info: 0, or -ESRCH when it does not exist. */
int xl_domain_info(uint32_t domid, xc_domaininfo_t *info);

/* Its shutdown reason if it has shut down (SHUTDOWN_*), else -1. */
int xl_shutdown_reason(const xc_domaininfo_t *info);

/* Writes the new domain's tree with libxl's owners: 0 or -errno. */
int xl_write_domain_tree(const struct xl_domain_layout *layout);

/* Removes /local/domain/N, its /vm/<uuid> and /libxl/N. */
void xl_remove_domain_tree(uint32_t domid);

/* Destroys the domain and removes its xenstore nodes: 0 or -errno. */
int xl_destroy_domain(uint32_t domid);

#endif /* MINIXEN_TOOLS_XL_DOMAIN_H */
