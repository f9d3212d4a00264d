/*
 * tools/xl/xl_create.c - `xl create`, in the order Xen 4.17's xl and
 * libxl take (xl_vmcontrol.c create_domain, libxl_create.c,
 * libxl_dom.c):
 *
 *   1. read the config file, then the command line's key=value lines;
 *   2. check, before any domain exists, that the kernel is a loadable PV
 *      image, the ramdisk readable, the name free and the memory there,
 *      so that a bad request uses up no domain id and leaves nothing;
 *   3. createdomain (with the config's or a random UUID as handle),
 *      max_vcpus, setmaxmem (memory + libxl's 1 MiB slack), the store
 *      and console event channels (unbound, for dom0), the PV build,
 *      the /local/domain/N tree, XS_INTRODUCE, and unpause unless -p;
 *      a failure on the way destroys the domain and its nodes;
 *   4. stay behind as the domain's monitor ("xl-NAME", in the background
 *      unless -F; not at all with -e), which carries out on_poweroff,
 *      on_reboot and on_crash; with -c the terminal then attaches to the
 *      domain's console (the monitor in the background) until Ctrl-].
 *
 * Exit statuses as Xen's: 1 for a bad config, 2 for bad arguments, 3
 * (libxl's ERROR_FAIL) when the domain cannot be built, 6 (ERROR_INVAL)
 * without a config file.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <public/domctl.h>
#include <public/xen.h>
#include "xenguest.h"
#include "xl.h"
#include "xl_create.h"
#include "xl_domain.h"
#include "xlconsole.h"

#define KIB_PER_PAGE   (XEN_PAGE_SIZE / 1024)
#define XL_LOG_DIR     "/var/log/xen"
/* libxl's default event channel limit for a guest. */
#define XL_MAX_EVTCHN_PORT 1023

struct create_opts {
    bool paused, quiet, console, dryrun;
    bool daemonize;             /* monitor in the background (not -F) */
    bool monitor;               /* monitor at all (not -e) */
};

/* The file, then the overrides: 0, or 1 after the error line. */
static int load_config(const char *file, const char *overrides,
                       struct xl_domain_config *dc, bool quiet)
{
    struct xlcfg *cfg = xlcfg_new();
    int rc;

    if (!cfg) {
        perror("xl");
        return 1;
    }
    if (!quiet)
        fprintf(stderr, "Parsing config from %s\n", file);
    rc = xlcfg_parse_file(cfg, file);
    if (!rc && overrides[0])
        rc = xlcfg_parse_buffer(cfg, "command line", overrides,
                                strlen(overrides));
    if (!rc)
        rc = xl_parse_domain_config(cfg, file, dc, stderr);
    if (rc)
        fprintf(stderr, "%s\n", xlcfg_error(cfg));
    xlcfg_free(cfg);
    return rc ? 1 : 0;
}

static int check_images(const struct xl_domain_config *dc, const char *file)
{
    char why[256];

    if (xg_pv_check_kernel(dc->kernel, why, sizeof(why))) {
        fprintf(stderr, "%s: kernel %s: %s\n", file, dc->kernel, why);
        return XL_ERROR_FAIL;
    }
    if (dc->ramdisk[0] && access(dc->ramdisk, R_OK)) {
        fprintf(stderr, "%s: ramdisk %s: %s\n", file, dc->ramdisk,
                strerror(errno));
        return XL_ERROR_FAIL;
    }
    return 0;
}

static int check_memory(const struct xl_domain_config *dc, const char *file)
{
    xc_physinfo_t info;
    uint64_t free_kb;

    memset(&info, 0, sizeof(info));
    if (xc_physinfo(xl_xc(), &info)) {
        fprintf(stderr, "xl: cannot read the host's free memory: %s\n",
                strerror(errno));
        return XL_ERROR_FAIL;
    }
    free_kb = info.free_pages * KIB_PER_PAGE;
    if (dc->target_memkb > free_kb) {
        fprintf(stderr, "%s: memory = %" PRIu64 " MiB is more than the host's "
                "free memory (%" PRIu64 " MiB)\n", file,
                dc->target_memkb / 1024, free_kb / 1024);
        return XL_ERROR_FAIL;
    }
    return 0;
}

/* Step 2: everything that can be refused before a domain exists. */
static int check_request(const struct xl_domain_config *dc, const char *file)
{
    uint32_t other;
    int rc = check_images(dc, file);

    if (!rc)
        rc = check_memory(dc, file);
    if (rc)
        return rc;
    /* xenstored must be there to publish the domain: exits if not. */
    xl_xs();
    if (xl_name_to_domid(dc->name, &other) == 0) {
        fprintf(stderr, "Domain with name \"%s\" already exists.\n", dc->name);
        return XL_ERROR_FAIL;
    }
    return 0;
}

