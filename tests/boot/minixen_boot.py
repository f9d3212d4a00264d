"""Boots minixen under QEMU and captures what it printed.

Shared by the boot tests (tests/boot/conftest.py) and the benchmark driver
(scripts/bench.py).  It never builds a QEMU command line itself: every boot
goes through scripts/qemu.sh, the one place that knows QEMU's options, and
this module only chooses qemu.sh's options, bounds the run in time, types
on the serial line when a test asks it to (a script) and keeps the serial
log.  QEMU's exit status follows the contract in docs/testing.md.
"""

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("MINIXEN_BUILD", ROOT / "build"))
QEMU_SH = ROOT / "scripts" / "qemu.sh"
HYPERVISOR = BUILD / "minixen"
GUESTS = BUILD / "guests"
LOG_DIR = BUILD / "test-logs"
# The control domain (docs/dom0.md): its kernel, its root archive as the
# second module, and the shell's prompt to type at.
DOM0_MODULES = [BUILD / "dom0" / "kernel.elf", BUILD / "dom0" / "rootfs.cpio"]
DOM0_PROMPT = "dom0# "

# Seconds one boot may take before the test kills QEMU and fails.  TCG on a
# slow or loaded machine may need more: MINIXEN_BOOT_TIMEOUT=300 make test.
BOOT_TIMEOUT = float(os.environ.get("MINIXEN_BOOT_TIMEOUT", "60"))

# QEMU's exit status: the isa-debug-exit device turns the value v that the
# hypervisor writes to it into (v << 1) | 1.
def debug_exit_status(value):
    return (value << 1) | 1


SHUTDOWN_REASONS = ("poweroff", "reboot", "suspend", "crash", "watchdog",
                    "soft_reset")
EXIT_FOR_REASON = {name: debug_exit_status(code)
                   for code, name in enumerate(SHUTDOWN_REASONS)}
EXIT_POWEROFF = EXIT_FOR_REASON["poweroff"]
EXIT_CRASH = EXIT_FOR_REASON["crash"]
EXIT_NO_DOMAIN = debug_exit_status(0x40)
EXIT_PANIC = debug_exit_status(0x41)
# -no-reboot turns a reset (triple fault) into a clean QEMU exit.
EXIT_RESET = 0

XEN_PREFIX = "(XEN) "
QEMU_SH_PREFIX = "qemu.sh: "


def describe_exit(status):
    """What a QEMU exit status means, for failure messages."""
    if status is None:
        return "QEMU did not exit by itself"
    if status == EXIT_RESET:
        return "machine reset: triple fault or reboot (-no-reboot)"
    if status == EXIT_NO_DOMAIN:
        return "hypervisor had no domain to run"
    if status == EXIT_PANIC:
        return "hypervisor panic"
    for name, code in EXIT_FOR_REASON.items():
        if status == code:
            return f"domain 0 shut down: {name}"
    return "unexpected status (QEMU itself failed?)"


def display_path(path):
    """A path relative to the tree when it is inside it, as dom0 sees it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


@dataclass
class BootResult:
    """One finished boot: how it ended and everything it printed."""
    status: object          # QEMU's exit status, None if it was killed
    log: str                # serial output plus qemu.sh's notes, no CRs
    log_path: Path
    seconds: float
    timed_out: bool = False
    matched: object = None  # the `until` match that stopped the boot
    # The pattern of the first script step whose output never came
    # (QEMU exited or the time ran out first); None if the script ran
    # to its end.
    script_stalled: object = None
    # Seconds from QEMU's start to each script step's match, in order
    # (as far as the script got).
    step_seconds: list = field(default_factory=list)
    lines: list = field(init=False)

    def __post_init__(self):
        self.lines = self.log.splitlines()

    def xen_lines(self):
        """The hypervisor's own log lines, prefix stripped."""
        return [l[len(XEN_PREFIX):] for l in self.lines
                if l.startswith(XEN_PREFIX)]

    def guest_lines(self):
        """Unprefixed lines: domain 0's console output (and QEMU's)."""
        return [l for l in self.lines
                if not l.startswith((XEN_PREFIX, QEMU_SH_PREFIX))]

    def search(self, pattern, flags=re.MULTILINE):
        return re.search(pattern, self.log, flags)

    def __iter__(self):
        """Lets a test write `status, log = boot(...)`."""
        return iter((self.status, self.log))

    def __repr__(self):
        return f"<boot: {self.where()}>"

    def where(self):
        """A short 'what happened' for assertion messages."""
        how = f"timed out after {self.seconds:.0f}s" if self.timed_out else \
            f"exit status {self.status} ({describe_exit(self.status)})"
        if self.script_stalled is not None:
            how += f"; script still waiting for {self.script_stalled!r}"
        return f"{how}; serial log: {self.log_path}"


