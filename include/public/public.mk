# include/public/public.mk - checks for the public ABI headers.
#
# Owns the phony target `check-headers`, which proves three things for both
# guest widths (-m64 and -m32):
#   1. every public header compiles when it is the only include, in C and
#      in assembly (C-only parts must hide behind __ASSEMBLER__);
#   2. the headers need nothing but the compiler's own freestanding
#      headers (stdint.h, stddef.h): -nostdinc plus gcc's include directory
#      is all they get, so -m32 works without 32-bit libc headers;
#   3. every check_*.c layout check (_Static_assert on sizes, offsets and
#      numbers from Xen 4.17's public headers) holds.
# The 64-bit headers are also compiled once hosted, as the tools use them.
# Nothing is written: every step uses -fsyntax-only or -o /dev/null.
#
# Relies on the top-level Makefile for CC and GEN, and on
# hypervisor/hypercalls.mk for the rule that generates
# $(GEN)/include/public/hypercall-numbers.h (included by xen.h).
#
# Exports PUBLIC_HEADERS and PUBLIC_GEN_HEADERS for other fragments'
# dependency lists.

PUBLIC_DIR := include/public

# Width-neutral headers; the two width headers are checked only for their
# own width.  check_layout.h is a helper of the checks, not an ABI header.
PUBLIC_COMMON_HEADERS := $(filter-out $(PUBLIC_DIR)/check_layout.h, \
    $(wildcard $(PUBLIC_DIR)/*.h)) $(PUBLIC_DIR)/arch-x86/xen.h
# The PV console ring page.
PUBLIC_COMMON_HEADERS += $(PUBLIC_DIR)/io/console.h
# The io/ ring protocol headers (xenstore).
PUBLIC_COMMON_HEADERS += $(PUBLIC_DIR)/io/xs_wire.h
PUBLIC_HEADERS_64 := $(PUBLIC_COMMON_HEADERS) $(PUBLIC_DIR)/arch-x86/xen-x86_64.h
PUBLIC_HEADERS_32 := $(PUBLIC_COMMON_HEADERS) $(PUBLIC_DIR)/arch-x86/xen-x86_32.h
PUBLIC_HEADERS := $(PUBLIC_HEADERS_64) $(PUBLIC_DIR)/arch-x86/xen-x86_32.h
PUBLIC_CHECKS := $(wildcard $(PUBLIC_DIR)/check_*.c)
PUBLIC_GEN_HEADERS := $(GEN)/include/public/hypercall-numbers.h

PUBLIC_GCC_INCLUDE = $(shell $(CC) -print-file-name=include)
PUBLIC_CHECK_FLAGS = -std=gnu11 -Wall -Wextra -Werror -Wpedantic \
    -ffreestanding -nostdinc -isystem $(PUBLIC_GCC_INCLUDE) \
    -Iinclude -I$(GEN)/include
PUBLIC_HOSTED_FLAGS = -std=gnu11 -Wall -Wextra -Werror -Wpedantic \
    -Iinclude -I$(GEN)/include

# A header is compiled as the first include of this one-line unit (ISO C
# forbids an empty unit, and a header of #defines alone would be one).
PUBLIC_NONEMPTY_TU := typedef int public_check_unit;

# $(call public_check_width,-m64|-m32,headers): the per-width steps.
define public_check_width
	@echo "  CHECK   public headers $(1)"
	@set -e; for h in $(2); do \
	    echo "$(PUBLIC_NONEMPTY_TU)" | $(CC) $(1) $(PUBLIC_CHECK_FLAGS) \
	        -fsyntax-only -include $$h -x c -; \
	    $(CC) $(1) $(PUBLIC_CHECK_FLAGS) -c -x assembler-with-cpp $$h \
	        -o /dev/null; \
	done
	@set -e; for c in $(PUBLIC_CHECKS); do \
	    $(CC) $(1) $(PUBLIC_CHECK_FLAGS) -fsyntax-only $$c; \
	done
endef

.PHONY: check-headers
check-headers: $(PUBLIC_HEADERS) $(PUBLIC_CHECKS) $(PUBLIC_GEN_HEADERS)
	$(call public_check_width,-m64,$(PUBLIC_HEADERS_64))
	$(call public_check_width,-m32,$(PUBLIC_HEADERS_32))
	@echo "  CHECK   public headers hosted -m64"
	@set -e; for h in $(PUBLIC_HEADERS_64); do \
	    echo "$(PUBLIC_NONEMPTY_TU)" | $(CC) -m64 $(PUBLIC_HOSTED_FLAGS) \
	        -fsyntax-only -include $$h -x c -; \
	done
