/*
 * tools/lib/xc_foreign.c - mapping another domain's frames into our
 * address space: mmap() of privcmd reserves the range, then
 * IOCTL_PRIVCMD_MMAPBATCH_V2 fills it frame by frame, reporting each
 * frame's error (Linux's privcmd semantics, as libxenforeignmemory uses).
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <xen/privcmd.h>
#include "xc_private.h"

/* Frames a range mapping may hold: its byte length is an int, as in Xen. */
#define MAX_RANGE_FRAMES ((unsigned int)(INT32_MAX / XEN_PAGE_SIZE))
/* A bulk mapping's num (< 2^32) pages always fit a 64-bit size_t. */
_Static_assert(sizeof(size_t) >= 8, "num * XEN_PAGE_SIZE cannot wrap");

void *xc_map_foreign_bulk(xc_interface *xch, uint32_t dom, int prot,
                          const xen_pfn_t *arr, int *err, unsigned int num)
{
    struct privcmd_mmapbatch_v2 req = { .num = num, .arr = arr, .err = err };
    size_t len = (size_t)num * XEN_PAGE_SIZE;
    void *addr;

    if (!xch || !xc_domid_ok(dom))
        return NULL;
    if (!num || !arr || !err) {
        errno = EINVAL;
        return NULL;
    }
    addr = mmap(NULL, len, prot, MAP_SHARED, xch->privcmd_fd, 0);
    if (addr == MAP_FAILED)
        return NULL;
    req.dom = (domid_t)dom;
    req.addr = (uintptr_t)addr;
    /* ENOENT means some frames failed (each err[i] says why): still a map. */
    if (ioctl(xch->privcmd_fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &req) < 0 &&
        errno != ENOENT) {
        int saved = errno;

        munmap(addr, len);
        errno = saved;
        return NULL;
    }
    return addr;
}

/* Whole pages from mfn up; any frame that fails fails the whole map. */
void *xc_map_foreign_range(xc_interface *xch, uint32_t dom, int size,
                           int prot, unsigned long mfn)
{
    unsigned int num = size > 0
        ? ((unsigned int)size + XEN_PAGE_SIZE - 1) / XEN_PAGE_SIZE : 0;
    xen_pfn_t *arr;
    int *err;
    void *addr = NULL;

    if (size <= 0 || num > MAX_RANGE_FRAMES) {
        errno = EINVAL;
        return NULL;
    }
    arr = calloc(num, sizeof(*arr));
    err = calloc(num, sizeof(*err));
    if (arr && err) {
        for (unsigned int i = 0; i < num; i++)
            arr[i] = mfn + i;
        addr = xc_map_foreign_bulk(xch, dom, prot, arr, err, num);
    } else {
        errno = ENOMEM;
    }
    for (unsigned int i = 0; addr && i < num; i++)
        if (err[i]) {
            munmap(addr, (size_t)num * XEN_PAGE_SIZE);
            errno = -err[i];
            addr = NULL;
        }
    free(arr);
    free(err);
    return addr;
}
