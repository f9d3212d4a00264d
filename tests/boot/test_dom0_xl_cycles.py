"""`xl create` and `xl destroy` at scale, from dom0's shell: 100
create/destroy cycles give every frame back (the host's free memory ends
where it started), and tiny domains created until memory runs out end
with create's one-line refusal while every domain made so far still runs.

Needs the whole toolstack; skipped, saying so, while xl lacks its domain
commands.
"""

import re

import pytest

from xl_domains import shell  # noqa: F401 (the fixture)

pytestmark = pytest.mark.xdist_group("dom0-xl-cycles")

CYCLES = 100
# A 4 MiB heartbeat, named on xl create's command line.
TINY = ['kernel="/opt/guests/heartbeat.elf"', "memory=4"]


def free_mib(shell):
    return int(shell.ok("xl info free_memory"))


def script(shell, path, lines):
    for i, line in enumerate(lines):
        shell.ok(f"echo '{line}' {'>>' if i else '>'} {path}")


def guest_names(shell):
    out = shell.run("xl list")
    assert out.status == 0, out
    return [line.split()[0] for line in out.lines[2:]]


def test_create_destroy_cycles_give_memory_back(shell):
    script(shell, "/tmp/cycle.sh", [
        "n=0; c=/opt/guests/heartbeat.cfg",
        f"while [ $n -lt {CYCLES} ]; do",
        "  xl create -q -e $c || exit 1",
        "  xl destroy heartbeat || exit 2",
        "  n=$((n + 1))",
        "done",
    ])
    before = free_mib(shell)
    out = shell.run("sh /tmp/cycle.sh", timeout=600)
    assert out.status == 0, out
    # A domain destroyed before xenconsoled reached its ring is no error.
    assert "xenconsoled" not in out.text, out
    assert guest_names(shell) == []
    assert free_mib(shell) == before


def test_tiny_domains_until_memory_runs_out(shell):
    script(shell, "/tmp/t.cfg", TINY)
    script(shell, "/tmp/f.sh", [
        "n=0; c=/tmp/t.cfg",
        "while :; do",
        '  xl create -qe $c name=\\"t$n\\" 2>/tmp/e || break',
        "  n=$((n + 1))",
        "done",
        "echo made $n",
        "cat /tmp/e",
    ])
    out = shell.run("sh /tmp/f.sh", timeout=600)
    made = int(re.search(r"made (\d+)", out.text).group(1))
    assert made > 1, out
    error = out.lines[-1]
    assert re.fullmatch(r"/tmp/t\.cfg: memory = 4 MiB is more than the "
                        r"host's free memory \([0-3] MiB\)|xl: cannot .*", error), out
    names = guest_names(shell)
    assert len(names) == made, names
    # Every one still running (not shut down), and none half-made left.
    rows = shell.run("xl list").lines[2:]
    assert all(line.split()[4][3] == "-" for line in rows), rows
