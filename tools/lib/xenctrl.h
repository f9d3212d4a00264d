/*
 * tools/lib/xenctrl.h - the part of Xen 4.17's libxenctrl (and of
 * libxenevtchn) that minixen's toolstack uses, with Xen's names and
 * signatures, so that code written against Xen's libraries builds here.
 *
 * Conventions, as in Xen: a call returns 0 (or a count, a port, a
 * pointer) on success, and -1 (or NULL) with errno set to the positive
 * Xen error on failure.  Domain ids are uint32_t in the API and domid_t
 * on the wire; an id that does not fit is EINVAL before any hypercall.
 *
 * Hypercalls go through /dev/xen/privcmd's IOCTL_PRIVCMD_HYPERCALL, with
 * every buffer the hypervisor reads or writes made present first (see
 * xencall_buffer).  Foreign mappings are mmap() of privcmd filled by
 * IOCTL_PRIVCMD_MMAPBATCH_V2; undo them with munmap().  The event-channel
 * calls use /dev/xen/evtchn with Linux's ioctls (<xen/evtchn.h>).
 */
#ifndef MINIXEN_TOOLS_XENCTRL_H
#define MINIXEN_TOOLS_XENCTRL_H

#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include <public/memory.h>
#include <public/event_channel.h>

/* Xen's logger type; minixen's library logs nothing, so callers pass NULL. */
typedef struct xentoollog_logger xentoollog_logger;

/* ---- The handle ---- */
typedef struct xc_interface_core xc_interface;

/* Opens privcmd: a handle, or NULL with errno.  Loggers and flags ignored. */
xc_interface *xc_interface_open(xentoollog_logger *logger,
                                xentoollog_logger *dombuild_logger,
                                unsigned int open_flags);
int xc_interface_close(xc_interface *xch);

/* ---- Domains (domctl, sched_op) ---- */
struct xen_domctl_createdomain;
typedef xen_domctl_getdomaininfo_t xc_domaininfo_t;
typedef struct xen_domctl_getvcpuinfo xc_vcpuinfo_t;
typedef struct xen_sysctl_physinfo xc_physinfo_t;

/* *pdomid is IN (0: any free id) and OUT (the id given). */
int xc_domain_create(xc_interface *xch, uint32_t *pdomid,
                     struct xen_domctl_createdomain *config);
int xc_domain_destroy(xc_interface *xch, uint32_t domid);
int xc_domain_pause(xc_interface *xch, uint32_t domid);
int xc_domain_unpause(xc_interface *xch, uint32_t domid);
/* SCHEDOP_remote_shutdown with reason SHUTDOWN_*. */
int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason);
/* Up to max_domains entries from id first_domain up: the count, or -1. */
int xc_domain_getinfolist(xc_interface *xch, uint32_t first_domain,
                          unsigned int max_domains, xc_domaininfo_t *info);
int xc_domain_setmaxmem(xc_interface *xch, uint32_t domid, uint64_t max_memkb);
int xc_domain_max_vcpus(xc_interface *xch, uint32_t domid, unsigned int max);
int xc_domain_sethandle(xc_interface *xch, uint32_t domid,
                        xen_domain_handle_t handle);
int xc_domain_set_time_offset(xc_interface *xch, uint32_t domid,
                              int32_t time_offset_seconds);

/* ---- vCPUs ---- */
/*
 * Xen's union of the guest-width views of a vCPU's context; minixen has
 * 64-bit PV guests only, so x64 and c are the same struct
 * (include/public/arch-x86/xen.h).
 */
typedef union {
    vcpu_guest_context_t x64;
    vcpu_guest_context_t c;
} vcpu_guest_context_any_t;
int xc_vcpu_setcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                       vcpu_guest_context_any_t *ctxt);
int xc_vcpu_getcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                       vcpu_guest_context_any_t *ctxt);
int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                    xc_vcpuinfo_t *info);

/* ---- Memory (memory_op for another domain) ---- */
/*
 * As many of nr_extents as the hypervisor gave (extent_start[i] then
 * holds extent i's first machine frame): their count, or -1 with errno.
 */
