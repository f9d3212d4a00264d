"""Fixtures for the boot tests: boot minixen once per test (or once per
module for tests that share a boot) and hand back a BootResult.

Every boot goes through minixen_boot.boot(), which runs scripts/qemu.sh
with TCG, bounds the run by MINIXEN_BOOT_TIMEOUT seconds and writes the
serial log to build/test-logs/<test>.log.
"""

import re

import pytest

import minixen_boot as mb


def log_name(nodeid):
    """build/test-logs/<name>.log for a test id such as
    'test_bad_images.py::test_refused[elf32]'."""
    name = nodeid.split("/")[-1].replace(".py::", ".")
    return re.sub(r"[^A-Za-z0-9_.=-]+", "-", name).strip("-")


def require_built(*paths):
    """Fail (not skip): `make test` builds everything before booting."""
    for path in paths:
        if not path.is_file():
            pytest.fail(f"{path} is missing: run `make` first")


@pytest.fixture
def boot(request):
    """boot(**options) -> BootResult; options as for minixen_boot.boot().
    A test that boots several times gets one log per boot."""
    count = 0

    def run(**options):
        nonlocal count
        count += 1
        require_built(mb.HYPERVISOR,
                      *mb.module_paths(options.get("modules", ())))
        name = log_name(request.node.nodeid)
        result = mb.boot(name if count == 1 else f"{name}.{count}", **options)
        request.node.minixen_boots = getattr(request.node, "minixen_boots",
                                             []) + [result]
        return result

    return run


@pytest.fixture(scope="module")
def module_boot(request):
    """Like `boot`, for module-scoped fixtures: logs are named after the
    module and the label given."""
    def run(label, **options):
        require_built(mb.HYPERVISOR,
                      *mb.module_paths(options.get("modules", ())))
        module = request.module.__name__.split(".")[-1]
        return mb.boot(f"{module}.{label}", **options)

    return run


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach the tail of each boot's serial log to a failing test."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    for result in getattr(item, "minixen_boots", []):
        tail = "\n".join(result.lines[-40:])
        report.sections.append((f"serial log {result.log_path} (tail)", tail))
