"""Debian's own Linux kernel created by `xl create` from dom0's shell:
the package's vmlinuz (a bzImage with an xz payload, which the builder
takes apart with liblzma as Xen's does) built as a PV domU with
extra = "console=hvc0 earlyprintk=xen", until its banner arrives.

The kernel is in a root archive of its own (build/dom0/rootfs-linux.cpio,
`make dom0-rootfs-linux`, which `make test` builds once
scripts/debian-kernel.py has fetched the kernel), so the normal archive
stays small.  One boot, stopped as soon as the banner is seen.
"""

import re
import time

import pytest

import minixen_boot as mb
from dom0_shell import DOM0_KERNEL

pytestmark = pytest.mark.xdist_group("dom0-xl-linux")

ROOTFS = mb.BUILD / "dom0" / "rootfs-linux.cpio"
# The builder holds the 8 MB bzImage and its 65 MB ELF payload in dom0's
# memory while it loads the 128 MiB domain.
DOM0_BOOT = {"rootfs": ROOTFS, "memory": "768M",
             "append": "console=com1 dom0_mem=320M"}
CONSOLE_LOG = "/var/log/xen/console/guest-linux.log"
BANNER = r"Linux version \d+\.\d+\.\d+\S* \(debian-kernel@lists\.debian\.org\)"
# Seconds Linux gets under TCG to print its banner.
BANNER_S = 60


@pytest.fixture(scope="module")
def dom0_shell(request):
    if not ROOTFS.is_file():
        pytest.fail(f"{ROOTFS} is missing: `make dom0-rootfs-linux` makes it "
                    "(it needs scripts/debian-kernel.py's build/debian-kernel/vmlinuz)")
    from dom0_shell import Dom0Shell
    shell = Dom0Shell("test_dom0_xl_linux.shell", **DOM0_BOOT)
    yield shell
    shell.exit()


def banner_logged(shell):
    return shell.run(f"grep -q 'Linux version' {CONSOLE_LOG}").status == 0


def test_xl_create_builds_debians_bzimage(dom0_shell):
    out = dom0_shell.run("xl create -q /opt/guests/linux.cfg", timeout=120)
    assert out.status == 0, out
    assert dom0_shell.ok("xl domid linux").isdigit()


def test_banner_arrives_on_its_console(dom0_shell):
    deadline = time.monotonic() + BANNER_S
    while not banner_logged(dom0_shell):
        if time.monotonic() > deadline:
            pytest.fail(f"no `Linux version` line from the domain after "
                        f"{BANNER_S} s; {dom0_shell.where()}")
        time.sleep(1)
    text = dom0_shell.ok(f"head -c 4096 {CONSOLE_LOG}")
    assert re.search(BANNER, text), text
    assert "Command line: console=hvc0" in text, text


def test_destroy_removes_it(dom0_shell):
    # How far Linux got, for the serial log (it stops at what minixen
    # lacks; see docs/testing.md).
    dom0_shell.run(f"tail -n 15 {CONSOLE_LOG}")
    dom0_shell.ok("xl destroy linux")
    out = dom0_shell.run("xl domid linux")
    assert out.status != 0, out
