/*
 * tools/lib/xencall.h - hypercalls from dom0's user space through Linux's
 * privcmd device: a small stand-in for Xen's libxencall and the parts of
 * libxenctrl that dom0's tools need (sysctl and xen_version).
 *
 * Every call returns the hypercall's result (>= 0), or -1 with errno set
 * to the Xen error, as privcmd reports it.
 */
#ifndef MINIXEN_TOOLS_XENCALL_H
#define MINIXEN_TOOLS_XENCALL_H

#include <stddef.h>
#include <stdint.h>
#include <public/sysctl.h>
#include <public/domctl.h>

/* Opens /dev/xen/privcmd, or else /proc/xen/privcmd: a descriptor or -1. */
int xencall_open(void);

/* Hypercall op with up to five arguments (unused ones 0). */
long xencall5(int fd, unsigned int op, uint64_t a0, uint64_t a1, uint64_t a2,
              uint64_t a3, uint64_t a4);

/*
 * Memory the hypervisor may write into: allocated and written once a
 * page, so every page is present and writable before a hypercall uses it
 * (the hypervisor cannot take dom0 user space's demand faults).  Its
 * contents are undefined.  Free with free().
 */
void *xencall_buffer(size_t size);

/* sysctl(op): fills in interface_version, then calls. */
long xencall_sysctl(int fd, struct xen_sysctl *op);

/* xen_version(cmd, arg): arg as the command wants it (may be NULL). */
long xencall_xen_version(int fd, int cmd, void *arg);

#endif /* MINIXEN_TOOLS_XENCALL_H */
