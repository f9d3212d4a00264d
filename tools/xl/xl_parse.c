/*
 * tools/xl/xl_parse.c - the domain keys of xl.cfg, read as Xen 4.17's xl
 * reads them (parse_config_data) with libxl's defaults: memory 32 MiB,
 * maxmem = memory, one vCPU, on_poweroff destroy, on_reboot restart,
 * on_crash destroy, cmdline from root= and extra= when cmdline= is absent.
 *
 * minixen builds PV domains only: type "hvm" and "pvh" are refused with
 * a clear message.  Keys Xen's configs carry for devices and features
 * minixen lacks are accepted with one warning line each; keys Xen does
 * not know are ignored without a word, as Xen's xl does.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "xl_parse.h"

static const char *const action_names[] = {
    [XL_ACTION_DESTROY] = "destroy",
    [XL_ACTION_RESTART] = "restart",
    [XL_ACTION_RENAME_RESTART] = "rename-restart",
    [XL_ACTION_PRESERVE] = "preserve",
    [XL_ACTION_COREDUMP_DESTROY] = "coredump-destroy",
    [XL_ACTION_COREDUMP_RESTART] = "coredump-restart",
    [XL_ACTION_SOFT_RESET] = "soft-reset",
};
#define NR_ACTIONS (sizeof(action_names) / sizeof(action_names[0]))

/* Keys of Xen's xl.cfg that minixen accepts and does nothing with. */
static const char *const ignored_keys[] = {
    "bootloader_args", "vif", "disk", "vfb", "vkb", "vtpm", "p9",
    "pvcalls", "vdispl", "vsnd", "channel", "usbctrl", "usbdev", "pci",
    "dtdev", "iomem", "ioports", "irqs", "loader", "device_model_version",
    "device_model_override", "serial", "sdl", "vnc", "vnclisten",
    "vncdisplay", "vncpasswd", "keymap", "boot", "acpi", "apic", "pae",
    "hap", "nestedhvm", "viridian", "videoram", "stdvga", "vga", "usb",
    "usbdevice", "localtime", "rtc_timeoffset", "cpus", "cpus_soft",
    "cpu_weight", "cap", "pool", "seclabel", "init_seclabel",
    "on_watchdog", "on_soft_reset", "max_grant_frames",
    "max_maptrack_frames", "e820_host", "driver_domain", "vnuma",
    "claim_mode", "gfx_passthru", "xen_platform_pci", "tsc_mode",
    "cpuid", "features", "altp2m", "shadow_memory", "vcpu_hotplug",
};
#define NR_IGNORED (sizeof(ignored_keys) / sizeof(ignored_keys[0]))

/* Characters a domain name may hold besides letters and digits. */
#define NAME_PUNCTUATION "-_.:+@"

const char *xl_action_name(enum xl_action action)
{
    return (unsigned int)action < NR_ACTIONS ? action_names[action] : "?";
}

