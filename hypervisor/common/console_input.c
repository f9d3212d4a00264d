/*
 * Serial console input (see console_input.h): the CTRL-a switch between
 * the hypervisor and domain 0, and domain 0's input ring.
 *
 * The switch follows Xen: CTRL-a presses are held back, three in a row
 * switch, and one or two followed by any other character are passed on
 * first, so a lone CTRL-a still reaches its reader.  The ring is a
 * console_ring whose writer never overwrites: a byte is only written
 * while fewer than SERIAL_RX_SIZE are unread, so the reader's cursor is
 * never overtaken.
 */
#include <minixen/console_input.h>
#include <minixen/console_ring.h>
#include <minixen/keyhandler.h>
#include <minixen/event.h>
#include <minixen/lib.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <public/xen.h>

/* CTRL-<SWITCH_LETTER> switches; three presses in a row, as on Xen. */
#define SWITCH_LETTER       'a'
#define SWITCH_CODE         (SWITCH_LETTER - 'a' + 1)
#define SWITCH_PRESSES      3
/* Xen's serial layer keeps 7 bits of every received byte. */
#define RX_CHAR_MASK        0x7f

_Static_assert(IS_POWER_OF_2(SERIAL_RX_SIZE), "console_ring needs a power of two");

static char rx_buf[SERIAL_RX_SIZE];
static struct console_ring rx_ring = { .buf = rx_buf, .size = sizeof(rx_buf) };
static uint64_t rx_cons;                /* ring position of the oldest unread */
static unsigned long rx_dropped;
static bool input_to_xen = true;        /* until console_endboot() */
static unsigned int switch_presses;

static size_t rx_pending(void)
{
    return (size_t)(console_ring_newest(&rx_ring) - rx_cons);
}

static void switch_serial_input(void)
{
    input_to_xen = !input_to_xen;
    printk("*** Serial input to %s (type 'CTRL-%c' three times to switch input)\n",
           input_to_xen ? "Xen" : "DOM0", SWITCH_LETTER);
}

/* Notified even when the byte is dropped, as on Xen: a reader that
 * missed an event still wakes up and drains the ring. */
static void deliver_to_dom0(char c)
{
    struct domain *d = hardware_domain();

    if (rx_pending() < SERIAL_RX_SIZE)
        console_ring_write(&rx_ring, &c, 1);
    else
        rx_dropped++;
    if (d)
        send_global_virq(d, VIRQ_CONSOLE);
}

static void deliver(char c)
{
    if (input_to_xen)
        handle_keypress((unsigned char)c);
    else
        deliver_to_dom0(c);
}

void console_rx_char(char c)
{
    c &= RX_CHAR_MASK;
    if (c == SWITCH_CODE) {
        if (++switch_presses == SWITCH_PRESSES) {
            switch_presses = 0;
            switch_serial_input();
        }
        return;
    }
    for (; switch_presses; switch_presses--)
        deliver(SWITCH_CODE);
    deliver(c);
}

void console_endboot(void)
{
    if (input_to_xen)
        switch_serial_input();
}

bool console_input_to_xen(void)
{
    return input_to_xen;
}

size_t console_input_peek(char *buf, size_t max)
{
    uint64_t cursor = rx_cons;

    return console_ring_read(&rx_ring, &cursor, buf, max);
}

void console_input_consume(size_t n)
{
    rx_cons += min(n, rx_pending());
}

unsigned long console_input_take_dropped(void)
{
    unsigned long n = rx_dropped;

    rx_dropped = 0;
    return n;
}
