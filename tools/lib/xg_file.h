/*
 * tools/lib/xg_file.h - an input file of the builder (a kernel, a
 * ramdisk), mapped whole, with its size bounded before anything is mapped.
 */
#ifndef MINIXEN_TOOLS_XG_FILE_H
#define MINIXEN_TOOLS_XG_FILE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The regular file at path, at most max bytes, mapped read-only at *data
 * (as Xen's builder maps its kernel: pages the page cache holds are not
 * copied): 0, or a negative errno with *why a short reason (strerror's
 * text, or "not a regular file", "file too large", "file is empty").
 * The mapping reflects the file: pages past a new end of a file that
 * shrinks read as zeros (minixen's dom0) or raise SIGBUS (Linux), so the
 * caller checks with xg_file_unchanged() once it has read them.
 */
int xg_map_file(const char *path, size_t max, const uint8_t **data, size_t *len,
                const char **why);

/* Undoes xg_map_file(); data may be NULL (nothing was mapped). */
void xg_unmap_file(const uint8_t *data, size_t len);

/*
 * 0 if the file at path still has the length it was mapped with, else
 * -EIO: read after the mapped bytes were used, it tells a file that
 * shrank (or was replaced) meanwhile from one that did not.
 */
int xg_file_unchanged(const char *path, size_t len);

#endif /* MINIXEN_TOOLS_XG_FILE_H */
