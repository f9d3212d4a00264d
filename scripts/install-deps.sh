#!/bin/sh
# Installs, from Debian's archive only, everything minixen needs to build,
# boot and test: the toolchain, QEMU, GRUB's image tools and the test runners.
# Debian's Linux kernel, which one boot test runs, is not installed here:
# scripts/debian-kernel.py (run by `make test`) downloads its package with
# apt-get and takes out the image alone, since installing a kernel package
# would run initramfs hooks on this machine.
set -eu
PACKAGES="build-essential binutils python3 python3-pytest python3-pytest-xdist
python3-pexpect libcmocka-dev qemu-system-x86 grub-pc-bin grub-common
xorriso mtools gdb"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
