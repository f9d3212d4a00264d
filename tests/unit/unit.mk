# tests/unit/unit.mk - host unit tests (cmocka) for the hardware-free parts
# of the hypervisor, plus the hypercall generator's tests.
#
#   make unit-tests   build every test program into build/unit/ and write
#                     their names to build/unit/tests.list (the test
#                     runner runs exactly those, never a stale binary)
#   make unit-test    build them, run each, then the generator's pytest
#   build/unit/test_elf           run one directly (any cmocka options apply,
#                                 e.g. CMOCKA_MESSAGE_OUTPUT=TAP)
#
# Each tests/unit/test_<name>.c is a cmocka program linked with the
# hypervisor sources it tests, compiled for the host from the same files
# the hypervisor uses.  build/unit/ holds the test programs and
# tests.list; objects go to build/unit-obj/.
#
# Name clash with the host C library: string.c and vsnprintf.c define
# memcpy, snprintf and friends.  They are compiled here with
# "-include tests/unit/lib_rename.h", which renames every one of them to
# mx_<name>; their tests include the same header.  Every other source is
# compiled as is and calls the host's versions of those functions.
#
# Tests run under AddressSanitizer and UBSan (UNIT_SANITIZE), because the
# ELF parser and the command-line parser read hostile input: a read one
# byte past an image is a failure, not luck.  UNIT_SANITIZE= turns that off.
#
# Relies on the top-level Makefile for HOSTCC, HOST_CFLAGS, BUILD, GEN and
# PYTHON, and on hypervisor/hypercalls.mk for HYPERCALL_GEN_*.

UNIT_DIR      := tests/unit
UNIT_BIN      := $(BUILD)/unit
UNIT_OBJ      := $(BUILD)/unit-obj
UNIT_SANITIZE ?= -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                 -fno-omit-frame-pointer
UNIT_CFLAGS   := $(HOST_CFLAGS) -Ihypervisor/include -DMINIXEN_HOST_TEST $(UNIT_SANITIZE) -MMD -MP
UNIT_LDLIBS   := -lcmocka
UNIT_RENAME   := -include $(UNIT_DIR)/lib_rename.h -fno-builtin

# Every test, listed by hand: a missing tests/unit/test_<name>.c fails the
# build ("No rule to make target"), it is never silently left out.  Add a
# new test here and give it a UNIT_TEST_<name> line below.
UNIT_TESTS := string vsnprintf console_ring console_input frame_alloc cmdline elf time \
              page_ref timer sched_credit evtchn tlb evtchn_fifo domain_info
UNIT_TESTS += pv_layout
UNIT_TESTS += domctl_config page_list
UNIT_TESTS += console pt_scan page_ref_race spinlock evtchn_race

# test_<name> and the hypervisor sources it links (paths under hypervisor/,
# without .c).
UNIT_TEST_string       := common/string
UNIT_TEST_vsnprintf    := common/vsnprintf common/string
UNIT_TEST_console_ring := common/console_ring
UNIT_TEST_console_input := common/console_input common/console_ring
UNIT_TEST_console      := common/console common/console_ring
UNIT_TEST_frame_alloc  := common/frame_alloc
UNIT_TEST_cmdline      := common/cmdline
UNIT_TEST_elf          := common/elf
UNIT_TEST_time         := arch/x86/time arch/x86/acpi
UNIT_TEST_page_ref     := common/page_ref
UNIT_TEST_page_ref_race := common/page_ref
UNIT_TEST_timer        := common/timer
UNIT_TEST_sched_credit := common/sched_credit
UNIT_TEST_evtchn       := common/event_channel common/evtchn_2l
UNIT_TEST_evtchn_race  := common/event_channel common/evtchn_2l
UNIT_TEST_tlb          := arch/x86/pv/tlb
UNIT_TEST_evtchn_fifo  := common/evtchn_fifo common/event_channel common/evtchn_2l
UNIT_TEST_domain_info  := common/domain_info
UNIT_TEST_pv_layout    := common/pv_layout
UNIT_TEST_domctl_config := common/domctl_config
UNIT_TEST_page_list    := common/page_list
UNIT_TEST_pt_scan      :=
UNIT_TEST_spinlock     :=

