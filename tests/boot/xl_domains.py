"""What the test_dom0_xl_*.py files share: a shell on domain 0 whose xl
has its domain commands (or a skip saying why not), `xl list`'s rows,
and a wait, bounded in seconds, for a domain to get somewhere.

A test file imports `shell` (a module-scoped fixture: each importing
file gets its own instance) along with the helpers it uses.
"""

import re
import time

import pytest


@pytest.fixture(scope="module")
def shell(dom0_shell):
    commands = dom0_shell.run("xl help")
    if not re.search(r"^ create\s", commands.text, re.M):
        pytest.skip("xl was built without its domain commands "
                    "(libxenctrl, xenguest and libxenstore not in tools/lib)")
    return dom0_shell


def rows(shell):
    """xl list's rows as {name: (id, state)}."""
    out = shell.run("xl list")
    assert out.status == 0, out
    table = {}
    for line in out.lines[1:]:
        fields = line.split()
        table[fields[0]] = (int(fields[1]), fields[4])
    return table


def wait_for(what, check, limit):
    """Poll check() twice a second until it holds; fail after limit seconds."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    pytest.fail(f"after {limit} s: {what}")
