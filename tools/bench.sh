#!/bin/sh
# bench.sh aurora|linux|compare: the benchmark of shared/spec/BENCH.md.
#
#   aurora   boot build/kernel.elf with init=/bin/osbench (make bench)
#   linux    boot Debian's kernel (package linux-image-amd64) with a tiny
#            initramfs whose /init is the same osbench.c, built as a static
#            Linux program (make bench-linux)
#   compare  both (in parallel: each QEMU uses one host core), then one
#            table (make bench-compare)
#
# Both kernels boot in the same QEMU, the same way: -M pc, 256 MiB, PVH
# direct boot with -kernel (Linux's uncompressed vmlinux, extracted by
# tools/extract-vmlinux.sh, so that no decompressor runs), serial console.
# The first line printed names the mode:
#   icount (default)  TCG, -cpu max -icount shift=0,sleep=off: the TSC counts
#                     instructions, every figure is exact and repeatable
#   kvm (KVM=1)       -enable-kvm -cpu host: real time, on hosts with
#                     hardware virtualization
# Then the guest's BENCH lines.  Logs: build/bench/.
#
# Environment:
#   KVM=1          the kvm mode
#   BENCH_ARGS     arguments for osbench (e.g. "null yield": only those rows)
#   LINUX_LIBC     musl (default) or glibc: the C library of the Linux build
#   LINUX_VMLINUZ  the kernel image to extract (default: the newest
#                  /boot/vmlinuz-*)
#   BENCH_TIMEOUT  seconds a guest may run (default 1200)
#
# Exit status: 0 when every row printed a value, 1 otherwise.
set -u
cd "$(dirname "$0")/.." || exit 2

OUT=build/bench
MACHINE=${MACHINE:-pc}
MEM=256M
BENCH_ARGS=${BENCH_ARGS:-}
LINUX_LIBC=${LINUX_LIBC:-musl}
TIMEOUT=${BENCH_TIMEOUT:-1200}
QEMU=qemu-system-x86_64

if [ "${KVM:-0}" = 1 ]; then
    MODE=kvm
    ACCEL="-enable-kvm -cpu host"
else
    MODE=icount
    ACCEL="-accel tcg -cpu max -icount shift=0,sleep=off"
fi

mkdir -p "$OUT" || exit 2

say() { echo "bench.sh: $*" >&2; }

mode_line() {
    echo "BENCH mode $MODE"
}

# boot NAME KERNEL INITRD APPEND: one guest; the console goes to
# $OUT/NAME.log, its BENCH lines to $OUT/NAME.bench.  Fails unless the run
# ended with "BENCH done".
boot() {
    b_name=$1 b_kernel=$2 b_initrd=$3 b_append=$4
    # shellcheck disable=SC2086  # $ACCEL is a list of options
    timeout -k 10 "$TIMEOUT" "$QEMU" -M "$MACHINE" $ACCEL -m "$MEM" \
        -display none -no-reboot -net none \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -serial "file:$OUT/$b_name.raw" \
        -kernel "$b_kernel" -initrd "$b_initrd" -append "$b_append" \
        < /dev/null > "$OUT/$b_name.qemu-stderr" 2>&1
    b_status=$?
    tr -d '\r' < "$OUT/$b_name.raw" > "$OUT/$b_name.log" 2> /dev/null
    rm -f "$OUT/$b_name.raw"
    grep -a '^BENCH ' "$OUT/$b_name.log" > "$OUT/$b_name.bench"
    if ! grep -q '^BENCH done$' "$OUT/$b_name.bench"; then
        say "$b_name: no 'BENCH done' (QEMU status $b_status); the end of $OUT/$b_name.log:"
        tail -n 20 "$OUT/$b_name.log" | sed 's/^/    | /' >&2
        [ -s "$OUT/$b_name.qemu-stderr" ] && sed 's/^/    | /' "$OUT/$b_name.qemu-stderr" >&2
        return 1
    fi
    return 0
}

