"""dom0's xenstore tools and libxenstore on the host, against the real
xenstored (build/tools/xenstored -F on a socket in a temporary
directory, found through $XENSTORED_PATH as Xen's library does).

Checks the tools' output formats (xenstore-ls's `name = "value"` with one
space of indent per level and escaped bytes), Xen's messages and exit
statuses, permissions, watches across two clients, big directories
(XS_DIRECTORY_PART), a value past the payload limit, and libxenstore's
batches (xs_batch_client.c).

Run from the top of the tree after `make tools`:
    /usr/bin/python3 -m pytest tests/unit/test_xenstore_tools.py
"""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("MINIXEN_BUILD", ROOT / "build"))
XENSTORED = BUILD / "tools" / "xenstored"
XENSTORE = BUILD / "tools" / "xenstore"
BATCH_CLIENT = ROOT / "tests" / "unit" / "xs_batch_client.c"
TOOLS = ["read", "write", "rm", "list", "exists", "ls", "chmod", "watch"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xenstore")
    for tool in TOOLS:
        (tmp / f"xenstore-{tool}").symlink_to(XENSTORE)
    env = dict(os.environ, XENSTORED_PATH=str(tmp / "socket"),
               PATH=f"{tmp}:{os.environ['PATH']}")
    daemon = subprocess.Popen([XENSTORED, "-F"], env=env,
                              stderr=subprocess.PIPE, text=True)
    # It prints "listening on" once the socket is up (after a line saying
    # that without dom0's devices it serves no domains).
    lines = [daemon.stderr.readline() for _ in range(2)]
    assert "listening on" in lines[-1], lines
    yield env
    daemon.terminate()
    daemon.wait(timeout=10)


def run(env, *args, timeout=10):
    return subprocess.run(list(args), env=env, capture_output=True,
                          text=True, timeout=timeout)


def ok(env, *args):
    r = run(env, *args)
    assert r.returncode == 0, r
    return r.stdout


def test_initial_tree(store):
    assert ok(store, "xenstore-read", "/local/domain/0/name") == "Domain-0\n"
    assert ok(store, "xenstore-ls", "/local") == \
        'domain = ""\n 0 = ""\n  name = "Domain-0"\n  domid = "0"\n'


def test_write_read_prefix_and_list(store):
    ok(store, "xenstore-write", "/h/a", "1", "/h/b/c", "two")
    assert ok(store, "xenstore-read", "-p", "/h/a", "/h/b/c") == "/h/a: 1\n/h/b/c: two\n"
    assert ok(store, "xenstore-list", "/h") == "a\nb\n"
    assert ok(store, "xenstore-list", "-p", "/h") == "/h/a\n/h/b\n"


def test_ls_escapes_unprintable_bytes(store):
    ok(store, "xenstore-write", "/e/v", "tab\there\\")
    assert ok(store, "xenstore-ls", "/e") == 'v = "tab\\there\\\\"\n'


def test_messages_and_statuses(store):
    r = run(store, "xenstore-read", "/none")
    assert (r.returncode, r.stderr) == (1, "xenstore-read: couldn't read path /none\n")
    r = run(store, "xenstore-write", "/x")
    assert r.returncode == 1 and r.stderr.startswith("xenstore-write: Usage: xenstore-write")
    r = run(store, "xenstore-rm", "/")
    assert (r.returncode, r.stderr) == (1, "xenstore-rm: could not remove path /\n")
    assert run(store, "xenstore-exists", "/none").returncode == 1
    r = subprocess.run(["xenstore-unknown"], executable=XENSTORE, env=store,
                       capture_output=True, text=True, timeout=10)
    assert r.returncode == 1 and "unknown name xenstore-unknown" in r.stderr


def test_value_past_payload_limit(store):
    r = run(store, "xenstore-write", "/big", "v" * 5000)
    assert (r.returncode, r.stderr) == (1, "xenstore-write: could not write path /big\n")
    ok(store, "xenstore-write", "/big", "v" * 4000)
    assert ok(store, "xenstore-read", "/big") == "v" * 4000 + "\n"


def test_rm_tidy_removes_empty_parents(store):
    ok(store, "xenstore-write", "/tidy/a/b/c", "v", "/tidy/keep", "k")
    ok(store, "xenstore-rm", "-t", "/tidy/a/b/c")
    assert ok(store, "xenstore-list", "/tidy") == "keep\n"


def test_chmod_and_ls_perms(store):
    ok(store, "xenstore-write", "/pm/x", "v")
    ok(store, "xenstore-chmod", "-r", "/pm", "n3", "r4")
    assert ok(store, "xenstore-ls", "-p", "/pm") == 'x = "v"  (n3, r4)\n'
    r = run(store, "xenstore-chmod", "/pm", "z1")
    assert r.returncode == 1


def test_watch_between_clients(store):
    ok(store, "xenstore-write", "/wt/a", "0")
    watcher = subprocess.Popen(["xenstore-watch", "-n", "3", "/wt"], env=store,
                               stdout=subprocess.PIPE, text=True)
    assert watcher.stdout.readline() == "/wt\n"      # at registration
    ok(store, "xenstore-write", "/wt/a", "1", "/wtx", "not ours")
    ok(store, "xenstore-rm", "/wt")
    out, _ = watcher.communicate(timeout=10)
    assert out == "/wt/a\n/wt\n"


def test_big_directory_in_parts(store):
    names = [f"/dir/entry-with-a-long-name-{i:05d}" for i in range(600)]
    args = [a for n in names for a in (n, "v")]
    ok(store, "xenstore-write", *args)
    listed = ok(store, "xenstore-list", "/dir").split()
    assert sorted(listed) == sorted(n.rsplit("/", 1)[1] for n in names)


@pytest.fixture(scope="module")
def batch_client(tmp_path_factory):
    out = tmp_path_factory.mktemp("batch") / "xs_batch_client"
    subprocess.run(["gcc", "-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror",
                    "-I", ROOT / "tools" / "lib", "-I", ROOT / "include",
                    "-o", out, BATCH_CLIENT, ROOT / "tools" / "lib" / "xenstore.c",
                    ROOT / "tools" / "lib" / "xs_lib.c"], check=True)
    return out


@pytest.mark.parametrize("count", [1, 40, 2000])
def test_batch_of_writes_in_a_transaction(store, batch_client, count):
    """More than a socket buffer of requests (2000) must not deadlock."""
    r = run(store, batch_client, "ok", str(count), timeout=30)
    assert r.returncode == 0, r.stdout
    assert ok(store, "xenstore-ls", "-p", "/batch/dir") == ""
    assert "(n0, r7)" in ok(store, "xenstore-ls", "-p", "/batch")


@pytest.mark.parametrize("case", ["refused", "misuse"])
def test_batch_errors(store, batch_client, case):
    r = run(store, batch_client, case)
    assert r.returncode == 0, r.stdout
