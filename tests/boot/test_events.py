"""Issue 7: event channels, timers and the preemptive scheduler, from the
guests' side (guests/evtest, one image in several roles).

Each scenario is one boot (module scoped) and each check a guest prints is
one pytest test.  Domain 0 is the `monitor` role in the multi-domain
scenarios: it binds VIRQ_DOM_EXC and waits for the other domains to go.

- pingpong: 10,000 round trips over an interdomain channel, each side
  counting exactly one event per round;
- spinner: the same pair beside a domain that never yields (it is shut
  down by domain 0 once the pair is done);
- weights: two spinners of weights 256 and 512, under -icount so the
  split repeats exactly; their CPU time must split 1:2 within 10 %;
- crash: one side of an exchange crashes; the other finds its port back
  in the unbound state and domain 0 hears of it through VIRQ_DOM_EXC;
- timers, block/poll and vcpu_op (under -icount: they time things), the
  port table, bad input
  and the watchdog;
- failsafe: domain 0 breaks the descriptors of data selectors it has
  loaded and is switched out and back (beside a domain that keeps
  yielding), so the hypervisor enters its failsafe callback;
- latency (under -icount): domain 0's one-shot timers stay on time while
  domain 1 makes 200,000-request mmu_update batches, each of which takes
  two time slices but gives way, continued, whenever a timer is due.

With several domains QEMU exits with 2*mask+1, mask having bit 1<<reason
for each shutdown reason seen."""

import re

import pytest

import minixen_boot as mb
from domain_checks import (assert_check, assert_clean_teardown,
                           assert_no_unlisted_checks, verdicts_of)

EVTEST = mb.GUESTS / "evtest.elf"
APPEND = "console=com1 loglvl=all guest_loglvl=all mm_audit"


def exit_for(*reasons):
    mask = 0
    for reason in reasons:
        mask |= 1 << mb.SHUTDOWN_REASONS.index(reason)
    return 2 * mask + 1


MONITOR = ["monitor.bind_dom_exc", "monitor.bind_dom_exc_twice",
           "monitor.domains_exited", "monitor.dom_exc_delivered"]
MONITOR_KILL = MONITOR + ["monitor.remote_shutdown",
                          "monitor.killed_domains_exited"]
PING = ["ping.bind_interdomain", "ping.bind_notification", "ping.rounds"]
PONG = ["channel.offer", "pong.status_interdomain", "pong.rounds"]
CRASHER = ["channel.offer", "crasher.rounds"]
SURVIVOR = ["survivor.bind_interdomain", "survivor.rounds",
            "survivor.port_unbound_after_peer_crash",
            "survivor.send_to_dead_peer_dropped", "survivor.rebind_dead_peer",
            "survivor.close"]
