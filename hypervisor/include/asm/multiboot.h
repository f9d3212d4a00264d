/*
 * Multiboot (v1) information structures, as the boot loader leaves them.
 */
#ifndef ASM_MULTIBOOT_H
#define ASM_MULTIBOOT_H

#include <minixen/types.h>

#define MULTIBOOT_BOOTLOADER_MAGIC  0x2badb002

#define MBI_MEMLIMITS       (1u << 0)
#define MBI_CMDLINE         (1u << 2)
#define MBI_MODULES         (1u << 3)
#define MBI_MEMMAP          (1u << 6)
#define MBI_LOADERNAME      (1u << 9)

struct multiboot_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;
};

struct multiboot_module {
    uint32_t mod_start, mod_end;
    uint32_t string;
    uint32_t reserved;
};

/* Memory-map entries are preceded by their own size field. */
struct __attribute__((packed)) multiboot_mmap_entry {
    uint32_t size;
    uint64_t addr, len;
    uint32_t type;
};

#define MULTIBOOT_MEMORY_AVAILABLE 1

#endif
