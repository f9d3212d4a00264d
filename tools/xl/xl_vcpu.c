/*
 * tools/xl/xl_vcpu.c - `xl vcpu-list [Domain ...]`: one line per vCPU of
 * every (or each named) domain, in Xen 4.17's columns (xl_vcpu.c):
 * name, domain id, vCPU, physical CPU (or "-" when offline), state
 * (r running, b blocked, p offline), CPU seconds and affinity.  minixen
 * has no affinity control: every vCPU may run anywhere ("all / all").
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <public/domctl.h>
#include "xl.h"
#include "xl_domain.h"

#define DOMAINS_PER_BATCH 64
#define NS_PER_S 1e9

/* Xen's columns: the CPU field follows VCPU unspaced, as xl's format has it. */
static void print_vcpu(const char *name, uint32_t domid,
                       const xc_vcpuinfo_t *v)
{
    printf("%-32s %5" PRIu32 " %5" PRIu32, name, domid, v->vcpu);
    if (v->online)
        printf("%5" PRIu32 " %3c%c- ", v->cpu, v->running ? 'r' : '-',
               v->blocked ? 'b' : '-');
    else
        printf("%5c %3c%cp ", '-', '-', '-');
    printf("%9.1f  all / all\n", (double)v->cpu_time / NS_PER_S);
}

static void list_domain(const xc_domaininfo_t *info)
{
    char name[XL_NAME_MAX + 1];
    xc_vcpuinfo_t v;

    if (info->max_vcpu_id == XEN_INVALID_MAX_VCPU_ID)
        return;
    if (xl_domid_to_name(info->domain, name))
        snprintf(name, sizeof(name), "(null)");
    for (uint32_t i = 0; i <= info->max_vcpu_id; i++) {
        if (xc_vcpu_getinfo(xl_xc(), info->domain, i, &v) == 0)
            print_vcpu(name, info->domain, &v);
    }
}

static void list_all(void)
{
    static xc_domaininfo_t batch[DOMAINS_PER_BATCH];
    uint32_t next = 0;
    int got;

    do {
        got = xc_domain_getinfolist(xl_xc(), next, DOMAINS_PER_BATCH, batch);
        for (int i = 0; i < got; i++)
            list_domain(&batch[i]);
        if (got > 0)
            next = batch[got - 1].domain + 1u;
    } while (got == DOMAINS_PER_BATCH && next < DOMID_FIRST_RESERVED);
}

int main_vcpulist(int argc, char **argv)
{
    xc_domaininfo_t info;

    while (xl_getopt(argc, argv, "+h", "vcpu-list", 0) != -1)
        ;
    printf("%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU",
           "State", "Time(s)", "Affinity (Hard / Soft)");
    if (optind == argc) {
        list_all();
        return EXIT_SUCCESS;
    }
    for (; optind < argc; optind++) {
        uint32_t domid = xl_find_domain(argv[optind]);

        if (xl_domain_info(domid, &info) == 0)
            list_domain(&info);
    }
    return EXIT_SUCCESS;
}
