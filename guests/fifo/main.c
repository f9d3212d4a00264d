/*
 * guests/fifo/main.c - start-up, then the checks of the guest's ABI and,
 * with peer=DOMID, the exchange with a guest of the other ABI (fifo.h).
 * Ends with one verdict line.
 */
#include "fifo.h"
#include "args.h"

/* No peer=: the guest talks to nobody. */
#define NO_PEER (~0UL)

void guest_main(void)
{
    unsigned long peer = arg_ulong("peer", NO_PEER);
    int twolevel = arg_ulong("twolevel", 0) != 0;
    long rc;

    printk("fifo: event-channel guest, %s ABI, peer %ld\n",
           twolevel ? "2-level" : "FIFO", peer == NO_PEER ? -1L : (long)peer);
    if ((rc = pv_setup_minimal()))
        test_abort("fifo.setup", "start-up hypercalls returned %ld", rc);
    ev_init();
    if (twolevel) {
        long offered = peer == NO_PEER ? 0 : pair_offer((domid_t)peer);

        twolevel_checks();
        if (offered > 0)
            pair_twolevel_side((evtchn_port_t)offered);
    } else {
        fifo_checks();
        if (peer != NO_PEER)
            pair_fifo_side((domid_t)peer);
    }
    test_finish();
}
