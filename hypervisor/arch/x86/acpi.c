/*
 * ACPI, only as far as power control, timekeeping and interrupt routing
 * need it: find the RSDP, walk the RSDT/XSDT, take PM1 control ports, the
 * reset register and the DSDT's \_S5_ sleep type from the FADT, the
 * HPET's address, and the IO-APICs and ISA overrides from the MADT.
 *
 * Tables are firmware data and may be broken.  Every table is bounded by
 * its header length (itself capped), checksummed, and must lie below
 * 4 GiB, which the direct map always covers; every field read checks the
 * table length first.  Anything wrong only disables the feature that
 * needed it.  The decoders at the top are pure and host-tested.
 */
#include <minixen/types.h>
#include <minixen/lib.h>
#include <minixen/printk.h>
#include <asm/x86.h>
#include <asm/page.h>
#include <asm/time.h>
#include <asm/power.h>
#include <asm/ioapic.h>

#define ACPI_HEADER_LEN     36          /* every table's standard header */
#define ACPI_HDR_LENGTH     4
#define ACPI_SIG_LEN        4
#define ACPI_TABLE_MAX_LEN  (4u << 20)  /* larger than any real DSDT */
#define ACPI_PHYS_LIMIT     (1ULL << 32)

#define RSDP_SIGNATURE      "RSD PTR "
#define RSDP_ALIGN          16
#define RSDP_V1_LEN         20          /* covered by the first checksum */
#define RSDP_V2_LEN         36
#define RSDP_REVISION       15
#define RSDP_RSDT           16
#define RSDP_LENGTH         20
#define RSDP_XSDT           24

#define FADT_DSDT           40
#define FADT_SMI_CMD        48
#define FADT_ACPI_ENABLE    52
#define FADT_PM1A_CNT       64
#define FADT_PM1B_CNT       68
#define FADT_FLAGS          112
#define FADT_RESET_REG      116
#define FADT_RESET_VALUE    128
#define FADT_X_DSDT         140
#define FADT_X_PM1A_CNT     172
#define FADT_X_PM1B_CNT     184
#define FADT_FLAG_RESET_REG_SUP (1u << 10)

#define GAS_LEN             12          /* generic address structure */
#define GAS_SPACE           0
#define GAS_ADDRESS         4

#define MADT_ENTRIES        44          /* after local APIC address, flags */
#define MADT_ENTRY_HDR      2           /* type, length */
#define MADT_TYPE_LAPIC     0
#define MADT_TYPE_IOAPIC    1
#define MADT_TYPE_X2APIC    9
#define MADT_LAPIC_LEN      8
#define MADT_LAPIC_UID      2
#define MADT_LAPIC_ID       3
#define MADT_LAPIC_FLAGS    4
#define MADT_X2APIC_LEN     16
#define MADT_X2APIC_ID      4
#define MADT_X2APIC_FLAGS   8
#define MADT_X2APIC_UID     12
#define MADT_CPU_ENABLED    1u
#define MADT_TYPE_ISO       2           /* interrupt source override */
#define MADT_IOAPIC_LEN     12
#define MADT_IOAPIC_ID      2
#define MADT_IOAPIC_ADDR    4
#define MADT_IOAPIC_GSI     8
#define MADT_ISO_LEN        10
#define MADT_ISO_BUS        2
#define MADT_ISO_SOURCE     3
#define MADT_ISO_GSI        4
#define MADT_ISO_FLAGS      8
#define MADT_BUS_ISA        0
/* MPS INTI flags: two bits of polarity, then two of trigger mode. */
#define INTI_POLARITY_MASK  0x3
#define INTI_POLARITY_LOW   0x3
#define INTI_TRIGGER_SHIFT  2
#define INTI_TRIGGER_MASK   0x3
#define INTI_TRIGGER_LEVEL  0x3

#define HPET_TABLE_BASE     40          /* a GAS */
#define HPET_MMIO_LEN       0x400
/* The direct map maps this range uncached (the lead's contract). */
#define UNCACHED_WINDOW_START 0xc0000000ULL
#define UNCACHED_WINDOW_END   0x100000000ULL

#define AML_ZERO_OP         0x00
#define AML_ONE_OP          0x01
#define AML_NAME_OP         0x08
#define AML_BYTE_PREFIX     0x0a
#define AML_WORD_PREFIX     0x0b
#define AML_DWORD_PREFIX    0x0c
#define AML_QWORD_PREFIX    0x0e
#define AML_PACKAGE_OP      0x12
#define AML_ROOT_PREFIX     0x5c        /* '\' */
#define AML_ONES_OP         0xff
#define AML_S5_NAME         "_S5_"
#define AML_NAME_LEN        4

