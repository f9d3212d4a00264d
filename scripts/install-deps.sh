#!/bin/sh
# Installs, from Debian's archive only, everything minixen needs to build,
# boot and test: the toolchain, QEMU, GRUB's image tools and the test runners.
# Debian's Linux kernel, which one boot test runs, is not installed here:
# scripts/debian-kernel.py (run by `make test`) downloads its package with
# apt-get and takes out the image alone, since installing a kernel package
# would run initramfs hooks on this machine.  Nor is busybox-static, which
# dom0's root archive carries: scripts/fetch-busybox.sh (run by `make`)
# downloads that package with apt-get too, so this script makes sure apt's
# package lists exist, running `apt-get update` when they do not.
set -eu
PACKAGES="build-essential binutils python3 python3-pytest python3-pytest-xdist
python3-pexpect libcmocka-dev qemu-system-x86 grub-pc-bin grub-common
xorriso mtools gdb zlib1g-dev liblzma-dev xz-utils"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
# Packages the build downloads (never installs): apt must know them.
DOWNLOADED="busybox-static"
unknown=""
for p in $DOWNLOADED; do
    apt-cache show "$p" >/dev/null 2>&1 || unknown="$unknown $p"
done
[ -z "$missing" ] && [ -z "$unknown" ] && exit 0

# Elevate only when needed: root runs apt-get itself.
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -q
[ -z "$missing" ] && exit 0
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
