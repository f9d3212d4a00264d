"""Output formats and error paths of dom0's tools and test programs, run
on the host against a fake privcmd (fake_privcmd.c, LD_PRELOADed), which
answers hypercalls as a small fixed machine would.

Checks `xl info` field for field in Xen 4.17's format, `xl info NAME`,
`xl list`'s header and rows, `xl dmesg` reading incrementally in 16 KiB
reads, `-c` clearing, `hypercall_test`, and that privcmd_test and
sysctl_test pass against the errors Xen gives.

Run from the top of the tree after `make`:
    /usr/bin/python3 -m pytest tests/unit/test_dom0_tools.py
"""

import os
import pathlib
import re
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("MINIXEN_BUILD", ROOT / "build"))
# dom0's xl is static; this build of it takes LD_PRELOAD (tools/tools.mk).
XL = BUILD / "dom0-obj" / "xl-dynamic"
HYPERCALL_TEST = BUILD / "tools" / "hypercall_test"
TESTS = BUILD / "dom0-tests"
SHIM_SOURCE = ROOT / "tests" / "unit" / "fake_privcmd.c"


@pytest.fixture(scope="module")
def shim(tmp_path_factory):
    out = tmp_path_factory.mktemp("shim") / "fake_privcmd.so"
    subprocess.run(["gcc", "-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror",
                    "-shared", "-fPIC", "-I", ROOT / "tools" / "include",
                    "-I", ROOT / "include", "-I", BUILD / "gen" / "include",
                    "-o", out, SHIM_SOURCE, "-ldl"], check=True)
    return out


def run(shim, program, *args, env=None):
    full = dict(os.environ, LD_PRELOAD=str(shim), **(env or {}))
    return subprocess.run([str(program), *args], capture_output=True,
                          text=True, timeout=30, env=full)


def expected_info():
    """What Xen 4.17's xl prints for the fake machine: "name : value",
    the name padded to 23 columns; virt_caps has no space of its own
    after the colon, each capability brings one."""
    u = os.uname()
    fields = [
        ("host", u.nodename), ("release", u.release), ("version", u.version),
        ("machine", u.machine), ("nr_cpus", "2"), ("max_cpu_id", "1"),
        ("nr_nodes", "1"), ("cores_per_socket", "2"),
        ("threads_per_core", "1"), ("cpu_mhz", "2400.123"),
        ("hw_caps", "178bfbff:00000000:00000000:00000000:00000000:"
                    "00000000:00000000:00000001"),
        ("virt_caps", None),
        ("total_memory", "256"), ("free_memory", "99"),
        ("sharing_freed_memory", "0"), ("sharing_used_memory", "0"),
        ("outstanding_claims", "1"), ("free_cpus", "0"),
        ("xen_major", "4"), ("xen_minor", "17"), ("xen_extra", ".0-fake"),
        ("xen_version", "4.17.0-fake"),
        ("xen_caps", "xen-3.0-x86_64 xen-3.0-x86_32p"),
        ("xen_scheduler", "credit"), ("xen_pagesize", "4096"),
        ("platform_params", "virt_start=0xffff800000000000"),
        ("xen_changeset", "abcdef123456"),
        ("xen_commandline", "console=com1 loglvl=all"),
        ("cc_compiler", "gcc 12"), ("cc_compile_by", "tester"),
        ("cc_compile_domain", "example.org"),
        ("cc_compile_date", "Tue Dec  1 00:00:00 UTC 2026"),
        ("build_id", "deadbeef"), ("xend_config_format", "4"),
    ]
    lines = [f"{name:<23}: {value}" if value is not None
             else f"{name:<23}: pv gnttab-v1" for name, value in fields]
    return "\n".join(lines) + "\n"


def test_xl_info_format(shim):
    result = run(shim, XL, "info")
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected_info()


@pytest.mark.parametrize("name, value", [
    ("xen_caps", "xen-3.0-x86_64 xen-3.0-x86_32p\n"),
    ("virt_caps", "pv gnttab-v1\n"),
    ("free_memory", "99\n"),
    ("xen_", "4\n17\n.0-fake\n4.17.0-fake\nxen-3.0-x86_64 xen-3.0-x86_32p\n"
             "credit\n4096\nabcdef123456\nconsole=com1 loglvl=all\n"),
])
def test_xl_info_one_field(shim, name, value):
    assert run(shim, XL, "info", name).stdout == value


def test_xl_list_format(shim):
    result = run(shim, XL, "list")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
        f"{'Domain-0':<40}     0   128     1     r-----      12.3\n"
        f"{'(null)':<40}     1     8     2     ---scd       0.5\n")


def test_xl_dmesg_reads_incrementally(shim, tmp_path):
    log = tmp_path / "calls"
    result = run(shim, XL, "dmesg", env={"FAKE_PRIVCMD_LOG": str(log)})
    assert result.returncode == 0, result.stderr
    assert result.stdout == "(XEN) first line\n(XEN) second line\n"
    assert log.read_text().splitlines() == [
        "readconsole clear=0 incremental=1 index=0 count=16384",
        "readconsole clear=0 incremental=1 index=35 count=16384"]


def test_xl_dmesg_clear(shim, tmp_path):
    log = tmp_path / "calls"
    run(shim, XL, "dmesg", "-c", env={"FAKE_PRIVCMD_LOG": str(log)})
    assert all("clear=1" in line for line in log.read_text().splitlines())


def test_hypercall_test(shim):
    result = run(shim, HYPERCALL_TEST, "hello!")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith("fd = ")
    assert int(lines[0][5:]) >= 3 and lines[1] == "ret = 1"


@pytest.mark.parametrize("program, args, last", [
    ("privcmd_test", ["50"], "privcmd_test: PASS"),
    ("sysctl_test", [], "sysctl_test: PASS"),
])
def test_check_programs_pass_against_xens_errors(shim, program, args, last):
    result = run(shim, TESTS / program, *args)
    assert result.returncode == 0, result.stdout
    assert "not ok" not in result.stdout
    assert result.stdout.splitlines()[-1] == last


def test_privcmd_test_counts_calls(shim):
    assert "privcmd_test: 50 calls\n" in run(shim, TESTS / "privcmd_test",
                                             "50").stdout


@pytest.mark.parametrize("program, name", [
    ("bench_getppid", "dom0_getppid"),
    ("bench_privcmd", "dom0_privcmd_xen_version"),
])
def test_bench_line(shim, program, name):
    result = run(shim, TESTS / program, "1000")
    assert result.returncode == 0
    words = result.stdout.split()
    assert words[:2] == ["bench:", name] and words[3] == "ticks/call"
    assert int(words[2]) > 0


def test_forkloop_runs_hello_static():
    """forkloop execs DOM0_TESTS_DIR/hello_static, which exists only in
    dom0: on the host every cycle fails, and the summary says so."""
    result = subprocess.run([str(TESTS / "forkloop"), "3"],
                            capture_output=True, text=True, timeout=30)
    expected_ok = 3 if pathlib.Path("/opt/tests/hello_static").exists() else 0
    summary, memory = result.stdout.splitlines()
    assert summary == f"forkloop: 3 cycles, {expected_ok} ok, {3 - expected_ok} failed"
    assert re.fullmatch(r"forkloop: MemFree \d+ kB before, \d+ kB after", memory)
    assert result.returncode == (0 if expected_ok == 3 else 1)
