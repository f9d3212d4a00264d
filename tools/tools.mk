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
# xl's domain commands need libxenctrl, the PV builder and libxenstore
# (tools/lib/xenctrl.h, xenguest.h, xenstore.h), written in parallel.
# Until all three exist xl is built without those commands (xl.h
# declares them weak, so they drop out of its table); once they do, xl
# links them and the libraries' objects.  The condition can go once the
# libraries are merged.
XL_TOOLSTACK_SRCS    := $(addprefix tools/xl/,xl_domain.c xl_create.c \
                            xl_monitor.c xl_vmcontrol.c xl_vcpu.c)
XL_TOOLSTACK_LIBS    := tools/lib/xenctrl.h tools/lib/xenguest.h \
                        tools/lib/xenstore.h
XL_HAS_TOOLSTACK     := $(filter 3,$(words $(wildcard $(XL_TOOLSTACK_LIBS))))
ifeq ($(XL_HAS_TOOLSTACK),)
TOOLS_HEADERS := $(filter-out tools/xl/xl_domain.h,$(TOOLS_HEADERS))
endif
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

$(DOM0_OBJ)/%.o: %.c | $(HYPERCALL_GEN_NUMBERS) $(TOOLS_HEADERS_OK)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOLS_CFLAGS) -c $< -o $@

# ---- the tools ----
XL_OBJS := $(call dom0_objs,$(wildcard tools/xl/*.c)) $(XENCALL_OBJ)
XL_OBJS += $(call dom0_objs,tools/lib/xlcfg.c)
ifeq ($(XL_HAS_TOOLSTACK),)
XL_OBJS := $(filter-out $(call dom0_objs,$(XL_TOOLSTACK_SRCS)),$(XL_OBJS))
else
# The builder part's XENGUEST_OBJS (with libxenctrl) and XENGUEST_LIBS,
# and the xenstore part's client library.
XL_OBJS += $(XENGUEST_OBJS) \
           $(call dom0_objs,tools/lib/xenstore.c tools/lib/xs_lib.c)
XL_LDLIBS := $(XENGUEST_LIBS)
endif
TOOLS   := $(TOOLS_OUT)/xl $(TOOLS_OUT)/hypercall_test

$(TOOLS_OUT)/xl: $(XL_OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) -o $@ $^ $(XL_LDLIBS)

$(TOOLS_OUT)/hypercall_test: $(call dom0_objs,tools/hypercall_test/hypercall_test.c)
	@mkdir -p $(dir $@)
	$(HOSTCC) -o $@ $^

# ---- the test programs: dynamic unless listed static ----
DOM0_TEST_NAMES  := hello_static hello_dynamic null_deref forkloop \
                    privcmd_test sysctl_test bench_getppid bench_privcmd \
                    bench_forkexec bench_boot privcmd_long bad_sigreturn attacks
DOM0_TEST_STATIC := hello_static bench_boot
DOM0_TEST_XENCALL := privcmd_test sysctl_test bench_privcmd privcmd_long
DOM0_TESTS := $(DOM0_TEST_NAMES:%=$(DOM0_TESTS_OUT)/%)

define dom0_test_rule
$(DOM0_TESTS_OUT)/$(1): $(call dom0_objs,tests/dom0/$(1).c) \
        $(if $(filter $(1),$(DOM0_TEST_XENCALL)),$(XENCALL_OBJ))
	@mkdir -p $$(dir $$@)
	$(HOSTCC) $(if $(filter $(1),$(DOM0_TEST_STATIC)),-static) -o $$@ $$^
endef
$(foreach t,$(DOM0_TEST_NAMES),$(eval $(call dom0_test_rule,$(t))))

.PHONY: tools dom0-tests dom0-rootfs
tools: $(TOOLS)
dom0-tests: $(DOM0_TESTS)

-include $(patsubst %.o,%.d,$(call dom0_objs,$(wildcard tools/*/*.c tests/dom0/*.c)))

# ---- busybox, from Debian's archive ----
BUSYBOX_DIR := $(BUILD)/busybox
BUSYBOX     := $(BUSYBOX_DIR)/bin/busybox

$(BUSYBOX): scripts/fetch-busybox.sh
	@./scripts/fetch-busybox.sh $(BUILD)/debs $(BUSYBOX_DIR)

# ---- the root archive ----
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
$(foreach t,$(DOM0_TEST_NAMES),file $(DOM0_TESTS_DIR)/$(t) $(DOM0_TESTS_OUT)/$(t) 0755
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

$(ROOTFS): scripts/mkrootfs.py $(ROOTFS_LISTS) $(TOOLS) $(DOM0_TESTS) \
        $(BUSYBOX) $(DOM0_LIBFILES) $(DOM0_USER_FILES) \
        $(shell find dom0/rootfs -type f)
	@echo "  CPIO    $@"
	$(PYTHON) scripts/mkrootfs.py -o $@ --depfile $@.d $(ROOTFS_LISTS)

-include $(ROOTFS).d

dom0-rootfs: $(ROOTFS)
