#!/bin/bash
# The one place that builds minixen's QEMU command lines.  `make run`,
# `make debug`, the boot tests (tests/boot/minixen_boot.py) and the benchmark
# driver all start QEMU through this script, so the machine they boot is the
# same everywhere.  It relies on the boot contract in docs/testing.md: a
# multiboot v1 hypervisor image, dom0's kernel as the first module (its
# string is dom0's command line), and the hypervisor reporting its result by
# writing to the isa-debug-exit port, which makes QEMU exit with (v<<1)|1.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Paths stay relative when run from the top of the tree, so dom0 sees
# "build/guests/demo.elf" as the first word of its command line.
if [ "$PWD" = "$ROOT" ]; then BUILD=${MINIXEN_BUILD:-build}
else BUILD=${MINIXEN_BUILD:-$ROOT/build}; fi
QEMU=${QEMU:-qemu-system-x86_64}

DEBUG_EXIT_DEVICE="isa-debug-exit,iobase=0xf4,iosize=0x04"
DEFAULT_APPEND="console=com1 loglvl=all"
DEFAULT_MEMORY=256M
GDB_PORT=1234
# Exit status of the KVM probe firmware: it writes 0x21 to the debug-exit
# port, and QEMU turns that into (0x21 << 1) | 1.
KVM_PROBE_VALUE=0x21
KVM_PROBE_STATUS=$(( (KVM_PROBE_VALUE << 1) | 1 ))
KVM_PROBE_SECONDS=10
# CPU models to try under KVM, best first.  Some hosts (nested KVM) make
# QEMU abort setting MSR_IA32_ARCH_CAPABILITIES for -cpu host; hiding
# that MSR from the guest lets them run KVM anyway.
KVM_CPU_MODELS=("host" "host,-arch-capabilities")

