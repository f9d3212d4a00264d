/*
 * tools/lib/xg_file.c - bounded whole-file reads (see xg_file.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "xg_file.h"

/* Read exactly len bytes (the file may not shrink under us). */
static int read_all(int fd, uint8_t *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        ssize_t n = read(fd, buf + done, len - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        done += (size_t)n;
    }
    return 0;
}

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

int xg_read_file(const char *path, size_t max, uint8_t **data, size_t *len,
                 const char **why)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int rc;

    *data = NULL;
    if (fd < 0) {
        *why = strerror(errno);
        return -errno;
    }
    rc = check_size(fd, max, len, why);
    if (!rc && !(*data = malloc(*len))) {
        *why = "out of memory";
        rc = -ENOMEM;
    }
    if (!rc && (rc = read_all(fd, *data, *len)) != 0) {
        *why = strerror(-rc);
        free(*data);
        *data = NULL;
    }
    close(fd);
    return rc;
}
