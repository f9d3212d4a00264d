/*
 * What the hypervisor says about itself: the Xen version it reports and
 * the command line it was booted with.
 *
 * minixen implements the guest ABI of Xen 4.17, so it reports Xen 4.17's
 * version numbers: guests that check the version (Linux, Mini-OS, XTF)
 * then take the paths they take on 4.17.  Its own name shows in the extra
 * version string.  Every place that prints or returns the version uses
 * these macros.
 */
#ifndef MINIXEN_KERNEL_H
#define MINIXEN_KERNEL_H

#define MINIXEN_XEN_MAJOR        4
#define MINIXEN_XEN_MINOR        17
/* Appended to "4.17"; at most 15 characters (xen_extraversion_t). */
#define MINIXEN_XEN_EXTRAVERSION ".0-minixen"

/*
 * The hypervisor's command line as the boot loader passed it, set during
 * boot (NULL if there was none).  XENVER_commandline returns it to the
 * privileged domain.
 */
extern const char *hypervisor_cmdline;

#endif /* MINIXEN_KERNEL_H */
