/*
 * tools/lib/xenguest.h - the PV domain builder in dom0's user space, the
 * job of Xen's libxenguest: given a domain that exists, is paused and has
 * its vCPU count, memory limit and two unbound event channels, load a
 * 64-bit PV kernel into it and set it up to start.
 *
 * The caller (xl create) has done xc_domain_create, xc_domain_max_vcpus,
 * xc_domain_setmaxmem and xc_evtchn_alloc_unbound(domid, backend) for the
 * console and store ports.  xg_pv_build then populates the memory, loads
 * (and decompresses) the kernel and ramdisk, writes the p2m list,
 * start_info with the console and store frames it places, the boot page
 * tables, pins them, writes the hypercall page and sets vCPU 0's context.
 * The domain stays paused; xc_domain_unpause starts it.
 */
#ifndef MINIXEN_TOOLS_XENGUEST_H
#define MINIXEN_TOOLS_XENGUEST_H

#include <stddef.h>
#include <stdint.h>
#include "xenctrl.h"

struct xg_pv_config {
    const char *kernel;             /* path: ELF, bzImage, gzip or xz */
    const char *ramdisk;            /* path or NULL */
    const char *cmdline;            /* NULL for none */
    uint64_t mem_kb;                /* the domain's memory */
    unsigned int vcpus;
    uint32_t console_port, store_port;      /* the domain's unbound ports */
    uint32_t console_domid, store_domid;    /* their backends */
};

struct xg_pv_result {
    uint64_t console_mfn, store_mfn;        /* for xenconsoled and xenstored */
    char error[256];                        /* one line when the build fails */
};

/*
 * 0 if path is a PV kernel xg_pv_build can load, else -errno and a
 * one-line reason in error (len bytes).  Needs no domain.
 */
int xg_pv_check_kernel(const char *path, char *error, size_t len);

/* 0, or -errno with res->error set; the domain is then left for destroy. */
int xg_pv_build(xc_interface *xch, uint32_t domid,
                const struct xg_pv_config *cfg, struct xg_pv_result *res);

#endif /* MINIXEN_TOOLS_XENGUEST_H */
