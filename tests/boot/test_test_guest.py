"""The PV test guest (guests/test): one boot, then one pytest test per
check the guest reports, plus the verdict, the exit status and the
hypervisor's side of the story (print_string, the shutdown log).

EXPECTED_CHECKS lists every check name the guest prints, in its order
(taken from guests/test/*.c and a boot's log).
When a guest check is added or renamed, update the list:
test_no_unlisted_checks fails until it matches."""

import re

import pytest

import minixen_boot as mb

pytestmark = pytest.mark.xdist_group("test_guest")

# guests/test/test.h: TEST_CMDLINE, checked by start_info.cmd_line.
DOM0_ARGS = "minixen-test-cmdline"
SHUTDOWN_LOGGED = r"^\(XEN\) .*[Dd]om(ain )?0 shut ?down: reason poweroff\b"

EXPECTED_CHECKS = [
    "startup.hypercall_page_filled",
    "startup.read_cr3",
    "startup.new_user_baseptr",
    "startup.callback_event",
    "startup.callback_failsafe",
    "startup.callback_syscall",
    "startup.gdt_remap_ro",
    "startup.set_gdt",
    "startup.set_trap_table",
    "startup.map_shared_info",

    "entry.events_masked",
    "entry.rflags_if",
    "entry.cs",
    "entry.ss",
    "entry.stack_in_region",

    "start_info.address",
    "start_info.magic",
    "start_info.flags",
    "start_info.nr_pages",
    "start_info.pt_base",
    "start_info.nr_pt_frames",
    "start_info.mfn_list",
    "start_info.cmd_line",
    "start_info.shared_info_aligned",

    "time.snapshot",
    "time.tsc_to_system_mul",
    "time.advances",
    "time.wallclock",

    "hypercall.unknown_11",
    "hypercall.unknown_43",
    "hypercall.unknown_55",
    "hypercall.unknown_127",
    "hypercall.unknown_127_again",
    "hypercall.unknown_past_page",

    "xen_version.version",
    "xen_version.extraversion",
    "xen_version.compile_info",
    "xen_version.capabilities",
    "xen_version.changeset",
    "xen_version.platform_parameters",
    "xen_version.pagesize",
    "xen_version.pagesize_nonnull_arg",
    "xen_version.guest_handle",
    "xen_version.get_features",
    "xen_version.features_dom0",
    "xen_version.features_pv_mmu",
    "xen_version.get_features_bad_submap",
    "xen_version.unknown_cmd",
    "xen_version.bad_pointer",
    "xen_version.bad_pointer_hypervisor",
    "xen_version.bad_pointer_noncanonical",

    "console_io.write",
    "console_io.write_bad_pointer",
    "console_io.guard_unmap",
    "console_io.write_huge_count",
    "console_io.guard_restore",
    "console_io.read",
    "console_io.read_count_too_big",
    "console_io.unknown_cmd",

    "print_string.hello",
    "print_string.null",
    "print_string.bad_pointer",
    "print_string.guard_unmap",
    "print_string.unterminated",
    "print_string.unterminated_near_hole",
    "print_string.guard_restore",

    "set_trap_table.good",
    "set_trap_table.bad_pointer",
    "set_trap_table.noncanonical_handler",
    "set_trap_table.null_clears",
    "set_trap_table.reregister",

    "callback_op.register_event",
    "callback_op.register_failsafe",
    "callback_op.register_syscall",
    "callback_op.register_syscall32",
    "callback_op.register_sysenter",
    "callback_op.register_nmi",
    "callback_op.register_unknown_type",
    "callback_op.register_noncanonical",
    "callback_op.unregister_nmi",
    "callback_op.unregister_event",
    "callback_op.unregister_unknown_type",
    "callback_op.bad_pointer",
    "callback_op.unknown_cmd",

    "set_callbacks.register",

    "stack_switch.returns_zero",

    "fpu.taskswitch_set",
    "fpu.cr0_ts_set",
    "fpu.nm_delivered",
    "fpu.nm_clears_ts",
    "fpu.taskswitch_clear",
    "fpu.no_nm_when_clear",

    "set_segment_base.fs",
    "set_segment_base.fs_reads_through",
    "set_segment_base.gs_kernel",
    "set_segment_base.gs_kernel_reads_through",
    "set_segment_base.gs_user",
    "set_segment_base.bad_which",
    "set_segment_base.noncanonical",

    "set_gdt.writable_frame",
    "set_gdt.too_many_entries",
    "set_gdt.foreign_frame",
    "set_gdt.frame_past_ram",
    "set_gdt.bad_pointer",
    "set_gdt.reload",

    "update_descriptor.flat_data",
    "update_descriptor.flat_data_written",
    "update_descriptor.selector_loads",
    "update_descriptor.selector_reads",
    "update_descriptor.code_dpl0",
    "update_descriptor.code_dpl_raised",
    "update_descriptor.plain_page",
    "update_descriptor.plain_page_written",
    "update_descriptor.tss_refused",
    "update_descriptor.call_gate_xen_cs",
    "update_descriptor.refused_unchanged",
    "update_descriptor.misaligned",
    "update_descriptor.pagetable_frame",
    "update_descriptor.frame_past_ram",

    "multicall.two_versions",
    "multicall.unknown_op",
    "multicall.bad_list",
    "multicall.yield_then_continues",
    "multicall.iret_performed",
    "multicall.iret_restores_rcx",
    "multicall.iret_ends_batch",

    "vm_assist.enable",
    "vm_assist.disable",
    "vm_assist.unknown_type",
    "vm_assist.type_out_of_range",
    "vm_assist.unknown_cmd",

    "memory_op.memory_map",
    "memory_op.maximum_ram_page",
    "memory_op.current_reservation",
    "memory_op.maximum_reservation",
    "memory_op.bad_pointer",
    "memory_op.unknown_cmd",
    "memory_op.foreign_domid",

    "update_va_mapping.alias_map",
    "update_va_mapping.alias_coherent",
    "update_va_mapping.unmap",
    "update_va_mapping.unmapped_access_faults",
    "update_va_mapping.unmapped_cr2",
    "update_va_mapping.unmapped_error_code",
    "update_va_mapping.restore",
    "update_va_mapping.available_bits",
    "update_va_mapping.gnttab_bit",
    "update_va_mapping.foreign_ram_frame",
    "update_va_mapping.mmio_past_ram_privileged",
    "update_va_mapping.local_apic_denied",
    "update_va_mapping.pagetable_rw",
    "update_va_mapping.pagetable_ro",
    "update_va_mapping.pagetable_ro_reads",
    "update_va_mapping.hypervisor_va",
    "update_va_mapping.noncanonical_va",
    "update_va_mapping.va_without_l1",

    "mmu_update.find_l1e",
    "mmu_update.normal_pt_update",
    "mmu_update.maps_frame",
    "mmu_update.restore",
    "mmu_update.bad_pointer",

    "mmuext_op.tlb_flush_local",
    "mmuext_op.invlpg_local",
    "mmuext_op.new_baseptr_same",
    "mmuext_op.new_baseptr_cr3",
    "mmuext_op.mark_super_unsupported",
    "mmuext_op.unknown_cmd",
    "mmuext_op.bad_pointer",

    "trap.unmap_page0",
    "trap.pf_null",
    "trap.pf_null_cr2",
    "trap.pf_null_error_code",
    "trap.frame_cs",
    "trap.frame_saved_mask",
    "trap.frame_placement",
    "trap.pf_mask_events_entry",
    "trap.no_event_pending",
    "trap.pf_events_unmasked",
    "trap.delivery_masks_events",
    "trap.iret_restores_mask",
    "trap.pf_entry_restored",
    "trap.iret_in_syscall_frame",
    "trap.ud_ud2",
    "trap.de_divide",
    "trap.gp_hlt",
    "trap.gp_bad_selector",
    "trap.bp_int3",
    "trap.int_dpl3",
    "trap.int80_dpl3",
    "trap.int_dpl0_gp",
    "trap.int_unregistered_gp",
    "trap.bp_int_imm3",
    "trap.of_int_imm4",
    "trap.soft_exceptions_dpl0",
    "trap.bp_int3_refused_gp",
    "trap.bp_int_imm3_refused_gp",
    "trap.of_int_imm4_refused_gp",
    "trap.soft_exceptions_restored",
    "trap.gp_cli",
    "trap.gp_sti",
    "trap.gp_in",
    "trap.gp_out",

    "cr0.read",
    "cr0.write_ts_set",
    "cr0.write_ts_clear",
    "cr0.write_other_bits_gp",

    "cr3.write_same",

    "msr.rdmsr_unknown_gp",

    "cpuid.forced_emulation",
    "cpuid.xen_signature",
    "cpuid.forced_prefix_ud",
    "cpuid.pv_hides_leaf1",
    "cpuid.pv_hides_page1gb",
    "msr.rdmsr_mcg_cap",
    "msr.mcg_cap_no_banks",

    "rdtsc.native",

    "physdev.set_iopl_0_to_3",
    "physdev.set_iopl_4",
    "physdev.set_iopl_all_ones",
    "physdev.set_iopl_unmapped",
    "physdev.set_iopl_hypervisor_ptr",
    "physdev.unknown_cmd",
    "physdev.eoi_not_implemented",
    "physdev.iobitmap_iopl_0",
    "physdev.iobitmap_all_ports",
    "physdev.iobitmap_too_many_ports",
    "physdev.iobitmap_hypervisor_address",
    "physdev.iobitmap_only_start_checked",
    "physdev.iobitmap_past_hole_refuses",
    "physdev.iobitmap_arg_unmapped",
    "physdev.iobitmap_cleared",
    "physdev.guard_unmap",
    "physdev.set_iopl_at_page_end",
    "physdev.set_iobitmap_short_arg",
    "physdev.compat_short_struct",
    "physdev.guard_restore",
    "physdev.compat_set_iopl_4",
    "physdev.compat_unknown_cmd",
    "physdev.compat_unmapped",
    "physdev.compat_set_iopl_1",
    "physdev.compat_iopl_1_allows_in",
    "physdev.compat_set_iopl_0",
    "physdev.compat_iopl_0_refuses_in",
    "physdev.compat_iobitmap_too_many_ports",
    "physdev.rights_reset",

    "io.kernel_in_per_iopl",
    "io.set_iopl_1",
    "io.sti_iopl_1",
    "io.sti_leaves_mask",
    "io.cli_iopl_1",
    "io.cli_iopl_0",
    "io.set_iopl_1_again",
    "io.dom0_byte_roundtrip",
    "io.dom0_word_roundtrip",
    "io.set_iopl_3",
    "io.hypervisor_ports_read_ones",
    "io.hypervisor_port_word",
    "io.pci_conf_address_dword",
    "io.bitmap_set",
    "io.bitmap_byte_last_allowed",
    "io.bitmap_byte_next_refused",
    "io.bitmap_byte_below_refused",
    "io.bitmap_word_across_bytes",
    "io.bitmap_word_over_edge",
    "io.bitmap_dword_across_bytes",
    "io.bitmap_dword_over_edge",
    "io.bitmap_out_reaches_port",
    "io.bitmap_iopl_1",
    "io.iopl_overrides_bitmap",
    "io.bitmap_limit_set",
    "io.bitmap_limit_last_port",
    "io.bitmap_limit_beyond",
    "io.bitmap_limit_word_beyond",
    "io.bitmap_none",
    "io.bitmap_none_refuses",
    "io.bitmap_unmapped_set",
    "io.bitmap_unmapped_refuses",
    "io.bitmap_guard_unmap",
    "io.bitmap_half_set",
    "io.bitmap_half_byte_allowed",
    "io.bitmap_half_word_refused",
    "io.bitmap_guard_restore",
    "io.rights_reset",

    "user.setup",
    "user.set_iopl_1",
    "user.iopl_1_in_refused",
    "user.iopl_1_cli_refused",
    "user.set_iopl_3",
    "user.iopl_3_in",
    "user.iopl_3_cli",
    "user.frame_iopl_hidden",
    "user.set_iopl_0",
    "user.iret_iopl_ignored",
    "user.bitmap_set",
    "user.bitmap_in",
    "user.bitmap_clear",
    "vmassist.architectural_iopl_on",
    "vmassist.set_iopl_0",
    "vmassist.kernel_in_at_iopl_0",
    "vmassist.set_iopl_2",
    "vmassist.kernel_frame_shows_iopl",
    "vmassist.user_in_iret_iopl_3",
    "vmassist.user_frame_shows_iopl",
    "vmassist.user_in_iret_iopl_0",
    "vmassist.iret_loads_iopl",
    "vmassist.architectural_iopl_off",
    "user.teardown",

    "sched_op.yield",
    "sched_op.unknown_cmd",
    "sched_op.shutdown_bad_pointer",
    "sched_op.block_returns",
    "sched_op.block_delivers_pending_event",
    "sched_op.block_upcall_acknowledged",
    "sched_op.shutdown_code",

    "trap.compat_syscall",
]


