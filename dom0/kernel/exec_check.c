/*
 * dom0/kernel/exec_check.c - execve's checks on a file's headers, apart
 * from exec.c so the host tests can run them: nothing here maps memory
 * or reads the file.  Every value checked comes from the file, so every
 * sum is bounded before it is formed.
 */
#include <kernel/kernel.h>
#include <kernel/vm.h>
#include <linux/errno.h>
#include <linux/elf.h>
#include <linux/mman.h>
#include "exec_check.h"

long elf_check_ehdr(const struct elf64_ehdr *e)
{
    if (memcmp(e->e_ident, "\177ELF", 4) || e->e_ident[4] != 2 || e->e_ident[5] != 1)
        return -ENOEXEC;
    if ((e->e_type != ET_EXEC && e->e_type != ET_DYN) || e->e_machine != EM_X86_64)
        return -ENOEXEC;
    if (e->e_phentsize != sizeof(struct elf64_phdr) || !e->e_phnum || e->e_phnum > ELF_PHDRS_MAX)
        return -ENOEXEC;
    return 0;
}

uint32_t elf_seg_prot(const struct elf64_phdr *ph)
{
    return (ph->p_flags & PF_R ? PROT_READ : 0) | (ph->p_flags & PF_W ? PROT_WRITE : 0) |
           (ph->p_flags & PF_X ? PROT_EXEC : 0);
}

/* As Linux, p_vaddr must fit in user space before base is added, so base + p_vaddr cannot wrap. */
bool elf_seg_sane(const struct elf64_phdr *ph, uint64_t base)
{
    uint64_t va = base + ph->p_vaddr;

    return ph->p_filesz <= ph->p_memsz && ph->p_memsz < USER_TOP &&
           ph->p_vaddr < USER_TOP - ph->p_memsz && va < USER_TOP - ph->p_memsz && va >= USER_MMAP_BOTTOM &&
           (ph->p_vaddr - ph->p_offset) % PAGE_SIZE == 0 && ph->p_offset < (1UL << 40);
}

uint64_t elf_load_span(const struct elf64_phdr *ph, unsigned int n)
{
    uint64_t lo = UINT64_MAX, hi = 0;
    unsigned int i;

    for (i = 0; i < n; i++) {
        if (ph[i].p_type != PT_LOAD)
            continue;
        lo = MIN(lo, ALIGN_DOWN(ph[i].p_vaddr, PAGE_SIZE));
        hi = MAX(hi, ph[i].p_vaddr + ph[i].p_memsz);
    }
    return hi > lo ? ALIGN_UP(hi - lo, PAGE_SIZE) : 0;
}

bool elf_interp_len_ok(uint64_t filesz)
{
    return filesz >= 2 && filesz <= INTERP_PATH_MAX;
}

/* Splits "#!interp [arg]" (the first line, NUL-terminated) into its words. */
static long split_shebang(char *line, char **interp, char **arg)
{
    char *p = line + 2;

    while (*p == ' ' || *p == '\t')
        p++;
    *interp = p;
    while (*p && *p != ' ' && *p != '\t')
        p++;
    if (p == *interp)
        return -ENOEXEC;
    *arg = NULL;
    if (*p) {
        *p++ = 0;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p)
            *arg = p;
    }
    return 0;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/*
 * With no newline in the bytes read, the line ends where they do, but if
 * the read was cut short of the file the interpreter's name must end
 * before that: Linux never runs a truncated path (the argument may be cut;
 * the interpreter reads the script itself).
 */
static char *line_end(char *line, long n)
{
    char *end = strchr(line, '\n'), *p = line + 2;

    if (end || n < SHEBANG_READ_MAX)
        return end ? end : line + n;
    while (is_blank(*p))
        p++;
    while (*p && !is_blank(*p))
        p++;
    return *p ? line + n : NULL;
}

long shebang_parse(char *line, long n, char **interp, char **arg)
{
    char *end;

    if (n < 3 || line[0] != '#' || line[1] != '!')
        return -ENOEXEC;
    line[n] = 0;
    end = line_end(line, n);
    if (!end)
        return -ENOEXEC;
    while (end > line + 2 && is_blank(end[-1]))
        end--;                          /* Linux trims blanks off the end */
    *end = 0;
    return split_shebang(line, interp, arg);
}
