# The hypervisor image.
#
# build/minixen-syms  64-bit ELF, linked at Xen's address: for gdb.
# build/minixen       the bootable image: the same bytes, flat, wrapped in
#                     an ELF32 container that multiboot loaders (QEMU's
#                     -kernel, GRUB) accept; its multiboot header also
#                     carries load addresses, so loaders need not parse it.
# Build lines are short unless V=1 (`say` and Q, in the top-level Makefile).

HV_CFLAGS := $(FREESTANDING_CFLAGS) -Ihypervisor/include \
    -fpie -fvisibility=hidden -mcmodel=small -fno-omit-frame-pointer -MMD -MP \
    -DMINIXEN_COMPILER='"$(shell $(CC) --version | head -n1)"' \
    -DMINIXEN_COMPILE_BY='"minixen"' -DMINIXEN_COMPILE_DOMAIN='"localdomain"' \
    -DMINIXEN_COMPILE_DATE='"$(shell date -u -d @$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || date +%s)} "+%Y-%m-%d")"' \
    -DMINIXEN_CHANGESET='"$(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"'
HV_ASFLAGS := $(HV_CFLAGS) -D__ASSEMBLY__

HV_SRCS := $(wildcard hypervisor/common/*.c hypervisor/arch/x86/*.c \
                      hypervisor/arch/x86/pv/*.c \
                      hypervisor/arch/x86/*.S hypervisor/arch/x86/boot/*.S)
HV_OBJS := $(patsubst %,$(BUILD)/%.o,$(HV_SRCS)) \
           $(patsubst $(GEN)/%,$(BUILD)/gen/%.o,$(HYPERCALL_GEN_SRCS))

.PHONY: hypervisor
hypervisor: $(BUILD)/minixen

$(BUILD)/hypervisor/%.c.o: hypervisor/%.c $(HYPERCALL_GEN_HDRS)
	@mkdir -p $(dir $@)
	$(call say,CC,$@)$(CC) $(HV_CFLAGS) -c $< -o $@

$(BUILD)/hypervisor/%.S.o: hypervisor/%.S $(HYPERCALL_GEN_HDRS)
	@mkdir -p $(dir $@)
	$(call say,AS,$@)$(CC) $(HV_ASFLAGS) -c $< -o $@

$(BUILD)/gen/%.c.o: $(GEN)/%.c $(HYPERCALL_GEN_HDRS)
	@mkdir -p $(dir $@)
	$(call say,CC,$@)$(CC) $(HV_CFLAGS) -c $< -o $@

XEN_VIRT_START_HEX := 0xffff82d040000000

HV_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 -z noexecstack \
    --no-warn-rwx-segments -T hypervisor/arch/x86/minixen.lds

# Two links: the second embeds the symbol table of the first, so panics
# print symbolised backtraces.  Symbol addresses do not move between the
# two because the table lives at the end of .data, after every symbol.
$(BUILD)/minixen-syms: $(HV_OBJS) hypervisor/arch/x86/minixen.lds scripts/gen_symbols.py
	$(call say,LD,$@)$(PYTHON) scripts/gen_symbols.py < /dev/null > $(BUILD)/symbols0.S
	$(Q)$(CC) $(HV_ASFLAGS) -c $(BUILD)/symbols0.S -o $(BUILD)/symbols0.o
	$(Q)ld $(HV_LDFLAGS) -o $@.0 $(HV_OBJS) $(BUILD)/symbols0.o
	$(Q)nm -n $@.0 | $(PYTHON) scripts/gen_symbols.py > $(BUILD)/symbols.S
	$(Q)$(CC) $(HV_ASFLAGS) -c $(BUILD)/symbols.S -o $(BUILD)/symbols.o
	$(Q)ld $(HV_LDFLAGS) -o $@.1 $(HV_OBJS) $(BUILD)/symbols.o
	$(Q)nm -n $@.1 | $(PYTHON) scripts/gen_symbols.py > $(BUILD)/symbols.S
	$(Q)$(CC) $(HV_ASFLAGS) -c $(BUILD)/symbols.S -o $(BUILD)/symbols.o
	$(Q)ld $(HV_LDFLAGS) -o $@ $(HV_OBJS) $(BUILD)/symbols.o

$(BUILD)/minixen: $(BUILD)/minixen-syms hypervisor/arch/x86/container.lds
	$(call say,LD,$@)objcopy -O binary $< $(BUILD)/minixen.bin
	$(Q)cd $(BUILD) && objcopy -I binary -O elf32-i386 -B i386 minixen.bin minixen.bin.o
	$(Q)ld -m elf_i386 \
	    --defsym=ENTRY32=$$(( 0x$$(nm $< | awk '$$3=="start32"{print $$1}') - $(XEN_VIRT_START_HEX) )) \
	    --defsym=BSS_SIZE=$$(( 0x$$(nm $< | awk '$$3=="__bss_end"{print $$1}') - 0x$$(nm $< | awk '$$3=="__load_end"{print $$1}') )) \
	    -T hypervisor/arch/x86/container.lds \
	    -o $@ $(BUILD)/minixen.bin.o

-include $(HV_OBJS:.o=.d)
