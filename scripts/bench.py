#!/usr/bin/python3
"""`make bench`: boots the benchmark guest (build/guests/bench.elf) under
several QEMU set-ups and compares its figures with Xen's and our targets.

Runs: TCG with -icount (deterministic: one instruction per virtual
nanosecond), plain TCG, and KVM when it can run a guest here.  Each run is
three boots: the guest alone (every figure that needs one domain, boot
time included), then beside a second copy in role=pong, for the figures
that need two domains (ping-pong round trip, domain switch), then the
control domain (build/dom0/kernel.elf and rootfs.cpio), whose shell is
given the benchmark programs of tests/dom0/ to run (DOM0_COMMANDS), then
the control domain again on a 1 GiB machine for the toolstack's figures
(tests/dom0/bench_xl: xl create and destroy beside 1, 10 and 100
domains), then a five-CPU machine whose hypervisor times TLB shootdowns
(selftest_tlb).  The guest, those programs and the hypervisor print
`bench: <name> <value> <unit>` lines; the
guest then its verdict, and powers off, as dom0 does at `exit`.  Any name
is accepted, so new benchmarks need no change here; names in TARGETS also
get Xen's figure and our target beside them.

Writes build/bench/results.txt (the table) and results.json, and keeps
each run's serial log in build/bench/.  Exits non-zero if a run failed or
printed no figures; a missed target is reported but is not a failure.
`--boot toolstack --run tcg-icount` (each repeatable) runs only those, for
a quick figure while working on one path.
"""

import argparse
import os
import json
import re
import subprocess
import sys
from pathlib import Path

sys.dont_write_bytecode = True     # no __pycache__ in tests/boot
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "boot"))
import minixen_boot as mb  # noqa: E402  (path set just above)

BENCH_GUEST = mb.GUESTS / "bench.elf"
OUT_DIR = mb.BUILD / "bench"
# A guest's or a dom0 program's line, or the hypervisor's own ("(XEN) bench: ...").
BENCH_LINE = re.compile(r"^(?:\(XEN\) )?bench: (\S+) (-?\d+(?:\.\d+)?) (.+)$")
BENCH_TIMEOUT = float(os.environ.get("MINIXEN_BENCH_TIMEOUT", "300"))

# From the benchmark issues: Xen 4.17's figure and minixen's target (upper
# bounds, in the figure's units).  "approx" marks a rounded Xen figure.
# A target applies to the tcg-icount run unless "runs" names others.
TARGETS = {
    "null_hypercall": {"unit": "ticks/call", "xen": 281, "target": 140},
    "evtchn_loopback": {"unit": "ticks/round", "xen": 957, "target": 400},
    "yield_alone": {"unit": "ticks/call", "xen": 2004, "target": 300},
    "boot_to_guest": {"unit": "ticks", "xen": 1_000_000_000, "approx": True,
                      "target": 10_000_000},
    # The control domain: Xen 4.17 with Debian's Linux 6.1 as dom0.
    "dom0_privcmd_xen_version": {"unit": "ticks/call", "xen": 1798,
                                 "target": 600},
    "dom0_getppid": {"unit": "ticks/call", "xen": 1096, "target": 300},
    "dom0_boot_to_prompt_s": {"unit": "s", "xen": "10.4-13.4",
                              "target": 1.0, "runs": ("tcg",)},
    # The toolstack: xl 4.17 under the same QEMU, a 32 MiB PV domain.
    "xl_create_with_1": {"unit": "ticks", "xen": 48_000_000, "approx": True,
                         "target": 2_000_000},
    "xl_destroy_with_1": {"unit": "ticks", "xen": 33_000_000, "approx": True,
                          "target": 500_000},
}

