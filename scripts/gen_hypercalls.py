#!/usr/bin/python3
"""Generate minixen's hypercall plumbing from hypervisor/hypercalls.def.

Owns the .def syntax (described at the top of hypervisor/hypercalls.def)
and turns the one list into everything that must agree with it:

  --numbers FILE   public header: __HYPERVISOR_<name> for every name, plus
                   XEN_NR_HYPERCALLS; only #defines, so assembly can use it
  --defs FILE      hypervisor header: one do_<name>() prototype per handler
  --table FILE     hypervisor C source: hypercall_call_<width>() dispatchers,
                   hypercall_args_<width>[] and hypercall_names[]
  --guest FILE     64-bit PV guest header: HYPERVISOR_<name>() for every
                   pv64 line, through the HYPERCALLn macros of
                   guests/lib/hypercall_page.h
  --privcmd FILE   dom0 user-program header: xen_hypercall_<name>(fd, ...)
                   for every pv64 line, through Linux's privcmd ioctl

With no output option it only checks the file.  Errors name file:line and
the script exits with status 1 before writing anything, so a bad .def can
never leave half-updated generated files behind.  Python 3 stdlib only.
"""

import argparse
import os
import re
import sys
import tempfile

SLOTS = 128       # hypercall page: 4096 bytes of 32-byte stubs
MAX_ARGS = 5      # registers the dispatchers pass (Xen handlers use <= 5)
WIDTHS = ("pv64", "pv32")
NAME_ONLY = "-"   # wiring column: number reserved, name only, no handler
ALIAS = "alias"   # wiring column: second name for a number listed elsewhere
UNWIRED = "HYPERCALL_UNWIRED"   # args-table marker, see minixen/hypercall.h

# Scalar argument types: C spelling -> (signed, size).  "word" means the
# guest's register width (long, xen_ulong_t): 64 bits for pv64, 32 for pv32.
SCALARS = {
    "int": (True, 32),
    "unsigned int": (False, 32),
    "long": (True, "word"),
    "unsigned long": (False, "word"),
    "int32_t": (True, 32),
    "uint32_t": (False, 32),
    "int64_t": (True, 64),
    "uint64_t": (False, 64),
    "xen_ulong_t": (False, "word"),
    "domid_t": (False, 16),
}

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
HANDLE_RE = re.compile(r"handle\(\s*(%s)\s*\)\s+(%s)" % (IDENT, IDENT))
SCALAR_RE = re.compile(r"(.+?)\s+(" + IDENT + r")")
NAME_RE = re.compile(r"[a-z_][a-z0-9_]*")


class DefError(Exception):
    """A problem with one line of the .def file."""


# Handle names that are not C types (public/xen.h's __DEFINE_XEN_GUEST_HANDLE
# short names); every other handle(T) points at the type T itself.
HANDLE_SHORT_NAMES = {
    "uchar": "unsigned char", "uint": "unsigned int",
    "ulong": "unsigned long", "uint8": "uint8_t", "uint16": "uint16_t",
    "uint32": "uint32_t", "uint64": "uint64_t",
}

# Wired calls that get no C wrapper, and why: a wrapper would be a lie.
NO_WRAPPER = {
    "iret": "never returns; a guest enters it with jmp after pushing the "
            "frame to restore (guests/lib/trap_entry.S)",
}


class Arg:
    """One argument: a scalar type, or a guest handle to handle_of."""

    def __init__(self, ctype, name, handle_of=None):
        self.ctype = ctype
        self.name = name
        self.handle_of = handle_of

    def c_decl(self):
        if self.handle_of:
            return "XEN_GUEST_HANDLE_PARAM(%s) %s" % (self.handle_of,
                                                      self.name)
        return "%s %s" % (self.ctype, self.name)

    def pointer_type(self):
        """The C pointer a caller passes for handle(T) or handle(const_T).

        Always const T *: the hypervisor reaches the buffer through its
        address alone, and whether it writes there often depends on a
        sub-command (console_io writes the buffer for CONSOLEIO_read and
        only reads it for CONSOLEIO_write), so a caller may pass either."""
        name = self.handle_of
        if name.startswith("const_"):
            name = name[len("const_"):]
        return "const %s *" % HANDLE_SHORT_NAMES.get(name, name)

    def caller_decl(self):
        """How a C caller (guest or dom0 program) declares the argument."""
        if self.handle_of:
            return self.pointer_type() + self.name
        return self.c_decl()


