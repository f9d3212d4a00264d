"""Reads a cpio "newc" archive back, for the tests of scripts/mkrootfs.py
and of dom0's root archive.  Independent of mkrootfs.py on purpose: it
follows the format (magic 070701, 13 eight-digit hex fields, name and data
each padded to 4 bytes, a TRAILER!!! entry last), not the writer.
"""

import stat
from dataclasses import dataclass

MAGIC = b"070701"
HEADER = 110
FIELDS = ("ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
          "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize",
          "check")
TRAILER = "TRAILER!!!"


@dataclass
class Member:
    name: str
    fields: dict
    data: bytes

    @property
    def mode(self):
        return self.fields["mode"]

    def is_dir(self):
        return stat.S_ISDIR(self.mode)

    def is_file(self):
        return stat.S_ISREG(self.mode)

    def is_link(self):
        return stat.S_ISLNK(self.mode)

    def perms(self):
        return stat.S_IMODE(self.mode)


def align(n):
    return (n + 3) & ~3


def read_members(blob):
    """Every member up to and including the trailer, in archive order.
    Raises ValueError on anything malformed."""
    members, off = [], 0
    while True:
        if len(blob) < off + HEADER or blob[off:off + 6] != MAGIC:
            raise ValueError(f"no newc magic at offset {off}")
        head = blob[off + 6:off + HEADER]
        fields = {k: int(head[8 * i:8 * i + 8], 16)
                  for i, k in enumerate(FIELDS)}
        name_end = off + HEADER + fields["namesize"]
        if name_end > len(blob) or blob[name_end - 1] != 0:
            raise ValueError(f"name at offset {off} is not NUL-terminated")
        name = blob[off + HEADER:name_end - 1].decode()
        data_off = align(name_end)
        data = blob[data_off:data_off + fields["filesize"]]
        if len(data) != fields["filesize"]:
            raise ValueError(f"{name}: data runs past the end")
        members.append(Member(name, fields, data))
        off = align(data_off + fields["filesize"])
        if name == TRAILER:
            if off != len(blob):
                raise ValueError("bytes after the trailer")
            return members


def by_name(blob):
    """The members other than the trailer, as a dict by name."""
    return {m.name: m for m in read_members(blob) if m.name != TRAILER}
