"""Reading the check lines of boot tests with several domains.

Each guest prints `ok - name` / `not ok - name: detail` lines (guests/lib/
report.c); the hypervisor prefixes a domain's console lines with "(dN) "
except domain 0's.  These helpers group the checks by domain, so a test can
assert each by name and fail on one printed twice or missing from the
domain's list.
"""

import re

CHECK_LINE = re.compile(r"^(?:\(d(\d+)\) )?(ok|not ok) - ([^:]+?)(?:: (.*))?$")
VERDICT_LINE = re.compile(r"^(?:\(d(\d+)\) )?Test result: (\w+)")


def checks_of(run, domid):
    """[(name, passed, detail)] of the checks domain `domid` printed, in
    order; a name printed twice is there twice."""
    found = []
    for line in run.lines:
        m = CHECK_LINE.match(line)
        if m and int(m.group(1) or 0) == domid:
            found.append((m.group(3), m.group(2) == "ok", m.group(4) or ""))
    return found


def checking_domains(run):
    """Every domain id that printed at least one check line."""
    return {int(m.group(1) or 0) for m in map(CHECK_LINE.match, run.lines) if m}


def verdicts_of(run):
    """{domid: verdict word} from the `Test result:` lines."""
    return {int(m.group(1) or 0): m.group(2)
            for m in map(VERDICT_LINE.match, run.lines) if m}


def assert_check(run, domid, name):
    reported = [c for c in checks_of(run, domid) if c[0] == name]
    assert reported, f"d{domid} never reported {name}; {run.where()}"
    assert len(reported) == 1, \
        f"d{domid} reported {name} {len(reported)} times; {run.where()}"
    _, passed, detail = reported[0]
    assert passed, f"d{domid} {name}: {detail}; {run.where()}"


def assert_no_unlisted_checks(run, lists):
    """lists: {domid: the check names that domain may print}.  Every
    domain that printed checks must have a list, print each name once and
    print nothing the list lacks."""
    assert checking_domains(run) <= set(lists), \
        f"checks from domains {sorted(checking_domains(run) - set(lists))} " \
        f"nobody expects; {run.where()}"
    for domid, expected in lists.items():
        names = [c[0] for c in checks_of(run, domid)]
        twice = sorted({n for n in names if names.count(n) > 1})
        assert not twice, f"d{domid} printed {twice} more than once; {run.where()}"
        unlisted = [n for n in names if n not in expected]
        assert not unlisted, \
            f"d{domid} checks missing from its list (add them): {unlisted}"


def assert_clean_teardown(run):
    assert run.search(r"^\(XEN\) memory check: OK"), run.where()
    assert not run.search(r"frame table check: FAILED"), run.where()
    assert not run.search(r"still referenced after destruction"), run.where()