static void random_uuid(uint8_t uuid[16])
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

    if (fd < 0 || read(fd, uuid, 16) != 16)
        for (int i = 0; i < 16; i++)
            uuid[i] = (uint8_t)(rand() ^ getpid());
    if (fd >= 0)
        close(fd);
    uuid[6] = (uint8_t)((uuid[6] & 0x0f) | 0x40);  /* RFC 4122 version 4 */
    uuid[8] = (uint8_t)((uuid[8] & 0x3f) | 0x80);
}

/* What the build steps share, and what a failure must undo. */
struct build {
    const struct xl_domain_config *dc;
    uint8_t uuid[16];
    uint32_t domid;
    bool created, introduced;
    uint32_t store_port, console_port;
    struct xg_pv_result result;
};

static int build_fail(struct build *b, const char *step)
{
    fprintf(stderr, "xl: cannot create domain %s: %s failed: %s\n",
            b->dc->name, step, strerror(errno));
    return XL_ERROR_FAIL;
}

static int create_empty_domain(struct build *b)
{
    struct xen_domctl_createdomain config;

    memset(&config, 0, sizeof(config));
    memcpy(config.handle, b->uuid, sizeof(config.handle));
    config.max_vcpus = b->dc->max_vcpus;
    config.max_evtchn_port = XL_MAX_EVTCHN_PORT;
    config.max_grant_frames = -1;
    config.max_maptrack_frames = -1;
    b->domid = 0;                       /* any free id */
    if (xc_domain_create(xl_xc(), &b->domid, &config))
        return build_fail(b, "createdomain");
    b->created = true;
    if (xc_domain_max_vcpus(xl_xc(), b->domid, b->dc->max_vcpus))
        return build_fail(b, "max_vcpus");
    if (xc_domain_setmaxmem(xl_xc(), b->domid,
                            b->dc->max_memkb + XL_MAXMEM_CONSTANT_KB))
        return build_fail(b, "setmaxmem");
    return 0;
}

/* The store's and the console's channels, unbound for dom0 to bind. */
static int alloc_ports(struct build *b)
{
    int store = xc_evtchn_alloc_unbound(xl_xc(), b->domid, 0);
    int console = store < 0 ? -1 : xc_evtchn_alloc_unbound(xl_xc(),
                                                           b->domid, 0);

    if (store < 0 || console < 0)
        return build_fail(b, "evtchn_alloc_unbound");
    b->store_port = (uint32_t)store;
    b->console_port = (uint32_t)console;
    return 0;
}

static int build_image(struct build *b)
{
    struct xg_pv_config cfg = {
        .kernel = b->dc->kernel,
        .ramdisk = b->dc->ramdisk[0] ? b->dc->ramdisk : NULL,
        .cmdline = b->dc->cmdline,
        .mem_kb = b->dc->target_memkb,
        .vcpus = b->dc->vcpus,
        .console_port = b->console_port, .store_port = b->store_port,
        .console_domid = 0, .store_domid = 0,
    };
    int rc = xg_pv_build(xl_xc(), b->domid, &cfg, &b->result);

    if (rc) {
        fprintf(stderr, "xl: cannot build domain %s: %s\n", b->dc->name,
                b->result.error[0] ? b->result.error : strerror(-rc));
        return XL_ERROR_FAIL;
    }
    return 0;
}

static int publish(struct build *b)
{
    char uuid[37], vm_path[48];
    struct xl_domain_layout layout = {
        .domid = b->domid, .name = b->dc->name, .vm_path = vm_path,
        .target_memkb = b->dc->target_memkb, .max_memkb = b->dc->max_memkb,
        .vcpus = b->dc->vcpus, .max_vcpus = b->dc->max_vcpus,
        .console_mfn = b->result.console_mfn,
        .store_mfn = b->result.store_mfn,
        .console_port = b->console_port, .store_port = b->store_port,
    };
    int rc;

    xl_format_uuid(b->uuid, uuid);
    snprintf(vm_path, sizeof(vm_path), "/vm/%s", uuid);
    rc = xl_write_domain_tree(&layout);
    if (rc) {
        errno = -rc;
        return build_fail(b, "writing its xenstore nodes");
    }
    if (!xs_introduce_domain(xl_xs(), b->domid, b->result.store_mfn,
                             b->store_port))
        return build_fail(b, "XS_INTRODUCE");
    b->introduced = true;
    return 0;
}

/* Undoes whatever step 3 got to: the domain and its nodes go. */
static void unbuild(struct build *b)
{
    if (!b->created)
        return;
    if (b->introduced)
        xs_release_domain(xl_xs(), b->domid);
    xl_destroy_domain(b->domid);
}

int xl_build_domain(const struct xl_domain_config *dc, bool paused,
                    uint32_t *domid)
{
    struct build b = { .dc = dc };
    int rc;

    if (dc->uuid_given)
        memcpy(b.uuid, dc->uuid, sizeof(b.uuid));
    else
        random_uuid(b.uuid);
    rc = create_empty_domain(&b);
    if (!rc)
        rc = alloc_ports(&b);
    if (!rc)
        rc = build_image(&b);
    if (!rc)
        rc = publish(&b);
    if (!rc && !paused && xc_domain_unpause(xl_xc(), b.domid))
        rc = build_fail(&b, "unpause");
    if (rc) {
        unbuild(&b);
        return rc;
    }
    *domid = b.domid;
    return 0;
}