int xc_domain_populate_physmap(xc_interface *xch, uint32_t domid,
                               unsigned long nr_extents,
                               unsigned int extent_order,
                               unsigned int mem_flags,
                               xen_pfn_t *extent_start);
/*
 * All nr_extents, or -1: fewer done is EBUSY for populate and EINVAL for
 * decrease, as in Xen (the extents done are not undone).
 */
int xc_domain_populate_physmap_exact(xc_interface *xch, uint32_t domid,
                                     unsigned long nr_extents,
                                     unsigned int extent_order,
                                     unsigned int mem_flags,
                                     xen_pfn_t *extent_start);
int xc_domain_decrease_reservation_exact(xc_interface *xch, uint32_t domid,
                                         unsigned long nr_extents,
                                         unsigned int extent_order,
                                         xen_pfn_t *extent_start);
/* nr_ops page-table operations on behalf of dom (DOMID_SELF for us). */
int xc_mmuext_op(xc_interface *xch, struct mmuext_op *op,
                 unsigned int nr_ops, uint32_t dom);

/* ---- The machine (sysctl) ---- */
int xc_physinfo(xc_interface *xch, xc_physinfo_t *info);
/*
 * Copies up to *pnr_chars bytes of the hypervisor's log into buffer and
 * stores the count there.  incremental: continue from *pindex, updated.
 */
int xc_readconsolering(xc_interface *xch, char *buffer,
                       unsigned int *pnr_chars, int clear, int incremental,
                       uint32_t *pindex);

/* ---- Event channels, from the control domain ---- */
typedef int xc_evtchn_port_or_error_t;
/* A port of dom that remote_dom may bind to, or -1. */
xc_evtchn_port_or_error_t xc_evtchn_alloc_unbound(xc_interface *xch,
                                                  uint32_t dom,
                                                  uint32_t remote_dom);

/* ---- Foreign mappings (privcmd) ---- */
/*
 * size bytes (whole pages) of dom's frames from mfn up, or NULL with errno.
 * For a PV domain the frames are machine frames the domain owns.
 */
void *xc_map_foreign_range(xc_interface *xch, uint32_t dom, int size,
                           int prot, unsigned long mfn);
/*
 * num pages, page i being frame arr[i] of dom; err[i] gets 0 or the
 * frame's -errno.  NULL with errno only if nothing could be mapped; pages
 * whose err[i] != 0 must not be touched.
 */
void *xc_map_foreign_bulk(xc_interface *xch, uint32_t dom, int prot,
                          const xen_pfn_t *arr, int *err, unsigned int num);

/* ---- libxenevtchn: event channels of dom0's own, over /dev/xen/evtchn ---- */
typedef struct xenevtchn_handle xenevtchn_handle;
typedef int xenevtchn_port_or_error_t;

xenevtchn_handle *xenevtchn_open(xentoollog_logger *logger, unsigned int flags);
int xenevtchn_close(xenevtchn_handle *xce);
/* A descriptor to poll(): readable when a bound port has fired. */
int xenevtchn_fd(xenevtchn_handle *xce);
int xenevtchn_notify(xenevtchn_handle *xce, evtchn_port_t port);
xenevtchn_port_or_error_t xenevtchn_bind_unbound_port(xenevtchn_handle *xce,
                                                      uint32_t domid);
xenevtchn_port_or_error_t xenevtchn_bind_interdomain(xenevtchn_handle *xce,
                                                     uint32_t domid,
                                                     evtchn_port_t remote_port);
xenevtchn_port_or_error_t xenevtchn_bind_virq(xenevtchn_handle *xce,
                                              unsigned int virq);
int xenevtchn_unbind(xenevtchn_handle *xce, evtchn_port_t port);
/* The next fired port (it stays masked until unmasked), or -1. */
xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *xce);
int xenevtchn_unmask(xenevtchn_handle *xce, evtchn_port_t port);

#endif /* MINIXEN_TOOLS_XENCTRL_H */
