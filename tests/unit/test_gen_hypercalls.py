"""Tests for scripts/gen_hypercalls.py: bad .def input is refused with a
message naming file:line, and nothing is written; good input generates.

Run from the top of the tree:  /usr/bin/python3 -m pytest tests/unit/test_gen_hypercalls.py
"""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "scripts" / "gen_hypercalls.py"
REAL_DEF = ROOT / "hypervisor" / "hypercalls.def"

# A small valid file; tests append one bad line to it (line 4).
GOOD = """\
# comment line
1    mmu_update      pv64  handle(mmu_update_t) reqs, unsigned int count, handle(uint) pdone, unsigned int foreigndom
38   print_string    pv64  handle(const_char) message
"""
BAD_LINE = 4


def run(def_text, tmp_path, outputs=True):
    """Run the generator on def_text; return (CompletedProcess, out dir)."""
    def_file = tmp_path / "test.def"
    def_file.write_text(def_text)
    out = tmp_path / "out"
    cmd = [sys.executable, str(GENERATOR), str(def_file)]
    if outputs:
        cmd += ["--numbers", str(out / "numbers.h"),
                "--defs", str(out / "defs.h"),
                "--table", str(out / "table.c"),
                "--guest", str(out / "guest.h"),
                "--privcmd", str(out / "privcmd.h")]
    return subprocess.run(cmd, capture_output=True, text=True), out


def assert_rejected(def_text, tmp_path, line, words):
    result, out = run(def_text, tmp_path)
    assert result.returncode == 1
    where = "%s:%d: error:" % (tmp_path / "test.def", line)
    assert where in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    assert not out.exists(), "nothing may be written after an error"


def test_duplicate_number(tmp_path):
    assert_rejected(GOOD + "1    other_op   pv64  void\n", tmp_path,
                    BAD_LINE, ["duplicate number 1", "line 2", "mmu_update"])


def test_duplicate_number_says_how_to_pick_one(tmp_path):
    # GOOD uses 1 and 38, so the free list is everything else.
    assert_rejected(GOOD + "38   my_op      pv64  void\n", tmp_path,
                    BAD_LINE, ["pick a number no line uses",
                               "free: 0, 2-37, 39-127", "'Choosing a number'",
                               "'alias' only adds a second name"])


def test_duplicate_of_reserved_number_says_wire_it(tmp_path):
    text = GOOD + "7    platform_op  -\n" + "7    my_op   pv64  void\n"
    assert_rejected(text, tmp_path, BAD_LINE + 1,
                    ["to implement Xen's platform_op, wire its '-' line "
                     "(line 4)"])


def test_duplicate_name(tmp_path):
    assert_rejected(GOOD + "7    print_string   -\n", tmp_path,
                    BAD_LINE, ["duplicate name 'print_string'", "line 3"])


def test_number_out_of_range(tmp_path):
    assert_rejected(GOOD + "128  too_far   pv64  void\n", tmp_path,
                    BAD_LINE, ["number 128 is out of range 0..127"])


def test_number_not_decimal(tmp_path):
    assert_rejected(GOOD + "0x26 hex_op   pv64  void\n", tmp_path,
                    BAD_LINE, ["not a decimal integer"])


def test_unknown_type(tmp_path):
    assert_rejected(GOOD + "5    fpu_op   pv64  char *set\n", tmp_path,
                    BAD_LINE, ["argument 1", "unknown type", "handle(T)"])


def test_bad_handle_syntax(tmp_path):
    assert_rejected(GOOD + "5    fpu_op   pv64  handle(const char) msg\n",
                    tmp_path, BAD_LINE, ["argument 1", "bad handle"])


def test_too_many_arguments(tmp_path):
    six = ", ".join("int a%d" % i for i in range(6))
    assert_rejected(GOOD + "5    big_op   pv64  %s\n" % six, tmp_path,
                    BAD_LINE, ["6 arguments", "at most 5"])


def test_wired_line_needs_arguments(tmp_path):
    assert_rejected(GOOD + "5    fpu_op   pv64\n", tmp_path,
                    BAD_LINE, ["write 'void'"])


def test_name_only_line_takes_no_arguments(tmp_path):
    assert_rejected(GOOD + "5    fpu_op   -   int set\n", tmp_path,
                    BAD_LINE, ["take no arguments"])


