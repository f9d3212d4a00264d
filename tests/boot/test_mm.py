"""Issue 4, memory management and isolation, from the guests' side.

Each scenario is one boot (module scoped) and each check a guest prints
is one pytest test, so a missing or failing check is named:

- mmtest as domain 0: page tables built, pinned, switched to and back,
  every mmu_update level, linear tables, ballooning, the M2P;
- mmtest as an unprivileged domain beside domain 0;
- isolation: a victim and an attacker (both unprivileged) beside domain 0;
  every attack must fail with Xen's errno or fault, the victim must find
  its memory and page tables intact, and every domain's memory must come
  back when it dies;
- fuzz: 20,000 random mmu_update / mmuext_op / update_va_mapping requests
  (fixed seed), privileged and unprivileged, with the hypervisor's
  frame-table self-check (`mm_audit`) after every domain; of each kind
  some calls but not all must have been accepted.  The unprivileged run
  is repeated with hypercall_preempt_every=2, so random batches and
  validations are continued half-way (and mmtest's checks run that way
  too) with the same results.

Every domain's checks are listed below (a list per guest and role, taken
from the guests' sources and a real boot's log): a check printed twice or
missing from its domain's list fails test_*_no_unlisted_checks.

With several domains QEMU exits with 2*mask+1, mask having bit 1<<reason
for each shutdown reason seen: every domain powered off gives 3."""

import re

import pytest

import minixen_boot as mb
from domain_checks import (CHECK_LINE, VERDICT_LINE, assert_check,
                           assert_clean_teardown, assert_no_unlisted_checks,
                           checking_domains, checks_of, verdicts_of)

EXIT_ALL_POWERED_OFF = (1 << 1) | 1
AUDIT_APPEND = "console=com1 loglvl=all guest_loglvl=warning mm_audit"
# guests/fuzz/main.c fuzz_report(): one line per request kind.
FUZZ_KINDS = ["update_va_mapping", "mmu_update", "mmuext_op"]
FUZZ_STATS_LINE = re.compile(r"^(?:\(d(\d+)\) )?fuzz: (\w+): (\d+) calls, "
                             r"(\d+) requests, (\d+) calls accepted$")


MMTEST_CHECKS = [
    "mmtest.spare_frames",
    "m2p.readable",
    "m2p.p2m_consistent",
    "m2p.spare_frame",
    "m2p.update",
    "m2p.update_visible",
    "m2p.update_restore",
    "m2p.update_restored",
    "m2p.update_hypervisor_frame",
    "m2p.update_past_ram",
    "m2p.write_faults",
    "uvm.map",
    "uvm.map_reads",
    "uvm.invlpg",
    "uvm.tlb_flush",
    "uvm.none_then_invlpg",
    "uvm.invlpg_all",
    "uvm.tlb_flush_all",
    "uvm.invlpg_multi",
    "uvm.unmap",
    "uvm.restore",
    "uvm.kernel_global_accepted",
    "uvm.user_mapping_made_global",
    "pin.l1",
    "unpin.l1",
    "pin.l2",
    "unpin.l2",
    "pin.l3",
    "unpin.l3",
    "pin.l4",
    "unpin.l4",
    "pin.map_writable",
    "pin.writable_frame_l1",
    "pin.writable_frame_l4",
    "pin.after_unmap",
    "pin.l1_again",
    "pin.twice",
    "pin.other_level",
    "pin.map_table_writable",
    "unpin.l1_again",
    "unpin.not_pinned",
    "pin.hypervisor_frame",
    "unpin.hypervisor_frame",
    "pin.past_ram",
    "pin.l1_maps_itself_writable",
    "pin.l1_maps_itself_readonly",
    "pin.l2_bad_entry",
    "pin.failure_unwinds",
    "cache.uc_map",
    "cache.uc_unmap",
    "cache.pin_l1_after_uc",
    "cache.unpin",
    "new_baseptr.hypervisor_frame",
    "new_baseptr.writable_frame",
    "new_baseptr.l1_table",
    "new_baseptr.refusals_keep_cr3",
    "space.build",
    "space.pin_l4",
    "space.pin_types_l1",
    "space.pin_types_l3",
    "space.pin_twice",
    "space.xen_slots_filled",
    "space.switch",
    "space.cr3",
    "space.new_frame_visible",
    "space.m2p_readable",
    "space.m2p_slot_filled",
    "space.unpin_in_use",
    "space.runs_after_unpin",
    "space.switch_back",
    "space.cr3_back",
    "space.boot_frame_visible",
    "space.shared_frames",
    "space.new_frame_written",
    "space.unpin_again",
    "space.unpin_releases_l1",
    "space.repin",
    "mmu.l1_update",
    "mmu.l1_restore",
    "mmu.l1_table_writable",
    "mmu.l1_hypervisor_frame",
    "mmu.l2_update",
    "mmu.l2_types_l1",
    "mmu.l2_clear",
    "mmu.l3_update",
    "mmu.l3_types_l2",
    "mmu.l3_clear",
    "mmu.l4_update",
    "mmu.l4_types_l3",
    "mmu.l4_clear",
    "mmu.l2_writable_frame",
    "mmu.l2_pse",
    "mmu.l2_global",
    "mmu.l3_pse",
    "mmu.l4_pse",
    "mmu.l4_xen_slot_clear",
    "mmu.l4_xen_slot_map",
    "mmu.boot_l4_xen_slot",
    "mmu.linear_l4_writable",
    "mmu.linear_l3_to_l4",
    "mmu.linear_l2_to_l4",
    "mmu.linear_l4_readonly",
    "mmu.linear_l4_reads",
    "mmu.linear_l4_clear",
    "mmu.batch_stops",
    "mmu.batch_partial",
    "mmu.batch_done",
    "mmu.preserve_ad",
    "space.unpin",
    "space.released",
    "balloon.reservations",
    "balloon.decrease",
    "balloon.current_after_decrease",
    "balloon.released_frame_unmappable",
    "balloon.released_frame_unpinnable",
    "balloon.decrease_released_again",
    "balloon.decrease_stops_at_foreign",
    "balloon.current_after_stop",
    "balloon.populate_one",
    "balloon.populate",
    "balloon.populate_sets_m2p",
    "balloon.populate_m2p_update",
    "balloon.increase",
    "balloon.increase_m2p_update",
    "balloon.current_restored",
    "balloon.retaken_frame_maps",
    "balloon.retaken_frame_holds_data",
    "balloon.limit",
    "balloon.at_maximum",
    "balloon.none_beyond",
    "balloon.current_final",
    "balloon.p2m_m2p_consistent",
]

