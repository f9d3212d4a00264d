"""Domains created by `xl create` from dom0's shell, through their lives:
listed under their names, their xenstore nodes, pause and unpause, the
console log, destroy, `xl create -c` showing the console until the
domain goes, and the monitor's on_poweroff (destroy) and
on_crash = "preserve" (left listed as crashed).

Needs the whole toolstack (libxenctrl and the builder, privcmd's foreign
mappings, AF_UNIX sockets, xenstored, xenconsoled and the test guests in
/opt/guests); skipped, saying so, while xl lacks its domain commands.
"""

import re

import pytest

import xl_domains
from xl_domains import rows, shell  # noqa: F401 (shell: the fixture)

pytestmark = pytest.mark.xdist_group("dom0-xl-lifecycle")

# Seconds to wait for a guest to greet, shut down or be cleaned up.
SETTLE_S = 20
CONSOLE_LOG = "/var/log/xen/console/guest-{}.log"


def wait_for(what, check, limit=SETTLE_S):
    xl_domains.wait_for(what, check, limit)


def test_create_lists_the_domain_by_name(shell):
    shell.ok("xl create -q /opt/guests/heartbeat.cfg")
    table = rows(shell)
    assert "heartbeat" in table, table
    domid = table["heartbeat"][0]
    assert domid > 0
    assert shell.ok("xl domid heartbeat") == str(domid)
    assert shell.ok(f"xl domname {domid}") == "heartbeat"
    assert shell.ok(f"xenstore-read /local/domain/{domid}/name") == "heartbeat"
    assert shell.ok(f"xenstore-read /local/domain/{domid}/domid") == str(domid)


def test_tree_permissions_are_libxls(shell):
    """xl sets permissions only on the tree's top and on the domain's own
    nodes; the rest inherit the top's (dom0 owns, the domain reads), as
    libxl's plain writes do."""
    domid = rows(shell)["heartbeat"][0]
    top = f"/local/domain/{domid}"
    assert shell.ok(f"xenstore-ls -p {top}/memory") == \
        f'static-max = "8192"  (n0, r{domid})\ntarget = "8192"  (n0, r{domid})'
    assert f'port = "' in shell.ok(f"xenstore-ls -p {top}/console")
    assert f"(n0, r{domid})" in shell.ok(f"xenstore-ls -p {top}/console")
    assert f'shutdown = ""  (n{domid})' in shell.ok(f"xenstore-ls -p {top}/control")


def test_console_output_is_logged(shell):
    log = CONSOLE_LOG.format("heartbeat")
    # grep's status, not its text: a missing file's error names it too.
    wait_for("a heartbeat in " + log,
             lambda: shell.run(f"grep -q 'heartbeat [0-9]' {log}").status == 0)


def test_pause_and_unpause(shell):
    shell.ok("xl pause heartbeat")
    assert rows(shell)["heartbeat"][1][2] == "p"
    shell.ok("xl unpause heartbeat")
    assert rows(shell)["heartbeat"][1][2] == "-"


def test_vcpu_list_shows_the_domain(shell):
    out = shell.run("xl vcpu-list heartbeat")
    assert out.status == 0, out
    assert out.lines[1].split()[:3] == \
        ["heartbeat", str(rows(shell)["heartbeat"][0]), "0"], out


def test_rename_and_mem_set(shell):
    domid = rows(shell)["heartbeat"][0]
    shell.ok("xl rename heartbeat beat")
    assert shell.ok("xl domid beat") == str(domid)
    out = shell.run("xl rename beat Domain-0")
    assert out.status == 1 and "already exists" in out.text, out
    shell.ok("xl rename beat heartbeat")
    shell.ok("xl mem-set heartbeat 6")
    target = f"xenstore-read /local/domain/{domid}/memory/target"
    assert shell.ok(target) == str(6 * 1024)
    out = shell.run("xl mem-set heartbeat 9g")
    assert out.status == 1, out
    assert shell.ok(target) == str(6 * 1024)


def test_destroy_removes_domain_and_nodes(shell):
    domid = rows(shell)["heartbeat"][0]
    shell.ok("xl destroy heartbeat")
    wait_for("heartbeat gone from xl list",
             lambda: "heartbeat" not in rows(shell))
    out = shell.run(f"xenstore-read /local/domain/{domid}/name")
    assert out.status != 0, out


def test_shutdown_F_w_powers_off_a_guest_without_pv_control(shell):
    """heartbeat watches no control/shutdown: -F has the hypervisor shut
    it down, -w waits for that, then the monitor destroys it."""
    shell.ok("xl create -q /opt/guests/heartbeat.cfg name=\\\"hb2\\\"")
    out = shell.run("xl shutdown -F -w hb2", timeout=SETTLE_S)
    assert out.status == 0, out
    assert re.search(r"Domain \d+ has been (shut down, reason code 0|"
                     r"destroyed)", out.text), out
    wait_for("hb2 destroyed by its monitor", lambda: "hb2" not in rows(shell))


def test_poweroff_is_destroyed_by_the_monitor(shell):
    shell.ok("xl create -q /opt/guests/greeter.cfg")
    wait_for("greeter powered off and destroyed",
             lambda: "greeter" not in rows(shell))


def test_create_c_shows_the_console_until_the_domain_goes(shell):
    out = shell.run("xl create -q -c /opt/guests/greeter.cfg",
                    timeout=SETTLE_S)
    assert out.status == 0, out
    assert "greeter: hello from a minixen PV guest (console ring)" \
        in out.text, out
    wait_for("greeter powered off and destroyed",
             lambda: "greeter" not in rows(shell))


def test_crash_with_preserve_stays_listed_as_crashed(shell):
    shell.ok("xl create -q /opt/guests/crasher.cfg")
    wait_for("crasher listed as crashed",
             lambda: rows(shell).get("crasher", (0, "------"))[1][3:5] == "sc")
    shell.ok("xl destroy crasher")
    wait_for("crasher gone", lambda: "crasher" not in rows(shell))


def test_vcpus_from_the_config(shell):
    """vcpus = 3: xl's max_vcpus makes three; paused after the build,
    vCPU 0 is up (the builder's context) and the others are down until
    the guest brings them up itself, which its checks then do."""
    shell.ok("xl create -q -p /opt/guests/vcpus.cfg")
    domid = rows(shell)["vcpus"][0]
    out = shell.run("xl vcpu-list vcpus")
    assert out.status == 0, out
    vcpus = [line.split() for line in out.lines[1:]]
    assert [v[:3] for v in vcpus] == [["vcpus", str(domid), str(i)] for i in range(3)], out
    assert vcpus[0][3] == "0" and [v[3:5] for v in vcpus[1:]] == [["-", "--p"]] * 2, out
    shell.ok("xl unpause vcpus")
    log = CONSOLE_LOG.format("vcpus")
    wait_for("a verdict in " + log,
             lambda: shell.run(f"grep -q '^Test result:' {log}").status == 0)
    text = shell.ok(f"cat {log}")
    assert "vcpus: 3 vCPUs" in text and "Test result: SUCCESS" in text, text
    assert "not ok" not in text and "ok - down_up.cycles" in text, text
    wait_for("vcpus powered off (its last vCPU down) and destroyed",
             lambda: "vcpus" not in rows(shell))


def test_unknown_domain_is_refused(shell):
    out = shell.run("xl pause nosuch")
    assert out.status == 1, out
    assert out.text == "nosuch is an invalid domain identifier (rc=-6)", out
