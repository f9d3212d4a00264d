"""Debian-built programs on domain 0's kernel (tests/dom0/, in /opt/tests).

One boot of the control domain (dom0_shell.py): a static and a dynamic
program (through Debian's ld.so) with their arguments, a NULL
dereference killed by SIGSEGV with the shell going on, and 1,000
fork/exec/wait cycles that leave dom0's free memory as it was.
"""

import pytest

pytestmark = pytest.mark.xdist_group("dom0-programs")

FORK_CYCLES = 1000
SIGSEGV = 11


def test_hello_static(dom0_shell):
    out = dom0_shell.run("/opt/tests/hello_static")
    assert out.text == "hello, static" and out.status == 0, out


def test_hello_dynamic_prints_its_argv(dom0_shell):
    out = dom0_shell.run("/opt/tests/hello_dynamic one 'two words'")
    assert out.lines == ["hello, dynamic",
                         "argv[0] = /opt/tests/hello_dynamic",
                         "argv[1] = one",
                         "argv[2] = two words"], out
    assert out.status == 0, out


def test_null_deref_is_killed_by_sigsegv(dom0_shell):
    out = dom0_shell.run("/opt/tests/null_deref")
    assert out.lines == ["null_deref: reading address (nil)",
                         "Segmentation fault"], out
    assert out.status == 128 + SIGSEGV, out


def test_shell_goes_on_after_sigsegv(dom0_shell):
    dom0_shell.run("/opt/tests/null_deref")
    assert dom0_shell.ok("echo still here") == "still here"


def test_forkloop_leaves_memory_as_it_was(dom0_shell):
    """A short run first, so anything a program's first run keeps (the
    kernel should keep nothing) is counted before the measurement."""
    dom0_shell.ok("/opt/tests/forkloop 3")
    before = dom0_shell.mem_free_kb()
    out = dom0_shell.run(f"/opt/tests/forkloop {FORK_CYCLES}", timeout=120)
    after = dom0_shell.mem_free_kb()
    assert out.text == f"forkloop: {FORK_CYCLES} cycles, {FORK_CYCLES} ok, 0 failed", out
    assert out.status == 0, out
    assert after == before, f"MemFree {before} kB before, {after} kB after"


def test_forkloop_without_argument_is_usage(dom0_shell):
    out = dom0_shell.run("/opt/tests/forkloop")
    assert out.text == "usage: forkloop N" and out.status == 1, out