SPIN_WINDOW = ["spin.window_measured"]
TIMERS = [
    "timer.bind_virq", "timer.default_periodic_100hz",
    "timer.periodic_set_1ms", "timer.periodic_1ms",
    "timer.periodic_below_1ms", "timer.periodic_bad_pointer",
    "timer.periodic_stop", "timer.periodic_stopped", "timer.singleshot_set",
    "timer.singleshot_on_time", "timer.singleshot_fires_once",
    "timer.singleshot_future_in_past", "timer.singleshot_past_set",
    "timer.singleshot_past_fires_at_once", "timer.singleshot_set_then_stop",
    "timer.singleshot_stop", "timer.singleshot_stopped",
    "timer.singleshot_bad_pointer", "timer.singleshot_bad_vcpu",
    "timer.set_timer_op", "timer.set_timer_op_on_time",
    "timer.set_timer_op_cancel", "timer.set_timer_op_cancelled",
    "timer.set_timer_op_past_fires_at_once", "timer.set_timer_op_huge_in_100ms",
    "timer.set_timer_op_negative_in_100ms",
    "time.monotonic",
]
BLOCKPOLL = [
    "blockpoll.bind_timer", "blockpoll.bind_ipi", "block.returns",
    "block.wakes_on_timer", "block.unmasks_events",
    "block.returns_with_event_pending", "poll.timeout_returns_0",
    "poll.timeout", "poll.wakes_on_masked_port", "unmask.returns",
    "unmask.delivers_masked_event", "poll.pending_port_returns_at_once",
    "poll.several_ports", "poll.port0_means_any", "poll.timeout_gone_once_woken",
    "poll.too_many_ports", "poll.ports_unmapped",
    "poll.port_out_of_range", "poll.bad_pointer", "sched_op_compat.yield",
    "sched_op_compat.block", "sched_op_compat.block_wakes",
    "sched_op_compat.unknown",
]
VCPUOP = [
    "runstate.get", "runstate.running", "runstate.blocked_time_counted",
    "runstate.bad_pointer", "runstate.bad_vcpu", "runstate_area.register",
    "runstate_area.filled", "runstate_area.updated",
    "runstate_area.bad_pointer", "runstate_area.hypervisor_address",
    "runstate_area.kept_after_refusal", "vcpu_op.is_up", "vcpu_op.is_up_bad_vcpu",
    "vcpu_op.is_up_huge_vcpu", "vcpu_op.get_physid", "vcpu_op.physid_is_cpu0",
    "vcpu_op.get_physid_bad_pointer", "vcpu_op.initialise_running",
    "vcpu_op.initialise_bad_context", "vcpu_op.up_running", "vcpu_op.unknown",
    "pin_override.pin", "pin_override.pin_twice", "pin_override.undo",
    "pin_override.undo_twice", "pin_override.no_such_cpu", "pin_override.bad_pointer",
    "vcpu_info.offset_too_big", "vcpu_info.offset_misaligned",
    "vcpu_info.frame_not_ours", "vcpu_info.bad_pointer", "vcpu_info.register",
    "vcpu_info.state_copied", "vcpu_info.events_arrive_in_new_place",
    "vcpu_info.register_twice",
]
PORTS = [
    "loopback.alloc_unbound", "loopback.bind_to_self",
    "loopback.status_interdomain", "loopback.send", "loopback.delivered",
    "loopback.close", "loopback.close_unbinds_peer",
    "loopback.send_unbound_dropped", "loopback.close_other_end",
    "ports.exhausted_with_enospc", "ports.last_port_unbound",
    "ports.status_beyond_limit", "ports.ipi_when_full",
    "ports.lowest_free_reused", "ports.reset_self", "ports.reset_closed_all",
    "ports.reset_then_alloc", "ports.port0_reserved",
]
BADINPUT = [
    "bad.send_port0", "bad.send_far_port", "bad.send_huge_port",
    "bad.send_closed", "bad.close_twice", "bad.close_port0",
    "bad.unmask_far_port", "bad.status_far_port", "bad.status_other_domain",
    "bad.status_no_domain", "bad.bind_vcpu_no_vcpu", "bad.bind_vcpu_closed",
    "bad.bind_vcpu_unbound_ok", "bad.alloc_for_other_domain",
    "bad.alloc_for_no_domain", "bad.bind_no_domain", "bad.bind_not_offered",
    "bad.bind_far_port", "bad.virq_global_by_domu",
    "bad.virq_console_by_domu", "bad.virq_out_of_range", "bad.virq_no_vcpu",
    "bad.virq_timer", "bad.virq_twice", "bad.bind_vcpu_per_vcpu_virq",
    "bad.virq_rebind_after_close", "bad.ipi_no_vcpu", "bad.bind_pirq",
    "bad.reset_other_domain", "bad.pointers_efault", "bad.unknown_command",
    "bad.set_priority_2level", "compat.alloc_unbound", "compat.status",
    "compat.close", "compat.newer_command", "compat.bad_pointer",
    "bad.remote_shutdown_unprivileged", "bad.pin_override_unprivileged",
    "watchdog.create_first", "watchdog.create_second",
    "watchdog.create_third", "watchdog.id_out_of_range", "watchdog.destroy",
    "watchdog.destroy_twice", "watchdog.destroy_first",
    "watchdog.bad_pointer",
]
WATCHDOG = ["watchdog.arm", "watchdog.pet"]
# guests/evtest/failsafe.c: each round's checks, in order.
FAILSAFE_ROUNDS = ["yield_masking", "yield", "preempted"]
FAILSAFE_ROUND_CHECKS = [
    "armed", "descriptor_broken", "delivered", "frame_selectors", "frame_rip",
    "frame_cs", "frame_rflags", "frame_stack", "callback_upcall_mask",
    "callback_selectors", "resumed", "once", "repaired",
]
FAILSAFE = ["failsafe.set_gdt"] + [f"failsafe.{r}.{c}" for r in FAILSAFE_ROUNDS
                                   for c in FAILSAFE_ROUND_CHECKS]

# Window of system time over which the weighted spinners are measured.
WEIGHT_WINDOW = "from_ms=300 to_ms=1300"
DEFAULT_SLICE_MS = 30
SHORT_SLICE_MS = 5
LATENCY_TICKS = 50
LONGMMU_BATCH = 200000
TIMELY = ["timely.bind_timer", "timely.timers_fired", "timely.remote_shutdown"]


def dom(name, role, extra=""):
    return (EVTEST, f"domain={name} role={role} {extra}".strip())


def monitor(extra):
    return (EVTEST, f"role=monitor {extra}")


