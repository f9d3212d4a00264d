/*
 * tools/xenstore/xs_perms.c - who may do what (Xen's xenstored rules) and
 * which paths are valid.
 *
 * A node's permissions are a list: the first entry names the owner and
 * gives everyone not listed their access; later entries give one domain
 * its access.  The owner and privileged connections (dom0) may read and
 * write.  Paths are absolute ("/a/b") or relative to the connection's
 * /local/domain/N; only [A-Za-z0-9-/_@] characters, no empty component,
 * no trailing slash, and at most QUOTA_PATH_LEN characters past the
 * /local/domain/N/ prefix.
 */
#include <string.h>
#include "xenstored.h"

#define PERM_ALL (XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER)

unsigned int perm_for_conn(const struct xs_conn *c,
                           const struct xs_permissions *perms, unsigned int n)
{
    if (c->privileged || perms[0].id == c->id)
        return PERM_ALL;
    for (unsigned int i = 1; i < n; i++)
        if (perms[i].id == c->id)
            return perms[i].perms & PERM_ALL;
    return perms[0].perms & PERM_ALL;
}

static bool path_char_valid(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9') || ch == '-' || ch == '/' || ch == '_' ||
           ch == '@';
}

/* Length of a leading "/local/domain/N/", else 0. */
static size_t local_prefix_len(const char *path)
{
    static const char local[] = "/local/domain/";
    size_t at = sizeof(local) - 1, digits;

    if (strncmp(path, local, at) != 0)
        return 0;
    digits = strspn(path + at, "0123456789");
    if (digits == 0 || digits > 5 || path[at + digits] != '/')
        return 0;
    return at + digits + 1;
}

/* One pass: every request's path comes through here, often twice. */
bool xs_path_valid(const char *path)
{
    size_t len;

    if (path[0] != '/')
        return false;
    for (len = 0; path[len]; len++)
        if (!path_char_valid(path[len]) ||
            (path[len] == '/' && path[len + 1] == '/'))
            return false;
    if (len > 1 && path[len - 1] == '/')
        return false;
    return len <= local_prefix_len(path) + QUOTA_PATH_LEN;
}

bool xs_path_canonical(const struct xs_conn *c, const char *path,
                       char *out, size_t size)
{
    /* "@..." stays as it is, so it is refused as a node path (Xen). */
    bool absolute = path[0] == '/' || path[0] == '@';
    size_t prefix = absolute ? 0 : strlen(c->domain_path);
    size_t len = strlen(path);

    if (prefix + !absolute + len >= size)
        return false;
    memcpy(out, c->domain_path, prefix);
    if (!absolute)
        out[prefix++] = '/';
    memcpy(out + prefix, path, len + 1);
    return xs_path_valid(out);
}

static struct xs_permissions introduce_perms[QUOTA_PERMS_PER_NODE + 1] = { { 0, XS_PERM_NONE } };
static struct xs_permissions release_perms[QUOTA_PERMS_PER_NODE + 1] = { { 0, XS_PERM_NONE } };
static struct xs_special specials[] = {
    { "@introduceDomain", introduce_perms, 1 },
    { "@releaseDomain", release_perms, 1 },
};

/* minixen's "@releaseDomain/<domid>": one domain's release alone. */
static bool is_release_of_one(const char *path)
{
    const char *id = path + strlen(RELEASE_OF_ONE);
    size_t digits = strspn(id, "0123456789");

    return !strncmp(path, RELEASE_OF_ONE, strlen(RELEASE_OF_ONE)) &&
           digits >= 1 && digits <= 5 && id[digits] == '\0';
}

struct xs_special *xs_special_find(const char *path)
{
    for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++)
        if (strcmp(path, specials[i].path) == 0)
            return &specials[i];
    return is_release_of_one(path) ? &specials[1] : NULL;
}
