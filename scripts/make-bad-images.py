#!/usr/bin/python3
"""Writes deliberately broken dom0 kernel images for the boot tests.

Each image breaks exactly one rule the hypervisor's ELF loader enforces
(hypervisor/common/elf.c), so the boot test can check that the refusal
names that rule and that the hypervisor then has no domain to run.  Most
are derived from a real guest (build/guests/test.elf) with one field
changed, so every other check still passes; the 32-bit ELF and the
non-ELF are made from scratch.

usage: make-bad-images.py [--source ELF] [--out DIR] [--list]
"""

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = Path(os.environ.get("MINIXEN_BUILD", ROOT / "build"))

ELF_MAGIC = b"\x7fELF"
ELFCLASS32, ELFCLASS64 = 1, 2
ELFDATA2LSB = 1
EV_CURRENT = 1
ET_EXEC = 2
EM_386 = 3
PT_LOAD, PT_NOTE = 1, 4
PF_X, PF_R = 1, 4
SHT_NOTE = 7
PAGE_SIZE = 0x1000
U64_MASK = (1 << 64) - 1

EHDR64 = struct.Struct("<16sHHIQQQIHHHHHH")
PHDR64 = struct.Struct("<IIQQQQQQ")
SHDR64 = struct.Struct("<IIQQQQIIQQ")
NOTE_HDR = struct.Struct("<III")
EHDR32 = struct.Struct("<16sHHIIIIIHHHHHH")
PHDR32 = struct.Struct("<IIIIIIII")

# Xen ELF notes that hold virtual addresses inside the image
# (include/public/elfnote.h).
XEN_NOTE_NAME = b"Xen\0"
XEN_ELFNOTE_ENTRY = 1
XEN_ELFNOTE_HYPERCALL_PAGE = 2

# Where a 64-bit PV guest may not be: the hypervisor's reserved range
# starts here (Xen's HYPERVISOR_VIRT_START for 64-bit PV guests).
HYPERVISOR_RANGE_START = 0xffff800000000000
# Put the moved image well inside the reserved range.
OVERLAP_TARGET = HYPERVISOR_RANGE_START + 0x1000000
# How far past the image's end the bad entry point goes.
ENTRY_GAP = 0x100000
# A segment claiming this much more file data than the file holds.
OVERREACH = PAGE_SIZE
# The 32-bit image: one page of code at a conventional address.
ELF32_BASE = 0x400000
JMP_SELF = b"\xeb\xfe"


class Elf64:
    """A mutable ELF64 image: header and program headers by index."""

    def __init__(self, data):
        self.data = bytearray(data)
        if self.data[:4] != ELF_MAGIC or self.data[4] != ELFCLASS64:
            sys.exit("make-bad-images: the source must be a 64-bit ELF")
        self.hdr = list(EHDR64.unpack_from(self.data, 0))

    # Header fields by name, in EHDR64's order.
    FIELDS = ("ident type machine version entry phoff shoff flags ehsize "
              "phentsize phnum shentsize shnum shstrndx").split()

    def get(self, name):
        return self.hdr[self.FIELDS.index(name)]

    def set(self, name, value):
        self.hdr[self.FIELDS.index(name)] = value
        EHDR64.pack_into(self.data, 0, *self.hdr)

    def phdr_offset(self, i):
        return self.get("phoff") + i * self.get("phentsize")

    def phdrs(self):
        return [list(PHDR64.unpack_from(self.data, self.phdr_offset(i)))
                for i in range(self.get("phnum"))]

    def set_phdr(self, i, fields):
        PHDR64.pack_into(self.data, self.phdr_offset(i), *fields)

    def loads(self):
        """(index, fields) of each PT_LOAD that occupies memory."""
        return [(i, p) for i, p in enumerate(self.phdrs())
                if p[0] == PT_LOAD and p[6] > 0]

    def note_areas(self):
        """(offset, size, align) of every PT_NOTE segment and SHT_NOTE
        section; the loader reads notes from either."""
        areas = {(p[2], p[5], p[7]) for p in self.phdrs() if p[0] == PT_NOTE}
        shoff, shnum = self.get("shoff"), self.get("shnum")
        for i in range(shnum if shoff else 0):
            s = SHDR64.unpack_from(self.data,
                                   shoff + i * self.get("shentsize"))
            if s[1] == SHT_NOTE:
                areas.add((s[4], s[5], s[8]))
        return sorted(areas)

    def xen_address_notes(self):
        """File offsets of the descriptors of Xen notes that hold an
        address in the image, with their width."""
        found = set()
        for offset, size, align in self.note_areas():
            pad = 8 if align == 8 else 4
            off, end = offset, offset + size
            while off + NOTE_HDR.size <= end:
                namesz, descsz, ntype = NOTE_HDR.unpack_from(self.data, off)
                name = bytes(self.data[off + 12:off + 12 + namesz])
                desc = off + 12 + (namesz + pad - 1) // pad * pad
                if name == XEN_NOTE_NAME and descsz in (4, 8) and ntype in \
                        (XEN_ELFNOTE_ENTRY, XEN_ELFNOTE_HYPERCALL_PAGE):
                    found.add((desc, descsz, ntype))
                off = desc + (descsz + pad - 1) // pad * pad
        return sorted(found)

    def shift_note(self, desc, width, delta=None, value=None):
        fmt = "<Q" if width == 8 else "<I"
        old = struct.unpack_from(fmt, self.data, desc)[0]
        new = value if value is not None else old + delta
        struct.pack_into(fmt, self.data, desc, new & ((1 << 8 * width) - 1))