class Entry:
    """One line of the .def file."""

    def __init__(self, number, name, wiring, args, comment, line):
        self.number = number
        self.name = name
        self.wiring = wiring      # tuple of widths, or NAME_ONLY, or ALIAS
        self.args = args          # list of Arg; empty unless wired
        self.comment = comment
        self.line = line

    def is_alias(self):
        return self.wiring == ALIAS

    def wired_for(self, width):
        return isinstance(self.wiring, tuple) and width in self.wiring

    def has_handler(self):
        return isinstance(self.wiring, tuple)


# ---------------------------------------------------------------- parsing

def parse_number(text):
    if not re.fullmatch(r"[0-9]+", text):
        raise DefError("number '%s' is not a decimal integer" % text)
    number = int(text)
    if number >= SLOTS:
        raise DefError("number %d is out of range 0..%d (the hypercall page "
                       "has %d slots)" % (number, SLOTS - 1, SLOTS))
    return number


def parse_name(text):
    if not NAME_RE.fullmatch(text):
        raise DefError("name '%s' must be lower-case letters, digits and _"
                       % text)
    return text


def parse_wiring(text):
    if text in (NAME_ONLY, ALIAS):
        return text
    widths = text.split(",")
    for width in widths:
        if width not in WIDTHS:
            raise DefError("unknown wiring '%s': use %s, '%s' (name only) or "
                           "'%s'" % (width, " or ".join(WIDTHS), NAME_ONLY,
                                     ALIAS))
    if len(set(widths)) != len(widths):
        raise DefError("wiring '%s' names a width twice" % text)
    return tuple(widths)


def parse_arg(text, position):
    """Parse "handle(T) name" or "<scalar type> name"."""
    match = HANDLE_RE.fullmatch(text)
    if match:
        return Arg(None, match.group(2), handle_of=match.group(1))
    if text.startswith("handle"):
        raise DefError("argument %d: bad handle '%s': write handle(T) name, "
                       "T one identifier such as const_char"
                       % (position, text))
    match = SCALAR_RE.fullmatch(text)
    ctype = " ".join(match.group(1).split()) if match else text
    if not match or ctype not in SCALARS:
        raise DefError("argument %d: unknown type in '%s' (scalars: %s; "
                       "guest pointers are handle(T))"
                       % (position, text, ", ".join(SCALARS)))
    return Arg(ctype, match.group(2))


def parse_args(text):
    if text == "void":
        return []
    if not text:
        raise DefError("a wired hypercall needs its arguments (write 'void' "
                       "if it takes none)")
    pieces = [piece.strip() for piece in text.split(",")]
    if len(pieces) > MAX_ARGS:
        raise DefError("%d arguments: at most %d fit in the registers the "
                       "dispatcher passes" % (len(pieces), MAX_ARGS))
    args = [parse_arg(piece, i + 1) for i, piece in enumerate(pieces)]
    names = [arg.name for arg in args]
    for name in names:
        if names.count(name) > 1:
            raise DefError("argument name '%s' used twice" % name)
    return args


def check_pv32_args(entry):
    """A 64-bit value needs two registers on pv32: that is a compat handler."""
    if not entry.wired_for("pv32"):
        return
    for arg in entry.args:
        if arg.ctype and SCALARS[arg.ctype][1] == 64:
            raise DefError("argument '%s' is %s, which a 32-bit guest passes "
                           "in two registers; pv32 wiring of %s needs a "
                           "compat handler (not supported yet)"
                           % (arg.name, arg.ctype, entry.name))


