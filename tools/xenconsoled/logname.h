/*
 * tools/xenconsoled/logname.h - the log file of a domain's console, Xen's
 * <dir>/guest-<name>.log.  The name comes from xenstore, so it is made
 * safe for a file name first: only letters, digits, '-', '_' and '.'
 * stay (others become '_'), it may not start with '.', and it is cut at
 * LOGNAME_NAME_MAX; an empty name gives "dom<id>".
 */
#ifndef XENCONSOLED_LOGNAME_H
#define XENCONSOLED_LOGNAME_H

#include <stddef.h>
#include <stdint.h>

#define LOGNAME_NAME_MAX 64
#define XENCONSOLED_LOG_DIR "/var/log/xen/console"

/* The safe form of name in out (at least LOGNAME_NAME_MAX + 1 bytes). */
void logname_sanitize(char *out, const char *name, uint32_t domid);
/* "<dir>/guest-<safe name>.log" into buf; its length, or -1 if cut. */
int logname_path(char *buf, size_t size, const char *dir, const char *name,
                 uint32_t domid);

#endif /* XENCONSOLED_LOGNAME_H */
