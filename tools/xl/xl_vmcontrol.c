/*
 * tools/xl/xl_vmcontrol.c - xl's commands on a running domain: destroy,
 * shutdown and reboot (with -w and -a), pause, unpause, rename, mem-set,
 * domid and domname, with Xen 4.17's messages and exit statuses
 * (xl_vmcontrol.c, xl_mem.c, xl_misc.c).
 *
 * shutdown and reboot ask the guest, as libxl does for a PV guest: they
 * write "poweroff" or "reboot" to its control/shutdown node, which its
 * kernel watches.  Xen's -F falls back to ACPI for HVM guests; minixen's
 * -F instead asks the hypervisor to shut down a guest that has not
 * offered control/feature-poweroff (SCHEDOP_remote_shutdown, as
 * xc_domain_shutdown).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <public/sched.h>
#include <public/xen.h>
#include "xl.h"
#include "xl_domain.h"

#define DOMAINS_PER_BATCH 64

int main_destroy(int argc, char **argv)
{
    uint32_t domid;

    while (xl_getopt(argc, argv, "+h", "destroy", 1) != -1)
        ;
    domid = xl_find_domain(argv[optind]);
    if (domid == 0) {
        fprintf(stderr, "xl: refusing to destroy domain 0 (Domain-0)\n");
        return EXIT_FAILURE;
    }
    if (xl_destroy_domain(domid)) {
        fprintf(stderr, "destroy failed (rc=%d)\n", XL_ERROR_FAIL);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

static int simple_control(int argc, char **argv, const char *command,
                          int (*op)(xc_interface *, uint32_t))
{
    uint32_t domid;

    while (xl_getopt(argc, argv, "+h", command, 1) != -1)
        ;
    domid = xl_find_domain(argv[optind]);
    if (op(xl_xc(), domid)) {
        fprintf(stderr, "xl: cannot %s domain %" PRIu32 ": %s\n", command,
                domid, strerror(errno));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

int main_pause(int argc, char **argv)
{
    return simple_control(argc, argv, "pause", xc_domain_pause);
}

int main_unpause(int argc, char **argv)
{
    return simple_control(argc, argv, "unpause", xc_domain_unpause);
}

/* ---- shutdown and reboot ---- */

struct shutdown_opts {
    const char *command;        /* "shutdown" or "reboot" */
    const char *request;        /* control/shutdown's value */
    int reason;                 /* SHUTDOWN_* for the -F fallback */
    bool all, wait, fallback;
};

static bool guest_has_pv_control(uint32_t domid, const char *request)
{
    char path[80];
    unsigned int len;
    char *value;
    bool yes;

    snprintf(path, sizeof(path), "/local/domain/%" PRIu32
             "/control/feature-%s", domid, request);
    value = xs_read(xl_xs(), XBT_NULL, path, &len);
    yes = value && len == 1 && value[0] == '1';
    free(value);
    return yes;
}

static int request_shutdown(uint32_t domid, const struct shutdown_opts *o)
{
    char path[64];

    if (o->fallback && !guest_has_pv_control(domid, o->request)) {
        fprintf(stderr, "PV control interface not available: asking the "
                "hypervisor to %s domain %" PRIu32 ".\n", o->command, domid);
        return xc_domain_shutdown(xl_xc(), domid, o->reason) ? -errno : 0;
    }
    snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/control/shutdown",
             domid);
    return xs_write(xl_xs(), XBT_NULL, path, o->request,
                    (unsigned int)strlen(o->request)) ? 0 : -errno;
}