# Printed under the table (and kept in results.txt): what the numbers are.
LEGEND = [
    "A tick is one count of the guest's TSC (lfence; rdtsc).  In the "
    "tcg-icount run (-icount shift=0) QEMU's virtual TSC advances by one "
    "per guest instruction, so a tick is one instruction and the figures "
    "repeat exactly; the targets apply to that run.  In the tcg and kvm "
    "runs a tick is this host's wall-clock TSC, for reference only.",
    "Xen 4.17 column: the same guest's figures measured on Xen 4.17 under "
    "the same QEMU, taken from the benchmark issue (TARGETS in "
    "scripts/bench.py); ~ marks a rounded figure.  The dom0_ rows come "
    "from the control domain's programs (tests/dom0/bench_*), their Xen "
    "figures from Xen 4.17 with Debian's Linux 6.1 as dom0 under the same "
    "QEMU, taken from the dom0 benchmark issue: the same calls counted in "
    "instructions, and the boot in wall-clock seconds (several boots).",
    "dom0 figures are medians of calls timed one by one, less an empty "
    "sample's cost (tests/dom0/bench.h).  dom0_boot_to_prompt is the TSC "
    "as the first command starts, typed before dom0 starts so the shell "
    "never waits; under -icount it varies by some ten thousand ticks "
    "(under 0.5 %) from boot to boot (the typed characters interrupt the "
    "hypervisor's boot at moments the host decides); every other figure "
    "repeats exactly.  "
    "dom0_boot_to_prompt_s is seconds from starting qemu.sh to the "
    "first prompt on the serial line, and its target applies to the tcg "
    "run.",
]

# What dom0's shell runs, typed before dom0 starts (it all fits in the
# hypervisor's 128-byte console input ring, so the shell never waits for
# the host and the -icount figures do not depend on its timing): the
# boot figure first, then the benchmark programs, then `exit` (poweroff).
DOM0_COMMANDS = ["bench_boot", "bench_getppid", "bench_privcmd",
                 "bench_forkexec"]
DOM0_INPUT = "".join(f"/opt/tests/{c}\n" for c in DOM0_COMMANDS) + "exit\n"
DOM0_FIGURES = ("dom0_boot_to_prompt", "dom0_getppid",
                "dom0_privcmd_xen_version", "dom0_fork_exec_wait",
                "dom0_fork_exec_wait_us", "dom0_boot_to_prompt_s")
# Typed once the hypervisor has set up the serial line's interrupt, well
# before domain 0 runs; the second step only times the first prompt.
DOM0_SCRIPT = [(r"IRQ 4: GSI 4\b[^\n]*\n", DOM0_INPUT),
               (mb.DOM0_PROMPT, "")]
# The toolstack boot: typed once the shell is up (the daemons started
# before it); bench_xl's own output ends with its last figure.
TOOLSTACK_FIGURES = tuple(f"xl_{what}_with_{n}{unit}"
                          for n in (1, 10, 100)
                          for what in ("create", "scrub", "destroy")
                          for unit in ("", "_us"))
TOOLSTACK_SCRIPT = [(mb.DOM0_PROMPT, "/opt/tests/bench_xl\r"),
                    (r"bench: xl_destroy_with_100_us \d+ us[^\n]*\n", ""),
                    (mb.DOM0_PROMPT, "exit\r")]
# 100 domains of 4 MiB and one of 32 MiB beside a 256 MiB dom0.
TOOLSTACK_OPTIONS = {"memory": "1G",
                     "append": "console=com1 loglvl=all dom0_mem=256M"}
# Five CPUs: the hypervisor's selftest_tlb times TLB shootdowns from the
# boot CPU to 1, 2 and 4 others (docs/smp.md), beside the demo guest.
SMP_FIGURES = ("tlb_shootdown_1", "tlb_shootdown_2", "tlb_shootdown_4")
SMP_OPTIONS = {"smp": 5, "append": "console=com1 loglvl=all selftest_tlb"}

# label -> qemu.sh options.  KVM is added only when it works here.
RUNS = {
    "tcg-icount": {"accel": "tcg", "icount": True},
    "tcg": {"accel": "tcg"},
}
KVM_RUN = ("kvm", {"accel": "kvm"})


