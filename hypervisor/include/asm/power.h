/*
 * Machine control: power off, restart, halt (power.c), and the ACPI
 * tables they rely on (acpi.c).
 *
 * Exit values: when minixen runs under QEMU with
 *   -device isa-debug-exit,iobase=0xf4,iosize=4
 * machine_power_off(v) makes QEMU exit with status (v << 1) | 1, so a
 * test runner can read how the run ended: domain shutdown codes 0-5
 * (SHUTDOWN_poweroff ... SHUTDOWN_soft_reset) give 1, 3, ..., 11,
 * EXIT_NO_DOMAIN gives 129 and EXIT_PANIC 131.
 */
#ifndef ASM_POWER_H
#define ASM_POWER_H

#include <minixen/types.h>
#include <asm/x86.h>

/* ---- Machine control (power.c) ---- */

#define EXIT_NO_DOMAIN  0x40    /* every domain has gone, or none started */
#define EXIT_PANIC      0x41    /* the hypervisor panicked */

/* The I/O port QEMU's isa-debug-exit device listens on. */
#define QEMU_DEBUG_EXIT_PORT    0xf4

/*
 * Write the exit value to QEMU's debug-exit port on the way down
 * (default on).  The write happens only when CPUID also says we run
 * under a hypervisor, because on a real machine port 0xf4 may belong to
 * some other device; the command line option `no-debug-exit` (wired by
 * the option table) turns it off under hypervisors without the device.
 */
extern bool opt_debug_exit;

/*
 * Power the machine off: debug-exit port (see above), then ACPI S5, then,
 * if both fail, halt with interrupts off.  exit_value is a domain shutdown
 * code (0-5) or EXIT_*.
 */
void __attribute__((noreturn)) machine_power_off(unsigned int exit_value);

/*
 * Reset the machine: the ACPI reset register, then port 0xcf9, then the
 * keyboard controller, and finally a triple fault.
 */
void __attribute__((noreturn)) machine_restart(void);

/*
 * Under QEMU (opt_debug_exit, hypervisor bit set): end the emulator with
 * this value now.  Returns when nothing listens on the port (no device,
 * or real hardware), so callers go on to restart or power off for real.
 */
void debug_exit(unsigned int exit_value);

/* Stop this CPU for good: interrupts off, hlt forever. */
void __attribute__((noreturn)) machine_halt(void);

/* CPUID.1:ECX bit 31, set by hypervisors (QEMU TCG and KVM included). */
#define CPUID1_ECX_HYPERVISOR   (1u << 31)

static inline bool cpu_has_hypervisor_bit(void)
{
    uint32_t a, b, c, d;

    cpuid_count(1, 0, &a, &b, &c, &d);
    return c & CPUID1_ECX_HYPERVISOR;
}

/* ---- ACPI (acpi.c) ---- */

/*
 * Find the RSDP, RSDT/XSDT, FADT, DSDT's \_S5_ object and the HPET table.
 * Every table is checksummed and every length bounded; anything broken
 * just leaves the matching feature unavailable.  Returns 0, or -1 if no
 * usable ACPI tables were found.  Logs what it found.
 */
int acpi_init(void);

/* Enter S5 through PM1a/PM1b control.  Returns only on failure (false). */
bool acpi_power_off(void);

/* Write the FADT reset register.  Returns false if there is none or the
 * machine did not reset. */
bool acpi_reset(void);

/* Physical address of the HPET's registers, or 0 if there is no usable
 * HPET (absent, or outside the uncached part of the direct map). */
uint64_t acpi_hpet_address(void);

/* ---- ACPI decoding (pure, host-testable) ---- */

/* True if the bytes sum to zero (mod 256), as every ACPI table must. */
bool acpi_checksum_ok(const void *p, size_t len);

/*
 * Offset of a valid RSDP (signature and checksums) among the 16-byte
 * aligned positions of area[0..len), or -1.
 */
long acpi_scan_rsdp(const uint8_t *area, size_t len);

/*
 * Find \_S5_ in AML (a DSDT or SSDT body) and decode its package's first
 * two integers: the SLP_TYP values for PM1a and PM1b.  Every read stays
 * within aml[0..len).  Returns false if it is absent or malformed.
 */
bool acpi_find_s5(const uint8_t *aml, size_t len, uint8_t *slp_typa,
                  uint8_t *slp_typb);

/* What acpi.c takes from the FADT. */
struct acpi_fadt_info {
    uint64_t dsdt;              /* physical address, 0 if none */
    uint32_t smi_cmd;           /* port to switch to ACPI mode, 0 if none */
    uint8_t acpi_enable;        /* value to write there */
    uint16_t pm1a_cnt, pm1b_cnt;    /* I/O ports, 0 if absent */
    bool has_reset;             /* reset_* valid */
    uint8_t reset_space;        /* ACPI_SPACE_* */
    uint64_t reset_addr;
    uint8_t reset_value;
};

#define ACPI_SPACE_MEMORY       0
#define ACPI_SPACE_IO           1

/* Decode a FADT of len bytes (header included; fields beyond len are
 * treated as absent).  Returns false if it is too short to use. */
bool acpi_parse_fadt(const uint8_t *fadt, size_t len,
                     struct acpi_fadt_info *out);

#endif /* ASM_POWER_H */
