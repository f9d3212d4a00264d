/*
 * guests/ctltest/dom0.c - domain 0's side: sysctl readconsole over the
 * hypervisor log ring (whole, incremental, limited, stale cursor, clear),
 * physinfo, and the errors of the gate for both hypercalls.
 */
#include "ctltest.h"

#define LOG_BUF_BYTES   (64 * 1024)     /* the hypervisor's whole ring */
#define HEAD_BYTES      16              /* oldest bytes remembered */
#define SHORT_COUNT     10
#define STALE_DISTANCE  1000000u        /* far behind anything held */
#define MIN_CPU_KHZ     100000u         /* 100 MHz: any real clock is faster */
#define CPUID_1D_FPU    (1u << 0)

static char text[LOG_BUF_BYTES + 1];
static char head[HEAD_BYTES];

struct readconsole_result {
    long rc;
    uint32_t index, count;
};

/* One readconsole into text (NUL-terminated after what came back). */
static struct readconsole_result readconsole(bool incremental, bool clear,
                                             uint32_t index, uint32_t count,
                                             char *buffer)
{
    struct xen_sysctl op = sysctl_op(XEN_SYSCTL_readconsole);
    struct readconsole_result r;

    op.u.readconsole.incremental = incremental;
    op.u.readconsole.clear = clear;
    op.u.readconsole.index = index;
    op.u.readconsole.count = count;
    set_xen_guest_handle(op.u.readconsole.buffer, buffer);
    r.rc = HYPERVISOR_sysctl(&op);
    r.index = op.u.readconsole.index;
    r.count = op.u.readconsole.count;
    if (buffer == text)
        text[r.count < LOG_BUF_BYTES ? r.count : LOG_BUF_BYTES] = '\0';
    return r;
}

static struct readconsole_result read_all(bool clear)
{
    return readconsole(false, clear, 0, LOG_BUF_BYTES, text);
}

/* A line printed earlier is in the ring; returns the cursor after it all. */
static uint32_t check_read_whole_ring(void)
{
    struct readconsole_result r;

    printk("ctltest: marker one\n");
    r = read_all(false);
    check(r.rc == 0 && r.count > 0 && strstr(text, "ctltest: marker one\n"),
          "dom0.readconsole_finds_line", "rc %ld, %u bytes", r.rc, r.count);
    memcpy(head, text, HEAD_BYTES);
    return r.index;
}

/* From the cursor on: only what was printed since, and the cursor moves. */
static void check_incremental(uint32_t cursor)
{
    struct readconsole_result r;

    printk("ctltest: marker two\n");
    r = readconsole(true, false, cursor, LOG_BUF_BYTES, text);
    check(r.rc == 0 && strstr(text, "ctltest: marker two\n") &&
          !strstr(text, "marker one"), "dom0.readconsole_incremental_new_only",
          "rc %ld, %u bytes: '%s'", r.rc, r.count, text);
    check(r.index - cursor == r.count, "dom0.readconsole_cursor_advances",
          "index %u -> %u for %u bytes", cursor, r.index, r.count);
    r = readconsole(true, false, r.index, LOG_BUF_BYTES, text);
    check(r.rc == 0 && strstr(text, "ok - dom0.readconsole_cursor_advances") &&
          !strstr(text, "marker two"), "dom0.readconsole_continues",
          "rc %ld, %u bytes: '%s'", r.rc, r.count, text);
}

/* count bounds the copy; a stale cursor restarts at the oldest byte. */
static void check_limits(void)
{
    char part[SHORT_COUNT];
    struct readconsole_result r = readconsole(false, false, 0, SHORT_COUNT, part);

    check(r.rc == 0 && r.count == SHORT_COUNT && !memcmp(part, head, SHORT_COUNT),
          "dom0.readconsole_count_limits", "rc %ld, %u bytes", r.rc, r.count);
    r = readconsole(true, false, r.index, HEAD_BYTES - SHORT_COUNT, part);
    check(r.rc == 0 && r.count == HEAD_BYTES - SHORT_COUNT &&
          !memcmp(part, head + SHORT_COUNT, r.count),
          "dom0.readconsole_short_reads_continue", "rc %ld, %u bytes", r.rc, r.count);
    r = readconsole(true, false, r.index - STALE_DISTANCE, SHORT_COUNT, part);
    check(r.rc == 0 && r.count == SHORT_COUNT && !memcmp(part, head, SHORT_COUNT),
          "dom0.readconsole_stale_index_restarts", "rc %ld, %u bytes", r.rc, r.count);
}

