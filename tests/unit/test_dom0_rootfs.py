"""Tests of dom0's root archive, build/dom0/rootfs.cpio (built by `make`),
and host-side sanity checks of the programs in it.

The archive must hold: busybox with a link for every applet where
`busybox --list-full` puts it (/bin/sh among them), /init and /etc,
Debian's ld.so and libc at their Debian paths, xl and hypercall_test, and
the boot-test programs; every dynamic program's interpreter and libraries
must be in it; and mkrootfs must give the same bytes from the same lists.
The layout is described in docs/dom0.md.

Run from the top of the tree after `make`:
    /usr/bin/python3 -m pytest tests/unit/test_dom0_rootfs.py
"""

import os
import pathlib
import re
import subprocess
import sys

import pytest

import newc_reader

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("MINIXEN_BUILD", ROOT / "build"))
ARCHIVE = BUILD / "dom0" / "rootfs.cpio"
LISTS = [ROOT / "dom0" / "rootfs" / "rootfs.list",
         BUILD / "dom0" / "busybox.list", BUILD / "dom0" / "files.list"]
BUSYBOX = BUILD / "busybox" / "bin" / "busybox"
TOOLS = BUILD / "tools"
TESTS = BUILD / "dom0-tests"
LIBDIR = "lib/x86_64-linux-gnu"
LOADER = f"{LIBDIR}/ld-linux-x86-64.so.2"
TEST_PROGRAMS = ["hello_static", "hello_dynamic", "null_deref", "forkloop",
                 "privcmd_test", "sysctl_test", "bench_getppid",
                 "bench_privcmd", "bench_forkexec", "bench_boot", "privcmd_long", "bad_sigreturn", "attacks"]
PROGRAMS = ["usr/sbin/xl", "usr/bin/hypercall_test"] + \
    [f"opt/tests/{t}" for t in TEST_PROGRAMS]
ELF_MAGIC = b"\x7fELF"


@pytest.fixture(scope="module")
def members():
    assert ARCHIVE.is_file(), f"{ARCHIVE} is missing: run `make` first"
    return newc_reader.by_name(ARCHIVE.read_bytes())


def resolve(members, name, depth=0):
    """The member a name leads to, following absolute links."""
    m = members.get(name)
    assert m is not None, f"/{name} is not in the archive"
    if m.is_link():
        assert depth < 8, f"/{name}: too many links"
        return resolve(members, m.data.decode().lstrip("/"), depth + 1)
    return m


def readelf(tmp_path, member, option):
    path = tmp_path / pathlib.PurePath(member.name).name
    path.write_bytes(member.data)
    return subprocess.run(["readelf", option, "--wide", str(path)],
                          capture_output=True, text=True, check=True).stdout


def test_shell_is_busybox(members):
    assert members["bin/sh"].is_link()
    assert members["bin/sh"].data == b"/bin/busybox"
    busybox = members["bin/busybox"]
    assert busybox.is_file() and busybox.perms() == 0o755
    assert busybox.data == BUSYBOX.read_bytes()


def test_every_applet_linked(members):
    listed = subprocess.run([str(BUSYBOX), "--list-full"], check=True,
                            capture_output=True, text=True).stdout.split()
    applets = [a for a in listed if a not in ("linuxrc", "bin/busybox")]
    assert len(applets) > 100
    missing = [a for a in applets if a not in members]
    assert not missing, f"applets without a link: {missing}"
    wrong = [a for a in applets if members[a].data != b"/bin/busybox"]
    assert not wrong, f"links not to /bin/busybox: {wrong}"


def test_init_script(members):
    init = members["init"]
    assert init.is_file() and init.perms() == 0o755
    text = init.data.decode()
    assert text.startswith("#!/bin/sh\n")
    assert re.search(r"^/bin/sh -l -i$", text, re.M)
    assert re.search(r"^poweroff -f$", text, re.M)
    commands = [l.split()[0] for l in text.splitlines()
                if l.strip() and not l.lstrip().startswith("#")]
    assert "mount" not in commands, "the kernel mounts /dev, /proc and /tmp"


