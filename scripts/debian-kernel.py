#!/usr/bin/python3
"""Fetch Debian's own amd64 Linux kernel and extract its ELF image.

Debian's kernels run as Xen PV guests, so they are a real-world image for
minixen's ELF loader and domain builder (tests/boot/test_debian_kernel.py
boots one).  The package is fetched with `apt-get download`, never
installed (installing a kernel package runs initramfs hooks on the host),
and only boot/vmlinuz-* is taken out of it.  vmlinuz is a bzImage: the
ELF vmlinux is its xz-compressed payload, which the boot protocol's setup
header (version 2.08 or later) locates.

    scripts/debian-kernel.py [OUTDIR]    (default: build/debian-kernel)

writes OUTDIR/vmlinux, OUTDIR/vmlinuz (the bzImage as packaged, which
dom0's builder takes apart itself in tests/boot/test_dom0_xl_linux.py)
and OUTDIR/package (the package's name and version), and does nothing if
OUTDIR/vmlinux and OUTDIR/vmlinuz exist.  The package is the
one the metapackage linux-image-amd64 depends on in apt's current lists;
if apt cannot fetch it, the lists are updated once and it tries again.
"""

import lzma
import os
import re
import struct
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

METAPACKAGE = "linux-image-amd64"

# The boot protocol's setup header (Documentation/arch/x86/boot.rst).
SETUP_SECTS_OFF = 0x1f1     # u8: setup sectors after the boot sector (0 = 4)
HEADER_MAGIC_OFF = 0x202    # "HdrS"
VERSION_OFF = 0x206         # u16 protocol version
PAYLOAD_OFF = 0x248         # u32 payload_offset, u32 payload_length
HEADER_MAGIC = b"HdrS"
MIN_VERSION = 0x0208        # the first with payload_offset/length
SECTOR = 512
DEFAULT_SETUP_SECTS = 4
XZ_MAGIC = b"\xfd7zXZ\x00"
ELF_MAGIC = b"\x7fELF"


class KernelError(Exception):
    """The package or the image is not what this script expects."""


def bzimage_payload(image):
    """The compressed payload of a bzImage (bytes), checked to be xz."""
    if len(image) < PAYLOAD_OFF + 8 or \
            image[HEADER_MAGIC_OFF:HEADER_MAGIC_OFF + 4] != HEADER_MAGIC:
        raise KernelError("not a bzImage (no HdrS setup header)")
    version, = struct.unpack_from("<H", image, VERSION_OFF)
    if version < MIN_VERSION:
        raise KernelError(f"boot protocol {version:#x} has no payload "
                          f"fields (needs {MIN_VERSION:#x})")
    setup_sects = image[SETUP_SECTS_OFF] or DEFAULT_SETUP_SECTS
    offset, length = struct.unpack_from("<II", image, PAYLOAD_OFF)
    start = (setup_sects + 1) * SECTOR + offset
    if start + length > len(image):
        raise KernelError("payload runs past the end of the bzImage")
    payload = image[start:start + length]
    if not payload.startswith(XZ_MAGIC):
        raise KernelError("payload is not xz-compressed")
    return payload


def bzimage_to_elf(image):
    """The ELF vmlinux inside a bzImage (bytes)."""
    payload = bzimage_payload(image)
    try:
        elf = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(payload)
    except lzma.LZMAError as e:
        raise KernelError(f"payload does not decompress: {e}") from None
    if not elf.startswith(ELF_MAGIC):
        raise KernelError("payload is not an ELF image")
    return elf


def kernel_package():
    """The linux-image-<abi>-amd64 package the metapackage points at."""
    out = subprocess.run(["apt-cache", "depends", METAPACKAGE],
                         capture_output=True, text=True, check=False).stdout
    m = re.search(r"^\s*Depends: (linux-image-\S+-amd64)$", out, re.M)
    if not m:
        raise KernelError(f"apt knows no kernel behind {METAPACKAGE} "
                          "(run apt-get update)")
    return m.group(1)


def apt_update():
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(sudo + ["apt-get", "update", "-q"], check=True)


def download(package, where):
    """The .deb of package, fetched into where; updates apt's lists once."""
    for attempt in range(2):
        done = subprocess.run(["apt-get", "download", "-q", package],
                              cwd=where, check=False)
        debs = list(Path(where).glob(f"{package}_*.deb"))
        if done.returncode == 0 and debs:
            return debs[0]
        if attempt == 0:
            apt_update()
            package = kernel_package()
    raise KernelError(f"apt-get download {package} failed")


def vmlinuz_from_deb(deb):
    """The bytes of boot/vmlinuz-* in a kernel .deb, without unpacking it."""
    tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)],
                           stdout=subprocess.PIPE)
    with tarfile.open(fileobj=tar.stdout, mode="r|") as t:
        for member in t:
            if re.fullmatch(r"(\./)?boot/vmlinuz-.*", member.name) and \
                    member.isfile():
                data = t.extractfile(member).read()
                break
        else:
            data = None
    tar.stdout.close()
    tar.kill()
    tar.wait()
    if data is None:
        raise KernelError(f"{deb.name} holds no boot/vmlinuz-*")
    return data


def fetch(outdir):
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=outdir) as tmp:
        deb = download(kernel_package(), tmp)
        image = vmlinuz_from_deb(deb)
        (outdir / "vmlinux.tmp").write_bytes(bzimage_to_elf(image))
        (outdir / "vmlinuz.tmp").write_bytes(image)
        (outdir / "package").write_text(deb.name.removesuffix(".deb") + "\n")
    (outdir / "vmlinux.tmp").rename(outdir / "vmlinux")
    (outdir / "vmlinuz.tmp").rename(outdir / "vmlinuz")


def main(argv):
    outdir = Path(argv[1] if len(argv) > 1 else "build/debian-kernel")
    if all((outdir / name).is_file() for name in ("vmlinux", "vmlinuz")):
        return 0
    try:
        fetch(outdir)
    except (KernelError, subprocess.CalledProcessError, OSError) as e:
        print(f"debian-kernel.py: {e}", file=sys.stderr)
        return 1
    print(f"debian-kernel.py: {outdir / 'vmlinux'} from "
          f"{(outdir / 'package').read_text().strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
