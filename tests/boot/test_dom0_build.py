"""The toolstack's PV builder from dom0 (tests/dom0/build_domain.c, on
tools/lib/xenctrl and xenguest): one boot of the control domain alone.

build_domain checks kernels without making a domain (the demo guest as
an ELF file, gzip'ed and xz'ed, all loadable; text, truncated, empty and
missing files refused with one line and Linux's errno), then builds the
demo guest into a new domain the way xl create does, unpauses it and
waits for it to power off: its greeting reaches the hypervisor's log
under its own domain id.  Needs the domctl commands (tk-hv) and privcmd's
foreign mappings (tk-privcmd).
"""

import re

import pytest

pytestmark = pytest.mark.xdist_group("dom0-build")

GUESTS = "/opt/guests"
BUILD = "/opt/tests/build_domain"
ENOENT, EINVAL, ENOEXEC = 2, 22, 8


def domain_ids(shell):
    """The ids xl list shows (its first line is the header)."""
    out = shell.run("xl list")
    assert out.status == 0, out
    return [line.split()[1] for line in out.lines[1:]]


@pytest.mark.parametrize("name", ["demo.elf", "demo.elf.gz", "demo.elf.xz"])
def test_every_form_of_the_demo_is_loadable(dom0_shell, name):
    out = dom0_shell.run(f"{BUILD} check {GUESTS}/{name}")
    assert out.lines == [f"{GUESTS}/{name}: loadable"] and out.status == 0, out


BAD_KERNELS = [
    ("echo 'not a kernel' > /tmp/text", "/tmp/text", ENOEXEC,
     "not an ELF image, a bzImage, or a gzip or xz file"),
    (f"head -c 3000 {GUESTS}/demo.elf > /tmp/trunc", "/tmp/trunc", ENOEXEC,
     "not a PV kernel: segment 0: file data past end of file"),
    (f"head -c 2000 {GUESTS}/demo.elf.gz > /tmp/trunc.gz", "/tmp/trunc.gz", EINVAL,
     "corrupt or truncated compressed kernel"),
    (": > /tmp/empty", "/tmp/empty", ENOEXEC, "file is empty"),
    ("true", "/tmp/missing", ENOENT, "No such file or directory"),
    ("true", "/tmp", EINVAL, "not a regular file"),
]


@pytest.mark.parametrize("make,path,errno,reason", BAD_KERNELS,
                         ids=["text", "truncated-elf", "truncated-gzip", "empty",
                              "missing", "directory"])
def test_bad_kernels_are_refused_before_any_domain(dom0_shell, make, path, errno, reason):
    before = domain_ids(dom0_shell)
    assert dom0_shell.run(make).status == 0
    out = dom0_shell.run(f"{BUILD} check {path}")
    assert out.lines == [f"{path}: refused (errno {errno}): {path}: {reason}"], out
    assert out.status == 1, out
    assert domain_ids(dom0_shell) == before


def run_build(shell, command):
    """build_domain run, skipped (with the reason) on a hypervisor without
    the toolstack's domctl commands: they come with the hypervisor part."""
    out = shell.run(command, timeout=120)
    if any(line.startswith("not ok - domain created") and "Function not implemented" in line
           for line in out.lines):
        pytest.skip("the hypervisor has no domctl createdomain (ENOSYS)")
    return out


@pytest.fixture(scope="module")
def built(dom0_shell):
    return run_build(dom0_shell, f"{BUILD} run {GUESTS}/demo.elf.gz 16384")


def test_build_and_run_passes(built):
    failed = [line for line in built.lines if line.startswith("not ok")]
    assert not failed and built.lines[-1] == "build_domain: PASS", built
    assert built.status == 0, built


def test_the_guest_greets_under_its_own_id(built):
    m = re.search(r"^domain (\d+): console port \d+, store port \d+$", built.text, re.M)
    assert m, built
    log = "\n".join(built.xen_lines + built.lines)
    assert re.search(rf"\(d{m.group(1)}\) Hello from the minixen demo guest", log), built
    assert re.search(rf"\(d{m.group(1)}\) demo: powering off", log), built


def start_info_address(out):
    m = re.search(r"Hello from the minixen demo guest \(64-bit PV, start_info at (0x[0-9a-f]+)\)",
                  "\n".join(out.xen_lines + out.lines))
    assert m, out
    return int(m.group(1), 16)


def test_a_ramdisk_moves_start_info_up_by_its_pages(built, dom0_shell):
    """The xz'ed demo (its size in pages) as the ramdisk: the guest still
    boots, and finds start_info that much further up, past the ramdisk."""
    size = int(dom0_shell.ok(f"wc -c < {GUESTS}/demo.elf.xz"))
    dom0_shell.ok(f"cd {GUESTS}")           # the command must fit one line
    try:
        out = run_build(dom0_shell, f"{BUILD} run demo.elf 16384 demo.elf.xz")
    finally:
        dom0_shell.ok("cd /")
    assert out.lines[-1] == "build_domain: PASS" and out.status == 0, out
    pages = (size + 4095) // 4096
    assert start_info_address(out) == start_info_address(built) + pages * 4096, out


def test_nothing_is_left_behind(built, dom0_shell):
    assert domain_ids(dom0_shell) == ["0"], built


def test_a_96m_domain_from_the_xz_file(dom0_shell):
    """Many populate batches, and a mapping of the layout alone."""
    out = run_build(dom0_shell, f"{BUILD} run {GUESTS}/demo.elf.xz 98304")
    assert out.lines[-1] == "build_domain: PASS" and out.status == 0, out
    assert domain_ids(dom0_shell) == ["0"], out
