/*
 * Emulation of the privileged instructions a PV guest kernel may use.
 *
 * The guest kernel runs in ring 3, so these instructions fault (#GP) into
 * the hypervisor, which decodes the instruction itself (the error code is
 * not trusted: QEMU before 8.0 reports it wrongly for `int n`) and does
 * what Xen does: control registers through the vCPU's virtual state, a
 * few MSRs, port I/O and cli/sti as the guest's I/O rights allow
 * (pv/ioport.c), `int n` against the guest's trap table.  Anything else
 * stays a #GP for the guest.
 */
#include <minixen/lib.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/guest_access.h>
#include <minixen/kernel.h>
#include <asm/x86.h>
#include <asm/page.h>
#include <asm/pv.h>

#define MAX_INSN_LEN    15
#define OP_TWO_BYTE     0x0f
#define OP_INT_IMM8     0xcd
#define OP_CLI          0xfa
#define OP_STI          0xfb
#define OP_HLT          0xf4
#define OP_IN_AL_IMM    0xe4
#define OP_IN_EAX_IMM   0xe5
#define OP_OUT_IMM_AL   0xe6
#define OP_OUT_IMM_EAX  0xe7
#define OP_IN_AL_DX     0xec
#define OP_IN_EAX_DX    0xed
#define OP_OUT_DX_AL    0xee
#define OP_OUT_DX_EAX   0xef
/* Bits of the in/out opcodes: wide operand, out (not in), port in DX. */
#define OP_IO_WIDE      0x01
#define OP_IO_OUT       0x02
#define OP_IO_DX        0x08
#define OP2_CLTS        0x06
#define OP2_WBINVD      0x09
#define OP2_MOV_FROM_CR 0x20
#define OP2_MOV_TO_CR   0x22
#define OP2_WRMSR       0x30
#define OP2_RDMSR       0x32
#define OP2_CPUID       0xa2

#define XEN_CPUID_BASE      0x40000000u
#define XEN_CPUID_LEAVES    2
#define XEN_CPUID_VERSION   ((MINIXEN_XEN_MAJOR << 16) | MINIXEN_XEN_MINOR)
#define XEN_HYPERCALL_MSR   0x40000000u
#define CPUID1_ECX_HYPERVISOR (1u << 31)
/*
 * Features a PV guest must not see, as Xen 4.17's PV policy hides them
 * (public/arch-x86/cpufeatureset.h: 'S' and 'H' bits are HVM-only): its
 * page tables are validated by us, which takes no superpages or global
 * pages, and it has no APIC timer, MTRRs or vm86 of its own.  Linux
 * builds its direct map from 2 MiB/1 GiB pages when it sees PSE/PDPE1GB.
 */
#define CPUID1_EDX_PV_HIDDEN  ((1u << 1) | (1u << 3) | (1u << 12) | \
                               (1u << 13) | (1u << 17))  /* VME PSE MTRR PGE PSE36 */
#define CPUID1_ECX_PV_HIDDEN  ((1u << 21) | (1u << 24))  /* X2APIC TSC_DEADLINE */
#define CPUID_EXT1            0x80000001u
#define CPUID_EXT1_EDX_PV_HIDDEN (1u << 26)              /* PAGE1GB */
#define PAT_XEN_DEFAULT     0x0000050100070406UL   /* WB WT UC- UC WC WP */

struct insn {
    unsigned long rip;
    unsigned int len;
    bool rex_r, rex_b, opsize16;
};

static bool fetch_byte(struct insn *in, uint8_t *b)
{
    if (in->len >= MAX_INSN_LEN || !guest_range_ok(in->rip + in->len, 1) ||
        raw_copy_from_guest(b, in->rip + in->len, 1))
        return false;
    in->len++;
    return true;
}

