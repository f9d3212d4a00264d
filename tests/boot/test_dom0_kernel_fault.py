"""A kernel fault in dom0: `echo c > /proc/sysrq-trigger` makes the
kernel fault on purpose.  The report names the fault and the functions
on the way (symbolised backtrace), and only dom0 is crashed (a lone
dom0, so the run ends with the crash's exit status).
"""

import re

import pytest

import minixen_boot as mb

pytestmark = pytest.mark.xdist_group("dom0-kernel-fault")


def test_a_kernel_fault_is_reported_and_crashes_dom0_alone(dom0_shell):
    result = dom0_shell.exit("echo c > /proc/sysrq-trigger")
    assert result.status == mb.EXIT_CRASH, result.log[-2000:]
    assert re.search(r"dom0: kernel page fault .* at 0xffffffff8[0-9a-f]+, address 0, process \d+ \(sh\)", result.log)
    backtrace = re.findall(r"dom0:   \[<[0-9a-f]+>\] (\w+)\+0x", result.log)
    assert backtrace[:2] == ["sysrq_crash", "sysrq_write"], backtrace
    assert "syscall_dispatch" in backtrace and "panic" not in backtrace, backtrace
    assert "(XEN) domain 0 shut down: reason crash" in result.log
