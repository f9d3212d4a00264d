"""The GRUB ISO (`make iso`): GRUB 2 loads minixen and the demo guest
from a CD image, and the demo runs as under QEMU's own loader."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import minixen_boot as mb

MAKE_ISO = mb.ROOT / "scripts" / "make-iso.sh"
# Built apart from `make iso`'s build/minixen.iso so the two never race.
TEST_ISO = mb.BUILD / "test-iso" / "minixen.iso"
GRUB_PLATFORM_DIR = Path("/usr/lib/grub/i386-pc")
# Firmware and GRUB come first, so allow more than a -kernel boot.
ISO_TIMEOUT = float(os.environ.get("MINIXEN_ISO_TIMEOUT",
                                   str(3 * mb.BOOT_TIMEOUT)))


@pytest.fixture(scope="module")
def iso():
    if shutil.which("grub-mkrescue") is None:
        pytest.skip("grub-mkrescue not installed (scripts/install-deps.sh)")
    if not GRUB_PLATFORM_DIR.is_dir():
        pytest.skip(f"{GRUB_PLATFORM_DIR} missing (package grub-pc-bin)")
    for path in (mb.HYPERVISOR, mb.GUESTS / "demo.elf"):
        if not path.is_file():
            pytest.fail(f"{path} is missing: run `make` first")
    subprocess.run([str(MAKE_ISO), str(TEST_ISO)], check=True)
    return TEST_ISO


def test_iso_boots_demo(boot, iso):
    run = boot(cdrom=iso, timeout=ISO_TIMEOUT)
    assert run.search(r"^\(XEN\) boot loader: GRUB 2"), run.where()
    assert run.search(r"^Hello from the minixen demo guest"), run.where()
    assert run.search(r"^demo: print_string\(NULL\) returned 1$"), run.where()
    assert run.status == mb.EXIT_POWEROFF, run.where()
