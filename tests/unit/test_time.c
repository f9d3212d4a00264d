/*
 * Host unit tests for the pure parts of hypervisor/arch/x86/time.c and
 * acpi.c: the TSC scale (and its agreement with the guest's formula), the
 * published time base, CMOS clock decoding, and the ACPI decoders (RSDP
 * scan, FADT fields, the \_S5_ AML package, the MADT's IO-APICs and ISA
 * overrides), including random inputs that
 * must never read out of bounds (build with -fsanitize=address to check).
 *
 * Links time.c and acpi.c as they are; their hardware functions are
 * compiled but never called.  printk is stubbed below.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <asm/time.h>
#include <asm/power.h>
#include <asm/ioapic.h>

void printk(const char *fmt, ...)
{
    (void)fmt;
}

/* A small deterministic generator, so failures reproduce. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* ---- Arithmetic ---- */

static void test_muldiv64(void **state)
{
    (void)state;
    assert_int_equal(time_muldiv64(6, 7, 3), 14);
    /* The product needs more than 64 bits; the result does not. */
    assert_int_equal(time_muldiv64(4000000000ULL, 1000000000000000ULL,
                                   1000000000000ULL), 4000000000000ULL);
    assert_int_equal(time_muldiv64(UINT64_MAX, UINT64_MAX, UINT64_MAX),
                     UINT64_MAX);
    assert_int_equal(time_muldiv64(1, 2, 0), UINT64_MAX);
    assert_int_equal(time_muldiv64(UINT64_MAX, 2, 1), UINT64_MAX);
}

static void check_scale(uint64_t hz, uint32_t mul, int shift)
{
    struct time_scale ts;

    time_scale_from_hz(hz, &ts);
    assert_int_equal(ts.mul, mul);
    assert_int_equal(ts.shift, shift);
}

static void test_scale_known_rates(void **state)
{
    (void)state;
    check_scale(1000000000ULL, 0x80000000U, 1);    /* QEMU -icount shift=0 */
    check_scale(2000000000ULL, 0x80000000U, 0);
    check_scale(100000000ULL, 2684354560U, 4);
    check_scale(3000000000ULL, 2863311530U, -1);
    check_scale(2500000000ULL, 3435973836U, -1);
}

/* mul keeps full precision, one second of ticks is one second, and the
 * guest's frequency formula from the ABI document gives the rate back. */
static void test_scale_sweep(void **state)
{
    uint64_t hz, ns, back;
    struct time_scale ts;

    (void)state;
    for (hz = 10000000ULL; hz <= 10000000000ULL; hz += 7777777ULL) {
        time_scale_from_hz(hz, &ts);
        assert_true(ts.mul >= 0x80000000U);
        ns = time_scale_delta(&ts, hz);
        assert_true(ns <= NSEC_PER_SEC && ns >= NSEC_PER_SEC - 2);
        back = (NSEC_PER_SEC << 32) / ts.mul;
        back = ts.shift >= 0 ? back >> ts.shift : back << -ts.shift;
        assert_true(back + 8 >= hz && back <= hz + 8);
    }
}

static void test_scale_exact_at_1ghz(void **state)
{
    struct time_scale ts;

    (void)state;
    time_scale_from_hz(NSEC_PER_SEC, &ts);
    assert_int_equal(time_scale_delta(&ts, 0), 0);
    assert_int_equal(time_scale_delta(&ts, 123456789012ULL), 123456789012ULL);
}

/*
 * The guest's computation, as Xen's public xen.h describes it for
 * vcpu_time_info (and Linux's pvclock code does it).
 */
static uint64_t guest_time(uint64_t tsc, uint64_t tsc_timestamp,
                           uint64_t system_time, const struct time_scale *ts)
{
    uint64_t delta = tsc - tsc_timestamp;

    delta = ts->shift >= 0 ? delta << ts->shift : delta >> -ts->shift;
    return system_time + (uint64_t)(((unsigned __int128)delta * ts->mul) >> 32);
}

