"""Serial console input: typed text reaches domain 0, CTRL-a three times
hands input to the hypervisor's debug keys and back, and console_io's
CONSOLEIO_read follows Xen (guests/console_echo).

One boot types a whole session (SESSION below) at guests/console_echo as
domain 0, which echoes each line it reads as "echo: <line>" (control
characters as ^X) and runs a few commands (efault, flood, quit).  Its
tests each check one behaviour in that boot's log.  Two more boots check
that debug-key output ignores loglvl, and that a domain other than 0 is
refused reading with Xen's errno; a fourth has domain 0 block on
VIRQ_CONSOLE between reads, so input wakes it from the idle loop.
"""

import re

import pytest

import minixen_boot as mb

ECHO = mb.GUESTS / "console_echo.elf"
CTRL_A = "\x01"
SWITCH = CTRL_A * 3
TO_XEN = r"\*\*\* Serial input to Xen \(type 'CTRL-a' three times to switch input\)"
TO_DOM0 = r"\*\*\* Serial input to DOM0 \(type 'CTRL-a' three times to switch input\)"
READY = r"console_echo: ready"
RING_SIZE = 128                         # Xen's SERIAL_RX_SIZE
FLOOD_SIZE = 300
# How long the guest leaves the flood unread (guest time); the flood
# takes a few tens of milliseconds to pass through QEMU's UART.
FLOOD_WAIT_MS = 1000

PUNCTUATION = "!\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}~"
LONG_LINE = "".join(chr(ord("a") + i % 26) for i in range(120))

# (pattern to wait for, text to type): the whole session, in order.
SESSION = [
    (READY, "hello world\n"),
    (r"echo: hello world", f"punctuation {PUNCTUATION}\n"),
    (r"echo: punctuation", LONG_LINE + "\n"),
    (r"echo: abc", f"{CTRL_A}z{CTRL_A}{CTRL_A}y\n"),
    (r"echo: \^Az", SWITCH),
    (TO_XEN, "h"),
    (r"key 'r' \(ascii '72'\)", "q"),
    (r"kernel stack", "m"),
    (r"domain 0 \(Domain-0\): tot_pages", "r"),
    (r"'r' pressed", "e"),
    (r"'e' pressed", "z\r"),
    (r"'z' pressed", SWITCH),
    (TO_DOM0, "back to dom0\n"),
    (r"echo: back to dom0", "efault\n"),
    (r"console_echo: efault: type a line", "intact after efault\n"),
    (r"echo: intact after efault", "flood\n"),
    (r"console_echo: flood: not reading", "x" * FLOOD_SIZE),
    (r"flood: read \d+ bytes, \d+ not 'x'", "after flood\n"),
    (r"echo: after flood", "quit\n"),
]

ECHOES = [
    "hello world",
    f"punctuation {PUNCTUATION}",
    LONG_LINE,
    "^Az^A^Ay",
    "back to dom0",
    "intact after efault",
    "after flood",
]

DOM0_CHECKS = [
    "console_io.read_bad_buffer",
    "console_io.read_hypervisor_buffer",
    "console_io.read_count_zero",
    "console_io.read_bad_buffer_flood",
    "console_io.read_after_flood",
]
DOMU_CHECKS = [
    "console_io.read_unprivileged",
    "console_io.read_unprivileged_bad_buffer",
    "console_io.read_unprivileged_count_too_big",
    "console_io.read_unprivileged_count_zero",
]
KEYS = "dehmqr"
HYPERVISOR_FAULT = r"^\(XEN\) .*(FATAL TRAP|Panic)"
EXIT_ALL_POWERED_OFF = mb.debug_exit_status(1 << 0)


@pytest.fixture(scope="module")
def session(module_boot):
    return module_boot(
        "session", script=SESSION,
        modules=[(ECHO, f"flood_wait_ms={FLOOD_WAIT_MS}")])


def index_of(run, pattern, start=0):
    """Index of the first line from `start` matching pattern, or None."""
    regex = re.compile(pattern)
    return next((i for i in range(start, len(run.lines))
                 if regex.search(run.lines[i])), None)


def lines_after(run, pattern):
    """The lines following the first one matching pattern."""
    i = index_of(run, pattern)
    assert i is not None, f"no line matches {pattern!r}; {run.where()}"
    return run.lines[i + 1:]


