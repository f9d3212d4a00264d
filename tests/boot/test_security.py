"""A guest that does something bad must be crashed alone.

Regression tests for guest-triggerable hypervisor holes.  Each mode of
guests/badguest does one bad thing as domain 1, beside the demo guest
(domain 0) and domain 2 named "after" (guests/evtest in its waitgone
role: it yields until domain 1 no longer exists, then says so).  For
every mode the hypervisor must log "domain 1 crashed: <why>" with the
reason that mode earns, never let the bad guest continue ("badguest:
survived"), never fault or panic itself, still run domain 2 after the
crash (the scheduler is preemptive, so only domain 2's own "is gone" line
proves it ran afterwards), get every frame back, and
power off with the mask of reasons: poweroff (domains 0 and 2) and crash
(domain 1), 2 * ((1 << 0) | (1 << 3)) + 1 = 19.

One boot per mode, shared by that mode's tests: each mode is its own
xdist group, so the modes boot in parallel on different workers.
"""

import re

import pytest

import minixen_boot as mb

SHUTDOWN_POWEROFF = 0
SHUTDOWN_CRASH = 3
EXIT_TWO_POWEROFFS_ONE_CRASH = mb.debug_exit_status(
    (1 << SHUTDOWN_POWEROFF) | (1 << SHUTDOWN_CRASH))

BAD_DOMID = 1
AFTER_DOMID = 2

# Mode -> what the crash reason must say (a regex).  The wording is the
# hypervisor's (hypervisor/arch/x86/pv/traps.c); each names the path that
# must have caught the mode.
CRASH_REASONS = {
    # The CPU refuses the frame when the hypervisor returns to the guest.
    "iret_hypervisor_cs": r"return to guest failed",
    "iret_null_ss": r"return to guest failed",
    # The same on a real CPU; QEMU's TCG lets the iretq through and the
    # fetch at the bad RIP faults in the guest, which has no trap table
    # in this mode (see guests/badguest/main.c).
    "iret_noncanonical_rip": r"return to guest failed|"
                             r"unhandled .*vector 13\b.* at 0x800000000000\b",
    "iret_noncanonical_in_syscall": r"return to guest failed|"
                                    r"unhandled .*vector 13\b.* at 0x800000000000\b",
    # No trap table: the #PF has nowhere to go.
    "no_trap_table_fault": r"unhandled .*vector 14\b.*no trap handler",
    # The exception frame cannot be written (unmapped stack, or no kernel
    # stack at all for the switch from user mode).
    "bounce_bad_stack": r"fault writing an exception frame",
    "syscall32_no_kernel_stack": r"fault writing an exception frame",
    # Not-present code or stack segments of its own, returned to by iret:
    # the CPU raises #NP/#SS in the hypervisor, which must be a guest crash.
    "np_cs_iret": r"return to guest failed",
    "np_ss_iret": r"return to guest failed",
    # An upcall due while the event callback registered is 0.
    "no_event_callback": r"event upcall due but no event callback registered",
    # %ds made unusable while switched out, no failsafe callback to tell.
    "selector_no_failsafe": r"data segment selector would not load \(ds 0x13\b.*"
                            r"no failsafe callback",
}
MODES = [pytest.param(mode, marks=pytest.mark.xdist_group(f"security-{mode}"))
         for mode in CRASH_REASONS]

CRASH_LINE = rf"^\(XEN\) domain {BAD_DOMID} crashed: (.+)$"
HYPERVISOR_FAULT = r"^\(XEN\) .*(FATAL TRAP|Panic)"


@pytest.fixture(scope="module")
def run_mode(module_boot):
    """run_mode(mode) -> that mode's BootResult, booted once per worker."""
    runs = {}

    def get(mode):
        if mode not in runs:
            runs[mode] = module_boot(mode, modules=[
                mb.GUESTS / "demo.elf",
                (mb.GUESTS / "badguest.elf", f"domain=bad memory=8M mode={mode}"),
                (mb.GUESTS / "evtest.elf", f"domain=after role=waitgone gone={BAD_DOMID}")])
        return runs[mode]

    return get