# dom0 kernel tests: test_<name> links the dom0 sources listed in
# UNIT_DOM0_TEST_<name> (paths under dom0/, without .c) and the test
# doubles of tests/unit/dom0_fakes.c.  They build with -DDOM0_HOST_TEST
# (kernel/kernel.h then takes the string functions from the host's C
# library) and dom0's include directory ahead of every other.
UNIT_DOM0_TESTS := dom0_cpio dom0_path dom0_pipe dom0_fdcalls dom0_fuzz dom0_ldisc
UNIT_DOM0_TESTS += dom0_exec_stack dom0_exec_check dom0_kmalloc
UNIT_DOM0_TESTS += dom0_unix dom0_unix_fuzz
UNIT_DOM0_TESTS += dom0_evtchn_ring
UNIT_DOM0_FS    := fs/cpio fs/inode fs/namei fs/at fs/super fs/devfs fs/procfs \
                   fs/random fs/file fs/fileops fs/open fs/read_write fs/stat \
                   fs/dirops fs/attr fs/pipe fs/poll fs/eventpoll
UNIT_DOM0_TEST_dom0_cpio    := $(UNIT_DOM0_FS)
UNIT_DOM0_TEST_dom0_path    := $(UNIT_DOM0_FS)
UNIT_DOM0_TEST_dom0_pipe    := $(UNIT_DOM0_FS)
UNIT_DOM0_TEST_dom0_fdcalls := $(UNIT_DOM0_FS)
UNIT_DOM0_TEST_dom0_fuzz    := $(UNIT_DOM0_FS)
UNIT_DOM0_NET   := net/sock_buf net/msg_iter net/unix net/unix_addr net/socket net/sockmsg net/sockopt
UNIT_DOM0_TEST_dom0_unix    := $(UNIT_DOM0_FS) $(UNIT_DOM0_NET)
UNIT_DOM0_TEST_dom0_unix_fuzz := $(UNIT_DOM0_FS) $(UNIT_DOM0_NET)
UNIT_DOM0_TEST_dom0_ldisc   := drivers/ldisc
UNIT_DOM0_TEST_dom0_exec_stack := kernel/exec_stack
UNIT_DOM0_TEST_dom0_exec_check := kernel/exec_check kernel/exec_args
UNIT_DOM0_TEST_dom0_evtchn_ring := drivers/evtchn_ring
# test_dom0_kmalloc includes dom0/mm/kmalloc.c itself, renamed past dom0_fakes.c's heap.
UNIT_DOM0_TEST_dom0_kmalloc :=
UNIT_DOM0_CFLAGS := -DDOM0_HOST_TEST -Idom0/include -Idom0/fs $(UNIT_CFLAGS)

UNIT_PROGS := $(addprefix $(UNIT_BIN)/test_,$(UNIT_TESTS) $(UNIT_DOM0_TESTS))

# dom0 tool tests: test_<name> links the tools sources listed in
# UNIT_TOOLS_TEST_<name> (paths under tools/, without .c), compiled
# for the host with the tools' include directories.
UNIT_TOOLS_TESTS := xencons_ring xlconsole_proto xenconsoled_buffers xlconsole
UNIT_TOOLS_TEST_xencons_ring    := lib/xencons_ring
UNIT_TOOLS_TEST_xlconsole_proto := lib/xlconsole_proto
UNIT_TOOLS_TEST_xenconsoled_buffers := xenconsoled/backlog xenconsoled/logname
UNIT_TOOLS_TEST_xlconsole       := lib/xlconsole lib/xlconsole_proto
UNIT_TOOLS_TESTS += xenstored xg_file
UNIT_TOOLS_TEST_xg_file := lib/xg_file
UNIT_TOOLS_TEST_xenstored := $(addprefix xenstore/,xs_core xs_ops xs_perms xs_store xs_kid_index \
                               xs_tx xs_watch xs_domain xs_ring) lib/xs_lib
