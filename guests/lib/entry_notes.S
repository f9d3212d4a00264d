/*
 * guests/lib/entry_notes.S - the two ELF notes head.S leaves out on
 * purpose: VIRT_BASE (0) and ENTRY (_start).  Linked only into the guests
 * that opt in (demo, bench; see guests.mk), so the builder's note path is
 * exercised by them and its default path (no notes, like XTF) by the test
 * guest.
 */
#include "elfnote.h"
#include "pv.h"

        ELFNOTE XEN_ELFNOTE_VIRT_BASE, .quad, GUEST_VIRT_BASE
        ELFNOTE XEN_ELFNOTE_ENTRY, .quad, _start

        .section .note.GNU-stack, "", @progbits
