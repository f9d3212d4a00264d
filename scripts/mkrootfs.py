#!/usr/bin/python3
"""Write dom0's root archive: a cpio "newc" archive built from file lists.

    scripts/mkrootfs.py -o OUTPUT [--depfile FILE] LIST...

Each LIST has one entry a line (blank lines and `#` comments skipped),
in the spirit of Linux's gen_init_cpio lists:

    dir   NAME MODE            a directory
    file  NAME SOURCE MODE     a regular file with SOURCE's bytes
    slink NAME TARGET MODE     a symbolic link to TARGET

NAME is an absolute path in the archive, MODE octal permission bits.
Directories a name needs but no line gives are added with mode 0755.
Every entry is owned by uid 0, gid 0.  Device nodes are not supported:
dom0's kernel provides /dev itself.

The output depends on nothing but the lists and the files they name:
entries are sorted by path, inode numbers count up from 1, every mtime
is 0, so the same inputs always give the same bytes.  Names are stored
without the leading "/" ("bin/busybox"), and there is no entry for the
root directory itself.  --depfile writes a make rule naming every file
the archive was built from.
"""

import argparse
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

NEWC_MAGIC = b"070701"
TRAILER = "TRAILER!!!"
ALIGN = 4
DEFAULT_DIR_MODE = 0o755
MTIME = 0
KINDS = {"dir": (stat.S_IFDIR, 3), "file": (stat.S_IFREG, 4),
         "slink": (stat.S_IFLNK, 4)}


class ListError(Exception):
    """A list line that cannot be turned into an entry."""


@dataclass
class Entry:
    name: str           # without the leading "/"
    mode: int           # file type and permission bits
    data: bytes = b""   # file contents, or the link's target
    source: str = ""    # the file data came from ("" if none)


def parse_mode(text, where):
    try:
        mode = int(text, 8)
    except ValueError:
        raise ListError(f"{where}: mode {text!r} is not octal") from None
    if mode & ~0o7777:
        raise ListError(f"{where}: mode {text} has bits beyond 07777")
    return mode


def parse_name(text, where):
    """The archive name of an absolute path, checked for . and .. parts."""
    parts = text.split("/")
    if not text.startswith("/") or any(p in (".", "..") for p in parts) \
            or len(text) == 1:
        raise ListError(f"{where}: name {text!r} must be an absolute path "
                        "below / without . or .. parts")
    return "/".join(p for p in parts if p)


def parse_line(words, where):
    kind = words[0]
    if kind not in KINDS:
        raise ListError(f"{where}: unknown entry type {kind!r} "
                        f"(expected {', '.join(KINDS)})")
    ftype, nwords = KINDS[kind]
    if len(words) != nwords:
        raise ListError(f"{where}: {kind} takes {nwords - 1} fields, "
                        f"got {len(words) - 1}")
    name = parse_name(words[1], where)
    mode = ftype | parse_mode(words[-1], where)
    if kind == "dir":
        return Entry(name, mode)
    if kind == "slink":
        return Entry(name, mode, words[2].encode())
    try:
        data = Path(words[2]).read_bytes()
    except OSError as e:
        raise ListError(f"{where}: cannot read {words[2]}: "
                        f"{e.strerror}") from None
    return Entry(name, mode, data, words[2])


def read_list(path):
    """The entries of one list file."""
    entries = []
    try:
        lines = Path(path).read_text().splitlines()
    except OSError as e:
        raise ListError(f"{path}: {e.strerror}") from None
    for number, line in enumerate(lines, 1):
        words = line.split("#", 1)[0].split()
        if words:
            entries.append(parse_line(words, f"{path}:{number}"))
    return entries


def add_parents(entries):
    """entries as a dict by name, with the missing parent directories.
    A name given twice, or a parent that is not a directory, is an error."""
    by_name = {}
    for entry in entries:
        if entry.name in by_name:
            raise ListError(f"/{entry.name} is listed twice")
        by_name[entry.name] = entry
    for entry in entries:
        parts = entry.name.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            parent = "/".join(parts[:i])
            found = by_name.setdefault(
                parent, Entry(parent, stat.S_IFDIR | DEFAULT_DIR_MODE))
            if not stat.S_ISDIR(found.mode):
                raise ListError(f"/{entry.name}: its parent /{parent} is "
                                "not a directory")
    return by_name


def pad(length):
    return b"\0" * (-length % ALIGN)


def newc_record(ino, mode, nlink, name, data):
    """One newc header, name and data, each padded to 4 bytes."""
    encoded = name.encode() + b"\0"
    fields = (ino, mode, 0, 0, nlink, MTIME, len(data), 0, 0, 0, 0,
              len(encoded), 0)
    header = NEWC_MAGIC + b"".join(b"%08x" % f for f in fields)
    head = header + encoded
    return head + pad(len(head)) + data + pad(len(data))


def archive_bytes(entries):
    """The whole archive: entries sorted by path components, then the
    trailer."""
    by_name = add_parents(entries)
    out = []
    for ino, name in enumerate(sorted(by_name, key=lambda n: n.split("/")),
                               1):
        entry = by_name[name]
        nlink = 2 if stat.S_ISDIR(entry.mode) else 1
        out.append(newc_record(ino, entry.mode, nlink, name, entry.data))
    out.append(newc_record(0, 0, 1, TRAILER, b""))
    return b"".join(out)


def write_depfile(path, output, lists, entries):
    sources = sorted(set(lists) | {e.source for e in entries if e.source})
    deps = " \\\n    ".join(s.replace(" ", "\\ ") for s in sources)
    Path(path).write_text(f"{output}: \\\n    {deps}\n" +
                          "".join(f"{s}:\n" for s in sources))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--depfile")
    ap.add_argument("lists", nargs="+")
    args = ap.parse_args(argv)
    try:
        entries = [e for path in args.lists for e in read_list(path)]
        data = archive_bytes(entries)
    except ListError as e:
        print(f"mkrootfs: {e}", file=sys.stderr)
        return 1
    tmp = Path(args.output + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(args.output)
    if args.depfile:
        write_depfile(args.depfile, args.output, args.lists, entries)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
