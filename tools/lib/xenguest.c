/*
 * tools/lib/xenguest.c - the PV domain builder (see xenguest.h), the job
 * of Xen's libxenguest for a 64-bit PV domU, in Xen's order: read and
 * unwrap the kernel, inspect it with the hypervisor's own ELF parser, lay
 * the domain out (minixen/pv_layout.h, shared with the hypervisor's dom0
 * builder), populate its memory, map it, load the kernel and ramdisk,
 * write the p2m list, start_info and the boot page tables, unmap, then
 * ask the hypervisor for the hypercall page, the pin of the L4 and vCPU
 * 0's context.  The domain's shared_info masks every vCPU's events from
 * its creation (the hypervisor does it), so the builder leaves it alone.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <minixen/elf.h>
#include <minixen/pv_layout.h>
#include <asm/page.h>
#include "xc_private.h"
#include "xenguest.h"
#include "xg_file.h"
#include "xg_image.h"

#define RAMDISK_MAX_BYTES   (1UL << 30)
#define POPULATE_BATCH      1024UL          /* frames per populate_physmap */
#define SUPERPAGE_SHIFT     9               /* 2 MiB extents: Xen's SUPERPAGE_2MB_SHIFT */
#define SUPERPAGE_FRAMES    (1UL << SUPERPAGE_SHIFT)
#define SUPERPAGE_BATCH     64UL            /* extents per populate_physmap */
#define GUEST_PTE_FLAGS     (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
                             _PAGE_DIRTY | _PAGE_USER)
#define X86_DR6_DEFAULT     0xffff0ff0UL    /* the debug registers at reset */
#define X86_DR7_DEFAULT     0x00000400UL
#define X86_EFLAGS_IF       (1UL << 9)

/* A kernel file and the ELF image inside it. */
struct xg_kernel {
    const uint8_t *file;            /* the file, mapped */
    size_t file_len;
    const uint8_t *elf;
    size_t elf_len;
    uint8_t *owned;                 /* decompressed copy, if any */
    struct pv_kernel_info info;
};

struct xg_build {
    xc_interface *xch;
    uint32_t domid;
    const struct xg_pv_config *cfg;
    struct xg_pv_result *res;
    struct xg_kernel kernel;
    const uint8_t *ramdisk;
    size_t ramdisk_len;
    struct pv_layout layout;
    unsigned long nr_pages;
    xen_pfn_t *p2m;                 /* pfn -> mfn */
    uint8_t *map;                   /* the layout's frames, in pfn order */
    unsigned long map_pfn;          /* the first page mapped: the kernel's */
    unsigned long nr_mapped;        /* pages mapped from there: up to the boot stack */
    bool stray_write;               /* a load outside the layout (never expected) */
};

/* Record a one-line reason: returns rc (a negative errno) for chaining. */
static int fail(char *error, size_t len, int rc, const char *fmt, ...)
{
    va_list ap;

    if (error && len) {
        va_start(ap, fmt);
        vsnprintf(error, len, fmt, ap);
        va_end(ap);
    }
    return rc;
}

static void kernel_free(struct xg_kernel *k)
{
    xg_unmap_file(k->file, k->file_len);
    free(k->owned);
    memset(k, 0, sizeof(*k));
}

/* Map, unwrap and inspect: 0, or -errno with the reason in error. */
static int kernel_open(struct xg_kernel *k, const char *path, char *error,
                       size_t len)
{
    const char *why = NULL;
    int rc;

    memset(k, 0, sizeof(*k));
    rc = xg_map_file(path, XG_KERNEL_MAX_BYTES, &k->file, &k->file_len, &why);
    if (rc)
        return fail(error, len, rc, "%s: %s", path, why);
    rc = xg_kernel_elf(k->file, k->file_len, XG_KERNEL_MAX_BYTES, &k->elf,
                       &k->elf_len, &k->owned, &why);
    if (rc)
        return fail(error, len, rc, "%s: %s", path, why);
    rc = pv_kernel_inspect(k->elf, k->elf_len, &k->info, &why);
    if (rc) {
        char detail[160];

        pv_kernel_format_error(&k->info, why, detail, sizeof(detail));
        return fail(error, len, rc, "%s: not a PV kernel: %s", path, detail);
    }
    return 0;
}

int xg_pv_check_kernel(const char *path, char *error, size_t len)
{
    struct xg_kernel k;
    int rc;

    if (!path)
        return fail(error, len, -EINVAL, "no kernel given");
    rc = kernel_open(&k, path, error, len);
    kernel_free(&k);
    return rc;
}

/* ---- Memory ---- */

