# guests/guests.mk - minixen's own 64-bit PV guest kernels.
#
# Builds build/guests/{demo,test,notrap,bench,mmtest,victim,attacker,fuzz,
# evtest,iodomu,console_echo,fifo,contin,ctltest,greeter,heartbeat,crasher,xencons_test}.elf:
# static, non-PIE ELF64 executables linked with guests/lib/guest.lds and a
# small PV runtime (guests/lib).  Phony target `guests` builds them all.
#
# Relies on the top-level Makefile for CC, BUILD, GEN and
# FREESTANDING_CFLAGS, and on hypervisor/hypercalls.mk for the rule that
# generates $(GEN)/include/public/hypercall-numbers.h (the hypercall
# numbers every guest object needs) and $(GEN)/include/guest/hypercalls.h
# (the HYPERVISOR_<name>() wrappers behind guests/lib/hypercall.h).  Header dependencies after the first
# build come from -MMD.  Build lines are short unless V=1 (`say`, in the
# top-level Makefile).

GUESTS          := demo test notrap bench mmtest victim attacker fuzz evtest iodomu \
                   console_echo fifo contin ctltest
# The domains xl creates in the toolstack tests (PV console ring or console_io).
GUESTS          += greeter heartbeat crasher xencons_test
GUESTS          += xsguest vcpus
GUEST_SRC       := guests
GUEST_OUT       := $(BUILD)/guests
GUEST_LDS       := $(GUEST_SRC)/lib/guest.lds
GUEST_ELFS      := $(GUESTS:%=$(GUEST_OUT)/%.elf)
GUEST_GEN_HDRS  := $(GEN)/include/public/hypercall-numbers.h $(HYPERCALL_GEN_GUEST)

# Loop pattern detection is off so the byte loops in string.c do not get
# turned back into calls to memset/memcpy.
GUEST_CFLAGS := $(FREESTANDING_CFLAGS) \
    -I$(GUEST_SRC)/lib -fno-pie -fno-pic -mcmodel=small \
    -fno-tree-loop-distribute-patterns -MMD -MP
# gcc's own freestanding headers (stdint.h, stdarg.h, stddef.h), nothing
# from the host libc, unless the top-level flags already provide them.
ifeq ($(findstring -isystem,$(FREESTANDING_CFLAGS)),)
GUEST_CFLAGS += -isystem $(shell $(CC) -print-file-name=include)
endif
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
    -Wl,-T,$(GUEST_LDS) -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack \
    -Wl,--no-warn-rwx-segments

# Sources: the runtime (every guest links all of it) and each guest's own
# directory.  lib/entry_notes.S adds the VIRT_BASE and ENTRY notes; only
# the guests listed in GUESTS_WITH_ENTRY_NOTES link it, so the test and
# notrap guests exercise the builder's no-notes defaults.
GUEST_ENTRY_NOTES       := $(GUEST_SRC)/lib/entry_notes.S
GUESTS_WITH_ENTRY_NOTES := demo bench
GUEST_LIB_SRCS := $(filter-out $(GUEST_ENTRY_NOTES), \
    $(wildcard $(GUEST_SRC)/lib/*.c $(GUEST_SRC)/lib/*.S))
#
# victim and attacker are one program (guests/isolation) in two roles: each
# adds only a role.c of the same size, so both images have the same layout
# and the attacker can tell which frame is the victim's top-level table
# from the M2P (see guests/isolation/isolation.h).
GUEST_SHARED_DIRS_victim   := isolation
GUEST_SHARED_DIRS_attacker := isolation
guest_objs = $(patsubst $(GUEST_SRC)/%,$(GUEST_OUT)/%.o,$(basename $(1)))
guest_dir_srcs = $(wildcard $(GUEST_SRC)/$(1)/*.c $(GUEST_SRC)/$(1)/*.S)
guest_srcs = $(call guest_dir_srcs,$(1)) \
    $(foreach d,$(GUEST_SHARED_DIRS_$(1)),$(call guest_dir_srcs,$(d))) \
    $(if $(filter $(1),$(GUESTS_WITH_ENTRY_NOTES)),$(GUEST_ENTRY_NOTES))

GUEST_LIB_OBJS := $(call guest_objs,$(GUEST_LIB_SRCS))
GUEST_ALL_OBJS := $(sort $(GUEST_LIB_OBJS) \
    $(foreach g,$(GUESTS),$(call guest_objs,$(call guest_srcs,$(g)))))

.PHONY: guests
guests: $(GUEST_ELFS)

$(GUEST_OUT)/%.o: $(GUEST_SRC)/%.c | $(GUEST_GEN_HDRS)
	@mkdir -p $(dir $@)
	$(call say,CC,$@)$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(GUEST_OUT)/%.o: $(GUEST_SRC)/%.S | $(GUEST_GEN_HDRS)
	@mkdir -p $(dir $@)
	$(call say,AS,$@)$(CC) $(GUEST_CFLAGS) -c $< -o $@

# One link rule per guest: its own objects plus the whole runtime.
define guest_link_rule
$(GUEST_OUT)/$(1).elf: $(call guest_objs,$(call guest_srcs,$(1))) \
        $(GUEST_LIB_OBJS) $(GUEST_LDS)
	$$(call say,LD,$$@)$(CC) $(GUEST_CFLAGS) $(GUEST_LDFLAGS) -o $$@ \
	    $(call guest_objs,$(call guest_srcs,$(1))) $(GUEST_LIB_OBJS)
endef
$(foreach g,$(GUESTS),$(eval $(call guest_link_rule,$(g))))

-include $(GUEST_ALL_OBJS:.o=.d)

# badguest: an unprivileged guest that does one bad thing (mode=NAME on its
# command line) and must be crashed for it alone (tests/boot/test_security.py).
# Added after the rules above, so it names its link rule and its place in
# `guests` itself.
GUESTS      += badguest
GUEST_ELFS  += $(GUEST_OUT)/badguest.elf
BADGUEST_OBJS := $(call guest_objs,$(call guest_srcs,badguest))
$(eval $(call guest_link_rule,badguest))
guests: $(GUEST_OUT)/badguest.elf
-include $(BADGUEST_OBJS:.o=.d)
