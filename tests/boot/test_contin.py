"""Hypercall continuations (docs/hypercalls.md, "Continuations").

The contin guest makes hypercalls long enough to be preempted: a 100,000
request mmu_update batch, a 20,000 op mmuext_op batch, a multicall of
1,000 entries whose mmu_update entries are preempted themselves,
reservations over thousands of extents, the validation of a 1,028-table
page-table tree, a 3,000 entry trap table, an 100 KiB console write, an
EVTCHNOP_reset of a full 4,096-port table, and bad arguments in the
middle of preempted batches.  Every result must be exactly what an
uninterrupted call gives.

- forced: hypercall_preempt_every=3 makes continuations happen at known
  points.  Domain 0 also gives up a pin half-way (from an event upcall
  delivered while it is preempted) and checks the partial table is
  refused, then resumed; domain 1 dies in that state (die=1).  Both
  domains' counts of continuations must be positive, the frame-table
  audit (mm_audit) must pass at every shutdown, domain 1 with partial
  tables included, and all memory must come back.
- timer: no forcing, so only a due timer (the credit scheduler's slice
  and accounting ticks) or a pending switch preempts, beside a bystander
  domain; whether any does depends on timing, and the results must be
  the same.

With several domains QEMU exits with 2*mask+1, mask having bit 1<<reason
for each shutdown reason seen: every domain powered off gives 3."""

import re

import pytest

import minixen_boot as mb
from domain_checks import checks_of, verdicts_of

EXIT_ALL_POWERED_OFF = (1 << 1) | 1
APPEND = "console=com1 loglvl=all guest_loglvl=warning mm_audit"
PREEMPT_EVERY = 3
CONTINUATIONS_LINE = re.compile(r"^\(XEN\) domain (\d+): (\d+) hypercall continuations$")
CONSOLE_LINES = 800
CONSOLE_LINE = re.compile(r"^contin: console line (\d+) of %d \.+$" % CONSOLE_LINES)

# Checks that need a preemption to be observable (expect_preemption=1).
PREEMPTION_ONLY_CHECKS = [
    "multicall.subcall_continued_in_entry",
    "tree.upcall_mid_pin",
    "tree.given_up_call_completes",
    "tree.partial_not_pinned",
    "tree.partial_not_writable",
    "tree.partial_not_updatable",
]

CONTIN_CHECKS = [
    "mmu.batch_100k",
    "mmu.batch_100k_last_applied",
    "mmu.bad_mid_batch",
    "mmu.bad_mid_batch_stops_there",
    "mmu.guard_unmap",
    "mmu.unreadable_list",
    "mmu.unreadable_list_stops_there",
    "mmu.guard_restore",
    "mmu.window_restore",
    "mmuext.batch_20k",
    "mmuext.batch_20k_left_unpinned",
    "mmuext.bad_mid_batch",
    "mmuext.bad_mid_batch_stops_there",
    "mmuext.bad_mid_batch_nothing_after",
    "multicall.1000_entries",
    "multicall.every_result",
    "multicall.last_request_applied",
    "multicall.subcall_continued_in_entry",
    "multicall.window_restore",
    "memory.decrease_2000",
    "memory.current_after_decrease",
    "memory.increase_1600",
    "memory.decrease_stops_at_foreign",
    "memory.decrease_the_rest",
    "memory.current_after_round_trip",
    "memory.populate_2000",
    "memory.populate_sets_every_m2p",
    "memory.current_restored",
    "tree.empty_l4_pin",
    "tree.mmu_update_validates_subtree",
    "tree.mmu_update_l1_in_use",
    "tree.mmu_update_clear",
    "tree.mmu_update_clear_released",
    "tree.empty_l4_unpin",
    "tree.upcall_mid_pin",
    "tree.given_up_call_completes",
    "tree.partial_not_pinned",
    "tree.partial_not_writable",
    "tree.partial_not_updatable",
    "tree.pin",
    "tree.pin_twice",
    "tree.l1_in_use",
    "tree.l4_in_use",
    "tree.unpin",
    "tree.l1_released",
    "tree.give_back",
    "tree.memory_back",
    "tree.repopulate",
    "trap_table.3000_entries",
    "trap_table.long_table_installed",
    "trap_table.bad_entry_after_continuation",
    "trap_table.restore",
    "trap_table.restored",
    "console_io.write_100k",
    "evtchn.table_full",
    "evtchn.reset_cont_alone_busy",
    "evtchn.reset_full_table",
    "evtchn.reset_all_closed",
    "evtchn.reset_ports_reused",
    "evtchn.reset_done_cont_busy",
]

TIMER_CHECKS = [c for c in CONTIN_CHECKS if c not in PREEMPTION_ONLY_CHECKS]
DIE_CHECKS = ["die.upcall_mid_pin"]


