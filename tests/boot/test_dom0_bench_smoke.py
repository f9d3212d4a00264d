"""dom0's benchmark programs (tests/dom0/bench_*), each run once at the
shell's prompt with few iterations, print the `bench:` lines
scripts/bench.py reads: one line per figure, a positive number, the
expected unit.  `make bench` runs the same programs with their default
counts; this only catches a broken benchmark.  One boot, shared."""

import re

import pytest

import minixen_boot as mb

pytestmark = pytest.mark.xdist_group("dom0_bench_smoke")

# Program and its arguments -> the (name, unit) of each line it prints.
PROGRAMS = {
    "bench_boot": [("dom0_boot_to_prompt", "ticks")],
    "bench_getppid 200": [("dom0_getppid", "ticks/call")],
    "bench_privcmd 200": [("dom0_privcmd_xen_version", "ticks/call")],
    "bench_forkexec 3": [("dom0_fork_exec_wait", "ticks"),
                         ("dom0_fork_exec_wait_us", "us")],
}
ANY_BENCH_LINE = re.compile(r"^bench: .*$", re.MULTILINE)


@pytest.fixture(scope="module")
def run(module_boot):
    script = [(mb.DOM0_PROMPT, f"/opt/tests/{cmd}\n") for cmd in PROGRAMS]
    script.append((mb.DOM0_PROMPT, "exit\n"))
    return module_boot("boot", modules=mb.DOM0_MODULES, script=script)


def test_dom0_ran_every_program_and_powered_off(run):
    assert run.script_stalled is None, run.where()
    assert run.status == mb.EXIT_POWEROFF, run.where()


@pytest.mark.parametrize("command", list(PROGRAMS))
def test_bench_lines_well_formed(run, command):
    for name, unit in PROGRAMS[command]:
        lines = re.findall(rf"^bench: {name} (\S+) (.*)$", run.log,
                           re.MULTILINE)
        assert len(lines) == 1, f"{name}: {len(lines)} lines; {run.where()}"
        value, got_unit = lines[0]
        assert got_unit == unit, f"{name}: unit {got_unit!r}; {run.where()}"
        assert re.fullmatch(r"\d+(\.\d)?", value) and float(value) > 0, \
            f"{name}: value {value!r}; {run.where()}"


def test_no_unlisted_bench_lines(run):
    listed = {name for figures in PROGRAMS.values() for name, _ in figures}
    names = {line.split()[1] for line in ANY_BENCH_LINE.findall(run.log)}
    assert names == listed, f"unexpected {names - listed}; {run.where()}"
