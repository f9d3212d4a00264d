/*
 * dom0/kernel/exec.c - execve: replacing a process's program.
 *
 * The arguments are copied into the kernel first, since the old address
 * space goes away.  The new one is built beside it: the ELF file's
 * PT_LOAD segments as private file mappings (the tail of the last file
 * page zeroed, the rest of memsz anonymous), the interpreter named by
 * PT_INTERP loaded the same way, and the stack with Linux's layout.
 * Only when all of that worked does the process switch over; any failure
 * before leaves the old program running with the error.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/process.h>
#include <kernel/fs.h>
#include <kernel/vm.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <linux/elf.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include "../arch/regs.h"
#include "../arch/cpu.h"
#include "../arch/xen.h"
#include "sched.h"
#include "signal.h"
#include "process_internal.h"
#include "exec_stack.h"
#include "exec_check.h"
#include "exec.h"
#include "random.h"

#define SHEBANG_DEPTH_MAX   4
#define PIE_BASE            0x555555554000UL
#define USER_RFLAGS         0x202
/* AT_MINSIGSTKSZ: a signal frame with the largest FPU state, rounded up. */
#define MINSIGSTKSZ_AUX     4096

struct loaded_elf {
    uint64_t entry, base, phdr, phnum, end;
};

static long read_exact(struct inode *ino, uint64_t off, void *buf, size_t n)
{
    long got = inode_read(ino, off, buf, n);

    return got < 0 ? got : (size_t)got == n ? 0 : -ENOEXEC;
}

/* Zeroes [from, end of its page) in mm: the bytes past p_filesz. */
static long zero_page_tail(struct mm *mm, uint64_t from)
{
    uint8_t *p;

    if (from % PAGE_SIZE == 0)
        return 0;
    p = mm_user_page(mm, from, true);
    if (!p)
        return -ENOMEM;
    memset(p, 0, PAGE_SIZE - from % PAGE_SIZE);
    return 0;
}

static long map_segment(struct mm *mm, struct inode *ino, const struct elf64_phdr *ph,
                        uint64_t base)
{
    uint64_t va = base + ph->p_vaddr, start = ALIGN_DOWN(va, PAGE_SIZE);
    uint64_t file_end = ALIGN_UP(va + ph->p_filesz, PAGE_SIZE);
    uint64_t mem_end = ALIGN_UP(va + ph->p_memsz, PAGE_SIZE);
    uint32_t prot = elf_seg_prot(ph);
    long err = 0;

    if (!elf_seg_sane(ph, base))
        return -ENOEXEC;
    if (ph->p_filesz)
        err = vma_map(mm, start, file_end - start, prot, 0, ino, ph->p_offset / PAGE_SIZE, true);
    if (err >= 0 && ph->p_memsz > ph->p_filesz && ph->p_filesz)
        err = zero_page_tail(mm, va + ph->p_filesz);
    if (err >= 0 && mem_end > file_end)
        err = vma_map(mm, ph->p_filesz ? file_end : start, mem_end - (ph->p_filesz ? file_end : start),
                      prot, VMA_ANON, NULL, 0, true);
    return err < 0 ? err : 0;
}

static long pick_base(struct mm *mm, const struct elf64_ehdr *e, const struct elf64_phdr *ph,
                      bool is_interp, uint64_t *base)
{
    uint64_t span = elf_load_span(ph, e->e_phnum);
    long at;

    *base = 0;
    if (e->e_type == ET_EXEC)
        return 0;
    if (!span || span > (1UL << 36))
        return -ENOEXEC;
    if (!is_interp) {
        *base = PIE_BASE;
        return 0;
    }
    at = vma_map(mm, 0, span, PROT_NONE, VMA_ANON, NULL, 0, false);
    if (at < 0)
        return at;
    vma_unmap(mm, at, span);            /* a free range; the segments take it */
    *base = at;
    return 0;
}

static long load_segments(struct mm *mm, struct inode *ino, const struct elf64_ehdr *e,
                          const struct elf64_phdr *ph, uint64_t base, struct loaded_elf *out)
{
    unsigned int i;
    long err;

    for (i = 0; i < e->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD)
            continue;
        err = map_segment(mm, ino, &ph[i], base);
        if (err)
            return err;
        out->end = MAX(out->end, ALIGN_UP(base + ph[i].p_vaddr + ph[i].p_memsz, PAGE_SIZE));
        if (ph[i].p_offset == 0)
            out->phdr = base + ph[i].p_vaddr + e->e_phoff;
    }
    return 0;
}

