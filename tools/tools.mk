# tools/tools.mk - dom0's user space: the tools, the test programs and the
# root archive the dom0 kernel unpacks as its file system.
#
# Builds, with the host's gcc against Debian's glibc (dom0 runs Debian's
# binaries unchanged):
#   build/tools/{xl,hypercall_test}      tools/xl, tools/hypercall_test
#   build/dom0-tests/*                   tests/dom0/*.c (boot-test programs)
#   build/busybox/bin/busybox            Debian's busybox-static, fetched
#                                        by scripts/fetch-busybox.sh
#   build/dom0/rootfs.cpio               the root archive (scripts/mkrootfs.py)
# Phony targets: `tools`, `dom0-tests` and `dom0-rootfs` (all three).
#
# User variable DOM0_EXTRA: more files (e.g. a program just built with
# gcc -static) for /usr/local/bin in the archive, as do the files in
# local/ (ignored by git).  The archive's layout is in docs/dom0.md.
#
# Relies on the top-level Makefile for BUILD, GEN, HOSTCC and PYTHON, and
# on hypervisor/hypercalls.mk for HYPERCALL_GEN_NUMBERS (the hypercall
# numbers the programs use).  Header dependencies come from -MMD.

TOOLS_OUT       := $(BUILD)/tools
DOM0_TESTS_OUT  := $(BUILD)/dom0-tests
DOM0_OBJ        := $(BUILD)/dom0-obj
# Where the test programs live in dom0 (forkloop execs hello_static there).
DOM0_TESTS_DIR  := /opt/tests

TOOLS_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror \
    -Itools/include -Itools/lib -Iinclude -I$(GEN)/include \
    -DDOM0_TESTS_DIR='"$(DOM0_TESTS_DIR)"' -MMD -MP

