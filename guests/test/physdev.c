/*
 * guests/test/physdev.c - physdev_op (33) and physdev_op_compat (19), and
 * what they change: port I/O and cli/sti from the guest kernel.
 *
 * Expectations (Xen 4.17: xen/arch/x86/physdev.c, compat.c,
 * pv/emul-priv-op.c): set_iopl takes 0-3, else -EINVAL; set_iobitmap
 * refuses more than 65536 ports or a bitmap starting outside guest space
 * (-EINVAL; only the start is checked); an unreadable argument is -EFAULT,
 * and the
 * compat form reads its whole struct first; unknown commands -ENOSYS.
 * The guest kernel counts as ring 1: at IOPL 0 every in/out, cli and sti
 * is #GP(0) unless the bitmap (two bytes read at port / 8, an unreadable
 * byte denies) clears every accessed port below nr_ports; at IOPL 1 and
 * above everything passes, cli and sti as no-ops.  What the guest allows
 * reaches the hardware only for ports the domain holds: the hypervisor's
 * own (its serial line, QEMU's debug-exit, 0xcf8 as a dword) read as all
 * ones even for domain 0, without a fault.
 *
 * The DMA page registers (0x81-0x83, 0x87; Xen leaves them to a PV
 * domain 0) hold what is written to them, which shows a write really got
 * through; this guest starts no DMA, so they are harmless.
 */
#include "test.h"

/* Ports: QEMU's DMA page latches, and a free neighbour range around them. */
#define DMA_PAGE_CH2      0x81
#define DMA_PAGE_CH3      0x82
#define BITMAP_FIRST      0x80    /* the bitmap allows 0x80..0x88 */
#define BITMAP_LAST       0x88
#define BITMAP_NR_PORTS   0x100
/* The hypervisor's: COM1 line status and scratch, QEMU's debug-exit. */
#define COM1_LSR          0x3fd
#define COM1_SCRATCH      0x3ff
#define DEBUG_EXIT_PORT   0xf4
#define PCI_CONF_ADDRESS  0xcf8

#define IO_MARKER_8       0x5a
#define IO_MARKER_16      0xa55a
#define ALL_ONES_8        0xffu
#define ALL_ONES_16       0xffffu
#define ALL_ONES_32       0xffffffffu
/* rax before an in: in al/ax must keep the rest, in eax clears the top. */
#define RAX_PRESET        ARCH_UL(0x1122334455667788)
#define PHYSDEVOP_UNKNOWN 0x7fff
#define BITS_PER_BYTE     8

static uint8_t io_bitmap[BITMAP_NR_PORTS / BITS_PER_BYTE];
static struct probe_addr io_probe;

/* rax after `in` of bytes at port (DX form); the exception is in last_fault. */
static uint64_t io_in(unsigned int port, unsigned int bytes)
{
    uint64_t rax = RAX_PRESET;

    fault_reset();
    if (bytes == 1)
        asm volatile (PROBE_START "inb %%dx, %%al" PROBE_END
                      : PROBE_OUTPUTS(io_probe), "+a" (rax) : "d" (port) : "memory");
    else if (bytes == 2)
        asm volatile (PROBE_START "inw %%dx, %%ax" PROBE_END
                      : PROBE_OUTPUTS(io_probe), "+a" (rax) : "d" (port) : "memory");
    else
        asm volatile (PROBE_START "inl %%dx, %%eax" PROBE_END
                      : PROBE_OUTPUTS(io_probe), "+a" (rax) : "d" (port) : "memory");
    return rax;
}

static void io_out(unsigned int port, unsigned int bytes, uint32_t val)
{
    fault_reset();
    if (bytes == 1)
        asm volatile (PROBE_START "outb %%al, %%dx" PROBE_END
                      : PROBE_OUTPUTS(io_probe) : "a" (val), "d" (port) : "memory");
    else if (bytes == 2)
        asm volatile (PROBE_START "outw %%ax, %%dx" PROBE_END
                      : PROBE_OUTPUTS(io_probe) : "a" (val), "d" (port) : "memory");
    else
        asm volatile (PROBE_START "outl %%eax, %%dx" PROBE_END
                      : PROBE_OUTPUTS(io_probe) : "a" (val), "d" (port) : "memory");
}

