"""`xl info`, `xl list` and xl's errors, typed at domain 0's shell.

One boot of the control domain (dom0_shell.py); xl must print what Xen
4.17's xl prints (tests/unit/test_dom0_tools.py checks the formats in
detail on the host, against a fake privcmd): here the fields come from
the real hypervisor.
"""

import re

import pytest

pytestmark = pytest.mark.xdist_group("dom0-xl")

INFO_FIELDS = [
    "host", "release", "version", "machine", "nr_cpus", "max_cpu_id",
    "nr_nodes", "cores_per_socket", "threads_per_core", "cpu_mhz",
    "hw_caps", "virt_caps", "total_memory", "free_memory",
    "sharing_freed_memory", "sharing_used_memory", "outstanding_claims",
    "free_cpus", "xen_major", "xen_minor", "xen_extra", "xen_version",
    "xen_caps", "xen_scheduler", "xen_pagesize", "platform_params",
    "xen_changeset", "xen_commandline", "cc_compiler", "cc_compile_by",
    "cc_compile_domain", "cc_compile_date", "build_id",
    "xend_config_format",
]
LIST_HEADER = "Name                                        ID   Mem VCPUs\tState\tTime(s)"
MACHINE_MB = 256        # qemu.sh's default
DOM0_MB = 64            # the hypervisor's default dom0 size (16384 pages)


@pytest.fixture(scope="module")
def info(dom0_shell):
    out = dom0_shell.run("xl info")
    assert out.status == 0, out
    fields = [re.fullmatch(r"(\w+)\s*: ?(.*)", line) for line in out.lines]
    assert all(fields), out
    return [(m.group(1), m.group(2)) for m in fields]


def test_xl_info_has_xens_fields_in_order(info):
    assert [name for name, _ in info] == INFO_FIELDS


def test_xl_info_names_are_padded_to_23_columns(dom0_shell):
    text = dom0_shell.ok("xl info")
    assert all(line[23:25] == ": " for line in text.splitlines()), text


def test_xl_info_host_fields_are_unames(dom0_shell, info):
    values = dict(info)
    assert values["host"] == dom0_shell.ok("uname -n")
    assert values["release"] == dom0_shell.ok("uname -r")
    assert values["machine"] == "x86_64"


def test_xl_info_xen_fields(info):
    values = dict(info)
    assert values["nr_cpus"] == "1"
    assert values["xen_major"].isdigit() and values["xen_minor"].isdigit()
    assert values["xen_version"] == \
        f"{values['xen_major']}.{values['xen_minor']}{values['xen_extra']}"
    assert "xen-3.0-x86_64" in values["xen_caps"].split()
    assert values["xen_scheduler"] == "credit"
    assert values["xen_pagesize"] == "4096"
    assert values["xen_commandline"] == "console=com1 loglvl=all"
    assert values["cc_compiler"] != ""


def test_xl_info_memory_is_the_machines(info):
    values = dict(info)
    total, free = int(values["total_memory"]), int(values["free_memory"])
    assert MACHINE_MB * 0.95 <= total <= MACHINE_MB, values["total_memory"]
    assert 0 < free < total - DOM0_MB, (free, total)


def test_xl_info_one_field(dom0_shell):
    out = dom0_shell.run("xl info xen_scheduler")
    assert out.text == "credit" and out.status == 0, out


def test_xl_list_header_and_domain_0(dom0_shell):
    out = dom0_shell.run("xl list")
    assert out.status == 0, out
    assert out.lines[0] == LIST_HEADER, out
    assert len(out.lines) == 2, out
    row = re.fullmatch(r"(Domain-0) {32}\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\d+\.\d)",
                       out.lines[1])
    assert row, out
    assert row.group(2, 3, 4, 5) == ("0", str(DOM0_MB), "1", "r-----"), out


def test_xl_unknown_subcommand_fails_as_xens(dom0_shell):
    out = dom0_shell.run("xl frobnicate")
    assert out.text == "command not implemented" and out.status == 1, out


def test_xl_without_subcommand_prints_usage(dom0_shell):
    out = dom0_shell.run("xl")
    assert out.status == 1, out
    assert out.lines[0] == "Usage xl <subcommand> [args]", out
    assert any(re.match(r"^ list\s", line) for line in out.lines), out


def test_xl_unknown_option_exits_2(dom0_shell):
    out = dom0_shell.run("xl list -Q")
    assert out.status == 2, out
    assert "option `Q' not supported." in out.text, out