static void test_publish_base_agrees(void **state)
{
    struct time_scale ts;
    uint64_t hz, boot, now, t, stamp, sys;
    int i, j;

    (void)state;
    for (i = 0; i < 2000; i++) {
        hz = 10000000ULL + rng() % 8000000000ULL;
        if (i == 0)
            hz = NSEC_PER_SEC;
        time_scale_from_hz(hz, &ts);
        boot = rng() >> 8;
        now = boot + (rng() >> 24);
        time_publish_base(&ts, boot, now, &stamp, &sys);
        assert_true(stamp >= boot && stamp <= now);
        for (j = 0; j < 20; j++) {
            t = now + (rng() >> 30);
            assert_int_equal(guest_time(t, stamp, sys, &ts),
                             time_scale_delta(&ts, t - boot));
        }
    }
}

/* ---- CMOS clock ---- */

static void test_mktime(void **state)
{
    (void)state;
    assert_int_equal(time_mktime(1970, 1, 1, 0, 0, 0), 0);
    assert_int_equal(time_mktime(1999, 12, 31, 23, 59, 59), 946684799);
    assert_int_equal(time_mktime(2000, 3, 1, 0, 0, 0), 951868800);
    assert_int_equal(time_mktime(2024, 2, 29, 12, 34, 56), 1709210096);
    assert_int_equal(time_mktime(2038, 1, 19, 3, 14, 8), 2147483648ULL);
    assert_int_equal(time_mktime(2100, 3, 1, 0, 0, 0), 4107542400ULL);
}

static void test_bcd(void **state)
{
    (void)state;
    assert_int_equal(time_bcd_to_bin(0x00), 0);
    assert_int_equal(time_bcd_to_bin(0x09), 9);
    assert_int_equal(time_bcd_to_bin(0x59), 59);
    assert_int_equal(time_bcd_to_bin(0x99), 99);
}

#define B_24H   0x02
#define B_BIN   0x04

static uint64_t rtc(uint8_t sec, uint8_t min, uint8_t hour, uint8_t mday,
                    uint8_t mon, uint8_t year, uint8_t status_b, bool *ok)
{
    struct rtc_raw raw = { sec, min, hour, mday, mon, year, status_b };
    uint64_t secs = 0;

    *ok = time_rtc_to_unix(&raw, &secs);
    return secs;
}

static void test_rtc_decode(void **state)
{
    bool ok;

    (void)state;
    /* 2024-02-29 12:34:56 in each encoding. */
    assert_int_equal(rtc(0x56, 0x34, 0x12, 0x29, 0x02, 0x24, B_24H, &ok), 1709210096);
    assert_true(ok);
    assert_int_equal(rtc(56, 34, 12, 29, 2, 24, B_24H | B_BIN, &ok), 1709210096);
    assert_true(ok);
    assert_int_equal(rtc(0x56, 0x34, 0x80 | 0x12, 0x29, 0x02, 0x24, 0, &ok), 1709210096);
    assert_true(ok);                    /* 12 PM is noon */
    assert_int_equal(rtc(56, 34, 0x80 | 12, 29, 2, 24, B_BIN, &ok), 1709210096);
    assert_true(ok);
    /* 12 AM is midnight; 1 PM is 13:00. */
    assert_int_equal(rtc(0, 0, 0x12, 0x01, 0x01, 0x00, 0, &ok), 946684800);
    assert_true(ok);
    assert_int_equal(rtc(0, 0, 0x81, 0x01, 0x01, 0x00, 0, &ok), 946684800 + 13 * 3600);
    assert_true(ok);
    /* Two-digit years: 69 is 2069, 70 is 1970. */
    assert_int_equal(rtc(0x59, 0x59, 0x23, 0x31, 0x12, 0x69, B_24H, &ok), 3155759999ULL);
    assert_true(ok);
    assert_int_equal(rtc(0, 0, 0, 1, 1, 70, B_24H | B_BIN, &ok), 0);
    assert_true(ok);
}