def parse_line(text, line):
    """Return an Entry for one line, or None for a blank or comment line."""
    body, _, comment = text.partition("#")
    fields = body.split(None, 3)
    if not fields:
        return None
    if len(fields) < 3:
        raise DefError("expected: number name wiring [arguments]")
    number = parse_number(fields[0])
    name = parse_name(fields[1])
    wiring = parse_wiring(fields[2])
    rest = fields[3].strip() if len(fields) == 4 else ""
    if isinstance(wiring, tuple):
        args = parse_args(rest)
    elif rest:
        raise DefError("'%s' lines take no arguments (no handler)" % wiring)
    else:
        args = []
    entry = Entry(number, name, wiring, args, comment.strip(), line)
    check_pv32_args(entry)
    return entry


def ranges(numbers):
    """"11, 43-47, 56-127" for a sorted list of numbers."""
    out, start = [], None
    for i, number in enumerate(numbers):
        if start is None:
            start = number
        if i + 1 == len(numbers) or numbers[i + 1] != number + 1:
            out.append(str(start) if start == number
                       else "%d-%d" % (start, number))
            start = None
    return ", ".join(out)


def duplicate_number_message(entry, first, entries):
    """Say how to pick a number: the free ones come from the file itself
    (every number Xen assigns has a line, wired or '-')."""
    used = {e.number for e in entries}
    free = ranges([n for n in range(SLOTS) if n not in used])
    how = ("for a new hypercall pick a number no line uses (free: %s; see "
           "docs/adding-a-hypercall.md, 'Choosing a number')" % free)
    if first.wiring == NAME_ONLY:
        how = ("to implement Xen's %s, wire its '-' line (line %d) instead "
               "of adding one; %s" % (first.name, first.line, how))
    return ("duplicate number %d (line %d gives it to %s); %s.  ('%s' only "
            "adds a second name for the same call)"
            % (entry.number, first.line, first.name, how, ALIAS))


def check_unique(entries):
    """Yield (line, message) for clashes between lines."""
    by_name, by_number = {}, {}
    for entry in entries:
        first = by_name.setdefault(entry.name, entry)
        if first is not entry:
            yield entry.line, ("duplicate name '%s' (already on line %d)"
                               % (entry.name, first.line))
        if entry.is_alias():
            continue
        first = by_number.setdefault(entry.number, entry)
        if first is not entry:
            yield entry.line, duplicate_number_message(entry, first, entries)
    for entry in entries:
        if entry.is_alias() and entry.number not in by_number:
            yield entry.line, ("alias %s: no other line has number %d"
                               % (entry.name, entry.number))


def parse_def(path):
    """Parse the whole file; return (entries, error strings in line order)."""
    entries, problems = [], []
    with open(path, encoding="utf-8") as stream:
        for line, text in enumerate(stream, 1):
            try:
                entry = parse_line(text, line)
            except DefError as err:
                problems.append((line, str(err)))
                continue
            if entry:
                entries.append(entry)
    problems += check_unique(entries)
    errors = ["%s:%d: error: %s" % (path, line, message)
              for line, message in sorted(problems)]
    return entries, errors


# ----------------------------------------------------------- generation

def banner(def_path, purpose):
    lines = ["/*", " * generated from %s — do not edit." % def_path,
             " * Regenerate with scripts/gen_hypercalls.py (make does it).",
             " *"]
    lines += [(" * " + text).rstrip() for text in purpose]
    return lines + [" */", ""]


def primaries(entries):
    """The lines that own a number (not aliases), sorted by number."""
    return sorted((e for e in entries if not e.is_alias()),
                  key=lambda e: e.number)


