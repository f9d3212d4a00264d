/*
 * Delivering exceptions and events to a 64-bit PV guest, and the iret
 * hypercall that returns from them.
 *
 * A bounce frame is what the guest's handler finds on its kernel stack,
 * lowest address first: RCX, R11, [error code], RIP, CS (saved upcall mask
 * in bits 32-39), RFLAGS (IF = events were enabled; IOPL the virtual one
 * under VMASST_TYPE_architectural_iopl, else 0), RSP, SS.  The failsafe
 * callback's frame has DS, ES, FS, GS where the error code would be.  A
 * guest with no handler for what happened, or whose stack cannot take the
 * frame, is crashed; nothing else is affected.
 */
#include <minixen/lib.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <asm/x86.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/traps.h>
#include <asm/pv.h>

#define CS_RPL_MASK         3
#define SAVED_MASK_SHIFT    32
#define BOUNCE_FLAGS_CLEARED (X86_EFLAGS_AC | X86_EFLAGS_VM | X86_EFLAGS_RF | \
                              X86_EFLAGS_NT | X86_EFLAGS_TF)


static void toggle_guest_mode(struct vcpu *v)
{
    v->arch.in_kernel = !v->arch.in_kernel;
    this_cpu()->arch.guest_in_kernel = v->arch.in_kernel;
    /* Kernel and user GS bases trade places (the hypervisor uses no GS), as on Xen. */
    asm volatile ("swapgs" ::: "memory");
    pv_toggle_address_space(v);
    if (v->arch.in_kernel)
        vcpu_runstate_area_pending_retry(v);
}

#define BOUNCE_FIXED_WORDS  7       /* RCX, R11, RIP, CS, RFLAGS, RSP, SS */

/*
 * The frame below sp, lowest address first: RCX, R11, nr_extra words (an
 * error code, or the failsafe callback's DS, ES, FS, GS), RIP, CS,
 * RFLAGS, RSP, SS; one checked store each, the range checked once.
 * It ends where the 16-byte aligned stack began, as Xen's does, so once
 * RCX and R11 (and the selectors) are popped the handler sees a native
 * frame.
 */
/* Inlined: the event upcall's copy then has no loop and no call. */
static inline __attribute__((always_inline))
bool push_bounce_frame(unsigned long sp, const struct cpu_user_regs *regs,
                       const uint64_t *extra, unsigned int nr_extra,
                       uint64_t cs, uint64_t rflags)
{
    unsigned long top = sp + (BOUNCE_FIXED_WORDS + nr_extra) * sizeof(uint64_t);
    unsigned int i;

    if (!guest_range_ok(sp, top - sp))
        return false;
    if (!put_guest_u64_checked(sp, regs->rcx) || !put_guest_u64_checked(sp + 8, regs->r11))
        return false;
    for (i = 0; i < nr_extra; i++, sp += 8)
        if (!put_guest_u64_checked(sp + 16, extra[i]))
            return false;
    return put_guest_u64_checked(sp + 16, regs->rip) && put_guest_u64_checked(sp + 24, cs) &&
           put_guest_u64_checked(sp + 32, rflags) && put_guest_u64_checked(sp + 40, regs->rsp) &&
           put_guest_u64_checked(sp + 48, regs->ss);
}

/*
 * One delivery on the general path: the handler, the words its frame
 * carries between R11 and RIP, whether events get masked, and what the
 * frame is called if it cannot be written.
 */
struct bounce {
    unsigned long handler;
    const uint64_t *extra;
    unsigned int nr_extra;
    bool mask_events;
    const char *frame_name;
};

static void __attribute__((noreturn)) crash_frame_unwritable(const char *frame_name)
{
    char why[96];

    snprintf(why, sizeof(why), "fault writing %s to the guest stack", frame_name);
    domain_crash(current->domain, why);
    schedule();
}

/*
 * The guest frame now enters the handler, in kernel mode, on the bounce
 * frame just written at sp.  That frame holds RCX and R11, so the way
 * back may be SYSRET.  Shared by both bounce paths; inlined into the
 * event upcall's.
 */