# mmtest as an unprivileged domain (the mmtest_domu boot's d1, also the
# fuzz runs' bystander) prints the same checks; only cache.uc_map expects
# another result (-EINVAL).  Give it a list of its own when the names differ.
MMTEST_DOMU_CHECKS = MMTEST_CHECKS

ATTACKER_CHECKS = [
    "attack.find_victim",
    "attack.map_victim_data_ro",
    "attack.map_victim_data_rw",
    "attack.map_victim_l4_ro",
    "attack.map_hypervisor_frame_ro",
    "attack.map_hypervisor_frame_rw",
    "attack.map_past_ram",
    "attack.map_low_io_frame",
    "attack.map_victim_via_mmu_update",
    "attack.map_own_l4_rw",
    "attack.map_own_l1_rw",
    "attack.map_own_l4_ro_allowed",
    "attack.l1_pat_bit",
    "attack.l1_pcd_bit",
    "attack.pin_writable_frame_l1",
    "attack.pin_writable_frame_l4",
    "attack.l2_entry_to_writable_frame",
    "attack.l1_maps_itself_writable_pin",
    "attack.l1_maps_itself_writable_update",
    "attack.l2_maps_itself_writable",
    "attack.l4_maps_itself_writable",
    "attack.l4_xen_slot_clear",
    "attack.l4_xen_slot_image",
    "attack.l4_xen_slot_map",
    "attack.superpage_l2",
    "attack.superpage_l3",
    "attack.linear_setup",
    "attack.linear_one_level_allowed",
    "attack.linear_two_levels",
    "attack.linear_into_linear",
    "attack.linear_cleanup",
    "attack.batch_setup",
    "attack.batch_error",
    "attack.batch_done",
    "attack.batch_before_applied",
    "attack.batch_after_not_applied",
    "attack.batch_cleanup",
    "attack.write_m2p_faults",
    "attack.m2p_update_victim_frame",
    "attack.victim_pte_clear",
    "attack.victim_pte_map",
    "attack.victim_pin_l1",
    "attack.victim_pin_l4",
    "attack.victim_unpin",
    "attack.victim_new_baseptr",
    "attack.victim_new_user_baseptr",
    "attack.victim_clear_page",
    "attack.victim_copy_page",
    "attack.victim_copy_into",
    "attack.update_va_mapping_otherdomain",
    "attack.mmu_update_foreigndom",
    "attack.mmuext_foreigndom",
    "attack.decrease_victim_reservation",
    "attack.decrease_victim_frame_as_own",
    "attack.populate_victim",
    "attack.survived",
    "attack.signal_done",
]