UNIT_TOOLS_CFLAGS := -Itools/lib -Itools/include -Itools/xenconsoled -Itools/xenstore \
                     $(UNIT_CFLAGS)
# xenconsoled's domain and client logic over fake_toolstack.c.
UNIT_TOOLS_TESTS += xenconsoled
UNIT_TOOLS_TEST_xenconsoled := xenconsoled/domains xenconsoled/attach \
    xenconsoled/backlog xenconsoled/logname lib/xencons_ring lib/xlconsole_proto
UNIT_PROGS += $(addprefix $(UNIT_BIN)/test_,$(UNIT_TOOLS_TESTS))

# The generated hypercall table's test, written beside the generator; it
# links the generated table instead of hypervisor sources (rule below).
UNIT_HYPERCALL_TEST := $(UNIT_BIN)/test_hypercall_table
UNIT_PROGS += $(UNIT_HYPERCALL_TEST)
# The dom0 program wrappers' test: it compiles the generated
# <tools/hypercalls.h> against glibc, as a dom0 program does, and catches
# each wrapper's ioctl with --wrap (rule below).
UNIT_PRIVCMD_TEST := $(UNIT_BIN)/test_privcmd_wrappers
UNIT_PROGS += $(UNIT_PRIVCMD_TEST)
# The toolstack library's tests (rules at the end): libxenctrl with
# privcmd's ioctl caught, and the builder's kernel unwrapping.
UNIT_XENCTRL_TEST := $(UNIT_BIN)/test_xenctrl
UNIT_XG_IMAGE_TEST := $(UNIT_BIN)/test_xg_image
UNIT_PROGS += $(UNIT_XENCTRL_TEST) $(UNIT_XG_IMAGE_TEST)
UNIT_PYTESTS := $(UNIT_DIR)/test_gen_hypercalls.py

# xl's tests: test_<name> links the tools' sources listed in
# UNIT_XL_TEST_<name> (paths under tools/, without .c), compiled for the
# host with the tools' include directories into build/unit-obj/xl/.
UNIT_XL_TESTS := xlcfg xlcfg_fuzz xl_parse xl_policy
UNIT_XL_TEST_xlcfg      := lib/xlcfg
UNIT_XL_TEST_xlcfg_fuzz := lib/xlcfg xl/xl_parse
UNIT_XL_TEST_xl_parse   := lib/xlcfg xl/xl_parse
UNIT_XL_TEST_xl_policy  := lib/xlcfg xl/xl_parse xl/xl_policy
UNIT_XL_CFLAGS := -Itools/lib -Itools/include -Itools/xl $(UNIT_CFLAGS)
UNIT_XL_OBJ    := $(UNIT_OBJ)/xl

# test_xl_toolstack drives xl's domain building, cleanup, monitor and
# commands against fake libxenctrl, builder and libxenstore
# (tests/unit/xl_fakes/, whose headers come first for it alone).
UNIT_XL_FAKES := $(UNIT_DIR)/xl_fakes
UNIT_XL_TEST_xl_toolstack := lib/xlcfg xl/xl_parse xl/xl_policy \
    xl/xl_domain xl/xl_create xl/xl_monitor xl/xl_vmcontrol xl/xl_vcpu
UNIT_XL_TESTS += xl_toolstack
UNIT_PROGS += $(addprefix $(UNIT_BIN)/test_,$(UNIT_XL_TESTS))

$(UNIT_XL_OBJ)/tools/%.o: tools/%.c | $(HYPERCALL_GEN_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_XL_CFLAGS) -c $< -o $@

$(UNIT_XL_OBJ)/test_%.o: $(UNIT_DIR)/test_%.c | $(HYPERCALL_GEN_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_XL_CFLAGS) -c $< -o $@

$(UNIT_XL_OBJ)/fake_xl_libs.o: $(UNIT_XL_FAKES)/fake_xl_libs.c | $(HYPERCALL_GEN_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) -I$(UNIT_XL_FAKES) $(UNIT_XL_CFLAGS) -c $< -o $@

UNIT_XL_FAKED_OBJS := $(UNIT_XL_OBJ)/test_xl_toolstack.o \
    $(patsubst %,$(UNIT_XL_OBJ)/tools/xl/%.o,xl_domain xl_create xl_monitor \
        xl_vmcontrol xl_vcpu)
