/*
 * guests/evtest/failsafe.c - the failsafe callback, as domain 0 beside a
 * domain that keeps yielding, so that each yield or preemption of ours
 * switches vCPUs and the way back reloads our data selectors.
 *
 * Each round loads data selectors from our GDT, makes one descriptor
 * unusable with update_descriptor (not present, or execute-only code)
 * and gets switched out and back: by yielding, or by spinning until its
 * time slice ends.  The hypervisor cannot load that selector again.  As
 * Xen does (load_segments in xen/arch/x86/domain.c), it loads null in its
 * place and enters the failsafe callback, whose frame holds RCX, R11,
 * the DS, ES, FS, GS we had, then RIP, CS (saved upcall mask in bits
 * 32-39), RFLAGS (IF = events were on), RSP and SS of the interrupted
 * code; events are masked if the callback was registered with
 * CALLBACKF_mask_events.  The callback returns to that code, which
 * repairs the descriptor, reloads its selectors and runs on.
 */
#include "evtest.h"
#include "traps.h"

#define ENTRY_A 10                  /* the descriptor each round breaks */
#define ENTRY_B 11                  /* one that stays usable */
#define SEL_A   GDT_SEL(ENTRY_A)
#define SEL_B   GDT_SEL(ENTRY_B)
#define NR_DATA_SEGS 4              /* DS, ES, FS, GS */

#define DESC_FLAT_DATA_NOT_PRESENT (DESC_FLAT_DATA_DPL3 & ~DESC_PRESENT)
/* 64-bit code, execute-only, accessed, DPL 3: no data register takes it. */
#define DESC_CODE64_XONLY_DPL3     ARCH_UL(0x00aff9000000ffff)

/* A guest kernel context in a frame: FLAT_KERNEL_CS with RPL 0. */
#define FRAME_KERNEL_CS  (FLAT_KERNEL_CS & ~X86_SEL_RPL_MASK)
#define SAVED_MASK_SHIFT 32

/* The call's return address, then the stub's push %rcx; push %r11 before its syscall. */
#define STUB_PUSHES      (3 * sizeof(uint64_t))
/* A native frame's RIP, CS, RFLAGS, RSP, SS end at the 16-byte aligned RSP. */
#define NATIVE_FRAME_RIP_DEPTH (5 * 8)
#define OP_0F            0x0f
#define OP_SYSCALL       0x05

/* What the spin loop keeps in RCX and R11, to find in the frame. */
#define SPIN_RCX ARCH_UL(0x5afe5afe0000c0c0)
#define SPIN_R11 ARCH_UL(0x5afe5afe00001111)
#define SPIN_BUDGET (1UL << 30)     /* loop turns before giving up */

#define MAX_SWITCH_YIELDS 1000      /* yields until the peer ran once */
#define EXTRA_YIELDS      3
#define NAME_MAX          64

struct round {
    const char *name;
    unsigned int cb_flags;          /* failsafe registration flags */
    uint8_t mask_before;            /* evtchn_upcall_mask when switched out */
    uint16_t sel[NR_DATA_SEGS];     /* DS, ES, FS, GS loaded beforehand */
    uint64_t broken;                /* what entry A becomes */
    int preempt;                    /* spin until preempted instead of yielding */
};

static const struct round rounds[] = {
    { "yield_masking", CALLBACKF_mask_events, 0, { SEL_A, SEL_B, SEL_A, 0 },
      DESC_FLAT_DATA_NOT_PRESENT, 0 },
    { "yield", 0, 0, { SEL_B, SEL_A, 0, 0 }, DESC_CODE64_XONLY_DPL3, 0 },
    { "preempted", 0, 1, { 0, 0, SEL_B, SEL_A }, DESC_FLAT_DATA_NOT_PRESENT, 1 },
};

/* Where the switch happened, as the interrupted code saw it. */
struct where {
    uint64_t sp;                    /* %rsp at the call, or in the loop */
    uint64_t lo, hi;                /* the loop's bounds (preempted) */
    long rc;                        /* the yield's result, or turns left */
};