usage() {
    cat <<USAGE
usage: scripts/qemu.sh [options] [-- extra QEMU arguments]
  --dom0            boot the control domain (build/dom0/kernel.elf with its
                    root archive build/dom0/rootfs.cpio) on this terminal;
                    CTRL-c goes to dom0, CTRL-a x quits QEMU
  --demo            boot the demo guest build/guests/demo.elf as dom0 instead
  --kernel FILE     hypervisor image (default: build/minixen)
  --module 'FILE ARGS'  add a multiboot module; the first is dom0's kernel
                    and its whole string is dom0's command line (repeatable)
  --append STR      hypervisor command line (default: "$DEFAULT_APPEND")
  --cdrom FILE      boot a GRUB ISO (see make-iso.sh) instead of --kernel
  --serial SPEC     QEMU -serial backend (default: stdio)
  --memory SIZE     guest RAM (default: $DEFAULT_MEMORY)
  --smp N           N CPUs (QEMU -smp; default 1)
  --gdb             start stopped, at the firmware's reset vector, with a
                    gdb stub on :$GDB_PORT (-s -S); gdb -x scripts/minixen.gdb
                    attaches and runs on to the hypervisor's entry (start32)
  --icount          deterministic instruction counting (implies TCG)
  --accel MODE      auto (KVM if it can run a guest, else TCG), kvm or tcg
  --dry-run         print the QEMU command line and exit
  --probe-kvm       exit 0 if KVM can run a guest here, 1 if not
Exit status: QEMU's, passed through (docs/command-line.md lists what each
means), except that with --dom0 or --demo domain 0's power-off (QEMU's 1)
becomes 0, so \`make run\` succeeds when dom0 ends as it should (the
shell's \`exit\`, or \`poweroff\`).
USAGE
}

die() { echo "qemu.sh: $*" >&2; exit 2; }
note() { echo "qemu.sh: $*" >&2; }

# Writes a 64 KiB firmware image whose reset vector reports KVM_PROBE_VALUE
# on the debug-exit port: mov al, imm8; out 0xf4, al; cli; hlt.
kvm_probe_firmware() {
    local file=$1 value
    value=$(printf '%02x' "$KVM_PROBE_VALUE")
    {
        head -c $(( 65536 - 16 )) /dev/zero
        printf '%b' "\\xb0\\x$value\\xe6\\xf4\\xfa\\xf4"
        head -c 10 /dev/zero
    } >"$file"
}

# A /dev/kvm node can exist and still fail to start or run a guest (nested
# virtualisation, missing permissions, a broken host), so run real guest
# code under KVM and check that it reached the debug-exit port.  Sets
# KVM_CPU to the first CPU model that worked.
kvm_probe() {
    if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
        KVM_WHY="/dev/kvm is not accessible"
        return 1
    fi
    local firmware model
    firmware=$(mktemp "${TMPDIR:-/tmp}/minixen-kvm-probe.XXXXXX")
    kvm_probe_firmware "$firmware"
    for model in "${KVM_CPU_MODELS[@]}"; do
        if kvm_probe_model "$firmware" "$model"; then
            KVM_CPU=$model
            rm -f "$firmware"
            kvm_probe_minixen
            return
        fi
    done
    rm -f "$firmware"
    return 1
}

# KVM can run plain guest code and still break a hypervisor inside it
# (nested virtualisation on some hosts mishandles SYSCALL from ring 3), so
# also boot minixen with the demo guest and expect a clean power-off.
KVM_PROBE_GUEST=${MINIXEN_KVM_PROBE_GUEST-build/guests/demo.elf}
kvm_probe_minixen() {
    local status=0
    [ -f "$KERNEL" ] && [ -f "$KVM_PROBE_GUEST" ] || return 0
    ( timeout "$KVM_PROBE_SECONDS" "$QEMU" -machine q35 -accel kvm \
        -cpu "$KVM_CPU" -m 256M -display none -no-reboot -serial none \
        -device "$DEBUG_EXIT_DEVICE" -kernel "$KERNEL" -append "loglvl=none" \
        -initrd "$KVM_PROBE_GUEST" || exit $? ) >/dev/null 2>&1 </dev/null || status=$?
    KVM_WHY="minixen with the demo guest did not power off cleanly under KVM (status $status)"
    [ "$status" -eq 1 ]
}

# One probe run; the subshell keeps bash's "Aborted" job report (QEMU
# asserts on some hosts) out of the terminal and in the error file.
kvm_probe_model() {
    local firmware=$1 model=$2 errors status=0
    errors=$(mktemp "${TMPDIR:-/tmp}/minixen-kvm-probe.XXXXXX")
    ( timeout "$KVM_PROBE_SECONDS" "$QEMU" -machine q35 -accel kvm \
        -cpu "$model" -nodefaults -display none -no-reboot \
        -device "$DEBUG_EXIT_DEVICE" -bios "$firmware" || exit $? ) \
        >/dev/null 2>"$errors" </dev/null || status=$?
    KVM_WHY="a KVM test guest did not run"
    KVM_WHY+=" (status $status: $(head -n 1 "$errors"))"
    rm -f "$errors"
    [ "$status" -eq "$KVM_PROBE_STATUS" ]
}

# Sets ACCEL and CPU from the requested mode.
accel_choose() {
    case "$ACCEL_MODE" in
    tcg) ACCEL=tcg ;;
    kvm) $ICOUNT && die "--icount needs TCG, not KVM"
        ACCEL=kvm
        kvm_probe || note "KVM probe failed ($KVM_WHY); trying anyway" ;;
    auto)
        if $ICOUNT; then ACCEL=tcg; KVM_WHY="--icount needs TCG"
        elif kvm_probe; then ACCEL=kvm
        else ACCEL=tcg; fi ;;
    *) die "--accel must be auto, kvm or tcg (got '$ACCEL_MODE')" ;;
    esac
    if [ "$ACCEL" = kvm ]; then CPU=$KVM_CPU; else CPU=max; fi
    local why=""
    if [ "$ACCEL_MODE" = auto ] && [ "$ACCEL" = tcg ]; then
        why="; KVM unusable: $KVM_WHY"
    fi
    note "accelerator: $ACCEL, -cpu $CPU$why"
}

# QEMU splits -initrd at commas; a literal comma is written as two.
modules_join() {
    local joined="" m
    for m in "${MODULES[@]}"; do
        joined+="${joined:+,}${m//,/,,}"
    done
    printf '%s' "$joined"
}

# Checks that every file we are about to hand to QEMU exists, so a missing
# build product is reported by name rather than by a QEMU loader error.
inputs_check() {
    local m
    if [ -n "$CDROM" ]; then
        [ -f "$CDROM" ] || die "$CDROM: no such file (run make iso)"
        return
    fi
    [ -f "$KERNEL" ] || die "$KERNEL: no such file (run make)"
    for m in "${MODULES[@]}"; do
        [ -f "${m%% *}" ] || die "${m%% *}: no such file (run make)"
    done
}

QBOOT=${MINIXEN_QBOOT-/usr/share/qemu/qboot.rom}

# At a terminal (--dom0, --demo) CTRL-c and CTRL-z are dom0's, not QEMU's:
# the serial line is a stdio chardev with signals off, multiplexed with
# QEMU's monitor, so CTRL-a x quits QEMU and CTRL-a c opens the monitor
# (CTRL-a CTRL-a sends one CTRL-a to the machine).
INTERACTIVE_CONSOLE=(-chardev stdio,id=console,mux=on,signal=off
                     -serial chardev:console -mon chardev=console,mode=readline)

cmd_build() {
    local serial=(-serial "$SERIAL")
    $INTERACTIVE && [ "$SERIAL" = stdio ] && ! $GDB && serial=("${INTERACTIVE_CONSOLE[@]}")
    CMD=("$QEMU" -machine q35 -accel "$ACCEL" -cpu "$CPU" -m "$MEMORY" -smp "$SMP"
         -display none "${serial[@]}" -no-reboot
         -device "$DEBUG_EXIT_DEVICE")
    $ICOUNT && CMD+=(-icount "shift=0,sleep=off" -rtc clock=vm)
    if [ -n "$CDROM" ]; then
        CMD+=(-cdrom "$CDROM" -boot d)
    else
        # qboot: a minimal firmware shipped with QEMU that starts a
        # multiboot kernel in ~0.1 M instructions (SeaBIOS takes ~16 M).
        [ -f "$QBOOT" ] && CMD+=(-bios "$QBOOT")
        CMD+=(-kernel "$KERNEL" -append "$APPEND")
        [ "${#MODULES[@]}" -gt 0 ] && CMD+=(-initrd "$(modules_join)")
    fi
    $GDB && CMD+=(-s -S)
    CMD+=("${EXTRA[@]}")
    return 0
}

# Turns QEMU's exit status back into what the hypervisor reported.
status_explain() {
    local status=$1
    case "$status" in
    0) echo "the machine reset (triple fault?) or QEMU was stopped" ;;
    1) echo "domain 0 powered off" ;;
    3) echo "domain 0 asked for a reboot" ;;
    5) echo "domain 0 suspended" ;;
    7) echo "domain 0 crashed" ;;
    9) echo "domain 0 was stopped by its watchdog" ;;
    11) echo "domain 0 asked for a soft reset" ;;
    129) echo "the hypervisor had no domain to run" ;;
    131) echo "the hypervisor panicked" ;;
    *) echo "QEMU exit $status (unexpected)" ;;
    esac
}

# The command as one line a user can paste: words quoted only if needed.
cmd_show() {
    local word out=""
    for word in "${CMD[@]}"; do
        [[ $word =~ ^[A-Za-z0-9_./,=:+-]+$ ]] || word=${word@Q}
        out+="${out:+ }$word"
    done
    printf '%s\n' "$out"
}

gdb_hint() {
    note "QEMU is stopped at the firmware's reset vector, with a gdb stub on"
    note "port $GDB_PORT; to stop at the hypervisor's entry (start32, then"
    note "start_xen), run from the top of the tree: gdb -x scripts/minixen.gdb"
}

# Interactive runs keep this shell around to explain the exit status;
# everything else execs QEMU so signals and the status reach it directly.
run() {
    note "running: $(cmd_show)"
    $GDB && gdb_hint
    if ! $INTERACTIVE; then
        exec "${CMD[@]}"
    fi
    local status=0
    trap ':' INT
    "${CMD[@]}" || status=$?
    note "$(status_explain "$status") (exit status $status)"
    # dom0 (or the demo) powering off (1) is success for `make run`.
    $DEMO && [ "$status" -eq 1 ] && exit 0
    exit "$status"
}

parse_args() {
    while [ $# -gt 0 ]; do
        case "$1" in
        --demo) DEMO=true; INTERACTIVE=true ;;
        --dom0) DEMO=true; DOM0=true; INTERACTIVE=true ;;
        --kernel) KERNEL=${2?--kernel needs a file}; shift ;;
        --module) MODULES+=("${2?--module needs a string}"); shift ;;
        --append) APPEND=${2?--append needs a string}; shift ;;
        --cdrom) CDROM=${2?--cdrom needs a file}; shift ;;
        --serial) SERIAL=${2?--serial needs a backend}; shift ;;
        --memory) MEMORY=${2?--memory needs a size}; shift ;;
        --smp) SMP=${2?--smp needs a count}; shift ;;
        --gdb) GDB=true; INTERACTIVE=true ;;
        --icount) ICOUNT=true ;;
        --accel) ACCEL_MODE=${2?--accel needs a mode}; ACCEL_SET=true; shift ;;
        --dry-run) DRY_RUN=true ;;
        --probe-kvm) PROBE_ONLY=true ;;
        -h|--help) usage; exit 0 ;;
        --) shift; EXTRA+=("$@"); break ;;
        *) usage >&2; die "unknown option '$1'" ;;
        esac
        shift
    done
}

main() {
    DEMO=false DOM0=false GDB=false ICOUNT=false DRY_RUN=false PROBE_ONLY=false
    INTERACTIVE=false ACCEL_SET=false
    KERNEL=$BUILD/minixen APPEND=$DEFAULT_APPEND CDROM="" SERIAL=stdio
    MEMORY=$DEFAULT_MEMORY ACCEL_MODE=auto SMP=1
    KVM_WHY="" KVM_CPU=${KVM_CPU_MODELS[0]}
    MODULES=() EXTRA=()
    parse_args "$@"
    if $PROBE_ONLY; then
        kvm_probe && { note "KVM can run guests (-cpu $KVM_CPU)"; exit 0; }
        note "KVM unusable: $KVM_WHY"; exit 1
    fi
    $DOM0 && [ "${#MODULES[@]}" -eq 0 ] &&
        MODULES=("$BUILD/dom0/kernel.elf" "$BUILD/dom0/rootfs.cpio")
    $DEMO && [ "${#MODULES[@]}" -eq 0 ] && MODULES=("$BUILD/guests/demo.elf")
    # gdb's breakpoints and single steps behave most predictably under
    # TCG (KVM needs hardware breakpoints before paging is on); an
    # explicit --accel kvm still wins.
    $GDB && ! $ACCEL_SET && ACCEL_MODE=tcg
    accel_choose
    cmd_build
    if $DRY_RUN; then cmd_show; exit 0; fi
    inputs_check
    run
}

main "$@"
