/*
 * The IO-APIC: it turns device interrupt lines (global system interrupts,
 * GSIs, numbered across all IO-APICs from their MADT base) into messages
 * to a local APIC vector.  Each input has a 64-bit redirection entry:
 * vector, polarity, trigger mode, mask, and the destination APIC id.
 *
 * Every input starts masked; ioapic_route_isa_irq() unmasks the ones the
 * hypervisor handles (COM1).  Registers are reached indirectly: the
 * register number goes to IOREGSEL, the value through IOWIN.  The MMIO
 * page must lie in the direct map's uncached window, like the local
 * APIC's; one elsewhere is left alone.
 */
#include <minixen/types.h>
#include <minixen/printk.h>
#include <asm/page.h>
#include <asm/apic.h>
#include <asm/ioapic.h>

#define IOAPIC_REGSEL           0x00
#define IOAPIC_WINDOW           0x10
#define IOAPIC_MMIO_LEN         0x20
#define IOAPIC_REG_VERSION      0x01
#define IOAPIC_REG_RTE_LOW(pin) (0x10 + 2 * (pin))
#define IOAPIC_REG_RTE_HIGH(pin) (0x11 + 2 * (pin))
#define IOAPIC_VERSION_MAX_RTE(v) (((v) >> 16) & 0xff)
#define IOAPIC_NOT_ANSWERING    0xffffffffu

/* Redirection entry, low half (fixed delivery, physical destination). */
#define RTE_ACTIVE_LOW          (1u << 13)
#define RTE_LEVEL               (1u << 15)
#define RTE_MASKED              (1u << 16)
/* High half: the destination APIC id (8 bits in physical mode). */
#define RTE_DEST_SHIFT          24
#define RTE_DEST_MAX            0xff

/* The direct map maps this range uncached (the lead's contract). */
#define UNCACHED_WINDOW_START   0xc0000000ULL
#define UNCACHED_WINDOW_END     0x100000000ULL

struct ioapic {
    volatile uint32_t *mmio;
    uint32_t gsi_base;
    unsigned int nr_inputs;
};

static struct ioapic ioapics[MADT_MAX_IOAPICS];
static unsigned int nr_ioapics;

static uint32_t ioapic_read(const struct ioapic *io, unsigned int reg)
{
    io->mmio[IOAPIC_REGSEL / sizeof(uint32_t)] = reg;
    return io->mmio[IOAPIC_WINDOW / sizeof(uint32_t)];
}

static void ioapic_write(const struct ioapic *io, unsigned int reg, uint32_t v)
{
    io->mmio[IOAPIC_REGSEL / sizeof(uint32_t)] = reg;
    io->mmio[IOAPIC_WINDOW / sizeof(uint32_t)] = v;
}

/* Low half first, so the entry is masked before anything else changes. */
static void ioapic_mask(const struct ioapic *io, unsigned int pin)
{
    ioapic_write(io, IOAPIC_REG_RTE_LOW(pin), RTE_MASKED);
    ioapic_write(io, IOAPIC_REG_RTE_HIGH(pin), 0);
}

static bool uncached_mmio_ok(uint64_t addr, uint64_t len)
{
    return addr >= UNCACHED_WINDOW_START && addr + len <= UNCACHED_WINDOW_END;
}

static void ioapic_add(const struct acpi_ioapic *a)
{
    struct ioapic *io = &ioapics[nr_ioapics];
    uint32_t version;
    unsigned int pin;

    if (!uncached_mmio_ok(a->address, IOAPIC_MMIO_LEN)) {
        printk(XENLOG_WARNING "IO-APIC %u at %#x: outside the uncached direct map, ignored\n",
               a->id, a->address);
        return;
    }
    io->mmio = maddr_to_virt(a->address);
    version = ioapic_read(io, IOAPIC_REG_VERSION);
    if (version == IOAPIC_NOT_ANSWERING) {
        printk(XENLOG_WARNING "IO-APIC %u at %#x: not answering, ignored\n",
               a->id, a->address);
        return;
    }
    io->gsi_base = a->gsi_base;
    io->nr_inputs = IOAPIC_VERSION_MAX_RTE(version) + 1;
    for (pin = 0; pin < io->nr_inputs; pin++)
        ioapic_mask(io, pin);
    nr_ioapics++;
    printk(XENLOG_INFO "IO-APIC %u at %#x: GSIs %u-%u, all masked\n", a->id,
           a->address, io->gsi_base, io->gsi_base + io->nr_inputs - 1);
}

/* Every IO-APIC the MADT lists, driven or not: all stay out of guests' reach. */
bool ioapic_frame(unsigned long mfn)
{
    const struct acpi_madt_info *madt = acpi_madt();
    unsigned int i;

    for (i = 0; madt && i < madt->nr_ioapics; i++)
        if (madt->ioapic[i].address >> PAGE_SHIFT == mfn)
            return true;
    return false;
}

void ioapic_init(void)
{
    const struct acpi_madt_info *madt = acpi_madt();
    unsigned int i;

    if (!madt || madt->nr_ioapics == 0) {
        printk(XENLOG_WARNING "IO-APIC: none in the ACPI MADT, no device interrupts\n");
        return;
    }
    for (i = 0; i < madt->nr_ioapics; i++)
        ioapic_add(&madt->ioapic[i]);
}

static struct ioapic *ioapic_for_gsi(uint32_t gsi)
{
    unsigned int i;

    for (i = 0; i < nr_ioapics; i++)
        if (gsi >= ioapics[i].gsi_base &&
            gsi - ioapics[i].gsi_base < ioapics[i].nr_inputs)
            return &ioapics[i];
    return NULL;
}

/* Destination first, then the unmasked low half that makes it live. */
static void ioapic_set_rte(const struct ioapic *io, unsigned int pin,
                           const struct irq_route *r, unsigned int vector,
                           uint32_t dest)
{
    uint32_t low = vector;

    if (r->active_low)
        low |= RTE_ACTIVE_LOW;
    if (r->level)
        low |= RTE_LEVEL;
    ioapic_write(io, IOAPIC_REG_RTE_HIGH(pin), dest << RTE_DEST_SHIFT);
    ioapic_write(io, IOAPIC_REG_RTE_LOW(pin), low);
}

int ioapic_route_isa_irq(unsigned int irq, unsigned int vector)
{
    const struct acpi_madt_info *madt = acpi_madt();
    uint32_t dest = apic_local_id();
    struct irq_route r;
    struct ioapic *io;

    if (!madt || irq >= ISA_IRQS)
        return -1;
    acpi_isa_irq_route(madt, irq, &r);
    io = ioapic_for_gsi(r.gsi);
    if (!io || dest > RTE_DEST_MAX) {
        printk(XENLOG_WARNING "IRQ %u: GSI %u %s\n", irq, r.gsi,
               io ? "cannot reach this CPU's APIC id" : "has no IO-APIC");
        return -1;
    }
    ioapic_set_rte(io, r.gsi - io->gsi_base, &r, vector, dest);
    printk(XENLOG_INFO "IRQ %u: GSI %u, %s, active %s -> vector %#x\n", irq,
           r.gsi, r.level ? "level" : "edge", r.active_low ? "low" : "high", vector);
    return 0;
}
