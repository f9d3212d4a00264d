"""Busybox's shell and applets on domain 0's kernel.

One boot of the control domain (dom0_shell.py); each test types short
scripts at ash and checks their output and exit status as Linux with
busybox gives them: pipes, redirections to /tmp and back, loops,
command substitution, background jobs, exit statuses, test, directory
listings, files in /tmp, the read-only root, and the process and system
information applets.
"""

import re

import pytest

pytestmark = pytest.mark.xdist_group("dom0-busybox")


def test_pipe(dom0_shell):
    out = dom0_shell.run("echo a b c | wc -w")
    assert out.text == "3" and out.status == 0, out


def test_pipe_whose_first_command_exits_first(dom0_shell):
    """The pipeline's process group outlives its leader: the second
    command still joins it and takes the terminal, every time."""
    out = dom0_shell.run("for i in 1 2 3 4 5 6 7 8; do true | wc -c; done")
    assert out.lines == ["0"] * 8 and out.status == 0, out


def test_redirections(dom0_shell):
    dom0_shell.ok("echo one > /tmp/r; echo two >> /tmp/r")
    assert dom0_shell.run("wc -l < /tmp/r").text == "2"
    assert dom0_shell.ok("cat < /tmp/r") == "one\ntwo"
    out = dom0_shell.run("ls /no/such/file > /tmp/e 2>&1; cat /tmp/e")
    assert out.text == "ls: /no/such/file: No such file or directory", out
    dom0_shell.ok("rm /tmp/r /tmp/e")


def test_for_loop(dom0_shell):
    assert dom0_shell.ok("for i in 1 2 3; do echo n$i; done") == "n1\nn2\nn3"


def test_while_loop(dom0_shell):
    out = dom0_shell.run("i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo $i; done")
    assert out.text == "1\n2\n3" and out.status == 0, out


def test_command_substitution(dom0_shell):
    assert dom0_shell.ok('echo "<$(echo inner | tr a-z A-Z)>"') == "<INNER>"


def test_background_job_and_wait(dom0_shell):
    out = dom0_shell.run("sleep 1 & wait $!")
    assert out.status == 0, out
    out = dom0_shell.run("(exit 7) & wait $!")
    assert out.status == 7, out


def test_jobs_and_kill(dom0_shell):
    """The sleeps are short so that a lost signal shows as a wrong status,
    not as a step that times out (and takes the module's shell with it)."""
    out = dom0_shell.run("sleep 5 & jobs; kill %1; wait")
    assert re.match(r"^\[1\]\+\s+Running\s+sleep 5$", out.lines[0]), out
    assert "Terminated" in out.text, out


def test_kill_right_after_fork(dom0_shell):
    """A signal sent right after the fork must not be lost.  SIGKILL,
    because the child inherits the interactive shell's ignored SIGTERM
    until it resets it, and an ignored signal is discarded when sent (as
    on Linux): SIGTERM this early may rightly do nothing."""
    for _ in range(5):
        out = dom0_shell.run("sleep 5 & kill -KILL $!; wait $!")
        assert out.status == 128 + 9, out


def test_sigterm_kills_a_started_background_job(dom0_shell):
    out = dom0_shell.run("sleep 5 & sleep 0.5; kill $!; wait $!")
    assert out.status == 128 + 15, out


def test_exit_statuses(dom0_shell):
    assert dom0_shell.ok("false; echo $?") == "1"
    assert dom0_shell.run("false").status == 1
    assert dom0_shell.run("true").status == 0
    assert dom0_shell.run("no_such_command").status == 127
    assert dom0_shell.run("/etc/passwd").status == 126


@pytest.mark.parametrize("expr, status", [
    ("test 1 -eq 1", 0), ("test 1 -eq 2", 1), ("[ a = a ]", 0),
    ("[ -d /tmp ]", 0), ("[ -f /tmp ]", 1), ("[ -x /bin/sh ]", 0),
    ("[ -e /nonexistent ]", 1), ("[ -z '' ] && [ -n x ]", 0),
])
def test_test_builtin(dom0_shell, expr, status):
    assert dom0_shell.run(expr).status == status


