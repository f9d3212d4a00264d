/*
 * Per-CPU state the hardware needs: the GDT window, the TSS, the SYSCALL
 * MSRs and the control-register settings the hypervisor relies on.
 *
 * Each CPU's GDT lives in a window of its own from GDT_VIRT_START (CPU
 * n's at GDT_WINDOW(n)): pages 0..13 show the vCPU it runs's own GDT
 * frames (set_gdt), page 14 holds the CPU's hypervisor descriptors
 * (its own TSS among them) from byte 0xe000, so a guest's selectors and
 * Xen's flat selectors work side by side.  Context switches only rewrite
 * the 14 page mappings of the switching CPU's window.
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <asm/x86.h>
#include <asm/desc.h>
#include <asm/smp.h>
#include <asm/page.h>
#include <asm/traps.h>
#include <asm/cpu.h>

#define TSS_TYPE_AVAILABLE  0x9

extern const uint64_t boot_gdt[];
extern const char syscall_stubs[];
extern unsigned long syscall_frame_end[];

static uint64_t hypervisor_gdt_page[PAGE_SIZE / 8] __attribute__((aligned(PAGE_SIZE)));
static unsigned long blank_gdt_mfn;

/* A 16-byte system descriptor for the TSS. */
static void gdt_set_tss(uint64_t *slot, const struct tss64 *tss)
{
    uint64_t base = (uint64_t)tss, limit = sizeof(*tss) - 1;

    slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
              ((uint64_t)TSS_TYPE_AVAILABLE << 40) | ((uint64_t)DESC_P << 32) |
              (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    slot[1] = base >> 32;
}

/*
 * The windows' entries, found once: every window sits in one L1 table of
 * the hypervisor's (checked below), so CPU n's are GDT_WINDOW_PAGES * n
 * further on.  A switch rewrites only those that change, and looks no
 * further than the frames the window last showed: the rest still show
 * the blank page.
 */
#define GDT_WINDOW_PAGES    16
#define GDT_WINDOW(cpu)     (GDT_VIRT_START + (unsigned long)(cpu) * GDT_WINDOW_PAGES * PAGE_SIZE)
static pte_t *gdt_windows_l1e;
_Static_assert(GDT_VIRT_START % (PT_ENTRIES * PAGE_SIZE) == 0 && GDT_PAGES <= GDT_WINDOW_PAGES &&
               MAX_PHYS_CPUS * GDT_WINDOW_PAGES <= PT_ENTRIES,
               "every GDT window's pages must share one L1 table");

/* Point this CPU's GDT pages 0..13 at the given frames (0 = an empty page). */
void gdt_map_guest_frames(const unsigned long *frames, unsigned int nr)
{
    struct pcpu *me = this_cpu();
    pte_t *l1e = gdt_windows_l1e + me->cpu_id * GDT_WINDOW_PAGES;
    unsigned long va = GDT_WINDOW(me->cpu_id);
    unsigned int i, end = max(nr, me->arch.gdt_window_used);

    me->arch.gdt_window_used = nr;
    for (i = 0; i < end && i < FIRST_RESERVED_GDT_PAGE; i++) {
        unsigned long mfn = (i < nr && frames[i]) ? frames[i] : blank_gdt_mfn;
        /* Writable for the CPU, which sets accessed bits in descriptors. */
        pte_t e = pte_from_mfn(mfn, __PAGE_HYPERVISOR_RW);

        if (l1e[i] == e)
            continue;
        l1e[i] = e;
        invlpg(va + i * PAGE_SIZE);
    }
}

/* CPU cpu's window: blank guest pages, then its hypervisor descriptors. */
static void gdt_window_init(unsigned int cpu, const uint64_t *hypervisor_page)
{
    unsigned int i;

    for (i = 0; i < FIRST_RESERVED_GDT_PAGE; i++)
        map_pages_to_xen(GDT_WINDOW(cpu) + i * PAGE_SIZE, blank_gdt_mfn, 1,
                         __PAGE_HYPERVISOR_RW);
    map_pages_to_xen(GDT_WINDOW(cpu) + FIRST_RESERVED_GDT_BYTE,
                     virt_to_mfn(hypervisor_page), 1, __PAGE_HYPERVISOR_RW);
}

static void gdt_load(unsigned int cpu)
{
    struct desc_ptr gdtr = { GDT_LIMIT, GDT_WINDOW(cpu) };

    asm volatile ("lgdt %0" :: "m" (gdtr));
    asm volatile ("ltr %w0" :: "r" (TSS_SELECTOR));
}

static void gdt_init(struct tss64 *tss)
{
    memcpy(hypervisor_gdt_page, boot_gdt, 8 * 8);
    gdt_set_tss(&hypervisor_gdt_page[TSS_ENTRY_INDEX], tss);
    blank_gdt_mfn = alloc_xenheap_page();
    gdt_window_init(0, hypervisor_gdt_page);
    gdt_windows_l1e = xen_l1e_for(GDT_VIRT_START);
    gdt_load(0);
}

/* This CPU's own SYSCALL stubs (entry.S), which switch to its stack. */
static void syscall_init(unsigned int cpu)
{
    unsigned long stubs = (unsigned long)syscall_stubs;

    syscall_frame_end[cpu] = (unsigned long)this_cpu();
    wrmsr(MSR_STAR, ((uint64_t)SYSRET_SELECTOR_BASE << 48) |
                    ((uint64_t)__HYPERVISOR_CS << 32));
    wrmsr(MSR_LSTAR, stubs + cpu * SYSCALL_STUB_SIZE);
    wrmsr(MSR_CSTAR, stubs + (MAX_PHYS_CPUS + cpu) * SYSCALL_STUB_SIZE);
    /* SYSENTER_CS 0 makes sysenter a #GP, which the guest gets. */
    wrmsr(MSR_SYSENTER_CS, 0);
    wrmsr(MSR_SYSCALL_MASK, X86_EFLAGS_IF | X86_EFLAGS_TF | X86_EFLAGS_DF |
                            X86_EFLAGS_AC | X86_EFLAGS_NT);
}

/*
 * An application processor's own stack block (asm/config.h), GDT page
 * and TSS: the boot GDT's descriptors at the same selectors, and a TSS
 * (busy once loaded, so never shared) pointing at the block's stacks.
 * The boot CPU allocates them and maps the AP's GDT window, before the
 * AP runs: the allocator and the hypervisor's tables are not the AP's to
 * change.
 */
bool cpu_alloc_secondary(struct cpu_tables *t, unsigned int cpu)
{
    t->block = alloc_xenheap_aligned_virt(PERCPU_BLOCK_PAGES, PERCPU_BLOCK_PAGES);
    t->gdt = alloc_xenheap_pages_virt(1);
    t->tss = alloc_xenheap_pages_virt(1);
    if (t->block)
        memset(t->block + PERCPU_BLOCK_SIZE - PCPU_AREA_SIZE, 0, PCPU_AREA_SIZE);
    if (!t->block || !t->gdt || !t->tss)
        return false;
    gdt_window_init(cpu, t->gdt);
    return true;
}

/* Where the AP's code starts: its guest frame's place, the top of its stack. */
unsigned long cpu_secondary_stack(const struct cpu_tables *t)
{
    return (unsigned long)t->block + PERCPU_BLOCK_SIZE - PCPU_AREA_SIZE - REGS_SIZE;
}

/* Never execute guest memory in ring 0, should anything try. */
static bool cpu_has_smep(void)
{
    uint32_t a, b, c, d;

    cpuid_count(CPUID_LEAF_EXT_FEATURES, 0, &a, &b, &c, &d);
    return b & CPUID7_EBX_SMEP;
}

/* What guests on every CPU rely on alike: the FPU and SSE usable, SMEP. */
static void cpu_init_control_registers(void)
{
    write_cr0((read_cr0() & ~(X86_CR0_EM | X86_CR0_TS)) | X86_CR0_MP | X86_CR0_NE);
    write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT |
              (cpu_has_smep() ? X86_CR4_SMEP : 0));
    asm volatile ("fninit");
}

void cpu_init_secondary(const struct cpu_tables *t, unsigned int cpu)
{
    memcpy(t->gdt, boot_gdt, 8 * 8);
    tss_set_stacks(t->tss, this_cpu());
    gdt_set_tss(&t->gdt[TSS_ENTRY_INDEX], t->tss);
    gdt_load(cpu);
    idt_load();
    syscall_init(cpu);
    cpu_init_control_registers();
}

/* After mm_init: the GDT window needs the direct map and the allocator. */
void cpu_init(void)
{
    idt_init();
    gdt_init(tss_init());
    syscall_init(0);
    cpu_init_control_registers();
}
