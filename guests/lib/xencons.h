/*
 * guests/lib/xencons.h - the guest's end of its PV console ring
 * (include/public/io/console.h), as the toolstack's builder sets it up:
 * start_info->console.domU names the ring's machine frame and the event
 * channel to xenconsoled.
 *
 * After xencons_init() succeeds, printk and console_write go to the ring;
 * without a ring (a boot-module domain, or domain 0, whose console field
 * means something else) they stay on console_io.  Writes wait for ring
 * space; reads never wait.
 */
#ifndef GUEST_XENCONS_H
#define GUEST_XENCONS_H

#include <stddef.h>
#include <public/event_channel.h>

/* 0 once the ring is in use, -1 when there is none (console_io stays). */
int xencons_init(void);
int xencons_active(void);
/* Back to console_io (the ring is left as it is). */
void xencons_stop(void);
evtchn_port_t xencons_port(void);

/* Queue all len bytes on the ring, waiting for space; returns len
 * (without a ring: console_io's result). */
long xencons_write(const char *s, size_t len);
/* Wait until xenconsoled has taken all output, or timeout_ns passed; 0 if it has. */
int xencons_wait_drained(unsigned long long timeout_ns);
/* Up to max bytes of input that are already there; returns how many
 * (0 without a ring). */
size_t xencons_read(char *buf, size_t max);

#endif /* GUEST_XENCONS_H */
