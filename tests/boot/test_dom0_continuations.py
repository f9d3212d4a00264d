"""Long hypercalls through privcmd, and a kernel fault in dom0.

One boot of the control domain with `hypercall_preempt_every=1`, so the
hypervisor splits every long hypercall into continuations
(docs/command-line.md).  /opt/tests/privcmd_long makes mmuext_op
batches of 4,096 TLB flushes through privcmd until CTRL-c: each batch
must complete (the hypervisor's done count is the whole batch, across
its continuations), and the SIGINT typed meanwhile must reach the
program.  Then `echo c > /proc/sysrq-trigger` makes the kernel fault on
purpose: the report names the fault and the functions on the way
(symbolised backtrace), and only dom0 is crashed.
"""

import re
import time

import pytest

import minixen_boot as mb
from dom0_shell import CTRL_C, ENTER

pytestmark = pytest.mark.xdist_group("dom0-continuations")

DOM0_BOOT = {"append": "console=com1 loglvl=all hypercall_preempt_every=1"}
RUN_SECONDS = 1.0


def test_long_hypercalls_complete_and_a_signal_is_not_lost(dom0_shell):
    dom0_shell.send("/opt/tests/privcmd_long" + ENTER)
    dom0_shell.expect(r"privcmd_long: running", what="privcmd_long's start")
    time.sleep(RUN_SECONDS)
    dom0_shell.send(CTRL_C)
    out = dom0_shell.until_prompt("privcmd_long (CTRL-c)", timeout=30)
    calls = re.search(r"privcmd_long: (\d+) calls, all complete", out)
    assert calls and int(calls.group(1)) > 0, out
    assert "privcmd_long: SIGINT received" in out, out
    assert dom0_shell.status() == 0


def test_a_kernel_fault_is_reported_and_crashes_dom0_alone(dom0_shell):
    result = dom0_shell.exit("echo c > /proc/sysrq-trigger")
    assert result.status == mb.EXIT_CRASH, result.log[-2000:]
    assert re.search(r"dom0: kernel page fault .* at 0xffffffff8[0-9a-f]+, address 0, process \d+ \(sh\)", result.log)
    backtrace = re.findall(r"dom0:   \[<[0-9a-f]+>\] (\w+)\+0x", result.log)
    assert backtrace[:2] == ["sysrq_crash", "sysrq_write"], backtrace
    assert "syscall_dispatch" in backtrace and "panic" not in backtrace, backtrace
    assert "(XEN) domain 0 shut down: reason crash" in result.log