def line_index(run, pattern):
    """Index of the first log line matching pattern, or None."""
    regex = re.compile(pattern)
    return next((i for i, l in enumerate(run.lines) if regex.search(l)), None)


@pytest.mark.parametrize("mode", MODES)
def test_bad_guest_ran_its_mode(run_mode, mode):
    run = run_mode(mode)
    assert run.search(rf"^\(d{BAD_DOMID}\) badguest: mode {mode}$"), run.where()


@pytest.mark.parametrize("mode", MODES)
def test_bad_guest_crashed(run_mode, mode):
    run = run_mode(mode)
    survived = run.search(rf"^\(d{BAD_DOMID}\) badguest: survived .*$")
    assert not survived, f"{survived.group(0)!r}; {run.where()}"
    crash = run.search(CRASH_LINE)
    assert crash, f"no 'domain {BAD_DOMID} crashed: <why>' line; {run.where()}"
    assert re.search(CRASH_REASONS[mode], crash.group(1)), \
        f"crash reason {crash.group(1)!r}, expected /{CRASH_REASONS[mode]}/; " \
        f"{run.where()}"


@pytest.mark.xdist_group("security-iret_noncanonical_in_syscall")
def test_noncanonical_in_syscall_returns_by_iret(run_mode):
    """SYSRET to a non-canonical RIP would fault in ring 0 on Intel CPUs;
    QEMU's TCG does not fault either way, so the hypervisor's own line
    shows that the check sent the frame to IRET."""
    run = run_mode("iret_noncanonical_in_syscall")
    assert run.search(rf"^\(XEN\) d{BAD_DOMID}: return to non-canonical "
                      r"0x800000000000: by IRET, not SYSRET"), run.where()


@pytest.mark.parametrize("mode", MODES)
def test_hypervisor_unharmed(run_mode, mode):
    run = run_mode(mode)
    fault = run.search(HYPERVISOR_FAULT)
    assert not fault, f"{fault.group(0)!r}; {run.where()}"
    assert run.status == EXIT_TWO_POWEROFFS_ONE_CRASH, run.where()


@pytest.mark.parametrize("mode", MODES)
def test_other_domains_run_on(run_mode, mode):
    run = run_mode(mode)
    crashed = line_index(run, CRASH_LINE)
    after = line_index(run, rf"^\(d{AFTER_DOMID}\) evtest: domain {BAD_DOMID} is gone$")
    assert line_index(run, r"^demo: powering off$") is not None, \
        f"domain 0 never finished; {run.where()}"
    assert after is not None, f"domain {AFTER_DOMID} never finished; {run.where()}"
    assert crashed is not None and after > crashed, \
        f"domain {AFTER_DOMID} did not run after the crash; {run.where()}"
    for domid, reason in ((0, "poweroff"), (BAD_DOMID, "crash"),
                          (AFTER_DOMID, "poweroff")):
        assert run.search(rf"^\(XEN\) domain {domid} \(.*\): {reason}$"), \
            f"domain {domid} not listed as {reason}; {run.where()}"


@pytest.mark.parametrize("mode", MODES)
def test_memory_returned(run_mode, mode):
    run = run_mode(mode)
    assert run.search(r"^\(XEN\) memory check: OK"), run.where()
    assert not run.search(r"still referenced after destruction"), run.where()


