/*
 * guests/test/startup.c - the start-up sequence (each step checked; any
 * failure ends the test), then what the builder handed over: start_info,
 * the entry registers, the event mask and the time area.
 */
#include "test.h"

/* How long test_time() spins between two readings of system time. */
#define TIME_SPIN_TSC_TICKS 1000000

/* A start-up step must return 0; anything else ends the test. */
static void startup_step(const char *name, long rc)
{
    if (rc)
        test_abort(name, "returned %ld", rc);
    report_pass(name);
}

/*
 * Same order as XTF's PV start-up: CR3 first (mov from CR3 is emulated and
 * yields the machine address of our top-level table), then the user base
 * pointer, callbacks, the GDT (remapped read-only first), the trap table
 * and shared_info.  Until the trap table is in, any fault kills us.
 */
void test_startup(void)
{
    unsigned long cr3, expected;

    if (!pv_hypercall_page_filled())
        test_abort("startup.hypercall_page_filled", "slot 17 still 0xc3");
    report_pass("startup.hypercall_page_filled");

    cr3 = read_cr3();
    expected = pv_expected_cr3();
    if (cr3 != expected)
        test_abort("startup.read_cr3", "cr3 %#lx, expected %#lx (pt_base's mfn)",
                   cr3, expected);
    report_pass("startup.read_cr3");

    startup_step("startup.new_user_baseptr", pv_set_user_baseptr());
    startup_step("startup.callback_event",
                 pv_register_callback(CALLBACKTYPE_event, entry_event_callback, 0));
    startup_step("startup.callback_failsafe",
                 pv_register_callback(CALLBACKTYPE_failsafe, entry_failsafe_callback,
                                      CALLBACKF_mask_events));
    startup_step("startup.callback_syscall",
                 pv_register_callback(CALLBACKTYPE_syscall, entry_syscall_callback,
                                      CALLBACKF_mask_events));
    startup_step("startup.gdt_remap_ro", pv_remap_gdt_ro());
    startup_step("startup.set_gdt", pv_load_gdt());
    startup_step("startup.set_trap_table", pv_set_traps());
    startup_step("startup.map_shared_info", pv_map_shared_info());
}

/* Is [va, va + len) page aligned and inside the guest's region? */
static int in_region_aligned(unsigned long va)
{
    return !(va & ~PAGE_MASK) && pv_region_contains(va);
}

static void test_entry_state(void)
{
    check(shared_info->vcpu_info[0].evtchn_upcall_mask == 1,
          "entry.events_masked", "vcpu_info[0].evtchn_upcall_mask is %u",
          shared_info->vcpu_info[0].evtchn_upcall_mask);
    check(boot_state.rflags & X86_EFLAGS_IF, "entry.rflags_if",
          "rflags %#lx", boot_state.rflags);
    check(boot_state.cs == FLAT_KERNEL_CS, "entry.cs", "cs %#lx, expected %#x",
          boot_state.cs, FLAT_KERNEL_CS);
    check(boot_state.ss == FLAT_KERNEL_SS, "entry.ss", "ss %#lx, expected %#x",
          boot_state.ss, FLAT_KERNEL_SS);
    /* rsp is the top of the boot stack, so the last word below it must be ours. */
    check(pv_region_contains(boot_state.rsp - sizeof(uint64_t)),
          "entry.stack_in_region", "rsp %#lx, region has %lu pages",
          boot_state.rsp, start_info->nr_pages);
}

void test_start_info(void)
{
    const start_info_t *si = start_info;
    unsigned int want = SIF_PRIVILEGED | SIF_INITDOMAIN;

    test_entry_state();
    check(in_region_aligned((unsigned long)si), "start_info.address",
          "start_info at %p", (const void *)si);
    check(!strncmp(si->magic, XEN_START_INFO_MAGIC_64, sizeof(si->magic)),
          "start_info.magic", "magic \"%.32s\"", si->magic);
    check((si->flags & want) == want, "start_info.flags", "flags %#x", si->flags);
    check(si->nr_pages > 0, "start_info.nr_pages", "nr_pages %lu", si->nr_pages);
    check(in_region_aligned(si->pt_base), "start_info.pt_base",
          "pt_base %#lx", si->pt_base);
    check(si->nr_pt_frames > 0, "start_info.nr_pt_frames", "nr_pt_frames %lu",
          si->nr_pt_frames);
    check(in_region_aligned(si->mfn_list), "start_info.mfn_list",
          "mfn_list %#lx", si->mfn_list);
    check(!strncmp(si->cmd_line, TEST_CMDLINE, sizeof(si->cmd_line)),
          "start_info.cmd_line", "cmd_line \"%.80s\", expected \"%s\"",
          si->cmd_line, TEST_CMDLINE);
    check(!(si->shared_info & ~PAGE_MASK), "start_info.shared_info_aligned",
          "shared_info %#lx", si->shared_info);
}

/* 2020-01-01T00:00:00Z: any real clock is past it. */
#define WALLCLOCK_SANE_SECONDS  1577836800UL
#define NSEC_PER_SEC            1000000000UL

/* shared_info's wallclock: boot time from the RTC, version protocol. */
static void test_wallclock(void)
{
    uint32_t version, nsec;
    uint64_t sec;

    do {
        version = shared_info->wc_version;
        __sync_synchronize();
        sec = shared_info->wc_sec | ((uint64_t)shared_info->wc_sec_hi << 32);
        nsec = shared_info->wc_nsec;
        __sync_synchronize();
    } while ((version & 1) || version != shared_info->wc_version);
    check(version != 0 && sec >= WALLCLOCK_SANE_SECONDS && nsec < NSEC_PER_SEC,
          "time.wallclock", "version %u, %lu s %u ns", version, sec, nsec);
}

/* vcpu_info[0].time, read with the version protocol, must move forward. */
void test_time(void)
{
    struct pv_time t = { 0 };
    uint64_t ns1, ns2, until;
    int rc = pv_time_snapshot(&t);

    if (!check(rc == 0, "time.snapshot",
               "version stayed odd or kept changing (%u)", t.version))
        return;
    check(t.mul != 0, "time.tsc_to_system_mul", "mul 0, shift %d", t.shift);
    ns1 = pv_time_ns(&t);
    until = rdtsc_ordered() + TIME_SPIN_TSC_TICKS;
    while (rdtsc_ordered() < until)
        ;
    pv_time_snapshot(&t);
    ns2 = pv_time_ns(&t);
    check(ns1 > 0 && ns2 > ns1, "time.advances",
          "system time %lu ns, then %lu ns", ns1, ns2);
    test_wallclock();
}
