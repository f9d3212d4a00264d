#!/bin/sh
# Installs, from Debian's archive only, everything minixen needs to build,
# boot and test: the toolchain, QEMU, GRUB's image tools and the test runners.
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
