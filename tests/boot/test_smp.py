"""Physical CPUs: every CPU the MADT lists is started (QEMU -smp 2, 4
and 8), `maxcpus=` and `nosmp` limit how many, a panic stops the others
by NMI, the `d` debug key reaches them by IPI, and guests run on any of
them (tests/boot/test_smp_guests.py)."""

import re

import pytest

import minixen_boot as mb
from dom0_shell import Dom0Shell

DEMO_LAST_LINE = r"^demo: print_string\(NULL\) returned 1$"


def demo_boot(boot, smp, *words):
    return boot(modules=[mb.GUESTS / "demo.elf"], smp=smp,
                append=" ".join(("console=com1", "loglvl=all") + words))


def assert_brought_up(run, n):
    assert run.search(rf"^\(XEN\) Brought up {n} CPUs$"), run.where()
    assert run.search(DEMO_LAST_LINE), run.where()
    assert run.status == mb.EXIT_POWEROFF, run.where()


@pytest.mark.parametrize("smp", [2, 4, 8])
def test_every_listed_cpu_starts(boot, smp):
    run = demo_boot(boot, smp)
    for cpu in range(1, smp):
        assert run.search(rf"^\(XEN\) CPU{cpu}: APIC id {cpu:#x} online$"), \
            f"CPU{cpu} not reported online; {run.where()}"
    assert not run.search(r"did not start|not started"), run.where()
    # QEMU's CPUs share one TSC: none may be found out of step.
    assert not run.search(r"TSC (behind|ahead of) CPU0's"), run.where()
    assert_brought_up(run, smp)


@pytest.mark.parametrize("smp, counts", [(2, (1,)), (5, (1, 2, 4))])
def test_tlb_shootdown_reaches_every_cpu(boot, smp, counts):
    """selftest_tlb: 1000 shootdowns to 1, 2, 4 ... other CPUs, each one
    answered by every target (a CPU that does not answer is named)."""
    run = demo_boot(boot, smp, "selftest_tlb")
    for n in counts:
        assert run.search(rf"^\(XEN\) bench: tlb_shootdown_{n} \d+ ticks/flush$"), \
            f"no shootdown figure for {n}; {run.where()}"
    assert run.search(rf"^\(XEN\) TLB shootdown selftest: done, other CPUs: {smp - 1}$"), \
        run.where()
    # CPU0 spins waiting for CPU1's call while CPU1 shoots at it: it answers.
    assert run.search(r"^\(XEN\) TLB shootdown from CPU1 to a waiting CPU0: answered$"), \
        run.where()
    assert not run.search(r"did not answer|FAILED"), run.where()
    assert_brought_up(run, smp)


def test_tlb_selftest_alone_flushes_nothing_remote(boot):
    run = demo_boot(boot, 1, "selftest_tlb")
    assert run.search(r"^\(XEN\) TLB shootdown selftest: done, other CPUs: 0$"), \
        run.where()
    assert not run.search(r"tlb_shootdown_"), run.where()
    assert_brought_up(run, 1)


def test_one_cpu_needs_no_trampoline(boot):
    run = demo_boot(boot, 1)
    assert not run.search(r"^\(XEN\) CPU\d+: "), run.where()
    assert not run.search(r"^\(XEN\) SMP: "), run.where()
    assert_brought_up(run, 1)


@pytest.mark.parametrize("words, started, why", [
    pytest.param(("maxcpus=2",), 2, "maxcpus", id="maxcpus=2"),
    pytest.param(("maxcpus=1",), 1, "maxcpus", id="maxcpus=1"),
    pytest.param(("maxcpus=0",), 1, "maxcpus", id="maxcpus=0"),
    pytest.param(("nosmp",), 1, "nosmp", id="nosmp"),
    pytest.param(("nosmp", "maxcpus=4"), 1, "nosmp", id="nosmp-wins"),
])
def test_cpus_limited(boot, words, started, why):
    run = demo_boot(boot, 4, *words)
    assert run.search(rf"^\(XEN\) SMP: {4 - started} of 4 CPUs not started "
                      rf"\({why}\)$"), run.where()
    for cpu in range(started, 4):
        assert not run.search(rf"^\(XEN\) CPU{cpu}: "), run.where()
    assert_brought_up(run, started)


