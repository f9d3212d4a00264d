"""A domU created by `xl create` that talks to xenstore over its own ring
(guests/xsguest): the first XS_INTRODUCE that xenstored serves for real,
mapping the ring with privcmd and binding its channel with
/dev/xen/evtchn.  The guest reads, writes and watches its own nodes, is
refused domain 0's and another domU's, and prints its check lines and
verdict on its PV console, which xenconsoled logs.

Needs the whole toolstack; skipped, saying so, while xl lacks its domain
commands.
"""

import re
import time

import pytest

pytestmark = pytest.mark.xdist_group("dom0-xl-xsguest")

# Seconds a guest gets to finish its checks and be cleaned up.
SETTLE_S = 30
CONSOLE_LOG = "/var/log/xen/console/guest-{}.log"


@pytest.fixture(scope="module")
def shell(dom0_shell):
    commands = dom0_shell.run("xl help")
    if not re.search(r"^ create\s", commands.text, re.M):
        pytest.skip("xl was built without its domain commands "
                    "(libxenctrl, xenguest and libxenstore not in tools/lib)")
    return dom0_shell


def rows(shell):
    """xl list's rows as {name: (id, state)}."""
    out = shell.run("xl list")
    assert out.status == 0, out
    table = {}
    for line in out.lines[1:]:
        fields = line.split()
        table[fields[0]] = (int(fields[1]), fields[4])
    return table


def wait_for(what, check, limit=SETTLE_S):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    pytest.fail(f"after {limit} s: {what}")


def verdict(shell, name):
    """The guest's console log once its verdict line is there."""
    log = CONSOLE_LOG.format(name)
    wait_for("a verdict in " + log,
             lambda: shell.run(f"grep -q '^Test result:' {log}").status == 0)
    return shell.ok(f"cat {log}")


def assert_passed(text, checks):
    assert "Test result: SUCCESS" in text, text
    assert "not ok" not in text, text
    for check in checks:
        assert f"ok - {check}" in text, (check, text)


OWN_CHECKS = ["xsguest.write_own", "xsguest.read_own", "xsguest.read_missing",
              "xsguest.watch", "xsguest.watch_initial", "xsguest.watch_fires",
              "xsguest.read_other", "xsguest.write_other"]


def test_own_nodes_and_watch_work_dom0s_are_refused(shell):
    # Paused until its id is known: it runs its checks in a moment.
    shell.ok("xl create -q -p /opt/guests/xsguest.cfg")
    domid = rows(shell)["xsguest"][0]
    shell.ok("xl unpause xsguest")
    assert_passed(verdict(shell, "xsguest"), OWN_CHECKS)
    # What it wrote is in its own tree, written through its ring.
    wait_for("xsguest powered off and destroyed",
             lambda: "xsguest" not in rows(shell))
    out = shell.run(f"xenstore-read /local/domain/{domid}/data/greeting")
    assert out.status != 0, out


def test_another_domus_nodes_are_refused(shell):
    shell.ok("xl create -q -p /opt/guests/heartbeat.cfg")
    peer = rows(shell)["heartbeat"][0]
    shell.ok(f"xl create -q /opt/guests/xsguest.cfg name=\\\"xspeer\\\" "
             f"extra=\\\"peer={peer}\\\"")
    text = verdict(shell, "xspeer")
    assert_passed(text, OWN_CHECKS)
    assert text.count("ok - xsguest.read_other") == 2, text
    assert text.count("ok - xsguest.write_other") == 2, text
    out = shell.run(f"xenstore-read /local/domain/{peer}/evil")
    assert out.status != 0, out
    shell.ok("xl destroy heartbeat")
    wait_for("both gone", lambda: not {"xspeer", "heartbeat"} & set(rows(shell)))
