/*
 * Building a PV domain from a kernel image in memory (pv/dom0_build.c).
 */
#ifndef MINIXEN_DOMAIN_BUILD_H
#define MINIXEN_DOMAIN_BUILD_H

#include <minixen/types.h>

#define MAX_BOOT_MODULES        16
#define BOOT_MODULE_CMDLINE_MAX 1024

/* A multiboot module: physical range and its (cooked) command line. */
struct boot_module {
    unsigned long start, end;
    char cmdline[BOOT_MODULE_CMDLINE_MAX];
};

/* Default memory for domain 0 when dom0_mem= is not given. */
#define DOM0_DEFAULT_MEM    (64UL << 20)

struct domain;
/*
 * Build domain 0 from kernel (and an optional ramdisk) with mem bytes of
 * memory (0 = the default).  Returns NULL, having logged why, when the
 * image is refused or memory runs out.
 */
struct domain *build_dom0(const struct boot_module *kernel,
                          const struct boot_module *ramdisk, uint64_t mem);

#endif