def module_paths(modules):
    """The files behind boot()'s `modules` option."""
    return [Path(m if isinstance(m, (str, Path)) else m[0]) for m in modules]


# QEMU's stdio backend turns CTRL-c, CTRL-z and CTRL-backslash typed at
# it into signals to QEMU itself unless told not to (signal=off).
SERIAL_CHARDEV = "serial0"
PASS_CONTROL_KEYS = ["--serial", f"chardev:{SERIAL_CHARDEV}", "--",
                     "-chardev", f"stdio,id={SERIAL_CHARDEV},signal=off"]


def qemu_sh_args(modules=(), append=None, kernel=None, cdrom=None,
                 accel="tcg", icount=False, memory=None, control_keys=False,
                 smp=None):
    """qemu.sh's options for one boot.  Modules are (path, args) pairs or
    plain paths; each module string starts with the file's path.  memory
    is the machine's RAM (qemu.sh's size syntax), qemu.sh's default if
    None.  control_keys passes CTRL-c, CTRL-z and CTRL-backslash
    typed on the serial line to the guest instead of signalling QEMU.
    smp is the machine's CPU count (QEMU's -smp), 1 if None."""
    argv = [str(QEMU_SH), "--accel", accel]
    if icount:
        argv.append("--icount")
    if memory is not None:
        argv += ["--memory", memory]
    if smp is not None:
        argv += ["--smp", str(smp)]
    if cdrom is not None:
        return argv + ["--cdrom", str(cdrom)]
    argv += ["--kernel", display_path(kernel or HYPERVISOR)]
    if append is not None:
        argv += ["--append", append]
    for module, path in zip(modules, module_paths(modules)):
        args = "" if isinstance(module, (str, Path)) else module[1]
        argv += ["--module", f"{display_path(path)} {args}".strip()]
    if control_keys:
        argv += PASS_CONTROL_KEYS
    return argv


def _finish(child, started, log_path, log_file, **outcome):
    """Reap QEMU (killing it if it still runs) and return a BootResult.
    A killed QEMU may still exit 0 from its signal handler, so the status
    of a QEMU we stopped is reported as None, never as a reset."""
    killed = child.isalive()
    if killed:
        child.terminate(force=True)
    child.close()
    log_file.close()
    status = None if killed or child.signalstatus is not None \
        else child.exitstatus
    # The serial line and the pty each add a CR before LF; keep plain LF.
    # Read with newline="" so the CRs are not turned into extra LFs.
    with open(log_path, encoding="utf-8", errors="replace",
              newline="") as raw:
        text = raw.read().replace("\r", "")
    log_path.write_text(text, encoding="utf-8")
    return BootResult(status=status, log=text,
                      log_path=log_path, seconds=time.monotonic() - started,
                      **outcome)


def _run_script(child, script, started, deadline, step_seconds):
    """Type each step's text once its pattern has appeared, in order,
    noting in step_seconds when each matched.  Returns (stalled pattern
    or None, timed out?)."""
    for pattern, text in script:
        which = child.expect([pexpect.EOF, pexpect.TIMEOUT, pattern],
                             timeout=max(0.0, deadline - time.monotonic()))
        if which != 2:
            return pattern, which == 1
        step_seconds.append(time.monotonic() - started)
        if text:
            child.send(text)
    return None, False


