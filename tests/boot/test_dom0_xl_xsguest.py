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

import pytest

import xl_domains
from xl_domains import rows, shell  # noqa: F401 (shell: the fixture)

pytestmark = pytest.mark.xdist_group("dom0-xl-xsguest")

# Seconds a guest gets to finish its checks and be cleaned up.
SETTLE_S = 30
CONSOLE_LOG = "/var/log/xen/console/guest-{}.log"


def wait_for(what, check, limit=SETTLE_S):
    xl_domains.wait_for(what, check, limit)


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


def xsguest_config(shell, name, *settings):
    """/tmp/NAME.cfg: xsguest's config with name and more settings (a
    command line must fit ash's line, so they do not go on xl's)."""
    path = f"/tmp/{name}.cfg"
    shell.ok(f"cp /opt/guests/xsguest.cfg {path}")
    for setting in (f'name = "{name}"',) + settings:
        shell.ok(f"echo '{setting}' >> {path}")
    return path


QUOTA_CHECKS = ["xsguest.entry_quota", "xsguest.entry_count",
                "xsguest.rewrite_at_quota", "xsguest.watch_quota",
                "xsguest.watch_count", "xsguest.value_quota",
                "xsguest.value_below_quota", "xsguest.transaction_quota",
                "xsguest.transaction_count"]


def test_quotas_refuse_past_xens_limits(shell):
    """1000 entries (ENOSPC), 128 watches (E2BIG one past, as Xen 4.17),
    2048-byte values (ENOSPC), 10 transactions (ENOSPC one past); dom0 is
    not limited and its writes go on."""
    shell.ok("xl create -q " + xsguest_config(shell, "xsquota",
                                              'extra = "mode=quota"'))
    assert_passed(verdict(shell, "xsquota"), QUOTA_CHECKS)
    wait_for("xsquota gone", lambda: "xsquota" not in rows(shell))
    shell.ok("xenstore-write /tool/after-quota 1")
    assert shell.ok("xenstore-read /tool/after-quota") == "1"


def create_cooperative(shell, name, *settings):
    """A guest that serves control/shutdown; returns its domain id once
    it waits on it."""
    shell.ok("xl create -q " + xsguest_config(
        shell, name, 'extra = "mode=control"', *settings))
    log = CONSOLE_LOG.format(name)
    wait_for(f"{name} waiting on control/shutdown",
             lambda: shell.run(f"grep -q 'waiting on control' {log}").status == 0)
    return rows(shell)[name][0]


def test_shutdown_w_waits_for_a_cooperative_guest(shell):
    domid = create_cooperative(shell, "coop")
    assert shell.ok(f"xenstore-read /local/domain/{domid}/control/"
                    "feature-poweroff") == "1"
    out = shell.run("xl shutdown -w coop", timeout=SETTLE_S)
    assert out.status == 0, out
    assert "Waiting for 1 domains" in out.text, out
    assert re.search(rf"Domain {domid} has been (shut down, reason code 0|"
                     r"destroyed)", out.text), out
    text = shell.ok(f"cat {CONSOLE_LOG.format('coop')}")
    assert "xsguest: control/shutdown asks for poweroff" in text, text
    assert "Test result: SUCCESS" in text, text
    wait_for("coop destroyed by its monitor", lambda: "coop" not in rows(shell))


def test_reboot_restarts_with_a_new_domid_and_the_same_name(shell):
    """on_reboot = "restart" (xl's default): the monitor destroys the
    domain and builds it again from the same config."""
    old = create_cooperative(shell, "rebooter", 'on_reboot = "restart"')
    shell.ok("xl reboot rebooter")

    def restarted():
        row = rows(shell).get("rebooter")
        return row is not None and row[0] != old

    wait_for("rebooter back under a new domain id", restarted)
    new = rows(shell)["rebooter"][0]
    assert new > old
    assert shell.ok(f"xenstore-read /local/domain/{new}/name") == "rebooter"
    assert shell.run(f"xenstore-read /local/domain/{old}/name").status != 0
    shell.ok("xl destroy rebooter")
    wait_for("rebooter gone", lambda: "rebooter" not in rows(shell))