@pytest.mark.xdist_group("console-session")
class TestSession:
    def test_session_ran_to_its_end(self, session):
        assert session.script_stalled is None, session.where()
        assert session.status == mb.EXIT_POWEROFF, session.where()
        fault = session.search(HYPERVISOR_FAULT)
        assert not fault, f"{fault.group(0)!r}; {session.where()}"

    def test_input_goes_to_dom0_when_it_starts(self, session):
        switched = index_of(session, rf"^\(XEN\) {TO_DOM0}$")
        ready = index_of(session, rf"^{READY}")
        assert switched is not None and ready is not None and switched < ready, \
            session.where()

    def test_typed_lines_arrive_intact_and_in_order(self, session):
        echoes = [l[len("echo: "):] for l in session.guest_lines()
                  if l.startswith("echo: ")]
        assert echoes == ECHOES, session.where()

    def test_ctrl_a_three_times_switches_to_xen(self, session):
        assert session.search(rf"^\(XEN\) {TO_XEN}$"), session.where()

    def test_h_lists_every_key(self, session):
        listed = {}
        for line in lines_after(session, r"^\(XEN\) 'h' pressed -> showing installed handlers$"):
            m = re.match(r"^\(XEN\)  key '(.)' \(ascii '([0-9a-f]{2})'\) => (.+)$", line)
            if not m:
                break
            assert int(m.group(2), 16) == ord(m.group(1)), line
            listed[m.group(1)] = m.group(3)
        assert "".join(sorted(listed)) == KEYS, f"{listed}; {session.where()}"

    def test_q_dumps_domains_and_vcpus(self, session):
        dump = lines_after(session, r"^\(XEN\) 'q' pressed -> dumping domain info \(now = \d+ ns\)$")
        expected = [
            r"^\(XEN\) Domain 0 \(Domain-0\): running, privileged$",
            r"^\(XEN\)     pages: tot_pages 16384 max_pages 16384; vm_assist ",
            r"^\(XEN\)     shutdown: none$",
            r"^\(XEN\)   vCPU0: running, pause flags 0 count 0, current, upcall pending [01] mask [01]$",
            r"^\(XEN\)     rip e033:[0-9a-f]{16} rsp e02b:[0-9a-f]{16} rflags [0-9a-f]{8}$",
            r"^\(XEN\)     rax [0-9a-f]{16} rbx [0-9a-f]{16} rcx [0-9a-f]{16} rdx [0-9a-f]{16}$",
            r"^\(XEN\)     rsi [0-9a-f]{16} rdi [0-9a-f]{16} rbp [0-9a-f]{16}$",
            r"^\(XEN\)     guest kernel mode; L4 mfn kernel 0x[0-9a-f]+ user 0; kernel stack ",
        ]
        for pattern, line in zip(expected, dump):
            assert re.search(pattern, line), f"{line!r} !~ {pattern}; {session.where()}"

    def test_m_dumps_memory(self, session):
        dump = lines_after(session, r"^\(XEN\) 'm' pressed -> dumping memory info$")
        m = re.match(r"^\(XEN\) RAM frames: (\d+) \((\d+) kB\): (\d+) free, "
                     r"(\d+) hypervisor, (\d+) domains, (\d+) not RAM$", dump[0])
        assert m, f"{dump[0]!r}; {session.where()}"
        total, kb, free, xen, domains, other = map(int, m.groups())
        assert kb == total * 4 and free + xen + domains + other == total, dump[0]
        assert domains > 16384 and free > 0 and xen > 0, dump[0]
        assert dump[1] == "(XEN)     domain 0 (Domain-0): tot_pages 16384 max_pages 16384", \
            session.where()

    @pytest.mark.parametrize("key, heading", [("r", "dumping run queues"),
                                              ("e", "dumping event-channel info")])
    def test_r_and_e_hand_over(self, session, key, heading):
        assert session.search(rf"^\(XEN\) '{key}' pressed -> {heading}$"), session.where()

    def test_r_shows_the_schedulers_dump(self, session):
        dump = lines_after(session, r"^\(XEN\) 'r' pressed -> dumping run queues$")
        assert dump and dump[0].startswith("(XEN) Scheduler: "), session.where()

    def test_unknown_key_named_enter_silent(self, session):
        """'z' has no handler and is named; the CR typed after it is not."""
        unknown = [l for l in session.xen_lines() if "-> no such key" in l]
        assert unknown == ["'z' pressed -> no such key (type 'h' for the list)"], \
            session.where()

    def test_ctrl_a_three_times_switches_back(self, session):
        to_xen = index_of(session, rf"^\(XEN\) {TO_XEN}$")
        back = index_of(session, rf"^\(XEN\) {TO_DOM0}$", (to_xen or 0) + 1)
        echo = index_of(session, r"^echo: back to dom0$")
        assert None not in (to_xen, back, echo) and to_xen < back < echo, session.where()

    @pytest.mark.parametrize("name", DOM0_CHECKS)
    def test_dom0_check(self, session, name):
        checks = [c for c in mb.parse_checks(session.guest_lines()) if c.name == name]
        assert len(checks) == 1, f"{name} reported {len(checks)} times; {session.where()}"
        assert checks[0].passed, f"{name}: {checks[0].detail}; {session.where()}"

    def test_no_unlisted_checks(self, session):
        names = [c.name for c in mb.parse_checks(session.guest_lines())]
        assert names == DOM0_CHECKS, session.where()
        assert mb.parse_verdicts(session.guest_lines()) == [("SUCCESS", "")], \
            session.where()

    def test_flood_larger_than_ring_is_cut(self, session):
        """The ring keeps the first 128 bytes; the rest are dropped, and
        counted at the reads that follow (the guest's probing reads may
        come while the flood is still arriving, so maybe in parts)."""
        assert session.search(rf"^console_echo: flood: read {RING_SIZE} bytes, 0 not 'x'$"), \
            session.where()
        start = index_of(session, r"^console_echo: flood: not reading$")
        end = index_of(session, r"^console_echo: flood: read ", start or 0)
        assert None not in (start, end), session.where()
        drop = re.compile(rf"^\(XEN\) console input: (\d+) characters dropped "
                          rf"\(the {RING_SIZE}-byte ring was full\)$")
        dropped = [int(m.group(1)) for m in map(drop.match, session.lines[start:end]) if m]
        assert dropped and sum(dropped) == FLOOD_SIZE - RING_SIZE, \
            f"dropped {dropped}; {session.where()}"
        assert not any(map(drop.match, session.lines[end:])), session.where()