static void test_rtc_rejects(void **state)
{
    bool ok;

    (void)state;
    rtc(0x5a, 0, 0, 1, 1, 0, B_24H, &ok);            /* not BCD */
    assert_false(ok);
    rtc(0, 0, 0x24, 1, 1, 0, B_24H, &ok);            /* hour 24 */
    assert_false(ok);
    rtc(0, 0, 0x00, 1, 1, 0, 0, &ok);                /* 12-hour 0 */
    assert_false(ok);
    rtc(0, 0, 0x13, 1, 1, 0, 0, &ok);                /* 12-hour 13 */
    assert_false(ok);
    rtc(0, 0, 0, 0x30, 0x02, 0x24, B_24H, &ok);      /* Feb 30 */
    assert_false(ok);
    rtc(0, 0, 0, 0x29, 0x02, 0x23, B_24H, &ok);      /* Feb 29, 2023 */
    assert_false(ok);
    rtc(0, 0, 0, 1, 13, 0, B_24H | B_BIN, &ok);      /* month 13 */
    assert_false(ok);
    rtc(60, 0, 0, 1, 1, 0, B_24H | B_BIN, &ok);      /* second 60 */
    assert_false(ok);
    rtc(0, 0, 0, 1, 1, 100, B_24H | B_BIN, &ok);     /* year 100 */
    assert_false(ok);
}

/* ---- ACPI ---- */

static void fix_checksum(uint8_t *p, size_t len, size_t at)
{
    uint8_t sum = 0;
    size_t i;

    p[at] = 0;
    for (i = 0; i < len; i++)
        sum += p[i];
    p[at] = (uint8_t)-sum;
}

static void test_checksum(void **state)
{
    uint8_t b[4] = { 1, 2, 3, 0 };

    (void)state;
    assert_false(acpi_checksum_ok(b, sizeof(b)));
    fix_checksum(b, sizeof(b), 3);
    assert_true(acpi_checksum_ok(b, sizeof(b)));
    assert_true(acpi_checksum_ok(b, 0));
}

static void put_rsdp(uint8_t *at)
{
    memcpy(at, "RSD PTR ", 8);
    memcpy(at + 9, "MINIXN", 6);
    fix_checksum(at, 20, 8);
}

static void test_scan_rsdp(void **state)
{
    uint8_t *area = calloc(1, 0x100);

    (void)state;
    assert_int_equal(acpi_scan_rsdp(area, 0x100), -1);
    put_rsdp(area + 0x08);                  /* not 16-byte aligned */
    memcpy(area + 0x20, "RSD PTR ", 8);     /* bad checksum */
    area[0x20 + 9] = 1;
    assert_int_equal(acpi_scan_rsdp(area, 0x100), -1);
    put_rsdp(area + 0x40);
    assert_int_equal(acpi_scan_rsdp(area, 0x100), 0x40);
    /* A candidate cut off by the end of the area is not read. */
    assert_int_equal(acpi_scan_rsdp(area, 0x40 + 19), -1);
    free(area);
}

/* Decode AML from an exactly-sized heap copy, so overreads are caught. */
static bool s5(const uint8_t *aml, size_t len, uint8_t *a, uint8_t *b)
{
    uint8_t *copy = malloc(len ? len : 1);
    bool ok;

    memcpy(copy, aml, len);
    ok = acpi_find_s5(copy, len, a, b);
    free(copy);
    return ok;
}

static void test_s5_qemu(void **state)
{
    /* QEMU: Name (_S5, Package (0x04) { Zero, Zero, Zero, Zero }). */
    static const uint8_t aml[] = { 0x10, 0x20, '\\', 0x08, '_', 'S', '5', '_',
                                   0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00 };
    uint8_t a = 9, b = 9;

    (void)state;
    assert_true(s5(aml, sizeof(aml), &a, &b));
    assert_int_equal(a, 0);
    assert_int_equal(b, 0);
}