# errors NAME: complain about rows that printed "-1 error"; fails if any.
errors() {
    e_rows=$(awk '$3 == "-1" && $4 == "error" { printf " %s", $2 }' "$OUT/$1.bench")
    if [ -n "$e_rows" ]; then
        say "$1: failed rows:$e_rows (see $OUT/$1.log)"
        return 1
    fi
    return 0
}

# ---- Aurora -------------------------------------------------------------------

aurora_version() {
    v=$(sed -n 's/^#define KERNEL_VERSION "\(.*\)"/\1/p' kernel/src/version.h)
    c=$(git describe --always --dirty 2>/dev/null || echo unknown)
    echo "Aurora $v ($c)"
}

run_aurora() {
    for f in build/kernel.elf build/initrd.cpio; do
        [ -f "$f" ] || { say "$f is missing: run make first"; return 1; }
    done
    say "aurora: $(aurora_version), $MODE mode"
    boot aurora build/kernel.elf build/initrd.cpio "init=/bin/osbench $BENCH_ARGS"
}

# ---- Linux --------------------------------------------------------------------

LDIR=$OUT/linux

linux_vmlinuz() {
    if [ -n "${LINUX_VMLINUZ:-}" ]; then
        echo "$LINUX_VMLINUZ"
    else
        # shellcheck disable=SC2012  # names like vmlinuz-6.1.0-56-amd64
        ls -v /boot/vmlinuz-* 2>/dev/null | tail -n 1
    fi
}

# The kernel's own banner, e.g. "Linux version 6.1.0-56-amd64 (...) #1 SMP
# PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)", shortened.
linux_version() {
    grep -a -m 1 -o 'Linux version [^ ]*' "$LDIR/vmlinux" | head -n 1 |
        sed 's/^Linux version //' | tr -d '\n'
    grep -a -m 1 -o '#[0-9]* SMP[A-Z_ ]* Debian [^ ]*' "$LDIR/vmlinux" | head -n 1 |
        sed 's/.* Debian \(.*\)/ (Debian \1)/'
}

# Everything the Linux guest needs, rebuilt when its inputs change.
prepare_linux() {
    sh tools/deps.sh bench-linux || return 1
    mkdir -p "$LDIR" || return 1
    vmlinuz=$(linux_vmlinuz)
    if [ -z "$vmlinuz" ] || [ ! -f "$vmlinuz" ]; then
        say "no /boot/vmlinuz-* (package linux-image-amd64)"
        return 1
    fi
    # Extracted again when the image (its name or size) changes.
    from="$vmlinuz $(wc -c < "$vmlinuz")"
    if [ ! -f "$LDIR/vmlinux" ] || [ "$(cat "$LDIR/vmlinux.from" 2>/dev/null)" != "$from" ]; then
        say "extracting vmlinux from $vmlinuz"
        sh tools/extract-vmlinux.sh "$vmlinuz" "$LDIR/vmlinux" || return 1
        echo "$from" > "$LDIR/vmlinux.from"
    fi
    case $LINUX_LIBC in
    musl)  lcc=musl-gcc ;;
    glibc) lcc=gcc ;;
    *)     say "LINUX_LIBC is musl or glibc, not $LINUX_LIBC"; return 1 ;;
    esac
    # The same warnings as our own build; -static, no PIE: like ours.
    bin=$LDIR/$LINUX_LIBC
    mkdir -p "$bin" || return 1
    for p in osbench exit0; do
        $lcc -static -no-pie -O2 -Wall -Wextra -Werror -o "$bin/$p" "user/$p.c" || return 1
    done
    # /init is osbench itself (so it reads the TSC first thing in pid 1);
    # busybox is there for a look around by hand: boot the same files with
    # "rdinit=/bin/busybox -- sh", then "/bin/busybox --install -s /bin".
    [ -x build/tools/mkinitrd ] || make -s build/tools/mkinitrd || return 1
    build/tools/mkinitrd "$bin/initramfs.cpio" /init="$bin/osbench" \
        /bin/exit0="$bin/exit0" /bin/busybox=/bin/busybox || return 1
}

