# minixen top-level build.  Each part of the tree owns a make fragment:
#   hypervisor/hypervisor.mk   the hypervisor image (build/minixen)
#   hypervisor/hypercalls.mk   code generated from hypervisor/hypercalls.def
#   include/public/public.mk   ABI layout checks for the public headers
#   guests/guests.mk           PV guest kernels (build/guests/*.elf)
#   tests/unit/unit.mk         host unit tests (cmocka)
#   tools/tools.mk             dom0's tools, test programs and root archive
# The targets below are the user-facing ones listed in README.md.

SHELL   := /bin/bash
BUILD   := build
GEN     := $(BUILD)/gen
CC      := gcc
HOSTCC  := gcc
PYTHON  := /usr/bin/python3

# Freestanding x86_64 code shared by the hypervisor and the guest kernels.
FREESTANDING_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
    -ffreestanding -fno-builtin -nostdinc -fno-stack-protector \
    -fno-asynchronous-unwind-tables -fno-strict-aliasing \
    -mno-red-zone -mno-sse -mno-mmx -mno-sse2 -mno-avx -msoft-float \
    -fcf-protection=none -fno-common \
    -isystem $(shell $(CC) -print-file-name=include) -Iinclude -I$(GEN)/include

# Short build lines ("  CC      build/guests/demo/main.o"); make V=1 prints
# the full commands instead.  A recipe line starts with $(call say,TAG,what)
# for its one short line, and $(Q) on the lines that print nothing.
Q   := $(if $(filter 1,$(V)),,@)
say = $(if $(filter 1,$(V)),,@printf '  %-7s %s\n' '$(1)' '$(2)';)

HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Iinclude -I$(GEN)/include

.PHONY: all clean test unit-test unit-tests bench run debug iso deps check-headers \
        debian-kernel stress
all: check-headers hypervisor guests dom0-kernel dom0-rootfs

include hypervisor/hypercalls.mk
include include/public/public.mk
include hypervisor/hypervisor.mk
include guests/guests.mk
include dom0/dom0.mk
include tests/unit/unit.mk
include tools/tools.mk

deps:
	./scripts/install-deps.sh

test: all unit-tests debian-kernel
	-$(MAKE) --no-print-directory dom0-rootfs-linux
	$(PYTHON) scripts/run-tests.py

# Debian's own Linux kernel, which tests/boot/test_debian_kernel.py boots:
# fetched once with apt into build/debian-kernel/.  Without the archive
# the build goes on, and that one test fails saying why.
debian-kernel:
	-$(PYTHON) scripts/debian-kernel.py $(BUILD)/debian-kernel

run: all
	./scripts/qemu.sh --dom0

debug: all
	./scripts/qemu.sh --dom0 --gdb

iso: all
	./scripts/make-iso.sh

bench: all
	$(PYTHON) scripts/bench.py

# The race tests for longer: each host race STRESS times its rounds
# (tests/unit/stress.h), then the SMP boot tests STRESS_BOOTS times over.
STRESS ?= 50
STRESS_BOOTS ?= 10
STRESS_RACES := test_spinlock test_page_ref_race test_timer test_evtchn_race test_console
stress: all unit-tests
	@set -e; for t in $(STRESS_RACES); do \
	    echo "  STRESS  $$t x$(STRESS)"; \
	    MINIXEN_STRESS=$(STRESS) $(UNIT_BIN)/$$t > $(BUILD)/stress-$$t.log 2>&1 || \
	        { tail -20 $(BUILD)/stress-$$t.log; echo "stress: $$t FAILED"; exit 1; }; \
	done; \
	for i in $$(seq $(STRESS_BOOTS)); do \
	    echo "  STRESS  tests/boot/test_smp.py, run $$i of $(STRESS_BOOTS)"; \
	    (cd tests/boot && $(PYTHON) -m pytest -q -n 2 -p no:cacheprovider test_smp.py) \
	        > $(BUILD)/stress-boot.log 2>&1 || \
	        { tail -20 $(BUILD)/stress-boot.log; echo "stress: test_smp.py FAILED"; exit 1; }; \
	done; \
	echo "stress: every race held"

clean:
	rm -rf $(BUILD)