/*
 * As much memory as the hypervisor has in 2 MiB extents, as Xen's
 * meminit_pv asks first: one extent per 512 frames instead of 512 of
 * them.  Returns the frames done (a multiple of 512; 0 if none).  A
 * refusal only means 4 KiB extents for the rest: the error that matters
 * (no such domain, no memory) comes again from those.
 */
static unsigned long populate_superpages(struct xg_build *b)
{
    unsigned long nr = b->nr_pages >> SUPERPAGE_SHIFT, done = 0;
    xen_pfn_t extents[SUPERPAGE_BATCH];

    while (done < nr) {
        unsigned long n = nr - done < SUPERPAGE_BATCH ? nr - done : SUPERPAGE_BATCH;
        int got;

        for (unsigned long i = 0; i < n; i++)
            extents[i] = (done + i) << SUPERPAGE_SHIFT;
        got = xc_domain_populate_physmap(b->xch, b->domid, n, SUPERPAGE_SHIFT,
                                         0, extents);
        if (got < 0)
            break;
        for (unsigned long i = 0; i < (unsigned long)got; i++)
            for (unsigned long j = 0; j < SUPERPAGE_FRAMES; j++)
                b->p2m[((done + i) << SUPERPAGE_SHIFT) + j] = extents[i] + j;
        done += (unsigned long)got;
        if ((unsigned long)got < n)
            break;                      /* none that large left: 4 KiB from here */
    }
    return done << SUPERPAGE_SHIFT;
}

static int populate(struct xg_build *b)
{
    unsigned long pfn, n;

    b->p2m = reallocarray(NULL, b->nr_pages, sizeof(*b->p2m));   /* filled next */
    if (!b->p2m)
        return fail(b->res->error, sizeof(b->res->error), -ENOMEM,
                    "out of memory for the p2m list");
    /* In: the pseudo-physical frames; out: the machine frames behind them. */
    for (pfn = populate_superpages(b); pfn < b->nr_pages; pfn += n) {
        n = b->nr_pages - pfn < POPULATE_BATCH ? b->nr_pages - pfn : POPULATE_BATCH;
        for (unsigned long i = 0; i < n; i++)
            b->p2m[pfn + i] = pfn + i;
        if (xc_domain_populate_physmap_exact(b->xch, b->domid, n, 0, 0,
                                             b->p2m + pfn))
            return fail(b->res->error, sizeof(b->res->error), -errno,
                        "could not give domain %u %lu pages: %s", b->domid,
                        b->nr_pages, strerror(errno));
    }
    return 0;
}

/*
 * Only [the kernel, the end of the boot stack) is written at boot, so only
 * it is mapped: below the kernel (from a virt_base under its first
 * segment) and after the stack (the slack up to v_end's 4 MiB boundary)
 * the memory stays as the hypervisor gave it, zeroed, and mapping it
 * would cost a page-table update each way for nothing.
 */
static int map_layout(struct xg_build *b)
{
    int *err;
    int rc = 0;

    b->map_pfn = pv_layout_pfn(&b->layout, b->layout.kern_start);
    b->nr_mapped = pv_layout_pfn(&b->layout, b->layout.stack_start) + 1 - b->map_pfn;
    err = calloc(b->nr_mapped, sizeof(*err));
    if (!err)
        return fail(b->res->error, sizeof(b->res->error), -ENOMEM,
                    "out of memory mapping the domain");
    b->map = xc_map_foreign_bulk(b->xch, b->domid, PROT_READ | PROT_WRITE,
                                 b->p2m + b->map_pfn, err, (unsigned int)b->nr_mapped);
    if (!b->map)
        rc = -errno;
    for (unsigned long i = 0; b->map && i < b->nr_mapped && !rc; i++)
        rc = err[i];
    free(err);
    if (rc)
        return fail(b->res->error, sizeof(b->res->error), rc,
                    "could not map domain %u's memory: %s", b->domid,
                    strerror(-rc));
    return 0;
}

static void unmap_layout(struct xg_build *b)
{
    if (b->map)
        munmap(b->map, b->nr_mapped * XEN_PAGE_SIZE);
    b->map = NULL;
}

/* Our view of guest virtual address va, n bytes of which must lie in the mapping. */
static void *guest_ptr(struct xg_build *b, uint64_t va, size_t n)
{
    const struct pv_layout *l = &b->layout;

    uint64_t mapped = l->v_start + b->map_pfn * XEN_PAGE_SIZE;
    uint64_t mapped_end = mapped + b->nr_mapped * XEN_PAGE_SIZE;

    if (va < mapped || va >= mapped_end || n > mapped_end - va) {
        b->stray_write = true;
        return NULL;
    }
    return b->map + (va - mapped);
}

