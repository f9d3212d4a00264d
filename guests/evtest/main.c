/*
 * guests/evtest/main.c - start-up, the role table and the steps several
 * roles share.
 */
#include "evtest.h"
#include "string.h"

#define ROLE_NAME_MAX 32
#define OFFER_PORT    1     /* the first port a fresh domain hands out */

static const struct {
    const char *name;
    void (*run)(void);
} roles[] = {
    { "monitor", role_monitor }, { "ping", role_ping }, { "pong", role_pong },
    { "spin", role_spin }, { "crasher", role_crasher }, { "survivor", role_survivor },
    { "timers", role_timers }, { "blockpoll", role_blockpoll }, { "vcpuop", role_vcpuop },
    { "ports", role_ports }, { "badinput", role_badinput }, { "watchdog", role_watchdog },
    { "waitgone", role_waitgone }, { "longmmu", role_longmmu }, { "timely", role_timely },
    { "failsafe", role_failsafe },
};

domid_t evtest_peer(void)
{
    return (domid_t)arg_ulong("peer", DOMID_INVALID);
}

evtchn_port_t evtest_offer(void)
{
    evtchn_port_t port = 0;
    long rc = evt_alloc_unbound(evtest_peer(), &port);

    if (!check(rc == 0 && port == OFFER_PORT, "channel.offer",
               "alloc_unbound returned %ld, port %u", rc, port))
        test_finish();
    return port;
}

evtchn_port_t evtest_connect(const char *check_name)
{
    evtchn_port_t port = 0;
    unsigned long tries;
    long rc = -XEN_EINVAL;

    /* -EINVAL until the peer has offered its port: it may not have run yet. */
    for (tries = 0; tries < MAX_YIELDS && rc == -XEN_EINVAL; tries++) {
        rc = evt_bind_interdomain(evtest_peer(), OFFER_PORT, &port);
        if (rc == -XEN_EINVAL)
            pv_yield();
    }
    if (!check_rc(check_name, rc, 0))
        test_finish();
    return port;
}

void evtest_flush_events(void)
{
    HYPERVISOR_xen_version(XENVER_version, NULL);
}

void evtest_sleep_until(uint64_t deadline)
{
    struct sched_poll p = { .nr_ports = 0, .timeout = deadline };

    while (evt_now() < deadline)
        HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

void guest_main(void)
{
    char name[ROLE_NAME_MAX];
    unsigned int i;

    if (pv_setup_minimal())
        test_abort("evtest.setup", "start-up hypercalls failed");
    arg_word("role", name, sizeof(name));
    for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
        if (!strcmp(name, roles[i].name)) {
            printk("evtest: role %s\n", name);
            roles[i].run();
            test_finish();
        }
    test_abort("evtest.role", "unknown role '%s'", name);
}