class Running:
    """A QEMU started by start() and still running: `child` is its pexpect
    spawn (output is logged as it is read), `deadline` the monotonic time
    its bound runs out.  finish() reaps it and returns the BootResult."""

    def __init__(self, log_name, timeout, log_dir, qemu_options):
        self.timeout = BOOT_TIMEOUT if timeout is None else timeout
        log_dir = Path(log_dir or LOG_DIR)
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"{log_name}.log"
        self.log_file = open(self.log_path, "w", encoding="utf-8")
        argv = qemu_sh_args(**qemu_options)
        self.started = time.monotonic()
        self.deadline = self.started + self.timeout
        self.child = pexpect.spawn(argv[0], argv[1:], cwd=str(ROOT),
                                   timeout=self.timeout, encoding="utf-8",
                                   codec_errors="replace",
                                   dimensions=(24, 200))
        self.child.logfile_read = self.log_file

    def remaining(self):
        """Seconds left before the bound, never negative."""
        return max(0.0, self.deadline - time.monotonic())

    def finish(self, **outcome):
        return _finish(self.child, self.started, self.log_path,
                       self.log_file, **outcome)


def start(log_name, timeout=None, log_dir=None, **qemu_options):
    """Start QEMU (options as for qemu_sh_args) and return it Running,
    logging to <log_dir>/<log_name>.log; the caller drives it and must
    call finish()."""
    return Running(log_name, timeout, log_dir, qemu_options)


def boot(log_name, timeout=None, until=None, linger=0.0, log_dir=None,
         script=(), **qemu_options):
    """Boot once under `timeout` seconds; log to <log_dir>/<log_name>.log
    (build/test-logs by default).

    `script` types on the serial line: a list of (pattern, text) steps.
    Each step waits for its regex to appear in the output after the
    previous step's match, then sends text (str; "\x01" is CTRL-a; ""
    sends nothing, so a step can just time its pattern: the result's
    `step_seconds` has, per step, the seconds from QEMU's start to its
    match).  If
    QEMU exits or the time runs out first, the rest is skipped and the
    result's `script_stalled` names the pattern.

    Without `until`, waits for QEMU to exit.  With `until` (a regex,
    searched in the raw output, so `^` does not mean start of line, and
    lines end in "\r\n"; the same holds for script patterns), stops
    QEMU as soon as the output matches it, after waiting up to
    `linger` seconds for QEMU to exit by itself (status stays None if it
    did not)."""
    run = start(log_name, timeout, log_dir, **qemu_options)
    child = run.child
    steps = []
    stalled, timed_out = _run_script(child, script, run.started, run.deadline, steps)
    if timed_out:
        return run.finish(timed_out=True, script_stalled=stalled, step_seconds=steps)
    targets = [pexpect.EOF, pexpect.TIMEOUT] + ([until] if until else [])
    which = child.expect(targets, timeout=run.remaining())
    if which == 1:
        return run.finish(timed_out=True, script_stalled=stalled, step_seconds=steps)
    matched = child.match if which == 2 else None
    if matched is not None and linger > 0:
        child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=linger)
    return run.finish(matched=matched, script_stalled=stalled, step_seconds=steps)


# The guests' report protocol (guests/lib/report.c): one line per check,
# then exactly one verdict line.
CHECK_RE = re.compile(r"^(ok|not ok) - (.*)$")
VERDICT_RE = re.compile(r"^Test result: (SUCCESS|FAILURE|ERROR|SKIP)\b(.*)$")


@dataclass
class Check:
    passed: bool
    name: str
    detail: str


def parse_checks(lines):
    """Every `ok - name` / `not ok - name: detail` line, in order."""
    checks = []
    for line in lines:
        m = CHECK_RE.match(line)
        if not m:
            continue
        passed = m.group(1) == "ok"
        name, _, detail = m.group(2).partition(": ")
        checks.append(Check(passed, m.group(2) if passed else name,
                            "" if passed else detail))
    return checks


def parse_verdicts(lines):
    """(word, rest) for each `Test result:` line."""
    return [m.groups() for m in map(VERDICT_RE.match, lines) if m]
