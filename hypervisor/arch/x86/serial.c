/*
 * The 16550 UART on COM1: the hypervisor console.  Polled, no interrupts.
 */
#include <minixen/types.h>
#include <asm/x86.h>
#include <asm/serial.h>

#define COM1_BASE   0x3f8
#define UART_DATA   0
#define UART_IER    1
#define UART_FCR    2
#define UART_LCR    3
#define UART_MCR    4
#define UART_LSR    5
#define UART_DLL    0
#define UART_DLM    1

#define LCR_DLAB    0x80
#define LCR_8N1     0x03
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS_OUT2 0x0b
#define LSR_DATA_READY   0x01
#define LSR_THR_EMPTY    0x20
#define BAUD_DIVISOR_115200 1
#define TX_SPIN_LIMIT    100000

static bool uart_present;

void serial_init(void)
{
    outb(COM1_BASE + UART_IER, 0);
    outb(COM1_BASE + UART_LCR, LCR_DLAB);
    outb(COM1_BASE + UART_DLL, BAUD_DIVISOR_115200);
    outb(COM1_BASE + UART_DLM, 0);
    outb(COM1_BASE + UART_LCR, LCR_8N1);
    outb(COM1_BASE + UART_FCR, FCR_ENABLE_CLEAR);
    outb(COM1_BASE + UART_MCR, MCR_DTR_RTS_OUT2);
    /* No UART answers with all-ones. */
    uart_present = inb(COM1_BASE + UART_LSR) != 0xff;
}

void serial_putc(char c)
{
    unsigned int spins = 0;

    if (!uart_present)
        return;
    /* Bounded: a wedged UART must not hang the hypervisor. */
    while (!(inb(COM1_BASE + UART_LSR) & LSR_THR_EMPTY) && spins++ < TX_SPIN_LIMIT)
        cpu_relax();
    outb(COM1_BASE + UART_DATA, c);
}

int serial_getc_nonblock(void)
{
    if (!uart_present || !(inb(COM1_BASE + UART_LSR) & LSR_DATA_READY))
        return -1;
    return inb(COM1_BASE + UART_DATA);
}
