/*
 * tools/xl/xl_monitor.c - the xl process that stays with a domain after
 * `xl create`, as Xen 4.17's xl does (create_domain's event loop and
 * handle_domain_death): it watches @releaseDomain, which xenstored fires
 * whenever a domain shuts down or dies, and on this domain's shutdown
 * carries out the config's action for the reason:
 *
 *   destroy         destroy it and remove its xenstore nodes;
 *   restart         destroy it, build it again from the same config and
 *                   keep watching the new domain;
 *   rename-restart  rename it NAME-<UTC time> and leave it, then build a
 *                   new NAME;
 *   preserve        leave it (xl list shows it shut down) and stop;
 *   coredump-*      as destroy/restart: minixen writes no core dumps.
 *
 * A suspended domain, or one destroyed by someone else, ends the watch.
 * Messages go to stderr: the log file when the monitor runs detached.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <public/sched.h>
#include <public/domctl.h>
#include "xl_create.h"
#include "xl_domain.h"

#define RELEASE_WATCH  "@releaseDomain"
#define MONITOR_TOKEN  "xl-monitor"

enum watch_result { WATCH_SHUTDOWN, WATCH_GONE, WATCH_ERROR };

/* Blocks until the domain has shut down (*reason) or is gone. */
static enum watch_result wait_for_shutdown(uint32_t domid, int *reason)
{
    xc_domaininfo_t info;
    unsigned int n;
    char **event;

    for (;;) {
        if (xl_domain_info(domid, &info) || (info.flags & XEN_DOMINF_dying))
            return WATCH_GONE;
        *reason = xl_shutdown_reason(&info);
        if (*reason >= 0)
            return WATCH_SHUTDOWN;
        /* The watch fires once when set, then on every domain's change. */
        event = xs_read_watch(xl_xs(), &n);
        if (!event)
            return WATCH_ERROR;
        free(event);
    }
}

/* rename-restart: the old domain keeps running as NAME-<UTC time>. */
static int preserve_renamed(uint32_t domid, const char *name)
{
    char suffix[24], new_name[XL_NAME_MAX + 1], path[64];
    time_t now = time(NULL);
    struct tm tm;

    if (!gmtime_r(&now, &tm) ||
        !strftime(suffix, sizeof(suffix), "-%Y%m%dT%H%MZ", &tm))
        return -EINVAL;
    snprintf(new_name, sizeof(new_name), "%.*s%s",
             (int)(XL_NAME_MAX - strlen(suffix)), name, suffix);
    fprintf(stderr, "Preserving domain %" PRIu32 " %s with suffix%s\n",
            domid, name, suffix);
    snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/name", domid);
    return xs_write(xl_xs(), XBT_NULL, path, new_name,
                    (unsigned int)strlen(new_name)) ? 0 : -errno;
}

/* coredump-destroy and coredump-restart, without the dump. */
static enum xl_action without_coredump(enum xl_action action)
{
    if (action == XL_ACTION_COREDUMP_DESTROY)
        return XL_ACTION_DESTROY;
    if (action == XL_ACTION_COREDUMP_RESTART)
        return XL_ACTION_RESTART;
    return action;
}

/* The action for reason: 1 to watch *domid (a new domain), 0 to stop. */
static int handle_shutdown(struct xl_domain_config *dc, uint32_t *domid,
                           int reason)
{
    enum xl_action action = without_coredump(xl_action_for_reason(dc,
                                             (unsigned int)reason));

    fprintf(stderr, "Domain %" PRIu32 " has shut down, reason code %d 0x%x\n",
            *domid, reason, reason);
    if (reason == SHUTDOWN_suspend) {
        fprintf(stderr, "Domain has suspended.\n");
        return 0;
    }
    fprintf(stderr, "Action for shutdown reason code %d is %s\n", reason,
            xl_action_name(action));
    if (action == XL_ACTION_PRESERVE)
        return 0;
    if (action == XL_ACTION_RENAME_RESTART) {
        if (preserve_renamed(*domid, dc->name))
            return 0;
    } else {
        fprintf(stderr, "Domain %" PRIu32 " needs to be cleaned up: "
                "destroying the domain\n", *domid);
        xl_destroy_domain(*domid);
    }
    if (action == XL_ACTION_DESTROY)
        return 0;
    fprintf(stderr, "Done. Rebooting now\n");
    return xl_build_domain(dc, false, domid) == 0;
}

int xl_monitor_domain(struct xl_domain_config *dc, uint32_t domid)
{
    int reason;

    if (!xs_watch(xl_xs(), RELEASE_WATCH, MONITOR_TOKEN)) {
        perror("xl: cannot watch " RELEASE_WATCH);
        return -1;
    }
    for (;;) {
        fprintf(stderr, "Waiting for domain %s (domid %" PRIu32 ") to die "
                "[pid %ld]\n", dc->name, domid, (long)getpid());
        switch (wait_for_shutdown(domid, &reason)) {
        case WATCH_GONE:
            fprintf(stderr, "Domain %" PRIu32 " has been destroyed.\n", domid);
            xl_remove_domain_tree(domid);
            return 0;
        case WATCH_ERROR:
            perror("xl: lost xenstored");
            return -1;
        case WATCH_SHUTDOWN:
            if (!handle_shutdown(dc, &domid, reason)) {
                fprintf(stderr, "Done. Exiting now\n");
                return 0;
            }
        }
    }
}