static inline __attribute__((always_inline))
void enter_handler(struct cpu_user_regs *regs, unsigned long sp, unsigned long handler)
{
    regs->rsp = sp;
    regs->rip = handler;
    regs->cs = HYP_GUEST_CS64;
    regs->ss = HYP_GUEST_DS;
    regs->rflags &= ~BOUNCE_FLAGS_CLEARED;
    regs->vector |= FRAME_SYSRET_OK;
}

/*
 * Push the frame and enter the guest at the handler.  If the frame cannot
 * be written the domain is crashed and this does not return.
 */
static void bounce_general(struct cpu_user_regs *regs, const struct bounce *b)
{
    struct vcpu *v = current;
    uint8_t saved_mask = v->vcpu_info->evtchn_upcall_mask;
    unsigned long cs = regs->cs, sp;
    uint64_t rflags;

    if (!v->arch.in_kernel) {
        toggle_guest_mode(v);
        sp = v->arch.kernel_sp;
    } else {
        sp = regs->rsp;
        cs &= ~(unsigned long)CS_RPL_MASK;      /* shows "was in kernel" */
    }
    rflags = (regs->rflags & ~X86_EFLAGS_IF) | (saved_mask ? 0 : X86_EFLAGS_IF) |
             pv_iopl_rflags(v);
    sp = (sp & ~15UL) - (BOUNCE_FIXED_WORDS + b->nr_extra) * sizeof(uint64_t);
    if (!push_bounce_frame(sp, regs, b->extra, b->nr_extra,
                           cs | ((uint64_t)saved_mask << SAVED_MASK_SHIFT), rflags))
        crash_frame_unwritable(b->frame_name);
    enter_handler(regs, sp, b->handler);
    if (b->mask_events)
        v->vcpu_info->evtchn_upcall_mask = 1;
}

/* An exception or callback frame: an error code, if any, is the only extra word. */
static void bounce_to(struct cpu_user_regs *regs, unsigned long handler,
                      int error_code, bool mask_events)
{
    uint64_t ec = (uint32_t)error_code;
    const struct bounce b = {
        .handler = handler, .extra = &ec, .nr_extra = error_code != NO_ERROR_CODE,
        .mask_events = mask_events, .frame_name = "an exception frame",
    };

    bounce_general(regs, &b);
}

static void crash_unhandled(struct cpu_user_regs *regs, unsigned int vector)
{
    char why[128];

    snprintf(why, sizeof(why), "unhandled %s (vector %u, error code %#x) at %#lx, "
             "no trap handler", exception_name(vector), vector, regs->error_code, regs->rip);
    domain_crash(current->domain, why);
    schedule();
}

void pv_inject_exception(struct cpu_user_regs *regs, unsigned int vector, int error_code)
{
    const trap_info_t *ti = &current->arch.trap_ctxt[vector];

    if (!ti->address)
        crash_unhandled(regs, vector);
    bounce_to(regs, ti->address, error_code, TI_GET_IF(ti));
}

void pv_inject_gp(struct cpu_user_regs *regs, int error_code)
{
    pv_inject_exception(regs, X86_EXC_GP, error_code);
}

/* int n / int3 / into: the guest trap table's DPL decides, as an IDT would. */
void pv_inject_soft_int(struct cpu_user_regs *regs, unsigned int vector,
                        unsigned int insn_len)
{
    const trap_info_t *ti = &current->arch.trap_ctxt[vector];
    unsigned int cpl = current->arch.in_kernel ? 1 : 3;

    if (TI_GET_DPL(ti) < cpl) {
        pv_inject_gp(regs, (vector << 3) | 2);
        return;
    }
    regs->rip += insn_len;
    pv_inject_exception(regs, vector, NO_ERROR_CODE);
}

#define OP_INT3     0xcc
#define OP_INT_IMM8 0xcd
#define OP_INTO     0xce

