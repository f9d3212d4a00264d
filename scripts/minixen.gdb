# scripts/minixen.gdb - attach gdb to `make debug` (scripts/qemu.sh --gdb)
# and stop at the hypervisor's entry.
#
#   gdb -x scripts/minixen.gdb        (from the top of the tree)
#
# QEMU starts stopped at the firmware's reset vector, before the
# hypervisor is even loaded, so this sets breakpoints and continues:
#   start32    the multiboot entry (boot/head.S), in 32-bit protected
#              mode with paging off, so at its load (physical) address:
#              its link address less the image's virtual base;
#   start_xen  the first C function, in long mode at its link address.
# Both are hardware breakpoints: nothing of the image is in memory yet
# to plant a software one in.
file build/minixen-syms
# The port is GDB_PORT in scripts/qemu.sh.
target remote :1234
hbreak *((unsigned long)&start32 - 0xffff82d040000000)
hbreak start_xen
continue
