/*
 * tests/unit/fake_toolstack.h - libxenctrl, libxenevtchn and libxenstore
 * as xenconsoled sees them, in memory, for its host test: a list of
 * domains, one console ring page per domain, a store of nodes, and event
 * and watch notifications through pipes so poll()-driven code sees them.
 */
#ifndef FAKE_TOOLSTACK_H
#define FAKE_TOOLSTACK_H

#include <stdint.h>
#include <public/io/console.h>

#define FAKE_DOMAINS_MAX 4
#define FAKE_PORT_BASE   20

struct fake_domain {
    uint32_t domid;
    int live;
    uint32_t flags;                          /* XEN_DOMINF_* */
    unsigned long ring_mfn;
    union {
        struct xencons_interface ring;
        unsigned char page[4096];
    } __attribute__((aligned(4096)));
    int bound_port;                          /* -1: none */
    unsigned int notifies;
};

extern struct fake_domain fake_domains[FAKE_DOMAINS_MAX];

void fake_reset(void);
/* Set (value != NULL) or remove a store node. */
void fake_store_set(const char *path, const char *value);
/* Fire the event channel bound to domain slot i, as the guest's notify would. */
void fake_fire(int i);
/* Unmapped ring pages (munmap is not faked: pages are static). */
extern unsigned int fake_unmaps;

#endif /* FAKE_TOOLSTACK_H */