def kvm_probe():
    """(usable, qemu.sh's explanation)."""
    probe = subprocess.run([str(mb.QEMU_SH), "--probe-kvm"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True)
    return probe.returncode == 0, probe.stderr.strip()


def parse_figures(lines):
    """{name: {"value": number, "unit": str}} in the order printed."""
    figures = {}
    for line in lines:
        m = BENCH_LINE.match(line)
        if m:
            value = float(m.group(2))
            figures[m.group(1)] = {
                "value": int(value) if value.is_integer() else value,
                "unit": m.group(3).strip()}
    return figures


# The boots of a run: modules, QEMU's exit status when all went well (with
# two domains: both powered off, 2 * (1 << poweroff) + 1), and the script
# typed on the serial line (dom0 only).
BOOTS = {
    "solo": ([BENCH_GUEST], mb.EXIT_POWEROFF, (), {}),
    "pair": ([(BENCH_GUEST, "pong=1"), (BENCH_GUEST, "domain=pong role=pong")],
             mb.debug_exit_status(1 << 0), (), {}),
    "dom0": (mb.DOM0_MODULES, mb.EXIT_POWEROFF, DOM0_SCRIPT, {}),
    "toolstack": (mb.DOM0_MODULES, mb.EXIT_POWEROFF, TOOLSTACK_SCRIPT,
                  TOOLSTACK_OPTIONS),
    "smp": ([mb.GUESTS / "demo.elf"], mb.EXIT_POWEROFF, (), SMP_OPTIONS),
}
# Figures taken from the pair boot; everything else comes from solo, or
# from dom0 for those in DOM0_FIGURES.
PAIR_FIGURES = ("pingpong_round_trip", "domain_switch")


def boot_ok(boot, result, figures):
    """Did the boot end as it should and print what it should?  The
    guest ends with a verdict; dom0 prints every one of DOM0_FIGURES."""
    if boot == "dom0":
        return all(name in figures for name in DOM0_FIGURES)
    if boot == "toolstack":
        return all(name in figures for name in TOOLSTACK_FIGURES)
    if boot == "smp":
        return all(name in figures for name in SMP_FIGURES)
    verdicts = mb.parse_verdicts(result.lines)
    return bool(figures) and bool(verdicts) and \
        all(v[0] == "SUCCESS" for v in verdicts)


def boot_once(label, boot, options):
    """(ok, figures, BootResult) for one boot."""
    modules, expected_status, script, extra = BOOTS[boot]
    result = mb.boot(label, timeout=BENCH_TIMEOUT, log_dir=OUT_DIR,
                     modules=modules, script=script, **options, **extra)
    figures = parse_figures(result.lines)
    if boot == "dom0" and len(result.step_seconds) == len(DOM0_SCRIPT):
        figures["dom0_boot_to_prompt_s"] = {
            "value": round(result.step_seconds[-1], 2), "unit": "s"}
    ok = result.status == expected_status and boot_ok(boot, result, figures)
    if not ok:
        print(f"bench: run {label} failed: {result.where()}", file=sys.stderr)
    return ok, figures, result


def figure_from(boot, name):
    """Is this boot where the figure `name` is taken from?"""
    if name in DOM0_FIGURES:
        return boot == "dom0"
    if name in TOOLSTACK_FIGURES:
        return boot == "toolstack"
    if name in SMP_FIGURES:
        return boot == "smp"
    return (name in PAIR_FIGURES) == (boot == "pair")


def run_one(label, options, boots):
    """The boots of one QEMU set-up; this run's record for results.json."""
    record = {"options": options, "ok": True, "figures": {}, "boots": {}}
    for boot in boots:
        ok, figures, result = boot_once(f"{label}-{boot}", boot, options)
        record["ok"] &= ok
        record["boots"][boot] = {"exit_status": result.status, "ok": ok,
                                 "seconds": round(result.seconds, 1),
                                 "log": str(result.log_path)}
        for name, fig in figures.items():
            if figure_from(boot, name):
                record["figures"][name] = fig
    return record


def fmt(value, approx=False):
    if value is None:
        return "-"
    if isinstance(value, str):      # a range, as "10.4-13.4"
        return value
    if isinstance(value, int):
        text = f"{value:,}"
    else:                           # one decimal, two if it needs them
        text = f"{value:,.1f}" if round(value, 1) == round(value, 2) \
            else f"{value:,.2f}"
    return ("~" if approx else "") + text


def names_in_order(runs):
    names = list(TARGETS)
    for run in runs.values():
        names += [n for n in run["figures"] if n not in names]
    return [n for n in names
            if any(n in run["figures"] for run in runs.values())]


def table(runs):
    labels = list(runs)
    header = ["benchmark", "unit"] + labels + ["Xen 4.17", "target"]
    rows = [header]
    for name in names_in_order(runs):
        t = TARGETS.get(name, {})
        unit = next(r["figures"][name]["unit"] for r in runs.values()
                    if name in r["figures"])
        values = [fmt(runs[l]["figures"].get(name, {}).get("value"))
                  for l in labels]
        target = f"<= {fmt(t['target'])}" if t else "-"
        rows.append([name, unit] + values +
                    [fmt(t.get("xen"), t.get("approx")), target])
    rows.append(["(run status)", ""] +
                ["ok" if runs[l]["ok"] else "FAILED" for l in labels] +
                ["", ""])
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) if i < 2 else c.rjust(w)
                               for i, (c, w) in enumerate(zip(r, widths)))
                     for r in rows)


