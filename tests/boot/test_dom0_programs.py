"""Debian-built programs on domain 0's kernel (tests/dom0/, in /opt/tests).

One boot of the control domain (dom0_shell.py): a static and a dynamic
program (through Debian's ld.so) with their arguments, a NULL
dereference killed by SIGSEGV with the shell going on, file mappings
around a fault (mmap_file_test), and 1,000 fork/exec/wait cycles that
leave dom0's free memory as it was.
"""

import re

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


def test_a_signal_frame_with_a_kernel_rip_kills_only_the_process(dom0_shell):
    out = dom0_shell.run("/opt/tests/bad_sigreturn")
    assert out.lines[0] == "bad_sigreturn: returning to a non-canonical address", out
    assert out.status == 128 + SIGSEGV, out
    assert dom0_shell.ok("echo still here") == "still here"


ATTACKS = ["clone settid at a kernel address", "kernel data unchanged",
           "mprotect write on a read-only shared file", "file unchanged",
           "munmap of a wrapping length", "a handler outside user space: SIGSEGV",
           "exec of an entry point in the kernel", "fork inherits the GS base",
           "exec resets the GS base", "the GS base stays ours"]


@pytest.fixture(scope="module")
def attacks(dom0_shell):
    return dom0_shell.run("/opt/tests/attacks", timeout=60)


@pytest.mark.parametrize("check", ATTACKS)
def test_attack_gets_linuxs_answer(attacks, check):
    assert f"ok - {check}" in attacks.lines, attacks


def test_attacks_verdict(attacks, dom0_shell):
    assert attacks.lines[-1] == "attacks: PASS" and attacks.status == 0, attacks
    assert len([l for l in attacks.lines if l.startswith(("ok - ", "not ok - "))]) == len(ATTACKS)
    assert dom0_shell.ok("echo still here") == "still here"


MMAP_CHECKS = ["private read", "private write to a neighbour",
               "private write leaves the file", "private neighbours read the file",
               "shared read", "shared write to a neighbour reaches the file",
               "readable part", "a PROT_NONE neighbour still faults",
               "the last page's data", "the last page's tail reads zero",
               "anonymous mapping", "munmap gives the memory back",
               "an unmapped page faults"]


@pytest.fixture(scope="module")
def mmap_file_test(dom0_shell):
    return dom0_shell.run("/opt/tests/mmap_file_test", timeout=60)


@pytest.mark.parametrize("check", MMAP_CHECKS)
def test_file_mapping_around_a_fault(mmap_file_test, check):
    """A read fault maps the file's cached pages around it (fault-around);
    each still behaves as its own page would."""
    assert f"ok - {check}" in mmap_file_test.lines, mmap_file_test


def test_mmap_file_test_verdict(mmap_file_test):
    assert mmap_file_test.lines[-1] == "mmap_file_test: PASS", mmap_file_test
    assert mmap_file_test.status == 0, mmap_file_test


def test_forkloop_leaves_memory_as_it_was(dom0_shell):
    """forkloop reads MemFree itself before and after its loop, so the
    shell's own memory (its history grows) stays out of it.  The first
    run brings the page cache and the kernel's free lists to their
    working size; in the second, a thousand fork/exec/wait cycles may not
    cost a page (a leak of one page per cycle would show as 4,000 kB)."""
    dom0_shell.ok(f"/opt/tests/forkloop {FORK_CYCLES}", timeout=120)
    out = dom0_shell.run(f"/opt/tests/forkloop {FORK_CYCLES}", timeout=120)
    summary, memory = out.lines
    assert summary == f"forkloop: {FORK_CYCLES} cycles, {FORK_CYCLES} ok, 0 failed", out
    assert out.status == 0, out
    m = re.fullmatch(r"forkloop: MemFree (\d+) kB before, (\d+) kB after", memory)
    assert m and m.group(1) == m.group(2), out


def test_forkloop_without_argument_is_usage(dom0_shell):
    out = dom0_shell.run("/opt/tests/forkloop")
    assert out.text == "usage: forkloop N" and out.status == 1, out