/* The value an `in` of bytes leaves in rax when it reads val. */
static uint64_t rax_after_in(unsigned int bytes, uint32_t val)
{
    if (bytes == 4)
        return val;
    return (RAX_PRESET & ~((ARCH_UL(1) << (bytes * BITS_PER_BYTE)) - 1)) | val;
}

/* An `in` that must be refused with #GP(0), or must pass. */
static int io_expect(const char *name, unsigned int port, unsigned int bytes, int refused)
{
    io_in(port, bytes);
    if (refused)
        return expect_fault(name, &io_probe, X86_EXC_GP, 0);
    return expect_no_fault(name);
}

/* Back to the state every other check expects: IOPL 0, no bitmap. */
static void check_rights_reset(const char *name)
{
    long rc_iopl = HYPERVISOR_set_iopl(0), rc_bitmap = HYPERVISOR_set_iobitmap(NULL, 0);

    check(!rc_iopl && !rc_bitmap, name, "set_iopl(0) returned %ld, set_iobitmap(NULL, 0) %ld",
          rc_iopl, rc_bitmap);
}

static void test_set_iopl_args(void)
{
    physdev_set_iopl_t op = { .iopl = 0 };
    long rc[PHYSDEV_IOPL_MAX + 1];
    unsigned int i;

    for (i = 0; i <= PHYSDEV_IOPL_MAX; i++)
        rc[i] = HYPERVISOR_set_iopl(i);
    check(!rc[0] && !rc[1] && !rc[2] && !rc[3], "physdev.set_iopl_0_to_3",
          "returned %ld %ld %ld %ld", rc[0], rc[1], rc[2], rc[3]);
    check_rc("physdev.set_iopl_4", HYPERVISOR_set_iopl(PHYSDEV_IOPL_MAX + 1), -XEN_EINVAL);
    check_rc("physdev.set_iopl_all_ones", HYPERVISOR_set_iopl(ALL_ONES_32), -XEN_EINVAL);
    check_rc("physdev.set_iopl_unmapped",
             HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, (void *)BAD_PTR_UNMAPPED), -XEN_EFAULT);
    check_rc("physdev.set_iopl_hypervisor_ptr",
             HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, (void *)BAD_PTR_HYPERVISOR), -XEN_EFAULT);
    check_rc("physdev.unknown_cmd",
             HYPERVISOR_physdev_op(PHYSDEVOP_UNKNOWN, &op), -XEN_ENOSYS);
    /* minixen: no physical IRQs, so the IRQ commands are not there (Xen: -EINVAL). */
    check_rc("physdev.eoi_not_implemented",
             HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &op), -XEN_ENOSYS);
}

static void test_set_iobitmap_args(void)
{
    /* Starts in guest space, but its 8 KiB run into the non-canonical hole. */
    const void *near_hole = (const void *)(X86_NONCANONICAL_LOW - BITS_PER_BYTE);

    check_rights_reset("physdev.iobitmap_iopl_0");
    check_rc("physdev.iobitmap_all_ports",
             HYPERVISOR_set_iobitmap(io_bitmap, PHYSDEV_IOBITMAP_MAX_PORTS), 0);
    check_rc("physdev.iobitmap_too_many_ports",
             HYPERVISOR_set_iobitmap(io_bitmap, PHYSDEV_IOBITMAP_MAX_PORTS + 1), -XEN_EINVAL);
    check_rc("physdev.iobitmap_hypervisor_address",
             HYPERVISOR_set_iobitmap((const void *)BAD_PTR_HYPERVISOR, BITMAP_NR_PORTS),
             -XEN_EINVAL);
    /* Accepted; the bytes past the hole just cannot be read: #GP. */
    if (check_rc("physdev.iobitmap_only_start_checked",
                 HYPERVISOR_set_iobitmap(near_hole, PHYSDEV_IOBITMAP_MAX_PORTS), 0))
        io_expect("physdev.iobitmap_past_hole_refuses", BITMAP_FIRST, 1, 1);
    check_rc("physdev.iobitmap_arg_unmapped",
             HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, (void *)BAD_PTR_UNMAPPED),
             -XEN_EFAULT);
    check_rights_reset("physdev.iobitmap_cleared");
}

