/*
 * include/public/check_privcmd.c - pins privcmd.h (as in Linux's
 * include/uapi/xen/privcmd.h).  Compiled only.
 */
#include <stddef.h>
#include <public/privcmd.h>
#include "check_layout.h"

CHECK_VALUE(IOCTL_PRIVCMD_HYPERCALL, 0x00305000);
CHECK_OFFSET(struct privcmd_hypercall, op, 0);
CHECK_OFFSET(struct privcmd_hypercall, arg, 8);
CHECK_SIZE(struct privcmd_hypercall, 48);
