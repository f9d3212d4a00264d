/* dom0/include/linux/elf.h - the ELF64 structures and auxv keys execve uses. */
#ifndef DOM0_LINUX_ELF_H
#define DOM0_LINUX_ELF_H

#include <kernel/types.h>

struct elf64_ehdr {
    uint8_t e_ident[16];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint64_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

BUILD_BUG_ON(sizeof(struct elf64_ehdr) != 64);
BUILD_BUG_ON(sizeof(struct elf64_phdr) != 56);

#define ET_EXEC             2
#define ET_DYN              3
#define EM_X86_64           62
#define PT_LOAD             1
#define PT_INTERP           3
#define PT_PHDR             6
#define PT_GNU_STACK        0x6474e551
#define PF_X                1
#define PF_W                2
#define PF_R                4

#define AT_NULL             0
#define AT_PHDR             3
#define AT_PHENT            4
#define AT_PHNUM            5
#define AT_PAGESZ           6
#define AT_BASE             7
#define AT_FLAGS            8
#define AT_ENTRY            9
#define AT_UID              11
#define AT_EUID             12
#define AT_GID              13
#define AT_EGID             14
#define AT_PLATFORM         15
#define AT_HWCAP            16
#define AT_CLKTCK           17
#define AT_SECURE           23
#define AT_RANDOM           25
#define AT_HWCAP2           26
#define AT_EXECFN           31
#define AT_MINSIGSTKSZ      51

#endif /* DOM0_LINUX_ELF_H */
