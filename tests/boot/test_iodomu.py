"""Port I/O rights of an unprivileged domain (guests/iodomu).

One boot: the demo guest as domain 0 and iodomu as domain 1.  iodomu sets
its virtual IOPL to 3 and then to 0 with a bitmap, and checks that its
in/out instructions fault exactly as the IOPL and bitmap say, but that
none of those that pass reaches a port: reads give all ones, writes are
dropped (Xen 4.17's admin_io_okay).  One of its writes goes to QEMU's
debug-exit port; had it got through, QEMU would have exited at once with
status 2 * 7 + 1 = 15 instead of powering off after both domains.

IODOMU_CHECKS lists every check iodomu prints (from guests/iodomu/main.c);
test_iodomu_no_unlisted_checks fails until list and guest agree."""

import pytest

import minixen_boot as mb

pytestmark = pytest.mark.xdist_group("iodomu")

IODOMU_DOMID = 1
DOMU_PREFIX = f"(d{IODOMU_DOMID}) "
EXIT_ALL_POWERED_OFF = mb.debug_exit_status(1 << 0)

IODOMU_CHECKS = [
    "iodomu.unprivileged",
    "iodomu.set_iopl_3",
    "iodomu.byte_not_reached",
    "iodomu.word_reads_ones",
    "iodomu.dword_reads_ones",
    "iodomu.debug_exit_write_dropped",
    "iodomu.cli_sti_pass",
    "iodomu.set_iopl_0",
    "iodomu.iopl_0_refused",
    "iodomu.set_iobitmap",
    "iodomu.bitmap_in_not_reached",
    "iodomu.bitmap_neighbour_refused",
    "iodomu.compat_set_iopl_3",
    "iodomu.compat_iopl_3_passes",
]


@pytest.fixture(scope="module")
def run(module_boot):
    return module_boot("boot", modules=[
        mb.GUESTS / "demo.elf",
        (mb.GUESTS / "iodomu.elf", "domain=iodomu memory=8M")])


def domu_lines(run):
    return [l[len(DOMU_PREFIX):] for l in run.lines if l.startswith(DOMU_PREFIX)]


@pytest.mark.parametrize("name", IODOMU_CHECKS)
def test_iodomu_check(run, name):
    found = [c for c in mb.parse_checks(domu_lines(run)) if c.name == name]
    assert found, f"d{IODOMU_DOMID} never reported {name}; {run.where()}"
    assert len(found) == 1, f"{name} reported {len(found)} times; {run.where()}"
    assert found[0].passed, f"{name}: {found[0].detail}; {run.where()}"


def test_iodomu_no_unlisted_checks(run):
    names = [c.name for c in mb.parse_checks(domu_lines(run))]
    unlisted = [n for n in names if n not in IODOMU_CHECKS]
    assert not unlisted, f"checks missing from IODOMU_CHECKS (add them): {unlisted}"


def test_iodomu_verdict_and_exit(run):
    assert mb.parse_verdicts(domu_lines(run)) == [("SUCCESS", "")], run.where()
    # 15 would mean the debug-exit write reached QEMU.
    assert run.status == EXIT_ALL_POWERED_OFF, run.where()
    assert not run.search(r"^\(XEN\) .*(FATAL TRAP|Panic)"), run.where()
