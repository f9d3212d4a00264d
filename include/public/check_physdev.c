/*
 * include/public/check_physdev.c - pins physdev.h (as in Xen 4.17).
 * Compiled only.
 */
#include <public/physdev.h>
#include "check_layout.h"

CHECK_VALUE(PHYSDEVOP_irq_status_query, 5);
CHECK_VALUE(PHYSDEVOP_set_iopl, 6);
CHECK_VALUE(PHYSDEVOP_set_iobitmap, 7);
CHECK_VALUE(PHYSDEVOP_apic_read, 8);
CHECK_VALUE(PHYSDEVOP_apic_write, 9);
CHECK_VALUE(PHYSDEVOP_alloc_irq_vector, 10);
CHECK_VALUE(PHYSDEVOP_free_irq_vector, 11);
CHECK_VALUE(PHYSDEVOP_eoi, 12);
CHECK_VALUE(PHYSDEV_IOBITMAP_MAX_PORTS, 65536);

CHECK_OFFSET(physdev_set_iopl_t, iopl, 0);
CHECK_SIZE(physdev_set_iopl_t, 4);

CHECK_OFFSET(physdev_set_iobitmap_t, bitmap, 0);
CHECK_OFFSET2(physdev_set_iobitmap_t, nr_ports, 4, 8);
CHECK_SIZE2(physdev_set_iobitmap_t, 8, 16);

CHECK_OFFSET(physdev_irq_status_query_t, irq, 0);
CHECK_OFFSET(physdev_irq_status_query_t, flags, 4);
CHECK_SIZE(physdev_irq_status_query_t, 8);

CHECK_OFFSET(physdev_apic_t, apic_physbase, 0);
CHECK_OFFSET2(physdev_apic_t, reg, 4, 8);
CHECK_OFFSET2(physdev_apic_t, value, 8, 12);
CHECK_SIZE2(physdev_apic_t, 12, 16);

CHECK_OFFSET(physdev_irq_t, irq, 0);
CHECK_OFFSET(physdev_irq_t, vector, 4);
CHECK_SIZE(physdev_irq_t, 8);

CHECK_SIZE(physdev_eoi_t, 4);

/* The union follows its widest, most aligned member (apic_op, set_iobitmap). */
CHECK_OFFSET(physdev_op_t, cmd, 0);
CHECK_OFFSET2(physdev_op_t, u, 4, 8);
CHECK_OFFSET2(physdev_op_t, u.set_iopl.iopl, 4, 8);
CHECK_OFFSET2(physdev_op_t, u.set_iobitmap.bitmap, 4, 8);
CHECK_OFFSET2(physdev_op_t, u.set_iobitmap.nr_ports, 8, 16);
CHECK_FIELD_SIZE2(physdev_op_t, u, 12, 16);
CHECK_SIZE2(physdev_op_t, 16, 24);
