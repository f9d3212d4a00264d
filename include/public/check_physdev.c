/*
 * include/public/check_physdev.c - pins physdev.h (the Xen PV ABI
 * reference, ../shared/docs/xen-pv-abi.md in the project's workspace,
 * section 8, misc; layouts follow Xen's physdev.h).  Compiled only.
 */
#include <public/physdev.h>
#include "check_layout.h"

CHECK_VALUE(PHYSDEVOP_set_iopl, 6);
CHECK_VALUE(PHYSDEVOP_set_iobitmap, 7);

CHECK_OFFSET(physdev_set_iopl_t, iopl, 0);
CHECK_SIZE(physdev_set_iopl_t, 4);

CHECK_OFFSET(physdev_set_iobitmap_t, bitmap, 0);
CHECK_OFFSET2(physdev_set_iobitmap_t, nr_ports, 4, 8);
CHECK_SIZE2(physdev_set_iobitmap_t, 8, 16);
