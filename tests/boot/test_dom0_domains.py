"""The control domain beside another domain: what xl sees of it.

One boot: dom0 and guests/console_echo as a boot-module domain named
"web" (which soon shuts itself down; the hypervisor keeps its record,
so it stays listed, shut down and dying).  `xl list` names both, from
minixen's domain-name sysctl, with Xen's columns;
`xl dmesg` holds the domU's "(d1)" lines but not dom0's own terminal
(dom0's console output reaches the log ring only with console_to_ring,
as on Xen).
"""

import re

import pytest

import minixen_boot as mb

pytestmark = pytest.mark.xdist_group("dom0-domains")

DOM0_BOOT = {"domains": [(mb.GUESTS / "console_echo.elf", "domain=web memory=8M")]}
ROW = re.compile(r"(\S+) +(\d+) +(\d+) +(\d+) +([-rbpscwSd]{6}) +(\d+\.\d)")


def test_xl_list_names_every_domain(dom0_shell):
    out = dom0_shell.run("xl list")
    assert out.status == 0 and len(out.lines) == 3, out
    rows = [ROW.fullmatch(line) for line in out.lines[1:]]
    assert all(rows), out
    assert [r.group(1, 2) for r in rows] == [("Domain-0", "0"), ("web", "1")], out
    assert rows[0].group(5) == "r-----", out


def test_xl_dmesg_has_the_domus_lines_but_not_dom0s_terminal(dom0_shell):
    dom0_shell.ok("echo only-on-the-terminal")
    out = dom0_shell.run("xl dmesg")
    assert out.status == 0, out
    assert re.search(r"^\(d1\) ", out.text, re.M), out
    assert "only-on-the-terminal" not in out.text, out
