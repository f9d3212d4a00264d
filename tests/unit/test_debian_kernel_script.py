"""Tests for scripts/debian-kernel.py's bzImage reader: the ELF image comes
out of a well-formed bzImage, and every malformed one is refused with a
reason (the fetch itself needs apt and is exercised by `make test`).

Run from the top of the tree:
    /usr/bin/python3 -m pytest tests/unit/test_debian_kernel_script.py
"""

import importlib.util
import lzma
import pathlib
import struct

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location(
    "debian_kernel", ROOT / "scripts" / "debian-kernel.py")
dk = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(dk)

ELF = b"\x7fELF" + bytes(range(60)) * 50
SETUP_SECTS = 3


def bzimage(payload=None, version=0x020f, setup_sects=SETUP_SECTS,
            magic=b"HdrS", length_extra=0, offset=16):
    """A minimal bzImage: boot sector and setup, then offset bytes of
    decompressor, then the payload."""
    if payload is None:
        payload = lzma.compress(ELF, format=lzma.FORMAT_XZ)
    setup = bytearray((max(setup_sects, 4) + 1) * dk.SECTOR)
    setup[dk.SETUP_SECTS_OFF] = setup_sects
    setup[dk.HEADER_MAGIC_OFF:dk.HEADER_MAGIC_OFF + 4] = magic
    struct.pack_into("<H", setup, dk.VERSION_OFF, version)
    struct.pack_into("<II", setup, dk.PAYLOAD_OFF, offset,
                     len(payload) + length_extra)
    start = ((setup_sects or dk.DEFAULT_SETUP_SECTS) + 1) * dk.SECTOR
    return bytes(setup[:start]) + b"\x90" * offset + payload + b"\0" * 32


def test_elf_comes_out():
    assert dk.bzimage_to_elf(bzimage()) == ELF


def test_setup_sects_zero_means_four():
    assert dk.bzimage_to_elf(bzimage(setup_sects=0)) == ELF


@pytest.mark.parametrize("image, why", [
    (b"MZ" + bytes(1000), "not a bzImage"),
    (bzimage(magic=b"HdrT"), "not a bzImage"),
    (bzimage(version=0x0207), "has no payload fields"),
    (bzimage(length_extra=1000), "past the end"),
    (bzimage(payload=lzma.compress(ELF, format=lzma.FORMAT_ALONE)),
     "not xz-compressed"),
    (bzimage(payload=dk.XZ_MAGIC + b"garbage" * 10), "does not decompress"),
    (bzimage(payload=lzma.compress(b"not an elf", format=lzma.FORMAT_XZ)),
     "not an ELF image"),
])
def test_malformed_bzimage_refused(image, why):
    with pytest.raises(dk.KernelError, match=why):
        dk.bzimage_to_elf(image)
