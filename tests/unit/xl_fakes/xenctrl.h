/*
 * tests/unit/xl_fakes/xenctrl.h - the libxenctrl calls xl makes, with the
 * names and signatures of the shared plan (Xen 4.17's), for
 * test_xl_toolstack.c: fake_xl_libs.c implements them over a table of
 * pretend domains.  Only the test sees this header; xl itself builds
 * against tools/lib/xenctrl.h.
 */
#ifndef XL_FAKES_XENCTRL_H
#define XL_FAKES_XENCTRL_H

#include <stddef.h>
#include <stdint.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include <public/xen.h>

typedef struct xc_interface_core xc_interface;
typedef struct xen_domctl_getdomaininfo xc_domaininfo_t;
typedef struct xen_sysctl_physinfo xc_physinfo_t;
typedef struct xen_domctl_getvcpuinfo xc_vcpuinfo_t;

xc_interface *xc_interface_open(void *logger, void *dombuild_logger,
                                unsigned int open_flags);
int xc_interface_close(xc_interface *xch);
int xc_domain_create(xc_interface *xch, uint32_t *pdomid,
                     struct xen_domctl_createdomain *config);
int xc_domain_destroy(xc_interface *xch, uint32_t domid);
int xc_domain_pause(xc_interface *xch, uint32_t domid);
int xc_domain_unpause(xc_interface *xch, uint32_t domid);
int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason);
int xc_domain_getinfolist(xc_interface *xch, uint32_t first_domain,
                          unsigned int max_domains, xc_domaininfo_t *info);
int xc_domain_setmaxmem(xc_interface *xch, uint32_t domid,
                        uint64_t max_memkb);
int xc_domain_max_vcpus(xc_interface *xch, uint32_t domid, unsigned int max);
int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                    xc_vcpuinfo_t *info);
int xc_physinfo(xc_interface *xch, xc_physinfo_t *info);
int xc_evtchn_alloc_unbound(xc_interface *xch, uint32_t dom,
                            uint32_t remote_dom);

#endif /* XL_FAKES_XENCTRL_H */
