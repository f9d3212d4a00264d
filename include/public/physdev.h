/*
 * include/public/physdev.h - physdev_op(cmd, arg): the two sub-commands a
 * PV guest kernel uses for port I/O rights.  Other sub-commands (IRQs,
 * PCI) are not offered by minixen yet.
 *
 * Struct layouts checked against Xen's physdev.h with the search tool.
 */
#ifndef MINIXEN_PUBLIC_PHYSDEV_H
#define MINIXEN_PUBLIC_PHYSDEV_H

#include "xen.h"

#define PHYSDEVOP_set_iopl     6  /* arg physdev_set_iopl */
#define PHYSDEVOP_set_iobitmap 7  /* arg physdev_set_iobitmap */

#ifndef __ASSEMBLER__

/* Set the calling vCPU's virtual I/O privilege level (0-3). */
struct physdev_set_iopl {
    uint32_t iopl;
};
typedef struct physdev_set_iopl physdev_set_iopl_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iopl_t);

/*
 * Give the calling vCPU an I/O permission bitmap (one bit per port, set =
 * denied, as in a TSS).  Xen reads it from guest memory on each access.
 */
struct physdev_set_iobitmap {
    XEN_GUEST_HANDLE(uint8) bitmap;
    uint32_t nr_ports;
};
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iobitmap_t);

#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_PHYSDEV_H */