#define PM1_CNT_SCI_EN      (1u << 0)
#define PM1_CNT_SLP_TYP_SHIFT 10
#define PM1_CNT_SLP_TYP_MASK  (7u << PM1_CNT_SLP_TYP_SHIFT)
#define PM1_CNT_SLP_EN      (1u << 13)

#define BDA_EBDA_SEGMENT    0x40e       /* real-mode segment of the EBDA */
#define EBDA_SEARCH_LEN     1024
#define EBDA_MIN            0x400
#define EBDA_END            0xa0000
#define BIOS_AREA_START     0xe0000
#define BIOS_AREA_END       0x100000

#define IO_PORT_MAX         0xffff
#define SCI_EN_POLLS        100         /* x 1 ms, for the SMI handler */
#define POWER_WAIT_US       100000      /* for S5 or reset to take effect */

/* ---- Little-endian field access (tables need not be aligned) ---- */

static uint64_t get_le(const uint8_t *p, unsigned int bytes)
{
    uint64_t v = 0;

    while (bytes--)
        v = (v << 8) | p[bytes];
    return v;
}

/* A field of a table of len bytes, or 0 if the table is too short for it. */
static uint64_t field(const uint8_t *t, size_t len, size_t off, unsigned int bytes)
{
    return off + bytes <= len ? get_le(t + off, bytes) : 0;
}

/* ---- Pure decoders ---- */

bool acpi_checksum_ok(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint8_t sum = 0;

    while (len--)
        sum += *b++;
    return sum == 0;
}

long acpi_scan_rsdp(const uint8_t *area, size_t len)
{
    size_t off;

    /* Checking the first byte inline keeps the 8K-position scan cheap. */
    for (off = 0; off + RSDP_V1_LEN <= len; off += RSDP_ALIGN)
        if (area[off] == RSDP_SIGNATURE[0] &&
            memcmp(area + off, RSDP_SIGNATURE, sizeof(RSDP_SIGNATURE) - 1) == 0 &&
            acpi_checksum_ok(area + off, RSDP_V1_LEN))
            return (long)off;
    return -1;
}

/* The XSDT address of an RSDP with avail readable bytes, or 0 if the
 * revision-2 part is missing or fails its own checksum. */
static uint64_t rsdp_xsdt(const uint8_t *rsdp, size_t avail)
{
    uint32_t length;

    if (rsdp[RSDP_REVISION] < 2 || avail < RSDP_V2_LEN)
        return 0;
    length = (uint32_t)get_le(rsdp + RSDP_LENGTH, 4);
    if (length < RSDP_V2_LEN || length > avail || !acpi_checksum_ok(rsdp, length))
        return 0;
    return get_le(rsdp + RSDP_XSDT, 8);
}

/*
 * PkgLength: the top two bits of the lead byte count the extra bytes;
 * with none, the low six bits are the length, otherwise the low four
 * bits come first and each extra byte adds eight more above them.
 */
static bool aml_pkg_length(const uint8_t *p, size_t len, size_t *pkg_len,
                           size_t *used)
{
    unsigned int extra, i;
    size_t v;

    if (len < 1)
        return false;
    extra = p[0] >> 6;
    if (len < 1 + extra)
        return false;
    v = extra ? (p[0] & 0x0f) : (p[0] & 0x3f);
    for (i = 0; i < extra; i++)
        v |= (size_t)p[1 + i] << (4 + 8 * i);
    *pkg_len = v;
    *used = 1 + extra;
    return true;
}

/* One integer constant; advances *pos.  Other term types are refused. */
static bool aml_integer(const uint8_t *p, size_t end, size_t *pos, uint64_t *val)
{
    static const uint8_t prefix_bytes[] = {
        [AML_BYTE_PREFIX] = 1, [AML_WORD_PREFIX] = 2,
        [AML_DWORD_PREFIX] = 4, [AML_QWORD_PREFIX] = 8,
    };
    uint8_t op;

    if (*pos >= end)
        return false;
    op = p[(*pos)++];
    if (op == AML_ZERO_OP || op == AML_ONE_OP || op == AML_ONES_OP) {
        *val = op == AML_ONES_OP ? ~0ULL : op;
        return true;
    }
    if (op >= sizeof(prefix_bytes) || prefix_bytes[op] == 0 ||
        *pos + prefix_bytes[op] > end)
        return false;
    *val = get_le(p + *pos, prefix_bytes[op]);
    *pos += prefix_bytes[op];
    return true;
}

