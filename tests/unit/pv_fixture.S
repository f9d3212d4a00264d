/*
 * tests/unit/pv_fixture.S - a tiny PV "kernel" made by the host toolchain,
 * so that the ELF parser also meets what gcc and binutils really produce
 * (note sections, a PT_NOTE segment, padding, a .bss).  It never runs:
 * test_elf.c only inspects and loads it (unit.mk embeds it in the test).
 */
#include <minixen/elf.h>
#include "pv_fixture.h"

/* One Xen note; desc is the directive that emits its value. */
#define XEN_NOTE(type, desc)                                    \
    .pushsection .note.Xen, "a", @note;                         \
    .balign 4;                                                  \
    .long 2f - 1f;                                              \
    .long 4f - 3f;                                              \
    .long type;                                                 \
1:  .asciz XEN_ELFNOTE_NAME;                                    \
2:  .balign 4;                                                  \
3:  desc;                                                       \
4:  .balign 4;                                                  \
    .popsection

XEN_NOTE(XEN_ELFNOTE_GUEST_OS, .asciz PV_FIXTURE_GUEST_OS)
XEN_NOTE(XEN_ELFNOTE_XEN_VERSION, .asciz XEN_ELFNOTE_XEN_VERSION_3_0)
XEN_NOTE(XEN_ELFNOTE_LOADER, .asciz XEN_ELFNOTE_LOADER_GENERIC)
XEN_NOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page)
XEN_NOTE(XEN_ELFNOTE_FEATURES, .asciz PV_FIXTURE_FEATURES)
XEN_NOTE(XEN_ELFNOTE_MOD_START_PFN, .long 1)

    .text
    .globl _start
_start:
    jmp _start

    .balign 0x1000
    .globl hypercall_page
hypercall_page:
    .fill 0x1000, 1, PV_FIXTURE_HCALL_FILL

    .data
    .quad PV_FIXTURE_DATA_WORD

    .bss
    .skip PV_FIXTURE_BSS_BYTES

    .section .note.GNU-stack, "", @progbits
