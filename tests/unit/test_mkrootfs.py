"""Tests for scripts/mkrootfs.py: the archive it writes parses back as
valid newc with the names, types, modes, sizes and link targets listed,
missing parents added, every owner root, the same bytes whatever the list
order, and bad lists refused with a message naming file:line.

Run from the top of the tree:  /usr/bin/python3 -m pytest tests/unit/test_mkrootfs.py
"""

import pathlib
import stat
import subprocess
import sys

import pytest

import newc_reader

ROOT = pathlib.Path(__file__).resolve().parents[2]
MKROOTFS = ROOT / "scripts" / "mkrootfs.py"


def run(tmp_path, *lists, depfile=False):
    """mkrootfs on list texts; returns (CompletedProcess, archive path)."""
    paths = []
    for i, text in enumerate(lists):
        p = tmp_path / f"list{i}"
        p.write_text(text)
        paths.append(str(p))
    out = tmp_path / "out.cpio"
    argv = [sys.executable, str(MKROOTFS), "-o", str(out)]
    if depfile:
        argv += ["--depfile", str(tmp_path / "out.d")]
    return subprocess.run(argv + paths, capture_output=True, text=True), out


@pytest.fixture
def sources(tmp_path):
    (tmp_path / "hello").write_bytes(b"hello\n")
    (tmp_path / "five").write_bytes(b"12345")    # not a multiple of 4
    return tmp_path


def good_list(src):
    return (f"# a comment\n\n"
            f"dir /tmp 01777\n"
            f"file /bin/hello {src / 'hello'} 0755  # trailing comment\n"
            f"file /etc/five {src / 'five'} 0644\n"
            f"slink /bin/sh /bin/hello 0777\n")


def build(tmp_path, *lists):
    result, out = run(tmp_path, *lists)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


def test_entries_parse_back(sources):
    members = newc_reader.by_name(build(sources, good_list(sources)))
    assert set(members) == {"tmp", "bin", "bin/hello", "etc", "etc/five",
                            "bin/sh"}
    hello, five, sh = members["bin/hello"], members["etc/five"], members["bin/sh"]
    assert hello.is_file() and hello.perms() == 0o755 and hello.data == b"hello\n"
    assert five.is_file() and five.perms() == 0o644 and five.data == b"12345"
    assert sh.is_link() and sh.data == b"/bin/hello"
    assert members["tmp"].is_dir() and members["tmp"].perms() == 0o1777


def test_missing_parents_are_0755_directories(sources):
    members = newc_reader.by_name(build(sources, good_list(sources)))
    for name in ("bin", "etc"):
        assert members[name].is_dir() and members[name].perms() == 0o755


def test_owner_time_and_inodes_fixed(sources):
    members = newc_reader.read_members(build(sources, good_list(sources)))
    entries = [m for m in members if m.name != newc_reader.TRAILER]
    assert all(m.fields["uid"] == 0 and m.fields["gid"] == 0 for m in entries)
    assert all(m.fields["mtime"] == 0 for m in entries)
    assert [m.fields["ino"] for m in entries] == list(range(1, len(entries) + 1))
    assert members[-1].name == newc_reader.TRAILER


def test_sorted_parents_first(sources):
    names = [m.name for m in newc_reader.read_members(
        build(sources, good_list(sources)))][:-1]
    assert names == sorted(names, key=lambda n: n.split("/"))
    for i, name in enumerate(names):
        if "/" in name:
            assert name.rsplit("/", 1)[0] in names[:i]


def test_same_bytes_whatever_the_order(sources):
    lines = good_list(sources).splitlines()
    first = build(sources, "\n".join(lines))
    again = build(sources, "\n".join(reversed(lines)))
    split = build(sources, "\n".join(lines[:3]), "\n".join(lines[3:]))
    assert first == again == split


def test_depfile_names_sources_and_lists(sources):
    result, out = run(sources, good_list(sources), depfile=True)
    assert result.returncode == 0, result.stderr
    dep = (sources / "out.d").read_text()
    assert dep.startswith(f"{out}:")
    for name in ("hello", "five", "list0"):
        assert str(sources / name) in dep


@pytest.mark.parametrize("line, words", [
    ("dir /x 0755 extra", "dir takes 2 fields"),
    ("node /dev/null 0666", "unknown entry type 'node'"),
    ("dir relative 0755", "must be an absolute path"),
    ("dir /a/../b 0755", "must be an absolute path"),
    ("dir /x 0789", "is not octal"),
    ("dir /x 0170755", "bits beyond 07777"),
    ("file /x /nonexistent/file 0644", "cannot read /nonexistent/file"),
])
def test_bad_line_refused(tmp_path, line, words):
    result, out = run(tmp_path, "dir /ok 0755\n" + line + "\n")
    assert result.returncode == 1
    assert f"{tmp_path / 'list0'}:2:" in result.stderr
    assert words in result.stderr
    assert not out.exists()


def test_duplicate_refused(sources):
    result, out = run(sources, good_list(sources), "dir /tmp 0755\n")
    assert result.returncode == 1 and "/tmp is listed twice" in result.stderr
    assert not out.exists()


def test_parent_must_be_a_directory(sources):
    result, _ = run(sources, good_list(sources), "dir /bin/sh/x 0755\n")
    assert result.returncode == 1
    assert "its parent /bin/sh is not a directory" in result.stderr


def test_reader_rejects_truncation(sources):
    blob = build(sources, good_list(sources))
    with pytest.raises(ValueError):
        newc_reader.read_members(blob[:-8])