/*
 * Package (PackageOp PkgLength NumElements elements...).  One element
 * holds both types in its two low bytes; otherwise they are the first two.
 */
static bool aml_s5_package(const uint8_t *p, size_t len, uint8_t *a, uint8_t *b)
{
    size_t pkg_len, used, end, pos;
    uint64_t first, second;
    uint8_t count;

    if (len < 1 || p[0] != AML_PACKAGE_OP ||
        !aml_pkg_length(p + 1, len - 1, &pkg_len, &used))
        return false;
    end = 1 + pkg_len;                  /* PkgLength counts itself */
    if (pkg_len < used + 1 || end > len)
        return false;
    pos = 1 + used;
    count = p[pos++];
    if (count == 0 || !aml_integer(p, end, &pos, &first))
        return false;
    if (count == 1) {
        *a = first & 0xff;
        *b = (first >> 8) & 0xff;
        return true;
    }
    if (!aml_integer(p, end, &pos, &second))
        return false;
    *a = first & 0xff;
    *b = second & 0xff;
    return true;
}

/* The name must be declared: NameOp, optionally with a root prefix. */
static bool aml_is_name_decl(const uint8_t *aml, size_t at)
{
    if (at >= 1 && aml[at - 1] == AML_NAME_OP)
        return true;
    return at >= 2 && aml[at - 1] == AML_ROOT_PREFIX && aml[at - 2] == AML_NAME_OP;
}

bool acpi_find_s5(const uint8_t *aml, size_t len, uint8_t *slp_typa,
                  uint8_t *slp_typb)
{
    size_t i;

    for (i = 0; i + AML_NAME_LEN <= len; i++) {
        if (aml[i] != AML_S5_NAME[0] || aml[i + 1] != AML_S5_NAME[1] ||
            memcmp(aml + i, AML_S5_NAME, AML_NAME_LEN) != 0 ||
            !aml_is_name_decl(aml, i))
            continue;
        if (aml_s5_package(aml + i + AML_NAME_LEN, len - i - AML_NAME_LEN,
                           slp_typa, slp_typb))
            return true;
    }
    return false;
}

/* A PM1 control port: the 32-bit block address, else an I/O-space GAS. */
static uint16_t fadt_pm1_port(const uint8_t *t, size_t len, size_t legacy,
                              size_t gas)
{
    uint64_t port = field(t, len, legacy, 4);

    if (port == 0 && field(t, len, gas + GAS_SPACE, 1) == ACPI_SPACE_IO)
        port = field(t, len, gas + GAS_ADDRESS, 8);
    return port <= IO_PORT_MAX ? (uint16_t)port : 0;
}

bool acpi_parse_fadt(const uint8_t *t, size_t len, struct acpi_fadt_info *out)
{
    uint32_t flags = (uint32_t)field(t, len, FADT_FLAGS, 4);

    if (len < FADT_PM1B_CNT + 4)
        return false;
    memset(out, 0, sizeof(*out));
    out->dsdt = field(t, len, FADT_X_DSDT, 8);
    if (out->dsdt == 0)
        out->dsdt = field(t, len, FADT_DSDT, 4);
    out->smi_cmd = (uint32_t)field(t, len, FADT_SMI_CMD, 4);
    out->acpi_enable = (uint8_t)field(t, len, FADT_ACPI_ENABLE, 1);
    out->pm1a_cnt = fadt_pm1_port(t, len, FADT_PM1A_CNT, FADT_X_PM1A_CNT);
    out->pm1b_cnt = fadt_pm1_port(t, len, FADT_PM1B_CNT, FADT_X_PM1B_CNT);
    if ((flags & FADT_FLAG_RESET_REG_SUP) && len >= FADT_RESET_VALUE + 1) {
        out->reset_space = t[FADT_RESET_REG + GAS_SPACE];
        out->reset_addr = get_le(t + FADT_RESET_REG + GAS_ADDRESS, 8);
        out->reset_value = t[FADT_RESET_VALUE];
        out->has_reset = out->reset_addr != 0 &&
            (out->reset_space == ACPI_SPACE_IO ||
             out->reset_space == ACPI_SPACE_MEMORY);
    }
    return true;
}

