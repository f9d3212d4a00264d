/*
 * dom0/include/kernel/tty.h - the console terminal (drivers/tty.c on the
 * line discipline in drivers/ldisc.c).
 *
 * Output goes to the hypervisor's console through console_io; input
 * arrives with VIRQ_CONSOLE.  /dev/console and /dev/tty are this terminal.
 */
#ifndef DOM0_KERNEL_TTY_H
#define DOM0_KERNEL_TTY_H

/* Registers /dev/console and /dev/tty; binds VIRQ_CONSOLE. */
void tty_init(void);
/* VIRQ_CONSOLE fired: drain console_io reads into the line discipline. */
void tty_console_event(void);

#endif /* DOM0_KERNEL_TTY_H */