def gen_numbers(entries, def_path):
    out = banner(def_path, [
        "Xen's hypercall numbers, __HYPERVISOR_<name>, for guests, tools and",
        "the hypervisor.  Only #defines, so assembly files can include it."])
    out += ["#ifndef MINIXEN_PUBLIC_HYPERCALL_NUMBERS_H",
            "#define MINIXEN_PUBLIC_HYPERCALL_NUMBERS_H", "",
            "/* Numbers run from 0 to XEN_NR_HYPERCALLS - 1, one per slot of",
            " * the hypercall page (XEN_HYPERCALL_PAGE_SLOTS). */",
            "#define XEN_NR_HYPERCALLS %d" % SLOTS, ""]
    ordered = sorted(entries, key=lambda e: (e.number, e.is_alias()))
    for entry in ordered:
        define = "#define __HYPERVISOR_%-30s %3d" % (entry.name, entry.number)
        if entry.comment:   # keep a stray "*/" from ending the C comment
            define += "  /* %s */" % entry.comment.replace("*/", "* /")
        out.append(define)
    out += ["", "#endif /* MINIXEN_PUBLIC_HYPERCALL_NUMBERS_H */"]
    return out


def wrap_call(head, items, tail):
    """head(item, item, ...)tail on one line if it fits, else aligned."""
    flat = head + ", ".join(items) + tail
    if len(flat) <= 79 or len(items) < 2:
        return [flat]
    indent = " " * len(head)
    lines = [head + items[0] + ","]
    lines += [indent + item + "," for item in items[1:-1]]
    return lines + [indent + items[-1] + tail]


# The public headers that declare the argument types used in the .def
# file: every generated header with prototypes includes exactly these.
ARG_TYPE_INCLUDES = ["#include <public/%s.h>" % h
                     for h in ("xen", "event_channel", "sysctl", "domctl")]


def gen_defs(entries, def_path):
    out = banner(def_path, [
        "One prototype per hypercall handler.  Handlers include",
        "<minixen/hypercall.h>, so a handler whose definition disagrees with",
        "its line in the .def file does not compile."])
    out += ["#ifndef MINIXEN_HYPERCALL_DEFS_H",
            "#define MINIXEN_HYPERCALL_DEFS_H", "",
            *ARG_TYPE_INCLUDES, ""]
    for entry in primaries(entries):
        if not entry.has_handler():
            continue
        decls = [arg.c_decl() for arg in entry.args] or ["void"]
        out.append("/* %d, wired for %s */" % (entry.number,
                                               ", ".join(entry.wiring)))
        out += wrap_call("long do_%s(" % entry.name, decls, ");")
    out += ["", "#endif /* MINIXEN_HYPERCALL_DEFS_H */"]
    return out


def convert_reg(arg, reg, width):
    """C expression turning register reg into arg's declared type."""
    if arg.handle_of:
        macro = "reg_to_handle" if width == "pv64" else "reg32_to_handle"
        return "%s(%s, %s)" % (macro, arg.handle_of, reg)
    if width == "pv64":
        return "(%s)%s" % (arg.ctype, reg)
    signed = SCALARS[arg.ctype][0]
    via = "int32_t" if signed else "uint32_t"
    return "(%s)(%s)%s" % (arg.ctype, via, reg)


def gen_case(entry, width):
    regs = ["a%d" % (i + 1) for i in range(len(entry.args))]
    values = [convert_reg(a, r, width) for a, r in zip(entry.args, regs)]
    out = ["    case __HYPERVISOR_%s:" % entry.name]
    return out + wrap_call("        return do_%s(" % entry.name, values, ");")


def gen_dispatcher(entries, width):
    wired = [e for e in primaries(entries) if e.wired_for(width)]
    used = max([len(e.args) for e in wired], default=0)
    # nr last: the guest's argument registers then arrive where the C
    # calling convention wants them, so entry.S moves two registers, not six.
    params = ["unsigned long a%d" % (i + 1) for i in range(MAX_ARGS)]
    params += ["unsigned int nr"]
    out = ["/* Run hypercall nr for a %s guest; unknown or unwired "
           "numbers" % width, " * give -XEN_ENOSYS. */"]
    out += wrap_call("long hypercall_call_%s(" % width, params, ")")
    out.append("{")
    if width == "pv32":
        out.append("    /* A 32-bit guest's registers hold 32-bit values, so "
                   "each case")
        out.append("     * masks them before converting. */")
    if used < MAX_ARGS:
        out.append("    /* Registers no %s hypercall uses yet. */" % width)
        out += ["    (void)a%d;" % (i + 1) for i in range(used, MAX_ARGS)]
    out += ["", "    switch (nr) {"]
    for entry in wired:
        out += gen_case(entry, width)
    out += ["    default:", "        return hypercall_unknown(nr);", "    }", "}", ""]
    return out


