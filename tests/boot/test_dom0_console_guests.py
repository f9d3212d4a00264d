"""The test guests xl creates (guests/greeter, heartbeat, crasher), booted
as boot-module domains beside dom0, where the hypervisor's builder gives
them no PV console ring: each falls back to console_io, so its lines
reach the hypervisor's log as "(dN) ..." and `xl dmesg` shows them.

One boot: greeter is d1, heartbeat d2, crasher d3.  greeter greets and
powers off, crasher greets and shuts down with reason crash, heartbeat
counts once a second; it is told beats=3, so that its lines (which the
hypervisor writes straight to the serial line) are over before the
first command is typed, and then powers off.  Pausing it and seeing its
beats stop is a test of `xl pause`, with the toolstack.  The toolstack path, with the
ring and xenconsoled, is tested in test_dom0_xl_console.py.
"""

import re

import pytest

import minixen_boot as mb

pytestmark = pytest.mark.xdist_group("dom0-console-guests")

BEATS = 3
DOM0_BOOT = {"domains": [
    (mb.GUESTS / "greeter.elf", "domain=greeter memory=4M"),
    (mb.GUESTS / "heartbeat.elf", f"domain=heartbeat memory=4M beats={BEATS}"),
    (mb.GUESTS / "crasher.elf", "domain=crasher memory=4M"),
]}
ROW = re.compile(r"(\S+) +(\d+) +(\d+) +(\d+) +([-rbpscwSd]{6}) +(\d+\.\d)")
# The hypervisor leaves out a domU line's "(dN) " prefix when dom0's
# terminal (the prompt) left the serial line mid-line, so it is optional.
BEAT = re.compile(r"^(?:\(d2\) )?heartbeat (\d+)$", re.M)
# Guest seconds are slow under TCG on a loaded machine: wait long enough.
BEATS_TIMEOUT_S = 60


def dmesg(shell):
    out = shell.run("xl dmesg")
    assert out.status == 0, out
    return out.text


def states(shell):
    out = shell.run("xl list")
    assert out.status == 0, out
    rows = [ROW.fullmatch(line) for line in out.lines[1:]]
    assert all(rows), out
    return {r.group(1): r.group(5) for r in rows}


def test_heartbeat_beats_then_powers_off(dom0_shell):
    dom0_shell.expect(rf"heartbeat: {BEATS} beats done, powering off",
                      timeout=BEATS_TIMEOUT_S, what="heartbeat's last line")
    text = dmesg(dom0_shell)
    assert "(d2) heartbeat: up (console console_io)" in text
    assert [int(n) for n in BEAT.findall(text)] == list(range(1, BEATS + 1)), text
    assert states(dom0_shell)["heartbeat"][3:5] == "s-"


def test_greeter_greets_on_console_io(dom0_shell):
    assert "(d1) greeter: hello from a minixen PV guest (console console_io)" \
        in dmesg(dom0_shell)


def test_crasher_greets_then_is_listed_crashed(dom0_shell):
    assert "(d3) crasher: hello, crashing now (console console_io)" in dmesg(dom0_shell)
    assert states(dom0_shell)["crasher"][3:5] == "sc"


def test_greeter_is_listed_powered_off(dom0_shell):
    assert states(dom0_shell)["greeter"][3:5] == "s-"


def test_guests_and_configs_are_installed(dom0_shell):
    out = dom0_shell.run("ls /opt/guests")
    assert out.status == 0, out
    wanted = {f"{g}.{ext}" for g in ("greeter", "heartbeat", "crasher")
              for ext in ("cfg", "elf")}
    assert wanted <= set(out.text.split()), out     # the builder's demo too
