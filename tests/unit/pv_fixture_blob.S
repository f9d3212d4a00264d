/*
 * tests/unit/pv_fixture_blob.S - embeds the linked fixture kernel (path in
 * PV_FIXTURE_PATH, set by unit.mk) in the test program as
 * pv_fixture_start[] .. pv_fixture_end[].
 */
    .section .rodata
    .balign 16
    .globl pv_fixture_start, pv_fixture_end
pv_fixture_start:
    .incbin PV_FIXTURE_PATH
pv_fixture_end:

    .section .note.GNU-stack, "", @progbits
