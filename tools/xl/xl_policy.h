/*
 * tools/xl/xl_policy.h - the decisions of xl's domain commands that need
 * no hypervisor, kept apart so the host tests check them: create's
 * arguments, what to do when a domain shuts down, mem-set's sizes, and
 * the /local/domain/N tree libxl writes for a new PV domain.
 */
#ifndef MINIXEN_TOOLS_XL_POLICY_H
#define MINIXEN_TOOLS_XL_POLICY_H

#include <stddef.h>
#include <stdint.h>
#include "xl_parse.h"

/* Xen's libxl slack above a domain's memory for setmaxmem, KiB. */
#define XL_MAXMEM_CONSTANT_KB 1024
/* libxl's console/limit: bytes xenconsoled buffers for a guest. */
#define XL_CONSOLE_LIMIT      1048576
#define XL_OVERRIDES_MAX      8192

/*
 * `xl create [options] [file] [key=value ...]` after the options, as
 * Xen's main_create takes it: the first word without '=' is the config
 * file, every key=value becomes one line of *overrides (buf, size
 * bytes).  0, or -EINVAL (a second file, or none) / -E2BIG.
 */
int xl_split_create_args(int argc, char **argv, const char **config_file,
                         char *overrides, size_t size);

/* The action the config asks for when the domain shut down for reason. */
enum xl_action xl_action_for_reason(const struct xl_domain_config *dc,
                                    unsigned int reason);

/* Xen's names of SHUTDOWN_* reasons ("poweroff", ..., "unknown"). */
const char *xl_shutdown_reason_name(unsigned int reason);

/*
 * mem-set's size as Xen's parse_mem_size_kb reads it: a number with an
 * optional b, k, m (the default), g or t: KiB, or -1 if malformed.
 */
int64_t xl_parse_mem_size_kb(const char *text);

/* Who may write a node of a new domain's tree (libxl's two masks). */
enum xl_xs_owner {
    XL_XS_DOM0,     /* dom0 owns it, the domain may read */
    XL_XS_GUEST,    /* the domain owns it */
};

struct xl_xs_entry {
    char path[96];
    char value[80];         /* "" for a directory made empty */
    enum xl_xs_owner owner;
    /*
     * A new node takes its parent's permissions (Xen's rule for dom0's
     * writes), so only the tree's top and the domain's own nodes need
     * theirs set; a node of dom0's never lies below one of the domain's.
     */
    bool set_perms;
};

/* What the tree is made from. */
struct xl_domain_layout {
    uint32_t domid;
    const char *name;
    const char *vm_path;            /* "/vm/<uuid>" */
    uint64_t target_memkb, max_memkb;
    unsigned int vcpus, max_vcpus;
    uint64_t console_mfn, store_mfn;
    uint32_t console_port, store_port;
};

#define XL_XS_MAX_ENTRIES (40 + XL_VCPUS_MAX)

/*
 * The nodes under /local/domain/N that libxl__domain_make and
 * libxl__build_post write for a PV domain, in writing order: how many,
 * or -E2BIG if max is too small.
 */
int xl_domain_xs_entries(const struct xl_domain_layout *layout,
                         struct xl_xs_entry *out, size_t max);

/* "xxxxxxxx-xxxx-...": buf of at least 37 bytes. */
void xl_format_uuid(const uint8_t uuid[16], char *buf);

#endif /* MINIXEN_TOOLS_XL_POLICY_H */
