/* guests/ctltest/main.c - picks the role (ctltest.h). */
#include "ctltest.h"

void guest_main(void)
{
    long rc = pv_setup_minimal();

    if (rc)
        test_abort("ctl.setup", "start-up hypercalls returned %ld", rc);
    if (start_info->flags & SIF_PRIVILEGED)
        ctltest_dom0();
    else
        ctltest_domu();
}