static char name_buf[NAME_MAX];

static const char *name(const struct round *r, const char *what)
{
    fmt_snprintf(name_buf, sizeof(name_buf), "failsafe.%s.%s", r->name, what);
    return name_buf;
}

static long write_desc(unsigned int entry, uint64_t desc)
{
    uint64_t maddr = ((uint64_t)pv_gdt_mfn() << PAGE_SHIFT) + entry * DESC_SIZE;

    return HYPERVISOR_update_descriptor(maddr, desc);
}

static void load_data_selectors(const uint16_t sel[NR_DATA_SEGS])
{
    asm volatile ("mov %w0, %%ds; mov %w1, %%es; mov %w2, %%fs; mov %w3, %%gs"
                  :: "r" (sel[0]), "r" (sel[1]), "r" (sel[2]), "r" (sel[3]) : "memory");
}

static void read_data_selectors(uint16_t sel[NR_DATA_SEGS])
{
    asm volatile ("mov %%ds, %0; mov %%es, %1; mov %%fs, %2; mov %%gs, %3"
                  : "=r" (sel[0]), "=r" (sel[1]), "=r" (sel[2]), "=r" (sel[3]));
}

/* SCHEDOP_yield, noting %rsp at the call into the stub. */
static long yield_from(struct where *w)
{
    register unsigned long cmd asm("rdi") = SCHEDOP_yield;
    register unsigned long arg asm("rsi") = 0;
    uint64_t sp;
    long rc;

    asm volatile ("mov %%rsp, %[sp]\n\t"
                  "call hypercall_page + %c[off]"
                  : "=a" (rc), [sp] "=&r" (sp), "+r" (cmd), "+r" (arg)
                  : [off] "i" (__HYPERVISOR_sched_op * XEN_HYPERCALL_PAGE_SLOT_SIZE)
                  : "memory", "rcx", "r11", "rdx", "r8", "r9", "r10");
    w->sp = sp;
    return rc;
}

static void yield_until_failsafe(struct where *w)
{
    unsigned int i;

    for (i = 0; i < MAX_SWITCH_YIELDS && !last_failsafe.count; i++)
        w->rc = yield_from(w);
}

/*
 * Spin in guest kernel mode, no hypercall, until the failsafe callback
 * has run (the slice ended, the peer ran, we came back) or the budget is
 * spent.  RCX and R11 hold known values meanwhile.
 */
static void spin_until_failsafe(struct where *w)
{
    uint64_t lo, hi, sp, left = SPIN_BUDGET;

    asm volatile ("lea 1f(%%rip), %[lo]\n\t"
                  "lea 2f(%%rip), %[hi]\n\t"
                  "mov %%rsp, %[sp]\n\t"
                  "mov %[rcxv], %%rcx\n\t"
                  "mov %[r11v], %%r11\n"
                  "1: cmpq $0, %[count]\n\t"
                  "jne 2f\n\t"
                  "dec %[left]\n\t"
                  "jnz 1b\n"
                  "2:"
                  : [lo] "=&r" (lo), [hi] "=&r" (hi), [sp] "=&r" (sp), [left] "+r" (left)
                  : [count] "m" (last_failsafe.count), [rcxv] "r" (SPIN_RCX),
                    [r11v] "r" (SPIN_R11)
                  : "memory", "rcx", "r11", "cc");
    *w = (struct where){ .sp = sp, .lo = lo, .hi = hi, .rc = (long)left };
}

/* Both descriptors usable, events as the round wants, a fresh time slice. */
static int arm(const struct round *r)
{
    long rc = pv_register_callback(CALLBACKTYPE_failsafe, entry_failsafe_callback,
                                   r->cb_flags);

    if (!rc)
        rc = write_desc(ENTRY_A, DESC_FLAT_DATA_DPL3);
    if (!rc)
        rc = write_desc(ENTRY_B, DESC_FLAT_DATA_DPL3);
    if (!check_rc(name(r, "armed"), rc, 0))
        return 0;
    /* Coming back from the peer starts a slice: no preemption before the act. */
    pv_yield();
    if (r->mask_before)
        evt_disable_upcalls();
    else
        evt_enable_upcalls();
    load_data_selectors(r->sel);
    failsafe_expect();
    return check_rc(name(r, "descriptor_broken"), write_desc(ENTRY_A, r->broken), 0);
}

