#!/bin/sh
# mkiso.sh KERNEL INITRD OUT.iso [APPEND]
#
# Build a GRUB rescue ISO (BIOS i386-pc and UEFI x86_64-efi) that loads
# KERNEL with Multiboot2 and INITRD as a module, with the kernel command
# line APPEND.  GRUB's own console is on the serial port as well.
set -eu

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
    echo "usage: $0 KERNEL INITRD OUT.iso [APPEND]" >&2
    exit 2
fi
kernel=$1 initrd=$2 out=$3 append=${4-}

for f in "$kernel" "$initrd"; do
    if [ ! -f "$f" ]; then
        echo "mkiso.sh: $f not found" >&2
        exit 1
    fi
done
for p in i386-pc x86_64-efi; do
    if [ ! -d "/usr/lib/grub/$p" ]; then
        echo "mkiso.sh: /usr/lib/grub/$p missing (run make deps)" >&2
        exit 1
    fi
done

# Work in a temporary directory next to the output (under build/).
outdir=$(dirname -- "$out")
mkdir -p -- "$outdir"
tmp=$(mktemp -d "$outdir/iso.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

root=$tmp/root
mkdir -p "$root/boot/grub"
cp -- "$kernel" "$root/boot/kernel.elf"
cp -- "$initrd" "$root/boot/initrd.cpio"

# Kernel command line words go into grub.cfg single-quoted, so that GRUB's
# script parser leaves them alone ($, ;, # ...).  A single quote itself
# becomes '\''.
cmdline=
set -f
for w in $append; do
    q=$(printf '%s\n' "$w" | sed "s/'/'\\\\''/g")
    cmdline="$cmdline '$q'"
done
set +f

cat > "$root/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
set gfxpayload=keep
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console

menuentry "Aurora" {
    insmod multiboot2
    multiboot2 /boot/kernel.elf$cmdline
    module2 /boot/initrd.cpio initrd
    boot
    # Only reached if loading or booting failed: power off rather than
    # wait at GRUB's menu for a key press (tests would hang until timeout).
    echo "GRUB: booting the kernel failed; powering off"
    halt
}
CFG

# grub-mkrescue picks up every platform installed under /usr/lib/grub
# (i386-pc and x86_64-efi here).  It is chatty: show its output only on
# failure.
if ! grub-mkrescue -o "$tmp/out.iso" "$root" > "$tmp/log" 2>&1; then
    cat "$tmp/log" >&2
    echo "mkiso.sh: grub-mkrescue failed" >&2
    exit 1
fi
mv -f -- "$tmp/out.iso" "$out"
echo "  ISO     $out"