static long read_headers(struct inode *ino, struct elf64_ehdr *e, struct elf64_phdr *ph)
{
    long err = read_exact(ino, 0, e, sizeof(*e));

    if (!err)
        err = elf_check_ehdr(e);
    if (!err)
        err = read_exact(ino, e->e_phoff, ph, e->e_phnum * sizeof(*ph));
    return err;
}

static long load_elf(struct mm *mm, struct inode *ino, bool is_interp, struct loaded_elf *out,
                     char *interp)
{
    struct elf64_ehdr e;
    struct elf64_phdr *ph = kmalloc(ELF_PHDRS_MAX * sizeof(*ph));
    unsigned int i;
    long err;

    if (!ph)
        return -ENOMEM;
    memset(out, 0, sizeof(*out));
    err = read_headers(ino, &e, ph);
    for (i = 0; !err && interp && i < e.e_phnum; i++) {
        if (ph[i].p_type != PT_INTERP)
            continue;
        if (!elf_interp_len_ok(ph[i].p_filesz))
            err = -ENOEXEC;
        else if (!(err = read_exact(ino, ph[i].p_offset, interp, ph[i].p_filesz)))
            interp[ph[i].p_filesz - 1] = 0;
    }
    if (!err)
        err = pick_base(mm, &e, ph, is_interp, &out->base);
    if (!err)
        err = load_segments(mm, ino, &e, ph, out->base, out);
    out->entry = out->base + e.e_entry;
    if (!err && out->entry >= USER_TOP)
        err = -EINVAL;                  /* as Linux: an entry point outside user space */
    out->phnum = e.e_phnum;
    kfree(ph);
    return err;
}

static long lookup_executable(const char *path, struct inode **out)
{
    long err = vfs_lookup(path, true, out);
    uint32_t mode;

    if (err)
        return err;
    mode = inode_mode(*out);
    if (!S_ISREG(mode) || !(mode & 0111)) {
        inode_put(*out);
        return -EACCES;
    }
    return 0;
}

static void fill_aux(struct exec_aux *aux, const struct loaded_elf *prog,
                     const struct loaded_elf *interp)
{
    const struct exec_aux a[] = {
        { AT_PHDR, prog->phdr }, { AT_PHENT, sizeof(struct elf64_phdr) },
        { AT_PHNUM, prog->phnum }, { AT_PAGESZ, PAGE_SIZE },
        { AT_BASE, interp ? interp->base : 0 }, { AT_FLAGS, 0 }, { AT_ENTRY, prog->entry },
        { AT_UID, current->uid }, { AT_EUID, current->euid }, { AT_GID, current->gid },
        { AT_EGID, current->egid }, { AT_SECURE, 0 }, { AT_CLKTCK, 100 },
        { AT_HWCAP, cpu_hwcap() }, { AT_HWCAP2, 0 }, { AT_MINSIGSTKSZ, MINSIGSTKSZ_AUX },
    };

    memcpy(aux, a, sizeof(a));
}

#define NR_AUX 16
#define STACK_IMAGE_MAX (ARG_BYTES_MAX + 64 * 1024)

static long build_stack(struct mm *mm, const struct exec_args *a, const char *path,
                        const struct loaded_elf *prog, const struct loaded_elf *interp,
                        uint64_t *sp)
{
    struct exec_aux aux[NR_AUX];
    struct exec_strings s = { a->buf, a->len, a->argc, a->envc };
    struct exec_stack st = { .top = USER_STACK_TOP };
    uint8_t random[16];
    long err;

    err = vma_map(mm, USER_STACK_TOP - USER_STACK_MAX, USER_STACK_MAX,
                  PROT_READ | PROT_WRITE, VMA_ANON | VMA_STACK, NULL, 0, true);
    if (err < 0)
        return err;
    /* zeroed: the alignment gap below the strings reaches user space */
    st.cap = MIN(exec_stack_size(&s, NR_AUX, path), STACK_IMAGE_MAX);
    st.image = kzalloc(st.cap);
    if (!st.image)
        return -ENOMEM;
    fill_aux(aux, prog, interp);
    random_bytes(random, sizeof(random));
    *sp = exec_stack_build(&st, &s, aux, NR_AUX, path, random);
    err = *sp ? copy_to_mm(mm, *sp, st.image + (*sp - (st.top - st.cap)), st.top - *sp) : -E2BIG;
    if (err == -EFAULT)
        err = -ENOMEM;                  /* the stack region exists: only memory can lack */
    kfree(st.image);
    return err;
}

struct new_image {
    struct mm *mm;
    uint64_t entry, sp;
};