/* Skip prefixes; returns the first opcode byte. */
static bool fetch_opcode(struct insn *in, uint8_t *op)
{
    for (;;) {
        if (!fetch_byte(in, op))
            return false;
        switch (*op) {
        case 0x66:
            in->opsize16 = true;
            continue;
        case 0x67: case 0xf0: case 0xf2: case 0xf3:
        case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
            continue;
        }
        if ((*op & 0xf0) == 0x40) {         /* REX */
            in->rex_r = *op & 4;
            in->rex_b = *op & 1;
            if (!fetch_byte(in, op))
                return false;
        }
        return true;
    }
}

static uint64_t *gpr(struct cpu_user_regs *r, unsigned int n)
{
    switch (n) {
    case 0: return &r->rax;  case 1: return &r->rcx;
    case 2: return &r->rdx;  case 3: return &r->rbx;
    case 4: return &r->rsp;  case 5: return &r->rbp;
    case 6: return &r->rsi;  case 7: return &r->rdi;
    case 8: return &r->r8;   case 9: return &r->r9;
    case 10: return &r->r10; case 11: return &r->r11;
    case 12: return &r->r12; case 13: return &r->r13;
    case 14: return &r->r14; default: return &r->r15;
    }
}

static bool read_cr(struct vcpu *v, unsigned int cr, uint64_t *val)
{
    switch (cr) {
    case 0:
        *val = (read_cr0() & ~X86_CR0_TS) | (v->arch.fpu_ts ? X86_CR0_TS : 0);
        return true;
    case 2:
        *val = v->vcpu_info->arch.cr2;
        return true;
    case 3:
        *val = (uint64_t)pv_current_base_mfn(v) << PAGE_SHIFT;
        return true;
    case 4:
        *val = read_cr4() & (X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
        return true;
    default:
        return false;
    }
}

static bool write_cr(struct vcpu *v, unsigned int cr, uint64_t val)
{
    uint64_t cur;

    switch (cr) {
    case 0:
        read_cr(v, 0, &cur);
        if ((val ^ cur) & ~X86_CR0_TS)
            return false;               /* only TS is the guest's to change */
        v->arch.fpu_ts = val & X86_CR0_TS;
        write_cr0(v->arch.fpu_ts ? read_cr0() | X86_CR0_TS : read_cr0() & ~X86_CR0_TS);
        return true;
    case 2:
        v->vcpu_info->arch.cr2 = val;
        return true;
    case 3:
        return pv_new_guest_cr3(v, val >> PAGE_SHIFT) == 0;
    case 4:
        return true;                    /* the guest's view is fixed */
    default:
        return false;
    }
}

static bool emulate_mov_cr(struct cpu_user_regs *regs, struct insn *in, bool to_cr)
{
    uint8_t modrm;
    unsigned int cr, reg;

    if (!fetch_byte(in, &modrm) || (modrm >> 6) != 3)
        return false;
    cr = ((modrm >> 3) & 7) | (in->rex_r ? 8 : 0);
    reg = (modrm & 7) | (in->rex_b ? 8 : 0);
    if (to_cr)
        return write_cr(current, cr, *gpr(regs, reg));
    return read_cr(current, cr, gpr(regs, reg));
}

/*
 * The machine-check MSRs Xen's vMCE gives every guest that sees MCE/MCA
 * in CPUID: minixen forwards no machine checks, so it reports no banks
 * (MCG_CAP 0) and none in progress (MCG_STATUS 0, writes dropped).
 * Linux panics ("MCA architectural violation") when reading them faults.
 */
#define MSR_MCG_CAP     0x179u
#define MSR_MCG_STATUS  0x17au

static bool read_msr(uint32_t msr, uint64_t *val)
{
    switch (msr) {
    case MSR_MCG_CAP:
    case MSR_MCG_STATUS:     *val = 0; return true;
    case MSR_FS_BASE:        *val = rdmsr(MSR_FS_BASE); return true;
    case MSR_GS_BASE:        *val = rdmsr(MSR_GS_BASE); return true;
    case MSR_SHADOW_GS_BASE: *val = rdmsr(MSR_SHADOW_GS_BASE); return true;
    case MSR_EFER:           *val = rdmsr(MSR_EFER); return true;
    case MSR_PAT:            *val = PAT_XEN_DEFAULT; return true;
    default:                 return false;
    }
}

static bool write_msr(struct vcpu *v, uint32_t msr, uint64_t val)
{
    if (!is_canonical_address(val))
        return false;
    switch (msr) {
    case MSR_FS_BASE:
        v->arch.fs_base = val;
        wrmsr(MSR_FS_BASE, val);
        return true;
    case MSR_GS_BASE:
        v->arch.gs_base_kernel = val;
        wrmsr(MSR_GS_BASE, val);
        return true;
    case MSR_SHADOW_GS_BASE:
        v->arch.gs_base_user = val;
        wrmsr(MSR_SHADOW_GS_BASE, val);
        return true;
    case MSR_MCG_STATUS:
        return true;
    default:
        return false;
    }
}

static bool emulate_msr(struct cpu_user_regs *regs, bool write)
{
    uint32_t msr = regs->rcx;
    uint64_t val;

    if (write)
        return write_msr(current, msr, ((regs->rdx & 0xffffffff) << 32) |
                                       (regs->rax & 0xffffffff));
    if (!read_msr(msr, &val))
        return false;
    regs->rax = (uint32_t)val;
    regs->rdx = val >> 32;
    return true;
}

static bool emulate_two_byte(struct cpu_user_regs *regs, struct insn *in)
{
    uint8_t op;

    if (!fetch_byte(in, &op))
        return false;
    switch (op) {
    case OP2_MOV_FROM_CR: return emulate_mov_cr(regs, in, false);
    case OP2_MOV_TO_CR:   return emulate_mov_cr(regs, in, true);
    case OP2_CLTS:        return write_cr(current, 0, (read_cr0() & ~X86_CR0_TS));
    case OP2_WBINVD:      return true;  /* no cache-flush rights: ignored, as on Xen */
    case OP2_RDMSR:       return emulate_msr(regs, false);
    case OP2_WRMSR:       return emulate_msr(regs, true);
    default:              return false;
    }
}

/* Operand size of in/out: 1 byte for the even opcodes, else 2 or 4. */
static unsigned int port_io_size(uint8_t op, const struct insn *in)
{
    if (!(op & OP_IO_WIDE))
        return 1;
    return in->opsize16 ? 2 : 4;
}

/* The port a guest may not reach reads as all ones (bytes of 0xff). */
static uint32_t port_read(unsigned int port, unsigned int bytes, bool reach)
{
    if (!reach)
        return bytes == 4 ? 0xffffffffu : (1u << (bytes * 8)) - 1;
    switch (bytes) {
    case 1:  return inb(port);
    case 2:  return inw(port);
    default: return inl(port);
    }
}

static void port_write(unsigned int port, unsigned int bytes, uint32_t val)
{
    switch (bytes) {
    case 1:  outb(port, val); break;
    case 2:  outw(port, val); break;
    default: outl(port, val); break;
    }
}

/* As in hardware: al and ax keep the rest of rax, eax clears its top half. */
static void set_rax(struct cpu_user_regs *regs, unsigned int bytes, uint32_t val)
{
    if (bytes == 4) {
        regs->rax = val;
        return;
    }
    regs->rax = (regs->rax & ~((1UL << (bytes * 8)) - 1)) | val;
}

/*
 * in/out with an immediate or DX port.  What the guest does not allow is
 * a #GP; what it allows but the domain may not reach goes nowhere.
 */
static bool emulate_port_io(struct cpu_user_regs *regs, struct insn *in, uint8_t op)
{
    unsigned int bytes = port_io_size(op, in);
    bool reach;
    uint8_t imm;
    uint16_t port;

    if (!(op & OP_IO_DX)) {
        if (!fetch_byte(in, &imm))
            return false;
        port = imm;
    } else {
        port = regs->rdx;
    }
    if (!pv_guest_io_okay(current, port, bytes))
        return false;
    reach = pv_admin_io_okay(current->domain, port, bytes);
    if (!(op & OP_IO_OUT))
        set_rax(regs, bytes, port_read(port, bytes, reach));
    else if (reach)
        port_write(port, bytes, regs->rax);
    return true;
}

bool pv_emulate_privileged(struct cpu_user_regs *regs)
{
    struct insn in = { .rip = regs->rip };
    uint8_t op, vec;
    bool done;

    if (!fetch_opcode(&in, &op))
        return false;
    switch (op) {
    case OP_INT_IMM8:
        if (!fetch_byte(&in, &vec))
            return false;
        pv_inject_soft_int(regs, vec, in.len);
        return true;
    case OP_CLI:
    case OP_STI:
        /* Then a no-op, as in Xen: events are held off by the upcall mask. */
        done = pv_iopl_ok(current);
        break;
    case OP_TWO_BYTE:
        /* Control registers, MSRs, clts: the guest kernel's alone. */
        done = current->arch.in_kernel && emulate_two_byte(regs, &in);
        break;
    case OP_IN_AL_IMM: case OP_IN_EAX_IMM: case OP_OUT_IMM_AL: case OP_OUT_IMM_EAX:
    case OP_IN_AL_DX: case OP_IN_EAX_DX: case OP_OUT_DX_AL: case OP_OUT_DX_EAX:
        done = emulate_port_io(regs, &in, op);
        break;
    default:
        done = false;                   /* hlt and everything else: #GP */
        break;
    }
    if (done)
        regs->rip += in.len;
    return done;
}

static void emulate_cpuid(struct cpu_user_regs *regs)
{
    uint32_t leaf = regs->rax, a, b, c, d;

    if (leaf >= XEN_CPUID_BASE && leaf <= XEN_CPUID_BASE + 0xff) {
        static const char sig[12] = "XenVMMXenVMM";
        a = b = c = d = 0;
        if (leaf == XEN_CPUID_BASE) {
            a = XEN_CPUID_BASE + XEN_CPUID_LEAVES;
            memcpy(&b, sig, 4);
            memcpy(&c, sig + 4, 4);
            memcpy(&d, sig + 8, 4);
        } else if (leaf == XEN_CPUID_BASE + 1) {
            a = XEN_CPUID_VERSION;
        } else if (leaf == XEN_CPUID_BASE + 2) {
            a = 1;                      /* one hypercall page */
            b = XEN_HYPERCALL_MSR;
        }
    } else {
        cpuid_count(leaf, regs->rcx, &a, &b, &c, &d);
        if (leaf == 1) {
            c = (c & ~CPUID1_ECX_PV_HIDDEN) | CPUID1_ECX_HYPERVISOR;
            d &= ~CPUID1_EDX_PV_HIDDEN;
        } else if (leaf == CPUID_EXT1) {
            d &= ~CPUID_EXT1_EDX_PV_HIDDEN;
        }
    }
    regs->rax = a;
    regs->rbx = b;
    regs->rcx = c;
    regs->rdx = d;
}

/* #UD: `ud2; .ascii "xen"; cpuid` is an emulated CPUID, anything else a #UD. */
bool pv_emulate_forced_prefix(struct cpu_user_regs *regs)
{
    static const uint8_t prefix[] = { XEN_EMULATE_PREFIX_BYTES, OP_TWO_BYTE, OP2_CPUID };
    uint8_t bytes[sizeof(prefix)];

    if (!guest_range_ok(regs->rip, sizeof(bytes)) ||
        raw_copy_from_guest(bytes, regs->rip, sizeof(bytes)) ||
        memcmp(bytes, prefix, sizeof(prefix)))
        return false;
    emulate_cpuid(regs);
    regs->rip += sizeof(prefix);
    return true;
}
