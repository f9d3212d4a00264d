/*
 * tools/lib/xg_file.c - bounded whole-file mappings (see xg_file.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "xg_file.h"

static int check_size(int fd, size_t max, size_t *len, const char **why)
{
    struct stat st;

    if (fstat(fd, &st)) {
        *why = strerror(errno);
        return -errno;
    }
    if (!S_ISREG(st.st_mode)) {
        *why = "not a regular file";
        return -EINVAL;
    }
    if (st.st_size == 0) {
        *why = "file is empty";
        return -ENOEXEC;
    }
    if ((uint64_t)st.st_size > max) {
        *why = "file too large";
        return -EFBIG;
    }
    *len = (size_t)st.st_size;
    return 0;
}

int xg_map_file(const char *path, size_t max, const uint8_t **data, size_t *len,
                const char **why)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    void *map = MAP_FAILED;
    int rc;

    *data = NULL;
    if (fd < 0) {
        *why = strerror(errno);
        return -errno;
    }
    rc = check_size(fd, max, len, why);
    if (!rc && (map = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
        rc = -errno;
        *why = strerror(errno);
    }
    close(fd);
    if (!rc)
        *data = map;
    return rc;
}

int xg_file_unchanged(const char *path, size_t len)
{
    struct stat st;

    return stat(path, &st) == 0 && (uint64_t)st.st_size == len ? 0 : -EIO;
}

void xg_unmap_file(const uint8_t *data, size_t len)
{
    if (data)
        munmap((void *)data, len);
}