/* clear empties what was read (xl dmesg -c). */
static void check_clear(void)
{
    struct readconsole_result r;

    printk("ctltest: marker three\n");
    r = read_all(true);
    check(r.rc == 0 && strstr(text, "ctltest: marker three\n"),
          "dom0.readconsole_clear_reads", "rc %ld, %u bytes", r.rc, r.count);
    r = read_all(false);
    check(r.rc == 0 && !strstr(text, "marker") && r.count < HEAD_BYTES * 16,
          "dom0.readconsole_cleared", "rc %ld, %u bytes: '%s'", r.rc, r.count, text);
}

static void check_readconsole_errors(void)
{
    struct readconsole_result r = readconsole(false, false, 0, LOG_BUF_BYTES, BAD_PTR);

    check_rc("dom0.readconsole_bad_buffer", r.rc, -XEN_EFAULT);
    r = readconsole(false, false, 0, 0, NULL);
    check(r.rc == 0 && r.count == 0, "dom0.readconsole_count_zero",
          "rc %ld, %u bytes", r.rc, r.count);
}

static void check_physinfo(void)
{
    struct xen_sysctl op = sysctl_op(XEN_SYSCTL_physinfo);
    const struct xen_sysctl_physinfo *pi = &op.u.physinfo;

    if (!check_rc("dom0.physinfo", HYPERVISOR_sysctl(&op), 0))
        return;
    check(pi->nr_cpus == 1 && pi->max_cpu_id == 0 && pi->threads_per_core == 1 &&
          pi->cores_per_socket == 1 && pi->nr_nodes == 1 && pi->max_node_id == 0,
          "dom0.physinfo_one_cpu", "cpus %u max %u threads %u cores %u nodes %u",
          pi->nr_cpus, pi->max_cpu_id, pi->threads_per_core, pi->cores_per_socket,
          pi->nr_nodes);
    check(pi->cpu_khz >= MIN_CPU_KHZ, "dom0.physinfo_cpu_khz", "%u kHz", pi->cpu_khz);
    check(pi->capabilities == XEN_SYSCTL_PHYSCAP_pv && pi->arch_capabilities == 0,
          "dom0.physinfo_pv_only", "caps %#x arch %#x", pi->capabilities,
          pi->arch_capabilities);
    check(pi->free_pages > 0 && pi->free_pages < pi->total_pages &&
          pi->max_mfn + 1 >= pi->total_pages, "dom0.physinfo_pages",
          "total %lu free %lu max_mfn %lu", (unsigned long)pi->total_pages,
          (unsigned long)pi->free_pages, (unsigned long)pi->max_mfn);
    check(pi->hw_cap[0] & CPUID_1D_FPU, "dom0.physinfo_hw_cap", "%#x", pi->hw_cap[0]);
    printk("ctltest: physinfo total_pages=%lu free_pages=%lu max_mfn=%lu cpu_khz=%u\n",
           (unsigned long)pi->total_pages, (unsigned long)pi->free_pages,
           (unsigned long)pi->max_mfn, pi->cpu_khz);
}

/* The gate, for a caller that may pass it. */
static void check_gate_errors(void)
{
    struct xen_sysctl s = sysctl_op(UNKNOWN_CMD);
    struct xen_sysctl sv = sysctl_op(XEN_SYSCTL_physinfo);
    struct xen_domctl d = domctl_op(UNKNOWN_CMD, DOMU_ID);
    struct xen_domctl dv = domctl_op(XEN_DOMCTL_getdomaininfo, 0);

    sv.interface_version = WRONG_VERSION;
    dv.interface_version = WRONG_VERSION;
    check_rc("dom0.sysctl_unknown_cmd", HYPERVISOR_sysctl(&s), -XEN_ENOSYS);
    check_rc("dom0.sysctl_wrong_version", HYPERVISOR_sysctl(&sv), -XEN_EACCES);
    check_rc("dom0.sysctl_bad_pointer", HYPERVISOR_sysctl(BAD_PTR), -XEN_EFAULT);
    check_rc("dom0.domctl_unknown_cmd", HYPERVISOR_domctl(&d), -XEN_ENOSYS);
    check_rc("dom0.domctl_wrong_version", HYPERVISOR_domctl(&dv), -XEN_EACCES);
    check_rc("dom0.domctl_bad_pointer", HYPERVISOR_domctl(BAD_PTR), -XEN_EFAULT);
}

void ctltest_dom0(void)
{
    uint32_t cursor;

    check(start_info->flags & SIF_PRIVILEGED, "dom0.privileged",
          "start_info flags %#x", start_info->flags);
    cursor = check_read_whole_ring();
    check_incremental(cursor);
    check_limits();
    check_clear();
    check_readconsole_errors();
    check_physinfo();
    check_gate_errors();
    ctltest_domains();
    test_finish();
}
