"""Guests with several vCPUs (issue 10), from the guest's side.

guests/vcpus brings its secondary vCPUs up as Linux does on Xen
(VCPUOP_initialise with a vcpu_guest_context, then VCPUOP_up) and checks
what each vCPU has of its own: IPI ports and a moved channel, its one-shot
timer, the trap table and %gs base its context gave it, its run state,
VCPUOP_down/up from outside and from itself, 100 down/up cycles, and
finally every vCPU down, which powers the domain off.  Bad arguments get
Xen's errno: an id past the domain's last vCPU (-ENOENT), a second
initialise (-EEXIST), up before initialise, a non-canonical RIP, a CR3
that is not an L4 of ours (-EINVAL), an unreadable context (-EFAULT).

Scenarios (one boot each, module scoped):

- dom0_4: the guest as domain 0 with dom0_max_vcpus=4, under -smp 2;
- domu_3: an unprivileged domain with `vcpus=3` in its module string
  beside a domain 0 that waits for it; mm_audit recounts every frame
  reference (each vCPU's page-table base included) when it shuts down,
  and all its memory comes back;
- dom0_8: eight vCPUs, the most this guest drives;
- dom0_4_on_4, domu_3_on_2: the same under -smp 4 and -smp 2, where the
  vCPUs run on different CPUs at once;
- bad_counts: dom0_max_vcpus and vcpus= values out of range are
  reported and give one vCPU."""

import re

import pytest

import minixen_boot as mb
from domain_checks import (assert_check, assert_clean_teardown,
                           assert_no_unlisted_checks, checks_of, verdicts_of)

VCPUS = mb.GUESTS / "vcpus.elf"
EVTEST = mb.GUESTS / "evtest.elf"
DEMO = mb.GUESTS / "demo.elf"
APPEND = "console=com1 loglvl=all guest_loglvl=all mm_audit"
EXIT_ALL_POWERED_OFF = (1 << 1) | 1

CHECKS = [
    "vcpus.several", "is_up.vcpu0", "is_up.vcpu1_before", "is_up.past_last",
    "is_up.huge_id", "up.uninitialised", "runstate.vcpu1", "runstate.vcpu1_offline",
    "initialise.vcpu0_exists", "initialise.past_last", "initialise.noncanonical_rip",
    "initialise.cr3_not_l4", "initialise.cr3_not_ours", "initialise.bad_pointer",
    "up.after_refusals", "initialise.secondaries", "initialise.twice", "up.secondaries",
    "up.twice", "is_up.secondaries", "secondaries.running", "ports.bound_on_each_vcpu",
    "context.trap_table", "context.gs_base_kept", "ipi.round_trips",
    "ipi.upcalls_on_each_vcpu", "bind_vcpu.ipi_refused", "bind_vcpu.past_last",
    "bind_vcpu.move", "bind_vcpu.delivered_there", "timer.other_vcpus_refused",
    "timer.bind_past_last", "timer.own_virq_on_each_vcpu", "down.past_last",
    "down.remote", "down.remote_twice", "is_up.after_down",
    "runstate.not_running_after_down", "down.vcpu_stops", "up.again",
    "up.pending_event_kept", "down.self", "up.after_self_down", "down.self_returns_0",
    "down_up.cycles", "down.all_secondaries",
]
MONITOR = ["monitor.bind_dom_exc", "monitor.bind_dom_exc_twice",
           "monitor.domains_exited", "monitor.dom_exc_delivered"]

# name -> (boot options, {domid: checks}, the domain running guests/vcpus, exit status)
SCENARIOS = {
    "dom0_4": (dict(append=f"{APPEND} dom0_max_vcpus=4", smp=2,
                    modules=[(VCPUS, "rounds=10000")]),
               {0: CHECKS}, 0, mb.EXIT_POWEROFF),
    "domu_3": (dict(append=APPEND,
                    modules=[(EVTEST, "role=monitor wait=0x2"),
                             (VCPUS, "domain=tri vcpus=3 rounds=3000")]),
               {0: MONITOR, 1: CHECKS}, 1, EXIT_ALL_POWERED_OFF),
    "dom0_8": (dict(append=f"{APPEND} dom0_max_vcpus=8",
                    modules=[(VCPUS, "rounds=2000")]),
               {0: CHECKS}, 0, mb.EXIT_POWEROFF),
    # The vCPUs spread over the CPUs: IPIs, down/up and timers between CPUs.
    "dom0_4_on_4": (dict(append=f"{APPEND} dom0_max_vcpus=4", smp=4,
                         modules=[(VCPUS, "rounds=10000")]),
                    {0: CHECKS}, 0, mb.EXIT_POWEROFF),
    "domu_3_on_2": (dict(append=APPEND, smp=2,
                         modules=[(EVTEST, "role=monitor wait=0x2"),
                                  (VCPUS, "domain=tri vcpus=3 rounds=3000")]),
                    {0: MONITOR, 1: CHECKS}, 1, EXIT_ALL_POWERED_OFF),
}