static void load_copy(void *ctx, uint64_t va, const void *src, size_t n)
{
    void *dst = guest_ptr(ctx, va, n);

    if (dst)
        memcpy(dst, src, n);
}

/* The frames are zero already (see fill_memory): only the range is checked. */
static void load_zero(void *ctx, uint64_t va, size_t n)
{
    (void)guest_ptr(ctx, va, n);
}

/* ---- What the guest finds at boot ---- */

static xen_pfn_t mfn_of(const struct xg_build *b, uint64_t va)
{
    return b->p2m[pv_layout_pfn(&b->layout, va)];
}

static int shared_info_maddr(struct xg_build *b, uint64_t *maddr)
{
    xc_domaininfo_t info;

    if (xc_domain_getinfolist(b->xch, b->domid, 1, &info) != 1 ||
        info.domain != b->domid)
        return fail(b->res->error, sizeof(b->res->error), -ESRCH,
                    "domain %u does not exist", b->domid);
    *maddr = (uint64_t)info.shared_info_frame << XEN_PAGE_SHIFT;
    return 0;
}

static void write_start_info(struct xg_build *b, uint64_t shared_info)
{
    const struct pv_layout *l = &b->layout;
    start_info_t *si = guest_ptr(b, l->start_info, XEN_PAGE_SIZE);

    if (!si)
        return;
    snprintf(si->magic, sizeof(si->magic), "%s", XEN_START_INFO_MAGIC_64);
    si->nr_pages = b->nr_pages;
    si->shared_info = shared_info;
    si->flags = 0;                              /* an unprivileged domU */
    si->store_mfn = mfn_of(b, l->store_page);
    si->store_evtchn = b->cfg->store_port;
    si->console.domU.mfn = mfn_of(b, l->console_page);
    si->console.domU.evtchn = b->cfg->console_port;
    si->pt_base = l->pt_start;
    si->nr_pt_frames = l->nr_pt_pages;
    si->mfn_list = l->p2m_start;
    si->mod_start = b->ramdisk_len ? l->initrd_start : 0;
    si->mod_len = b->ramdisk_len;
    /* Xen truncates a long command line to the field. */
    snprintf(si->cmd_line, sizeof(si->cmd_line), "%s",
             b->cfg->cmdline ? b->cfg->cmdline : "");
}

/*
 * The boot page tables, built in the frames at pt_start.  Addresses are
 * mapped in increasing order, so each level only ever needs its newest
 * table: a new one starts when va leaves the span the current one maps.
 */
struct pt_builder {
    struct xg_build *b;
    uint64_t next_va;               /* the next unused table page */
    uint64_t table[5];              /* per level: the current table's va */
    uint64_t span[5];               /* per level: va >> PT_SHIFT(level + 1) it maps */
};

/* The layout sized the table area; should it be wrong, write nowhere and fail. */
static uint64_t *table_at(struct pt_builder *t, uint64_t table_va)
{
    static uint64_t scratch[XEN_PAGE_SIZE / sizeof(uint64_t)];
    uint64_t *table = NULL;

    if (table_va >= t->b->layout.pt_start && table_va < t->b->layout.stack_start)
        table = guest_ptr(t->b, table_va, XEN_PAGE_SIZE);
    if (!table)
        t->b->stray_write = true;
    return table ? table : scratch;
}

static uint64_t pte(const struct xg_build *b, uint64_t va, uint64_t flags)
{
    return ((uint64_t)mfn_of(b, va) << XEN_PAGE_SHIFT) | flags;
}

static uint64_t pt_new_table(struct pt_builder *t)
{
    uint64_t va = t->next_va;

    t->next_va += XEN_PAGE_SIZE;
    (void)table_at(t, va);          /* a fresh frame: every entry empty already */
    return va;
}

/* Make sure level's current table maps va, linking a new one in if not. */
static void pt_table_for(struct pt_builder *t, int level, uint64_t va)
{
    uint64_t span = va >> PT_SHIFT(level + 1);

    if (t->table[level] && t->span[level] == span)
        return;
    t->table[level] = pt_new_table(t);
    t->span[level] = span;
    table_at(t, t->table[level + 1])[PT_INDEX(va, level + 1)] =
        pte(t->b, t->table[level], GUEST_PTE_FLAGS);
}

static bool in_pt_area(const struct pv_layout *l, uint64_t va)
{
    return va >= l->pt_start && va < l->stack_start;
}

/* The entries of one L1 table, for [va, end) within its 2 MiB: the p2m
 * read in order, the table area read-only. */