$(UNIT_XL_FAKED_OBJS): UNIT_XL_CFLAGS := -I$(UNIT_XL_FAKES) $(UNIT_XL_CFLAGS)
$(UNIT_BIN)/test_xl_toolstack: $(UNIT_XL_OBJ)/fake_xl_libs.o

# test_$(1) links its own test_$(1).o and the tools objects that the
# variable $(3)$(1) lists, all under the object directory $(2): the rule
# of xl's tests here and of the other tools' tests below.
define UNIT_TOOLS_LINK_RULE
$(UNIT_BIN)/test_$(1): $(2)/test_$(1).o \
        $(patsubst %,$(2)/tools/%.o,$($(3)$(1))) | $(UNIT_BIN)
	$$(HOSTCC) $$(UNIT_CFLAGS) $$^ $$(UNIT_LDLIBS) -o $$@
endef
$(foreach t,$(UNIT_XL_TESTS),$(eval $(call UNIT_TOOLS_LINK_RULE,$(t),$(UNIT_XL_OBJ),UNIT_XL_TEST_)))

# The programs this makefile builds, one name a line, rewritten on every
# `make unit-tests`: scripts/run-tests.py runs these and only these.
UNIT_LIST := $(UNIT_BIN)/tests.list

.PHONY: unit-tests unit-test
unit-tests: $(UNIT_PROGS) | $(UNIT_BIN)
	@printf '%s\n' $(notdir $(UNIT_PROGS)) > $(UNIT_LIST).tmp
	@mv $(UNIT_LIST).tmp $(UNIT_LIST)

# Run every program even after a failure; fail at the end if any failed.
unit-test: unit-tests
	@failed=""; \
	for t in $(UNIT_PROGS); do \
	    echo "  RUN     $$t"; \
	    $$t || failed="$$failed $$t"; \
	done; \
	echo "  PYTEST  $(UNIT_PYTESTS)"; \
	$(PYTHON) -m pytest -q $(UNIT_PYTESTS) || failed="$$failed pytest"; \
	if [ -n "$$failed" ]; then echo "unit tests FAILED:$$failed"; exit 1; fi; \
	echo "unit tests passed"

$(UNIT_BIN) $(UNIT_OBJ):
	@mkdir -p $@

# Every object may include the generated public/hypercall-numbers.h (via
# public/xen.h), so it is generated first; after that the .d files track
# the headers each object really uses.
# Hypervisor sources, compiled for the host.
$(UNIT_OBJ)/hv/%.o: hypervisor/%.c | $(HYPERCALL_GEN_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_CFLAGS) -c $< -o $@

UNIT_RENAMED_OBJS := $(UNIT_OBJ)/hv/common/string.o $(UNIT_OBJ)/hv/common/vsnprintf.o
$(UNIT_RENAMED_OBJS): UNIT_CFLAGS += $(UNIT_RENAME)
$(UNIT_RENAMED_OBJS): $(UNIT_DIR)/lib_rename.h

# The tests themselves.
$(UNIT_OBJ)/%.o: $(UNIT_DIR)/%.c | $(UNIT_OBJ) $(HYPERCALL_GEN_HDRS)
	$(HOSTCC) $(UNIT_CFLAGS) -c $< -o $@

# One link rule per test: test_<name>.o plus its hypervisor objects.
define UNIT_LINK_RULE
$(UNIT_BIN)/test_$(1): $(UNIT_OBJ)/test_$(1).o $(patsubst %,$(UNIT_OBJ)/hv/%.o,$(UNIT_TEST_$(1))) | $(UNIT_BIN)
	$$(HOSTCC) $$(UNIT_CFLAGS) $$^ $$(UNIT_LDLIBS) -o $$@
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call UNIT_LINK_RULE,$(t))))

# dom0 sources and the dom0 tests, compiled for the host.
$(UNIT_OBJ)/dom0/%.o: dom0/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_DOM0_CFLAGS) -c $< -o $@

