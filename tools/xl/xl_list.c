/*
 * tools/xl/xl_list.c - `xl list`: one line per domain, as Xen 4.17's xl
 * prints it (name, id, MiB, online vCPUs, six state letters, CPU seconds).
 *
 * The domains come from sysctl getdomaininfolist.  Names live in xenstore
 * (/local/domain/N/name, written by xl create), as under Xen; a domain
 * xenstore has no name for (one the hypervisor built from a boot module,
 * or any while xenstored is not running) takes minixen's own sysctl
 * (XEN_SYSCTL_minixen_domain_name: "Domain-0", or a boot module's
 * domain= word).  Where that is not known (Xen answers -ENOSYS) domain 0
 * is "Domain-0" and any other domain "(null)", what Xen's xl prints for a
 * domain xenstore has no name for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xencall.h"
#include "xl.h"

/* Domains asked for per sysctl. */
#define LIST_BATCH 64
#define KIB_PER_PAGE (XEN_PAGE_SIZE / 1024)
#define NS_PER_S 1e9

/* Letters for shutdown reasons poweroff, reboot, suspend, crash,
 * watchdog and soft_reset. */
static const char shutdown_letters[] = "-rscwS";

/* Up to max domains from id first on: how many were filled, or -1. */
static long list_batch(domid_t first, xen_domctl_getdomaininfo_t *buf,
                       uint32_t max)
{
    struct xen_sysctl op;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_getdomaininfolist;
    op.u.getdomaininfolist.first_domain = first;
    op.u.getdomaininfolist.max_domains = max;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, buf);
    if (xencall_sysctl(xl_privcmd(), &op) < 0)
        return -1;
    return op.u.getdomaininfolist.num_domains < max ?
           (long)op.u.getdomaininfolist.num_domains : (long)max;
}

static char shutdown_letter(uint32_t flags)
{
    unsigned int reason = 0;

    if (flags & XEN_DOMINF_shutdown)
        reason = (flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
    return reason < sizeof(shutdown_letters) - 1 ? shutdown_letters[reason]
                                                 : '?';
}

int xl_hypervisor_name(domid_t id, char *buf)
{
    struct xen_sysctl op;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_minixen_domain_name;
    op.u.minixen_domain_name.domain = id;
    if (xencall_sysctl(xl_privcmd(), &op) < 0)
        return -1;
    memcpy(buf, op.u.minixen_domain_name.name, MINIXEN_DOMAIN_NAME_BYTES);
    buf[MINIXEN_DOMAIN_NAME_BYTES - 1] = '\0';
    return 0;
}

/* The domain's name into buf (MINIXEN_DOMAIN_NAME_BYTES). */
static void domain_name(domid_t id, char *buf)
{
    if (xl_store_name(id, buf, MINIXEN_DOMAIN_NAME_BYTES) == 0)
        return;
    if (xl_hypervisor_name(id, buf) == 0)
        return;
    strcpy(buf, id == 0 ? "Domain-0" : "(null)");
}

static void list_one(const xen_domctl_getdomaininfo_t *d)
{
    char name[MINIXEN_DOMAIN_NAME_BYTES];
    uint32_t f = d->flags;
    unsigned long mib = (d->tot_pages + d->outstanding_pages) * KIB_PER_PAGE
                        / 1024;

    domain_name(d->domain, name);
    printf("%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f\n",
           name, d->domain, mib,
           (int)d->nr_online_vcpus,
           f & XEN_DOMINF_running ? 'r' : '-',
           f & XEN_DOMINF_blocked ? 'b' : '-',
           f & XEN_DOMINF_paused ? 'p' : '-',
           f & XEN_DOMINF_shutdown ? 's' : '-',
           shutdown_letter(f),
           f & XEN_DOMINF_dying ? 'd' : '-',
           (float)d->cpu_time / NS_PER_S);
}

/* Every domain, in id order, a batch at a time: 0 or -1 (errno set). */
static int list_all(xen_domctl_getdomaininfo_t *buf)
{
    domid_t next = 0;
    long got;

    do {
        got = list_batch(next, buf, LIST_BATCH);
        if (got < 0)
            return -1;
        for (long i = 0; i < got; i++)
            list_one(&buf[i]);
        if (got > 0)
            next = buf[got - 1].domain + 1;
    } while (got == LIST_BATCH && next < DOMID_FIRST_RESERVED);
    return 0;
}

int main_list(int argc, char **argv)
{
    xen_domctl_getdomaininfo_t *buf;
    int opt, rc;

    while ((opt = xl_getopt(argc, argv, "+h", "list", 0)) != -1)
        ;
    xl_privcmd();
    buf = xencall_buffer(LIST_BATCH * sizeof(*buf));
    if (!buf) {
        perror("xl list");
        return EXIT_FAILURE;
    }
    printf("Name                                        ID   Mem VCPUs\tState\tTime(s)\n");
    rc = list_all(buf);
    if (rc < 0)
        perror("libxl_list_domain failed");
    free(buf);
    return rc < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
