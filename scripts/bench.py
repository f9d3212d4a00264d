#!/usr/bin/python3
"""`make bench`: boots the benchmark guest (build/guests/bench.elf) under
several QEMU set-ups and compares its figures with Xen's and our targets.

Runs: TCG with -icount (deterministic: one instruction per virtual
nanosecond), plain TCG, and KVM when it can run a guest here.  Each run is
two boots: the guest alone (every figure that needs one domain, boot time
included), then beside a second copy in role=pong, for the figures that
need two domains (ping-pong round trip, domain switch).  The guest prints
`bench: <name> <value> <unit>` lines, then its verdict, then powers off.  Any name is accepted, so new benchmarks need no change here; names
in TARGETS also get Xen's figure and our target beside them.

Writes build/bench/results.txt (the table) and results.json, and keeps
each run's serial log in build/bench/.  Exits non-zero if a run failed or
printed no figures; a missed target is reported but is not a failure.
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
BENCH_LINE = re.compile(r"^bench: (\S+) (-?\d+(?:\.\d+)?) (.+)$")
BENCH_TIMEOUT = float(os.environ.get("MINIXEN_BENCH_TIMEOUT", "300"))

# From the benchmark issue: Xen 4.17's figure and minixen's target (upper
# bounds, in the guest's units).  "approx" marks a rounded Xen figure.
TARGETS = {
    "null_hypercall": {"unit": "ticks/call", "xen": 281, "target": 140},
    "evtchn_loopback": {"unit": "ticks/round", "xen": 957, "target": 400},
    "yield_alone": {"unit": "ticks/call", "xen": 2004, "target": 300},
    "boot_to_guest": {"unit": "ticks", "xen": 1_000_000_000, "approx": True,
                      "target": 10_000_000},
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
    "scripts/bench.py); ~ marks a rounded figure.",
]

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


# The two boots of a run: modules, and QEMU's exit status when all went well
# (with two domains: both powered off, 2 * (1 << poweroff) + 1).
BOOTS = {
    "solo": ([BENCH_GUEST], mb.EXIT_POWEROFF),
    "pair": ([(BENCH_GUEST, "pong=1"), (BENCH_GUEST, "domain=pong role=pong")],
             mb.debug_exit_status(1 << 0)),
}
# Figures taken from the pair boot; everything else comes from solo.
PAIR_FIGURES = ("pingpong_round_trip", "domain_switch")


def boot_once(label, modules, expected_status, options):
    """(ok, figures, BootResult) for one boot."""
    result = mb.boot(label, timeout=BENCH_TIMEOUT, log_dir=OUT_DIR,
                     modules=modules, **options)
    figures = parse_figures(result.lines)
    verdicts = mb.parse_verdicts(result.lines)
    ok = (result.status == expected_status and bool(figures) and verdicts and
          all(v[0] == "SUCCESS" for v in verdicts))
    if not ok:
        print(f"bench: run {label} failed: {result.where()}", file=sys.stderr)
    return ok, figures, result


def run_one(label, options):
    """Both boots of one QEMU set-up; this run's record for results.json."""
    record = {"options": options, "ok": True, "figures": {}, "boots": {}}
    for boot, (modules, status) in BOOTS.items():
        ok, figures, result = boot_once(f"{label}-{boot}", modules, status, options)
        record["ok"] &= ok
        record["boots"][boot] = {"exit_status": result.status, "ok": ok,
                                 "seconds": round(result.seconds, 1),
                                 "log": str(result.log_path)}
        for name, fig in figures.items():
            if (name in PAIR_FIGURES) == (boot == "pair"):
                record["figures"][name] = fig
    return record


def fmt(value, approx=False):
    if value is None:
        return "-"
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
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
            # Targets are instruction counts (the -icount run); the other
            # runs' ticks are wall-clock TSC ticks, shown for reference.
            if RUNS.get(label, {}).get("icount"):
                met = "met" if fig["value"] <= t["target"] else "MISSED"
            else:
                met = "(wall-clock ticks, not comparable)"
            parts.append(f"{label} {fmt(fig['value'])} {met}")
        lines.append(f"{name}: target <= {fmt(t['target'])} {t['unit']} "
                     f"(Xen 4.17 {fmt(t['xen'], t.get('approx'))}): "
                     + ("; ".join(parts) or "not measured"))
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-kvm", action="store_true",
                        help="skip the KVM run even if KVM works")
    args = parser.parse_args()
    if not BENCH_GUEST.is_file():
        sys.exit(f"bench: {BENCH_GUEST} is missing: run `make` first")
    plan, notes = dict(RUNS), []
    usable, why = (False, "--no-kvm given") if args.no_kvm \
        else kvm_probe()
    if usable:
        plan[KVM_RUN[0]] = KVM_RUN[1]
    else:
        notes.append(f"kvm: not run: {why}")
    runs = {label: run_one(label, opts) for label, opts in plan.items()}
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
