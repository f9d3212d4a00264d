"""xenstored and the xenstore-* tools, typed at domain 0's shell.

One boot of the control domain: /etc/init.d/S10xenstored has started
xenstored before the shell, and dom0's tools reach it on
/run/xenstored/socket.  Checks the initial tree, write/read/ls/list/rm,
Xen's messages and exit statuses, permissions as xenstore-ls -p shows
them, watches (fired once at registration, then for a node and its
children, and for a removed parent), dom0's exemption from the quotas,
and that a client breaking the protocol loses only its own connection.
Domains' own refusals and quotas are in tests/unit/test_xenstored.c and
in the xsguest domU.
"""

import pytest

pytestmark = pytest.mark.xdist_group("dom0-xenstore")


@pytest.fixture(scope="module", autouse=True)
def xenstored_can_listen(dom0_shell):
    """Skips (named, so CI counts it) on a dom0 kernel without the /run
    tmpfs and AF_UNIX sockets xenstored needs."""
    if dom0_shell.run("test -d /run").status != 0:
        pytest.skip("dom0 has no /run tmpfs (nor AF_UNIX sockets)")
    log = dom0_shell.run("cat /var/log/xen/xenstored.log").text
    if "cannot listen" in log:
        pytest.skip("xenstored cannot listen: " + log.splitlines()[-1])


def test_xenstored_is_running_with_dom0s_tree(dom0_shell):
    assert dom0_shell.ok("xenstore-read /local/domain/0/name") == "Domain-0"
    assert dom0_shell.ok("xenstore-read /local/domain/0/domid") == "0"
    assert dom0_shell.ok("test -S /run/xenstored/socket && echo yes") == "yes"
    pid = dom0_shell.ok("cat /var/run/xenstored.pid")
    assert dom0_shell.ok(f"cut -d' ' -f2 /proc/{pid}/stat") == "(xenstored)"
    assert "listening on /run/xenstored/socket" in \
        dom0_shell.ok("cat /var/log/xen/xenstored.log")


def test_write_read_list_rm(dom0_shell):
    dom0_shell.ok("xenstore-write /t/a/b hello /t/c 'two words'")
    assert dom0_shell.ok("xenstore-read /t/a/b /t/c") == "hello\ntwo words"
    assert dom0_shell.ok("xenstore-read /t/a") == ""   # parents are created
    assert dom0_shell.ok("xenstore-list /t") == "a\nc"
    assert dom0_shell.ok("xenstore-ls /t") == \
        'a = ""\n b = "hello"\nc = "two words"'
    dom0_shell.ok("xenstore-rm /t/a")
    assert dom0_shell.ok("xenstore-list /t") == "c"
    assert dom0_shell.run("xenstore-exists /t/a/b").status == 1
    assert dom0_shell.run("xenstore-exists /t/c").status == 0
    dom0_shell.ok("xenstore-rm /t/none")   # missing child of a node: fine, as Xen


def test_errors_have_xens_messages(dom0_shell):
    out = dom0_shell.run("xenstore-read /no/such 2>&1")
    assert (out.status, out.text) == (1, "xenstore-read: couldn't read path /no/such")
    out = dom0_shell.run("xenstore-write /bad//path v 2>&1")
    assert (out.status, out.text) == (1, "xenstore-write: could not write path /bad//path")
    out = dom0_shell.run("xenstore-rm / 2>&1")
    assert (out.status, out.text) == (1, "xenstore-rm: could not remove path /")
    out = dom0_shell.run("xenstore-write /odd 2>&1")
    assert out.status == 1 and out.text.startswith("xenstore-write: Usage: ")
    out = dom0_shell.run("xenstore-list /no/such 2>&1")
    assert (out.status, out.text) == (1, "xenstore-list: could not list path /no/such")


def test_permissions(dom0_shell):
    dom0_shell.ok("xenstore-write /p/x v")
    assert dom0_shell.ok("xenstore-ls -p /p") == 'x = "v"  (n0)'
    dom0_shell.ok("xenstore-chmod /p/x n5 r7 b9")
    assert dom0_shell.ok("xenstore-ls -p /p") == 'x = "v"  (n5, r7, b9)'
    out = dom0_shell.run("xenstore-chmod /p/x q1 2>&1")
    assert out.status == 1 and "Invalid permissions" in out.text
    dom0_shell.ok("xenstore-chmod -r /p r3")
    assert dom0_shell.ok("xenstore-ls -p /p") == 'x = "v"  (r3)'


def test_watch_fires_at_registration_and_on_changes(dom0_shell):
    dom0_shell.ok("xenstore-write /w/keep 1")
    dom0_shell.ok("xenstore-watch -n 3 /w > /tmp/w.out &")
    # The registration event is the first line: the watch is in place.
    dom0_shell.ok("until [ -s /tmp/w.out ]; do sleep 1; done")
    dom0_shell.ok("xenstore-write /w/x 1; xenstore-write /wx 1")  # /wx: a sibling
    dom0_shell.ok("xenstore-rm /w")
    dom0_shell.ok("wait")   # xenstore-watch ends after its third event
    assert dom0_shell.ok("cat /tmp/w.out") == "/w\n/w/x\n/w"


def test_dom0_has_no_entry_quota(dom0_shell):
    # Xen's 1000 entries per domain bind domUs only.
    # One transaction of 1100 writes; the list is past one reply, so
    # xenstore-list reads it with XS_DIRECTORY_PART.
    dom0_shell.ok('set --; for i in $(seq 1100); do set -- "$@" /q/n$i v; done')
    dom0_shell.ok('xenstore-write "$@"', timeout=120)
    assert dom0_shell.ok("xenstore-list /q | sort -u | wc -l") == "1100"
    dom0_shell.ok("xenstore-rm /q")


def test_protocol_breaker_loses_only_its_connection(dom0_shell):
    out = dom0_shell.run("/opt/tests/xenstore_proto_test")
    assert out.status == 0, out
    assert out.lines[-1] == "xenstore_proto_test: all passed"
    assert dom0_shell.ok("xenstore-read /local/domain/0/name") == "Domain-0"
