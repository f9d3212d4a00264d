/*
 * dom0/include/kernel/syscalls_net.h - the socket system calls net/
 * provides, for the system-call dispatcher; raw register arguments, as
 * syscalls_fs.h's.
 */
#ifndef DOM0_KERNEL_SYSCALLS_NET_H
#define DOM0_KERNEL_SYSCALLS_NET_H

#include <kernel/types.h>

/* net/socket.c */
long sys_socket(uint64_t family, uint64_t type, uint64_t protocol);
long sys_socketpair(uint64_t family, uint64_t type, uint64_t protocol, uaddr_t usv);
long sys_bind(uint64_t fd, uaddr_t uaddr, uint64_t addrlen);
long sys_listen(uint64_t fd, uint64_t backlog);
long sys_connect(uint64_t fd, uaddr_t uaddr, uint64_t addrlen);
long sys_accept(uint64_t fd, uaddr_t uaddr, uaddr_t uaddrlen);
long sys_accept4(uint64_t fd, uaddr_t uaddr, uaddr_t uaddrlen, uint64_t flags);
long sys_getsockname(uint64_t fd, uaddr_t uaddr, uaddr_t uaddrlen);
long sys_getpeername(uint64_t fd, uaddr_t uaddr, uaddr_t uaddrlen);
long sys_shutdown(uint64_t fd, uint64_t how);

/* net/sockmsg.c */
long sys_sendto(uint64_t fd, uaddr_t buf, uint64_t len, uint64_t flags, uaddr_t uaddr,
                uint64_t addrlen);
long sys_recvfrom(uint64_t fd, uaddr_t buf, uint64_t len, uint64_t flags, uaddr_t uaddr,
                  uaddr_t uaddrlen);
long sys_sendmsg(uint64_t fd, uaddr_t umsg, uint64_t flags);
long sys_recvmsg(uint64_t fd, uaddr_t umsg, uint64_t flags);

/* net/sockopt.c */
long sys_setsockopt(uint64_t fd, uint64_t level, uint64_t name, uaddr_t optval,
                    uint64_t optlen);
long sys_getsockopt(uint64_t fd, uint64_t level, uint64_t name, uaddr_t optval,
                    uaddr_t uoptlen);

#endif /* DOM0_KERNEL_SYSCALLS_NET_H */
