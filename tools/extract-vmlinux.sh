#!/bin/sh
# extract-vmlinux.sh VMLINUZ OUT
#
# Writes the uncompressed kernel ELF (vmlinux) held inside a bzImage
# (/boot/vmlinuz-*).  A bzImage is a small decompressor followed by the
# compressed kernel; QEMU can boot the ELF through its PVH entry point with
# -kernel, which skips the decompressor and with it tens of millions of
# guest instructions (tools/bench.sh).
#
# How: look for the magic bytes of each compression format the kernel
# supports, and at each place one occurs, try to decompress from there; the
# first result that is an ELF file is the kernel.  Decompressors complain
# about what follows the stream (the rest of the bzImage): only the output is
# judged, never their exit status.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 VMLINUZ OUT" >&2
    exit 2
fi
in=$1 out=$2
[ -r "$in" ] || { echo "extract-vmlinux.sh: cannot read $in" >&2; exit 1; }

export LC_ALL=C         # byte-wise grep, whatever the locale

# is_elf FILE: the file starts with \177ELF.
is_elf() {
    [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]
}

# try MAGIC DECOMPRESSOR...: every offset of MAGIC (a grep -P pattern).
try() {
    magic=$1
    shift
    command -v "$1" > /dev/null 2>&1 || return 1
    # shellcheck disable=SC2013  # byte offsets: one number a word
    for off in $(grep -obUaP "$magic" "$in" | cut -d: -f1); do
        tail -c "+$((off + 1))" "$in" | "$@" > "$out.tmp" 2> /dev/null
        if [ -s "$out.tmp" ] && is_elf "$out.tmp"; then
            mv "$out.tmp" "$out"
            return 0
        fi
    done
    rm -f "$out.tmp"
    return 1
}

try '\xfd7zXZ\x00'       xz -dc --single-stream ||
try '\x1f\x8b\x08'       gzip -dc ||
try '\x28\xb5\x2f\xfd'   zstd -dc ||
try '\x02\x21\x4c\x18'   lz4 -dc ||
try 'BZh'                bzip2 -dc ||
try '\x5d\x00\x00\x00'   unlzma -c ||
try '\x89\x4c\x5a\x4f'   lzop -dc || {
    echo "extract-vmlinux.sh: no compressed ELF kernel found in $in" >&2
    exit 1
}
