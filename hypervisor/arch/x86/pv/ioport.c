/*
 * Who may touch which I/O port: the two checks behind the port-I/O and
 * cli/sti emulation (pv/emul.c), as Xen 4.17 makes them
 * (pv/emul-priv-op.c, guest_io_okay and admin_io_okay).
 *
 * First, does the guest allow the access itself?  Its virtual IOPL (set
 * with physdev set_iopl, physdev.c) must cover the ring it runs in, or
 * else its I/O bitmap (physdev set_iobitmap) must clear every accessed
 * port.  If not, the instruction is a #GP for the guest.
 *
 * Second, may the domain reach the real port?  Only the privileged domain
 * may, and never a port the hypervisor drives itself.  Otherwise the
 * access goes nowhere (reads give all ones, writes are dropped) and does
 * not fault: that is what Xen does for a domain without the port, so a
 * guest kernel probing for legacy devices finds none instead of oopsing.
 *
 * With VMASST_TYPE_architectural_iopl the virtual IOPL also behaves like
 * RFLAGS.IOPL: the iret hypercall loads it and the frames the hypervisor
 * writes show it (pv/traps.c calls the two hooks below).
 */
#include <minixen/lib.h>
#include <minixen/guest_access.h>
#include <minixen/sched.h>
#include <asm/x86.h>
#include <asm/page.h>
#include <asm/pv.h>

#define PORT_LAST           0xffff
#define PCI_CONF_ADDRESS    0xcf8   /* only its 4-byte accesses are the register */
#define PCI_CONF_ADDRESS_SZ 4
#define BITS_PER_BYTE       8
#define BYTE_ALL_DENIED     0xff

struct port_range {
    uint16_t first, last;
};

/*
 * Ports the privileged domain never reaches.  Xen 4.17 denies the PICs,
 * the PIT and its channel-2 gate, PCI configuration data, the RTC/CMOS
 * (it emulates those three; minixen does not yet) and its serial console.
 * minixen adds the two ports that reset the machine, 0xcf9 and 0x92
 * (later Xen denies both), and QEMU's isa-debug-exit, through which it
 * powers the machine off.
 */
static const struct port_range hypervisor_ports[] = {
    { 0x020, 0x021 },   /* master PIC, kept masked (i8259.c) */
    { 0x040, 0x043 },   /* PIT, calibrates the TSC (time.c) */
    { 0x061, 0x061 },   /* PIT channel-2 gate and speaker (time.c) */
    { 0x070, 0x071 },   /* RTC/CMOS index and data (time.c) */
    { 0x092, 0x092 },   /* system control port A: its bit 0 resets the machine */
    { 0x0a0, 0x0a1 },   /* slave PIC (i8259.c) */
    { 0x0f4, 0x0f7 },   /* QEMU isa-debug-exit (power.c) */
    { 0x3f8, 0x3ff },   /* COM1, the hypervisor console (serial.c) */
    { 0xcf9, 0xcf9 },   /* reset control (power.c) */
    { 0xcfc, 0xcff },   /* PCI configuration data */
};

/*
 * The guest kernel counts as ring 1 (it really runs in ring 3), user mode
 * as ring 3.  With architectural_iopl the kernel counts as ring 0, which
 * any IOPL covers, as on bare hardware.
 */
bool pv_iopl_ok(const struct vcpu *v)
{
    unsigned int ring = !v->arch.in_kernel ? 3 : architectural_iopl(v->domain) ? 0 : 1;

    return v->arch.iopl >= ring;
}


/*
 * Two bitmap bytes from addr, read as the guest kernel sees its memory
 * (the bitmap address is a kernel one, even when the access came from
 * user mode).  A byte that cannot be read stays all-denied.
 */
static uint16_t iobmp_read(const struct vcpu *v, unsigned long addr)
{
    uint8_t b[2] = { BYTE_ALL_DENIED, BYTE_ALL_DENIED };
    bool user = !v->arch.in_kernel;

    if (user)
        write_cr3((unsigned long)v->arch.guest_table << PAGE_SHIFT);
    raw_copy_from_guest(b, addr, sizeof(b));
    if (user)
        pv_toggle_address_space(v);
    return b[0] | (uint16_t)b[1] << BITS_PER_BYTE;
}

/*
 * Like a TSS bitmap, two bytes are read whatever the size, so an access
 * that straddles a byte boundary is covered.  The address is the guest's
 * and may point anywhere; the copy checks the range it reads.  No bitmap
 * (nr 0): nothing is read.
 */
bool pv_guest_io_okay(const struct vcpu *v, unsigned int port, unsigned int bytes)
{
    unsigned int mask = ((1u << bytes) - 1) << (port % BITS_PER_BYTE);

    if (pv_iopl_ok(v))
        return true;
    if (port + bytes > v->arch.iobmp_nr)
        return false;
    return !(iobmp_read(v, v->arch.iobmp + port / BITS_PER_BYTE) & mask);
}

bool pv_admin_io_okay(const struct domain *d, unsigned int port, unsigned int bytes)
{
    unsigned int last = port + bytes - 1, i;

    if (!d->is_privileged || last > PORT_LAST)
        return false;
    if (port == PCI_CONF_ADDRESS && bytes == PCI_CONF_ADDRESS_SZ)
        return false;
    for (i = 0; i < ARRAY_SIZE(hypervisor_ports); i++)
        if (port <= hypervisor_ports[i].last && last >= hypervisor_ports[i].first)
            return false;
    return true;
}
