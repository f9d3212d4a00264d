/*
 * tools/xl/xl_parse.h - a domain's xl.cfg read into what `xl create`
 * needs, the way Xen 4.17's xl (tools/xl/xl_parse.c, parse_config_data)
 * and libxl's defaults read it.  Pure: no hypervisor, no files opened.
 */
#ifndef MINIXEN_TOOLS_XL_PARSE_H
#define MINIXEN_TOOLS_XL_PARSE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <public/xen.h>
#include "xlcfg.h"

/* Xen's libxl_action_on_shutdown names, in libxl's order. */
enum xl_action {
    XL_ACTION_DESTROY,
    XL_ACTION_RESTART,
    XL_ACTION_RENAME_RESTART,
    XL_ACTION_PRESERVE,
    XL_ACTION_COREDUMP_DESTROY,
    XL_ACTION_COREDUMP_RESTART,
    XL_ACTION_SOFT_RESET,
};

#define XL_NAME_MAX        63          /* bytes; minixen's name sysctl holds 64 */
#define XL_PATH_MAX        4096
#define XL_MEMORY_MAX_MIB  (1L << 20)  /* 1 TiB */
#define XL_VCPUS_MAX       XEN_LEGACY_MAX_VCPUS
#define XL_DEFAULT_MEMORY_MIB 32       /* libxl's default max_memkb */

struct xl_domain_config {
    char name[XL_NAME_MAX + 1];
    char kernel[XL_PATH_MAX];
    char ramdisk[XL_PATH_MAX];          /* "" for none */
    char cmdline[MAX_GUEST_CMDLINE];
    uint64_t target_memkb;              /* memory= */
    uint64_t max_memkb;                 /* maxmem=, at least target */
    unsigned int vcpus;                 /* online at boot */
    unsigned int max_vcpus;             /* maxvcpus=, at least vcpus */
    enum xl_action on_poweroff, on_reboot, on_crash;
    uint8_t uuid[16];
    bool uuid_given;                    /* from uuid=, else xl makes one */
};

/*
 * Fills dc from cfg (settings already read: the file, then the command
 * line's key=value overrides).  Warnings (keys minixen ignores, root/extra
 * beside cmdline, ...) go to `warnings`, one line each.  0, or -EINVAL with
 * one line in cfg->error naming the source (and line) and the problem;
 * `source` is the config file's name, for problems that have no line.
 */
int xl_parse_domain_config(struct xlcfg *cfg, const char *source,
                           struct xl_domain_config *dc, FILE *warnings);

/* The action's name as xl.cfg spells it. */
const char *xl_action_name(enum xl_action action);

/* 0 if name is a name xl accepts for a domain, else -EINVAL and a reason. */
int xl_check_domain_name(const char *name, const char **why);

/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" into uuid: 0 or -EINVAL. */
int xl_parse_uuid(const char *text, uint8_t uuid[16]);

#endif /* MINIXEN_TOOLS_XL_PARSE_H */
