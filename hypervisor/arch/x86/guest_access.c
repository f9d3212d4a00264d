/*
 * Checked access to guest memory (see minixen/guest_access.h).
 */
#include <minixen/lib.h>
#include <minixen/guest_access.h>
#include <asm/page.h>

size_t raw_copy_guest(void *dst, const void *src, size_t n);

size_t raw_copy_from_guest(void *dst, unsigned long guest_src, size_t n)
{
    if (!guest_range_ok(guest_src, n))
        return n;
    return raw_copy_guest(dst, (const void *)guest_src, n);
}

size_t raw_copy_to_guest(unsigned long guest_dst, const void *src, size_t n)
{
    if (!guest_range_ok(guest_dst, n))
        return n;
    return raw_copy_guest((void *)guest_dst, src, n);
}

#define STRING_CHUNK 64

long strncpy_from_guest(char *dst, unsigned long guest_src, size_t size)
{
    size_t done = 0;

    /*
     * In chunks: rep movsb stops exactly at a fault, so a string that ends
     * just before unmapped memory is still found.
     */
    while (done < size) {
        size_t chunk = min((size_t)STRING_CHUNK, size - done);
        size_t left = raw_copy_from_guest(dst + done, guest_src + done, chunk);
        size_t got = chunk - left, len = strnlen(dst + done, got);

        if (len < got)
            return done + len;
        if (left)
            return -XEN_EFAULT;
        done += got;
    }
    if (size)
        dst[size - 1] = '\0';
    return size;
}
