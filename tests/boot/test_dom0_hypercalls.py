"""Domain 0's user space reaches the hypervisor through privcmd.

One boot of the control domain; each test types at its shell
(dom0_shell.py): hypercall_test's print_string and `xl dmesg [-c]`
(the classic flow), the errors privcmd passes back (privcmd_test,
sysctl_test), a long run of hypercalls that leaves dom0's free memory as
it was, and the Xen files in /proc and /dev.  An unprivileged domain's
refused domctl and sysctl are test_ctltest.py's.
"""

import re

import pytest

pytestmark = pytest.mark.xdist_group("dom0-hypercalls")

MESSAGE = "hello!"
LOOP_CALLS = 100_000


def test_hypercall_test_prints_fd_and_ret(dom0_shell):
    out = dom0_shell.run(f"hypercall_test {MESSAGE}")
    assert out.status == 0, out
    assert len(out.lines) == 2, out
    fd = re.fullmatch(r"fd = (\d+)", out.lines[0])
    assert fd and int(fd.group(1)) >= 3, out
    assert out.lines[1] == "ret = 1", out


def test_xl_dmesg_shows_the_message(dom0_shell):
    dom0_shell.ok("xl dmesg > /tmp/dmesg")
    out = dom0_shell.run(f"grep -c 'the message is: {MESSAGE}$' /tmp/dmesg")
    assert out.status == 0 and out.text == "1", out


def test_xl_dmesg_c_clears_the_ring(dom0_shell):
    dom0_shell.ok("xl dmesg -c > /tmp/dmesg")
    assert dom0_shell.run(f"grep -c 'the message is: {MESSAGE}$' /tmp/dmesg").text == "1"
    dom0_shell.ok("xl dmesg > /tmp/dmesg")
    out = dom0_shell.run("grep -c 'the message is:' /tmp/dmesg")
    assert out.text == "0" and out.status == 1, out


def test_hypercall_test_without_message_is_usage(dom0_shell):
    out = dom0_shell.run("hypercall_test")
    assert out.text == "usage: hypercall_test MESSAGE" and out.status == 1, out


def test_privcmd_errors_and_loop(dom0_shell):
    """ENOSYS, EFAULT, ENOTTY, then 100,000 calls with no memory left
    behind.  A short run first, so anything the first run of a program
    allocates for good (nothing should) is already counted."""
    dom0_shell.ok("/opt/tests/privcmd_test 10")
    before = dom0_shell.mem_free_kb()
    out = dom0_shell.run(f"/opt/tests/privcmd_test {LOOP_CALLS}")
    after = dom0_shell.mem_free_kb()
    assert out.lines == [
        "ok - unknown hypercall",
        "ok - print_string bad pointer",
        "ok - unknown ioctl",
        "ok - xen_version loop",
        f"privcmd_test: {LOOP_CALLS} calls",
        "privcmd_test: PASS",
    ], out
    assert out.status == 0, out
    assert after == before, f"MemFree {before} kB before, {after} kB after"


def test_sysctl_errors(dom0_shell):
    out = dom0_shell.run("/opt/tests/sysctl_test")
    assert out.lines == [
        "ok - wrong interface version",
        "ok - readconsole bad buffer",
        "ok - physinfo",
        "sysctl_test: PASS",
    ], out
    assert out.status == 0, out


def test_proc_xen_capabilities_is_control_d(dom0_shell):
    out = dom0_shell.run("cat /proc/xen/capabilities")
    assert out.text == "control_d" and out.status == 0, out


def test_dev_xen_privcmd_is_a_character_device(dom0_shell):
    out = dom0_shell.run("test -c /dev/xen/privcmd && test -c /dev/xen/evtchn && ls /dev/xen")
    assert out.status == 0 and out.text.split() == ["evtchn", "privcmd"], out


def test_no_unimplemented_system_calls(dom0_shell):
    unimplemented = [(c, l) for c, l in dom0_shell.kernel_lines
                     if "unimplemented system call" in l]
    assert not unimplemented, unimplemented