static void print_dry_run(const struct xl_domain_config *dc)
{
    printf("name: %s\nkernel: %s\nramdisk: %s\ncmdline: %s\n"
           "memory: %" PRIu64 " MiB\nmaxmem: %" PRIu64 " MiB\nvcpus: %u\n"
           "maxvcpus: %u\non_poweroff: %s\non_reboot: %s\non_crash: %s\n",
           dc->name, dc->kernel, dc->ramdisk, dc->cmdline,
           dc->target_memkb / 1024, dc->max_memkb / 1024, dc->vcpus,
           dc->max_vcpus, xl_action_name(dc->on_poweroff),
           xl_action_name(dc->on_reboot), xl_action_name(dc->on_crash));
}

/* The monitor's stdout and stderr: /var/log/xen/xl-NAME.log. */
static void redirect_to_log(const char *name)
{
    char path[128];
    int null = open("/dev/null", O_RDONLY), log;

    mkdir(XL_LOG_DIR, 0755);
    snprintf(path, sizeof(path), XL_LOG_DIR "/xl-%s.log", name);
    log = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (null >= 0)
        dup2(null, STDIN_FILENO);
    if (log >= 0) {
        dup2(log, STDOUT_FILENO);
        dup2(log, STDERR_FILENO);
        close(log);
    }
    if (null > STDERR_FILENO)
        close(null);
}

/*
 * Step 4: in the background, as Xen's do_daemonize("xl-NAME"), unless
 * in_foreground; returns in the parent.
 */
static int monitor(struct xl_domain_config *dc, uint32_t domid,
                   bool in_foreground)
{
    pid_t pid;

    if (in_foreground)
        return xl_monitor_domain(dc, domid);
    fflush(NULL);
    /* The builder's freed buffers go back first: fork copies every
     * writable page still mapped, whether the heap uses it or not. */
    malloc_trim(0);
    pid = fork();
    if (pid < 0) {
        perror("xl: cannot fork the domain's monitor");
        return 0;
    }
    if (pid > 0)
        return 0;
    setsid();
    redirect_to_log(dc->name);
    exit(xl_monitor_domain(dc, domid) ? EXIT_FAILURE : EXIT_SUCCESS);
}

static int create(const char *file, const char *overrides,
                  const struct create_opts *opts)
{
    static struct xl_domain_config dc;
    uint32_t domid;
    int rc = load_config(file, overrides, &dc, opts->quiet);

    if (rc)
        return rc;
    if (opts->dryrun) {
        print_dry_run(&dc);
        return 0;
    }
    rc = check_request(&dc, file);
    if (!rc)
        rc = xl_build_domain(&dc, opts->paused, &domid);
    if (rc)
        return -rc;
    /* With -c the terminal is the console's, so the monitor goes behind. */
    if (opts->monitor)
        rc = monitor(&dc, domid, !opts->daemonize && !opts->console);
    if (opts->console)
        return xl_console_attach(domid);   /* -c: until Ctrl-] */
    return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}

static void parse_create_opts(int argc, char **argv, struct create_opts *o)
{
    static const struct option longopts[] = {
        { "dryrun", no_argument, NULL, 'n' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int opt;

    *o = (struct create_opts){ .daemonize = true, .monitor = true };
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "+Fnqpceh", longopts, NULL)) != -1) {
        switch (opt) {
        case 'F': o->daemonize = false; break;
        case 'e': o->daemonize = o->monitor = false; break;
        case 'n': o->dryrun = true; break;
        case 'q': o->quiet = true; break;
        case 'p': o->paused = true; break;
        case 'c': o->console = true; break;
        case 'h': help("create"); exit(EXIT_SUCCESS);
        default:
            fprintf(stderr, "option `%c' not supported.\n", optopt);
            exit(2);
        }
    }
}

int main_create(int argc, char **argv)
{
    static char overrides[XL_OVERRIDES_MAX];
    struct create_opts opts;
    const char *file;
    int rc;

    parse_create_opts(argc, argv, &opts);
    rc = xl_split_create_args(argc - optind, argv + optind, &file, overrides,
                              sizeof(overrides));
    if (rc == -E2BIG) {
        fprintf(stderr, "xl: the key=value settings are longer than %d "
                "bytes\n", XL_OVERRIDES_MAX);
        return 2;
    }
    if (rc && !file) {
        fprintf(stderr, "Config file not specified and none in save file\n");
        return -XL_ERROR_INVAL;
    }
    if (rc) {
        help("create");
        return 2;
    }
    return create(file, overrides, &opts);
}