@pytest.fixture(scope="module")
def guest(module_boot):
    run = module_boot("boot", modules=[(mb.GUESTS / "test.elf", DOM0_ARGS)])
    run.checks = mb.parse_checks(run.lines)
    return run


@pytest.mark.parametrize("name", EXPECTED_CHECKS)
def test_check(guest, name):
    reported = [c for c in guest.checks if c.name == name]
    assert reported, f"check {name!r} never reported; {guest.where()}"
    assert len(reported) == 1, f"check {name!r} reported {len(reported)} times"
    assert reported[0].passed, f"not ok - {name}: {reported[0].detail}"


def test_no_failed_checks(guest):
    failed = [f"{c.name}: {c.detail}" for c in guest.checks if not c.passed]
    assert not failed, f"failed checks: {failed}; {guest.where()}"


def test_no_unlisted_checks(guest):
    unlisted = [c.name for c in guest.checks if c.name not in EXPECTED_CHECKS]
    assert not unlisted, \
        f"checks missing from EXPECTED_CHECKS (add them): {unlisted}"


def test_verdict_success_and_last(guest):
    verdicts = mb.parse_verdicts(guest.lines)
    assert len(verdicts) == 1, f"verdict lines: {verdicts}; {guest.where()}"
    assert verdicts[0][0] == "SUCCESS", f"{verdicts[0]}; {guest.where()}"
    after = guest.guest_lines()[-1]
    assert after == "Test result: SUCCESS", \
        f"guest printed {after!r} after its verdict"


