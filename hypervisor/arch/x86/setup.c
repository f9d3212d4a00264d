/*
 * start_xen(): from the multiboot hand-over to the first guest.
 *
 * Order matters: the console first (so everything after can complain),
 * then the boot information is copied out of loader memory, then memory,
 * CPU tables, time, and finally domain 0 is built from the first module.
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/sched_credit.h>
#include <minixen/cmdline.h>
#include <minixen/kernel.h>
#include <minixen/boot.h>
#include <minixen/domain_build.h>
#include <minixen/preempt.h>
#include <minixen/keyhandler.h>
#include <minixen/console_input.h>
#include <asm/x86.h>
#include <asm/page.h>
#include <asm/cpu.h>
#include <asm/multiboot.h>
#include <asm/time.h>
#include <asm/apic.h>
#include <asm/ioapic.h>
#include <asm/serial.h>
#include <asm/power.h>
#include <asm/smp.h>

#define MAX_RAM_RANGES  32
#define MAX_CMDLINE     1024

static char xen_cmdline[MAX_CMDLINE];
static char loader_name[64];
const char *hypervisor_cmdline = xen_cmdline;

static struct ram_range ram[MAX_RAM_RANGES];
static unsigned int nr_ram;
static struct boot_module modules[MAX_BOOT_MODULES];
static unsigned int nr_modules;

/* Options (docs/command-line.md). */
static struct cmdline_loglvl opt_loglvl = { LOG_INFO, LOG_INFO };
static struct cmdline_loglvl opt_guest_loglvl = { LOG_WARNING, LOG_WARNING };
static struct cmdline_mem opt_dom0_mem;
static char opt_console[32] = "com1";
bool opt_noreboot;
bool opt_mm_audit;
/* Test aid: a deliberate fault in the hypervisor, to see its report. */
static bool opt_selftest_fault;
static bool opt_selftest_tlb;
bool opt_nosmp;
unsigned int opt_maxcpus = MAX_PHYS_CPUS;
static unsigned int opt_dom0_max_vcpus = 1;
struct frame_census census_before_domains;
unsigned long boot_module_frames_freed;

static const struct cmdline_option options[] = {
    CMDLINE_OPT_LOGLVL("loglvl", opt_loglvl),
    CMDLINE_OPT_LOGLVL("guest_loglvl", opt_guest_loglvl),
    CMDLINE_OPT_MEM("dom0_mem", opt_dom0_mem),
    CMDLINE_OPT_UINT("dom0_max_vcpus", opt_dom0_max_vcpus),
    CMDLINE_OPT_STRING("console", opt_console),
    CMDLINE_OPT_BOOL("noreboot", opt_noreboot),
    CMDLINE_OPT_BOOL("console_to_ring", opt_console_to_ring),
    CMDLINE_OPT_BOOL("mm_audit", opt_mm_audit),
    CMDLINE_OPT_UINT("hypercall_preempt_every", opt_hypercall_preempt_every),
    CMDLINE_OPT_BOOL("selftest_fault", opt_selftest_fault),
    CMDLINE_OPT_BOOL("selftest_tlb", opt_selftest_tlb),
    CMDLINE_OPT_BOOL("nosmp", opt_nosmp),
    CMDLINE_OPT_UINT("maxcpus", opt_maxcpus),
    CMDLINE_OPT_BOOL("debug_exit", opt_debug_exit),
    CMDLINE_OPT_UINT("sched_credit_tslice_ms", opt_tslice_ms),
};

/* Loader memory below 1 GiB is reachable through the boot mappings. */
static const void *boot_phys(uint32_t pa)
{
    return (const void *)(XEN_VIRT_START + pa);
}

/*
 * Start the other CPUs.  Their stacks and tables come from the heap once
 * the domains are built; they count with what the hypervisor had before
 * the domains, so that the power-off memory check still balances.
 */
static void boot_cpus_counted(void)
{
    struct frame_census before, after;

    frame_table_census(&before);
    smp_boot_cpus();
    frame_table_census(&after);
    census_before_domains.free -= before.free - after.free;
    census_before_domains.xen += after.xen - before.xen;
}

static void report_option(void *ctx, const char *msg)
{
    (void)ctx;
    printk(XENLOG_WARNING "command line: %s\n", msg);
}

static void parse_memory_map(const struct multiboot_info *mbi)
{
    uint32_t off = 0;

    if (!(mbi->flags & MBI_MEMMAP)) {
        ram[nr_ram++] = (struct ram_range){ 1UL << 20, (mbi->mem_upper + 1024UL) << 10 };
        return;
    }
    while (off + sizeof(uint32_t) <= mbi->mmap_length && nr_ram < MAX_RAM_RANGES) {
        const struct multiboot_mmap_entry *e = boot_phys(mbi->mmap_addr + off);
        if (e->type == MULTIBOOT_MEMORY_AVAILABLE && e->len)
            ram[nr_ram++] = (struct ram_range){ e->addr, e->addr + e->len };
        off += e->size + sizeof(e->size);
    }
}

