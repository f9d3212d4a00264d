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

/* Default memory when dom0_mem= / memory= is not given. */
#define DOM0_DEFAULT_MEM    (64UL << 20)
#define DOMU_DEFAULT_MEM    (8UL << 20)

/* What to build: one boot module (and an optional ramdisk) as one domain. */
struct domain_spec {
    domid_t id;
    const char *name;
    bool privileged;                    /* domain 0 */
    uint64_t mem;                       /* bytes */
    const struct boot_module *kernel;
    const struct boot_module *ramdisk;  /* or NULL */
    unsigned int weight;                /* credit weight, 0 = default */
    unsigned int cap;                   /* % of a CPU, 0 = none */
    unsigned int vcpus;                 /* 1..MAX_VIRT_CPUS, 0 = 1 */
};

struct domain;
/*
 * Build a PV domain and make it runnable.  Returns NULL, having logged
 * why, when the image is refused or memory runs out (nothing is left
 * allocated then).
 */
struct domain *build_pv_domain(const struct domain_spec *spec);

#endif
