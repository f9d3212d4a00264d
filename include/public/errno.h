/*
 * include/public/errno.h - Xen's error numbers, as seen by every side.
 *
 * Hypercalls return 0 or a positive count on success and the negative of
 * one of these values on failure.  The numbers equal Linux's x86 errno
 * values, so a Linux dom0 passes them through privcmd unchanged.  The
 * names carry a XEN_ prefix so this header can sit next to a host libc's
 * <errno.h> in the tools.
 *
 * Plain #defines (not an enum) so that assembly files and #if can use them.
 * Numbers 15, 25-27, 29 and 32 are deliberately absent: Xen defines none.
 * Xen keeps XEN_EINTR and XEN_ERESTART for its own use (continuations) and
 * never returns them to a guest; minixen should do the same.
 * The list was checked against Xen's own errno.h (the version with
 * ECONNREFUSED; older Xen lacks ENOTDIR, EMSGSIZE and ECONNREFUSED).
 */
#ifndef MINIXEN_PUBLIC_ERRNO_H
#define MINIXEN_PUBLIC_ERRNO_H

#define XEN_EPERM            1   /* Operation not permitted */
#define XEN_ENOENT           2   /* No such file or directory */
#define XEN_ESRCH            3   /* No such process (domain) */
#define XEN_EINTR            4   /* Interrupted system call */
#define XEN_EIO              5   /* I/O error */
#define XEN_ENXIO            6   /* No such device or address */
#define XEN_E2BIG            7   /* Argument list too long */
#define XEN_ENOEXEC          8   /* Exec format error */
#define XEN_EBADF            9   /* Bad file number */
#define XEN_ECHILD           10  /* No child processes */
#define XEN_EAGAIN           11  /* Try again */
#define XEN_EWOULDBLOCK      XEN_EAGAIN
#define XEN_ENOMEM           12  /* Out of memory */
#define XEN_EACCES           13  /* Permission denied */
#define XEN_EFAULT           14  /* Bad address */
#define XEN_EBUSY            16  /* Device or resource busy */
#define XEN_EEXIST           17  /* File exists */
#define XEN_EXDEV            18  /* Cross-device link */
#define XEN_ENODEV           19  /* No such device */
#define XEN_ENOTDIR          20  /* Not a directory */
#define XEN_EISDIR           21  /* Is a directory */
#define XEN_EINVAL           22  /* Invalid argument */
#define XEN_ENFILE           23  /* File table overflow */
#define XEN_EMFILE           24  /* Too many open files */
#define XEN_ENOSPC           28  /* No space left on device */
#define XEN_EROFS            30  /* Read-only file system */
#define XEN_EMLINK           31  /* Too many links */
#define XEN_EDOM             33  /* Math argument out of domain of func */
#define XEN_ERANGE           34  /* Math result not representable */
#define XEN_EDEADLK          35  /* Resource deadlock would occur */
#define XEN_EDEADLOCK        XEN_EDEADLK
#define XEN_ENAMETOOLONG     36  /* File name too long */
#define XEN_ENOLCK           37  /* No record locks available */
#define XEN_ENOSYS           38  /* Function (hypercall) not implemented */
#define XEN_ENOTEMPTY        39  /* Directory not empty */
#define XEN_ENODATA          61  /* No data available */
#define XEN_ETIME            62  /* Timer expired */
#define XEN_EBADMSG          74  /* Not a data message */
#define XEN_EOVERFLOW        75  /* Value too large for defined data type */
#define XEN_EILSEQ           84  /* Illegal byte sequence */
#define XEN_ERESTART         85  /* Interrupted call should be restarted */
#define XEN_ENOTSOCK         88  /* Socket operation on non-socket */
#define XEN_EMSGSIZE         90  /* Message too long */
#define XEN_EOPNOTSUPP       95  /* Operation not supported */
#define XEN_EADDRINUSE       98  /* Address already in use */
#define XEN_EADDRNOTAVAIL    99  /* Cannot assign requested address */
#define XEN_ENOBUFS          105 /* No buffer space available */
#define XEN_EISCONN          106 /* Transport endpoint is already connected */
#define XEN_ENOTCONN         107 /* Transport endpoint is not connected */
#define XEN_ETIMEDOUT        110 /* Connection timed out */
#define XEN_ECONNREFUSED     111 /* Connection refused */

/*
 * Every distinct error, once, for code that needs to walk the whole set
 * (for example a debug log that prints "-XEN_EINVAL" instead of "-22").
 * Use it as XEN_ERRNO_LIST(X) with X(name) expanding to whatever you need;
 * XEN_##name gives the value.  Aliases (EWOULDBLOCK, EDEADLOCK) are left
 * out so each value appears exactly once.
 */
#define XEN_ERRNO_LIST(X) \
    X(EPERM) X(ENOENT) X(ESRCH) X(EINTR) X(EIO) X(ENXIO) X(E2BIG) \
    X(ENOEXEC) X(EBADF) X(ECHILD) X(EAGAIN) X(ENOMEM) X(EACCES) \
    X(EFAULT) X(EBUSY) X(EEXIST) X(EXDEV) X(ENODEV) X(ENOTDIR) \
    X(EISDIR) X(EINVAL) X(ENFILE) X(EMFILE) X(ENOSPC) X(EROFS) \
    X(EMLINK) X(EDOM) X(ERANGE) X(EDEADLK) X(ENAMETOOLONG) X(ENOLCK) \
    X(ENOSYS) X(ENOTEMPTY) X(ENODATA) X(ETIME) X(EBADMSG) X(EOVERFLOW) \
    X(EILSEQ) X(ERESTART) X(ENOTSOCK) X(EMSGSIZE) X(EOPNOTSUPP) \
    X(EADDRINUSE) X(EADDRNOTAVAIL) X(ENOBUFS) X(EISCONN) X(ENOTCONN) \
    X(ETIMEDOUT) X(ECONNREFUSED)

/* How many entries XEN_ERRNO_LIST has (checked in check_errno.c). */
#define XEN_ERRNO_COUNT 49

#endif /* MINIXEN_PUBLIC_ERRNO_H */
