"""Long hypercalls through privcmd.

One boot of the control domain with `hypercall_preempt_every=1`, so the
hypervisor splits every long hypercall into continuations
(docs/command-line.md), beside a small domU (with another domain, the
hypervisor destroys dom0 when it powers off and logs its continuation
count).  /opt/tests/privcmd_long makes mmuext_op batches of 4,096 TLB
flushes through privcmd until CTRL-c: each batch must complete (the
hypervisor's done count is the whole batch, across its continuations),
the SIGINT typed meanwhile must reach the program, and dom0's count of
continuations must be positive.
"""

import re
import time

import pytest

import minixen_boot as mb
from dom0_shell import CTRL_C, ENTER

pytestmark = pytest.mark.xdist_group("dom0-continuations")

DOM0_BOOT = {"append": "console=com1 loglvl=all hypercall_preempt_every=1",
             "domains": [(mb.GUESTS / "console_echo.elf", "domain=other memory=8M")]}
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



def test_the_batches_were_continued(dom0_shell):
    """The hypervisor counts each domain's continuations and logs the
    count when the domain goes (debug level): dom0's must be positive, or
    the test above proved nothing."""
    result = dom0_shell.exit()
    count = re.search(r"\(XEN\) domain 0: (\d+) hypercall continuations", result.log)
    assert count and int(count.group(1)) > 0, result.log[-2000:]