/* What a selector reads after the failed load: null in place of entry A. */
static uint16_t survivor(uint16_t sel)
{
    return sel == SEL_A ? 0 : sel;
}

static int selectors_are(const uint16_t got[NR_DATA_SEGS], const uint16_t want[NR_DATA_SEGS])
{
    unsigned int i;

    for (i = 0; i < NR_DATA_SEGS; i++)
        if (got[i] != want[i])
            return 0;
    return 1;
}

static void check_frame_selectors(const struct round *r)
{
    volatile struct failsafe_record *f = &last_failsafe;
    const uint16_t *s = r->sel;

    check(f->ds == s[0] && f->es == s[1] && f->fs == s[2] && f->gs == s[3],
          name(r, "frame_selectors"), "ds %#lx es %#lx fs %#lx gs %#lx, expected %#x %#x %#x %#x",
          f->ds, f->es, f->fs, f->gs, s[0], s[1], s[2], s[3]);
}

/* RIP, RCX and R11: the yield's return into its stub, or inside the loop. */
static void check_frame_rip(const struct round *r, const struct where *w)
{
    volatile struct failsafe_record *f = &last_failsafe;
    uint64_t slot = (uint64_t)hypercall_page + __HYPERVISOR_sched_op * XEN_HYPERCALL_PAGE_SLOT_SIZE;
    const uint8_t *ip = (const uint8_t *)f->rip;

    if (r->preempt)
        check(f->rip >= w->lo && f->rip < w->hi && f->rcx == SPIN_RCX && f->r11 == SPIN_R11,
              name(r, "frame_rip"), "rip %#lx (loop %#lx-%#lx), rcx %#lx, r11 %#lx",
              f->rip, w->lo, w->hi, f->rcx, f->r11);
    else
        check(f->rip > slot && f->rip < slot + XEN_HYPERCALL_PAGE_SLOT_SIZE &&
              ip[-2] == OP_0F && ip[-1] == OP_SYSCALL && f->rcx == f->rip,
              name(r, "frame_rip"), "rip %#lx (stub at %#lx), rcx %#lx", f->rip, slot, f->rcx);
}

static void check_frame_flags(const struct round *r)
{
    volatile struct failsafe_record *f = &last_failsafe;
    uint64_t cs = FRAME_KERNEL_CS | ((uint64_t)r->mask_before << SAVED_MASK_SHIFT);
    int if_ok = (f->rflags & X86_EFLAGS_IF ? 0 : 1) == r->mask_before;

    check(f->cs == cs, name(r, "frame_cs"), "cs slot %#lx, expected %#lx", f->cs, cs);
    /* After a syscall R11 holds the RFLAGS the hypervisor started from. */
    check(if_ok && (r->preempt || (f->rflags & ~X86_EFLAGS_IF) == (f->r11 & ~X86_EFLAGS_IF)),
          name(r, "frame_rflags"), "rflags %#lx with saved mask %u (r11 %#lx)",
          f->rflags, r->mask_before, f->r11);
}

/*
 * RSP as the interrupted code had it (in the stub: three words pushed),
 * SS, and the frame right below that RSP rounded down to 16 bytes.
 */
static void check_frame_stack(const struct round *r, const struct where *w)
{
    volatile struct failsafe_record *f = &last_failsafe;
    uint64_t want = r->preempt ? w->sp : w->sp - STUB_PUSHES;
    uint64_t rip_slot = (want & ~ARCH_UL(15)) - NATIVE_FRAME_RIP_DEPTH;

    check(f->rsp == want && f->ss == FLAT_KERNEL_SS && f->rip_slot == rip_slot,
          name(r, "frame_stack"), "rsp %#lx (expected %#lx), ss %#lx, RIP slot at %#lx "
          "(expected %#lx)", f->rsp, want, f->ss, f->rip_slot, rip_slot);
}

