"""Drives domain 0's shell over the serial line, for tests/boot/test_dom0_*.py.

Dom0Shell boots minixen with the control domain (build/dom0/kernel.elf,
with its root archive build/dom0/rootfs.cpio as the second module), waits
for busybox ash's prompt `dom0# ` and then types one command line at a
time, returning what the command printed before the next prompt and its
exit status.  Each step is bounded (STEP_TIMEOUT) and so is the whole
boot (the Running bound, MINIXEN_BOOT_TIMEOUT by default); the serial
log is kept in build/test-logs/.  A step that times out leaves the shell
in an unknown state, so every later step fails at once, naming it.

What the serial line carries, and how it is undone here:
  - every line ends in CR CR CR LF (dom0's tty, the UART, the pty): CRs go;
  - after each prompt ash asks for the cursor position (ESC [ 6 n) and
    then echoes the line as it is typed, edits included, up to the LF
    that Enter (typed as CR) ends it with: the output starts after it
    (whole lines the hypervisor printed before the echo are set apart).
So a command line must fit on one terminal line (ash redraws longer
ones): MAX_LINE characters.
"""

import os
import re
from dataclasses import dataclass, field

import pexpect

import minixen_boot as mb

DOM0_KERNEL = mb.BUILD / "dom0" / "kernel.elf"
DOM0_ROOTFS = mb.BUILD / "dom0" / "rootfs.cpio"
PROMPT = "dom0# "
ENTER = "\r"
CTRL_C = "\x03"
CTRL_D = "\x04"
BACKSPACE = "\x7f"
# The prompt plus a command must fit ash's 80-column line.
MAX_LINE = 80 - len(PROMPT) - 2
# Seconds one command may take (under TCG, on a loaded machine).
STEP_TIMEOUT = float(os.environ.get("MINIXEN_STEP_TIMEOUT", "30"))
STATUS_RE = re.compile(r"^rc=(\d+)$", re.MULTILINE)
# dom0's kernel prefixes every line it logs (dom0/kernel/printk.c).
KERNEL_PREFIX = "dom0: "
POWER_OFF_RE = r"minixen dom0: shell exited with status (\d+), powering off"


class ShellError(AssertionError):
    """The shell did not answer as a shell does (timeout, exit, no rc)."""


@dataclass
class Output:
    """One command line's result: what the command printed (no echo, no
    CRs, no final newline), the shell's $? after it, and the lines the
    hypervisor ("(XEN) ...") and dom0's kernel ("dom0: ...") logged on
    the same serial line meanwhile, kept apart."""
    command: str
    text: str
    status: int
    xen_lines: list = field(default_factory=list)
    kernel_lines: list = field(default_factory=list)

    @property
    def lines(self):
        return self.text.splitlines()

    def __str__(self):
        return f"`{self.command}` -> status {self.status}, output {self.text!r}"


def dom0_modules(kernel_args="", domains=(), rootfs=DOM0_ROOTFS):
    """boot()'s modules for the control domain; kernel_args go on dom0's
    command line (e.g. "syscall_trace"); domains are further boot
    modules (path, "domain=NAME ...") the hypervisor starts beside it;
    rootfs is dom0's root archive."""
    return [(DOM0_KERNEL, kernel_args), rootfs, *domains]


def clean(raw):
    """Serial output as text: no CRs."""
    return raw.replace("\r", "")


def split_logs(text):
    """(the command's own lines, hypervisor lines, dom0 kernel lines)."""
    own, xen, kernel = [], [], []
    for line in text.split("\n"):
        if line.startswith(mb.XEN_PREFIX):
            xen.append(line)
        elif line.startswith(KERNEL_PREFIX):
            kernel.append(line)
        else:
            own.append(line)
    return "\n".join(own), xen, kernel


# A line the hypervisor prints for a domain's console_io ("(dN) ...").
GUEST_CONSOLE_RE = re.compile(r"^\(d\d+\) ")
CURSOR_QUERY = "\x1b[6n"               # ash's, right after the prompt


def after_echo(raw):
    """What follows the echoed command line (see the module comment).
    A line the hypervisor prints meanwhile (its own, or a domU's console)
    can reach the serial line before the echo does: its own lines are
    kept for split_logs(), a guest's are not the command's output."""
    early = []
    text = clean(raw)
    if text.startswith(CURSOR_QUERY):
        text = text[len(CURSOR_QUERY):]
    while True:
        line, newline, rest = text.partition("\n")
        if not newline:
            return "\n".join(early)
        if not (line.startswith(mb.XEN_PREFIX) or GUEST_CONSOLE_RE.match(line)):
            return "\n".join(early + [rest]) if early else rest
        if line.startswith(mb.XEN_PREFIX):
            early.append(line)
        text = rest


