/*
 * The PV domain builder for boot modules: turns a kernel image into a
 * running domain laid out as Xen lays out a 64-bit PV domain (the layout
 * and its arithmetic are in minixen/pv_layout.h, shared with the
 * toolstack's builder).
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/elf.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/domain_build.h>
#include <minixen/pv_layout.h>
#include <asm/page.h>
#include <asm/desc.h>
#include <asm/x86.h>
#include <asm/pv.h>
#include <public/features.h>
#include <asm/time.h>

#define GUEST_PTE_FLAGS     (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
                             _PAGE_DIRTY | _PAGE_USER)

static void *guest_va_ptr(struct domain *d, const struct pv_layout *l, unsigned long va)
{
    return (char *)mfn_to_virt(d->arch.p2m[pv_layout_pfn(l, va)]) + (va & (PAGE_SIZE - 1));
}

struct load_ctx {
    struct domain *d;
    const struct pv_layout *l;
};

/* Segment copy and zero callbacks: page by page through the direct map. */
static void load_copy(void *opaque, uint64_t va, const void *src, size_t n)
{
    struct load_ctx *c = opaque;

    while (n) {
        size_t chunk = min((size_t)(PAGE_SIZE - (va & (PAGE_SIZE - 1))), n);
        if (src)
            memcpy(guest_va_ptr(c->d, c->l, va), src, chunk);
        else
            memset(guest_va_ptr(c->d, c->l, va), 0, chunk);
        va += chunk;
        n -= chunk;
        src = src ? (const char *)src + chunk : NULL;
    }
}

static void load_zero(void *opaque, uint64_t va, size_t n)
{
    load_copy(opaque, va, NULL, n);
}

static bool alloc_guest_memory(struct domain *d, unsigned long nr_pages)
{
    unsigned long pfn;

    d->max_pages = nr_pages;
    d->arch.p2m = alloc_xenheap_pages_virt(DIV_ROUND_UP(nr_pages * sizeof(long), PAGE_SIZE));
    if (!d->arch.p2m)
        return false;
    d->arch.nr_p2m = nr_pages;
    for (pfn = 0; pfn < nr_pages;) {
        /* Unprivileged domains must not see what earlier owners left. */
        unsigned long mfn, n = alloc_domheap_run(d, nr_pages - pfn, &mfn,
                                                 !d->is_privileged);
        if (n == 0)
            return false;
        for (; n--; pfn++, mfn++) {
            d->arch.p2m[pfn] = mfn;
            set_gpfn_from_mfn(mfn, pfn);
        }
    }
    return true;
}

/* The boot page tables, built in the frames at pt_start. */
struct pt_builder {
    struct domain *d;
    const struct pv_layout *l;
    unsigned long next_va;          /* next unused table page */
};

static unsigned long pt_new_table(struct pt_builder *b)
{
    unsigned long mfn = b->d->arch.p2m[pv_layout_pfn(b->l, b->next_va)];

    b->next_va += PAGE_SIZE;
    clear_page(mfn_to_virt(mfn));
    return mfn;
}

static bool in_pt_area(const struct pv_layout *l, unsigned long va)
{
    return va >= l->pt_start && va < l->stack_start;
}

/*
 * Map va -> mfn; page-table frames read-only, everything else writable.
 * Plain writes: the references are taken when the L4 is validated.
 */
static void pt_map(struct pt_builder *b, unsigned long l4_mfn, unsigned long va,
                   unsigned long mfn)
{
    pte_t *table = mfn_to_virt(l4_mfn);
    int level;

    for (level = 4; level > 1; level--) {
        pte_t *e = &table[PT_INDEX(va, level)];
        if (!(*e & _PAGE_PRESENT))
            *e = pte_from_mfn(pt_new_table(b), GUEST_PTE_FLAGS);
        table = mfn_to_virt(pte_mfn(*e));
    }
    table[PT_INDEX(va, 1)] = pte_from_mfn(mfn, in_pt_area(b->l, va)
                                          ? GUEST_PTE_FLAGS & ~_PAGE_RW
                                          : GUEST_PTE_FLAGS);
}