def verdicts(runs):
    """One line per target: which runs meet it."""
    lines = []
    for name, t in TARGETS.items():
        parts = []
        for label, run in runs.items():
            fig = run["figures"].get(name)
            if fig is None:
                continue
            # Most targets are instruction counts (the -icount run); the
            # other runs' ticks are wall-clock TSC ticks, shown for
            # reference.  A wall-clock target names its runs.
            if label in t.get("runs", ("tcg-icount",)):
                met = "met" if fig["value"] <= t["target"] else \
                    f"MISSED by {fmt(fig['value'] - t['target'])}"
            else:
                met = "(reference only)"
            parts.append(f"{label} {fmt(fig['value'])} {met}")
        lines.append(f"{name}: target <= {fmt(t['target'])} {t['unit']} "
                     f"(Xen 4.17 {fmt(t['xen'], t.get('approx'))}): "
                     + ("; ".join(parts) or "not measured"))
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-kvm", action="store_true",
                        help="skip the KVM run even if KVM works")
    parser.add_argument("--boot", action="append", choices=list(BOOTS),
                        help="only this boot (repeatable); default all")
    parser.add_argument("--run", action="append",
                        choices=list(RUNS) + [KVM_RUN[0]],
                        help="only this QEMU set-up (repeatable)")
    args = parser.parse_args()
    for image in [BENCH_GUEST] + mb.DOM0_MODULES:
        if not image.is_file():
            sys.exit(f"bench: {image} is missing: run `make` first")
    plan, notes = dict(RUNS), []
    usable, why = (False, "--no-kvm given") if args.no_kvm \
        else kvm_probe()
    if usable:
        plan[KVM_RUN[0]] = KVM_RUN[1]
    else:
        notes.append(f"kvm: not run: {why}")
    if args.run:
        plan = {label: opts for label, opts in plan.items()
                if label in args.run}
    boots = args.boot or list(BOOTS)
    runs = {label: run_one(label, opts, boots)
            for label, opts in plan.items()}
    report = "\n".join([table(runs), ""] + LEGEND + [""] + verdicts(runs)
                       + notes) + "\n"
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "results.txt").write_text(report)
    (OUT_DIR / "results.json").write_text(json.dumps(
        {"runs": runs, "targets": TARGETS}, indent=2) + "\n")
    print(report, end="")
    print(f"bench: results in {OUT_DIR}/results.txt and results.json")
    return 0 if all(run["ok"] for run in runs.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
