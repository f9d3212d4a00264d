#!/bin/sh
# Fetches Debian's busybox-static package with `apt-get download` (never
# installing it on this machine) and unpacks it with `dpkg-deb -x`:
#
#     scripts/fetch-busybox.sh DEBDIR OUTDIR
#
# leaves the package in DEBDIR and its files in OUTDIR (OUTDIR/bin/busybox
# is the static binary dom0's root archive is built around).  apt-get
# download needs apt's package lists, which scripts/install-deps.sh makes
# sure exist.  Any failure ends in one line on stderr saying why.
set -eu
PACKAGE=busybox-static
debdir=$1
outdir=$2

fail() {
    echo "fetch-busybox: $*" >&2
    exit 1
}

# DEBDIR is a cache: a package fetched before is used again, offline too.
mkdir -p "$debdir"
deb=$(ls "$debdir"/"$PACKAGE"_*.deb 2>/dev/null | head -n 1)
if [ -z "$deb" ]; then
    log=$(cd "$debdir" && apt-get download -q "$PACKAGE" 2>&1) ||
        fail "apt-get download $PACKAGE failed (run scripts/install-deps.sh," \
             "which updates apt's lists): $(printf '%s\n' "$log" | grep -v '^W:' | tail -n 1)"
    deb=$(ls "$debdir"/"$PACKAGE"_*.deb 2>/dev/null | head -n 1)
fi
[ -n "$deb" ] || fail "apt-get download left no $PACKAGE package in $debdir"

rm -rf "$outdir"
dpkg-deb -x "$deb" "$outdir" || fail "dpkg-deb -x $deb failed"
[ -x "$outdir/bin/busybox" ] || fail "$deb has no bin/busybox"
# The package's files keep their own dates; make judges by this one.
touch "$outdir/bin/busybox"
echo "  FETCH   $(basename "$deb")"
