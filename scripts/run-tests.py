#!/usr/bin/python3
"""`make test` after the build: runs every test minixen has and prints one
verdict over all of them.

Suites, in order:
  unit (cmocka)   every program named in build/unit/tests.list (written by
                  `make unit-tests`), with TAP output
  unit (python)   pytest on tests/unit/ (if it has test_*.py files)
  boot            pytest on tests/boot/, in parallel (pytest-xdist)

Each suite's own output streams by; then a per-suite summary, the names of
failed tests, and as the very last line `N passed, N failed` over
everything.  Exits non-zero if anything failed.  These count as failures:
a test program that crashes, stops early or hangs past its time bound; a
missing or empty tests.list, or a program it names that is missing; pytest
finding no tests (exit status 5); a suite that reports no results at all.
Skipped tests are counted in the summary but are neither passed nor
failed, except when the environment variable CI is set: then every
skipped test is a failure, listed with its reason.
"""

import os
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = Path(os.environ.get("MINIXEN_BUILD", ROOT / "build"))
UNIT_BIN = BUILD / "unit"
UNIT_LIST = UNIT_BIN / "tests.list"
RESULTS = BUILD / "test-results"
PYTHON = "/usr/bin/python3"
# One host unit test program must finish within this many seconds.
UNIT_TIMEOUT = float(os.environ.get("MINIXEN_UNIT_TIMEOUT", "300"))
# The whole boot suite; each boot has its own, shorter bound
# (MINIXEN_BOOT_TIMEOUT), so this only catches a wedged runner.
BOOT_SUITE_TIMEOUT = float(os.environ.get("MINIXEN_BOOT_SUITE_TIMEOUT",
                                          "1800"))

TAP_LINE = re.compile(r"^(not ok|ok)\b\s*(\d+)?\s*-?\s*(.*)$")
TAP_PLAN = re.compile(r"^1\.\.(\d+)")


@dataclass
class Suite:
    name: str
    passed: int = 0
    failed: list = field(default_factory=list)     # failed test names
    skipped: list = field(default_factory=list)    # "name: reason"

    def line(self):
        return (f"{self.name:<16} {self.passed} passed, "
                f"{len(self.failed)} failed, {len(self.skipped)} skipped")

    def results(self):
        return self.passed + len(self.failed) + len(self.skipped)


def banner(text):
    print(f"\n==== {text} ====", flush=True)


def run_streaming(argv, timeout, env=None):
    """Run argv, echoing its output as it comes; returns (status, output).
    A program over its time bound is killed and reported as status None."""
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            errors="replace")
    chunks = []

    def pump():
        for line in proc.stdout:
            chunks.append(line)
            print(line, end="", flush=True)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        status = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        status = None
    reader.join()
    return status, "".join(chunks)


def tap_count(suite, program, output):
    """Add one cmocka program's TAP results to suite; returns how many
    results it reported and its plan (1..N), or None without one."""
    plans, results = [], 0
    for line in output.splitlines():
        if TAP_PLAN.match(line):
            plans.append(int(TAP_PLAN.match(line).group(1)))
        m = TAP_LINE.match(line)
        if not m:
            continue
        results += 1
        if "# SKIP" in line:
            # cmocka writes "not ok N # SKIP <test>"; TAP allows
            # "ok N - <test> # SKIP <reason>".
            before, _, after = m.group(3).partition("# SKIP")
            what = (f"{before.strip()}: {after.strip() or 'skipped'}"
                    if before.strip() else f"{after.strip()}: skipped")
            suite.skipped.append(f"{program}: {what}")
        elif m.group(1) == "ok":
            suite.passed += 1
        else:
            suite.failed.append(f"{program}: {m.group(3)}")
    return results, (sum(plans) if plans else None)


def unit_programs(suite):
    """The programs tests/unit/unit.mk built, from tests.list.  A missing
    or empty list and a listed program that is missing are failures;
    other files in build/unit/ (stale programs) are not run."""
    if not UNIT_LIST.is_file():
        suite.failed.append(f"{UNIT_LIST} is missing: run `make unit-tests`")
        return []
    names = [n.strip() for n in UNIT_LIST.read_text().splitlines()
             if n.strip()]
    if not names:
        suite.failed.append(f"{UNIT_LIST} lists no test programs")
    programs = []
    for name in names:
        program = UNIT_BIN / name
        if program.is_file() and os.access(program, os.X_OK):
            programs.append(program)
        else:
            suite.failed.append(f"{name}: listed in {UNIT_LIST.name} but "
                                f"{program} is missing or not executable")
    for stale in sorted(set(p.name for p in UNIT_BIN.iterdir()) -
                        set(names) - {UNIT_LIST.name}):
        print(f"note: {UNIT_BIN / stale} is not in {UNIT_LIST.name} "
              "(stale?): not run", flush=True)
    return programs