VICTIM_CHECKS = [
    "victim.m2p_before",
    "victim.yield",
    "victim.attacker_finished",
    "victim.memory_intact",
    "victim.pagetables_intact",
    "victim.cr3_intact",
    "victim.reservation_intact",
    "victim.m2p_intact",
]

FUZZ_CHECKS = [
    "fuzz.alive",
    "fuzz.restore_baseptr",
    "fuzz.cr3_restored",
    "fuzz.restore_user_baseptr",
    "fuzz.windows_restored",
    "fuzz.m2p_restored",
    "fuzz.boot_tables_intact",
]


@pytest.fixture(scope="module")
def mmtest_dom0(module_boot):
    # guest_loglvl=all: the cache flush before the pin is a debug line.
    return module_boot("mmtest_dom0", append="console=com1 loglvl=all guest_loglvl=all",
                       modules=[mb.GUESTS / "mmtest.elf"])


@pytest.fixture(scope="module")
def mmtest_domu(module_boot):
    return module_boot("mmtest_domu", append=AUDIT_APPEND, modules=[
        mb.GUESTS / "mmtest.elf",
        (mb.GUESTS / "mmtest.elf", "domain=mmtest memory=8M")])


@pytest.fixture(scope="module")
def isolation(module_boot):
    return module_boot("isolation", append=AUDIT_APPEND, modules=[
        mb.GUESTS / "mmtest.elf",
        (mb.GUESTS / "victim.elf", "domain=victim memory=8M"),
        (mb.GUESTS / "attacker.elf", "domain=attacker memory=8M")])


@pytest.fixture(scope="module", params=["dom0", "domU", "domU-preempted"])
def fuzz(module_boot, request):
    append = AUDIT_APPEND
    if request.param.endswith("-preempted"):
        append += " hypercall_preempt_every=2"
    if request.param == "dom0":
        modules = [mb.GUESTS / "fuzz.elf",
                   (mb.GUESTS / "mmtest.elf", "domain=bystander memory=8M")]
    else:
        modules = [mb.GUESTS / "mmtest.elf",
                   (mb.GUESTS / "fuzz.elf", "domain=fuzz memory=8M"),
                   (mb.GUESTS / "mmtest.elf", "domain=bystander memory=8M")]
    run = module_boot(f"fuzz_{request.param}", append=append, modules=modules)
    run.fuzz_domid = 0 if request.param == "dom0" else 1
    run.check_lists = ({0: FUZZ_CHECKS, 1: MMTEST_DOMU_CHECKS}
                       if request.param == "dom0" else
                       {0: MMTEST_CHECKS, 1: FUZZ_CHECKS, 2: MMTEST_DOMU_CHECKS})
    return run


@pytest.mark.xdist_group("mmtest_dom0")
@pytest.mark.parametrize("name", MMTEST_CHECKS)
def test_mmtest_check(mmtest_dom0, name):
    assert_check(mmtest_dom0, 0, name)


CACHE_FRAME = r"mmtest: cache: frame (0x[0-9a-f]+) written (\w+), now pinned as an L1$"


@pytest.mark.xdist_group("mmtest_dom0")
def test_uncached_frame_flushed_before_pin(mmtest_dom0):
    """Regression (XSA-402's class): domain 0 may map its RAM uncached, and
    nothing made RAM and the caches agree when such a frame became a page
    table.  mmtest writes a frame through a PCD|PWT mapping, unmaps it and
    pins it as an L1: the hypervisor must flush that frame's cache lines,
    once, and no other frame's."""
    frame = mmtest_dom0.search(CACHE_FRAME)
    assert frame and frame.group(2) == "uncached", mmtest_dom0.where()
    flushed = re.findall(r"^\(XEN\) d0: frame (0x[0-9a-f]+): caches flushed before "
                         r"its use as (.+) \(it had a writable non-WB mapping\)$",
                         mmtest_dom0.log, re.M)
    assert flushed == [(frame.group(1), "an L1")], \
        f"flushes logged: {flushed}; {mmtest_dom0.where()}"


@pytest.mark.xdist_group("mmtest_domu")
def test_unprivileged_frame_not_flushed(mmtest_domu):
    """An unprivileged domain cannot map with cache attributes, so nothing
    of its is ever flushed."""
    frame = re.search(r"^\(d1\) " + CACHE_FRAME, mmtest_domu.log, re.M)
    assert frame and frame.group(2) == "cached", mmtest_domu.where()
    assert not mmtest_domu.search(r"caches flushed before"), mmtest_domu.where()