def gen_args_table(entries, width):
    wired = [e for e in primaries(entries) if e.wired_for(width)]
    out = ["/* Register arguments of each %s hypercall; %s" % (width, UNWIRED),
           " * where no %s handler exists. */" % width,
           "const uint8_t hypercall_args_%s[NR_hypercalls] = {" % width,
           "    [0 ... NR_hypercalls - 1] = %s," % UNWIRED]
    for entry in wired:
        out.append("    [__HYPERVISOR_%s] = %d,"
                   % (entry.name, len(entry.args)))
    return out + ["};", ""]


def gen_args_tables(entries):
    """The tables start from "all unwired" and override the wired slots."""
    out = ["/* Every slot starts unwired and the later lines override the",
           " * wired ones: exactly what -Woverride-init warns about. */",
           "#pragma GCC diagnostic push",
           "#pragma GCC diagnostic ignored \"-Woverride-init\"", ""]
    for width in WIDTHS:
        out += gen_args_table(entries, width)
    return out + ["#pragma GCC diagnostic pop", ""]


def gen_names(entries):
    out = ["/* Xen's name for each number (NULL if none), for log messages. "
           "*/",
           "const char *const hypercall_names[NR_hypercalls] = {"]
    for entry in primaries(entries):
        out.append("    [__HYPERVISOR_%s] = \"%s\","
                   % (entry.name, entry.name))
    return out + ["};", ""]


def gen_table(entries, def_path):
    out = banner(def_path, [
        "The hypercall dispatchers and tables.  Each case converts the",
        "guest's registers to the declared argument types and calls the",
        "handler directly, so the compiler checks every call against its",
        "prototype."])
    out += ["#include <minixen/hypercall.h>", "#include <public/errno.h>", "",
            "/* A handle only wraps the guest pointer: building one reads no "
            "guest",
            " * memory.  A 32-bit guest's pointer is the low half of the "
            "register. */",
            "#define reg_to_handle(type, reg) \\",
            "    ((XEN_GUEST_HANDLE_PARAM(type)){ (void *)(reg) })",
            "#define reg32_to_handle(type, reg) \\",
            "    reg_to_handle(type, (unsigned long)(uint32_t)(reg))", ""]
    for width in WIDTHS:
        out += gen_dispatcher(entries, width)
    out += gen_args_tables(entries)
    return out + gen_names(entries)


def wrapped(entries):
    """(entry, reason) for every pv64 call, reason None if it gets a
    wrapper; the wrappers are for 64-bit callers only."""
    for entry in primaries(entries):
        if entry.wired_for("pv64"):
            yield entry, NO_WRAPPER.get(entry.name)


def gen_guest_wrapper(entry):
    decls = [arg.caller_decl() for arg in entry.args] or ["void"]
    names = ["__HYPERVISOR_%s" % entry.name] + [a.name for a in entry.args]
    out = wrap_call("static inline long HYPERVISOR_%s(" % entry.name,
                    decls, ")")
    out += ["{"] + wrap_call("    return HYPERCALL%d(" % len(entry.args),
                             names, ");")
    return out + ["}", ""]