static void test_s5_forms(void **state)
{
    /* Root prefix, byte constants; an earlier non-declaration is skipped. */
    static const uint8_t bytes[] = { 0xa4, '_', 'S', '5', '_', 0x08, '\\',
                                     '_', 'S', '5', '_', 0x12, 0x08, 0x04,
                                     0x0a, 0x07, 0x0a, 0x05, 0x00, 0x00 };
    /* One word element holding both values (low byte: PM1a). */
    static const uint8_t word[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x05,
                                    0x01, 0x0b, 0x05, 0x03 };
    /* One, and dword constants. */
    static const uint8_t mixed[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x08,
                                     0x02, 0x01, 0x0c, 0x06, 0, 0, 0 };
    uint8_t a, b;

    (void)state;
    assert_true(s5(bytes, sizeof(bytes), &a, &b));
    assert_int_equal(a, 7);
    assert_int_equal(b, 5);
    assert_true(s5(word, sizeof(word), &a, &b));
    assert_int_equal(a, 5);
    assert_int_equal(b, 3);
    assert_true(s5(mixed, sizeof(mixed), &a, &b));
    assert_int_equal(a, 1);
    assert_int_equal(b, 6);
}

static void test_s5_two_byte_pkglength(void **state)
{
    /* PkgLength with one extra byte: 0x40 then 0x01 means 0x01 << 4 = 16. */
    uint8_t aml[5 + 1 + 2 + 14];
    uint8_t a, b;

    (void)state;
    memset(aml, 0, sizeof(aml));
    memcpy(aml, "\x08_S5_", 5);
    aml[5] = 0x12;
    aml[6] = 0x40;
    aml[7] = 0x01;
    aml[8] = 0x03;                          /* NumElements */
    aml[9] = 0x0a;
    aml[10] = 0x05;
    aml[11] = 0x0a;
    aml[12] = 0x03;
    assert_true(s5(aml, sizeof(aml), &a, &b));
    assert_int_equal(a, 5);
    assert_int_equal(b, 3);
    /* The same package claiming more bytes than the table has. */
    aml[7] = 0x02;
    assert_false(s5(aml, sizeof(aml), &a, &b));
}

static void test_s5_rejects(void **state)
{
    static const uint8_t truncated[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x06,
                                         0x04, 0x0a };
    static const uint8_t not_int[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x04,
                                       0x02, 0x70, 0x00 };
    static const uint8_t empty_pkg[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x02,
                                         0x00 };
    static const uint8_t no_pkg[] = { 0x08, '_', 'S', '5', '_', 0x0a, 0x05 };
    static const uint8_t name_only[] = { 0x08, '_', 'S', '5', '_' };
    uint8_t a, b;

    (void)state;
    assert_false(s5(truncated, sizeof(truncated), &a, &b));
    assert_false(s5(not_int, sizeof(not_int), &a, &b));
    assert_false(s5(empty_pkg, sizeof(empty_pkg), &a, &b));
    assert_false(s5(no_pkg, sizeof(no_pkg), &a, &b));
    assert_false(s5(name_only, sizeof(name_only), &a, &b));
    assert_false(s5(name_only, 0, &a, &b));
    assert_false(s5((const uint8_t *)"_S5_", 4, &a, &b));
}

/* Random bytes around a planted name: the decoder must stay in bounds. */
static void test_s5_random(void **state)
{
    uint8_t buf[64], a, b;
    size_t len, i, at;

    (void)state;
    for (i = 0; i < 200000; i++) {
        len = rng() % sizeof(buf);
        for (at = 0; at < len; at++)
            buf[at] = (uint8_t)rng();
        if (len >= 6) {
            at = rng() % (len - 5);
            memcpy(buf + at, "\x08_S5_\x12", len - at >= 6 ? 6 : len - at);
        }
        s5(buf, len, &a, &b);
    }
}

#define FADT_LEN 244