static void fill_l1(struct xg_build *b, uint64_t *l1, uint64_t va, uint64_t end)
{
    const struct pv_layout *l = &b->layout;
    const xen_pfn_t *mfn = b->p2m + pv_layout_pfn(l, va);
    uint64_t *entry = l1 + PT_INDEX(va, 1);

    for (; va < end; va += XEN_PAGE_SIZE)
        *entry++ = ((uint64_t)*mfn++ << XEN_PAGE_SHIFT) |
                   (in_pt_area(l, va) ? GUEST_PTE_FLAGS & ~_PAGE_RW : GUEST_PTE_FLAGS);
}

/* Map [v_start, v_end); the tables themselves read-only, as Xen requires.
 * An L1 table at a time: the upper levels are looked at once per 2 MiB,
 * not once per page (8192 pages for 32 MiB). */
static void build_page_tables(struct xg_build *b)
{
    const struct pv_layout *l = &b->layout;
    struct pt_builder t = { .b = b, .next_va = l->pt_start };
    uint64_t va = l->v_start, end;

    t.table[4] = pt_new_table(&t);
    for (; va < l->v_end; va = end) {
        end = ((va >> PT_SHIFT(2)) + 1) << PT_SHIFT(2);
        if (end > l->v_end)
            end = l->v_end;
        for (int level = 3; level >= 1; level--)
            pt_table_for(&t, level, va);
        fill_l1(b, table_at(&t, t.table[1]), va, end);
    }
}

/* ---- The hypervisor's part ---- */

static int hypercall_page(struct xg_build *b)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_hypercall_init };

    if (!b->kernel.info.hypercall_page)
        return 0;
    op.u.hypercall_init.gmfn = mfn_of(b, b->kernel.info.hypercall_page);
    if (xc_domctl(b->xch, b->domid, &op))
        return fail(b->res->error, sizeof(b->res->error), -errno,
                    "could not write domain %u's hypercall page: %s",
                    b->domid, strerror(errno));
    return 0;
}

static int pin_tables(struct xg_build *b)
{
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L4_TABLE };

    pin.arg1.mfn = mfn_of(b, b->layout.pt_start);
    if (xc_mmuext_op(b->xch, &pin, 1, b->domid))
        return fail(b->res->error, sizeof(b->res->error), -errno,
                    "domain %u's boot page tables were refused: %s",
                    b->domid, strerror(errno));
    return 0;
}

/* vCPU 0 starts at the entry point, on the boot stack, rsi = start_info. */
static int start_vcpu0(struct xg_build *b)
{
    const struct pv_layout *l = &b->layout;
    vcpu_guest_context_any_t any;
    vcpu_guest_context_t *c = &any.c;

    memset(&any, 0, sizeof(any));
    c->user_regs.rip = b->kernel.info.entry;
    c->user_regs.rsp = l->stack_start + XEN_PAGE_SIZE;
    c->user_regs.rsi = l->start_info;
    c->user_regs.rflags = X86_EFLAGS_IF;
    c->user_regs.cs = FLAT_KERNEL_CS;
    c->user_regs.ss = FLAT_KERNEL_SS;
    c->user_regs.ds = c->user_regs.es = FLAT_KERNEL_DS;
    c->user_regs.fs = c->user_regs.gs = FLAT_KERNEL_DS;
    c->debugreg[6] = X86_DR6_DEFAULT;
    c->debugreg[7] = X86_DR7_DEFAULT;
    c->flags = VGCF_in_kernel | VGCF_online;
    c->ctrlreg[3] = xen_pfn_to_cr3(mfn_of(b, l->pt_start));
    c->kernel_ss = c->user_regs.ss;
    c->kernel_sp = c->user_regs.rsp;
    if (xc_vcpu_setcontext(b->xch, b->domid, 0, &any))
        return fail(b->res->error, sizeof(b->res->error), -errno,
                    "could not set domain %u's vCPU 0: %s", b->domid,
                    strerror(errno));
    return 0;
}

/* ---- The build ---- */

static int check_config(struct xg_build *b)
{
    const struct xg_pv_config *cfg = b->cfg;
    char *error = b->res->error;

    if (!cfg->kernel)
        return fail(error, sizeof(b->res->error), -EINVAL, "no kernel given");
    if (cfg->vcpus == 0)
        return fail(error, sizeof(b->res->error), -EINVAL, "a domain needs a vCPU");
    b->nr_pages = cfg->mem_kb / (XEN_PAGE_SIZE / 1024);
    if (b->nr_pages == 0 || b->nr_pages > UINT32_MAX)
        return fail(error, sizeof(b->res->error), -EINVAL,
                    "memory of %llu KiB is not a usable size",
                    (unsigned long long)cfg->mem_kb);
    return 0;
}

