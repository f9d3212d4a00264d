/*
 * tests/dom0/build_domain.c - the toolstack's path to a running domU, the
 * way xl create takes it, through libxenctrl and the PV builder:
 *
 *   build_domain check KERNEL...   xg_pv_check_kernel on each file: one
 *                                  line "FILE: loadable" or "FILE: refused
 *                                  (errno N): REASON"; exit 0 if all load
 *   build_domain run KERNEL [KiB [RAMDISK]]  createdomain, max_vcpus 1, setmaxmem,
 *                                  two unbound ports for dom0, xg_pv_build;
 *                                  the domain must be paused with vCPU 0
 *                                  at the kernel's entry, then unpaused it
 *                                  must power off by itself; destroyed
 *                                  after.  Also a build into too little
 *                                  memory and one for a domain that does
 *                                  not exist, both refused cleanly.
 *                                  A RAMDISK is loaded after the kernel.
 *                                  Reports in check.h's format.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <public/sched.h>
#include "check.h"
#include "xenctrl.h"
#include "xenguest.h"

#define DEFAULT_MEM_KB      (16 * 1024)
#define TOO_LITTLE_MEM_KB   64
#define WAIT_STEP_US        10000
#define WAIT_STEPS          3000        /* 30 s: QEMU without KVM is slow */
#define NO_SUCH_DOMAIN      30000

static int check_kernels(int argc, char **argv)
{
    int refused = 0;

    for (int i = 0; i < argc; i++) {
        char why[256];
        int rc = xg_pv_check_kernel(argv[i], why, sizeof(why));

        if (rc == 0) {
            printf("%s: loadable\n", argv[i]);
            continue;
        }
        refused++;
        printf("%s: refused (errno %d): %s\n", argv[i], -rc, why);
    }
    return refused ? 1 : 0;
}

/* A fresh PV domain with one vCPU, mem_kb of memory and its two ports. */
static int new_domain(xc_interface *xch, uint64_t mem_kb,
                      struct xg_pv_config *cfg, uint32_t *domid)
{
    struct xen_domctl_createdomain config = {
        .max_vcpus = 1, .max_evtchn_port = 1023,
        .max_grant_frames = 64, .max_maptrack_frames = 1024,
    };
    int console, store;

    *domid = 0;
    if (xc_domain_create(xch, domid, &config) ||
        xc_domain_max_vcpus(xch, *domid, 1) ||
        xc_domain_setmaxmem(xch, *domid, mem_kb))
        return -errno;
    console = xc_evtchn_alloc_unbound(xch, *domid, 0);
    store = xc_evtchn_alloc_unbound(xch, *domid, 0);
    if (console < 0 || store < 0)
        return -errno;
    cfg->mem_kb = mem_kb;
    cfg->vcpus = 1;
    cfg->console_port = (uint32_t)console;
    cfg->store_port = (uint32_t)store;
    return 0;
}

static int domain_flags(xc_interface *xch, uint32_t domid, uint32_t *flags)
{
    xc_domaininfo_t info;

    if (xc_domain_getinfolist(xch, domid, 1, &info) != 1 || info.domain != domid)
        return -1;
    *flags = info.flags;
    return 0;
}

