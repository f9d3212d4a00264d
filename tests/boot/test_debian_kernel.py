"""Debian's own Linux kernel as a PV domain.

Regression test: Debian's kernel (package linux-image-*-amd64) writes its
FEATURES note without a NUL, as Linux's xen-head.S does, and minixen's
ELF loader refused it ("Xen ELF note string not NUL-terminated") although
Xen loads it.  Here it runs as domain 1, beside the demo guest as domain
0, until its first hypercall that minixen does not implement yet; the boot
stops there.  The ELF image is the payload of the package's vmlinuz,
extracted by scripts/debian-kernel.py (which `make test` runs first).
"""

import pytest

import minixen_boot as mb

pytestmark = pytest.mark.xdist_group("debian_kernel")

KERNEL = mb.BUILD / "debian-kernel" / "vmlinux"
# The 65 MB image stays in RAM while the domains are built: beside
# domain 0's 64 MiB and Linux's own, qemu.sh's default 256M is too small.
MACHINE_MEMORY = "512M"
LINUX_ARGS = "domain=linux memory=160M console=hvc0 earlyprintk=xen"
LINUX_DOMID = 1
FIRST_UNKNOWN = rf"\(XEN\) d{LINUX_DOMID}: unknown hypercall \d+"
REFUSED = r"^\(XEN\) .*(refused|could not be built)"
HYPERVISOR_FAULT = r"^\(XEN\) .*(FATAL TRAP|Panic)"


@pytest.fixture(scope="module")
def linux(module_boot):
    if not KERNEL.is_file():
        pytest.fail(f"{KERNEL} is missing: scripts/debian-kernel.py makes it "
                    "(make test runs it; it needs apt and Debian's archive)")
    return module_boot("boot", memory=MACHINE_MEMORY, until=FIRST_UNKNOWN,
                       linger=0.5,
                       modules=[mb.GUESTS / "demo.elf", (KERNEL, LINUX_ARGS)])


def test_loader_accepted_the_kernel(linux):
    refused = linux.search(REFUSED)
    assert not refused, f"{refused.group(0)!r}; {linux.where()}"
    assert linux.search(rf"^\(XEN\) domain {LINUX_DOMID} \(linux\): linux kernel, "
                        r"\d+ pages, 1 vCPUs, virt 0xffffffff80000000-"), linux.where()


def test_kernel_ran_and_printed(linux):
    """Its own console output (console_io) shows it ran its early boot."""
    printed = [l for l in linux.lines if l.startswith(f"(d{LINUX_DOMID}) ")]
    assert printed, f"no console output from domain {LINUX_DOMID}; {linux.where()}"


def test_kernel_reached_an_unimplemented_hypercall(linux):
    assert linux.matched is not None, \
        f"domain {LINUX_DOMID} never tried a hypercall minixen lacks; {linux.where()}"


def test_hypervisor_unharmed(linux):
    fault = linux.search(HYPERVISOR_FAULT)
    assert not fault, f"{fault.group(0)!r}; {linux.where()}"
    assert linux.search(r"^demo: powering off$"), \
        f"domain 0 did not run to its end; {linux.where()}"
