/*
 * include/public/version.h - xen_version(cmd, arg) commands and results.
 *
 * Every command returns 0 on success except XENVER_version (returns
 * major << 16 | minor), XENVER_pagesize (returns the page size) and
 * XENVER_build_id (returns the bytes written).  Fixed-size string results
 * are NUL-terminated char arrays.
 */
#ifndef MINIXEN_PUBLIC_VERSION_H
#define MINIXEN_PUBLIC_VERSION_H

#include "xen.h"

#define XENVER_version             0  /* arg NULL */
#define XENVER_extraversion        1  /* arg xen_extraversion_t */
#define XENVER_compile_info        2  /* arg xen_compile_info_t */
#define XENVER_capabilities        3  /* arg xen_capabilities_info_t */
#define XENVER_changeset           4  /* arg xen_changeset_info_t */
#define XENVER_platform_parameters 5  /* arg xen_platform_parameters_t */
#define XENVER_get_features        6  /* arg xen_feature_info_t */
#define XENVER_pagesize            7  /* arg NULL */
#define XENVER_guest_handle        8  /* arg xen_domain_handle_t */
#define XENVER_commandline         9  /* arg xen_commandline_t (privileged) */
#define XENVER_build_id            10 /* arg xen_build_id_t */

/* Split of the XENVER_version result. */
#define XENVER_MAJOR_SHIFT 16
#define XENVER_MINOR_MASK  0xffff

#ifndef __ASSEMBLER__

typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

/* Space-separated, e.g. "xen-3.0-x86_64 xen-3.0-x86_32p". */
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

/* virt_start: HYPERVISOR_VIRT_START as it applies to the caller. */
struct xen_platform_parameters {
    xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

struct xen_feature_info {
    uint32_t submap_idx;  /* IN: which 32-bit word of XENFEAT_* bits */
    uint32_t submap;      /* OUT: that word */
};
typedef struct xen_feature_info xen_feature_info_t;

typedef char xen_commandline_t[1024];

/* IN: len = size of buf; OUT: buf filled, return value = bytes written. */
struct xen_build_id {
    uint32_t len;
    unsigned char buf[];
};
typedef struct xen_build_id xen_build_id_t;

#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_VERSION_H */