def test_exit_status_poweroff(guest):
    assert guest.status == mb.EXIT_POWEROFF, guest.where()


@pytest.mark.parametrize("line", ["the message is: hello!", "no message!"])
def test_print_string_logged(guest, line):
    assert guest.search(rf"^\(XEN\) {re.escape(line)}$"), guest.where()


def test_print_string_unterminated_logged_truncated(guest):
    """print_string.unterminated: 8 KiB of 'A' with no NUL is logged cut to
    the hypervisor's buffer and marked."""
    assert guest.search(r"^\(XEN\) the message is: A+ \[truncated\]$"), \
        guest.where()


def test_hypervisor_logged_poweroff(guest):
    assert guest.search(SHUTDOWN_LOGGED), guest.where()


UNKNOWN_HYPERCALL = re.compile(r"^\(XEN\) d0: unknown hypercall (0x[0-9a-f]+|\d+)\b")


def unknown_hypercalls_logged(guest):
    """The numbers of the "unknown hypercall" lines, in log order."""
    found = (UNKNOWN_HYPERCALL.match(l) for l in guest.lines)
    return [int(m.group(1), 0) for m in found if m]


def test_unknown_hypercall_past_page_logged_once(guest):
    """Regression: each call numbered 128 or more was logged, so any guest
    could flood the console.  The guest makes 80 such calls (5 numbers, 16
    times each); all of them share one log line."""
    past = [n for n in unknown_hypercalls_logged(guest) if n >= 128]
    assert past == [128], f"lines for numbers >= 128: {past}; {guest.where()}"
    assert guest.search(r"numbers past 127 are not logged again"), guest.where()


def test_unknown_hypercall_slot_logged_once_each(guest):
    """Numbers on the page keep a bit each: 127, tried twice, logs once."""
    page = [n for n in unknown_hypercalls_logged(guest) if n < 128]
    assert page == [11, 43, 55, 127], f"logged {page}; {guest.where()}"