static void test_fadt_full(void **state)
{
    uint8_t *t = calloc(1, FADT_LEN);
    struct acpi_fadt_info f;

    (void)state;
    t[40] = 0x00; t[41] = 0x00; t[42] = 0xfe; t[43] = 0x07;     /* DSDT */
    t[48] = 0xb2;                                               /* SMI_CMD */
    t[52] = 0xf1;                                               /* ACPI_ENABLE */
    t[64] = 0x04; t[65] = 0x06;                                 /* PM1a 0x604 */
    t[113] = 0x04;                                              /* RESET_REG_SUP */
    t[116] = ACPI_SPACE_IO; t[117] = 8; t[120] = 0xf9; t[121] = 0x0c;
    t[128] = 0x06;
    assert_true(acpi_parse_fadt(t, FADT_LEN, &f));
    assert_int_equal(f.dsdt, 0x07fe0000);
    assert_int_equal(f.smi_cmd, 0xb2);
    assert_int_equal(f.acpi_enable, 0xf1);
    assert_int_equal(f.pm1a_cnt, 0x604);
    assert_int_equal(f.pm1b_cnt, 0);
    assert_true(f.has_reset);
    assert_int_equal(f.reset_space, ACPI_SPACE_IO);
    assert_int_equal(f.reset_addr, 0xcf9);
    assert_int_equal(f.reset_value, 6);

    /* X_DSDT wins; an I/O GAS stands in for a zero PM1b block. */
    t[140] = 0x00; t[141] = 0x10; t[144] = 0x01;                /* 0x100001000 */
    t[184] = ACPI_SPACE_IO; t[188] = 0x08; t[189] = 0x06;       /* 0x608 */
    assert_true(acpi_parse_fadt(t, FADT_LEN, &f));
    assert_int_equal(f.dsdt, 0x100001000ULL);
    assert_int_equal(f.pm1b_cnt, 0x608);
    free(t);
}

static void test_fadt_short(void **state)
{
    uint8_t *t = calloc(1, FADT_LEN);
    struct acpi_fadt_info f;

    (void)state;
    t[40] = 0x00; t[41] = 0x10;                                 /* DSDT 0x1000 */
    t[64] = 0x04; t[65] = 0xb0;
    t[113] = 0x04;
    t[116] = ACPI_SPACE_IO; t[120] = 0xf9; t[121] = 0x0c;
    t[140] = 0x77;                                              /* beyond len */
    /* ACPI 1.0 length: no reset register, no X_ fields. */
    assert_true(acpi_parse_fadt(t, 116, &f));
    assert_int_equal(f.dsdt, 0x1000);
    assert_int_equal(f.pm1a_cnt, 0xb004);
    assert_false(f.has_reset);
    /* Too short to hold the PM1 control blocks. */
    assert_false(acpi_parse_fadt(t, 70, &f));
    /* Reset register in a space we cannot use (PCI config). */
    t[116] = 2;
    assert_true(acpi_parse_fadt(t, FADT_LEN, &f));
    assert_false(f.has_reset);
    free(t);
}

static void test_fadt_random_lengths(void **state)
{
    struct acpi_fadt_info f;
    uint8_t *t;
    size_t len, i, j;

    (void)state;
    for (i = 0; i < 20000; i++) {
        len = rng() % 300;
        t = malloc(len ? len : 1);
        for (j = 0; j < len; j++)
            t[j] = (uint8_t)rng();
        if (acpi_parse_fadt(t, len, &f))
            assert_true(len >= 72);
        free(t);
    }
}

/* ---- MADT ---- */

#define MADT_MAX_LEN 2048

/* A MADT under construction: header, local APIC address and flags. */
struct madt_builder {
    uint8_t t[MADT_MAX_LEN];
    size_t len;
};

/* ISA IRQ irq reaches gsi with the given trigger and polarity. */
static void assert_isa_route(const struct acpi_madt_info *info, unsigned int irq,
                             uint32_t gsi, bool level, bool active_low)
{
    struct irq_route r;

    acpi_isa_irq_route(info, irq, &r);
    assert_int_equal(r.gsi, gsi);
    assert_int_equal(r.level, level);
    assert_int_equal(r.active_low, active_low);
}

