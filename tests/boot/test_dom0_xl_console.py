"""The toolstack's console path (docs/consoles.md): domains that `xl
create` builds get a PV console ring, xenconsoled serves it, `xl console`
and `xl create -c` attach to it, and the log file holds what the guest
wrote.

One dom0 boot.  Needs the whole toolstack in dom0 (xenstored,
xenconsoled, `xl create`); until those parts are merged the module skips
with the reason.  The guests and their configs are in /opt/guests
(guests/greeter, guests/heartbeat).
"""

import re
import time

import pytest

pytestmark = pytest.mark.xdist_group("dom0-xl-console")

LOG_DIR = "/var/log/xen/console"
GREETING = "greeter: hello from a minixen PV guest (console ring)"
CTRL_RBRACKET = "\x1d"
BEAT = re.compile(r"heartbeat (\d+)")
# Slow guest seconds under TCG on a loaded machine.
CREATE_TIMEOUT = 90
PAUSE_S = 4


@pytest.fixture(scope="module")
def shell(dom0_shell):
    missing = [p for p in ("/usr/sbin/xenstored", "/usr/sbin/xenconsoled")
               if dom0_shell.run(f"test -x {p}").status != 0]
    if dom0_shell.run("xl help | grep -q '^ create '").status != 0:
        missing.append("xl create")
    if missing:
        pytest.skip(f"toolstack not in dom0 yet: {', '.join(missing)}")
    return dom0_shell


def beats_in_log(shell, name):
    text = shell.ok(f"cat {LOG_DIR}/guest-{name}.log")
    return [int(n) for n in BEAT.findall(text)]


def test_create_c_shows_the_greeting_and_returns_at_power_off(shell):
    out = shell.run("xl create -c /opt/guests/greeter.cfg", timeout=CREATE_TIMEOUT)
    assert out.status == 0, out
    assert GREETING in out.text, out


def test_the_log_holds_the_greeting(shell):
    assert GREETING in shell.ok(f"cat {LOG_DIR}/guest-greeter.log")


def test_console_shows_heartbeats_echoes_and_detaches(shell):
    shell.ok("xl create /opt/guests/heartbeat.cfg", timeout=CREATE_TIMEOUT)
    shell.send("xl console heartbeat\r")
    shell.expect(r"heartbeat (\d+)", timeout=CREATE_TIMEOUT, what="a heartbeat")
    first = int(shell.child.match.group(1))
    shell.expect(r"heartbeat (\d+)", timeout=CREATE_TIMEOUT, what="the next heartbeat")
    assert int(shell.child.match.group(1)) > first
    shell.send("ping-from-dom0")
    shell.expect("ping-from-dom0", what="the guest's echo")
    shell.send(CTRL_RBRACKET)
    shell.until_prompt("xl console heartbeat")
    assert shell.status() == 0


def test_pause_stops_the_beats_and_unpause_resumes_them(shell):
    shell.ok("xl pause heartbeat")
    paused = beats_in_log(shell, "heartbeat")
    time.sleep(PAUSE_S)
    assert beats_in_log(shell, "heartbeat") == paused
    shell.ok("xl unpause heartbeat")
    time.sleep(PAUSE_S)
    resumed = beats_in_log(shell, "heartbeat")
    assert len(resumed) > len(paused), (paused, resumed)
    assert resumed == list(range(1, len(resumed) + 1)), resumed


def test_console_of_an_unknown_domain_fails(shell):
    """Every xl command looks its domain up the same way (xl_find_domain)."""
    out = shell.run("xl console 4000")
    assert out.status == 1, out
    assert "4000 is an invalid domain identifier (rc=-6)" in out.text, out


def test_destroy_ends_an_attached_console(shell):
    shell.send("(sleep 3; xl destroy heartbeat) & xl console heartbeat\r")
    shell.until_prompt("xl console heartbeat", timeout=CREATE_TIMEOUT)
    assert shell.status() == 0
    assert "heartbeat" not in shell.ok("xl list")
