/*
 * guests/lib/elfnote.h - an assembler macro that emits one Xen ELF note
 * (name "Xen") into section .note.Xen, which guest.lds places both in the
 * first loadable segment and in the PT_NOTE segment the domain builder
 * reads.  For assembly files; C files that include it get nothing.
 *
 *   ELFNOTE XEN_ELFNOTE_GUEST_OS, .asciz, "minixen"
 *   ELFNOTE XEN_ELFNOTE_ENTRY, .quad, _start
 */
#ifndef GUEST_ELFNOTE_H
#define GUEST_ELFNOTE_H

#include <public/elfnote.h>

#ifdef __ASSEMBLER__
.macro ELFNOTE type, kind, value:vararg
        .pushsection .note.Xen, "a", @note
        .balign 4
        .long   2f - 1f         /* namesz */
        .long   4f - 3f         /* descsz */
        .long   \type
1:      .asciz  XEN_ELFNOTE_NAME
2:      .balign 4
3:      \kind   \value
4:      .balign 4
        .popsection
.endm
#endif /* __ASSEMBLER__ */

#endif /* GUEST_ELFNOTE_H */
