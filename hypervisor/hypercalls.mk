# hypervisor/hypercalls.mk - code generated from hypervisor/hypercalls.def.
#
# One run of scripts/gen_hypercalls.py writes all five files (a GNU make
# grouped target, "&:"), so make never runs it twice or leaves a mix of old
# and new outputs.  The script checks the .def first and writes nothing if
# it finds an error.
#
# Relies on the top-level Makefile for GEN and PYTHON.  Exports:
#   HYPERCALL_GEN_NUMBERS  public numbers header (C and assembly)
#   HYPERCALL_GEN_DEFS     handler prototypes, reached via <minixen/hypercall.h>
#   HYPERCALL_GEN_HDRS     both headers: make them an order-only prerequisite
#                          (| $(HYPERCALL_GEN_HDRS)) of anything that includes
#                          <public/xen.h> or <minixen/hypercall.h>, so they
#                          exist before the first compile
#   HYPERCALL_GEN_SRCS     the dispatchers and tables, to link into the
#                          hypervisor (and into the unit test)
#   HYPERCALL_GEN_GUEST    the guests' HYPERVISOR_<name>() wrappers,
#                          <guest/hypercalls.h>
#   HYPERCALL_GEN_PRIVCMD  dom0 programs' xen_hypercall_<name>() wrappers
#                          over privcmd, <tools/hypercalls.h>
#   HYPERCALL_GEN_FILES    all five
# and the phony target `hypercalls`, which only generates.

HYPERCALL_DEF         := hypervisor/hypercalls.def
HYPERCALL_GENERATOR   := scripts/gen_hypercalls.py
HYPERCALL_GEN_NUMBERS := $(GEN)/include/public/hypercall-numbers.h
HYPERCALL_GEN_DEFS    := $(GEN)/include/minixen/hypercall-defs.h
HYPERCALL_GEN_HDRS    := $(HYPERCALL_GEN_NUMBERS) $(HYPERCALL_GEN_DEFS)
HYPERCALL_GEN_SRCS    := $(GEN)/hypervisor/hypercall-table.c
HYPERCALL_GEN_GUEST   := $(GEN)/include/guest/hypercalls.h
HYPERCALL_GEN_PRIVCMD := $(GEN)/include/tools/hypercalls.h
HYPERCALL_GEN_FILES   := $(HYPERCALL_GEN_HDRS) $(HYPERCALL_GEN_SRCS) \
                         $(HYPERCALL_GEN_GUEST) $(HYPERCALL_GEN_PRIVCMD)

$(HYPERCALL_GEN_FILES) &: $(HYPERCALL_DEF) $(HYPERCALL_GENERATOR)
	@echo "  GEN     hypercall numbers, prototypes, table and wrappers"
	$(Q)$(PYTHON) $(HYPERCALL_GENERATOR) $(HYPERCALL_DEF) \
	    --numbers $(HYPERCALL_GEN_NUMBERS) \
	    --defs $(HYPERCALL_GEN_DEFS) \
	    --table $(HYPERCALL_GEN_SRCS) \
	    --guest $(HYPERCALL_GEN_GUEST) \
	    --privcmd $(HYPERCALL_GEN_PRIVCMD)

.PHONY: hypercalls
hypercalls: $(HYPERCALL_GEN_FILES)