$(UNIT_OBJ)/test_dom0_%.o: $(UNIT_DIR)/test_dom0_%.c | $(UNIT_OBJ)
	$(HOSTCC) $(UNIT_DOM0_CFLAGS) -c $< -o $@

$(UNIT_OBJ)/dom0_fakes.o: $(UNIT_DIR)/dom0_fakes.c | $(UNIT_OBJ)
	$(HOSTCC) $(UNIT_DOM0_CFLAGS) -c $< -o $@

$(UNIT_OBJ)/dom0_fs_fixture.o: $(UNIT_DIR)/dom0_fs_fixture.c | $(UNIT_OBJ)
	$(HOSTCC) $(UNIT_DOM0_CFLAGS) -c $< -o $@

# Tests that link the file layer also get its boot/teardown fixture.
dom0_fs_fixture = $(if $(filter fs/inode,$(UNIT_DOM0_TEST_$(1))),$(UNIT_OBJ)/dom0_fs_fixture.o)

define UNIT_DOM0_LINK_RULE
$(UNIT_BIN)/test_$(1): $(UNIT_OBJ)/test_$(1).o $(UNIT_OBJ)/dom0_fakes.o \
        $(call dom0_fs_fixture,$(1)) \
        $(patsubst %,$(UNIT_OBJ)/dom0/%.o,$(UNIT_DOM0_TEST_$(1))) | $(UNIT_BIN)
	$$(HOSTCC) $$(UNIT_CFLAGS) $$^ $$(UNIT_LDLIBS) -o $$@
endef
$(foreach t,$(UNIT_DOM0_TESTS),$(eval $(call UNIT_DOM0_LINK_RULE,$(t))))

# tools sources and their tests, compiled for the host.
$(UNIT_OBJ)/tools/%.o: tools/%.c | $(HYPERCALL_GEN_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_TOOLS_CFLAGS) -c $< -o $@

$(foreach t,$(UNIT_TOOLS_TESTS),$(UNIT_OBJ)/test_$(t).o): UNIT_CFLAGS := $(UNIT_TOOLS_CFLAGS)

$(foreach t,$(UNIT_TOOLS_TESTS),$(eval $(call UNIT_TOOLS_LINK_RULE,$(t),$(UNIT_OBJ),UNIT_TOOLS_TEST_)))

$(UNIT_OBJ)/fake_toolstack.o: $(UNIT_DIR)/fake_toolstack.c | $(UNIT_OBJ) $(HYPERCALL_GEN_HDRS)
	$(HOSTCC) $(UNIT_TOOLS_CFLAGS) -c $< -o $@
$(UNIT_BIN)/test_xenconsoled: $(UNIT_OBJ)/fake_toolstack.o
$(UNIT_BIN)/test_xenconsoled: UNIT_LDLIBS += -Wl,--wrap=munmap
# Host threads stand in for CPUs.
$(UNIT_BIN)/test_page_ref_race: UNIT_LDLIBS += -pthread
$(UNIT_BIN)/test_spinlock: UNIT_LDLIBS += -pthread
$(UNIT_BIN)/test_timer: UNIT_LDLIBS += -pthread
$(UNIT_BIN)/test_evtchn_race: UNIT_LDLIBS += -pthread
$(UNIT_BIN)/test_console: UNIT_LDLIBS += -pthread

# test_elf also reads a kernel made by the host toolchain, embedded in it.
UNIT_FIXTURE := $(UNIT_OBJ)/pv_fixture.elf
$(UNIT_FIXTURE): $(UNIT_DIR)/pv_fixture.S $(UNIT_DIR)/pv_fixture.lds \
        $(UNIT_DIR)/pv_fixture.h | $(UNIT_OBJ)
	$(HOSTCC) -D__ASSEMBLY__ -Iinclude -Ihypervisor/include -nostdlib -static \
	    -no-pie -Wl,-T,$(UNIT_DIR)/pv_fixture.lds -Wl,-z,noexecstack $< -o $@

$(UNIT_OBJ)/pv_fixture_blob.o: $(UNIT_DIR)/pv_fixture_blob.S $(UNIT_FIXTURE)
	$(HOSTCC) -DPV_FIXTURE_PATH='"$(UNIT_FIXTURE)"' -c $< -o $@