static void copy_loader_string(char *dst, size_t size, uint32_t pa, const char *loader)
{
    const char *s = pa ? boot_phys(pa) : "";
    strlcpy(dst, cmdline_cook(s, loader), size);
}

static unsigned long parse_modules(const struct multiboot_info *mbi, const char *loader)
{
    const struct multiboot_module *mod = boot_phys(mbi->mods_addr);
    unsigned long end = 0;
    unsigned int i;

    if (!(mbi->flags & MBI_MODULES))
        return 0;
    for (i = 0; i < mbi->mods_count && i < MAX_BOOT_MODULES; i++, nr_modules++) {
        modules[i].start = mod[i].mod_start;
        modules[i].end = mod[i].mod_end;
        copy_loader_string(modules[i].cmdline, sizeof(modules[i].cmdline),
                           mod[i].string, loader);
        end = max(end, (unsigned long)mod[i].mod_end);
    }
    if (mbi->mods_count > MAX_BOOT_MODULES)
        printk(XENLOG_WARNING "ignoring %u boot modules past the first %u\n",
               mbi->mods_count - MAX_BOOT_MODULES, MAX_BOOT_MODULES);
    return end;
}

/* Copy what we need out of loader memory; returns the end of the modules. */
static unsigned long parse_multiboot(uint32_t magic, uint32_t mbi_pa)
{
    const struct multiboot_info *mbi = boot_phys(mbi_pa);
    const char *loader = "";

    if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
        panic("not started by a multiboot loader (magic %#x)", magic);
    if (mbi->flags & MBI_LOADERNAME)
        loader = boot_phys(mbi->boot_loader_name);
    if (mbi->flags & MBI_CMDLINE)
        copy_loader_string(xen_cmdline, sizeof(xen_cmdline), mbi->cmdline, loader);
    parse_memory_map(mbi);
    strlcpy(loader_name, *loader ? loader : "(unnamed)", sizeof(loader_name));
    return parse_modules(mbi, loader);
}

/* As on Xen, words after a lone "--" go to the end of dom0's command line. */
static void append_dom0_extra(void)
{
    const char *extra = cmdline_dom0_extra(xen_cmdline);
    char *dst;
    size_t used;

    if (!extra || !*extra || nr_modules == 0)
        return;
    dst = modules[0].cmdline;
    used = strlen(dst);
    if (used && used + 1 < sizeof(modules[0].cmdline))
        dst[used++] = ' ';
    strlcpy(dst + used, extra, sizeof(modules[0].cmdline) - used);
}

static void apply_options(void)
{
    cmdline_parse(xen_cmdline, options, ARRAY_SIZE(options), report_option, NULL);
    append_dom0_extra();
    console_set_levels(opt_loglvl.level, opt_guest_loglvl.level);
    if (strcmp(opt_console, "com1") && strcmp(opt_console, "com1,vga"))
        printk(XENLOG_WARNING "console=%s: only com1 is supported\n", opt_console);
    if (opt_hypercall_preempt_every)
        printk(XENLOG_WARNING "hypercall_preempt_every=%u: long hypercalls are "
               "preempted on purpose (a test aid)\n", opt_hypercall_preempt_every);
}

static bool vcpus_valid(uint64_t n)
{
    return n >= 1 && n <= MAX_VIRT_CPUS;
}

/* A module's vcpus=N: 1..MAX_VIRT_CPUS, else 1 with a warning. */
static void module_vcpus_word(const struct boot_module *m, const struct cmdline_word *w,
                              struct domain_spec *spec)
{
    uint64_t n = 0;

    cmdline_parse_uint(w->value, w->value_len, &n);
    spec->vcpus = vcpus_valid(n) ? n : 1;
    if (!vcpus_valid(n))
        printk(XENLOG_WARNING "module %s: vcpus= must be 1-%u: using 1\n", m->cmdline,
               MAX_VIRT_CPUS);
}

static unsigned int dom0_vcpus(void)
{
    if (vcpus_valid(opt_dom0_max_vcpus))
        return opt_dom0_max_vcpus;
    printk(XENLOG_WARNING "dom0_max_vcpus=%u: must be 1-%u: using 1\n", opt_dom0_max_vcpus,
           MAX_VIRT_CPUS);
    return 1;
}

/* A module's scheduling word: weight=N (1..65535) or cap=PERCENT (0..100, 0 = none). */
static void module_sched_word(const struct boot_module *m, const struct cmdline_word *w,
                              struct domain_spec *spec)
{
    uint64_t n;
    bool weight = cmdline_word_is(w, "weight");

    if (cmdline_parse_uint(w->value, w->value_len, &n) ||
        (weight ? n == 0 || n > CREDIT_MAX_WEIGHT : n > 100)) {
        printk(XENLOG_WARNING "module %s: bad %s= value\n", m->cmdline,
               weight ? "weight" : "cap");
        return;
    }
    if (weight)
        spec->weight = n;
    else
        spec->cap = n;
}