static long build_image(struct inode *ino, const char *path, const struct exec_args *a,
                        struct new_image *img)
{
    struct loaded_elf prog, interp;
    char *interp_path = kzalloc(INTERP_PATH_MAX);
    struct inode *iino = NULL;
    long err = interp_path ? 0 : -ENOMEM;

    img->mm = err ? NULL : mm_new();
    if (!err && !img->mm)
        err = -ENOMEM;
    if (!err)
        err = load_elf(img->mm, ino, false, &prog, interp_path);
    if (!err && interp_path[0] && !(err = lookup_executable(interp_path, &iino)))
        err = load_elf(img->mm, iino, true, &interp, NULL);
    if (!err) {
        img->mm->brk_start = img->mm->brk = prog.end;
        img->entry = interp_path[0] ? interp.entry : prog.entry;
        err = build_stack(img->mm, a, path, &prog, interp_path[0] ? &interp : NULL, &img->sp);
    }
    if (iino)
        inode_put(iino);
    kfree(interp_path);
    if (err && img->mm)
        mm_destroy(img->mm);
    return err;
}

/* comm is the name exec'd; /proc/self/exe the file it resolved to. */
static void set_name(struct process *p, const char *path, char *resolved)
{
    const char *base = strrchr(path, '/');

    kstrlcpy(p->name, base ? base + 1 : path, sizeof(p->name));
    kfree(p->exe_path);
    p->exe_path = resolved;
}

/* Past this point the old program is gone: nothing may fail. */
static void switch_image(struct process *p, const struct new_image *img, const char *path,
                         char *resolved)
{
    struct user_regs *r = process_user_regs(p);
    struct mm *old = p->mm;

    p->mm = img->mm;
    sched_use_mm(p->mm);
    if (old)
        mm_put(old);                    /* a vfork parent may still use it */
    files_close_on_exec(p->files);
    signal_reset_for_exec(p);
    set_name(p, path, resolved);
    p->fs_base = p->gs_base = 0;
    HYPERVISOR_set_segment_base(SEGBASE_FS, 0);
    sched_load_user_gs(0);
    fpu_state_free(p->fpu_state);
    p->fpu_state = fpu_state_alloc();
    fpu_restore(p->fpu_state);
    memset(r, 0, sizeof(*r));
    r->rip = img->entry;
    r->rsp = img->sp;
    r->cs = FLAT_USER_CS64;
    r->ss = FLAT_USER_SS;
    r->rflags = USER_RFLAGS;
    vfork_release(p);
}

static long shebang_args(struct inode *ino, const char *path, struct exec_args *a,
                         char *interp_out, size_t cap)
{
    char line[SHEBANG_READ_MAX + 1], *interp, *arg;
    long n = inode_read(ino, 0, line, SHEBANG_READ_MAX), err;

    err = shebang_parse(line, n, &interp, &arg);
    if (!err)
        err = exec_script_args(a, interp, arg, path);
    if (!err)
        kstrlcpy(interp_out, interp, cap);
    return err;
}

/* The executable's absolute path (kmalloc'd), or the name given if it cannot be had. */
static char *resolve_exe(const char *path)
{
    char *buf = kmalloc(PATH_MAX_LINUX);

    if (buf && vfs_realpath(path, buf, PATH_MAX_LINUX)) {
        kfree(buf);
        buf = NULL;
    }
    return buf ? buf : kstrdup(path);
}

long exec_program(const char *path, struct exec_args *a)
{
    char interp[INTERP_PATH_MAX];
    const char *file = path;
    struct new_image img;
    struct inode *ino;
    int depth;
    long err;

    for (depth = 0; depth <= SHEBANG_DEPTH_MAX; depth++) {
        err = lookup_executable(file, &ino);
        if (err)
            return err;
        err = build_image(ino, file, a, &img);
        if (err == -ENOEXEC && depth < SHEBANG_DEPTH_MAX &&
            !shebang_args(ino, file, a, interp, sizeof(interp))) {
            inode_put(ino);
            file = interp;
            continue;
        }
        inode_put(ino);
        if (!err)
            switch_image(current, &img, path, resolve_exe(file));
        return err;
    }
    return -ELOOP;
}

long sys_execve(uaddr_t upath, uaddr_t argv, uaddr_t envp)
{
    char *path = getname(upath);
    struct exec_args a;
    long err;

    if (IS_ERR(path))
        return PTR_ERR(path);
    err = exec_args_from_user(&a, argv, envp);
    if (!err) {
        err = exec_program(path, &a);
        exec_args_free(&a);
    }
    kfree(path);
    return err;
}
