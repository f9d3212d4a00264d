"""The toolstack's domctl commands, from domain 0's user space.

tests/dom0/domctl_test.c creates a domain through privcmd, gives it a
vCPU and memory, pauses, unpauses, shuts it down on its behalf and
destroys it, checking Xen 4.17's errno for each bad argument on the way
and that free memory is back where it was.  On the way it sets vCPU 0's
context (a zeroed frame of the domain validates as its L4) and pins
another L4 on the domain's behalf, as the PV builder does.  Before the
destroy it maps two of the domain's frames into its own address space
(update_va_mapping_otherdomain, one read-only): the destroyed domain
stays listed as dying with those pages until the mappings go, refuses a
vCPU context naming the read-only one (a zeroed frame that would
validate as an L4) and takes a time offset without writing to the
shared_info page it gave back (mapped too, read-only), then it is gone
and its memory counted back.  Then a domain of 32 vCPUs (all down until
set up) is created and destroyed with its memory back.  Last, 128
domains live at once (they are allocated from the hypervisor heap) and
all are destroyed again.
"""

import pytest

pytestmark = pytest.mark.xdist_group("dom0-hypercalls")

EXPECTED = [
    "ok - wrong interface version",
    "ok - unknown command",
    "ok - pause of no such domain",
    "ok - DOMID_SELF is not resolved",
    "ok - pausing oneself",
    "ok - destroying oneself",
    "ok - createdomain hvm",
    "ok - createdomain unknown flag",
    "ok - createdomain no vcpus",
    "ok - createdomain too many vcpus",
    "ok - createdomain no such cpupool",
    "ok - createdomain emulated lapic",
    "ok - createdomain",
    "ok - new domain listed, paused, no vcpu, no memory",
    "ok - createdomain of an id in use",
    "ok - max_vcpus other than createdomain's",
    "ok - max_vcpus",
    "ok - vcpu 0 exists",
    "ok - getvcpuinfo",
    "ok - getvcpuinfo past max_vcpus",
    "ok - populate without max_mem",
    "ok - max_mem",
    "ok - populate_physmap for it",
    "ok - its tot_pages",
    "ok - current_reservation for it",
    "ok - maximum_gpfn for it (no P2M published)",
    "ok - maximum_gpfn for no such domain",
    "ok - populate stops at max_mem",
    "ok - set_memory_map for it",
    "ok - set_memory_map again (replaced)",
    "ok - set_memory_map too long",
    "ok - set_memory_map no such domain",
    "ok - set_memory_map unreadable map",
    "ok - hypercall_init",
    "ok - hypercall_init of no frame",
    "ok - pausedomain",
    "ok - unpause once (still paused)",
    "ok - unpause of creation's pause",
    "ok - unpause of an unpaused domain",
    "ok - pause again",
    "ok - settimeoffset",
    "ok - set_address_size 32 (no pv32)",
    "ok - set_address_size 48",
    "ok - set_address_size 64",
    "ok - get_address_size",
    "ok - getvcpucontext before any",
    "ok - context non-canonical rip",
    "ok - context non-canonical trap handler",
    "ok - context unaligned ldt",
    "ok - context unknown vm_assist",
    "ok - context too big a gdt",
    "ok - context user mode without user table",
    "ok - context with an ldt (none in minixen)",
    "ok - context cr3 not its frame",
    "ok - context unreadable",
    "ok - context vcpu 1",
    "ok - context for oneself",
    "ok - setvcpucontext",
    "ok - getvcpucontext gives it back",
    "ok - new tables for a vcpu set up",
    "ok - pin its L4 on its behalf",
    "ok - pin it twice",
    "ok - pin its frame as ours",
    "ok - foreign new_baseptr",
    "ok - pin for no such domain",
    "ok - unpin on its behalf",
    "ok - pin again, left for destroy",
    "ok - alloc_unbound for it",
    "ok - bind_interdomain to it",
    "ok - close our end",
    "ok - alloc_unbound for no such domain",
    "ok - remote_shutdown",
    "ok - shut down, still listed, with its reason",
    "ok - map two of its frames and its shared_info",
    "ok - destroydomain",
    "ok - dying while its frames are mapped",
    "ok - the mapped frame survives",
    "ok - no context for a dying domain",
    "ok - settimeoffset of a dying domain",
    "ok - nothing written to the page it gave back",
    "ok - unmap them",
    "ok - gone from getdomaininfo",
    "ok - destroy again",
    "ok - free memory back",
    "ok - createdomain with 32 vcpus",
    "ok - max_vcpus creates all 32, none online",
    "ok - getvcpuinfo of the last",
    "ok - getvcpuinfo past the last",
    "ok - 32-vcpu domain destroyed, memory back",
    "ok - 128 domains at once",
    "ok - all destroyed, memory back",
    "domctl_test: PASS",
]


def test_domctl_commands(dom0_shell):
    out = dom0_shell.run("/opt/tests/domctl_test")
    assert out.lines == EXPECTED, out
    assert out.status == 0, out


def test_domctl_twice_gives_a_new_id(dom0_shell):
    """The rover moves on: a second run's domain has another id, and passes too."""
    out = dom0_shell.run("/opt/tests/domctl_test")
    assert out.lines == EXPECTED, out
