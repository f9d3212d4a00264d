/*
 * tools/xl/xl_info.c - `xl info [NAME]`: the host, the hypervisor and its
 * build, in Xen 4.17's xl field names, order and format ("name", padded
 * to 23 columns, then ": value").  With NAME, only the value of each
 * field whose name starts with NAME is printed, as Xen's xl does.
 *
 * Sources: uname() for the dom0 kernel, sysctl physinfo for the machine,
 * sysctl sched_id and xen_version's subcommands for the hypervisor.
 * minixen shares no pages and has no CPU pools, so the sharing fields
 * and free_cpus are 0 (every CPU is in the one pool, as under Xen).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <public/version.h>
#include "xencall.h"
#include "xl.h"

#define INFO_NAME_WIDTH 23
#define MIB (1u << 20)

/* The one field `xl info NAME` asks for, or NULL for all of them. */
static const char *info_only;

/*
 * Prints one line, or with `xl info NAME` only the value of a line whose
 * name starts with NAME (a line without ": " after its name is skipped).
 */
static void emit(const char *line)
{
    const char *colon;

    if (!info_only) {
        fputs(line, stdout);
        return;
    }
    colon = strchr(line, ':');
    if (!strncmp(line, info_only, strlen(info_only)) && colon &&
        colon[1] == ' ')
        fputs(colon + 2, stdout);
}

