/*
 * dom0/include/linux/termios.h - Linux x86_64's terminal ABI: the termios
 * structure TCGETS/TCSETS copy, the window size, the c_cc indices, the
 * flag bits and the tty ioctl numbers (Linux's asm-generic termbits.h,
 * termbits-common.h and ioctls.h, which x86_64 uses unchanged).
 *
 * The struct names carry a linux_ prefix so host unit tests can include
 * this next to the C library's headers (whose struct termios differs:
 * glibc's has NCCS 32 and speed fields).
 */
#ifndef DOM0_LINUX_TERMIOS_H
#define DOM0_LINUX_TERMIOS_H

#include <kernel/types.h>

typedef uint32_t linux_tcflag_t;
typedef uint8_t linux_cc_t;

#define LINUX_NCCS      19

/* What TCGETS returns and TCSETS* take: 36 bytes, no padding. */
struct linux_termios {
    linux_tcflag_t c_iflag;
    linux_tcflag_t c_oflag;
    linux_tcflag_t c_cflag;
    linux_tcflag_t c_lflag;
    linux_cc_t c_line;
    linux_cc_t c_cc[LINUX_NCCS];
};

struct linux_winsize {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

_Static_assert(sizeof(struct linux_termios) == 36, "termios is 36 bytes");
_Static_assert(offsetof(struct linux_termios, c_lflag) == 12, "c_lflag");
_Static_assert(offsetof(struct linux_termios, c_line) == 16, "c_line");
_Static_assert(offsetof(struct linux_termios, c_cc) == 17, "c_cc");
_Static_assert(sizeof(struct linux_winsize) == 8, "winsize is 8 bytes");

/* c_cc indices. */
#define VINTR           0
#define VQUIT           1
#define VERASE          2
#define VKILL           3
#define VEOF            4
#define VTIME           5
#define VMIN            6
#define VSWTC           7
#define VSTART          8
#define VSTOP           9
#define VSUSP           10
#define VEOL            11
#define VREPRINT        12
#define VDISCARD        13
#define VWERASE         14
#define VLNEXT          15
#define VEOL2           16

/* A c_cc entry of this value never matches (POSIX _POSIX_VDISABLE). */
#define LINUX_VDISABLE  0

/* c_iflag */
#define IGNBRK          0x0001
#define BRKINT          0x0002
#define IGNPAR          0x0004
#define PARMRK          0x0008
#define INPCK           0x0010
#define ISTRIP          0x0020
#define INLCR           0x0040
#define IGNCR           0x0080
#define ICRNL           0x0100
#define IUCLC           0x0200
#define IXON            0x0400
#define IXANY           0x0800
#define IXOFF           0x1000
#define IMAXBEL         0x2000
#define IUTF8           0x4000

/* c_oflag */
#define OPOST           0x0001
#define OLCUC           0x0002
#define ONLCR           0x0004
#define OCRNL           0x0008
#define ONOCR           0x0010
#define ONLRET          0x0020
#define TABDLY          0x1800
#define XTABS           0x1800      /* TABDLY value: expand tabs to spaces */

/* c_cflag */
#define CBAUD           0x0000100f
#define B38400          0x0000000f
#define CSIZE           0x00000030
#define CS8             0x00000030
#define CSTOPB          0x00000040
#define CREAD           0x00000080
#define PARENB          0x00000100
#define HUPCL           0x00000400
#define CLOCAL          0x00000800

/* c_lflag */
#define ISIG            0x00001
#define ICANON          0x00002
#define XCASE           0x00004
#define ECHO            0x00008
#define ECHOE           0x00010
#define ECHOK           0x00020
#define ECHONL          0x00040
#define NOFLSH          0x00080
#define TOSTOP          0x00100
#define ECHOCTL         0x00200
#define ECHOPRT         0x00400
#define ECHOKE          0x00800
#define FLUSHO          0x01000
#define PENDIN          0x04000
#define IEXTEN          0x08000
#define EXTPROC         0x10000

/* TCXONC actions and TCFLSH queue selectors. */
#define TCOOFF          0
#define TCOON           1
#define TCIOFF          2
#define TCION           3
#define TCIFLUSH        0
#define TCOFLUSH        1
#define TCIOFLUSH       2

/* ioctl numbers ('T' << 8 | n: not _IOC-encoded, for history's sake). */
#define TCGETS          0x5401
#define TCSETS          0x5402
#define TCSETSW         0x5403
#define TCSETSF         0x5404
#define TCSBRK          0x5409
#define TCXONC          0x540A
#define TCFLSH          0x540B
#define TIOCSCTTY       0x540E
#define TIOCGPGRP       0x540F
#define TIOCSPGRP       0x5410
#define TIOCOUTQ        0x5411
#define TIOCGWINSZ      0x5413
#define TIOCSWINSZ      0x5414
#define FIONREAD        0x541B
#define TIOCNOTTY       0x5422
#define TCSBRKP         0x5425
#define TIOCGSID        0x5429

#endif /* DOM0_LINUX_TERMIOS_H */