static void madt_add_ioapic(const uint8_t *e, struct acpi_madt_info *out)
{
    struct acpi_ioapic *io;

    if (out->nr_ioapics == MADT_MAX_IOAPICS)
        return;
    io = &out->ioapic[out->nr_ioapics++];
    io->id = e[MADT_IOAPIC_ID];
    io->address = (uint32_t)get_le(e + MADT_IOAPIC_ADDR, 4);
    io->gsi_base = (uint32_t)get_le(e + MADT_IOAPIC_GSI, 4);
}

static void madt_add_override(const uint8_t *e, struct acpi_madt_info *out)
{
    uint8_t irq = e[MADT_ISO_SOURCE];

    if (e[MADT_ISO_BUS] != MADT_BUS_ISA || irq >= ISA_IRQS)
        return;
    out->isa[irq].present = true;
    out->isa[irq].gsi = (uint32_t)get_le(e + MADT_ISO_GSI, 4);
    out->isa[irq].flags = (uint16_t)get_le(e + MADT_ISO_FLAGS, 2);
}

static void madt_add_cpu(uint32_t apic_id, uint32_t uid, uint32_t flags,
                         struct acpi_madt_info *out)
{
    unsigned int i;

    if (!(flags & MADT_CPU_ENABLED) || out->nr_cpus == MADT_MAX_CPUS)
        return;
    for (i = 0; i < out->nr_cpus; i++)
        if (out->cpu[i].apic_id == apic_id)
            return;             /* listed twice (an x2APIC entry beside its xAPIC one) */
    out->cpu[out->nr_cpus++] = (struct acpi_cpu){ .apic_id = apic_id, .acpi_uid = uid };
}

static void madt_add_lapic(const uint8_t *e, struct acpi_madt_info *out)
{
    madt_add_cpu(e[MADT_LAPIC_ID], e[MADT_LAPIC_UID],
                 (uint32_t)get_le(e + MADT_LAPIC_FLAGS, 4), out);
}

static void madt_add_x2apic(const uint8_t *e, struct acpi_madt_info *out)
{
    madt_add_cpu((uint32_t)get_le(e + MADT_X2APIC_ID, 4),
                 (uint32_t)get_le(e + MADT_X2APIC_UID, 4),
                 (uint32_t)get_le(e + MADT_X2APIC_FLAGS, 4), out);
}

/* The shortest entry of a type that still holds the fields we read. */
static size_t madt_entry_min_len(uint8_t type)
{
    switch (type) {
    case MADT_TYPE_LAPIC:
        return MADT_LAPIC_LEN;
    case MADT_TYPE_X2APIC:
        return MADT_X2APIC_LEN;
    case MADT_TYPE_IOAPIC:
        return MADT_IOAPIC_LEN;
    case MADT_TYPE_ISO:
        return MADT_ISO_LEN;
    default:
        return MADT_ENTRY_HDR;
    }
}

/* An entry too short for its own type ends the walk: where the next one
 * starts would be a guess. */
bool acpi_parse_madt(const uint8_t *t, size_t len, struct acpi_madt_info *out)
{
    size_t off, elen;

    if (len < MADT_ENTRIES)
        return false;
    memset(out, 0, sizeof(*out));
    for (off = MADT_ENTRIES; off + MADT_ENTRY_HDR <= len; off += elen) {
        elen = t[off + 1];
        if (elen < madt_entry_min_len(t[off]) || off + elen > len)
            break;
        if (t[off] == MADT_TYPE_LAPIC)
            madt_add_lapic(t + off, out);
        else if (t[off] == MADT_TYPE_X2APIC)
            madt_add_x2apic(t + off, out);
        else if (t[off] == MADT_TYPE_IOAPIC)
            madt_add_ioapic(t + off, out);
        else if (t[off] == MADT_TYPE_ISO)
            madt_add_override(t + off, out);
    }
    return true;
}

void acpi_isa_irq_route(const struct acpi_madt_info *m, unsigned int irq,
                        struct irq_route *out)
{
    const struct acpi_isa_override *o = &m->isa[irq];
    unsigned int polarity = o->flags & INTI_POLARITY_MASK;
    unsigned int trigger = (o->flags >> INTI_TRIGGER_SHIFT) & INTI_TRIGGER_MASK;

    out->gsi = o->present ? o->gsi : irq;
    out->active_low = o->present && polarity == INTI_POLARITY_LOW;
    out->level = o->present && trigger == INTI_TRIGGER_LEVEL;
}