static bool powered_off(uint32_t flags)
{
    return (flags & XEN_DOMINF_shutdown) &&
           ((flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask) ==
               SHUTDOWN_poweroff;
}

static void check_built_state(xc_interface *xch, uint32_t domid, const char *kernel)
{
    vcpu_guest_context_any_t ctxt;
    char why[160];
    uint32_t flags = 0;
    int rc;

    check_true("built domain is paused",
               domain_flags(xch, domid, &flags) == 0 && (flags & XEN_DOMINF_paused),
               "not listed as paused after the build");
    rc = xg_pv_check_kernel(kernel, why, sizeof(why));
    memset(&ctxt, 0, sizeof(ctxt));
    rc = rc ? rc : xc_vcpu_getcontext(xch, domid, 0, &ctxt);
    snprintf(why, sizeof(why), "getvcpucontext: %s, rsi %#llx cr3 %#llx",
             rc ? strerror(errno) : "ok", (unsigned long long)ctxt.c.user_regs.rsi,
             (unsigned long long)ctxt.c.ctrlreg[3]);
    check_true("vCPU 0 has start_info in rsi and a cr3",
               rc == 0 && ctxt.c.user_regs.rsi && ctxt.c.ctrlreg[3], why);
}

static void wait_for_poweroff(xc_interface *xch, uint32_t domid)
{
    uint32_t flags = 0;
    int steps;

    for (steps = 0; steps < WAIT_STEPS; steps++) {
        if (domain_flags(xch, domid, &flags) || powered_off(flags))
            break;
        usleep(WAIT_STEP_US);
    }
    check_true("unpaused domain powers off", powered_off(flags),
               "it did not shut down with reason poweroff in 30 s");
}

static void run_good_build(xc_interface *xch, const char *kernel, uint64_t mem_kb,
                           const char *ramdisk)
{
    struct xg_pv_config cfg = { .kernel = kernel, .ramdisk = ramdisk,
                                .cmdline = "built by dom0" };
    struct xg_pv_result res;
    uint32_t domid;
    int rc = new_domain(xch, mem_kb, &cfg, &domid);

    check_true("domain created with two unbound ports", rc == 0, strerror(-rc));
    if (rc)
        return;
    printf("domain %u: console port %u, store port %u\n", domid,
           cfg.console_port, cfg.store_port);
    rc = xg_pv_build(xch, domid, &cfg, &res);
    check_true("xg_pv_build succeeds", rc == 0, res.error);
    check_true("console and store frames are distinct and set",
               res.console_mfn && res.store_mfn && res.console_mfn != res.store_mfn,
               "the result's frames are missing or equal");
    if (rc == 0) {
        check_built_state(xch, domid, kernel);
        check_true("unpause", xc_domain_unpause(xch, domid) == 0, strerror(errno));
        wait_for_poweroff(xch, domid);
    }
    check_true("destroy", xc_domain_destroy(xch, domid) == 0, strerror(errno));
}

static void run_bad_builds(xc_interface *xch, const char *kernel)
{
    struct xg_pv_config cfg = { .kernel = kernel };
    struct xg_pv_result res;
    uint32_t domid;
    int rc = new_domain(xch, TOO_LITTLE_MEM_KB, &cfg, &domid);

    if (rc == 0) {
        rc = xg_pv_build(xch, domid, &cfg, &res);
        check_true("too little memory is refused with ENOMEM and a reason",
                   rc == -ENOMEM && strstr(res.error, "not enough memory"), res.error);
        check_true("destroy the refused domain", xc_domain_destroy(xch, domid) == 0,
                   strerror(errno));
    } else {
        check_true("second domain created", 0, strerror(-rc));
    }
    cfg.mem_kb = DEFAULT_MEM_KB;
    rc = xg_pv_build(xch, NO_SUCH_DOMAIN, &cfg, &res);
    check_true("a domain that does not exist is refused with ESRCH",
               rc == -ESRCH && res.error[0], res.error);
    printf("no such domain: %s\n", res.error);
}

static int run(const char *kernel, uint64_t mem_kb, const char *ramdisk)
{
    xc_interface *xch = xc_interface_open(NULL, NULL, 0);

    check_true("open privcmd", xch != NULL, strerror(errno));
    if (!xch)
        return check_verdict("build_domain");
    run_good_build(xch, kernel, mem_kb, ramdisk);
    run_bad_builds(xch, kernel);
    xc_interface_close(xch);
    return check_verdict("build_domain");
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "check") == 0)
        return check_kernels(argc - 2, argv + 2);
    if (argc >= 3 && argc <= 5 && strcmp(argv[1], "run") == 0)
        return run(argv[2], argc >= 4 ? strtoull(argv[3], NULL, 0) : DEFAULT_MEM_KB,
                   argc == 5 ? argv[4] : NULL);
    fprintf(stderr, "usage: build_domain check KERNEL... | run KERNEL [KiB [RAMDISK]]\n");
    return 2;
}
