/*
 * tools/lib/xg_file.h - reading a whole input file for the builder, with
 * its size bounded before anything is allocated.
 */
#ifndef MINIXEN_TOOLS_XG_FILE_H
#define MINIXEN_TOOLS_XG_FILE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The regular file at path, at most max bytes, in a malloc()ed *data:
 * 0, or a negative errno with *why a short reason (strerror's text, or
 * "not a regular file", "file too large", "file is empty").
 */
int xg_read_file(const char *path, size_t max, uint8_t **data, size_t *len,
                 const char **why);

#endif /* MINIXEN_TOOLS_XG_FILE_H */
