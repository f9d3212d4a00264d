"""privcmd's foreign mappings, from a dom0 program (tests/dom0/privcmd_map.c).

One boot: dom0 beside guests/evtest as a boot-module domain in its pong
role, which offers a channel to dom0 and then blocks, staying alive for
the whole run.  privcmd_map maps the domU's shared_info frame (and
dom0's own, which the domU does not own) with IOCTL_PRIVCMD_MMAPBATCH_V2,
_MMAPBATCH and _MMAP, and checks Linux's rules: per-frame errors (Xen's
-EBUSY for a frame the target does not own), SIGBUS on a page nothing
was mapped at, refills of holes only, EINVAL outside or across a
window, EFAULT for bad pointers, no window in a fork child, SIGSEGV after
munmap, mprotect/mremap/madvise refused.  Then children that map a
thousand pages and end by exit or exec without unmapping them leave
dom0's free memory as it was.  Last, the domU is made to shut down
while dom0 maps its shared_info frame: the mapping reads the same until
dom0 unmaps it.
"""

import re

import pytest

import minixen_boot as mb

pytestmark = pytest.mark.xdist_group("dom0-privcmd-map")

DOM0_BOOT = {"domains": [(mb.GUESTS / "evtest.elf",
                          "domain=pong memory=8M role=pong peer=0 rounds=1")]}


def test_privcmd_maps_another_domains_frames(dom0_shell):
    out = dom0_shell.run("/opt/tests/privcmd_map 1")
    failed = [line for line in out.lines if line.startswith("not ok")]
    assert not failed and "privcmd_map: PASS" in out.lines and out.status == 0, out


def test_dom0_still_works_after_the_mappings_are_gone(dom0_shell):
    dom0_shell.run("/opt/tests/privcmd_map 1")
    assert dom0_shell.ok("echo still here") == "still here"


def test_exit_and_exec_give_the_mappings_back(dom0_shell):
    # The first run of cycles grows the kernel heap once (its free lists
    # reach their working size); the second must give back all it takes.
    dom0_shell.run("/opt/tests/privcmd_map 1 cycles 20")
    out = dom0_shell.run("/opt/tests/privcmd_map 1 cycles 100")
    assert "privcmd_map: PASS" in out.lines and out.status == 0, out
    m = re.search(r"MemFree (\d+) kB before, (\d+) kB after", out.text)
    assert m and m.group(1) == m.group(2), out


def test_a_dead_domains_frame_stays_mapped_until_munmap(dom0_shell):
    out = dom0_shell.run("/opt/tests/privcmd_map 1 dying")
    assert "privcmd_map: PASS" in out.lines and out.status == 0, out
    assert dom0_shell.ok("echo still here") == "still here"