# Every header compiles as the only include (a stamp, so it runs only
# when a header changes); the programs wait for it.
TOOLS_HEADERS := $(wildcard tools/include/xen/*.h tools/lib/*.h tools/xl/*.h \
                            tests/dom0/*.h)
TOOLS_HEADERS_OK := $(DOM0_OBJ)/headers.ok
$(TOOLS_HEADERS_OK): $(TOOLS_HEADERS) | $(HYPERCALL_GEN_NUMBERS)
	@mkdir -p $(dir $@)
	@echo "  CHECK   dom0 tool headers"
	@set -e; for h in $(TOOLS_HEADERS); do \
	    echo 'typedef int header_check_unit;' | $(HOSTCC) \
	        $(filter-out -MMD -MP,$(TOOLS_CFLAGS)) -fsyntax-only \
	        -include $$h -x c -; \
	done
	@touch $@

XENCALL_OBJ := $(DOM0_OBJ)/tools/lib/xencall.o
dom0_objs = $(patsubst %.c,$(DOM0_OBJ)/%.o,$(1))
# libxenctrl (tools/lib/xenctrl.h), on xencall's privcmd hypercall.
XENCTRL_OBJS := $(call dom0_objs,tools/lib/xenctrl.c tools/lib/xc_memory.c \
                    tools/lib/xc_sysctl.c tools/lib/xc_evtchn.c \
                    tools/lib/xc_foreign.c) $(XENCALL_OBJ)
# The PV builder (tools/lib/xenguest.h): the hypervisor's own ELF parser
# and layout arithmetic compiled unchanged for dom0, and Debian's zlib and
# liblzma linked statically (so the root archive needs no more libraries).
XENGUEST_HV_SRCS := hypervisor/common/elf.c hypervisor/common/pv_layout.c
XENGUEST_OBJS := $(call dom0_objs,tools/lib/xenguest.c tools/lib/xg_image.c \
                     tools/lib/xg_file.c $(XENGUEST_HV_SRCS)) $(XENCTRL_OBJS)
XENGUEST_LIBS := -Wl,-Bstatic -lz -llzma -Wl,-Bdynamic
# libxenstore (tools/lib/xenstore.h): the client side of the wire protocol.
XENSTORE_LIB_OBJS := $(call dom0_objs,tools/lib/xenstore.c tools/lib/xs_lib.c)
$(call dom0_objs,tools/lib/xenguest.c $(XENGUEST_HV_SRCS)): \
    TOOLS_CFLAGS += -Ihypervisor/include

$(DOM0_OBJ)/%.o: %.c | $(HYPERCALL_GEN_NUMBERS) $(TOOLS_HEADERS_OK)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOLS_CFLAGS) -c $< -o $@

# ---- the tools ----
XL_OBJS := $(call dom0_objs,$(wildcard tools/xl/*.c)) $(XENCALL_OBJ)
# xl console's client (tools/lib/xlconsole.c), which xl create -c reuses.
XL_OBJS += $(call dom0_objs,tools/lib/xlconsole.c tools/lib/xlconsole_proto.c)
# The config reader, libxenctrl with the PV builder, and libxenstore.
XL_OBJS += $(call dom0_objs,tools/lib/xlcfg.c) $(XENGUEST_OBJS) $(XENSTORE_LIB_OBJS)
# Static, glibc included: every xl command is a fork and exec on the
# path a user waits on, and a static program skips ld.so's loading and
# relocation of the libraries (most of exec's cost: docs/toolstack.md).
XL_LDLIBS := -static -lz -llzma
TOOLS   := $(TOOLS_OUT)/xl $(TOOLS_OUT)/hypercall_test

$(TOOLS_OUT)/xl: $(XL_OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) -o $@ $^ $(XL_LDLIBS)

# The same xl dynamically linked, for the host tests alone: they answer
# its hypercalls with an LD_PRELOADed fake privcmd, which needs ld.so.
XL_FOR_HOST_TESTS := $(DOM0_OBJ)/xl-dynamic
TOOLS += $(XL_FOR_HOST_TESTS)

$(XL_FOR_HOST_TESTS): $(XL_OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) -o $@ $^ $(XENGUEST_LIBS)

$(TOOLS_OUT)/hypercall_test: $(call dom0_objs,tools/hypercall_test/hypercall_test.c)
	@mkdir -p $(dir $@)
	$(HOSTCC) -o $@ $^

# ---- xenconsoled: each domU's PV console (docs/consoles.md) ----
XENCONSOLED      := $(TOOLS_OUT)/xenconsoled
XENCONSOLED_OBJS := $(call dom0_objs,$(wildcard tools/xenconsoled/*.c) \
                        tools/lib/xencons_ring.c tools/lib/xlconsole_proto.c)
TOOLS += $(XENCONSOLED)

$(XENCONSOLED): $(XENCONSOLED_OBJS) $(XENCTRL_OBJS) $(XENSTORE_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) -o $@ $^

# ---- xenstore: the daemon and the xenstore-* tools (one program) ----
XS_CORE_SRCS   := $(addprefix tools/xenstore/,xs_core.c xs_ops.c xs_perms.c \
                    xs_store.c xs_kid_index.c xs_tx.c xs_watch.c xs_domain.c xs_ring.c) \
                  tools/lib/xs_lib.c
XENSTORED_OBJS := $(call dom0_objs,$(XS_CORE_SRCS) tools/xenstore/xs_os.c \
                    tools/xenstore/xenstored.c) $(XENCALL_OBJ)
XS_CLIENT_OBJS := $(call dom0_objs,tools/xenstore/xenstore_client.c) $(XENSTORE_LIB_OBJS)
XS_TOOL_NAMES  := xenstore-read xenstore-write xenstore-rm xenstore-list \
                  xenstore-exists xenstore-ls xenstore-chmod xenstore-watch
TOOLS += $(TOOLS_OUT)/xenstored $(TOOLS_OUT)/xenstore

$(TOOLS_OUT)/xenstored: $(XENSTORED_OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) -o $@ $^

$(TOOLS_OUT)/xenstore: $(XS_CLIENT_OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) -o $@ $^

# ---- the test programs: dynamic unless listed static ----
DOM0_TEST_NAMES  := hello_static hello_dynamic null_deref forkloop \
                    privcmd_test sysctl_test bench_getppid bench_privcmd \
                    bench_forkexec bench_boot bench_xl privcmd_long bad_sigreturn attacks \
                    unix_socket_test mmap_file_test
DOM0_TEST_STATIC := hello_static bench_boot
# xenstored's socket against malformed clients (tests/boot/test_dom0_xenstore.py).
DOM0_TEST_NAMES  += xenstore_proto_test
DOM0_TEST_XENCALL := privcmd_test sysctl_test bench_privcmd privcmd_long bench_xl
# Test programs on libxenctrl and the builder (linked with XENGUEST_OBJS).
DOM0_TEST_NAMES  += build_domain
DOM0_TEST_XENGUEST := build_domain
DOM0_TEST_NAMES  += domctl_test
DOM0_TEST_XENCALL += domctl_test
# privcmd's foreign mappings and /dev/xen/evtchn.
DOM0_TEST_NAMES  += privcmd_map evtchn_dev
DOM0_TEST_XENCALL += privcmd_map
DOM0_TESTS := $(DOM0_TEST_NAMES:%=$(DOM0_TESTS_OUT)/%)

define dom0_test_rule
$(DOM0_TESTS_OUT)/$(1): $(call dom0_objs,tests/dom0/$(1).c) \
        $(if $(filter $(1),$(DOM0_TEST_XENCALL)),$(XENCALL_OBJ)) \
        $(if $(filter $(1),$(DOM0_TEST_XENGUEST)),$(XENGUEST_OBJS))
	@mkdir -p $$(dir $$@)
	$(HOSTCC) $(if $(filter $(1),$(DOM0_TEST_STATIC)),-static) -o $$@ $$^ \
	    $(if $(filter $(1),$(DOM0_TEST_XENGUEST)),$(XENGUEST_LIBS))
endef
$(foreach t,$(DOM0_TEST_NAMES),$(eval $(call dom0_test_rule,$(t))))

.PHONY: tools dom0-tests dom0-rootfs
tools: $(TOOLS)
dom0-tests: $(DOM0_TESTS)

-include $(patsubst %.o,%.d,$(call dom0_objs,$(wildcard tools/*/*.c tests/dom0/*.c)))
-include $(patsubst %.o,%.d,$(call dom0_objs,$(XENGUEST_HV_SRCS)))

# ---- busybox, from Debian's archive ----
BUSYBOX_DIR := $(BUILD)/busybox
BUSYBOX     := $(BUSYBOX_DIR)/bin/busybox

$(BUSYBOX): scripts/fetch-busybox.sh
	@./scripts/fetch-busybox.sh $(BUILD)/debs $(BUSYBOX_DIR)

# ---- the root archive ----
# The test guests xl creates (guests/guests.mk), for /opt/guests.
DOM0_GUESTS      := greeter heartbeat crasher xsguest vcpus
DOM0_GUESTS_DIR  := /opt/guests
DOM0_GUEST_ELFS  := $(DOM0_GUESTS:%=$(GUEST_OUT)/%.elf)

ROOTFS        := $(BUILD)/dom0/rootfs.cpio
ROOTFS_FIXED  := dom0/rootfs/rootfs.list
ROOTFS_LINKS  := $(BUILD)/dom0/busybox.list
ROOTFS_FILES  := $(BUILD)/dom0/files.list
ROOTFS_LISTS  := $(ROOTFS_FIXED) $(ROOTFS_LINKS) $(ROOTFS_FILES)

# Debian's dynamic loader and C library, copied from the host to the same
# paths; /lib64's loader is a link, as on Debian.
HOST_LIBDIR  := /lib/x86_64-linux-gnu
DOM0_LIBS    := ld-linux-x86-64.so.2 libc.so.6
DOM0_LIBFILES := $(DOM0_LIBS:%=$(HOST_LIBDIR)/%)

# The user's own programs for /usr/local/bin.
DOM0_LOCAL_DIR   := local
DOM0_LOCAL_FILES := $(sort $(shell find $(DOM0_LOCAL_DIR) -maxdepth 1 \
                        -type f 2>/dev/null))
DOM0_USER_FILES  := $(DOM0_LOCAL_FILES) $(DOM0_EXTRA)

# Every applet as a link to /bin/busybox, where busybox --list-full puts
# it (bin, sbin, usr/bin or usr/sbin); linuxrc is for initrds, not us.
$(ROOTFS_LINKS): $(BUSYBOX)
	@mkdir -p $(dir $@)
	@echo "file /bin/busybox $(BUSYBOX) 0755" > $@.tmp
	@$(BUSYBOX) --list-full | grep -v -x -e linuxrc -e bin/busybox | \
	    sed 's|.*|slink /& /bin/busybox 0777|' >> $@.tmp
	@mv $@.tmp $@

# The entries that come from make's variables.  Rewritten only when its
# text changes (it depends on DOM0_EXTRA), so the archive is rebuilt
# exactly when an input changes.
define rootfs_file_lines
$(foreach l,$(DOM0_LIBS),file $(HOST_LIBDIR)/$(l) $(HOST_LIBDIR)/$(l) 0755
)slink /lib64/ld-linux-x86-64.so.2 $(HOST_LIBDIR)/ld-linux-x86-64.so.2 0777
file /usr/sbin/xl $(TOOLS_OUT)/xl 0755
file /usr/bin/hypercall_test $(TOOLS_OUT)/hypercall_test 0755
file /usr/sbin/xenconsoled $(XENCONSOLED) 0755
$(foreach g,$(DOM0_GUESTS),file $(DOM0_GUESTS_DIR)/$(g).elf $(GUEST_OUT)/$(g).elf 0644
)$(foreach g,$(DOM0_GUEST_FILES),file $(DOM0_GUESTS_DIR)/$(notdir $(g)) $(g) 0644
)file /usr/sbin/xenstored $(TOOLS_OUT)/xenstored 0755
file /usr/bin/xenstore $(TOOLS_OUT)/xenstore 0755
$(foreach t,$(XS_TOOL_NAMES),slink /usr/bin/$(t) xenstore 0777
)$(foreach t,$(DOM0_TEST_NAMES),file $(DOM0_TESTS_DIR)/$(t) $(DOM0_TESTS_OUT)/$(t) 0755
)$(foreach f,$(DOM0_USER_FILES),file /usr/local/bin/$(notdir $(f)) $(f) 0755
)
endef

.PHONY: FORCE
FORCE:
$(ROOTFS_FILES): export ROOTFS_FILE_LINES = $(rootfs_file_lines)
$(ROOTFS_FILES): FORCE
	@mkdir -p $(dir $@)
	@printf '%s' "$$ROOTFS_FILE_LINES" | sed 's/^ *//' > $@.tmp
	@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

# Test guests the builder loads from dom0 (/opt/guests): the demo as an ELF
# file, gzip'ed and xz'ed, the three forms xg_pv_build takes apart.
DOM0_GUEST_OUT  := $(BUILD)/dom0/guests
DOM0_GUEST_FILES := $(DOM0_GUEST_OUT)/demo.elf $(DOM0_GUEST_OUT)/demo.elf.gz \
                    $(DOM0_GUEST_OUT)/demo.elf.xz
$(DOM0_GUEST_OUT)/demo.elf: $(BUILD)/guests/demo.elf
	@mkdir -p $(dir $@)
	cp $< $@
$(DOM0_GUEST_OUT)/%.gz: $(DOM0_GUEST_OUT)/%
	gzip -9 -n -c $< > $@
$(DOM0_GUEST_OUT)/%.xz: $(DOM0_GUEST_OUT)/%
	xz -6 --check=crc32 -c $< > $@

$(ROOTFS): scripts/mkrootfs.py $(ROOTFS_LISTS) $(TOOLS) $(DOM0_TESTS) \
        $(BUSYBOX) $(DOM0_LIBFILES) $(DOM0_USER_FILES) $(DOM0_GUEST_FILES) \
        $(DOM0_GUEST_ELFS) \
        $(shell find dom0/rootfs -type f)
	@echo "  CPIO    $@"
	$(PYTHON) scripts/mkrootfs.py -o $@ --depfile $@.d $(ROOTFS_LISTS)

-include $(ROOTFS).d

dom0-rootfs: $(ROOTFS)

# A second root archive, for tests/boot/test_dom0_xl_linux.py only: the
# normal one plus Debian's bzImage (fetched by `make debian-kernel`) and
# its config, so that the normal archive stays small.  `make test` builds
# it when the kernel is there; `make dom0-rootfs-linux` by hand.
.PHONY: dom0-rootfs-linux
ROOTFS_LINUX      := $(BUILD)/dom0/rootfs-linux.cpio
ROOTFS_LINUX_LIST := $(BUILD)/dom0/linux.list
DEBIAN_VMLINUZ    := $(BUILD)/debian-kernel/vmlinuz
$(ROOTFS_LINUX_LIST): tools/tools.mk
	@mkdir -p $(dir $@)
	@printf '%s\n' "file $(DOM0_GUESTS_DIR)/vmlinuz $(DEBIAN_VMLINUZ) 0644" \
	    "file $(DOM0_GUESTS_DIR)/linux.cfg dom0/rootfs/opt/guests/linux.cfg 0644" > $@
$(ROOTFS_LINUX): $(ROOTFS) $(ROOTFS_LINUX_LIST) $(DEBIAN_VMLINUZ) \
        dom0/rootfs/opt/guests/linux.cfg
	@echo "  CPIO    $@"
	$(PYTHON) scripts/mkrootfs.py -o $@ $(ROOTFS_LISTS) $(ROOTFS_LINUX_LIST)
dom0-rootfs-linux: $(ROOTFS_LINUX)