/* ---- Tables in memory ---- */

static struct acpi_fadt_info fadt;
static bool have_fadt, have_s5, have_madt;
static struct acpi_madt_info madt;
static uint8_t s5_typa, s5_typb;
static uint64_t hpet_base;

static bool uncached_mmio_ok(uint64_t addr, uint64_t len)
{
    return addr >= UNCACHED_WINDOW_START && addr + len <= UNCACHED_WINDOW_END;
}

/*
 * A table with the given signature at phys, or NULL: its header length
 * must be sane, it must end below 4 GiB, and its checksum must hold.  A
 * wild pointer can at worst make us read (never write) device memory.
 */
static const uint8_t *acpi_map_table(uint64_t phys, const char *sig, size_t *len)
{
    const uint8_t *t;
    uint32_t length;

    if (phys == 0 || phys >= ACPI_PHYS_LIMIT - ACPI_HEADER_LEN)
        return NULL;
    t = maddr_to_virt(phys);
    if (memcmp(t, sig, ACPI_SIG_LEN) != 0)
        return NULL;
    length = (uint32_t)get_le(t + ACPI_HDR_LENGTH, 4);
    if (length < ACPI_HEADER_LEN || length > ACPI_TABLE_MAX_LEN ||
        phys + length > ACPI_PHYS_LIMIT || !acpi_checksum_ok(t, length)) {
        printk(XENLOG_WARNING "ACPI: %.4s at %#lx is malformed, ignored\n",
               sig, (unsigned long)phys);
        return NULL;
    }
    *len = length;
    return t;
}

/* The RSDP: first in the EBDA's first KiB, then in the BIOS area. */
static const uint8_t *acpi_find_rsdp(size_t *avail)
{
    uint64_t ebda = get_le(maddr_to_virt(BDA_EBDA_SEGMENT), 2) << 4;
    const uint8_t *area;
    long off;

    if (ebda >= EBDA_MIN && ebda + EBDA_SEARCH_LEN <= EBDA_END) {
        area = maddr_to_virt(ebda);
        if ((off = acpi_scan_rsdp(area, EBDA_SEARCH_LEN)) >= 0) {
            *avail = EBDA_SEARCH_LEN - off;
            return area + off;
        }
    }
    area = maddr_to_virt(BIOS_AREA_START);
    if ((off = acpi_scan_rsdp(area, BIOS_AREA_END - BIOS_AREA_START)) < 0)
        return NULL;
    *avail = BIOS_AREA_END - BIOS_AREA_START - off;
    return area + off;
}

static void acpi_use_fadt(const uint8_t *t, size_t len)
{
    const uint8_t *dsdt;
    size_t dsdt_len;

    if (!acpi_parse_fadt(t, len, &fadt))
        return;
    have_fadt = true;
    dsdt = acpi_map_table(fadt.dsdt, "DSDT", &dsdt_len);
    if (dsdt)
        have_s5 = acpi_find_s5(dsdt + ACPI_HEADER_LEN,
                               dsdt_len - ACPI_HEADER_LEN, &s5_typa, &s5_typb);
}

static void acpi_use_hpet(const uint8_t *t, size_t len)
{
    uint64_t addr = field(t, len, HPET_TABLE_BASE + GAS_ADDRESS, 8);

    if (field(t, len, HPET_TABLE_BASE + GAS_SPACE, 1) != ACPI_SPACE_MEMORY ||
        addr == 0 || !uncached_mmio_ok(addr, HPET_MMIO_LEN)) {
        printk(XENLOG_WARNING "ACPI: HPET at %#lx not usable\n", (unsigned long)addr);
        return;
    }
    hpet_base = addr;
}

static void acpi_use_madt(const uint8_t *t, size_t len)
{
    have_madt = acpi_parse_madt(t, len, &madt);
}

/* Walk the RSDT (4-byte entries) or XSDT (8-byte entries). */
static void acpi_scan_root(const uint8_t *root, size_t len, unsigned int entry)
{
    size_t off, tlen;
    const uint8_t *t;
    uint64_t phys;

    for (off = ACPI_HEADER_LEN; off + entry <= len; off += entry) {
        phys = get_le(root + off, entry);
        if (!have_fadt && (t = acpi_map_table(phys, "FACP", &tlen)))
            acpi_use_fadt(t, tlen);
        else if (!hpet_base && (t = acpi_map_table(phys, "HPET", &tlen)))
            acpi_use_hpet(t, tlen);
        else if (!have_madt && (t = acpi_map_table(phys, "APIC", &tlen)))
            acpi_use_madt(t, tlen);
    }
}

