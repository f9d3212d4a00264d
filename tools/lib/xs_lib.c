/*
 * tools/lib/xs_lib.c - what xenstored and its clients share: permission
 * strings ("n0", "r1", "w2", "b3": a letter for none/read/write/both and a
 * domain id) and the error names of the wire.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fmt_uint.h"
#include "xenstore.h"

struct xs_error_name {
    int err;
    const char *name;
};

#define XS_ERROR_ENTRY(e) { e, #e },
static const struct xs_error_name xs_error_names[] = {
    XS_ERROR_LIST(XS_ERROR_ENTRY)
};

int xs_errno_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof(xs_error_names) / sizeof(xs_error_names[0]); i++)
        if (strcmp(name, xs_error_names[i].name) == 0)
            return xs_error_names[i].err;
    return EINVAL;
}

/* Errors without a wire name travel as EINVAL, the table's first, as Xen. */
const char *xs_errno_name(int err)
{
    for (size_t i = 0; i < sizeof(xs_error_names) / sizeof(xs_error_names[0]); i++)
        if (xs_error_names[i].err == err)
            return xs_error_names[i].name;
    return xs_error_names[0].name;
}

static int perm_from_letter(char c)
{
    switch (c) {
    case 'n': return XS_PERM_NONE;
    case 'r': return XS_PERM_READ;
    case 'w': return XS_PERM_WRITE;
    case 'b': return XS_PERM_READ | XS_PERM_WRITE;
    default:  return -1;
    }
}

/* A domain id: decimal digits only, below 2^32. */
static bool parse_perm_domid(const char *s, unsigned int *id)
{
    char *end;
    unsigned long v;

    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || *end || v > UINT32_MAX)
        return false;
    *id = (unsigned int)v;
    return true;
}

bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
                         const char *strings)
{
    const char *p = strings;

    for (unsigned int i = 0; i < num; i++, p += strlen(p) + 1) {
        int bits = perm_from_letter(*p);
        if (bits < 0 || !parse_perm_domid(p + 1, &perms[i].id)) {
            errno = EINVAL;
            return false;
        }
        perms[i].perms = (enum xs_perm_type)bits;
    }
    return true;
}

bool xs_perm_to_string(const struct xs_permissions *perm, char *buffer,
                       size_t buf_len)
{
    static const char letters[] = "nrwb";
    unsigned int bits = perm->perms & (XS_PERM_READ | XS_PERM_WRITE);
    char text[1 + FMT_UINT_MAX];
    size_t n;

    if (perm->perms & ~(XS_PERM_READ | XS_PERM_WRITE)) {
        errno = EINVAL;
        return false;
    }
    text[0] = letters[bits];
    n = 1 + fmt_uint(text + 1, perm->id);
    if (n >= buf_len) {
        errno = E2BIG;
        return false;
    }
    memcpy(buffer, text, n);
    buffer[n] = '\0';
    return true;
}

unsigned int xs_count_strings(const char *strings, unsigned int len)
{
    unsigned int num = 0;

    for (unsigned int i = 0; i < len; i++)
        if (strings[i] == '\0')
            num++;
    return num;
}
