/*
 * guests/lib/string.h - the few string and memory routines the guests use.
 * The compiler may also emit calls to memcpy/memset for struct copies, so
 * these carry the standard names and signatures.
 */
#ifndef GUEST_STRING_H
#define GUEST_STRING_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
/* Length of s, but at most max (s need not be terminated within max). */
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
/* First occurrence of needle in haystack, or NULL. */
const char *strstr(const char *haystack, const char *needle);

#endif /* GUEST_STRING_H */
