#!/bin/sh
# deps.sh [bench-linux]: check that the build and test tools are installed
# (Debian 12).  Silent when everything is there.  Otherwise, as root,
# installs the missing packages with apt-get; as anyone else, prints the
# command and fails.
#
# bench-linux: also what `make bench-linux` needs (tools/bench.sh): Debian's
# kernel, a static busybox and musl for the static Linux build of osbench.
set -u
extra=${1-}

missing=   # package names
what=      # what was missing, for the message

need() {   # need PACKAGE THING   (THING missing)
    case " $missing " in *" $1 "*) ;; *) missing="${missing:+$missing }$1" ;; esac
    what="${what:+$what, }$2"
}
cmd() {    # cmd PROGRAM PACKAGE
    command -v "$1" >/dev/null 2>&1 || need "$2" "$1"
}
dir() {    # dir PATH PACKAGE
    [ -d "$1" ] || need "$2" "$1"
}

check() {
    missing='' what=''
    cmd gcc gcc
    cmd ld binutils
    cmd ar binutils
    cmd nm binutils
    cmd make make
    cmd cmp diffutils
    cmd python3 python3          # tests/session.py drives the shell session
    cmd qemu-system-x86_64 qemu-system-x86
    cmd grub-mkrescue grub-common
    cmd xorriso xorriso
    cmd mformat mtools
    dir /usr/lib/grub/i386-pc grub-pc-bin
    dir /usr/lib/grub/x86_64-efi grub-efi-amd64-bin
    if [ ! -f /usr/share/OVMF/OVMF_CODE.fd ] && [ ! -f /usr/share/ovmf/OVMF.fd ]; then
        need ovmf "OVMF firmware"
    fi
    if [ "$extra" = bench-linux ]; then
        cmd musl-gcc musl-tools
        cmd xz xz-utils
        # The busybox package is a dynamic one; the initramfs needs the
        # static build (no program interpreter).
        if [ ! -x /bin/busybox ] || readelf -l /bin/busybox 2>/dev/null | grep -q INTERP; then
            need busybox-static "a static /bin/busybox"
        fi
        if ! ls /boot/vmlinuz-* > /dev/null 2>&1; then
            need linux-image-amd64 "Debian's kernel (/boot/vmlinuz-*)"
        fi
    fi
}

check
[ -z "$missing" ] && exit 0

install="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $missing"
echo "deps.sh: missing: $what" >&2
if [ "$(id -u)" != 0 ]; then
    echo "deps.sh: install them (as root) with:" >&2
    echo "    $install" >&2
    exit 1
fi

echo "deps.sh: $install" >&2
# shellcheck disable=SC2086  # one word per package
if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $missing; }; then
    echo "deps.sh: package installation failed" >&2
    exit 1
fi
check
if [ -n "$missing" ]; then
    echo "deps.sh: still missing after installation: $what" >&2
    exit 1
fi
