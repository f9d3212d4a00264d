/*
 * include/public/check_xs_wire.c - pins io/xs_wire.h (as in Xen 4.17).
 * Compiled only.
 */
#include <public/io/xs_wire.h>
#include "check_layout.h"

CHECK_VALUE(XS_CONTROL, 0);
CHECK_VALUE(XS_DIRECTORY, 1);
CHECK_VALUE(XS_READ, 2);
CHECK_VALUE(XS_GET_PERMS, 3);
CHECK_VALUE(XS_WATCH, 4);
CHECK_VALUE(XS_UNWATCH, 5);
CHECK_VALUE(XS_TRANSACTION_START, 6);
CHECK_VALUE(XS_TRANSACTION_END, 7);
CHECK_VALUE(XS_INTRODUCE, 8);
CHECK_VALUE(XS_RELEASE, 9);
CHECK_VALUE(XS_GET_DOMAIN_PATH, 10);
CHECK_VALUE(XS_WRITE, 11);
CHECK_VALUE(XS_MKDIR, 12);
CHECK_VALUE(XS_RM, 13);
CHECK_VALUE(XS_SET_PERMS, 14);
CHECK_VALUE(XS_WATCH_EVENT, 15);
CHECK_VALUE(XS_ERROR, 16);
CHECK_VALUE(XS_IS_DOMAIN_INTRODUCED, 17);
CHECK_VALUE(XS_RESUME, 18);
CHECK_VALUE(XS_SET_TARGET, 19);
CHECK_VALUE(XS_RESET_WATCHES, 21);
CHECK_VALUE(XS_DIRECTORY_PART, 22);
CHECK_VALUE(XS_INVALID, 0xffff);

CHECK_VALUE(XENSTORE_PAYLOAD_MAX, 4096);
CHECK_VALUE(XENSTORE_ABS_PATH_MAX, 3072);
CHECK_VALUE(XENSTORE_REL_PATH_MAX, 2048);
CHECK_VALUE(XENSTORE_RING_SIZE, 1024);

CHECK_SIZE(struct xsd_sockmsg, 16);
CHECK_OFFSET(struct xsd_sockmsg, type, 0);
CHECK_OFFSET(struct xsd_sockmsg, req_id, 4);
CHECK_OFFSET(struct xsd_sockmsg, tx_id, 8);
CHECK_OFFSET(struct xsd_sockmsg, len, 12);

CHECK_OFFSET(struct xenstore_domain_interface, req, 0);
CHECK_OFFSET(struct xenstore_domain_interface, rsp, 1024);
CHECK_OFFSET(struct xenstore_domain_interface, req_cons, 2048);
CHECK_OFFSET(struct xenstore_domain_interface, req_prod, 2052);
CHECK_OFFSET(struct xenstore_domain_interface, rsp_cons, 2056);
CHECK_OFFSET(struct xenstore_domain_interface, rsp_prod, 2060);
CHECK_OFFSET(struct xenstore_domain_interface, server_features, 2064);
CHECK_OFFSET(struct xenstore_domain_interface, connection, 2068);
CHECK_OFFSET(struct xenstore_domain_interface, error, 2072);
CHECK_SIZE(struct xenstore_domain_interface, 2076);