static bool read_guest_byte(unsigned long va, uint8_t *b)
{
    return !raw_copy_from_guest(b, va, 1);     /* which checks the range */
}

/*
 * Length of the instruction that raised #BP or #OF, which ends at rip:
 * int3 or into (one byte), or int $3 or int $4 (two).  The last byte
 * tells them apart, as neither one-byte opcode equals 3 or 4.  0 when
 * the bytes are neither form (rewritten meanwhile).  A prefix in front
 * is not seen: from the end it cannot be told from the previous
 * instruction, and compilers never emit one there.
 */
static unsigned int soft_exception_len(unsigned long rip, unsigned int vec)
{
    uint8_t last, op;

    if (!read_guest_byte(rip - 1, &last))
        return 0;
    if (last == (vec == X86_EXC_BP ? OP_INT3 : OP_INTO))
        return 1;
    if (last == vec && read_guest_byte(rip - 2, &op) && op == OP_INT_IMM8)
        return 2;
    return 0;
}

/*
 * #BP or #OF from an instruction.  The CPU reports the RIP after it,
 * where a delivered trap resumes; a refused one is a #GP at its start.
 * Unrecognised bytes leave the reported RIP for both.
 */
static void deliver_soft_exception(struct cpu_user_regs *regs, unsigned int vec)
{
    unsigned int len = soft_exception_len(regs->rip, vec);

    regs->rip -= len;
    pv_inject_soft_int(regs, vec, len);
}

static void deliver_page_fault(struct cpu_user_regs *regs)
{
    uint32_t ec = regs->error_code;

    current->vcpu_info->arch.cr2 = read_cr2();
    /* The CPU saw ring 3 either way; tell the guest which mode it was in. */
    if (current->arch.in_kernel)
        ec &= ~PFEC_USER;
    pv_inject_exception(regs, X86_EXC_PF, ec);
}

void pv_guest_trap(struct cpu_user_regs *regs)
{
    unsigned int vec = regs->vector;

    switch (vec) {
    case X86_EXC_PF:
        deliver_page_fault(regs);
        return;
    case X86_EXC_GP:
        if (!pv_emulate_privileged(regs))
            pv_inject_gp(regs, regs->error_code);
        return;
    case X86_EXC_UD:
        if (!pv_emulate_forced_prefix(regs))
            pv_inject_exception(regs, vec, NO_ERROR_CODE);
        return;
    case X86_EXC_NM:
        /* The guest's virtual CR0.TS caused it; Xen clears it on delivery. */
        current->arch.fpu_ts = false;
        write_cr0(read_cr0() & ~X86_CR0_TS);
        pv_inject_exception(regs, vec, NO_ERROR_CODE);
        return;
    case X86_EXC_BP:
    case X86_EXC_OF:
        deliver_soft_exception(regs, vec);
        return;
    default:
        if (vec < X86_NR_EXCEPTIONS)
            pv_inject_exception(regs, vec, (X86_EXC_HAVE_EC >> vec) & 1
                                ? (int)regs->error_code : NO_ERROR_CODE);
        return;
    }
}

/*
 * The common case of an event upcall, kept short: the guest is in kernel
 * mode, and events were enabled (that is why the upcall is due), so the
 * frame's saved mask is 0 and its IF is set.
 */
static bool bounce_event_in_kernel(struct cpu_user_regs *regs, struct vcpu *v,
                                   unsigned long handler)
{
    unsigned long sp = (regs->rsp & ~15UL) - BOUNCE_FIXED_WORDS * sizeof(uint64_t);
    uint64_t rflags = regs->rflags | X86_EFLAGS_IF | pv_iopl_rflags(v);

    if (!push_bounce_frame(sp, regs, NULL, 0, regs->cs & ~(unsigned long)CS_RPL_MASK,
                           rflags))
        return false;
    enter_handler(regs, sp, handler);
    v->vcpu_info->evtchn_upcall_mask = 1;
    return true;
}

