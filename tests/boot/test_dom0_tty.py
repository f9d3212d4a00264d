"""Domain 0's console as a terminal: signals from the keyboard, line
editing, end of file, and the shell's exit powering dom0 off.

One boot of the control domain (dom0_shell.py).  Busybox ash edits its
command line itself (raw mode); a program reading the console (`read`,
`cat`) gets the kernel's canonical mode, where the kernel erases and
ends lines.  CTRL-c reaches dom0 because Dom0Shell has QEMU pass
control keys through.
"""

import re
import time

import pytest

import minixen_boot as mb
from dom0_shell import BACKSPACE, CTRL_C, CTRL_D, ENTER, POWER_OFF_RE, PROMPT

pytestmark = pytest.mark.xdist_group("dom0-tty")

SIGINT = 2
# Well under the 100 s the interrupted sleep would last.
PROMPT_SECONDS = 10


def start(shell, command):
    """Type a command line and wait for ash to take it (its echoed LF)."""
    shell.send(command + ENTER)
    shell.expect(re.escape(command) + r"\r*\n", what=f"the echo of `{command}`")


def test_ctrl_c_stops_a_foreground_command(dom0_shell):
    started = time.monotonic()
    start(dom0_shell, "sleep 100")
    dom0_shell.send(CTRL_C)
    dom0_shell.until_prompt("sleep 100 (CTRL-c)", timeout=PROMPT_SECONDS)
    assert time.monotonic() - started < PROMPT_SECONDS
    assert dom0_shell.status() == 128 + SIGINT


def test_trap_int_runs_the_handler(dom0_shell):
    dom0_shell.ok("trap 'echo caught' INT")
    out = dom0_shell.run("kill -INT $$")
    assert out.text == "caught" and out.status == 0, out
    dom0_shell.ok("trap - INT")


def test_backspace_in_ashs_line_editor(dom0_shell):
    dom0_shell.send("echo abc" + BACKSPACE * 2 + "X" + ENTER)
    assert dom0_shell.until_prompt("echo abc<BS><BS>X").rstrip("\n") == "aX"


def test_backspace_in_canonical_mode(dom0_shell):
    start(dom0_shell, 'read v; echo "[$v]"')
    dom0_shell.send("abc" + BACKSPACE * 2 + "X" + ENTER)
    text = dom0_shell.until_prompt("read v (abc<BS><BS>X)")
    assert text.splitlines()[-1] == "[aX]", text
    assert dom0_shell.status() == 0


def test_ctrl_d_ends_input_in_canonical_mode(dom0_shell):
    start(dom0_shell, "cat > /tmp/typed")
    dom0_shell.send("typed line" + ENTER)
    dom0_shell.expect(r"typed line\r*\n", what="the echo of the typed line")
    dom0_shell.send(CTRL_D)
    dom0_shell.until_prompt("cat (CTRL-d)", timeout=PROMPT_SECONDS)
    assert dom0_shell.status() == 0
    assert dom0_shell.ok("cat /tmp/typed") == "typed line"


def test_ctrl_d_at_empty_read_is_end_of_file(dom0_shell):
    start(dom0_shell, "read v")
    dom0_shell.send(CTRL_D)
    dom0_shell.until_prompt("read v (CTRL-d)", timeout=PROMPT_SECONDS)
    assert dom0_shell.status() == 1


def test_ctrl_d_exits_a_nested_shell(dom0_shell):
    start(dom0_shell, "PS1='sub> ' sh")
    dom0_shell.expect(r"sub> ", what="the nested shell's prompt")
    dom0_shell.send("echo in sub" + ENTER)
    dom0_shell.expect(r"\nin sub\r*\n", what="the nested shell's output")
    dom0_shell.expect(r"sub> ", what="the nested shell's second prompt")
    dom0_shell.send(CTRL_D)
    dom0_shell.until_prompt("sh (CTRL-d)", timeout=PROMPT_SECONDS)
    assert dom0_shell.status() == 0


def test_dev_tty_is_enxio_for_another_session(dom0_shell):
    """A process that made a session of its own has no controlling
    terminal: /dev/tty is ENXIO for it, as on Linux."""
    dom0_shell.ok("echo 'cat /dev/tty 2>&1; echo rc=$?' >/tmp/tty.sh")
    dom0_shell.ok("setsid sh /tmp/tty.sh >/tmp/tty.out; sleep 1")
    out = dom0_shell.run("cat /tmp/tty.out")
    assert "No such device or address" in out.text and "rc=1" in out.text, out


def test_exit_powers_dom0_off(dom0_shell):
    """Last: /init reports the shell's status and powers off (QEMU 1)."""
    result = dom0_shell.exit("exit 0")
    status = result.search(POWER_OFF_RE)
    assert status and status.group(1) == "0", result.where()
    assert not result.search(r"poweroff failed"), result.where()
    assert result.status == mb.EXIT_POWEROFF, result.where()