run_linux() {
    [ "${LINUX_READY:-0}" = 1 ] || prepare_linux || return 1
    say "linux: $(linux_version), osbench built with $LINUX_LIBC, $MODE mode"
    # Words without "=" after "--" are pid 1's arguments.
    boot linux "$LDIR/vmlinux" "$LDIR/$LINUX_LIBC/initramfs.cpio" \
        "console=ttyS0 quiet panic=-1 -- $BENCH_ARGS"
}

# ---- the table ----------------------------------------------------------------

# table AURORA.bench LINUX.bench: markdown, one row per benchmark.  Ratio is
# ours / Linux, except for bandwidth (MB/s): Linux / ours; lower is better.
# Linux's boot_to_init is estimated: its reset_to_init less the firmware
# time measured on our kernel (reset_to_init - boot_to_init), the same
# firmware and loader in the same machine.
table() {
    awk '
    FNR == 1 { file++ }
    $1 == "BENCH" && $2 != "done" && $2 != "mode" {
        if (!($2 in seen)) { seen[$2] = 1; order[n++] = $2 }
        unit[$2] = $4
        if (file == 1) a[$2] = $3; else l[$2] = $3
    }
    function num(v) { return v != "" && v != "-1" }
    function show(v) { return v == "" ? "-" : (v == "-1" ? "error" : v) }
    END {
        if (num(a["reset_to_init"]) && num(a["boot_to_init"]) && num(l["reset_to_init"]) && !num(l["boot_to_init"])) {
            fw = a["reset_to_init"] - a["boot_to_init"]
            l["boot_to_init"] = sprintf("%.3f", l["reset_to_init"] - fw)
            est = 1
        }
        print "| benchmark | unit | Aurora | Linux | ratio |"
        print "|---|---|---:|---:|---:|"
        for (i = 0; i < n; i++) {
            k = order[i]
            r = "-"
            if (k != "tsc_mhz" && k != "reset_to_init" && num(a[k]) && num(l[k]) && a[k] > 0 && l[k] > 0)
                r = sprintf("%.2f", unit[k] == "MB/s" ? l[k] / a[k] : a[k] / l[k])
            lv = show(l[k])
            if (k == "boot_to_init" && est) lv = "~" lv " (est.)"
            printf "| %s | %s | %s | %s | %s |\n", k, unit[k], show(a[k]), lv, r
        }
    }' "$1" "$2"
}

host_cpu() {
    sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1
}

run_compare() {
    rm -f "$OUT/aurora.bench" "$OUT/linux.bench"
    prepare_linux || return 1
    LINUX_READY=1
    run_aurora > "$OUT/compare-aurora.out" 2>&1 &
    pa=$!
    run_linux > "$OUT/compare-linux.out" 2>&1 &
    pl=$!
    wait $pa; sa=$?
    wait $pl; sl=$?
    cat "$OUT/compare-aurora.out" "$OUT/compare-linux.out" >&2
    [ -f "$OUT/aurora.bench" ] || : > "$OUT/aurora.bench"
    [ -f "$OUT/linux.bench" ] || : > "$OUT/linux.bench"
    mode_line
    echo
    echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); host CPU: $(host_cpu);" \
         "QEMU: $($QEMU --version | head -n 1 | sed 's/QEMU emulator version //')"
    echo "Mode: $MODE ($ACCEL), -M $MACHINE, -m $MEM."
    echo "Aurora: $(aurora_version). Linux: $(linux_version), osbench built with $LINUX_LIBC (static)."
    echo
    table "$OUT/aurora.bench" "$OUT/linux.bench"
    [ $sa = 0 ] && [ $sl = 0 ] && errors aurora && errors linux
}

case ${1-} in
aurora)
    mode_line
    run_aurora || exit 1
    grep -v '^BENCH mode ' "$OUT/aurora.bench"
    errors aurora
    ;;
linux)
    mode_line
    run_linux || exit 1
    grep -v '^BENCH mode ' "$OUT/linux.bench"
    errors linux
    ;;
compare)
    run_compare
    ;;
*)
    echo "usage: $0 aurora|linux|compare" >&2
    exit 2
    ;;
esac
