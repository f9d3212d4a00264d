"""The notrap guest faults without having registered a trap table.  The
hypervisor must crash domain 0 alone, say so and why, and power off with
the crash status: not triple-fault (QEMU exit 0) and not panic."""

import pytest

import minixen_boot as mb

pytestmark = pytest.mark.xdist_group("notrap")

CRASH_LINE = r"^\(XEN\) domain 0 crashed: (.+)$"
HWDOM_CRASH = r"^\(XEN\) .*[Dd]om0 shutdown: reason crash\b"


@pytest.fixture(scope="module")
def notrap(module_boot):
    return module_boot("boot", modules=[mb.GUESTS / "notrap.elf"])


def test_notrap_exit_status_is_crash(notrap):
    assert notrap.status != mb.EXIT_RESET, \
        f"triple fault instead of crashing the domain; {notrap.where()}"
    assert notrap.status != mb.EXIT_PANIC, \
        f"hypervisor panicked on a guest fault; {notrap.where()}"
    assert notrap.status == mb.EXIT_CRASH, notrap.where()


def test_notrap_crash_logged_with_reason(notrap):
    m = notrap.search(CRASH_LINE)
    assert m, f"no 'domain 0 crashed: <why>' line; {notrap.where()}"
    assert len(m.group(1).strip()) > 3, f"crash reason empty: {m.group(0)!r}"


def test_notrap_shutdown_reason_crash(notrap):
    assert notrap.search(HWDOM_CRASH), notrap.where()


def test_notrap_guest_ran_before_fault(notrap):
    """The crash came from the guest running, not from building it."""
    assert not notrap.search(r"domain 0 kernel refused"), notrap.where()
    assert notrap.search(r"^\(XEN\) domain 0 \(Domain-0\): .* kernel, .*entry"), \
        notrap.where()
