/*
 * Segment descriptors and the hypervisor's share of every GDT.
 *
 * A PV guest owns GDT entries 0..7167 (up to 14 frames given with
 * set_gdt); the hypervisor owns the entries from byte 0xe000 on, where
 * Xen's flat selectors live, so the values guests load (0xe033, 0xe02b,
 * 0xe023) mean the same here as on Xen.
 */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#include <public/xen.h>       /* FIRST_RESERVED_GDT_* */

#define GDT_PAGES                 (FIRST_RESERVED_GDT_PAGE + 1)
#define GDT_LIMIT                 (GDT_PAGES * 4096 - 1)

/* Hypervisor selectors (ring 0). */
#define __HYPERVISOR_CS           0xe008
#define __HYPERVISOR_DS           0xe010
/* Guest-visible flat selectors, as in Xen's public headers. */
#define HYP_GUEST_CS32            0xe023
#define HYP_GUEST_DS              0xe02b
#define HYP_GUEST_CS64            0xe033
/* SYSRET derives CS (base+16) and SS (base+8) from this base. */
#define SYSRET_SELECTOR_BASE      0xe020
#define TSS_SELECTOR              0xe040

#define TSS_ENTRY_INDEX           ((TSS_SELECTOR - FIRST_RESERVED_GDT_BYTE) / 8)

#ifndef __ASSEMBLY__
#include <minixen/types.h>

struct __attribute__((packed)) tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
};

struct __attribute__((packed)) desc_ptr {
    uint16_t limit;
    uint64_t base;
};

struct idt_entry {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t reserved;
};

/* IST slots (1-based, as the IDT entry encodes them). */
#define IST_NMI  1
#define IST_DF   2
#define IST_MC   3
#define NR_IST   3

/* Descriptor bits (in the high 32-bit word). */
#define DESC_A        (1u << 8)
#define DESC_RW       (1u << 9)     /* writable data / readable code */
#define DESC_CODE     (1u << 11)
#define DESC_S        (1u << 12)    /* code or data, not system */
#define DESC_DPL(d)   (((d) >> 13) & 3)
#define DESC_P        (1u << 15)
#define DESC_L        (1u << 21)
#define DESC_DB       (1u << 22)
#define DESC_TYPE(d)  (((d) >> 8) & 0xf)
#endif

#endif /* ASM_DESC_H */
