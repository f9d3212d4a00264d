"""/dev/xen/evtchn, from a dom0 program (tests/dom0/evtchn_dev.c).

One boot: dom0 beside guests/evtest as a boot-module domain in its pong
role (peer=0 rounds=1): it offers dom0 a channel, answers one
notification and shuts down.  evtchn_dev checks loopback channels in
dom0 (one file and two), masking until a port is written back, read()
and poll(), reset, Linux's errors (ENOTCONN, EINVAL, ENOSYS, EFAULT,
EACCES after IOCTL_EVTCHN_RESTRICT_DOMID), then the channel to the domU
and VIRQ_DOM_EXC when it shuts down; closing the file frees the VIRQ
for the next file.
"""

import pytest

import minixen_boot as mb

pytestmark = pytest.mark.xdist_group("dom0-evtchn")

DOM0_BOOT = {"domains": [(mb.GUESTS / "evtest.elf",
                          "domain=pong memory=8M role=pong peer=0 rounds=1")]}


def test_evtchn_device(dom0_shell):
    out = dom0_shell.run("/opt/tests/evtchn_dev 1")
    failed = [line for line in out.lines if line.startswith("not ok")]
    assert not failed and "evtchn_dev: PASS" in out.lines and out.status == 0, out