/*
 * Validating the L4 checks the whole tree and takes its references.  Xen
 * pins the boot L4, and the base pointer holds a reference of its own.
 */
static unsigned long build_page_tables(struct domain *d, const struct pv_layout *l)
{
    struct pt_builder b = { d, l, l->pt_start };
    unsigned long l4 = pt_new_table(&b), va;

    for (va = l->v_start; va < l->v_end; va += PAGE_SIZE)
        pt_map(&b, l4, va, d->arch.p2m[pv_layout_pfn(l, va)]);
    if (!get_page_and_type(l4, d, PGT_l4))
        return INVALID_MFN_VALUE;
    page_set_flags(&frame_table[l4], PGF_pinned);
    __atomic_fetch_add(&d->nr_pinned, 1, __ATOMIC_RELAXED);
    BUG_ON(!get_page_and_type(l4, d, PGT_l4));
    return l4;
}

static void write_start_info(struct domain *d, const struct pv_layout *l,
                             const char *cmdline)
{
    start_info_t *si = guest_va_ptr(d, l, l->start_info);

    memset(si, 0, PAGE_SIZE);
    strlcpy(si->magic, XEN_START_INFO_MAGIC_64, sizeof(si->magic));
    si->nr_pages = d->max_pages;
    si->shared_info = (uint64_t)d->shared_info_mfn << PAGE_SHIFT;
    si->flags = d->is_privileged ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0;
    si->pt_base = l->pt_start;
    si->nr_pt_frames = l->nr_pt_pages;
    si->mfn_list = l->p2m_start;
    si->mod_start = l->initrd_len ? l->initrd_start : 0;
    si->mod_len = l->initrd_len;
    strlcpy(si->cmd_line, cmdline, sizeof(si->cmd_line));
}

static void write_p2m(struct domain *d, const struct pv_layout *l)
{
    load_copy(&(struct load_ctx){ d, l }, l->p2m_start, d->arch.p2m,
              d->arch.nr_p2m * sizeof(unsigned long));
}

static void set_entry_state(struct domain *d, const struct pv_layout *l,
                            const struct pv_kernel_info *k, unsigned long l4)
{
    struct vcpu *v = &d->vcpu0;

    memset(&v->regs, 0, sizeof(v->regs));
    v->regs.rip = k->entry;
    v->regs.cs = HYP_GUEST_CS64;
    v->regs.ss = HYP_GUEST_DS;
    v->regs.rsp = l->stack_start + PAGE_SIZE;
    v->regs.rsi = l->start_info;
    v->regs.rflags = X86_EFLAGS_IF | X86_EFLAGS_MBS;
    v->arch.guest_table = l4;
    v->arch.in_kernel = true;
    vcpu_bring_up(v);
}

static void log_layout(const struct pv_layout *l)
{
    printk(XENLOG_INFO "  kernel %#lx-%#lx initrd %#lx+%#lx p2m %#lx\n",
           l->kern_start, l->kern_end, l->initrd_start, l->initrd_len, l->p2m_start);
    printk(XENLOG_INFO "  start_info %#lx page tables %#lx (%lu) stack %#lx\n",
           l->start_info, l->pt_start, l->nr_pt_pages, l->stack_start);
}

