/* The COM1 console (serial.c). */
#ifndef ASM_SERIAL_H
#define ASM_SERIAL_H

void serial_init(void);
void serial_putc(char c);
/* A received byte, or -1 if none is waiting. */
int serial_getc_nonblock(void);

/*
 * Route COM1's IRQ through the IO-APIC to SERIAL_VECTOR and enable the
 * UART's receive interrupt.  Call after ioapic_init().  Without a route
 * the console keeps working for output only (logged).
 */
void serial_init_postirq(void);

/* The SERIAL_VECTOR handler: received bytes go to console_rx_char(). */
void serial_interrupt(void);

#endif
