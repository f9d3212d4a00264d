/* The COM1 console (serial.c). */
#ifndef ASM_SERIAL_H
#define ASM_SERIAL_H

void serial_init(void);
void serial_putc(char c);
/* A received byte, or -1 if none is waiting. */
int serial_getc_nonblock(void);

#endif