static void madt_start(struct madt_builder *m)
{
    memset(m, 0, sizeof(*m));
    memcpy(m->t, "APIC", 4);
    m->len = 44;
    m->t[36] = 0x00; m->t[37] = 0x00; m->t[38] = 0xe0; m->t[39] = 0xfe;
    m->t[40] = 1;                                   /* PCAT_COMPAT */
}

static void madt_add(struct madt_builder *m, const uint8_t *e, size_t len)
{
    assert_true(m->len + len <= MADT_MAX_LEN);
    memcpy(m->t + m->len, e, len);
    m->len += len;
}

static const uint8_t MADT_LAPIC[] = { 0, 8, 0, 0, 1, 0, 0, 0 };
static const uint8_t MADT_IOAPIC[] = { 1, 12, 0, 0, 0x00, 0x00, 0xc0, 0xfe, 0, 0, 0, 0 };
static const uint8_t MADT_ISO_TIMER[] = { 2, 10, 0, 0, 2, 0, 0, 0, 0x00, 0x00 };
static const uint8_t MADT_ISO_SCI[] = { 2, 10, 0, 9, 9, 0, 0, 0, 0x0d, 0x00 };
static const uint8_t MADT_LAPIC_NMI[] = { 4, 6, 0xff, 0x05, 0x00, 0x01 };

/* What QEMU's q35 machine describes: IRQ 0 on GSI 2, IRQ 9 level. */
static void madt_qemu(struct madt_builder *m)
{
    madt_start(m);
    madt_add(m, MADT_LAPIC, sizeof(MADT_LAPIC));
    madt_add(m, MADT_IOAPIC, sizeof(MADT_IOAPIC));
    madt_add(m, MADT_ISO_TIMER, sizeof(MADT_ISO_TIMER));
    madt_add(m, MADT_ISO_SCI, sizeof(MADT_ISO_SCI));
    madt_add(m, MADT_LAPIC_NMI, sizeof(MADT_LAPIC_NMI));
}

static void test_madt_qemu(void **state)
{
    struct madt_builder m;
    struct acpi_madt_info info;

    (void)state;
    madt_qemu(&m);
    assert_true(acpi_parse_madt(m.t, m.len, &info));
    assert_int_equal(info.nr_ioapics, 1);
    assert_int_equal(info.ioapic[0].address, 0xfec00000);
    assert_int_equal(info.ioapic[0].gsi_base, 0);
    assert_isa_route(&info, 0, 2, false, false);
    assert_isa_route(&info, 9, 9, true, false);
    /* COM1: no override, so the same GSI, edge, active high. */
    assert_isa_route(&info, 4, 4, false, false);
}

/* QEMU's -smp 4: four enabled local APIC entries, ids 0-3. */
static void test_madt_cpus_in_order(void **state)
{
    static const uint8_t cpu1[] = { 0, 8, 1, 1, 1, 0, 0, 0 };
    static const uint8_t cpu2[] = { 0, 8, 2, 2, 1, 0, 0, 0 };
    static const uint8_t cpu3[] = { 0, 8, 3, 3, 1, 0, 0, 0 };
    struct madt_builder m;
    struct acpi_madt_info info;

    (void)state;
    madt_qemu(&m);
    madt_add(&m, cpu1, sizeof(cpu1));
    madt_add(&m, cpu2, sizeof(cpu2));
    madt_add(&m, cpu3, sizeof(cpu3));
    assert_true(acpi_parse_madt(m.t, m.len, &info));
    assert_int_equal(info.nr_cpus, 4);
    for (unsigned int i = 0; i < 4; i++) {
        assert_int_equal(info.cpu[i].apic_id, i);
        assert_int_equal(info.cpu[i].acpi_uid, i);
    }
    assert_int_equal(info.nr_ioapics, 1);
}

/*
 * Disabled entries are left out (online-capable ones too: not started at
 * boot); x2APIC entries count, an id listed twice once; a short entry
 * ends the walk.
 */
