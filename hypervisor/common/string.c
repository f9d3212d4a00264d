/*
 * Memory and string functions for the hypervisor (declared in lib.h).
 *
 * There is no C library underneath, and gcc itself emits calls to memcpy,
 * memset, memmove and memcmp, so these must exist and must never call
 * themselves.  The block copies and fills use "rep movsb"/"rep stosb" on
 * x86_64: short, fast on every CPU with ERMSB, and out of reach of gcc's
 * habit of turning a byte loop back into a call to memset or memcpy.  The
 * portable loops below are only for building the unit tests on a host
 * that is not x86_64, where that habit is harmless (the host has a libc).
 */
#include <minixen/lib.h>

#if defined(__x86_64__)

/*
 * Eight bytes per step for the bulk, then the tail byte by byte: under
 * emulation (and QEMU's -icount) each step of a rep string instruction
 * costs about one instruction, so moving words is eight times cheaper.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
    void *ret = dst;
    size_t words = n / 8, tail = n % 8;

    asm volatile ("rep movsq; mov %3, %%rcx; rep movsb"
                  : "+D" (dst), "+S" (src), "+c" (words) : "r" (tail) : "memory");
    return ret;
}

void *memset(void *dst, int c, size_t n)
{
    void *ret = dst;
    size_t words = n / 8, tail = n % 8;
    uint64_t pattern = 0x0101010101010101ULL * (uint8_t)c;

    asm volatile ("rep stosq; mov %3, %%rcx; rep stosb"
                  : "+D" (dst), "+c" (words) : "a" (pattern), "r" (tail) : "memory");
    return ret;
}

/* Copy from the last byte down, for a destination above an overlapping source. */
static void copy_backward(unsigned char *dst, const unsigned char *src, size_t n)
{
    if (n == 0)
        return;
    dst += n - 1;
    src += n - 1;
    /* The direction flag is clear everywhere else (the ABI requires it). */
    asm volatile ("std; rep movsb; cld"
                  : "+D" (dst), "+S" (src), "+c" (n) : : "memory");
}

#else /* !__x86_64__: host unit-test builds only */

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    while (n--)
        *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;

    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

static void copy_backward(unsigned char *dst, const unsigned char *src, size_t n)
{
    while (n--)
        dst[n] = src[n];
}

#endif

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    /* Copying forward is safe unless dst starts inside [src, src + n). */
    if (d <= s || d >= s + n)
        return memcpy(dst, src, n);
    copy_backward(d, s, n);
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *pa = a, *pb = b;

    for (; n != 0; n--, pa++, pb++) {
        if (*pa != *pb)
            return *pa < *pb ? -1 : 1;
    }
    return 0;
}

size_t strlen(const char *s)
{
    const char *p = s;

    while (*p != '\0')
        p++;
    return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n] != '\0')
        n++;
    return n;
}

/* Bytes compare as unsigned char, as the C standard requires. */
int strcmp(const char *a, const char *b)
{
    return strncmp(a, b, SIZE_MAX);
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n != 0; n--, a++, b++) {
        unsigned char ca = (unsigned char)*a, cb = (unsigned char)*b;

        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (ca == '\0')
            break;
    }
    return 0;
}

/* Searching for '\0' finds the terminator, as in C. */
char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (*s == '\0')
            return NULL;
    }
}

/* The last occurrence; '\0' finds the terminator. */
char *strrchr(const char *s, int c)
{
    const char *last = NULL;

    for (;; s++) {
        if (*s == (char)c)
            last = s;
        if (*s == '\0')
            return (char *)last;
    }
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size != 0) {
        size_t n = len < size ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