$(UNIT_BIN)/test_elf: $(UNIT_OBJ)/pv_fixture_blob.o

# The hypercall table test links the generated table with its own stubs.
$(UNIT_OBJ)/test_hypercall_table.o: $(UNIT_DIR)/test_hypercall_table.c \
        $(HYPERCALL_GEN_FILES) | $(UNIT_OBJ)
	$(HOSTCC) $(UNIT_CFLAGS) -c $< -o $@

$(UNIT_OBJ)/hypercall-table.o: $(HYPERCALL_GEN_SRCS) $(HYPERCALL_GEN_HDRS) | $(UNIT_OBJ)
	$(HOSTCC) $(UNIT_CFLAGS) -c $< -o $@

$(UNIT_HYPERCALL_TEST): $(UNIT_OBJ)/test_hypercall_table.o \
        $(UNIT_OBJ)/hypercall-table.o | $(UNIT_BIN)
	$(HOSTCC) $(UNIT_CFLAGS) $^ $(UNIT_LDLIBS) -o $@

$(UNIT_OBJ)/test_privcmd_wrappers.o: $(UNIT_DIR)/test_privcmd_wrappers.c \
        $(HYPERCALL_GEN_FILES) | $(UNIT_OBJ)
	$(HOSTCC) $(UNIT_CFLAGS) -c $< -o $@

$(UNIT_PRIVCMD_TEST): $(UNIT_OBJ)/test_privcmd_wrappers.o | $(UNIT_BIN)
	$(HOSTCC) $(UNIT_CFLAGS) $^ -Wl,--wrap=ioctl $(UNIT_LDLIBS) -o $@

-include $(shell find $(UNIT_OBJ) -name '*.d' 2>/dev/null)

# The toolstack builder's kernel unwrapping (tools/lib/xg_image.c), with
# Debian's zlib and liblzma as the tools link them.
$(UNIT_OBJ)/xc/xg_image.o: tools/lib/xg_image.c tools/lib/xg_image.h | $(UNIT_OBJ)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_CFLAGS) -Itools/lib -c $< -o $@
$(UNIT_OBJ)/test_xg_image.o: $(UNIT_DIR)/test_xg_image.c | $(UNIT_OBJ)
	$(HOSTCC) $(UNIT_CFLAGS) -Itools/lib -c $< -o $@
$(UNIT_XG_IMAGE_TEST): $(UNIT_OBJ)/test_xg_image.o $(UNIT_OBJ)/xc/xg_image.o | $(UNIT_BIN)
	$(HOSTCC) $(UNIT_CFLAGS) $^ -lz -llzma $(UNIT_LDLIBS) -o $@

# libxenctrl on the host, privcmd's ioctl caught with --wrap.
UNIT_XENCTRL_SRCS := xenctrl xc_memory xc_sysctl xc_evtchn xc_foreign xencall
UNIT_XENCTRL_OBJS := $(UNIT_XENCTRL_SRCS:%=$(UNIT_OBJ)/xc/%.o)
UNIT_XC_CFLAGS = $(UNIT_CFLAGS) -Itools/include -Itools/lib
$(UNIT_XENCTRL_OBJS): $(UNIT_OBJ)/xc/%.o: tools/lib/%.c | $(UNIT_OBJ) $(HYPERCALL_GEN_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_XC_CFLAGS) -c $< -o $@
$(UNIT_OBJ)/test_xenctrl.o: $(UNIT_DIR)/test_xenctrl.c | $(UNIT_OBJ) $(HYPERCALL_GEN_HDRS)
	$(HOSTCC) $(UNIT_XC_CFLAGS) -c $< -o $@
$(UNIT_XENCTRL_TEST): $(UNIT_OBJ)/test_xenctrl.o $(UNIT_XENCTRL_OBJS) | $(UNIT_BIN)
	$(HOSTCC) $(UNIT_CFLAGS) $^ -Wl,--wrap=ioctl $(UNIT_LDLIBS) -o $@
