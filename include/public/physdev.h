/*
 * include/public/physdev.h - physdev_op(cmd, arg) (33) and its legacy
 * form physdev_op_compat(op) (19).
 *
 * minixen implements the two sub-commands a PV guest kernel uses for port
 * I/O rights (set_iopl, set_iobitmap).  The IRQ sub-commands are named
 * only because their structs are members of struct physdev_op's union,
 * which must keep Xen's size; minixen returns -ENOSYS for them (it has no
 * physical interrupts to hand out yet).  PCI sub-commands are left out.
 *
 * Numbers and layouts checked against Xen 4.17's physdev.h with the
 * search tool; include/public/check_physdev.c pins both widths.
 */
#ifndef MINIXEN_PUBLIC_PHYSDEV_H
#define MINIXEN_PUBLIC_PHYSDEV_H

#include "xen.h"

#define PHYSDEVOP_irq_status_query 5   /* arg physdev_irq_status_query */
#define PHYSDEVOP_set_iopl         6   /* arg physdev_set_iopl */
#define PHYSDEVOP_set_iobitmap     7   /* arg physdev_set_iobitmap */
#define PHYSDEVOP_apic_read        8   /* arg physdev_apic */
#define PHYSDEVOP_apic_write       9   /* arg physdev_apic */
#define PHYSDEVOP_alloc_irq_vector 10  /* arg physdev_irq */
#define PHYSDEVOP_free_irq_vector  11  /* arg physdev_irq */
#define PHYSDEVOP_eoi              12  /* arg physdev_eoi */

/* The highest virtual I/O privilege level. */
#define PHYSDEV_IOPL_MAX           3
/* set_iobitmap covers at most the whole 16-bit port space. */
#define PHYSDEV_IOBITMAP_MAX_PORTS 65536

#ifndef __ASSEMBLER__

/*
 * Set the calling vCPU's virtual I/O privilege level (0-3).  The guest
 * kernel counts as ring 1 and guest user mode as ring 3, unless the
 * domain enabled VMASST_TYPE_architectural_iopl (then the kernel counts
 * as ring 0 and every iret hypercall loads the level from its RFLAGS).
 */
struct physdev_set_iopl {
    uint32_t iopl;
};
typedef struct physdev_set_iopl physdev_set_iopl_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iopl_t);

/*
 * Give the calling vCPU an I/O permission bitmap: one bit per port, set =
 * denied, as in a TSS.  Only ports below nr_ports can be allowed; 0 means
 * no bitmap.  The hypervisor keeps the address, not a copy: it reads two
 * bytes of the bitmap (in the guest kernel's address space) on each port
 * access the virtual IOPL does not already allow.
 */
struct physdev_set_iobitmap {
    XEN_GUEST_HANDLE(uint8) bitmap;
    uint32_t nr_ports;
};
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iobitmap_t);

/* The IRQ sub-commands' arguments (not implemented; see above). */
struct physdev_irq_status_query {
    uint32_t irq;       /* IN */
    uint32_t flags;     /* OUT: XENIRQSTAT_* */
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;

struct physdev_apic {
    xen_ulong_t apic_physbase;  /* IN */
    uint32_t reg;               /* IN */
    uint32_t value;             /* IN or OUT */
};
typedef struct physdev_apic physdev_apic_t;

struct physdev_irq {
    uint32_t irq;       /* IN */
    uint32_t vector;    /* IN or OUT */
};
typedef struct physdev_irq physdev_irq_t;

struct physdev_eoi {
    uint32_t irq;       /* IN */
};
typedef struct physdev_eoi physdev_eoi_t;

/*
 * The argument of physdev_op_compat (19): the command travels inside the
 * struct.  Superseded by physdev_op (33) at interface 0x00030202.
 */
struct physdev_op {
    uint32_t cmd;
    union {
        physdev_irq_status_query_t irq_status_query;
        physdev_set_iopl_t         set_iopl;
        physdev_set_iobitmap_t     set_iobitmap;
        physdev_apic_t             apic_op;
        physdev_irq_t              irq_op;
    } u;
};
typedef struct physdev_op physdev_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_op_t);

#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_PHYSDEV_H */
