/*
 * dom0/net/socket.h - what the socket system-call files share: the
 * socket behind a descriptor and the copying of addresses in and out,
 * with Linux's checks (net/socket.c's move_addr_to_kernel/_to_user).
 */
#ifndef DOM0_NET_SOCKET_H
#define DOM0_NET_SOCKET_H

#include <kernel/types.h>
#include <kernel/fs.h>
#include "unix.h"

/* The socket open at fd with its file referenced (fput when done): -EBADF, -ENOTSOCK. */
long sock_lookup(uint64_t fd, struct file **f, struct unix_sock **sk);
bool sock_nonblocking(const struct file *f, int msg_flags);
/* len bytes of a caller's sockaddr into buf (LINUX_SOCKADDR_STORAGE long): 0 or -errno. */
long sockaddr_copy_in(void *buf, uaddr_t uaddr, uint64_t len);
/* a to the caller's (uaddr, *ulen), cut to *ulen, *ulen set to its length: 0 or -errno. */
long sockaddr_copy_out(const struct unix_addr *a, uaddr_t uaddr, uaddr_t ulen);

#endif /* DOM0_NET_SOCKET_H */