def test_ls_root(dom0_shell):
    out = dom0_shell.run("ls /")
    assert out.status == 0, out
    names = out.text.split()
    for name in ("bin", "dev", "etc", "init", "lib", "opt", "proc", "tmp", "usr"):
        assert name in names, out


def test_ls_bin_head(dom0_shell):
    out = dom0_shell.run("ls /bin | head -3")
    assert out.status == 0 and len(out.lines) == 3, out
    assert out.lines == sorted(out.lines), out


def test_cat_etc_passwd(dom0_shell):
    out = dom0_shell.run("cat /etc/passwd")
    assert out.text == "root:x:0:0:root:/root:/bin/sh" and out.status == 0, out


def test_mkdir_mv_rm_in_tmp(dom0_shell):
    dom0_shell.ok("mkdir /tmp/d && echo data > /tmp/d/f")
    dom0_shell.ok("mv /tmp/d/f /tmp/d/g")
    assert dom0_shell.ok("ls /tmp/d") == "g"
    assert dom0_shell.ok("cat /tmp/d/g") == "data"
    dom0_shell.ok("rm -r /tmp/d")
    assert dom0_shell.run("test -e /tmp/d").status == 1


def test_root_is_read_only(dom0_shell):
    out = dom0_shell.run("touch /x")
    assert out.text == "touch: /x: Read-only file system" and out.status == 1, out
    out = dom0_shell.run("mkdir /y")
    assert out.text == "mkdir: can't create directory '/y': Read-only file system", out


def test_uname(dom0_shell):
    out = dom0_shell.run("uname -a")
    assert re.fullmatch(r"Linux \S+ \S+ .* x86_64 GNU/Linux", out.text), out
    assert dom0_shell.ok("uname -s -m") == "Linux x86_64"


def test_date(dom0_shell):
    out = dom0_shell.run("date -u")
    assert re.fullmatch(r"\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}", out.text), out
    year = int(dom0_shell.ok("date -u +%Y"))
    assert year >= 2024, year


def test_pwd_and_cd(dom0_shell):
    assert dom0_shell.ok("cd /usr/bin; pwd") == "/usr/bin"
    assert dom0_shell.ok("cd ..; pwd; cd /") == "/usr"
    out = dom0_shell.run("cd /nonexistent")
    assert out.status != 0 and "can't cd to /nonexistent" in out.text, out


def test_ps_lists_the_shell(dom0_shell):
    out = dom0_shell.run("ps")
    assert out.status == 0, out
    assert re.match(r"^\s*PID\s+USER\s+(TIME\s+)?COMMAND$", out.lines[0]), out
    pids = {line.split()[0]: line for line in out.lines[1:]}
    shell = dom0_shell.ok("echo $$")
    assert shell in pids and "sh" in pids[shell], out
    assert "1" in pids, out


def test_env(dom0_shell):
    out = dom0_shell.run("env")
    variables = dict(line.split("=", 1) for line in out.lines)
    assert variables["HOME"] == "/root" and "/bin" in variables["PATH"].split(":"), out
    assert dom0_shell.ok("FOO=bar env | grep ^FOO=") == "FOO=bar"


def test_kill(dom0_shell):
    assert dom0_shell.run("kill -0 $$").status == 0
    out = dom0_shell.run("kill -0 99999")
    assert out.status == 1 and "No such process" in out.text, out


def test_no_unimplemented_system_calls(dom0_shell):
    """Linux implements every call busybox makes; none may be logged as
    missing by the commands above."""
    unimplemented = [(c, l) for c, l in dom0_shell.kernel_lines
                     if "unimplemented system call" in l]
    assert not unimplemented, unimplemented


def test_tmp_holds_at_most_half_of_memory(dom0_shell):
    """tmpfs stops at half of dom0's memory (64 MiB here) with ENOSPC, and
    the space comes back when the file goes."""
    out = dom0_shell.run("dd if=/dev/zero of=/tmp/big bs=1M count=64")
    assert "No space left on device" in out.text and out.status == 1, out
    assert re.search(r"^3[0-2]\+\d+ records out$", out.text, re.M), out
    assert dom0_shell.run("rm /tmp/big").status == 0
    assert dom0_shell.ok("dd if=/dev/zero of=/tmp/big bs=1M count=8 2>&1; rm /tmp/big; echo done").endswith("done")