def test_alias_needs_an_owner(tmp_path):
    assert_rejected(GOOD + "48   mca   alias\n", tmp_path,
                    BAD_LINE, ["alias mca", "no other line has number 48"])


def test_unknown_wiring(tmp_path):
    assert_rejected(GOOD + "5    fpu_op   hvm64  int set\n", tmp_path,
                    BAD_LINE, ["unknown wiring 'hvm64'"])


def test_pv32_refuses_64_bit_arguments(tmp_path):
    assert_rejected(GOOD + "10   update_descriptor pv64,pv32 "
                    "uint64_t maddr, uint64_t desc\n", tmp_path,
                    BAD_LINE, ["'maddr' is uint64_t", "compat handler"])


def test_every_error_is_reported(tmp_path):
    text = GOOD + "200 a_op pv64 void\n" + "1 b_op pv64 void\n"
    result, _ = run(text, tmp_path)
    assert result.returncode == 1
    assert ":4: error:" in result.stderr and ":5: error:" in result.stderr


def test_missing_file(tmp_path):
    result = subprocess.run([sys.executable, str(GENERATOR),
                             str(tmp_path / "absent.def")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "absent.def: error:" in result.stderr


def test_alias_shares_a_number(tmp_path):
    result, out = run(GOOD + "38   tmem_op   alias   # retired\n", tmp_path)
    assert result.returncode == 0, result.stderr
    numbers = (out / "numbers.h").read_text()
    assert "__HYPERVISOR_print_string" in numbers
    assert "__HYPERVISOR_tmem_op" in numbers and "/* retired */" in numbers
    # The alias names a number; it is not a second handler.
    assert "do_tmem_op" not in (out / "defs.h").read_text()


def test_pv32_wiring_masks_registers(tmp_path):
    result, out = run(GOOD + "3    stack_switch  pv64,pv32  "
                      "unsigned long ss, long sp\n", tmp_path)
    assert result.returncode == 0, result.stderr
    table = (out / "table.c").read_text()
    pv32 = table[table.index("hypercall_call_pv32"):]
    assert "do_stack_switch((unsigned long)(uint32_t)a1" in pv32
    assert "(long)(int32_t)a2" in pv32, "signed values sign-extend"


def test_real_def_generates(tmp_path):
    result, out = run(REAL_DEF.read_text(), tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("numbers.h", "defs.h", "table.c"):
        text = (out / name).read_text()
        assert "— do not edit" in text
    defs = (out / "defs.h").read_text()
    assert ("long do_print_string(XEN_GUEST_HANDLE_PARAM(const_char) "
            "message);") in defs
    numbers = (out / "numbers.h").read_text()
    assert "#define __HYPERVISOR_tmem_op" in numbers
    assert "#define XEN_NR_HYPERCALLS 128" in numbers


def test_guest_wrappers(tmp_path):
    result, out = run(REAL_DEF.read_text(), tmp_path)
    assert result.returncode == 0, result.stderr
    guest = (out / "guest.h").read_text()
    assert ("static inline long HYPERVISOR_print_string(const char *message)"
            "\n{\n    return HYPERCALL1(__HYPERVISOR_print_string, message);"
            ) in guest
    assert ("HYPERCALL4(__HYPERVISOR_mmu_update, reqs, count, pdone, "
            "foreigndom)") in guest
    assert "HYPERVISOR_iret(" not in guest, "iret never returns: no wrapper"
    assert "/* 23 iret: no wrapper;" in guest
    # '-' and alias lines have no handler, so no wrapper either.
    assert "HYPERVISOR_tmem_op" not in guest
    assert "HYPERVISOR_argo_op" not in guest


def test_privcmd_wrappers(tmp_path):
    result, out = run(REAL_DEF.read_text(), tmp_path)
    assert result.returncode == 0, result.stderr
    tools = (out / "privcmd.h").read_text()
    assert ("static inline long xen_hypercall_print_string(int privcmd_fd,"
            in tools)
    assert ".op = __HYPERVISOR_print_string," in tools
    assert ".arg = { (uint64_t)(uintptr_t)message }," in tools
    assert ("return ioctl(privcmd_fd, IOCTL_PRIVCMD_HYPERCALL, &call);"
            in tools)
    assert "xen_hypercall_iret(" not in tools