/*
 * A module's `domain=NAME memory=SIZE weight=N cap=PERCENT vcpus=N` words
 * (dom0less-style domains).
 */
static void module_domain_words(const struct boot_module *m, char *name, size_t len,
                                struct domain_spec *spec)
{
    struct cmdline_word w;
    const char *p = m->cmdline;

    spec->mem = DOMU_DEFAULT_MEM;
    while ((p = cmdline_next_word(p, &w)) != NULL) {
        if (!w.value)
            continue;
        if (cmdline_word_is(&w, "domain")) {
            strlcpy(name, w.value, min(len, w.value_len + 1));
        } else if (cmdline_word_is(&w, "memory") &&
                   cmdline_parse_size(w.value, w.value_len, &spec->mem)) {
            printk(XENLOG_WARNING "module %s: bad memory= size\n", m->cmdline);
        } else if (cmdline_word_is(&w, "weight") || cmdline_word_is(&w, "cap")) {
            module_sched_word(m, &w, spec);
        } else if (cmdline_word_is(&w, "vcpus")) {
            module_vcpus_word(m, &w, spec);
        }
    }
}

/* Does the module's string name a domain (a non-empty domain=)?  No warnings. */
static bool module_is_domain(const struct boot_module *m)
{
    struct cmdline_word w;
    const char *p = m->cmdline;

    while ((p = cmdline_next_word(p, &w)) != NULL)
        if (w.value && w.value_len && cmdline_word_is(&w, "domain"))
            return true;
    return false;
}

static void build_domu(const struct boot_module *m, domid_t id)
{
    char name[DOMAIN_NAME_LEN];
    struct domain_spec spec = { .id = id, .name = name, .kernel = m };

    module_domain_words(m, name, sizeof(name), &spec);
    build_pv_domain(&spec);
}

/*
 * The first module is domain 0's kernel.  Each later module whose string
 * has domain=NAME becomes an unprivileged domain; the second module
 * without it is domain 0's ramdisk, as on Xen.
 */
static void __attribute__((noreturn)) start_domains(void)
{
    struct domain_spec dom0 = { .id = 0, .name = "Domain-0", .privileged = true,
        .mem = opt_dom0_mem.has_amount ? opt_dom0_mem.amount : DOM0_DEFAULT_MEM,
        .kernel = &modules[0] };
    domid_t next_id = 1;
    unsigned int i;

    if (nr_modules == 0) {
        printk(XENLOG_ERR "no domain 0 kernel: give it as the first boot module\n");
        machine_power_off(EXIT_NO_DOMAIN);
    }
    frame_table_audit_init();
    frame_table_census(&census_before_domains);
    if (nr_modules > 1 && !module_is_domain(&modules[1]))
        dom0.ramdisk = &modules[1];
    dom0.vcpus = dom0_vcpus();
    if (!build_pv_domain(&dom0)) {
        printk(XENLOG_ERR "domain 0 could not be built: nothing to run\n");
        machine_power_off(EXIT_NO_DOMAIN);
    }
    for (i = dom0.ramdisk ? 2 : 1; i < nr_modules; i++) {
        if (module_is_domain(&modules[i]))
            build_domu(&modules[i], next_id++);
        else
            printk(XENLOG_WARNING "module %u (%s): no domain= and not a ramdisk: ignored\n",
                   i, modules[i].cmdline);
    }
    boot_module_frames_freed =
        free_boot_range(modules[0].start, ROUNDUP(modules[nr_modules - 1].end, PAGE_SIZE));
    boot_cpus_counted();        /* the boot modules, low memory included, are done with */
    if (opt_selftest_tlb)
        smp_tlb_selftest();
    if (opt_selftest_fault)
        asm volatile ("ud2");           /* must end in "FATAL TRAP" and a backtrace */
    console_endboot();
    smp_release_cpus();
    schedule();
}

void __attribute__((noreturn)) start_xen(uint32_t magic, uint32_t mbi_pa)
{
    extern char __image_end[];
    unsigned long modules_end;

    smp_prepare_boot_cpu();
    console_init_early();
    modules_end = parse_multiboot(magic, mbi_pa);
    apply_options();                    /* before any message: loglvl applies */
    printk(XENLOG_INFO "minixen: a small Xen-compatible hypervisor\n");
    printk(XENLOG_INFO "boot loader: %s\n", loader_name);
    printk(XENLOG_INFO "command line: %s\n", xen_cmdline);

    mm_init(ram, nr_ram, max(virt_to_maddr(__image_end), modules_end));
    idle_pg_table[0] = 0;               /* the boot identity map: guests own it */
    flush_tlb_local();
    cpu_init();
    acpi_init();
    i8259_disable();
    time_init();
    apic_init();
    scheduler_init();
    keyhandler_init();
    ioapic_init();
    serial_init_postirq();
    start_domains();
}
