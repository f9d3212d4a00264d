/*
 * tests/unit/pv_fixture.h - what the fixture kernel (pv_fixture.S, linked
 * by pv_fixture.lds) looks like, shared by the fixture and test_elf.c.
 */
#ifndef TESTS_UNIT_PV_FIXTURE_H
#define TESTS_UNIT_PV_FIXTURE_H

/* pv_fixture.lds puts .text here; _start is its first byte. */
#define PV_FIXTURE_BASE         0x400000
#define PV_FIXTURE_ENTRY        PV_FIXTURE_BASE
/* The first page boundary after _start. */
#define PV_FIXTURE_HCALL_PAGE   (PV_FIXTURE_BASE + 0x1000)
/* The hypercall page is filled with this byte (int3). */
#define PV_FIXTURE_HCALL_FILL   0xcc
/* The first 8 bytes of .data. */
#define PV_FIXTURE_DATA_WORD    0x1122334455667788
#define PV_FIXTURE_BSS_BYTES    0x2000
#define PV_FIXTURE_GUEST_OS     "minixen-fixture"
#define PV_FIXTURE_FEATURES     "!writable_page_tables|pae_pgdir_above_4gb"

#endif /* TESTS_UNIT_PV_FIXTURE_H */
