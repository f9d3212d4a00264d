"""Hypervisor command-line options that change what a boot does or
prints: noreboot, unknown options, loglvl and guest_loglvl."""

import os

import pytest

import minixen_boot as mb

NOT_REBOOTING = r"not rebooting"
# After "not rebooting" the hypervisor must stay halted.  Powering off
# instead would end QEMU within milliseconds, so a short wait tells apart.
HALT_CONFIRM_SECONDS = float(os.environ.get("MINIXEN_HALT_CONFIRM", "2"))
UNKNOWN_OPTION = "bogus_option=1"
# Logged at XENLOG_INFO: one line from before the command line is parsed,
# one from after; loglvl must govern both.
INFO_LINES = [r"^\(XEN\) boot loader: ",
              r"^\(XEN\) domain 0 \(Domain-0\): .* kernel, .*entry"]
# The demo's print_string: a plain printk, which counts as a warning.
WARNING_LINE = r"^\(XEN\) the message is: hello!$"
GUEST_GREETING = r"^Hello from the minixen demo guest"
GUEST_LAST_LINE = r"^demo: print_string\(NULL\) returned 1$"
# Messages a guest causes (XENLOG_GUEST): gprintk's "d0: ..." and
# trace_err's "<file>:<line>: error <code>".
GUEST_CAUSED = r"^\(XEN\) (d0: |\S+\.c:\d+: error -?\d+$)"


def cmdline(*words):
    return " ".join(("console=com1",) + words)


def test_noreboot_halts_after_dom0_crash(boot):
    run = boot(modules=[mb.GUESTS / "notrap.elf"],
               append=cmdline("loglvl=all", "noreboot"),
               until=NOT_REBOOTING, linger=HALT_CONFIRM_SECONDS)
    assert not run.timed_out, f"never said it was not rebooting; {run.where()}"
    assert run.matched, run.where()
    assert run.search(r"^\(XEN\) domain 0 crashed: "), run.where()
    assert run.status is None, \
        f"QEMU exited although noreboot was given; {run.where()}"


def test_unknown_option_warned_and_boot_continues(boot):
    run = boot(modules=[mb.GUESTS / "demo.elf"],
               append=cmdline("loglvl=all", UNKNOWN_OPTION))
    assert run.search(r"^\(XEN\) .*unknown option.*bogus_option"), \
        f"no warning naming the unknown option; {run.where()}"
    assert run.search(GUEST_LAST_LINE), run.where()
    assert run.status == mb.EXIT_POWEROFF, run.where()


@pytest.mark.parametrize("level, info_shown, warning_shown, any_xen_line", [
    pytest.param("all", True, True, True, id="all"),
    pytest.param("warning", False, True, None, id="warning"),
    pytest.param("error", False, False, None, id="error"),
    pytest.param("none", False, False, False, id="none"),
])
def test_loglvl_filters_hypervisor_lines(boot, level, info_shown,
                                         warning_shown, any_xen_line):
    run = boot(modules=[mb.GUESTS / "demo.elf"],
               append=cmdline(f"loglvl={level}"))
    assert run.status == mb.EXIT_POWEROFF, run.where()
    for info in INFO_LINES:
        assert bool(run.search(info)) == info_shown, f"{info}; {run.where()}"
    assert bool(run.search(WARNING_LINE)) == warning_shown, \
        f"{WARNING_LINE}; {run.where()}"
    if any_xen_line is not None:
        assert bool(run.xen_lines()) == any_xen_line, run.where()
    # Domain 0's own console output never depends on loglvl.
    assert run.search(GUEST_GREETING), run.where()
    assert run.search(GUEST_LAST_LINE), run.where()


@pytest.mark.parametrize("level, guest_lines_shown", [
    pytest.param("all", True, id="all"),
    pytest.param("none", False, id="none"),
])
def test_guest_loglvl_filters_guest_caused_lines(boot, level,
                                                 guest_lines_shown):
    """The test guest provokes hypercall errors; with guest_loglvl=all the
    hypervisor logs them, with none it does not, and loglvl=all keeps the
    hypervisor's own lines either way."""
    run = boot(modules=[mb.GUESTS / "test.elf"],
               append=cmdline("loglvl=all", f"guest_loglvl={level}"))
    assert run.status == mb.EXIT_POWEROFF, run.where()
    assert all(run.search(info) for info in INFO_LINES), run.where()
    assert bool(run.search(GUEST_CAUSED)) == guest_lines_shown, run.where()
    # The guest ran to its verdict; test_test_guest.py judges the checks.
    assert mb.parse_verdicts(run.lines), run.where()