/* "name" padded to INFO_NAME_WIDTH, ": ", the value, a line end. */
static void field(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void field(const char *name, const char *fmt, ...)
{
    char line[4096];
    int n = snprintf(line, sizeof(line), "%-*s: ", INFO_NAME_WIDTH, name);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
    va_end(ap);
    strcat(line, "\n");
    emit(line);
}

static void info_node(void)
{
    struct utsname uts;

    if (uname(&uts) < 0)
        return;
    field("host", "%s", uts.nodename);
    field("release", "%s", uts.release);
    field("version", "%s", uts.version);
    field("machine", "%s", uts.machine);
}

static int get_physinfo(struct xen_sysctl_physinfo *pi)
{
    struct xen_sysctl op;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_physinfo;
    if (xencall_sysctl(xl_privcmd(), &op) < 0)
        return -1;
    *pi = op.u.physinfo;
    return 0;
}

/* One capability name, after a space, if present. */
static void cap(char *caps, int present, const char *name)
{
    if (present) {
        strcat(caps, " ");
        strcat(caps, name);
    }
}

/* virt_caps: every capability after a space, right after the colon. */
static void info_virt_caps(const struct xen_sysctl_physinfo *pi)
{
    uint32_t c = pi->capabilities, a = pi->arch_capabilities;
    int pv = !!(c & XEN_SYSCTL_PHYSCAP_pv), hvm = !!(c & XEN_SYSCTL_PHYSCAP_hvm);
    int directio = !!(c & XEN_SYSCTL_PHYSCAP_directio);
    char caps[256] = "", line[512];

    cap(caps, pv, "pv");
    cap(caps, hvm, "hvm");
    cap(caps, hvm && directio, "hvm_directio");
    cap(caps, pv && directio, "pv_directio");
    cap(caps, c & XEN_SYSCTL_PHYSCAP_hap, "hap");
    cap(caps, c & XEN_SYSCTL_PHYSCAP_shadow, "shadow");
    cap(caps, c & XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share, "iommu_hap_pt_share");
    cap(caps, c & XEN_SYSCTL_PHYSCAP_vmtrace, "vmtrace");
    cap(caps, c & XEN_SYSCTL_PHYSCAP_vpmu, "vpmu");
    cap(caps, c & XEN_SYSCTL_PHYSCAP_gnttab_v1, "gnttab-v1");
    cap(caps, c & XEN_SYSCTL_PHYSCAP_gnttab_v2, "gnttab-v2");
    cap(caps, a & XEN_SYSCTL_PHYSCAP_X86_ASSISTED_XAPIC, "assisted_xapic");
    cap(caps, a & XEN_SYSCTL_PHYSCAP_X86_ASSISTED_X2APIC, "assisted_x2apic");
    snprintf(line, sizeof(line), "%-*s:%s\n", INFO_NAME_WIDTH, "virt_caps", caps);
    emit(line);
}

static void info_memory(const struct xen_sysctl_physinfo *pi, long pagesize)
{
    uint64_t per_mib = pagesize > 0 ? MIB / pagesize : MIB / XEN_PAGE_SIZE;

    field("total_memory", "%" PRIu64, pi->total_pages / per_mib);
    field("free_memory", "%" PRIu64,
          (pi->free_pages - pi->outstanding_pages) / per_mib);
    field("sharing_freed_memory", "%u", 0);
    field("sharing_used_memory", "%u", 0);
    field("outstanding_claims", "%" PRIu64, pi->outstanding_pages / per_mib);
    field("free_cpus", "%u", 0);
}

static void info_phys(void)
{
    struct xen_sysctl_physinfo pi;
    const uint32_t *hw = pi.hw_cap;

    if (get_physinfo(&pi) < 0) {
        fprintf(stderr, "libxl_physinfo failed.\n");
        return;
    }
    field("nr_cpus", "%u", pi.nr_cpus);
    field("max_cpu_id", "%u", pi.max_cpu_id);
    field("nr_nodes", "%u", pi.nr_nodes);
    field("cores_per_socket", "%u", pi.cores_per_socket);
    field("threads_per_core", "%u", pi.threads_per_core);
    field("cpu_mhz", "%u.%03u", pi.cpu_khz / 1000, pi.cpu_khz % 1000);
    field("hw_caps", "%08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x",
          hw[0], hw[1], hw[2], hw[3], hw[4], hw[5], hw[6], hw[7]);
    info_virt_caps(&pi);
    info_memory(&pi, xencall_xen_version(xl_privcmd(), XENVER_pagesize, NULL));
}

/* xen_version(cmd) into buf, or "" if the hypervisor refuses. */
static const char *version_string(int cmd, char *buf, size_t size)
{
    memset(buf, 0, size);
    if (xencall_xen_version(xl_privcmd(), cmd, buf) < 0)
        buf[0] = '\0';
    buf[size - 1] = '\0';
    return buf;
}

/* The build id as hex digits, or "" without one. */
static const char *build_id_string(char *out, size_t outsize)
{
    union { xen_build_id_t id; unsigned char bytes[1024]; } u;
    long n;

    memset(&u, 0, sizeof(u));
    u.id.len = sizeof(u) - sizeof(u.id);
    n = xencall_xen_version(xl_privcmd(), XENVER_build_id, &u);
    out[0] = '\0';
    for (long i = 0; i < n && (size_t)(2 * i + 2) < outsize; i++)
        sprintf(out + 2 * i, "%02x", u.id.buf[i]);
    return out;
}

static const char *scheduler_name(uint32_t id)
{
    switch (id) {
    case XEN_SCHEDULER_SEDF:     return "sedf";
    case XEN_SCHEDULER_CREDIT:   return "credit";
    case XEN_SCHEDULER_CREDIT2:  return "credit2";
    case XEN_SCHEDULER_ARINC653: return "arinc653";
    case XEN_SCHEDULER_RTDS:     return "rtds";
    case XEN_SCHEDULER_NULL:     return "null";
    }
    return "(null)";    /* what Xen's xl prints for an id libxl lacks */
}

static long get_sched_id(void)
{
    struct xen_sysctl op;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_sched_id;
    if (xencall_sysctl(xl_privcmd(), &op) < 0)
        return -1;
    return op.u.sched_id.sched_id;
}

static void info_compile(void)
{
    xen_compile_info_t ci;

    memset(&ci, 0, sizeof(ci));
    if (xencall_xen_version(xl_privcmd(), XENVER_compile_info, &ci) < 0)
        memset(&ci, 0, sizeof(ci));
    ci.compile_date[sizeof(ci.compile_date) - 1] = '\0';
    field("cc_compiler", "%.*s", (int)sizeof(ci.compiler), ci.compiler);
    field("cc_compile_by", "%.*s", (int)sizeof(ci.compile_by), ci.compile_by);
    field("cc_compile_domain", "%.*s", (int)sizeof(ci.compile_domain),
          ci.compile_domain);
    field("cc_compile_date", "%s", ci.compile_date);
}

static void info_xen(void)
{
    int fd = xl_privcmd();
    long version = xencall_xen_version(fd, XENVER_version, NULL);
    long sched = get_sched_id();
    xen_platform_parameters_t pp = { 0 };
    static char extra[XEN_EXTRAVERSION_LEN], caps[XEN_CAPABILITIES_INFO_LEN],
        changeset[XEN_CHANGESET_INFO_LEN], cmdline[sizeof(xen_commandline_t)],
        build_id[2 * 1024 + 1];

    if (version < 0) {
        fprintf(stderr, "libxl_get_version_info failed.\n");
        return;
    }
    if (sched < 0) {
        fprintf(stderr, "get_scheduler sysctl failed.\n");
        return;
    }
    version_string(XENVER_extraversion, extra, sizeof(extra));
    field("xen_major", "%ld", version >> XENVER_MAJOR_SHIFT);
    field("xen_minor", "%ld", version & XENVER_MINOR_MASK);
    field("xen_extra", "%s", extra);
    field("xen_version", "%ld.%ld%s", version >> XENVER_MAJOR_SHIFT,
          version & XENVER_MINOR_MASK, extra);
    field("xen_caps", "%s",
          version_string(XENVER_capabilities, caps, sizeof(caps)));
    field("xen_scheduler", "%s", scheduler_name(sched));
    field("xen_pagesize", "%ld", xencall_xen_version(fd, XENVER_pagesize, NULL));
    xencall_xen_version(fd, XENVER_platform_parameters, &pp);
    field("platform_params", "virt_start=0x%" PRIx64, (uint64_t)pp.virt_start);
    field("xen_changeset", "%s",
          version_string(XENVER_changeset, changeset, sizeof(changeset)));
    field("xen_commandline", "%s",
          version_string(XENVER_commandline, cmdline, sizeof(cmdline)));
    info_compile();
    field("build_id", "%s", build_id_string(build_id, sizeof(build_id)));
}

int main_info(int argc, char **argv)
{
    int opt;

    while ((opt = xl_getopt(argc, argv, "+h", "info", 0)) != -1)
        ;
    info_only = argv[optind];
    xl_privcmd();       /* fail before printing anything, as Xen's xl */
    info_node();
    info_phys();
    info_xen();
    field("xend_config_format", "%d", 4);
    return EXIT_SUCCESS;
}
