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
#   3  QEMU stopped without the kernel powering off (reset, triple fault
#      or Ctrl-A X: QEMU status 0)
#   anything else: QEMU's own status (124 from timeout(1)).
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

# shellcheck disable=SC2086  # $accel is two options
set -- -M "$MACHINE" $accel -m "$MEM" \
    -display none -no-reboot \
    -serial mon:stdio \
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
0)  # The kernel never makes QEMU exit with 0: this is a reset (a triple
    # fault, with -no-reboot) or Ctrl-A X.  Unattended, that is a failure.
    echo "qemu.sh: QEMU stopped without a kernel power-off (reset, triple fault or Ctrl-A X)" >&2
    exit 3 ;;
*)  echo "qemu.sh: QEMU exited with status $status" >&2
    exit "$status" ;;
esac
