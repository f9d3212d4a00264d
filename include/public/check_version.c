/*
 * include/public/check_version.c - pins version.h (as in Xen 4.17).  Compiled only.
 */
#include <public/version.h>
#include "check_layout.h"

CHECK_VALUE(XENVER_version, 0);
CHECK_VALUE(XENVER_extraversion, 1);
CHECK_VALUE(XENVER_compile_info, 2);
CHECK_VALUE(XENVER_capabilities, 3);
CHECK_VALUE(XENVER_changeset, 4);
CHECK_VALUE(XENVER_platform_parameters, 5);
CHECK_VALUE(XENVER_get_features, 6);
CHECK_VALUE(XENVER_pagesize, 7);
CHECK_VALUE(XENVER_guest_handle, 8);
CHECK_VALUE(XENVER_commandline, 9);
CHECK_VALUE(XENVER_build_id, 10);
CHECK_VALUE(0x00040011 >> XENVER_MAJOR_SHIFT, 4);
CHECK_VALUE(0x00040011 & XENVER_MINOR_MASK, 17);

CHECK_SIZE(xen_extraversion_t, 16);
CHECK_VALUE(XEN_EXTRAVERSION_LEN, 16);
CHECK_OFFSET(xen_compile_info_t, compiler, 0);
CHECK_OFFSET(xen_compile_info_t, compile_by, 64);
CHECK_OFFSET(xen_compile_info_t, compile_domain, 80);
CHECK_OFFSET(xen_compile_info_t, compile_date, 112);
CHECK_SIZE(xen_compile_info_t, 144);
CHECK_SIZE(xen_capabilities_info_t, 1024);
CHECK_SIZE(xen_changeset_info_t, 64);
CHECK_OFFSET(xen_platform_parameters_t, virt_start, 0);
CHECK_SIZE2(xen_platform_parameters_t, 4, 8);
CHECK_OFFSET(xen_feature_info_t, submap_idx, 0);
CHECK_OFFSET(xen_feature_info_t, submap, 4);
CHECK_SIZE(xen_feature_info_t, 8);
CHECK_SIZE(xen_domain_handle_t, 16);
CHECK_SIZE(xen_commandline_t, 1024);
CHECK_OFFSET(xen_build_id_t, len, 0);
CHECK_OFFSET(xen_build_id_t, buf, 4);
CHECK_SIZE(xen_build_id_t, 4);
