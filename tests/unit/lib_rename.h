/*
 * tests/unit/lib_rename.h - gives the hypervisor's C library functions
 * (hypervisor/common/string.c and vsnprintf.c) an "mx_" prefix in host
 * test builds.
 *
 * A test program also links the host C library, and both cannot define
 * memcpy.  unit.mk compiles string.c and vsnprintf.c with
 * "-include tests/unit/lib_rename.h", and test_string.c/test_vsnprintf.c
 * include it before <minixen/lib.h>, so the renamed definitions and the
 * declarations the tests see agree.  Every other hypervisor source is
 * compiled for the host without it and simply uses the host's functions.
 * Add a name here when lib.h gains a function.
 */
#ifndef TESTS_UNIT_LIB_RENAME_H
#define TESTS_UNIT_LIB_RENAME_H

#define memcpy      mx_memcpy
#define memset      mx_memset
#define memmove     mx_memmove
#define memcmp      mx_memcmp
#define strlen      mx_strlen
#define strnlen     mx_strnlen
#define strcmp      mx_strcmp
#define strncmp     mx_strncmp
#define strchr      mx_strchr
#define strrchr     mx_strrchr
#define strlcpy     mx_strlcpy
#define vsnprintf   mx_vsnprintf
#define snprintf    mx_snprintf
#define vscnprintf  mx_vscnprintf
#define scnprintf   mx_scnprintf

#endif /* TESTS_UNIT_LIB_RENAME_H */
