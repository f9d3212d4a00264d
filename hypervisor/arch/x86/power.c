/*
 * Machine control: power off, restart and halt, each trying the
 * cleanest mechanism first and falling back until one works.
 *
 * Owns opt_debug_exit.  Relies on acpi.c for S5 and the reset register;
 * everything else is fixed PC hardware.  Every path ends with interrupts
 * off and never returns.
 */
#include <minixen/types.h>
#include <minixen/printk.h>
#include <asm/x86.h>
#include <asm/time.h>
#include <asm/power.h>

#define PORT_RESET_CONTROL  0xcf9       /* PCI reset control (chipset) */
#define RESET_CONTROL_SYS   0x02        /* full reset, not just the CPU */
#define RESET_CONTROL_GO    0x04
#define KBC_STATUS          0x64
#define KBC_COMMAND         0x64
#define KBC_STATUS_IN_FULL  0x02        /* controller not ready for input */
#define KBC_PULSE_RESET     0xfe        /* pulse output line 0: CPU reset */
#define KBC_READY_POLLS     100000
#define RESET_WAIT_US       50000       /* let each method take effect */

bool opt_debug_exit = true;

void __attribute__((noreturn)) machine_halt(void)
{
    for (;;) {
        local_irq_disable();
        halt();                         /* an NMI may wake us: sleep again */
    }
}

/*
 * QEMU's isa-debug-exit device exits on any write, whatever its width, so
 * a byte write works for every iosize.  Values up to 0x7f survive QEMU's
 * (v << 1) | 1 and the 8-bit exit status.
 */
void debug_exit(unsigned int exit_value)
{
    if (opt_debug_exit && cpu_has_hypervisor_bit())
        outb(QEMU_DEBUG_EXIT_PORT, (uint8_t)exit_value);
}

void __attribute__((noreturn)) machine_power_off(unsigned int exit_value)
{
    local_irq_disable();
    debug_exit(exit_value);
    acpi_power_off();
    printk(XENLOG_ERR "power off failed: halting instead (exit value %#x)\n",
           exit_value);
    machine_halt();
}

/* The keyboard controller's reset line, once it accepts a command. */
static void kbc_reset(void)
{
    unsigned int i;

    for (i = 0; i < KBC_READY_POLLS; i++)
        if (!(inb(KBC_STATUS) & KBC_STATUS_IN_FULL))
            break;
    outb(KBC_COMMAND, KBC_PULSE_RESET);
}

/* With no IDT at all, the breakpoint becomes a triple fault: CPU reset. */
static void __attribute__((noreturn)) triple_fault(void)
{
    static const struct __packed {
        uint16_t limit;
        uint64_t base;
    } no_idt = { 0, 0 };

    asm volatile ("lidt %0; int3" :: "m" (no_idt) : "memory");
    machine_halt();
}

void __attribute__((noreturn)) machine_restart(void)
{
    local_irq_disable();
    acpi_reset();

    /* Select a full reset first, then trigger it: the bit must rise. */
    outb(PORT_RESET_CONTROL, RESET_CONTROL_SYS);
    time_udelay(1);
    outb(PORT_RESET_CONTROL, RESET_CONTROL_SYS | RESET_CONTROL_GO);
    time_udelay(RESET_WAIT_US);

    kbc_reset();
    time_udelay(RESET_WAIT_US);

    triple_fault();
}