def truncated_header(src):
    """Valid identification bytes, but the header stops half-way."""
    return bytes(src.data[:EHDR64.size // 2 + 8])


def phdrs_past_end(src):
    """The program header table starts near the end and runs past it."""
    elf = Elf64(src.data)
    elf.set("phoff", (len(elf.data) - 8) & ~7)
    return bytes(elf.data)


def segment_past_end(src):
    """The last loadable segment claims file bytes the file lacks."""
    elf = Elf64(src.data)
    i, p = max(elf.loads(), key=lambda ip: ip[1][2] + ip[1][5])
    p[5] = len(elf.data) - p[2] + OVERREACH         # p_filesz
    p[6] = max(p[6], p[5])                          # p_memsz >= p_filesz
    elf.set_phdr(i, p)
    return bytes(elf.data)


def hypervisor_overlap(src):
    """The whole image, entry and notes included, moved into the range the
    hypervisor reserves, so only the overlap is wrong."""
    elf = Elf64(src.data)
    delta = (OVERLAP_TARGET - min(p[3] for _, p in elf.loads())) & U64_MASK
    for i, p in elf.loads():
        p[3] = (p[3] + delta) & U64_MASK            # p_vaddr
        p[4] = (p[4] + delta) & U64_MASK            # p_paddr
        elf.set_phdr(i, p)
    elf.set("entry", (elf.get("entry") + delta) & U64_MASK)
    for desc, width, _ in elf.xen_address_notes():
        elf.shift_note(desc, width, delta=delta)
    return bytes(elf.data)


def entry_outside(src):
    """The entry point (ELF header and ENTRY note) lies past the image."""
    elf = Elf64(src.data)
    end = max(p[3] + p[6] for _, p in elf.loads())
    entry = (end + ENTRY_GAP) & ~(PAGE_SIZE - 1)
    elf.set("entry", entry)
    for desc, width, ntype in elf.xen_address_notes():
        if ntype == XEN_ELFNOTE_ENTRY:
            elf.shift_note(desc, width, value=entry)
    return bytes(elf.data)


def elf32(_src):
    """A well-formed 32-bit i386 executable: one page that spins."""
    ident = ELF_MAGIC + bytes([ELFCLASS32, ELFDATA2LSB, EV_CURRENT]) + \
        bytes(9)
    header = EHDR32.pack(ident, ET_EXEC, EM_386, EV_CURRENT, ELF32_BASE,
                         EHDR32.size, 0, 0, EHDR32.size, PHDR32.size, 1,
                         0, 0, 0)
    phdr = PHDR32.pack(PT_LOAD, PAGE_SIZE, ELF32_BASE, ELF32_BASE,
                       len(JMP_SELF), PAGE_SIZE, PF_R | PF_X, PAGE_SIZE)
    head = header + phdr
    return head + bytes(PAGE_SIZE - len(head)) + JMP_SELF


def not_an_elf(_src):
    """Text, not an executable of any kind."""
    text = b"This is not a kernel image, just text.\n"
    return text * (PAGE_SIZE // len(text))


IMAGES = {
    "truncated-header": truncated_header,
    "phdrs-past-end": phdrs_past_end,
    "segment-past-end": segment_past_end,
    "hypervisor-overlap": hypervisor_overlap,
    "entry-outside": entry_outside,
    "elf32": elf32,
    "not-an-elf": not_an_elf,
}


def write_atomically(path, data):
    """Parallel test workers may all run this script: never let one read
    a half-written image."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path,
                        default=BUILD / "guests" / "test.elf")
    parser.add_argument("--out", type=Path, default=BUILD / "bad-images")
    parser.add_argument("--list", action="store_true",
                        help="print the image names and what each breaks")
    args = parser.parse_args()
    if args.list:
        for name, make in IMAGES.items():
            print(f"{name}.elf: {' '.join(make.__doc__.split())}")
        return
    src = Elf64(args.source.read_bytes())
    args.out.mkdir(parents=True, exist_ok=True)
    for name, make in IMAGES.items():
        write_atomically(args.out / f"{name}.elf", make(src))


if __name__ == "__main__":
    main()
