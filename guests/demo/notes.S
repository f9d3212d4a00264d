/*
 * guests/demo/notes.S - the two ELF notes the test guest leaves out on
 * purpose: VIRT_BASE (0) and ENTRY (_start).  With them the builder takes
 * the note path instead of defaulting, so both paths get exercised.
 */
#include "elfnote.h"
#include "pv.h"

        ELFNOTE XEN_ELFNOTE_VIRT_BASE, .quad, GUEST_VIRT_BASE
        ELFNOTE XEN_ELFNOTE_ENTRY, .quad, _start

        .section .note.GNU-stack, "", @progbits