/* -w: until every domain listed has shut down or gone. */
static void wait_for_domains(const uint32_t *domids, unsigned int count)
{
    unsigned int left = count, n;
    bool *done = calloc(count, sizeof(*done));
    xc_domaininfo_t info;
    char **event;

    fprintf(stderr, "Waiting for %u domains\n", count);
    if (!done || !xs_watch(xl_xs(), "@releaseDomain", "xl-shutdown-wait"))
        left = 0;
    while (left) {
        event = xs_read_watch(xl_xs(), &n);
        if (!event)
            break;
        free(event);
        for (unsigned int i = 0; i < count; i++) {
            bool gone = xl_domain_info(domids[i], &info) != 0;

            if (done[i] || (!gone && xl_shutdown_reason(&info) < 0))
                continue;
            done[i] = true;
            left--;
            if (gone)
                fprintf(stderr, "Domain %" PRIu32 " has been destroyed\n",
                        domids[i]);
            else
                fprintf(stderr, "Domain %" PRIu32 " has been shut down, "
                        "reason code %d\n", domids[i],
                        xl_shutdown_reason(&info));
        }
    }
    free(done);
}

/* Every guest: every domain but 0. */
static unsigned int all_guests(uint32_t *out, unsigned int max)
{
    static xc_domaininfo_t batch[DOMAINS_PER_BATCH];
    unsigned int count = 0;
    uint32_t next = 1;
    int got;

    do {
        got = xc_domain_getinfolist(xl_xc(), next, DOMAINS_PER_BATCH, batch);
        for (int i = 0; i < got && count < max; i++)
            out[count++] = batch[i].domain;
        if (got > 0)
            next = batch[got - 1].domain + 1u;
    } while (got == DOMAINS_PER_BATCH && count < max);
    return count;
}

static int shutdown_or_reboot(int argc, char **argv, struct shutdown_opts *o)
{
    static uint32_t domids[DOMID_FIRST_RESERVED];
    unsigned int count = 0;
    int opt, rc;

    while ((opt = xl_getopt(argc, argv, "+awFh", o->command, 0)) != -1) {
        o->all |= opt == 'a';
        o->wait |= opt == 'w';
        o->fallback |= opt == 'F';
    }
    if (o->all)
        count = all_guests(domids, DOMID_FIRST_RESERVED);
    else if (optind < argc)
        domids[count++] = xl_find_domain(argv[optind]);
    else {
        help(o->command);
        return 2;
    }
    for (unsigned int i = 0; i < count; i++) {
        rc = request_shutdown(domids[i], o);
        if (rc) {
            fprintf(stderr, "%s failed (rc=%d)\n", o->command, XL_ERROR_FAIL);
            return EXIT_FAILURE;
        }
    }
    if (o->wait && count)
        wait_for_domains(domids, count);
    return EXIT_SUCCESS;
}

int main_shutdown(int argc, char **argv)
{
    struct shutdown_opts o = { .command = "shutdown", .request = "poweroff",
                               .reason = SHUTDOWN_poweroff };

    return shutdown_or_reboot(argc, argv, &o);
}

int main_reboot(int argc, char **argv)
{
    struct shutdown_opts o = { .command = "reboot", .request = "reboot",
                               .reason = SHUTDOWN_reboot };

    return shutdown_or_reboot(argc, argv, &o);
}

/* ---- names ---- */

int main_domid(int argc, char **argv)
{
    uint32_t domid;

    while (xl_getopt(argc, argv, "+h", "domid", 1) != -1)
        ;
    if (xl_name_to_domid(argv[optind], &domid)) {
        fprintf(stderr, "Can't get domid of domain name '%s', maybe this "
                "domain does not exist.\n", argv[optind]);
        return EXIT_FAILURE;
    }
    printf("%" PRIu32 "\n", domid);
    return EXIT_SUCCESS;
}

int main_domname(int argc, char **argv)
{
    char name[XL_NAME_MAX + 1];
    const char *arg;
    char *end;
    unsigned long id;

    while (xl_getopt(argc, argv, "+h", "domname", 1) != -1)
        ;
    arg = argv[optind];
    id = strtoul(arg, &end, 10);
    if (end == arg || *end || id >= DOMID_FIRST_RESERVED) {
        fprintf(stderr, "Invalid domain id.\n\n");
        return EXIT_FAILURE;
    }
    if (xl_domid_to_name((uint32_t)id, name)) {
        fprintf(stderr, "Can't get domain name of domain id '%lu', maybe this "
                "domain does not exist.\n", id);
        return EXIT_FAILURE;
    }
    printf("%s\n", name);
    return EXIT_SUCCESS;
}

