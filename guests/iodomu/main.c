/*
 * guests/iodomu/main.c - port I/O rights in an unprivileged domain
 * (tests/boot/test_iodomu.py boots it beside a domain 0).
 *
 * A domain may set its own virtual IOPL and I/O bitmap, and they decide
 * whether its in/out instructions fault, exactly as for domain 0.  But an
 * unprivileged domain holds no ports, so what passes goes nowhere: reads
 * give all ones, writes are dropped, and nothing faults (Xen 4.17,
 * pv/emul-priv-op.c: guest_io_okay, then admin_io_okay with
 * ioports_access_permitted; XTF's pv-iopl test, run as a domU, relies on
 * `outb` to port 0x80 passing at IOPL 1).
 *
 * The DMA page register 0x81 keeps what is written to it (the test guest
 * shows domain 0 reaching it), and a write to QEMU's debug-exit port would
 * end the whole run with that value in QEMU's exit status: the boot test
 * checks that the run ends normally instead.
 */
#include "hypercall.h"
#include "pv.h"
#include "report.h"
#include "string.h"
#include "traps.h"

#define DMA_PAGE_CH2     0x81
#define DMA_PAGE_CH3     0x82
#define PCI_CONF_ADDRESS 0xcf8
#define DEBUG_EXIT_PORT  0xf4
/* Written to debug-exit: had it got through, QEMU's status would be 2*v+1 = 15. */
#define DEBUG_EXIT_VALUE 7
#define IO_MARKER        0x5a
#define RAX_PRESET       0x1122334455667788ul
#define BITS_PER_BYTE    8
#define BITMAP_PORTS     0x100

static uint8_t bitmap[BITMAP_PORTS / BITS_PER_BYTE];

/* rax after `in` of bytes at port; an exception is left in last_fault. */
static uint64_t port_in(unsigned int port, unsigned int bytes)
{
    uint64_t rax = RAX_PRESET;

    fault_reset();
    if (bytes == 1)
        asm volatile ("1: inb %%dx, %%al\n\t2: nop\n\t" EXTABLE("1b", "2b")
                      : "+a" (rax) : "d" (port) : "memory");
    else if (bytes == 2)
        asm volatile ("1: inw %%dx, %%ax\n\t2: nop\n\t" EXTABLE("1b", "2b")
                      : "+a" (rax) : "d" (port) : "memory");
    else
        asm volatile ("1: inl %%dx, %%eax\n\t2: nop\n\t" EXTABLE("1b", "2b")
                      : "+a" (rax) : "d" (port) : "memory");
    return rax;
}

static void port_outb(unsigned int port, uint8_t val)
{
    fault_reset();
    asm volatile ("1: outb %%al, %%dx\n\t2: nop\n\t" EXTABLE("1b", "2b")
                  :: "a" (val), "d" (port) : "memory");
}

/* What `in` of bytes leaves in rax when the port reads as all ones. */
static uint64_t all_ones(unsigned int bytes)
{
    if (bytes == 4)
        return 0xfffffffful;
    return RAX_PRESET | ((1ul << (bytes * BITS_PER_BYTE)) - 1);
}

static int no_fault(void)
{
    return last_fault.count == 0;
}

static int gp_fault(void)
{
    return last_fault.count == 1 && last_fault.vector == X86_EXC_GP &&
           last_fault.error_code == 0;
}

/* IOPL 3: nothing faults, nothing reaches a port. */
static void test_iopl_3(void)
{
    uint64_t b, w, d;

    port_outb(DMA_PAGE_CH2, IO_MARKER);
    b = port_in(DMA_PAGE_CH2, 1);
    check(no_fault() && b == all_ones(1), "iodomu.byte_not_reached",
          "read %#lx after writing %#x (%lu exceptions)", b, IO_MARKER, last_fault.count);
    w = port_in(DMA_PAGE_CH3, 2);
    check(no_fault() && w == all_ones(2), "iodomu.word_reads_ones", "read %#lx", w);
    d = port_in(PCI_CONF_ADDRESS, 4);
    check(no_fault() && d == all_ones(4), "iodomu.dword_reads_ones", "read %#lx", d);
    port_outb(DEBUG_EXIT_PORT, DEBUG_EXIT_VALUE);
    check(no_fault(), "iodomu.debug_exit_write_dropped", "%lu exceptions", last_fault.count);
    fault_reset();
    asm volatile ("1: cli\n\t2: nop\n\t" EXTABLE("1b", "2b")
                  "3: sti\n\t4: nop\n\t" EXTABLE("3b", "4b") ::: "memory");
    check(no_fault(), "iodomu.cli_sti_pass", "%lu exceptions", last_fault.count);
}

/* IOPL 0: the guest's own rules refuse, or its bitmap lets through. */
static void test_iopl_0(void)
{
    uint64_t b;

    port_in(DMA_PAGE_CH2, 1);
    check(gp_fault(), "iodomu.iopl_0_refused", "%lu exceptions, vector %ld error code %#lx",
          last_fault.count, last_fault.vector, last_fault.error_code);
    bitmap[DMA_PAGE_CH2 / BITS_PER_BYTE] &= ~(1u << (DMA_PAGE_CH2 % BITS_PER_BYTE));
    if (!check_rc("iodomu.set_iobitmap", HYPERVISOR_set_iobitmap(bitmap, BITMAP_PORTS), 0))
        return;
    b = port_in(DMA_PAGE_CH2, 1);
    check(no_fault() && b == all_ones(1), "iodomu.bitmap_in_not_reached",
          "read %#lx (%lu exceptions)", b, last_fault.count);
    port_in(DMA_PAGE_CH2 + 1, 1);
    check(gp_fault(), "iodomu.bitmap_neighbour_refused", "%lu exceptions", last_fault.count);
}

void guest_main(void)
{
    physdev_op_t op = { .cmd = PHYSDEVOP_set_iopl, .u.set_iopl.iopl = PHYSDEV_IOPL_MAX };
    long rc = pv_setup_minimal();

    if (rc)
        test_abort("iodomu.setup", "start-up hypercalls returned %ld", rc);
    memset(bitmap, 0xff, sizeof(bitmap));
    check(!(start_info->flags & SIF_PRIVILEGED), "iodomu.unprivileged",
          "start_info flags %#x", start_info->flags);
    if (check_rc("iodomu.set_iopl_3", HYPERVISOR_set_iopl(PHYSDEV_IOPL_MAX), 0))
        test_iopl_3();
    if (check_rc("iodomu.set_iopl_0", HYPERVISOR_set_iopl(0), 0))
        test_iopl_0();
    check_rc("iodomu.compat_set_iopl_3", HYPERVISOR_physdev_op_compat(&op), 0);
    port_in(DMA_PAGE_CH2 + 1, 1);
    check(no_fault(), "iodomu.compat_iopl_3_passes", "%lu exceptions", last_fault.count);
    test_finish();
}
