/*
 * dom0/net/unix_addr.c - the names of AF_UNIX sockets, as Linux's:
 * a path in the file tree (bind creates an S_IFSOCK inode there, which
 * outlives the socket until unlinked; unlinking it leaves the socket
 * bound but unreachable), or an abstract name, bytes after a leading
 * NUL in a namespace of their own that vanishes with the socket.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include "../fs/vfs.h"
#include "unix.h"

/* Autobind's names: a NUL and five hex digits, Linux's 2^20 of them. */
#define AUTOBIND_NAMES      0x100000
#define AUTOBIND_LEN        (UNIX_ADDR_UNBOUND + 6)

static struct unix_sock *abstract_sockets;

long unix_addr_parse(const void *sa, size_t len, bool for_bind, struct unix_addr *out)
{
    const uint8_t *bytes = sa;
    uint16_t family = 0;
    size_t path_len;

    memset(out, 0, sizeof(*out));
    if (len >= UNIX_ADDR_UNBOUND)
        memcpy(&family, bytes, sizeof(family));
    if (for_bind && len == UNIX_ADDR_UNBOUND && family == AF_UNIX) {
        out->len = UNIX_ADDR_UNBOUND;           /* autobind */
        return 0;
    }
    if (len <= UNIX_ADDR_UNBOUND || len > sizeof(struct linux_sockaddr_un) ||
        family != AF_UNIX)
        return -EINVAL;
    memcpy(out->bytes, bytes, len);
    if (bytes[UNIX_ADDR_UNBOUND] == 0) {
        out->len = (uint32_t)len;
        return 0;
    }
    path_len = strnlen(unix_addr_path(out), len - UNIX_ADDR_UNBOUND);
    out->len = (uint32_t)(UNIX_ADDR_UNBOUND + path_len + 1);
    memset(out->bytes + out->len - 1, 0, sizeof(out->bytes) - (out->len - 1));
    return 0;
}

static struct unix_sock *abstract_find(const struct unix_addr *a)
{
    for (struct unix_sock *sk = abstract_sockets; sk; sk = sk->abstract_next)
        if (sk->addr.len == a->len && !memcmp(sk->addr.bytes, a->bytes, a->len))
            return sk;
    return NULL;
}

static long bind_abstract(struct unix_sock *sk, const struct unix_addr *a)
{
    if (abstract_find(a))
        return -EADDRINUSE;
    sk->abstract_next = abstract_sockets;
    abstract_sockets = sk;
    sk->abstract_bound = true;
    return 0;
}

/* An unused autobind name, or -ENOSPC when all are taken. */
static long autobind_name(struct unix_addr *a)
{
    static uint32_t next;

    a->len = AUTOBIND_LEN;
    for (uint32_t tries = 0; tries < AUTOBIND_NAMES; tries++) {
        uint32_t n = next++ % AUTOBIND_NAMES;
        a->bytes[UNIX_ADDR_UNBOUND] = 0;
        snprintf((char *)a->bytes + UNIX_ADDR_UNBOUND + 1, 6, "%05x", n);
        if (!abstract_find(a))
            return 0;
    }
    return -ENOSPC;
}

static bool is_dot_or_dotdot(const char *name, size_t len)
{
    return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/*
 * The new S_IFSOCK entry.  Linux makes the node before it looks at the
 * socket, so an existing name (EADDRINUSE, its EEXIST) and the path's
 * errors come before a bound socket's EINVAL.
 */
static struct inode *create_name(struct unix_sock *sk, struct inode *dir, const char *name,
                                 size_t len, bool trailing, long *err)
{
    *err = -EADDRINUSE;
    if (is_dot_or_dotdot(name, len) || (!dir->iops && dir_find(dir, name, len)))
        return NULL;
    *err = -ENOENT;
    if (trailing)
        return NULL;
    if ((*err = dir_may_change(dir)))
        return NULL;
    *err = -EINVAL;
    if (sk->addr.len != UNIX_ADDR_UNBOUND)
        return NULL;
    return inode_create(dir, name, len, S_IFSOCK | S_IRWXUGO, err);
}

static long bind_path(struct unix_sock *sk, const char *path)
{
    struct inode *start = at_start(AT_FDCWD, path), *dir, *ino;
    const char *name;
    size_t len;
    bool trailing;
    long err;

    if (IS_ERR(start))
        return PTR_ERR(start);
    err = vfs_parent_at(start, path, &dir, &name, &len, &trailing);
    inode_put(start);
    if (err)
        return err;
    ino = create_name(sk, dir, name, len, trailing, &err);
    inode_put(dir);
    if (!ino)
        return err;
    inode_get(ino);
    ino->bound_sock = sk;
    sk->name_inode = ino;
    return 0;
}

/* Autobinding a bound socket does nothing; binding it again is EINVAL. */
long unix_bind(struct unix_sock *sk, const struct unix_addr *a)
{
    struct unix_addr name = *a;
    bool bound = sk->addr.len != UNIX_ADDR_UNBOUND;
    long err = 0;

    if (name.len == UNIX_ADDR_UNBOUND) {
        if (bound)
            return 0;
        err = autobind_name(&name);
    }
    if (!err && unix_addr_is_abstract(&name))
        err = bound ? -EINVAL : bind_abstract(sk, &name);
    else if (!err)
        err = bind_path(sk, unix_addr_path(&name));
    if (!err)
        sk->addr = name;
    return err;
}

static void abstract_remove(struct unix_sock *sk)
{
    for (struct unix_sock **pp = &abstract_sockets; *pp; pp = &(*pp)->abstract_next)
        if (*pp == sk) {
            *pp = sk->abstract_next;
            break;
        }
    sk->abstract_bound = false;
}

/* The name stays in the tree (as on Linux); it only stops leading here. */
void unix_unbind(struct unix_sock *sk)
{
    if (sk->name_inode) {
        sk->name_inode->bound_sock = NULL;
        inode_put(sk->name_inode);
        sk->name_inode = NULL;
    }
    if (sk->abstract_bound)
        abstract_remove(sk);
}

static long find_path(const char *path, struct unix_sock **out)
{
    struct inode *ino;
    long err = vfs_lookup(path, true, &ino);

    if (err)
        return err;
    err = inode_permission(ino, W_OK);
    if (!err && (!S_ISSOCK(ino->mode) || !ino->bound_sock))
        err = -ECONNREFUSED;
    if (!err)
        *out = ino->bound_sock;
    inode_put(ino);
    return err;
}

long unix_find(const struct unix_addr *a, struct unix_sock **out)
{
    if (!unix_addr_is_abstract(a))
        return find_path(unix_addr_path(a), out);
    *out = abstract_find(a);
    return *out ? 0 : -ECONNREFUSED;
}
