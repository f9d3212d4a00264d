/*
 * tools/xl/xl_monitor.c - the xl process that stays with a domain after
 * `xl create`, as Xen 4.17's xl does (create_domain's event loop and
 * handle_domain_death): it watches @releaseDomain/<domid>, which
 * minixen's xenstored fires whenever that domain shuts down or dies (Xen's
 * xl watches @releaseDomain, fired for every domain, so each death woke
 * every monitor; with a xenstored that lacks the per-domain path it falls
 * back to that), and on this domain's shutdown carries out the config's
 * action for the reason:
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
#define PATH_BYTES     32

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
        /* The watch fires once when set, then on each change of state. */
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

/* The one domain's release, or every domain's where that is all there is. */
static bool watch_release(uint32_t domid, char *watched)
{
    snprintf(watched, PATH_BYTES, RELEASE_WATCH "/%" PRIu32, domid);
    if (xs_watch(xl_xs(), watched, MONITOR_TOKEN))
        return true;
    snprintf(watched, PATH_BYTES, RELEASE_WATCH);
    return xs_watch(xl_xs(), watched, MONITOR_TOKEN);
}

/* A restart made a new domain: its release is the one to hear of now. */
static bool follow_domain(uint32_t domid, char *watched)
{
    char old[PATH_BYTES], now[PATH_BYTES];

    snprintf(now, sizeof(now), RELEASE_WATCH "/%" PRIu32, domid);
    if (!strcmp(watched, RELEASE_WATCH) || !strcmp(watched, now))
        return true;
    snprintf(old, sizeof(old), "%s", watched);
    if (!watch_release(domid, watched))
        return false;
    xs_unwatch(xl_xs(), old, MONITOR_TOKEN);
    return true;
}

int xl_monitor_domain(struct xl_domain_config *dc, uint32_t domid)
{
    char watched[PATH_BYTES];
    int reason;

    if (!watch_release(domid, watched)) {
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
            if (!follow_domain(domid, watched)) {
                perror("xl: cannot watch " RELEASE_WATCH);
                return -1;
            }
        }
    }
}