/* Only the bytes a command reads must be readable: here its last 4 of a page. */
static void test_arg_at_page_end(void)
{
    uint8_t *end = scratch_pages[SCRATCH_B] + PAGE_SIZE;
    physdev_op_t *compat = (physdev_op_t *)(end - offsetof(physdev_op_t, u) -
                                            sizeof(physdev_set_iopl_t));
    uint8_t saved[offsetof(physdev_op_t, u) + sizeof(physdev_set_iopl_t)];

    if (!check_rc("physdev.guard_unmap", test_guard_unmap(), 0))
        return;
    memcpy(saved, compat, sizeof(saved));
    ((physdev_set_iopl_t *)(end - sizeof(physdev_set_iopl_t)))->iopl = 0;
    check_rc("physdev.set_iopl_at_page_end",
             HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, end - sizeof(physdev_set_iopl_t)), 0);
    check_rc("physdev.set_iobitmap_short_arg",
             HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, end - sizeof(uint64_t)), -XEN_EFAULT);
    /* cmd and set_iopl are readable, the rest of the union is not. */
    compat->cmd = PHYSDEVOP_set_iopl;
    compat->u.set_iopl.iopl = 0;
    check_rc("physdev.compat_short_struct", HYPERVISOR_physdev_op_compat(compat), -XEN_EFAULT);
    memcpy(compat, saved, sizeof(saved));
    check_rc("physdev.guard_restore", test_guard_restore(), 0);
}

static long compat_call(uint32_t cmd, uint32_t iopl)
{
    physdev_op_t op = { .cmd = cmd, .u.set_iopl.iopl = iopl };

    return HYPERVISOR_physdev_op_compat(&op);
}

static void test_compat(void)
{
    physdev_op_t op = { .cmd = PHYSDEVOP_set_iobitmap };

    check_rc("physdev.compat_set_iopl_4", compat_call(PHYSDEVOP_set_iopl, 4), -XEN_EINVAL);
    check_rc("physdev.compat_unknown_cmd", compat_call(PHYSDEVOP_UNKNOWN, 0), -XEN_ENOSYS);
    check_rc("physdev.compat_unmapped",
             HYPERVISOR_physdev_op_compat((physdev_op_t *)BAD_PTR_UNMAPPED), -XEN_EFAULT);
    /* It must really set the level: in passes at 1 and faults again at 0. */
    if (check_rc("physdev.compat_set_iopl_1", compat_call(PHYSDEVOP_set_iopl, 1), 0))
        io_expect("physdev.compat_iopl_1_allows_in", X86_POST_PORT, 1, 0);
    if (check_rc("physdev.compat_set_iopl_0", compat_call(PHYSDEVOP_set_iopl, 0), 0))
        io_expect("physdev.compat_iopl_0_refuses_in", X86_POST_PORT, 1, 1);
    set_xen_guest_handle(op.u.set_iobitmap.bitmap, io_bitmap);
    op.u.set_iobitmap.nr_ports = PHYSDEV_IOBITMAP_MAX_PORTS + 1;
    check_rc("physdev.compat_iobitmap_too_many_ports", HYPERVISOR_physdev_op_compat(&op),
             -XEN_EINVAL);
}

void test_physdev(void)
{
    test_set_iopl_args();
    test_set_iobitmap_args();
    test_arg_at_page_end();
    test_compat();
    check_rights_reset("physdev.rights_reset");
}

/* ---- Port I/O and cli/sti under the virtual IOPL ---- */

/* Kernel in/out/cli/sti at each level: all #GP at 0, none from 1 on. */
static void test_iopl_levels(void)
{
    char detail[96] = "";
    unsigned int iopl;
    int ok = 1;

    for (iopl = 0; iopl <= PHYSDEV_IOPL_MAX; iopl++) {
        long rc = HYPERVISOR_set_iopl(iopl);
        uint64_t want = iopl ? 0 : 1;

        io_in(X86_POST_PORT, 1);
        if (rc || last_fault.count != want) {
            ok = 0;
            fmt_snprintf(detail, sizeof(detail), "iopl %u: set_iopl %ld, %lu exception(s)",
                         iopl, rc, last_fault.count);
        }
    }
    check(ok, "io.kernel_in_per_iopl", "%s", detail);
    HYPERVISOR_set_iopl(0);
}

