"""`xl create`'s refusals, typed at domain 0's shell: each config mistake
gets its one line naming the file (and line) and Xen's exit status, and
uses up no domain id: nothing appears in `xl list`, and the first good
create afterwards gets domain id 1.

xl links its domain commands only once libxenctrl, the builder and
libxenstore are in tools/lib (tools/tools.mk); until then this module is
skipped, saying so.
"""

import re

import pytest

from xl_domains import shell  # noqa: F401 (the fixture)

pytestmark = pytest.mark.xdist_group("dom0-xl-create")

GOOD = 'name = "refusals"\nkernel = "/opt/guests/heartbeat.elf"\nmemory = 8\n'


def write(shell, path, text):
    """text into path a line at a time (the shell takes short lines)."""
    for i, line in enumerate(text.splitlines()):
        escaped = (line.replace("\\", "\\\\").replace("%", "%%")
                   .replace("'", "'\\''"))
        shell.ok(f"printf '{escaped}\\n' {'>>' if i else '>'} {path}")


def refused(shell, command, status, message):
    out = shell.run(command)
    assert out.status == status, out
    assert out.text == message, out


def domain_lines(shell):
    out = shell.run("xl list")
    assert out.status == 0, out
    return out.lines[1:]


def test_syntax_error_names_file_and_line(shell):
    write(shell, "/tmp/syn.cfg", 'name = "a"\nmemory 128\n')
    refused(shell, "xl create -q /tmp/syn.cfg", 1,
            "/tmp/syn.cfg:2: config parsing error near `128': "
            "expected '=' after \"memory\"")


def test_missing_name(shell):
    write(shell, "/tmp/non.cfg", 'kernel = "/opt/guests/heartbeat.elf"\n')
    refused(shell, "xl create -q /tmp/non.cfg", 1,
            "/tmp/non.cfg: Domain name must be specified.")


def test_hvm_refused(shell):
    write(shell, "/tmp/hvm.cfg", GOOD + 'type = "hvm"\n')
    refused(shell, "xl create -q /tmp/hvm.cfg", 1,
            "/tmp/hvm.cfg:4: type \"hvm\" is not supported: minixen builds "
            "PV domains only (type = \"pv\")")


def test_missing_config_file(shell):
    refused(shell, "xl create -q /tmp/absent.cfg", 1,
            "/tmp/absent.cfg: unable to open configuration file: "
            "No such file or directory")


def test_no_config_file(shell):
    refused(shell, "xl create -q", 6,
            "Config file not specified and none in save file")


def test_bad_override(shell):
    write(shell, "/tmp/ok.cfg", GOOD)
    refused(shell, "xl create -q /tmp/ok.cfg vcpus=\\'many\\'", 1,
            "command line:1: parameter `vcpus' is not a valid number")
    refused(shell, "xl create -q /tmp/ok.cfg vcpus=many", 1,
            "command line:1: config parsing error near `many': "
            "expected a value after '='")


def test_missing_kernel(shell):
    write(shell, "/tmp/nok.cfg", GOOD + 'kernel = "/opt/none.elf"\n')
    out = shell.run("xl create -q /tmp/nok.cfg")
    assert out.status == 3, out
    assert len(out.lines) == 1, out
    assert out.text.startswith("/tmp/nok.cfg: kernel /opt/none.elf: "), out


def test_kernel_that_is_not_pv(shell):
    write(shell, "/tmp/npv.cfg", GOOD + 'kernel = "/bin/busybox"\n')
    out = shell.run("xl create -q /tmp/npv.cfg")
    assert out.status == 3, out
    assert len(out.lines) == 1, out
    assert out.text.startswith("/tmp/npv.cfg: kernel /bin/busybox: "), out


def test_memory_above_free(shell):
    write(shell, "/tmp/big.cfg", GOOD + "memory = 100000\n")
    out = shell.run("xl create -q /tmp/big.cfg")
    assert out.status == 3, out
    assert re.fullmatch(r"/tmp/big\.cfg: memory = 100000 MiB is more than "
                        r"the host's free memory \(\d+ MiB\)", out.text), out


def test_name_in_use(shell):
    write(shell, "/tmp/d0.cfg", GOOD + 'name = "Domain-0"\n')
    refused(shell, "xl create -q /tmp/d0.cfg", 3,
            'Domain with name "Domain-0" already exists.')


def test_refusals_used_no_domain_id(shell):
    """Runs after the refusals above (pytest keeps file order)."""
    assert [line.split()[0] for line in domain_lines(shell)] == ["Domain-0"]
    write(shell, "/tmp/ok.cfg", GOOD)
    shell.ok("xl create -q -p /tmp/ok.cfg")
    assert shell.ok("xl domid refusals") == "1"
    row = [line for line in domain_lines(shell) if line.startswith("refusals")]
    assert len(row) == 1 and row[0].split()[1] == "1", row
    shell.ok("xl destroy refusals")
    assert [line.split()[0] for line in domain_lines(shell)] == ["Domain-0"]
