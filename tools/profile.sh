#!/bin/sh
# profile.sh BENCHMARK [TOP]: where the instructions of one osbench row go.
#
# Boots build/kernel.elf in the benchmark's icount mode (tools/bench.sh)
# with init=/bin/osbench BENCHMARK and the QEMU plugin tools/qprof.c, which
# counts guest instructions per translated block inside osbench's timed
# runs (from measure() to the next line()).  Prints the TOP (default 30)
# functions by instructions executed, kernel and user, with their share.
# Multiply a share by the row's cycles per operation for instructions per
# operation.  Output also in build/bench/profile-BENCHMARK.txt.
set -u
cd "$(dirname "$0")/.." || exit 2

if [ $# -lt 1 ]; then
    echo "usage: $0 BENCHMARK [TOP]" >&2
    exit 2
fi
name=$1 top=${2:-30}
OUT=build/bench
mkdir -p "$OUT" build/tools || exit 2

gcc -O2 -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden \
    -o build/tools/qprof.so tools/qprof.c || exit 1

addr() { nm build/bin/osbench | awk -v s="$1" '$3 == s { print "0x" $1 }'; }
start=$(addr measure) stop=$(addr line)
if [ -z "$start" ] || [ -z "$stop" ]; then
    echo "profile.sh: no measure/line in build/bin/osbench (run make first)" >&2
    exit 1
fi

raw=$OUT/profile-$name.raw
rm -f "$raw"
timeout -k 10 1200 qemu-system-x86_64 -M pc -accel tcg -cpu max \
    -icount shift=0,sleep=off -m 256M -display none -no-reboot -net none \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -plugin "build/tools/qprof.so,start=$start,stop=$stop,out=$raw" \
    -serial "file:$OUT/profile-$name.log" \
    -kernel build/kernel.elf -initrd build/initrd.cpio \
    -append "init=/bin/osbench $name" < /dev/null
grep -a "^BENCH $name " "$OUT/profile-$name.log" >&2
[ -s "$raw" ] || { echo "profile.sh: no profile (see $OUT/profile-$name.log)" >&2; exit 1; }

# Symbols of the kernel and of osbench (user addresses are osbench's: the
# child of fork_exec runs exit0, whose few blocks show as osbench's).
{
    nm -n build/kernel.elf | awk '$2 ~ /^[tTwW]$/ { print $1, "k", $3 }'
    nm -n build/bin/osbench | awk '$2 ~ /^[tTwW]$/ { print $1, "u", $3 }'
} | sort -k 1,1 > "$OUT/profile.syms"

awk '
# Addresses are compared as 16-digit lower-case hex strings: awk numbers
# are doubles, too coarse for 64-bit addresses.
function pad(s) { s = tolower(s); while (length(s) < 16) s = "0" s; return s }
NR == FNR { sa[ns] = pad($1); sn[ns] = ($2 == "k" ? "" : "[user] ") $3; ns++; next }
{
    a = pad($1)
    lo = 0; hi = ns - 1; f = -1
    while (lo <= hi) {
        mid = int((lo + hi) / 2)
        if (sa[mid] "" <= a "") { f = mid; lo = mid + 1 } else hi = mid - 1
    }
    fn = f < 0 || a "" < "0000000000400000" ? "?" : sn[f]
    cnt[fn] += $2
    total += $2
}
END {
    for (k in cnt) printf "%d %s\n", cnt[k], k
    printf "%d TOTAL\n", total
}' "$OUT/profile.syms" "$raw" | sort -rn > "$OUT/profile-$name.sorted"

total=$(awk '$2 == "TOTAL" { print $1 }' "$OUT/profile-$name.sorted")
{
    echo "instructions in the timed runs of $name: $total"
    grep -v ' TOTAL$' "$OUT/profile-$name.sorted" | head -n "$top" |
        awk -v t="$total" '{ n = $1; $1 = ""; printf "%6.2f%%  %12d %s\n", 100 * n / t, n, $0 }'
} | tee "$OUT/profile-$name.txt"
