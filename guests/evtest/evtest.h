/*
 * guests/evtest - event channels, timers and scheduling seen from
 * guests.  One image, several roles (role= on the command line), so a
 * boot test can put the roles of one scenario in separate domains:
 *
 *   monitor    (domain 0) binds VIRQ_DOM_EXC and waits until the domains
 *              in wait=MASK are gone, shuts down those in kill=MASK
 *   ping/pong  rounds=N round trips over an interdomain channel (peer=ID)
 *   spin       never yields; with window_ms= reports its share of the CPU
 *   crasher/survivor  an exchange in which one side crashes
 *   waitgone   (unprivileged) yields until domain gone=ID no longer exists
 *   longmmu/timely  long mmu_update batches beside a domain's timers
 *   failsafe   (beside a waitgone domain, which keeps the CPU changing
 *              hands) data selectors made unusable while switched out:
 *              the failsafe callback and its frame
 *   timers, blockpoll, vcpuop, ports, badinput, watchdog: single-domain
 *              checks of the hypercalls with good and bad arguments
 *
 * Every check is an "ok - name" line (report.h); tests/boot/test_events.py
 * lists them per role.
 */
#ifndef EVTEST_H
#define EVTEST_H

#include <stddef.h>
#include "args.h"
#include "console.h"
#include "events.h"
#include "hypercall.h"
#include "pv.h"
#include "pt.h"
#include "report.h"

/* Canonical and unmapped: every hypercall must answer -EFAULT. */
#define BAD_PTR ((void *)0x00000dead0000000UL)
/* Bounds on waits, so a lost event fails a check instead of hanging. */
#define MAX_BLOCKS   1000000UL
#define MAX_YIELDS   1000000UL

#define NS_PER_US 1000ULL
#define NS_PER_MS 1000000ULL

void role_monitor(void);
void role_ping(void);
void role_pong(void);
void role_spin(void);
void role_crasher(void);
void role_survivor(void);
void role_timers(void);
void role_blockpoll(void);
void role_vcpuop(void);
void role_ports(void);
void role_badinput(void);
void role_watchdog(void);
void role_waitgone(void);
void role_longmmu(void);
void role_timely(void);
void role_failsafe(void);

/* Shared steps. */
domid_t evtest_peer(void);
/* Offer a port to the peer (lowest free port: 1 in a fresh domain). */
evtchn_port_t evtest_offer(void);
/* Bind to the peer's offered port, retrying until it exists. */
evtchn_port_t evtest_connect(const char *check_name);
/* The no-op a guest uses to have pending upcalls delivered. */
void evtest_flush_events(void);
/* Sleep until system time reaches deadline, by polling no port. */
void evtest_sleep_until(uint64_t deadline);

#endif /* EVTEST_H */
