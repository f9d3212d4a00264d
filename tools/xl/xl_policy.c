/*
 * tools/xl/xl_policy.c - the hypervisor-free decisions of xl's domain
 * commands (xl_policy.h), as Xen 4.17's xl and libxl make them:
 * main_create's argument rule, the on_* action for each shutdown reason
 * (watchdog and soft reset as libxl's defaults: destroy), mem-set's
 * parse_mem_size_kb, and the nodes of libxl__domain_make and
 * libxl__build_post for a PV domain.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <public/sched.h>
#include "fmt_uint.h"
#include "xl_policy.h"

int xl_split_create_args(int argc, char **argv, const char **config_file,
                         char *overrides, size_t size)
{
    size_t used = 0;

    *config_file = NULL;
    overrides[0] = '\0';
    for (int i = 0; i < argc; i++) {
        size_t len = strlen(argv[i]);

        if (!strchr(argv[i], '=')) {
            if (*config_file)
                return -EINVAL;
            *config_file = argv[i];
            continue;
        }
        if (used + len + 2 > size)
            return -E2BIG;
        memcpy(overrides + used, argv[i], len);
        used += len;
        overrides[used++] = '\n';
        overrides[used] = '\0';
    }
    return *config_file ? 0 : -EINVAL;
}

enum xl_action xl_action_for_reason(const struct xl_domain_config *dc,
                                    unsigned int reason)
{
    switch (reason) {
    case SHUTDOWN_poweroff:
        return dc->on_poweroff;
    case SHUTDOWN_reboot:
        return dc->on_reboot;
    case SHUTDOWN_crash:
        return dc->on_crash;
    default:                /* watchdog, soft_reset, unknown: destroy */
        return XL_ACTION_DESTROY;
    }
}

const char *xl_shutdown_reason_name(unsigned int reason)
{
    static const char *const names[] = {
        [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
        [SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
        [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
    };

    return reason <= SHUTDOWN_MAX ? names[reason] : "unknown";
}

int64_t xl_parse_mem_size_kb(const char *text)
{
    char *end;
    long long n;
    int shift;

    if (!isdigit((unsigned char)text[0]))
        return -1;
    errno = 0;
    n = strtoll(text, &end, 10);
    if (errno || (end[0] && end[1]))
        return -1;
    switch (tolower((unsigned char)end[0])) {
    case 't': shift = 30; break;
    case 'g': shift = 20; break;
    case '\0':
    case 'm': shift = 10; break;
    case 'k': shift = 0; break;
    case 'b': return n >> 10;
    default: return -1;
    }
    if (n > (INT64_MAX >> shift))
        return -1;
    return (int64_t)n << shift;
}

void xl_format_uuid(const uint8_t u[16], char *buf)
{
    snprintf(buf, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5],
             u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

/* Builds the list one node at a time, checking room. */
struct entry_list {
    const struct xl_domain_layout *layout;
    struct xl_xs_entry *out;
    size_t max, count;
    int err;
};

/* "/local/domain/<domid>[/node]" into buf, by hand (75 of them per
 * create); false if it does not fit. */
static bool domain_node_path(char *buf, size_t size, uint32_t domid, const char *node)
{
    static const char prefix[] = "/local/domain/";
    size_t len = sizeof(prefix) - 1, node_len = strlen(node);
    char digits[FMT_UINT_MAX];
    size_t ndigits = fmt_uint(digits, domid);

    if (len + ndigits + (node_len ? 1 + node_len : 0) >= size)
        return false;
    memcpy(buf, prefix, len);
    memcpy(buf + len, digits, ndigits);
    len += ndigits;
    if (node_len) {
        buf[len++] = '/';
        memcpy(buf + len, node, node_len);
        len += node_len;
    }
    buf[len] = '\0';
    return true;
}

static void add(struct entry_list *l, enum xl_xs_owner owner,
                const char *node, const char *value)
{
    struct xl_xs_entry *e;
    size_t n;

    if (l->count >= l->max) {
        l->err = -E2BIG;
        return;
    }
    e = &l->out[l->count++];
    if (!domain_node_path(e->path, sizeof(e->path), l->layout->domid, node)) {
        l->err = -ENAMETOOLONG;
        return;
    }
    n = strnlen(value, sizeof(e->value) - 1);       /* cut as snprintf would */
    memcpy(e->value, value, n);
    e->value[n] = '\0';
    e->owner = owner;
    e->set_perms = node[0] == '\0' || owner == XL_XS_GUEST;
}

static void add_number(struct entry_list *l, const char *node, uint64_t n)
{
    char value[24];

    value[fmt_uint(value, n)] = '\0';
    add(l, XL_XS_DOM0, node, value);
}

/* Directories and flags the guest writes: shutdown requests, features. */
static const char *const guest_nodes[] = {
    "control/shutdown", "control/feature-poweroff", "control/feature-reboot",
    "control/feature-suspend", "control/sysrq", "data", "drivers", "feature",
    "attr", "error",
};

static void add_identity(struct entry_list *l)
{
    add(l, XL_XS_DOM0, "", "");
    add(l, XL_XS_DOM0, "vm", l->layout->vm_path);
    add(l, XL_XS_DOM0, "name", l->layout->name);
    add_number(l, "domid", l->layout->domid);
}

static void add_cpus_and_memory(struct entry_list *l)
{
    char node[32];

    add(l, XL_XS_DOM0, "cpu", "");
    for (unsigned int i = 0; i < l->layout->max_vcpus; i++) {
        snprintf(node, sizeof(node), "cpu/%u/availability", i);
        add(l, XL_XS_DOM0, node, i < l->layout->vcpus ? "online" : "offline");
    }
    add(l, XL_XS_DOM0, "memory", "");
    add_number(l, "memory/static-max", l->layout->max_memkb);
    add_number(l, "memory/target", l->layout->target_memkb);
}

static void add_control(struct entry_list *l)
{
    add(l, XL_XS_DOM0, "device", "");
    add(l, XL_XS_DOM0, "control", "");
    for (size_t i = 0; i < sizeof(guest_nodes) / sizeof(guest_nodes[0]); i++)
        add(l, XL_XS_GUEST, guest_nodes[i], "");
    add(l, XL_XS_DOM0, "control/platform-feature-multiprocessor-suspend", "1");
    add(l, XL_XS_DOM0, "control/platform-feature-xs_reset_watches", "1");
}

static void add_rings(struct entry_list *l)
{
    add(l, XL_XS_DOM0, "store", "");
    add_number(l, "store/port", l->layout->store_port);
    add_number(l, "store/ring-ref", l->layout->store_mfn);
    add(l, XL_XS_DOM0, "console", "");
    add(l, XL_XS_DOM0, "console/backend-id", "0");
    add_number(l, "console/limit", XL_CONSOLE_LIMIT);
    add(l, XL_XS_DOM0, "console/type", "xenconsoled");
    add(l, XL_XS_DOM0, "console/output", "pty");
    add_number(l, "console/port", l->layout->console_port);
    add_number(l, "console/ring-ref", l->layout->console_mfn);
}

int xl_domain_xs_entries(const struct xl_domain_layout *layout,
                         struct xl_xs_entry *out, size_t max)
{
    struct entry_list l = { .layout = layout, .out = out, .max = max };

    add_identity(&l);
    add_cpus_and_memory(&l);
    add_control(&l);
    add_rings(&l);
    return l.err ? l.err : (int)l.count;
}