# name -> (modules, icount, {domid: checks}, expected exit status)
SCENARIOS = {
    "pingpong": ([monitor("wait=0x6"), dom("ping", "ping", "peer=2 rounds=10000"),
                  dom("pong", "pong", "peer=1 rounds=10000")], False,
                 {0: MONITOR, 1: PING, 2: PONG}, exit_for("poweroff")),
    "spinner": ([monitor("wait=0x6 kill=0x8"),
                 dom("ping", "ping", "peer=2 rounds=2000"),
                 dom("pong", "pong", "peer=1 rounds=2000"), dom("spin", "spin")],
                False, {0: MONITOR_KILL, 1: PING, 2: PONG}, exit_for("poweroff")),
    "weights": ([monitor("wait=0x6"),
                 dom("light", "spin", f"{WEIGHT_WINDOW} weight=256"),
                 dom("heavy", "spin", f"{WEIGHT_WINDOW} weight=512")], True,
                {0: MONITOR, 1: SPIN_WINDOW, 2: SPIN_WINDOW}, exit_for("poweroff")),
    "crash": ([monitor("wait=0x6"), dom("survivor", "survivor", "peer=2"),
               dom("crasher", "crasher", "peer=1")], False,
              {0: MONITOR, 1: SURVIVOR, 2: CRASHER}, exit_for("poweroff", "crash")),
    "timers": ([(EVTEST, "role=timers")], True, {0: TIMERS}, mb.EXIT_POWEROFF),
    "blockpoll": ([(EVTEST, "role=blockpoll")], True, {0: BLOCKPOLL},
                  mb.EXIT_POWEROFF),
    "vcpuop": ([(EVTEST, "role=vcpuop")], True, {0: VCPUOP}, mb.EXIT_POWEROFF),
    "ports": ([(EVTEST, "role=ports")], False, {0: PORTS}, mb.EXIT_POWEROFF),
    "badinput": ([monitor("wait=0x2"), dom("bad", "badinput")], False,
                 {0: MONITOR, 1: BADINPUT}, exit_for("poweroff")),
    "watchdog": ([monitor("wait=0x2"), dom("dog", "watchdog")], False,
                 {0: MONITOR, 1: WATCHDOG}, exit_for("poweroff", "watchdog")),
    "slices": ([monitor("wait=0x6"), dom("a", "spin", WEIGHT_WINDOW),
                dom("b", "spin", WEIGHT_WINDOW)], True,
               {0: MONITOR, 1: SPIN_WINDOW, 2: SPIN_WINDOW}, exit_for("poweroff")),
    # Domain 1 yields until domain 0 is gone, so every yield and every
    # preemption of domain 0 switches vCPUs.  Under -icount the spinning
    # round meets its preemption after a fixed number of instructions,
    # however loaded the host is.
    "failsafe": ([(EVTEST, "role=failsafe"), dom("peer", "waitgone", "gone=0")], True,
                 {0: FAILSAFE, 1: ["waitgone.domain_gone"]}, exit_for("poweroff")),
    "latency": ([(EVTEST, f"role=timely ticks={LATENCY_TICKS} period_ms=7 kill=1"),
                 dom("long", "longmmu", f"batch={LONGMMU_BATCH}")], True,
                {0: TIMELY, 1: ["longmmu.first_batch_complete"]}, exit_for("poweroff")),
}
# The same pair with the default slice.
SCENARIOS["slices_default"] = SCENARIOS["slices"]

# Hypervisor options a scenario adds to APPEND.
EXTRA_APPEND = {"slices": f"sched_credit_tslice_ms={SHORT_SLICE_MS}"}

# Domains whose verdict line is not printed: shut down from outside.
NO_VERDICT = {"spinner": {3}, "crash": {2}, "watchdog": {1}, "latency": {1}}


def on_scenario(name, *values, label=None):
    """A parameter that runs on the worker that boots its scenario."""
    return pytest.param(name, *values, marks=pytest.mark.xdist_group(f"events-{name}"),
                        id=label or name)


CHECK_CASES = [on_scenario(s, d, c, label=f"{s}-d{d}-{c}")
               for s, (_, _, lists, _) in SCENARIOS.items()
               for d, checks in lists.items() for c in checks]
SCENARIO_CASES = [on_scenario(s) for s in SCENARIOS]


@pytest.fixture(scope="module")
def scenario(module_boot):
    runs = {}

    def run(name):
        if name not in runs:
            modules, icount, _, _ = SCENARIOS[name]
            append = f"{APPEND} {EXTRA_APPEND.get(name, '')}".strip()
            runs[name] = module_boot(name, modules=modules, append=append,
                                     icount=icount, timeout=mb.BOOT_TIMEOUT * 3)
        return runs[name]

    return run


