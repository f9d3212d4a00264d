/*
 * tools/xenconsoled/logname.c - log file names from domain names
 * (logname.h).
 */
#include <stdio.h>
#include "logname.h"

static int safe_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

void logname_sanitize(char *out, const char *name, uint32_t domid)
{
    size_t n = 0;

    for (; name && name[n] && n < LOGNAME_NAME_MAX; n++)
        out[n] = safe_char(name[n]) ? name[n] : '_';
    out[n] = '\0';
    if (n == 0)
        snprintf(out, LOGNAME_NAME_MAX + 1, "dom%u", domid);
    else if (out[0] == '.')
        out[0] = '_';
}

int logname_path(char *buf, size_t size, const char *dir, const char *name,
                 uint32_t domid)
{
    char safe[LOGNAME_NAME_MAX + 1];
    int n;

    logname_sanitize(safe, name, domid);
    n = snprintf(buf, size, "%s/guest-%s.log", dir, safe);
    return n < 0 || (size_t)n >= size ? -1 : n;
}
