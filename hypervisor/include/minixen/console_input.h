/*
 * Serial console input, as on Xen: every character received on the
 * console's serial line goes either to the hypervisor, where it is a
 * debug key (keyhandler.h), or to the hardware domain (domain 0), which
 * reads it with console_io(CONSOLEIO_read) after VIRQ_CONSOLE tells it
 * there is some.  Typing CTRL-a three times in a row switches between the
 * two; the hypervisor logs where input goes after each switch.
 *
 * Input for domain 0 waits in a ring of SERIAL_RX_SIZE bytes.  When the
 * ring is full, further characters are dropped (and counted) until domain
 * 0 reads.  Characters are 7-bit: the top bit of each byte is cleared.
 *
 * Relies on a single CPU and on interrupts being off in the hypervisor
 * (the producer is the serial interrupt handler, the consumer a
 * hypercall), so nothing here needs a lock.
 */
#ifndef MINIXEN_CONSOLE_INPUT_H
#define MINIXEN_CONSOLE_INPUT_H

#include <minixen/types.h>

/* Bytes of input held for domain 0 (Xen's SERIAL_RX_SIZE). */
#define SERIAL_RX_SIZE      128

/* One received character (from the serial interrupt handler). */
void console_rx_char(char c);

/* End of boot: input, until now the hypervisor's, goes to domain 0. */
void console_endboot(void);

/* Does input go to the hypervisor (debug keys) right now? */
bool console_input_to_xen(void);

/* Copy up to max bytes of domain 0's pending input, oldest first,
 * without consuming them; returns how many were copied. */
size_t console_input_peek(char *buf, size_t max);

/* Consume the n oldest pending bytes (at most what is pending). */
void console_input_consume(size_t n);

/* Characters dropped because the ring was full, since the last call. */
unsigned long console_input_take_dropped(void);

#endif /* MINIXEN_CONSOLE_INPUT_H */