def test_debug_keys_ignore_loglvl(boot):
    """With loglvl=none nothing of the hypervisor's is printed, but what a
    debug key prints is, as on Xen."""
    run = boot(modules=[ECHO], append="console=com1 loglvl=none guest_loglvl=none",
               script=[(READY, SWITCH + "h"),
                       (r"key 'r' \(ascii '72'\)", SWITCH + "quit\n")])
    assert run.script_stalled is None and run.status == mb.EXIT_POWEROFF, run.where()
    xen = run.xen_lines()
    assert xen[0] == "'h' pressed -> showing installed handlers", run.where()
    assert len(xen) == 1 + len(KEYS), f"{xen}; {run.where()}"


def test_domu_read_refused(boot):
    """Xen lets only the privileged (or console) domain read: -EPERM, and
    before any other check of the arguments."""
    run = boot(modules=[ECHO, (ECHO, "domain=reader")],
               script=[(r"\(d1\) Test result: ", "quit\n")])
    assert run.script_stalled is None, run.where()
    assert run.status == EXIT_ALL_POWERED_OFF, run.where()
    domu = [l[len("(d1) "):] for l in run.lines if l.startswith("(d1) ")]
    checks = mb.parse_checks(domu)
    assert [c.name for c in checks] == DOMU_CHECKS, run.where()
    failed = [f"{c.name}: {c.detail}" for c in checks if not c.passed]
    assert not failed, f"{failed}; {run.where()}"
    assert mb.parse_verdicts(domu) == [("SUCCESS", "")], run.where()
    assert mb.parse_verdicts(run.guest_lines()) == [("SUCCESS", "")], run.where()


def test_dom0_blocked_on_virq_console(boot):
    """virq=1: domain 0 binds VIRQ_CONSOLE and blocks whenever nothing is
    pending, so each line must wake it (from the CPU's idle loop).  A
    debug key in between runs while it may be blocked; 'q' notifies it
    through VIRQ_DEBUG, as on Xen."""
    run = boot(modules=[(ECHO, "virq=1")],
               script=[(READY, "hello\n"),
                       (r"echo: hello", SWITCH + "q"),
                       (r"kernel stack", SWITCH + "again\n"),
                       (r"echo: again", "quit\n")])
    assert run.script_stalled is None and run.status == mb.EXIT_POWEROFF, run.where()
    echoes = [l[len("echo: "):] for l in run.guest_lines() if l.startswith("echo: ")]
    assert echoes == ["hello", "again"], run.where()
    checks = mb.parse_checks(run.guest_lines())
    assert [(c.name, c.passed) for c in checks] == [
        ("console_echo.bind_virq_console", True),
        ("console_echo.bind_virq_debug", True),
        ("console_echo.blocked_for_input", True),
        ("console_echo.virq_debug_on_q", True)], run.where()
    assert run.search(r"^\(XEN\) Notifying guest 0:0 \(virq 1, port 2\)$"), run.where()
    assert run.search(r"^\(XEN\)   vCPU0: (running|blocked), "), run.where()