@pytest.mark.parametrize("name,domid,check", CHECK_CASES)
def test_check(scenario, name, domid, check):
    assert_check(scenario(name), domid, check)


@pytest.mark.parametrize("name", SCENARIO_CASES)
def test_no_unlisted_checks(scenario, name):
    assert_no_unlisted_checks(scenario(name), SCENARIOS[name][2])


@pytest.mark.parametrize("name", SCENARIO_CASES)
def test_verdicts_and_exit(scenario, name):
    run = scenario(name)
    verdicts = verdicts_of(run)
    for domid in SCENARIOS[name][2]:
        if domid in NO_VERDICT.get(name, ()):
            continue
        assert verdicts.get(domid) == "SUCCESS", f"d{domid}: {verdicts}; {run.where()}"
    assert run.status == SCENARIOS[name][3], run.where()
    if len(SCENARIOS[name][0]) > 1:     # dom0 alone takes the machine down at once
        assert_clean_teardown(run)
    assert not run.search(r"FATAL TRAP|PANIC"), run.where()


@pytest.mark.xdist_group("events-spinner")
def test_spinner_was_preempted_and_shut_down(scenario):
    run = scenario("spinner")
    assert run.search(r"^\(XEN\) domain 3 \(spin\): poweroff$"), run.where()


def spin_share(run, domid):
    m = run.search(rf"^\(d{domid}\) spin: ran (\d+) us of the (\d+) us window$")
    assert m, f"d{domid} printed no share; {run.where()}"
    return int(m.group(1)), int(m.group(2))


@pytest.mark.xdist_group("events-weights")
def test_weights_split_cpu_time(scenario):
    run = scenario("weights")
    (light, window), (heavy, _) = spin_share(run, 1), spin_share(run, 2)
    assert light + heavy > 0.95 * window, \
        f"spinners ran {light + heavy} us of {window}; {run.where()}"
    ratio = heavy / light
    assert 1.8 <= ratio <= 2.2, f"weights 512:256 gave {heavy}:{light}; {run.where()}"


def spin_runs(run, domid):
    m = run.search(rf"^\(d{domid}\) spin: (\d+) runs, the longest (\d+) us$")
    assert m, f"d{domid} printed no runs; {run.where()}"
    return int(m.group(1)), int(m.group(2))


@pytest.mark.parametrize("name,slice_ms", [
    on_scenario("slices_default", DEFAULT_SLICE_MS), on_scenario("slices", SHORT_SLICE_MS)])
def test_time_slice(scenario, name, slice_ms):
    """Two spinners of equal weight share the CPU in runs of one slice (the
    default 30 ms, or sched_credit_tslice_ms=): never longer, and not much
    shorter.  (Unequal weights give the heavier one several slices in a
    row while it has credit left.)"""
    run = scenario(name)
    for domid in (1, 2):
        runs, longest = spin_runs(run, domid)
        assert 0.9 * slice_ms * 1000 <= longest <= slice_ms * 1000, \
            f"d{domid}: longest run {longest} us for a {slice_ms} ms slice; {run.where()}"
        assert runs >= 1000 // slice_ms // 3, f"d{domid}: only {runs} runs; {run.where()}"


@pytest.mark.xdist_group("events-crash")
def test_crash_reported(scenario):
    run = scenario("crash")
    assert run.search(r"^\(XEN\) domain 2 crashed: unhandled #PF"), run.where()
    assert run.search(r"^\(XEN\) domain 2 \(crasher\): crash$"), run.where()


@pytest.mark.xdist_group("events-watchdog")
def test_watchdog_fired(scenario):
    run = scenario("watchdog")
    assert run.search(r"^\(XEN\) Watchdog timer fired for domain 1$"), run.where()
    assert run.search(r"^\(XEN\) domain 1 \(dog\): watchdog$"), run.where()


@pytest.mark.xdist_group("events-latency")
def test_timers_on_time_beside_long_batches(scenario):
    """A 200,000-request batch runs for two slices (~60 ms under -icount);
    continued whenever a timer is due, it delays no timer by a slice or
    more, as the issue requires.  (The first timer may wait for most of a
    slice: domain 0 has no credit yet, so its wake-up does not preempt.)"""
    run = scenario("latency")
    m = run.search(rf"^timely: {LATENCY_TICKS} timers, worst (\d+) us late$")
    assert m, f"no lateness reported; {run.where()}"
    assert int(m.group(1)) < DEFAULT_SLICE_MS * 1000, \
        f"a timer {m.group(1)} us late; {run.where()}"
    assert run.search(r"^\(XEN\) domain 1: [1-9]\d* hypercall continuations$"), run.where()
