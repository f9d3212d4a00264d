"""The guests' PV console ring driver (guests/lib/xencons.c), checked by
guests/xencons_test against a backend it plays itself: its own page and
a loopback event channel stand in for the builder's console page and
xenconsoled (see the guest's comment).  One boot: the demo guest as
domain 0, xencons_test as domain 1.

XENCONS_CHECKS lists every check the guest prints;
test_xencons_no_unlisted_checks fails until list and guest agree."""

import pytest

import minixen_boot as mb

pytestmark = pytest.mark.xdist_group("xencons")

DOMU_PREFIX = "(d1) "

XENCONS_CHECKS = [
    "xencons.setup",
    "xencons.refuses_other_frames",
    "xencons.alloc_loopback",
    "xencons.bind_backend",
    "xencons.init",
    "xencons.port",
    "xencons.write_in_order",
    "xencons.write_notifies",
    "xencons.printk_wraps_index",
    "xencons.read_in_order",
    "xencons.read_notifies",
    "xencons.read_bounded_by_ring",
    "xencons.empty_read_is_quiet",
    "xencons.wait_drained",
]


@pytest.fixture(scope="module")
def run(module_boot):
    return module_boot("boot", modules=[
        mb.GUESTS / "demo.elf",
        (mb.GUESTS / "xencons_test.elf", "domain=xencons memory=4M")])


def domu_lines(run):
    return [l[len(DOMU_PREFIX):] for l in run.lines if l.startswith(DOMU_PREFIX)]


@pytest.mark.parametrize("name", XENCONS_CHECKS)
def test_xencons_check(run, name):
    found = [c for c in mb.parse_checks(domu_lines(run)) if c.name == name]
    assert found, f"d1 never reported {name}; {run.where()}"
    assert len(found) == 1, f"{name} reported {len(found)} times; {run.where()}"
    assert found[0].passed, f"{name}: {found[0].detail}; {run.where()}"


def test_xencons_no_unlisted_checks(run):
    names = {c.name for c in mb.parse_checks(domu_lines(run))}
    assert names <= set(XENCONS_CHECKS), names - set(XENCONS_CHECKS)


def test_xencons_verdict(run):
    assert "Test result: SUCCESS" in domu_lines(run), run.where()