static void test_madt_cpu_entries(void **state)
{
    static const uint8_t disabled[] = { 0, 8, 1, 1, 0, 0, 0, 0 };
    static const uint8_t online_capable[] = { 0, 8, 2, 2, 2, 0, 0, 0 };
    static const uint8_t x2apic[] = { 9, 16, 0, 0, 0x00, 0x01, 0, 0, 1, 0, 0, 0,
                                      0x2a, 0, 0, 0 };
    static const uint8_t x2apic_of_cpu0[] = { 9, 16, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
                                              7, 0, 0, 0 };
    static const uint8_t short_lapic[] = { 0, 6, 3, 3, 1, 0 };
    static const uint8_t after_short[] = { 0, 8, 4, 4, 1, 0, 0, 0 };
    struct madt_builder m;
    struct acpi_madt_info info;

    (void)state;
    madt_qemu(&m);
    madt_add(&m, disabled, sizeof(disabled));
    madt_add(&m, online_capable, sizeof(online_capable));
    madt_add(&m, x2apic, sizeof(x2apic));
    madt_add(&m, x2apic_of_cpu0, sizeof(x2apic_of_cpu0));
    madt_add(&m, short_lapic, sizeof(short_lapic));
    madt_add(&m, after_short, sizeof(after_short));
    assert_true(acpi_parse_madt(m.t, m.len, &info));
    assert_int_equal(info.nr_cpus, 2);
    assert_int_equal(info.cpu[0].apic_id, 0);
    assert_int_equal(info.cpu[1].apic_id, 0x100);
    assert_int_equal(info.cpu[1].acpi_uid, 0x2a);
}

/* More than MADT_MAX_CPUS: the first MADT_MAX_CPUS are kept. */
static void test_madt_too_many_cpus(void **state)
{
    struct madt_builder m;
    struct acpi_madt_info info;

    (void)state;
    madt_start(&m);
    for (unsigned int i = 0; i < MADT_MAX_CPUS + 5; i++) {
        uint8_t e[] = { 9, 16, 0, 0, (uint8_t)i, (uint8_t)(i >> 8), 0, 0, 1, 0, 0, 0,
                        (uint8_t)i, 0, 0, 0 };
        madt_add(&m, e, sizeof(e));
    }
    assert_true(acpi_parse_madt(m.t, m.len, &info));
    assert_int_equal(info.nr_cpus, MADT_MAX_CPUS);
    assert_int_equal(info.cpu[MADT_MAX_CPUS - 1].apic_id, MADT_MAX_CPUS - 1);
}

static void test_madt_override_flags(void **state)
{
    static const uint8_t low_level[] = { 2, 10, 0, 4, 20, 0, 0, 0, 0x0f, 0x00 };
    static const uint8_t reserved[] = { 2, 10, 0, 3, 3, 0, 0, 0, 0x0a, 0x00 };
    static const uint8_t other_bus[] = { 2, 10, 1, 5, 30, 0, 0, 0, 0x0f, 0x00 };
    static const uint8_t big_irq[] = { 2, 10, 0, 16, 40, 0, 0, 0, 0x0f, 0x00 };
    struct madt_builder m;
    struct acpi_madt_info info;

    (void)state;
    madt_start(&m);
    madt_add(&m, low_level, sizeof(low_level));
    madt_add(&m, reserved, sizeof(reserved));
    madt_add(&m, other_bus, sizeof(other_bus));
    madt_add(&m, big_irq, sizeof(big_irq));
    assert_true(acpi_parse_madt(m.t, m.len, &info));
    assert_int_equal(info.nr_ioapics, 0);
    assert_isa_route(&info, 4, 20, true, true);
    /* Reserved polarity and trigger values mean ISA's defaults. */
    assert_isa_route(&info, 3, 3, false, false);
    /* Not ISA, or not an ISA IRQ number: ignored. */
    assert_isa_route(&info, 5, 5, false, false);
}