/* The new name into /local/domain/N/name and /vm/<uuid>/name at once. */
static int write_name(uint32_t domid, const char *name)
{
    struct xs_handle *xsh = xl_xs();
    char path[128], *vm;
    unsigned int len;
    xs_transaction_t t;
    bool ok;

    do {
        t = xs_transaction_start(xsh);
        if (t == XBT_NULL)
            return -errno;
        snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/vm", domid);
        vm = xs_read(xsh, t, path, &len);
        snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/name", domid);
        ok = xs_write(xsh, t, path, name, (unsigned int)strlen(name));
        if (ok && vm && len < 64) {
            snprintf(path, sizeof(path), "%.*s/name", (int)len, vm);
            ok = xs_write(xsh, t, path, name, (unsigned int)strlen(name));
        }
        free(vm);
        if (!ok) {
            xs_transaction_end(xsh, t, true);
            return -errno;
        }
    } while (!xs_transaction_end(xsh, t, false) && errno == EAGAIN);
    return 0;
}

int main_rename(int argc, char **argv)
{
    uint32_t domid, other;
    const char *name, *why;

    while (xl_getopt(argc, argv, "+h", "rename", 2) != -1)
        ;
    domid = xl_find_domain(argv[optind]);
    name = argv[optind + 1];
    if (xl_check_domain_name(name, &why)) {
        fprintf(stderr, "xl: domain name \"%s\" %s\n", name, why);
        return EXIT_FAILURE;
    }
    if (xl_name_to_domid(name, &other) == 0 && other != domid) {
        fprintf(stderr, "Domain with name \"%s\" already exists.\n", name);
        fprintf(stderr, "Can't rename domain '%s'.\n", argv[optind]);
        return EXIT_FAILURE;
    }
    if (write_name(domid, name)) {
        fprintf(stderr, "Can't rename domain '%s'.\n", argv[optind]);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

/* ---- mem-set ---- */

static int64_t read_static_max_kb(uint32_t domid)
{
    char path[64], *value;
    unsigned int len;
    int64_t kb = -1;

    snprintf(path, sizeof(path), "/local/domain/%" PRIu32
             "/memory/static-max", domid);
    value = xs_read(xl_xs(), XBT_NULL, path, &len);
    if (value)
        kb = strtoll(value, NULL, 10);
    free(value);
    return kb;
}

/* libxl_set_memory_target(absolute, enforce): maxmem, then the target. */
static int set_memory_target(uint32_t domid, int64_t kb)
{
    int64_t static_max = read_static_max_kb(domid);
    char path[64], value[24];

    if (static_max >= 0 && kb > static_max) {
        fprintf(stderr, "memory_dynamic_max must be less than or equal to "
                "memory_static_max\n");
        return -EINVAL;
    }
    if (xc_domain_setmaxmem(xl_xc(), domid, (uint64_t)kb +
                            XL_MAXMEM_CONSTANT_KB))
        return -errno;
    snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/memory/target",
             domid);
    snprintf(value, sizeof(value), "%" PRId64, kb);
    return xs_write(xl_xs(), XBT_NULL, path, value,
                    (unsigned int)strlen(value)) ? 0 : -errno;
}

int main_memset(int argc, char **argv)
{
    uint32_t domid;
    int64_t kb;

    while (xl_getopt(argc, argv, "+h", "mem-set", 2) != -1)
        ;
    domid = xl_find_domain(argv[optind]);
    kb = xl_parse_mem_size_kb(argv[optind + 1]);
    if (kb < 0) {
        fprintf(stderr, "invalid memory size: %s\n", argv[optind + 1]);
        return EXIT_FAILURE;
    }
    if (set_memory_target(domid, kb)) {
        fprintf(stderr, "xl: cannot set the memory target of domain %" PRIu32
                " to %" PRId64 " KiB\n", domid, kb);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
