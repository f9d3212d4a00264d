/*
 * tools/xl/xl_dmesg.c - `xl dmesg [-c]`: prints the hypervisor's console
 * ring, and with -c empties it too.
 *
 * As Xen's xl (through libxl's console reader): sysctl readconsole in
 * incremental mode, 16 KiB at a time, each read starting where the last
 * ended, until a read returns nothing.  The bytes are printed as they
 * are, without adding or dropping line ends.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xencall.h"
#include "xl.h"

#define DMESG_CHUNK 16384

/* One read from *index on: bytes read (0 when the ring is drained) or -1. */
static long dmesg_read(int fd, char *buf, int clear, uint32_t *index)
{
    struct xen_sysctl op;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_readconsole;
    op.u.readconsole.clear = clear;
    op.u.readconsole.incremental = 1;
    op.u.readconsole.index = *index;
    set_xen_guest_handle(op.u.readconsole.buffer, buf);
    op.u.readconsole.count = DMESG_CHUNK;
    if (xencall_sysctl(fd, &op) < 0)
        return -1;
    /* Never trust a count past the buffer we gave. */
    if (op.u.readconsole.count > DMESG_CHUNK) {
        errno = EOVERFLOW;
        return -1;
    }
    *index = op.u.readconsole.index;
    return op.u.readconsole.count;
}

int main_dmesg(int argc, char **argv)
{
    int opt, clear = 0, fd;
    uint32_t index = 0;
    long got;
    char *buf;

    while ((opt = xl_getopt(argc, argv, "+ch", "dmesg", 0)) != -1)
        if (opt == 'c')
            clear = 1;
    fd = xl_privcmd();
    buf = xencall_buffer(DMESG_CHUNK);
    if (!buf) {
        perror("xl dmesg");
        return EXIT_FAILURE;
    }
    while ((got = dmesg_read(fd, buf, clear, &index)) > 0)
        fwrite(buf, 1, got, stdout);
    if (got < 0)
        perror("xl dmesg: sysctl readconsole");
    free(buf);
    return got < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
