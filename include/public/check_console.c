/*
 * include/public/check_console.c - pins io/console.h (as in Xen 4.17).
 * Compiled only.
 */
#include <public/io/console.h>
#include "check_layout.h"

CHECK_VALUE(XENCONS_IN_SIZE, 1024);
CHECK_VALUE(XENCONS_OUT_SIZE, 2048);
CHECK_SIZE(XENCONS_RING_IDX, 4);

CHECK_OFFSET(struct xencons_interface, in, 0);
CHECK_OFFSET(struct xencons_interface, out, 1024);
CHECK_OFFSET(struct xencons_interface, in_cons, 3072);
CHECK_OFFSET(struct xencons_interface, in_prod, 3076);
CHECK_OFFSET(struct xencons_interface, out_cons, 3080);
CHECK_OFFSET(struct xencons_interface, out_prod, 3084);
CHECK_SIZE(struct xencons_interface, 3088);

/* Both rings must be powers of two for MASK_XENCONS_IDX to wrap cleanly. */
_Static_assert((XENCONS_IN_SIZE & (XENCONS_IN_SIZE - 1)) == 0, "in[] size");
_Static_assert((XENCONS_OUT_SIZE & (XENCONS_OUT_SIZE - 1)) == 0, "out[] size");
