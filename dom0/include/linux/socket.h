/*
 * dom0/include/linux/socket.h - Linux's x86_64 socket ABI as dom0 serves
 * it: address families, socket types, message flags, socket options and
 * the structures the socket calls copy in and out.
 */
#ifndef DOM0_LINUX_SOCKET_H
#define DOM0_LINUX_SOCKET_H

#include <kernel/types.h>

#define AF_UNSPEC           0
#define AF_UNIX             1
#define LINUX_NPROTO        46          /* AF_MAX: families beyond are EAFNOSUPPORT */

#define SOCK_STREAM         1
#define SOCK_DGRAM          2
#define SOCK_RAW            3
#define SOCK_SEQPACKET      5
#define SOCK_MAX            11          /* SOCK_PACKET + 1 */
#define SOCK_TYPE_MASK      0xf
#define SOCK_NONBLOCK       00004000    /* O_NONBLOCK */
#define SOCK_CLOEXEC        02000000    /* O_CLOEXEC */

#define SOMAXCONN           4096        /* net.core.somaxconn's default */

#define MSG_OOB             0x1
#define MSG_PEEK            0x2
#define MSG_CTRUNC          0x8
#define MSG_TRUNC           0x20
#define MSG_DONTWAIT        0x40
#define MSG_WAITALL         0x100
#define MSG_NOSIGNAL        0x4000
#define MSG_CMSG_CLOEXEC    0x40000000

#define SHUT_RD             0
#define SHUT_WR             1
#define SHUT_RDWR           2

#define SOL_SOCKET          1
#define SO_DEBUG            1
#define SO_REUSEADDR        2
#define SO_TYPE             3
#define SO_ERROR            4
#define SO_DONTROUTE        5
#define SO_BROADCAST        6
#define SO_SNDBUF           7
#define SO_RCVBUF           8
#define SO_KEEPALIVE        9
#define SO_OOBINLINE        10
#define SO_PRIORITY         12
#define SO_LINGER           13
#define SO_PASSCRED         16
#define SO_PEERCRED         17
#define SO_RCVLOWAT         18
#define SO_RCVTIMEO         20          /* struct timeval, as SO_RCVTIMEO_OLD on x86_64 */
#define SO_SNDTIMEO         21
#define SO_ACCEPTCONN       30
#define SO_PROTOCOL         38
#define SO_DOMAIN           39

/* ioctls of a stream socket: bytes queued to read, and sent but unread. */
#define SIOCINQ             0x541b      /* FIONREAD */
#define SIOCOUTQ            0x5411      /* TIOCOUTQ */

#define UNIX_PATH_MAX       108

struct linux_sockaddr_un {
    uint16_t sun_family;
    char sun_path[UNIX_PATH_MAX];
};

/* What the socket calls accept as an address length (sockaddr_storage). */
#define LINUX_SOCKADDR_STORAGE  128

struct linux_ucred {
    int32_t pid;
    uint32_t uid, gid;
};

struct linux_msghdr {
    uint64_t msg_name;
    int32_t msg_namelen;
    uint32_t pad;
    uint64_t msg_iov;
    uint64_t msg_iovlen;
    uint64_t msg_control;
    uint64_t msg_controllen;
    int32_t msg_flags;
    uint32_t pad2;
};

BUILD_BUG_ON(sizeof(struct linux_sockaddr_un) != 110);
BUILD_BUG_ON(sizeof(struct linux_ucred) != 12);
BUILD_BUG_ON(sizeof(struct linux_msghdr) != 56);
BUILD_BUG_ON(offsetof(struct linux_msghdr, msg_flags) != 48);

#endif /* DOM0_LINUX_SOCKET_H */