def on_scenario(name, *values, label=None):
    return pytest.param(name, *values, marks=pytest.mark.xdist_group(f"vcpus-{name}"),
                        id=label or name)


CHECK_CASES = [on_scenario(s, d, c, label=f"{s}-d{d}-{c}")
               for s, (_, lists, _, _) in SCENARIOS.items()
               for d, checks in lists.items() for c in checks]
SCENARIO_CASES = [on_scenario(s) for s in SCENARIOS]


@pytest.fixture(scope="module")
def scenario(module_boot):
    runs = {}

    def run(name):
        if name not in runs:
            runs[name] = module_boot(name, timeout=mb.BOOT_TIMEOUT * 3, **SCENARIOS[name][0])
        return runs[name]

    return run


@pytest.mark.parametrize("name,domid,check", CHECK_CASES)
def test_check(scenario, name, domid, check):
    assert_check(scenario(name), domid, check)


@pytest.mark.parametrize("name", SCENARIO_CASES)
def test_no_unlisted_checks(scenario, name):
    assert_no_unlisted_checks(scenario(name), SCENARIOS[name][1])


@pytest.mark.parametrize("name", SCENARIO_CASES)
def test_vcpus_built_and_counted(scenario, name):
    run = scenario(name)
    _, _, domid, _ = SCENARIOS[name]
    want = {"dom0_4": 4, "domu_3": 3, "dom0_8": 8, "dom0_4_on_4": 4, "domu_3_on_2": 3}[name]
    assert run.search(rf"^\(XEN\) domain {domid} \(\w+(-\d)?\): .* {want} vCPUs"), run.where()
    assert run.search(rf"^(\(d{domid}\) )?vcpus: {want} vCPUs"), run.where()


@pytest.mark.parametrize("name", SCENARIO_CASES)
def test_last_vcpu_down_powers_off(scenario, name):
    """The verdict comes before the last VCPUOP_down, which must not return."""
    run = scenario(name)
    verdicts = verdicts_of(run)
    assert all(verdicts.get(d) == "SUCCESS" for d in SCENARIOS[name][1]), run.where()
    assert run.search(rf"^\(XEN\) domain {SCENARIOS[name][2]} shut down: reason poweroff"), \
        run.where()
    assert not any("returned" in detail for *_, detail in
                   checks_of(run, SCENARIOS[name][2])), run.where()
    assert run.status == SCENARIOS[name][3], run.where()
    assert not run.search(r"FATAL TRAP|PANIC"), run.where()


@pytest.mark.xdist_group("vcpus-domu_3")
def test_domu_frames_audited_and_returned(scenario):
    run = scenario("domu_3")
    audits = [l for l in run.lines if "frame table check:" in l]
    assert audits and all(l.endswith("OK") for l in audits), run.where()
    assert run.search(r"^\(XEN\) domain 1: all memory returned"), run.where()
    assert_clean_teardown(run)


@pytest.mark.xdist_group("vcpus-bad_counts")
def test_bad_vcpu_counts_give_one(module_boot):
    run = module_boot("bad_counts", append="console=com1 loglvl=all dom0_max_vcpus=33",
                      modules=[(DEMO, ""), (DEMO, "domain=zero vcpus=0"),
                               (DEMO, "domain=many vcpus=99")])
    assert run.search(r"^\(XEN\) dom0_max_vcpus=33: must be 1-32: using 1"), run.where()
    for word in ("vcpus=0", "vcpus=99"):
        warned = [l for l in run.lines
                  if re.match(rf"\(XEN\) module domain=\w+ {word}: vcpus= must be 1-32", l)]
        assert len(warned) == 1, run.where()      # once: the string is read once
    for domid in (0, 1, 2):
        assert run.search(rf"^\(XEN\) domain {domid} \(.*\): .* 1 vCPUs"), run.where()