/* Event upcall, called from the return-to-guest path. */
void pv_deliver_event_upcall(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    unsigned long handler = v->arch.callbacks[PV_CB_EVENT].address;

    if (!handler) {
        /* Xen's "bad bounce ip": events enabled and pending, nowhere to go. */
        domain_crash(v->domain, "event upcall due but no event callback registered");
        schedule();
    }
    if (v->arch.in_kernel && bounce_event_in_kernel(regs, v, handler))
        return;
    bounce_to(regs, handler, NO_ERROR_CODE, true);     /* the general path (or its crash) */
}

static void __attribute__((noreturn)) crash_no_failsafe(const struct arch_vcpu *a)
{
    char why[128];

    snprintf(why, sizeof(why), "a data segment selector would not load (ds %#x, es %#x, "
             "fs %#x, gs %#x) and there is no failsafe callback", a->ds, a->es, a->fs, a->gs);
    domain_crash(current->domain, why);
    schedule();
}

/*
 * The failsafe callback, called as schedule() returns to the guest after
 * the vCPU switch could not load one of the guest's data selectors (its
 * descriptor changed while the vCPU was switched out).  The CPU holds a
 * null selector in place of each that failed; the frame tells the guest
 * which ones it had, DS, ES, FS, GS between R11 and RIP, so it can
 * repair them.  Xen enters a failsafe address of 0 like any other, which
 * runs the guest at address 0; a guest without one is crashed here
 * instead, as for a missing trap handler.
 */
void pv_deliver_failsafe(struct cpu_user_regs *regs)
{
    const struct arch_vcpu *a = &current->arch;
    const struct pv_callback *cb = &a->callbacks[PV_CB_FAILSAFE];
    const uint64_t selectors[] = { a->ds, a->es, a->fs, a->gs };
    const struct bounce b = {
        .handler = cb->address, .extra = selectors, .nr_extra = ARRAY_SIZE(selectors),
        .mask_events = cb->mask_events, .frame_name = "the failsafe callback frame",
    };

    this_cpu()->arch.failsafe_pending = false;
    if (!cb->address)
        crash_no_failsafe(a);
    bounce_general(regs, &b);
}

/* `syscall` from guest user mode: the guest kernel's syscall callback. */
void pv_syscall_from_user(struct cpu_user_regs *regs)
{
    const struct pv_callback *cb = &current->arch.callbacks[PV_CB_SYSCALL];

    if (!cb->address) {
        pv_inject_exception(regs, X86_EXC_UD, NO_ERROR_CODE);
        return;
    }
    bounce_to(regs, cb->address, NO_ERROR_CODE, cb->mask_events);
}

/*
 * `syscall` from 32-bit guest code: the syscall32 callback, else (as on
 * Xen) the 64-bit one, else a #UD reported at the syscall instruction.
 */
#define SYSCALL_INSN_LEN 2

void pv_syscall32(struct cpu_user_regs *regs)
{
    const struct pv_callback *cb = &current->arch.callbacks[PV_CB_SYSCALL32];

    if (!cb->address)
        cb = &current->arch.callbacks[PV_CB_SYSCALL];
    if (!cb->address) {
        regs->rip -= SYSCALL_INSN_LEN;
        pv_inject_exception(regs, X86_EXC_UD, NO_ERROR_CODE);
        return;
    }
    bounce_to(regs, cb->address, NO_ERROR_CODE, cb->mask_events);
}

/* Its nine words, the range checked once: no copy loop on the iret hypercall's way. */
static inline __attribute__((always_inline))
bool read_iret_frame(struct iret_context *ic, unsigned long sp)
{
    uint64_t *w = (uint64_t *)ic;

    BUILD_BUG_ON(sizeof(*ic) != 9 * sizeof(uint64_t));
    if (!guest_range_ok(sp, sizeof(*ic)))
        return false;
#pragma GCC unroll 9
    for (unsigned int i = 0; i < 9; i++)
        if (!get_guest_u64_checked(&w[i], sp + i * sizeof(uint64_t)))
            return false;
    return true;
}