/* With IOPL, cli and sti pass but change nothing: the upcall mask stays. */
static void test_cli_sti(void)
{
    volatile struct vcpu_info *vi = &shared_info->vcpu_info[0];
    struct probe_addr p;
    uint8_t before = vi->evtchn_upcall_mask;

    if (!check_rc("io.set_iopl_1", HYPERVISOR_set_iopl(1), 0))
        return;
    fault_reset();
    asm volatile (PROBE_START "sti" PROBE_END : PROBE_OUTPUTS(p) :: "memory");
    if (expect_no_fault("io.sti_iopl_1"))
        check(vi->evtchn_upcall_mask == before, "io.sti_leaves_mask",
              "upcall mask %u, was %u", vi->evtchn_upcall_mask, before);
    fault_reset();
    asm volatile (PROBE_START "cli" PROBE_END : PROBE_OUTPUTS(p) :: "memory");
    expect_no_fault("io.cli_iopl_1");
    HYPERVISOR_set_iopl(0);
    fault_reset();
    asm volatile (PROBE_START "cli" PROBE_END : PROBE_OUTPUTS(p) :: "memory");
    expect_fault("io.cli_iopl_0", &p, X86_EXC_GP, 0);
}

/* A value written to a port reads back through every operand size. */
static void test_ports_reached(void)
{
    uint64_t b, w;

    if (!check_rc("io.set_iopl_1_again", HYPERVISOR_set_iopl(1), 0))
        return;
    io_out(DMA_PAGE_CH2, 1, IO_MARKER_8);
    b = io_in(DMA_PAGE_CH2, 1);
    check(last_fault.count == 0 && b == rax_after_in(1, IO_MARKER_8), "io.dom0_byte_roundtrip",
          "port %#x read %#lx after writing %#x (%lu exceptions)", DMA_PAGE_CH2, b,
          IO_MARKER_8, last_fault.count);
    io_out(DMA_PAGE_CH3, 2, IO_MARKER_16);
    w = io_in(DMA_PAGE_CH3, 2);
    check(last_fault.count == 0 && w == rax_after_in(2, IO_MARKER_16), "io.dom0_word_roundtrip",
          "port %#x read %#lx after writing %#x (%lu exceptions)", DMA_PAGE_CH3, w,
          IO_MARKER_16, last_fault.count);
    io_out(DMA_PAGE_CH2, 2, 0);
    HYPERVISOR_set_iopl(0);
}

/* The hypervisor's ports: no fault, and nothing gets through. */
static void test_hypervisor_ports(void)
{
    uint64_t scratch, lsr, exit_port, cf8;

    if (!check_rc("io.set_iopl_3", HYPERVISOR_set_iopl(PHYSDEV_IOPL_MAX), 0))
        return;
    io_out(COM1_SCRATCH, 1, IO_MARKER_8);
    scratch = io_in(COM1_SCRATCH, 1);
    lsr = io_in(COM1_LSR, 1);
    exit_port = io_in(DEBUG_EXIT_PORT, 1);
    check(scratch == rax_after_in(1, ALL_ONES_8) && lsr == rax_after_in(1, ALL_ONES_8) &&
          exit_port == rax_after_in(1, ALL_ONES_8), "io.hypervisor_ports_read_ones",
          "COM1 scratch %#lx, line status %#lx, debug-exit %#lx", scratch, lsr, exit_port);
    check(io_in(COM1_LSR - 1, 2) == rax_after_in(2, ALL_ONES_16), "io.hypervisor_port_word",
          "in ax from %#x gave %#lx", COM1_LSR - 1, io_in(COM1_LSR - 1, 2));
    cf8 = io_in(PCI_CONF_ADDRESS, 4);
    check(last_fault.count == 0 && cf8 == ALL_ONES_32, "io.pci_conf_address_dword",
          "in eax from %#x gave %#lx (%lu exceptions)", PCI_CONF_ADDRESS, cf8, last_fault.count);
    HYPERVISOR_set_iopl(0);
}

/* io_bitmap allows exactly BITMAP_FIRST..BITMAP_LAST. */
static void bitmap_allow_window(void)
{
    unsigned int port;

    memset(io_bitmap, ALL_ONES_8, sizeof(io_bitmap));
    for (port = BITMAP_FIRST; port <= BITMAP_LAST; port++)
        io_bitmap[port / BITS_PER_BYTE] &= ~(1u << (port % BITS_PER_BYTE));
}

