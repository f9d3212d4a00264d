/*
 * tools/lib/xc_private.h - what the pieces of libxenctrl share: the
 * handle's layout and the hypercall helpers over xencall.
 */
#ifndef MINIXEN_TOOLS_XC_PRIVATE_H
#define MINIXEN_TOOLS_XC_PRIVATE_H

#include <stdbool.h>
#include "xenctrl.h"

struct xc_interface_core {
    int privcmd_fd;
};

/* A domain id the API takes as uint32_t fits domid_t, or EINVAL. */
bool xc_domid_ok(uint32_t domid);

/* One hypercall: 0 or more on success, -1 with errno on failure. */
long xc_hypercall(xc_interface *xch, unsigned int op, uint64_t a0,
                  uint64_t a1, uint64_t a2);

/* domctl for domid, interface version filled in: 0 or -1 with errno. */
int xc_domctl(xc_interface *xch, uint32_t domid, struct xen_domctl *op);

/*
 * A copy of len bytes of src (NULL: zeroes) in memory the hypervisor can
 * read and write without faulting; free() it.  NULL with errno ENOMEM.
 */
void *xc_bounce_in(const void *src, size_t len);

#endif /* MINIXEN_TOOLS_XC_PRIVATE_H */