class Dom0Shell:
    """A booted dom0 at its prompt.  run() types a command and returns
    its Output; send()/expect() handle what is not a plain command line
    (control keys, nested shells); exit() ends the boot."""

    def __init__(self, log_name, kernel_args="", timeout=None, domains=(),
                 rootfs=DOM0_ROOTFS, **qemu_options):
        for path in (mb.HYPERVISOR, DOM0_KERNEL, rootfs):
            if not path.is_file():
                raise ShellError(f"{path} is missing: run `make` first")
        self.boot = mb.start(log_name, timeout=timeout, control_keys=True,
                             modules=dom0_modules(kernel_args, domains, rootfs),
                             **qemu_options)
        self.child = self.boot.child
        self.log_path = self.boot.log_path
        self.broken = None
        self.result = None
        self.kernel_lines = []      # (command, line) for every command
        self.expect(re.escape(PROMPT), what="the first prompt")

    def where(self):
        return f"serial log: {self.log_path}"

    def _fail(self, why):
        self.broken = why
        raise ShellError(f"{why}; {self.where()}")

    def expect(self, pattern, timeout=None, what=None):
        """Wait for regex `pattern` in the output; returns the raw text
        before it (the match is in self.child.match)."""
        if self.broken:
            raise ShellError(f"shell unusable since: {self.broken}; {self.where()}")
        limit = min(STEP_TIMEOUT if timeout is None else timeout,
                    self.boot.remaining())
        which = self.child.expect([pattern, pexpect.TIMEOUT, pexpect.EOF],
                                  timeout=limit)
        if which != 0:
            seen = clean(self.child.before or "")[-300:]
            self._fail(f"waiting {limit:.0f}s for {what or pattern!r}: "
                       f"{'timed out' if which == 1 else 'QEMU exited'}; "
                       f"last output {seen!r}")
        return self.child.before

    def send(self, text):
        """Send raw keys (no Enter added)."""
        if self.broken:
            raise ShellError(f"shell unusable since: {self.broken}; {self.where()}")
        self.child.send(text)

    def until_prompt(self, command, timeout=None):
        """The output of a line already typed, up to the next prompt."""
        return after_echo(self.expect(re.escape(PROMPT), timeout,
                                      what=f"the prompt after `{command}`"))

    def line(self, command, timeout=None):
        """Type one command line and return its output (text, no CRs)."""
        assert len(command) <= MAX_LINE and "\n" not in command, command
        self.send(command + ENTER)
        return self.until_prompt(command, timeout).rstrip("\n")

    def status(self):
        """$? of the last command line."""
        text = self.line('echo "rc=$?"')
        m = STATUS_RE.search(text)
        if not m:
            self._fail(f"no rc= line in {text!r}")
        return int(m.group(1))

    def run(self, command, timeout=None):
        """Type a command line; its Output, exit status included."""
        text, xen, kernel = split_logs(self.line(command, timeout))
        self.kernel_lines += [(command, line) for line in kernel]
        return Output(command, text, self.status(), xen, kernel)

    def ok(self, command, timeout=None):
        """run(), asserting exit status 0; returns the output text."""
        out = self.run(command, timeout)
        assert out.status == 0, f"{out}; {self.where()}"
        return out.text

    def mem_free_kb(self):
        """MemFree from /proc/meminfo, in kB."""
        text = self.ok("grep MemFree /proc/meminfo")
        m = re.fullmatch(r"MemFree:\s+(\d+) kB", text)
        assert m, f"MemFree line {text!r}; {self.where()}"
        return int(m.group(1))

    def serial_tail(self, count=40):
        """The last lines of the serial log so far (for failure reports)."""
        if not self.boot.log_file.closed:
            self.boot.log_file.flush()
        text = clean(self.log_path.read_text(encoding="utf-8",
                                             errors="replace"))
        return "\n".join(text.splitlines()[-count:])

    def exit(self, command="exit"):
        """Type `command` (exit by default) and wait for dom0 to power
        off; returns the BootResult.  Safe to call twice."""
        if self.result is None:
            if not self.broken:
                self.child.send(command + ENTER)
                self.child.expect([pexpect.EOF, pexpect.TIMEOUT],
                                  timeout=min(STEP_TIMEOUT,
                                              self.boot.remaining()))
            self.result = self.boot.finish(timed_out=bool(self.broken))
        return self.result
