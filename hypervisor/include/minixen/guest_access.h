/*
 * The only way hypervisor code touches guest memory named by a guest.
 *
 * Guest pointers arrive as typed handles (XEN_GUEST_HANDLE_PARAM(T), a
 * struct around a pointer) so they cannot be dereferenced by accident.
 * The copy helpers check that the whole range lies in the part of the
 * address space guests own (below the hypervisor's slots, canonical), then
 * copy with a fault handler attached: a guest pointer to unmapped or
 * read-only memory makes the copy stop early instead of crashing us.
 * They return the number of bytes NOT copied; callers turn non-zero into
 * -XEN_EFAULT.  The caller runs on the guest's page tables (always true
 * inside a hypercall).
 */
#ifndef MINIXEN_GUEST_ACCESS_H
#define MINIXEN_GUEST_ACCESS_H

#include <minixen/types.h>
#include <public/xen.h>
#include <asm/guest_access.h>

/* Raw primitives (arch): return bytes not copied. */
size_t raw_copy_from_guest(void *dst, unsigned long guest_src, size_t n);
size_t raw_copy_to_guest(unsigned long guest_dst, const void *src, size_t n);
/*
 * Copy a NUL-terminated guest string into dst (size bytes, always
 * terminated).  Returns the string length (< size), size if it did not
 * fit (dst then holds a truncated, terminated prefix), or -XEN_EFAULT.
 */
long strncpy_from_guest(char *dst, unsigned long guest_src, size_t size);


#define guest_handle_is_null(hnd)    ((hnd).p == NULL)
#define guest_handle_addr(hnd)       ((unsigned long)(hnd).p)
#define guest_handle_add_offset(hnd, nr) ((hnd).p += (nr))
#define guest_handle_cast(hnd, type) \
    ((XEN_GUEST_HANDLE_PARAM(type)){ (type *)(hnd).p })

/* Copy nr elements of the handle's type, starting at element off. */
#define copy_from_guest_offset(ptr, hnd, off, nr)                         \
    raw_copy_from_guest((ptr), (unsigned long)((hnd).p + (off)),          \
                        (nr) * sizeof(*(hnd).p))
#define copy_to_guest_offset(hnd, off, ptr, nr)                           \
    raw_copy_to_guest((unsigned long)((hnd).p + (off)), (ptr),            \
                      (nr) * sizeof(*(hnd).p))
#define copy_from_guest(ptr, hnd, nr) copy_from_guest_offset(ptr, hnd, 0, nr)
#define copy_to_guest(hnd, ptr, nr)   copy_to_guest_offset(hnd, 0, ptr, nr)

/* Copy one field of a structure back to the guest. */
#define copy_field_to_guest(hnd, ptr, field)                              \
    raw_copy_to_guest((unsigned long)&(hnd).p->field, &(ptr)->field,      \
                      sizeof((ptr)->field))

#endif
