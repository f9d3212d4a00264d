/*
 * dom0/kernel/exec_check.h - what execve checks in a file before loading
 * it (kernel/exec_check.c, pure: the host tests run it): the ELF header,
 * each PT_LOAD segment, the PT_INTERP length, and a script's #! line.
 */
#ifndef DOM0_KERNEL_EXEC_CHECK_H
#define DOM0_KERNEL_EXEC_CHECK_H

#include <kernel/types.h>
#include <linux/elf.h>

#define ELF_PHDRS_MAX       64
/* The longest PT_INTERP path, and the bytes of a #! line read (as Linux's BINPRM_BUF_SIZE). */
#define INTERP_PATH_MAX     256

/* 0 for a 64-bit little-endian x86-64 ET_EXEC or ET_DYN with 1..64 phdrs, else -ENOEXEC. */
long elf_check_ehdr(const struct elf64_ehdr *e);
/* A segment's PROT_* from its PF_* flags. */
uint32_t elf_seg_prot(const struct elf64_phdr *ph);
/* A PT_LOAD that fits in user space at base, with filesz <= memsz and offset congruent to vaddr. */
bool elf_seg_sane(const struct elf64_phdr *ph, uint64_t base);
/* The page-rounded span the PT_LOADs cover (0 if none), for placing a PIE. */
uint64_t elf_load_span(const struct elf64_phdr *ph, unsigned int n);
/* A PT_INTERP of filesz bytes (path and NUL) is at least 2 and at most INTERP_PATH_MAX. */
bool elf_interp_len_ok(uint64_t filesz);

/* At most this many bytes of a script are read for its #! line. */
#define SHEBANG_READ_MAX    (INTERP_PATH_MAX - 1)

/*
 * The "#!interp [arg]" line at the start of the n bytes read into line
 * (n <= SHEBANG_READ_MAX, with room for n + 1): NUL-terminates the words
 * and points interp and arg (NULL if none) at them, or returns -ENOEXEC.
 * As on Linux, everything after the interpreter is one argument, without
 * blanks at its ends; a line cut by the read must hold the whole
 * interpreter name.
 */
long shebang_parse(char *line, long n, char **interp, char **arg);

#endif /* DOM0_KERNEL_EXEC_CHECK_H */