def test_etc(members):
    assert members["etc/passwd"].data.startswith(b"root:x:0:0:")
    assert members["etc/group"].data.startswith(b"root:x:0:")
    assert members["etc/hostname"].data == b"dom0\n"
    profile = members["etc/profile"].data.decode()
    assert "PS1='dom0# '" in profile and "export PATH=" in profile


def test_mount_points(members):
    for name, perms in (("dev", 0o755), ("proc", 0o555), ("tmp", 0o1777)):
        assert members[name].is_dir() and members[name].perms() == perms


def test_no_device_nodes(members):
    kinds = {m.mode & 0o170000 for m in members.values()}
    assert kinds <= {0o040000, 0o100000, 0o120000}


def test_debian_libc(members):
    for lib in ("ld-linux-x86-64.so.2", "libc.so.6"):
        m = members[f"{LIBDIR}/{lib}"]
        assert m.is_file() and m.data == pathlib.Path(f"/{LIBDIR}/{lib}").read_bytes()
    link = members["lib64/ld-linux-x86-64.so.2"]
    assert link.is_link() and link.data == f"/{LOADER}".encode()


def test_programs_present(members):
    for name in PROGRAMS:
        m = members[name]
        assert m.is_file() and m.perms() == 0o755, name
        assert m.data.startswith(ELF_MAGIC), name


def test_dynamic_programs_resolve(members, tmp_path):
    """Each dynamic program's PT_INTERP and DT_NEEDED are in the archive."""
    for name in PROGRAMS:
        m = members[name]
        interp = re.search(r"program interpreter: (\S+)\]",
                           readelf(tmp_path, m, "-l"))
        needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(\S+)\]",
                            readelf(tmp_path, m, "-d"))
        if name.endswith(("hello_static", "bench_boot", "sbin/xl")):
            assert interp is None and not needed, f"{name} is not static"
            continue
        assert interp, f"{name} has no interpreter"
        assert resolve(members, interp.group(1).lstrip("/")).is_file()
        for lib in needed:
            assert f"{LIBDIR}/{lib}" in members, f"{name} needs {lib}"


def test_same_lists_same_bytes(tmp_path):
    out = tmp_path / "again.cpio"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "mkrootfs.py"),
                    "-o", str(out)] + [str(p) for p in LISTS],
                   cwd=ROOT, check=True)
    assert out.read_bytes() == ARCHIVE.read_bytes()


def run(program, *args):
    return subprocess.run([str(program), *args], capture_output=True,
                          text=True, timeout=30)


def test_hello_programs_run_on_the_host():
    assert run(TESTS / "hello_static").stdout == "hello, static\n"
    out = run(TESTS / "hello_dynamic", "one", "two words").stdout
    assert out == (f"hello, dynamic\nargv[0] = {TESTS / 'hello_dynamic'}\n"
                   "argv[1] = one\nargv[2] = two words\n")


def test_hypercall_test_usage():
    result = run(TOOLS / "hypercall_test")
    assert result.returncode == 1
    assert result.stderr == "usage: hypercall_test MESSAGE\n"


@pytest.mark.parametrize("args, status, stream, text", [
    ((), 1, "stdout", "Usage xl <subcommand> [args]"),
    (("help",), 0, "stdout", " dmesg               Read and/or clear dmesg buffer"),
    (("frobnicate",), 1, "stderr", "command not implemented"),
    (("dmesg", "-h"), 0, "stdout", "Usage: xl dmesg [-c]"),
    (("list", "-x"), 2, "stderr", "option `x' not supported."),
    (("help", "nosuch"), 0, "stdout", 'command "nosuch" not implemented'),
])
def test_xl_messages_and_status(args, status, stream, text):
    """What needs no privcmd: help, and refusals before it is opened."""
    result = run(TOOLS / "xl", *args)
    assert result.returncode == status
    assert text in getattr(result, stream)