static int read_inputs(struct xg_build *b)
{
    const char *why = NULL;
    int rc = kernel_open(&b->kernel, b->cfg->kernel, b->res->error,
                         sizeof(b->res->error));

    if (rc || !b->cfg->ramdisk)
        return rc;
    rc = xg_map_file(b->cfg->ramdisk, RAMDISK_MAX_BYTES, &b->ramdisk,
                      &b->ramdisk_len, &why);
    if (rc)
        return fail(b->res->error, sizeof(b->res->error), rc, "%s: %s",
                    b->cfg->ramdisk, why);
    return 0;
}

static int lay_out(struct xg_build *b)
{
    const char *problem = pv_layout_compute(&b->layout, &b->kernel.info,
                                            b->ramdisk_len, b->nr_pages,
                                            PV_LAYOUT_DOMU_PAGES);

    if (problem)
        return fail(b->res->error, sizeof(b->res->error), -ENOMEM, "%s: %s",
                    b->cfg->kernel, problem);
    return 0;
}

/* The files were mapped, not copied: one that shrank meanwhile loaded zeros. */
static int inputs_unchanged(struct xg_build *b)
{
    const char *path = b->cfg->kernel;

    if (xg_file_unchanged(path, b->kernel.file_len) ||
        (b->ramdisk_len && xg_file_unchanged(path = b->cfg->ramdisk, b->ramdisk_len)))
        return fail(b->res->error, sizeof(b->res->error), -EIO,
                    "%s: changed while the domain was being built", path);
    return 0;
}

/* Everything written through our mapping of the domain's memory. */
static int fill_memory(struct xg_build *b, uint64_t shared_info)
{
    const struct pv_layout *l = &b->layout;

    /*
     * Every frame comes zeroed from populate_physmap (as on Xen: a guest
     * never sees what another left), so only what is not zero is written:
     * the segments' file bytes, the ramdisk, the p2m, start_info's fields
     * and the tables' entries.  The BSS, the store, console and stack
     * pages and the rest of start_info and the tables are left alone:
     * zeroing them again cost some 0.2 M instructions per domain.
     */
    if (elf_load_segments(&b->kernel.info, b->kernel.elf, b->kernel.elf_len,
                          load_copy, load_zero, b))
        return fail(b->res->error, sizeof(b->res->error), -EINVAL,
                    "%s: its segments do not fit the file", b->cfg->kernel);
    if (b->ramdisk_len)
        load_copy(b, l->initrd_start, b->ramdisk, b->ramdisk_len);
    load_copy(b, l->p2m_start, b->p2m, b->nr_pages * sizeof(*b->p2m));
    write_start_info(b, shared_info);
    build_page_tables(b);
    if (b->stray_write)
        return fail(b->res->error, sizeof(b->res->error), -EFAULT,
                    "internal error: a write fell outside the domain's layout");
    return inputs_unchanged(b);
}

static int build(struct xg_build *b)
{
    uint64_t shared_info = 0;
    int rc;

    /*
     * The domain is looked up first: Xen's populate_physmap answers "0
     * extents done" for a domain that does not exist, not ESRCH.
     */
    if ((rc = check_config(b)) || (rc = read_inputs(b)) || (rc = lay_out(b)) ||
        (rc = shared_info_maddr(b, &shared_info)) || (rc = populate(b)) ||
        (rc = map_layout(b)) || (rc = fill_memory(b, shared_info)))
        return rc;
    /* No writable mapping of the tables may remain when they are pinned. */
    unmap_layout(b);
    if ((rc = hypercall_page(b)) || (rc = pin_tables(b)) || (rc = start_vcpu0(b)))
        return rc;
    b->res->store_mfn = mfn_of(b, b->layout.store_page);
    b->res->console_mfn = mfn_of(b, b->layout.console_page);
    return 0;
}

int xg_pv_build(xc_interface *xch, uint32_t domid,
                const struct xg_pv_config *cfg, struct xg_pv_result *res)
{
    struct xg_build b = { .xch = xch, .domid = domid, .cfg = cfg, .res = res };
    int rc;

    if (!res)
        return -EINVAL;
    memset(res, 0, sizeof(*res));
    if (!xch || !cfg || !xc_domid_ok(domid))
        return fail(res->error, sizeof(res->error), -EINVAL,
                    "bad arguments to the builder");
    rc = build(&b);
    unmap_layout(&b);
    kernel_free(&b.kernel);
    xg_unmap_file(b.ramdisk, b.ramdisk_len);
    free(b.p2m);
    return rc;
}
