/*
 * The IDT, the TSS and the hypervisor's own exception handling.
 *
 * An exception raised by a guest is the guest's business and goes to the
 * PV trap code (pv/traps.c).  One raised by the hypervisor itself is either
 * an expected fault in a guest-memory copy (resumed at the fixup address
 * from the exception table) or a bug: print everything and panic.
 */
#include <minixen/lib.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <asm/x86.h>
#include <asm/page.h>
#include <asm/desc.h>
#include <asm/regs.h>
#include <asm/traps.h>
#include <minixen/grace.h>
#include <asm/apic.h>
#include <asm/ioapic.h>
#include <asm/serial.h>
#include <asm/smp.h>

#define IDT_TYPE_INTERRUPT_GATE 0x8e
#define IDT_DPL3                0x60

extern const char exception_stubs[];
#define EXC_STUB_SIZE 16

struct exception_table_entry {
    unsigned long insn, fixup;
};
extern const struct exception_table_entry __ex_table_start[], __ex_table_end[];

static struct idt_entry idt[256] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(64)));

static const char *const exception_names[X86_NR_EXCEPTIONS] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
    "#BR bound range", "#UD invalid opcode", "#NM device not available",
    "#DF double fault", "coprocessor overrun", "#TS invalid TSS",
    "#NP segment not present", "#SS stack fault", "#GP general protection",
    "#PF page fault", "reserved", "#MF x87 error", "#AC alignment check",
    "#MC machine check", "#XM SIMD error", "#VE virtualisation",
    "#CP control protection",
};

const char *exception_name(unsigned int vec)
{
    if (vec < X86_NR_EXCEPTIONS && exception_names[vec])
        return exception_names[vec];
    return "interrupt";
}

static void idt_set(unsigned int vec, unsigned int dpl, unsigned int ist)
{
    unsigned long addr = (unsigned long)exception_stubs + vec * EXC_STUB_SIZE;
    struct idt_entry *e = &idt[vec];

    e->offset_lo = addr & 0xffff;
    e->selector = __HYPERVISOR_CS;
    e->ist = ist;
    e->type_attr = IDT_TYPE_INTERRUPT_GATE | (dpl == 3 ? IDT_DPL3 : 0);
    e->offset_mid = (addr >> 16) & 0xffff;
    e->offset_hi = addr >> 32;
    e->reserved = 0;
}

/*
 * Every vector has a gate of DPL 0, so a guest `int n` raises #GP that we
 * emulate against the guest's own trap table; only int3 and into reach
 * their vectors directly, as on Xen.
 */
void idt_init(void)
{
    unsigned int vec;

    for (vec = 0; vec < 256; vec++)
        idt_set(vec, 0, 0);
    idt_set(X86_EXC_BP, 3, 0);
    idt_set(X86_EXC_OF, 3, 0);
    idt_set(X86_EXC_NMI, 0, IST_NMI);
    idt_set(X86_EXC_DF, 0, IST_DF);
    idt_set(X86_EXC_MC, 0, IST_MC);
    idt_load();
}

/* Every CPU shares the one IDT. */
void idt_load(void)
{
    struct desc_ptr idtr = { sizeof(idt) - 1, (unsigned long)idt };

    asm volatile ("lidt %0" :: "m" (idtr));
}

/* A CPU's stacks: guest frames below its struct pcpu, IST stacks at the block's base. */
void tss_set_stacks(struct tss64 *t, struct pcpu *pc)
{
    unsigned long block = (unsigned long)pc + PCPU_AREA_SIZE - PERCPU_BLOCK_SIZE;
    unsigned int i;

    t->rsp[0] = (unsigned long)pc;
    for (i = 0; i < NR_IST; i++)
        t->ist[i] = block + (i + 1) * IST_STACK_SIZE;
    t->iomap_base = sizeof(*t);         /* no I/O bitmap: all ports trap */
}

/* The boot CPU's, on the stack it runs on. */
struct tss64 *tss_init(void)
{
    tss_set_stacks(&tss, this_cpu());
    return &tss;
}

static bool search_exception_table(struct cpu_user_regs *regs)
{
    const struct exception_table_entry *e;

    for (e = __ex_table_start; e < __ex_table_end; e++) {
        if (e->insn == regs->rip) {
            regs->rip = e->fixup;
            return true;
        }
    }
    return false;
}

void show_registers(const struct cpu_user_regs *r)
{
    printk(XENLOG_ERR "RIP: %04lx:%016lx  RFLAGS: %016lx\n", r->cs, r->rip, r->rflags);
    printk(XENLOG_ERR "RAX: %016lx RBX: %016lx RCX: %016lx\n", r->rax, r->rbx, r->rcx);
    printk(XENLOG_ERR "RDX: %016lx RSI: %016lx RDI: %016lx\n", r->rdx, r->rsi, r->rdi);
    printk(XENLOG_ERR "RBP: %016lx RSP: %016lx R8:  %016lx\n", r->rbp, r->rsp, r->r8);
    printk(XENLOG_ERR "R9:  %016lx R10: %016lx R11: %016lx\n", r->r9, r->r10, r->r11);
    printk(XENLOG_ERR "R12: %016lx R13: %016lx R14: %016lx\n", r->r12, r->r13, r->r14);
    printk(XENLOG_ERR "R15: %016lx CR2: %016lx CR3: %016lx\n", r->r15, read_cr2(), read_cr3());
}

static void __attribute__((noreturn)) fatal_trap(const struct cpu_user_regs *regs)
{
    printk(XENLOG_ERR "FATAL TRAP: vector %u (%s), error code %#x\n",
           regs->vector, exception_name(regs->vector), regs->error_code);
    show_registers(regs);
    show_backtrace(regs->rip, regs->rbp);
    panic("hypervisor fault");
}

void do_trap(struct cpu_user_regs *regs)
{
    unsigned int vec = regs->vector;

    if (vec == X86_EXC_NMI && smp_nmi_stop(regs))
        return;
    if (vec >= X86_NR_EXCEPTIONS)
        grace_interrupt(this_cpu());    /* it may have ended an idle halt */
    if (vec == TIMER_VECTOR) {
        apic_timer_interrupt();
        return;
    }
    if (vec == SERIAL_VECTOR) {
        serial_interrupt();
        return;
    }
    if (vec == SPURIOUS_APIC_VECTOR)
        return;
    if (vec == CALL_FUNCTION_VECTOR) {
        smp_call_function_interrupt(regs);
        return;
    }
    if (vec == EVENT_CHECK_VECTOR) {
        smp_event_check_interrupt();
        return;
    }
    if (vec == INVALIDATE_TLB_VECTOR) {
        smp_invalidate_interrupt();
        return;
    }
    if (regs_from_guest(regs)) {
        pv_guest_trap(regs);
        return;
    }
    /* Guest copies (#PF), and loads of guest selectors or frames (#GP, #NP, #SS). */
    if (vec < X86_NR_EXCEPTIONS && search_exception_table(regs))
        return;
    if (vec >= X86_NR_EXCEPTIONS) {
        printk(XENLOG_WARNING "spurious interrupt on vector %#x\n", vec);
        return;
    }
    fatal_trap(regs);
}
