# dom0/dom0.mk - the control domain's kernel: build/dom0/kernel.elf.
#
# A freestanding 64-bit PV guest kernel linked at -2 GiB (dom0/kernel.lds),
# built from dom0/ plus the hypervisor's tested string and printf code
# (hypervisor/common/string.c, vsnprintf.c), and calling the hypervisor
# through the generated guest wrappers (guests/lib/hypercall.h).  Linked
# twice: the second link carries the first one's text symbols, so a
# kernel fault prints a symbolised backtrace.  Relies on the top-level
# Makefile for CC, BUILD, FREESTANDING_CFLAGS, say and Q.

DOM0_OUT     := $(BUILD)/dom0
DOM0_ELF     := $(DOM0_OUT)/kernel.elf
DOM0_LDS     := dom0/kernel.lds
DOM0_CFLAGS  := $(FREESTANDING_CFLAGS) -Idom0/include -Iguests/lib -Ihypervisor/include \
    -mcmodel=kernel -fno-pie -fno-pic -fno-omit-frame-pointer \
    -fno-tree-loop-distribute-patterns -MMD -MP
DOM0_ASFLAGS := $(DOM0_CFLAGS) -D__ASSEMBLY__
DOM0_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 -z noexecstack \
    --no-warn-rwx-segments --build-id=none -T $(DOM0_LDS)

DOM0_SRCS := $(wildcard dom0/arch/*.c dom0/arch/*.S dom0/mm/*.c dom0/kernel/*.c \
                        dom0/fs/*.c dom0/net/*.c dom0/drivers/*.c)
DOM0_SHARED_SRCS := hypervisor/common/string.c hypervisor/common/vsnprintf.c
DOM0_OBJS := $(patsubst %,$(DOM0_OUT)/obj/%.o,$(DOM0_SRCS) $(DOM0_SHARED_SRCS))

.PHONY: dom0-kernel
dom0-kernel: $(DOM0_ELF)

$(DOM0_OUT)/obj/%.c.o: %.c $(HYPERCALL_GEN_HDRS) $(GUEST_HYPERCALLS_H)
	@mkdir -p $(dir $@)
	$(call say,CC,$@)$(CC) $(DOM0_CFLAGS) -c $< -o $@

$(DOM0_OUT)/obj/%.S.o: %.S $(HYPERCALL_GEN_HDRS) $(GUEST_HYPERCALLS_H)
	@mkdir -p $(dir $@)
	$(call say,AS,$@)$(CC) $(DOM0_ASFLAGS) -c $< -o $@

$(DOM0_ELF): $(DOM0_OBJS) $(DOM0_LDS) scripts/gen_symbols.py
	$(call say,LD,$@)$(PYTHON) scripts/gen_symbols.py < /dev/null > $(DOM0_OUT)/symbols0.S
	$(Q)$(CC) $(DOM0_ASFLAGS) -c $(DOM0_OUT)/symbols0.S -o $(DOM0_OUT)/symbols0.o
	$(Q)ld $(DOM0_LDFLAGS) -o $@.0 $(DOM0_OBJS) $(DOM0_OUT)/symbols0.o
	$(Q)nm -n $@.0 | $(PYTHON) scripts/gen_symbols.py > $(DOM0_OUT)/symbols.S
	$(Q)$(CC) $(DOM0_ASFLAGS) -c $(DOM0_OUT)/symbols.S -o $(DOM0_OUT)/symbols.o
	$(Q)ld $(DOM0_LDFLAGS) -o $@ $(DOM0_OBJS) $(DOM0_OUT)/symbols.o
	$(Q)rm -f $@.0

-include $(DOM0_OBJS:.o=.d)