def continuations_of(run):
    """{domid: continuations} from the teardown lines."""
    return {int(m.group(1)): int(m.group(2))
            for m in map(CONTINUATIONS_LINE.match, run.lines) if m}


def assert_checks_exactly(run, domid, expected):
    """Each expected check printed once and passed; nothing else printed."""
    names = [c[0] for c in checks_of(run, domid)]
    assert sorted(names) == sorted(expected), \
        f"d{domid} checks differ: missing {sorted(set(expected) - set(names))}, " \
        f"unexpected or repeated {sorted(n for n in names if names.count(n) > 1 or n not in expected)}; " \
        f"{run.where()}"
    failed = [f"{n}: {d}" for n, ok, d in checks_of(run, domid) if not ok]
    assert not failed, f"d{domid} failed {failed}; {run.where()}"


def assert_clean_teardown(run, domids):
    for domid in domids:
        assert run.search(rf"^\(XEN\) domain {domid}: all memory returned$"), run.where()
    audits = [l for l in run.lines if "frame table check:" in l]
    assert len(audits) == len(domids) + 1 and all(l.endswith("OK") for l in audits), \
        f"audits {audits}; {run.where()}"
    assert run.search(r"^\(XEN\) memory check: OK"), run.where()


@pytest.fixture(scope="module")
def forced(module_boot):
    return module_boot("forced", append=f"{APPEND} hypercall_preempt_every={PREEMPT_EVERY}",
                       modules=[
                           (mb.GUESTS / "contin.elf", "expect_preemption=1"),
                           (mb.GUESTS / "contin.elf",
                            "domain=die memory=16M die=1 expect_preemption=1")])


@pytest.fixture(scope="module")
def timer(module_boot):
    return module_boot("timer", append=APPEND, modules=[
        mb.GUESTS / "contin.elf",
        (mb.GUESTS / "mmtest.elf", "domain=bystander memory=8M")])


@pytest.mark.xdist_group("contin_forced")
@pytest.mark.parametrize("name", CONTIN_CHECKS)
def test_forced_check(forced, name):
    reported = [c for c in checks_of(forced, 0) if c[0] == name]
    assert len(reported) == 1, f"{name} reported {len(reported)} times; {forced.where()}"
    assert reported[0][1], f"{name}: {reported[0][2]}; {forced.where()}"


@pytest.mark.xdist_group("contin_forced")
def test_forced_checks_listed(forced):
    assert_checks_exactly(forced, 0, CONTIN_CHECKS)
    assert_checks_exactly(forced, 1, DIE_CHECKS)


@pytest.mark.xdist_group("contin_forced")
def test_forced_run(forced):
    assert verdicts_of(forced) == {0: "SUCCESS", 1: "SUCCESS"}, forced.where()
    assert forced.status == EXIT_ALL_POWERED_OFF, forced.where()
    assert forced.search(rf"^\(XEN\) hypercall_preempt_every={PREEMPT_EVERY}: "), \
        forced.where()


@pytest.mark.xdist_group("contin_forced")
def test_forced_continuations_counted(forced):
    """Both domains' hypercalls were really continued (the teardown count)."""
    counts = continuations_of(forced)
    assert set(counts) == {0, 1}, f"counts {counts}; {forced.where()}"
    # The 100,000-request batch alone is continued well over 100 times.
    assert counts[0] > 1000 and counts[1] > 0, f"counts {counts}; {forced.where()}"


@pytest.mark.xdist_group("contin_forced")
def test_forced_dying_domain_with_partial_tables_freed(forced):
    """Domain 1 powered off from the upcall in the middle of its pin."""
    assert forced.search(r"^\(XEN\) domain 1 shut down: reason poweroff"), forced.where()
    assert not forced.search(r"still referenced after destruction"), forced.where()
    assert_clean_teardown(forced, [0, 1])


@pytest.mark.xdist_group("contin_forced")
def test_forced_console_write_whole(forced):
    """The 100 KiB write is printed whole (it used to stop at 64 KiB)."""
    numbers = [int(m.group(1)) for m in map(CONSOLE_LINE.match, forced.lines) if m]
    assert numbers == list(range(1, CONSOLE_LINES + 1)), \
        f"{len(numbers)} console lines, last {numbers[-1:]}; {forced.where()}"


@pytest.mark.xdist_group("contin_timer")
def test_timer_run(timer):
    assert_checks_exactly(timer, 0, TIMER_CHECKS)
    assert verdicts_of(timer) == {0: "SUCCESS", 1: "SUCCESS"}, timer.where()
    assert timer.status == EXIT_ALL_POWERED_OFF, timer.where()
    assert set(continuations_of(timer)) == {0, 1}, timer.where()
    assert_clean_teardown(timer, [0, 1])