/* cfg->error = "SOURCE: message", for problems no line belongs to. */
static int config_error(struct xlcfg *cfg, const char *source,
                        const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int config_error(struct xlcfg *cfg, const char *source,
                        const char *fmt, ...)
{
    char msg[XLCFG_ERROR_BYTES];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return xlcfg_fail(cfg, "%s: %s", source, msg);
}

static void warn(FILE *warnings, const struct xlcfg_setting *set,
                 const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void warn(FILE *warnings, const struct xlcfg_setting *set,
                 const char *fmt, ...)
{
    va_list ap;

    if (!warnings)
        return;
    fprintf(warnings, "%s:%d: warning: ", set->source, set->line);
    va_start(ap, fmt);
    vfprintf(warnings, fmt, ap);
    va_end(ap);
    fputc('\n', warnings);
}

/* String key into buf: 0, -ESRCH when absent, -EINVAL when bad or long. */
static int get_bounded_string(struct xlcfg *cfg, const char *key, char *buf,
                              size_t size)
{
    const char *value;
    int rc = xlcfg_get_string(cfg, key, &value);

    if (rc)
        return rc;
    if (strlen(value) >= size) {
        xlcfg_report(cfg, xlcfg_find(cfg, key), "value of `%s' is longer "
                     "than %zu bytes", key, size - 1);
        return -EINVAL;
    }
    strcpy(buf, value);
    return 0;
}

int xl_check_domain_name(const char *name, const char **why)
{
    size_t len = strlen(name), digits = strspn(name, "0123456789");

    if (len == 0 || len > XL_NAME_MAX) {
        *why = "must be 1 to 63 bytes long";
        return -EINVAL;
    }
    for (size_t i = 0; i < len; i++) {
        if (!isalnum((unsigned char)name[i]) &&
            !strchr(NAME_PUNCTUATION, name[i])) {
            *why = "may hold only letters, digits and " NAME_PUNCTUATION;
            return -EINVAL;
        }
    }
    if (digits == len) {
        *why = "is a number, which xl would take for a domain id";
        return -EINVAL;
    }
    return 0;
}

static int parse_name(struct xlcfg *cfg, const char *source,
                      struct xl_domain_config *dc)
{
    const char *why;
    int rc = get_bounded_string(cfg, "name", dc->name, sizeof(dc->name));

    if (rc == -ESRCH)
        return config_error(cfg, source, "Domain name must be specified.");
    if (rc)
        return rc;
    if (xl_check_domain_name(dc->name, &why)) {
        xlcfg_report(cfg, xlcfg_find(cfg, "name"), "domain name \"%s\" %s",
                     dc->name, why);
        return -EINVAL;
    }
    return 0;
}

static int check_type(struct xlcfg *cfg, const char *key, const char *pv)
{
    const char *type;
    int rc = xlcfg_get_string(cfg, key, &type);

    if (rc == -ESRCH)
        return 0;
    if (rc)
        return rc;
    if (!strcmp(type, pv))
        return 0;
    if (!strcmp(type, "hvm") || !strcmp(type, "pvh"))
        xlcfg_report(cfg, xlcfg_find(cfg, key), "%s \"%s\" is not supported: "
                     "minixen builds PV domains only (type = \"pv\")", key,
                     type);
    else
        xlcfg_report(cfg, xlcfg_find(cfg, key), "Invalid domain type %s.",
                     type);
    return -EINVAL;
}

/* type = "pv", or the deprecated builder = "generic". */
static int parse_type(struct xlcfg *cfg)
{
    int rc = check_type(cfg, "type", "pv");

    return rc ? rc : check_type(cfg, "builder", "generic");
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool is_uuid_dash_at(unsigned int pos)
{
    return pos == 8 || pos == 13 || pos == 18 || pos == 23;
}

int xl_parse_uuid(const char *text, uint8_t uuid[16])
{
    unsigned int pos = 0, byte = 0;

    if (strlen(text) != 36)
        return -EINVAL;
    while (pos < 36) {
        if (is_uuid_dash_at(pos)) {
            if (text[pos++] != '-')
                return -EINVAL;
            continue;
        }
        if (hex_digit(text[pos]) < 0 || hex_digit(text[pos + 1]) < 0)
            return -EINVAL;
        uuid[byte++] = (uint8_t)(hex_digit(text[pos]) * 16 +
                                 hex_digit(text[pos + 1]));
        pos += 2;
    }
    return 0;
}

static int parse_uuid_key(struct xlcfg *cfg, struct xl_domain_config *dc)
{
    const char *text;
    int rc = xlcfg_get_string(cfg, "uuid", &text);

    if (rc == -ESRCH)
        return 0;
    if (rc)
        return rc;
    if (xl_parse_uuid(text, dc->uuid)) {
        xlcfg_report(cfg, xlcfg_find(cfg, "uuid"), "Failed to parse UUID: %s",
                     text);
        return -EINVAL;
    }
    dc->uuid_given = true;
    return 0;
}

/* memory and maxmem in MiB: each defaults to the other, then 32. */
static int parse_memory(struct xlcfg *cfg, struct xl_domain_config *dc)
{
    long memory = -1, maxmem = -1;
    int rc = xlcfg_get_long(cfg, "memory", 1, XL_MEMORY_MAX_MIB, &memory);

    if (rc && rc != -ESRCH)
        return rc;
    rc = xlcfg_get_long(cfg, "maxmem", 1, XL_MEMORY_MAX_MIB, &maxmem);
    if (rc && rc != -ESRCH)
        return rc;
    if (memory < 0)
        memory = maxmem < 0 ? XL_DEFAULT_MEMORY_MIB : maxmem;
    if (maxmem < 0)
        maxmem = memory;
    if (maxmem < memory) {
        xlcfg_report(cfg, xlcfg_find(cfg, "maxmem"), "maxmem (%ld MiB) is "
                     "less than memory (%ld MiB)", maxmem, memory);
        return -EINVAL;
    }
    dc->target_memkb = (uint64_t)memory * 1024;
    dc->max_memkb = (uint64_t)maxmem * 1024;
    return 0;
}

static int parse_vcpus(struct xlcfg *cfg, struct xl_domain_config *dc)
{
    long vcpus = 1, max = 0;
    int rc = xlcfg_get_long(cfg, "vcpus", 1, XL_VCPUS_MAX, &vcpus);

    if (rc && rc != -ESRCH)
        return rc;
    rc = xlcfg_get_long(cfg, "maxvcpus", 1, XL_VCPUS_MAX, &max);
    if (rc && rc != -ESRCH)
        return rc;
    if (max == 0)
        max = vcpus;
    if (max < vcpus) {
        xlcfg_report(cfg, xlcfg_find(cfg, "maxvcpus"), "maxvcpus (%ld) is "
                     "less than vcpus (%ld)", max, vcpus);
        return -EINVAL;
    }
    dc->vcpus = (unsigned int)vcpus;
    dc->max_vcpus = (unsigned int)max;
    return 0;
}

static int lookup_action(const char *name)
{
    for (unsigned int i = 0; i < NR_ACTIONS; i++)
        if (!strcmp(name, action_names[i]))
            return (int)i;
    return -1;
}

/* on_<event>, defaulting to fallback; coredump-* act without the dump. */
static int parse_action(struct xlcfg *cfg, const char *key,
                        enum xl_action fallback, enum xl_action *out,
                        FILE *warnings)
{
    const struct xlcfg_setting *set = xlcfg_find(cfg, key);
    const char *name;
    int rc = xlcfg_get_string(cfg, key, &name), action;

    *out = fallback;
    if (rc == -ESRCH)
        return 0;
    if (rc)
        return rc;
    action = lookup_action(name);
    if (action < 0 || action == XL_ACTION_SOFT_RESET) {
        xlcfg_report(cfg, set, action < 0 ? "Unknown %s action \"%s\" "
                     "specified" : "%s action \"%s\" is not supported by "
                     "minixen", key, name);
        return -EINVAL;
    }
    if (action == XL_ACTION_COREDUMP_DESTROY ||
        action == XL_ACTION_COREDUMP_RESTART)
        warn(warnings, set, "minixen writes no core dumps: %s acts as %s",
             name, name + strlen("coredump-"));
    *out = (enum xl_action)action;
    return 0;
}

static int parse_actions(struct xlcfg *cfg, struct xl_domain_config *dc,
                         FILE *warnings)
{
    int rc = parse_action(cfg, "on_poweroff", XL_ACTION_DESTROY,
                          &dc->on_poweroff, warnings);

    if (!rc)
        rc = parse_action(cfg, "on_reboot", XL_ACTION_RESTART,
                          &dc->on_reboot, warnings);
    if (!rc)
        rc = parse_action(cfg, "on_crash", XL_ACTION_DESTROY, &dc->on_crash,
                          warnings);
    return rc;
}

/* kernel (required: minixen runs no bootloader) and ramdisk. */
static int parse_images(struct xlcfg *cfg, const char *source,
                        struct xl_domain_config *dc, FILE *warnings)
{
    const struct xlcfg_setting *bootloader = xlcfg_find(cfg, "bootloader");
    int rc = get_bounded_string(cfg, "kernel", dc->kernel, sizeof(dc->kernel));

    if (rc == -ESRCH && bootloader)
        xlcfg_report(cfg, bootloader, "minixen runs no bootloader: give the "
                     "kernel with kernel=");
    else if (rc == -ESRCH)
        config_error(cfg, source, "Neither kernel nor bootloader specified");
    else if (!rc && !dc->kernel[0])
        xlcfg_report(cfg, xlcfg_find(cfg, "kernel"), "kernel is empty");
    if (rc || !dc->kernel[0])
        return -EINVAL;
    if (bootloader)
        warn(warnings, bootloader, "minixen runs no bootloader: booting "
             "kernel= directly");
    rc = get_bounded_string(cfg, "ramdisk", dc->ramdisk, sizeof(dc->ramdisk));
    return rc == -ESRCH ? 0 : rc;
}

/* Xen's parse_cmdline: cmdline=, else "root=R E", "root=R" or "E". */
static int parse_cmdline(struct xlcfg *cfg, struct xl_domain_config *dc,
                         FILE *warnings)
{
    const char *cmdline = NULL, *root = NULL, *extra = NULL;
    const struct xlcfg_setting *set = xlcfg_find(cfg, "cmdline");
    int n;

    if ((xlcfg_get_string(cfg, "cmdline", &cmdline) == -EINVAL) ||
        (xlcfg_get_string(cfg, "root", &root) == -EINVAL) ||
        (xlcfg_get_string(cfg, "extra", &extra) == -EINVAL))
        return -EINVAL;
    if (cmdline && (root || extra))
        warn(warnings, set, "ignoring root= and extra= in favour of cmdline=");
    if (cmdline)
        n = snprintf(dc->cmdline, sizeof(dc->cmdline), "%s", cmdline);
    else if (root)
        n = snprintf(dc->cmdline, sizeof(dc->cmdline), extra ? "root=%s %s"
                     : "root=%s", root, extra);
    else
        n = snprintf(dc->cmdline, sizeof(dc->cmdline), "%s",
                     extra ? extra : "");
    if (n >= (int)sizeof(dc->cmdline)) {
        set = set ? set : xlcfg_find(cfg, extra ? "extra" : "root");
        xlcfg_report(cfg, set, "the kernel command line is longer than %zu "
                     "bytes", sizeof(dc->cmdline) - 1);
        return -EINVAL;
    }
    return 0;
}

static void warn_ignored_keys(struct xlcfg *cfg, FILE *warnings)
{
    for (unsigned int i = 0; i < NR_IGNORED; i++) {
        const struct xlcfg_setting *set = xlcfg_find(cfg, ignored_keys[i]);

        if (set)
            warn(warnings, set, "minixen ignores `%s'", ignored_keys[i]);
    }
}

int xl_parse_domain_config(struct xlcfg *cfg, const char *source,
                           struct xl_domain_config *dc, FILE *warnings)
{
    int rc;

    memset(dc, 0, sizeof(*dc));
    cfg->error[0] = '\0';
    rc = parse_type(cfg);
    if (!rc)
        rc = parse_name(cfg, source, dc);
    if (!rc)
        rc = parse_uuid_key(cfg, dc);
    if (!rc)
        rc = parse_memory(cfg, dc);
    if (!rc)
        rc = parse_vcpus(cfg, dc);
    if (!rc)
        rc = parse_actions(cfg, dc, warnings);
    if (!rc)
        rc = parse_images(cfg, source, dc, warnings);
    if (!rc)
        rc = parse_cmdline(cfg, dc, warnings);
    if (!rc)
        warn_ignored_keys(cfg, warnings);
    return rc ? -EINVAL : 0;
}