# Holes a security review found (all once reproduced as reads and writes
# of hypervisor memory, or as hypervisor panics).  Here the bad guest must
# be refused or get the fault delivered, and run on: mode -> the line of
# its own log that proves the refusal.
REFUSALS = {
    # shared_info is permanently writable: it cannot become a page table.
    "shinfo_l1": r"clear\+pin as L1: -22$",
    # A writable mapping dropped without a flush must not survive the
    # frame becoming a page table: the write through it faults.
    "stale_tlb": r"survived stale_tlb \(exception 14 delivered",
    # A not-present %gs selector: loaded as null, as on Xen (no panic).
    "np_gs": r"set_segment_base\(GS_USER_SEL, 0x13\): 0$",
    # Virtual CR0.TS set across a switch (fxsave used to raise #NM).
    "fpu_ts_yield": r"yield: 0$",
    # mov %cr3 from guest user mode: #GP for the guest, not emulated.
    "user_priv": r"survived user_priv \(exception 13 delivered",
}
REFUSAL_MODES = [pytest.param(mode, marks=pytest.mark.xdist_group(f"security-{mode}"))
                 for mode in REFUSALS]
EXIT_ALL_POWERED_OFF = mb.debug_exit_status(1 << SHUTDOWN_POWEROFF)


@pytest.mark.parametrize("mode", REFUSAL_MODES)
def test_bad_act_refused(run_mode, mode):
    run = run_mode(mode)
    assert run.search(rf"^\(d{BAD_DOMID}\) badguest: mode {mode}$"), run.where()
    assert run.search(rf"^\(d{BAD_DOMID}\) badguest: .*{REFUSALS[mode]}"), run.where()
    assert not run.search(r"PWNED"), run.where()
    fault = run.search(HYPERVISOR_FAULT)
    assert not fault, f"{fault.group(0)!r}; {run.where()}"
    assert run.status == EXIT_ALL_POWERED_OFF, run.where()
    assert run.search(r"^\(XEN\) memory check: OK"), run.where()


@pytest.mark.xdist_group("security-remote_self")
def test_privileged_domain_shuts_itself_down_remotely(boot):
    """remote_shutdown naming the caller itself, with another domain
    running: once a NULL dereference and a panic."""
    run = boot(modules=[(mb.GUESTS / "badguest.elf", "mode=remote_self"),
                        (mb.GUESTS / "demo.elf", "domain=after")])
    assert run.search(r"^badguest: mode remote_self$"), run.where()
    assert not run.search(HYPERVISOR_FAULT), run.where()
    assert run.search(r"^\(d1\) demo: powering off$"), run.where()
    assert run.status == EXIT_ALL_POWERED_OFF, run.where()
    assert run.search(r"^\(XEN\) memory check: OK"), run.where()


TLB_STEPS = ["new_baseptr: 0", "mov to cr3 done", "new_user_baseptr: 0",
             "new_user_baseptr(0): 0", "new_user_baseptr again: 0",
             "tlb_switch done"]


@pytest.mark.xdist_group("security-tlb_switch")
def test_new_base_pointers_flush_global_entries(run_mode):
    """Regression: guest-user mappings are global, and NEW_BASEPTR, the
    emulated mov to %cr3 and NEW_USER_BASEPTR reloaded CR3 without
    dropping them, so after a guest's process switch the previous
    process's user translations could stay live.  TCG hides that (QEMU
    drops every TLB entry on a CR3 write; KVM and real CPUs keep global
    ones), so the hypervisor counts the global flushes it makes for new
    base pointers.  badguest's tlb_switch makes three that need one (see
    guests/badguest/main.c), one user base change that does not (no user
    table ran since the last flush) and two kernel/user mode switches,
    which must stay plain CR3 writes."""
    run = run_mode("tlb_switch")
    for step in TLB_STEPS:
        assert run.search(rf"^\(d{BAD_DOMID}\) badguest: {re.escape(step)}$"), \
            f"no {step!r} line; {run.where()}"
    assert run.search(rf"^\(XEN\) domain {BAD_DOMID}: 3 global TLB flushes "
                      r"for new base pointers$"), run.where()
    assert run.search(r"^\(XEN\) domain 0: 0 global TLB flushes"), run.where()
    assert not run.search(HYPERVISOR_FAULT), run.where()
    assert run.status == EXIT_ALL_POWERED_OFF, run.where()
