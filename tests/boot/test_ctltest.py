"""The toolstack hypercalls sysctl (35) and domctl (36) (guests/ctltest).

One boot: ctltest as domain 0 and again as an unprivileged domain 1.
Domain 1 checks that every sysctl and domctl it makes is refused with
-EPERM, even with a wrong interface version or a bad pointer, prints its
verdict and blocks.  Domain 0 reads the hypervisor's log ring with
readconsole (a line it printed, incremental reads that return only new
text, count limits, a stale cursor, clear), checks physinfo, the gate's
errors (-EACCES, -EFAULT, -ENOSYS), domctl getdomaininfo and sysctl
getdomaininfolist for both domains (domain 1 blocked, itself running),
then shuts domain 1 down and finds it listed as shut down (poweroff)
and dying.

DOM0_CHECKS and DOMU_CHECKS list every check each domain prints;
test_ctltest_no_unlisted_checks fails until the lists and the guest agree."""

import re

import pytest

import minixen_boot as mb

pytestmark = pytest.mark.xdist_group("ctltest")

DOMU_ID = 1
DOMU_PREFIX = f"(d{DOMU_ID}) "
MEMORY_MB = 256
MEMORY = f"{MEMORY_MB}M"
PAGE_SIZE = 4096
EXIT_ALL_POWERED_OFF = mb.debug_exit_status(1 << 0)

DOM0_CHECKS = [
    "dom0.privileged",
    "dom0.readconsole_finds_line",
    "dom0.readconsole_incremental_new_only",
    "dom0.readconsole_cursor_advances",
    "dom0.readconsole_continues",
    "dom0.readconsole_count_limits",
    "dom0.readconsole_short_reads_continue",
    "dom0.readconsole_stale_index_restarts",
    "dom0.readconsole_clear_reads",
    "dom0.readconsole_cleared",
    "dom0.readconsole_bad_buffer",
    "dom0.readconsole_count_zero",
    "dom0.physinfo",
    "dom0.physinfo_one_cpu",
    "dom0.physinfo_cpu_khz",
    "dom0.physinfo_pv_only",
    "dom0.physinfo_pages",
    "dom0.physinfo_hw_cap",
    "dom0.sysctl_unknown_cmd",
    "dom0.sysctl_wrong_version",
    "dom0.sysctl_bad_pointer",
    "dom0.domctl_unknown_cmd",
    "dom0.domctl_wrong_version",
    "dom0.domctl_bad_pointer",
    "dom0.domu_blocks",
    "dom0.getdomaininfo_dom0",
    "dom0.getdomaininfo_dom0_running",
    "dom0.getdomaininfo_pages",
    "dom0.getdomaininfo_shared_info_frame",
    "dom0.getdomaininfo_vcpus",
    "dom0.getdomaininfo_misc",
    "dom0.getdomaininfo_domu",
    "dom0.getdomaininfo_domu_blocked",
    "dom0.getdomaininfo_sets_domain",
    "dom0.getdomaininfo_past_last",
    "dom0.getdomaininfo_reserved_id",
    "dom0.list_all",
    "dom0.list_dom0_running",
    "dom0.list_domu_blocked",
    "dom0.list_from_domu",
    "dom0.list_past_last",
    "dom0.list_max_one",
    "dom0.list_max_zero",
    "dom0.list_huge_max",
    "dom0.list_bad_buffer",
    "dom0.domu_shutdown",
    "dom0.getdomaininfo_domu_shut_down",
    "dom0.list_domu_shut_down",
]

DOMU_CHECKS = [
    "domu.unprivileged",
    "domu.sysctl_physinfo",
    "domu.sysctl_nothing_written",
    "domu.sysctl_readconsole",
    "domu.sysctl_getdomaininfolist",
    "domu.sysctl_wrong_version",
    "domu.sysctl_unknown_cmd",
    "domu.sysctl_bad_pointer",
    "domu.sysctl_null",
    "domu.domctl_getdomaininfo_self",
    "domu.domctl_nothing_written",
    "domu.domctl_getdomaininfo_dom0",
    "domu.domctl_pausedomain",
    "domu.domctl_wrong_version",
    "domu.domctl_bad_pointer",
]


@pytest.fixture(scope="module")
def run(module_boot):
    # dom0's readconsole checks read back a line dom0 itself printed, which
    # reaches the log ring only with console_to_ring (as on Xen).
    return module_boot("boot", memory=MEMORY, append="console=com1 loglvl=all console_to_ring",
                       modules=[
        mb.GUESTS / "ctltest.elf",
        (mb.GUESTS / "ctltest.elf", "domain=ctldomu memory=8M")])


def dom0_lines(run):
    return [l for l in run.lines if not l.startswith("(")]


def domu_lines(run):
    return [l[len(DOMU_PREFIX):] for l in run.lines if l.startswith(DOMU_PREFIX)]


def checks_of(lines, names, name):
    found = [c for c in mb.parse_checks(lines) if c.name == name]
    assert found, f"never reported {name}"
    assert len(found) == 1, f"{name} reported {len(found)} times"
    return found[0]


@pytest.mark.parametrize("name", DOM0_CHECKS)
def test_ctltest_dom0_check(run, name):
    check = checks_of(dom0_lines(run), DOM0_CHECKS, name)
    assert check.passed, f"{name}: {check.detail}; {run.where()}"


@pytest.mark.parametrize("name", DOMU_CHECKS)
def test_ctltest_domu_check(run, name):
    check = checks_of(domu_lines(run), DOMU_CHECKS, name)
    assert check.passed, f"{name}: {check.detail}; {run.where()}"


def test_ctltest_no_unlisted_checks(run):
    unlisted = [c.name for c in mb.parse_checks(dom0_lines(run)) if c.name not in DOM0_CHECKS]
    unlisted += [c.name for c in mb.parse_checks(domu_lines(run)) if c.name not in DOMU_CHECKS]
    assert not unlisted, f"checks missing from the lists (add them): {unlisted}"


def test_ctltest_physinfo_matches_machine(run):
    """total_pages is the RAM QEMU was given (less the firmware's holes)."""
    m = run.search(r"^ctltest: physinfo total_pages=(\d+) free_pages=(\d+) "
                   r"max_mfn=(\d+) cpu_khz=(\d+)$")
    assert m, run.where()
    total, free, max_mfn = (int(m.group(i)) for i in (1, 2, 3))
    machine_pages = MEMORY_MB * 1024 * 1024 // PAGE_SIZE
    assert machine_pages * 0.97 <= total <= machine_pages, (total, machine_pages)
    assert max_mfn < machine_pages, max_mfn
    # Two small domains and the hypervisor use far less than half of it.
    assert machine_pages // 2 < free < total, (free, total)


def test_ctltest_verdicts_and_exit(run):
    assert mb.parse_verdicts(dom0_lines(run)) == [("SUCCESS", "")], run.where()
    assert mb.parse_verdicts(domu_lines(run)) == [("SUCCESS", "")], run.where()
    assert run.status == EXIT_ALL_POWERED_OFF, run.where()
    assert not run.search(r"^\(XEN\) .*(FATAL TRAP|Panic)"), run.where()
