/*
 * tools/lib/xg_image.h - from a kernel file to the ELF image inside it,
 * as Xen's libxenguest does: a Linux bzImage (its boot-protocol setup
 * header points at the compressed payload), a gzip or xz stream, or a
 * plain ELF file.  Decompression uses Debian's zlib and liblzma.
 *
 * Every length and offset in the file is hostile: all are checked against
 * the buffer, and output is bounded by the caller's max_out.
 */
#ifndef MINIXEN_TOOLS_XG_IMAGE_H
#define MINIXEN_TOOLS_XG_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/* The largest kernel file or decompressed kernel the builder accepts. */
#define XG_KERNEL_MAX_BYTES (256UL << 20)

/*
 * If img is a bzImage (boot protocol 2.08 or later, "HdrS"), its payload:
 * 1 with the payload and its length set; 0 if it is not a bzImage;
 * -EINVAL (and *why) if it claims to be one but its header is unusable.
 */
int xg_bzimage_payload(const uint8_t *img, size_t len,
                       const uint8_t **payload, size_t *payload_len,
                       const char **why);

/*
 * If in starts with a gzip or xz header, its decompressed contents in a
 * malloc()ed *out: 1; 0 if it is neither; a negative errno (and *why) if
 * the stream is corrupt, truncated (-EINVAL) or longer than max_out
 * (-EFBIG), or memory ran out (-ENOMEM).
 */
int xg_decompress(const uint8_t *in, size_t len, size_t max_out,
                  uint8_t **out, size_t *out_len, const char **why);

/*
 * The ELF image in a kernel file: *elf points into file or into *owned
 * (malloc()ed, NULL if nothing was decompressed; free it).  0, or a
 * negative errno with *why; -ENOEXEC if no ELF image is found.
 */
int xg_kernel_elf(const uint8_t *file, size_t len, size_t max_out,
                  const uint8_t **elf, size_t *elf_len, uint8_t **owned,
                  const char **why);

#endif /* MINIXEN_TOOLS_XG_IMAGE_H */