def test_words_after_double_dash_go_to_dom0(boot):
    """As on Xen: the hypervisor's options end at "--"; the rest is
    appended to domain 0's command line."""
    run = boot(modules=[(mb.GUESTS / "demo.elf", "first")],
               append="console=com1 loglvl=all -- second third")
    assert run.status == mb.EXIT_POWEROFF, run.where()
    assert run.search(r'^\(XEN\)   command line: "first second third"$'), run.where()


def test_dom0_mem_beyond_ram_is_refused(boot):
    """More memory than the machine has: refused with a message, nothing
    to run (129), not a panic (131)."""
    run = boot(modules=[mb.GUESTS / "demo.elf"], append="console=com1 dom0_mem=1G")
    assert run.status == mb.EXIT_NO_DOMAIN, run.where()
    assert run.search(r"Domain-0 could not be built"), run.where()
    assert run.search(r"all memory returned"), run.where()


def test_hypervisor_fault_report(boot):
    """A fault in the hypervisor itself (forced with `selftest_fault`)
    prints the registers and a symbolised backtrace, then panics (131)."""
    run = boot(modules=[mb.GUESTS / "demo.elf"], append="console=com1 selftest_fault")
    assert run.status == mb.EXIT_PANIC, run.where()
    assert run.search(r"^\(XEN\) FATAL TRAP: vector 6 \(#UD"), run.where()
    assert run.search(r"^\(XEN\) RIP: e008:ffff82d0[0-9a-f]{8} "), run.where()
    assert run.search(r"^\(XEN\)    \[<ffff82d0[0-9a-f]{8}>\] start_xen\+0x[0-9a-f]+$"), \
        run.where()
    assert run.search(r"^\(XEN\) Panic: hypervisor fault"), run.where()
    assert not run.search(r"^Hello from the minixen demo guest"), run.where()


@pytest.mark.parametrize("value", ["0", "5000", "x"])
def test_bad_time_slice_falls_back_to_default(boot, value):
    """sched_credit_tslice_ms outside Xen's 1-1000 ms (or not a number)
    is refused with a warning; the scheduler keeps its 30 ms slice."""
    run = boot(modules=[mb.GUESTS / "demo.elf"],
               append=cmdline("loglvl=all", f"sched_credit_tslice_ms={value}"))
    assert run.status == mb.EXIT_POWEROFF, run.where()
    assert run.search(r"^\(XEN\) Scheduler: credit, time slice 30 ms$"), run.where()
    assert run.search(r"^\(XEN\) (command line: sched_credit_tslice_ms: bad number|"
                      r"sched_credit_tslice_ms=\d+ out of range 1-1000: using 30$)"), run.where()


def test_time_slice_option_applies(boot):
    run = boot(modules=[mb.GUESTS / "demo.elf"],
               append=cmdline("loglvl=all", "sched_credit_tslice_ms=7"))
    assert run.status == mb.EXIT_POWEROFF, run.where()
    assert run.search(r"^\(XEN\) Scheduler: credit, time slice 7 ms$"), run.where()


@pytest.mark.parametrize("word", ["weight=0", "weight=70000", "cap=101", "weight=abc"])
def test_bad_module_sched_word_is_warned_about(boot, word):
    """A domain's bad weight= or cap= is refused with a warning; the
    domain still boots with the default."""
    run = boot(modules=[mb.GUESTS / "demo.elf",
                        (mb.GUESTS / "demo.elf", f"domain=other {word}")],
               append=cmdline("loglvl=all"))
    name = word.split("=")[0]
    assert run.search(rf"^\(XEN\) module .*: bad {name}= value$"), run.where()
    assert run.search(r"^\(d1\) demo: powering off$"), run.where()
    assert run.status == mb.debug_exit_status(1 << 0), run.where()