def run_cmocka():
    suite = Suite("unit (cmocka)")
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
    for program in unit_programs(suite):
        banner(f"unit: {program.name}")
        status, out = run_streaming([str(program)], UNIT_TIMEOUT, env=env)
        before = len(suite.failed)
        results, plan = tap_count(suite, program.name, out)
        if status is None:
            suite.failed.append(f"{program.name}: timed out after "
                                f"{UNIT_TIMEOUT:.0f}s")
        elif plan is not None and results < plan:
            suite.failed.append(f"{program.name}: only {results} of {plan} "
                                f"tests reported (status {status})")
        elif results == 0:
            suite.failed.append(f"{program.name}: no TAP results "
                                f"(status {status})")
        elif status != 0 and len(suite.failed) == before:
            suite.failed.append(f"{program.name}: exit status {status} "
                                "without a failed test")
    return suite


def junit_count(suite, xml_path):
    """Add a pytest junit report's results to suite."""
    for case in ET.parse(xml_path).getroot().iter("testcase"):
        name = f"{case.get('classname', '')}::{case.get('name', '')}"
        if case.find("failure") is not None or case.find("error") is not None:
            suite.failed.append(name)
        elif case.find("skipped") is not None:
            reason = case.find("skipped").get("message") or "no reason given"
            suite.skipped.append(f"{name}: {reason}")
        else:
            suite.passed += 1


def run_pytest(name, target, extra, timeout):
    """One pytest run with a junit report.  pytest's own failures that
    leave no test results (collection errors, a crash) count once."""
    suite = Suite(name)
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = RESULTS / (re.sub(r"\W+", "-", name).strip("-") + ".xml")
    report.unlink(missing_ok=True)
    banner(name)
    argv = [PYTHON, "-m", "pytest", "-p", "no:cacheprovider",
            f"--junitxml={report}"] + extra + [str(target)]
    # Keep __pycache__ directories out of the source tree.
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    status, _ = run_streaming(argv, timeout, env=env)
    if report.is_file():
        junit_count(suite, report)
    if status is None:
        suite.failed.append(f"{name}: pytest timed out after {timeout:.0f}s")
    elif status == 5:
        suite.failed.append(f"{name}: pytest collected no tests "
                            "(exit status 5)")
    elif status != 0 and not suite.failed:
        suite.failed.append(f"{name}: pytest exit status {status}")
    return suite


def python_unit_tests():
    unit_dir = ROOT / "tests" / "unit"
    return unit_dir if any(unit_dir.glob("test_*.py")) else None


def main():
    suites = [run_cmocka()]
    unit_py = python_unit_tests()
    if unit_py:
        suites.append(run_pytest("unit (python)", unit_py, ["-q"],
                                 UNIT_TIMEOUT))
    suites.append(run_pytest("boot", ROOT / "tests" / "boot",
                             ["-n", "auto", "-q"], BOOT_SUITE_TIMEOUT))
    for suite in suites:
        if not suite.results() and not suite.failed:
            suite.failed.append("the suite reported no test results")
    ci = "CI" in os.environ
    if ci:
        for suite in suites:
            suite.failed += [f"skipped, and CI is set: {skip}"
                             for skip in suite.skipped]
    banner("summary")
    for suite in suites:
        print(suite.line())
    for suite in suites:
        for skip in suite.skipped:
            print(f"SKIPPED {suite.name}: {skip}")
    if ci and any(s.skipped for s in suites):
        print("CI is set in the environment: every skipped test counts "
              "as failed")
    failed = [f"{s.name}: {f}" for s in suites for f in s.failed]
    for name in failed:
        print(f"FAILED {name}")
    passed = sum(s.passed for s in suites)
    if passed + len(failed) == 0:
        print("no tests ran")
    print(f"{passed} passed, {len(failed)} failed")
    return 0 if passed and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
