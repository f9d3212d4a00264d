/*
 * The 16550 UART on COM1: the hypervisor console.  Output is polled;
 * input arrives by interrupt (ISA IRQ 4, routed through the IO-APIC once
 * serial_init_postirq() runs) and goes to console_rx_char(), which hands
 * it to domain 0 or to the debug keys.
 */
#include <minixen/types.h>
#include <minixen/printk.h>
#include <minixen/console_input.h>
#include <asm/x86.h>
#include <asm/apic.h>
#include <asm/ioapic.h>
#include <asm/serial.h>

#define COM1_BASE   0x3f8
#define COM1_IRQ    4
#define UART_DATA   0
#define UART_IER    1
#define UART_FCR    2
#define UART_LCR    3
#define UART_MCR    4
#define UART_LSR    5
#define UART_DLL    0
#define UART_DLM    1

#define IER_RX_DATA 0x01
#define LCR_DLAB    0x80
#define LCR_8N1     0x03
#define FCR_ENABLE_CLEAR 0x07
/* OUT2 gates the UART's interrupt line on PCs. */
#define MCR_DTR_RTS_OUT2 0x0b
#define LSR_DATA_READY   0x01
#define LSR_THR_EMPTY    0x20
#define BAUD_DIVISOR_115200 1
#define TX_SPIN_LIMIT    100000
/* Far more than a 16-byte FIFO holds: only a broken UART gets there. */
#define RX_DRAIN_MAX     256

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

/*
 * Unmask the IRQ at the IO-APIC before the UART may raise it: an edge
 * that arrives while the input is masked is lost, and with data waiting
 * the line would then stay high with no edge to come.
 */
void serial_init_postirq(void)
{
    if (!uart_present)
        return;
    if (ioapic_route_isa_irq(COM1_IRQ, SERIAL_VECTOR)) {
        printk(XENLOG_WARNING "serial: IRQ %u cannot be routed: no console input\n",
               COM1_IRQ);
        return;
    }
    outb(COM1_BASE + UART_IER, IER_RX_DATA);
}

/* Empty the receive FIFO, which also drops the UART's interrupt line. */
void serial_interrupt(void)
{
    unsigned int n;
    int c;

    for (n = 0; n < RX_DRAIN_MAX && (c = serial_getc_nonblock()) >= 0; n++)
        console_rx_char((char)c);
    apic_eoi();
}