static void check_in_callback(const struct round *r)
{
    volatile struct failsafe_record *f = &last_failsafe;
    uint8_t mask = r->cb_flags & CALLBACKF_mask_events ? 1 : r->mask_before;
    uint16_t live[NR_DATA_SEGS] = { f->live_ds, f->live_es, f->live_fs, f->live_gs };
    uint16_t want[NR_DATA_SEGS];
    unsigned int i;

    check(f->upcall_mask == mask, name(r, "callback_upcall_mask"),
          "upcall mask %u in the callback, expected %u", f->upcall_mask, mask);
    for (i = 0; i < NR_DATA_SEGS; i++)
        want[i] = survivor(r->sel[i]);
    check(selectors_are(live, want), name(r, "callback_selectors"),
          "ds %#x es %#x fs %#x gs %#x loaded, expected %#x %#x %#x %#x",
          live[0], live[1], live[2], live[3], want[0], want[1], want[2], want[3]);
}

/* Back in the interrupted code: its result, its events, the null selectors. */
static void check_resumed(const struct round *r, const struct where *w)
{
    volatile struct failsafe_record *f = &last_failsafe;
    uint16_t now[NR_DATA_SEGS], live[NR_DATA_SEGS] = { f->live_ds, f->live_es, f->live_fs,
                                                       f->live_gs };
    uint8_t mask = shared_info->vcpu_info[0].evtchn_upcall_mask;
    int rc_ok = r->preempt ? w->rc > 0 : w->rc == 0;

    read_data_selectors(now);
    check(rc_ok && mask == r->mask_before && selectors_are(now, live), name(r, "resumed"),
          "%s %ld, upcall mask %u, ds %#x es %#x fs %#x gs %#x", r->preempt ? "turns left" :
          "yield returned", w->rc, mask, now[0], now[1], now[2], now[3]);
}

/* More switches, then the repaired descriptor: no second callback. */
static void check_once_and_repaired(const struct round *r)
{
    uint16_t now[NR_DATA_SEGS];
    unsigned int i;
    long rc;

    for (i = 0; i < EXTRA_YIELDS; i++)
        pv_yield();
    check(last_failsafe.count == 1, name(r, "once"), "%lu failsafe callbacks",
          last_failsafe.count);
    rc = write_desc(ENTRY_A, DESC_FLAT_DATA_DPL3);
    load_data_selectors(r->sel);
    for (i = 0; i < EXTRA_YIELDS; i++)
        pv_yield();
    read_data_selectors(now);
    check(rc == 0 && selectors_are(now, r->sel) && last_failsafe.count == 1,
          name(r, "repaired"), "update_descriptor %ld, ds %#x es %#x fs %#x gs %#x, %lu callbacks",
          rc, now[0], now[1], now[2], now[3], last_failsafe.count);
}

static void run_round(const struct round *r)
{
    static const uint16_t nulls[NR_DATA_SEGS];
    struct where w = { 0 };

    if (arm(r)) {
        if (r->preempt)
            spin_until_failsafe(&w);
        else
            yield_until_failsafe(&w);
        if (check(last_failsafe.count > 0, name(r, "delivered"), "no failsafe callback")) {
            check_frame_selectors(r);
            check_frame_rip(r, &w);
            check_frame_flags(r);
            check_frame_stack(r, &w);
            check_in_callback(r);
            check_resumed(r, &w);
            check_once_and_repaired(r);
        }
    }
    load_data_selectors(nulls);
    failsafe_forbid();
    evt_disable_upcalls();
}

void role_failsafe(void)
{
    unsigned int i;
    long rc = pv_remap_gdt_ro();

    if (!rc)
        rc = pv_load_gdt();
    if (!check_rc("failsafe.set_gdt", rc, 0))
        return;
    for (i = 0; i < ARRAY_SIZE(rounds); i++)
        run_round(&rounds[i]);
}