def gen_guest(entries, def_path):
    out = banner(def_path, [
        "C wrappers for a 64-bit PV guest kernel: HYPERVISOR_<name>() for",
        "every pv64 hypercall, each a call into the hypercall page through",
        "the HYPERCALLn macros of guests/lib/hypercall_page.h.  A guest",
        "pointer is a plain C pointer here; the hypervisor checks it.",
        "Guests include guests/lib/hypercall.h, which adds helpers built",
        "on these."])
    out += ["#ifndef GUEST_HYPERCALLS_H", "#define GUEST_HYPERCALLS_H", "",
            "#include <hypercall_page.h>", *ARG_TYPE_INCLUDES, ""]
    for entry, reason in wrapped(entries):
        if reason:
            out += ["/* %d %s: no wrapper; it %s. */" % (entry.number,
                                                          entry.name, reason),
                    ""]
            continue
        out += gen_guest_wrapper(entry)
    return out + ["#endif /* GUEST_HYPERCALLS_H */"]


def privcmd_value(arg):
    """The 64-bit register value privcmd passes on for one argument."""
    if arg.handle_of:
        return "(uint64_t)(uintptr_t)%s" % arg.name
    return "(uint64_t)%s" % arg.name


def gen_privcmd_wrapper(entry):
    decls = ["int privcmd_fd"] + [arg.caller_decl() for arg in entry.args]
    out = wrap_call("static inline long xen_hypercall_%s(" % entry.name,
                    decls, ")")
    out += ["{", "    struct privcmd_hypercall call = {",
            "        .op = __HYPERVISOR_%s," % entry.name]
    if entry.args:
        out += wrap_call("        .arg = { ",
                         [privcmd_value(a) for a in entry.args], " },")
    out += ["    };", "",
            "    return ioctl(privcmd_fd, IOCTL_PRIVCMD_HYPERCALL, &call);",
            "}", ""]
    return out


PRIVCMD_PREAMBLE = [
    "#ifndef TOOLS_HYPERCALLS_H", "#define TOOLS_HYPERCALLS_H", "",
    "#include <stdint.h>", "#include <sys/ioctl.h>",
    *ARG_TYPE_INCLUDES,
    "/* Linux's privcmd request; skipped where a program has its own copy. */",
    "#include <public/privcmd.h>", "",
]


def gen_privcmd(entries, def_path):
    out = banner(def_path, [
        "C wrappers for dom0 user programs (built against glibc, run on the",
        "dom0 kernel): xen_hypercall_<name>(privcmd_fd, ...) for every pv64",
        "hypercall.  Each fills a struct privcmd_hypercall and makes the",
        "IOCTL_PRIVCMD_HYPERCALL ioctl on an open /dev/xen/privcmd; the",
        "result is the ioctl's: the hypercall's return value, or -1 with",
        "errno set (a hypercall's -XEN_Exxx arrives as errno Exxx)."])
    out += PRIVCMD_PREAMBLE
    for entry, reason in wrapped(entries):
        if reason:
            out += ["/* %d %s: no wrapper; it %s. */" % (entry.number,
                                                          entry.name, reason),
                    ""]
            continue
        out += gen_privcmd_wrapper(entry)
    return out + ["#endif /* TOOLS_HYPERCALLS_H */"]


# ---------------------------------------------------------------- output

def write_atomically(path, lines):
    """Write via a temporary file so readers never see a partial file."""
    directory = os.path.dirname(path) or "."
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".gen-")
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.write("\n".join(lines) + "\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("def_file", help="hypervisor/hypercalls.def")
    parser.add_argument("--numbers", help="public number header to write")
    parser.add_argument("--defs", help="prototype header to write")
    parser.add_argument("--table", help="dispatcher C file to write")
    parser.add_argument("--guest", help="guest wrapper header to write")
    parser.add_argument("--privcmd", help="dom0 program wrapper header to "
                        "write")
    opts = parser.parse_args(argv)
    try:
        entries, errors = parse_def(opts.def_file)
    except OSError as err:
        errors = ["%s: error: %s" % (opts.def_file, err.strerror)]
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    outputs = ((opts.numbers, gen_numbers), (opts.defs, gen_defs),
               (opts.table, gen_table), (opts.guest, gen_guest),
               (opts.privcmd, gen_privcmd))
    for path, generate in outputs:
        if path:
            write_atomically(path, generate(entries, opts.def_file))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