/* IOPL 0, so only the bitmap decides; 0x88 is allowed, 0x89 is not. */
static void test_bitmap_window(void)
{
    bitmap_allow_window();
    if (!check_rc("io.bitmap_set", HYPERVISOR_set_iobitmap(io_bitmap, BITMAP_NR_PORTS), 0))
        return;
    io_expect("io.bitmap_byte_last_allowed", BITMAP_LAST, 1, 0);
    io_expect("io.bitmap_byte_next_refused", BITMAP_LAST + 1, 1, 1);
    io_expect("io.bitmap_byte_below_refused", BITMAP_FIRST - 1, 1, 1);
    io_expect("io.bitmap_word_across_bytes", BITMAP_LAST - 1, 2, 0);
    io_expect("io.bitmap_word_over_edge", BITMAP_LAST, 2, 1);
    io_expect("io.bitmap_dword_across_bytes", BITMAP_LAST - 3, 4, 0);
    io_expect("io.bitmap_dword_over_edge", BITMAP_LAST - 2, 4, 1);
    io_out(DMA_PAGE_CH2, 1, IO_MARKER_8);
    check(last_fault.count == 0 && io_in(DMA_PAGE_CH2, 1) == rax_after_in(1, IO_MARKER_8),
          "io.bitmap_out_reaches_port", "read %#lx back (%lu exceptions)",
          io_in(DMA_PAGE_CH2, 1), last_fault.count);
    io_out(DMA_PAGE_CH2, 1, 0);
    /* IOPL beats the bitmap. */
    if (check_rc("io.bitmap_iopl_1", HYPERVISOR_set_iopl(1), 0))
        io_expect("io.iopl_overrides_bitmap", BITMAP_LAST + 1, 1, 0);
    HYPERVISOR_set_iopl(0);
}

/* A clear bitmap still allows nothing at or beyond nr_ports. */
static void test_bitmap_limit(void)
{
    memset(io_bitmap, 0, sizeof(io_bitmap));
    if (!check_rc("io.bitmap_limit_set", HYPERVISOR_set_iobitmap(io_bitmap, BITMAP_LAST + 1), 0))
        return;
    io_expect("io.bitmap_limit_last_port", BITMAP_LAST, 1, 0);
    io_expect("io.bitmap_limit_beyond", BITMAP_LAST + 1, 1, 1);
    io_expect("io.bitmap_limit_word_beyond", BITMAP_LAST, 2, 1);
    if (check_rc("io.bitmap_none", HYPERVISOR_set_iobitmap(io_bitmap, 0), 0))
        io_expect("io.bitmap_none_refuses", BITMAP_FIRST, 1, 1);
}

/*
 * A bitmap Xen cannot read denies, without harm: wholly unmapped, and
 * with the byte after HALF_PORT's on the unmapped guard page (a byte
 * access at HALF_PORT needs only its own byte, a word access both).
 */
#define HALF_PORT (BITMAP_LAST | (BITS_PER_BYTE - 1))

static void test_bitmap_unreadable(void)
{
    uint8_t *last = scratch_pages[SCRATCH_B] + PAGE_SIZE - 1;
    uint8_t *base = last - HALF_PORT / BITS_PER_BYTE;
    uint8_t saved = *last;

    if (check_rc("io.bitmap_unmapped_set",
                 HYPERVISOR_set_iobitmap((const void *)BAD_PTR_UNMAPPED, BITMAP_NR_PORTS), 0))
        io_expect("io.bitmap_unmapped_refuses", BITMAP_FIRST, 1, 1);
    if (!check_rc("io.bitmap_guard_unmap", test_guard_unmap(), 0))
        return;
    *last = 0;
    if (check_rc("io.bitmap_half_set", HYPERVISOR_set_iobitmap(base, BITMAP_NR_PORTS), 0)) {
        io_expect("io.bitmap_half_byte_allowed", HALF_PORT, 1, 0);
        io_expect("io.bitmap_half_word_refused", HALF_PORT, 2, 1);
    }
    *last = saved;
    check_rc("io.bitmap_guard_restore", test_guard_restore(), 0);
}

void test_port_io(void)
{
    test_iopl_levels();
    test_cli_sti();
    test_ports_reached();
    test_hypervisor_ports();
    test_bitmap_window();
    test_bitmap_limit();
    test_bitmap_unreadable();
    check_rights_reset("io.rights_reset");
}