static void test_madt_malformed(void **state)
{
    static const uint8_t zero_len[] = { 0, 0 };
    static const uint8_t short_ioapic[] = { 1, 8, 0, 0, 0, 0, 0xc0, 0xfe };
    struct madt_builder m;
    struct acpi_madt_info info;

    (void)state;
    madt_qemu(&m);
    assert_false(acpi_parse_madt(m.t, 43, &info));
    /* The IO-APIC entry cut off by the length: nothing after the LAPIC. */
    assert_true(acpi_parse_madt(m.t, 44 + 8 + 11, &info));
    assert_int_equal(info.nr_ioapics, 0);
    /* A zero-length entry ends the walk instead of looping forever. */
    madt_start(&m);
    madt_add(&m, zero_len, sizeof(zero_len));
    madt_add(&m, MADT_IOAPIC, sizeof(MADT_IOAPIC));
    assert_true(acpi_parse_madt(m.t, m.len, &info));
    assert_int_equal(info.nr_ioapics, 0);
    /* An IO-APIC entry too short for its address ends it too. */
    madt_start(&m);
    madt_add(&m, short_ioapic, sizeof(short_ioapic));
    madt_add(&m, MADT_IOAPIC, sizeof(MADT_IOAPIC));
    assert_true(acpi_parse_madt(m.t, m.len, &info));
    assert_int_equal(info.nr_ioapics, 0);
}

static void test_madt_many_ioapics(void **state)
{
    struct madt_builder m;
    struct acpi_madt_info info;
    unsigned int i;

    (void)state;
    madt_start(&m);
    for (i = 0; i < MADT_MAX_IOAPICS + 3; i++)
        madt_add(&m, MADT_IOAPIC, sizeof(MADT_IOAPIC));
    assert_true(acpi_parse_madt(m.t, m.len, &info));
    assert_int_equal(info.nr_ioapics, MADT_MAX_IOAPICS);
}

static void test_madt_random(void **state)
{
    struct acpi_madt_info info;
    struct irq_route r;
    uint8_t *t;
    size_t len, i, j;

    (void)state;
    for (i = 0; i < 20000; i++) {
        len = rng() % 200;
        t = malloc(len ? len : 1);
        for (j = 0; j < len; j++)
            t[j] = (uint8_t)(j >= 44 && j % 4 == 1 ? rng() % 16 : rng());
        if (acpi_parse_madt(t, len, &info)) {
            assert_true(info.nr_ioapics <= MADT_MAX_IOAPICS);
            for (j = 0; j < ISA_IRQS; j++)
                acpi_isa_irq_route(&info, j, &r);
        }
        free(t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_muldiv64),
        cmocka_unit_test(test_scale_known_rates),
        cmocka_unit_test(test_scale_sweep),
        cmocka_unit_test(test_scale_exact_at_1ghz),
        cmocka_unit_test(test_publish_base_agrees),
        cmocka_unit_test(test_mktime),
        cmocka_unit_test(test_bcd),
        cmocka_unit_test(test_rtc_decode),
        cmocka_unit_test(test_rtc_rejects),
        cmocka_unit_test(test_checksum),
        cmocka_unit_test(test_scan_rsdp),
        cmocka_unit_test(test_s5_qemu),
        cmocka_unit_test(test_s5_forms),
        cmocka_unit_test(test_s5_two_byte_pkglength),
        cmocka_unit_test(test_s5_rejects),
        cmocka_unit_test(test_s5_random),
        cmocka_unit_test(test_fadt_full),
        cmocka_unit_test(test_fadt_short),
        cmocka_unit_test(test_fadt_random_lengths),
        cmocka_unit_test(test_madt_qemu),
        cmocka_unit_test(test_madt_cpus_in_order),
        cmocka_unit_test(test_madt_cpu_entries),
        cmocka_unit_test(test_madt_too_many_cpus),
        cmocka_unit_test(test_madt_override_flags),
        cmocka_unit_test(test_madt_malformed),
        cmocka_unit_test(test_madt_many_ioapics),
        cmocka_unit_test(test_madt_random),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
