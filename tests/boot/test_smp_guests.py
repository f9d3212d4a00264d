"""Guests on every CPU (issue 10): each CPU runs vCPUs from a run queue
of its own, and an idle CPU takes work queued on a busy one.

Scenarios (one boot each, plain multi-threaded TCG, so the CPUs really
run at once):

- spread: four domains that never yield, under -smp 4.  Each gets a CPU
  to itself, so each runs for nearly all of its measuring window: on one
  CPU the four would share one window between them.  Each domain's
  teardown says which CPUs ran it; together they are all four.
- pingpong: 10,000 round trips between two domains under -smp 2, every
  event counted on both sides, while they may run on different CPUs.
- spinner: domain 0 shuts down a domain that spins on another CPU; it
  is stopped there before its memory goes, and every frame comes back.
"""

import re

import pytest

import minixen_boot as mb
from domain_checks import assert_check, assert_clean_teardown, verdicts_of

EVTEST = mb.GUESTS / "evtest.elf"
APPEND = "console=com1 loglvl=all guest_loglvl=all mm_audit"
WINDOW = "from_ms=400 to_ms=1400"


def dom(name, role, extra=""):
    return (EVTEST, f"domain={name} role={role} {extra}".strip())


def monitor(extra):
    return (EVTEST, f"role=monitor {extra}")


def exit_for(*reasons):
    mask = 0
    for reason in reasons:
        mask |= 1 << mb.SHUTDOWN_REASONS.index(reason)
    return 2 * mask + 1


MONITOR = ["monitor.bind_dom_exc", "monitor.bind_dom_exc_twice",
           "monitor.domains_exited", "monitor.dom_exc_delivered"]
SPINNERS = (1, 2, 3, 4)

# name -> (smp, modules, {domid: checks}, exit status)
SCENARIOS = {
    "spread": (4, [monitor("wait=0x1e")] +
               [dom(f"spin{i}", "spin", WINDOW) for i in SPINNERS],
               {0: MONITOR, **{i: ["spin.window_measured"] for i in SPINNERS}},
               exit_for("poweroff")),
    "pingpong": (2, [monitor("wait=0x6"), dom("ping", "ping", "peer=2 rounds=10000"),
                     dom("pong", "pong", "peer=1 rounds=10000")],
                 {0: MONITOR, 1: ["ping.bind_interdomain", "ping.bind_notification",
                                  "ping.rounds"],
                  2: ["channel.offer", "pong.status_interdomain", "pong.rounds"]},
                 exit_for("poweroff")),
    "spinner": (4, [monitor("wait=0x6 kill=0x8"),
                    dom("ping", "ping", "peer=2 rounds=2000"),
                    dom("pong", "pong", "peer=1 rounds=2000"), dom("spin", "spin")],
                {0: MONITOR + ["monitor.remote_shutdown", "monitor.killed_domains_exited"]},
                exit_for("poweroff")),
}


def on_scenario(name, *values, label=None):
    return pytest.param(name, *values, marks=pytest.mark.xdist_group(f"smpguests-{name}"),
                        id=label or name)


CHECK_CASES = [on_scenario(s, d, c, label=f"{s}-d{d}-{c}")
               for s, (_, _, lists, _) in SCENARIOS.items()
               for d, checks in lists.items() for c in checks]


@pytest.fixture(scope="module")
def scenario(module_boot):
    runs = {}

    def run(name):
        if name not in runs:
            smp, modules, _, _ = SCENARIOS[name]
            runs[name] = module_boot(name, modules=modules, append=APPEND, smp=smp,
                                     timeout=mb.BOOT_TIMEOUT * 3)
        return runs[name]

    return run


@pytest.mark.parametrize("name,domid,check", CHECK_CASES)
def test_check(scenario, name, domid, check):
    assert_check(scenario(name), domid, check)


@pytest.mark.parametrize("name", [on_scenario(s) for s in SCENARIOS])
def test_exit_and_teardown(scenario, name):
    run = scenario(name)
    assert run.status == SCENARIOS[name][3], run.where()
    assert_clean_teardown(run)
    assert not run.search(r"FATAL TRAP|PANIC|did not stop"), run.where()


def ran_on(run, domid):
    m = run.search(rf"^\(XEN\) domain {domid}: ran on CPUs (0x[0-9a-f]+|0)$")
    assert m, f"d{domid} has no CPU report; {run.where()}"
    return int(m.group(1), 16)


@pytest.mark.xdist_group("smpguests-spread")
def test_spinners_run_at_once(scenario):
    run = scenario("spread")
    total = 0
    for domid in SPINNERS:
        m = run.search(rf"^\(d{domid}\) spin: ran (\d+) us of the (\d+) us window$")
        assert m, f"d{domid} printed no share; {run.where()}"
        ran, window = int(m.group(1)), int(m.group(2))
        total += ran
    # Sharing one CPU, the four would run one window between them.
    assert total > 2 * window, f"spinners ran {total} us in all of {window}; {run.where()}"
    assert verdicts_of(run).get(0) == "SUCCESS", run.where()


@pytest.mark.xdist_group("smpguests-spread")
def test_every_cpu_ran_a_spinner(scenario):
    run = scenario("spread")
    cpus = 0
    for domid in SPINNERS:
        cpus |= ran_on(run, domid)
    assert cpus == 0xf, f"spinners ran on CPUs {cpus:#x}; {run.where()}"


@pytest.mark.xdist_group("smpguests-spinner")
def test_spinning_domain_stopped_from_another_cpu(scenario):
    run = scenario("spinner")
    assert run.search(r"^\(XEN\) domain 3 \(spin\): poweroff$"), run.where()
    assert run.search(r"^\(XEN\) domain 3: all memory returned$"), run.where()
