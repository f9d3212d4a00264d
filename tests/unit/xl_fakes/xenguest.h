/*
 * tests/unit/xl_fakes/xenguest.h - the PV builder's interface from the
 * shared plan, for test_xl_toolstack.c (fake_xl_libs.c implements it).
 */
#ifndef XL_FAKES_XENGUEST_H
#define XL_FAKES_XENGUEST_H

#include <stddef.h>
#include <stdint.h>
#include "xenctrl.h"

struct xg_pv_config {
    const char *kernel;
    const char *ramdisk;
    const char *cmdline;
    uint64_t mem_kb;
    unsigned int vcpus;
    uint32_t console_port, store_port;
    uint32_t console_domid, store_domid;
};

struct xg_pv_result {
    uint64_t console_mfn, store_mfn;
    char error[256];
};

int xg_pv_check_kernel(const char *path, char *error, size_t len);
int xg_pv_build(xc_interface *xch, uint32_t domid,
                const struct xg_pv_config *cfg, struct xg_pv_result *res);

#endif /* XL_FAKES_XENGUEST_H */