@pytest.mark.xdist_group("mmtest_dom0")
def test_mmtest_verdict(mmtest_dom0):
    assert verdicts_of(mmtest_dom0) == {0: "SUCCESS"}, mmtest_dom0.where()
    assert mmtest_dom0.status == mb.EXIT_POWEROFF, mmtest_dom0.where()
    assert all(ok for _, ok, _ in checks_of(mmtest_dom0, 0)), mmtest_dom0.where()


@pytest.mark.xdist_group("mmtest_dom0")
def test_mmtest_dom0_no_unlisted_checks(mmtest_dom0):
    assert_no_unlisted_checks(mmtest_dom0, {0: MMTEST_CHECKS})


@pytest.mark.xdist_group("mmtest_domu")
@pytest.mark.parametrize("name", MMTEST_DOMU_CHECKS)
def test_mmtest_domu_check(mmtest_domu, name):
    assert_check(mmtest_domu, 1, name)


@pytest.mark.xdist_group("mmtest_domu")
def test_mmtest_as_unprivileged_domain(mmtest_domu):
    assert verdicts_of(mmtest_domu) == {0: "SUCCESS", 1: "SUCCESS"}, mmtest_domu.where()
    assert all(ok for _, ok, _ in checks_of(mmtest_domu, 1)), mmtest_domu.where()
    assert mmtest_domu.status == EXIT_ALL_POWERED_OFF, mmtest_domu.where()
    assert_clean_teardown(mmtest_domu)


@pytest.mark.xdist_group("mmtest_domu")
def test_mmtest_domu_no_unlisted_checks(mmtest_domu):
    assert_no_unlisted_checks(mmtest_domu, {0: MMTEST_CHECKS, 1: MMTEST_DOMU_CHECKS})


@pytest.mark.xdist_group("isolation")
@pytest.mark.parametrize("name", ATTACKER_CHECKS)
def test_attack_fails(isolation, name):
    assert_check(isolation, 2, name)


@pytest.mark.xdist_group("isolation")
@pytest.mark.parametrize("name", VICTIM_CHECKS)
def test_victim_intact(isolation, name):
    assert_check(isolation, 1, name)


@pytest.mark.xdist_group("isolation")
def test_isolation_no_unlisted_checks(isolation):
    assert_no_unlisted_checks(isolation, {0: MMTEST_CHECKS, 1: VICTIM_CHECKS,
                                          2: ATTACKER_CHECKS})


@pytest.mark.xdist_group("isolation")
def test_isolation_run(isolation):
    assert verdicts_of(isolation) == {0: "SUCCESS", 1: "SUCCESS", 2: "SUCCESS"}, \
        isolation.where()
    assert isolation.status == EXIT_ALL_POWERED_OFF, isolation.where()
    assert not isolation.search(r"not ok"), isolation.where()
    assert_clean_teardown(isolation)


@pytest.mark.xdist_group("fuzz")
@pytest.mark.parametrize("name", FUZZ_CHECKS)
def test_fuzz_guest_survives(fuzz, name):
    assert_check(fuzz, fuzz.fuzz_domid, name)


@pytest.mark.xdist_group("fuzz")
def test_fuzz_frame_table_holds(fuzz):
    assert fuzz.search(r"fuzz: done 20000 requests"), fuzz.where()
    audits = [l for l in fuzz.lines if "frame table check:" in l]
    assert len(audits) >= 3 and all(l.endswith("OK") for l in audits), fuzz.where()
    assert fuzz.status == EXIT_ALL_POWERED_OFF, fuzz.where()
    assert_clean_teardown(fuzz)


@pytest.mark.xdist_group("fuzz")
def test_fuzz_no_unlisted_checks(fuzz):
    assert_no_unlisted_checks(fuzz, fuzz.check_lists)


@pytest.mark.xdist_group("fuzz")
@pytest.mark.parametrize("kind", FUZZ_KINDS)
def test_fuzz_some_calls_accepted_some_refused(fuzz, kind):
    """A fuzzer whose every call is refused (or accepted) only exercised
    the argument checks (or nothing hostile): both outcomes must occur."""
    stats = [m for m in map(FUZZ_STATS_LINE.match, fuzz.lines)
             if m and int(m.group(1) or 0) == fuzz.fuzz_domid
             and m.group(2) == kind]
    assert len(stats) == 1, f"{len(stats)} statistics lines for {kind}; {fuzz.where()}"
    calls, requests, accepted = (int(g) for g in stats[0].group(3, 4, 5))
    assert 0 < calls <= requests, f"{stats[0].group(0)}; {fuzz.where()}"
    assert 0 < accepted < calls, f"{stats[0].group(0)}; {fuzz.where()}"
