/*
 * Device interrupts: what the ACPI MADT says about IO-APICs and ISA IRQs
 * (acpi.c), and the IO-APIC driver that routes one input to a vector of
 * the boot CPU's local APIC (ioapic.c).
 *
 * The local APIC's own vectors (timer, spurious) are in apic.h; the ones
 * below are for IO-APIC inputs.  Each sits above the legacy PIC range
 * (0x20-0x2f, see i8259_disable()) and below the timer, so the timer keeps
 * the highest priority.
 */
#ifndef ASM_IOAPIC_H
#define ASM_IOAPIC_H

#include <minixen/types.h>

/* The COM1 receive interrupt (serial.c). */
#define SERIAL_VECTOR           0x30

/* ISA IRQs 0-15 are the only ones the MADT can override. */
#define ISA_IRQS                16
/* IO-APICs remembered from the MADT; PCs have one or two. */
#define MADT_MAX_IOAPICS        8
#define MADT_MAX_CPUS           64

struct acpi_ioapic {
    uint8_t id;
    uint32_t address;           /* physical base of its registers */
    uint32_t gsi_base;          /* first global system interrupt it owns */
};

/* An Interrupt Source Override for one ISA IRQ. */
struct acpi_isa_override {
    bool present;
    uint32_t gsi;
    uint16_t flags;             /* MPS INTI flags: polarity, trigger */
};

/* A processor the firmware lists as usable (enabled) at boot. */
struct acpi_cpu {
    uint32_t apic_id;           /* its local APIC's (x2APIC) id */
    uint32_t acpi_uid;          /* the ACPI processor UID */
};

struct acpi_madt_info {
    unsigned int nr_cpus;
    struct acpi_cpu cpu[MADT_MAX_CPUS];
    unsigned int nr_ioapics;
    struct acpi_ioapic ioapic[MADT_MAX_IOAPICS];
    struct acpi_isa_override isa[ISA_IRQS];
};

/* Where an ISA IRQ arrives and how it signals. */
struct irq_route {
    uint32_t gsi;
    bool active_low;
    bool level;
};

/*
 * Decode a MADT ("APIC" table) of len bytes, header included.  Entries
 * that run past len, or claim a length too short for their type, end the
 * walk; IO-APICs past MADT_MAX_IOAPICS and overrides for buses other than
 * ISA are skipped.  Processors (local APIC and x2APIC entries) are kept
 * in table order if enabled, each APIC id once, up to MADT_MAX_CPUS;
 * disabled ones (absent, or only hot-pluggable later) are left out.  Returns false if the table is too short to hold the
 * fixed part.
 */
bool acpi_parse_madt(const uint8_t *madt, size_t len, struct acpi_madt_info *out);

/*
 * Route of ISA IRQ irq (< ISA_IRQS): its override if the MADT has one,
 * otherwise the same-numbered GSI; "conforms to the bus" and reserved
 * flag values mean ISA's own rules, edge-triggered and active high.
 */
void acpi_isa_irq_route(const struct acpi_madt_info *madt, unsigned int irq,
                        struct irq_route *out);

/* The machine's MADT as acpi_init() found it, or NULL if it had none. */
const struct acpi_madt_info *acpi_madt(void);

/*
 * Find the IO-APICs of the MADT and mask every input of each.  Call after
 * acpi_init() and apic_init(), with interrupts off.  Logs what it found;
 * without a MADT there is no IO-APIC and nothing can be routed.
 */
void ioapic_init(void);

/*
 * Deliver ISA IRQ irq to vector on this CPU (fixed delivery, physical
 * destination: the local APIC's id), unmasked.  Returns 0, or -1 if no
 * IO-APIC owns the IRQ's GSI.  The handler acknowledges with apic_eoi(),
 * which for a level-triggered input also reaches the IO-APIC (the local
 * APIC broadcasts EOIs unless told not to, and we never tell it).
 */
int ioapic_route_isa_irq(unsigned int irq, unsigned int vector);

/* Is mfn the register page of an IO-APIC the MADT lists?  No guest may map one. */
bool ioapic_frame(unsigned long mfn);

#endif /* ASM_IOAPIC_H */