def test_more_than_listed_is_all_listed(boot):
    run = demo_boot(boot, 2, "maxcpus=64")
    assert not run.search(r"^\(XEN\) SMP: "), run.where()
    assert_brought_up(run, 2)


def test_bad_maxcpus_is_refused_and_boot_goes_on(boot):
    run = demo_boot(boot, 2, "maxcpus=two")
    assert run.search(r"^\(XEN\) .*maxcpus"), \
        f"no warning naming the bad option; {run.where()}"
    assert_brought_up(run, 2)


@pytest.mark.parametrize("smp", [2, 4])
def test_panic_stops_every_other_cpu(boot, smp):
    """A hypervisor fault on the boot CPU (selftest_fault, once the others
    are up): each other CPU takes the panic's NMI, prints its registers and
    where it was, and halts; then the machine powers off (131)."""
    run = demo_boot(boot, smp, "selftest_fault")
    assert run.status == mb.EXIT_PANIC, run.where()
    assert run.search(r"^\(XEN\) Panic: hypervisor fault"), run.where()
    for cpu in range(1, smp):
        assert run.search(rf"^\(XEN\) CPU{cpu} \(APIC id {cpu:#x}\) stopped:\n"
                          r"\(XEN\) RIP: e008:ffff82d0[0-9a-f]{8} "), \
            f"CPU{cpu} did not report; {run.where()}"
    assert len(re.findall(r"^\(XEN\)    \[<ffff82d0[0-9a-f]{8}>\] start_secondary\+",
                          run.log, re.MULTILINE)) == smp - 1, run.where()
    assert not run.search(r"did not stop"), run.where()


ECHO = mb.GUESTS / "console_echo.elf"
SWITCH = "\x01" * 3                     # CTRL-a three times: input to Xen
ECHO_READY = r"console_echo: ready"


@pytest.mark.parametrize("smp", [1, 3])
def test_d_key_dumps_every_cpu(boot, smp):
    """Xen's 'd' debug key: the CPU at the console shows its own stack and,
    if it runs one, its guest's registers; each other CPU, called by IPI,
    the registers it was interrupted in (the guest's, if the guest runs
    there) and where it waits; then the guest goes on."""
    run = boot(modules=[ECHO], smp=smp, append="console=com1 loglvl=all",
               script=[(ECHO_READY, SWITCH + "d"),
                       (rf"CPU{smp - 1} host state", ""),
                       (r"console_echo: ready|\(XEN\) R15: .*\n", SWITCH + "quit\n")])
    assert run.script_stalled is None, run.where()
    assert run.search(r"^\(XEN\) 'd' pressed -> dumping registers$"), run.where()
    assert run.search(r"^\(XEN\) \*\*\* Dumping CPU0 host state: \*\*\*$"), run.where()
    for cpu in range(1, smp):
        assert run.search(rf"^\(XEN\) \*\*\* Dumping CPU{cpu} host state: \*\*\*\n"
                          r"\(XEN\) RIP: e0[03][83]:[0-9a-f]{16} "), run.where()
    # The one vCPU runs on one CPU; every other AP waits in the scheduler.
    on_ap = bool(re.search(r"host state: \*\*\*\n\(XEN\) RIP: e033:", run.log))
    on_cpu0 = bool(run.search(r"^\(XEN\) \*\*\* Dumping CPU0 guest state \(d0v0\): \*\*\*\n"
                              r"\(XEN\) RIP: e033:"))
    assert on_ap != on_cpu0, run.where()
    assert len(re.findall(r"\] start_secondary\+", run.log)) == smp - 1 - on_ap, run.where()
    assert not run.search(r"did not answer"), run.where()
    assert run.status == mb.EXIT_POWEROFF, run.where()


def test_dom0_runs_programs_beside_other_cpus():
    shell = Dom0Shell("test_smp.dom0", smp=4)
    try:
        assert shell.ok("echo $((6 * 7))") == "42"
        shell.ok("xl info")
    finally:
        result = shell.exit()
    assert result.search(r"^\(XEN\) Brought up 4 CPUs$"), result.where()
