"""Fixtures for the boot tests: boot minixen once per test (or once per
module for tests that share a boot) and hand back a BootResult, or boot
dom0 once per module and hand back its shell (dom0_shell).

Every boot goes through minixen_boot.boot(), which runs scripts/qemu.sh
with TCG, bounds the run by MINIXEN_BOOT_TIMEOUT seconds and writes the
serial log to build/test-logs/<test>.log.
"""

import re

import pytest

import minixen_boot as mb
from dom0_shell import Dom0Shell


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


@pytest.fixture(scope="module")
def dom0_shell(request):
    """One dom0 boot for the whole module, at its shell prompt (a
    dom0_shell.Dom0Shell), logged to build/test-logs/<module>.shell.log.
    A module's DOM0_BOOT dict, if any, holds Dom0Shell's options
    (kernel_args, timeout, memory, append).  Typing `exit` at the end
    powers dom0 off, unless a test already did."""
    module = request.module.__name__.split(".")[-1]
    shell = Dom0Shell(f"{module}.shell",
                      **getattr(request.module, "DOM0_BOOT", {}))
    yield shell
    shell.exit()


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
    for value in getattr(item, "funcargs", {}).values():
        if isinstance(value, Dom0Shell):
            report.sections.append((f"serial log {value.log_path} (tail)",
                                    value.serial_tail()))