static bool inspect_kernel(const struct boot_module *m, struct pv_kernel_info *k,
                           const char *name, bool privileged)
{
    char msg[160];
    const char *why;

    if (pv_kernel_inspect(maddr_to_virt(m->start), m->end - m->start, k, &why)) {
        pv_kernel_format_error(k, why, msg, sizeof(msg));
        printk(XENLOG_ERR "%s kernel refused: %s\n", name, msg);
        return false;
    }
    if (k->notes.unreadable)
        printk(XENLOG_WARNING "%s kernel: notes %#x (bits by XEN_ELFNOTE_ type) hold "
               "no number of a readable size; read as 0, as Xen does\n",
               name, k->notes.unreadable);
    /* As Xen: a kernel that lists its features must list dom0 to be one. */
    if (privileged && pv_kernel_has_note(k, XEN_ELFNOTE_SUPPORTED_FEATURES) &&
        !(k->features_supported & (1u << XENFEAT_dom0))) {
        printk(XENLOG_ERR "%s kernel refused: it does not support dom0 operation\n", name);
        return false;
    }
    return true;
}

/* The kernel's GUEST_OS note, for the log. */
static struct pv_note_string guest_os_name(const struct pv_kernel_info *k)
{
    static const char unnamed[] = "unnamed";

    if (k->notes.guest_os.s)
        return k->notes.guest_os;
    return (struct pv_note_string){ .s = unnamed, .len = sizeof(unnamed) - 1 };
}

static bool populate(struct domain *d, const struct pv_layout *l,
                     const struct pv_kernel_info *k, const struct boot_module *kernel,
                     const struct boot_module *ramdisk)
{
    struct load_ctx ctx = { d, l };
    unsigned long l4;

    if (elf_load_segments(k, maddr_to_virt(kernel->start), kernel->end - kernel->start,
                          load_copy, load_zero, &ctx))
        return false;
    if (ramdisk)
        load_copy(&ctx, l->initrd_start, maddr_to_virt(ramdisk->start), l->initrd_len);
    write_p2m(d, l);
    write_start_info(d, l, kernel->cmdline);
    load_zero(&ctx, l->stack_start, PAGE_SIZE);
    if (k->hypercall_page)
        pv_fill_hypercall_page(guest_va_ptr(d, l, k->hypercall_page));
    l4 = build_page_tables(d, l);
    if (l4 == INVALID_MFN_VALUE)
        return false;
    set_entry_state(d, l, k, l4);
    return true;
}

struct domain *build_pv_domain(const struct domain_spec *spec)
{
    struct pv_kernel_info k;
    struct pv_note_string os;
    struct pv_layout l;
    struct domain *d;
    unsigned long nr_pages = spec->mem >> PAGE_SHIFT;
    const struct boot_module *rd = spec->ramdisk;
    const char *problem;

    if (!inspect_kernel(spec->kernel, &k, spec->name, spec->privileged))
        return NULL;
    problem = pv_layout_compute(&l, &k, rd ? rd->end - rd->start : 0, nr_pages,
                                PV_LAYOUT_DOM0_PAGES);
    if (problem) {
        printk(XENLOG_ERR "%s kernel refused: %s\n", spec->name, problem);
        return NULL;
    }
    d = domain_create(spec->id, spec->name, spec->privileged);
    if (!d || domain_create_vcpus(d, spec->vcpus ? spec->vcpus : 1) ||
        !alloc_guest_memory(d, nr_pages) ||
        !populate(d, &l, &k, spec->kernel, rd)) {
        printk(XENLOG_ERR "%s could not be built (out of memory, or its boot page "
               "tables were refused)\n", spec->name);
        if (d)
            domain_discard(d);
        return NULL;
    }
    d->arch.virt_base = l.v_start;
    d->arch.hypercall_page_va = k.hypercall_page;
    if (spec->weight)
        d->weight = spec->weight;
    d->cap = spec->cap;
    time_fill_wallclock(d->shared_info);
    os = guest_os_name(&k);
    printk(XENLOG_INFO "domain %u (%s): %.*s kernel, %lu pages, %u vCPUs, virt %#lx-%#lx, "
           "entry %#lx\n", d->domain_id, d->name, (int)os.len, os.s, nr_pages, d->max_vcpus,
           l.v_start, l.v_end, (unsigned long)k.entry);
    log_layout(&l);
    printk(XENLOG_INFO "  command line: \"%s\"\n", spec->kernel->cmdline);
    return d;
}
