#!/bin/sh
# qemu.sh MODE KERNEL INITRD APPEND
#
# Boot the kernel directly (PVH entry point) with the console (COM1) on this
# terminal.  Ctrl-A X quits, Ctrl-A C switches to the QEMU monitor.
#
#   MODE   run    boot
#          debug  boot, but QEMU waits for GDB on :1234 (gdb -x tools/gdbinit)
#
# Environment:
#   MACHINE     QEMU machine type (default microvm)
#   MEM         guest memory (default 256M)
#   KVM=1       use KVM (-enable-kvm -cpu host) instead of TCG
#   QEMU_EXTRA  extra QEMU arguments (split on spaces)
#
# Exit status, from the kernel's isa-debug-exit protocol:
#   0  pid 1 exited with 0          (QEMU status 1)
#   1  pid 1 exited non-zero        (QEMU status 3)
#   2  kernel panic                 (QEMU status 5)
# and, when QEMU exits with status 0, from the console log:
#   0  the kernel powered the machine off: reboot(REBOOT_POWEROFF), an
#      ACPI S5 (the log's last "aurora: ..." line is "aurora: power off")
#   4  the kernel restarted it: reboot(REBOOT_RESTART) (last line
#      "aurora: restart"; with -no-reboot a reset stops QEMU)
#   3  QEMU stopped without either (a triple fault or other reset the
#      kernel did not ask for, or Ctrl-A X)
#   anything else: QEMU's own status (124 from timeout(1)).
# QEMU exits with status 0 after a power-off and after a reset alike, so
# the kernel's own last words are what tells them apart: it prints those
# lines just before.  The console is logged to a temporary file for that
# (QEMU_LOG=FILE keeps it there instead).
set -uf   # -f: QEMU_EXTRA is word-split below, never globbed

usage() {
    echo "usage: $0 run|debug KERNEL INITRD [APPEND]" >&2
    exit 2
}

if [ $# -lt 3 ] || [ $# -gt 4 ]; then usage; fi
mode=$1 kernel=$2 initrd=$3 append=${4-}
case $mode in run|debug) ;; *) usage ;; esac

for f in "$kernel" "$initrd"; do
    if [ ! -f "$f" ]; then
        echo "qemu.sh: $f not found (run make first)" >&2
        exit 2
    fi
done

QEMU=${QEMU:-qemu-system-x86_64}
MACHINE=${MACHINE:-microvm}
MEM=${MEM:-256M}
KVM=${KVM:-0}
QEMU_EXTRA=${QEMU_EXTRA:-}

if [ "$KVM" = 1 ]; then
    accel="-enable-kvm -cpu host"
else
    accel="-accel tcg -cpu max"
fi

# The console log (see the exit statuses above).  QEMU's option syntax
# cannot take a comma in a file name.
if [ -n "${QEMU_LOG:-}" ]; then
    log=$QEMU_LOG
    : > "$log" || exit 2
else
    tmpdir=${TMPDIR:-/tmp}
    case $tmpdir in *,*) tmpdir=/tmp ;; esac
    log=$(mktemp "$tmpdir/aurora-console.XXXXXX") || exit 2
    trap 'rm -f "$log"' EXIT
    trap 'exit 130' HUP INT TERM
fi
case $log in
*,*) echo "qemu.sh: QEMU_LOG must not contain a comma" >&2; exit 2 ;;
esac

# The console is "-serial mon:stdio" spelled out, to add the log file:
# COM1 and the monitor share this terminal, Ctrl-A C switches.  signal=off:
# Ctrl-C, Ctrl-Z and Ctrl-\ are keys for the guest (its shell's job
# control), not signals that stop or kill QEMU; Ctrl-A X quits.
# shellcheck disable=SC2086  # $accel is two options
set -- -M "$MACHINE" $accel -m "$MEM" \
    -display none -no-reboot \
    -chardev "stdio,id=con,mux=on,signal=off,logfile=$log" \
    -serial chardev:con -mon chardev=con,mode=readline \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -kernel "$kernel" -initrd "$initrd" -append "$append"

if [ "$mode" = debug ]; then
    set -- "$@" -s -S
    {
        echo "qemu.sh: QEMU is waiting for GDB on localhost:1234."
        echo "qemu.sh: in another terminal, from the repository root, run:"
        echo "             gdb -x tools/gdbinit"
        echo "qemu.sh: (Ctrl-A X here quits QEMU)"
    } >&2
fi

# shellcheck disable=SC2086  # QEMU_EXTRA is split on purpose
"$QEMU" "$@" $QEMU_EXTRA
status=$?

case $status in
1)  exit 0 ;;
3)  echo "qemu.sh: pid 1 exited with a non-zero status" >&2
    exit 1 ;;
5)  echo "qemu.sh: kernel panic" >&2
    exit 2 ;;
0)  # A power-off, a reset (with -no-reboot) or Ctrl-A X: the kernel's
    # last "aurora:" line says which it asked for, if any.
    last=$(tr -d '\r' < "$log" | grep -a -e '^aurora: power off$' -e '^aurora: restart$' | tail -n 1)
    case $last in
    "aurora: power off")
        exit 0 ;;
    "aurora: restart")
        echo "qemu.sh: the kernel restarted the machine (QEMU runs with -no-reboot)" >&2
        exit 4 ;;
    esac
    echo "qemu.sh: QEMU stopped without a kernel power-off (reset, triple fault or Ctrl-A X)" >&2
    exit 3 ;;
*)  echo "qemu.sh: QEMU exited with status $status" >&2
    exit "$status" ;;
esac