long do_iret(void)
{
    struct cpu_user_regs *regs = guest_cpu_regs();
    struct vcpu *v = current;
    struct iret_context ic;

    if (!read_iret_frame(&ic, regs->rsp)) {
        domain_crash(v->domain, "iret: frame not readable");
        schedule();
    }
    if ((ic.cs & CS_RPL_MASK) == CS_RPL_MASK) {
        if (!v->arch.guest_table_user) {
            domain_crash(v->domain, "iret: to user mode without user page tables");
            schedule();
        }
        toggle_guest_mode(v);
    }
    pv_iret_iopl(v, ic.rflags);
    regs->rip = ic.rip;
    regs->cs = ic.cs | CS_RPL_MASK;
    regs->rflags = (ic.rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) | X86_EFLAGS_IF;
    regs->rsp = ic.rsp;
    regs->ss = ic.ss | CS_RPL_MASK;
    /*
     * In a syscall, the guest's RCX and R11 are clobbered anyway: SYSRET
     * may return, if it would load the frame's CS and SS (entry.S).
     */
    regs->vector &= ~FRAME_SYSRET_OK;
    if (!(ic.flags & VGCF_in_syscall)) {
        regs->r11 = ic.r11;
        regs->rcx = ic.rcx;
    } else if (regs->cs == HYP_GUEST_CS64 && regs->ss == HYP_GUEST_DS)
        regs->vector |= FRAME_SYSRET_OK;
    v->vcpu_info->evtchn_upcall_mask = !(ic.rflags & X86_EFLAGS_IF);
    return ic.rax;
}

/*
 * entry.S found a frame it may return to with SYSRET but whose RIP is not
 * canonical: it goes by IRET instead.  Told once per boot, so a guest
 * that keeps at it cannot flood the log.
 */
void pv_sysret_refused(const struct cpu_user_regs *regs)
{
    static bool told;

    if (__atomic_exchange_n(&told, true, __ATOMIC_RELAXED))
        return;
    printk(XENLOG_WARNING "d%u: return to non-canonical %#lx: by IRET, not SYSRET "
           "(told once)\n", current->domain->domain_id, regs->rip);
}

/* The CPU refused the frame we tried to return to the guest with. */
void __attribute__((noreturn)) pv_bad_return_frame(struct cpu_user_regs *regs)
{
    (void)regs;
    domain_crash(current->domain, "return to guest failed: bad CS, SS or RIP in its frame");
    schedule();
}

/*
 * A hypercall number with no handler: -ENOSYS, and a log line the first
 * time each number is tried (with where from), so a guest probing for
 * features does not flood the log.  Each hypercall-page slot has its own
 * bit; every number past the page shares the last one, since a guest can
 * try 2^64 of them.
 */
#define UNKNOWN_PAST_PAGE_BIT HYPERCALL_PAGE_SLOTS

static bool unknown_first_time(unsigned long nr)
{
    static uint64_t logged[(HYPERCALL_PAGE_SLOTS + 1 + 63) / 64];
    unsigned int bit = nr < HYPERCALL_PAGE_SLOTS ? nr : UNKNOWN_PAST_PAGE_BIT;
    uint64_t mask = 1UL << (bit % 64);

    if (logged[bit / 64] & mask)
        return false;
    logged[bit / 64] |= mask;
    return true;
}

long hypercall_unknown(unsigned long nr)
{
    unsigned long rip = guest_cpu_regs()->rip;

    if (!unknown_first_time(nr))
        return -XEN_ENOSYS;
    if (nr < HYPERCALL_PAGE_SLOTS)
        gprintk(XENLOG_WARNING, "unknown hypercall %lu (%s) at %#lx\n", nr,
                hypercall_name(nr), rip);
    else
        gprintk(XENLOG_WARNING, "unknown hypercall %#lx at %#lx "
                "(numbers past %u are not logged again)\n", nr, rip,
                HYPERCALL_PAGE_SLOTS - 1);
    return -XEN_ENOSYS;
}