int acpi_init(void)
{
    const uint8_t *rsdp, *root;
    size_t avail, len;
    unsigned int entry = 8;

    rsdp = acpi_find_rsdp(&avail);
    if (!rsdp) {
        printk(XENLOG_INFO "ACPI: no RSDP found\n");
        return -1;
    }
    root = acpi_map_table(rsdp_xsdt(rsdp, avail), "XSDT", &len);
    if (!root) {
        entry = 4;
        root = acpi_map_table(get_le(rsdp + RSDP_RSDT, 4), "RSDT", &len);
    }
    if (!root) {
        printk(XENLOG_WARNING "ACPI: no usable RSDT or XSDT\n");
        return -1;
    }
    acpi_scan_root(root, len, entry);
    printk(XENLOG_INFO "ACPI: %s; PM1a %#x PM1b %#x; S5 %s (%u/%u); reset %s; HPET %#lx\n",
           entry == 8 ? "XSDT" : "RSDT", fadt.pm1a_cnt, fadt.pm1b_cnt,
           have_s5 ? "found" : "missing", s5_typa, s5_typb,
           fadt.has_reset ? "register" : "none", (unsigned long)hpet_base);
    return 0;
}

uint64_t acpi_hpet_address(void)
{
    return hpet_base;
}

const struct acpi_madt_info *acpi_madt(void)
{
    return have_madt ? &madt : NULL;
}

/* ---- Power control ---- */

static uint16_t port_read16(uint16_t port)
{
    uint16_t v;

    asm volatile ("inw %1, %0" : "=a" (v) : "Nd" (port));
    return v;
}

/* Firmware that boots in legacy mode must be asked (through an SMI) to
 * hand the PM registers over before a sleep request means anything. */
static void acpi_enable_mode(void)
{
    unsigned int i;

    if (port_read16(fadt.pm1a_cnt) & PM1_CNT_SCI_EN)
        return;
    if (fadt.smi_cmd == 0 || fadt.smi_cmd > IO_PORT_MAX || fadt.acpi_enable == 0)
        return;
    outb((uint16_t)fadt.smi_cmd, fadt.acpi_enable);
    for (i = 0; i < SCI_EN_POLLS; i++) {
        if (port_read16(fadt.pm1a_cnt) & PM1_CNT_SCI_EN)
            return;
        time_udelay(USEC_PER_SEC / 1000);
    }
}

/* Set SLP_TYP, then SLP_EN in a second write, as ACPICA does. */
static void pm1_sleep(uint16_t port, uint8_t slp_typ, bool enable)
{
    uint16_t v = port_read16(port);

    v &= ~(PM1_CNT_SLP_TYP_MASK | PM1_CNT_SLP_EN);
    v |= ((uint16_t)slp_typ << PM1_CNT_SLP_TYP_SHIFT) & PM1_CNT_SLP_TYP_MASK;
    if (enable)
        v |= PM1_CNT_SLP_EN;
    outw(port, v);
}

bool acpi_power_off(void)
{
    if (!have_fadt || !have_s5 || fadt.pm1a_cnt == 0)
        return false;
    acpi_enable_mode();
    pm1_sleep(fadt.pm1a_cnt, s5_typa, false);
    if (fadt.pm1b_cnt)
        pm1_sleep(fadt.pm1b_cnt, s5_typb, false);
    pm1_sleep(fadt.pm1a_cnt, s5_typa, true);
    if (fadt.pm1b_cnt)
        pm1_sleep(fadt.pm1b_cnt, s5_typb, true);
    time_udelay(POWER_WAIT_US);
    return false;
}

bool acpi_reset(void)
{
    if (!have_fadt || !fadt.has_reset)
        return false;
    if (fadt.reset_space == ACPI_SPACE_IO && fadt.reset_addr <= IO_PORT_MAX)
        outb((uint16_t)fadt.reset_addr, fadt.reset_value);
    else if (fadt.reset_space == ACPI_SPACE_MEMORY &&
             uncached_mmio_ok(fadt.reset_addr, 1))
        *(volatile uint8_t *)maddr_to_virt(fadt.reset_addr) = fadt.reset_value;
    else
        return false;
    time_udelay(POWER_WAIT_US);
    return false;
}
